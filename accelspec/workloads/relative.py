"""Workload-aware relative performance, and energy and cost per token.

"Faster" depends on the job. :func:`relative_performance` runs one workload (a roofline point
from :mod:`accelspec.workloads.roofline`, or an LLM decode, prefill or training workload from
:mod:`accelspec.workloads.llm` with a model from :mod:`accelspec.workloads.models`) on two chips and returns the
ratio together with the resource that binds on each side and the roofline crossover intensity
where the winner changes. Energy and cost per
token turn a throughput bound into joules and money, each in explicit units and in the currency
it was given in: no exchange rate is ever applied.

Examples
--------
The H20 has about 42% of the Ascend 910B's dense BF16 peak but 2.5 times its memory bandwidth:

>>> import accelspec as acs
>>> from accelspec.workloads.llm import Decode, Prefill
>>> from accelspec.workloads.models import LLAMA3_8B
>>> r = relative_performance("H20", "Ascend 910B", Decode(LLAMA3_8B))
>>> round(r.ratio, 2), r.bound_a, r.bound_b
(2.5, 'memory', 'memory')
>>> r = relative_performance("H20", "Ascend 910B", Prefill(LLAMA3_8B, prompt_tokens=4096))
>>> round(r.ratio, 2), r.bound_a, r.bound_b
(0.42, 'compute', 'compute')
>>> r.crossover                                    # below this intensity the H20 is faster
<Quantity(92.5, 'FLOP / byte')>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.workloads.llm import Decode, DecodeBound, Prefill, PrefillBound, Training, TrainingBound
from accelspec.workloads.roofline import Roofline, RooflinePoint, _chips, _fraction, crossover_intensity
from accelspec.spec import Accelerator
from accelspec.units import Q_, is_quantity, to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "RelativePerformance",
    "Workload",
    "electricity_cost_per_million_tokens",
    "energy_per_token",
    "hardware_cost_per_million_tokens",
    "relative_performance",
]

#: The workloads :func:`relative_performance` accepts.
Workload = Union[Roofline, Decode, Prefill, Training]
_Result = Union[RooflinePoint, DecodeBound, PrefillBound, TrainingBound]


@attrs.frozen
class RelativePerformance:
    """Chip *a* relative to chip *b* on one workload.

    Attributes
    ----------
    workload : str
        The workload, in words.
    a, b : RooflinePoint, DecodeBound, PrefillBound or TrainingBound
        Each side's full result.
    ratio : float
        ``performance(a) / performance(b)``; above 1, *a* is faster.
    bound_a, bound_b : {"compute", "memory"}
        The resource that binds on each side.
    crossover : pint.Quantity [FLOP/B] or None
        The intensity where the two rooflines cross at the workload's precision (``None`` if one
        chip is at least as fast at every intensity).
    """

    workload: str
    a: Any
    b: Any
    ratio: float
    bound_a: str
    bound_b: str
    crossover: Any

    @property
    def fits(self) -> tuple[bool, bool]:
        """Whether the workload fits on *a* and on *b* (always true for roofline points)."""
        return tuple(bool(getattr(r, "fit", True)) for r in (self.a, self.b))  # type: ignore[return-value]

    def __str__(self) -> str:
        cross = "no crossover" if self.crossover is None else f"crossover at {self.crossover:.4g~P}"
        warn = "".join(f"; {r.accelerator} DOES NOT FIT: {r.fit.verdict}" for r in (self.a, self.b)
                       if getattr(r, "fit", None) is not None and not r.fit.fits)
        return (f"{self.a.accelerator} / {self.b.accelerator} on {self.workload}: "
                f"{self.ratio:.3g} ({self.bound_a}-bound vs {self.bound_b}-bound; {cross}){warn}")


def relative_performance(a: str | Accelerator, b: str | Accelerator, workload: Workload, *,
                         n_chips_a: int = 1, n_chips_b: int = 1,
                         catalog: Any = None) -> RelativePerformance:
    """Performance of *a* relative to *b* on a workload, with the binding resource of each.

    Parameters
    ----------
    a, b : str or Accelerator
        The chips (names are looked up in ``catalog``, default the packaged one).
    workload : Roofline, Decode, Prefill or Training
        What runs. Performance is attainable FLOP/s for a roofline point and tokens/s for the
        LLM workloads (aggregate decode throughput, prompt tokens per second, training tokens
        per second).
    n_chips_a, n_chips_b : int
        Chips on each side (a system of N chips: compute and bandwidth added).

    Returns
    -------
    RelativePerformance
        ``ratio`` (dimensionless), ``bound_a``, ``bound_b``, ``crossover`` [FLOP/B] or None.

    Raises
    ------
    MissingSpecError
        If a chip lacks a figure the workload needs.
    """
    if not isinstance(workload, (Roofline, Decode, Prefill, Training)):
        raise WorkloadError(f"not a workload: {workload!r} (use Roofline, Decode, Prefill or Training)")
    acc_a, acc_b = resolve(a, catalog), resolve(b, catalog)
    na, nb = _chips(n_chips_a, "n_chips_a"), _chips(n_chips_b, "n_chips_b")
    ra: _Result = workload.evaluate(acc_a, na)
    rb: _Result = workload.evaluate(acc_b, nb)
    ratio = float((ra.performance / rb.performance).to("count").magnitude)
    sparse = isinstance(workload, Roofline) and workload.sparse
    cross = crossover_intensity(acc_a, acc_b, workload.compute_precision, sparse,
                                n_chips_a=na, n_chips_b=nb)
    return RelativePerformance(workload.describe(), ra, rb, ratio, ra.bound, rb.bound, cross)


def _throughput(value: Any) -> Any:
    if not is_quantity(value) and hasattr(value, "performance"):
        value = value.performance
    q = to_unit(value, "token/s", what="throughput")
    if not q.magnitude > 0:
        raise WorkloadError(f"throughput must be positive, got {q:~P}")
    return q


def _currency(q: Any) -> str:
    """The currency unit name of a quantity whose dimension is one currency."""
    dims = dict(q.dimensionality)
    if len(dims) == 1:
        (dim, power), = dims.items()
        if dim.startswith("[currency_") and power == 1:
            return str(dim[len("[currency_"):-1])
    raise WorkloadError(f"expected an amount of one currency (USD, CNY, EUR...), got {q:~P}")


def energy_per_token(acc: Accelerator | str, throughput: Any, *, n_chips: int = 1,
                     pue: float = 1.0, catalog: Catalog | None = None) -> Any:
    """Energy per token at TDP [J/token]: ``TDP x n_chips x pue / throughput``.

    Parameters
    ----------
    throughput : pint.Quantity [token/s] or a result with ``.performance`` in token/s
        Aggregate tokens per second of the ``n_chips`` chips (e.g. ``decode(...).aggregate``).
    pue : float
        Power usage effectiveness of the facility, >= 1; default 1.0 (the chips only).

    Raises
    ------
    MissingSpecError
        If the chip does not disclose its TDP (``acc.power.scope`` says what the TDP covers).
    """
    acc = resolve(acc, catalog)
    n = _chips(n_chips)
    if isinstance(pue, bool) or not isinstance(pue, (int, float)) or not 1 <= pue < 10:
        raise WorkloadError(f"pue must be a number >= 1, got {pue!r}")
    power = acc.value("tdp") * (n * float(pue))
    return to_unit(power / _throughput(throughput), "J/token", what="energy per token")


def electricity_cost_per_million_tokens(acc: Accelerator | str, throughput: Any, price: Any, *,
                                        n_chips: int = 1, pue: float = 1.0, catalog: Catalog | None = None) -> Any:
    """Electricity cost of a million tokens at TDP, in the currency of ``price``.

    Parameters
    ----------
    price : pint.Quantity [currency/energy]
        Electricity price, e.g. ``Q_(0.5, "CNY") / Q_(1, "kW*h")``; a region that subsidises
        power for domestic chips is just another price.

    Returns
    -------
    pint.Quantity [currency]
        The cost of 1,000,000 tokens, in ``price``'s currency.

    Examples
    --------
    >>> import accelspec as acs
    >>> from accelspec import Q_
    >>> # 700 W / 1000 token/s = 0.7 J/token; 0.7e6 J = 0.194 kWh; x 0.5 CNY/kWh
    >>> c = electricity_cost_per_million_tokens(acs.get("H200"), Q_(1000, "token/s"),
    ...                                         Q_(0.5, "CNY") / Q_(1, "kW*h"))
    >>> print(f"{c:.4f~P}")
    0.0972 CNY
    """
    acc = resolve(acc, catalog)
    currency = _currency(price * Q_(1, "kW*h"))
    e = energy_per_token(acc, throughput, n_chips=n_chips, pue=pue)
    return to_unit(e * Q_(1e6, "token") * price, currency, what="electricity cost")


def hardware_cost_per_million_tokens(acc: Accelerator | str, throughput: Any, *, lifetime: Any,
                                     price: Any = None, n_chips: int = 1,
                                     utilisation: float = 1.0, catalog: Catalog | None = None) -> Any:
    """Hardware cost of a million tokens: the purchase price spread over the tokens produced in
    ``lifetime`` at ``throughput`` for a fraction ``utilisation`` of the time.

    Parameters
    ----------
    lifetime : pint.Quantity [time]
        Amortisation period, e.g. ``Q_(4, "year")``.
    price : pint.Quantity [currency], optional
        Price of one chip; default the catalog's dated price (``acc.price``), in its currency.
    utilisation : float
        Fraction of the lifetime spent producing tokens at ``throughput``, in (0, 1]; default 1.0.

    Returns
    -------
    pint.Quantity [currency]
        The cost of 1,000,000 tokens, in the price's currency.

    Raises
    ------
    MissingSpecError
        If no price is given and the catalog has none for the chip.
    """
    acc = resolve(acc, catalog)
    n = _chips(n_chips)
    u = _fraction(utilisation, "utilisation")
    amount = acc.value("price") if price is None else price
    if not is_quantity(amount):
        raise WorkloadError(f"price must be a currency quantity such as Q_(25000, 'USD'), got {amount!r}")
    currency = _currency(amount)
    life = to_unit(lifetime, "s", what="lifetime")
    if not life.magnitude > 0:
        raise WorkloadError(f"lifetime must be positive, got {lifetime!r}")
    tokens = _throughput(throughput) * life * u
    return to_unit(amount * n * Q_(1e6, "token") / tokens, currency, what="hardware cost")
