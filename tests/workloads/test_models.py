"""Model shapes: how counts may be given, what a ModelSpec refuses, and KV-cache arithmetic."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accelspec import Q_
from accelspec.errors import UnitError, WorkloadError
from accelspec.workloads.models import LLAMA3_8B, ModelSpec, kv_cache_memory, weight_memory

# Llama 3 8B: 32 layers x 2 (K and V) x 8 KV heads x 128 x 2 bytes (BF16) = 131,072 B per token
LLAMA3_8B_KV_BYTES = 32 * 2 * 8 * 128 * 2


def spec(**kw: Any) -> ModelSpec:
    args: dict[str, Any] = dict(name="m", parameters=Q_(1, "billion"), layers=2, hidden_size=64,
                                kv_heads=1, head_dim=64)
    args.update(kw)
    return ModelSpec(**args)


@given(st.integers(1, 512), st.integers(0, 1_000_000))
def test_kv_cache_is_bytes_per_token_times_batch_times_context(batch: int, context: int) -> None:
    expected_gb = LLAMA3_8B_KV_BYTES * batch * context / 1e9
    assert kv_cache_memory(LLAMA3_8B, batch, context).to("GB").magnitude == pytest.approx(expected_gb, rel=1e-12)


@given(st.integers(0, 1_000_000), st.sampled_from([("token", 1.0), ("count", 1.0), ("million", 1e-6)]))
def test_a_context_may_be_a_quantity_of_tokens_or_a_count(context: int, unit_scale: tuple[str, float]) -> None:
    unit, scale = unit_scale
    as_quantity = kv_cache_memory(LLAMA3_8B, 2, Q_(context * scale, unit))
    assert as_quantity.to("GB").magnitude == pytest.approx(LLAMA3_8B_KV_BYTES * 2 * context / 1e9, rel=1e-9)


@pytest.mark.parametrize("context", [-1, math.nan, math.inf, True, "4096"])
def test_a_context_that_is_not_a_finite_non_negative_number_is_refused(context: Any) -> None:
    with pytest.raises(WorkloadError, match="context must be a finite non-negative number"):
        kv_cache_memory(LLAMA3_8B, 1, context)


def test_a_context_in_another_dimension_is_a_unit_error() -> None:
    with pytest.raises(UnitError, match="context"):
        kv_cache_memory(LLAMA3_8B, 1, Q_(4, "GB"))


@pytest.mark.parametrize("parameters, match", [
    ("70B", "must be a count or a quantity in billion, got '70B'"),
    (None, "must be a count or a quantity in billion"),
    (True, "must be a count or a quantity in billion"),
    (0, "positive finite count, got 0"),
    (-7e9, "positive finite count"),
    (math.inf, "positive finite count"),
    (math.nan, "positive finite count"),
    (Q_(0, "billion"), "positive finite count"),
    (Q_(-1, "billion"), "positive finite count"),
])
def test_a_parameter_count_that_is_not_positive_and_finite_is_refused(parameters: Any, match: str) -> None:
    with pytest.raises(WorkloadError, match=match):
        spec(parameters=parameters)


@given(st.floats(1e4, 1e13))
def test_a_parameter_count_given_in_billions_or_as_a_number_is_the_same(n: float) -> None:
    assert spec(parameters=Q_(n / 1e9, "billion")).parameters == pytest.approx(spec(parameters=n).parameters,
                                                                                rel=1e-12)
    # weights: parameters x 2 bytes at BF16, in decimal GB
    assert weight_memory(spec(parameters=n)).to("GB").magnitude == pytest.approx(2 * n / 1e9, rel=1e-12)


@pytest.mark.parametrize("kv", [Q_(0, "B/token"), Q_(-1, "kB/token")])
def test_a_kv_size_per_token_that_is_not_positive_is_refused(kv: Any) -> None:
    with pytest.raises(WorkloadError, match="kv_bytes_per_token must be positive"):
        spec(kv_bytes_per_token=kv)


def test_a_published_kv_size_per_token_overrides_the_shape() -> None:
    m = spec(kv_bytes_per_token=Q_(70, "kB/token"))
    assert m.kv_per_token.to("B/token").magnitude == pytest.approx(70_000)
    assert kv_cache_memory(m, 4, 1000).to("GB").magnitude == pytest.approx(70_000 * 4000 / 1e9)


def test_active_parameters_may_not_exceed_the_total() -> None:
    with pytest.raises(WorkloadError, match="m: active_parameters exceed parameters"):
        spec(parameters=Q_(8, "billion"), active_parameters=Q_(9, "billion"))
    moe = spec(parameters=Q_(8, "billion"), active_parameters=Q_(2, "billion"))
    assert moe.active_parameters == pytest.approx(2e9)
    assert spec(parameters=Q_(8, "billion")).active_parameters == pytest.approx(8e9)  # dense default


@pytest.mark.parametrize("key, value", [("layers", 0), ("hidden_size", -1), ("kv_heads", 2.5),
                                        ("head_dim", True), ("kv_width", 0)])
def test_shape_integers_must_be_positive_integers(key: str, value: Any) -> None:
    with pytest.raises(WorkloadError, match=f"{key} must be a positive integer, got {value!r}"):
        spec(**{key: value})
