"""Derived metrics: dimensions, unit invariance, monotonicity, ranges, rankings, filters."""

from __future__ import annotations

from typing import Any

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

from conftest import SOURCE, entry

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
    # Ascend 910B BF16 claims span 280 to 376 TFLOP/s; H20 claims 147 (TensorRT-LLM) to 148 (chosen)
    lo, mid, hi = acs.ratio_range("H20", "Ascend 910B", "bf16")
    b = acs.get("Ascend 910B")
    blo, _, bhi = b.range("bf16")
    assert lo == pytest.approx(147 / bhi.to("TFLOP/s").magnitude)
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


# -- names, units, meanings ---------------------------------------------------------------------

@pytest.mark.parametrize("name,unit", [
    ("ridge:bf16", "FLOP/B"), ("ridge:int8", "OP/B"), ("bytes_per_flop:int4", "B/OP"),
    ("perf_per_watt:int8", "GOP/s/W"), ("perf_per_watt:fp8:sparse", "GFLOP/s/W"),
    ("perf_per_mm2:int8", "GOP/s/mm^2"), ("capacity_per_flops:int8", "GB/TOPS"),
    ("interconnect_per_flops:fp16", "GB/s/TFLOPS"), ("int8", "TOP/s"), ("fp32:vector", "TFLOP/s"),
])
def test_family_units_count_integer_operations_as_op(name: str, unit: str) -> None:
    assert get_metric(name).unit == unit


def test_metric_name_description_direction_and_inputs() -> None:
    bf16 = get_metric("bf16")
    assert (bf16.name, bf16.description, bf16.higher_is_better, bf16.inputs) == (
        "bf16", "peak BF16 dense matrix rate", True, ("bf16",))
    ridge = get_metric(" ridge:FP8:sparse ")
    assert ridge.name == "ridge:fp8:sparse" and ridge.higher_is_better is False      # high ridge: memory-bound
    assert ridge.description.startswith("ridge point") and ridge.description.endswith(" at FP8 2:4-sparse matrix")
    assert ridge.inputs == ("fp8:sparse", "memory.bandwidth")
    ppw = get_metric("perf_per_watt:int8")
    assert (ppw.higher_is_better, ppw.inputs) == (True, ("int8", "tdp"))
    assert get_metric("perf_per_usd:bf16").inputs == ("bf16", "price")
    tdp = get_metric("tdp")
    assert (tdp.name, tdp.higher_is_better, tdp.inputs) == ("tdp", False, ("tdp",))
    assert tdp.description.startswith("thermal design power")
    assert get_metric("memory.bandwidth_per_watt").inputs == ("memory.bandwidth", "tdp")
    assert get_metric("capacity_per_usd").inputs == ("memory.capacity", "price")


def test_names_lists_each_family_with_its_unit_and_valid_examples() -> None:
    rows = {n: (u, d) for n, u, d in names()}
    assert rows["ridge:<p>"][0] == "FLOP|OP/B"
    assert rows["perf_per_watt:<p>"][0] == "GFLOP|OP/s/W"
    assert rows["memory.bandwidth"] == ("TB/s", "peak memory bandwidth")
    unit, desc = rows["<p>"]
    assert unit == "TFLOP/s or TOP/s"
    examples = desc.split("e.g. ")[1].split(", ")
    assert examples == ["bf16", "fp8:sparse", "fp32:vector"]
    assert [get_metric(e).name for e in examples] == examples
    assert all(d for _, _, d in names())


def test_unknown_metrics_are_refused_with_close_suggestions() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        get_metric(42)  # type: ignore[arg-type]
    assert info.value.query == "42"
    for query, suggestion in (("memory.bandwith", "memory.bandwidth"), ("memory", "memory.capacity"),
                              ("fp8:sparce", "fp8:sparse"), ("bf16x", "bf16"), ("fp8x", "fp8"),
                              ("int8x", "int8")):
        with pytest.raises(acs.UnknownMetricError) as info:
            get_metric(query)
        assert info.value.query == query and suggestion in info.value.suggestions, (query, info.value)


# -- values ---------------------------------------------------------------------------------------

def test_sparse_and_vector_metrics_read_their_own_figures() -> None:
    h100 = acs.get("H100 SXM")
    # H100 SXM: 1,979 sparse BF16, 3,958 sparse FP8, 3.35 TB/s (catalog/nvidia.toml)
    assert get_metric("bf16:sparse")(h100).to("TFLOP/s").magnitude == pytest.approx(1979)
    assert get_metric("ridge:fp8:sparse")(h100).to("FLOP/B").magnitude == pytest.approx(3958 / 3.35)
    chip = Accelerator(id="v", name="v", vendor="x", memory=acs.Memory(bandwidth=Q_(2, "TB/s")),
                       compute={"fp32": Q_(60, "TFLOP/s"), "fp32:vector": Q_(30, "TFLOP/s")})
    assert get_metric("fp32")(chip).to("TFLOP/s").magnitude == pytest.approx(60)
    assert get_metric("fp32:vector")(chip).to("TFLOP/s").magnitude == pytest.approx(30)
    assert get_metric("ridge:fp32:vector")(chip).to("FLOP/B").magnitude == pytest.approx(15)   # 30 / 2


def test_evaluate_and_ratios_accept_names_or_metric_objects() -> None:
    h20, h200 = acs.get("H20"), acs.get("H200")
    assert acs.metrics.evaluate(h20, "memory.capacity").to("GB").magnitude == pytest.approx(96)
    assert acs.metrics.evaluate(h200, get_metric("tdp")).to("W").magnitude == pytest.approx(700)
    bf16 = get_metric("bf16")
    assert acs.metrics.ratio_of(h20, h200, bf16) == pytest.approx(148 / 989.5)
    assert acs.metrics.ratio_range(h20, h200, bf16) == pytest.approx((147 / 989.5, 148 / 989.5, 148 / 989.5))


def test_a_metric_whose_function_returns_the_wrong_dimension_names_itself_and_the_chip() -> None:
    wrong = acs.Metric("my_metric", "GB", "a mistake", True, ("bf16",), fn=lambda a: a.peak("bf16"))
    with pytest.raises(acs.UnitError, match="my_metric of nvidia-h20"):
        wrong(acs.get("H20"))


def test_prices_are_never_converted_and_the_error_says_so() -> None:
    h20 = acs.get("H20")           # priced in CNY only (110,000 CNY, catalog/nvidia.toml)
    for name in ("perf_per_usd:bf16", "capacity_per_usd"):
        with pytest.raises(acs.MissingSpecError) as info:
            get_metric(name)(h20)
        assert (info.value.accelerator, info.value.field) == ("nvidia-h20", "price in USD")
        assert info.value.hint == ("the price is in CNY; accelspec applies no exchange rate, so there is no "
                                   "price in USD")
    assert get_metric("capacity_per_cny")(h20).to("GB/CNY").magnitude == pytest.approx(96 / 110000)


# -- what-ifs and ranges ----------------------------------------------------------------------------

def test_with_value_replaces_exactly_one_field() -> None:
    h20 = acs.get("H20")
    cases = {"memory.capacity": Q_(141, "GB"), "interconnect.bandwidth": Q_(1800, "GB/s"),
             "die_area": Q_(600, "mm^2"), "dies": Q_(2, "count"), "transistors": Q_(100, "billion"),
             "tdp": Q_(350, "W")}
    for field, value in cases.items():
        changed = with_value(h20, field, value)
        assert changed.value(field) == value, field
        for other in cases.keys() - {field}:       # the H20 entry gives no die count: it stays so
            assert changed.has(other) == h20.has(other), (field, other)
            assert not h20.has(other) or changed.value(other) == h20.value(other), (field, other)
        assert changed.price == h20.price and changed.compute == h20.compute
    priced = with_value(h20, "price", Q_(90000, "CNY"))
    assert priced.price is not None and priced.price.amount == Q_(90000, "CNY")
    assert priced.price.date == h20.price.date and priced.die_area == h20.die_area     # type: ignore[union-attr]


def test_with_value_refuses_fields_it_cannot_vary() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        with_value(acs.get("H20"), "process", "N4")
    assert (info.value.query, info.value.what) == ("process", "field that can be varied")
    # a what-if price needs a price to start from
    with pytest.raises(acs.MissingSpecError) as missing:
        with_value(acs.get("Ascend 910B"), "price", Q_(1, "USD"))
    assert (missing.value.accelerator, missing.value.field) == ("huawei-ascend-910b", "price")
    assert missing.value.hint == "there is no dated price to replace"


TWO_SOURCES = SOURCE + SOURCE.replace("test-src", "other-src")


def test_range_covers_every_disputed_input_of_a_multi_input_metric(write: Any) -> None:
    # bandwidth is agreed (3 TB/s); TDP is 700 W or 600 W: per watt 3,000 / 700 to 3,000 / 600 GB/s/W
    path = write("schema = 1\n" + TWO_SOURCES + entry(
        "acme-r1",
        '{ field = "memory.bandwidth", value = 3, unit = "TB/s", source = "test-src" }',
        '{ field = "tdp", value = 700, unit = "W", scope = "module", source = "test-src", chosen = true, reason = "vendor" }',
        '{ field = "tdp", value = 600, unit = "W", scope = "module", source = "other-src" }',
        '{ field = "fp32:vector", value = 30, unit = "TFLOP/s", source = "test-src", chosen = true, reason = "vendor" }',
        '{ field = "fp32:vector", value = 40, unit = "TFLOP/s", source = "other-src" }',
        aliases='["R1"]'))
    acc = acs.load_catalog(path)["acme-r1"]
    lo, mid, hi = get_metric("memory.bandwidth_per_watt").range(acc)
    assert [q.to("GB/s/W").magnitude for q in (lo, mid, hi)] == pytest.approx([3000 / 700, 3000 / 700, 3000 / 600])
    # a precision known only by its vector rate: "fp32" ranges over the fp32:vector claims
    lo, mid, hi = get_metric("fp32").range(acc)
    assert [q.to("TFLOP/s").magnitude for q in (lo, mid, hi)] == pytest.approx([30, 30, 40])


# -- the float path (issue 16): plain_figure on records shaped as the catalog cache holds them --------

def _record(**over: object) -> dict[str, object]:
    claim = {"field": "memory.bandwidth", "value": [4.0, "TB/s"], "source": "s1", "derived_from": None}
    rec: dict[str, object] = {
        "memory": [[96.0, "GB"], [4.0, "TB/s"], "HBM3"], "power": [[400.0, "W"], "module"],
        "interconnect": [[900.0, "GB/s"], "bidirectional", "NVLink"],
        "compute": {"bf16": [148.0, "TFLOP/s"], "int8:vector": [10.0, "TOP/s"]},
        "provenance": {"memory.bandwidth": {"claims": [claim], "chosen": 0}},
    }
    rec.update(over)
    return rec


def test_plain_figure_worked_examples() -> None:
    from accelspec.metrics import plain_figure

    def kind(_: str) -> str:
        return "estimate"

    # H20: 148 TFLOP/s over 4.0 TB/s is 37 FLOP/B (NVIDIA's H20 figures), an estimate-sourced input
    assert plain_figure(get_metric("ridge:bf16"), _record(), kind) == (37.0, 37.0, 37.0, "e", ("s1",))
    assert plain_figure(get_metric("int8"), _record(), kind)[1] == 10.0  # the vector rate stands in
    link = _record(interconnect=[[450.0, "GB/s"], "unidirectional", None])
    assert plain_figure(get_metric("interconnect.bandwidth"), link, kind)[1] == 900.0
    assert plain_figure(get_metric("interconnect.bandwidth"),
                        _record(interconnect=[[450.0, "GB/s"], "unstated", None]), kind) is None
    assert plain_figure(get_metric("fp8"), _record(), kind) is None


@pytest.mark.parametrize("metric, over", [
    ("bogus_metric_name", {}),
    ("bf16", {"compute": {"bf16": [0.148, "PFLOP/s"]}}),
    ("tdp", {"power": [[0.4, "kW"], "module"]}),
    ("interconnect.bandwidth", {"interconnect": [[900.0, "GB/s"], "sideways", None]}),
    ("memory.bandwidth_per_watt", {"power": [[0.0, "W"], "module"]}),
    ("memory.bandwidth", {"memory": [[96.0, "GB"], [-4.0, "TB/s"], "HBM3"]}),
    ("memory.bandwidth", {"provenance": {"memory.bandwidth": {"chosen": 0, "claims": [
        {"value": [4.0, "TB/s"], "source": "s1", "derived_from": None},
        {"value": [4000.0, "GB/s"], "source": "s1", "derived_from": None}]}}}),
    ("bf16", {"provenance": {"bf16:vector": {"chosen": 0, "claims": [
        {"value": [1.0, "TFLOP/s"], "source": "s1", "derived_from": None},
        {"value": [2.0, "TFLOP/s"], "source": "s1", "derived_from": None}]}}}),
])
def test_plain_figure_steps_aside(metric: str, over: dict[str, object]) -> None:
    from accelspec.metrics import Metric, NoPlainPath, _plain_terms, plain_figure

    m = get_metric(metric) if metric != "bogus_metric_name" else Metric(metric, "x", "", True, (), fn=len)
    with pytest.raises(NoPlainPath):
        _plain_terms(m)
        plain_figure(m, _record(**over), lambda _: "vendor-datasheet")
