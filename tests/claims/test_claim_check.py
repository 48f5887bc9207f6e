"""Claim checking: which readings of the catalog make a published ratio true, and are they fair."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Callable

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.claims.parse import parse_claim
from accelspec.claims.readings import (
    PROVIDERS,
    WORKLOADS,
    ReadingProvider,
    Term,
    add_provider,
    differences,
    pair_allowed,
)
from accelspec.claims import (
    ChipClaim,
    ClaimError,
    Verdict,
    check_claim,
)
from accelspec.spec import Accelerator
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]

# chips with many figures, for properties over real catalog entries
CHIPS = ["H20", "H200", "H100 SXM", "Ascend 910B", "Ascend 910C", "B200", "MI300X", "Gaudi 3"]
MAIN = ["bf16", "fp16", "fp8", "memory.bandwidth", "memory.capacity"]


def chips() -> st.SearchStrategy[Accelerator]:
    """Catalog entries and generated accelerators."""
    names = [n for n in CHIPS if n in acs.catalog()]
    return st.one_of(st.sampled_from(names).map(acs.get), acst.accelerators())


def true_ratio(a: Accelerator, b: Accelerator, field: str) -> float:
    return float((a.value(field) / b.value(field)).to("count").magnitude)


# -- properties ----------------------------------------------------------------------------

@given(chips(), chips(), st.sampled_from(MAIN), st.booleans())
def test_a_claim_at_a_like_for_like_true_ratio_is_supported(
        a: Accelerator, b: Accelerator, field: str, name_it: bool) -> None:
    assume(a.has(field) and b.has(field))
    # a claim naming no metric is read as performance (issue 14): compute at like precision;
    # capacity never supports it and bandwidth is shown beside it, not counted
    assume(name_it or not field.startswith("memory."))
    r = true_ratio(a, b, field)
    check = ChipClaim.ratio_of(a, b, r, metric=field if name_it else None).check()
    assert check.verdict is Verdict.SUPPORTED
    assert any(m.like_for_like and m.key == field for m in check.matching)


@given(chips(), chips(), st.booleans())
def test_a_ratio_no_reading_reaches_is_contradicted_or_unsupported(
        a: Accelerator, b: Accelerator, above: bool) -> None:
    """Far beyond every reading: contradicted when a like-for-like compute reading exists (a
    claim naming no metric is read as compute at like precision), unsupported otherwise."""
    base = ChipClaim.ratio_of(a, b, 1.0).check()
    assume(base.readings)
    tol = base.tolerance
    if above:
        beyond = max(r.high for r in base.readings) * (1 + tol) * 1.5
    else:
        beyond = min(r.low for r in base.readings) * (1 - tol) / 1.5
    check = ChipClaim.ratio_of(a, b, beyond).check()
    compute = any(r.group == "compute" and r.like_for_like for r in check.readings)
    assert check.verdict is (Verdict.CONTRADICTED if compute else Verdict.UNSUPPORTED)
    assert check.matching == ()


@st.composite
def sparse_pairs(draw: st.DrawFn) -> tuple[Accelerator, Accelerator]:
    """Two chips differing only in BF16 rates (dense and 2:4-sparse): every other ratio is 1."""
    a = draw(acst.accelerators(precisions=("bf16",)))
    a = attrs.evolve(a, compute=draw(acst.compute_ratings(precisions=("bf16",), sparse=True)))
    b = attrs.evolve(a, id="other", name="Other",
                     compute=draw(acst.compute_ratings(precisions=("bf16",), sparse=True)))
    return a, b


@given(sparse_pairs(), st.booleans())
def test_scaling_a_supported_claim_by_sparse_over_dense_makes_it_misleading(
        pair: tuple[Accelerator, Accelerator], scale_object: bool) -> None:
    a, b = pair
    r = true_ratio(a, b, "bf16")
    assert ChipClaim.ratio_of(a, b, r).check().verdict is Verdict.SUPPORTED
    if scale_object:  # subject dense vs object sparse
        scaled = r * float((b.value("bf16") / b.value("bf16:sparse")).to("count").magnitude)
    else:  # subject sparse vs object dense
        scaled = r * float((a.value("bf16:sparse") / a.value("bf16")).to("count").magnitude)
    # every like-for-like spec reading is r (BF16, per watt, TPP) or 1 (memory, TDP,
    # interconnect); LLM bounds are left out: a prefill bound that is memory-bound on one side
    # and compute-bound on the other may land anywhere between 1 and r
    assume(abs(math.log(scaled)) > 0.15)
    spec_only = [p for p in PROVIDERS if p.group != "llm"]
    check = ChipClaim.ratio_of(a, b, scaled).check(providers=spec_only)
    assert check.verdict is Verdict.MISLEADING
    assert all(not m.like_for_like for m in check.matching)
    assert any("dense vs 2:4-sparse" in m.differences or "2:4-sparse vs dense" in m.differences
               for m in check.matching)


@given(chips(), chips(), st.floats(0.01, 100))
def test_every_reading_is_finite_and_positive_and_json_round_trips(
        a: Accelerator, b: Accelerator, ratio: float) -> None:
    check = ChipClaim.ratio_of(a, b, ratio).check()
    for r in check.readings:
        assert 0 < r.low <= r.value * (1 + 1e-12) and r.value <= r.high * (1 + 1e-12)
        assert all(math.isfinite(x) for x in (r.low, r.value, r.high))
    assert json.loads(check.to_json()) == check.to_dict()


@given(st.sampled_from(["TB/s", "GB/s", "GiB/s", "Gb/s"]))
def test_an_amount_checks_the_same_in_any_unit(unit: str) -> None:
    amount = Q_(4.8, "TB/s").to(unit)
    check = ChipClaim.absolute("H200", Q_(float(amount.magnitude), unit)).check()
    assert check.verdict is Verdict.SUPPORTED
    assert check.matching[0].key == "memory.bandwidth"


@given(st.sampled_from(["H20", "H200", "H100", "910B", "Ascend 910C", "昇腾910B", "英伟达H20"]),
       st.sampled_from(["H200", "H100 SXM", "910C", "昇腾910C"]),
       st.decimals(min_value="0.1", max_value="500", places=1), st.booleans())
def test_parsing_a_percent_claim_reads_names_and_number(a: str, b: str, pct: object, chinese: bool) -> None:
    text = f"{a}仅为{b}的{pct}%" if chinese else f"{a} is {pct}% of {b}"
    claim = parse_claim(text)
    assert isinstance(claim.subject, Accelerator) and isinstance(claim.object, Accelerator)
    assert claim.subject.id == acs.get(a).id and claim.object.id == acs.get(b).id
    assert claim.ratio == pytest.approx((float(str(pct)) / 100,) * 2)
    assert claim.metric is None


# -- the news claims (own paraphrases of ../shared/news-claims.md) ---------------------------

def news(n: int) -> ChipClaim:
    return {
        # 1: the H20 that NVIDIA may sell in China has 7.5% of an H200's performance
        1: ChipClaim.percent_of("H20", "H200", 7.5, text="H20 at 7.5% of an H200"),
        # 2: overall, the H20 is roughly 12% ahead of the Ascend 910B
        2: ChipClaim.more_than("H20", "Ascend 910B", 12, text="H20 about 12% above 910B"),
        # 3: on some key figures the 910C gets to 80-90% of an H200
        3: ChipClaim.percent_of("910C", "H200", 80, 90, text="910C at 80-90% of H200"),
        # 4a: CloudMatrix 384 reaches 300 PFLOPS
        4: ChipClaim.absolute("CloudMatrix 384", Q_(300, "PFLOP/s"), text="CM384 at 300 PFLOPS"),
        # 4b: in real work it is three times as efficient as an H20
        40: ChipClaim.times("CloudMatrix 384", "H20", 3, text="CM384 3x an H20"),
        # 5: the H200 carries 141 GB of HBM3e at 4.8 TB/s
        5: ChipClaim.absolute("H200", Q_(141, "GB"), metric="memory.capacity"),
        50: ChipClaim.absolute("H200", Q_(4.8, "TB/s"), metric="memory.bandwidth"),
        # 6: the H200's single-precision rate is 60-90% above the H100's
        6: ChipClaim.more_than("H200", "H100", 60, 90, metric="fp32", text="H200 FP32 +60-90% on H100"),
    }[n]


def test_news_1_h20_at_7_5_percent_of_h200_is_misleading() -> None:
    check = news(1).check()
    assert check.verdict is Verdict.MISLEADING
    # fair: 148 / 989.5 = 0.1496 (H20 BF16 dense; H200 1,979 sparse / 2)
    assert check.fair_figure("bf16").value == pytest.approx(148 / 989.5, rel=1e-3)
    # unfair: 148 / 1,979 = 0.0748, H20 dense against H200 2:4-sparse
    reasons = [m.reason for m in check.matching]
    assert "NVIDIA H20 dense BF16 vs NVIDIA H200 SXM 2:4-sparse BF16 (dense vs 2:4-sparse)" in reasons
    # and 148 / 1,979 again with H200 dense FP8: two precisions
    assert any("BF16 vs FP8" in m.differences for m in check.matching)
    assert not any(m.like_for_like for m in check.matching)


def test_news_2_h20_12_percent_above_910b_is_contradicted() -> None:
    # naming no metric, the claim is read as compute at like precision, which is far off
    check = news(2).check()
    assert check.verdict is Verdict.CONTRADICTED
    # 148 / 353 = 0.419 (claims 148/376 = 0.394 to 148/280 = 0.529): the H20 is well behind
    bf16 = check.fair_figure("bf16")
    # (the low end uses the H20's non-chosen 147 TFLOP/s claim)
    assert (bf16.low, bf16.value, bf16.high) == pytest.approx((147 / 376, 148 / 353, 148 / 280), rel=1e-3)
    # the 910B discloses no FP8: listed as not evaluable, never taken as zero
    assert any("fp8" in n.what and "huawei-ascend-910b" in n.reason for n in check.not_evaluable)


def test_news_3_910c_at_80_to_90_percent_of_h200_is_unsupported() -> None:
    # issue 14: a claim naming no metric is read as performance (capacity does not count), and a
    # disputed catalog value alone never supports it: 752 / 989.5 = 0.760 misses 0.80 by > 5%
    check = news(3).check()
    assert check.verdict is Verdict.UNSUPPORTED and "disputed" in check.summary
    fair = {m.key: m.value for m in check.matching if m.like_for_like}
    # Huawei's CloudMatrix384 paper: 752 TFLOP/s dense BF16 and FP16 per 910C (chosen)
    assert fair["bf16"] == pytest.approx(752 / 989.5, rel=1e-3)      # 0.760, within 5% of 0.80
    assert fair["fp16"] == pytest.approx(752 / 989.5, rel=1e-3)
    assert fair["memory.capacity"] == pytest.approx(128 / 141, rel=1e-3)  # 0.908, within 5% of 0.90
    assert "memory.bandwidth" not in fair                            # 3.2 / 4.8 = 0.667


def test_news_4_cloudmatrix_300_pflops_matches_384_times_the_910c() -> None:
    check = news(4).check()
    assert check.verdict is Verdict.SUPPORTED
    best = check.matching[0]
    assert best.like_for_like and best.key == "bf16"
    assert best.value == pytest.approx(384 * 752 / 1000, rel=1e-3)   # 288.8 PFLOP/s, 3.7% under 300


def test_news_4b_cloudmatrix_three_times_h20_is_no_spec_ratio() -> None:
    check = news(40).check()
    assert check.verdict is Verdict.UNSUPPORTED
    # a 384-chip system against one chip: 384 x 752 / 148 = 1,951 in dense BF16
    assert check.fair_figure("bf16").value == pytest.approx(384 * 752 / 148, rel=1e-3)


def test_news_5_h200_memory_figures_are_supported() -> None:
    for n, key, value in ((5, "memory.capacity", 141), (50, "memory.bandwidth", 4.8)):
        check = news(n).check()
        assert check.verdict is Verdict.SUPPORTED
        assert check.matching[0].key == key and check.matching[0].value == pytest.approx(value)


def test_news_6_h200_fp32_60_to_90_percent_above_h100_is_contradicted() -> None:
    check = news(6).check()
    assert check.verdict is Verdict.CONTRADICTED
    # both chips: 67 TFLOP/s vector FP32 (launch figure 60): 67/67 = 1, spread 60/67..67/60
    fp32 = check.fair_figure("fp32:vector")
    assert (fp32.low, fp32.value, fp32.high) == pytest.approx((60 / 67, 1.0, 67 / 60), rel=1e-3)
    # what does land in 1.6-1.9 is memory capacity, 141 / 80 = 1.76, off the named metric
    cap = [m for m in check.matching if m.key == "memory.capacity"]
    assert cap and not cap[0].like_for_like and "the claim names fp32" in cap[0].differences


@pytest.mark.parametrize("text, n", [
    ("H20 is 7.5% of H200", 1),
    ("H20仅为H200的7.5%", 1),
    ("the H20 has only 7.5% of the H200's performance", 1),
    ("H20 is 12% faster than Ascend 910B", 2),
    ("H20整体性能略高于昇腾910B约12%", 2),
    ("910C reaches 80-90% of H200", 3),
    ("910C达到H200的80%-90%", 3),
    ("CloudMatrix 384 delivers 300 PFLOPS", 4),
    ("华为CM384实现300 PFLOPS算力", 4),
    ("CM384 is 3x H20", 40),
    ("CM384算力效能是H20的3倍", 40),
    ("H200 has 141 GB of HBM3e", 5),
    ("H200配备141GB HBM3e高带宽内存", 5),
    ("H200 memory bandwidth is 4.8 TB/s", 50),
    ("H200显存带宽达4.8TB/s", 50),
    ("H200 FP32 is 60-90% higher than H100", 6),
    ("the H200's single-precision performance is 60–90% above the H100", 6),
    ("H200单精度浮点运算性能较H100提升60%-90%", 6),
])
def test_sentences_parse_to_the_structured_news_claims(text: str, n: int) -> None:
    got, want = parse_claim(text), news(n)
    cat = acs.catalog()
    assert cat.resolve(got.subject).id == cat.resolve(want.subject).id
    if want.object is None:
        assert got.object is None
        assert got.amount is not None and want.amount is not None
        assert got.amount[0].to(want.amount[0].units).magnitude == pytest.approx(want.amount[0].magnitude)
    else:
        assert got.object is not None and cat.resolve(got.object).id == cat.resolve(want.object).id
        assert got.ratio == pytest.approx(want.ratio)
    assert got.metric == (want.metric if want.object is not None else got.metric)
    assert got.check().verdict is want.check().verdict


# -- the verdict follows the catalog ---------------------------------------------------------

def override(write: Write, eid: str, row: str) -> acs.Catalog:
    return acs.load_catalog(write(SOURCE + f'\n[[accelerator]]\nid = "{eid}"\nspecs = [\n  {row}\n]\n'))


def test_a_catalog_override_turns_news_1_from_misleading_to_supported(write: Write) -> None:
    cat = override(write, "nvidia-h20", '{ field = "bf16", value = 74, unit = "TFLOP/s", source = "test-src" }')
    # 74 / 989.5 = 0.0748: now a like-for-like BF16 reading gives 7.5%
    check = news(1).check(catalog=cat)
    assert check.verdict is Verdict.SUPPORTED
    assert check.matching[0].like_for_like and check.matching[0].key == "bf16"


def test_a_catalog_override_turns_news_2_from_unsupported_to_supported(write: Write) -> None:
    cat = override(write, "huawei-ascend-910b",
                   '{ field = "bf16", value = 132, unit = "TFLOP/s", source = "test-src" }')
    assert news(2).check(catalog=cat).verdict is Verdict.SUPPORTED  # 148 / 132 = 1.121


def test_a_catalog_override_turns_news_6_from_contradicted_to_supported(write: Write) -> None:
    cat = override(write, "nvidia-h200-sxm",
                   '{ field = "fp32:vector", value = 120, unit = "TFLOP/s", source = "test-src" }')
    check = news(6).check(catalog=cat)
    assert check.verdict is Verdict.SUPPORTED  # 120 / 67 = 1.79
    assert check.matching[0].key == "fp32:vector"


def test_a_match_inside_the_spread_of_disputed_claims_only_is_not_support() -> None:
    # H20 / 910B dense BF16: chosen 148 / 353 = 0.419, but one source gives 280: 148 / 280 = 0.529
    # issue 14: a value kept only as a non-chosen claim never supports a claim by itself
    check = ChipClaim.ratio_of("H20", "910B", 0.52, metric="bf16").check()
    assert check.verdict is Verdict.CONTRADICTED
    assert not check.matching[0].exact and "disputed" in check.summary


def test_tolerance_decides_a_near_miss() -> None:
    # 0.1496 x 1.05 = 0.157 < 0.16 <= 0.1496 x 1.10 = 0.165
    claim = ChipClaim.ratio_of("H20", "H200", 0.16, metric="bf16")
    assert claim.check().verdict is Verdict.CONTRADICTED
    assert claim.check(tolerance=0.10).verdict is Verdict.SUPPORTED


def test_a_sparse_amount_quoted_as_plain_performance_is_misleading() -> None:
    # 3,958 TFLOP/s is H200 FP8 with 2:4 sparsity (2 x 1,979); no dense rate reaches it
    check = ChipClaim.absolute("H200", Q_(3958, "TFLOP/s")).check()
    assert check.verdict is Verdict.MISLEADING
    assert "a 2:4-sparse rate quoted as plain performance" in check.matching[0].differences


def test_a_tdp_of_another_scope_is_not_like_for_like() -> None:
    check = ChipClaim.ratio_of("CloudMatrix 384", "H20", 1.0, metric="tdp").check()
    (tdp,) = [r for r in check.readings if r.group == "tdp"]
    assert not tdp.like_for_like and "system vs module figure" in tdp.differences


# -- unknown entities and missing figures ----------------------------------------------------

def small_catalog(write: Write, *extra: str) -> acs.Catalog:
    return acs.load_catalog(write(SOURCE + entry("acme-x1", *GOOD_ROWS) + "".join(extra)),
                            packaged=False)


def test_a_system_the_catalog_lacks_parses_and_is_reported_unknown(write: Write) -> None:
    cat = small_catalog(write)
    claim = parse_claim("CloudMatrix 384 delivers 300 PFLOPS", catalog=cat)
    assert claim.subject == "CloudMatrix 384"
    check = claim.check(catalog=cat)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert check.unknown == ("CloudMatrix 384",) and check.readings == ()
    assert "no accelerator named" in check.not_evaluable[0].reason
    assert check.to_dict()["unknown"] == ["CloudMatrix 384"]


def test_adding_the_system_to_a_catalog_makes_the_claim_checkable(write: Write) -> None:
    box = """
[[system]]
id = "acme-cm"
name = "Acme CM"
vendor = "Acme"
status = "shipping"
aliases = ["CloudMatrix 384"]
parts = [ { accelerator = "acme-x1", count = 300 } ]
specs = []
"""
    cat = small_catalog(write, box)
    # 300 x 989.5 TFLOP/s = 296.9 PFLOP/s dense BF16, within 5% of 300
    check = parse_claim("CloudMatrix 384 delivers 300 PFLOPS", catalog=cat).check(catalog=cat)
    assert check.verdict is Verdict.SUPPORTED and check.matching[0].key == "bf16"


@given(acst.accelerators(precisions=("bf16",)))
def test_a_named_metric_neither_chip_discloses_is_unverifiable(a: Accelerator) -> None:
    b = attrs.evolve(a, id="other", name="Other")
    check = ChipClaim.ratio_of(a, b, 1.0, metric="fp64").check()
    assert check.verdict is Verdict.UNVERIFIABLE


def test_unknown_name_in_a_structured_claim_is_unverifiable_not_an_exception() -> None:
    check = ChipClaim.percent_of("H2O0", "H200", 7.5).check()
    assert check.verdict is Verdict.UNVERIFIABLE and check.unknown == ("H2O0",)


# -- structured claims: metrics, amounts, constructors ----------------------------------------

def test_a_verdict_prints_as_its_value() -> None:
    assert str(Verdict.MISLEADING) == "misleading" and f"{Verdict.SUPPORTED}" == "supported"


@pytest.mark.parametrize("metric", ["", "   ", 3])
def test_a_metric_must_be_a_non_empty_name(metric: object) -> None:
    with pytest.raises(ClaimError, match=f"metric must be a non-empty name or None, got {metric!r}"):
        ChipClaim.percent_of("H20", "H200", 7.5, metric=metric)  # type: ignore[arg-type]


def test_a_metric_may_name_a_precision_within_a_reading_group() -> None:
    # H200 and H100 SXM: the same FP8 rates (1,979 dense, 3,958 sparse TFLOP/s) at the same
    # 700 W module TDP, so FP8 per watt is in a ratio of 1
    claim = ChipClaim.ratio_of("H200", "H100 SXM", 1.0, metric="perf_per_watt:FP8")
    assert claim.metric == "perf_per_watt:fp8"
    check = claim.check()
    assert check.verdict is Verdict.SUPPORTED
    fair = [r for r in check.readings if r.like_for_like]
    assert fair and all(r.group == "perf_per_watt" and r.subject.precision == "fp8" for r in fair)
    assert any(r.key == "perf_per_watt:fp8" and r.matches for r in fair)
    with pytest.raises(ClaimError, match="unknown metric 'perf_per_watt:speed'"):
        ChipClaim.ratio_of("H200", "H100 SXM", 1.0, metric="perf_per_watt:speed")


def test_an_amount_must_have_the_dimension_of_the_metric_it_names() -> None:
    with pytest.raises(ClaimError, match="an amount of fp8"):
        ChipClaim.absolute("H200", Q_(4.8, "TB/s"), metric="fp8")
    # 1.979 PFLOP/s is the H200's dense FP8 rate (1,979 TFLOP/s)
    check = ChipClaim.absolute("H200", Q_(1.979, "PFLOP/s"), metric="fp8").check()
    assert check.verdict is Verdict.SUPPORTED and check.matching[0].key == "fp8"


def test_an_amount_of_a_metric_no_reading_covers_is_unverifiable() -> None:
    # die_area is a catalog field but no reading provider reads it: any unit is accepted and
    # nothing can be read from it
    claim = ChipClaim.absolute("H200", Q_(814, "mm^2"), metric="die_area")
    check = claim.check()
    assert check.verdict is Verdict.UNVERIFIABLE and check.readings == ()
    assert check.summary.endswith("(die_area)")


@pytest.mark.parametrize("metric, words", [
    ("fp8:sparse", "NVIDIA H200 SXM 2:4-sparse FP8 is 2x NVIDIA H20"),
    ("fp32:vector", "NVIDIA H200 SXM FP32 vector is 2x NVIDIA H20"),
    ("memory.bandwidth", "NVIDIA H200 SXM memory bandwidth is 2x NVIDIA H20"),
    ("tdp", "NVIDIA H200 SXM TDP is 2x NVIDIA H20"),
])
def test_describe_names_the_metric_in_words(metric: str, words: str) -> None:
    claim = ChipClaim.times(acs.get("H200"), acs.get("H20"), 2, metric=metric)
    assert claim.describe() == words + " (ratio 2)"


@pytest.mark.parametrize("build, match", [
    (lambda: ChipClaim("H20", "H200", amount=(Q_(96, "GB"), Q_(96, "GB"))), "has no object"),
    (lambda: ChipClaim("H20", amount=(96, 96)), "must be a quantity with a unit, got 96"),
    (lambda: ChipClaim("H20", amount=(Q_(96, "GB"), 96)), "must be a quantity with a unit, got 96"),
    (lambda: ChipClaim.absolute("H200", Q_(5, "TB/s"), Q_(4000, "GB/s")), r"low end 5 TB/s is above the high end 4(\.0)? TB/s"),
    (lambda: ChipClaim.absolute("H200", Q_(5, "TB/s"), Q_(5, "GB")), "claimed amount"),
    (lambda: ChipClaim.absolute("H200", Q_(-5, "TB/s")), "amount must be a positive finite number"),
])
def test_malformed_amounts_name_the_problem(build: Callable[[], ChipClaim], match: str) -> None:
    with pytest.raises(ClaimError, match=match):
        build()


def test_an_amount_range_is_kept_in_the_unit_it_was_given_in() -> None:
    claim = ChipClaim.absolute("H200", Q_(4.5, "TB/s"), Q_(5000, "GB/s"))
    assert claim.to_dict()["amount"] == {"low": 4.5, "high": pytest.approx(5.0), "unit": "TB/s"}
    assert claim.check().verdict is Verdict.SUPPORTED  # 4.8 TB/s lies inside 4.5-5


@given(st.floats(0.1, 99), st.floats(0, 50))
def test_less_than_is_one_minus_the_percentage(low: float, extra: float) -> None:
    high = min(low + extra, 99.5)
    claim = ChipClaim.less_than("H20", "H100", low, high)
    assert claim.ratio == pytest.approx((1 - high / 100, 1 - low / 100))
    assert claim.stated.endswith("% lower than")


def test_less_than_reads_a_spread_of_percentages() -> None:
    claim = ChipClaim.less_than("H20", "H100", 10, 20)
    assert claim.ratio == pytest.approx((0.8, 0.9)) and claim.stated == "10-20% lower than"


def test_a_fair_figure_no_reading_could_make_is_a_missing_spec_error() -> None:
    # the Ascend 910B publishes no FP8 rate
    check = ChipClaim.ratio_of("H20", "Ascend 910B", 1.0).check()
    assert check.fair_figure("bf16").value == pytest.approx(148 / 353)
    with pytest.raises(acs.MissingSpecError, match="H20 / Ascend 910B: fp8 is not disclosed"):
        check.fair_figure("fp8")
    amount = ChipClaim.absolute("H200", Q_(141, "GB")).check()
    with pytest.raises(acs.MissingSpecError, match=r"^H200: memory.bandwidth is not disclosed"):
        amount.fair_figure("memory.bandwidth")


@pytest.mark.parametrize("claim", [42, None, Q_(1, "GB")])
def test_check_claim_refuses_what_is_neither_a_claim_nor_a_sentence(claim: object) -> None:
    with pytest.raises(ClaimError, match=f"needs a ChipClaim or a sentence, got {type(claim).__name__}"):
        check_claim(claim)  # type: ignore[arg-type]


# -- reading providers and pairs --------------------------------------------------------------

def term(key: str, precision: str | None = None, *, sparse: bool = False, engine: str | None = "matrix",
         qualifier: str = "") -> Term:
    return Term("g", key, key, "u", 1.0, 1.0, 1.0, precision=precision, sparse=sparse, engine=engine,
                qualifier=qualifier)


BF16, BF16_SPARSE = term("bf16", "bf16"), term("bf16:sparse", "bf16", sparse=True)
FP8, BF16_VECTOR = term("fp8", "fp8"), term("bf16:vector", "bf16", engine="vector")


@pytest.mark.parametrize("mix, a, b, allowed", [
    ("none", BF16, BF16, True), ("sparsity", BF16, BF16, True), ("all", BF16, BF16, True),
    ("none", BF16, BF16_SPARSE, False), ("none", BF16, FP8, False),
    ("sparsity", BF16, BF16_SPARSE, True), ("sparsity", BF16_SPARSE, BF16, True),
    ("sparsity", BF16, FP8, False), ("sparsity", BF16, BF16_VECTOR, False),
    ("all", BF16, FP8, True), ("all", BF16_VECTOR, BF16_SPARSE, True),
])
def test_which_pairs_of_terms_a_reading_may_form(mix: str, a: Term, b: Term, allowed: bool) -> None:
    assert pair_allowed(mix, a, b) is allowed  # type: ignore[arg-type]


@pytest.mark.parametrize("a, b, words", [
    (BF16, BF16, ()),
    (BF16, BF16_SPARSE, ("dense vs 2:4-sparse",)),
    (BF16_SPARSE, FP8, ("2:4-sparse vs dense", "BF16 vs FP8")),
    (BF16, BF16_VECTOR, ("matrix vs vector engine",)),
    (term("tdp", qualifier="module"), term("tdp", qualifier="card"), ("module vs card figure",)),
    (term("decode:a"), term("decode:b"), ("decode:a vs decode:b",)),
])
def test_differences_say_why_two_terms_are_not_like_for_like(a: Term, b: Term, words: tuple[str, ...]) -> None:
    assert differences(a, b) == words


def test_adding_a_provider_for_an_existing_group_replaces_it() -> None:
    tdp = next(p for p in PROVIDERS if p.group == "tdp")
    n = len(PROVIDERS)

    def card_tdp(acc: Accelerator, key: str) -> Term:  # every TDP read as 1 kW
        return Term("tdp", "tdp", "TDP", "W", 1000.0, 1000.0, 1000.0)

    add_provider(ReadingProvider("tdp", lambda acc: ("tdp",), card_tdp))
    try:
        assert len(PROVIDERS) == n and tdp not in PROVIDERS
        check = ChipClaim.absolute("H200", Q_(1, "kW"), metric="tdp").check()
        assert check.verdict is Verdict.SUPPORTED  # the catalog's 700 W would not match 1 kW
    finally:
        PROVIDERS[[p.group for p in PROVIDERS].index("tdp")] = tdp
    assert ChipClaim.absolute("H200", Q_(1, "kW"), metric="tdp").check().verdict is Verdict.CONTRADICTED


def test_an_llm_workload_that_cannot_be_evaluated_is_not_evaluable(monkeypatch: pytest.MonkeyPatch) -> None:
    # a prefill of no tokens is not a workload: reported as a gap, never taken as zero
    monkeypatch.setitem(WORKLOADS, "prefill:empty", ("prefill", 0))
    llm = next(p for p in PROVIDERS if p.group == "llm")
    check = ChipClaim.ratio_of("H20", "H200", 0.5, metric="llm").check(providers=[llm])
    gaps = {g.what: g.reason for g in check.not_evaluable}
    assert "prompt_tokens must be positive" in gaps["prefill:empty"]
    assert "nvidia-h20" in gaps["prefill:empty"] and "nvidia-h200-sxm" in gaps["prefill:empty"]
    assert {r.key for r in check.readings} == {"decode:llama3-8b", "prefill:llama3-8b"}


def test_a_gap_is_reported_once_however_many_providers_find_it() -> None:
    # the Ascend 910C has no sourced TDP; asking the TDP family twice still gives one gap
    tdp = next(p for p in PROVIDERS if p.group == "tdp")
    check = ChipClaim.ratio_of("Ascend 910C", "H20", 1.0, metric="tdp").check(providers=[tdp, tdp])
    assert [g.what for g in check.not_evaluable] == ["tdp"]
    assert "huawei-ascend-910c" in check.not_evaluable[0].reason
    assert check.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize("tol", [-0.1, 1.0, float("nan"), True])
def test_a_bad_tolerance_is_refused(tol: float) -> None:
    with pytest.raises(ClaimError, match="tolerance"):
        check_claim(news(1), tolerance=tol)
