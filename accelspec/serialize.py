"""Plain-data forms of specs: dicts and JSON with every quantity as ``{"value", "unit"}``."""

from __future__ import annotations

import json
from typing import Any

from accelspec.spec import Accelerator, Claim, NotDisclosed
from accelspec.units import is_quantity

__all__ = ["accelerator_to_dict", "accelerator_to_json", "quantity_to_dict"]


def quantity_to_dict(q: Any) -> dict[str, Any] | None:
    """``{"value": float, "unit": "TB/s"}`` for a quantity, ``None`` for a not-disclosed figure."""
    if q is None or isinstance(q, NotDisclosed):
        return None
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
    }
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
        "price": None if acc.price is None else {
            **(quantity_to_dict(acc.price.amount) or {}), "date": acc.price.date},
        "released": acc.released,
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
