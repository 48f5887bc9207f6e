"""Comparison tables: every format renders, CSV and JSON round-trip through parsers."""

from __future__ import annotations

import csv
import io
import json

import pytest

import accelspec as acs
from accelspec.comparison import FORMATS, format_number

SEED = ("H20", "H200", "Ascend 910B")


@pytest.fixture(scope="module")
def comparison() -> acs.Comparison:
    return acs.compare(*SEED, baseline="H200")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_chip(comparison: acs.Comparison, fmt: str) -> None:
    text = comparison.table(fmt)
    for acc in comparison.accelerators:
        assert (acc.id if fmt == "csv" else acc.name) in text


def test_units_are_in_the_headers(comparison: acs.Comparison) -> None:
    headers = comparison.headers()
    assert "memory.bandwidth [TB/s]" in headers and "bf16 [TFLOP/s]" in headers and "tdp [W]" in headers


def test_csv_round_trips_to_the_same_numbers(comparison: acs.Comparison) -> None:
    rows = list(csv.DictReader(io.StringIO(comparison.table("csv"))))
    assert [r["id"] for r in rows] == [a.id for a in comparison.accelerators]
    h20 = rows[0]
    assert float(h20["memory.bandwidth [TB/s]"]) == pytest.approx(acs.get("H20").memory.bandwidth.magnitude)
    assert float(h20["bf16 [TFLOP/s]"]) == pytest.approx(acs.get("H20").peak("bf16").magnitude)


def test_json_round_trips_with_units_and_relatives(comparison: acs.Comparison) -> None:
    doc = json.loads(comparison.to_json())
    assert doc["baseline"] == "nvidia-h200-sxm"
    h20 = doc["rows"][0]
    assert h20["bf16"]["unit"] == "TFLOP/s"
    assert h20["bf16"]["relative"] == pytest.approx(acs.ratio("H20", "H200", "bf16"))
    assert h20["memory.bandwidth"]["value"] == pytest.approx(4.0)


def test_unknown_is_shown_as_unknown_not_zero() -> None:
    c = acs.compare("H200", "Ascend 910B", metrics=["fp8"])
    row = c.to_dicts()[1]
    assert row["fp8"]["value"] is None and "not disclosed" in row["fp8"]["missing"]
    assert "n/d" in str(c)


def test_disputed_values_are_marked_with_their_range() -> None:
    c = acs.compare("Ascend 910B", metrics=["fp16"])
    (row,) = c.to_dicts()
    assert "*" in row["fp16"]["marks"]
    assert row["fp16"]["low"] < row["fp16"]["value"] <= row["fp16"]["high"]
    assert "sources disagree" in str(c)


def test_values_relative_to_the_baseline_are_ratios() -> None:
    c = acs.compare("H20", "H200", metrics=["memory.bandwidth"], baseline="H200")
    assert [cell.relative for (cell,) in c.cells] == [pytest.approx(4.0 / 4.8), pytest.approx(1.0)]


def test_unknown_format_is_refused(comparison: acs.Comparison) -> None:
    with pytest.raises(ValueError):
        comparison.table("yaml")


@pytest.mark.parametrize("x,text", [(3958.0, "3,958"), (989.5, "989.5"), (4.8, "4.8"), (0.15, "0.15"),
                                    (141.0, "141"), (15832.0, "15,832")])
def test_numbers_read_easily(x: float, text: str) -> None:
    assert format_number(x) == text
