"""Typed spec objects: conversion at construction, missing figures, dense vs sparse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

import accelspec as acs
from accelspec import Q_
from accelspec.spec import Accelerator, Interconnect, Memory, NotDisclosed, Power


def make(**kw: object) -> Accelerator:
    base: dict[str, object] = dict(
        id="acme-x1", name="Acme X1", vendor="Acme",
        memory=Memory(capacity=Q_(96, "GB"), bandwidth=Q_(4.0, "TB/s")),
        compute={"bf16": Q_(148, "TFLOP/s"), "fp8:sparse": Q_(592, "TFLOP/s"),
                 "fp32:vector": Q_(44, "TFLOP/s")},
        power=Power(tdp=Q_(400, "W")),
    )
    base.update(kw)
    return Accelerator(**base)  # type: ignore[arg-type]


def test_values_are_converted_to_the_field_unit_at_construction() -> None:
    m = Memory(capacity=Q_(96, "GiB"), bandwidth=Q_(4000, "GB/s"))
    assert format(m.capacity.units, "D") == "gigabyte"
    assert m.capacity.magnitude == pytest.approx(96 * 2**30 / 1e9)
    assert m.bandwidth.magnitude == pytest.approx(4.0)


@pytest.mark.parametrize("bad", [Q_(4, "THz"), Q_(4, "TFLOP/s"), 4.0, "4 TB/s"])
def test_wrong_dimension_or_bare_number_fails_at_construction(bad: object) -> None:
    with pytest.raises(acs.UnitError):
        Memory(bandwidth=bad)


@pytest.mark.parametrize("value", [0.0, -1.0, float("nan"), float("inf")])
def test_non_positive_or_non_finite_values_are_refused(value: float) -> None:
    with pytest.raises(acs.UnitError):
        Memory(bandwidth=Q_(value, "TB/s"))


def test_compute_with_wrong_dimension_is_refused() -> None:
    with pytest.raises(acs.UnitError):
        make(compute={"bf16": Q_(148, "TB/s")})


def test_peak_is_dense_by_default_and_sparse_on_request() -> None:
    acc = make(compute={"bf16": Q_(989.5, "TFLOP/s"), "bf16:sparse": Q_(1979, "TFLOP/s")})
    assert acc.peak("BF16").magnitude == pytest.approx(989.5)
    assert acc.peak("bf16", sparse=True).magnitude == pytest.approx(1979)


def test_sparse_only_figure_is_never_halved_silently() -> None:
    acc = make()
    with pytest.raises(acs.MissingSpecError, match="only the 2:4-sparse figure"):
        acc.peak("fp8")
    assert acc.peak("fp8", sparse=True).magnitude == pytest.approx(592)


def test_peak_falls_back_to_vector_rate_only_without_a_matrix_rate() -> None:
    acc = make()
    assert acc.peak("fp32").magnitude == pytest.approx(44)
    with pytest.raises(acs.MissingSpecError):
        acc.peak("fp32", engine="matrix")


def test_integer_rates_are_in_ops() -> None:
    acc = make(compute={"int8": Q_(296, "TOPS")})
    assert format(acc.peak("int8").units, "D") == "teraOP / second"


def test_missing_figure_names_chip_and_field_and_never_becomes_a_number() -> None:
    acc = make()
    assert isinstance(acc.die_area, NotDisclosed)
    assert not acc.die_area
    assert str(acc.die_area) == "not disclosed"
    with pytest.raises(acs.MissingSpecError, match="acme-x1: die_area"):
        acc.die_area * 2
    with pytest.raises(acs.MissingSpecError, match="acme-x1: interconnect.bandwidth"):
        acc.interconnect.bandwidth.to("GB/s")
    with pytest.raises(acs.MissingSpecError):
        float(acc.die_area)
    with pytest.raises(acs.MissingSpecError):
        acc.value("die_area")
    assert acc.has("memory.bandwidth") and not acc.has("die_area")


def test_missing_spec_error_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        make().peak("fp64")


def test_unknown_precision_is_a_typed_error_with_suggestions() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        make().peak("bf61")
    assert "bf16" in info.value.suggestions


def test_evolve_gives_a_what_if_variant() -> None:
    acc = make()
    faster = attrs.evolve(acc, memory=attrs.evolve(acc.memory, bandwidth=Q_(3.2, "TB/s")))
    assert faster.memory.bandwidth.magnitude == pytest.approx(3.2)
    assert acc.memory.bandwidth.magnitude == pytest.approx(4.0)


def test_specs_are_frozen() -> None:
    acc = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        acc.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        acc.compute["bf16"] = Q_(1, "TFLOP/s")  # type: ignore[index]


def test_interconnect_direction_is_explicit() -> None:
    one_way = Interconnect(bandwidth=Q_(450, "GB/s"), direction="unidirectional")
    assert one_way.bidirectional.magnitude == pytest.approx(900)
    unknown = Interconnect(bandwidth=Q_(400, "GB/s"), direction="unstated")
    with pytest.raises(acs.MissingSpecError):
        unknown.bidirectional
    with pytest.raises(ValueError):
        Interconnect(bandwidth=Q_(400, "GB/s"), direction="sideways")


def test_accelerators_pickle_and_compare_equal() -> None:
    import pickle

    acc = make()
    assert pickle.loads(pickle.dumps(acc)) == acc


def test_status_and_source_kind_print_as_their_catalog_words() -> None:
    from accelspec.spec import SourceKind, Status

    assert str(Status.ANNOUNCED) == "announced" and f"{Status.ROADMAP}" == "roadmap"
    assert str(SourceKind.VENDOR_DATASHEET) == "vendor-datasheet"
    assert SourceKind.VENDOR_PAGE.is_vendor and not SourceKind.ESTIMATE.is_vendor


def test_not_disclosed_names_entry_and_field_in_every_form() -> None:
    nd = make().die_area
    assert repr(nd) == "NotDisclosed('acme-x1', 'die_area')"
    assert f"{nd}" == f"{nd:>10.2f}" == "not disclosed"  # a format spec never turns it into a number
    for attr in ("magnitude", "m", "units"):
        with pytest.raises(acs.MissingSpecError, match="acme-x1: die_area"):
            getattr(nd, attr)


def test_an_accelerator_prints_as_name_and_id() -> None:
    assert str(make()) == "Acme X1 (acme-x1)"


def test_frozen_dicts_hash_by_content_and_refuse_changes() -> None:
    from accelspec.spec import FrozenDict

    a, b = FrozenDict({"x": 1, "y": 2}), FrozenDict({"y": 2, "x": 1})
    assert hash(a) == hash(b) and {a: "ok"}[b] == "ok"
    assert hash(a) != hash(FrozenDict({"x": 1, "y": 3}))
    changes: list[Callable[[FrozenDict], object]] = [
        lambda d: d.update(z=3), lambda d: d.pop("x"), lambda d: d.setdefault("z", 3),
        lambda d: d.__ior__({"z": 3}), lambda d: d.clear()]
    for change in changes:
        with pytest.raises(TypeError, match="FrozenDict is read-only"):
            change(a)
    assert a == {"x": 1, "y": 2}


def test_a_required_quantity_field_has_no_default_and_converts() -> None:
    from accelspec.spec import quantity_field

    @attrs.frozen
    class Link:
        rate: Any = quantity_field("GB/s", "link rate", optional=False)

    with pytest.raises(TypeError):
        Link()
    link = Link(rate=Q_(1.6, "Tb/s"))
    assert link.rate.magnitude == pytest.approx(200.0)  # 1.6 Tb/s = 1600 Gb/s = 200 GB/s
    assert attrs.fields(Link).rate.metadata == {"unit": "GB/s", "doc": "link rate"}
    with pytest.raises(acs.UnitError, match="Link.rate must be positive"):
        Link(rate=Q_(-1, "GB/s"))


def test_a_claim_has_its_sources_kind() -> None:
    claims = acs.get("H20").claims("die_area")
    # catalog/nvidia.toml: the H20 die area cites nvidia-h20-die-estimate, of kind "estimate"
    assert [(c.source.id, c.kind) for c in claims] == [("nvidia-h20-die-estimate", acs.SourceKind.ESTIMATE)]


@pytest.mark.parametrize("amount", [Q_(25000, "W"), 25000, "25000 USD"])
def test_a_price_needs_a_currency(amount: object) -> None:
    with pytest.raises(acs.UnitError, match="Price.amount needs a currency quantity"):
        acs.Price(amount=amount, date="2023-06")


def test_a_price_is_positive_and_keeps_its_currency() -> None:
    with pytest.raises(acs.UnitError, match="Price.amount must be positive"):
        acs.Price(amount=Q_(0, "USD"))
    p = acs.Price(amount=Q_(25000, "CNY"), date="2024")
    assert format(p.amount.units, "D") == "CNY"
