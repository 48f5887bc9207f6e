"""Claim objects: :class:`ChipClaim` (what a sentence states) and :class:`Verdict`.

A :class:`ChipClaim` states a ratio between two accelerators (or an amount for one) without
saying which figures it was read from; :mod:`accelspec.claims.check` tries every reading.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.claims.readings import GROUP_UNITS, PROVIDERS, ReadingProvider
from accelspec.errors import ClaimError, UnitError, UnknownMetricError
from accelspec.fields import FIELDS, parse_compute_field
from accelspec.spec import Accelerator
from accelspec.units import check_dimension, is_quantity, to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog
    from accelspec.claims.check import ClaimCheck

__all__ = ["ChipClaim", "Verdict"]


class Verdict(str, enum.Enum):
    """What the catalog says about a claim.

    ``supported``: a like-for-like reading reproduces the number. ``misleading``: only readings
    that are not like for like (dense against sparse, two precisions...) reproduce it.
    ``unsupported``: no reading does. ``contradicted``: the claim names a metric, and that metric,
    like for like, gives another number. ``unverifiable``: an entity is not in the catalog, or
    nothing the claim could be read from is disclosed. ``measured``: a measured or workload
    claim (a training speed-up, tokens per second): the spec catalog cannot confirm it, and the
    check shows the spec figures beside it instead.
    """

    SUPPORTED = "supported"
    MISLEADING = "misleading"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"
    MEASURED = "measured"

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
    :func:`accelspec.claims.parse.parse_claim`.

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
        """Check this claim; see :func:`accelspec.claims.check.check_claim`."""
        from accelspec.claims.check import check_claim  # the one upward import in this room

        return check_claim(self, tolerance, catalog, providers=providers)
