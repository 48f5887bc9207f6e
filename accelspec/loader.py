"""Reading and validating catalog TOML files into :class:`~accelspec.spec.Accelerator` objects.

The format is documented in ``catalog/SCHEMA.md``. Loading is strict and safe: TOML is data (no
code runs), unit strings go through :func:`accelspec.units.parse_unit` (bounded cost), and any
problem is a :class:`~accelspec.errors.CatalogError` naming the file, the entry and the field.

Files are loaded in *layers*: the packaged catalog is one layer, each user file another. Within a
layer an id may appear once; a later layer may name an existing id to override it: its identity
keys replace the earlier ones and its spec rows replace the earlier rows of the same field, and
every claim remembers the file it came from.
"""

from __future__ import annotations

import math
import re
import stat
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from accelspec.cache import read_bounded
from accelspec.errors import AccelspecError, CatalogError, UnitError, quote
from accelspec.fields import DIRECTIONS, FIELDS, TDP_SCOPES, field_info, parse_compute_field
from accelspec.spec import (
    Accelerator,
    Claim,
    Interconnect,
    Memory,
    Part,
    Power,
    Price,
    Provenance,
    Source,
    SourceKind,
    Status,
)
from accelspec.units import Q_, parse_unit, registry, to_unit

__all__ = ["MAX_FILE_BYTES", "MAX_KEY_PARTS", "MAX_PART_COUNT", "RawLayer", "build_entries", "build_entries_over", "read_layer",
           "read_path"]

#: Largest catalog file accepted, in bytes.
MAX_FILE_BYTES = 8 * 1024 * 1024

_TOP_KEYS = frozenset({"schema", "source", "accelerator", "system"})
_SOURCE_KEYS = frozenset({"id", "title", "url", "publisher", "date", "kind", "note"})
_SOURCE_REQUIRED = ("id", "title", "publisher", "date", "kind")
_ENTRY_KEYS = frozenset(
    {"id", "name", "vendor", "family", "form_factor", "status", "aliases", "base", "specs", "note",
     "sources", "families"}
)
_SYSTEM_KEYS = _ENTRY_KEYS | {"parts"}
_ENTRY_REQUIRED = ("id", "name", "vendor", "status")
#: Fields a system computes from its parts (count x the part's chosen value).
_AGGREGATED = ("memory.capacity", "memory.bandwidth")
_ROW_KEYS = frozenset(
    {"field", "value", "unit", "text", "from", "factor", "source", "note", "chosen", "reason",
     "scope", "direction", "date", "waive"}
)
_EXTRA_KEYS = frozenset({"scope", "direction", "date"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.+-]{0,79}$")
_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_CURRENCY_UNITS = frozenset({"USD", "CNY", "EUR"})
#: Most parts a dotted TOML key (``a.b.c``) may have; checked before tomllib reads the text.
MAX_KEY_PARTS = 32
# MAX_KEY_PARTS + 1 key parts joined by dots where a key can start (a line's start, or after
# "{", "," or "["); possessive quantifiers keep the scan linear in the text's length whatever
# the text. Text with 33 dot-separated words right after a comma would be refused too: a
# CatalogError, never a hang.
_LONG_DOTTED_KEY = re.compile(
    r"""(?:^|(?<=[{,\[]))[ \t]*+(?:(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')[ \t]*+\.[ \t]*+)"""
    + "{%d}" % MAX_KEY_PARTS + r"""(?:[A-Za-z0-9_-]|"|')""", re.M)
_FLOAT_MAX = int(sys.float_info.max)
#: Largest count of parts in a system.
MAX_PART_COUNT = 1_000_000


@attrs.frozen
class RawRow:
    """One spec row as read, with where it came from."""

    data: Mapping[str, Any]
    file: str
    index: int
    inherited_from: str | None = None


@attrs.frozen
class RawEntry:
    """One ``[[accelerator]]`` or ``[[system]]`` table as read."""

    id: str
    data: Mapping[str, Any]
    rows: tuple[RawRow, ...]
    file: str
    parts: tuple[Part, ...] = ()


@attrs.frozen
class RawLayer:
    """The parsed content of the files of one layer."""

    files: tuple[str, ...]
    sources: Mapping[str, Source]
    entries: Mapping[str, RawEntry]


def _err(problem: str, file: str, entry: str | None = None, field: str | None = None) -> CatalogError:
    return CatalogError(problem, file=file, entry=entry, field=field)


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], file: str, entry: str | None,
                where: str, field: str | None = None) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _err(f"unknown key(s) {', '.join(map(repr, unknown))} in {where}; "
                   f"allowed: {', '.join(sorted(allowed))}", file, entry, field or unknown[0])


def _str(data: Mapping[str, Any], key: str, file: str, entry: str | None, *,
         required: bool = False) -> str | None:
    if key not in data:
        if required:
            raise _err(f"missing required key {key!r}", file, entry, key)
        return None
    v = data[key]
    if not isinstance(v, str) or not v.strip():
        raise _err(f"{key!r} must be a non-empty string, got {v!r}", file, entry, key)
    return v


def parse_toml(text: str | bytes, file: str) -> dict[str, Any]:
    """Parse TOML text, turning every parser failure into a :class:`CatalogError`."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise _err(f"file of {len(text)} bytes is larger than {MAX_FILE_BYTES}", file)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _err(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file) from None
    if len(text) > MAX_FILE_BYTES:
        raise _err(f"text of {len(text)} characters is larger than {MAX_FILE_BYTES}", file)
    long_key = _LONG_DOTTED_KEY.search(text)
    if long_key is not None:  # tomllib's cost grows with the square of a key's parts
        line = text.count("\n", 0, long_key.start()) + 1
        raise _err(f"invalid TOML: a dotted key of more than {MAX_KEY_PARTS} parts at line {line}", file)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _err(f"invalid TOML: {exc}", file) from None
    except RecursionError:
        raise _err("invalid TOML: nesting too deep", file) from None
    except ValueError as exc:  # an integer beyond Python's digit limit (4,300 digits)
        raise _err(f"invalid TOML: {str(exc)[:120]}", file) from None


def _read_source(data: Any, file: str, i: int) -> Source:
    if not isinstance(data, dict):
        raise _err(f"[[source]] #{i + 1} must be a table", file)
    sid = data.get("id") if isinstance(data.get("id"), str) else f"#{i + 1}"
    _check_keys(data, _SOURCE_KEYS, file, sid, "a [[source]] table")
    for key in _SOURCE_REQUIRED:
        _str(data, key, file, sid, required=True)
    if not _ID_RE.match(data["id"]):
        raise _err("source id must be lowercase kebab-case", file, sid, "id")
    if "url" not in data:
        raise _err("missing required key 'url' (the original document's address)", file, sid, "url")
    _str(data, "url", file, sid, required=True)
    if not _DATE_RE.match(data["date"]):
        raise _err(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {data['date']!r}", file, sid, "date")
    try:
        kind = SourceKind(data["kind"])
    except ValueError:
        raise _err(f"unknown source kind {data['kind']!r}; one of "
                   f"{', '.join(k.value for k in SourceKind)}", file, sid, "kind") from None
    note = _str(data, "note", file, sid) or ""
    return Source(id=data["id"], title=data["title"], url=data["url"], publisher=data["publisher"],
                  date=data["date"], kind=kind, note=note)


def _read_parts(data: Mapping[str, Any], file: str, eid: str) -> tuple[Part, ...]:
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts:
        raise _err("a system needs parts = [ { accelerator = \"id\", count = N }, ... ]", file, eid, "parts")
    out = []
    for j, p in enumerate(parts):
        where = f"parts[{j}]"
        if not isinstance(p, dict):
            raise _err("each part must be an inline table", file, eid, where)
        _check_keys(p, frozenset({"accelerator", "count"}), file, eid, f"{where}", where)
        acc, count = p.get("accelerator"), p.get("count")
        if not isinstance(acc, str) or not acc:
            raise _err("a part needs accelerator = a catalog id", file, eid, where)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= MAX_PART_COUNT:
            raise _err(f"count must be a positive integer, got {_short_repr(count)} "
                       f"(at most {MAX_PART_COUNT:,})", file, eid, where)
        out.append(Part(acc, count))
    return tuple(out)


def _read_entry(data: Any, file: str, i: int, system: bool = False) -> RawEntry:
    table = "[[system]]" if system else "[[accelerator]]"
    if not isinstance(data, dict):
        raise _err(f"{table} #{i + 1} must be a table", file)
    eid = data.get("id") if isinstance(data.get("id"), str) else f"#{i + 1}"
    _check_keys(data, _SYSTEM_KEYS if system else _ENTRY_KEYS, file, eid, f"a {table} table")
    _str(data, "id", file, eid, required=True)
    if not _ID_RE.match(data["id"]):
        raise _err("id must be lowercase kebab-case (a-z, 0-9, '-', '.', '+'), at most 80 characters",
                   file, eid, "id")
    for key in ("name", "vendor", "family", "form_factor", "base", "note", "status"):
        _str(data, key, file, eid)
    if "status" in data:
        try:
            Status(data["status"])
        except ValueError:
            raise _err(f"unknown status {data['status']!r}; one of "
                       f"{', '.join(s.value for s in Status)}", file, eid, "status") from None
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise _err("aliases must be a list of non-empty strings", file, eid, "aliases")
    families = data.get("families", [])
    if not isinstance(families, list) or not all(isinstance(a, str) and a.strip() for a in families):
        raise _err("families must be a list of non-empty strings", file, eid, "families")
    refs = data.get("sources", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise _err("sources must be a list of source ids", file, eid, "sources")
    specs = data.get("specs", [])
    if not isinstance(specs, list):
        raise _err("specs must be an array of inline tables", file, eid, "specs")
    rows = []
    for j, row in enumerate(specs):
        if not isinstance(row, dict):
            raise _err(f"specs[{j}] must be an inline table", file, eid, f"specs[{j}]")
        rows.append(RawRow(data=row, file=file, index=j))
    parts = _read_parts(data, file, data["id"]) if system else ()
    return RawEntry(id=data["id"], data=data, rows=tuple(rows), file=file, parts=parts)


def read_layer(files: Iterable[tuple[str, str | bytes]]) -> RawLayer:
    """Parse the files of one layer: ``(name, text)`` pairs.

    Raises
    ------
    CatalogError
        On any syntax or schema problem, and on an id or source id defined twice in the layer.
    """
    sources: dict[str, Source] = {}
    source_files: dict[str, str] = {}
    entries: dict[str, RawEntry] = {}
    names = []
    for name, text in files:
        names.append(name)
        doc = parse_toml(text, name)
        _check_keys(doc, _TOP_KEYS, name, None, "the top level")
        if "schema" in doc and doc["schema"] != 1:
            raise _err(f"unsupported schema {doc['schema']!r} (this accelspec reads schema 1)", name,
                       field="schema")
        raw_sources = doc.get("source", [])
        raw_entries = doc.get("accelerator", [])
        raw_systems = doc.get("system", [])
        if not isinstance(raw_systems, list):
            raise _err("'system' must be an array of tables ([[system]])", name, field="system")
        if not isinstance(raw_sources, list):
            raise _err("'source' must be an array of tables ([[source]])", name, field="source")
        if not isinstance(raw_entries, list):
            raise _err("'accelerator' must be an array of tables ([[accelerator]])", name,
                       field="accelerator")
        for i, s in enumerate(raw_sources):
            src = _read_source(s, name, i)
            if src.id in sources:
                raise _err(f"source id defined twice (also in {source_files[src.id]})", name, src.id, "id")
            sources[src.id] = src
            source_files[src.id] = name
        tables = [(e, i, False) for i, e in enumerate(raw_entries)]
        tables += [(e, i, True) for i, e in enumerate(raw_systems)]
        for e, i, system in tables:
            entry = _read_entry(e, name, i, system)
            if entry.id in entries:
                raise _err(f"duplicate id (also in {entries[entry.id].file})", name, entry.id, "id")
            entries[entry.id] = entry
    return RawLayer(files=tuple(names), sources=sources, entries=entries)


def _merge(layers: list[RawLayer]) -> tuple[dict[str, Source], dict[str, RawEntry]]:
    sources: dict[str, Source] = {}
    entries: dict[str, RawEntry] = {}
    for layer in layers:
        for sid, src in layer.sources.items():
            if sid in sources and sources[sid] != src:
                raise _err("source id already defined with different content", layer.files[0], sid, "id")
            sources[sid] = src
        for eid, entry in layer.entries.items():
            if eid not in entries:
                entries[eid] = entry
                continue
            old = entries[eid]
            data = {**old.data, **{k: v for k, v in entry.data.items() if k != "specs"}}
            fields = {r.data.get("field") for r in entry.rows}
            rows = tuple(r for r in old.rows if r.data.get("field") not in fields) + entry.rows
            entries[eid] = RawEntry(id=eid, data=data, rows=rows, file=entry.file,
                                    parts=entry.parts or old.parts)
    return sources, entries


def _resolve_bases(entries: dict[str, RawEntry]) -> dict[str, RawEntry]:
    """Apply ``base`` inheritance, walking each chain iteratively (a chain of any length costs
    no recursion); a cycle or a missing base is a CatalogError naming file, entry and field."""
    resolved: dict[str, RawEntry] = {}
    for start in entries:
        chain: list[str] = []
        on_chain: set[str] = set()
        eid: str | None = start
        while eid is not None and eid not in resolved:  # walk up to a resolved or root entry
            if eid in on_chain:
                cycle = chain[chain.index(eid):] + [eid]
                shown = " -> ".join(cycle) if len(cycle) <= 8 else (
                    " -> ".join(cycle[:4]) + f" -> ... ({len(cycle)} entries) -> " + " -> ".join(cycle[-2:]))
                raise _err(f"base cycle: {shown}", entries[eid].file, eid, "base")
            chain.append(eid)
            on_chain.add(eid)
            base = entries[eid].data.get("base")
            if base is not None and base not in entries:
                raise _err(f"base {_short_repr(base)} is not a catalog id", entries[eid].file, eid, "base")
            eid = base
        for eid in reversed(chain):  # then resolve from the root down
            entry = entries[eid]
            base = entry.data.get("base")
            if base is None:
                resolved[eid] = entry
                continue
            parent = resolved[base]
            own = {r.data.get("field") for r in entry.rows}
            inherited = tuple(
                attrs.evolve(r, inherited_from=r.inherited_from or base)
                for r in parent.rows if r.data.get("field") not in own
            )
            data = dict(entry.data)
            for key in ("vendor", "family", "form_factor"):
                if key not in data and key in parent.data:
                    data[key] = parent.data[key]
            resolved[eid] = RawEntry(id=eid, data=data, rows=inherited + entry.rows, file=entry.file,
                                     parts=entry.parts)
    return {eid: resolved[eid] for eid in entries}


def _row_claim(row: RawRow, eid: str, sources: Mapping[str, Source]) -> tuple[str, Claim | None, Any]:
    """Validate one row; return (field, claim, pending-derivation) — derived rows come back later."""
    d = row.data
    file = row.file
    label = f"specs[{row.index}]"
    fname = d.get("field")
    if not isinstance(fname, str):
        raise _err(f"{label} needs a 'field' string", file, eid, label)
    where = f"{fname} ({label})"
    _check_keys(d, _ROW_KEYS, file, eid, f"spec row {where}", where)
    try:
        info = field_info(fname)
    except AccelspecError as exc:
        raise _err(str(exc), file, eid, where) from None
    src_id = d.get("source")
    if not isinstance(src_id, str):
        raise _err("every value needs a 'source' (a [[source]] id)", file, eid, where)
    if src_id not in sources:
        raise _err(f"unknown source {src_id!r}", file, eid, where)
    for key in _EXTRA_KEYS & set(d):
        if key not in info.extra:
            raise _err(f"key {key!r} does not apply to {fname}", file, eid, where)
    if "scope" in d and d["scope"] not in TDP_SCOPES:
        raise _err(f"scope must be one of {', '.join(TDP_SCOPES)}", file, eid, where)
    if "direction" in d and d["direction"] not in DIRECTIONS:
        raise _err(f"direction must be one of {', '.join(DIRECTIONS)}", file, eid, where)
    if fname == "interconnect.bandwidth" and "direction" not in d:
        raise _err("interconnect.bandwidth needs direction = 'bidirectional', 'unidirectional' or 'unstated' (the source does not say)",
                   file, eid, where)
    if "date" in d and (not isinstance(d["date"], str) or not _DATE_RE.match(d["date"])):
        raise _err("date must be YYYY, YYYY-MM or YYYY-MM-DD", file, eid, where)
    for key in ("note", "reason"):
        if key in d and not isinstance(d[key], str):
            raise _err(f"{key!r} must be a string", file, eid, where)
    if "waive" in d and (not isinstance(d["waive"], str)
                         or not re.match(r"^[a-z0-9-]+: \S", d["waive"])):
        raise _err("waive must read 'lint-code: reason'", file, eid, where)
    if "chosen" in d and not isinstance(d["chosen"], bool):
        raise _err("'chosen' must be true or false", file, eid, where)
    forms = [k for k in (("value", "unit"), ("text",), ("from", "factor")) if any(x in d for x in k)]
    if len(forms) != 1:
        raise _err("a row has exactly one of: value + unit, text, from + factor", file, eid, where)
    form = forms[0]
    missing = [k for k in form if k not in d]
    if missing:
        raise _err(f"missing {', '.join(map(repr, missing))}", file, eid, where)
    extra = {k: d[k] for k in _EXTRA_KEYS if k in d}
    common = dict(source=sources[src_id], note=d.get("note", ""), extra=extra, origin=file,
                  inherited_from=row.inherited_from, waive=d.get("waive", ""))
    if form == ("text",):
        if info.kind != "text":
            raise _err(f"{fname} is a quantity: give value and unit, not text", file, eid, where)
        text = d["text"]
        if not isinstance(text, str) or not text.strip():
            raise _err("text must be a non-empty string", file, eid, where)
        return fname, Claim(field=fname, value=text, stated=text, **common), None
    if info.kind == "text":
        raise _err(f"{fname} is text: write text = \"...\"", file, eid, where)
    if form == ("from", "factor"):
        src_field, factor = d["from"], d["factor"]
        if not isinstance(src_field, str):
            raise _err("'from' must name a field of the same entry", file, eid, where)
        _check_number(factor, "factor", file, eid, where)
        return fname, None, (src_field, float(factor), common)
    value, unit = d["value"], d["unit"]
    _check_number(value, "value", file, eid, where)
    if not isinstance(unit, str):
        raise _err("unit must be a string", file, eid, where)
    try:
        u = parse_unit(unit)
        if fname == "price":
            if unit not in _CURRENCY_UNITS:
                raise UnitError(f"a price needs a currency unit ({', '.join(sorted(_CURRENCY_UNITS))}), got {unit!r}")
            q = Q_(float(value), u)
        else:
            assert info.unit is not None
            q = to_unit(registry().Quantity(value, u), info.unit, what=fname)
    except UnitError as exc:
        raise _err(str(exc), file, eid, where) from None
    return fname, Claim(field=fname, value=q, stated=f"{value:g} {unit}", **common), None


#: The field holding a published (analyst or government) export-control TPP.
_PUBLISHED_TPP = "tpp.published"


def _tpp_as_rate(value: Any, unit: str, row: RawRow, eid: str, where: str,
                 common: Mapping[str, Any]) -> Any:
    """A published TPP read as a rate: TPP = rate [TOPS or TFLOPS] x bit length, so a rate row
    ``from = "tpp.published", factor = 1/bits`` is the rate that TPP implies. Such a rate is never
    published, only inferred: its source must be an ``estimate`` with the arithmetic in a note."""
    src: Source = common["source"]
    if src.kind is not SourceKind.ESTIMATE or not common.get("note"):
        raise _err("a rate derived from a published TPP is an estimate: cite a source of kind "
                   "'estimate' and give the arithmetic in 'note'", row.file, eid, where)
    return Q_(float(value.to("count").magnitude), unit)


def _short_repr(v: Any) -> str:
    return quote(v)


def _check_number(v: Any, key: str, file: str, eid: str, where: str) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _err(f"{key} must be a number, got {type(v).__name__} {_short_repr(v)}", file, eid, where)
    if isinstance(v, int) and not -_FLOAT_MAX <= v <= _FLOAT_MAX:
        raise _err(f"{key} is {quote(v)}, beyond the float range",
                   file, eid, where)
    if not math.isfinite(v):
        raise _err(f"{key} must be finite, got {v!r}", file, eid, where)
    if v <= 0:
        raise _err(f"{key} must be positive, got {v!r}", file, eid, where)


def _choose(field: str, rows: list[tuple[RawRow, Claim]], file: str, eid: str) -> Provenance:
    claims = tuple(c for _, c in rows)
    if len(rows) == 1:
        row = rows[0][0]
        return Provenance(field=field, claims=claims, chosen=claims[0], reason=row.data.get("reason", ""))
    chosen = [(r, c) for r, c in rows if r.data.get("chosen") is True]
    if len(chosen) != 1:
        raise _err(f"{len(rows)} claims for {field}: exactly one needs chosen = true "
                   f"(found {len(chosen)})", file, eid, field)
    row, claim = chosen[0]
    reason = row.data.get("reason")
    if not reason:
        raise _err(f"the chosen claim for {field} needs a reason", file, eid, field)
    return Provenance(field=field, claims=claims, chosen=claim, reason=reason)


def _aggregate(entry: RawEntry, built: Mapping[str, Accelerator],
               prov: dict[str, Provenance]) -> None:
    """Add count x part figures to a system's provenance, as chosen derived claims."""
    parts = []
    for j, part in enumerate(entry.parts):
        acc = built.get(part.accelerator)
        if acc is None:
            raise _err(f"part {part.accelerator!r} is not an accelerator in the catalog", entry.file,
                       entry.id, f"parts[{j}]")
        parts.append((acc, part.count))
    shared = set.intersection(*[set(a.provenance) for a, _ in parts])
    fields = [f for f in _AGGREGATED if f in shared] + sorted(f for f in shared if f not in FIELDS)
    for field in fields:
        total = None
        stated = []
        for acc, n in parts:
            v = acc.provenance[field].chosen.value
            total = v * n if total is None else total + v * n
            stated.append(f"{n} x {acc.id} ({acc.provenance[field].chosen.stated})")
        first = parts[0][0].provenance[field].chosen
        unit = field_info(field).unit
        assert unit is not None and total is not None
        claim = Claim(field=field, value=to_unit(total, unit, what=field), stated=" + ".join(stated),
                      source=first.source, note="computed from the system's parts",
                      derived_from=f"parts:{field}",
                      factor=float(parts[0][1]) if len(parts) == 1 else None,
                      origin=entry.file)
        published = prov.get(field)
        reason = "computed from the parts" + ("; the system's published figure is kept as a claim"
                                              if published else "")
        prov[field] = Provenance(field=field, claims=(claim,) + (published.claims if published else ()),
                                 chosen=claim, reason=reason)


def _build_one(entry: RawEntry, sources: Mapping[str, Source],
               built: Mapping[str, Accelerator] | None = None) -> Accelerator:
    eid, file, data = entry.id, entry.file, entry.data
    for key in _ENTRY_REQUIRED:
        if key not in data:
            raise _err(f"missing required key {key!r}", file, eid, key)
    rows_by_field: dict[str, list[tuple[RawRow, Claim]]] = {}
    derived: dict[str, list[tuple[RawRow, tuple[str, float, dict[str, Any]]]]] = {}
    for row in entry.rows:
        fname, claim, derive = _row_claim(row, eid, sources)
        rows_by_field.setdefault(fname, [])
        if claim is not None:
            rows_by_field[fname].append((row, claim))
        else:
            assert derive is not None
            derived.setdefault(fname, []).append((row, derive))
    # resolve fields in dependency order: a field is chosen once all of its rows exist, and a
    # derived row reads the *chosen* value of the field it comes from
    prov: dict[str, Provenance] = {}
    todo = list(rows_by_field)
    while todo:
        progressed = False
        for fname in list(todo):
            deps = [d[0] for _, d in derived.get(fname, [])]
            for row, (src_field, _, _) in derived.get(fname, []):
                where = f"{fname} (specs[{row.index}])"
                if src_field == fname:
                    raise _err("a field cannot be derived from itself", row.file, eid, where)
                if src_field not in rows_by_field:
                    raise _err(f"'from' names {src_field!r}, which this entry does not have",
                               row.file, eid, where)
            if any(d not in prov for d in deps):
                continue
            rows = list(rows_by_field[fname])
            for row, (src_field, factor, common) in derived.get(fname, []):
                where = f"{fname} (specs[{row.index}])"
                base_claim = prov[src_field].chosen
                if isinstance(base_claim.value, str):
                    raise _err(f"cannot derive from text field {src_field!r}", row.file, eid, where)
                info = field_info(fname)
                try:
                    target_unit = info.unit or str(base_claim.value.units)
                    base_value = base_claim.value
                    if src_field == _PUBLISHED_TPP and fname not in FIELDS:
                        base_value = _tpp_as_rate(base_value, target_unit, row, eid, where, common)
                    q = to_unit(base_value * factor, target_unit, what=fname)
                except UnitError as exc:
                    raise _err(str(exc), row.file, eid, where) from None
                rows.append((row, Claim(field=fname, value=q, stated=f"{src_field} x {factor:g}",
                                        derived_from=src_field, factor=factor, **common)))
            rows.sort(key=lambda rc: rc[0].index if rc[0].inherited_from is None else -1)
            prov[fname] = _choose(fname, rows, entry.rows[0].file if entry.rows else file, eid)
            todo.remove(fname)
            progressed = True
        if not progressed:
            raise _err(f"derived fields form a cycle: {', '.join(todo)}", file, eid, todo[0])

    if entry.parts:
        _aggregate(entry, built or {}, prov)
        p = prov.get("tdp")
        if p is not None and p.chosen.extra.get("scope") != "system":
            raise _err("a system's tdp must be the system's own figure, with scope = \"system\"",
                       file, eid, "tdp")

    refs: list[Source] = []
    for sid in data.get("sources", []):
        if sid not in sources:
            raise _err(f"unknown source {sid!r}", file, eid, "sources")
        refs.append(sources[sid])

    def val(name: str) -> Any:
        p = prov.get(name)
        return p.chosen.value if p is not None else None

    def extra(name: str, key: str, default: str) -> str:
        p = prov.get(name)
        return p.chosen.extra.get(key, default) if p is not None else default

    compute = {f: p.chosen.value for f, p in prov.items() if f not in FIELDS}
    for f in compute:
        parse_compute_field(f)
    kwargs: dict[str, Any] = {}
    for name in ("die_area", "dies", "transistors", "sram"):
        if val(name) is not None:
            kwargs[name] = val(name)
    price = None
    if "price" in prov:
        price = Price(amount=val("price"), date=extra("price", "date", prov["price"].chosen.source.date))
    mem_kwargs = {k: val(f"memory.{k}") for k in ("capacity", "bandwidth") if val(f"memory.{k}") is not None}
    pow_kwargs = {"tdp": val("tdp")} if val("tdp") is not None else {}
    ic_kwargs = {"bandwidth": val("interconnect.bandwidth")} if val("interconnect.bandwidth") is not None else {}
    try:
        return Accelerator(
            id=eid,
            name=data["name"],
            vendor=data["vendor"],
            family=data.get("family"),
            form_factor=data.get("form_factor"),
            status=Status(data["status"]),
            aliases=tuple(data.get("aliases", ())),
            families=tuple(data.get("families", ())),
            memory=Memory(type=val("memory.type"), **mem_kwargs),
            compute=compute,
            power=Power(scope=extra("tdp", "scope", "card"), **pow_kwargs),
            interconnect=Interconnect(direction=extra("interconnect.bandwidth", "direction", "bidirectional"),
                                      name=val("interconnect.name"), **ic_kwargs),
            process=val("process"),
            price=price,
            released=val("released"),
            provenance=prov,
            parts=entry.parts,
            references=refs,
            note=data.get("note", ""),
            origin=file,
            **kwargs,
        )
    except AccelspecError as exc:  # pragma: no cover - rows were validated above
        raise _err(str(exc), file, eid) from None


def build_entries(layers: list[RawLayer]) -> tuple[dict[str, Source], dict[str, Accelerator]]:
    """Merge layers, resolve ``base`` inheritance and derived rows, and build every entry.

    Returns
    -------
    (sources, accelerators)
        Both keyed by id, in catalog order.

    Raises
    ------
    CatalogError
        Naming file, entry and field for the first problem found.
    """
    sources, raw = _merge(layers)
    resolved = _resolve_bases(raw)
    built: dict[str, Accelerator] = {}
    for eid, entry in resolved.items():
        if not entry.parts:
            built[eid] = _build_one(entry, sources)
    systems = {eid: _build_one(entry, sources, built) for eid, entry in resolved.items() if entry.parts}
    return sources, {eid: built.get(eid) or systems[eid] for eid in resolved}


def build_entries_over(layers: list[RawLayer], sources: Mapping[str, Source],
                       entries: Mapping[str, Accelerator]) -> tuple[dict[str, Source], dict[str, Accelerator]] | None:
    """Build the entries of ``layers`` on top of an already built catalog (``sources``,
    ``entries``), without rebuilding it: the fast path of loading a user's file over the
    packaged catalog.

    Returns ``None`` (build everything with :func:`build_entries` instead) when the layers
    change the catalog underneath: an entry that overrides an existing id, a ``base`` that names
    an existing entry (its rows are needed raw), or a source id given different content.
    Otherwise returns the layers' own sources and entries, exactly as :func:`build_entries`
    would build them (systems may be made of existing entries).

    Raises
    ------
    CatalogError
        As :func:`build_entries`.
    """
    from collections import ChainMap

    own_sources, raw = _merge(layers)
    if any(sid in sources and sources[sid] != src for sid, src in own_sources.items()):
        return None
    if any(eid in entries for eid in raw):
        return None
    if any(e.data.get("base") in entries and e.data.get("base") not in raw for e in raw.values()):
        return None
    every_source = {**sources, **own_sources}
    resolved = _resolve_bases(raw)
    built: dict[str, Accelerator] = {}
    for eid, entry in resolved.items():
        if not entry.parts:
            built[eid] = _build_one(entry, every_source)
    below = ChainMap(built, entries)  # type: ignore[arg-type]
    systems = {eid: _build_one(entry, every_source, below) for eid, entry in resolved.items() if entry.parts}
    return own_sources, {eid: built.get(eid) or systems[eid] for eid in resolved}


def read_path(path: str | Path) -> tuple[str, bytes]:
    """Read a catalog file as ``(name, bytes)``.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read, and never more than that:
    a device (``/dev/zero``), a FIFO, a directory or a file that grows while it is read is a
    CatalogError at once, never a hang or an exhausted memory.

    Raises
    ------
    CatalogError
        For a missing, unreadable, special or too large file.
    """
    import os

    p = Path(path)
    name = str(p)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _err(f"cannot read: {exc.strerror or exc}", name) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _err("not a regular file (a catalog is a TOML file)", name)
        if st.st_size > MAX_FILE_BYTES:
            raise _err(f"file of {st.st_size} bytes is larger than {MAX_FILE_BYTES}", name)
        data = read_bounded(fd, MAX_FILE_BYTES)
        if data is None:  # pragma: no cover - a file that grows while it is read
            raise _err(f"file larger than {MAX_FILE_BYTES} bytes", name)
        return name, data
    except OSError as exc:  # pragma: no cover - an I/O error after the file opened
        raise _err(f"cannot read: {exc.strerror or exc}", name) from None
    finally:
        os.close(fd)
