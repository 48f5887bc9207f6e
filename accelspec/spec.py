"""Typed, unit-aware accelerator specifications with provenance.

Every value is a pint quantity converted to its field's canonical unit when the object is made,
so a wrong dimension fails at construction with :class:`~accelspec.errors.UnitError`. A figure
the catalog does not hold is :data:`NOT_DISCLOSED`-like (a :class:`NotDisclosed` naming the chip
and field), never ``None`` or ``0.0``: using it in arithmetic raises
:class:`~accelspec.errors.MissingSpecError`.

Examples
--------
>>> from accelspec import Q_
>>> m = Memory(capacity=Q_(96, "GiB"), bandwidth=Q_(4000, "GB/s"), type="HBM3")
>>> m.capacity
<Quantity(103.079215, 'gigabyte')>
>>> m.bandwidth.to("TB/s")
<Quantity(4.0, 'terabyte / second')>
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

import attrs

from accelspec.errors import MissingSpecError, UnitError
from accelspec.fields import (
    DIRECTIONS,
    TDP_SCOPES,
    field_info,
    parse_compute_field,
    parse_precision,
)
from accelspec.units import is_quantity, to_unit

__all__ = [
    "Accelerator",
    "Claim",
    "Compute",
    "FrozenDict",
    "Interconnect",
    "Memory",
    "NotDisclosed",
    "Part",
    "Power",
    "Price",
    "Provenance",
    "Source",
    "SourceKind",
    "Status",
    "quantity_field",
]


class Status(str, enum.Enum):
    """Market status of an accelerator."""

    SHIPPING = "shipping"
    ANNOUNCED = "announced"
    ROADMAP = "roadmap"
    DISCONTINUED = "discontinued"

    def __str__(self) -> str:
        return self.value


class SourceKind(str, enum.Enum):
    """Kind of a source document, in order of preference."""

    VENDOR_DATASHEET = "vendor-datasheet"
    VENDOR_WHITEPAPER = "vendor-whitepaper"
    VENDOR_PAGE = "vendor-page"
    VENDOR_DOCS = "vendor-docs"
    MEASURED = "measured"
    ANALYST = "analyst"
    PRESS = "press"
    REFERENCE = "reference"
    ESTIMATE = "estimate"

    def __str__(self) -> str:
        return self.value

    @property
    def is_vendor(self) -> bool:
        """Whether the document comes from the vendor itself."""
        return self.value.startswith("vendor-")


@attrs.frozen(repr=False)
class NotDisclosed:
    """A figure the catalog does not hold for an entry.

    It prints as ``not disclosed``, is falsy, and raises
    :class:`~accelspec.errors.MissingSpecError` (naming entry and field) on any arithmetic,
    comparison or conversion, so an unknown can never leak into a result as ``0.0`` or ``inf``.
    """

    entry: str = "?"
    field: str = "?"

    def _fail(self, *_: Any, **__: Any) -> NoReturn:
        raise MissingSpecError(self.entry, self.field)

    def __repr__(self) -> str:
        return f"NotDisclosed({self.entry!r}, {self.field!r})"

    def __str__(self) -> str:
        return "not disclosed"

    def __format__(self, spec: str) -> str:
        return "not disclosed"

    def __bool__(self) -> bool:
        return False

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __pow__ = __neg__ = __abs__ = _fail
    __lt__ = __le__ = __gt__ = __ge__ = _fail
    __float__ = __int__ = _fail
    to = m_as = _fail

    @property
    def magnitude(self) -> NoReturn:
        self._fail()

    m = magnitude

    @property
    def units(self) -> NoReturn:
        self._fail()


class FrozenDict(dict[str, Any]):
    """A read-only dict that pickles (``MappingProxyType`` does not)."""

    def _readonly(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only; use attrs.evolve to change a spec")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly
    __ior__ = _readonly

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items(), key=lambda kv: kv[0])))


def _frozen_dict(d: Mapping[str, Any]) -> FrozenDict:
    return d if isinstance(d, FrozenDict) else FrozenDict(d)


def _positive(value: Any, what: str) -> Any:
    mag = value.magnitude
    if not mag > 0:
        raise UnitError(f"{what} must be positive, got {value:~P}")
    return value


def _make_converter(unit: str, *, positive: bool = True) -> attrs.Converter:  # type: ignore[type-arg]
    def convert(value: Any, self_: Any, field: attrs.Attribute) -> Any:  # type: ignore[type-arg]
        if isinstance(value, NotDisclosed):
            return value if value.field != "?" else NotDisclosed(value.entry, field.name)
        what = f"{type(self_).__name__}.{field.name}"
        q = to_unit(value, unit, what=what)
        return _positive(q, what) if positive else q

    return attrs.Converter(convert, takes_self=True, takes_field=True)


def quantity_field(unit: str, doc: str, *, optional: bool = True) -> Any:
    """An attrs field holding a quantity converted to ``unit`` at construction.

    The field's metadata carries ``unit`` and ``doc``, so tables, docs and strategies read units
    from ``attrs.fields(...)`` instead of repeating them. Optional fields default to
    :class:`NotDisclosed`.
    """
    kwargs: dict[str, Any] = {
        "converter": _make_converter(unit),
        "metadata": {"unit": unit, "doc": doc},
    }
    if optional:
        kwargs["default"] = NotDisclosed()
    return attrs.field(**kwargs)


Value = Any  # a pint Quantity or a NotDisclosed; pint has no usable static types


@attrs.frozen
class Part:
    """One kind of accelerator in a system, and how many.

    Attributes
    ----------
    accelerator : str
        Catalog id of the part.
    count : int
        How many the system holds (positive).
    """

    accelerator: str
    count: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.gt(0)])


@attrs.frozen
class Source:
    """A document that catalog values are read from.

    Attributes
    ----------
    id : str
        Unique id, e.g. ``"nvidia-h100-datasheet"``.
    title, url, publisher : str
        What it is and where it lives.
    date : str
        Publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    kind : SourceKind
        Vendor datasheet, vendor page, analyst, press, estimate...
    note : str
        Optional remark.
    """

    id: str
    title: str
    url: str
    publisher: str
    date: str
    kind: SourceKind
    note: str = ""


@attrs.frozen
class Claim:
    """One sourced statement of a value.

    Attributes
    ----------
    field : str
        Field it is about (``memory.bandwidth``, ``bf16:sparse``...).
    value : pint.Quantity or str
        The value in the field's canonical unit (or text).
    stated : str
        The value as the source states it, in its own unit (``"80 GB"``), or the derivation.
    source : Source
        Where it was read.
    note : str
        Remark, e.g. the arithmetic of a derived value.
    derived_from : str or None
        Field this value was computed from (``"bf16:sparse"``), with ``factor``.
    factor : float or None
        Multiplier applied to ``derived_from``.
    extra : Mapping[str, str]
        Qualifiers such as ``scope`` (tdp) or ``direction`` (interconnect) or ``date`` (price).
    origin : str
        Catalog file the claim was read from.
    inherited_from : str or None
        Id of the entry it was inherited from through ``base``, if any.
    waive : str
        ``"lint-code: reason"`` when the catalog linter's finding on this value was reviewed
        and the value is right as published.
    """

    field: str
    value: Any
    stated: str
    source: Source
    note: str = ""
    derived_from: str | None = None
    factor: float | None = None
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_dict, hash=False)
    origin: str = ""
    inherited_from: str | None = None
    waive: str = ""

    @property
    def kind(self) -> SourceKind:
        """The kind of the source (``derived`` values keep their source's kind)."""
        return self.source.kind


@attrs.frozen
class Provenance:
    """All claims about one field of one entry, and the chosen one.

    Attributes
    ----------
    field : str
        The field.
    claims : tuple of Claim
        Every claim, in catalog order.
    chosen : Claim
        The claim the entry's value comes from.
    reason : str
        Why it was chosen (empty when there is only one claim).
    """

    field: str
    claims: tuple[Claim, ...]
    chosen: Claim
    reason: str = ""

    @property
    def disputed(self) -> bool:
        """Whether the claims disagree on the value (beyond 0.1 %)."""
        lo, hi = self.range
        if isinstance(lo, str):
            return bool(lo != hi)
        return bool(hi.magnitude > lo.magnitude * 1.001)

    @property
    def range(self) -> tuple[Any, Any]:
        """(lowest, highest) claimed value, in the field's unit (text fields: first, last)."""
        values = [c.value for c in self.claims]
        if isinstance(values[0], str):
            return values[0], values[-1]
        mags = sorted(v.magnitude for v in values)
        unit = values[0].units
        reg_q = type(values[0])
        return reg_q(mags[0], unit), reg_q(mags[-1], unit)


@attrs.frozen
class Memory:
    """On-package memory.

    Attributes
    ----------
    capacity : pint.Quantity [GB]
        Capacity in decimal gigabytes (a vendor's "GiB" is converted, not relabelled).
    bandwidth : pint.Quantity [TB/s]
        Peak bandwidth.
    type : str or None
        Technology, e.g. ``"HBM3e"``.
    """

    capacity: Value = quantity_field("GB", "memory capacity")
    bandwidth: Value = quantity_field("TB/s", "peak memory bandwidth")
    type: str | None = None


@attrs.frozen
class Power:
    """Power rating.

    Attributes
    ----------
    tdp : pint.Quantity [W]
        Thermal design power.
    scope : str
        What the figure covers: chip, package, card, module, superchip or system.
    """

    tdp: Value = quantity_field("W", "thermal design power")
    scope: str = attrs.field(default="card", validator=attrs.validators.in_(TDP_SCOPES))


@attrs.frozen
class Interconnect:
    """Scale-up interconnect (NVLink, HCCS, Infinity Fabric, ICI...).

    Attributes
    ----------
    bandwidth : pint.Quantity [GB/s]
        Bandwidth as stated, in the stated direction.
    direction : str
        ``"bidirectional"`` (both directions added), ``"unidirectional"`` (each way) or
        ``"unstated"`` (the source does not say).
    name : str or None
        Interconnect name.
    """

    bandwidth: Value = quantity_field("GB/s", "scale-up interconnect bandwidth")
    direction: str = attrs.field(default="bidirectional", validator=attrs.validators.in_(DIRECTIONS))
    name: str | None = None

    @property
    def bidirectional(self) -> Any:
        """Bandwidth with both directions added [GB/s] (a per-direction figure times two).

        Raises
        ------
        MissingSpecError
            If the source did not state the direction (``direction == "unstated"``).
        """
        if self.direction == "unstated":
            bw = self.bandwidth
            entry = bw.entry if isinstance(bw, NotDisclosed) else "?"
            raise MissingSpecError(entry, "interconnect.bandwidth",
                                   "the source does not say whether it is per direction or both")
        return self.bandwidth * 2 if self.direction == "unidirectional" else self.bandwidth


@attrs.frozen
class Price:
    """A price with its currency and the date it applied; no exchange rate is ever applied.

    Attributes
    ----------
    amount : pint.Quantity [currency]
        Amount in its own currency (USD, CNY, EUR).
    date : str
        When the price applied.
    """

    amount: Any = attrs.field()
    date: str = ""

    @amount.validator
    def _check(self, _: Any, value: Any) -> None:
        if not is_quantity(value) or not str(value.dimensionality).startswith("[currency_"):
            raise UnitError(f"Price.amount needs a currency quantity (USD, CNY...), got {value!r}")
        _positive(value, "Price.amount")


def _parts_tuple(items: Iterable[Part]) -> tuple[Part, ...]:
    return tuple(items)


def _sources_tuple(items: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(items)


# Converters are plain Python functions, not builtins such as ``tuple`` or the ``Status`` class:
# attrs reads a converter's signature, and for a builtin that means tokenizing its text
# signature, which compiles tokenize's large regular expression at import time (~4 ms).
def _str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _status(value: Status | str) -> Status:
    return Status(value)


def _freeze_compute(value: Mapping[str, Any]) -> Mapping[str, Any]:
    out: dict[str, Any] = {}
    for name, q in dict(value).items():
        key = parse_compute_field(name)
        what = f"compute[{key.name!r}]"
        out[key.name] = _positive(to_unit(q, key.unit, what=what), what)
    return FrozenDict(out)


Compute = Mapping[str, Any]


@attrs.frozen(kw_only=True)
class Accelerator:
    """One accelerator (chip, card or module) with sourced, unit-typed figures.

    Build one from the catalog with :func:`accelspec.get`; build your own (for a what-if) with
    keyword arguments and quantities, or with :func:`attrs.evolve` from a catalog entry.

    Attributes
    ----------
    id : str
        Catalog id, e.g. ``"nvidia-h200-sxm"``.
    name : str
        Display name.
    vendor : str
        Vendor.
    family : str or None
        Architecture or product family.
    form_factor : str or None
        SXM5, PCIe, OAM...
    status : Status
        shipping, announced, roadmap or discontinued.
    aliases : tuple of str
        Other names (Chinese names included).
    memory : Memory
        Capacity [GB], bandwidth [TB/s], type.
    compute : Mapping[str, pint.Quantity]
        Peak rates [TFLOP/s or TOP/s] keyed by field name (``"bf16"``, ``"fp8:sparse"``,
        ``"fp32:vector"``); use :meth:`peak` rather than indexing.
    power : Power
        TDP [W] and its scope.
    interconnect : Interconnect
        Scale-up bandwidth [GB/s] and direction.
    process : str or None
        Process node.
    die_area : pint.Quantity [mm²]
        Total logic die area.
    dies : pint.Quantity [count]
        Number of logic dies.
    transistors : pint.Quantity [billion]
        Transistor count.
    sram : pint.Quantity [MB]
        On-chip SRAM capacity (caches, scratchpad, local memory), never counted as memory
        capacity.
    families : tuple of str
        Family names under which lookup finds this entry among others (``"MI300"``,
        ``"Blackwell"``); a family name never resolves silently to one member.
    price : Price or None
        Dated price in its currency.
    released : str or None
        Release date.
    provenance : Mapping[str, Provenance]
        Claims for every catalog field; see :meth:`claims`.
    parts : tuple of Part
        For a system (a server, rack or supernode): the accelerators it is made of. Its memory
        and compute figures are then computed as count x the part's value (derived claims), with
        the system's own published figures kept as further claims. Empty for a single chip.
    references : tuple of Source
        Documents that confirm the entry itself (existence, status, form factor) without
        giving a particular value.
    note : str
        Remarks on the entry as a whole.
    origin : str
        Catalog file(s) the entry came from.
    """

    id: str
    name: str
    vendor: str
    family: str | None = None
    form_factor: str | None = None
    status: Status = attrs.field(default=Status.SHIPPING, converter=_status)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    memory: Memory = attrs.field(factory=Memory)
    compute: Compute = attrs.field(factory=dict, converter=_freeze_compute, hash=False)
    power: Power = attrs.field(factory=Power)
    interconnect: Interconnect = attrs.field(factory=Interconnect)
    process: str | None = None
    die_area: Value = quantity_field("mm^2", "total logic die area")
    dies: Value = quantity_field("count", "logic dies in the package")
    transistors: Value = quantity_field("billion", "transistor count")
    sram: Value = quantity_field("MB", "on-chip SRAM capacity (not memory capacity)")
    families: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, eq=False)
    price: Price | None = None
    released: str | None = None
    provenance: Mapping[str, Provenance] = attrs.field(
        factory=dict, converter=_frozen_dict, eq=False, hash=False, repr=False
    )
    parts: tuple[Part, ...] = attrs.field(default=(), converter=_parts_tuple)
    references: tuple[Source, ...] = attrs.field(default=(), converter=_sources_tuple, eq=False, repr=False)
    note: str = attrs.field(default="", eq=False, repr=False)
    origin: str = attrs.field(default="", eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # name every undisclosed figure after this entry, so errors say which chip lacks what
        def named(obj: Any, prefix: str) -> Any:
            changes = {
                f.name: NotDisclosed(self.id, prefix + f.name)
                for f in attrs.fields(type(obj))
                if isinstance(getattr(obj, f.name), NotDisclosed)
                and getattr(obj, f.name).entry != self.id
            }
            return attrs.evolve(obj, **changes) if changes else obj

        object.__setattr__(self, "memory", named(self.memory, "memory."))
        power = named(self.power, "")
        object.__setattr__(self, "interconnect", named(self.interconnect, "interconnect."))
        object.__setattr__(self, "power", power)
        for name in ("die_area", "dies", "transistors", "sram"):
            v = getattr(self, name)
            if isinstance(v, NotDisclosed) and v.entry != self.id:
                object.__setattr__(self, name, NotDisclosed(self.id, name))
        # a value changed after the claims were read (attrs.evolve, a what-if) is no longer what
        # those sources say: drop the field's claims rather than credit them with the new value
        stale = [f for f, p in self.provenance.items() if not _agrees(self._current(f), p.chosen.value)]
        if stale:
            kept = {f: p for f, p in self.provenance.items() if f not in stale}
            object.__setattr__(self, "provenance", _frozen_dict(kept))

    def _current(self, field: str) -> Any:
        getter = _FIELD_GETTERS.get(field)
        if getter is not None:
            return getter(self)
        return self.compute.get(field)

    @property
    def is_system(self) -> bool:
        """Whether this entry is a system made of other catalog entries."""
        return bool(self.parts)

    @property
    def tdp(self) -> Value:
        """Thermal design power [W] (scope in ``power.scope``)."""
        return self.power.tdp

    def interconnect_bidirectional(self) -> Any:
        """Scale-up bandwidth with both directions added [GB/s] (see
        :attr:`Interconnect.bidirectional`).

        Raises
        ------
        MissingSpecError
            Naming this entry, when the bandwidth is not disclosed or its source does not say
            whether it is per direction or both directions added.
        """
        self.value("interconnect.bandwidth")
        try:
            return self.interconnect.bidirectional
        except MissingSpecError:
            raise MissingSpecError(self.id, "interconnect.bandwidth",
                                   "its source does not say whether it is per direction or both") from None

    def peak(self, precision: str, sparse: bool = False, *, engine: str | None = None) -> Any:
        """Peak compute rate for a precision.

        Parameters
        ----------
        precision : str
            ``"bf16"``, ``"FP8"``, ``"int8"``... (case-insensitive).
        sparse : bool
            ``False`` (default) for the dense rate; ``True`` for the 2:4-sparse matrix rate.
            A sparse figure is never derived by doubling a dense one here.
        engine : {"matrix", "vector"} or None
            ``None`` gives the matrix (tensor) rate when the catalog has one, else the vector
            rate; name an engine to insist on it.

        Returns
        -------
        pint.Quantity
            In TFLOP/s (floating point) or TOP/s (integer).

        Raises
        ------
        MissingSpecError
            If the catalog holds no such figure; the message says what it does hold.
        UnknownMetricError
            If the precision is not known.
        """
        if engine not in (None, "matrix", "vector"):
            from accelspec.errors import InvalidArgumentError

            raise InvalidArgumentError(f"engine must be 'matrix', 'vector' or None, got {engine!r}")
        p = parse_precision(precision)
        if engine is not None:
            field = p + (":vector" if engine == "vector" else "") + (":sparse" if sparse else "")
            parse_compute_field(field)
            candidates = [field]
        elif sparse:
            candidates = [f"{p}:sparse"]
        else:
            candidates = [p, f"{p}:vector"]
        for c in candidates:
            if c in self.compute:
                return self.compute[c]
        held = ", ".join(sorted(k for k in self.compute if k.split(":")[0] == p))
        hint = f"the catalog holds {held}" if held else f"no {p.upper()} figure at all"
        if not sparse and f"{p}:sparse" in self.compute and not any(
            k in self.compute for k in (p, f"{p}:vector")
        ):
            hint = (f"only the 2:4-sparse figure is published; pass sparse=True, and do not "
                    f"halve it unless the vendor says so")
        raise MissingSpecError(self.id, candidates[0], hint)

    def value(self, field: str) -> Any:
        """The value of a catalog field (``"memory.bandwidth"``, ``"tdp"``, ``"fp8:sparse"``...).

        Raises
        ------
        MissingSpecError
            If the entry does not disclose it.
        UnknownMetricError
            If the field name is not known.
        """
        info = field_info(field)
        getter = _FIELD_GETTERS.get(info.name)
        if getter is None:  # a compute field
            if info.name in self.compute:
                return self.compute[info.name]
            raise MissingSpecError(self.id, info.name)
        v = getter(self)
        if v is None or isinstance(v, NotDisclosed):
            raise MissingSpecError(self.id, info.name)
        return v

    def has(self, field: str) -> bool:
        """Whether the entry discloses ``field``."""
        try:
            self.value(field)
        except MissingSpecError:
            return False
        return True

    def claims(self, field: str) -> tuple[Claim, ...]:
        """Every sourced claim for ``field``, in catalog order (empty if none).

        Examples
        --------
        >>> import accelspec as acs
        >>> {c.stated for c in acs.get("H200").claims("memory.bandwidth")}
        {'4.8 TB/s'}

        Raises
        ------
        UnknownMetricError
            If the field name is not known (as :meth:`value` does).
        """
        field_info(field)
        p = self.provenance.get(field)
        return p.claims if p is not None else ()

    def range(self, field: str) -> tuple[Any, Any, Any]:
        """(low, chosen, high) over the claims for a quantity field.

        Raises
        ------
        MissingSpecError
            If the entry does not disclose ``field``.
        """
        chosen = self.value(field)
        p = self.provenance.get(field)
        if p is None:
            return chosen, chosen, chosen
        lo, hi = p.range
        return lo, chosen, hi

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source cited by this entry, without repeats, in catalog order."""
        seen: dict[str, Source] = {s.id: s for s in self.references}
        for p in self.provenance.values():
            for c in p.claims:
                seen.setdefault(c.source.id, c.source)
        return tuple(seen.values())

    def with_(self, changes: Mapping[str, Any] | None = None, /, *, note: str = "",
              **fields: Any) -> Accelerator:
        """A what-if copy with some figures replaced, each recorded as a what-if claim.

        Parameters
        ----------
        changes : mapping of field name to value, optional
            ``{"memory.bandwidth": Q_(8, "TB/s")}``; a value may be a quantity, a string
            (``"8 TB/s"``) or a number in the field's unit.
        note : str
            Why (kept on each what-if claim).
        **fields
            The same with ``.`` and ``:`` written as ``_`` (``memory_bandwidth="8 TB/s"``,
            ``bf16_sparse=...``).

        Returns
        -------
        Accelerator
            Its provenance for each changed field is one claim from a source of kind
            ``estimate`` whose id is ``what-if``: the old sources are not credited with it.

        Raises
        ------
        UnknownMetricError
            For an unknown field, or one that cannot be varied (text fields).
        UnitError
            For a value of the wrong dimension.

        Examples
        --------
        >>> import accelspec as acs
        >>> h20 = acs.get("H20").with_(memory_bandwidth="8 TB/s", note="HBM3e refresh")
        >>> [c.source.id for c in h20.claims("memory.bandwidth")], h20.range("memory.bandwidth")[0]
        (['what-if'], <Quantity(8.0, 'terabyte / second')>)
        """
        from accelspec.errors import UnknownMetricError
        from accelspec.units import Q_

        wanted = dict(changes or {})
        for key, v in fields.items():
            name = key if key in _FIELD_GETTERS else _kw_field(key)
            wanted[name] = v
        out: Accelerator = self
        claims: dict[str, Provenance] = {}
        source = Source(id="what-if", title="what-if" + (f": {note}" if note else ""), url="", publisher="user",
                        date="", kind=SourceKind.ESTIMATE, note=note)
        for name, v in wanted.items():
            info = field_info(name)
            if info.kind != "quantity":
                raise UnknownMetricError(name, what="field that can be varied (a quantity)")
            if isinstance(v, str):
                num, _, unit = v.strip().partition(" ")
                try:
                    v = Q_(float(num.replace(",", "")), unit.strip() or str(info.unit))
                except ValueError:
                    raise UnitError(f"what-if {name}: cannot read {v!r} as '<number> <unit>'") from None
            q = v
            unit = str(info.unit)
            q = to_unit(q if is_quantity(q) else Q_(float(q), unit), unit, what=f"what-if {name}")
            out = _replaced(out, info.name, q)
            claim = Claim(field=info.name, value=q, stated=f"what-if {q.magnitude:g} {unit}",
                          source=source, note=note or "what-if, not a published figure")
            claims[info.name] = Provenance(info.name, (claim,), claim, "what-if")
        return attrs.evolve(out, provenance={**out.provenance, **claims})

    def __repr__(self) -> str:
        from accelspec.formatting import format_number, scaled_unit

        bits = []
        for field, label in (("memory.capacity", ""), ("memory.bandwidth", ""), ("bf16", " BF16"), ("tdp", "")):
            try:
                v = self.value(field) if field != "bf16" else self.peak("bf16")
            except Exception:  # a what-if or a partial entry: leave the figure out
                continue
            unit = f"{v.units:~P}"
            if self.parts:  # a system reads better in PFLOP/s and kW
                unit = scaled_unit(unit, abs(float(v.magnitude)))
            bits.append(f"{format_number(float(v.to(unit).magnitude))} {unit}{label}")
        system = f", system of {sum(p.count for p in self.parts)}" if self.parts else ""
        return f"<Accelerator {self.id}: {self.name}{system}" + (f", {', '.join(bits)}" if bits else "") + ">"

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    def _repr_html_(self) -> str:
        """A notebook table: field, value, low–high over the claims, source (kind, date), notes."""
        import html

        from accelspec.formatting import format_number

        def text(v: Any) -> str:
            return str(v) if isinstance(v, str) else f"{format_number(float(v.magnitude))} {v.units:~P}"

        rows = []
        disputed = False
        for field, p in self.provenance.items():
            lo, hi = p.range
            rng = ""
            if p.disputed and not isinstance(lo, str):
                rng = f"{format_number(float(lo.magnitude))}–{format_number(float(hi.magnitude))}"
                disputed = True
            src = p.chosen.source
            note = f"= {p.chosen.derived_from} × {p.chosen.factor:g}" if p.chosen.derived_from else ""
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in (
                field, text(p.chosen.value) + (" *" if rng else ""), rng,
                f"{src.id} ({src.kind.value}, {src.date})", note)) + "</tr>")
        head = "".join(f"<th>{h}</th>" for h in ("field", "value", "range", "source", "notes"))
        legend = "* sources disagree; chosen value shown, range over every claim" if disputed else ""
        return (f"<p><b>{html.escape(self.name)}</b> <code>{html.escape(self.id)}</code> "
                f"{html.escape(self.vendor)} · {self.status.value}</p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                + (f'<p style="font-size:smaller">{legend}</p>' if legend else ""))


def _kw_field(key: str) -> str:
    """``memory_bandwidth`` → ``memory.bandwidth``, ``bf16_sparse`` → ``bf16:sparse``."""
    for prefix in ("memory_", "interconnect_"):
        if key.startswith(prefix):
            return prefix[:-1] + "." + key[len(prefix):]
    return key.replace("_", ":") if key.split("_")[0] not in ("die",) else key


def _replaced(acc: Accelerator, field: str, q: Any) -> Accelerator:
    if field.startswith("memory."):
        return attrs.evolve(acc, memory=attrs.evolve(acc.memory, **{field.split(".", 1)[1]: q}))
    if field == "tdp":
        return attrs.evolve(acc, power=attrs.evolve(acc.power, tdp=q))
    if field == "interconnect.bandwidth":
        return attrs.evolve(acc, interconnect=attrs.evolve(acc.interconnect, bandwidth=q))
    if field == "price":
        if acc.price is None:
            raise MissingSpecError(acc.id, "price", "there is no dated price to replace")
        return attrs.evolve(acc, price=attrs.evolve(acc.price, amount=q))
    if field in ("die_area", "dies", "transistors"):
        return attrs.evolve(acc, **{field: q})
    return attrs.evolve(acc, compute={**acc.compute, field: q})


def _agrees(current: Any, claimed: Any) -> bool:
    """Whether a field's current value is still its chosen claim's (to 1e-9, same unit)."""
    if current is None or isinstance(current, NotDisclosed):
        return False
    if isinstance(claimed, str) or isinstance(current, str):
        return bool(current == claimed)
    try:
        a = float(current.magnitude)
        b = float(claimed.to(current.units).magnitude)
    except Exception:  # pragma: no cover - a unit that no longer converts: not the same value
        return False
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _chosen(a: Accelerator, field: str) -> Any:
    p = a.provenance.get(field)
    return p.chosen.value if p is not None else None


_FIELD_GETTERS: dict[str, Any] = {
    "memory.capacity": lambda a: a.memory.capacity,
    "memory.bandwidth": lambda a: a.memory.bandwidth,
    "memory.type": lambda a: a.memory.type,
    "tdp": lambda a: a.power.tdp,
    "interconnect.bandwidth": lambda a: a.interconnect.bandwidth,
    "interconnect.name": lambda a: a.interconnect.name,
    "process": lambda a: a.process,
    "die_area": lambda a: a.die_area,
    "dies": lambda a: a.dies,
    "transistors": lambda a: a.transistors,
    "sram": lambda a: a.sram,
    "tpp.published": lambda a: _chosen(a, "tpp.published"),
    "price": lambda a: a.price.amount if a.price is not None else None,
    "released": lambda a: a.released,
}
