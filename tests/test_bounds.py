"""Inputs that used to hang, exhaust memory or crash: each is now a typed error (or a result)
at once. No timing is asserted here beyond what a hang would break (subprocess timeouts);
speed is measured in benchmarks/."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog
from accelspec.loader import MAX_KEY_PARTS, read_path
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]


# -- catalog paths ------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_a_catalog() -> None:
    with pytest.raises(acs.CatalogError, match="not a regular file") as info:
        acs.load_catalog("/dev/zero")
    assert info.value.file == "/dev/zero"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "cat.toml"
    os.mkfifo(fifo)
    code = ("import accelspec as a, sys\ntry:\n a.load_catalog(sys.argv[1])\n"
            "except a.CatalogError as e:\n print(type(e).__name__, e.file == sys.argv[1])")
    out = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.split() == ["CatalogError", "True"]


def test_a_directory_and_a_missing_file_are_catalog_errors(tmp_path: Path) -> None:
    with pytest.raises(acs.CatalogError, match="not a regular file"):
        read_path(tmp_path)
    with pytest.raises(acs.CatalogError, match="cannot read"):
        read_path(tmp_path / "missing.toml")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec import loader

    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2048)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1024)
    with pytest.raises(acs.CatalogError, match="larger than 1024"):
        read_path(big)


# -- TOML the parser would choke on -------------------------------------------------------------

def test_a_dotted_key_blow_up_is_refused_before_tomllib(write: Write) -> None:
    # 60,000 parts (120 KB): tomllib alone takes tens of seconds on this
    path = write("a" + ".a" * 60_000 + " = 1\n")
    with pytest.raises(acs.CatalogError, match=f"more than {MAX_KEY_PARTS} parts at line 1"):
        Catalog.from_files([path])


@pytest.mark.parametrize("key", ["a" + ".a" * (MAX_KEY_PARTS - 1), '"x" . "y".z'])
def test_dotted_keys_within_the_limit_still_parse(key: str) -> None:
    from accelspec.loader import parse_toml

    assert parse_toml(f"{key} = 1\n", "ok.toml")


def test_the_dotted_key_check_ignores_dots_in_text() -> None:
    from accelspec.loader import parse_toml

    note = ". ".join(["word"] * 200)
    assert parse_toml(f'note = "{note}"\n', "ok.toml")["note"] == note


@pytest.mark.parametrize("value,match", [
    ("1" + "0" * 309, "beyond the float range"),  # 10^309
    ("-1" + "0" * 309, "beyond the float range"),
    ("9" * 4300, "integer of about 43.. digits, beyond the float range"),
    ("9" * 5000, "invalid TOML"),  # past Python's int digit limit, inside tomllib
])
def test_integers_outside_the_float_range_name_the_file(write: Write, value: str, match: str) -> None:
    row = f'{{ field = "tdp", value = {value}, unit = "W", source = "test-src" }}'
    path = write(SOURCE + entry("acme-x1", row))
    with pytest.raises(acs.CatalogError, match=match) as info:
        Catalog.from_files([path])
    assert info.value.file == str(path)
    assert len(str(info.value)) < 400  # the number is not echoed


def test_a_factor_beyond_the_float_range_is_named(write: Write) -> None:
    rows = GOOD_ROWS[:3] + ('{ field = "bf16", from = "bf16:sparse", factor = 1' + "0" * 400 + ', source = "test-src" }',)
    path = write(SOURCE + entry("acme-x1", *rows))
    with pytest.raises(acs.CatalogError, match="beyond the float range") as info:
        Catalog.from_files([path])
    assert info.value.entry == "acme-x1" and "bf16" in str(info.value.field)


def _chain(n: int, cycle: bool = False) -> str:
    first = entry("acme-c0", *GOOD_ROWS, aliases="[]")
    if cycle:
        first = first.replace('status = "shipping"', f'status = "shipping"\nbase = "acme-c{n - 1}"')
    parts = [first]
    for i in range(1, n):
        parts.append(f'\n[[accelerator]]\nid = "acme-c{i}"\nname = "Acme C{i}"\nvendor = "Acme"\n'
                     f'status = "shipping"\nbase = "acme-c{i - 1}"\n')
    return SOURCE + "".join(parts)


def test_a_thousand_entry_base_chain_loads_without_recursion(write: Write) -> None:
    cat = Catalog.from_files([write(_chain(1000))])
    last = cat.get("acme-c999")
    assert last.memory.bandwidth.magnitude == pytest.approx(3.35)  # inherited from acme-c0
    assert last.claims("memory.bandwidth")[0].inherited_from == "acme-c0"


def test_a_long_base_cycle_is_a_catalog_error_with_a_short_message(write: Write) -> None:
    path = write(_chain(1000, cycle=True))
    with pytest.raises(acs.CatalogError, match="base cycle") as info:
        Catalog.from_files([path])
    assert info.value.field == "base" and info.value.file == str(path)
    assert "(1001 entries)" in str(info.value) and len(str(info.value)) < 400


def test_a_count_beyond_the_cap_is_refused(write: Write) -> None:
    system = ('\n[[system]]\nid = "acme-box"\nname = "Box"\nvendor = "Acme"\nstatus = "shipping"\n'
              'parts = [ { accelerator = "acme-x1", count = 1' + "0" * 400 + " } ]\n")
    with pytest.raises(acs.CatalogError, match="positive integer") as info:
        Catalog.from_files([write(SOURCE + entry("acme-x1", *GOOD_ROWS) + system)])
    assert len(str(info.value)) < 400


# -- names ---------------------------------------------------------------------------------------

def test_a_huge_name_is_an_unknown_name_with_a_short_echo() -> None:
    name = "H" * 100_000
    with pytest.raises(acs.UnknownAcceleratorError) as info:
        acs.get(name)
    assert info.value.query == name and info.value.suggestions == ()
    assert "(100000 characters)" in str(info.value) and len(str(info.value)) < 200
    assert acs.search(name) == []


def test_a_name_at_the_length_cap_still_gets_suggestions() -> None:
    from accelspec.lookup import MAX_NAME_LENGTH

    with pytest.raises(acs.UnknownAcceleratorError) as info:
        acs.get("H2O0" + " " * (MAX_NAME_LENGTH - 4))
    assert info.value.suggestions


def test_an_unknown_metric_echo_is_short() -> None:
    with pytest.raises(acs.UnknownMetricError) as info:
        acs.metrics.get_metric("x" * 50_000)
    assert len(str(info.value)) < 300


# -- numbers where a positive finite value is needed -----------------------------------------

@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, -(10**5000)],
                         ids=["nan", "inf", "-inf", "10^400", "-10^5000"])
def test_quantities_refuse_nan_and_infinity(value: float) -> None:
    with pytest.raises(acs.UnitError, match="finite") as info:
        acs.Q_(value, "W")
    assert len(str(info.value)) < 200


@pytest.mark.parametrize("limit", ["0 GB", acs.Q_(0.0, "GB"), acs.Q_(-1.0, "GB"), "nan GB", "inf GB"])
def test_filter_thresholds_must_be_positive_and_finite(limit: object) -> None:
    with pytest.raises(acs.UnitError):
        acs.catalog().filter(at_least={"memory.capacity": limit})


def test_a_value_that_underflows_in_its_canonical_unit_is_refused(write: Write) -> None:
    from accelspec.units import to_unit

    with pytest.raises(acs.UnitError, match="underflows"):
        to_unit(acs.Q_(1e-320, "W"), "TW", what="x")  # 1e-332 TW is below the smallest float
    row = '{ field = "tdp", value = 1e-321, unit = "mW", source = "test-src" }'
    with pytest.raises(acs.CatalogError, match="underflows"):
        Catalog.from_files([write(SOURCE + entry("acme-x1", row))])


def test_a_value_that_overflows_in_its_canonical_unit_is_refused() -> None:
    from accelspec.units import to_unit

    with pytest.raises(acs.UnitError):
        to_unit(acs.Q_(1e300, "TB"), "B", what="x")
    with pytest.raises(acs.UnitError):
        to_unit(acs.Q_(10**300, "TB"), "B", what="x")


def test_metrics_near_the_float_limits_raise_instead_of_returning_zero_or_inf() -> None:
    from accelspec.metrics import get_metric, with_value

    h200 = acs.get("H200")
    ridge = get_metric("ridge:bf16")
    tiny = with_value(h200, "memory.bandwidth", acs.Q_(1e-310, "TB/s"))
    with pytest.raises(acs.UnitError):
        ridge(tiny)  # 989.5 / 1e-310 overflows
    small_peak = with_value(h200, "bf16", acs.Q_(1e-300, "TFLOP/s"))
    huge_bw = with_value(small_peak, "memory.bandwidth", acs.Q_(1e300, "TB/s"))
    with pytest.raises(acs.UnitError, match="float range"):
        ridge(huge_bw)  # 1e-300 / 1e300 underflows to 0.0
