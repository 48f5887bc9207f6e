"""The unit registry: traps of pint's defaults avoided, safe parsing, pickling, threads."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time

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


@pytest.mark.parametrize("bad", ["TFLOPs", "9**9**8 GB", "10**100000 B", "", "   ", "GB+1", "(GB)",
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
