"""The public hypothesis strategies: what they generate passes validation, means what it says,
and bad options fail at once with a typed error naming the option."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec.strategies as acst
from accelspec.catalogs import Catalog
from accelspec.errors import InvalidArgumentError, MissingSpecError
from accelspec.fields import parse_compute_field
from accelspec.workloads.llm import Decode, Prefill, Training
from accelspec.workloads.models import ModelSpec, kv_cache_memory
from accelspec.spec import Accelerator, Memory
from accelspec.units import Q_, parse_unit

#: where a loaded entry keeps each non-compute field written in a generated file
PLAIN_FIELDS = ("memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "die_area")


def _canonical(field: str) -> str:
    return {"memory.capacity": "GB", "memory.bandwidth": "TB/s", "tdp": "W",
            "interconnect.bandwidth": "GB/s", "die_area": "mm^2"}.get(field) or parse_compute_field(field).unit


def _written_values(text: str) -> dict[str, dict[str, float]]:
    """Each entry's rows as the file states them, converted to canonical units independently of
    the loader (tomllib + one unit conversion); derived rows computed from their factor."""
    doc = tomllib.loads(text)
    out: dict[str, dict[str, float]] = {}
    for entry in doc["accelerator"]:
        values: dict[str, float] = {}
        rows = entry["specs"]
        for row in rows:
            if "value" in row:
                canonical = _canonical(row["field"])
                q = Q_(row["value"], parse_unit(row["unit"])).to(parse_unit(canonical))
                values[row["field"]] = float(q.magnitude)
        for row in rows:
            if "from" in row:
                values[row["field"]] = values[row["from"]] * row["factor"]
        out[entry["id"]] = values
    return out


# -- catalog text -----------------------------------------------------------------------------

@given(acst.catalog_documents(missing=acst.OPTIONAL_FIELDS, max_entries=3))
def test_generated_catalog_text_loads_and_keeps_every_written_value(text: str) -> None:
    cat = Catalog.from_text(text, "<generated>")
    written = _written_values(text)
    assert set(cat.ids) == set(written)
    for eid, values in written.items():
        acc = cat[eid]
        for field, expected in values.items():
            got = acc.value(field) if field in PLAIN_FIELDS else acc.compute[field]
            assert got.to(parse_unit(_canonical(field))).magnitude == pytest.approx(expected, rel=1e-9), (eid, field)
        # what the file does not state is not disclosed, never zero
        for field in PLAIN_FIELDS:
            if field not in values:
                with pytest.raises(MissingSpecError):
                    acc.value(field)


@given(acst.catalog_entries(sparse=True))
def test_sparse_rates_in_generated_entries_are_exactly_twice_dense(text: str) -> None:
    (acc,) = Catalog.from_text(text)
    for p in ("bf16", "fp8", "int8"):
        assert acc.peak(p, sparse=True).magnitude == pytest.approx(2 * acc.peak(p).magnitude, rel=1e-12)


@given(acst.catalog_entries(vendor="示例厂商", status="roadmap"))
def test_vendor_and_status_options_are_honoured_in_text(text: str) -> None:
    (acc,) = Catalog.from_text(text)
    assert acc.vendor == "示例厂商" and acc.status.value == "roadmap"


@given(acst.catalog_documents(min_entries=2, max_entries=4))
def test_every_alias_of_a_generated_entry_finds_that_entry(text: str) -> None:
    cat = Catalog.from_text(text)
    for acc in cat:
        for alias in acc.aliases:
            assert cat.get(alias).id == acc.id


# -- systems ----------------------------------------------------------------------------------

@given(acst.catalogs(systems=True, max_entries=3))
def test_generated_system_memory_is_the_sum_over_its_parts(cat: Catalog) -> None:
    system = cat["synthetic-system"]
    assert system.parts
    for field in ("memory.capacity", "memory.bandwidth"):
        values = [cat[p.accelerator].value(field) if cat[p.accelerator].has(field) else None
                  for p in system.parts]
        if any(v is None for v in values):
            assert not system.has(field)
            continue
        expected = sum(p.count * float(v.to(parse_unit(_canonical(field))).magnitude)
                       for p, v in zip(system.parts, values))
        got = system.value(field).to(parse_unit(_canonical(field))).magnitude
        assert got == pytest.approx(expected, rel=1e-9)


@settings(max_examples=10)
@given(acst.systems(max_parts=2))
def test_systems_strategy_yields_loaded_systems(system: Accelerator) -> None:
    assert system.id == "synthetic-system" and 1 <= len(system.parts) <= 2
    assert all(p.count >= 1 for p in system.parts)


# -- accelerators -----------------------------------------------------------------------------

@given(acst.accelerators(missing=acst.OPTIONAL_FIELDS, die_area=True, vendor="Acme", status="shipping"))
def test_missing_fields_are_not_disclosed_and_present_ones_are_positive(acc: Accelerator) -> None:
    assert acc.vendor == "Acme" and acc.status.value == "shipping"
    for field in PLAIN_FIELDS:
        if acc.has(field):
            assert acc.value(field).magnitude > 0
        else:
            with pytest.raises(MissingSpecError, match=field.split(".")[-1]):
                acc.value(field)


def test_missing_fields_are_sometimes_missing_and_sometimes_present() -> None:
    # the option draws presence: both outcomes must occur, or it would test only one side
    seen: dict[str, set[bool]] = {f: set() for f in PLAIN_FIELDS}

    @settings(max_examples=60, database=None)
    @given(acst.accelerators(missing=acst.OPTIONAL_FIELDS, die_area=True))
    def collect(acc: Accelerator) -> None:
        for f in PLAIN_FIELDS:
            seen[f].add(acc.has(f))

    collect()
    assert all(v == {True, False} for v in seen.values()), seen


def test_without_missing_every_field_is_present() -> None:
    @settings(max_examples=20, database=None)
    @given(acst.accelerators(die_area=True))
    def check(acc: Accelerator) -> None:
        assert all(acc.has(f) for f in PLAIN_FIELDS)

    check()


@given(st.from_type(Accelerator), st.from_type(Memory))
def test_types_are_registered_for_from_type(acc: Accelerator, mem: Memory) -> None:
    assert acc.memory.capacity.magnitude > 0 and mem.bandwidth.magnitude > 0


@given(acst.quantities("TB/s", min_value=1, max_value=10))
def test_quantities_stay_within_bounds_whatever_unit_they_are_drawn_in(q: Any) -> None:
    assert 1 - 1e-9 <= q.to(parse_unit("TB/s")).magnitude <= 10 + 1e-9


# -- workloads --------------------------------------------------------------------------------

@given(acst.models())
def test_models_size_a_positive_kv_cache_and_weights(model: ModelSpec) -> None:
    assert model.active_parameters <= model.parameters
    kv = kv_cache_memory(model, batch=1, context=1024)
    assert kv.to(parse_unit("B")).magnitude > 0


@given(acst.models(moe=True, kv="width"))
def test_models_options_are_honoured(model: ModelSpec) -> None:
    assert model.active_parameters < model.parameters
    assert model.kv_width is not None and model.kv_heads is None


@given(st.from_type(Decode) | st.from_type(Prefill) | st.from_type(Training),
       acst.accelerators(precisions=("bf16", "fp16", "fp8", "int8", "int4", "fp4")))
def test_generated_workloads_evaluate_to_a_positive_finite_time(work: Any, acc: Accelerator) -> None:
    bound = work.evaluate(acc)
    seconds = bound.step_time if isinstance(work, Decode) else bound.time
    t = seconds.to(parse_unit("s")).magnitude
    assert math.isfinite(t) and t > 0
    assert bound.bound in ("memory", "compute")


@given(acst.workloads(kinds=("decode",)))
def test_workloads_kinds_option(work: Any) -> None:
    assert isinstance(work, Decode)


# -- arguments checked up front ---------------------------------------------------------------

BAD_OPTIONS = [
    (acst.quantities, ("GB",), {"min_value": 0}, "min_value"),
    (acst.quantities, ("GB",), {"min_value": 5, "max_value": 1}, "max_value"),
    (acst.quantities, ("GB",), {"max_value": float("inf")}, "max_value"),
    (acst.quantities, ("GB",), {"min_value": "1"}, "min_value"),
    (acst.memories, (), {"min_bandwidth_tbs": -1}, "min_bandwidth_tbs"),
    (acst.compute_ratings, (), {"precisions": ("bf17",)}, "bf17"),
    (acst.compute_ratings, (), {"precisions": "bf16"}, "precisions"),
    (acst.compute_ratings, (), {"sparse": "yes"}, "sparse"),
    (acst.accelerators, (), {"status": "shiping"}, "status"),
    (acst.accelerators, (), {"missing": ("memory.capacty",)}, "memory.capacty"),
    (acst.accelerators, (), {"missing": "tdp"}, "missing"),
    (acst.accelerators, (), {"vendor": ""}, "vendor"),
    (acst.catalog_documents, (), {"min_entries": 0}, "min_entries"),
    (acst.catalog_documents, (), {"min_entries": 3, "max_entries": 2}, "max_entries"),
    (acst.catalog_documents, (), {"systems": "yes"}, "systems"),
    (acst.catalog_entries, (), {"vendor": 'Bad"Vendor'}, "vendor"),
    (acst.systems, (), {"max_parts": 0}, "max_parts"),
    (acst.models, (), {"kv": "latent"}, "kv"),
    (acst.models, (), {"moe": 1}, "moe"),
    (acst.models, (), {"min_parameters": 1e12, "max_parameters": 1e9}, "max_parameters"),
    (acst.workloads, (), {"kinds": ("inference",)}, "kinds"),
    (acst.workloads, (), {"model": "llama"}, "model"),
]


@pytest.mark.parametrize(("strategy", "args", "kwargs", "named"), BAD_OPTIONS,
                         ids=[f"{f.__name__}-{sorted(k)[0]}" for f, _, k, _ in BAD_OPTIONS])
def test_bad_options_fail_at_once_naming_the_option(strategy: Any, args: tuple[Any, ...],
                                                     kwargs: dict[str, Any], named: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        strategy(*args, **kwargs)  # raised when the strategy is built, before any drawing
    assert named in str(info.value)
    assert strategy.__name__ in str(info.value)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        acst.accelerators(("bf16",))  # type: ignore[misc]
    with pytest.raises(TypeError):
        acst.models(True)  # type: ignore[misc]
