"""Checking published claims ("the H20 has 7.5% of an H200's performance") against the catalog.

A :class:`ChipClaim` states a ratio between two accelerators (or an amount for one) without
saying which figures it was read from. :func:`check_claim` tries every sensible reading of the
catalog: each precision dense against dense and sparse against sparse, the mixed readings (dense
against 2:4-sparse, one precision against another), memory capacity and bandwidth, scale-up
bandwidth, TDP and performance per watt, with the spread of disputed catalog values. It reports
which readings reproduce the number, whether each is like for like, the like-for-like figures
for the main metrics, and a :class:`Verdict`.

Examples
--------
>>> from accelspec.claims import ChipClaim
>>> check = ChipClaim.percent_of("H20", "H200", 7.5).check()
>>> check.verdict.value
'misleading'
>>> print(check.matching[0].reason)
NVIDIA H20 dense BF16 vs NVIDIA H200 SXM 2:4-sparse BF16 (dense vs 2:4-sparse)
>>> round(check.fair_figure("bf16").value, 3)
0.15
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.claims.model import ChipClaim, Verdict, _name, _span
from accelspec.claims.readings import (
    MAIN_KEYS,
    PROVIDERS,
    NotEvaluable,
    Reading,
    ReadingProvider,
    amount_readings,
    ratio_readings,
    same_figure,
)
from accelspec.errors import AccelspecError, ClaimError, MissingSpecError, UnknownAcceleratorError
from accelspec.spec import Accelerator

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "ClaimCheck",
    "check_claim",
]


@attrs.frozen
class ClaimCheck:
    """The result of :func:`check_claim`; ``print()`` shows the explanation.

    Attributes
    ----------
    claim : ChipClaim
    verdict : Verdict
    summary : str
        One sentence saying why.
    tolerance : float
        Relative tolerance used.
    readings : tuple of Reading
        Every reading evaluated, matching ones first (like for like first among them).
    fair : tuple of Reading
        Like-for-like readings of the main metrics (BF16, FP16, FP8 dense, memory bandwidth and
        capacity) and of the metric the claim names: the fair numbers.
    not_evaluable : tuple of NotEvaluable
        Readings skipped because a chip does not disclose a figure (never taken as zero).
    unknown : tuple of str
        Names the catalog does not hold (the verdict is then ``unverifiable``).
    """

    claim: ChipClaim
    verdict: Verdict
    summary: str
    tolerance: float
    readings: tuple[Reading, ...]
    fair: tuple[Reading, ...]
    not_evaluable: tuple[NotEvaluable, ...]
    unknown: tuple[str, ...] = ()

    @property
    def matching(self) -> tuple[Reading, ...]:
        """Readings that reproduce the claim, like for like first, closest first."""
        return tuple(r for r in self.readings if r.matches)

    def fair_figure(self, key: str) -> Reading:
        """The like-for-like reading of figure ``key`` (``"bf16"``, ``"memory.bandwidth"``).

        Raises
        ------
        MissingSpecError
            If no such reading could be made (a chip lacks the figure, or an amount has
            another dimension).
        """
        for r in self.readings:
            if same_figure(r, key):
                return r
        who = _name(self.claim.subject) + (
            f" / {_name(self.claim.object)}" if self.claim.object is not None else "")
        raise MissingSpecError(who, key, "no like-for-like reading could be made")

    @property
    def explanation(self) -> str:
        """A short plain-language report: verdict, matching readings, fair figures, gaps."""
        lines = [f"Claim: {self.claim.describe()}" + (
            "" if self.claim.metric else " [metric not stated]"),
            f"Verdict: {self.verdict.value.upper()} - {self.summary}"]
        match = self.matching
        if match:
            lines.append(f"Readings that reproduce it (within {self.tolerance:.0%}):")
            for r in match[:8]:
                tag = "like for like" if r.like_for_like else "NOT like for like"
                lines.append(f"  {r.figure():<28} {tag}: {r.reason}")
            if len(match) > 8:
                lines.append(f"  ... and {len(match) - 8} more")
        if self.fair:
            lines.append("Like-for-like figures:")
            for r in self.fair:
                lines.append(f"  {r.subject.label + ('' if r.object is None else ' ratio'):<28} "
                             f"{r.figure()}")
        if self.not_evaluable:
            lines.append("Not evaluable:")
            for n in self.not_evaluable[:6]:
                lines.append(f"  {n.what}: {n.reason}")
            if len(self.not_evaluable) > 6:
                lines.append(f"  ... and {len(self.not_evaluable) - 6} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explanation

    def __repr__(self) -> str:
        from accelspec.formatting import shorten

        return (f"<ClaimCheck {self.verdict.value}: {shorten(self.claim.describe(), 60)}; "
                f"{len(self.matching)} of {len(self.readings)} readings match>")

    def _repr_html_(self) -> str:
        from accelspec.formatting import html_record

        rows = [("verdict", f"{self.verdict.value}: {self.summary}")]
        rows += [(f"matches: {r.figure()}", ("like for like" if r.like_for_like else "NOT like for like")
                  + f": {r.reason}") for r in self.matching[:8]]
        rows += [(f"fair: {r.subject.label}" + ("" if r.object is None else " ratio"), r.figure())
                 for r in self.fair]
        rows += [(f"not evaluable: {n.what}", n.reason) for n in self.not_evaluable[:6]]
        notes = [f"Tolerance {self.tolerance:.0%}. Like for like: same precision, density (dense or "
                 "2:4-sparse) and scope on both sides; missing figures are never taken as zero."]
        return html_record(f"Claim: {self.claim.describe()}", rows, notes)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: verdict, summary, matching and fair readings, gaps, explanation."""
        return {"claim": self.claim.to_dict(), "verdict": self.verdict.value,
                "summary": self.summary, "tolerance": self.tolerance,
                "unknown": list(self.unknown),
                "matching": [r.to_dict() for r in self.matching],
                "fair": [r.to_dict() for r in self.fair],
                "not_evaluable": [{"what": n.what, "reason": n.reason} for n in self.not_evaluable],
                "readings_evaluated": len(self.readings), "explanation": self.explanation}

    def to_json(self, **kwargs: Any) -> str:
        """JSON text of :meth:`to_dict` (non-ASCII kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


def _fair(readings: Sequence[Reading], metric: str | None) -> tuple[Reading, ...]:
    main = [r for k in MAIN_KEYS for r in readings if same_figure(r, k)]
    named = [r for r in readings if metric and r.like_for_like and r not in main]
    return tuple(main + named)


#: Reading groups a claim naming no metric is read from: performance, compute-bound (peak
#: compute at like precision) or bandwidth-bound (memory bandwidth); never capacity, TDP or
#: performance per watt.
_PERFORMANCE = ("compute", "memory.bandwidth")
_BANDWIDTH = ("memory.bandwidth",)


def _disputed_sources(r: Reading, resolved: Sequence[Accelerator]) -> str:
    """Where the non-chosen values behind reading ``r`` come from: 'WinBuzzer: 300 PFLOP/s'."""
    from accelspec.fields import parse_compute_field

    out: list[str] = []
    for acc, term in zip(resolved, (r.subject, r.object)):
        if term is None:
            continue
        field = term.key
        if term.group == "compute":
            try:
                field = parse_compute_field(term.key).name
            except AccelspecError:  # pragma: no cover - compute keys always parse
                continue
        try:
            chosen = acc.value(field)
        except AccelspecError:
            continue
        for c in acc.claims(field):
            if c.value != chosen:
                who = c.source.publisher or c.source.title or c.source.id
                note = f"{who} ({acc.name}: {c.stated})"
                if note not in out:
                    out.append(note)
    return "; ".join(out[:3])


def _verdict(claim: ChipClaim, readings: Sequence[Reading],
             resolved: Sequence[Accelerator] = ()) -> tuple[Verdict, str]:
    if claim.ratio is not None:
        target = f"the ratio {_span(*claim.ratio)}"
    else:
        target = claim.stated or claim.describe()
    tried = f" ({len(readings)} readings tried)"
    if claim.metric is None:
        # a claim naming no metric is read as performance: compute at like precision
        # bandwidth-bound work is shown beside it, never counted as like for like
        pool = [r for r in readings if r.group == "compute"] or \
            [r for r in readings if r.group in _PERFORMANCE]
        bw = [r for r in readings if r.group in _BANDWIDTH and r.like_for_like]
        side = f"; bandwidth-bound work: {bw[0].description} gives {bw[0].figure()}" if bw else ""
    else:
        pool = [r for r in readings if r.on_metric]
        side = ""
    fair = [r for r in pool if r.like_for_like]
    fair_match = [r for r in fair if r.matches]
    exact = [r for r in fair_match if r.exact]
    if exact:
        r = exact[0]
        return Verdict.SUPPORTED, f"a like-for-like reading reproduces {target}: {r.description} " \
                                  f"gives {r.figure()}{side}{tried}"
    disputed = ""
    if fair_match:
        r = fair_match[0]
        src = _disputed_sources(r, resolved)
        disputed = f"; it matches only a disputed value ({r.description}: {r.figure()}" + (
            f", from {src}" if src else "") + "), which the catalog does not choose, so it " \
            "does not support the claim by itself"
    unfair = [r for r in pool if r.matches and not r.like_for_like]
    sparse_only = [r for r in unfair if all("sparse" in d for d in r.differences)]
    if claim.metric and fair:
        got = "; ".join(f"{r.description}: {r.figure()}" for r in fair[:3])
        if sparse_only and not disputed:
            return Verdict.MISLEADING, f"the claim names {claim.metric}; like for like the " \
                                       f"catalog gives {got}, not {target}, but {sparse_only[0].reason} " \
                                       f"reproduces it{tried}"
        return Verdict.CONTRADICTED, f"the claim names {claim.metric}, and like for like the " \
                                     f"catalog gives {got}, not {target}{disputed}{tried}"
    if unfair and not disputed:
        return Verdict.MISLEADING, f"only readings that are not like for like reproduce {target}, " \
                                   f"e.g. {unfair[0].reason}{side}{tried}"
    scopes = {a.is_system for a in resolved if isinstance(a, Accelerator)}
    if claim.metric is None and fair and not disputed and len(scopes) < 2:  # a system against one chip may count something else
        # naming no metric, the claim is read as compute at like precision: when every
        # like-for-like compute reading is outside the tolerance, nothing else explains the
        # number (no disputed value, no unfair reading), the reading is as far as a named
        # metric's would be: contradicted; bandwidth-bound work is shown beside it (a system
        # set against one chip stays unsupported: the number may be per chip or per cluster)
        got = "; ".join(f"{r.description}: {r.figure()}" for r in fair[:3])
        return Verdict.CONTRADICTED, f"read as performance (compute at like precision), the " \
                                     f"catalog gives {got}, not {target}{side}{tried}"
    if pool:
        c = min(fair or pool, key=lambda r: r.distance)
        return Verdict.UNSUPPORTED, f"no like-for-like reading of the catalog comes within the " \
                                    f"tolerance of {target}; the closest is {c.reason} at " \
                                    f"{c.figure()}{disputed}{side}{tried}"
    return Verdict.UNVERIFIABLE, "the catalog discloses none of the figures the claim could " \
                                 "be read from" + (f" ({claim.metric})" if claim.metric else "")


def _measured(claim: ChipClaim, readings: Sequence[Reading]) -> str:
    """The summary of a measured or workload claim: the spec context beside it."""
    context = []
    for key in ("bf16", "fp8", "memory.bandwidth"):
        for r in readings:
            if same_figure(r, key):
                context.append(f"{r.description}: {r.figure()}")
                break
    return "a measured or workload claim: the spec catalog cannot confirm it" + (
        "; spec context: " + "; ".join(context) if context else "")


def _siblings(acc: Accelerator, cat: Catalog) -> list[Accelerator]:
    """Other variants of ``acc`` (H100 SXM -> H100 PCIe, H100 NVL): same vendor and family,
    and the same model word."""
    import re

    model = next((w for w in acc.name.split() if re.search(r"\d", w)), None)
    if model is None:
        return []
    out = []
    for other in cat.filter(vendor=acc.vendor):
        if other.id != acc.id and other.family == acc.family and \
                model in other.name.split() and not other.is_system:
            out.append(other)
    return out


def check_claim(claim: ChipClaim | str, tolerance: float = 0.05, catalog: Catalog | None = None,
                *, providers: Sequence[ReadingProvider] | None = None, measured: bool = False,
                variants: bool = False) -> ClaimCheck:
    """Evaluate every sensible reading of a claim and give a verdict.

    Parameters
    ----------
    claim : ChipClaim or str
        The claim; a sentence is read with :func:`accelspec.claims.parse.parse_claim`.
    tolerance : float
        Relative tolerance, 0 <= tolerance < 1: a reading matches when ``[low x (1 - t),
        high x (1 + t)]`` (over the spread of the catalog's claims) meets the claimed range.
    catalog : Catalog, optional
        Where names are looked up (default: the packaged catalog).
    providers : sequence of ReadingProvider, optional
        Reading families to try (default :data:`accelspec.claims.readings.PROVIDERS`).
    measured : bool
        The claim reports a measurement or a workload result (a training speed-up, tokens per
        second): the verdict is ``measured`` and the summary gives the spec context.
    variants : bool
        Also try the other variants of each chip (H100 SXM, PCIe, NVL) when the named one does
        not support the claim, and say which one fits.

    Returns
    -------
    ClaimCheck
        Ratios are plain floats; amounts are in the claim's own unit.

    Raises
    ------
    ClaimError
        For a tolerance outside [0, 1).
    ClaimParseError
        For a sentence that cannot be read.
    AmbiguousNameError
        If a name matches several catalog entries (an unknown name is reported in the result).
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) \
            or not 0 <= tolerance < 1:
        raise ClaimError(f"tolerance must be a number in [0, 1), got {tolerance!r}")
    if isinstance(claim, str):
        from accelspec.claims.parse import parse_claim

        claim = parse_claim(claim, catalog=catalog)
    if not isinstance(claim, ChipClaim):
        raise ClaimError(f"check_claim needs a ChipClaim or a sentence, got {type(claim).__name__}")
    from accelspec.catalogs import catalog as packaged

    cat = catalog if catalog is not None else packaged()
    provs = list(PROVIDERS if providers is None else providers)
    resolved: list[Accelerator] = []
    unknown: list[str] = []
    errors: list[NotEvaluable] = []
    for side in (claim.subject, claim.object):
        if side is None:
            continue
        if isinstance(side, str) and "(ambiguous:" in side:  # a family read from text: no
            unknown.append(side)                              # lookup (and no fuzzy search)
            errors.append(NotEvaluable(side, "a family name with several catalog entries"))
            continue
        try:
            resolved.append(cat.resolve(side))
        except UnknownAcceleratorError as exc:
            unknown.append(str(side))
            errors.append(NotEvaluable(str(side), str(exc)))
    tol = float(tolerance)
    ambiguous = [u for u in unknown if "(ambiguous:" in u]
    if ambiguous:  # a family name read from text: several catalog entries, none chosen
        summary = (f"{' and '.join(repr(u) for u in ambiguous)} names a family with several "
                   f"catalog entries, so no one reading can be made; name the chip")
        if measured:  # a measurement stays a measurement; the spec context is what is missing
            return ClaimCheck(claim, Verdict.MEASURED, "a measured or workload claim: the spec "
                              f"catalog cannot confirm it; {summary}", tolerance, (), (),
                              tuple(errors), tuple(unknown))
        return ClaimCheck(claim, Verdict.UNVERIFIABLE, summary, tolerance, (), (), tuple(errors),
                          tuple(unknown))
    if unknown:
        summary = (f"{' and '.join(repr(u) for u in unknown)} "
                   f"{'is' if len(unknown) == 1 else 'are'} not in the catalog, so no reading "
                   f"can be made; add it with a catalog file (a [[system]] for a system)")
        return ClaimCheck(claim, Verdict.UNVERIFIABLE, summary, tol, (), (), tuple(errors),
                          tuple(unknown))
    check = _evaluate(claim, resolved, tol, provs, gaps=tuple(errors), measured=measured)
    if variants and check.verdict is not Verdict.SUPPORTED and not measured:
        for i, acc in enumerate(resolved):
            for other in _siblings(acc, cat):
                trial = list(resolved)
                trial[i] = other
                alt = _evaluate(claim, trial, tol, provs, gaps=(), measured=False)
                if alt.verdict is Verdict.SUPPORTED:
                    moved = attrs.evolve(alt.claim, subject=other) if i == 0 else \
                        attrs.evolve(alt.claim, object=other)
                    return attrs.evolve(alt, claim=moved, summary=(
                        f"{alt.summary}; it fits the {other.name}, not the {acc.name} the name "
                        f"usually means"))
    return check


def _evaluate(claim: ChipClaim, resolved: Sequence[Accelerator], tol: float,
              provs: Sequence[ReadingProvider], *, gaps: tuple[NotEvaluable, ...],
              measured: bool) -> ClaimCheck:
    if claim.ratio is not None:
        readings, missing = ratio_readings(resolved[0], resolved[1], claim.ratio, claim.metric,
                                           tol, provs)
    else:
        assert claim.amount is not None
        readings, missing = amount_readings(resolved[0], claim.amount, claim.metric, tol, provs)
    if measured:
        return ClaimCheck(claim, Verdict.MEASURED, _measured(claim, readings), tol, readings,
                          _fair(readings, None), missing)
    verdict, summary = _verdict(claim, readings, resolved)
    return ClaimCheck(claim, verdict, summary, tol, readings, _fair(readings, claim.metric), missing)
