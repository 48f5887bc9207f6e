"""The unit registry: traps of pint's defaults avoided, safe parsing, pickling, threads."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from typing import Any

import pytest

import accelspec as acs
from accelspec.units import Q_, parse_unit


def test_bandwidth_never_converts_to_frequency() -> None:
    with pytest.raises(acs.UnitError):
        from accelspec.units import to_unit

        to_unit(Q_(1, "TB/s"), "THz", what="bandwidth")
    assert Q_(1, "TB/s").dimensionality != Q_(1, "THz").dimensionality


def test_decimal_and_binary_bytes_are_distinct() -> None:
    assert Q_(1, "GB") != Q_(1, "GiB")
    assert Q_(1, "GiB").to("GB").magnitude == pytest.approx(1.073741824)
    assert Q_(1, "TiB").to("TB").magnitude == pytest.approx(1.099511627776)


def test_bits_and_bytes_are_distinct_and_related() -> None:
    assert Q_(8, "Gb/s").to("GB/s").magnitude == pytest.approx(1.0)
    assert format(parse_unit("Gb"), "D") == "gigabit"  # not gilbert


def test_flop_and_op_share_a_dimension() -> None:
    assert (Q_(296, "TOP/s") / Q_(148, "TFLOP/s")).to("count").magnitude == pytest.approx(2.0)
    assert Q_(1, "TFLOPS").to("TFLOP/s").magnitude == pytest.approx(1.0)


def test_currencies_never_mix() -> None:
    with pytest.raises(Exception) as info:
        Q_(1, "USD") + Q_(1, "CNY")
    assert "currency" in str(info.value)


def test_plain_numbers_do_not_add_to_quantities() -> None:
    with pytest.raises(Exception):
        Q_(1, "GB") + 1


@pytest.mark.parametrize("bad", ["TFLOPs", "9**9**8 GB", "10**100000 B", "", "   ", "GB+1", "((GB))", "(GB", "GB)",
                                 "__import__('os')", "GB GB", "MUSD", "1/s", "GB/", "TB/s/"])
def test_unit_strings_outside_the_allow_list_are_refused(bad: str) -> None:
    with pytest.raises(acs.UnitError):
        parse_unit(bad)


def test_flops_with_lowercase_s_explains_itself() -> None:
    with pytest.raises(acs.UnitError, match="count of operations"):
        parse_unit("TFLOPs")


def test_hostile_megabyte_unit_string_is_refused_quickly() -> None:
    hostile = "9**" * 350_000 + "9 GB"
    t = time.perf_counter()
    with pytest.raises(acs.UnitError):
        parse_unit(hostile)
    assert time.perf_counter() - t < 1.0  # a bound on cost, not a benchmark


@pytest.mark.parametrize("text", ["TB/s", "GiB/s", "TFLOP/s", "TOPS", "mm^2", "mm²", "W", "kW",
                                  "USD", "billion", "terabyte / second", "GB/s/W"])
def test_allowed_units_parse(text: str) -> None:
    assert parse_unit(text) is not None


def test_quantities_pickle_into_a_fresh_process() -> None:
    data = pickle.dumps(Q_(989.5, "TFLOP/s"))
    code = (
        "import pickle, sys; q = pickle.loads(sys.stdin.buffer.read()); "
        "print(q.to('PFLOP/s').magnitude)"
    )
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)
    assert float(out.stdout) == pytest.approx(0.9895)


def test_registry_is_built_once_under_concurrent_first_use() -> None:
    code = """
import threading, accelspec.units as u
regs = []
def work():
    regs.append(id(u.registry())); u.Q_(1, "TB/s").to("GB/s")
ts = [threading.Thread(target=work) for _ in range(16)]
[t.start() for t in ts]; [t.join() for t in ts]
print(len(set(regs)), len(regs))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "16"]


def test_quantity_needs_a_real_number() -> None:
    with pytest.raises(acs.UnitError):
        Q_("4.8", "TB/s")  # type: ignore[arg-type]
    with pytest.raises(acs.UnitError):
        Q_(True, "TB/s")


def test_units_pickle_and_come_back_in_the_accelspec_registry() -> None:
    u = parse_unit("TB/s")
    back = pickle.loads(pickle.dumps(u))
    assert back == u and isinstance(back, acs.registry().Unit)
    assert Q_(1, back).to("GB/s").magnitude == pytest.approx(1000)


@pytest.mark.parametrize("bad", [5, None, b"GB", 1.5])
def test_a_unit_that_is_not_a_string_is_a_unit_error(bad: object) -> None:
    with pytest.raises(acs.UnitError, match=f"a unit must be a string, not {type(bad).__name__}"):
        parse_unit(bad)  # type: ignore[arg-type]


def test_zero_power_is_refused() -> None:
    with pytest.raises(acs.UnitError, match=r"zero power in unit 'GB\^0'"):
        parse_unit("GB^0")


def test_powers_and_superscripts_agree() -> None:
    assert parse_unit("mm^2") == parse_unit("mm²") == parse_unit("mm**2") == parse_unit("mm*mm")
    assert parse_unit("m³") == parse_unit("m^3")
    assert parse_unit("s^-1") == 1 / parse_unit("s")


def test_a_unit_with_a_dozen_terms_is_refused() -> None:
    text = "*".join(["B"] * 12)
    assert len(text) <= 48  # refused for its terms, not its length
    with pytest.raises(acs.UnitError, match="too many terms"):
        parse_unit(text)


def test_a_unit_of_another_registry_is_refused() -> None:
    import pint

    other: Any = pint.UnitRegistry()
    with pytest.raises(acs.UnitError, match="not a unit of the accelspec registry"):
        Q_(1, other.Unit("meter"))
    with pytest.raises(acs.UnitError, match="not a unit of the accelspec registry"):
        Q_(1, 5)


def test_a_quantity_of_another_registry_is_reread_by_its_unit_names() -> None:
    import pint

    from accelspec.units import check_dimension, to_unit

    other: Any = pint.UnitRegistry()
    q = check_dimension(other.Quantity(4800, "GB/s"), "TB/s", what="bandwidth")
    assert isinstance(q, acs.registry().Quantity)
    assert to_unit(other.Quantity(4800, "GB/s"), "TB/s", what="bandwidth").magnitude == pytest.approx(4.8)
    # a unit pint knows but accelspec does not is named, with what it was for
    with pytest.raises(acs.UnitError, match="bandwidth: unknown unit symbol 'furlong'"):
        check_dimension(other.Quantity(1, "furlong / second"), "TB/s", what="bandwidth")


def test_a_bare_number_has_no_dimension_to_check() -> None:
    from accelspec.units import check_dimension

    with pytest.raises(acs.UnitError, match=r"tdp needs a quantity in W \(e\.g\. accelspec\.Q_\(1\.0, 'W'\)\)"):
        check_dimension(700, "W", what="tdp")


@pytest.mark.parametrize("bad", [["GB"], {"GB": 1}, {"GB"}, None, 3, b"GB"])
def test_a_unit_that_is_not_a_string_is_a_unit_error_even_when_unhashable(bad: object) -> None:
    with pytest.raises(acs.UnitError, match="must be a string"):
        parse_unit(bad)  # type: ignore[arg-type]
