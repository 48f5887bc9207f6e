"""Plain-data forms of specs: dicts and JSON with every quantity as ``{"value", "unit"}``, and back.

Two kinds of absence stay apart in the output: a figure the catalog does not disclose is the
string ``"not disclosed"`` (:data:`NOT_DISCLOSED`); a field that does not apply or holds nothing
(no price, no memory type, no parts for a single chip) is ``null``. A whole catalog is written
with :func:`catalog_to_json` (schema :data:`SCHEMA_VERSION`, every source, every claim) and read
back with :func:`catalog_from_json` into an equal catalog.

Examples
--------
>>> import accelspec as acs
>>> h200 = acs.get("H200")
>>> accelerator_from_dict(accelerator_to_dict(h200)) == h200
True
>>> quantity_to_dict(acs.NotDisclosed("acme-x1", "die_area")), quantity_to_dict(None)
('not disclosed', None)
"""

from __future__ import annotations

import json
from typing import Any

from collections.abc import Mapping
from typing import TYPE_CHECKING

from accelspec.errors import CatalogError, UnitError
from accelspec.spec import (
    Accelerator,
    Claim,
    Interconnect,
    Memory,
    NotDisclosed,
    Part,
    Power,
    Price,
    Provenance,
    Source,
    SourceKind,
)
from accelspec.units import Q_, is_quantity

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "NOT_DISCLOSED",
    "SCHEMA_VERSION",
    "accelerator_from_dict",
    "accelerator_to_dict",
    "accelerator_to_json",
    "catalog_from_dict",
    "catalog_from_json",
    "catalog_to_dict",
    "catalog_to_json",
    "quantity_from_dict",
    "quantity_to_dict",
    "source_to_dict",
]

#: Version of the plain-data layout written by :func:`catalog_to_dict`.
SCHEMA_VERSION = 1
#: How a figure the catalog does not disclose is written (``null`` means "does not apply").
NOT_DISCLOSED = "not disclosed"


def quantity_to_dict(q: Any) -> dict[str, Any] | str | None:
    """``{"value": float, "unit": "TB/s"}`` for a quantity, :data:`NOT_DISCLOSED` for a
    not-disclosed figure, ``None`` for nothing at all (a field that does not apply)."""
    if q is None:
        return None
    if isinstance(q, NotDisclosed):
        return NOT_DISCLOSED
    if not is_quantity(q):
        raise TypeError(f"not a quantity: {q!r}")
    return {"value": float(q.magnitude), "unit": f"{q.units:~}".replace(" ", "")}


def _claim(c: Claim, chosen: bool) -> dict[str, Any]:
    d: dict[str, Any] = {
        "value": c.value if isinstance(c.value, str) else quantity_to_dict(c.value),
        "stated": c.stated,
        "source": c.source.id,
        "kind": c.source.kind.value,
        "date": c.source.date,
        "url": c.source.url,
        "chosen": chosen,
        "source_date": c.source.date,
        "title": c.source.title,
        "publisher": c.source.publisher,
        "source_note": c.source.note,
        "extra": dict(c.extra),
    }
    if c.waive:
        d["waive"] = c.waive
    if c.note:
        d["note"] = c.note
    if c.derived_from:
        d["derived_from"] = c.derived_from
        d["factor"] = c.factor
    if c.extra:
        d.update(dict(c.extra))
    if c.inherited_from:
        d["inherited_from"] = c.inherited_from
    d["file"] = c.origin
    return d


def accelerator_to_dict(acc: Accelerator, *, claims: bool = True) -> dict[str, Any]:
    """Every figure of ``acc`` as plain data; with ``claims``, every claim behind each field."""
    out: dict[str, Any] = {
        "id": acc.id,
        "name": acc.name,
        "vendor": acc.vendor,
        "family": acc.family,
        "form_factor": acc.form_factor,
        "status": acc.status.value,
        "aliases": list(acc.aliases),
        "memory": {
            "capacity": quantity_to_dict(acc.memory.capacity),
            "bandwidth": quantity_to_dict(acc.memory.bandwidth),
            "type": acc.memory.type,
        },
        "compute": {k: quantity_to_dict(v) for k, v in acc.compute.items()},
        "power": {"tdp": quantity_to_dict(acc.power.tdp), "scope": acc.power.scope},
        "interconnect": {
            "bandwidth": quantity_to_dict(acc.interconnect.bandwidth),
            "direction": acc.interconnect.direction,
            "name": acc.interconnect.name,
        },
        "process": acc.process,
        "die_area": quantity_to_dict(acc.die_area),
        "dies": quantity_to_dict(acc.dies),
        "transistors": quantity_to_dict(acc.transistors),
        "sram": quantity_to_dict(acc.sram),
        "families": list(acc.families),
        "price": None if acc.price is None else {
            "value": float(acc.price.amount.magnitude),
            "unit": f"{acc.price.amount.units:~}".replace(" ", ""), "date": acc.price.date},
        "released": acc.released,
        "parts": [{"accelerator": p.accelerator, "count": p.count} for p in acc.parts] or None,
        "references": [r.id for r in acc.references],
        "note": acc.note,
        "origin": acc.origin,
    }
    if claims:
        out["claims"] = {
            field: [_claim(c, c is p.chosen) for c in p.claims]
            for field, p in acc.provenance.items()
        }
        out["choice_reasons"] = {f: p.reason for f, p in acc.provenance.items() if p.reason}
    return out


def accelerator_to_json(acc: Accelerator, **kwargs: Any) -> str:
    """JSON text of :func:`accelerator_to_dict` (non-ASCII kept: Chinese names stay readable)."""
    return json.dumps(accelerator_to_dict(acc), ensure_ascii=False, **kwargs)


def quantity_from_dict(d: Any, *, entry: str = "?", field: str = "?") -> Any:
    """Inverse of :func:`quantity_to_dict`: a quantity, a :class:`NotDisclosed`, or ``None``.

    Raises
    ------
    UnitError
        For anything else, or an unreadable unit.
    """
    if d is None:
        return None
    if d == NOT_DISCLOSED:
        return NotDisclosed(entry, field)
    if isinstance(d, Mapping) and set(d) >= {"value", "unit"}:
        value = d["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UnitError(f"{entry} {field}: value must be a number, got {value!r}")
        return Q_(float(value), str(d["unit"]))
    raise UnitError(f"{entry} {field}: expected {{'value', 'unit'}}, {NOT_DISCLOSED!r} or null, got {d!r}")


def source_to_dict(s: Source) -> dict[str, Any]:
    """Every field of a source as plain data."""
    return {"id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher, "date": s.date,
            "kind": s.kind.value, "note": s.note}


def _source(d: Mapping[str, Any]) -> Source:
    return Source(id=d["id"], title=d["title"], url=d["url"], publisher=d["publisher"], date=d["date"],
                  kind=SourceKind(d["kind"]), note=d.get("note", ""))


def _claim_from(field: str, d: Mapping[str, Any], entry: str, sources: Mapping[str, Source]) -> Claim:
    src = sources.get(d["source"]) or Source(
        id=d["source"], title=d.get("title", d["source"]), url=d.get("url", ""),
        publisher=d.get("publisher", ""), date=d.get("source_date", d.get("date", "")),
        kind=SourceKind(d["kind"]), note=d.get("source_note", ""))
    value = d["value"] if isinstance(d["value"], str) else quantity_from_dict(d["value"], entry=entry, field=field)
    return Claim(field=field, value=value, stated=d["stated"], source=src, note=d.get("note", ""),
                 derived_from=d.get("derived_from"), factor=d.get("factor"), extra=dict(d.get("extra", {})),
                 origin=d.get("file", ""), inherited_from=d.get("inherited_from"), waive=d.get("waive", ""))


def accelerator_from_dict(d: Mapping[str, Any], *, sources: Mapping[str, Source] | None = None) -> Accelerator:
    """Rebuild an :class:`Accelerator` from :func:`accelerator_to_dict`'s output.

    Parameters
    ----------
    d : mapping
        The plain data (claims optional).
    sources : mapping of id to Source, optional
        Full sources to attach to claims (a catalog export carries them); otherwise each claim's
        source is rebuilt from the fields the claim repeats.

    Raises
    ------
    CatalogError
        Naming the entry, for missing keys or values that do not fit their fields.
    """
    entry = str(d.get("id", "?"))
    try:
        q = quantity_from_dict
        mem, pw, ic = d["memory"], d["power"], d["interconnect"]
        price = None
        if d.get("price") is not None:
            price = Price(amount=q({"value": d["price"]["value"], "unit": d["price"]["unit"]}, entry=entry,
                                   field="price"), date=d["price"].get("date", ""))
        srcs = dict(sources or {})
        provenance: dict[str, Provenance] = {}
        for field, rows in (d.get("claims") or {}).items():
            claims = tuple(_claim_from(field, r, entry, srcs) for r in rows)
            chosen = next((c for c, r in zip(claims, rows) if r.get("chosen")), claims[0])
            provenance[field] = Provenance(field, claims, chosen, (d.get("choice_reasons") or {}).get(field, ""))
        refs = tuple(srcs[r] for r in d.get("references", ()) if r in srcs)
        return Accelerator(
            id=d["id"], name=d["name"], vendor=d["vendor"], family=d.get("family"),
            form_factor=d.get("form_factor"), status=d.get("status", "shipping"),
            aliases=tuple(d.get("aliases", ())),
            memory=Memory(capacity=q(mem["capacity"], entry=entry, field="memory.capacity"),
                          bandwidth=q(mem["bandwidth"], entry=entry, field="memory.bandwidth"),
                          type=mem.get("type")),
            compute={k: q(v, entry=entry, field=k) for k, v in d.get("compute", {}).items()},
            power=Power(tdp=q(pw["tdp"], entry=entry, field="tdp"), scope=pw.get("scope", "card")),
            interconnect=Interconnect(bandwidth=q(ic["bandwidth"], entry=entry, field="interconnect.bandwidth"),
                                      direction=ic.get("direction", "bidirectional"), name=ic.get("name")),
            process=d.get("process"),
            die_area=q(d.get("die_area", NOT_DISCLOSED), entry=entry, field="die_area"),
            dies=q(d.get("dies", NOT_DISCLOSED), entry=entry, field="dies"),
            transistors=q(d.get("transistors", NOT_DISCLOSED), entry=entry, field="transistors"),
            sram=q(d.get("sram", NOT_DISCLOSED), entry=entry, field="sram"),
            families=tuple(d.get("families", ())),
            price=price, released=d.get("released"), provenance=provenance,
            parts=tuple(Part(p["accelerator"], p["count"]) for p in (d.get("parts") or ())),
            references=refs, note=d.get("note", ""), origin=d.get("origin", ""),
        )
    except CatalogError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"cannot rebuild the entry from plain data: {type(exc).__name__}: {exc}",
                           entry=entry) from None


def catalog_to_dict(catalog: Catalog) -> dict[str, Any]:
    """A whole catalog as plain data: schema version, every source, every entry with its claims."""
    from accelspec._version import __version__

    return {
        "schema": SCHEMA_VERSION,
        "format": "accelspec-catalog",
        "accelspec": __version__,
        "files": list(catalog.files),
        "sources": {sid: source_to_dict(s) for sid, s in catalog.sources.items()},
        "entries": [accelerator_to_dict(a) for a in catalog],
    }


def catalog_to_json(catalog: Catalog, **kwargs: Any) -> str:
    """JSON text of :func:`catalog_to_dict` (non-ASCII kept)."""
    return json.dumps(catalog_to_dict(catalog), ensure_ascii=False, **kwargs)


def catalog_from_dict(d: Mapping[str, Any]) -> Catalog:
    """Rebuild a :class:`~accelspec.catalogs.Catalog` from :func:`catalog_to_dict`'s output.

    Raises
    ------
    CatalogError
        For another format, a newer schema, or an entry that cannot be rebuilt.
    """
    from accelspec.catalogs import Catalog

    if not isinstance(d, Mapping) or d.get("format") != "accelspec-catalog":
        raise CatalogError("not an accelspec catalog export (no format: accelspec-catalog)")
    if d.get("schema") != SCHEMA_VERSION:
        raise CatalogError(f"catalog export has schema {d.get('schema')!r}; this accelspec reads {SCHEMA_VERSION}")
    try:
        sources = {sid: _source(s) for sid, s in d["sources"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CatalogError(f"bad sources table: {exc}") from None
    entries = {}
    for e in d.get("entries", []):
        acc = accelerator_from_dict(e, sources=sources)
        entries[acc.id] = acc
    return Catalog(entries, sources, d.get("files", ()))


def catalog_from_json(text: str) -> Catalog:
    """Read a catalog back from :func:`catalog_to_json`'s text.

    Raises
    ------
    CatalogError
        For text that is not JSON or not a catalog export.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"not JSON: {exc}") from None
    return catalog_from_dict(data)
