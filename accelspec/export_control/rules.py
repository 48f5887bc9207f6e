"""Export-control rule editions as data, and the engine that applies them to figures.

**Not legal advice.** Each :class:`RuleEdition` holds the thresholds of one edition of the US rules
on advanced computing ICs (ECCN 3A090) with its effective date and Federal Register citation;
:func:`classify_figures` applies one to a TPP, a performance density and bandwidths and explains
the outcome in numbers. :mod:`accelspec.export_control` applies them to catalog entries.

The thresholds were read from the rules as quoted verbatim in public secondary sources; the
Federal Register documents themselves (linked from each edition) are the authority.

Examples
--------
>>> v = classify_figures(2368.0, pd=2368 / 814, rule="2023")
>>> v.cls
'not 3A090'
>>> print(v.reason)
TPP 2,368 < 2,400 and PD 2.909 < 3.2: outside 3A090.b; TPP 2,368 < 4,800 and PD 2.909 < 5.92: outside 3A090.a
>>> classify_figures(2368.0, pd=2368 / 814, rule="2023", datacenter=False).reason
'TPP 2,368 < 4,800 and not designed or marketed for datacenters: excluded by Note 2 to 3A090'
>>> get_rule().key                                     # the newest 3A090 edition
'2026'
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from accelspec.formatting import format_number
from accelspec.errors import UnknownMetricError, UnknownRuleError
from accelspec.spec import FrozenDict
from accelspec.units import Q_, to_unit

__all__ = ["RULES", "RuleEdition", "Threshold", "Verdict", "classify_figures", "get_rule"]


@attrs.frozen
class Threshold:
    """One threshold of a rule edition.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"tpp_a1"``.
    value : float
        The number as the rule states it.
    unit : str or None
        Its unit (``"GB/s"``...), or ``None`` for the rule's own dimensionless TPP and PD figures.
    meaning : str
        What it is, in the rule's words.
    """

    name: str
    value: float
    unit: str | None
    meaning: str

    def quantity(self) -> Any:
        """The threshold as a pint quantity in :attr:`unit` (dimensionless ones in ``count``)."""
        return Q_(self.value, self.unit or "count")


@attrs.frozen
class RuleEdition:
    """One edition of the rules, as data.

    Attributes
    ----------
    key : str
        ``"2022"``, ``"2023"``, ``"2024"``, ``"2025-h20"``, ``"2026"``.
    title : str
        What it is.
    effective : datetime.date
        Date it took effect.
    citation, url : str
        Federal Register citation (or filing) and its address.
    kind : {"eccn", "licence-policy", "is-informed"}
        A control list entry, a licence review policy over it, or a letter to one exporter.
    thresholds : tuple of Threshold
        Its numbers.
    summary : str
        One paragraph.
    """

    key: str
    title: str
    effective: datetime.date
    citation: str
    url: str
    kind: Literal["eccn", "licence-policy", "is-informed"]
    thresholds: tuple[Threshold, ...]
    summary: str

    def threshold(self, name: str) -> float:
        """The value of a threshold by name."""
        for t in self.thresholds:
            if t.name == name:
                return t.value
        raise UnknownMetricError(name, [t.name for t in self.thresholds],
                                 what=f"threshold of rule {self.key}")


_T2023 = (
    Threshold("tpp_a1", 4800, None, "3A090.a.1: TPP of 4,800 or more"),
    Threshold("tpp_a2", 1600, None, "3A090.a.2: TPP of 1,600 or more and ..."),
    Threshold("pd_a2", 5.92, None, "3A090.a.2: ... performance density of 5.92 or more"),
    Threshold("tpp_b1", 2400, None, "3A090.b.1: TPP of 2,400 or more (and less than 4,800) and ..."),
    Threshold("pd_b1", 1.6, None, "3A090.b.1: ... PD of 1.6 or more (and less than 5.92)"),
    Threshold("tpp_b2", 1600, None, "3A090.b.2: TPP of 1,600 or more and ..."),
    Threshold("pd_b2", 3.2, None, "3A090.b.2: ... PD of 3.2 or more (and less than 5.92)"),
)

RULES: Mapping[str, RuleEdition] = FrozenDict({r.key: r for r in (
    RuleEdition(
        "2022", "ECCN 3A090 as first created (Oct 2022 interim final rule)", datetime.date(2022, 10, 7),
        "87 FR 62186 (Oct. 13, 2022), FR Doc 2022-21658",
        "https://www.govinfo.gov/content/pkg/FR-2022-10-13/html/2022-21658.htm", "eccn",
        (Threshold("tpp", 4800, None, "bit length per operation x TOPS, aggregated, of 4,800 or more"),
         Threshold("io", 600, "GB/s", "aggregate bidirectional transfer rate over all inputs and "
                   "outputs (other than to volatile memory) of 600 Gbyte/s or more")),
        "3A090 needs both: TPP >= 4,800 AND I/O >= 600 GB/s, which is why the A800 and H800 "
        "(400 GB/s NVLink) passed. I/O here is the catalog's scale-up link, both directions; it "
        "omits the host link (PCIe), so it is a lower bound of the rule's figure."),
    RuleEdition(
        "2023", "3A090.a / .b with performance density (AC/S interim final rule)",
        datetime.date(2023, 11, 17),
        "88 FR 73458 (Oct. 25, 2023), FR Doc 2023-23055",
        "https://www.govinfo.gov/content/pkg/FR-2023-10-25/html/2023-23055.htm", "eccn", _T2023,
        "3A090.a: TPP >= 4,800, or TPP >= 1,600 and PD >= 5.92. 3A090.b: 2,400 <= TPP < 4,800 and "
        "1.6 <= PD < 5.92, or TPP >= 1,600 and 3.2 <= PD < 5.92. Note 2: 3A090 does not apply to "
        "items not designed or marketed for datacenters with TPP < 4,800."),
    RuleEdition(
        "2024", "3A090.c for HBM (Dec 2024 interim final rule)", datetime.date(2024, 12, 2),
        "89 FR 96790 (Dec. 5, 2024), FR Doc 2024-28270",
        "https://www.govinfo.gov/content/pkg/FR-2024-12-05/html/2024-28270.htm", "eccn",
        _T2023 + (Threshold("hbm_density", 2.0, "GB/s/mm^2", "3A090.c: HBM with memory bandwidth "
                            "density greater than 2 GB/s per mm² of package or stack"),),
        "Adds 3A090.c: HBM stacks with memory bandwidth density > 2 GB/s/mm² (3.3 GB/s/mm² is only "
        "the bound of License Exception HBM). It controls the memory, not the accelerator; HBM "
        "co-packaged with logic whose primary function is logic is excluded by its note. 3A090.a/.b "
        "are unchanged. The HBM changes had a compliance date of 2024-12-31."),
    RuleEdition(
        "2025-h20", "Is-informed letter on the H20 (policy, not a published rule)", datetime.date(2025, 4, 9),
        "NVIDIA Form 8-K filed 2025-04-15 (USG notice of 2025-04-09)",
        "https://www.sec.gov/Archives/edgar/data/1045810/000104581025000082/nvda-20250409.htm",
        "is-informed",
        (Threshold("memory_bandwidth", 4.0, "TB/s", "the H20's memory bandwidth"),
         Threshold("interconnect", 900, "GB/s",
                   "the H20's interconnect bandwidth (NVLink, both directions)")),
        "A licence is required to export to China (and D:5 countries) the H20 and any IC achieving "
        "its memory bandwidth, interconnect bandwidth, or a combination thereof. Modelled as "
        "reaching either figure; 'combination thereof' is not modelled. Addressed to NVIDIA (AMD "
        "reported one for the MI308); licences were later promised (July 2025)."),
    RuleEdition(
        "2026", "Case-by-case licence review for China/Macau (Jan 2026 final rule)",
        datetime.date(2026, 1, 15),
        "91 FR 1684 (Jan. 15, 2026), FR Doc 2026-00789",
        "https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm", "licence-policy",
        _T2023 + (Threshold("tpp_relief", 21000, None, "TPP less than 21,000 and ..."),
                  Threshold("dram_relief", 6500, "GB/s", "... total DRAM bandwidth less than 6,500 GB/s")),
        "3A090 is unchanged; exports from the US to China/Macau of 3A090 items with TPP < 21,000 and "
        "total DRAM bandwidth < 6,500 GB/s (such as the H200) move from presumption of denial to "
        "case-by-case review, if the rule's conditions are met (commercially available in the US, "
        "sufficient US supply, security procedures, third-party testing in the US)."),
)})

_ALIASES = {"2024-hbm": "2024", "hbm": "2024", "h20": "2025-h20", "2025": "2025-h20"}
_ECCN_ORDER = tuple(k for k, r in RULES.items() if r.kind != "is-informed")


def get_rule(rule: str | RuleEdition | None = None, *, on: datetime.date | None = None) -> RuleEdition:
    """A rule edition by key, or the newest 3A090 edition (in force on ``on``, if given).

    The April 2025 H20 letter (``"2025-h20"``) is never the default: ask for it by name.

    Raises
    ------
    UnknownRuleError
        For an unknown key, or a date before the first 3A090 rule.
    """
    if isinstance(rule, RuleEdition):
        return rule
    if rule is not None:
        key = _ALIASES.get(str(rule).strip().lower(), str(rule).strip().lower())
        if key not in RULES:
            raise UnknownRuleError(str(rule), list(RULES))
        return RULES[key]
    keys = [k for k in _ECCN_ORDER if on is None or RULES[k].effective <= on]
    if not keys:
        raise UnknownRuleError(str(on), list(RULES), what="date: no 3A090 rule was in force on")
    return RULES[keys[-1]]


# -- classification -----------------------------------------------------------------------------

@attrs.frozen
class Verdict:
    """The outcome of one rule on a set of figures.

    Attributes
    ----------
    cls : str
        ``"3A090.a"``, ``"3A090.b"``, ``"not 3A090"`` (2022: ``"3A090"`` / ``"not 3A090"``;
        H20 letter: ``"H20 letter reached"`` / ``"H20 letter not reached"``), or
        ``"undetermined"``.
    level : int or None
        Order within one rule: higher is more controlled (2026: 2 x class level, + 1 under
        presumption of denial); ``None`` when undetermined.
    reason : str
        The numbers and thresholds that decided it.
    licence_review : str or None
        2026 only, for 3A090 items: ``"case-by-case"``, ``"presumption of denial"`` or
        ``"undetermined"``.
    missing : tuple of str
        Fields that were needed but not disclosed.
    """

    cls: str
    level: int | None
    reason: str
    licence_review: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Class and licence review in one short string."""
        return self.cls + (f", {self.licence_review}" if self.licence_review else "")


def _n(x: float) -> str:
    return format_number(x)


def _q(q: Any, unit: str) -> str:
    return f"{format_number(float(q.to(unit).magnitude))} {unit}"


def _eccn_2023(ed: RuleEdition, tpp_v: float, pd: float | None, datacenter: bool, acc_id: str) -> Verdict:
    t = ed.threshold
    a1, a2, pa2, b1, pb1, b2, pb2 = (t("tpp_a1"), t("tpp_a2"), t("pd_a2"), t("tpp_b1"),
                                     t("pd_b1"), t("tpp_b2"), t("pd_b2"))
    s = f"TPP {_n(tpp_v)}"
    if tpp_v >= a1:
        return Verdict("3A090.a", 2, f"{s} >= {_n(a1)}: 3A090.a.1, whatever the die area or market")
    if not datacenter:
        return Verdict("not 3A090", 0, f"{s} < {_n(a1)} and not designed or marketed for "
                       "datacenters: excluded by Note 2 to 3A090")
    if tpp_v < min(a2, b2):
        return Verdict("not 3A090", 0, f"{s} < {_n(min(a2, b2))}: below every 3A090 threshold")
    if pd is None:
        return Verdict("undetermined", None, f"{s} is between {_n(min(a2, b2))} and {_n(a1)}, where "
                       f"the class turns on performance density, and die_area is not disclosed "
                       f"for {acc_id}: class undetermined", missing=("die_area",))
    p = f"PD {_n(pd)}"
    if tpp_v >= a2 and pd >= pa2:
        return Verdict("3A090.a", 2, f"{s} >= {_n(a2)} and {p} >= {_n(pa2)}: 3A090.a.2")
    if tpp_v >= b2 and pd >= pb2:
        return Verdict("3A090.b", 1, f"{s} >= {_n(b2)} and {_n(pb2)} <= {p} < {_n(pa2)}: 3A090.b.2")
    if tpp_v >= b1 and pd >= pb1:
        return Verdict("3A090.b", 1, f"{_n(b1)} <= {s} < {_n(a1)} and {_n(pb1)} <= {p} < {_n(pa2)}: "
                       "3A090.b.1")
    why = (f"{s} < {_n(b1)} and {p} < {_n(pb2)}" if tpp_v < b1 else f"{p} < {_n(pb1)}")
    return Verdict("not 3A090", 0, f"{why}: outside 3A090.b; {s} < {_n(a1)} and {p} < {_n(pa2)}: "
                   "outside 3A090.a")


def classify_figures(tpp_value: float | None, *, pd: float | None = None,
                     io_bandwidth: Any = None, memory_bandwidth: Any = None,
                     rule: str | RuleEdition | None = None, datacenter: bool = True,
                     accelerator: str = "this chip") -> Verdict:
    """Apply one rule edition to figures (the engine under :func:`classify`).

    Parameters
    ----------
    tpp_value : float or None
        TPP (dimensionless); ``None`` when it cannot be computed.
    pd : float or None
        Performance density (TPP per mm²); ``None`` when the die area is unknown.
    io_bandwidth : pint.Quantity or None
        Interconnect bandwidth, both directions added [GB/s] (2022 rule, H20 letter).
    memory_bandwidth : pint.Quantity or None
        DRAM / HBM bandwidth [TB/s] (2026 rule, H20 letter).
    rule : str or RuleEdition, optional
        Default: the newest 3A090 edition.
    datacenter : bool
        Whether the item is designed or marketed for datacenters (2023 rule onwards).
    accelerator : str
        Name used in reasons.

    Returns
    -------
    Verdict
    """
    ed = get_rule(rule)
    io = None if io_bandwidth is None else to_unit(io_bandwidth, "GB/s", what="io_bandwidth")
    mem = None if memory_bandwidth is None else to_unit(memory_bandwidth, "TB/s", what="memory_bandwidth")
    if ed.kind == "is-informed":
        return _h20_letter(ed, io, mem)
    if tpp_value is None:
        return Verdict("undetermined", None, f"no dense compute rate is disclosed for {accelerator}, "
                       "so TPP cannot be computed", missing=("compute",))
    if ed.key == "2022":
        t, lim = ed.threshold("tpp"), Q_(ed.threshold("io"), "GB/s")
        s = f"TPP {_n(tpp_value)}"
        if tpp_value < t:
            return Verdict("not 3A090", 0, f"{s} < {_n(t)}: outside 3A090 (the 2022 rule needs TPP "
                           f">= {_n(t)} and I/O >= {_q(lim, 'GB/s')})")
        if io is None:
            return Verdict("undetermined", None, f"{s} >= {_n(t)}, and the 2022 rule also needs I/O "
                           f">= {_q(lim, 'GB/s')}; the interconnect bandwidth (both directions) of "
                           f"{accelerator} is not known (not disclosed, or its direction unstated)",
                           missing=("interconnect.bandwidth",))
        if io >= lim:
            return Verdict("3A090", 1, f"{s} >= {_n(t)} and I/O {_q(io, 'GB/s')} >= {_q(lim, 'GB/s')}: "
                           "3A090.a (2022)")
        return Verdict("not 3A090", 0, f"{s} >= {_n(t)} but I/O {_q(io, 'GB/s')} (scale-up link, both "
                       f"directions) < {_q(lim, 'GB/s')}: outside 3A090 (the 2022 rule needs both)")
    v = _eccn_2023(ed, tpp_value, pd, datacenter, accelerator)
    if ed.kind != "licence-policy" or v.level is None or v.level == 0:
        return v
    relief, dram = ed.threshold("tpp_relief"), Q_(ed.threshold("dram_relief"), "GB/s")
    base = 2 * v.level
    if tpp_value >= relief:
        return attrs.evolve(v, licence_review="presumption of denial", level=base + 1,
                            reason=v.reason + f"; TPP >= {_n(relief)}: outside the 2026 case-by-case "
                            "review, presumption of denial for China/Macau")
    if mem is None:
        return attrs.evolve(v, licence_review="undetermined", level=None,
                            missing=v.missing + ("memory.bandwidth",),
                            reason=v.reason + f"; TPP < {_n(relief)} but memory.bandwidth is not "
                            "disclosed, so the 2026 licence review is undetermined")
    if mem >= dram:
        return attrs.evolve(v, licence_review="presumption of denial", level=base + 1,
                            reason=v.reason + f"; DRAM bandwidth {_q(mem, 'GB/s')} >= {_q(dram, 'GB/s')}: "
                            "outside the 2026 case-by-case review, presumption of denial for China/Macau")
    return attrs.evolve(v, licence_review="case-by-case", level=base,
                        reason=v.reason + f"; TPP < {_n(relief)} and DRAM bandwidth {_q(mem, 'GB/s')} < "
                        f"{_q(dram, 'GB/s')}: case-by-case licence review for China/Macau if the "
                        "2026 rule's conditions are met")


def _h20_letter(ed: RuleEdition, io: Any, mem: Any) -> Verdict:
    mlim, ilim = Q_(ed.threshold("memory_bandwidth"), "TB/s"), Q_(ed.threshold("interconnect"), "GB/s")
    reached, below, missing = [], [], []
    for name, val, lim, unit in (("memory bandwidth", mem, mlim, "TB/s"),
                                 ("interconnect bandwidth", io, ilim, "GB/s")):
        if val is None:
            missing.append("memory.bandwidth" if name.startswith("memory") else "interconnect.bandwidth")
        elif val >= lim:
            reached.append(f"{name} {_q(val, unit)} >= the H20's {_q(lim, unit)}")
        else:
            below.append(f"{name} {_q(val, unit)} < the H20's {_q(lim, unit)}")
    if reached:
        return Verdict("H20 letter reached", 1, "; ".join(reached) + ": within the April 2025 "
                       "is-informed licence requirement (for an exporter who received it)")
    if missing:
        unknown = [f"{m} not known (not disclosed, or direction unstated)" if m.startswith("inter")
                   else f"{m} not disclosed" for m in missing]
        return Verdict("undetermined", None, "; ".join(below + unknown), missing=tuple(missing))
    return Verdict("H20 letter not reached", 0, "; ".join(below) + ": below both H20 figures")
