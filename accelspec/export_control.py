"""Export-control figures: TPP, performance density and rule-versioned 3A090 classification.

**Not legal advice.** Everything here is computed, for information, from the catalog's public
figures, and every result says which figures and which threshold it used. Whether an export needs
a licence depends on much more (destination, end user, the exact product, later rules, licences
granted); ask counsel or BIS.

What is computed
----------------
- :func:`tpp`: *total processing performance* (ECCN 3A090 technical note, 88 FR 73458):
  ``2 x MacTOPS x bit length``, which on a datasheet is the **dense** peak TOPS or TFLOPS times the
  bit length of the operation. Each precision with a dense rate gives one product; the highest
  counts (they are not summed). A 2:4-sparse figure is never used, nor halved into a dense one.
- :func:`performance_density`: TPP / logic die area in mm² (HBM excluded).
- :data:`RULES`: the rule editions as data (2022, 2023, 2024, the April 2025 H20 letter, 2026),
  and :func:`classify` / :func:`classify_figures`, which state the class, whether the
  "designed or marketed for datacenters" condition mattered, and the reason with the numbers.
- :func:`what_would_it_take`: the TPP, die area or bandwidth at which a chip changes class.
- :func:`system_tpp`: the TPP of a system as the sum of its parts'.

Examples
--------
>>> import accelspec as acs
>>> r = tpp(acs.get("H100 SXM"))
>>> print(r)
TPP 15,832 = 989.5 TFLOP/s dense BF16 x 16 bits (nvidia-h100-sxm)
>>> classify("A800", rule="2022").cls          # 400 GB/s NVLink < 600 GB/s: outside the 2022 rule
'not 3A090'
>>> classify("A800", rule="2023").cls          # the 2023 rule dropped the I/O condition
'3A090.a'
>>> import attrs
>>> h20 = attrs.evolve(acs.get("H20"), die_area=acs.Q_(814, "mm^2"))   # GH100's area, assumed here
>>> print(classify(h20, rule="2023").reason)
TPP 2,368 < 2,400 and PD 2.909 < 3.2: outside 3A090.b; TPP 2,368 < 4,800 and PD 2.909 < 5.92: outside 3A090.a
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.comparison import format_number
from accelspec.errors import InvalidArgumentError, MissingSpecError
from accelspec.export_rules import RULES, RuleEdition, Threshold, Verdict, classify_figures, get_rule
from accelspec.fields import PRECISIONS, compute_unit, parse_precision
from accelspec.spec import Accelerator, FrozenDict, NotDisclosed
from accelspec.units import Q_, to_unit

if TYPE_CHECKING:  # pragma: no cover
    import argparse

    from accelspec.catalogs import Catalog

__all__ = [
    "BIT_LENGTHS",
    "RULES",
    "Classification",
    "Crossing",
    "RuleEdition",
    "TPPCandidate",
    "TPPResult",
    "Threshold",
    "Verdict",
    "WhatItTakes",
    "classify",
    "classify_figures",
    "get_rule",
    "performance_density",
    "register_cli",
    "system_tpp",
    "tpp",
    "tpp_range",
    "what_would_it_take",
]

#: Bit length of one operation per precision, as TPP counts it.
#:
#: TF32 is counted at **32** bits. The technical note speaks only of the "bit length of the
#: operation" and names no format; TF32 operands are FP32 words (the tensor core rounds them to
#: 10 mantissa bits internally, 19 bits in all), and we found no BIS text counting it at 19. 32 is
#: also the reading under which NVIDIA's tensor cores give one TPP at every precision (A100:
#: 156 x 32 = 312 x 16 = 624 x 8 = 4,992). It is the higher, more-controlled reading: it decides
#: the TPP of chips whose TF32 rate equals their BF16 rate (AWS Trainium) or that publish only TF32
#: and INT8 (Enflame). Pass ``bit_lengths={"tf32": 19}`` to :func:`tpp` for the other reading.
BIT_LENGTHS: Mapping[str, int] = FrozenDict({
    "fp64": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16,
    "fp8": 8, "int8": 8, "fp6": 6, "fp4": 4, "int4": 4,
})

# On a tie the 16-bit product is reported (the figure datasheets and public TPP tables quote),
# then narrower formats, then wider; TF32 last because its bit length is the debatable one.
_TIE_ORDER = ("bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4", "fp32", "fp64", "tf32")
_TIE_REL = 1e-9


# -- TPP ----------------------------------------------------------------------------------------

@attrs.frozen
class TPPCandidate:
    """One precision's contribution to TPP.

    Attributes
    ----------
    precision : str
        ``"bf16"``, ``"int8"``...
    field : str
        The catalog field read: the dense matrix rate (``"bf16"``) or, where the catalog has no
        matrix rate for the precision, the vector rate (``"fp32:vector"``).
    rate : pint.Quantity [TFLOP/s or TOP/s]
        The dense peak rate.
    bit_length : int
        Bits per operation.
    product : float
        ``rate x bit_length`` (dimensionless, the rule's unit).
    """

    precision: str
    field: str
    rate: Any
    bit_length: int
    product: float


@attrs.frozen
class TPPResult:
    """The TPP of one accelerator, with the inputs that produced it.

    Attributes
    ----------
    accelerator : str
        Catalog id.
    value : float
        TPP, dimensionless (dense TOPS or TFLOPS x bits; the rule's thresholds are 4,800 etc.).
        Per IC as the catalog states it (a multi-die package's rate is already its total).
    precision : str
        The precision that set it (on a tie see ``ties``).
    field, rate, bit_length
        The catalog field, dense rate [TFLOP/s or TOP/s] and bit length used.
    candidates : tuple of TPPCandidate
        Every product considered, widest precision first.
    ties : tuple of str
        Every precision whose product equals ``value`` (within 1e-9 relative).
    sparse_only : tuple of str
        Precisions the catalog gives only as 2:4-sparse figures; they contribute nothing.
    dies : int or None
        Logic dies in the package, when the catalog says.
    parts : tuple of (TPPResult, int)
        For a system: each part's TPP and count (``value`` is their sum; ``precision``, ``rate``
        and ``bit_length`` are those of the largest contributor, its rate times its count).
        Empty for a single IC.
    """

    accelerator: str
    value: float
    precision: str
    field: str
    rate: Any
    bit_length: int
    candidates: tuple[TPPCandidate, ...]
    ties: tuple[str, ...]
    sparse_only: tuple[str, ...] = ()
    dies: int | None = None
    parts: tuple[tuple[TPPResult, int], ...] = ()

    def per_die(self) -> float:
        """TPP divided by the number of logic dies (dimensionless).

        Raises
        ------
        MissingSpecError
            If the catalog does not give the die count.
        """
        if self.dies is None:
            raise MissingSpecError(self.accelerator, "dies", "needed for a per-die TPP")
        return self.value / self.dies

    def __str__(self) -> str:
        if self.parts:
            terms = " + ".join(f"{n} x {_n(r.value)} ({r.accelerator})" for r, n in self.parts)
            return f"TPP {_n(self.value)} = {terms} ({self.accelerator})"
        return (f"TPP {format_number(self.value)} = {format_number(float(self.rate.magnitude))} "
                f"{self.rate.units:~P} dense {self.precision.upper()} x {self.bit_length} bits "
                f"({self.accelerator})")


def _resolve(acc: Accelerator | str, catalog: Catalog | None) -> Accelerator:
    if isinstance(acc, Accelerator):
        return acc
    from accelspec.catalogs import catalog as packaged

    return (catalog or packaged()).resolve(acc)


def _bits(overrides: Mapping[str, int] | None) -> dict[str, int]:
    bits = dict(BIT_LENGTHS)
    for name, n in (overrides or {}).items():
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise InvalidArgumentError(f"bit length for {name!r} must be a positive integer, got {n!r}")
        bits[parse_precision(name)] = n
    return bits


def tpp(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
        catalog: Catalog | None = None) -> TPPResult:
    """Total processing performance of an accelerator, from its dense peak rates.

    For each precision with a dense matrix rate (or a vector rate where there is no matrix rate)
    the product ``rate [TFLOP/s or TOP/s] x bit length`` is formed; TPP is the highest. Matrix and
    vector rates are not added together.

    Parameters
    ----------
    acc : Accelerator or str
        The accelerator, or a name to look up in ``catalog`` (default: the packaged one).
    bit_lengths : Mapping[str, int], optional
        Overrides of :data:`BIT_LENGTHS`, e.g. ``{"tf32": 19}``.

    Returns
    -------
    TPPResult
        ``.value`` is dimensionless.

    Raises
    ------
    MissingSpecError
        If the catalog holds no dense rate at all (a sparse-only chip names the precision).
    """
    a = _resolve(acc, catalog)
    if a.is_system:
        return _system(a.id, [(part.accelerator, part.count) for part in a.parts], bit_lengths, catalog)
    bits = _bits(bit_lengths)
    cands: list[TPPCandidate] = []
    sparse_only: list[str] = []
    for p in PRECISIONS:
        field = p if p in a.compute else (f"{p}:vector" if f"{p}:vector" in a.compute else None)
        if field is None:
            if f"{p}:sparse" in a.compute:
                sparse_only.append(p)
            continue
        rate = to_unit(a.compute[field], compute_unit(p), what=f"{a.id} {field}")
        cands.append(TPPCandidate(p, field, rate, bits[p], float(rate.magnitude) * bits[p]))
    if not cands:
        if sparse_only:
            raise MissingSpecError(a.id, sparse_only[0] if len(sparse_only) == 1 else "compute",
                                   "only 2:4-sparse figures are published ("
                                   + ", ".join(f"{p}:sparse" for p in sparse_only)
                                   + "); TPP counts dense rates and never halves a sparse one")
        raise MissingSpecError(a.id, "compute", "no compute rate is disclosed, so no TPP")
    best = max(c.product for c in cands)
    tied = [c for c in cands if math.isclose(c.product, best, rel_tol=_TIE_REL)]
    chosen = min(tied, key=lambda c: _TIE_ORDER.index(c.precision))
    dies = None if isinstance(a.dies, NotDisclosed) else int(round(float(a.dies.magnitude)))
    return TPPResult(a.id, best, chosen.precision, chosen.field, chosen.rate, chosen.bit_length,
                     tuple(cands), tuple(c.precision for c in tied), tuple(sparse_only), dies)


def tpp_range(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
              catalog: Catalog | None = None) -> tuple[float, float, float]:
    """(low, chosen, high) TPP over the catalog's conflicting claims (dimensionless).

    ``low`` is the TPP with every rate at its lowest claim, ``high`` at its highest.

    """
    a = _resolve(acc, catalog)
    r = tpp(a, bit_lengths=bit_lengths, catalog=catalog)
    if r.parts:
        ranges = [(tpp_range(part.accelerator, bit_lengths=bit_lengths, catalog=catalog), n)
                  for part, n in r.parts]
        return (sum(lo * n for (lo, _, _), n in ranges), r.value, sum(hi * n for (_, _, hi), n in ranges))
    lows, highs = [], []
    for c in r.candidates:
        lo, _, hi = a.range(c.field)
        unit = compute_unit(c.precision)
        lows.append(float(to_unit(lo, unit, what=c.field).magnitude) * c.bit_length)
        highs.append(float(to_unit(hi, unit, what=c.field).magnitude) * c.bit_length)
    return max(lows), r.value, max(highs)


def performance_density(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
                        catalog: Catalog | None = None) -> float:
    """Performance density: TPP / logic die area in mm² (the rule's unit; thresholds 1.6, 3.2, 5.92).

    The rule's "applicable die area" is the logic dies made on a non-planar (FinFET, GAA)
    process; the catalog's ``die_area`` is total logic die area, HBM excluded.

    Raises
    ------
    MissingSpecError
        Naming ``die_area`` when the catalog has no sourced die area: it is never guessed.
    """
    a = _resolve(acc, catalog)
    area = _area_mm2(a)
    return tpp(a, bit_lengths=bit_lengths, catalog=catalog).value / area


def _area_mm2(a: Accelerator) -> float:
    if a.is_system:
        raise MissingSpecError(a.id, "die_area", "a system has no die area; performance density "
                               "applies to its ICs")
    if isinstance(a.die_area, NotDisclosed):
        raise MissingSpecError(a.id, "die_area", "performance density = TPP / logic die area; "
                               "no sourced die area, and none is guessed")
    return float(to_unit(a.die_area, "mm^2", what=f"{a.id} die_area").magnitude)


def system_tpp(parts: Sequence[tuple[Accelerator | str, int]], *,
               bit_lengths: Mapping[str, int] | None = None, catalog: Catalog | None = None) -> float:
    """TPP of a system: the sum of its parts' TPP times their counts (dimensionless).

    A catalog system (``acc.is_system``) gets the same from :func:`tpp`.

    Examples
    --------
    >>> import accelspec as acs
    >>> system_tpp([(acs.get("H20"), 8)])       # an 8-GPU HGX H20: 8 x 2,368
    18944.0
    """
    return _system("system", parts, bit_lengths, catalog).value


def _system(sid: str, parts: Sequence[tuple[Accelerator | str, int]],
            bit_lengths: Mapping[str, int] | None, catalog: Catalog | None) -> TPPResult:
    if not parts:
        raise InvalidArgumentError("a system needs at least one (accelerator, count) part")
    results: list[tuple[TPPResult, int]] = []
    for acc, count in parts:
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidArgumentError(f"count must be a positive integer, got {count!r}")
        results.append((tpp(acc, bit_lengths=bit_lengths, catalog=catalog), count))
    top, n = max(results, key=lambda rn: rn[0].value * rn[1])
    return TPPResult(sid, sum(r.value * k for r, k in results), top.precision, top.field,
                     top.rate * n, top.bit_length, (), top.ties if len(results) == 1 else (),
                     parts=tuple(results))


@attrs.frozen
class Classification:
    """The classification of one accelerator under one rule edition.

    Attributes
    ----------
    accelerator, name : str
        Catalog id and display name.
    rule : RuleEdition
        The edition applied.
    cls, level, reason, licence_review, missing
        As in :class:`Verdict`.
    datacenter : bool
        The "designed or marketed for datacenters" assumption used.
    datacenter_mattered : bool
        Whether the opposite assumption gives another outcome.
    tpp : TPPResult or None
        The TPP and its inputs (``None`` when no dense rate is disclosed).
    performance_density : float or None
        TPP per mm² of logic die (``None`` when the die area is not disclosed).
    notes : tuple of str
        Remarks that do not change the class.
    parts : tuple of (Classification, int)
        For a system: each part's classification and count. The system's class is its most
        controlled part's (3A090 classifies ICs; a computer holding them is 4A090, not modelled).
    """

    accelerator: str
    name: str
    rule: RuleEdition
    cls: str
    level: int | None
    reason: str
    datacenter: bool
    datacenter_mattered: bool
    tpp: TPPResult | None
    performance_density: float | None
    licence_review: str | None = None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    parts: tuple[tuple[Classification, int], ...] = ()

    @property
    def determined(self) -> bool:
        """Whether the figures were enough to decide."""
        return self.level is not None

    def __str__(self) -> str:
        review = f" ({self.licence_review})" if self.licence_review else ""
        return f"{self.name} under {self.rule.key}: {self.cls}{review}. {self.reason}"


def _io(a: Accelerator) -> Any:
    try:
        return a.interconnect_bidirectional()
    except MissingSpecError:
        return None


def _figures(a: Accelerator, bit_lengths: Mapping[str, int] | None) -> tuple[TPPResult | None, float | None]:
    try:
        t = tpp(a, bit_lengths=bit_lengths)
    except MissingSpecError:
        return None, None
    pd = None if isinstance(a.die_area, NotDisclosed) else t.value / _area_mm2(a)
    return t, pd


def classify(acc: Accelerator | str, rule: str | RuleEdition | None = None, *, datacenter: bool = True,
             on: datetime.date | None = None, bit_lengths: Mapping[str, int] | None = None,
             catalog: Catalog | None = None) -> Classification:
    """Classify an accelerator under one rule edition, with the reason in numbers.

    Parameters
    ----------
    acc : Accelerator or str
        The accelerator or its name.
    rule : str or RuleEdition, optional
        ``"2022"``, ``"2023"``, ``"2024"``, ``"2025-h20"``, ``"2026"``; default the newest 3A090
        edition (in force on ``on`` when given).
    datacenter : bool
        Whether the item is designed or marketed for datacenters (default ``True``).

    Returns
    -------
    Classification
        Undetermined (never guessed) when a needed figure is not disclosed; ``missing`` names it.
    """
    a = _resolve(acc, catalog)
    ed = get_rule(rule, on=on)
    if a.is_system:
        return _classify_system(a, ed, datacenter, bit_lengths, catalog)
    t, pd = _figures(a, bit_lengths)
    mem = None if isinstance(a.memory.bandwidth, NotDisclosed) else a.memory.bandwidth
    io = _io(a)

    def run(dc: bool) -> Verdict:
        return classify_figures(None if t is None else t.value, pd=pd, io_bandwidth=io,
                                memory_bandwidth=mem, rule=ed, datacenter=dc, accelerator=a.id)

    v, other = run(datacenter), run(not datacenter)
    notes = []
    if ed.key == "2022" and not isinstance(a.interconnect.bandwidth, NotDisclosed) and io is None:
        notes.append("interconnect direction unstated, so its both-directions figure is unknown")
    if ed.key in ("2024", "2026") and "hbm" in (a.memory.type or "").lower():
        notes.append("its HBM stacks are themselves 3A090.c items since 2024-12-02 (density > 2 "
                     "GB/s/mm²); HBM co-packaged with logic whose primary function is logic is "
                     "excluded, so the accelerator's class rests on 3A090.a/.b")
    return Classification(a.id, a.name, ed, v.cls, v.level, v.reason, datacenter,
                          (v.cls, v.licence_review) != (other.cls, other.licence_review),
                          t, pd, v.licence_review, v.missing, tuple(notes))


def _classify_system(a: Accelerator, ed: RuleEdition, datacenter: bool,
                     bit_lengths: Mapping[str, int] | None, catalog: Catalog | None) -> Classification:
    parts = tuple((classify(p.accelerator, ed, datacenter=datacenter, bit_lengths=bit_lengths,
                            catalog=catalog), p.count) for p in a.parts)
    cs = [c for c, _ in parts]
    undetermined = [c for c in cs if c.level is None]
    top = undetermined[0] if undetermined else max(cs, key=lambda c: c.level or 0)
    try:
        t: TPPResult | None = tpp(a, bit_lengths=bit_lengths, catalog=catalog)
    except MissingSpecError:
        t = None
    made_of = " + ".join(f"{n} x {c.name}" for c, n in parts)
    total = "" if t is None else f", TPP {_n(t.value)} (the sum of its parts')"
    reason = (f"a system of {made_of}{total}; its class is its parts': "
              + "; ".join(f"{c.name}: {c.reason}" for c in cs))
    missing = tuple(dict.fromkeys(m for c in cs for m in c.missing))
    return Classification(a.id, a.name, ed, top.cls, top.level, reason, datacenter,
                          any(c.datacenter_mattered for c in cs), t, None, top.licence_review,
                          missing, ("3A090 classifies ICs; a computer containing 3A090 ICs is "
                                    "4A090, which is not modelled here",), parts)


# -- what would it take -------------------------------------------------------------------------

@attrs.frozen
class Crossing:
    """A figure at which the classification would change.

    Attributes
    ----------
    field : str
        ``"tpp"``, ``"die_area"``, ``"interconnect.bandwidth"`` or ``"memory.bandwidth"``.
    bound : {"at least", "below", "at most", "above"}
        Which side of ``value`` the figure must be on (others held at their catalog values).
    value : float or pint.Quantity
        TPP (dimensionless) or a quantity [mm², GB/s, TB/s].
    to : str
        The outcome there (class, and licence review under 2026).
    more_controlled : bool
        Whether the figure moves toward more control (a higher TPP or bandwidth, a smaller die).
        The outcome there may be ``"undetermined (needs die_area)"`` when the class would turn
        on a figure the catalog lacks.
    change : float or None
        Relative change from the current figure (0.013 = +1.3 %); ``None`` if the figure is unknown.
    """

    field: str
    bound: str
    value: Any
    to: str
    more_controlled: bool
    change: float | None

    def __str__(self) -> str:
        v = self.value
        val = _n(v) if isinstance(v, float) else f"{_n(float(v.magnitude))} {v.units:~P}"
        ch = ("" if self.change is None else " (at the current figure)" if self.change == 0
              else f" ({self.change:+.1%})")
        return f"{self.field} {self.bound} {val}{ch}: {self.to}"


@attrs.frozen
class WhatItTakes:
    """The thresholds nearest to an accelerator's figures under one rule edition.

    Attributes
    ----------
    current : Classification
        Where it stands.
    crossings : tuple of Crossing
        For each figure, the nearest value that makes it more controlled and the nearest that
        makes it less (when they exist), others held fixed.
    """

    current: Classification
    crossings: tuple[Crossing, ...]

    def nearest(self, *, more_controlled: bool | None = None) -> Crossing | None:
        """The crossing with the smallest relative change (optionally only one direction)."""
        pool = [c for c in self.crossings if c.change is not None
                and (more_controlled is None or c.more_controlled == more_controlled)]
        return min(pool, key=lambda c: abs(c.change or 0.0), default=None)

    def __str__(self) -> str:
        return "\n".join([str(self.current)] + [f"  {c}" for c in self.crossings])


def what_would_it_take(acc: Accelerator | str, rule: str | RuleEdition | None = None, *,
                       datacenter: bool = True, bit_lengths: Mapping[str, int] | None = None,
                       catalog: Catalog | None = None) -> WhatItTakes:
    """The TPP, die area or bandwidth at which an accelerator would change class.

    Each figure is moved alone, the others held at their catalog values (TPP moves with PD at a
    fixed die area). Where the die area is unknown, the die-area crossings give the class for
    each band of die area.

    Returns
    -------
    WhatItTakes

    Examples
    --------
    >>> import attrs, accelspec as acs
    >>> h20 = attrs.evolve(acs.get("H20"), die_area=acs.Q_(814, "mm^2"))   # GH100's die, assumed
    >>> print(what_would_it_take(h20, "2023").nearest(more_controlled=True))
    tpp at least 2,400 (+1.4%): 3A090.b
    """
    a = _resolve(acc, catalog)
    if a.is_system:
        raise InvalidArgumentError(f"{a.id} is a system; what_would_it_take applies to one IC: ask of its parts "
                         f"({', '.join(p.accelerator for p in a.parts)})")
    ed = get_rule(rule)
    cur = classify(a, ed, datacenter=datacenter, bit_lengths=bit_lengths)
    t = cur.tpp.value if cur.tpp is not None else None
    area = None if isinstance(a.die_area, NotDisclosed) else _area_mm2(a)
    io, mem = _io(a), (None if isinstance(a.memory.bandwidth, NotDisclosed) else a.memory.bandwidth)

    def verdict(tv: float | None, pd: float | None, iov: Any = io, memv: Any = mem) -> Verdict:
        return classify_figures(tv, pd=pd, io_bandwidth=iov, memory_bandwidth=memv, rule=ed,
                                datacenter=datacenter, accelerator=a.id)

    def state(v: Verdict | Classification) -> tuple[int | None, str]:
        return v.level, v.cls + (f", {v.licence_review}" if v.licence_review else "")

    def label(v: Verdict) -> str:
        return v.label if v.level is not None else f"undetermined (needs {', '.join(v.missing)})"

    out: list[Crossing] = []

    def scan(field: str, now: float | None, points: list[tuple[float, Callable[[bool], Verdict]]],
             up: tuple[str, str], wrap: Callable[[float], Any], rising: bool = True) -> None:
        # points: (figure value, verdict at the value [False] or just past it [True]); a figure
        # that rises toward more control when ``rising``, falls (die area) otherwise
        pts = sorted(points, key=lambda p: p[0], reverse=not rising)
        ahead = [p for p in pts if now is None or (p[0] > now if rising else p[0] < now)]
        behind = [p for p in pts if now is not None and (p[0] <= now if rising else p[0] >= now)]
        # the first point where the outcome changes, each way (monotone: up is never less controlled)
        for x, at in ahead:
            v = at(False)
            if state(v) != state(cur):
                out.append(Crossing(field, up[0], wrap(x), label(v), True, _change(x, now)))
                break
        for x, at in reversed(behind):
            v = at(True)
            if state(v) != state(cur):
                out.append(Crossing(field, up[1], wrap(x), label(v), False, _change(x, now)))
                break

    Point = tuple[float, Callable[[bool], Verdict]]

    def tpp_point(c: float, pd: float | None) -> Point:
        # a TPP threshold c (at a fixed die area) or a PD threshold pd (TPP = pd x area)
        def at(past: bool) -> Verdict:
            tv = _below(c, past)
            return verdict(tv, _below(pd, past) if pd is not None else (None if area is None else tv / area))
        return c, at

    def area_point(pd: float, tv: float) -> Point:
        return tv / pd, lambda past: verdict(tv, _below(pd, past))

    def bw_point(x: float, field: str, unit: str) -> Point:
        def at(past: bool) -> Verdict:
            q = Q_(_below(x, past), unit)
            iov, memv = (q, mem) if field == "interconnect.bandwidth" else (io, q)
            return verdict(t, cur.performance_density, iov, memv)
        return x, at

    tpp_t = [th.value for th in ed.thresholds if th.unit is None and th.name.startswith("tpp")]
    pd_t = sorted({th.value for th in ed.thresholds if th.unit is None and th.name.startswith("pd")})
    if t is not None and ed.kind != "is-informed":
        pts = [tpp_point(c, None) for c in tpp_t]
        if area is not None:
            pts += [tpp_point(p * area, p) for p in pd_t]
        scan("tpp", t, pts, ("at least", "below"), float)
        if pd_t and area is not None:
            scan("die_area", area, [area_point(p, t) for p in pd_t], ("at most", "above"),
                 lambda x: Q_(x, "mm^2"), rising=False)
        elif pd_t and "die_area" in cur.missing:
            # unknown die area: the class in each band of die area, smallest area first
            bands = pd_t[::-1]
            labels = [verdict(t, p).label for p in bands] + [verdict(t, _below(bands[-1], True)).label]
            changes = [i for i in range(len(bands)) if labels[i] != labels[i + 1]]
            for i in changes:
                out.append(Crossing("die_area", "at most", Q_(t / bands[i], "mm^2"), labels[i], True, None))
            if changes:
                k = changes[-1]
                out.append(Crossing("die_area", "above", Q_(t / bands[k], "mm^2"), labels[k + 1],
                                    False, None))
    for field, unit, names, now in (("interconnect.bandwidth", "GB/s", ("io", "interconnect"), io),
                                    ("memory.bandwidth", "TB/s", ("memory_bandwidth", "dram_relief"), mem)):
        ths = [th for th in ed.thresholds if th.name in names]
        if ths and now is not None:
            scan(field, float(now.to(unit).magnitude),
                 [bw_point(float(th.quantity().to(unit).magnitude), field, unit) for th in ths],
                 ("at least", "below"), functools.partial(_quantity, unit=unit))
    return WhatItTakes(cur, tuple(out))


def _n(x: float) -> str:
    return format_number(x)


def _quantity(x: float, unit: str) -> Any:
    return Q_(x, unit)


def _below(x: float, past: bool) -> float:
    return math.nextafter(x, 0.0) if past else x


def _change(x: float, now: float | None) -> float | None:
    return None if now is None else x / now - 1.0


# -- command line -------------------------------------------------------------------------------

def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], *,
                 parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add ``export-control [NAMES...] [--rule R] [--no-datacenter] [--explain]`` to a CLI.

    The handler (``args.func``) prints a table of TPP, performance density and class for the named
    chips (default: the whole catalog), ``n/d`` where a figure is not disclosed, and returns the
    exit status. ``parents`` are passed to the subparser; a ``--catalog FILE`` option is added
    unless one of them already defines it.
    """
    import argparse

    p = subparsers.add_parser(
        "export-control", parents=list(parents), help="TPP, performance density and 3A090 class (not legal advice)",
        description="TPP, performance density and US export-control class (ECCN 3A090) computed "
                    "from the catalog, with the rule edition's thresholds. Not legal advice.")
    p.add_argument("names", nargs="*", metavar="NAME", help="accelerators (default: the whole catalog)")
    p.add_argument("--rule", metavar="R", help=f"rule edition: {', '.join(RULES)} (default: newest)")
    p.add_argument("--datacenter", action=argparse.BooleanOptionalAction, default=True,
                   help="treat the chips as designed or marketed for datacenters (default: yes)")
    p.add_argument("--explain", action="store_true", help="print each chip's reason under the table")
    p.add_argument("-f", "--format", default="simple", choices=("plain", "simple", "github", "html", "latex"))
    if not any("--catalog" in a.option_strings for par in parents for a in par._actions):
        p.add_argument("--catalog", action="append", metavar="FILE",
                       help="merge this catalog file over the packaged one (repeatable)")
    p.set_defaults(func=_cmd_export_control)


def _cmd_export_control(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from accelspec.catalogs import catalog, load_catalog

    files = getattr(args, "catalog", None)
    cat = load_catalog(*files) if files else catalog()
    ed = get_rule(args.rule)
    accs = [cat.resolve(n) for n in args.names] if args.names else list(cat)
    rows, reasons = [], []
    for a in accs:
        c = classify(a, ed, datacenter=args.datacenter, catalog=cat)
        t = c.tpp
        if t is None:
            by = "n/d"
        elif t.parts:
            by = " + ".join(f"{n} x {r.accelerator}" for r, n in t.parts)
        else:
            by = f"{t.precision.upper()} {_n(float(t.rate.magnitude))} x {t.bit_length}"
        area = "n/d" if a.is_system or isinstance(a.die_area, NotDisclosed) else _n(_area_mm2(a))
        row = [a.name, "n/d" if t is None else _n(t.value), by, area,
               "n/d" if c.performance_density is None else _n(c.performance_density),
               c.cls + (" (parts)" if c.parts else "")]
        if ed.kind == "licence-policy":
            row.append(c.licence_review or "")
        rows.append(row)
        reasons.append(f"{a.name}: {c.reason}")
    headers = ["accelerator", "TPP", "set by (dense rate x bits)", "die area [mm^2]", "PD", "class"]
    if ed.kind == "licence-policy":
        headers.append("China licence review")
    print(tabulate(rows, headers=headers, tablefmt=args.format, disable_numparse=True))
    print(f"\nrule {ed.key}: {ed.title}; {ed.citation}; effective {ed.effective.isoformat()}")
    if args.explain:
        print("\n" + "\n".join(reasons))
    print("Computed from public figures for information; not legal advice.")
    return 0
