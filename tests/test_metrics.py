"""Derived metrics: dimensions, unit invariance, monotonicity, ranges, rankings, filters."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.metrics import get_metric, names, with_value
from accelspec.spec import Accelerator
from accelspec.units import parse_unit

CHIP_METRICS = ["memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "bf16", "fp8:sparse",
                "int8", "ridge:bf16", "ridge:int8", "bytes_per_flop:fp8", "perf_per_watt:bf16",
                "capacity_per_flops:bf16", "interconnect_per_flops:bf16", "memory.bandwidth_per_watt",
                "memory.bandwidth_per_capacity"]


@given(acst.accelerators(sparse=True), st.sampled_from(CHIP_METRICS))
def test_every_metric_returns_its_stated_dimension(acc: Accelerator, name: str) -> None:
    m = get_metric(name)
    value = m(acc)
    assert value.dimensionality == parse_unit(m.unit).dimensionality
    assert value.magnitude > 0


@given(acst.accelerators(sparse=True), st.sampled_from(CHIP_METRICS))
def test_metrics_do_not_depend_on_the_units_inputs_were_given_in(acc: Accelerator, name: str) -> None:
    # the same chip rebuilt with every quantity in another unit of the same dimension
    other = Accelerator(
        id=acc.id, name=acc.name, vendor=acc.vendor,
        memory=attrs.evolve(acc.memory, capacity=acc.memory.capacity.to("GiB"),
                            bandwidth=acc.memory.bandwidth.to("GiB/s")),
        compute={k: v.to("PFLOP/s" if "int" not in k else "POP/s") for k, v in acc.compute.items()},
        power=attrs.evolve(acc.power, tdp=acc.power.tdp.to("kW")),
        interconnect=attrs.evolve(acc.interconnect, bandwidth=acc.interconnect.bandwidth.to("Gb/s")),
    )
    m = get_metric(name)
    assert m(other).magnitude == pytest.approx(m(acc).magnitude, rel=1e-9)


@given(acst.accelerators(), st.floats(1.01, 100))
def test_ridge_point_scales_with_peak_and_inversely_with_bandwidth(acc: Accelerator, k: float) -> None:
    ridge = get_metric("ridge:bf16")
    faster = with_value(acc, "bf16", acc.peak("bf16") * k)
    wider = with_value(acc, "memory.bandwidth", acc.memory.bandwidth * k)
    assert ridge(faster).magnitude == pytest.approx(ridge(acc).magnitude * k)
    assert ridge(wider).magnitude == pytest.approx(ridge(acc).magnitude / k)


@given(acst.accelerators(), st.floats(1.01, 100))
def test_perf_per_watt_is_monotone_in_peak_and_anti_monotone_in_power(acc: Accelerator, k: float) -> None:
    ppw = get_metric("perf_per_watt:fp8")
    assert ppw(with_value(acc, "fp8", acc.peak("fp8") * k)) > ppw(acc)
    assert ppw(with_value(acc, "tdp", acc.tdp * k)) < ppw(acc)


@given(acst.accelerators(sparse=True), acst.accelerators(sparse=True), st.sampled_from(CHIP_METRICS))
def test_ratio_range_brackets_the_chosen_ratio(a: Accelerator, b: Accelerator, name: str) -> None:
    lo, mid, hi = acs.ratio_range(a, b, name)
    assert lo <= mid <= hi
    assert mid == pytest.approx(acs.ratio(a, b, name))


def test_ratio_range_reflects_disputed_claims() -> None:
    # Ascend 910B BF16 claims span 280 to 376 TFLOP/s; H20 is 148 (one claim)
    lo, mid, hi = acs.ratio_range("H20", "Ascend 910B", "bf16")
    b = acs.get("Ascend 910B")
    blo, _, bhi = b.range("bf16")
    assert lo == pytest.approx(148 / bhi.to("TFLOP/s").magnitude)
    assert hi == pytest.approx(148 / blo.to("TFLOP/s").magnitude)
    assert lo < mid < hi


def test_price_metrics_never_convert_currencies() -> None:
    h20 = acs.get("H20")
    assert h20.price is not None and format(h20.price.amount.units, "~") == "CNY"
    with pytest.raises(acs.MissingSpecError, match="no exchange rate"):
        get_metric("perf_per_usd:bf16")(h20)
    per_cny = get_metric("perf_per_cny:bf16")(h20)
    assert per_cny.to("GFLOP/s/CNY").magnitude == pytest.approx(
        h20.peak("bf16").to("GFLOP/s").magnitude / h20.price.amount.magnitude)


def test_missing_price_is_a_typed_error_not_infinity() -> None:
    with pytest.raises(acs.MissingSpecError):
        get_metric("perf_per_usd:bf16")(acs.get("Ascend 910B"))


def test_metric_names_are_listed_with_units() -> None:
    listed = {n for n, _, _ in names()}
    assert {"memory.bandwidth", "ridge:<p>", "perf_per_watt:<p>", "<p>"} <= listed


def test_h100_ridge_point_worked_example() -> None:
    # 989.5 TFLOP/s dense BF16 / 3.35 TB/s = 295.4 FLOP per byte
    assert get_metric("ridge:bf16")(acs.get("H100 SXM")).to("FLOP/B").magnitude == pytest.approx(989.5 / 3.35)


def test_rank_orders_best_first_and_lists_what_it_could_not_rank() -> None:
    r = acs.rank("memory.bandwidth")
    values = [v.magnitude for _, v in r.entries]
    assert values == sorted(values, reverse=True)
    assert all(a.status.value == "shipping" and not a.is_system for a, _ in r.entries)
    assert "cambricon-mlu590" in {a.id for a, _ in r.missing}
    tdp = acs.rank("tdp", vendor="NVIDIA")
    assert [v.magnitude for _, v in tdp.entries] == sorted(v.magnitude for _, v in tdp.entries)  # lower is better


def test_rank_never_mixes_roadmap_parts_in_unless_asked() -> None:
    ids = {a.id for a, _ in acs.rank("memory.capacity").entries}
    assert "huawei-ascend-970" not in ids
    assert "huawei-ascend-970" in {a.id for a, _ in acs.rank("memory.capacity", status=None).entries}


def test_filter_by_thresholds_keywords_and_predicates() -> None:
    cat = acs.catalog().filter(at_least={"memory.capacity": Q_(64, "GB")}, vendor="nvidia", systems=False)
    assert cat.ids and all(a.memory.capacity >= Q_(64, "GB") for a in cat)
    same = acs.catalog().filter(lambda a: a.has("memory.capacity") and a.memory.capacity >= Q_(64, "GB"),
                                vendor="NVIDIA", systems=False)
    assert set(cat.ids) == set(same.ids)
    with pytest.raises(acs.UnitError):
        acs.catalog().filter(at_least={"memory.capacity": Q_(64, "TB/s")})


def test_comparison_to_pandas_has_units_in_column_names() -> None:
    pd = pytest.importorskip("pandas")
    frame = acs.compare("H20", "H200", metrics=["memory.bandwidth", "fp8"]).to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["name", "memory.bandwidth [TB/s]", "fp8 [TFLOP/s]"]
    assert frame.loc["nvidia-h20", "memory.bandwidth [TB/s]"] == pytest.approx(4.0)
