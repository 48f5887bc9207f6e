"""Vectorized metrics over many chips or workload points, at array speed.

Inputs are numpy-backed pint quantities (or sequences of accelerators gathered with
:func:`gather`); units are checked and converted once per array, then the arithmetic is plain
numpy on magnitudes in canonical units. Results are numpy-backed quantities in the stated unit.
Requires numpy (``pip install numpy``); pint uses it for array quantities.

Examples
--------
>>> import numpy as np
>>> from accelspec import Q_
>>> from accelspec.vectorized import ridge_points
>>> ridge_points(Q_(np.array([989.5, 148.0]), "TFLOP/s"), Q_(np.array([3.35, 4.0]), "TB/s")).magnitude.round(1)
array([295.4,  37. ])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from accelspec.errors import InvalidArgumentError, UnitError
from accelspec.spec import Accelerator
from accelspec.units import check_dimension, parse_unit, registry

__all__ = ["decode_bounds", "gather", "ridge_points", "to_magnitudes"]


def _np() -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("accelspec.vectorized needs numpy: pip install numpy") from exc
    return numpy


@lru_cache(maxsize=256)
def _factor(units: Any, unit: str) -> float:
    """Multiplier from ``units`` to ``unit`` (computed once per pair)."""
    return float(registry().Quantity(1.0, units).to(parse_unit(unit)).magnitude)


def _raw(values: Any, unit: str, *, what: str, check: bool) -> tuple[Any, float]:
    """The magnitude array as given and the factor that converts it to ``unit``.

    Validation uses two reductions (min and max) rather than element-wise temporaries: a NaN
    makes ``min > 0`` false, an infinity makes ``max < inf`` false.
    """
    np = _np()
    q = check_dimension(values, unit, what=what)
    factor = _factor(q.units, unit)
    mags = np.asarray(q.magnitude, dtype=np.float64)
    if check and mags.size and not (mags.min() > 0 and mags.max() < np.inf):
        raise UnitError(f"{what}: every value must be finite and positive")
    return mags, factor


def to_magnitudes(values: Any, unit: str, *, what: str, check: bool = True) -> Any:
    """A float64 numpy array of ``values`` (a quantity array) expressed in ``unit``.

    Raises
    ------
    UnitError
        On a wrong dimension, a bare array without units, or (with ``check``) non-finite or
        non-positive entries.
    """
    mags, factor = _raw(values, unit, what=what, check=check)
    return mags * factor if factor != 1.0 else mags.copy()


def _ratio(num: Any, num_unit: str, den: Any, den_unit: str, out_unit: str, check: bool,
           what: tuple[str, str]) -> Any:
    a, fa = _raw(num, num_unit, what=what[0], check=check)
    b, fb = _raw(den, den_unit, what=what[1], check=check)
    out = a / b
    k = fa / fb
    if k != 1.0:
        out *= k  # in place: one temporary for the whole computation
    return registry().Quantity(out, parse_unit(out_unit))


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


def ridge_points(peak: Any, bandwidth: Any, *, check: bool = True) -> Any:
    """Ridge points peak / bandwidth, element-wise [FLOP/B].

    Parameters
    ----------
    peak : pint.Quantity (array)
        Peak rates, any unit of operations per second.
    bandwidth : pint.Quantity (array)
        Memory bandwidths, any unit of information per second.
    check : bool
        Refuse non-finite or non-positive inputs (default); ``False`` skips the two reductions
        per input for trusted data.
    """
    # TFLOP/s per TB/s is FLOP per byte
    return _ratio(peak, "TFLOP/s", bandwidth, "TB/s", "FLOP/B", check, ("peak", "bandwidth"))


def decode_bounds(bandwidth: Any, bytes_per_token: Any, *, check: bool = True) -> Any:
    """Memory-bound decode ceilings bandwidth / bytes read per token, element-wise [token/s].

    Parameters
    ----------
    bandwidth : pint.Quantity (array)
        Memory bandwidths.
    bytes_per_token : pint.Quantity (array)
        Bytes read per generated token (weights plus KV cache), any information unit.
    check : bool
        Refuse non-finite or non-positive inputs (default).
    """
    return _ratio(bandwidth, "GB/s", bytes_per_token, "GB", "token/s", check,
                  ("bandwidth", "bytes_per_token"))
