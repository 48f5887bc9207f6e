"""The one unit registry of accelspec, built lazily from the package's own definitions.

pint is imported, and the registry built, on the first call that needs a quantity, never at
``import accelspec``. The registry comes from ``units.txt`` beside this module, not from pint's
defaults, so ``bit`` is its own dimension (``TB/s`` never converts to ``THz``), ``GB`` and
``GiB`` are distinct, and ``FLOP`` and ``OP`` share one ``[operation]`` dimension.

Unit strings from files or users go through :func:`parse_unit`, which accepts only known unit
and prefix symbols joined by ``*``, ``/`` and small integer powers, so a hostile string cannot
make pint's parser evaluate arithmetic.

Examples
--------
>>> from accelspec.units import Q_
>>> bw = Q_(4.8, "TB/s")
>>> bw.to("GB/s")
<Quantity(4800.0, 'gigabyte / second')>
>>> Q_(1, "GB") == Q_(1, "GiB")
False
"""

from __future__ import annotations

import copyreg
import math
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accelspec.errors import UnitError, quote

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = [
    "Q_",
    "MAX_UNIT_LENGTH",
    "check_dimension",
    "is_quantity",
    "parse_unit",
    "registry",
    "to_unit",
]

#: Longest unit string accepted from a file or a user, in characters.
MAX_UNIT_LENGTH = 48

_DEFINITIONS = Path(__file__).with_name("units.txt")
# (units container of a quantity, target unit string) -> (conversion factor, target pint unit)
_FACTORS: dict[tuple[Any, str], tuple[float, Any]] = {}
_LOCK = threading.Lock()
_REGISTRY: Any = None

# Symbols a unit string may use, mapped to the registry's unit names. Names are accepted too.
_UNITS: dict[str, str] = {
    "b": "bit", "bit": "bit", "B": "byte", "byte": "byte",
    "s": "second", "second": "second", "min": "minute", "minute": "minute",
    "h": "hour", "hour": "hour", "day": "day", "year": "year",
    "Hz": "hertz", "hertz": "hertz",
    "m": "meter", "meter": "meter", "metre": "meter",
    "W": "watt", "watt": "watt", "J": "joule", "joule": "joule", "Wh": "watt_hour",
    "OP": "OP", "FLOP": "FLOP", "OPS": "OPS", "FLOPS": "FLOPS", "bps": "bps",
    "flop": "FLOP", "op": "OP",
    "token": "token",
    "count": "count", "million": "million", "billion": "billion", "trillion": "trillion",
    "%": "percent",
    "percent": "percent",
    "USD": "USD", "CNY": "CNY", "EUR": "EUR",
}
# Units that take no prefix (a prefixed form would be a trap, like "MUSD" or "kcount").
_UNPREFIXABLE = {"count", "million", "billion", "trillion", "percent", "USD", "CNY", "EUR", "min", "minute",
                 "h", "hour", "day", "year", "token"}
_PREFIXES: dict[str, str] = {
    "k": "kilo", "M": "mega", "G": "giga", "T": "tera", "P": "peta", "E": "exa",
    "m": "milli", "u": "micro", "µ": "micro", "n": "nano",
    "Ki": "kibi", "Mi": "mebi", "Gi": "gibi", "Ti": "tebi", "Pi": "pebi",
}
_PREFIXES.update({v: v for v in list(_PREFIXES.values())})

_TOKEN = re.compile(r"\s*([A-Za-zµ%]+)\s*(?:(?:\^|\*\*)\s*(-?\d)|([²³]))?\s*")
_SEP = re.compile(r"\s*([*/·])\s*")


def registry() -> Any:
    """Return the accelspec unit registry, building it on first use.

    Building is guarded by a lock, so the first use from several threads at once builds it
    exactly once. Quantities of this registry pickle and unpickle into it in any process,
    without touching pint's application registry.

    Returns
    -------
    pint.UnitRegistry
        The registry every accelspec quantity belongs to.
    """
    global _REGISTRY
    reg = _REGISTRY
    if reg is not None:
        return reg
    with _LOCK:
        if _REGISTRY is None:
            import pint

            # pint's own disk cache is pickle: never used (a cache holds data, not code)
            reg = pint.UnitRegistry(str(_DEFINITIONS), cache_folder=None)
            reg.formatter.default_format = "~P"
            copyreg.pickle(reg.Quantity, _reduce_quantity)
            copyreg.pickle(reg.Unit, _reduce_unit)
            _REGISTRY = reg
    return _REGISTRY


def _reduce_quantity(q: Any) -> tuple[Any, tuple[Any, str]]:
    return (_rebuild_quantity, (q.magnitude, str(q.units)))


def _reduce_unit(u: Any) -> tuple[Any, tuple[str]]:
    return (_rebuild_unit, (str(u),))


def _rebuild_quantity(magnitude: Any, units: str) -> Any:
    return registry().Quantity(magnitude, _unit_from_names(units))


def _rebuild_unit(units: str) -> Any:
    return _unit_from_names(units)


@lru_cache(maxsize=256)
def _unit_from_names(text: str) -> Any:
    return registry().Unit(text)


def _resolve_symbol(symbol: str) -> str:
    """Map one unit symbol (``TB``, ``GiB``, ``TFLOPS``, ``mm``) to a registry unit name."""
    if symbol in _UNITS:
        return _UNITS[symbol]
    matches = []
    for prefix, pname in _PREFIXES.items():
        if symbol.startswith(prefix):
            rest = symbol[len(prefix):]
            if rest in _UNITS and rest not in _UNPREFIXABLE:
                matches.append(pname + _UNITS[rest])
    if len(set(matches)) == 1:
        return matches[0]
    if symbol.endswith("s") and symbol[:-1] and _looks_like_op_count(symbol[:-1]):
        raise UnitError(
            f"unit {symbol!r} reads as a count of operations, not a rate; "
            f"write {symbol[:-1]}/s or {symbol[:-1]}S"
        )
    raise UnitError(f"unknown unit symbol {symbol!r}")


def _looks_like_op_count(symbol: str) -> bool:
    try:
        return _resolve_symbol(symbol).endswith(("FLOP", "OP"))
    except UnitError:
        return False


@lru_cache(maxsize=1024)
def _normalise(text: str) -> str:
    """Check a unit string against the allow-list and return it spelled with unit names."""
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(
            f"unit string of {len(text)} characters is longer than the {MAX_UNIT_LENGTH} allowed"
        )
    if not text.strip():
        raise UnitError("empty unit string (write 'count' for a plain number)")
    out, pos = _product(text, 0, 0)
    if pos != len(text):
        raise UnitError(f"cannot read unit {text!r} at character {pos + 1}")
    return out


def _product(text: str, pos: int, depth: int) -> tuple[str, int]:
    """Read ``term (op term)*`` from ``pos``; a term is a unit symbol with an optional integer
    power, or a parenthesised product (one level deep: ``USD/(kW*h)``)."""
    parts: list[str] = []
    op = "*"
    n = 0
    while True:
        paren = re.compile(r"\s*\(").match(text, pos)
        if paren is not None:
            if depth >= 1:
                raise UnitError(f"unit {text!r} nests parentheses")
            inner, pos = _product(text, paren.end(), depth + 1)
            close = re.compile(r"\s*\)\s*").match(text, pos)
            if close is None:
                raise UnitError(f"unit {text!r} has an unclosed parenthesis")
            pos = close.end()
            term = f"({inner})"
        else:
            m = _TOKEN.match(text, pos)
            if m is None:
                raise UnitError(f"cannot read unit {text!r} at character {pos + 1}")
            name = _resolve_symbol(m.group(1))
            if m.group(2) is not None:
                power = int(m.group(2))
            elif m.group(3) is not None:
                power = 2 if m.group(3) == "²" else 3
            else:
                power = 1
            if power == 0:
                raise UnitError(f"zero power in unit {text!r}")
            term = name + (f" ** {power}" if power != 1 else "")
            pos = m.end()
        parts.append(f"{'' if n == 0 else ' ' + op + ' '}{term}")
        n += 1
        if pos == len(text) or (depth and text[pos] == ")"):
            break
        sep = _SEP.match(text, pos)
        if sep is None:
            raise UnitError(f"cannot read unit {text!r} at character {pos + 1}")
        op = "*" if sep.group(1) in "*·" else "/"
        pos = sep.end()
        if n > 6:
            raise UnitError(f"unit {text!r} has too many terms")
    return "".join(parts), pos


def parse_unit(text: str) -> Any:
    """Parse a unit string safely.

    Parameters
    ----------
    text : str
        A unit such as ``"TB/s"``, ``"GiB"``, ``"TFLOP/s"``, ``"TOPS"``, ``"mm^2"``, ``"W"``.
        Only known unit and prefix symbols, ``*``, ``/`` and integer powers from -9 to 9 are
        accepted, in at most :data:`MAX_UNIT_LENGTH` characters.

    Returns
    -------
    pint.Unit
        The unit, in the accelspec registry.

    Raises
    ------
    UnitError
        If the string is empty, too long, uses an unknown symbol or anything but the grammar
        above (numbers, parentheses, function calls...).

    Examples
    --------
    >>> parse_unit("TB/s")
    <Unit('terabyte / second')>
    >>> parse_unit("TFLOPs")
    Traceback (most recent call last):
    ...
    accelspec.errors.UnitError: unit 'TFLOPs' reads as a count of operations, not a rate; write TFLOP/s or TFLOPS
    """
    if not isinstance(text, str):  # before the cache: a list or dict is not even hashable
        raise UnitError(f"a unit must be a string, not {type(text).__name__}")
    return _unit_from_names(_normalise(text))


def Q_(value: float | int | str, unit: str | Any = None) -> Any:  # noqa: N802 - pint's conventional name
    """Build a quantity in the accelspec registry.

    Parameters
    ----------
    value : float, int or numpy array
        The magnitude (a numeric numpy array gives an array quantity).
    unit : str or pint.Unit
        The unit; a string is checked by :func:`parse_unit`.

    Returns
    -------
    pint.Quantity

    Raises
    ------
    UnitError
        For a value that is not a real number, a scalar that is NaN or infinite, or a bad unit.

    Examples
    --------
    >>> Q_(141, "GB").to("GiB")
    <Quantity(131.316483, 'gibibyte')>
    >>> Q_("4.8 TB/s")
    <Quantity(4.8, 'terabyte / second')>
    """
    if isinstance(value, str) and unit is None:
        value, unit = _split_quantity(value)
    if unit is None:
        raise UnitError("Q_ needs a unit: Q_(4.8, 'TB/s') or Q_('4.8 TB/s')")
    is_array = getattr(getattr(value, "dtype", None), "kind", "") in ("f", "i", "u")
    if not is_array and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise UnitError(f"a quantity's value must be a real number or numeric array, "
                        f"not {type(value).__name__}")
    if not is_array:
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an int beyond the float range
            finite = False
        if not finite:
            raise UnitError(f"a quantity's value must be finite and within the float range, "
                            f"got {quote(value)}")
    reg = registry()
    u = parse_unit(unit) if isinstance(unit, str) else unit
    if not isinstance(u, reg.Unit):
        raise UnitError(f"not a unit of the accelspec registry: {unit!r}")
    return reg.Quantity(value, u)


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _split_quantity(text: str) -> tuple[float, str]:
    """``"4.8 TB/s"`` -> ``(4.8, "TB/s")``: a plain decimal number, then a unit; nothing else."""
    m = _NUMBER.match(text) if len(text) <= 80 else None
    if m is None or not m.group(2):
        raise UnitError(f"cannot read {text!r} as a quantity (write a number and a unit, e.g. '4.8 TB/s')")
    return float(m.group(1)), m.group(2)


def is_quantity(value: object) -> bool:
    """Return whether ``value`` is a pint quantity (of any registry), without importing pint."""
    return type(value).__name__ == "Quantity" and hasattr(value, "dimensionality")


def check_dimension(value: Any, unit: str, *, what: str) -> Any:
    """Return ``value`` as a quantity of the accelspec registry with the dimension of ``unit``.

    A quantity from another pint registry is re-read by its unit names (so ``pint``'s default
    ``terabyte / second`` is accepted); a plain number is refused, because a bare float has no
    unit to check.

    Raises
    ------
    UnitError
        If ``value`` is not a quantity, its unit is unknown here, or its dimension differs.
    """
    reg = registry()
    if not is_quantity(value):
        raise UnitError(
            f"{what} needs a quantity in {unit} (e.g. accelspec.Q_(1.0, {unit!r})), "
            f"got {type(value).__name__} {value!r}"
        )
    q = value
    if not isinstance(q, reg.Quantity):
        try:
            q = reg.Quantity(q.magnitude, parse_unit(str(q.units)))
        except UnitError as exc:
            raise UnitError(f"{what}: {exc}") from None
    target = parse_unit(unit)
    if q.dimensionality != target.dimensionality:
        raise UnitError(
            f"{what} needs a quantity convertible to {unit}, got {q.units:~P} "
            f"({q.dimensionality} is not {target.dimensionality})"
        )
    return q


def to_unit(value: Any, unit: str, *, what: str) -> Any:
    """Convert ``value`` to ``unit`` after :func:`check_dimension`; the magnitude is a float.

    Raises
    ------
    UnitError
        On a wrong dimension or a non-finite magnitude.
    """
    reg = registry()
    if type(value) is reg.Quantity:  # the common case: a factor cached per (units, target)
        mag = value.magnitude
        if type(mag) is float or type(mag) is int:
            hit = _FACTORS.get((value._units, unit))
            if hit is not None:
                factor, target = hit
                try:
                    out_mag = mag * factor
                except OverflowError:
                    raise UnitError(f"{what} is beyond the float range in {unit}") from None
                if not math.isfinite(out_mag):
                    raise UnitError(f"{what} must be a finite real number, got {float(out_mag)!r}")
                if out_mag == 0 and mag != 0:
                    raise UnitError(f"{what} of {mag!r} {value.units:~P} underflows to zero in {unit}")
                return reg.Quantity(float(out_mag), target)
    q = check_dimension(value, unit, what=what)
    if type(q) is reg.Quantity and (q._units, unit) not in _FACTORS:
        one = reg.Quantity(1.0, q.units).to(parse_unit(unit))
        if len(_FACTORS) < 4096:
            # the same multiplication pint's multiplicative conversion performs (value * factor)
            _FACTORS[(q._units, unit)] = (one.magnitude, one.units)
    try:
        out = q.to(parse_unit(unit))
    except OverflowError:
        raise UnitError(f"{what} is beyond the float range in {unit}") from None
    mag = out.magnitude
    if not isinstance(mag, (int, float)) or isinstance(mag, bool) or not math.isfinite(mag):
        raise UnitError(f"{what} must be a finite real number, got {mag!r}")
    if mag == 0 and q.magnitude != 0:
        raise UnitError(f"{what} of {q.magnitude!r} {q.units:~P} underflows to zero in {unit}")
    return registry().Quantity(float(mag), out.units)
