"""Readings for claim checking: the catalog figures a bare ratio or amount may have been read from.

A :class:`Term` is one figure of one accelerator as a claim check sees it (its dense BF16 rate,
its memory bandwidth, its FP8 rate per watt of TDP), with the spread of the catalog's claims as
``low`` / ``value`` / ``high``. A :class:`ReadingProvider` names the terms of one *group*
(``compute``, ``memory.bandwidth``, ``perf_per_watt``...) and says which different terms of that
group a ratio reading may set against each other (dense against sparse, one precision against
another). :func:`accelspec.claims.check_claim` asks every provider in :data:`PROVIDERS`:
peak compute, memory capacity and bandwidth, scale-up bandwidth, TDP, performance per watt,
export-control TPP (:mod:`accelspec.export_control`) and LLM decode and prefill throughput
bounds, memory-bound and compute-bound (:mod:`accelspec.workloads.llm`); :func:`add_provider` registers
more, so new readings need no change to the checker. :func:`ratio_readings` and :func:`amount_readings` turn terms
into :class:`Reading` objects: a value with its spread, whether it reproduces the claimed
number, and whether it is like for like (and if not, why).

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

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import attrs

from accelspec.errors import MissingSpecError, UnitError, UnknownAcceleratorError
from accelspec.fields import INTEGER_PRECISIONS, parse_compute_field
from accelspec.spec import Accelerator
from accelspec.units import parse_unit, to_unit

__all__ = [
    "COMPUTE",
    "GROUP_UNITS",
    "MAIN_KEYS",
    "PROVIDERS",
    "NotEvaluable",
    "Reading",
    "ReadingProvider",
    "Term",
    "WORKLOADS",
    "add_provider",
    "amount_readings",
    "differences",
    "field_term",
    "on_metric",
    "order",
    "pair_allowed",
    "ratio_readings",
    "same_figure",
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
        return self.precision in INTEGER_PRECISIONS


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
    main : tuple of str
        Keys always tried, even when neither chip lists them, so a check reports why a main
        figure is missing.
    """

    group: str
    keys: Callable[[Accelerator], Iterable[str]]
    term: Callable[[Accelerator, str], Term]
    mix: Mix = "none"
    main: tuple[str, ...] = ()


def _spread(acc: Accelerator, field: str, unit: str) -> tuple[float, float, float]:
    """(lowest claim, chosen, highest claim) of ``field`` as floats in ``unit``."""
    target = parse_unit(unit)
    lo, chosen, hi = (float(q.magnitude) if q.units == target else
                      float(to_unit(q, unit, what=f"{acc.id} {field}").magnitude)
                      for q in acc.range(field))
    return lo, chosen, hi


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
    stated = acc.value(key)
    label = "scale-up bandwidth (both directions)"
    if acc.interconnect is not None and acc.interconnect.direction == "unstated":
        # the source does not say per direction or both: compare with the figure as stated
        factor, label = 1.0, "scale-up bandwidth (as stated; direction not given)"
    else:
        factor = float((acc.interconnect_bidirectional() / stated).to("count").magnitude)
    lo, v, hi = _spread(acc, key, "GB/s")
    return Term("interconnect.bandwidth", key, label, "GB/s", lo * factor, v * factor,
                hi * factor)


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


def _tpp_term(acc: Accelerator, key: str) -> Term:
    from accelspec.export_control.tpp import tpp_range

    try:
        lo, v, hi = tpp_range(acc)
    except UnknownAcceleratorError as exc:  # a system whose parts only a user catalog holds
        raise MissingSpecError(acc.id, key, f"its parts are not in the packaged catalog: {exc}") \
            from None
    return Term("tpp", "tpp", "TPP (dense rate x bit length)", "count", lo, v, hi)


#: LLM workloads read by the ``llm`` provider: a memory-bound decode and a compute-bound prefill.
WORKLOADS: dict[str, tuple[str, int]] = {
    "decode:llama3-8b": ("decode", 0),
    "prefill:llama3-8b": ("prefill", 4096),
}


def _llm_term(acc: Accelerator, key: str) -> Term:
    from accelspec.errors import WorkloadError
    from accelspec.workloads.llm import Decode, Prefill
    from accelspec.workloads.models import LLAMA3_8B

    kind, tokens = WORKLOADS[key]
    workload = Decode(LLAMA3_8B) if kind == "decode" else Prefill(LLAMA3_8B, tokens)
    try:
        bound = workload.evaluate(acc, 1)
    except WorkloadError as exc:
        raise MissingSpecError(acc.id, key, str(exc)) from None
    v = float(to_unit(bound.performance, "token/s", what=f"{acc.id} {key}").magnitude)
    return Term("llm", key, f"{workload.describe()} ({bound.bound}-bound bound)", "token/s", v, v, v)


#: Peak compute rates, every precision, dense and sparse, matrix and vector.
COMPUTE = ReadingProvider("compute", lambda acc: tuple(acc.compute), _compute_term, mix="all",
                          main=("bf16", "fp16", "fp8"))

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
    ReadingProvider("tpp", lambda acc: ("tpp",), _tpp_term),
    ReadingProvider("llm", lambda acc: tuple(WORKLOADS), _llm_term),
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


#: Canonical unit of each built-in group (a named metric must fit an amount's dimension).
GROUP_UNITS: dict[str, str] = {
    "compute": "TFLOP/s", "memory.capacity": "GB", "memory.bandwidth": "TB/s",
    "interconnect.bandwidth": "GB/s", "tdp": "W", "perf_per_watt": "GFLOP/s/W", "tpp": "count",
    "llm": "token/s",
}


def on_metric(term: Term, metric: str | None) -> bool:
    """Whether ``term`` reads the metric a claim names (``"fp32"``: any FP32 rate)."""
    if metric is None or metric in (term.group, term.key):
        return True
    group, sep, rest = metric.partition(":")
    if not sep:
        return term.group == "compute" and term.precision == metric
    return group == term.group and rest == term.precision


@attrs.frozen
class Reading:
    """One way of reading a claim's number from the catalog.

    Attributes
    ----------
    group : str
        Reading group (``compute``, ``memory.bandwidth``...).
    subject, object : Term, Term or None
        The figures set against each other (``object`` is ``None`` for an absolute claim).
    low, value, high : float
        The reading over the spread of the catalog's claims: a plain ratio for a ratio claim,
        an amount in :attr:`unit` for an absolute claim.
    unit : str
        ``""`` for a ratio; the claim's own unit for an amount.
    like_for_like : bool
        Same figure on both sides (precision, sparsity, engine, TDP scope), on the metric the
        claim names; for an amount, a dense rate or a plain field on the named metric.
    on_metric : bool
        Whether it reads the metric the claim names (always true when it names none).
    differences : tuple of str
        Why it is not like for like (empty when it is).
    description : str
        ``"NVIDIA H20 dense BF16 vs NVIDIA H200 SXM 2:4-sparse BF16"``.
    matches : bool
        Whether it reproduces the claim within the tolerance, over the spread of claims.
    exact : bool
        Whether the chosen catalog values alone reproduce it (not only a disputed claim).
    distance : float
        ``|ln(value / nearest end of the claim)|``, 0 inside the claimed range.
    """

    group: str
    subject: Term
    object: Term | None
    low: float
    value: float
    high: float
    unit: str
    like_for_like: bool
    on_metric: bool
    differences: tuple[str, ...]
    description: str
    matches: bool
    exact: bool
    distance: float

    @property
    def key(self) -> str:
        """The subject's term key (``"bf16"``, ``"memory.bandwidth"``)."""
        return self.subject.key

    @property
    def reason(self) -> str:
        """The description, with why it is not like for like in brackets."""
        return self.description + (f" ({'; '.join(self.differences)})" if self.differences else "")

    def figure(self) -> str:
        """The value as printed, with its spread when the catalog's claims disagree."""
        from accelspec.formatting import format_number

        out = format_number(self.value) + (f" {self.unit}" if self.unit else "")
        if self.high > self.low * 1.001:
            out += f" (claims {format_number(self.low)}-{format_number(self.high)})"
        return out

    def to_dict(self) -> dict[str, Any]:
        """The reading as plain data."""
        return {"description": self.description, "group": self.group, "subject": self.subject.key,
                "object": None if self.object is None else self.object.key, "value": self.value,
                "low": self.low, "high": self.high, "unit": self.unit,
                "like_for_like": self.like_for_like, "on_metric": self.on_metric,
                "differences": list(self.differences), "matches": self.matches, "exact": self.exact}


@attrs.frozen
class NotEvaluable:
    """Readings that could not be made, and why (the :class:`MissingSpecError` messages).

    Attributes
    ----------
    what : str
        The figures concerned (``"fp64"``, ``"interconnect.bandwidth"``).
    reason : str
        Why: which chip does not disclose which field.
    """

    what: str
    reason: str


def _match(lo: float, v: float, hi: float, c_lo: float, c_hi: float,
           tol: float) -> tuple[bool, bool, float]:
    matches = lo * (1 - tol) <= c_hi and hi * (1 + tol) >= c_lo
    exact = v * (1 - tol) <= c_hi and v * (1 + tol) >= c_lo
    distance = 0.0 if c_lo <= v <= c_hi else min(abs(math.log(v / c_lo)), abs(math.log(v / c_hi)))
    return matches, exact, distance


# (provider term function, accelerator, key) -> the term or the MissingSpecError message; the
# accelerator is kept in the value so its id is not reused while the entry lives
_TERMS: dict[tuple[int, int, str], tuple[Accelerator, Any, Term | str]] = {}
_TERMS_MAX = 8192


def _terms(p: ReadingProvider, acc: Accelerator, keys: Sequence[str],
           missing: dict[str, list[str]]) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for k in keys:
        ck = (id(p.term), id(acc), k)
        hit = _TERMS.get(ck)
        if hit is None or hit[0] is not acc or hit[1] is not p.term:
            try:
                value: Term | str = p.term(acc, k)
            except MissingSpecError as exc:
                value = str(exc)
            if len(_TERMS) >= _TERMS_MAX:
                _TERMS.clear()
            hit = _TERMS[ck] = (acc, p.term, value)
        if isinstance(hit[2], str):
            missing.setdefault(k, []).append(hit[2])
        else:
            out[k] = hit[2]
    return out


def ratio_readings(s: Accelerator, o: Accelerator, ratio: tuple[float, float], metric: str | None,
                   tolerance: float, providers: Sequence[ReadingProvider]
                   ) -> tuple[tuple[Reading, ...], tuple[NotEvaluable, ...]]:
    """Every reading of ``s / o`` against a claimed ratio range.

    Returns
    -------
    (readings, gaps)
        Readings ordered as :func:`order` does (ratios are plain floats), and the readings that
        could not be made, one entry per missing figure.
    """
    c_lo, c_hi = ratio
    tol = tolerance
    readings: list[Reading] = []
    gaps: list[NotEvaluable] = []
    for p in providers:
        keys = list(dict.fromkeys([*p.keys(s), *p.keys(o), *p.main]))
        missing: dict[str, list[str]] = {}
        st, ot = _terms(p, s, keys, missing), _terms(p, o, keys, missing)
        pairs = [(st[k], ot[k]) for k in keys if k in st and k in ot]
        gaps += [NotEvaluable(k, "; ".join(missing[k])) for k in keys if k in missing]
        if p.mix != "none":
            pairs += [(a, b) for a in st.values() for b in ot.values()
                      if a.key != b.key and pair_allowed(p.mix, a, b)]
        for a, b in pairs:
            lo, v, hi = a.low / b.high, a.value / b.value, a.high / b.low
            on = on_metric(a, metric) or on_metric(b, metric)
            diffs = differences(a, b) + (() if on else (f"the claim names {metric}",))
            m, exact, dist = _match(lo, v, hi, c_lo, c_hi, tol)
            readings.append(Reading(p.group, a, b, lo, v, hi, "", not diffs, on, diffs,
                                    f"{s.name} {a.label} vs {o.name} {b.label}", m, exact, dist))
    return order(readings), _dedupe(gaps)


def amount_readings(s: Accelerator, amount: tuple[Any, Any], metric: str | None, tolerance: float,
                    providers: Sequence[ReadingProvider]
                    ) -> tuple[tuple[Reading, ...], tuple[NotEvaluable, ...]]:
    """Every reading of one accelerator's figures against a claimed amount (low, high).

    Returns
    -------
    (readings, gaps)
        Readings in the amount's unit, ordered as :func:`order` does, and the figures of the
        amount's dimension that could not be read.
    """
    q_lo, q_hi = amount
    tol = tolerance
    unit = f"{q_lo.units}"
    c_lo, c_hi = float(q_lo.magnitude), float(to_unit(q_hi, unit, what="amount").magnitude)
    counts_flops = "FLOP" in unit
    sparse_named = bool(metric and metric.endswith(":sparse"))
    readings: list[Reading] = []
    gaps: list[NotEvaluable] = []
    factors: dict[str, float | None] = {}

    def factor(term_unit: str) -> float | None:
        """How many of the term's unit make one of the claim's, None for another dimension."""
        if term_unit not in factors:
            try:
                factors[term_unit] = float(to_unit(q_lo / q_lo.magnitude, term_unit,
                                                   what="claimed amount").magnitude)
            except UnitError:
                factors[term_unit] = None
        return factors[term_unit]

    for p in providers:
        missing: dict[str, list[str]] = {}
        terms = _terms(p, s, list(dict.fromkeys([*p.keys(s), *p.main])), missing)
        group_unit = GROUP_UNITS.get(p.group) or next((t.unit for t in terms.values()), None)
        if group_unit is not None and factor(group_unit) is not None:
            gaps += [NotEvaluable(k, "; ".join(v)) for k, v in missing.items()]
        for t in terms.values():
            f = factor(t.unit)
            if f is None:
                continue  # another dimension: not a reading of this amount
            lo, v, hi = t.low / f, t.value / f, t.high / f
            on = on_metric(t, metric)
            diffs: tuple[str, ...] = ()
            if t.sparse and not sparse_named:
                diffs += ("a 2:4-sparse rate quoted as plain performance",)
            if t.integer and counts_flops:
                diffs += (f"{(t.precision or '').upper()} integer operations counted as FLOPs",)
            if not on:
                diffs += (f"the claim names {metric}",)
            m, exact, dist = _match(lo, v, hi, c_lo, c_hi, tol)
            readings.append(Reading(p.group, t, None, lo, v, hi, f"{q_lo.units:~P}", not diffs, on,
                                    diffs, f"{s.name} {t.label}", m, exact, dist))
    return order(readings), _dedupe(gaps)


def _dedupe(gaps: Sequence[NotEvaluable]) -> tuple[NotEvaluable, ...]:
    by_reason: dict[str, list[str]] = {}
    for g in gaps:
        by_reason.setdefault(g.reason, [])
        if g.what not in by_reason[g.reason]:
            by_reason[g.reason].append(g.what)
    return tuple(NotEvaluable(", ".join(whats), reason) for reason, whats in by_reason.items())


def order(readings: Sequence[Reading]) -> tuple[Reading, ...]:
    """Matching readings first; among them like for like, on the named metric, fewest
    differences, exact, main precisions (BF16, FP16, FP8) first, then closest."""
    rank = {k: i for i, k in enumerate(MAIN_KEYS)}

    def where(t: Term | None) -> int:
        return len(rank) if t is None else rank.get(t.precision or t.key, len(rank))

    def key(ir: tuple[int, Reading]) -> tuple[Any, ...]:
        i, r = ir
        return (not r.matches, not r.like_for_like, not r.on_metric, len(r.differences),
                not r.exact, where(r.subject), where(r.object), round(r.distance, 3), i)

    return tuple(r for _, r in sorted(enumerate(readings), key=key))


def same_figure(r: Reading, key: str) -> bool:
    """Whether ``r`` reads figure ``key`` on both sides, whatever metric the claim names."""
    return r.key == key and (r.object is None or r.object.key == key) and all(
        d.startswith("the claim names") for d in r.differences)
