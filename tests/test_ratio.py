"""ratio(): like for like, antisymmetric, independent of input units; pinned worked examples."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.spec import Accelerator, Memory, Power

METRICS = ["bf16", "fp8", "int8", "memory.bandwidth", "memory.capacity", "tdp", "ridge:bf16",
           "perf_per_watt:fp8", "bytes_per_flop:bf16", "interconnect.bandwidth"]


@given(acst.accelerators(), acst.accelerators(), st.sampled_from(METRICS))
def test_ratio_is_antisymmetric(a: Accelerator, b: Accelerator, metric: str) -> None:
    assert acs.ratio(a, b, metric) * acs.ratio(b, a, metric) == pytest.approx(1.0, rel=1e-9)


@given(acst.accelerators(), st.sampled_from(METRICS))
def test_ratio_of_a_chip_with_itself_is_one(a: Accelerator, metric: str) -> None:
    assert acs.ratio(a, a, metric) == pytest.approx(1.0, rel=1e-12)


@given(st.floats(1, 1e4), st.floats(0.1, 20), st.floats(1, 1e4), st.floats(0.1, 20))
def test_ratio_is_invariant_to_the_units_inputs_were_given_in(f1: float, b1: float, f2: float, b2: float) -> None:
    def chip(flops: object, bw: object, cap: object) -> Accelerator:
        return Accelerator(id="x", name="x", vendor="x", memory=Memory(capacity=cap, bandwidth=bw),
                           compute={"bf16": flops}, power=Power(tdp=Q_(500, "W")))

    a_tera = chip(Q_(f1, "TFLOP/s"), Q_(b1, "TB/s"), Q_(80, "GB"))
    b_tera = chip(Q_(f2, "TFLOP/s"), Q_(b2, "TB/s"), Q_(96, "GB"))
    a_other = chip(Q_(f1 / 1000, "PFLOP/s"), Q_(b1 * 1e12 / 2**30, "GiB/s"), Q_(80e9 / 2**30, "GiB"))
    b_other = chip(Q_(f2 * 1000, "GFLOP/s"), Q_(b2 * 8000, "Gb/s"), Q_(96e9 / 2**30, "GiB"))
    for metric in ("bf16", "memory.bandwidth", "memory.capacity", "ridge:bf16"):
        assert acs.ratio(a_other, b_other, metric) == pytest.approx(acs.ratio(a_tera, b_tera, metric), rel=1e-9)


@given(acst.accelerators(), st.floats(1.01, 10))
def test_ratio_is_monotone_in_the_metric(a: Accelerator, k: float) -> None:
    bigger = attrs.evolve(a, memory=attrs.evolve(a.memory, bandwidth=a.memory.bandwidth * k))
    assert acs.ratio(bigger, a, "memory.bandwidth") == pytest.approx(k)
    assert acs.ratio(bigger, a, "ridge:bf16") == pytest.approx(1 / k)


def test_ratio_returns_a_plain_float() -> None:
    assert type(acs.ratio("H20", "H200", "bf16")) is float


def test_h20_vs_h200_bf16_dense_is_about_fifteen_percent_not_seven_and_a_half() -> None:
    # 148 / 989.5 from NVIDIA's figures (H20 dense BF16; H200 1,979 sparse / 2)
    assert acs.ratio("H20", "H200", "bf16") == pytest.approx(148 / 989.5, rel=0.01)


def test_h20_has_more_memory_bandwidth_than_h100() -> None:
    assert acs.ratio("H20", "H100 SXM", "memory.bandwidth") > 1


def test_h200_vs_h100_same_compute_more_bandwidth() -> None:
    assert acs.ratio("H200", "H100 SXM", "bf16") == pytest.approx(1.0)
    assert acs.ratio("H200", "H100 SXM", "memory.bandwidth") == pytest.approx(4.8 / 3.35)


def test_ratio_never_mixes_dense_and_sparse() -> None:
    assert acs.ratio("H200", "H100 SXM", "bf16:sparse") == pytest.approx(1.0)
    assert acs.ratio("H200", "H200", "bf16:sparse") == 1.0
    assert acs.get("H200").peak("bf16", sparse=True) == 2 * acs.get("H200").peak("bf16")


def test_missing_figure_raises_naming_chip_and_field() -> None:
    with pytest.raises(acs.MissingSpecError) as info:
        acs.ratio("H200", "MLU590", "bf16")
    assert info.value.accelerator == "cambricon-mlu590"
    assert info.value.field == "bf16"


def test_unknown_metric_is_typed_with_suggestions() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        acs.ratio("H20", "H200", "memory.bandwith")
    assert "memory.bandwidth" in info.value.suggestions
