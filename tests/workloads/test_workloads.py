"""Roofline and LLM workload bounds: properties first, then worked examples from published figures."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.errors import MissingSpecError, UnitError, UnknownMetricError, WorkloadError
from accelspec.workloads.llm import Decode, Prefill, Training, decode, prefill, training_time
from accelspec.workloads.models import (
    DEEPSEEK_V3,
    LLAMA3_8B,
    LLAMA3_70B,
    MODELS,
    QWEN25_72B,
    ModelSpec,
    fits,
    get_model,
    kv_cache_memory,
    weight_memory,
)
from accelspec.workloads.roofline import Roofline, attainable, crossover_intensity, roofline_curve
from accelspec.spec import Accelerator, Memory, Power
from accelspec.workloads.relative import (
    electricity_cost_per_million_tokens,
    energy_per_token,
    hardware_cost_per_million_tokens,
    relative_performance,
)

INTENSITY_UNITS = {"FLOP/B": 1.0, "FLOP/kB": 1e3, "kFLOP/B": 1e-3, "GFLOP/GB": 1.0, "FLOP/b": 1 / 8}
PRECISIONS = ("bf16", "fp8", "int8")


@st.composite
def intensities(draw: st.DrawFn) -> object:
    """Positive intensities in FLOP/B, expressed in an equivalent unit."""
    value = draw(st.floats(min_value=1e-3, max_value=1e5))
    unit = draw(st.sampled_from(sorted(INTENSITY_UNITS)))
    return Q_(value * INTENSITY_UNITS[unit], unit)


@st.composite
def models(draw: st.DrawFn) -> ModelSpec:
    """Dense GQA models from 0.1B to 1T parameters at BF16 or FP8."""
    heads = draw(st.sampled_from([1, 2, 4, 8, 16]))
    return ModelSpec(name="synthetic", parameters=Q_(draw(st.floats(0.1, 1000)), "billion"),
                     layers=draw(st.integers(1, 128)), hidden_size=draw(st.sampled_from([1024, 4096, 8192])),
                     kv_heads=heads, head_dim=draw(st.sampled_from([64, 128])),
                     weight_precision=draw(st.sampled_from(["bf16", "fp8"])),
                     kv_precision=draw(st.sampled_from(["bf16", "fp8"])))


def workloads() -> st.SearchStrategy[object]:
    return st.one_of(
        st.builds(Roofline, intensities(), st.sampled_from(PRECISIONS)),
        st.builds(Decode, models(), st.integers(1, 256), st.integers(0, 32768)),
        st.builds(Prefill, models(), st.integers(1, 32768), st.integers(1, 16)),
        st.builds(Training, models(), st.floats(1e6, 1e13)),
    )


# -- properties ------------------------------------------------------------------------------

@given(acst.accelerators(), st.sampled_from(PRECISIONS), intensities(), st.integers(1, 16))
def test_attainable_never_exceeds_peak_or_intensity_times_bandwidth(
        acc: Accelerator, precision: str, x: object, n: int) -> None:
    p = attainable(acc, precision, x, n_chips=n)
    peak = (acc.peak(precision) * n).to(p.attainable.units).magnitude
    roof = (x * acc.memory.bandwidth * n).to(p.attainable.units).magnitude  # type: ignore[operator]
    assert p.attainable.magnitude <= peak * (1 + 1e-12)
    assert p.attainable.magnitude <= roof * (1 + 1e-12)
    assert p.attainable.magnitude == pytest.approx(min(peak, roof), rel=1e-12)
    assert p.bound == ("compute" if peak <= roof * (1 + 1e-12) else "memory") or \
        math.isclose(peak, roof, rel_tol=1e-9)


@given(acst.accelerators(), st.sampled_from(PRECISIONS), intensities())
def test_the_bound_is_memory_below_the_ridge_and_compute_above(acc: Accelerator, precision: str,
                                                               x: object) -> None:
    p = attainable(acc, precision, x)
    ratio = (p.intensity / p.ridge).to("count").magnitude
    assume(abs(ratio - 1) > 1e-9)
    assert p.bound == ("memory" if ratio < 1 else "compute")


@given(acst.accelerators(), st.sampled_from(PRECISIONS), st.floats(1e-2, 1e4))
def test_attainable_is_invariant_to_the_intensity_unit(acc: Accelerator, precision: str, v: float) -> None:
    base = attainable(acc, precision, Q_(v, "FLOP/B")).attainable.magnitude
    for unit, scale in INTENSITY_UNITS.items():
        assert attainable(acc, precision, Q_(v * scale, unit)).attainable.magnitude == pytest.approx(base, rel=1e-9)


@given(st.floats(1, 1e4), st.floats(0.1, 20), st.floats(1, 200), models(), st.integers(1, 64),
       st.integers(0, 8192))
def test_llm_bounds_are_invariant_to_the_units_inputs_were_given_in(
        tflops: float, tbs: float, gb: float, model: ModelSpec, batch: int, context: int) -> None:
    def chip(flops: object, bw: object, cap: object, tdp: object) -> Accelerator:
        return Accelerator(id="x", name="x", vendor="x", memory=Memory(capacity=cap, bandwidth=bw),
                           compute={"bf16": flops, "fp8": flops * 2}, power=Power(tdp=tdp))  # type: ignore[operator]

    a = chip(Q_(tflops, "TFLOP/s"), Q_(tbs, "TB/s"), Q_(gb, "GB"), Q_(700, "W"))
    b = chip(Q_(tflops * 1000, "GFLOP/s"), Q_(tbs * 8000, "Gb/s"), Q_(gb * 1e9 / 2**30, "GiB"), Q_(0.7, "kW"))
    same = attrs.evolve(model, parameters=Q_(model.parameters / 1e9, "billion"),
                        kv_bytes_per_token=Q_(model.kv_per_token.magnitude / 1000, "kB/token"))
    da, db = decode(model, a, batch=batch, context=context), decode(same, b, batch=batch, context=context)
    assert db.aggregate.to("token/s").magnitude == pytest.approx(da.aggregate.magnitude, rel=1e-9)
    assert db.bound == da.bound or math.isclose(da.memory_time.magnitude, da.compute_time.magnitude, rel_tol=1e-9)
    assert prefill(same, b, 512).time.to("s").magnitude == pytest.approx(prefill(model, a, 512).time.magnitude, rel=1e-9)
    assert bool(fits(same, b, context=context)) == bool(fits(model, a, context=context)) or \
        math.isclose(fits(model, a, context=context).headroom.magnitude, 0, abs_tol=1e-6)
    assert energy_per_token(b, db).magnitude == pytest.approx(energy_per_token(a, da).magnitude, rel=1e-9)


@given(acst.accelerators(), models(), st.floats(1.01, 10), st.integers(1, 256), st.integers(0, 8192))
def test_decode_bound_is_monotone_in_bandwidth(acc: Accelerator, model: ModelSpec, k: float,
                                               batch: int, context: int) -> None:
    faster = attrs.evolve(acc, memory=attrs.evolve(acc.memory, bandwidth=acc.memory.bandwidth * k))
    before = decode(model, acc, batch=batch, context=context)
    after = decode(model, faster, batch=batch, context=context)
    assert after.per_sequence.magnitude >= before.per_sequence.magnitude * (1 - 1e-12)
    assert after.aggregate.magnitude >= before.aggregate.magnitude * (1 - 1e-12)
    assert after.per_sequence.magnitude <= before.per_sequence.magnitude * k * (1 + 1e-9)


@given(acst.accelerators(), models(), st.floats(1.01, 10), st.integers(1, 256), st.integers(0, 8192))
def test_decode_bound_is_anti_monotone_in_model_bytes(acc: Accelerator, model: ModelSpec, k: float,
                                                      batch: int, context: int) -> None:
    bigger = attrs.evolve(model, parameters=model.parameters * k)
    small = decode(model, acc, batch=batch, context=context)
    large = decode(bigger, acc, batch=batch, context=context)
    assert large.per_sequence.magnitude <= small.per_sequence.magnitude * (1 + 1e-12)
    wider_kv = decode(model.with_precision(kv="fp32"), acc, batch=batch, context=context)
    assert wider_kv.per_sequence.magnitude <= small.per_sequence.magnitude * (1 + 1e-12)


@given(acst.accelerators(), models(), st.integers(1, 256), st.integers(0, 8192))
def test_decode_takes_the_binding_resource_and_reports_both(acc: Accelerator, model: ModelSpec,
                                                            batch: int, context: int) -> None:
    d = decode(model, acc, batch=batch, context=context)
    assert d.aggregate.magnitude == pytest.approx(min(d.memory_limit.magnitude, d.compute_limit.magnitude))
    assert d.aggregate.magnitude == pytest.approx(d.per_sequence.magnitude * batch)
    assert d.bound == ("memory" if d.memory_time.magnitude >= d.compute_time.magnitude else "compute")


@given(acst.accelerators(), workloads())
def test_relative_performance_of_a_chip_with_itself_is_one(acc: Accelerator, workload: object) -> None:
    r = relative_performance(acc, acc, workload)  # type: ignore[arg-type]
    assert r.ratio == pytest.approx(1.0, rel=1e-12)
    assert r.crossover is None
    assert r.bound_a == r.bound_b


@given(acst.accelerators(), acst.accelerators(), workloads())
def test_relative_performance_is_antisymmetric(a: Accelerator, b: Accelerator, workload: object) -> None:
    ab = relative_performance(a, b, workload)  # type: ignore[arg-type]
    ba = relative_performance(b, a, workload)  # type: ignore[arg-type]
    assert ab.ratio * ba.ratio == pytest.approx(1.0, rel=1e-9)
    assert (ab.crossover is None) == (ba.crossover is None)
    assert (ab.bound_a, ab.bound_b) == (ba.bound_b, ba.bound_a)


@given(acst.accelerators(), acst.accelerators(), st.sampled_from(PRECISIONS))
def test_the_winner_changes_exactly_at_the_crossover(a: Accelerator, b: Accelerator, precision: str) -> None:
    c = crossover_intensity(a, b, precision)

    def ratio(x: object) -> float:
        return relative_performance(a, b, Roofline(x, precision)).ratio

    low, high = ratio(Q_(1e-6, "FLOP/B")), ratio(Q_(1e9, "FLOP/B"))
    if c is None:  # one chip is at least as fast everywhere
        assert (low >= 1 - 1e-9 and high >= 1 - 1e-9) or (low <= 1 + 1e-9 and high <= 1 + 1e-9)
    else:
        assert ratio(c) == pytest.approx(1.0, rel=1e-9)
        assert (ratio(c * 0.5) - 1) * (ratio(c * 2) - 1) < 0
        assert (low - 1) * (high - 1) < 0


@given(models(), st.integers(1, 64), st.floats(0.05, 1.0))
def test_more_chips_never_stop_a_model_fitting(model: ModelSpec, n: int, frac: float) -> None:
    acc = acs.get("H200")
    f = fits(model, acc, n, usable_fraction=frac)
    assert fits(model, acc, f.chips_needed, usable_fraction=frac)
    if f.chips_needed > 1:
        assert not fits(model, acc, f.chips_needed - 1, usable_fraction=frac)
    assert bool(f) == (n >= f.chips_needed)


@given(models(), st.floats(1e6, 1e13), st.integers(1, 1024), st.floats(0.05, 1.0))
def test_training_time_is_linear_in_tokens_and_inverse_in_chips(model: ModelSpec, tokens: float,
                                                                 n: int, u: float) -> None:
    acc = acs.get("H100 SXM")
    one = training_time(model, acc, tokens, utilisation=u).time.magnitude
    assert training_time(model, acc, tokens * 2, utilisation=u).time.magnitude == pytest.approx(2 * one)
    assert training_time(model, acc, tokens, n_chips=n, utilisation=u).time.magnitude == pytest.approx(one / n)


# -- worked examples, from published figures ---------------------------------------------------

SEVENTY_B = ModelSpec(name="70B", parameters=Q_(70, "billion"), layers=80, hidden_size=8192,
                      kv_heads=8, head_dim=128, weight_precision="fp8")


def test_a_70b_model_at_fp8_takes_70_gb_and_fits_one_h20_or_one_h200() -> None:
    # 70e9 parameters x 1 byte = 70 GB <= 96 GB (H20) and <= 141 GB (H200)
    assert weight_memory(SEVENTY_B).to("GB").magnitude == pytest.approx(70)
    for chip in ("H20", "H200"):
        f = fits(SEVENTY_B, acs.get(chip))
        assert f and f.chips_needed == 1


def test_a_70b_model_at_bf16_needs_two_h20s_and_nearly_all_of_an_h200() -> None:
    bf16 = SEVENTY_B.with_precision("bf16")
    # 70e9 x 2 bytes = 140 GB: more than one H20's 96 GB, less than two (192 GB)
    assert weight_memory(bf16).to("GB").magnitude == pytest.approx(140)
    h20 = fits(bf16, acs.get("H20"))
    assert not h20 and h20.chips_needed == 2 and fits(bf16, acs.get("H20"), 2)
    # 140 GB of 141 GB: fits only with usable fraction >= 140/141 = 0.9929
    h200 = acs.get("H200")
    assert fits(bf16, h200, usable_fraction=1.0)
    assert fits(bf16, h200, usable_fraction=140 / 141)
    assert not fits(bf16, h200, usable_fraction=0.99)  # 0.99 x 141 = 139.59 GB < 140 GB
    assert fits(bf16, h200).headroom.to("GB").magnitude == pytest.approx(1.0)


def test_llama_3_70b_at_bf16_does_not_fit_one_h200_even_at_full_memory() -> None:
    # its config.json shapes give 70,553,706,496 parameters: x 2 bytes = 141.1 GB > 141 GB
    assert weight_memory(LLAMA3_70B).to("GB").magnitude == pytest.approx(141.107, abs=1e-3)
    f = fits(LLAMA3_70B, acs.get("H200"))
    assert not f and f.chips_needed == 2


def test_batch_1_decode_bound_of_a_70b_fp8_model_on_an_h200_is_about_69_tokens_per_second() -> None:
    d = decode(SEVENTY_B, acs.get("H200"))
    assert d.per_sequence.to("token/s").magnitude == pytest.approx(4.8e12 / 70e9, rel=1e-9)  # 68.57
    assert d.bound == "memory"
    # compute would allow 1,979e12 / (2 x 70e9) = 14,136 token/s
    assert d.compute_limit.to("token/s").magnitude == pytest.approx(1979e12 / 140e9, rel=1e-9)


def test_kv_cache_sizes_from_the_published_shapes() -> None:
    # Llama 3 70B: 80 layers x 2 (K, V) x 8 KV heads x 128 x 2 bytes = 327,680 B per token
    assert LLAMA3_70B.kv_per_token.to("B/token").magnitude == 327_680
    # 8 sequences x 8,192 tokens x 327,680 B = 21.47 GB
    assert kv_cache_memory(LLAMA3_70B, 8, 8192).to("GB").magnitude == pytest.approx(8 * 8192 * 327_680 / 1e9)
    # DeepSeek-V3 (MLA): 61 layers x (512 + 64) x 2 bytes = 70,272 B per token
    assert DEEPSEEK_V3.kv_per_token.to("B/token").magnitude == 70_272
    # Llama 3 8B: 32 x 2 x 8 x 128 x 2 = 131,072 B; Qwen2.5 72B has Llama 3 70B's cache shape
    assert LLAMA3_8B.kv_per_token.magnitude == 131_072
    assert QWEN25_72B.kv_per_token.magnitude == 327_680


def test_presets_carry_their_published_parameter_counts_and_sources() -> None:
    # Meta: 8.03B and 70.6B; Qwen: 72.7B; DeepSeek: 671B total, 37B activated
    expected = {"llama3-8b": 8.03, "llama3-70b": 70.55, "qwen2.5-72b": 72.7, "deepseek-v3": 671}
    for key, billions in expected.items():
        assert MODELS[key].parameters == pytest.approx(billions * 1e9, rel=2e-3)
        assert MODELS[key].source.startswith("https://huggingface.co/")
    assert DEEPSEEK_V3.active_parameters == 37e9
    assert get_model("Llama-3 70b") is LLAMA3_70B
    from accelspec.errors import UnknownModelError

    with pytest.raises(UnknownModelError):
        get_model("llama 4")


def test_h20_vs_ascend_910b_loses_on_prefill_and_wins_on_decode() -> None:
    # dense BF16: H20 148 TFLOP/s, 910B 353 TFLOP/s (the catalog's chosen figure, Huawei CANN
    # guide); bandwidth 4.0 vs 1.6 TB/s
    pre = relative_performance("H20", "Ascend 910B", Prefill(LLAMA3_8B, prompt_tokens=4096))
    assert (pre.bound_a, pre.bound_b) == ("compute", "compute")
    assert pre.ratio == pytest.approx(148 / 353, rel=1e-9)  # 0.419
    dec = relative_performance("H20", "Ascend 910B", Decode(LLAMA3_8B, batch=1, context=4096))
    assert (dec.bound_a, dec.bound_b) == ("memory", "memory")
    assert dec.ratio == pytest.approx(4.0 / 1.6, rel=1e-9)  # 2.5
    # the rooflines cross where the H20 tops out and the 910B is still memory-bound: 148 / 1.6
    assert dec.crossover.to("FLOP/B").magnitude == pytest.approx(92.5)
    assert relative_performance("H20", "Ascend 910B", Roofline(Q_(90, "FLOP/B"))).ratio > 1
    assert relative_performance("H20", "Ascend 910B", Roofline(Q_(95, "FLOP/B"))).ratio < 1


def test_h20_never_beats_h200_at_any_intensity() -> None:
    # 148 < 989.5 TFLOP/s and 4.0 < 4.8 TB/s: no crossover
    assert crossover_intensity(acs.get("H20"), acs.get("H200"), "bf16") is None


def test_n_chips_and_a_catalog_system_give_the_same_bound() -> None:
    # an HGX H20 is 8 x H20: 8 x 4.0 TB/s = 32 TB/s; 70 GB of FP8 weights read per token
    eight = decode(SEVENTY_B, acs.get("H20"), n_chips=8)
    assert eight.per_sequence.magnitude == pytest.approx(32e12 / 70e9, rel=1e-9)
    hgx = acs.get("HGX H20")
    assert decode(SEVENTY_B, hgx).per_sequence.magnitude == pytest.approx(eight.per_sequence.magnitude)


def test_deepseek_v3_needs_five_h200s_and_reads_only_its_active_weights() -> None:
    # 671 GB of FP8 weights / 141 GB = 4.76 -> 5 chips; batch-1 decode reads 37 GB per token
    assert fits(DEEPSEEK_V3, acs.get("H200")).chips_needed == 5
    d = decode(DEEPSEEK_V3, acs.get("H200"), n_chips=8)
    assert d.per_sequence.magnitude == pytest.approx(8 * 4.8e12 / 37e9, rel=1e-9)


def test_prefill_and_training_bounds_from_the_flop_counts() -> None:
    # prefill of 2,000 tokens of a 70B FP8 model on an H200: 2 x 70e9 x 2000 / 1,979e12 s
    p = prefill(SEVENTY_B, acs.get("H200"), 2000)
    assert p.bound == "compute"
    assert p.time.to("s").magnitude == pytest.approx(2 * 70e9 * 2000 / 1979e12, rel=1e-9)
    # training a 70B model on 15T tokens: 6 x 70e9 x 15e12 = 6.3e24 FLOP; 1,024 H100s at 40%
    t = training_time(SEVENTY_B, acs.get("H100 SXM"), 15e12, n_chips=1024, utilisation=0.4)
    assert t.flops.to("FLOP").magnitude == pytest.approx(6.3e24)
    assert t.time.to("day").magnitude == pytest.approx(6.3e24 / (989.5e12 * 1024 * 0.4) / 86400, rel=1e-9)


def test_energy_and_cost_per_token_keep_units_and_currencies() -> None:
    h200 = acs.get("H200")
    rate = Q_(1000, "token/s")
    # 700 W / 1,000 token/s = 0.7 J/token
    assert energy_per_token(h200, rate).to("J/token").magnitude == pytest.approx(0.7)
    # 1e6 tokens x 0.7 J = 0.7e6 J = 0.1944 kWh; at 0.5 CNY/kWh = 0.0972 CNY
    cny = electricity_cost_per_million_tokens(h200, rate, Q_(0.5, "CNY") / Q_(1, "kW*h"))
    assert cny.to("CNY").magnitude == pytest.approx(0.7e6 / 3.6e6 * 0.5)
    usd = electricity_cost_per_million_tokens(h200, rate, Q_(0.08, "USD") / Q_(1, "kW*h"), pue=1.3)
    assert usd.to("USD").magnitude == pytest.approx(0.7e6 * 1.3 / 3.6e6 * 0.08)
    with pytest.raises(TypeError):  # pint's DimensionalityError: there is no exchange rate
        usd.to("CNY")
    # H20 at 110,000 CNY (Reuters, 2024) over 4 years at 1,000 token/s:
    # 1,000 x 4 x 365.25 x 86,400 = 1.262e11 tokens -> 110,000 / 1.262e5 = 0.871 CNY per million
    hw = hardware_cost_per_million_tokens(acs.get("H20"), rate, lifetime=Q_(4, "year"))
    assert hw.to("CNY").magnitude == pytest.approx(110_000 / (1000 * 4 * 365.25 * 86400 / 1e6))
    given_price = hardware_cost_per_million_tokens(h200, rate, lifetime=Q_(4, "year"),
                                                   price=Q_(30_000, "USD"), utilisation=0.5)
    assert given_price.to("USD").magnitude == pytest.approx(30_000 / (500 * 4 * 365.25 * 86400 / 1e6))


# -- errors ---------------------------------------------------------------------------------------

def test_bad_inputs_raise_typed_errors_naming_the_problem() -> None:
    h200, b910 = acs.get("H200"), acs.get("Ascend 910B")
    with pytest.raises(UnitError, match="intensity"):
        attainable(h200, "bf16", Q_(3, "TB/s"))
    with pytest.raises(UnitError, match="intensity"):
        attainable(h200, "bf16", 3.0)
    with pytest.raises(WorkloadError, match="usable_fraction"):
        fits(SEVENTY_B, h200, usable_fraction=0)
    with pytest.raises(WorkloadError, match="batch"):
        decode(SEVENTY_B, h200, batch=0)
    with pytest.raises(WorkloadError, match="n_chips"):
        decode(SEVENTY_B, h200, n_chips=0)
    with pytest.raises(MissingSpecError, match="fp8"):
        decode(SEVENTY_B, b910)  # the 910B publishes no FP8 rate
    with pytest.raises(MissingSpecError, match="tdp"):
        energy_per_token("Ascend 910C", Q_(10, "token/s"))  # no sourced 910C TDP
    with pytest.raises(MissingSpecError, match="price"):
        hardware_cost_per_million_tokens(b910, Q_(10, "token/s"), lifetime=Q_(4, "year"))
    with pytest.raises(WorkloadError, match="currency"):
        electricity_cost_per_million_tokens(h200, Q_(10, "token/s"), Q_(0.5, "CNY"))
    with pytest.raises(UnitError, match="throughput"):
        energy_per_token(h200, Q_(10, "TFLOP/s"))
    with pytest.raises(WorkloadError, match="KV cache"):
        ModelSpec(name="x", parameters=Q_(1, "billion"), layers=2, hidden_size=64)
    with pytest.raises(WorkloadError, match="billion"):
        ModelSpec(name="x", parameters=70, layers=2, hidden_size=64, kv_heads=1, head_dim=64)
    with pytest.raises(WorkloadError, match="workload"):
        relative_performance(h200, h200, "decode")  # type: ignore[arg-type]


# -- roofline details ---------------------------------------------------------------------------

def chip(id: str, bf16: float, tbs: float, **compute: float) -> Accelerator:
    """A chip with a BF16 rate [TFLOP/s], a bandwidth [TB/s], 80 GB and 700 W."""
    rates = {"bf16": Q_(bf16, "TFLOP/s")} | {k.replace("_", ":"): Q_(v, "TFLOP/s") for k, v in compute.items()}
    return Accelerator(id=id, name=id, vendor="x", memory=Memory(capacity=Q_(80, "GB"), bandwidth=Q_(tbs, "TB/s")),
                       compute=rates, power=Power(tdp=Q_(700, "W")))


def test_a_vector_rate_gives_its_own_roofline() -> None:
    acc = chip("v", 1000, 2.0, fp32_vector=50)
    # 10 FLOP/B x 2 TB/s = 20 TFLOP/s below the 50 TFLOP/s vector peak: memory-bound
    low = attainable(acc, "fp32:vector", Q_(10, "FLOP/B"))
    assert (low.precision, low.bound) == ("fp32:vector", "memory")
    assert low.attainable.to("TFLOP/s").magnitude == pytest.approx(20)
    assert low.ridge.to("FLOP/B").magnitude == pytest.approx(25)  # 50 / 2
    high = attainable(acc, "fp32:vector", Q_(40, "FLOP/B"))
    assert high.bound == "compute" and high.attainable.to("TFLOP/s").magnitude == pytest.approx(50)
    with pytest.raises(UnknownMetricError, match="vector rates have no 2:4 sparsity"):
        attainable(acc, "fp32:vector", Q_(10, "FLOP/B"), sparse=True)


def test_a_plain_precision_without_a_matrix_rate_reads_and_names_the_vector_rate() -> None:
    # Accelerator.peak falls back to the vector rate when a chip has no matrix rate; the point
    # must name the field it read (regression: it said "fp32" while using "fp32:vector")
    vector_only = chip("v", 1000, 2.0, fp32_vector=50)
    p = attainable(vector_only, "fp32", Q_(40, "FLOP/B"))
    assert p.precision == "fp32:vector" and p.peak.to("TFLOP/s").magnitude == pytest.approx(50)
    both = chip("w", 1000, 2.0, fp32=60, fp32_vector=50)
    assert attainable(both, "fp32", Q_(40, "FLOP/B")).precision == "fp32"
    assert attainable(both, "fp32", Q_(40, "FLOP/B")).peak.to("TFLOP/s").magnitude == pytest.approx(60)
    # the H200 publishes FP32 only as a vector (CUDA-core) rate, 67 TFLOP/s
    d = decode(LLAMA3_8B, acs.get("H200"), precision="fp32")
    assert d.precision == "fp32:vector"
    assert training_time(LLAMA3_8B, acs.get("H200"), 1e9, precision="fp32").precision == "fp32:vector"


@given(st.floats(1e-3, 1e5), st.floats(1, 1e4), st.floats(0.1, 20))
def test_the_memory_roof_is_intensity_times_bandwidth_in_the_peak_unit(x: float, tflops: float, tbs: float) -> None:
    p = attainable(chip("m", tflops, tbs), "bf16", Q_(x, "FLOP/B"))
    assert f"{p.memory_roof.units:~P}" == f"{p.peak.units:~P}"
    assert p.memory_roof.to("TFLOP/s").magnitude == pytest.approx(x * tbs, rel=1e-12)  # FLOP/B x TB/s
    assert p.attainable.magnitude == pytest.approx(min(p.peak.magnitude, p.memory_roof.magnitude), rel=1e-12)


def test_a_roofline_curve_is_one_point_per_intensity_in_order() -> None:
    acc = chip("c", 100, 2.0)
    xs = [Q_(100, "FLOP/B"), Q_(1, "FLOP/B"), Q_(50, "FLOP/B")]
    curve = roofline_curve(acc, "bf16", xs, n_chips=2)
    assert [p.intensity.magnitude for p in curve] == [100, 1, 50]
    # 2 chips: peak 200 TFLOP/s, bandwidth 4 TB/s, ridge 50 FLOP/B
    assert [p.attainable.to("TFLOP/s").magnitude for p in curve] == pytest.approx([200, 4, 200])
    assert [p.bound for p in curve] == ["compute", "memory", "compute"]
    assert roofline_curve(acc, "bf16", []) == []


@pytest.mark.parametrize("x", [Q_(0, "FLOP/B"), Q_(-1, "FLOP/kB")])
def test_an_intensity_that_is_not_positive_is_refused(x: object) -> None:
    with pytest.raises(WorkloadError, match="arithmetic intensity must be positive"):
        attainable(acs.get("H200"), "bf16", x)
    with pytest.raises(WorkloadError, match="arithmetic intensity must be positive"):
        Roofline(x)


def test_relative_performance_prints_ratio_bounds_and_crossover() -> None:
    a, b = chip("a", 100, 2.0), chip("b", 400, 1.0)
    # at 10 FLOP/B: a reaches min(100, 20) = 20, b min(400, 10) = 10 TFLOP/s, both memory-bound;
    # a has the bandwidth, b the peak: they cross at min(100, 400) / min(2, 1) = 100 FLOP/B
    r = relative_performance(a, b, Roofline(Q_(10, "FLOP/B")))
    assert r.ratio == pytest.approx(2.0)
    assert str(r) == "a / b on roofline at 10 FLOP/B, bf16: 2 (memory-bound vs memory-bound; crossover at 100 FLOP/B)"
    same = relative_performance(a, a, Roofline(Q_(1000, "FLOP/B")))
    assert str(same).endswith(": 1 (compute-bound vs compute-bound; no crossover)")


# -- LLM bounds: intensity and token counts ------------------------------------------------------

@given(st.integers(1, 4096))
def test_a_decode_step_at_empty_context_does_batch_flop_per_byte_at_bf16(batch: int) -> None:
    # 2 x N x batch FLOP over N x 2 bytes of BF16 weights = batch FLOP/B
    d = decode(LLAMA3_8B, acs.get("H200"), batch=batch)
    assert d.intensity.to("FLOP/B").magnitude == pytest.approx(batch, rel=1e-12)


def test_prefill_intensity_counts_weights_and_the_kv_cache_written() -> None:
    p = prefill(LLAMA3_8B, acs.get("H200"), 4096, batch=2)
    n = 8_030_261_248
    flops = 2 * n * 4096 * 2
    nbytes = 2 * n + 32 * 2 * 8 * 128 * 2 * 4096 * 2  # BF16 weights + 131,072 B/token of KV cache
    assert p.intensity.to("FLOP/B").magnitude == pytest.approx(flops / nbytes, rel=1e-12)


@pytest.mark.parametrize("tokens", [0, Q_(0, "token")])
def test_prefill_and_training_need_some_tokens(tokens: object) -> None:
    h200 = acs.get("H200")
    with pytest.raises(WorkloadError, match="prompt_tokens must be positive"):
        prefill(LLAMA3_8B, h200, tokens)  # type: ignore[arg-type]
    with pytest.raises(WorkloadError, match="tokens must be positive"):
        training_time(LLAMA3_8B, h200, tokens)


# -- energy and cost: bad inputs -------------------------------------------------------------------

@pytest.mark.parametrize("rate", [Q_(0, "token/s"), Q_(-5, "token/min")])
def test_a_throughput_that_is_not_positive_is_refused(rate: object) -> None:
    with pytest.raises(WorkloadError, match="throughput must be positive"):
        energy_per_token(acs.get("H200"), rate)


@pytest.mark.parametrize("pue", [0.9, 10, True, "1.2", float("nan")])
def test_a_pue_below_one_or_implausibly_high_is_refused(pue: object) -> None:
    with pytest.raises(WorkloadError, match=f"pue must be a number >= 1, got {pue!r}"):
        energy_per_token(acs.get("H200"), Q_(1000, "token/s"), pue=pue)  # type: ignore[arg-type]


@pytest.mark.parametrize("price, match", [
    (25_000, "price must be a currency quantity such as Q_\\(25000, 'USD'\\), got 25000"),
    (Q_(25_000, "s"), "expected an amount of one currency"),
    (Q_(25_000, "USD") * Q_(1, "USD"), "expected an amount of one currency"),
    (Q_(25_000, "USD") * Q_(1, "CNY"), "expected an amount of one currency"),
])
def test_a_hardware_price_must_be_one_currency(price: object, match: str) -> None:
    with pytest.raises(WorkloadError, match=match):
        hardware_cost_per_million_tokens(acs.get("H200"), Q_(1000, "token/s"), lifetime=Q_(4, "year"),
                                         price=price)


@pytest.mark.parametrize("lifetime", [Q_(0, "year"), Q_(-1, "day")])
def test_a_lifetime_that_is_not_positive_is_refused(lifetime: object) -> None:
    with pytest.raises(WorkloadError, match="lifetime must be positive"):
        hardware_cost_per_million_tokens(acs.get("H200"), Q_(1000, "token/s"), lifetime=lifetime,
                                         price=Q_(30_000, "USD"))


