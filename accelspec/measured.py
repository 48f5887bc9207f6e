"""Measured results beside the specs: what a benchmark run achieved on a chip, with its conditions.

A :class:`Measurement` is data like a spec row, never a replacement for one. Measurements live in
their own files (``catalog/measurements/*.toml``, format in that folder's README), one
``[[measurement]]`` table each, with ``[[source]]`` tables of kind ``measured`` or ``benchmark``.
The loader is as strict as the catalog's: an unknown key, an undefined source, a chip id the
catalog lacks, a unit of the wrong dimension (or outside the quantity's allow-list), a value that
is not positive and finite, or a missing precision on a matrix rate is a
:class:`~accelspec.errors.CatalogError` naming file, entry and field.

Files whose name starts with ``_`` are skipped (``_unmatched.toml`` keeps measurements of chips
the catalog does not list, so nothing read from a source is lost).

Examples
--------
>>> import accelspec as acs
>>> ms = acs.catalog().measurements("H20", "matrix_throughput")
>>> sorted({m.precision for m in ms})
['bf16', 'tf32']
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from accelspec.errors import CatalogError, UnitError
from accelspec.fields import parse_precision, precision_info
from accelspec.loader import _DATE_RE, _ID_RE, MAX_FILE_BYTES, _check_keys, _err, _str, parse_toml
from accelspec.spec import FrozenDict, Source, SourceKind
from accelspec.units import Q_

__all__ = [
    "CONFIDENCES",
    "QUANTITIES",
    "Measurement",
    "load_measurements",
    "measurement_files",
    "read_measurements",
]

#: The fixed vocabulary: quantity -> (canonical unit, allowed unit spellings, meaning).
QUANTITIES: dict[str, tuple[str, frozenset[str], str]] = {
    "matrix_throughput": ("TFLOP/s", frozenset({"TFLOP/s", "PFLOP/s", "TOP/s", "POP/s"}),
                          "achieved dense matrix (GEMM) rate at a precision"),
    "training_model_flops": ("TFLOP/s", frozenset({"TFLOP/s", "PFLOP/s"}),
                             "model FLOP/s achieved in training"),
    "memory_bandwidth": ("GB/s", frozenset({"TB/s", "GB/s", "GiB/s"}),
                         "achieved device-memory bandwidth"),
    "link_bandwidth": ("GB/s", frozenset({"TB/s", "GB/s", "Gb/s", "GiB/s"}),
                       "achieved chip-to-chip bandwidth (P2P copy or collective bus bandwidth)"),
    "power_under_load": ("W", frozenset({"W", "kW"}), "board power drawn under a named load"),
    "usable_memory": ("GB", frozenset({"GB", "GiB", "TB"}), "device memory a program can allocate"),
    "llm_decode_throughput": ("token/s", frozenset({"token/s"}), "generated tokens per second"),
    "llm_prefill_throughput": ("token/s", frozenset({"token/s"}), "prompt tokens per second"),
    "llm_serving_throughput": ("token/s", frozenset({"token/s"}),
                               "end-to-end serving throughput (MLPerf Offline/Server tokens/s)"),
    "training_throughput": ("token/s", frozenset({"token/s"}), "training tokens per second"),
}
_NEEDS_PRECISION = frozenset({"matrix_throughput", "training_model_flops"})
#: Confidence levels, most trusted first.
CONFIDENCES = ("high", "medium", "low")
_SOURCE_KINDS = ("measured", "benchmark")
_KEYS = frozenset({"id", "chip", "quantity", "precision", "value", "unit", "per", "source", "date",
                   "confidence", "note", "conditions"})
_REQUIRED = ("id", "chip", "quantity", "unit", "per", "source", "date", "confidence")
_COND_STR = frozenset({"model", "precision_detail", "software", "scenario", "round"})
_COND_INT = frozenset({"batch", "concurrency", "input_tokens", "output_tokens", "chip_count", "tp", "pp", "ep"})
_SOURCE_KEYS = frozenset({"id", "title", "url", "publisher", "date", "kind", "note"})


def _conditions(value: Mapping[str, Any]) -> FrozenDict:
    return value if isinstance(value, FrozenDict) else FrozenDict(value)


@attrs.frozen
class Measurement:
    """One measured result on a chip (or on ``chip_count`` chips of it).

    Attributes
    ----------
    id : str
        Unique id (kebab-case).
    chip : str
        Catalog id of the accelerator or system measured.
    quantity : str
        One of :data:`QUANTITIES`.
    value : pint.Quantity
        The value in the quantity's canonical unit (TFLOP/s, GB/s, W, GB or token/s), for what
        ``per`` says: one chip, or the whole system of ``chip_count`` chips.
    per : {"chip", "system"}
        Scope of ``value``.
    source : Source
        The document it was read from.
    source_kind : {"measured", "benchmark"}
        A measurement write-up, or an audited benchmark result (MLPerf).
    date, confidence : str
        When it was measured or published; ``high``, ``medium`` or ``low``.
    precision : str or None
        Compute precision (required for matrix rates; set on LLM results where the submission says).
    note : str
        Remarks from the file.
    conditions : mapping
        Model, batch, sequence lengths, chip count, software, scenario, MLPerf round...
    file : str
        The file it was read from.
    given_unit : str
        The unit as written in the file (``"TOP/s"``, ``"GiB"``...).
    """

    id: str
    chip: str
    quantity: str
    value: Any
    per: str
    source: Source
    source_kind: str
    date: str
    confidence: str
    precision: str | None = None
    note: str = ""
    conditions: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_conditions)
    file: str = attrs.field(default="", eq=False)
    given_unit: str = ""

    @property
    def chip_count(self) -> int:
        """Chips the value covers (``conditions.chip_count``; 1 when not stated)."""
        n = self.conditions.get("chip_count", 1)
        return int(n)

    @property
    def per_chip(self) -> Any:
        """The value for one chip: ``value / chip_count`` for a system value, else ``value``."""
        return self.value / self.chip_count if self.per == "system" else self.value

    @property
    def unit(self) -> str:
        """Canonical unit of :attr:`value`."""
        return QUANTITIES[self.quantity][0]

    @property
    def display_unit(self) -> str:
        """The unit to print: ``TOP/s`` for an integer-precision matrix rate, else :attr:`unit`."""
        if self.quantity == "matrix_throughput" and self.precision is not None \
                and precision_info(self.precision).integer:
            return "TOP/s"
        return self.unit

    def cite(self) -> str:
        """``"<id> (<source title>, <url>)"``: what a result names as the origin of a factor."""
        return f"{self.id} ({self.source.title}, {self.source.url})"

    def __str__(self) -> str:
        scope = f" for {self.chip_count} chips" if self.per == "system" else ""
        prec = f" {self.precision}" if self.precision else ""
        return f"{self.chip}: {self.quantity}{prec} = {self.value.magnitude:.6g} {self.display_unit}{scope} [{self.id}]"


def _read_source(data: Any, file: str, i: int) -> tuple[Source, str]:
    if not isinstance(data, dict):
        raise _err(f"[[source]] #{i + 1} must be a table", file)
    sid = data.get("id") if isinstance(data.get("id"), str) else f"#{i + 1}"
    _check_keys(data, _SOURCE_KEYS, file, sid, "a [[source]] table")
    for key in ("id", "title", "url", "publisher", "date", "kind"):
        _str(data, key, file, sid, required=True)
    if not _ID_RE.match(data["id"]):
        raise _err("source id must be lowercase kebab-case", file, sid, "id")
    if not _DATE_RE.match(data["date"]):
        raise _err(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {data['date']!r}", file, sid, "date")
    if data["kind"] not in _SOURCE_KINDS:
        raise _err(f"a measurement source's kind is one of {', '.join(_SOURCE_KINDS)}, "
                   f"got {data['kind']!r}", file, sid, "kind")
    src = Source(id=data["id"], title=data["title"], url=data["url"], publisher=data["publisher"],
                 date=data["date"], kind=SourceKind.MEASURED, note=_str(data, "note", file, sid) or "")
    return src, data["kind"]


def _read_conditions(value: Any, file: str, mid: str) -> FrozenDict:
    if not isinstance(value, dict):
        raise _err("conditions must be a table", file, mid, "conditions")
    _check_keys(value, _COND_STR | _COND_INT, file, mid, "[measurement.conditions]")
    for key, v in value.items():
        if key in _COND_STR and (not isinstance(v, str) or not v.strip()):
            raise _err(f"conditions.{key} must be a non-empty string, got {v!r}", file, mid,
                       f"conditions.{key}")
        if key in _COND_INT and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
            raise _err(f"conditions.{key} must be a positive integer, got {v!r}", file, mid,
                       f"conditions.{key}")
    return FrozenDict(value)


def _read_measurement(data: Any, file: str, i: int, sources: Mapping[str, tuple[Source, str]],
                      chips: Collection[str]) -> Measurement:
    if not isinstance(data, dict):
        raise _err(f"[[measurement]] #{i + 1} must be a table", file)
    mid: str = data["id"] if isinstance(data.get("id"), str) else f"#{i + 1}"
    _check_keys(data, _KEYS, file, mid, "a [[measurement]] table")
    for key in _REQUIRED:
        _str(data, key, file, mid, required=True)
    if not _ID_RE.match(data["id"]):
        raise _err("measurement id must be lowercase kebab-case", file, mid, "id")
    if data["chip"] not in chips:
        raise _err(f"unknown chip id {data['chip']!r} (not in the catalog)", file, mid, "chip")
    quantity = data["quantity"]
    if quantity not in QUANTITIES:
        raise _err(f"unknown quantity {quantity!r}; one of {', '.join(QUANTITIES)}", file, mid, "quantity")
    if data["source"] not in sources:
        raise _err(f"unknown source {data['source']!r} (define it in a [[source]] table)", file, mid,
                   "source")
    source, kind = sources[data["source"]]
    if data["per"] not in ("chip", "system"):
        raise _err(f"per must be 'chip' or 'system', got {data['per']!r}", file, mid, "per")
    if not _DATE_RE.match(data["date"]):
        raise _err(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {data['date']!r}", file, mid, "date")
    if data["confidence"] not in CONFIDENCES:
        raise _err(f"confidence must be one of {', '.join(CONFIDENCES)}, got {data['confidence']!r}",
                   file, mid, "confidence")
    precision = _str(data, "precision", file, mid)
    if precision is not None:
        try:
            precision = parse_precision(precision)
        except LookupError:
            raise _err(f"unknown precision {precision!r}", file, mid, "precision") from None
    elif quantity in _NEEDS_PRECISION:
        raise _err(f"{quantity} needs a precision", file, mid, "precision")
    value = data.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value <= 0:
        raise _err(f"value must be a positive finite number, got {value!r}", file, mid, "value")
    canonical, allowed, _ = QUANTITIES[quantity]
    unit = data["unit"]
    if unit not in allowed:
        raise _err(f"unit {unit!r} is not allowed for {quantity} (wrong dimension or spelling); "
                   f"one of {', '.join(sorted(allowed))}", file, mid, "unit")
    try:
        q = Q_(float(value), unit).to(canonical)
    except (UnitError, ValueError, LookupError) as exc:  # pragma: no cover - allow-list guards it
        raise _err(f"unit {unit!r}: {exc}", file, mid, "unit") from None
    conditions = _read_conditions(data.get("conditions", {}), file, mid)
    if data["per"] == "system" and "chip_count" not in conditions:
        raise _err("a per = 'system' value needs conditions.chip_count", file, mid, "conditions.chip_count")
    return Measurement(id=data["id"], chip=data["chip"], quantity=quantity, value=q, per=data["per"],
                       source=source, source_kind=kind, date=data["date"],
                       confidence=data["confidence"], precision=precision,
                       note=_str(data, "note", file, mid) or "", conditions=conditions, file=file,
                       given_unit=unit)


def read_measurements(files: Iterable[tuple[str, str | bytes]], chips: Collection[str],
                      sources: Mapping[str, Source] | None = None) -> tuple[Measurement, ...]:
    """Parse measurement files strictly.

    Parameters
    ----------
    files : iterable of (name, text or bytes)
        The files' names (for messages) and contents.
    chips : collection of str
        The catalog ids a measurement may name.
    sources : mapping, optional
        Catalog sources a measurement may also cite (their kind is then ``measured``).

    Returns
    -------
    tuple of Measurement
        In file order.

    Raises
    ------
    CatalogError
        Naming file, entry and field of the first problem.
    """
    parsed: list[tuple[str, dict[str, Any]]] = []
    known: dict[str, tuple[Source, str]] = {k: (s, "measured") for k, s in (sources or {}).items()}
    own: set[str] = set()
    for name, text in files:
        data = parse_toml(text, name)
        _check_keys(data, frozenset({"schema", "source", "measurement"}), name, None, "the file")
        if data.get("schema", 1) != 1:
            raise _err(f"unsupported schema {data.get('schema')!r} (this version reads 1)", name,
                       None, "schema")
        for key in ("source", "measurement"):
            if not isinstance(data.get(key, []), list):
                raise _err(f"{key} must be an array of tables ([[{key}]])", name, None, key)
        for i, raw in enumerate(data.get("source", [])):
            src, kind = _read_source(raw, name, i)
            if src.id in own:
                raise _err(f"duplicate source id {src.id!r}", name, src.id, "id")
            own.add(src.id)
            known[src.id] = (src, kind)
        parsed.append((name, data))
    out: list[Measurement] = []
    seen: set[str] = set()
    for name, data in parsed:
        for i, raw in enumerate(data.get("measurement", [])):
            m = _read_measurement(raw, name, i, known, chips)
            if m.id in seen:
                raise _err(f"duplicate measurement id {m.id!r}", name, m.id, "id")
            seen.add(m.id)
            out.append(m)
    return tuple(out)


def measurement_files(directory: str | Path) -> list[Path]:
    """The measurement files of a folder, sorted; names starting with ``_`` are skipped."""
    return sorted(p for p in Path(directory).glob("*.toml") if not p.name.startswith("_"))


_LOADED: dict[tuple[str, ...], tuple[Measurement, ...]] = {}
_LOCK = threading.Lock()


def load_measurements(paths: Iterable[str | Path], chips: Collection[str],
                      sources: Mapping[str, Source] | None = None) -> tuple[Measurement, ...]:
    """Read measurement files from disk (each set of files parsed once per process).

    Raises
    ------
    CatalogError
        For an unreadable or invalid file, naming file, entry and field.
    """
    names = tuple(str(p) for p in paths)
    key = names + ("\0",) + tuple(sorted(chips))
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
    blobs: list[tuple[str, bytes]] = []
    for name in names:
        try:
            with open(name, "rb") as fh:
                blob = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CatalogError(f"cannot read the file: {exc.strerror or exc}", file=name) from None
        blobs.append((name, blob))
    result = read_measurements(blobs, chips, sources)
    with _LOCK:
        _LOADED[key] = result
    return result

