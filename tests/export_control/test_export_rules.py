"""Rule editions as data and classify_figures: every branch's class, level and reason, in numbers.

The thresholds are those of the Federal Register texts (87 FR 62186, 88 FR 73458, 91 FR 1684)
and of the April 2025 H20 letter; each expected reason below is written out by hand from them,
with numbers formatted the package's way (thousands separators, four significant digits).
Not legal advice; neither are these tests.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import accelspec as acs
from accelspec import Q_
from accelspec.export_control.rules import RULES, classify_figures, get_rule

NOTE2 = "and not designed or marketed for datacenters: excluded by Note 2 to 3A090"
DENIAL = "outside the 2026 case-by-case review, presumption of denial for China/Macau"
LETTER = "within the April 2025 is-informed licence requirement (for an exporter who received it)"
UNKNOWN_IO = "interconnect.bandwidth not known (not disclosed, or direction unstated)"


# -- 2023 rule (3A090.a / .b with performance density) -----------------------------------------

CASES_2023: list[tuple[float, float | None, bool, str, int | None, str]] = [
    # 3A090.a.1: TPP 4,800 or more, whatever the PD or the market
    (5000, None, True, "3A090.a", 2, "TPP 5,000 >= 4,800: 3A090.a.1, whatever the die area or market"),
    (4800, 0.5, False, "3A090.a", 2, "TPP 4,800 >= 4,800: 3A090.a.1, whatever the die area or market"),
    # Note 2: below 4,800 and not for datacenters
    (3000, 9.0, False, "not 3A090", 0, f"TPP 3,000 < 4,800 {NOTE2}"),
    # below both 1,600 thresholds
    (1599, 9.0, True, "not 3A090", 0, "TPP 1,599 < 1,600: below every 3A090 threshold"),
    # 3A090.a.2 at exactly TPP 1,600 and PD 5.92 ("or more" on both)
    (1600, 5.92, True, "3A090.a", 2, "TPP 1,600 >= 1,600 and PD 5.92 >= 5.92: 3A090.a.2"),
    # 3A090.b.2 at exactly TPP 1,600 and PD 3.2
    (1600, 3.2, True, "3A090.b", 1, "TPP 1,600 >= 1,600 and 3.2 <= PD 3.2 < 5.92: 3A090.b.2"),
    # 3A090.b.1 at exactly TPP 2,400 and PD 1.6
    (2400, 1.6, True, "3A090.b", 1, "2,400 <= TPP 2,400 < 4,800 and 1.6 <= PD 1.6 < 5.92: 3A090.b.1"),
    # outside both: below 2,400 and below PD 3.2 (the H20 with GH100's 814 mm²: 2,368 / 814 = 2.909)
    (2368, 2368 / 814, True, "not 3A090", 0,
     "TPP 2,368 < 2,400 and PD 2.909 < 3.2: outside 3A090.b; TPP 2,368 < 4,800 and PD 2.909 < 5.92: "
     "outside 3A090.a"),
    # outside both at TPP 2,400 exactly: only the PD falls short of 1.6
    (2400, 1.5, True, "not 3A090", 0,
     "PD 1.5 < 1.6: outside 3A090.b; TPP 2,400 < 4,800 and PD 1.5 < 5.92: outside 3A090.a"),
]


@pytest.mark.parametrize("tpp,pd,dc,cls,level,reason", CASES_2023)
def test_2023_rule_class_level_and_reason(tpp: float, pd: float | None, dc: bool, cls: str,
                                          level: int | None, reason: str) -> None:
    v = classify_figures(tpp, pd=pd, rule="2023", datacenter=dc)
    assert (v.cls, v.level, v.reason) == (cls, level, reason)
    assert v.licence_review is None and v.missing == ()


def test_classes_share_one_level_per_rule() -> None:
    # a.1 and a.2 are both 3A090.a; Note 2 and "below every threshold" are both not 3A090
    levels: dict[str, set[int | None]] = {}
    for tpp, pd, dc, *_ in CASES_2023:
        v = classify_figures(tpp, pd=pd, rule="2023", datacenter=dc)
        levels.setdefault(v.cls, set()).add(v.level)
    assert levels == {"3A090.a": {2}, "3A090.b": {1}, "not 3A090": {0}}


def test_between_the_tpp_thresholds_without_pd_the_class_is_undetermined() -> None:
    v = classify_figures(3000, rule="2023", accelerator="acme-x1")
    assert (v.cls, v.level, v.missing) == ("undetermined", None, ("die_area",))
    assert v.reason == ("TPP 3,000 is between 1,600 and 4,800, where the class turns on performance "
                        "density, and die_area is not disclosed for acme-x1: class undetermined")


def test_no_tpp_is_undetermined_and_names_the_chip() -> None:
    v = classify_figures(None, rule="2023", accelerator="acme-x1")
    assert (v.cls, v.level, v.missing) == ("undetermined", None, ("compute",))
    assert v.reason == "no dense compute rate is disclosed for acme-x1, so TPP cannot be computed"
    # without a name the reason speaks of "this chip"
    assert classify_figures(None, rule="2026").reason == (
        "no dense compute rate is disclosed for this chip, so TPP cannot be computed")


# -- 2022 rule (TPP and I/O) --------------------------------------------------------------------

def test_2022_rule_needs_tpp_and_io() -> None:
    below = classify_figures(4000, io_bandwidth=Q_(900, "GB/s"), rule="2022")
    assert (below.cls, below.level) == ("not 3A090", 0)
    assert below.reason == ("TPP 4,000 < 4,800: outside 3A090 (the 2022 rule needs TPP >= 4,800 and "
                            "I/O >= 600 GB/s)")
    # A100: 4,992 and 600 GB/s NVLink, both at or over the line
    a100 = classify_figures(4992, io_bandwidth=Q_(600, "GB/s"), rule="2022")
    assert (a100.cls, a100.level) == ("3A090", 1)
    assert a100.reason == "TPP 4,992 >= 4,800 and I/O 600 GB/s >= 600 GB/s: 3A090.a (2022)"
    # A800: 400 GB/s, given here in TB/s
    a800 = classify_figures(4992, io_bandwidth=Q_(0.4, "TB/s"), rule="2022")
    assert (a800.cls, a800.level) == ("not 3A090", 0)
    assert a800.reason == ("TPP 4,992 >= 4,800 but I/O 400 GB/s (scale-up link, both directions) < "
                           "600 GB/s: outside 3A090 (the 2022 rule needs both)")


def test_2022_rule_without_io_is_undetermined_at_exactly_4800() -> None:
    v = classify_figures(4800, rule="2022", accelerator="acme-x1")
    assert (v.cls, v.level, v.missing) == ("undetermined", None, ("interconnect.bandwidth",))
    assert v.reason == ("TPP 4,800 >= 4,800, and the 2022 rule also needs I/O >= 600 GB/s; the "
                        "interconnect bandwidth (both directions) of acme-x1 is not known (not "
                        "disclosed, or its direction unstated)")


@pytest.mark.parametrize("kw,name", [({"io_bandwidth": Q_(600, "GB")}, "io_bandwidth"),
                                     ({"memory_bandwidth": Q_(4, "TB")}, "memory_bandwidth")])
def test_bandwidths_of_the_wrong_dimension_are_refused_by_name(kw: dict[str, Any], name: str) -> None:
    with pytest.raises(acs.UnitError, match=rf"\b{name}\b"):
        classify_figures(5000, rule="2025-h20", **kw)


# -- 2026 licence policy ------------------------------------------------------------------------

A1 = "TPP 15,832 >= 4,800: 3A090.a.1, whatever the die area or market"


def test_2026_case_by_case_below_both_relief_figures() -> None:
    # H200: TPP 15,832 < 21,000 and 4.8 TB/s = 4,800 GB/s < 6,500 GB/s
    v = classify_figures(15832, memory_bandwidth=Q_(4.8, "TB/s"), rule="2026")
    assert (v.cls, v.licence_review, v.level) == ("3A090.a", "case-by-case", 4)    # 2 x 2
    assert v.reason == (f"{A1}; TPP < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s: case-by-case "
                        "licence review for China/Macau if the 2026 rule's conditions are met")


def test_2026_presumption_of_denial_at_exactly_the_relief_limits() -> None:
    t = classify_figures(21000, memory_bandwidth=Q_(1, "TB/s"), rule="2026")
    assert (t.cls, t.licence_review, t.level) == ("3A090.a", "presumption of denial", 5)   # 2 x 2 + 1
    assert t.reason == ("TPP 21,000 >= 4,800: 3A090.a.1, whatever the die area or market; "
                        f"TPP >= 21,000: {DENIAL}")
    m = classify_figures(15832, memory_bandwidth=Q_(6500, "GB/s"), rule="2026")
    assert (m.licence_review, m.level) == ("presumption of denial", 5)
    assert m.reason == f"{A1}; DRAM bandwidth 6,500 GB/s >= 6,500 GB/s: {DENIAL}"


def test_2026_without_memory_bandwidth_the_review_is_undetermined() -> None:
    v = classify_figures(15832, rule="2026")
    assert (v.cls, v.licence_review, v.level) == ("3A090.a", "undetermined", None)
    assert v.missing == ("memory.bandwidth",)
    assert v.reason == (f"{A1}; TPP < 21,000 but memory.bandwidth is not disclosed, so the 2026 "
                        "licence review is undetermined")


def test_2026_levels_are_twice_the_class_level_plus_one_under_denial() -> None:
    mem = Q_(2, "TB/s")
    b = classify_figures(1600, pd=3.2, memory_bandwidth=mem, rule="2026")
    assert (b.cls, b.licence_review, b.level) == ("3A090.b", "case-by-case", 2)
    b_denied = classify_figures(1600, pd=3.2, memory_bandwidth=Q_(8, "TB/s"), rule="2026")
    assert (b_denied.licence_review, b_denied.level) == ("presumption of denial", 3)
    # items outside 3A090, or undetermined, get no licence review at all
    outside = classify_figures(1000, memory_bandwidth=mem, rule="2026")
    assert (outside.cls, outside.level, outside.licence_review) == ("not 3A090", 0, None)
    assert outside.reason == "TPP 1,000 < 1,600: below every 3A090 threshold"
    unknown = classify_figures(3000, memory_bandwidth=mem, rule="2026")
    assert (unknown.cls, unknown.level, unknown.licence_review) == ("undetermined", None, None)


# -- the April 2025 H20 letter ------------------------------------------------------------------

def test_h20_letter_reached_by_either_figure() -> None:
    both = classify_figures(None, memory_bandwidth=Q_(4, "TB/s"), io_bandwidth=Q_(900, "GB/s"),
                            rule="2025-h20")
    assert (both.cls, both.level) == ("H20 letter reached", 1)
    assert both.reason == ("memory bandwidth 4 TB/s >= the H20's 4 TB/s; interconnect bandwidth "
                           f"900 GB/s >= the H20's 900 GB/s: {LETTER}")
    io_only = classify_figures(None, io_bandwidth=Q_(1, "TB/s"), rule="2025-h20")
    assert io_only.reason == f"interconnect bandwidth 1,000 GB/s >= the H20's 900 GB/s: {LETTER}"
    assert io_only.missing == ()


def test_h20_letter_not_reached() -> None:
    # A800: 2.039 TB/s HBM2e, 400 GB/s NVLink
    v = classify_figures(None, memory_bandwidth=Q_(2.039, "TB/s"), io_bandwidth=Q_(400, "GB/s"),
                         rule="2025-h20")
    assert (v.cls, v.level, v.missing) == ("H20 letter not reached", 0, ())
    assert v.reason == ("memory bandwidth 2.039 TB/s < the H20's 4 TB/s; interconnect bandwidth 400 GB/s "
                        "< the H20's 900 GB/s: below both H20 figures")


def test_h20_letter_undetermined_names_what_is_missing() -> None:
    io_missing = classify_figures(None, memory_bandwidth=Q_(2, "TB/s"), rule="2025-h20")
    assert (io_missing.cls, io_missing.level) == ("undetermined", None)
    assert io_missing.missing == ("interconnect.bandwidth",)
    assert io_missing.reason == f"memory bandwidth 2 TB/s < the H20's 4 TB/s; {UNKNOWN_IO}"
    neither = classify_figures(None, rule="2025-h20")
    assert neither.missing == ("memory.bandwidth", "interconnect.bandwidth")
    assert neither.reason == f"memory.bandwidth not disclosed; {UNKNOWN_IO}"
    mem_missing = classify_figures(None, io_bandwidth=Q_(400, "GB/s"), rule="2025-h20")
    assert mem_missing.missing == ("memory.bandwidth",)
    assert mem_missing.reason == ("interconnect bandwidth 400 GB/s < the H20's 900 GB/s; "
                                  "memory.bandwidth not disclosed")


# -- editions and their lookup ------------------------------------------------------------------

def test_aliases_are_case_and_space_insensitive() -> None:
    assert get_rule(" HBM ").key == "2024"
    assert get_rule("H20").key == "2025-h20"
    assert get_rule("2025").key == "2025-h20"
    assert get_rule("2024-HBM").key == "2024"
    assert get_rule(RULES["2022"]) is RULES["2022"]


def test_an_unknown_rule_is_refused_with_every_key() -> None:
    with pytest.raises(acs.UnknownRuleError) as info:
        get_rule("2019")
    err = info.value
    assert (err.query, err.what) == ("2019", "export-control rule")
    assert err.suggestions == ("2022", "2023", "2024", "2025-h20", "2026")
    assert str(err).startswith("unknown export-control rule '2019'; did you mean '2022'")


def test_a_rule_is_in_force_from_its_effective_date() -> None:
    assert get_rule(on=datetime.date(2023, 11, 17)).key == "2023"     # 88 FR 73458, effective that day
    assert get_rule(on=datetime.date(2023, 11, 16)).key == "2022"
    assert get_rule(on=datetime.date(2022, 10, 7)).key == "2022"      # 87 FR 62186
    assert get_rule(on=datetime.date(2026, 1, 15)).key == "2026"
    with pytest.raises(acs.UnknownRuleError) as info:
        get_rule(on=datetime.date(2022, 10, 6))
    assert info.value.query == "2022-10-06"
    assert info.value.what == "date: no 3A090 rule was in force on"
    assert info.value.suggestions == ("2022", "2023", "2024", "2025-h20", "2026")


def test_thresholds_by_name_and_as_quantities() -> None:
    ed = RULES["2022"]
    assert ed.threshold("tpp") == 4800 and ed.threshold("io") == 600
    with pytest.raises(acs.UnknownMetricError) as info:
        ed.threshold("pd_a2")
    assert (info.value.query, info.value.suggestions) == ("pd_a2", ("tpp", "io"))
    assert info.value.what == "threshold of rule 2022"
    tpp_t, io_t = ed.thresholds
    assert tpp_t.quantity().to("count").magnitude == pytest.approx(4800)
    assert io_t.quantity().to("TB/s").magnitude == pytest.approx(0.6)
    assert RULES["2024"].threshold("hbm_density") == 2.0
    assert RULES["2026"].threshold("tpp_relief") == 21000
