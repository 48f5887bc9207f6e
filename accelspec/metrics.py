"""Derived metrics: pure functions of specs, each with a short name, a unit and a meaning.

A metric name is usable everywhere (Python, CLI, tables): ``memory.bandwidth``, ``bf16``,
``fp8:sparse``, ``tdp``, ``ridge:bf16``, ``perf_per_watt:fp8``... :func:`names` lists the
families; :func:`get_metric` parses a name into a :class:`Metric`.

Every metric returns a pint quantity in its stated unit, computed from the spec's quantities
(so the result does not depend on the units the inputs were given in) and raises
:class:`~accelspec.errors.MissingSpecError` naming the chip and field when an input is not
disclosed.

Examples
--------
>>> import accelspec as acs
>>> m = get_metric("ridge:bf16")
>>> m.unit
'FLOP/B'
>>> round(m(acs.get("H100 SXM")).magnitude)
295
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

import attrs

from accelspec.errors import MissingSpecError, UnitError, UnknownMetricError
from accelspec.fields import FIELDS, parse_compute_field
from accelspec.spec import Accelerator, _replaced
from accelspec.units import to_unit

__all__ = ["Metric", "NoPlainPath", "evaluate", "get_metric", "list_metrics", "names", "plain_figure", "ratio_of",
           "ratio_range", "with_value"]


@attrs.frozen
class Metric:
    """A named, unit-typed function of one accelerator.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"ridge:bf16"``.
    unit : str
        Unit of the result.
    description : str
        One line of meaning.
    higher_is_better : bool
        Direction of goodness, for rankings.
    inputs : tuple of str
        Catalog fields the metric reads (for provenance and ranges).
    """

    name: str
    unit: str
    description: str
    higher_is_better: bool
    inputs: tuple[str, ...]
    _fn: Callable[[Accelerator], Any] = attrs.field(repr=False, alias="fn")

    def __reduce__(self) -> tuple[Any, ...]:
        # a named metric is rebuilt by name (its function is a closure that pickle cannot name);
        # a user's own Metric pickles with its function, which must then be a module-level one
        try:
            same = get_metric(self.name)
            if (same.unit, same.description, same.higher_is_better, same.inputs) == (
                    self.unit, self.description, self.higher_is_better, self.inputs):
                return (get_metric, (self.name,))
        except UnknownMetricError:
            pass
        return (_rebuild_metric, (self.name, self.unit, self.description, self.higher_is_better,
                                  self.inputs, self._fn))

    def __call__(self, acc: Accelerator) -> Any:
        """Evaluate on ``acc``; returns a quantity in :attr:`unit`.

        Raises
        ------
        MissingSpecError
            When an input is not disclosed.
        UnitError
            When the result is not a positive finite number (inputs so near the float limits
            that the arithmetic overflows or underflows), never a silent 0.0 or inf.
        """
        what = f"{self.name} of {acc.id}"
        q = to_unit(self._fn(acc), self.unit, what=what)
        if not q.magnitude > 0:
            raise UnitError(f"{what} is {q.magnitude!r}: its inputs are beyond the float range "
                            f"this arithmetic can represent")
        return q

    def range(self, acc: Accelerator) -> tuple[Any, Any, Any]:
        """(low, chosen, high) over the catalog's conflicting claims for the metric's inputs.

        Every combination of each input's lowest and highest claim is evaluated (the metrics
        are monotone in each input), so the range covers every reading of the catalog.
        """
        return self._range(acc, self(acc))

    def _range(self, acc: Accelerator, chosen: Any) -> tuple[Any, Any, Any]:
        variants = [acc]
        for field in self.inputs:
            p = acc.provenance.get(field) or acc.provenance.get(f"{field}:vector")
            spread = _spread(p)
            if p is None or spread is None:
                continue
            variants = [_swapped(v, p.field, q) for v in variants for q in spread]
        if len(variants) == 1:
            return chosen, chosen, chosen
        values = [self(v) for v in variants]  # each already in self.unit
        return (min(values, key=lambda q: float(q.magnitude)), chosen,
                max(values, key=lambda q: float(q.magnitude)))


def _spread(p: Any) -> tuple[Any, Any] | None:
    """The lowest and highest claimed quantity of a provenance whose claims disagree (beyond
    0.1 %, as :attr:`Provenance.disputed`), else ``None``; read from the claims' magnitudes,
    all in the field's unit, without unit arithmetic."""
    if p is None:
        return None
    values = [c.value for c in p.claims]
    if len(values) < 2 or isinstance(values[0], str):
        return None
    lo = min(values, key=lambda q: float(q.magnitude))
    hi = max(values, key=lambda q: float(q.magnitude))
    if not hi.magnitude > lo.magnitude * 1.001:
        return None
    return lo, hi


def _swapped(acc: Accelerator, field: str, value: Any) -> Accelerator:
    """``acc`` with one field's value replaced by another claim's value, for :meth:`Metric.range`.

    Unlike :func:`with_value` this builds nothing through the constructors: the value is a
    catalog claim's, already validated and in the field's canonical unit, so the copy shares
    every other field and only the changed record is copied (a shallow copy and one slot set),
    which is what makes a range cost a few metric evaluations instead of whole rebuilt records.
    """
    from accelspec.spec import FrozenDict

    if field in FIELDS:
        if field.startswith("memory."):
            return _setting(acc, "memory", _setting(acc.memory, field.split(".", 1)[1], value))
        if field == "tdp":
            return _setting(acc, "power", _setting(acc.power, "tdp", value))
        if field == "interconnect.bandwidth":
            return _setting(acc, "interconnect", _setting(acc.interconnect, "bandwidth", value))
        if field == "price" and acc.price is not None:
            return _setting(acc, "price", _setting(acc.price, "amount", value))
        if field in ("die_area", "dies", "transistors"):
            return _setting(acc, field, value)
        return with_value(acc, field, value)  # the validated path names what cannot vary
    key = parse_compute_field(field)
    return _setting(acc, "compute", FrozenDict({**acc.compute, key.name: value}))


_T = TypeVar("_T")


def _setting(obj: _T, name: str, value: Any) -> _T:
    """A shallow copy of a frozen attrs record with one slot set (no converters run)."""
    import copy

    out = copy.copy(obj)
    object.__setattr__(out, name, value)
    return out


_QUOTIENT_UNITS: dict[tuple[Any, Any], Any] = {}


def _div(a: Any, b: Any) -> Any:
    """``a / b`` for two quantities: what pint computes (magnitude a/b, units a/b, nothing
    converted), with the units' quotient cached per pair instead of rebuilt per call."""
    reg_q = type(a)
    if type(b) is reg_q and type(a.magnitude) is float and type(b.magnitude) is float:
        key = (a._units, b._units)
        units = _QUOTIENT_UNITS.get(key)
        if units is None:
            units = _QUOTIENT_UNITS[key] = (a / b)._units
        return reg_q(a.magnitude / b.magnitude, units)
    return a / b  # pragma: no cover - catalog values are float quantities


@lru_cache(maxsize=512)
def _peak_candidates(field: str) -> tuple[Any, tuple[str, ...]]:
    key = parse_compute_field(field)
    if key.engine == "vector":
        return key, (key.name,)
    if key.sparse:
        return key, (f"{key.precision}:sparse",)
    return key, (key.precision, f"{key.precision}:vector")


def _rebuild_metric(name: str, unit: str, description: str, higher_is_better: bool,
                    inputs: tuple[str, ...], fn: Callable[[Accelerator], Any]) -> Metric:
    return Metric(name, unit, description, higher_is_better, inputs, fn=fn)


def list_metrics() -> list[tuple[str, str, str]]:
    """Every metric family as ``(name pattern, unit, meaning)``: what ``accelspec metrics``
    prints (the same as :func:`names`; exported at top level as ``acs.list_metrics()``)."""
    return names()


def _peak(acc: Accelerator, field: str) -> Any:
    key, candidates = _peak_candidates(field)
    compute = acc.compute
    for c in candidates:  # what Accelerator.peak returns, without re-parsing the name
        if c in compute:
            return compute[c]
    if key.engine == "vector":
        return acc.peak(key.precision, key.sparse, engine="vector")
    return acc.peak(key.precision, key.sparse)


def _interconnect(acc: Accelerator) -> Any:
    return acc.interconnect_bidirectional()


_FIXED: dict[str, tuple[str, str, bool, Callable[[Accelerator], Any]]] = {
    "memory.capacity": ("GB", "memory capacity", True, lambda a: a.value("memory.capacity")),
    "memory.bandwidth": ("TB/s", "peak memory bandwidth", True, lambda a: a.value("memory.bandwidth")),
    "tdp": ("W", "thermal design power (see power.scope)", False, lambda a: a.value("tdp")),
    "interconnect.bandwidth": ("GB/s", "scale-up interconnect bandwidth, both directions added",
                               True, _interconnect),
    "die_area": ("mm^2", "total logic die area", False, lambda a: a.value("die_area")),
    "transistors": ("billion", "transistor count", True, lambda a: a.value("transistors")),
    "memory.bandwidth_per_watt": ("GB/s/W", "memory bandwidth per watt of TDP", True,
                                  lambda a: _div(a.value("memory.bandwidth"), a.value("tdp"))),
    "memory.bandwidth_per_capacity": ("s^-1", "memory bandwidth per byte of capacity (full sweeps per second)",
                                      True, lambda a: _div(a.value("memory.bandwidth"), a.value("memory.capacity"))),
}

_FIXED_INPUTS = {
    "interconnect.bandwidth": ("interconnect.bandwidth",),
    "memory.bandwidth_per_watt": ("memory.bandwidth", "tdp"),
    "memory.bandwidth_per_capacity": ("memory.bandwidth", "memory.capacity"),
}


def _compute_metric(field: str) -> Metric:
    key = parse_compute_field(field)
    return Metric(key.name, key.unit, f"peak {key.describe()} rate", True, (key.name,),
                  fn=lambda a: _peak(a, key.name))


def _ops(field: str) -> str:
    return "OP" if parse_compute_field(field).is_integer else "FLOP"


# families of metrics parameterised by a compute field: name -> (unit(ops), description, better, fn)
_FAMILIES: dict[str, tuple[Callable[[str], str], str, bool, Callable[[Accelerator, str], Any], tuple[str, ...]]] = {
    "ridge": (lambda f: f"{_ops(f)}/B", "ridge point: peak rate / memory bandwidth (ops per byte)",
              False, lambda a, f: _div(_peak(a, f), a.value("memory.bandwidth")), ("memory.bandwidth",)),
    "bytes_per_flop": (lambda f: f"B/{_ops(f)}", "memory bandwidth / peak rate (bytes per op)",
                       True, lambda a, f: _div(a.value("memory.bandwidth"), _peak(a, f)), ("memory.bandwidth",)),
    "perf_per_watt": (lambda f: f"G{_ops(f)}/s/W", "peak rate per watt of TDP", True,
                      lambda a, f: _div(_peak(a, f), a.value("tdp")), ("tdp",)),
    "perf_per_mm2": (lambda f: f"G{_ops(f)}/s/mm^2", "peak rate per mm² of logic die", True,
                     lambda a, f: _div(_peak(a, f), a.value("die_area")), ("die_area",)),
    "capacity_per_flops": (lambda f: f"GB/T{_ops(f)}S", "memory capacity per unit of peak rate",
                           True, lambda a, f: _div(a.value("memory.capacity"), _peak(a, f)), ("memory.capacity",)),
    "interconnect_per_flops": (lambda f: f"GB/s/T{_ops(f)}S",
                               "scale-up bandwidth (both directions) per unit of peak rate", True,
                               lambda a, f: _div(_interconnect(a), _peak(a, f)), ("interconnect.bandwidth",)),
}


def _price_in(acc: Accelerator, currency: str) -> Any:
    """The entry's dated price in ``currency``; never converted between currencies."""
    price = acc.value("price")
    unit = format(price.units, "~")
    if unit != currency:
        raise MissingSpecError(acc.id, f"price in {currency}", f"the price is in {unit}; accelspec applies no "
                               f"exchange rate, so there is no price in {currency}")
    return price


def _price_family(currency: str) -> None:
    def unit(f: str) -> str:
        return f"G{_ops(f)}/s/{currency}"

    def fn(a: Accelerator, f: str) -> Any:
        return _div(_peak(a, f), _price_in(a, currency))

    _FAMILIES[f"perf_per_{currency.lower()}"] = (
        unit, f"peak rate per {currency} of the dated price", True, fn, ("price",))


_price_family("USD")
_price_family("CNY")
_FIXED["capacity_per_usd"] = ("GB/USD", "memory capacity per USD of the dated price", True,
                              lambda a: _div(a.value("memory.capacity"), _price_in(a, "USD")))
_FIXED["capacity_per_cny"] = ("GB/CNY", "memory capacity per CNY of the dated price", True,
                              lambda a: _div(a.value("memory.capacity"), _price_in(a, "CNY")))
_FIXED_INPUTS["capacity_per_usd"] = ("memory.capacity", "price")
_FIXED_INPUTS["capacity_per_cny"] = ("memory.capacity", "price")


def get_metric(name: str) -> Metric:
    """Parse a metric name.

    Parameters
    ----------
    name : str
        A fixed metric (``memory.bandwidth``, ``tdp``...), a compute field (``bf16``,
        ``fp8:sparse``, ``fp32:vector``) or a family with a compute field
        (``ridge:bf16``, ``perf_per_watt:fp8:sparse``).

    Raises
    ------
    UnknownMetricError
        With close suggestions.
    """
    if not isinstance(name, str):
        raise UnknownMetricError(repr(name))
    text = name.strip()
    if text in _FIXED:
        unit, desc, better, fn = _FIXED[text]
        return Metric(text, unit, desc, better, _FIXED_INPUTS.get(text, (text,)), fn=fn)
    family, _, rest = text.partition(":")
    if family in _FAMILIES and rest:
        key = parse_compute_field(rest)
        unit_fn, desc, better, ffn, inputs = _FAMILIES[family]
        field = key.name
        return Metric(f"{family}:{field}", unit_fn(field), f"{desc} at {key.describe()}", better,
                      (field,) + inputs, fn=lambda a: ffn(a, field))
    try:
        return _compute_metric(text)
    except UnknownMetricError:
        pass
    pool = list(_FIXED) + [f"{f}:bf16" for f in _FAMILIES] + ["bf16", "fp8", "fp8:sparse", "int8"]
    raise UnknownMetricError(name, difflib.get_close_matches(text, pool, n=4, cutoff=0.4))


def names() -> list[tuple[str, str, str]]:
    """Every metric family as ``(name pattern, unit, meaning)``; ``<p>`` is a compute field."""
    out = [(n, u, d) for n, (u, d, _, _) in _FIXED.items()]
    out.append(("<p>", "TFLOP/s or TOP/s", "peak rate; <p> is e.g. bf16, fp8:sparse, fp32:vector"))
    for fam, (unit_fn, desc, _, _, _) in _FAMILIES.items():
        out.append((f"{fam}:<p>", unit_fn("bf16").replace("FLOP", "FLOP|OP", 1), desc))
    return out


def evaluate(acc: Accelerator, metric: str | Metric) -> Any:
    """Evaluate a metric (by name or object) on an accelerator; a quantity in the metric's unit."""
    m = metric if isinstance(metric, Metric) else get_metric(metric)
    return m(acc)


#: Non-compute, non-memory fields a what-if may replace (text fields such as ``process`` may not).
_VARIABLE_FIELDS = frozenset({"tdp", "interconnect.bandwidth", "price", "die_area", "dies", "transistors"})


def with_value(acc: Accelerator, field: str, value: Any) -> Accelerator:
    """A copy of ``acc`` with one field replaced (a what-if; provenance is left as it was).

    Raises
    ------
    UnknownMetricError
        For a field that cannot be varied (text fields such as ``process``).
    MissingSpecError
        For ``price`` on an entry that has no dated price.
    """
    if field in FIELDS:
        if field.startswith("memory.") or field in _VARIABLE_FIELDS:
            return _replaced(acc, field, value)  # the same replacement Accelerator.with_ makes
        raise UnknownMetricError(field, what="field that can be varied")
    key = parse_compute_field(field)
    return attrs.evolve(acc, compute={**acc.compute, key.name: value})


def ratio_range(a: Accelerator, b: Accelerator, metric: str | Metric) -> tuple[float, float, float]:
    """(low, chosen, high) of ``metric(a) / metric(b)`` over the catalog's conflicting claims."""
    m = metric if isinstance(metric, Metric) else get_metric(metric)
    alo, a0, ahi = m.range(a)
    blo, b0, bhi = m.range(b)

    return _quotient(alo, bhi), _quotient(a0, b0), _quotient(ahi, blo)


def ratio_of(a: Accelerator, b: Accelerator, metric: str | Metric) -> float:
    """``metric(a) / metric(b)`` as a plain float (dimensionless, like for like)."""
    m = metric if isinstance(metric, Metric) else get_metric(metric)
    qa, qb = m(a), m(b)
    return _quotient(qa, qb)


def _quotient(qa: Any, qb: Any) -> float:
    """``qa / qb`` as a float; both are in their metric's unit, so no unit arithmetic is needed."""
    if getattr(qa, "_units", None) == getattr(qb, "_units", 0):
        return float(qa.magnitude) / float(qb.magnitude)
    return float((qa / qb).to("count").magnitude)  # pragma: no cover - metrics return one unit



# -- the float path: metrics of plain fields, from the cache's plain data, without pint ------------

class NoPlainPath(Exception):
    """Raised by :func:`plain_figure` where only the pint path gives the exact answer (a metric of
    other inputs, a unit other than the canonical one, a result that is not a positive finite
    number); the caller then evaluates the typed :class:`Metric`."""


#: Canonical unit of each plain field in the cache (a value in another unit leaves the float path).
_PLAIN_UNITS = {"memory.capacity": "GB", "memory.bandwidth": "TB/s", "tdp": "W", "interconnect.bandwidth": "GB/s"}

#: ``(numerator unit, denominator unit, metric unit) -> factor``: pint's factor from the quotient's
#: units to the metric's (``Quantity(1.0, a / b).to(unit)``), written out so the float path
#: multiplies by the very same number (a test checks each against pint).
_PLAIN_FACTORS: dict[tuple[str, str, str], float] = {
    ("TFLOP/s", "TB/s", "FLOP/B"): 1.0, ("TOP/s", "TB/s", "OP/B"): 1.0,
    ("TB/s", "TFLOP/s", "B/FLOP"): 1.0, ("TB/s", "TOP/s", "B/OP"): 1.0,
    ("TFLOP/s", "W", "GFLOP/s/W"): 1000.0000000000001, ("TOP/s", "W", "GOP/s/W"): 1000.0000000000001,
    ("GB", "TFLOP/s", "GB/TFLOPS"): 1.0, ("GB", "TOP/s", "GB/TOPS"): 1.0,
    ("GB/s", "TFLOP/s", "GB/s/TFLOPS"): 1.0, ("GB/s", "TOP/s", "GB/s/TOPS"): 1.0,
    ("TB/s", "W", "GB/s/W"): 1000.0000000000001, ("TB/s", "GB", "s^-1"): 1000.0000000000001,
}

#: Terms of each metric the float path evaluates: fixed metrics, then families (``peak`` is the
#: family's compute field).
_PLAIN_FIXED: dict[str, tuple[str, ...]] = {
    "memory.capacity": ("memory.capacity",), "memory.bandwidth": ("memory.bandwidth",), "tdp": ("tdp",),
    "interconnect.bandwidth": ("link",), "memory.bandwidth_per_watt": ("memory.bandwidth", "tdp"),
    "memory.bandwidth_per_capacity": ("memory.bandwidth", "memory.capacity"),
}
_PLAIN_FAMILIES: dict[str, tuple[str, ...]] = {
    "ridge": ("peak", "memory.bandwidth"), "bytes_per_flop": ("memory.bandwidth", "peak"),
    "perf_per_watt": ("peak", "tdp"), "capacity_per_flops": ("memory.capacity", "peak"),
    "interconnect_per_flops": ("link", "peak"),
}


class _Missing(Exception):
    """An input of the float path is not disclosed (the pint path raises MissingSpecError)."""


def _plain_terms(metric: Metric) -> tuple[tuple[str, ...], str | None]:
    """The float path's terms of ``metric`` and its compute field (``None`` for a fixed metric).

    Raises
    ------
    NoPlainPath
        For a metric the float path does not cover.
    """
    if metric.name in _PLAIN_FIXED:
        return _PLAIN_FIXED[metric.name], None
    family, _, rest = metric.name.partition(":")
    if family in _PLAIN_FAMILIES and rest:
        return _PLAIN_FAMILIES[family], rest
    try:
        key = parse_compute_field(metric.name)
    except UnknownMetricError:
        raise NoPlainPath(metric.name) from None
    return ("peak",), key.name


def _plain_term(term: str, field: str | None, values: dict[str, Any], link: Any) -> tuple[float, str]:
    """One term's magnitude and unit symbol from ``values`` (``[magnitude, symbol]`` by slot)."""
    if term == "peak":
        assert field is not None
        key, candidates = _peak_candidates(field)
        for c in candidates:
            v = values.get(c)
            if v is not None:
                if v[1] != key.unit:
                    raise NoPlainPath(f"{c} in {v[1]}")
                return float(v[0]), v[1]
        raise _Missing(field)
    slot = "interconnect.bandwidth" if term == "link" else term
    v = values.get(slot)
    if v is None:
        raise _Missing(slot)
    if v[1] != _PLAIN_UNITS[slot]:
        raise NoPlainPath(f"{slot} in {v[1]}")
    if term == "link":
        if link == "unstated":
            raise _Missing(slot)
        if link == "unidirectional":
            return float(v[0]) * 2, v[1]
        if link != "bidirectional":
            raise NoPlainPath(f"interconnect direction {link!r}")
    return float(v[0]), v[1]


def _plain_eval(metric: Metric, terms: tuple[str, ...], field: str | None, values: dict[str, Any],
                link: Any) -> float:
    """The metric's magnitude in its unit: the arithmetic of :func:`_div` and :func:`to_unit`."""
    first, unit_a = _plain_term(terms[0], field, values, link)
    if len(terms) == 1:
        factor = 1.0 if unit_a == metric.unit else None
        mag = first
    else:
        second, unit_b = _plain_term(terms[1], field, values, link)
        factor = _PLAIN_FACTORS.get((unit_a, unit_b, metric.unit))
        if not second > 0:
            raise NoPlainPath(metric.name)
        mag = first / second
    if factor is None:
        raise NoPlainPath(f"{metric.name} from {unit_a}")
    out = mag * factor
    if not (out > 0 and out < float("inf")):
        raise NoPlainPath(metric.name)  # the pint path raises the UnitError that names it
    return out


def _plain_values(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's plain fields as ``[magnitude, symbol]`` (or ``None``) by slot name."""
    memory, power, link = entry["memory"], entry["power"], entry["interconnect"]
    return {**entry["compute"], "memory.capacity": memory[0], "memory.bandwidth": memory[1], "tdp": power[0],
            "interconnect.bandwidth": link[0]}


def plain_figure(metric: Metric, entry: Mapping[str, Any],
                 kind_of: Callable[[str], str]) -> tuple[float, float, float, str, tuple[str, ...]] | None:
    """A metric of one entry from the cache's plain data, without pint: what the comparison
    tables show of :meth:`Metric.__call__` and :meth:`Metric.range`.

    Parameters
    ----------
    metric : Metric
        A metric of plain fields (capacity, bandwidth, rates, TDP, interconnect and their ratios).
    entry : mapping
        The entry's plain data as the catalog cache holds it (values ``[magnitude, symbol]`` in
        canonical units; provenance claims likewise).
    kind_of : callable
        A source id's kind (``"estimate"``...).

    Returns
    -------
    tuple or None
        ``(low, value, high, marks, sources)`` with the three figures in the metric's unit (low
        and high equal to value where no input is disputed), or ``None`` when an input is not
        disclosed.

    Raises
    ------
    NoPlainPath
        Where the float path does not give the pint path's exact figures.
    """
    terms, field = _plain_terms(metric)
    values = _plain_values(entry)
    link = entry["interconnect"][1]
    try:
        value = _plain_eval(metric, terms, field, values, link)
    except _Missing:
        return None
    provenance = entry["provenance"]
    marks = ""
    sources: list[str] = []
    variants = [values]
    for name in metric.inputs:
        # a dense matrix rate the chip lacks falls back to its vector rate (as in _cell)
        slot = name if provenance.get(name) else f"{name}:vector"
        p = provenance.get(slot)
        if not p:
            continue
        chosen = p["claims"][p["chosen"]]
        sources.append(chosen["source"])
        if kind_of(chosen["source"]) == "estimate":
            marks += "e" if "e" not in marks else ""
        if chosen["derived_from"] is not None and "d" not in marks:
            marks += "d"
        spread = _plain_spread(p["claims"])
        if spread is not None:
            if slot not in values and slot not in _PLAIN_UNITS:
                raise NoPlainPath(f"a range over {slot}")
            variants = [{**v, slot: q} for v in variants for q in spread]
    low = high = value
    if len(variants) > 1:
        try:
            figures = [_plain_eval(metric, terms, field, v, link) for v in variants]
        except _Missing:
            raise NoPlainPath(f"a range of {metric.name}") from None
        low, high = min(figures), max(figures)
        marks = "*" + marks
    return low, value, high, marks, tuple(dict.fromkeys(sources))


def _plain_spread(claims: list[dict[str, Any]]) -> tuple[Any, Any] | None:
    """:func:`_spread` over plain claims: the lowest and highest ``[magnitude, symbol]`` where
    they differ by more than 0.1 %, else ``None``."""
    values = [c["value"] for c in claims]
    if len(values) < 2 or isinstance(values[0], str):
        return None
    if len({v[1] for v in values}) != 1:
        raise NoPlainPath("claims in several units")
    lo = min(values, key=lambda v: float(v[0]))
    hi = max(values, key=lambda v: float(v[0]))
    if not hi[0] > lo[0] * 1.001:
        return None
    return lo, hi
