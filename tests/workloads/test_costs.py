"""tco(): arithmetic worked by hand, currencies never mixed, scenarios as inputs."""

from __future__ import annotations

import pytest

import accelspec as acs
from accelspec import Q_
from accelspec.workloads.llm import Decode
from accelspec.workloads.models import LLAMA3_8B

FOUR_YEARS_S = 4 * 365.25 * 86400  # 126,230,400 s


def test_purchase_and_energy_worked_by_hand() -> None:
    t = acs.tco("H20", Q_(1000, "token/s"), price=Q_(110000, "CNY"), lifetime=Q_(4, "year"),
                electricity=Q_(0.5, "CNY/kWh"))
    hardware = 110000 / (1000 * FOUR_YEARS_S) * 1e6            # 0.8714 CNY
    energy = 400 / 1000 * 1e6 / 3.6e6 * 0.5                     # 400 W (H20 TDP), 0.4 J/token
    assert t.hardware.to("CNY").magnitude == pytest.approx(hardware)
    assert t.energy.to("CNY").magnitude == pytest.approx(energy)
    assert t.total.to("CNY").magnitude == pytest.approx(hardware + energy)
    assert t.currency == "CNY" and t.basis == "purchase" and len(t.arithmetic) == 4
    assert 0 < t.hardware_share < 1 and "per million tokens" in str(t)


def test_price_multiplier_scales_only_hardware() -> None:
    kw = dict(price=Q_(30000, "USD"), lifetime=Q_(4, "year"), electricity=Q_(0.1, "USD/kWh"))
    base = acs.tco("H200", Q_(500, "token/s"), **kw)
    dear = acs.tco("H200", Q_(500, "token/s"), price_multiplier=1.5, **kw)
    assert dear.hardware.magnitude == pytest.approx(1.5 * base.hardware.magnitude)
    assert dear.energy.magnitude == pytest.approx(base.energy.magnitude)


def test_rental_per_accelerator_hour() -> None:
    t = acs.tco("H20", Q_(1000, "token/s"), rental=Q_(2, "USD/h"), utilization=0.5, n_chips=2)
    # 2 chips x 2 USD/h / (1000 token/s x 3600 s x 0.5) x 1e6
    assert t.hardware.to("USD").magnitude == pytest.approx(4 / 1.8e6 * 1e6)
    assert t.energy is None and t.total == t.hardware and "included" in str(t)


def test_a_workload_is_evaluated_on_the_chip() -> None:
    d = acs.decode(LLAMA3_8B, "H20")
    t = acs.tco("H20", Decode(LLAMA3_8B), price=Q_(110000, "CNY"), lifetime=Q_(4, "year"),
                electricity=Q_(0.5, "CNY/kWh"))
    assert t.throughput.magnitude == pytest.approx(d.aggregate.magnitude)
    assert acs.tco("H20", d, rental=Q_(1, "CNY/h")).throughput.magnitude == pytest.approx(d.aggregate.magnitude)


def test_catalog_price_is_the_default() -> None:
    t = acs.tco("H20", Q_(1000, "token/s"), lifetime=Q_(4, "year"), electricity=Q_(0.5, "CNY/kWh"))
    assert t.currency == "CNY"  # the catalog's dated 110,000 CNY


@pytest.mark.parametrize("kwargs", [
    dict(price=Q_(1, "USD"), lifetime=Q_(1, "year"), electricity=Q_(0.5, "CNY/kWh")),  # two currencies
    dict(price=Q_(1, "USD"), rental=Q_(1, "USD/h"), electricity=Q_(0.1, "USD/kWh")),
    dict(price=Q_(1, "USD"), lifetime=Q_(1, "year")),                                   # no electricity
    dict(price=Q_(1, "USD"), electricity=Q_(0.1, "USD/kWh")),                            # no lifetime
    dict(price=1000, lifetime=Q_(1, "year"), electricity=Q_(0.1, "USD/kWh")),
    dict(rental=Q_(1, "USD/h"), price_multiplier=0),
])
def test_contradictory_or_missing_inputs_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(acs.AccelspecError):
        acs.tco("H20", Q_(1000, "token/s"), **kwargs)  # type: ignore[arg-type]


def test_a_non_workload_is_refused() -> None:
    with pytest.raises(acs.AccelspecError):
        acs.tco("H20", "fast", rental=Q_(1, "USD/h"))
