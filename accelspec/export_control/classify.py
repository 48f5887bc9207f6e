"""Export-control classification: rule editions applied to TPP and performance density.

**Not legal advice.** See :mod:`accelspec.export_control`.

- :func:`classify`: the class of a chip or system under a rule edition, whether the "designed or
  marketed for datacenters" condition mattered, and the reason with the numbers.
- :func:`what_would_it_take`: the TPP, die area or bandwidth at which a chip changes class.

Examples
--------
>>> import accelspec as acs
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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import InvalidArgumentError, MissingSpecError
from accelspec.export_control.rules import RuleEdition, Verdict, classify_figures, get_rule
from accelspec.export_control.tpp import TPPResult, _area_mm2, tpp
from accelspec.formatting import format_number
from accelspec.spec import Accelerator, NotDisclosed
from accelspec.units import Q_

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Classification", "Crossing", "WhatItTakes", "classify", "what_would_it_take"]


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

    def __repr__(self) -> str:
        from accelspec.formatting import format_number

        tpp = "" if self.tpp is None else f", TPP {format_number(self.tpp.value)}"
        pd = "" if self.performance_density is None else f", PD {format_number(self.performance_density)}"
        review = f" ({self.licence_review})" if self.licence_review else ""
        return f"<Classification {self.accelerator} under {self.rule.key}: {self.cls}{review}{tpp}{pd}>"

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_number, html_record

        rows = [("class", self.cls + (f" ({self.licence_review})" if self.licence_review else "")),
                ("reason", self.reason),
                ("TPP", "not disclosed" if self.tpp is None else format_number(self.tpp.value)),
                ("performance density", "not disclosed" if self.performance_density is None
                 else format_number(self.performance_density)),
                ("datacenter assumed", ("yes" if self.datacenter else "no")
                 + (" (the other assumption changes the outcome)" if self.datacenter_mattered else ""))]
        if self.missing:
            rows.append(("missing", ", ".join(self.missing)))
        rows += [(f"part x {n}", f"{c.name}: {c.cls}") for c, n in self.parts]
        rows += [("note", n) for n in self.notes]
        return html_record(f"{self.name} under {self.rule.key}", rows,
                           ["TPP = 2 x MacTOPS x bit length (dense); performance density = TPP per mm² "
                            "of die. Not legal advice."])


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
    a = resolve(acc, catalog)
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
    total = "" if t is None else f", TPP {format_number(t.value)} (the sum of its parts')"
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
        val = format_number(v) if isinstance(v, float) else f"{format_number(float(v.magnitude))} {v.units:~P}"
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
    a = resolve(acc, catalog)
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


def _quantity(x: float, unit: str) -> Any:
    return Q_(x, unit)


def _below(x: float, past: bool) -> float:
    return math.nextafter(x, 0.0) if past else x


def _change(x: float, now: float | None) -> float | None:
    return None if now is None else x / now - 1.0
