"""Export control: TPP, performance density, rule-versioned 3A090 classification, what it takes.

Properties first (unit invariance, monotonicity, dense-only), then worked examples pinned to
published figures with the arithmetic in a comment. Not legal advice; neither are these tests.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.export_control as ec
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

from conftest import SOURCE, entry

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
    assert products["bf16"] == pytest.approx(12480)     # 780 x 16
    assert r.value == pytest.approx(12800)              # 800 x 16, FP16
    assert r.per_die() == pytest.approx(6400)           # two dies: 12,800 / 2


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
    with pytest.raises(acs.UnknownMetricError):
        get_rule("2019")
    with pytest.raises(acs.UnknownMetricError):
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


# -- command line and docs ----------------------------------------------------------------------

def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    parser = argparse.ArgumentParser(prog="accelspec")
    ec.register_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_cli_prints_a_table_with_nd_where_tpp_cannot_be_computed(write: Any,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path: Path = write("schema = 1\n" + SOURCE + entry(
        "acme-sparse", '{ field = "bf16:sparse", value = 1000, unit = "TFLOP/s", source = "test-src" }',
        aliases='["Sparse Only"]'))
    out = run_cli(["export-control", "H20", "H200", "Sparse Only", "--rule", "2023", "--explain",
                   "--catalog", str(path)], capsys)
    assert "15,832" in out and "2,368" in out and "n/d" in out
    assert "88 FR 73458" in out and "not legal advice" in out


def test_docs_say_not_legal_advice() -> None:
    assert "not legal advice" in (ec.__doc__ or "").lower()
    import accelspec.export_rules as er

    assert "not legal advice" in (er.__doc__ or "").lower()
