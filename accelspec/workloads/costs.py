"""Cost per million tokens: hardware (bought or rented) plus electricity, in the currency given.

:func:`tco` takes a chip, a workload (or a measured throughput), and prices the caller states:
a purchase price (default the catalog's dated price) with a lifetime, or a rental price per
accelerator-hour; an electricity price; a utilisation; and a ``price_multiplier`` for scenarios
such as "the same chip at 1.5x its international price". No exchange rate is ever applied: a
hardware cost in USD and an electricity cost in CNY stay separate and the total is refused.

What is counted: the chips' purchase price spread over the tokens they produce in their
lifetime (or the hourly rental over the tokens of an hour), and the energy of the chips at TDP
(times ``pue``) while producing. Servers, networking, idle power, staff and financing are not.
With a bound from :mod:`accelspec.workloads.llm` as the throughput, the result is a lower bound
on cost.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> t = tco("H20", Q_(1000, "token/s"), price=Q_(110000, "CNY"), lifetime=Q_(4, "year"),
...         electricity=Q_(0.5, "CNY/kWh"))
>>> print(f"{t.total:.4f~P}")   # 110000 / (1000 x 126,230,400 s) x 1e6 + 0.4 J x 1e6 x 0.5 CNY/kWh
0.9270 CNY
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.spec import Accelerator
from accelspec.units import Q_, is_quantity, to_unit
from accelspec.workloads.relative import (
    _currency,
    _throughput,
    electricity_cost_per_million_tokens,
    energy_per_token,
    hardware_cost_per_million_tokens,
)
from accelspec.workloads.roofline import _chips, _fraction

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["TCO", "tco"]


@attrs.frozen
class TCO:
    """Cost of a million tokens on one chip (or ``n_chips``), with its breakdown.

    Attributes
    ----------
    accelerator : str
        Catalog id.
    n_chips : int
        Chips producing ``throughput`` together.
    throughput : pint.Quantity [token/s]
        Aggregate tokens per second used.
    hardware : pint.Quantity [currency]
        Purchase (amortised) or rental cost per million tokens.
    energy : pint.Quantity [currency] or None
        Electricity cost per million tokens (``None`` when the rental includes power).
    energy_per_token : pint.Quantity [J/token]
        Chips at TDP x pue / throughput.
    currency : str
        The one currency of both parts.
    basis : {"purchase", "rental"}
        How the hardware was paid for.
    arithmetic : tuple of str
        Each step, with its numbers, in words.
    """

    accelerator: str
    n_chips: int
    throughput: Any
    hardware: Any
    energy: Any
    energy_per_token: Any
    currency: str
    basis: str
    arithmetic: tuple[str, ...]

    @property
    def total(self) -> Any:
        """Hardware plus energy [currency per million tokens]."""
        return self.hardware if self.energy is None else self.hardware + self.energy

    @property
    def hardware_share(self) -> float:
        """Fraction of the total that is hardware."""
        return float((self.hardware / self.total).to("count").magnitude)

    def __str__(self) -> str:
        energy = "included" if self.energy is None else f"{self.energy:.4g~P}"
        return (f"{self.accelerator} x{self.n_chips}: {self.total:.4g~P} per million tokens "
                f"(hardware {self.hardware:.4g~P}, energy {energy})")


def _workload_throughput(acc: Accelerator, workload: Any, n: int) -> Any:
    if is_quantity(workload):
        return _throughput(workload)
    if hasattr(workload, "evaluate"):
        return _throughput(workload.evaluate(acc, n))
    if hasattr(workload, "performance"):
        return _throughput(workload)
    raise WorkloadError(f"expected a workload (Decode, Prefill, Training), a result with .performance, "
                        f"or a throughput in token/s, got {workload!r}")


def tco(chip: str | Accelerator, workload: Any, *, price: Any = None, rental: Any = None,
        electricity: Any = None, lifetime: Any = None, utilization: float = 1.0,
        price_multiplier: float = 1.0, n_chips: int = 1, pue: float = 1.0,
        catalog: Catalog | None = None) -> TCO:
    """Cost per million tokens with its hardware and energy parts.

    Parameters
    ----------
    chip : str or Accelerator
    workload : Decode, Prefill, Training, a result with ``.performance``, or pint.Quantity [token/s]
        What is produced; a workload is evaluated on ``n_chips`` chips.
    price : pint.Quantity [currency], optional
        Purchase price of one chip (default: the catalog's dated price). Needs ``lifetime``.
    rental : pint.Quantity [currency/h], optional
        Rental price per accelerator-hour, instead of a purchase price.
    electricity : pint.Quantity [currency/energy]
        E.g. ``Q_(0.5, "CNY/kWh")``. May be omitted only with ``rental`` (power included).
    lifetime : pint.Quantity [time]
        Amortisation period of a purchase, e.g. ``Q_(4, "year")``.
    utilization : float
        Fraction of the time (lifetime or rented hours) spent producing at ``throughput``, (0, 1].
    price_multiplier : float
        Multiplies the hardware price (purchase or rental): a scenario, e.g. 1.5.
    n_chips : int
        Chips producing together.
    pue : float
        Facility power usage effectiveness, >= 1.

    Returns
    -------
    TCO
        ``total``, ``hardware``, ``energy`` [currency per million tokens] and the arithmetic.

    Raises
    ------
    WorkloadError
        For missing or contradictory prices, or currencies that differ.
    MissingSpecError
        When no price is given and the catalog has none, or the TDP is not disclosed.
    """
    acc = resolve(chip, catalog)
    n = _chips(n_chips)
    u = _fraction(utilization, "utilization")
    if isinstance(price_multiplier, bool) or not isinstance(price_multiplier, (int, float)) \
            or not 0 < price_multiplier < 1000:
        raise WorkloadError(f"price_multiplier must be a positive number, got {price_multiplier!r}")
    if price is not None and rental is not None:
        raise WorkloadError("give a purchase price or a rental price, not both")
    if electricity is None and rental is None:
        raise WorkloadError("electricity price needed (e.g. Q_(0.5, 'CNY/kWh')); only a rental may include power")
    rate = _workload_throughput(acc, workload, n)
    steps: list[str] = [f"throughput: {rate:.6g~P} on {n} x {acc.name}"]
    mult = float(price_multiplier)
    if rental is not None:
        hourly = to_unit(rental * Q_(1, "h"), _currency(rental * Q_(1, "h")), what="rental per hour")
        currency = _currency(hourly)
        tokens_per_hour = to_unit(rate * Q_(1, "h") * u, "token", what="tokens per hour")
        hardware = to_unit(hourly * mult * n * Q_(1e6, "token") / tokens_per_hour, currency, what="rental cost")
        steps.append(f"hardware: {hourly:.6g~P}/h x {mult:g} x {n} chips / ({tokens_per_hour:.6g~P} per hour "
                     f"at utilization {u:g}) x 1e6 = {hardware:.6g~P}")
        basis = "rental"
    else:
        if lifetime is None:
            raise WorkloadError("a purchase price needs a lifetime, e.g. Q_(4, 'year')")
        amount = acc.value("price") if price is None else price
        if not is_quantity(amount):
            raise WorkloadError(f"price must be a currency quantity such as Q_(25000, 'USD'), got {amount!r}")
        currency = _currency(amount)
        hardware = hardware_cost_per_million_tokens(acc, rate, lifetime=lifetime, price=amount * mult,
                                                    n_chips=n, utilisation=u)
        life = to_unit(lifetime, "s", what="lifetime")
        steps.append(f"hardware: {amount:.6g~P} x {mult:g} x {n} chips / ({rate:.6g~P} x {life:.6g~P} "
                     f"x utilization {u:g}) x 1e6 = {hardware:.6g~P}")
        basis = "purchase"
    e_tok = energy_per_token(acc, rate, n_chips=n, pue=pue)
    steps.append(f"energy per token: {acc.value('tdp'):.6g~P} x {n} x pue {pue:g} / {rate:.6g~P} = {e_tok:.6g~P}")
    energy = None
    if electricity is not None:
        e_cur = _currency(electricity * Q_(1, "kWh"))
        if e_cur != currency:
            raise WorkloadError(f"hardware is priced in {currency} and electricity in {e_cur}: accelspec applies "
                                f"no exchange rate; give both in one currency")
        energy = electricity_cost_per_million_tokens(acc, rate, electricity, n_chips=n, pue=pue)
        steps.append(f"energy: {e_tok:.6g~P} x 1e6 tokens x {electricity:.6g~P} = {energy:.6g~P}")
    return TCO(acc.id, n, rate, hardware, energy, e_tok, currency, basis, tuple(steps))
