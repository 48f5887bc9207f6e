"""Units for cost scenarios: energy prices, hourly rents, MWh, parentheses, one-string quantities."""

from __future__ import annotations

import pytest

import accelspec as acs
from accelspec import Q_, parse_unit


@pytest.mark.parametrize(("text", "value", "unit", "expected"), [
    ("CNY/kWh", 0.5, "CNY/MWh", 500.0),
    ("USD/kWh", 0.08, "USD/(kW*h)", 0.08),
    ("USD/h", 2.0, "USD/min", 2 / 60),
    ("MWh", 1.0, "kWh", 1000.0),
    ("kWh", 1.0, "J", 3.6e6),
    ("trillion", 15.0, "billion", 15000.0),
    ("flop/s", 1e12, "TFLOP/s", 1.0),
])
def test_cost_units_read_and_convert(text: str, value: float, unit: str, expected: float) -> None:
    assert Q_(value, text).to(unit).magnitude == pytest.approx(expected)


def test_one_string_quantity() -> None:
    assert Q_("4.8 TB/s") == Q_(4.8, "TB/s")
    assert Q_("1e3 GB").to("TB").magnitude == pytest.approx(1.0)
    for bad in ("4.8", "TB/s", "nan TB/s", "4.8 TB/s extra words"):
        with pytest.raises(acs.UnitError):
            Q_(bad)
    with pytest.raises(acs.UnitError):
        Q_(4.8)  # type: ignore[call-arg]


def test_parentheses_one_level_only() -> None:
    assert Q_(1, "USD/(kW*h)").to("USD/kWh").magnitude == pytest.approx(1.0)
    for bad in ("USD/((kW*h))", "USD/(kW*h", "USD/()"):
        with pytest.raises(acs.UnitError):
            parse_unit(bad)
