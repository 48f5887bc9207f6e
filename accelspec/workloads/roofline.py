"""The roofline: attainable compute for a chip at an arithmetic intensity, and where two chips cross.

A kernel that performs ``I`` operations per byte it moves to or from memory cannot run faster than
``min(peak, I x bandwidth)`` on a chip (Williams, Waterman and Patterson, "Roofline", CACM 2009).
Below the chip's *ridge point* ``peak / bandwidth`` it is memory-bound, above it compute-bound.
Peak ratios alone mislead: a chip with the smaller peak but the larger bandwidth wins every
workload whose intensity lies below the *crossover intensity* of the two rooflines.

Everything here is a pure upper bound computed from catalog figures; the efficiency factors are
explicit parameters that default to 1.0.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> p = attainable(acs.get("H200"), "fp8", Q_(100, "FLOP/B"))
>>> p.attainable, p.bound
(<Quantity(480.0, 'teraFLOP / second')>, 'memory')
>>> crossover_intensity(acs.get("H20"), acs.get("Ascend 910B"), "bf16")   # 148 TFLOP/s / 1.6 TB/s
<Quantity(92.5, 'FLOP / byte')>
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.fields import parse_compute_field
from accelspec.spec import Accelerator
from accelspec.units import to_unit
from accelspec.workloads.efficiency import Factor, factor

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "Bound",
    "Roofline",
    "RooflinePoint",
    "attainable",
    "crossover_intensity",
    "factors",
    "peak_of",
    "roofline_curve",
]

#: Which resource limits a bound: the compute rate or the memory bandwidth.
Bound = Literal["compute", "memory"]

_INTENSITY = "FLOP/B"


def _fraction(value: float, what: str) -> float:
    """Return ``value`` as a float if it lies in (0, 1], else raise :class:`WorkloadError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise WorkloadError(f"{what} must be a number in (0, 1], got {value!r}")
    return float(value)


def _chips(value: int, what: str = "n_chips") -> int:
    """Return ``value`` if it is a positive integer, else raise :class:`WorkloadError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkloadError(f"{what} must be a positive integer, got {value!r}")
    return value


def peak_of(acc: Accelerator, precision: str, sparse: bool = False) -> tuple[str, Any]:
    """The compute field name and peak rate [TFLOP/s or TOP/s] for a precision.

    ``precision`` may be a plain precision (``"bf16"``) or a compute field (``"fp8:sparse"``,
    ``"fp32:vector"``); ``sparse=True`` asks for the 2:4-sparse rate.

    Raises
    ------
    MissingSpecError
        If the chip does not disclose the rate.
    UnknownMetricError
        If the precision is not known.
    """
    key = parse_compute_field(precision)
    sparse = sparse or key.sparse
    if key.engine == "vector":
        q = acc.peak(key.precision, sparse, engine="vector")
        vector = True
    else:
        q = acc.peak(key.precision, sparse)
        # without a matrix rate, Accelerator.peak gives the vector rate: name the field it read
        vector = not sparse and key.precision not in acc.compute
    name = key.precision + (":vector" if vector else "") + (":sparse" if sparse else "")
    return name, q


def _intensity(value: Any) -> Any:
    q = to_unit(value, _INTENSITY, what="arithmetic intensity")
    if not q.magnitude > 0:
        raise WorkloadError(f"arithmetic intensity must be positive, got {q:~P}")
    return q


@attrs.frozen
class RooflinePoint:
    """The roofline bound of one chip (or ``n_chips`` of them) at one intensity.

    Attributes
    ----------
    accelerator : str
        Id of the accelerator.
    precision : str
        Compute field used (``"bf16"``, ``"fp8:sparse"``...).
    n_chips : int
        Number of chips whose compute and bandwidth are added (interconnect ignored).
    intensity : pint.Quantity [FLOP/B]
        Arithmetic intensity of the workload (operations per byte of memory traffic).
    peak : pint.Quantity [TFLOP/s or TOP/s]
        Aggregate peak rate times ``compute_efficiency``.
    bandwidth : pint.Quantity [TB/s]
        Aggregate memory bandwidth times ``bandwidth_efficiency``.
    attainable : pint.Quantity [TFLOP/s or TOP/s]
        ``min(peak, intensity x bandwidth)``.
    bound : {"compute", "memory"}
        Which term is the minimum (``"compute"`` at the ridge point itself).
    factors : tuple of Factor
        The efficiency factors applied and where each came from (``"given"`` or a measurement).
    """

    accelerator: str
    precision: str
    n_chips: int
    intensity: Any
    peak: Any
    bandwidth: Any
    attainable: Any
    bound: Bound
    factors: tuple[Factor, ...] = ()

    @property
    def ridge(self) -> Any:
        """Ridge point ``peak / bandwidth`` [FLOP/B]: intensities above it are compute-bound."""
        return to_unit(self.peak / self.bandwidth, _INTENSITY, what="ridge point")

    @property
    def memory_roof(self) -> Any:
        """``intensity x bandwidth`` [TFLOP/s or TOP/s], the memory term of the minimum."""
        return to_unit(self.intensity * self.bandwidth, str(self.peak.units), what="memory roof")

    @property
    def performance(self) -> Any:
        """The attainable rate [TFLOP/s or TOP/s] (what :func:`relative_performance` ratios)."""
        return self.attainable

    def __repr__(self) -> str:
        from accelspec.formatting import format_quantity

        chips = f"{self.n_chips} x " if self.n_chips != 1 else ""
        return (f"<RooflinePoint {chips}{self.accelerator} {self.precision} at "
                f"{format_quantity(self.intensity, _INTENSITY)}: {format_quantity(self.attainable)}, "
                f"{self.bound}-bound>")

    def __str__(self) -> str:
        from accelspec.formatting import format_quantity

        chips = f"{self.n_chips} x " if self.n_chips != 1 else ""
        return (f"{chips}{self.accelerator} at {format_quantity(self.intensity, _INTENSITY)} "
                f"({self.precision}): {format_quantity(self.attainable)} attainable, {self.bound}-bound "
                f"(peak {format_quantity(self.peak)}, bandwidth {format_quantity(self.bandwidth)}, "
                f"ridge {format_quantity(self.ridge, _INTENSITY)})")

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_quantity, html_record

        rows = [("intensity", format_quantity(self.intensity, _INTENSITY)),
                ("attainable", format_quantity(self.attainable)), ("bound", self.bound),
                ("peak", format_quantity(self.peak)), ("bandwidth", format_quantity(self.bandwidth)),
                ("ridge point", format_quantity(self.ridge, _INTENSITY))]
        rows += [(f.name.replace("_", " "), f"{f.value:.3g} ({f.origin})") for f in self.factors]
        chips = f"{self.n_chips} x " if self.n_chips != 1 else ""
        return html_record(f"Roofline: {chips}{self.accelerator}, {self.precision}", rows,
                           ["Upper bound min(peak, intensity x bandwidth) from catalog figures."])


def attainable(acc: Accelerator | str, precision: str, intensity: Any, sparse: bool = False, *,
               n_chips: int = 1, compute_efficiency: float | str = 1.0,
               bandwidth_efficiency: float | str = 1.0, efficiency: str | None = None,
               catalog: Catalog | None = None) -> RooflinePoint:
    """Attainable compute rate ``min(peak, intensity x bandwidth)`` and the bound that applies.

    Parameters
    ----------
    acc : Accelerator
        The chip.
    precision : str
        ``"bf16"``, ``"fp8"``, ``"int8"``... or a compute field such as ``"fp8:sparse"``.
    intensity : pint.Quantity [FLOP/B]
        Operations per byte of memory traffic (any unit of that dimension, e.g. ``FLOP/kB``).
    sparse : bool
        Use the 2:4-sparse peak (never derived by doubling the dense one).
    n_chips : int
        Chips working together; peak and bandwidth are multiplied by it (interconnect ignored,
        so this is an upper bound for a model split across them).
    compute_efficiency, bandwidth_efficiency : float or "measured"
        Fractions of peak compute and bandwidth achieved, in (0, 1]; default 1.0 (pure bound).
        ``"measured"`` reads them from the chip's measurements
        (:func:`~accelspec.workloads.efficiency.factor`).
    efficiency : "measured", optional
        Sets both efficiencies to ``"measured"``.

    Returns
    -------
    RooflinePoint
        ``.attainable`` in TFLOP/s (TOP/s for integer precisions), ``.bound``, ``.ridge`` [FLOP/B].

    Raises
    ------
    UnitError
        If ``intensity`` is not a quantity of dimension operations per byte.
    MissingSpecError
        If the chip does not disclose the peak or the memory bandwidth.
    WorkloadError
        If ``n_chips`` or an efficiency is out of range, or the intensity is not positive.
    """
    acc = resolve(acc, catalog)
    n = _chips(n_chips)
    fc, fb = factors(acc, compute_efficiency, bandwidth_efficiency, efficiency,
                     parse_compute_field(precision).precision, catalog)
    ce, be = fc.value, fb.value
    ai = _intensity(intensity)
    field, peak = peak_of(acc, precision, sparse)
    unit = str(peak.units)
    peak = peak * (n * ce)
    bw = to_unit(acc.value("memory.bandwidth") * (n * be), "TB/s", what="memory bandwidth")
    roof = to_unit(ai * bw, unit, what="memory roof")
    bound: Bound = "compute" if peak.magnitude <= roof.magnitude else "memory"
    return RooflinePoint(acc.id, field, n, ai, peak, bw, peak if bound == "compute" else roof, bound,
                         (fc, fb))


def factors(acc: Accelerator, compute_efficiency: float | str, bandwidth_efficiency: float | str,
            efficiency: str | None, precision: str | None,
            catalog: Catalog | None = None) -> tuple[Factor, Factor]:
    """The compute and bandwidth :class:`~accelspec.workloads.efficiency.Factor` of a bound.

    ``efficiency="measured"`` overrides both; otherwise each is a fraction or ``"measured"``.

    Raises
    ------
    WorkloadError
        For an efficiency that is neither a fraction in (0, 1] nor ``"measured"``.
    """
    if efficiency is not None:
        if efficiency != "measured":
            raise WorkloadError(f"efficiency must be 'measured' (or give the two fractions), got {efficiency!r}")
        compute_efficiency = bandwidth_efficiency = "measured"
    return (factor(compute_efficiency, "compute_efficiency", acc, precision=precision, catalog=catalog),
            factor(bandwidth_efficiency, "bandwidth_efficiency", acc, catalog=catalog))


def crossover_intensity(a: Accelerator | str, b: Accelerator | str, precision: str, sparse: bool = False, *,
                        n_chips_a: int = 1, n_chips_b: int = 1, catalog: Catalog | None = None) -> Any | None:
    """The intensity where the faster of two rooflines changes, or ``None`` if it never does.

    With peaks ``Pa, Pb`` and bandwidths ``Ba, Bb``, chip *a* leads by ``Ba/Bb`` at low intensity
    and by ``Pa/Pb`` at high intensity. The winner changes only if one chip has more bandwidth and
    the other more peak; the rooflines then cross at ``min(Pa, Pb) / min(Ba, Bb)``, where the
    chip with the smaller peak is compute-bound and the other still memory-bound.

    Returns
    -------
    pint.Quantity [FLOP/B] or None
        ``None`` when one chip is at least as fast at every intensity (no crossover exists).

    Raises
    ------
    MissingSpecError
        If either chip lacks the peak or the bandwidth.
    """
    a = resolve(a, catalog)
    b = resolve(b, catalog)
    na, nb = _chips(n_chips_a, "n_chips_a"), _chips(n_chips_b, "n_chips_b")
    _, pa = peak_of(a, precision, sparse)
    _, pb = peak_of(b, precision, sparse)
    pa, pb = pa * na, pb.to(pa.units) * nb
    ba = to_unit(a.value("memory.bandwidth") * na, "TB/s", what="memory bandwidth")
    bb = to_unit(b.value("memory.bandwidth") * nb, "TB/s", what="memory bandwidth")
    p_sign = (pa.magnitude > pb.magnitude) - (pa.magnitude < pb.magnitude)
    b_sign = (ba.magnitude > bb.magnitude) - (ba.magnitude < bb.magnitude)
    if p_sign * b_sign >= 0:  # one dominates (or they tie on a resource): no change of winner
        return None
    p_min = pa if pa.magnitude < pb.magnitude else pb
    b_min = ba if ba.magnitude < bb.magnitude else bb
    return to_unit(p_min / b_min, _INTENSITY, what="crossover intensity")


def roofline_curve(acc: Accelerator | str, precision: str, intensities: Iterable[Any], sparse: bool = False,
                   *, n_chips: int = 1, catalog: Catalog | None = None) -> list[RooflinePoint]:
    """:func:`attainable` at each of several intensities (for plots and sweeps).

    Returns
    -------
    list of RooflinePoint
        One per intensity, in the order given.
    """
    acc = resolve(acc, catalog)
    return [attainable(acc, precision, i, sparse, n_chips=n_chips) for i in intensities]


@attrs.frozen
class Roofline:
    """A roofline workload: a kernel of a given arithmetic intensity at a given precision.

    Attributes
    ----------
    intensity : pint.Quantity [FLOP/B]
        Operations per byte of memory traffic.
    precision : str
        Compute precision or field (``"bf16"``, ``"fp8:sparse"``).
    sparse : bool
        Use 2:4-sparse peaks.

    Examples
    --------
    >>> from accelspec import Q_
    >>> Roofline(Q_(2, "FLOP/B")).describe()
    'roofline at 2 FLOP/B, bf16'
    """

    intensity: Any = attrs.field(converter=_intensity)
    precision: str = "bf16"
    sparse: bool = False

    @property
    def compute_precision(self) -> str:
        """The precision whose peak the workload uses."""
        return self.precision

    def describe(self) -> str:
        """One line naming the workload."""
        mag = self.intensity.magnitude
        text = f"{mag:g}" if math.isfinite(mag) else str(mag)
        return f"roofline at {text} FLOP/B, {self.precision}{' sparse' if self.sparse else ''}"

    def evaluate(self, acc: Accelerator, n_chips: int = 1) -> RooflinePoint:
        """The bound of this workload on ``acc`` (``n_chips`` of it); see :func:`attainable`."""
        return attainable(acc, self.precision, self.intensity, self.sparse, n_chips=n_chips)
