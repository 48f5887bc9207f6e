"""Readings for claim checking: the catalog figures a bare ratio or amount may have been read from.

A :class:`Term` is one figure of one accelerator as a claim check sees it (its dense BF16 rate,
its memory bandwidth, its FP8 rate per watt of TDP), with the spread of the catalog's claims as
``low`` / ``value`` / ``high``. A :class:`ReadingProvider` names the terms of one *group*
(``compute``, ``memory.bandwidth``, ``perf_per_watt``...) and says which different terms of that
group a ratio reading may set against each other (dense against sparse, one precision against
another). :func:`accelspec.claims.check_claim` asks every provider in :data:`PROVIDERS`;
:func:`add_provider` registers more (export-control TPP, roofline bounds), so new readings
need no change to the checker.

Examples
--------
>>> import accelspec as acs
>>> t = COMPUTE.term(acs.get("H200"), "bf16:sparse")
>>> t.label, t.value, t.unit
('2:4-sparse BF16', 1979.0, 'TFLOP/s')
>>> [p.group for p in PROVIDERS][:3]
['compute', 'memory.capacity', 'memory.bandwidth']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

import attrs

from accelspec.errors import MissingSpecError
from accelspec.fields import parse_compute_field
from accelspec.spec import Accelerator
from accelspec.units import to_unit

__all__ = [
    "COMPUTE",
    "MAIN_KEYS",
    "PROVIDERS",
    "ReadingProvider",
    "Term",
    "add_provider",
    "differences",
    "field_term",
    "pair_allowed",
]

Mix = Literal["none", "sparsity", "all"]

#: Keys whose like-for-like ratio a check always reports (the "fair numbers").
MAIN_KEYS: tuple[str, ...] = ("bf16", "fp16", "fp8", "memory.bandwidth", "memory.capacity")


@attrs.frozen
class Term:
    """One figure of one accelerator, with the spread of the catalog's claims.

    Attributes
    ----------
    group : str
        The provider's group, e.g. ``"compute"`` or ``"memory.bandwidth"``.
    key : str
        The figure within the group: ``"bf16:sparse"``, ``"memory.bandwidth"``,
        ``"perf_per_watt:fp8"``. Two terms with the same key (and qualifier) are like for like.
    label : str
        Plain words, e.g. ``"2:4-sparse BF16"``.
    unit : str
        Unit of ``low``, ``value`` and ``high`` (the group's canonical unit).
    low, value, high : float
        Lowest claim, chosen value, highest claim, in ``unit``.
    precision : str or None
        Precision of a compute-based term.
    sparse : bool
        Whether it is a 2:4-sparse rate.
    engine : str or None
        ``"matrix"`` or ``"vector"`` for compute-based terms.
    qualifier : str
        What else must agree for a like-for-like pair, e.g. ``"module"`` (the TDP's scope).
    """

    group: str
    key: str
    label: str
    unit: str
    low: float
    value: float
    high: float
    precision: str | None = None
    sparse: bool = False
    engine: str | None = None
    qualifier: str = ""

    @property
    def integer(self) -> bool:
        """Whether the figure counts integer operations (TOP/s) rather than FLOPs."""
        return self.precision in ("int8", "int4")


@attrs.frozen
class ReadingProvider:
    """A family of terms a claim may have been read from.

    Attributes
    ----------
    group : str
        Name of the family; a claim naming this metric (``"memory.bandwidth"``) selects it.
    keys : callable
        ``keys(acc)`` lists the term keys ``acc`` may provide.
    term : callable
        ``term(acc, key)`` returns the :class:`Term`, raising
        :class:`~accelspec.errors.MissingSpecError` when ``acc`` does not disclose what it needs.
    mix : {"none", "sparsity", "all"}
        Which pairs of *different* keys a ratio reading may form: none, the same precision
        dense against sparse, or any two keys of the group (other precisions too). Such pairs
        are never like for like; they are the unfair readings a claim may rest on.
    """

    group: str
    keys: Callable[[Accelerator], Iterable[str]]
    term: Callable[[Accelerator, str], Term]
    mix: Mix = "none"


def _spread(acc: Accelerator, field: str, unit: str) -> tuple[float, float, float]:
    lo, chosen, hi = acc.range(field)
    return tuple(float(to_unit(q, unit, what=f"{acc.id} {field}").magnitude)  # type: ignore[return-value]
                 for q in (lo, chosen, hi))


def _compute_label(key: str) -> str:
    k = parse_compute_field(key)
    kind = "vector" if k.engine == "vector" else ("2:4-sparse" if k.sparse else "dense")
    return f"{kind} {k.precision.upper()}"


def _compute_term(acc: Accelerator, key: str) -> Term:
    k = parse_compute_field(key)
    acc.value(k.name)  # raises MissingSpecError naming the chip and field
    # FLOP and OP share one dimension at 1:1, so TFLOP/s and TOP/s magnitudes ratio directly
    lo, v, hi = _spread(acc, k.name, k.unit)
    return Term("compute", k.name, _compute_label(k.name), k.unit, lo, v, hi,
                precision=k.precision, sparse=k.sparse, engine=k.engine)


def field_term(group: str, label: str, unit: str) -> ReadingProvider:
    """A provider for one plain catalog field (``memory.capacity``...), its key the field name."""
    def term(acc: Accelerator, key: str) -> Term:
        acc.value(key)
        lo, v, hi = _spread(acc, key, unit)
        return Term(group, key, label, unit, lo, v, hi)

    return ReadingProvider(group, lambda acc: (group,), term)


def _interconnect_term(acc: Accelerator, key: str) -> Term:
    acc.value(key)
    d = acc.interconnect.direction
    if d == "unstated":
        raise MissingSpecError(acc.id, key, "its source does not say whether it is per direction "
                                            "or both directions added")
    factor = 2.0 if d == "unidirectional" else 1.0
    lo, v, hi = _spread(acc, key, "GB/s")
    return Term("interconnect.bandwidth", key, "scale-up bandwidth (both directions)", "GB/s",
                lo * factor, v * factor, hi * factor)


def _tdp_term(acc: Accelerator, key: str) -> Term:
    acc.value("tdp")
    lo, v, hi = _spread(acc, "tdp", "W")
    scope = acc.power.scope
    return Term("tdp", "tdp", f"{scope} TDP", "W", lo, v, hi, qualifier=scope)


def _ppw_term(acc: Accelerator, key: str) -> Term:
    field = key.partition(":")[2]
    c = _compute_term(acc, field)
    acc.value("tdp")
    tlo, tv, thi = _spread(acc, "tdp", "W")
    scope = acc.power.scope
    # TFLOP/s per W = 1000 GFLOP/s per W
    unit = "GOP/s/W" if c.integer else "GFLOP/s/W"
    return Term("perf_per_watt", key, f"{c.label} per watt of {scope} TDP", unit,
                1000 * c.low / thi, 1000 * c.value / tv, 1000 * c.high / tlo,
                precision=c.precision, sparse=c.sparse, engine=c.engine, qualifier=scope)


#: Peak compute rates, every precision, dense and sparse, matrix and vector.
COMPUTE = ReadingProvider("compute", lambda acc: tuple(acc.compute), _compute_term, mix="all")

#: Reading providers asked by :func:`accelspec.claims.check_claim`, in reporting order.
PROVIDERS: list[ReadingProvider] = [
    COMPUTE,
    field_term("memory.capacity", "memory capacity", "GB"),
    field_term("memory.bandwidth", "memory bandwidth", "TB/s"),
    ReadingProvider("interconnect.bandwidth", lambda acc: ("interconnect.bandwidth",),
                    _interconnect_term),
    ReadingProvider("tdp", lambda acc: ("tdp",), _tdp_term),
    ReadingProvider("perf_per_watt", lambda acc: tuple(f"perf_per_watt:{k}" for k in acc.compute),
                    _ppw_term, mix="sparsity"),
]


def add_provider(provider: ReadingProvider) -> None:
    """Register another family of readings (replacing one with the same group).

    Parameters
    ----------
    provider : ReadingProvider
        Its ``term`` must raise :class:`~accelspec.errors.MissingSpecError` for figures a chip
        lacks, never return a zero or infinite value.
    """
    for i, p in enumerate(PROVIDERS):
        if p.group == provider.group:
            PROVIDERS[i] = provider
            return
    PROVIDERS.append(provider)


def pair_allowed(mix: Mix, a: Term, b: Term) -> bool:
    """Whether a ratio reading may set term ``a`` against ``b`` of the same group."""
    if a.key == b.key:
        return True
    if mix == "all":
        return True
    if mix == "sparsity":
        return a.precision == b.precision and a.engine == b.engine
    return False


def differences(a: Term, b: Term) -> tuple[str, ...]:
    """What makes ``a`` against ``b`` not like for like, in plain words (empty when it is)."""
    out: list[str] = []
    if a.sparse != b.sparse:
        out.append(f"{'2:4-sparse' if a.sparse else 'dense'} vs {'2:4-sparse' if b.sparse else 'dense'}")
    if a.precision != b.precision:
        out.append(f"{(a.precision or '?').upper()} vs {(b.precision or '?').upper()}")
    if a.engine != b.engine:
        out.append(f"{a.engine} vs {b.engine} engine")
    if a.qualifier != b.qualifier:
        out.append(f"{a.qualifier} vs {b.qualifier} figure")
    if not out and a.key != b.key:
        out.append(f"{a.key} vs {b.key}")
    return tuple(out)

