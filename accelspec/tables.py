"""Whole-catalog tables: wide (one row per entry) and long (one row per claim), as plain rows,
pandas or polars frames, CSV, Parquet or JSON.

Wide columns carry their unit in the name (``memory.bandwidth [TB/s]``), dense and sparse
figures are separate columns (``bf16`` and ``bf16:sparse``), and a figure the catalog does not
disclose is empty (NaN in a frame). Long rows hold every claim: entry, field, value, unit,
whether it was chosen, source, source kind, date and note.

Examples
--------
>>> import accelspec as acs
>>> rows = wide_rows(acs.catalog().filter(vendor="NVIDIA"))
>>> rows[0]["id"].startswith("nvidia-")
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accelspec.errors import InvalidArgumentError
from accelspec.fields import field_info, is_compute_field, parse_compute_field
from accelspec.spec import Accelerator, NotDisclosed

__all__ = [
    "LAYOUTS",
    "LONG_COLUMNS",
    "long_rows",
    "to_csv",
    "to_json",
    "to_pandas",
    "to_parquet",
    "to_polars",
    "wide_columns",
    "wide_rows",
]

#: Table layouts.
LAYOUTS = ("wide", "long")
#: Columns of the long layout, in order.
LONG_COLUMNS = ("entry", "field", "value", "text", "unit", "chosen", "source", "source_kind", "date", "note")
_QUANTITY_FIELDS = ("memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "die_area",
                    "dies", "transistors")
_TEXT = ("id", "name", "vendor", "family", "form_factor", "status", "memory.type", "tdp.scope",
         "interconnect.direction", "interconnect.name", "process", "released", "price.date")


def _unit(field: str) -> str:
    if is_compute_field(field):
        return parse_compute_field(field).unit
    return field_info(field).unit or "count"  # every quantity field here has a unit


def wide_columns(accelerators: Iterable[Accelerator]) -> list[str]:
    """Column names of the wide layout for these entries (compute columns: those any entry has)."""
    compute = sorted({k for a in accelerators for k in a.compute})
    quantity = [f"{f} [{_unit(f)}]" for f in (*_QUANTITY_FIELDS, *compute)]
    return [*_TEXT, *quantity, "price", "price.currency"]


def _magnitude(q: Any, unit: str) -> float | None:
    if q is None or isinstance(q, NotDisclosed):
        return None
    return float(q.to(unit).magnitude)


def wide_rows(catalog: Iterable[Accelerator]) -> list[dict[str, Any]]:
    """One dict per entry; quantities as floats in the column's unit, ``None`` when not disclosed."""
    accs = list(catalog)
    columns = wide_columns(accs)
    rows = []
    for a in accs:
        row: dict[str, Any] = dict.fromkeys(columns)
        row.update({
            "id": a.id, "name": a.name, "vendor": a.vendor, "family": a.family,
            "form_factor": a.form_factor, "status": a.status.value, "memory.type": a.memory.type,
            "tdp.scope": a.power.scope, "interconnect.direction": a.interconnect.direction,
            "interconnect.name": a.interconnect.name, "process": a.process, "released": a.released,
        })
        for f in _QUANTITY_FIELDS:
            row[f"{f} [{_unit(f)}]"] = _magnitude(a.value(f) if a.has(f) else None, _unit(f))
        for k, q in a.compute.items():
            row[f"{k} [{_unit(k)}]"] = _magnitude(q, _unit(k))
        if a.price is not None:
            row["price"] = float(a.price.amount.magnitude)
            row["price.currency"] = f"{a.price.amount.units:~}"
            row["price.date"] = a.price.date
        rows.append(row)
    return rows


def long_rows(catalog: Iterable[Accelerator]) -> list[dict[str, Any]]:
    """One dict per claim (columns :data:`LONG_COLUMNS`); ``value`` is a float (``None`` for a
    text field, whose value is in ``text``); ``unit`` is the value's unit as the claim holds it."""
    rows = []
    for a in catalog:
        for field, p in a.provenance.items():
            for c in p.claims:
                if isinstance(c.value, str):
                    value, text, unit = None, c.value, ""
                else:
                    value, text = float(c.value.magnitude), None
                    unit = f"{c.value.units:~}".replace(" ", "")
                rows.append({"entry": a.id, "field": field, "value": value, "text": text, "unit": unit,
                             "chosen": c is p.chosen, "source": c.source.id,
                             "source_kind": c.source.kind.value, "date": c.source.date, "note": c.note})
    return rows


def _rows(catalog: Iterable[Accelerator], layout: str) -> tuple[list[dict[str, Any]], list[str]]:
    if layout not in LAYOUTS:
        raise InvalidArgumentError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    accs = list(catalog)
    if layout == "wide":
        return wide_rows(accs), wide_columns(accs)
    return long_rows(accs), list(LONG_COLUMNS)


def to_pandas(catalog: Iterable[Accelerator], layout: str = "wide") -> Any:
    """A pandas DataFrame of the wide or long layout (not-disclosed figures are NaN).

    Requires the ``pandas`` extra.
    """
    rows, columns = _rows(catalog, layout)
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas needs pandas: pip install 'accelspec[pandas]'") from exc
    frame = pd.DataFrame(rows, columns=columns)
    for col in columns:  # numeric columns stay float even when a whole column is unknown
        if col.endswith("]") or col in ("price", "value"):
            frame[col] = frame[col].astype("float64")
    return frame


def to_polars(catalog: Iterable[Accelerator], layout: str = "wide") -> Any:
    """A polars DataFrame of the wide or long layout (not-disclosed figures are null).

    Requires polars (``pip install polars``).
    """
    rows, columns = _rows(catalog, layout)
    try:
        import polars as pl
    except ImportError as exc:
        raise ImportError("to_polars needs polars: pip install polars") from exc
    numeric = {c for c in columns if c.endswith("]") or c in ("price", "value")}
    schema = {c: pl.Float64 if c in numeric else (pl.Boolean if c == "chosen" else pl.Utf8) for c in columns}
    return pl.DataFrame(rows, schema=schema)


def to_csv(catalog: Iterable[Accelerator], path: str | Path | None = None, layout: str = "wide") -> str:
    """CSV text of the layout (written to ``path`` too when given); empty cells are not disclosed."""
    rows, columns = _rows(catalog, layout)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: "" if v is None else (repr(v) if isinstance(v, float) else v) for k, v in r.items()})
    text = buf.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def to_json(catalog: Iterable[Accelerator], path: str | Path | None = None, layout: str = "wide",
            **kwargs: Any) -> str:
    """JSON text (a list of row objects, ``null`` when not disclosed); written to ``path`` too."""
    rows, _ = _rows(catalog, layout)
    text = json.dumps(rows, ensure_ascii=False, **kwargs)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def to_parquet(catalog: Iterable[Accelerator], path: str | Path, layout: str = "wide") -> Path:
    """Write the layout as a Parquet file through pandas; returns the path.

    Requires pandas and a Parquet engine (``pip install pyarrow``).
    """
    frame = to_pandas(catalog, layout)
    target = Path(path)
    try:
        frame.to_parquet(target, index=False)
    except ImportError as exc:
        raise ImportError("to_parquet needs a Parquet engine: pip install pyarrow") from exc
    return target
