"""The catalog linter: policy checks beyond what the loader enforces.

The loader already refuses a value without a source, unknown keys, duplicate ids and colliding
aliases. The linter looks for values that load but are probably wrong, the classic errors of
spec tables:

=====================  ================================================================
code                   finding
=====================  ================================================================
sparse-not-double      a 2:4-sparse matrix rate that is not twice the dense one
matrix-below-vector    a matrix (tensor) rate below the same precision's vector rate
fp8-below-bf16         an FP8 matrix rate below the BF16 one
bandwidth-per-gb       memory bandwidth per GB of capacity outside 2–150 per second
flops-per-watt         dense 16-bit rate per watt outside 0.02–10 TFLOP/s per W
bandwidth-per-watt     memory bandwidth per watt outside 0.2–40 GB/s per W
estimate-unexplained   a claim from an ``estimate`` source without a note giving arithmetic
alias-prefix-trap      an alias that is another entry's alias with a letter prefix (B300/GB300)
system-mismatch        a system's published figure more than 10 % from the sum of its parts
incomplete             a shipping entry without memory capacity, bandwidth and a 16- or 8-bit
                       rate, and without a note saying what was searched
op-unit                an integer rate written in FLOP units, or a float rate in OP units
scope-mismatch         a chip entry whose power is a card, module or system figure, or a
                       card entry whose power is the bare chip's
tpp-published          a published TPP more than 10 % from the TPP computed from the rates
=====================  ================================================================

Examples
--------
>>> import accelspec as acs
>>> lint(acs.catalog())
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import attrs

from accelspec.catalogs import Catalog
from accelspec.errors import MissingSpecError, UnknownMetricError
from accelspec.fields import PRECISION_TABLE, compute_unit, parse_compute_field
from accelspec.lookup import normalise
from accelspec.metrics import get_metric
from accelspec.spec import Accelerator, SourceKind

__all__ = ["CHECKS", "Finding", "computed_tpp", "lint", "lint_measurements"]

BANDWIDTH_PER_GB = (2.0, 150.0)  # 1/s
FLOPS_PER_WATT = (0.02, 10.0)  # TFLOP/s per W, dense 16-bit
BANDWIDTH_PER_WATT = (0.2, 40.0)  # GB/s per W
SYSTEM_TOLERANCE = 0.10
TPP_TOLERANCE = 0.10
#: Words in ``form_factor`` that make an entry a bare chip, and those that make it a card.
CHIP_FORMS = ("chip",)
CARD_FORMS = ("card", "pcie")
#: TDP scopes that cannot describe a bare chip, and those that cannot describe a card.
_NOT_CHIP_SCOPES = ("card", "module", "superchip", "system")
_NOT_CARD_SCOPES = ("chip", "superchip", "system")


@attrs.frozen
class Finding:
    """One lint finding: a code, the entry and field, and what is wrong."""

    code: str
    entry: str
    field: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: [{self.code}] {self.message}"


def _metric(acc: Accelerator, name: str, unit: str) -> float | None:
    """A named metric of ``acc`` in ``unit``, or ``None`` when an input is not disclosed."""
    try:
        return float(get_metric(name)(acc).to(unit).magnitude)
    except MissingSpecError:
        return None


def check_sparsity(acc: Accelerator) -> Iterator[Finding]:
    """Sparse matrix rates must be exactly twice the dense ones (2:4 structured sparsity)."""
    for name, sparse in acc.compute.items():
        if not name.endswith(":sparse"):
            continue
        dense_name = name.removesuffix(":sparse")
        if dense_name in acc.compute:
            r = float((sparse / acc.compute[dense_name]).to("count").magnitude)
            if abs(r - 2.0) > 0.03 * 2:  # published figures are rounded
                yield Finding("sparse-not-double", acc.id, name,
                              f"sparse / dense = {r:.3f}, expected 2 for 2:4 sparsity", acc.origin)


def check_engines(acc: Accelerator) -> Iterator[Finding]:
    """Matrix rates at or above vector rates; FP8 at or above BF16."""
    for name, vec in acc.compute.items():
        if name.endswith(":vector"):
            mat = acc.compute.get(name.removesuffix(":vector"))
            if mat is not None and mat < vec:
                yield Finding("matrix-below-vector", acc.id, name.removesuffix(":vector"),
                              f"matrix rate {mat:~P} below vector rate {vec:~P}", acc.origin)
    fp8, bf16 = acc.compute.get("fp8"), acc.compute.get("bf16")
    if fp8 is not None and bf16 is not None and fp8 < bf16:
        yield Finding("fp8-below-bf16", acc.id, "fp8", f"FP8 {fp8:~P} below BF16 {bf16:~P}", acc.origin)


def check_ratios(acc: Accelerator) -> Iterator[Finding]:
    """Physical plausibility: bandwidth per GB, FLOP/s per W, bandwidth per W."""
    checks = [("bandwidth-per-gb", "memory.bandwidth", "memory.bandwidth_per_capacity", "s^-1",
               BANDWIDTH_PER_GB, "GB/s per GB of capacity"),
              ("bandwidth-per-watt", "memory.bandwidth", "memory.bandwidth_per_watt", "GB/s/W",
               BANDWIDTH_PER_WATT, "GB/s per W")]
    p = next((p for p in ("bf16", "fp16") if p in acc.compute), None)
    if p is not None:
        checks.insert(1, ("flops-per-watt", p, f"perf_per_watt:{p}", "TFLOP/s/W", FLOPS_PER_WATT,
                          "TFLOP/s per W"))
    for code, field, metric, unit, (lo, hi), words in checks:
        r = _metric(acc, metric, unit)
        if r is not None and not lo <= r <= hi:
            yield Finding(code, acc.id, field, f"{r:.3g} {words} is outside {lo:g}–{hi:g}", acc.origin)


def check_estimates(acc: Accelerator) -> Iterator[Finding]:
    """A claim from an estimate must say its arithmetic."""
    for field, prov in acc.provenance.items():
        for c in prov.claims:
            if c.source.kind is SourceKind.ESTIMATE and not c.note:
                yield Finding("estimate-unexplained", acc.id, field,
                              f"estimate from {c.source.id} without a note giving its arithmetic", c.origin)


def check_system(acc: Accelerator) -> Iterator[Finding]:
    """A system's published figures within 10 % of the figures computed from its parts."""
    if not acc.is_system:
        return
    for field, prov in acc.provenance.items():
        computed = prov.chosen
        if computed.derived_from is None or not computed.derived_from.startswith("parts:"):
            continue
        for c in prov.claims:
            if c is computed:
                continue
            r = float((c.value / computed.value).to("count").magnitude)
            if abs(r - 1) > SYSTEM_TOLERANCE:
                yield Finding("system-mismatch", acc.id, field,
                              f"published {c.stated} ({c.source.id}) is {r:.2f}x the sum of the parts",
                              c.origin)


def check_complete(acc: Accelerator) -> Iterator[Finding]:
    """Shipping entries carry the headline figures or a note on what was searched."""
    if acc.status.value != "shipping" or acc.note:
        return
    missing = [f for f in ("memory.capacity", "memory.bandwidth") if not acc.has(f)]
    if not any(acc.has(p) or acc.has(f"{p}:vector") for p in ("bf16", "fp16", "fp8", "int8")):
        missing.append("a 16- or 8-bit rate")
    if missing:
        yield Finding("incomplete", acc.id, missing[0],
                      f"shipping entry lacks {', '.join(missing)} and has no note naming the sources searched",
                      acc.origin)


def check_op_units(acc: Accelerator) -> Iterator[Finding]:
    """Integer precisions in OP units (``TOP/s``), floating-point ones in FLOP units.

    The loader converts either unit, since an operation is an operation; the unit as written is
    a check on the reading: ``INT8 ... TFLOPS`` or ``BF16 ... TOPS`` usually means a
    transcription error or a vendor's loose wording, which the note should say.
    """
    for field, prov in acc.provenance.items():
        try:
            key = parse_compute_field(field)
        except UnknownMetricError:  # a fixed field (memory.capacity...), not a rate
            continue
        for c in prov.claims:
            if c.derived_from is not None or " " not in c.stated:
                continue
            unit = c.stated.split(" ", 1)[1].upper()
            flop = "FLOP" in unit
            if key.is_integer == flop:
                want = compute_unit(key.precision)
                yield Finding("op-unit", acc.id, field,
                              f"{c.stated} ({c.source.id}): {key.precision.upper()} is "
                              f"{'an integer' if key.is_integer else 'a floating-point'} format, "
                              f"write it in {want}", c.origin)


def check_scope(acc: Accelerator) -> Iterator[Finding]:
    """A chip entry carries chip figures and a card entry card figures (power scope)."""
    form = (acc.form_factor or "").casefold()
    prov = acc.provenance.get("tdp")
    if prov is None or acc.is_system:
        return
    is_chip = any(form == w or form.startswith(w + " ") for w in CHIP_FORMS)
    is_card = not is_chip and any(w in form for w in CARD_FORMS)
    for c in prov.claims:
        scope = c.extra.get("scope", "card")
        if (is_chip and scope in _NOT_CHIP_SCOPES) or (is_card and scope in _NOT_CARD_SCOPES):
            yield Finding("scope-mismatch", acc.id, "tdp",
                          f"{c.stated} is a {scope} figure on a {acc.form_factor} entry "
                          f"({c.source.id}); make the {scope} its own entry", c.origin)


def computed_tpp(acc: Accelerator) -> float | None:
    """The TPP the rates give: the highest dense rate x bit length (dimensionless).

    The same rule as :func:`accelspec.export_control.tpp` with the default bit lengths (a dense
    matrix rate, else the vector rate, per precision; sparse rates never count); ``None`` when
    no dense rate is disclosed.
    """
    best: float | None = None
    for p in PRECISION_TABLE:
        field = p.name if p.name in acc.compute else f"{p.name}:vector"
        if field not in acc.compute:
            continue
        v = float(acc.compute[field].to(compute_unit(p.name)).magnitude) * p.bits
        best = v if best is None else max(best, v)
    return best


def check_published_tpp(acc: Accelerator) -> Iterator[Finding]:
    """A published TPP (analyst or government) within 10 % of the one computed from the rates."""
    claims = acc.claims("tpp.published")
    if not claims or acc.is_system:
        return
    computed = computed_tpp(acc)
    if computed is None:
        return
    for c in claims:
        r = float(c.value.to("count").magnitude) / computed
        if abs(r - 1) > TPP_TOLERANCE:
            yield Finding("tpp-published", acc.id, "tpp.published",
                          f"published TPP {c.stated} ({c.source.id}) is {r:.2f}x the TPP "
                          f"{computed:,.0f} computed from the catalog's rates", c.origin)


def check_aliases(cat: Catalog) -> Iterator[Finding]:
    """An alias equal to another entry's alias minus a letter prefix is a trap (B300 vs GB300)."""
    keys: dict[str, str] = {}
    for acc in cat:
        for name in (acc.id, acc.name, *acc.aliases):
            keys.setdefault(normalise(name), acc.id)
    for key, owner in keys.items():
        for cut in (1, 2):
            head, tail = key[:cut], key[cut:]
            if head.isalpha() and tail[:1].isalpha() and any(ch.isdigit() for ch in tail):
                other = keys.get(tail)
                if other is not None and other != owner and not _same_family(cat[owner], cat[other]):
                    yield Finding("alias-prefix-trap", owner, "aliases",
                                  f"{key!r} is {other}'s {tail!r} with the prefix {head!r}", cat[owner].origin)


def _same_family(a: Accelerator, b: Accelerator) -> bool:
    return a.is_system and any(p.accelerator == b.id for p in a.parts)


#: Checks run on every entry.
CHECKS: tuple[Callable[[Accelerator], Iterable[Finding]], ...] = (
    check_sparsity, check_engines, check_ratios, check_estimates, check_system, check_complete,
    check_op_units, check_scope, check_published_tpp,
)


def _waived(cat: Catalog, f: Finding) -> bool:
    # every check reports on an entry of ``cat`` by its id, so the lookup cannot fail
    prov = cat[f.entry].provenance.get(f.field)
    return prov is not None and prov.chosen.waive.startswith(f.code + ":")


def lint(cat: Catalog) -> list[Finding]:
    """Every finding for a catalog, in catalog order (an empty list means clean).

    A finding on a value whose chosen claim carries ``waive = "code: reason"`` is skipped: the
    value was reviewed and is right as published.
    """
    out: list[Finding] = []
    for acc in cat:
        for check in CHECKS:
            out.extend(check(acc))
    out.extend(check_aliases(cat))
    return [f for f in out if not _waived(cat, f)]


#: Below this fraction of its peak a measurement is probably mislabelled (wrong precision, unit
#: or scope) rather than slow.
MEASURED_FLOOR = 0.20


def lint_measurements(cat: Catalog) -> list[Finding]:
    """Findings on the catalog's measurements (``catalog/measurements``), in file order.

    =========================  ==========================================================
    code                       finding
    =========================  ==========================================================
    measured-above-peak        a per-chip value above the catalog figure it is bounded by
    measured-under-20pct       a per-chip value under 20 % of that figure
    integer-rate-in-flop       an integer-precision matrix rate written in FLOP units
    per-node-on-chip           a ``per = "chip"`` value between half and all of
                               ``chip_count`` times the chip figure: a whole node's value
    =========================  ==========================================================
    """
    from accelspec.fields import precision_info

    peaks = {"matrix_throughput": None, "memory_bandwidth": "memory.bandwidth",
             "usable_memory": "memory.capacity", "power_under_load": "tdp"}
    out: list[Finding] = []
    for m in cat.measurements():
        if m.quantity == "matrix_throughput" and m.precision is not None \
                and precision_info(m.precision).integer and "FLOP" in m.given_unit:
            out.append(Finding("integer-rate-in-flop", m.id, "unit",
                               f"{m.precision} rate written in {m.given_unit}; integer rates are TOP/s", m.file))
        if m.quantity not in peaks:
            continue
        acc = cat[m.chip]
        field = peaks[m.quantity] or str(m.precision)
        try:
            peak = acc.value(field) if m.quantity != "matrix_throughput" else acc.peak(field)
        except MissingSpecError:
            continue
        r = float((m.per_chip / peak).to("count").magnitude)
        if m.per == "chip" and m.chip_count > 1 and 0.5 * m.chip_count <= r <= m.chip_count * 1.05:
            out.append(Finding("per-node-on-chip", m.id, "per",
                               f"{r:.3g} x the chip's {field} with chip_count {m.chip_count}: a node's value?", m.file))
        elif r > 1 + 1e-9:
            out.append(Finding("measured-above-peak", m.id, "value",
                               f"{r:.3f} of the catalog {field} {peak:~P}", m.file))
        elif r < MEASURED_FLOOR:
            out.append(Finding("measured-under-20pct", m.id, "value",
                               f"{r:.3f} of the catalog {field} {peak:~P}", m.file))
    return out
