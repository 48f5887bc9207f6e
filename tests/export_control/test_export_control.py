"""Export control: TPP, performance density, rule-versioned 3A090 classification, what it takes.

Properties first (unit invariance, monotonicity, dense-only), then worked examples pinned to
published figures with the arithmetic in a comment. Not legal advice; neither are these tests.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.export_control import (
    BIT_LENGTHS,
    RULES,
    classify,
    classify_figures,
    get_rule,
    performance_density,
    system_tpp,
    tpp,
    tpp_range,
    what_would_it_take,
)
from accelspec.fields import compute_unit
from accelspec.spec import Accelerator, Memory, NotDisclosed, Part

from conftest import CUSTOM, SOURCE, entry

ECCN_RULES = ("2023", "2024", "2026")


def chip(compute: dict[str, Any], *, die_area: Any = None, mem_tbs: float = 2.0,
         io_gbs: float | None = None, cid: str = "hand-built") -> Accelerator:
    """A hand-built accelerator with just the figures a test needs."""
    kw: dict[str, Any] = {}
    if die_area is not None:
        kw["die_area"] = die_area
    if io_gbs is not None:
        kw["interconnect"] = acs.Interconnect(bandwidth=Q_(io_gbs, "GB/s"), direction="bidirectional")
    return Accelerator(id=cid, name=cid, vendor="Test", compute=compute,
                       memory=Memory(bandwidth=Q_(mem_tbs, "TB/s")), **kw)


# -- properties: TPP --------------------------------------------------------------------------

@given(acst.compute_ratings(precisions=("fp64", "tf32", "bf16", "fp8", "int8", "fp4"), sparse=False))
def test_tpp_is_invariant_to_the_units_the_peaks_were_given_in(ratings: dict[str, Any]) -> None:
    # the strategy draws each rate in TFLOP/s, PFLOP/s, GFLOP/s, TOPS...; rebuild it in the
    # canonical unit by hand and compare
    canonical = {k: Q_(float(q.to(compute_unit(k)).magnitude), compute_unit(k)) for k, q in ratings.items()}
    a, b = tpp(chip(ratings)), tpp(chip(canonical))
    assert a.value == pytest.approx(b.value, rel=1e-9)
    assert a.precision == b.precision


@given(acst.accelerators(precisions=("bf16", "fp8", "int8", "tf32")), st.data(), st.floats(1.0, 10.0))
def test_tpp_is_monotone_in_each_precisions_peak(acc: Accelerator, data: st.DataObject, k: float) -> None:
    field = data.draw(st.sampled_from(sorted(f for f in acc.compute if ":" not in f)))
    raised = attrs.evolve(acc, compute={**acc.compute, field: acc.compute[field] * k})
    assert tpp(raised).value >= tpp(acc).value * (1 - 1e-12)


@given(acst.accelerators(precisions=("bf16",)),
       st.sampled_from(("fp64", "fp32", "tf32", "fp8", "int8", "fp6", "fp4", "int4")),
       st.floats(0.01, 0.99))
def test_adding_a_precision_with_a_lower_product_changes_nothing(acc: Accelerator, extra: str,
                                                                  f: float) -> None:
    before = tpp(acc)
    rate = Q_(f * before.value / BIT_LENGTHS[extra], compute_unit(extra))
    after = tpp(attrs.evolve(acc, compute={**acc.compute, extra: rate}))
    assert after.value == pytest.approx(before.value, rel=1e-12)
    assert after.precision == before.precision == "bf16"
    assert extra in [c.precision for c in after.candidates]


@given(acst.accelerators(precisions=("bf16", "int8")), st.sampled_from(("fp8", "fp4", "fp16")),
       st.floats(1e3, 1e6))
def test_a_sparse_figure_is_never_fed_into_tpp(acc: Accelerator, p: str, huge: float) -> None:
    # a sparse-only precision, however large, contributes nothing
    with_sparse = attrs.evolve(acc, compute={**acc.compute, f"{p}:sparse": Q_(huge, compute_unit(p))})
    assert tpp(with_sparse).value == tpp(acc).value
    assert p in tpp(with_sparse).sparse_only
    assert all(":sparse" not in c.field for c in tpp(with_sparse).candidates)


# -- properties: classification ----------------------------------------------------------------

# figures spread wide, and concentrated where the thresholds are
TPPS = st.one_of(st.floats(100, 60000), st.floats(1500, 5000),
                 st.sampled_from([1600.0, 2400.0, 4800.0, 21000.0]))
PDS = st.one_of(st.floats(0.1, 60), st.floats(1.0, 7.0), st.sampled_from([1.6, 3.2, 5.92]))


@given(TPPS, TPPS, PDS, PDS, st.sampled_from(ECCN_RULES), st.booleans(), st.floats(0.5, 10))
def test_classification_is_monotone_in_tpp_and_pd(t1: float, t2: float, p1: float, p2: float,
                                                   rule: str, datacenter: bool, mem: float) -> None:
    (t1, t2), (p1, p2) = sorted((t1, t2)), sorted((p1, p2))
    lo = classify_figures(t1, pd=p1, memory_bandwidth=Q_(mem, "TB/s"), rule=rule, datacenter=datacenter)
    hi = classify_figures(t2, pd=p2, memory_bandwidth=Q_(mem, "TB/s"), rule=rule, datacenter=datacenter)
    assert lo.level is not None and hi.level is not None
    assert lo.level <= hi.level, (lo, hi)


@pytest.mark.parametrize("rule", ECCN_RULES)
@pytest.mark.parametrize("datacenter", [True, False])
def test_classification_is_monotone_on_a_grid_around_every_threshold(rule: str, datacenter: bool) -> None:
    ed = get_rule(rule)
    marks = [t.value for t in ed.thresholds if t.unit is None]
    tpps = sorted({m * f for m in marks for f in (0.9, 0.999, 1.0, 1.001, 1.1)} | {100.0, 90000.0})
    pds = sorted({m * f for m in marks if m < 10 for f in (0.9, 0.999, 1.0, 1.001, 1.1)} | {0.1, 80.0})
    for mem in (Q_(2, "TB/s"), Q_(8, "TB/s")):
        grid = [[classify_figures(t, pd=p, memory_bandwidth=mem, rule=ed, datacenter=datacenter).level
                 for p in pds] for t in tpps]
        for i, row in enumerate(grid):
            for j, level in enumerate(row):
                assert level is not None
                if i:
                    assert grid[i - 1][j] <= level, (tpps[i], pds[j])
                if j:
                    assert row[j - 1] <= level, (tpps[i], pds[j])


@given(st.floats(100, 60000), st.floats(100, 60000), st.floats(1, 2000), st.floats(1, 2000),
       st.floats(0.1, 10), st.floats(0.1, 10))
def test_2022_rule_and_h20_letter_are_monotone(t1: float, t2: float, i1: float, i2: float,
                                                m1: float, m2: float) -> None:
    (t1, t2), (i1, i2), (m1, m2) = sorted((t1, t2)), sorted((i1, i2)), sorted((m1, m2))
    for rule in ("2022", "2025-h20"):
        lo = classify_figures(t1, io_bandwidth=Q_(i1, "GB/s"), memory_bandwidth=Q_(m1, "TB/s"), rule=rule)
        hi = classify_figures(t2, io_bandwidth=Q_(i2, "GB/s"), memory_bandwidth=Q_(m2, "TB/s"), rule=rule)
        assert lo.level is not None and hi.level is not None and lo.level <= hi.level


@given(acst.accelerators(precisions=("bf16", "fp8")), acst.quantities("mm^2", min_value=50, max_value=1500),
       st.floats(1.0, 20.0), st.sampled_from(ECCN_RULES + ("2022",)))
def test_raising_a_chips_peaks_never_makes_it_less_controlled(acc: Accelerator, area: Any, k: float,
                                                               rule: str) -> None:
    a = attrs.evolve(acc, die_area=area)
    b = attrs.evolve(a, compute={f: q * k for f, q in a.compute.items()})
    ca, cb = classify(a, rule), classify(b, rule)
    assert ca.level is not None and cb.level is not None and ca.level <= cb.level


@given(st.floats(5, 2000), acst.quantities("mm^2", min_value=50, max_value=1500), st.sampled_from(ECCN_RULES))
def test_what_would_it_take_names_figures_that_do_change_the_class(bf16: float, area: Any, rule: str) -> None:
    a = chip({"bf16": Q_(bf16, "TFLOP/s")}, die_area=area)
    w = what_would_it_take(a, rule)
    a_mm2 = float(area.to("mm^2").magnitude)
    t0 = bf16 * 16
    for c in w.crossings:
        # just past the stated value, everything else held at the chip's figures
        nudge = 1 + 1e-9 if c.bound in ("at least", "above") else 1 - 1e-9
        t, area_mm2, mem = t0, a_mm2, Q_(2.0, "TB/s")
        if c.field == "tpp":
            t = c.value * nudge
        elif c.field == "die_area":
            area_mm2 = float(c.value.to("mm^2").magnitude) * nudge
        else:
            assert c.field == "memory.bandwidth"
            mem = c.value * nudge
        v = classify_figures(t, pd=t / area_mm2, memory_bandwidth=mem, rule=rule)
        assert v.level is not None and w.current.level is not None
        assert (v.level > w.current.level) if c.more_controlled else (v.level < w.current.level), c


# -- worked examples: TPP -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["H100 SXM", "H200"])
def test_h100_and_h200_tpp_is_15832(name: str) -> None:
    # 989.5 TFLOPS dense BF16 (1,979 sparse / 2) x 16 = 15,832; FP8 1,979 x 8 ties
    r = tpp(acs.get(name))
    assert r.value == pytest.approx(15832)
    assert (r.precision, r.bit_length) == ("bf16", 16)
    assert r.rate.to("TFLOP/s").magnitude == pytest.approx(989.5)
    assert {"bf16", "fp16", "fp8", "int8"} <= set(r.ties)
    # TF32 494.5 x 32 = 15,824 is considered and loses
    assert {c.precision: c.product for c in r.candidates}["tf32"] == pytest.approx(15824)


@pytest.mark.parametrize("name", ["nvidia-a100-sxm-80gb", "nvidia-a800-sxm-80gb"])
def test_a100_and_a800_tpp_is_4992(name: str) -> None:
    # 312 x 16 = 4,992 (also 624 INT8 x 8 and 156 TF32 x 32); the 16-bit figure is reported
    r = tpp(acs.get(name))
    assert r.value == pytest.approx(4992)
    assert r.precision == "bf16" and {"int8", "tf32"} <= set(r.ties)


def test_h20_tpp_is_2368() -> None:
    r = tpp(acs.get("H20"))   # 148 x 16 = 2,368
    assert r.value == pytest.approx(2368)
    assert r.precision == "bf16"
    assert "TPP 2,368 = 148 TFLOP/s dense BF16 x 16 bits" in str(r)


def test_l20_tpp_is_about_1912() -> None:
    # 119.5 x 16 = 1,912; the press table's TF32 59.8 (= 119.5 / 2, rounded) x 32 = 1,913.6
    r = tpp(acs.get("L20"))
    assert r.value == pytest.approx(1912, rel=1e-3)
    assert {c.precision: c.product for c in r.candidates}["bf16"] == pytest.approx(1912)


def test_ascend_910b_tpp_uses_the_catalogs_choice_and_reports_the_range() -> None:
    # the catalog chooses 353 TFLOPS: 353 x 16 = 5,648; claims run 280 x 16 = 4,480 to 376 x 16 = 6,016
    assert tpp(acs.get("Ascend 910B")).value == pytest.approx(5648)
    assert tpp_range(acs.get("Ascend 910B")) == pytest.approx((4480, 5648, 6016))


def test_ascend_910b_at_the_often_quoted_320_tflops_is_5120() -> None:
    assert tpp(chip({"fp16": Q_(320, "TFLOP/s")})).value == pytest.approx(5120)   # 320 x 16


def test_ascend_910c_tpp_from_the_catalogs_claims() -> None:
    r = tpp(acs.get("Ascend 910C"))
    products = {c.precision: c.product for c in r.candidates}
    assert products["bf16"] == pytest.approx(12032)     # 752 x 16 (CloudMatrix384 paper)
    assert r.value == pytest.approx(12032)              # 752 x 16, BF16 and FP16 tie
    assert r.per_die() == pytest.approx(6016)           # two dies: 12,032 / 2


def test_a_chip_with_only_sparse_figures_has_no_tpp() -> None:
    a = chip({"bf16:sparse": Q_(1979, "TFLOP/s")})
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(a)
    assert info.value.field == "bf16" and "never halves" in str(info.value)
    # with a dense vector rate beside it, only the dense one counts: 67 x 32 = 2,144
    b = chip({"bf16:sparse": Q_(1979, "TFLOP/s"), "fp32:vector": Q_(67, "TFLOP/s")})
    assert tpp(b).value == pytest.approx(2144) and tpp(b).sparse_only == ("bf16",)


def test_tf32_bit_length_can_be_overridden() -> None:
    # Enflame T20-like: TF32 160 x 32 = 5,120 against INT8 320 x 8 = 2,560; at 19 bits 3,040
    a = chip({"tf32": Q_(160, "TFLOP/s"), "int8": Q_(320, "TOP/s")})
    assert tpp(a).value == pytest.approx(5120)
    assert tpp(a, bit_lengths={"tf32": 19}).value == pytest.approx(3040)
    with pytest.raises(ValueError):
        tpp(a, bit_lengths={"tf32": 0})


def test_per_die_needs_the_die_count() -> None:
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(chip({"bf16": Q_(100, "TFLOP/s")})).per_die()
    assert info.value.field == "dies"


def test_performance_density_and_its_missing_die_area() -> None:
    assert performance_density(acs.get("H100 SXM")) == pytest.approx(15832 / 814)   # 19.45
    with pytest.raises(acs.MissingSpecError) as info:
        performance_density(chip({"bf16": Q_(148, "TFLOP/s")}))
    assert info.value.field == "die_area"


# -- worked examples: classes -------------------------------------------------------------------

def h20_with_area(area: Any) -> Accelerator:
    return attrs.evolve(acs.get("H20"), die_area=area)


@pytest.mark.parametrize("name", ["H100 SXM", "H200"])
def test_h100_and_h200_are_3a090a_under_2023(name: str) -> None:
    c = classify(name, "2023")
    assert c.cls == "3A090.a" and "15,832 >= 4,800" in c.reason
    assert not c.datacenter_mattered


def test_a800_passed_the_2022_rule_and_not_the_2023_one() -> None:
    c22 = classify("A800", "2022")       # 4,992 >= 4,800 but NVLink 400 GB/s < 600 GB/s
    assert c22.cls == "not 3A090" and "400 GB/s" in c22.reason and "< 600 GB/s" in c22.reason
    assert classify("A800", "2023").cls == "3A090.a"
    assert classify("nvidia-a100-sxm-80gb", "2022").cls == "3A090"     # 600 GB/s >= 600 GB/s


def test_h20_is_not_3a090_under_2023_and_why() -> None:
    # with GH100's 814 mm² (the H100 entry's die area): PD = 2,368 / 814 = 2.909
    c = classify(h20_with_area(acs.get("H100 SXM").die_area), "2023")
    assert c.cls == "not 3A090" and c.level == 0
    assert "TPP 2,368 < 2,400" in c.reason and "PD 2.909 < 3.2" in c.reason


def test_a_missing_die_area_leaves_the_class_undetermined_never_guessed() -> None:
    c = classify(h20_with_area(NotDisclosed()), "2023")
    assert c.cls == "undetermined" and c.level is None and not c.determined
    assert c.missing == ("die_area",) and "die_area" in c.reason
    assert c.performance_density is None
    # where TPP alone decides, the missing area does not matter
    assert classify(attrs.evolve(acs.get("H100 SXM"), die_area=NotDisclosed()), "2023").cls == "3A090.a"


def test_the_rules_own_example_reaches_4800_exactly() -> None:
    # 88 FR 73458: 300 dense TFLOPS at 16 bits or 600 dense TOPS at 8 bits give TPP 4,800
    for compute in ({"fp16": Q_(300, "TFLOP/s")}, {"int8": Q_(600, "TOP/s")}):
        assert tpp(chip(compute)).value == pytest.approx(4800)
        assert classify(chip(compute), "2023", datacenter=False).cls == "3A090.a"
    below = chip({"fp16": Q_(299.9, "TFLOP/s")})          # 4,798.4
    assert classify(below, "2023", datacenter=False).cls == "not 3A090"


def test_the_datacenter_condition_only_matters_below_4800() -> None:
    a = chip({"bf16": Q_(156.25, "TFLOP/s")}, die_area=Q_(300, "mm^2"))   # 2,500; PD 8.33
    dc, consumer = classify(a, "2023"), classify(a, "2023", datacenter=False)
    assert dc.cls == "3A090.a" and consumer.cls == "not 3A090"
    assert dc.datacenter_mattered and consumer.datacenter_mattered and "Note 2" in consumer.reason


def test_2026_rule_case_by_case_for_h200_denial_for_b200() -> None:
    h200 = classify("H200", "2026")       # 15,832 < 21,000 and 4,800 GB/s < 6,500 GB/s
    assert (h200.cls, h200.licence_review) == ("3A090.a", "case-by-case")
    b200 = classify("B200", "2026")       # 2,250 x 16 = 36,000 >= 21,000
    assert (b200.cls, b200.licence_review) == ("3A090.a", "presumption of denial")
    assert b200.level is not None and h200.level is not None and b200.level > h200.level


def test_h20_letter_is_a_separate_dated_check() -> None:
    assert RULES["2025-h20"].effective == datetime.date(2025, 4, 9)
    assert classify("H20", "2025-h20").cls == "H20 letter reached"       # its own 4.0 TB/s
    assert classify("A800", "2025-h20").cls == "H20 letter not reached"  # 2.039 TB/s, 400 GB/s
    assert get_rule().key != "2025-h20"


def test_default_rule_is_the_newest_and_dates_select_editions() -> None:
    assert classify("H200").rule.key == "2026"
    assert get_rule(on=datetime.date(2023, 1, 1)).key == "2022"
    assert get_rule(on=datetime.date(2024, 1, 1)).key == "2023"
    assert get_rule("2024").citation.startswith("89 FR 96790")
    assert get_rule("2023").effective == datetime.date(2023, 11, 17)
    with pytest.raises(acs.UnknownRuleError):
        get_rule("2019")
    with pytest.raises(acs.UnknownRuleError):
        get_rule(on=datetime.date(2021, 1, 1))


def test_what_would_it_take_for_h20_and_a800() -> None:
    w = what_would_it_take(h20_with_area(Q_(814, "mm^2")), "2023")
    up = w.nearest(more_controlled=True)
    assert up is not None and (up.field, up.bound, up.to) == ("tpp", "at least", "3A090.b")
    assert up.value == pytest.approx(2400)
    area = [c for c in w.crossings if c.field == "die_area" and c.more_controlled][0]
    assert area.value.to("mm^2").magnitude == pytest.approx(2368 / 3.2)    # 740 mm²: PD 3.2
    io = what_would_it_take("A800", "2022").crossings[0]
    assert (io.field, io.to) == ("interconnect.bandwidth", "3A090")
    assert io.value.to("GB/s").magnitude == pytest.approx(600)


# -- systems ------------------------------------------------------------------------------------

def test_system_tpp_is_the_sum_of_its_parts() -> None:
    assert system_tpp([(acs.get("H20"), 8)]) == pytest.approx(8 * 2368)
    assert system_tpp([("H20", 2), ("H200", 1)]) == pytest.approx(2 * 2368 + 15832)
    for bad in ([], [("H20", 0)], [("H20", True)]):
        with pytest.raises(ValueError):
            system_tpp(bad)  # type: ignore[arg-type]


def test_a_system_is_classified_with_its_parts() -> None:
    hgx = Accelerator(id="test-hgx-h200", name="Test HGX H200", vendor="Test",
                      parts=(Part("nvidia-h200-sxm", 8),))
    r = tpp(hgx)
    assert r.value == pytest.approx(8 * 15832) and r.parts[0][1] == 8
    c = classify(hgx, "2023")
    assert c.cls == "3A090.a" and c.parts[0][0].accelerator == "nvidia-h200-sxm"
    assert "8 x NVIDIA H200" in c.reason and c.performance_density is None
    with pytest.raises(ValueError):
        what_would_it_take(hgx)


# -- a small catalog of hand-built chips, named only there --------------------------------------

TF32_19 = {"tf32": 19}
SYSTEM_NOTE = "3A090 classifies ICs; a computer containing 3A090 ICs is 4A090, which is not modelled here"


@pytest.fixture
def cat(write: Any) -> acs.Catalog:
    return acs.load_catalog(write(CUSTOM))


def test_names_are_resolved_in_the_catalog_given_and_bit_lengths_reach_every_figure(cat: acs.Catalog) -> None:
    # TF32 160 x 32 = 5,120 (INT8 320 x 8 = 2,560); at 19 bits 160 x 19 = 3,040; die 400 mm²
    assert tpp("Acme T20", catalog=cat).value == pytest.approx(5120)
    assert tpp("acme-t20", bit_lengths=TF32_19, catalog=cat).value == pytest.approx(3040)
    assert performance_density("acme-t20", catalog=cat) == pytest.approx(12.8)
    assert performance_density("acme-t20", bit_lengths=TF32_19, catalog=cat) == pytest.approx(7.6)
    assert tpp_range("acme-t20", bit_lengths=TF32_19, catalog=cat) == pytest.approx((3040, 3040, 3040))
    c = classify("acme-t20", "2023", bit_lengths=TF32_19, catalog=cat)
    assert c.tpp is not None and c.tpp.value == pytest.approx(3040)
    assert c.performance_density == pytest.approx(7.6) and c.cls == "3A090.a"      # a.2: 3,040 and 7.6
    w = what_would_it_take("acme-t20", "2023", bit_lengths=TF32_19, catalog=cat)
    assert w.current.tpp is not None and w.current.tpp.value == pytest.approx(3040)
    with pytest.raises(acs.UnknownAcceleratorError):
        tpp("acme-t20")                     # not in the packaged catalog


def test_a_systems_tpp_sums_its_parts_and_reports_its_largest_contributor(cat: acs.Catalog) -> None:
    # 1 x 5,120 + 3 x 2,500 (156.25 x 16) = 12,620; the largest contribution is 3 x 2,500
    r = tpp("acme-pod", catalog=cat)
    assert r.accelerator == "acme-pod" and r.value == pytest.approx(12620)
    assert (r.precision, r.field, r.bit_length) == ("bf16", "bf16", 16)
    assert r.rate.to("TFLOP/s").magnitude == pytest.approx(3 * 156.25)
    assert r.candidates == () and r.ties == ()
    assert [(p.accelerator, n) for p, n in r.parts] == [("acme-t20", 1), ("acme-dc", 3)]
    assert str(r) == "TPP 12,620 = 1 x 5,120 (acme-t20) + 3 x 2,500 (acme-dc) (acme-pod)"
    # at 19 bits for TF32: 3,040 + 7,500 = 10,540, by tpp, tpp_range and system_tpp alike
    assert tpp("acme-pod", bit_lengths=TF32_19, catalog=cat).value == pytest.approx(10540)
    assert tpp_range("acme-pod", bit_lengths=TF32_19, catalog=cat) == pytest.approx((10540, 10540, 10540))
    assert system_tpp([("acme-t20", 1), ("acme-dc", 3)], bit_lengths=TF32_19, catalog=cat) == pytest.approx(10540)


def test_a_one_part_system_keeps_its_parts_ties_and_string() -> None:
    r = tpp("nvidia-hgx-h200")
    assert r.value == pytest.approx(8 * 15832)
    assert r.rate.to("TFLOP/s").magnitude == pytest.approx(8 * 989.5)
    assert {"bf16", "fp16", "fp8", "int8"} <= set(r.ties)
    assert str(r) == "TPP 126,656 = 8 x 15,832 (nvidia-h200-sxm) (nvidia-hgx-h200)"


def test_a_systems_tpp_range_is_its_parts_ranges_times_their_counts() -> None:
    # Ascend 910B claims give 4,480 / 5,648 / 6,016 (see above); two of them double each
    pod = Accelerator(id="test-pod", name="Test Pod", vendor="Test", parts=(Part("huawei-ascend-910b", 2),))
    assert tpp_range(pod) == pytest.approx((8960, 11296, 12032))


def test_a_system_is_classified_by_its_most_controlled_part(cat: acs.Catalog) -> None:
    # T20: 5,120 >= 4,800, 3A090.a.1; DC: 2,500 and PD 2,500 / 600 = 4.167, 3A090.b.2
    c = classify("acme-pod", "2023", catalog=cat)
    assert (c.accelerator, c.name, c.rule.key) == ("acme-pod", "Acme Pod", "2023")
    assert (c.cls, c.level, c.licence_review, c.missing) == ("3A090.a", 2, None, ())
    assert c.reason == ("a system of 1 x Acme T20 + 3 x Acme DC, TPP 12,620 (the sum of its parts'); its "
                        "class is its parts': Acme T20: TPP 5,120 >= 4,800: 3A090.a.1, whatever the die area "
                        "or market; Acme DC: TPP 2,500 >= 1,600 and 3.2 <= PD 4.167 < 5.92: 3A090.b.2")
    assert c.datacenter is True and c.datacenter_mattered          # the DC part is excluded by Note 2
    assert c.tpp is not None and c.tpp.value == pytest.approx(12620) and c.performance_density is None
    assert c.notes == (SYSTEM_NOTE,)
    assert [(p.accelerator, n) for p, n in c.parts] == [("acme-t20", 1), ("acme-dc", 3)]
    # not for datacenters, and TF32 at 19 bits: 3,040 and 2,500 are both under 4,800
    off = classify("acme-pod", "2023", datacenter=False, bit_lengths=TF32_19, catalog=cat)
    assert (off.cls, off.level, off.datacenter) == ("not 3A090", 0, False)
    assert off.tpp is not None and off.tpp.value == pytest.approx(10540)
    assert [p.cls for p, _ in off.parts] == ["not 3A090", "not 3A090"]


def test_the_most_controlled_part_sets_the_class_wherever_it_is_listed(cat: acs.Catalog) -> None:
    # Small: 50 x 16 = 800 < 1,600, not 3A090; DC: 3A090.b.2 (see above), listed second
    c = classify("acme-mixed", "2023", catalog=cat)
    assert [p.cls for p, _ in c.parts] == ["not 3A090", "3A090.b"]
    assert (c.cls, c.level) == ("3A090.b", 1)


def test_an_undetermined_part_makes_the_system_undetermined(cat: acs.Catalog) -> None:
    # 2026: the DC part discloses no memory bandwidth, so its licence review is undetermined
    c = classify("acme-pod", "2026", catalog=cat)
    assert (c.cls, c.level, c.licence_review) == ("3A090.b", None, "undetermined")
    assert c.missing == ("memory.bandwidth",)
    assert [p.licence_review for p, _ in c.parts] == ["case-by-case", "undetermined"]
    # parts without any compute rate: no TPP for the system and none in its reason
    m = classify("acme-mempod", "2023", catalog=cat)
    assert (m.cls, m.level, m.tpp, m.missing) == ("undetermined", None, None, ("compute",))
    assert m.reason == ("a system of 2 x Acme Mem; its class is its parts': Acme Mem: no dense compute rate "
                        "is disclosed for acme-mem, so TPP cannot be computed")
    assert not m.datacenter_mattered


def test_classification_reads_as_one_sentence() -> None:
    assert str(classify("H200", "2026")) == (
        "NVIDIA H200 SXM under 2026: 3A090.a (case-by-case). TPP 15,832 >= 4,800: 3A090.a.1, whatever the "
        "die area or market; TPP < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s: case-by-case licence "
        "review for China/Macau if the 2026 rule's conditions are met")
    assert str(classify("H200", "2023")).startswith("NVIDIA H200 SXM under 2023: 3A090.a. TPP 15,832")


def test_classify_selects_the_rule_in_force_on_a_date_and_keeps_the_pd() -> None:
    c = classify("H200", on=datetime.date(2024, 1, 1))
    assert c.rule.key == "2023" and c.datacenter is True
    assert classify("H200", "2023", datacenter=False).datacenter is False
    assert c.performance_density == pytest.approx(15832 / 814)


def test_notes_on_unstated_directions_and_on_hbm() -> None:
    unstated = attrs.evolve(chip({"bf16": Q_(400, "TFLOP/s")}),
                            interconnect=acs.Interconnect(bandwidth=Q_(400, "GB/s"), direction="unstated"))
    assert classify(unstated, "2022").notes == (
        "interconnect direction unstated, so its both-directions figure is unknown",)
    assert classify(unstated, "2023").notes == ()
    assert classify(chip({"bf16": Q_(400, "TFLOP/s")}), "2022").notes == ()      # no interconnect at all
    for rule in ("2024", "2026"):          # H200: HBM3e; 3A090.c (89 FR 96790) controls HBM stacks
        (note,) = classify("H200", rule).notes
        assert note.startswith("its HBM stacks are themselves 3A090.c items since 2024-12-02")
        assert "(density > 2 GB/s/mm²)" in note and note.endswith("class rests on 3A090.a/.b")
    assert classify("H200", "2023").notes == ()
    assert classify("L20", "2026").notes == ()                                   # GDDR6
    assert classify(chip({"bf16": Q_(400, "TFLOP/s")}), "2026").notes == ()     # no memory type


def test_tpp_errors_name_the_chip_and_what_is_missing() -> None:
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(chip({"fp8:sparse": Q_(2000, "TFLOP/s"), "bf16:sparse": Q_(1000, "TFLOP/s")}))
    assert (info.value.accelerator, info.value.field) == ("hand-built", "compute")
    assert str(info.value) == ("hand-built: compute is not disclosed in the catalog (only 2:4-sparse figures "
                               "are published (bf16:sparse, fp8:sparse); TPP counts dense rates and never "
                               "halves a sparse one)")
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(chip({"bf16:sparse": Q_(1000, "TFLOP/s")}))
    assert info.value.accelerator == "hand-built" and info.value.field == "bf16"
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(chip({}))
    assert str(info.value) == "hand-built: compute is not disclosed in the catalog (no compute rate is disclosed, so no TPP)"
    with pytest.raises(acs.MissingSpecError) as info:
        tpp(chip({"bf16": Q_(100, "TFLOP/s")})).per_die()
    assert str(info.value) == "hand-built: dies is not disclosed in the catalog (needed for a per-die TPP)"


def test_tpp_reports_the_field_rate_and_unit_it_used() -> None:
    r = tpp(chip({"int8": Q_(600, "TOP/s")}))          # the rule's own example: 600 x 8 = 4,800
    assert (r.accelerator, r.precision, r.field) == ("hand-built", "int8", "int8")
    assert r.rate.units == Q_(1, "TOP/s").units
    assert str(r) == "TPP 4,800 = 600 TOP/s dense INT8 x 8 bits (hand-built)"
    v = tpp(chip({"fp32:vector": Q_(67, "TFLOP/s")}))   # 67 x 32 = 2,144
    assert (v.field, v.precision, v.value) == ("fp32:vector", "fp32", pytest.approx(2144))


def test_performance_density_errors_say_why() -> None:
    with pytest.raises(acs.MissingSpecError) as info:
        performance_density("nvidia-hgx-h200")
    assert str(info.value) == ("nvidia-hgx-h200: die_area is not disclosed in the catalog (a system has no "
                               "die area; performance density applies to its ICs)")
    with pytest.raises(acs.MissingSpecError) as info:
        performance_density(chip({"bf16": Q_(148, "TFLOP/s")}))
    assert str(info.value) == ("hand-built: die_area is not disclosed in the catalog (performance density = "
                               "TPP / logic die area; no sourced die area, and none is guessed)")


def test_bit_lengths_must_be_positive_integers() -> None:
    a = chip({"tf32": Q_(160, "TFLOP/s"), "int8": Q_(320, "TOP/s")})
    assert tpp(a, bit_lengths={"TF32": 1}).value == pytest.approx(2560)      # INT8 320 x 8 wins over 160 x 1
    for bad in (0, -4, True, 19.0, "19"):
        with pytest.raises(acs.InvalidArgumentError) as info:
            tpp(a, bit_lengths={"tf32": bad})  # type: ignore[dict-item]
        assert str(info.value) == f"bit length for 'tf32' must be a positive integer, got {bad!r}"


def test_system_arguments_are_checked_with_a_message() -> None:
    with pytest.raises(acs.InvalidArgumentError) as info:
        system_tpp([])
    assert str(info.value) == "a system needs at least one (accelerator, count) part"
    with pytest.raises(acs.InvalidArgumentError) as info:
        system_tpp([("H20", 0)])
    assert str(info.value) == "count must be a positive integer, got 0"
    pod = Accelerator(id="test-pod", name="Test Pod", vendor="Test",
                      parts=(Part("nvidia-h200-sxm", 4), Part("nvidia-h20", 4)))
    with pytest.raises(acs.InvalidArgumentError) as info:
        what_would_it_take(pod)
    assert str(info.value) == ("test-pod is a system; what_would_it_take applies to one IC: ask of its parts "
                               "(nvidia-h200-sxm, nvidia-h20)")


# -- what would it take: every crossing, worked by hand ----------------------------------------

def crossings(w: Any) -> list[tuple[str, str, float, str, bool, float | None]]:
    units = {"die_area": "mm^2", "memory.bandwidth": "TB/s", "interconnect.bandwidth": "GB/s"}
    return [(c.field, c.bound, c.value if c.field == "tpp" else float(c.value.to(units[c.field]).magnitude),
             c.to, c.more_controlled, c.change) for c in w.crossings]


def same(got: list[Any], want: list[Any]) -> bool:
    return len(got) == len(want) and all(
        g[:2] == e[:2] and g[2] == pytest.approx(e[2]) and g[3:5] == e[3:5]
        and (g[5] is None if e[5] is None else g[5] == pytest.approx(e[5])) for g, e in zip(got, want))


def test_what_would_it_take_under_2026_with_every_figure_known() -> None:
    # TPP 187.5 x 16 = 3,000 on 500 mm² (PD 6.0, 3A090.a.2), 2 TB/s: case-by-case
    a = chip({"bf16": Q_(187.5, "TFLOP/s")}, die_area=Q_(500, "mm^2"), cid="x3000")
    w = what_would_it_take(a, "2026")
    assert (w.current.cls, w.current.licence_review) == ("3A090.a", "case-by-case")
    want = [
        ("tpp", "at least", 21000, "3A090.a, presumption of denial", True, 21000 / 3000 - 1),
        # PD 5.92 x 500 = 2,960: just below it the chip is 3A090.b.2
        ("tpp", "below", 2960, "3A090.b, case-by-case", False, 2960 / 3000 - 1),
        # the die area where PD falls under 5.92: 3,000 / 5.92 = 506.8 mm²
        ("die_area", "above", 3000 / 5.92, "3A090.b, case-by-case", False, (3000 / 5.92) / 500 - 1),
        ("memory.bandwidth", "at least", 6.5, "3A090.a, presumption of denial", True, 6.5 / 2 - 1),
    ]
    assert same(crossings(w), want), crossings(w)
    near = w.nearest()
    assert near is not None and (near.field, near.bound) == ("tpp", "below")      # -1.3 % beats +1.4 %
    up = w.nearest(more_controlled=True)
    assert up is not None and up.field == "memory.bandwidth"                      # +225 % beats +600 %
    down = w.nearest(more_controlled=False)
    assert down is not None and (down.field, down.bound) == ("tpp", "below")


def test_what_would_it_take_for_a_chip_not_marketed_for_datacenters() -> None:
    # Note 2: only TPP 4,800 changes anything, whatever the die area
    a = chip({"bf16": Q_(187.5, "TFLOP/s")}, die_area=Q_(500, "mm^2"))
    w = what_would_it_take(a, "2023", datacenter=False)
    assert w.current.cls == "not 3A090"
    assert same(crossings(w), [("tpp", "at least", 4800, "3A090.a", True, 0.6)]), crossings(w)


def test_what_would_it_take_with_an_unknown_die_area_gives_bands() -> None:
    # TPP 3,000, no die area: PD >= 5.92 (area <= 506.8 mm²) is 3A090.a, PD >= 1.6 (area <= 1,875) 3A090.b
    a = chip({"bf16": Q_(187.5, "TFLOP/s")}, cid="x3000")
    w = what_would_it_take(a, "2023")
    want = [
        ("tpp", "at least", 4800, "3A090.a", True, 0.6),
        ("tpp", "below", 1600, "not 3A090", False, 1600 / 3000 - 1),
        ("die_area", "at most", 3000 / 5.92, "3A090.a", True, None),
        ("die_area", "at most", 3000 / 1.6, "3A090.b", True, None),
        ("die_area", "above", 3000 / 1.6, "not 3A090", False, None),
    ]
    assert same(crossings(w), want), crossings(w)
    assert str(w) == "\n".join([
        "x3000 under 2023: undetermined. TPP 3,000 is between 1,600 and 4,800, where the class turns on "
        "performance density, and die_area is not disclosed for x3000: class undetermined",
        "  tpp at least 4,800 (+60.0%): 3A090.a",
        "  tpp below 1,600 (-46.7%): not 3A090",
        "  die_area at most 506.8 mm²: 3A090.a",
        "  die_area at most 1,875 mm²: 3A090.b",
        "  die_area above 1,875 mm²: not 3A090",
    ])
    near = w.nearest()
    assert near is not None and (near.field, near.bound) == ("tpp", "below")      # -46.7 % beats +60 %


def test_what_would_it_take_for_the_h20_without_its_die_area() -> None:
    # 2,368: PD 5.92 at 400 mm², 3.2 at 740 mm²; at PD 1.6 it is still under TPP 2,400, not 3A090
    w = what_would_it_take(h20_with_area(NotDisclosed()), "2023")
    want = [
        ("tpp", "at least", 4800, "3A090.a", True, 4800 / 2368 - 1),
        ("tpp", "below", 1600, "not 3A090", False, 1600 / 2368 - 1),
        ("die_area", "at most", 2368 / 5.92, "3A090.a", True, None),
        ("die_area", "at most", 2368 / 3.2, "3A090.b", True, None),
        ("die_area", "above", 2368 / 3.2, "not 3A090", False, None),
    ]
    assert same(crossings(w), want), crossings(w)


def test_what_would_it_take_at_exactly_a_threshold() -> None:
    # TPP 300 x 16 = 4,800 exactly: just below it the class turns on the unknown die area
    w = what_would_it_take(chip({"fp16": Q_(300, "TFLOP/s")}), "2023")
    assert same(crossings(w), [("tpp", "below", 4800, "undetermined (needs die_area)", False, 0.0)])
    assert str(w.crossings[0]) == "tpp below 4,800 (at the current figure): undetermined (needs die_area)"
    assert w.nearest() is w.crossings[0]
    assert w.nearest(more_controlled=True) is None
    # the H20's 2,368 on 740 mm² is PD 3.2 exactly (3A090.b.2)
    h = what_would_it_take(h20_with_area(Q_(740, "mm^2")), "2023")
    assert h.current.cls == "3A090.b"
    want = [
        ("tpp", "at least", 5.92 * 740, "3A090.a", True, 5.92 * 740 / 2368 - 1),
        ("tpp", "below", 2368, "not 3A090", False, 0.0),
        ("die_area", "at most", 2368 / 5.92, "3A090.a", True, (2368 / 5.92) / 740 - 1),
        ("die_area", "above", 740, "not 3A090", False, 0.0),
    ]
    assert same(crossings(h), want), crossings(h)
    near = h.nearest()                     # a crossing at the current figure is the nearest one
    assert near is not None and (near.field, near.bound, near.change) == ("tpp", "below", 0.0)


def test_what_would_it_take_under_the_h20_letter_and_the_2022_rule() -> None:
    # A800: 2.039 TB/s and 400 GB/s against the H20's 4 TB/s and 900 GB/s
    w = what_would_it_take("A800", "2025-h20")
    want = [("interconnect.bandwidth", "at least", 900, "H20 letter reached", True, 900 / 400 - 1),
            ("memory.bandwidth", "at least", 4.0, "H20 letter reached", True, 4.0 / 2.039 - 1)]
    assert same(crossings(w), want), crossings(w)
    assert str(w.crossings[0]) == "interconnect.bandwidth at least 900 GB/s (+125.0%): H20 letter reached"
    # 4.8 TB/s and no interconnect: below 4 TB/s the letter turns on the unknown interconnect
    m = what_would_it_take(chip({"bf16": Q_(100, "TFLOP/s")}, mem_tbs=4.8), "2025-h20")
    assert m.current.cls == "H20 letter reached"
    assert same(crossings(m), [("memory.bandwidth", "below", 4.0, "undetermined (needs interconnect.bandwidth)",
                                False, 4.0 / 4.8 - 1)]), crossings(m)
    # 2022: the A800's NVLink would need 600 GB/s
    old = what_would_it_take("A800", "2022")
    assert same(crossings(old), [("interconnect.bandwidth", "at least", 600, "3A090", True, 0.5)])


def test_what_would_it_take_with_no_tpp_or_no_memory_bandwidth() -> None:
    no_compute = Accelerator(id="mem-only", name="mem-only", vendor="Test",
                             memory=Memory(bandwidth=Q_(2, "TB/s")))
    for rule in ("2023", "2026"):
        assert what_would_it_take(no_compute, rule).crossings == ()
    # TPP 1,000 x 16 = 16,000 and no memory bandwidth: the 2026 review is undetermined
    no_mem = Accelerator(id="no-mem", name="no-mem", vendor="Test", compute={"bf16": Q_(1000, "TFLOP/s")})
    w = what_would_it_take(no_mem, "2026")
    assert (w.current.licence_review, w.current.missing) == ("undetermined", ("memory.bandwidth",))
    want = [("tpp", "at least", 21000, "3A090.a, presumption of denial", True, 21000 / 16000 - 1),
            ("tpp", "below", 4800, "undetermined (needs die_area)", False, 4800 / 16000 - 1)]
    assert same(crossings(w), want), crossings(w)




# -- published TPP (analyst or government) beside the computed one ---------------------------------

@pytest.mark.parametrize(("name", "published", "who"), [
    # Reuters factbox, 2025-12-09: figures from Bernstein (July 2025) and the Institute for Progress
    ("Ascend 910C", 12032, "IFP"),
    ("Ascend 910B", 5120, "Bernstein"),
    ("MLU590", 4493, "Bernstein"),
    ("H20", 2368, "Bernstein"),
    ("H200", 15840, "IFP"),
])
def test_published_tpp_is_kept_beside_the_computed_one(name: str, published: float, who: str) -> None:
    r = tpp(acs.get(name))
    assert [c.value.to("count").magnitude for c in r.published] == [pytest.approx(published)]
    assert r.published[0].source.id == "reuters-h200-china-chips-factbox-2025"
    # none of these differs from the catalog's computed TPP by more than 10 %
    assert not r.published_disagrees
    assert "published" in str(r)


def test_the_910b_published_tpp_is_below_the_computed_one_but_within_10_percent() -> None:
    r = tpp(acs.get("Ascend 910B"))
    assert r.published_ratios() == pytest.approx((5120 / 5648,))     # 0.907: flagged only past 10 %


def test_a_published_tpp_more_than_10_percent_off_is_flagged() -> None:
    row = '{ field = "tpp.published", value = 1000, unit = "count", source = "test-src" }'
    cat = acs.Catalog.from_text(SOURCE + entry("acme-x1", '{ field = "int8", value = 100, unit = "TOP/s", source = "test-src" }', row))
    r = tpp("acme-x1", catalog=cat)
    assert r.value == pytest.approx(800)                   # 100 TOP/s x 8 bits
    assert r.published_ratios() == pytest.approx((1.25,))
    assert r.published_disagrees and "more than 10%" in str(r)


def test_an_entry_without_a_published_tpp_has_none() -> None:
    r = tpp(acs.get("H100 SXM"))
    assert r.published == () and not r.published_disagrees and r.published_ratios() == ()
    assert "published" not in str(r)


def test_the_mlu590_rate_is_an_estimate_derived_from_the_published_tpp() -> None:
    r = tpp(acs.get("MLU590"))
    assert r.estimated and "estimate" in str(r)
    assert r.value == pytest.approx(4493)
    fp16 = acs.get("MLU590").provenance["fp16"].chosen
    assert fp16.derived_from == "tpp.published" and fp16.factor == pytest.approx(1 / 16)
    assert fp16.value.to("TFLOP/s").magnitude == pytest.approx(280.8125)   # 4,493 / 16
    assert fp16.source.kind is acs.SourceKind.ESTIMATE
    assert not tpp(acs.get("H20")).estimated


def test_a_rate_from_a_published_tpp_must_cite_an_estimate() -> None:
    rows = ('{ field = "tpp.published", value = 1600, unit = "count", source = "test-src" }',
            '{ field = "fp16", from = "tpp.published", factor = 0.0625, source = "test-src", note = "1600 / 16" }')
    with pytest.raises(acs.CatalogError, match="estimate"):
        acs.Catalog.from_text(SOURCE + entry("acme-x1", *rows))
    est = SOURCE.replace('id = "test-src"', 'id = "est-src"').replace('"vendor-datasheet"', '"estimate"')
    cat = acs.Catalog.from_text(SOURCE + est + entry("acme-x1", rows[0], rows[1].replace("test-src", "est-src")))
    assert tpp("acme-x1", catalog=cat).value == pytest.approx(1600)
    assert tpp("acme-x1", catalog=cat).estimated


def test_a_systems_published_tpp_is_its_own() -> None:
    rows = ('{ field = "int8", value = 100, unit = "TOP/s", source = "test-src" }',)
    system = """
[[system]]
id = "acme-box"
name = "Acme Box"
vendor = "Acme"
status = "shipping"
parts = [ { accelerator = "acme-x1", count = 8 } ]
specs = [ { field = "tpp.published", value = 6400, unit = "count", source = "test-src" } ]
"""
    cat = acs.Catalog.from_text(SOURCE + entry("acme-x1", *rows) + system)
    r = tpp("acme-box", catalog=cat)
    assert r.value == pytest.approx(6400) and r.published_ratios() == pytest.approx((1.0,))
    assert tpp("acme-x1", catalog=cat).published == ()
