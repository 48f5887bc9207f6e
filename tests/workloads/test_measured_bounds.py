"""Efficiency from measurements, MoE coverage, fit verdicts, weight formats, serving and validation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec.cli import main
from accelspec.errors import MissingSpecError, UnknownMetricError, WorkloadError
from accelspec.workloads.efficiency import factor
from accelspec.workloads.llm import Decode, Prefill, Training, decode, prefill, training_memory, training_time
from accelspec.workloads.models import (
    DEEPSEEK_R1,
    DEEPSEEK_V3,
    LLAMA2_70B,
    LLAMA3_70B,
    LLAMA31_405B,
    MIXTRAL_8X7B,
    QWEN3_235B,
    DoesNotFitError,
    from_hf_config,
    weight_memory,
)
from accelspec.workloads.relative import relative_performance
from accelspec.workloads.roofline import attainable
from accelspec.workloads.serving import Serving, predict, serve


# -- efficiency ------------------------------------------------------------------------------
def test_efficiency_divides_by_the_dense_peak_of_the_same_precision() -> None:
    # crowd database: H20 BF16 matmul 142.25 TFLOP/s; NVIDIA H20 dense BF16 148 TFLOP/s
    e = acs.efficiency("H20", "matrix_throughput", "bf16")
    assert e.fraction == pytest.approx(142.25 / 148)
    assert e.measurement.id == "crowd-h20-bf16-b" and "crowd-h20-bf16-b" in str(e)
    assert float(acs.efficiency("H20", "matrix_throughput", "bf16", measurement="crowd-h20-bf16-a")) \
        == pytest.approx(141.86 / 148)
    # FlashMLA: 3000 GB/s on the H800 (3.35 TB/s)
    assert acs.efficiency("H800", "memory_bandwidth").fraction == pytest.approx(3000 / 3350)


def test_link_efficiency_states_how_the_direction_was_read() -> None:
    e = acs.efficiency("H800", "link_bandwidth")
    assert "direction" in e.note


def test_efficiency_errors_are_typed() -> None:
    with pytest.raises(MissingSpecError):
        acs.efficiency("MI355X", "matrix_throughput", "bf16")  # no measurement of that chip
    with pytest.raises(UnknownMetricError):
        acs.efficiency("H20", "llm_decode_throughput")
    with pytest.raises(MissingSpecError):
        acs.efficiency("Tiangai 150", "memory_bandwidth")  # measured, but the catalog has no figure


def test_measured_factors_say_where_they_came_from() -> None:
    h100 = acs.get("H100")
    f = factor("measured", "compute_efficiency", h100, precision="int8")  # no INT8 GEMM measured on H100
    assert 0.5 < f.value < 1 and "applied to int8" in f.origin
    assert factor("measured", "bandwidth_efficiency", acs.get("MI355X")).origin.startswith("no measurement")
    assert factor(0.5, "x", h100).origin == "given"
    # the 910B's measured INT8 rate is above the catalog peak: the factor is capped at 1
    assert factor("measured", "compute_efficiency", acs.get("910B"), precision="int8").value == 1.0
    for bad in ("sometimes", 0, 1.5, True):
        with pytest.raises(WorkloadError):
            factor(bad, "x", h100)  # type: ignore[arg-type]
    p = attainable("H20", "bf16", acs.Q_(1000, "FLOP/B"), efficiency="measured")
    assert p.attainable.to("TFLOP/s").magnitude == pytest.approx(142.25)
    assert p.factors[0].origin.startswith("crowd-h20-bf16-b")
    with pytest.raises(WorkloadError):
        attainable("H20", "bf16", acs.Q_(1, "FLOP/B"), efficiency="guess")


# -- MoE coverage ----------------------------------------------------------------------------
def test_one_token_reads_k_experts_and_a_large_batch_reads_them_all() -> None:
    assert DEEPSEEK_V3.expected_experts(1) == pytest.approx(8)
    assert DEEPSEEK_V3.expected_experts(10_000) == pytest.approx(256)
    # 256 x (1 - (1 - 8/256)^64) = 222.4 experts at batch 64
    assert DEEPSEEK_V3.expected_experts(64) == pytest.approx(256 * (1 - (1 - 8 / 256) ** 64))
    with pytest.raises(WorkloadError):
        LLAMA3_70B.expected_experts(4)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_weights_read_grow_with_the_batch(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert DEEPSEEK_V3.parameters_read(lo) <= DEEPSEEK_V3.parameters_read(hi) * (1 + 1e-12)
    assert DEEPSEEK_V3.parameters_read(hi) <= DEEPSEEK_V3.parameters


def test_deepseek_decode_traffic_grows_with_batch() -> None:
    one = decode("deepseek-v3", "H200", n_chips=8, batch=1)
    many = decode("deepseek-v3", "H200", n_chips=8, batch=512)
    assert many.bytes_per_step.magnitude > 10 * one.bytes_per_step.magnitude
    assert one.experts_per_layer == pytest.approx(8)


# -- fit verdicts, formats, names --------------------------------------------------------------
def test_a_configuration_that_does_not_fit_says_so_everywhere() -> None:
    d = decode("deepseek-v3", "H20", batch=8, context=1000)
    assert not d.fit and "DOES NOT FIT" in str(d) and f"needs {d.fit.chips_needed} chips" in str(d)
    assert "DOES NOT FIT" in str(prefill(DEEPSEEK_V3, "H20", 512))
    with pytest.raises(DoesNotFitError) as err:
        decode("deepseek-v3", "H20", on_no_fit="raise")
    assert err.value.fit.chips_needed == 7 and "7 chips needed" in str(err.value)
    with pytest.raises(WorkloadError):
        decode("deepseek-v3", "H20", on_no_fit="ignore")
    r = relative_performance("H20", "H200", Decode("deepseek-v3"))
    assert "DOES NOT FIT" in str(r) and r.fits == (False, False)
    fp8 = LLAMA3_70B.with_precision("fp8")
    assert ": fits;" in str(acs.fits(fp8, "H200")) and acs.fits(fp8, "H200").check()
    with pytest.raises(DoesNotFitError):
        acs.fits(LLAMA3_70B, "H200").check()  # 141.1 GB of BF16 weights on 141 GB


def test_precision_requantises_the_weights() -> None:
    bf16 = decode(LLAMA3_70B, "H100")
    fp8 = decode(LLAMA3_70B, "H100", precision="fp8")
    assert fp8.bytes_per_step.magnitude == pytest.approx(bf16.bytes_per_step.magnitude / 2)
    assert fp8.weight_precision == "fp8" and fp8.precision == "fp8"
    # MXFP4: 4 bits plus one 8-bit scale per 32 values = 4.25 bits
    assert weight_memory(LLAMA3_70B.with_precision("mxfp4")).magnitude == pytest.approx(
        LLAMA3_70B.parameters * 4.25 / 8 / 1e9)
    # a 4-bit format on a chip without an FP4 rate computes at FP8
    assert decode(LLAMA3_70B, "H100", precision="int4").precision.startswith("fp8")
    with pytest.raises(MissingSpecError):
        decode(LLAMA3_70B, "Ascend 910B", precision="fp8")
    with pytest.raises(WorkloadError):
        decode(3, "H100")  # type: ignore[arg-type]


def test_ttft_and_tpot_are_named() -> None:
    d = decode("llama3-8b", "H100", batch=4)
    assert d.tpot == d.step_time
    p = prefill("llama3-8b", "H100", 1024)
    assert p.ttft == p.time and "TTFT" in str(p)


# -- presets and config files ------------------------------------------------------------------
@pytest.mark.parametrize("model, total, active", [
    (DEEPSEEK_R1, 671e9, 37e9),       # DeepSeek-V3 technical report: 671B total, 37B activated
    (MIXTRAL_8X7B, 46.7e9, 12.9e9),   # Mistral AI, "Mixtral of experts": 46.7B total, 12.9B active
    (QWEN3_235B, 235e9, 22e9),        # Qwen3 model card: 235B total, 22B activated
    (LLAMA31_405B, 405e9, 405e9),
    (LLAMA2_70B, 70e9, 70e9),
])
def test_presets_match_published_parameter_counts(model: acs.ModelSpec, total: float, active: float) -> None:
    assert model.parameters == pytest.approx(total, rel=0.02)
    assert model.active_parameters == pytest.approx(active, rel=0.03)
    assert model.source.endswith("config.json")


def test_from_hf_config_reads_a_file_and_refuses_bad_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = {"hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
           "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256,
           "torch_dtype": "bfloat16", "_name_or_path": "meta-llama/Meta-Llama-3-8B"}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    m = acs.ModelSpec.from_hf_config(path)
    assert m.parameters == pytest.approx(8_030_261_248) and m.name == "meta-llama/Meta-Llama-3-8B"
    assert m.kv_per_token.magnitude == 131072
    mm = from_hf_config({"text_config": cfg, "model_type": "x"})
    assert mm.parameters == m.parameters
    for bad in ({**cfg, "hidden_size": -1}, {**cfg, "num_hidden_layers": True}, {"hidden_size": 8},
                {**cfg, "torch_dtype": "float99"}, 42):
        with pytest.raises(WorkloadError):
            from_hf_config(bad)  # type: ignore[arg-type]
    for text in ("[1, 2]", "{not json", "x" * 1_000_001):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(WorkloadError):
            from_hf_config(path)
    with pytest.raises(WorkloadError):
        from_hf_config(tmp_path / "missing.json")
    with pytest.raises(WorkloadError):
        from_hf_config({**cfg, "num_local_experts": 8, "num_experts_per_tok": 2, "first_k_dense_replace": 99})


def test_moe_fields_are_checked() -> None:
    with pytest.raises(WorkloadError, match="together"):
        acs.ModelSpec(name="x", parameters=1e9, layers=2, hidden_size=8, kv_width=8, experts=4)
    with pytest.raises(WorkloadError, match="exceeds"):
        acs.ModelSpec(name="x", parameters=1e9, layers=2, hidden_size=8, kv_width=8, experts=4,
                      experts_per_token=5, moe_layers=2, expert_parameters=1e6)
    with pytest.raises(WorkloadError, match="exceed the total"):
        acs.ModelSpec(name="x", parameters=1e9, layers=2, hidden_size=8, kv_width=8, experts=4,
                      experts_per_token=1, moe_layers=2, expert_parameters=1e9)


# -- serving and predict ------------------------------------------------------------------------
def test_serving_bound_uses_the_batch_that_fits() -> None:
    r = serve("llama2-70b", "H200", 1024, 256, n_chips=8, precision="fp8")
    free = 8 * 141 - LLAMA2_70B.parameters / 1e9  # GB left for KV cache at 1 byte per weight
    assert r.batch == int(free / (327680 * 1280 / 1e9))
    assert r.fit and 0 < r.prefill_share < 1 and r.output_rate.magnitude > 0
    assert r.ttft == r.prefill.time and r.tpot == r.decode.step_time  # type: ignore[union-attr]
    assert serve("llama2-70b", "H200", 0, 256, n_chips=8, max_batch=4).batch == 4
    assert serve("llama2-70b", "H200", 0, 256).ttft.magnitude == 0
    with pytest.raises(DoesNotFitError):
        serve("deepseek-v3", "H20", 100, 100)
    for bad in ({"max_batch": 0}, {"max_batch": True}):
        with pytest.raises(WorkloadError):
            serve("llama2-70b", "H200", 10, 10, **bad)  # type: ignore[arg-type]
    with pytest.raises(WorkloadError):
        serve("llama2-70b", "H200", 10, 0)


def test_predict_takes_every_workload_and_efficiency() -> None:
    s = predict("H200", Serving("llama2-70b", 128, 128, precision="fp8"), n_chips=8)
    m = predict("H200", Serving("llama2-70b", 128, 128, precision="fp8"), n_chips=8, efficiency="measured")
    assert m.output_rate < s.output_rate and "azure-h200-fp8-gemm" in str(m.factors[0])  # type: ignore[union-attr]
    half = predict("H200", Decode("llama3-8b", batch=1), efficiency=0.5)
    assert half.aggregate.magnitude == pytest.approx(predict("H200", Decode("llama3-8b")).aggregate.magnitude / 2)  # type: ignore[union-attr]
    assert predict("H200", Prefill("llama3-8b", 512), efficiency="measured").factors
    assert predict("H200", Decode("llama3-8b", efficiency="measured")).factors[0].origin != "given"
    t = predict("H100", Training("llama3-8b", 1e12), efficiency="measured")
    assert t.utilisation < 1 and "days" in str(t)
    assert Serving("llama3-8b", 1, 1).compute_precision == "bf16" and "serve" in Serving("llama3-8b").describe()
    assert Serving("llama3-8b", 1, 1).evaluate(acs.get("H100")).batch > 1
    with pytest.raises(WorkloadError):
        predict("H200", "decode")  # type: ignore[arg-type]
    assert training_time("llama3-8b", "H100", 1e9, utilisation="measured").utilisation < 1


def test_training_memory_counts_16_bytes_per_parameter_plus_activations() -> None:
    m = training_memory(LLAMA3_70B, n_chips=8, tokens_in_flight=4096)
    assert (m.weights + m.gradients + m.optimizer).magnitude == pytest.approx(LLAMA3_70B.parameters * 16 / 1e9)
    assert m.activations.magnitude == pytest.approx(34 * 4096 * 8192 * 80 / 1e9)
    assert m.per_chip.magnitude == pytest.approx(m.total.magnitude / 8)
    assert training_memory("llama3-70b", recompute=True).activations < m.activations
    assert "optimizer" in str(m)


# -- validation -----------------------------------------------------------------------------------
def test_validate_compares_bounds_and_flags_what_lies_below_a_measurement() -> None:
    r = acs.validate()
    s = r.summary()
    assert s["peak"]["n"] >= 40 and s["serving:peak"]["n"] >= 6
    assert s["cross-chip ratio:measured"]["n"] >= 3
    flagged = {c.measurement.id for c in r.flagged}
    assert "flagperf-910b-int8" in flagged
    assert all(c.predicted > 0 and c.measured > 0 for c in r.comparisons)
    # a serving bound at peak is never below the MLPerf result it is compared with
    assert not any(c.flagged for c in r.comparisons if c.kind == "serving")
    text = str(r)
    assert "cross-chip" in text and "FLAG" in text and "not predicted" in text
    assert all(isinstance(x.error, float) for x in r.ratios)


def test_cli_llm_validate_and_measurements(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["llm", "fit", "deepseek-v3", "H20"]) == 0
    assert "does not fit" in capsys.readouterr().out
    assert main(["llm", "decode", "deepseek-v3", "H200", "-n", "8", "-b", "64", "-e", "measured"]) == 0
    assert "experts/layer" in capsys.readouterr().out
    assert main(["llm", "prefill", "llama3-8b", "H100", "--prompt", "512", "-e", "0.5"]) == 0
    assert main(["llm", "serve", "llama2-70b", "H200", "-n", "8", "-p", "fp8"]) == 0
    assert "output token/s" in capsys.readouterr().out
    assert main(["llm", "train", "llama3-8b", "H100", "-n", "8"]) == 0
    assert "optimizer" in capsys.readouterr().out
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps({"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
                               "intermediate_size": 128, "vocab_size": 1000}), encoding="utf-8")
    assert main(["llm", "fit", str(cfg), "H100"]) == 0
    assert main(["llm", "decode", "llama3-8b", "H100", "-e", "often"]) == 2
    assert main(["validate", "--summary"]) == 0
    assert "median" in capsys.readouterr().out
    assert main(["validate", "--strict"]) == 1
    assert main(["measurements", "H20"]) == 0
    out = capsys.readouterr().out
    assert "crowd-h20-bf16-a" in out and "0.961" in out


def test_flags_carry_their_specific_explanation() -> None:
    from accelspec.workloads.validate import _why

    report = acs.validate()
    text = str(report)
    for c in report.flagged:
        assert f"FLAG {c.measurement.id}" in text and c.note
    # 64 GB read as 64 GiB is 68.72 GB: a 64.77 GB measurement is the GB/GiB trap
    assert "GB/GiB" in _why("usable_memory", 64.0, 64.77)
    # a catalog already in GiB (68.72 GB = 64 GiB) cannot be explained that way
    assert _why("usable_memory", 64 * 2**30 / 1e9, 70.06).startswith("unexplained")
    assert _why("usable_memory", 64.0, 70.0).startswith("unexplained")
    assert "4.2% above TDP" in _why("power_under_load", 350.0, 364.7)
    assert "above the dense peak" in _why("matrix_throughput", 560.0, 608.6)
    assert _why("link_bandwidth", 1.0, 2.0)


def test_mlperf_serving_uses_the_submitted_tensor_parallelism() -> None:
    report = acs.validate()
    notes = {c.measurement.id: c.note for c in report.comparisons if c.kind == "serving"}
    assert "TP2 PP1 EP1 replicas (as submitted)" in notes["mlperf-v4.1-h100x8-llama2-70b-99.9-offline"]
    assert "TP1 PP1 EP1 replicas (as submitted)" in notes["mlperf-v4.1-h200x8-llama2-70b-99-offline"]
    assert "294.45 output tokens" in notes["mlperf-v4.1-h200x8-llama2-70b-99-offline"]
