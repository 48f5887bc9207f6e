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

import enum
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.claim_readings import (
    GROUP_UNITS,
    MAIN_KEYS,
    PROVIDERS,
    NotEvaluable,
    Reading,
    ReadingProvider,
    amount_readings,
    ratio_readings,
    same_figure,
)
from accelspec.errors import AccelspecError, MissingSpecError, UnitError, UnknownAcceleratorError, \
    UnknownMetricError
from accelspec.fields import FIELDS, parse_compute_field
from accelspec.spec import Accelerator
from accelspec.units import check_dimension, is_quantity, to_unit

if TYPE_CHECKING:  # pragma: no cover
    import argparse

    from accelspec.catalogs import Catalog

__all__ = [
    "ChipClaim",
    "ClaimCheck",
    "ClaimError",
    "ClaimParseError",
    "NotEvaluable",
    "Reading",
    "Verdict",
    "check_claim",
    "register_cli",
]


class ClaimError(AccelspecError, ValueError):
    """A claim is malformed: a non-positive or non-finite number, a missing object, an unknown
    metric, an amount without a unit, or a tolerance outside [0, 1)."""


class ClaimParseError(ClaimError):
    """A sentence could not be read as a claim, or names an accelerator the catalog lacks.

    Attributes
    ----------
    text : str
        The sentence.
    problem : str
        What was wrong; the message also lists the sentence shapes that are understood.
    """

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem
        super().__init__(f"cannot read a claim from {text!r}: {problem}")


class Verdict(str, enum.Enum):
    """What the catalog says about a claim.

    ``supported``: a like-for-like reading reproduces the number. ``misleading``: only readings
    that are not like for like (dense against sparse, two precisions...) reproduce it.
    ``unsupported``: no reading does. ``contradicted``: the claim names a metric, and that metric,
    like for like, gives another number. ``unverifiable``: an entity is not in the catalog, or
    nothing the claim could be read from is disclosed.
    """

    SUPPORTED = "supported"
    MISLEADING = "misleading"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"

    def __str__(self) -> str:
        return self.value


def _normalise_metric(name: str | None) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise ClaimError(f"a claim's metric must be a non-empty name or None, got {name!r}")
    text = name.strip()
    groups = {p.group for p in PROVIDERS}
    if text in groups or text in FIELDS:
        return text
    group, sep, rest = text.partition(":")
    try:
        if sep and group in groups and group != "compute":
            return f"{group}:{parse_compute_field(rest).name}"
        key = parse_compute_field(text)
    except UnknownMetricError:
        raise ClaimError(f"unknown metric {name!r}; name a precision (fp32, bf16, fp8:sparse...) "
                         f"or one of {', '.join(sorted(groups))} (or a catalog field)") from None
    return key.name if sep else key.precision


def _metric_unit(metric: str | None) -> str | None:
    """Canonical unit of a named metric, or None when unknown (another provider's group)."""
    if metric is None:
        return None
    group = metric.partition(":")[0]
    if group in GROUP_UNITS:
        return GROUP_UNITS[group]
    try:
        return parse_compute_field(metric).unit
    except UnknownMetricError:
        return None


def _positive(x: float, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or x <= 0:
        raise ClaimError(f"{what} must be a positive finite number, got {x!r}")
    return float(x)


def _pair(low: float, high: float | None, what: str) -> tuple[float, float]:
    lo = _positive(low, what)
    hi = lo if high is None else _positive(high, what)
    if hi < lo:
        raise ClaimError(f"{what}: the low end {lo:g} is above the high end {hi:g}")
    return lo, hi


def _num(x: float) -> str:
    return f"{x:g}"


def _span(lo: float, hi: float, suffix: str = "") -> str:
    return f"{_num(lo)}{suffix}" if lo == hi else f"{_num(lo)}-{_num(hi)}{suffix}"


_GROUP_WORDS = {"tpp": "TPP", "llm": "LLM throughput", "tdp": "TDP"}


def _metric_words(metric: str) -> str:
    """``"fp8:sparse"`` -> ``"2:4-sparse FP8"``, ``"memory.bandwidth"`` -> ``"memory bandwidth"``."""
    words: list[str] = []
    for part in metric.split(":"):
        if part == "sparse":
            words.insert(0, "2:4-sparse")
        elif part == "vector":
            words.append("vector")
        else:
            words.append(part.upper() if _precision_or_none(part) else _GROUP_WORDS.get(
                part, part.replace(".", " ").replace("_", " ")))
    return " ".join(words)


def _precision_or_none(text: str) -> str | None:
    """The precision ``text`` names, or None (no error)."""
    try:
        return parse_compute_field(text).precision if ":" not in text else None
    except UnknownMetricError:
        return None


def _name(x: str | Accelerator | None) -> str:
    return x.name if isinstance(x, Accelerator) else str(x)


@attrs.frozen
class ChipClaim:
    """A claim comparing two accelerators by a ratio, or giving one accelerator an amount.

    Build one with a named constructor (:meth:`percent_of`, :meth:`more_than`,
    :meth:`less_than`, :meth:`times`, :meth:`ratio_of`, :meth:`absolute`) or with
    :func:`accelspec.claim_parse.parse_claim`.

    Attributes
    ----------
    subject : str or Accelerator
        What the claim is about (a name is looked up when the claim is checked).
    object : str or Accelerator or None
        What it is compared with; ``None`` for an absolute claim.
    ratio : tuple of float or None
        ``(low, high)`` of subject / object (equal ends for a single number).
    amount : tuple of pint.Quantity or None
        ``(low, high)`` of an absolute claim, in the unit the claim used.
    metric : str or None
        The metric the claim names: a precision (``"fp32"``: any FP32 rate), a compute field
        (``"fp8:sparse"``), or a reading group (``"memory.bandwidth"``, ``"tdp"``,
        ``"perf_per_watt"``); ``None`` when it says only "performance" or "compute".
    stated : str
        How the number was stated (``"7.5% of"``, ``"12% higher than"``, ``"3x"``).
    text : str
        The sentence or a paraphrase, for reports.
    """

    subject: str | Accelerator
    object: str | Accelerator | None = None
    ratio: tuple[float, float] | None = None
    amount: tuple[Any, Any] | None = None
    metric: str | None = attrs.field(default=None, converter=_normalise_metric)
    stated: str = ""
    text: str = ""

    def __attrs_post_init__(self) -> None:
        for side, v in (("subject", self.subject), ("object", self.object)):
            if v is None and side == "object":
                continue
            if not isinstance(v, Accelerator) and not (isinstance(v, str) and v.strip()):
                raise ClaimError(f"a claim's {side} must be a name or an Accelerator, got {v!r}")
        if (self.ratio is None) == (self.amount is None):
            raise ClaimError("a claim states either a ratio (with an object) or an amount, not "
                             "both or neither")
        for name, pair in (("ratio", self.ratio), ("amount", self.amount)):
            if pair is not None and not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise ClaimError(f"a claim's {name} is a (low, high) pair, got {pair!r}; use a "
                                 f"named constructor such as ChipClaim.percent_of")
        if self.ratio is not None:
            if self.object is None:
                raise ClaimError("a ratio claim needs an object to compare with")
            object.__setattr__(self, "ratio", _pair(self.ratio[0], self.ratio[1], "ratio"))
        if self.amount is not None:
            self._check_amount()

    def _check_amount(self) -> None:
        assert self.amount is not None
        if self.object is not None:
            raise ClaimError("an absolute claim (an amount) has no object; state a ratio instead")
        lo, hi = self.amount
        for q in (lo, hi):
            if not is_quantity(q):
                raise ClaimError(f"an amount must be a quantity with a unit, got {q!r}")
            _positive(float(q.magnitude), "amount")
        try:
            hi = to_unit(hi, f"{lo.units}", what="claimed amount")
            unit = _metric_unit(self.metric)
            if unit is not None:
                check_dimension(lo, unit, what=f"an amount of {self.metric}")
        except UnitError as exc:
            raise ClaimError(str(exc)) from None
        if hi.magnitude < lo.magnitude:
            raise ClaimError(f"amount: the low end {lo:~P} is above the high end {hi:~P}")

    # -- named constructors --------------------------------------------------------------
    @classmethod
    def ratio_of(cls, subject: str | Accelerator, object: str | Accelerator, low: float,
                 high: float | None = None, *, metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject / object is ``low`` (to ``high``), e.g. 0.075."""
        lo, hi = _pair(low, high, "ratio")
        return cls(subject, object, ratio=(lo, hi), metric=metric, stated=f"{_span(lo, hi)} times",
                   text=text)

    @classmethod
    def percent_of(cls, subject: str | Accelerator, object: str | Accelerator, low: float,
                   high: float | None = None, *, metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject is ``low``% (to ``high``%) of object: "the 910C reaches 80-90% of the H200"."""
        lo, hi = _pair(low, high, "percentage")
        return cls(subject, object, ratio=(lo / 100, hi / 100), metric=metric,
                   stated=f"{_span(lo, hi, '%')} of", text=text)

    @classmethod
    def more_than(cls, subject: str | Accelerator, object: str | Accelerator, low: float,
                  high: float | None = None, *, metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject is ``low``% (to ``high``%) higher or faster than object: ratio 1 + N/100."""
        lo, hi = _pair(low, high, "percentage")
        return cls(subject, object, ratio=(1 + lo / 100, 1 + hi / 100), metric=metric,
                   stated=f"{_span(lo, hi, '%')} higher than", text=text)

    @classmethod
    def less_than(cls, subject: str | Accelerator, object: str | Accelerator, low: float,
                  high: float | None = None, *, metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject is ``low``% (to ``high``%) lower or slower than object: ratio 1 - N/100."""
        lo, hi = _pair(low, high, "percentage")
        if hi >= 100:
            raise ClaimError(f"'{_span(lo, hi, '%')} lower than' leaves nothing; a percentage "
                             f"below 100 is needed")
        return cls(subject, object, ratio=(1 - hi / 100, 1 - lo / 100), metric=metric,
                   stated=f"{_span(lo, hi, '%')} lower than", text=text)

    @classmethod
    def times(cls, subject: str | Accelerator, object: str | Accelerator, low: float,
              high: float | None = None, *, metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject is ``low`` (to ``high``) times object: "3x the H20"."""
        lo, hi = _pair(low, high, "multiple")
        return cls(subject, object, ratio=(lo, hi), metric=metric, stated=f"{_span(lo, hi)}x",
                   text=text)

    @classmethod
    def absolute(cls, subject: str | Accelerator, amount: Any, high: Any = None, *,
                 metric: str | None = None, text: str = "") -> ChipClaim:
        """Subject has ``amount`` (to ``high``), a quantity: ``Q_(300, "PFLOP/s")``."""
        hi = amount if high is None else high
        if not is_quantity(amount) or not is_quantity(hi):
            raise ClaimError(f"an amount must be a quantity with a unit, got {amount!r}")
        lo_text = _num(float(amount.magnitude))
        stated = (lo_text if high is None else f"{lo_text}-{_num(float(hi.magnitude))}") + \
            f" {hi.units:~P}"
        return cls(subject, None, amount=(amount, hi), metric=metric, stated=stated, text=text)

    # -- use -------------------------------------------------------------------------------
    def describe(self) -> str:
        """The claim restated in plain words, with the names it uses."""
        subj = _name(self.subject) + (f" {_metric_words(self.metric)}" if self.metric else "")
        if self.amount is not None:
            return f"{subj} is {self.stated or self.amount[0]}"
        assert self.ratio is not None
        rng = _span(*self.ratio)
        return f"{subj} is {self.stated or rng + ' times'} {_name(self.object)} (ratio {rng})"

    def to_dict(self) -> dict[str, Any]:
        """The claim as plain data (amounts as ``{"low", "high", "unit"}``)."""
        def who(x: str | Accelerator | None) -> Any:
            return {"id": x.id, "name": x.name} if isinstance(x, Accelerator) else x

        out: dict[str, Any] = {"subject": who(self.subject), "object": who(self.object),
                               "metric": self.metric, "stated": self.stated, "text": self.text}
        if self.ratio is not None:
            out["ratio"] = {"low": self.ratio[0], "high": self.ratio[1]}
        if self.amount is not None:
            lo, hi = self.amount
            out["amount"] = {"low": float(lo.magnitude),
                             "high": float(to_unit(hi, f"{lo.units}", what="amount").magnitude),
                             "unit": f"{lo.units:~P}"}
        return out

    def check(self, tolerance: float = 0.05, catalog: Catalog | None = None, *,
              providers: Sequence[ReadingProvider] | None = None) -> ClaimCheck:
        """Check this claim; see :func:`check_claim`."""
        return check_claim(self, tolerance, catalog, providers=providers)


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


def _verdict(claim: ChipClaim, readings: Sequence[Reading]) -> tuple[Verdict, str]:
    if claim.ratio is not None:
        target = f"the ratio {_span(*claim.ratio)}"
    else:
        target = claim.stated or claim.describe()
    fair = [r for r in readings if r.like_for_like]
    fair_match = [r for r in fair if r.matches]
    if fair_match:
        r = fair_match[0]
        via = "" if r.exact else ", inside the spread of disputed catalog values"
        return Verdict.SUPPORTED, f"a like-for-like reading reproduces {target}: {r.description} " \
                                  f"gives {r.figure()}{via}"
    if claim.metric and fair:
        got = "; ".join(f"{r.description}: {r.figure()}" for r in fair[:3])
        unfair = [r for r in readings if r.matches and r.on_metric]
        extra = f" (only an unfair reading matches: {unfair[0].reason})" if unfair else ""
        return Verdict.CONTRADICTED, f"the claim names {claim.metric}, and like for like the " \
                                     f"catalog gives {got}, not {target}{extra}"
    pool = [r for r in readings if r.on_metric] if claim.metric else list(readings)
    unfair = [r for r in pool if r.matches]
    if unfair:
        return Verdict.MISLEADING, f"only readings that are not like for like reproduce {target}, " \
                                   f"e.g. {unfair[0].reason}"
    if pool:
        c = min(pool, key=lambda r: r.distance)
        return Verdict.UNSUPPORTED, f"no reading of the catalog comes within the tolerance of " \
                                    f"{target}; the closest is {c.reason} at {c.figure()}"
    return Verdict.UNVERIFIABLE, "the catalog discloses none of the figures the claim could " \
                                 "be read from" + (f" ({claim.metric})" if claim.metric else "")


def check_claim(claim: ChipClaim | str, tolerance: float = 0.05, catalog: Catalog | None = None,
                *, providers: Sequence[ReadingProvider] | None = None) -> ClaimCheck:
    """Evaluate every sensible reading of a claim and give a verdict.

    Parameters
    ----------
    claim : ChipClaim or str
        The claim; a sentence is read with :func:`accelspec.claim_parse.parse_claim`.
    tolerance : float
        Relative tolerance, 0 <= tolerance < 1: a reading matches when ``[low x (1 - t),
        high x (1 + t)]`` (over the spread of the catalog's claims) meets the claimed range.
    catalog : Catalog, optional
        Where names are looked up (default: the packaged catalog).
    providers : sequence of ReadingProvider, optional
        Reading families to try (default :data:`accelspec.claim_readings.PROVIDERS`).

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
        from accelspec.claim_parse import parse_claim

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
        try:
            resolved.append(cat.resolve(side))
        except UnknownAcceleratorError as exc:
            unknown.append(str(side))
            errors.append(NotEvaluable(str(side), str(exc)))
    tol = float(tolerance)
    if unknown:
        summary = (f"{' and '.join(repr(u) for u in unknown)} "
                   f"{'is' if len(unknown) == 1 else 'are'} not in the catalog, so no reading "
                   f"can be made; add it with a catalog file (a [[system]] for a system)")
        return ClaimCheck(claim, Verdict.UNVERIFIABLE, summary, tol, (), (), tuple(errors),
                          tuple(unknown))
    if claim.ratio is not None:
        readings, gaps = ratio_readings(resolved[0], resolved[1], claim.ratio, claim.metric, tol,
                                        provs)
    else:
        assert claim.amount is not None
        readings, gaps = amount_readings(resolved[0], claim.amount, claim.metric, tol, provs)
    verdict, summary = _verdict(claim, readings)
    return ClaimCheck(claim, verdict, summary, tol, readings, _fair(readings, claim.metric), gaps)


# -- command line ----------------------------------------------------------------------------

def _cmd_claim(args: argparse.Namespace) -> int:
    from accelspec.catalogs import catalog, load_catalog

    files = getattr(args, "catalog", None) or []
    cat = load_catalog(*files) if files else catalog()
    result = check_claim(args.text, args.tolerance, cat)
    print(result.to_json(indent=2) if args.json else result.explanation)
    return 0


def register_cli(subparsers: Any) -> None:
    """Add ``accelspec claim "TEXT" [--json] [--tolerance T] [--catalog FILE]``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From ``ArgumentParser.add_subparsers()``.
    """
    p = subparsers.add_parser(
        "claim", help="check a published claim such as 'H20 is 7.5%% of H200' against the catalog")
    p.add_argument("text", help="the claim, e.g. \"910C reaches 80-90%% of H200\"")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--tolerance", type=float, default=0.05, metavar="T",
                   help="relative tolerance for a reading to match (default 0.05)")
    p.add_argument("--catalog", action="append", metavar="FILE",
                   help="merge this catalog file over the packaged one (repeatable)")
    p.set_defaults(func=_cmd_claim)
