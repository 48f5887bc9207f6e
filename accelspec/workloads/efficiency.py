"""Achieved efficiency: a measured rate divided by the catalog's peak of the same kind.

:func:`efficiency` divides a measurement (``catalog/measurements``) by the chip's dense peak of the
same precision (matrix throughput), its memory bandwidth (memory bandwidth), its memory capacity
(usable memory), its TDP (power under load) or its per-direction interconnect bandwidth (link
bandwidth), and returns the fraction with the measurement it came from. :func:`factor` turns
``"measured"`` or a plain fraction into a :class:`Factor` the bounds in
:mod:`~accelspec.workloads.roofline` and :mod:`~accelspec.workloads.llm` use and report.

Which measurement: the one with the highest per-chip value among the chip's measurements of the
quantity (and precision), so a bound built on it stays a bound; pass ``measurement=`` to choose.

Examples
--------
>>> e = efficiency("H20", "matrix_throughput", "bf16")     # 142.25 / 148 TFLOP/s
>>> round(e.fraction, 3), e.measurement.id
(0.961, 'crowd-h20-bf16-b')
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import catalog as packaged_catalog
from accelspec.catalogs import resolve
from accelspec.errors import MissingSpecError, UnknownMetricError, WorkloadError
from accelspec.fields import parse_precision
from accelspec.measured import Measurement
from accelspec.spec import Accelerator
from accelspec.units import to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Efficiency", "Factor", "efficiency", "factor", "measurements"]

#: Quantities that have a catalog peak to divide by, and the field name of that peak.
_PEAK_FIELD = {
    "matrix_throughput": "compute",
    "memory_bandwidth": "memory.bandwidth",
    "usable_memory": "memory.capacity",
    "power_under_load": "tdp",
    "link_bandwidth": "interconnect.bandwidth",
}
#: When a chip has no measured GEMM rate at the precision asked, these are tried in order.
_FALLBACK = ("bf16", "fp16", "fp8", "tf32", "fp32")


def _cat(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else packaged_catalog()


def measurements(chip: str | Accelerator, quantity: str | None = None, *,
                 catalog: Catalog | None = None) -> tuple[Measurement, ...]:
    """A chip's measurements (optionally of one quantity), from ``catalog`` (default: packaged).

    This is the accessor behind ``accelspec.measurements(chip, quantity)``; an
    :class:`~accelspec.spec.Accelerator` keeps no link to its catalog, so the catalog is an
    argument here rather than hidden state.
    """
    cat = _cat(catalog)
    return cat.measurements(resolve(chip, cat), quantity)


@attrs.frozen
class Efficiency:
    """Achieved / peak on one chip, with the measurement it came from.

    Attributes
    ----------
    chip, quantity : str
        Catalog id and measured quantity.
    precision : str or None
        Precision of a matrix rate.
    fraction : float
        ``achieved / peak`` (may exceed 1: then the peak is suspect and :func:`validate` flags it).
    achieved, peak : pint.Quantity
        Per-chip measured value and the catalog figure, in one unit.
    peak_field : str
        Catalog field divided by (``"bf16"``, ``"memory.bandwidth"``...).
    measurement : Measurement
        The measurement used.
    note : str
        How the peak was read (for example the interconnect direction).
    """

    chip: str
    quantity: str
    precision: str | None
    fraction: float
    achieved: Any
    peak: Any
    peak_field: str
    measurement: Measurement
    note: str = ""

    def __float__(self) -> float:
        return self.fraction

    def __str__(self) -> str:
        return (f"{self.chip} {self.quantity}{' ' + self.precision if self.precision else ''}: "
                f"{self.fraction:.3f} of {self.peak_field} {self.peak.magnitude:.6g} {self.peak.units:~P} "
                f"(measured {self.achieved.magnitude:.6g} {self.achieved.units:~P}, {self.measurement.id})")


def _peak(acc: Accelerator, m: Measurement) -> tuple[str, Any, str]:
    kind = _PEAK_FIELD[m.quantity]
    if kind == "compute":
        assert m.precision is not None
        p = m.precision
        if p in acc.compute:
            return p, acc.compute[p], "dense matrix peak"
        if f"{p}:vector" in acc.compute:
            return f"{p}:vector", acc.compute[f"{p}:vector"], "no matrix rate in the catalog: vector peak"
        raise MissingSpecError(acc.id, p, "no dense figure of this precision to divide by")
    if kind == "interconnect.bandwidth":
        ic = acc.interconnect
        if ic is None or not ic.bandwidth:
            raise MissingSpecError(acc.id, kind)
        bw = to_unit(ic.bandwidth, "GB/s", what="interconnect bandwidth")
        if ic.direction == "bidirectional":
            return kind, bw / 2, "catalog figure is both directions added: halved to one direction"
        if ic.direction == "unidirectional":
            return kind, bw, "catalog figure is per direction"
        return kind, bw, "catalog does not state the direction: read as per direction (the larger reading)"
    return kind, acc.value(kind), ""


def _of(acc: Accelerator, m: Measurement) -> Efficiency:
    field, peak, note = _peak(acc, m)
    achieved = m.per_chip.to(peak.units)
    return Efficiency(acc.id, m.quantity, m.precision, float((achieved / peak).magnitude), achieved,
                      peak, field, m, note)


def efficiency(chip: str | Accelerator, quantity: str, precision: str | None = None, *,
               measurement: str | None = None, catalog: Catalog | None = None) -> Efficiency:
    """Measured / peak for a chip: the fraction of its catalog figure that a run achieved.

    Parameters
    ----------
    chip : str or Accelerator
        Name or accelerator.
    quantity : str
        ``"matrix_throughput"``, ``"memory_bandwidth"``, ``"usable_memory"``,
        ``"power_under_load"`` or ``"link_bandwidth"``.
    precision : str, optional
        For matrix throughput: the precision (its dense peak is the divisor). Default: every
        precision measured on the chip is considered.
    measurement : str, optional
        Id of the measurement to use (default: the highest per-chip value).

    Returns
    -------
    Efficiency
        ``fraction`` (dimensionless) with the measurement cited.

    Raises
    ------
    MissingSpecError
        No such measurement on the chip, or no catalog figure to divide by.
    UnknownMetricError
        For a quantity that has no peak (LLM tokens/s) or is not in the vocabulary.
    """
    cat = _cat(catalog)
    acc = resolve(chip, cat)
    if quantity not in _PEAK_FIELD:
        raise UnknownMetricError(str(quantity), difflib.get_close_matches(str(quantity), list(_PEAK_FIELD), n=3),
                                 what="quantity with a catalog peak")
    p = None if precision is None else parse_precision(precision)
    found = [m for m in cat.measurements(acc, quantity)
             if (p is None or m.precision == p) and (measurement is None or m.id == measurement)]
    if not found:
        what = f"measured {quantity}" + (f" at {p}" if p else "") + (f" ({measurement})" if measurement else "")
        raise MissingSpecError(acc.id, what, "no measurement in catalog/measurements")
    results = []
    for m in found:
        try:
            results.append(_of(acc, m))
        except MissingSpecError:
            continue
    if not results:
        raise MissingSpecError(acc.id, _PEAK_FIELD[quantity], f"measurements exist, but no catalog figure for {quantity} to divide by")
    return max(results, key=lambda e: (e.fraction, e.measurement.id))


@attrs.frozen
class Factor:
    """An efficiency factor as a bound used it: the value and where it came from.

    Attributes
    ----------
    name : str
        ``"compute_efficiency"`` or ``"bandwidth_efficiency"``.
    value : float
        The fraction of peak applied, in (0, 1].
    origin : str
        ``"given"``, or the measurement's citation, or why the peak (1.0) was used.
    """

    name: str
    value: float
    origin: str

    def __str__(self) -> str:
        return f"{self.name} = {self.value:.3f} ({self.origin})"


def factor(value: float | str, name: str, acc: Accelerator, *, precision: str | None = None,
           catalog: Catalog | None = None) -> Factor:
    """Turn ``value`` (a fraction in (0, 1], or ``"measured"``) into a :class:`Factor`.

    ``"measured"`` reads :func:`efficiency` of ``acc``: matrix throughput at ``precision`` for
    ``compute_efficiency`` (falling back to the chip's GEMM efficiency at bf16, fp16, fp8, tf32,
    fp32 in that order, and saying so), memory bandwidth for ``bandwidth_efficiency``. A chip with
    no measurement gets 1.0 (the peak) and the factor says so. A measured fraction above 1 is
    capped at 1.0 (the catalog peak is then suspect; :func:`validate` flags it).

    Raises
    ------
    WorkloadError
        For a value that is neither a fraction in (0, 1] nor ``"measured"``.
    """
    if isinstance(value, str):
        if value != "measured":
            raise WorkloadError(f"{name} must be a number in (0, 1] or 'measured', got {value!r}")
        return _measured(name, acc, precision, catalog)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise WorkloadError(f"{name} must be a number in (0, 1] or 'measured', got {value!r}")
    return Factor(name, float(value), "given")


def _measured(name: str, acc: Accelerator, precision: str | None, catalog: Catalog | None) -> Factor:
    if name == "bandwidth_efficiency":
        tries: list[tuple[str, str | None]] = [("memory_bandwidth", None)]
    else:
        p = parse_precision(precision) if precision is not None else "bf16"
        tries = [("matrix_throughput", p)]
        tries += [("matrix_throughput", q) for q in _FALLBACK if q != p]
    for quantity, prec in tries:
        try:
            e = efficiency(acc, quantity, prec, catalog=catalog)
        except (MissingSpecError, LookupError):
            continue
        note = ""
        if quantity == "matrix_throughput" and prec != tries[0][1]:
            note = f"; {prec} GEMM efficiency applied to {tries[0][1]} (no {tries[0][1]} measurement)"
        capped = min(e.fraction, 1.0)
        if e.fraction > 1.0:
            note += f"; measured {e.fraction:.3f} of peak, capped at 1.0"
        return Factor(name, capped, f"{e.measurement.id}: {e.fraction:.3f} of {e.peak_field}{note}")
    return Factor(name, 1.0, f"no measurement for {acc.id}: peak used (1.0)")

