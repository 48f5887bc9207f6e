"""Vectorized metrics over many chips or workload points, at array speed.

Inputs are numpy-backed pint quantities (or sequences of accelerators gathered with
:func:`gather`); units are checked and converted once per array, then the arithmetic is plain
numpy on magnitudes in canonical units. Results are numpy-backed quantities in the stated unit.
Requires numpy (``pip install numpy``); pint uses it for array quantities.

Examples
--------
>>> import numpy as np
>>> from accelspec import Q_
>>> from accelspec.vector import ridge_points
>>> ridge_points(Q_(np.array([989.5, 148.0]), "TFLOP/s"), Q_(np.array([3.35, 4.0]), "TB/s")).magnitude.round(1)
array([295.4,  37. ])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accelspec.errors import InvalidArgumentError, UnitError
from accelspec.spec import Accelerator
from accelspec.units import check_dimension, parse_unit, registry

__all__ = ["decode_bounds", "gather", "ridge_points", "to_magnitudes"]


def _np() -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("accelspec.vector needs numpy: pip install numpy") from exc
    return numpy


def to_magnitudes(values: Any, unit: str, *, what: str) -> Any:
    """A float64 numpy array of ``values`` (a quantity array) expressed in ``unit``.

    Raises
    ------
    UnitError
        On a wrong dimension, a bare array without units, or non-finite / non-positive entries.
    """
    np = _np()
    q = check_dimension(values, unit, what=what)
    factor = float(registry().Quantity(1.0, q.units).to(parse_unit(unit)).magnitude)
    mags = np.asarray(q.magnitude, dtype=np.float64) * factor
    if not np.all(np.isfinite(mags)) or np.any(mags <= 0):
        raise UnitError(f"{what}: every value must be finite and positive")
    return mags


def gather(accelerators: Sequence[Accelerator], field: str) -> Any:
    """One field of many accelerators as a numpy-backed quantity (canonical unit).

    ``field`` is a catalog field (``memory.bandwidth``) or a compute field (``bf16``); a chip
    lacking it raises :class:`~accelspec.errors.MissingSpecError` naming it.
    """
    np = _np()
    if not accelerators:
        raise InvalidArgumentError("gather needs at least one accelerator")
    values = [a.value(field) for a in accelerators]
    unit = values[0].units
    return registry().Quantity(np.array([float(v.to(unit).magnitude) for v in values]), unit)


def ridge_points(peak: Any, bandwidth: Any) -> Any:
    """Ridge points peak / bandwidth, element-wise [FLOP/B].

    Parameters
    ----------
    peak : pint.Quantity (array)
        Peak rates, any unit of operations per second.
    bandwidth : pint.Quantity (array)
        Memory bandwidths, any unit of information per second.
    """
    p = to_magnitudes(peak, "TFLOP/s", what="peak")
    b = to_magnitudes(bandwidth, "TB/s", what="bandwidth")
    return registry().Quantity(p / b, parse_unit("FLOP/B"))  # TFLOP/s per TB/s is FLOP per byte


def decode_bounds(bandwidth: Any, bytes_per_token: Any) -> Any:
    """Memory-bound decode ceilings bandwidth / bytes read per token, element-wise [token/s].

    Parameters
    ----------
    bandwidth : pint.Quantity (array)
        Memory bandwidths.
    bytes_per_token : pint.Quantity (array)
        Bytes read per generated token (weights plus KV cache), any information unit.
    """
    b = to_magnitudes(bandwidth, "GB/s", what="bandwidth")
    n = to_magnitudes(bytes_per_token, "GB", what="bytes_per_token")
    return registry().Quantity(b / n, parse_unit("token/s"))
