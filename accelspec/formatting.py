"""Numbers, quantities and ranges as text: the one formatter every table and message uses.

Nothing here imports pint: a quantity is formatted through its ``magnitude`` and ``units``
attributes, so plain floats and quantities read the same way.

>>> format_number(989.5), format_number(15832.0)
('989.5', '15,832')
>>> format_range(280.0, 376.0, "TFLOP/s")
'280–376 TFLOP/s'
"""

from __future__ import annotations

import math
from typing import Any

from accelspec.errors import InvalidArgumentError

__all__ = ["format_number", "format_quantity", "format_range"]


def format_number(x: float) -> str:
    """Format a magnitude for reading: integers with thousands separators above 1,000, otherwise
    four significant digits without trailing zeros.

    >>> [format_number(v) for v in (3958.0, 989.5, 4.8, 0.0751, 15832.0, 0.00012345)]
    ['3,958', '989.5', '4.8', '0.0751', '15,832', '0.0001234']
    """
    x = float(x)
    if not math.isfinite(x):
        raise InvalidArgumentError(f"cannot format {x!r}")
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax == 0:
        return "0"
    digits = max(0, 3 - math.floor(math.log10(ax)))
    s = f"{x:.{digits}f}"
    if abs(float(s)) >= 1000:  # rounding carried into the thousands: 999.96 is "1,000", not "1000"
        return f"{x:,.0f}"
    return s.rstrip("0").rstrip(".")  # below 1,000 there is always a decimal point to trim to


def format_quantity(q: Any, unit: str | None = None) -> str:
    """A quantity as ``"<number> <unit>"`` (optionally converted to ``unit`` first).

    >>> from accelspec.units import Q_
    >>> format_quantity(Q_(4800, "GB/s"), "TB/s")
    '4.8 TB/s'
    """
    if unit is not None:
        q = q.to(unit)
        return f"{format_number(float(q.magnitude))} {unit}"
    return f"{format_number(float(q.magnitude))} {q.units:~P}"


def format_range(low: float, high: float, unit: str = "") -> str:
    """``"low–high unit"`` with both ends formatted by :func:`format_number`."""
    text = f"{format_number(low)}–{format_number(high)}"
    return f"{text} {unit}" if unit else text
