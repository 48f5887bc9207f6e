"""Field names: precisions, compute qualifiers and fixed fields parse to one canonical form."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
from accelspec.fields import (
    FIELDS,
    INTEGER_PRECISIONS,
    PRECISIONS,
    ComputeKey,
    compute_unit,
    field_info,
    is_compute_field,
    parse_compute_field,
    parse_precision,
)

compute_keys = st.builds(
    ComputeKey,
    st.sampled_from(PRECISIONS),
    st.sampled_from(("matrix", "vector")),
    st.booleans(),
).filter(lambda k: not (k.sparse and k.engine == "vector"))


@given(compute_keys)
def test_a_compute_key_round_trips_through_its_name(key: ComputeKey) -> None:
    assert parse_compute_field(key.name) == key
    assert is_compute_field(key.name)


@given(compute_keys, st.sampled_from([str.upper, str.lower, str.title]))
def test_compute_fields_ignore_case(key: ComputeKey, case: Callable[[str], str]) -> None:
    assert parse_compute_field(case(key.name)) == key


@given(compute_keys)
def test_a_canonical_compute_field_is_a_quantity_field_in_its_precisions_unit(key: ComputeKey) -> None:
    info = field_info(key.name)
    assert info.name == key.name and info.kind == "quantity" and info.extra == ()
    assert info.unit == ("TOP/s" if key.precision in ("int8", "int4") else "TFLOP/s")
    assert info.description.endswith(" rate")


@pytest.mark.parametrize("text,expected", [
    ("bf16:tensor", ComputeKey("bf16", "matrix", False)),
    ("fp16:cube:sparse", ComputeKey("fp16", "matrix", True)),
    ("fp32:vector:dense", ComputeKey("fp32", "vector", False)),
    ("fp8:sparse:matrix", ComputeKey("fp8", "matrix", True)),
    (" FP8 : Sparse ", ComputeKey("fp8", "matrix", True)),
    ("half", ComputeKey("fp16")),
    ("bfloat16:sparse", ComputeKey("bf16", "matrix", True)),
])
def test_qualifier_synonyms_and_order(text: str, expected: ComputeKey) -> None:
    assert parse_compute_field(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("BF16", "bf16"), ("fp-8", "fp8"), ("INT_8", "int8"), ("single", "fp32"), ("double", "fp64"),
    ("float16", "fp16"), (" tf32 ", "tf32"),
])
def test_precision_spellings_normalise(text: str, expected: str) -> None:
    assert parse_precision(text) == expected


def test_integer_precisions_are_rated_in_ops() -> None:
    assert {p for p in PRECISIONS if compute_unit(p) == "TOP/s"} == set(INTEGER_PRECISIONS) == {"int8", "int4"}
    assert ComputeKey("int4").is_integer and not ComputeKey("fp4").is_integer
    assert ComputeKey("fp8", "matrix", True).describe() == "FP8 2:4-sparse matrix"
    assert ComputeKey("fp32", "vector").describe() == "FP32 dense vector"


def test_unknown_precision_suggests_close_ones() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        parse_precision("bf61")
    assert info.value.query == "bf61"
    assert "bf16" in info.value.suggestions
    assert str(info.value).startswith("unknown precision 'bf61'; did you mean")


@pytest.mark.parametrize("bad", [16, None, b"bf16"])
def test_a_precision_that_is_not_a_string_is_a_typed_error(bad: object) -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        parse_precision(bad)  # type: ignore[arg-type]
    assert info.value.query == repr(bad) and info.value.suggestions == ()
    assert f"unknown precision {repr(bad)!r}" in str(info.value)


def test_unknown_qualifier_names_the_field_and_offers_the_valid_forms() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        parse_compute_field("bf16:spares")
    assert info.value.query == "bf16:spares"
    assert info.value.suggestions == ("bf16:sparse", "bf16:vector")
    assert "compute qualifier in 'bf16:spares'" in str(info.value)
    assert not is_compute_field("bf16:spares")


def test_a_vector_rate_has_no_sparsity() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        parse_compute_field("fp16:vector:sparse")
    assert info.value.suggestions == ("fp16:sparse",)
    assert "vector rates have no 2:4 sparsity" in str(info.value)
    assert not is_compute_field("fp16:vector:sparse")


@pytest.mark.parametrize("text", ["memory.bandwidth", "tdp", "", "fp9", "bf16:"])
def test_non_compute_names_are_not_compute_fields(text: str) -> None:
    assert not is_compute_field(text)


def test_fixed_fields_return_their_table_entry() -> None:
    info = field_info("memory.bandwidth")
    assert info is FIELDS["memory.bandwidth"]
    assert (info.kind, info.unit) == ("quantity", "TB/s")
    assert field_info("tdp").extra == ("scope",)
    assert field_info("memory.type").kind == "text" and field_info("memory.type").unit is None


def test_a_compute_field_must_be_written_in_canonical_form() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        field_info("BF16:Sparse")
    assert info.value.suggestions == ("bf16:sparse",)
    assert "write it in canonical form" in str(info.value)


def test_an_unknown_field_suggests_fields_and_precisions() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        field_info("memory.bandwith")
    assert info.value.query == "memory.bandwith"
    assert "memory.bandwidth" in info.value.suggestions
    assert str(info.value).startswith("unknown field 'memory.bandwith'")


def test_the_metrics_module_is_reachable_from_a_bare_import() -> None:
    # acs.metrics is served by the package's lazy __getattr__ until something imports it
    code = ("import sys, accelspec as acs; before = 'accelspec.metrics' in sys.modules; "
            "names = {n for n, _, _ in acs.metrics.names()}; "
            "print(before, acs.metrics.__name__, {'memory.bandwidth', 'ridge:<p>'} <= names)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "accelspec.metrics", "True"]
