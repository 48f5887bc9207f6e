"""The catalog: a set of accelerators with their sources, loaded lazily from TOML files.

:func:`catalog` returns the packaged catalog, parsed on first use and cached for the process.
:func:`load_catalog` returns a new :class:`Catalog` with a user's files merged over the packaged
ones (or on their own). Catalogs are plain objects you pass around; nothing switches a global.

Examples
--------
>>> import accelspec as acs
>>> cat = acs.catalog()
>>> cat.get("英伟达H20").id
'nvidia-h20'
>>> "H200" in cat
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any


from accelspec._version import __version__
from accelspec.errors import CatalogError, InvalidArgumentError, UnknownAcceleratorError, quote
from accelspec.lookup import Match, NameIndex, NameRecord
from accelspec.spec import Accelerator, Source, Status
from accelspec.cache import private_cache_dir, read_cache_file, remove_stale, write_cache_file

__all__ = ["Catalog", "catalog", "load_catalog", "packaged_catalog_dir", "packaged_files", "resolve"]


class Catalog:
    """An immutable collection of accelerators and the sources they cite.

    Iterate it, take ``len()``, index it by exact id, look names up with :meth:`get`, rank
    candidates with :meth:`search`, narrow it with :meth:`filter`.
    """

    def __init__(self, entries: Mapping[str, Accelerator], sources: Mapping[str, Source],
                 files: Iterable[str] = ()) -> None:
        self._entries: Mapping[str, Accelerator] = (
            entries if isinstance(entries, _LazyEntries) else dict(entries))
        self._sources = dict(sources)
        self._files = tuple(files)
        self._index: NameIndex | None = None
        self._records: list[NameRecord] | None = None
        self._lock = threading.Lock()
        self._measurement_paths: list[Path] | None = None

    @classmethod
    def from_files(cls, *layers: Iterable[str | Path]) -> Catalog:
        """Load files, each argument one layer (later layers override earlier ones).

        Raises
        ------
        CatalogError
            For any problem, naming file, entry and field.
        """
        from accelspec.loader import build_entries, read_layer, read_path

        raw = [read_layer(read_path(p) for p in layer) for layer in layers]
        sources, entries = build_entries(raw)
        cat = cls(entries, sources, [f for layer in raw for f in layer.files])
        cat._name_index()  # alias collisions are catalog errors: find them at load time
        return cat

    @classmethod
    def from_text(cls, text: str, name: str = "<string>", *, over: Catalog | None = None) -> Catalog:
        """Load one TOML document given as text (optionally as a layer over ``over``'s files)."""
        from accelspec.loader import build_entries, read_layer, read_path

        layers = []
        if over is not None:
            layers.append(read_layer(read_path(p) for p in over.files))
        layers.append(read_layer([(name, text)]))
        sources, entries = build_entries(layers)
        cat = cls(entries, sources, [f for layer in layers for f in layer.files])
        cat._name_index()
        return cat

    def _name_index(self) -> NameIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = NameIndex.from_records(self._entries, self._name_records())
        return self._index

    def _name_records(self) -> list[NameRecord]:
        """What the name index reads of each entry (kept from the cache: no entry is read)."""
        if self._records is None:
            self._records = [NameRecord(a.id, a.name, a.vendor, tuple(a.aliases), a.origin)
                             for a in self._entries.values()]
        return self._records

    # -- collection protocol -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Accelerator]:
        return iter(self._entries.values())

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Accelerator):
            return self._entries.get(item.id) == item
        if isinstance(item, str):
            try:
                self.id_of(item)  # the name index alone: no entry is built
            except LookupError:
                return False
            return True
        return False

    def __getitem__(self, id: str) -> Accelerator:
        """The entry with this id, or else the one :meth:`get` finds for the name (so
        ``catalog()["H200"]`` works wherever ``"H200" in catalog()`` is true)."""
        try:
            return self._entries[id]
        except (KeyError, TypeError):
            pass
        if isinstance(id, str):
            return self.get(id)
        raise UnknownAcceleratorError(repr(id))

    def __getstate__(self) -> dict[str, Any]:
        # the lock and the name index are rebuilt; lazily unpickled entries are materialised
        return {"entries": dict(self._entries), "sources": self._sources, "files": self._files}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["entries"], state["sources"], state["files"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<Catalog: {len(self)} accelerators, {len(self._sources)} sources, {len(self._files)} files>"

    # -- lookup ----------------------------------------------------------------------------
    def get(self, name: str) -> Accelerator:
        """Find an accelerator by id, name or alias (case, spaces and dashes ignored).

        Raises
        ------
        UnknownAcceleratorError
            No exact match; ``.suggestions`` lists close names.
        AmbiguousNameError
            Several entries share the name.
        """
        return self._name_index().get(name)

    def plain(self, name: str) -> dict[str, Any]:
        """One entry's identity and claims as plain data (floats in canonical units and unit
        symbols), read from the verified cache without importing pint when it can be.

        This is the data path of ``accelspec show``; use :meth:`get` for the typed entry.

        Returns
        -------
        dict
            ``id``, ``name``, ``vendor``, ``family``, ``form_factor``, ``status``, ``aliases``
            and ``fields``: a list of ``{"field", "claims", "chosen", "reason"}`` in catalog
            order, each claim ``{"value", "unit", "stated", "source", "kind", "date", "extra",
            "derived_from", "factor"}`` (``value`` a float in ``unit``, or text with ``unit``
            ``None``; ``chosen`` the index of the chosen claim).

        Raises
        ------
        UnknownAcceleratorError, AmbiguousNameError
            As :meth:`get`.
        """
        eid = self._name_index().resolve_id(name)
        try:
            data, pretty = _plain_entry(self._entries, eid)
        except Exception:  # noqa: BLE001 - a cache entry that is not what it should be
            data, pretty = _plain_from(self._entries[eid])
        return _plain_view(data, pretty, self._sources)

    def id_of(self, name: str) -> str:
        """The id :meth:`get` finds for ``name``, without building the entry.

        Raises
        ------
        UnknownAcceleratorError, AmbiguousNameError
            As :meth:`get`.
        """
        return self._name_index().resolve_id(name)

    def cached_record(self, eid: str) -> dict[str, Any] | None:
        """Entry ``eid``'s plain data as the verified cache holds it (values ``[magnitude,
        symbol]`` in canonical units, provenance with plain claims), or ``None`` when the entry is
        not served from the cache as it was written (a user's layer, a rebuilt catalog): the
        data path of the pint-free tables."""
        import json

        entries = self._entries
        while isinstance(entries, _LayeredEntries) and eid not in entries._new:
            entries = entries._below
        if isinstance(entries, _CachedEntries) and entries._rebuilt is None and eid in entries._texts:
            record: dict[str, Any] = json.loads(entries._texts[eid])
            return record
        return None

    def cached_records(self, *, vendor: str | Iterable[str] | None = None, status: str | Iterable[str] | None = None,
                       systems: bool | None = None) -> list[dict[str, Any]] | None:
        """:meth:`cached_record` of every entry that passes :meth:`filter`'s ``vendor``, ``status``
        and ``systems`` conditions, in catalog order; ``None`` when any entry is not served from
        the cache.

        Raises
        ------
        InvalidArgumentError
            For a status that is not one of the four.
        """
        vendors = None if vendor is None else {v.casefold() for v in ([vendor] if isinstance(vendor, str) else vendor)}
        statuses = None
        if status is not None:
            statuses = {_status(s).value for s in ([status] if isinstance(status, str) else status)}
        out = []
        for eid in self._entries:
            record = self.cached_record(eid)
            if record is None:
                return None
            if ((vendors is None or record["vendor"].casefold() in vendors)
                    and (statuses is None or record["status"] in statuses)
                    and (systems is None or bool(record["parts"]) == systems)):
                out.append(record)
        return out

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Ranked candidates for ``text``; see :meth:`accelspec.lookup.NameIndex.search`."""
        return self._name_index().search(text, limit)

    def search_names(self, text: str, limit: int = 10) -> list[tuple[str, str, float, str]]:
        """:meth:`search` as ``(id, name, score, matched name)``, without building any entry."""
        return self._name_index().search_ids(text, limit)

    def resolve(self, item: str | Accelerator) -> Accelerator:
        """Return ``item`` itself if it is an :class:`Accelerator`, else look the name up."""
        return item if isinstance(item, Accelerator) else self.get(item)

    # -- measurements (issue 17) -------------------------------------------------------------
    def measurements(self, chip: str | Accelerator | None = None,
                     quantity: str | None = None) -> tuple[Any, ...]:
        """Measured results (:class:`~accelspec.measured.Measurement`) for this catalog's chips.

        Read lazily, on first use, from the packaged ``catalog/measurements/*.toml`` (outside the
        catalog cache), plus any files given to :meth:`with_measurements`.

        Parameters
        ----------
        chip : str or Accelerator, optional
            Only this chip's measurements (a name is looked up in this catalog).
        quantity : str, optional
            Only this quantity (see :data:`accelspec.measured.QUANTITIES`).

        Raises
        ------
        CatalogError
            For an invalid measurement file (file, entry and field named).
        UnknownMetricError
            For a quantity outside the vocabulary.
        """
        from accelspec.measured import QUANTITIES, load_measurements, measurement_files

        if quantity is not None and quantity not in QUANTITIES:
            from accelspec.errors import UnknownMetricError
            import difflib

            raise UnknownMetricError(str(quantity), difflib.get_close_matches(str(quantity), list(QUANTITIES), n=3),
                                     what="measured quantity")
        paths = list(self._measurement_paths or ())
        if not paths:
            directory = packaged_catalog_dir() / "measurements"
            paths = measurement_files(directory) if directory.is_dir() else []
        # ids are checked against this catalog and the packaged one, so a filtered catalog reads
        # the same files; only this catalog's chips are returned
        known = frozenset(self._entries) | frozenset(catalog().ids)
        sources = {**catalog().sources, **self._sources}
        every = load_measurements(paths, known, sources)
        cid = None if chip is None else self.resolve(chip).id
        return tuple(m for m in every if m.chip in self._entries and (cid is None or m.chip == cid)
                     and (quantity is None or m.quantity == quantity))

    def with_measurements(self, *paths: str | Path, packaged: bool = True) -> Catalog:
        """This catalog with other measurement files (after the packaged ones by default)."""
        from accelspec.measured import measurement_files

        cat = Catalog(self._entries, self._sources, self._files)
        cat._index = self._index
        directory = packaged_catalog_dir() / "measurements"
        base = measurement_files(directory) if packaged and directory.is_dir() else []
        cat._measurement_paths = [*base, *(Path(p) for p in paths)]
        return cat

    # -- views -----------------------------------------------------------------------------
    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, in catalog order."""
        return tuple(self._entries)

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source, by id."""
        return dict(self._sources)

    @property
    def files(self) -> tuple[str, ...]:
        """The files the catalog was read from, in load order."""
        return self._files

    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendors present, sorted."""
        return tuple(sorted({r.vendor for r in self._name_records()}))

    def filter(self, predicate: Callable[[Accelerator], bool] | None = None, *,
               vendor: str | Iterable[str] | None = None,
               status: str | Iterable[str] | None = None,
               systems: bool | None = None,
               at_least: Mapping[str, Any] | None = None,
               at_most: Mapping[str, Any] | None = None) -> Catalog:
        """A new catalog with the entries that pass every condition given.

        Parameters
        ----------
        predicate : callable, optional
            Any ``Accelerator -> bool``, e.g. ``lambda a: a.has("fp8")``.
        vendor : str or iterable of str, optional
            Vendor name(s), case-insensitive.
        status : str or iterable of str, optional
            Status value(s): shipping, announced, roadmap, discontinued.
        systems : bool, optional
            ``True`` keeps only systems, ``False`` only single accelerators.
        at_least, at_most : mapping of metric name to quantity, optional
            Thresholds, e.g. ``at_least={"memory.capacity": Q_(64, "GB")}``. A quantity may be
            given as a string (``"64 GB"``). Entries that do not disclose the metric are dropped.

        Raises
        ------
        InvalidArgumentError
            For a status that is not one of the four above.
        UnitError, UnknownMetricError
            For a threshold that is unreadable, of the wrong dimension, or on an unknown metric.

        Examples
        --------
        >>> import accelspec as acs
        >>> big = acs.catalog().filter(at_least={"memory.capacity": "141 GB"}, systems=False)
        >>> "nvidia-h200-sxm" in big.ids and "nvidia-h20" not in big.ids
        True
        """
        tests = _threshold_tests(at_least, at_most)
        vendors = None if vendor is None else {v.casefold() for v in ([vendor] if isinstance(vendor, str) else vendor)}
        statuses = None
        if status is not None:
            statuses = {_status(s) for s in ([status] if isinstance(status, str) else status)}
        keep = {
            a.id: a for a in self
            if (vendors is None or a.vendor.casefold() in vendors)
            and (statuses is None or a.status in statuses)
            and (systems is None or a.is_system == systems)
            and all(t(a) for t in tests)
            and (predicate is None or predicate(a))
        }
        return Catalog(keep, self._sources, self._files)

    # -- tables (accelspec.tables does the work) -------------------------------------------
    def to_pandas(self, layout: str = "wide") -> Any:
        """A pandas DataFrame: ``layout="wide"`` (one row per entry, unit-suffixed columns) or
        ``"long"`` (one row per claim); see :mod:`accelspec.tables`."""
        from accelspec.tables import to_pandas

        return to_pandas(self, layout)

    def to_polars(self, layout: str = "wide") -> Any:
        """A polars DataFrame of the same layouts (needs polars)."""
        from accelspec.tables import to_polars

        return to_polars(self, layout)

    def to_csv(self, path: str | Path | None = None, layout: str = "wide") -> str:
        """CSV text of a layout, also written to ``path`` when given."""
        from accelspec.tables import to_csv

        return to_csv(self, path, layout)

    def to_parquet(self, path: str | Path, layout: str = "wide") -> Path:
        """Write a layout as Parquet (needs pandas and pyarrow); returns the path."""
        from accelspec.tables import to_parquet

        return to_parquet(self, path, layout)

    def to_json(self, path: str | Path | None = None, layout: str | None = None, **kwargs: Any) -> str:
        """JSON text: by default the full export (schema version, sources, every claim) that
        :func:`accelspec.serialize.catalog_from_json` reads back; with ``layout``, the rows of
        that table layout."""
        if layout is None:
            from accelspec.serialize import catalog_to_json

            text = catalog_to_json(self, **kwargs)
            if path is not None:
                Path(path).write_text(text, encoding="utf-8")
            return text
        from accelspec.tables import to_json

        return to_json(self, path, layout, **kwargs)


def _status(value: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise InvalidArgumentError(
            f"unknown status {value!r}; one of {', '.join(s.value for s in Status)}") from None


def _threshold_tests(at_least: Mapping[str, Any] | None,
                     at_most: Mapping[str, Any] | None) -> list[Callable[[Accelerator], bool]]:
    from accelspec.errors import MissingSpecError, UnitError
    from accelspec.metrics import get_metric
    from accelspec.units import Q_, check_dimension

    tests: list[Callable[[Accelerator], bool]] = []
    for bounds, sign in ((at_least or {}, 1), (at_most or {}, -1)):
        for name, limit in bounds.items():
            metric = get_metric(name)
            if isinstance(limit, str):
                number, _, unit = limit.strip().partition(" ")
                try:
                    limit = Q_(float(number), unit.strip())
                except ValueError:
                    raise UnitError(f"threshold for {name}: cannot read {quote(limit)} (write e.g. '64 GB')") from None
            q = check_dimension(limit, metric.unit, what=f"threshold for {name}")
            mag = q.magnitude
            if isinstance(mag, bool) or not isinstance(mag, (int, float)) or not 0 < mag < float("inf"):
                raise UnitError(f"threshold for {name} must be a positive finite number, got {quote(mag)}")

            def test(a: Accelerator, m: Any = metric, q: Any = q, sign: int = sign) -> bool:
                try:
                    v = m(a)
                except MissingSpecError:
                    return False
                return bool(v >= q) if sign > 0 else bool(v <= q)

            tests.append(test)
    return tests


def packaged_catalog_dir() -> Path:
    """Directory of the packaged catalog files (inside the wheel, or the source tree's ``catalog/``)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_catalog", here.parent / "catalog"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    raise CatalogError("the packaged catalog is missing (no catalog/*.toml next to the package)",
                       file=str(here / "_catalog"))


def packaged_files() -> list[Path]:
    """The packaged catalog files, sorted by name."""
    return sorted(packaged_catalog_dir().glob("*.toml"))


_PACKAGED: Catalog | None = None
_PACKAGED_LOCK = threading.Lock()


#: Package files whose bytes go into the cache key besides the catalog files.
_CACHE_INPUTS = ("units.txt", "loader.py", "spec.py", "fields.py", "lookup.py", "units.py",
                 "catalogs.py")
#: Distributions whose versions go into the cache key (read from metadata, never imported).
_CACHE_DISTRIBUTIONS = ("pint", "attrs")
_CACHE_FORMAT = 3
_CACHE_MAGIC = b"accelspec-catalog-cache 3\n"
_SECRET_NAME = "cache-secret"
#: Prefix of a provenance path stored relative to the packaged catalog's directory.
_ROOT_MARK = "@catalog/"


def _distribution_version(name: str) -> str:
    """The installed version of ``name`` (and its module file's size and time), without
    importing it: the ``name-VERSION.dist-info`` folder beside the package, else
    :mod:`importlib.metadata` (slower: it imports the email parser)."""
    import importlib.util
    import os

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # pragma: no cover - both are dependencies
        spec = None
    if spec is not None and spec.origin:
        origin = Path(spec.origin)
        st = os.stat(origin)
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
        try:
            found = [n for n in os.listdir(origin.parent.parent)
                     if n.startswith(name + "-") and n.endswith(".dist-info")]
        except OSError:  # pragma: no cover
            found = []
        if len(found) == 1:
            return found[0][len(name) + 1:-len(".dist-info")] + "@" + stamp
    from importlib.metadata import PackageNotFoundError, version  # pragma: no cover

    try:  # pragma: no cover
        return version(name)
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def _cache_key(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 over the package version, the pint and attrs versions, the modules that build
    and define the cached objects (:data:`_CACHE_INPUTS`) and every catalog file's name and bytes."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(f"{_CACHE_FORMAT}\0{__version__}\0".encode())
    for dist in _CACHE_DISTRIBUTIONS:
        digest.update(f"{dist}={_distribution_version(dist)}\0".encode())
    here = Path(__file__).parent
    for code in _CACHE_INPUTS:  # what builds or defines the cached objects, not only the data
        digest.update(code.encode() + b"\0" + (here / code).read_bytes() + b"\0")
    for name, data in files:
        digest.update(Path(name).name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _cache_secret(directory: Path) -> bytes | None:
    """The per-user secret (32 random bytes, a 0600 file in the private directory) that keys the
    cache's HMAC, created on first use; ``None`` if it cannot be read or made."""
    import secrets

    path = directory / _SECRET_NAME
    secret = read_cache_file(path, limit=64)
    if secret is not None and len(secret) == 32:
        return secret
    write_cache_file(path, secrets.token_bytes(32))
    secret = read_cache_file(path, limit=64)  # another process may have won the race: use its
    return secret if secret is not None and len(secret) == 32 else None


def _load_packaged() -> Catalog:
    """Build the packaged catalog, through a cache verified against the TOML sources.

    The cache is JSON of plain values (floats in canonical units, unit strings, source ids,
    text), rebuilt through the constructors; it never holds code. It is used only if its key
    (:func:`_cache_key`) matches and its HMAC-SHA256, keyed with a per-user secret kept in the
    private cache directory, verifies; otherwise, and if any entry fails to rebuild, the catalog
    is built from the TOML files. Set ``ACCELSPEC_CACHE=0`` to disable it,
    ``ACCELSPEC_CACHE_DIR`` to move it.
    """
    files = [_read_path(p) for p in packaged_files()]
    key = _cache_key(files)
    directory = private_cache_dir()
    secret = _cache_secret(directory) if directory is not None else None
    cache_name = f"catalog-{key[:32]}.json"
    root = packaged_catalog_dir()

    def build() -> Catalog:
        from accelspec.loader import build_entries, read_layer  # only on a cache miss

        layer = read_layer(files)
        sources, entries = build_entries([layer])
        cat = Catalog(entries, sources, layer.files)
        cat._name_index()
        return cat

    if directory is not None and secret is not None:
        blob = read_cache_file(directory / cache_name)
        if blob is not None:
            cached = _read_cache(blob, key, secret, root, build, directory / cache_name)
            if cached is not None:
                return cached
    cat = build()
    if directory is not None and secret is not None:
        data = _write_cache(key, secret, root, cat._entries, cat._sources, cat._files, cat._name_index(),
                            cat._name_records())
        if write_cache_file(directory / cache_name, data):
            remove_stale(directory, "catalog-", cache_name)
    return cat


def _read_path(path: str | Path) -> tuple[str, bytes]:
    """``(name, bytes)`` of a catalog file; see :func:`accelspec.loader.read_path`."""
    from accelspec.loader import read_path as read

    return read(path)


# -- the cache's plain-data form ---------------------------------------------------------------

def _rel(path: str, root: str) -> str:
    return _ROOT_MARK + path[len(root):] if path.startswith(root) else path


def _abs(path: str, root: str) -> str:
    return root + path[len(_ROOT_MARK):] if path.startswith(_ROOT_MARK) else path


def _q_out(q: Any) -> Any:
    from accelspec.spec import NotDisclosed

    if q is None or isinstance(q, NotDisclosed):
        return None
    return [float(q.magnitude), f"{q.units:~}".replace(" ", "")]


def _q_in(data: Any) -> Any:
    import math

    from accelspec.units import Q_

    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], float)
            and isinstance(data[1], str)):
        raise ValueError("not a cached quantity")
    if not math.isfinite(data[0]) or data[0] <= 0:
        raise ValueError("a cached quantity must be finite and positive")
    return Q_(data[0], data[1])


def _encode_entry(acc: Accelerator, root: str) -> str:
    import json

    def claim(c: Any) -> dict[str, Any]:
        return {"field": c.field, "value": c.value if isinstance(c.value, str) else _q_out(c.value),
                "stated": c.stated, "source": c.source.id, "note": c.note,
                "derived_from": c.derived_from, "factor": c.factor, "extra": dict(c.extra),
                "origin": _rel(c.origin, root), "inherited_from": c.inherited_from, "waive": c.waive}

    prov = {}
    for field, p in acc.provenance.items():
        chosen = next((i for i, c in enumerate(p.claims) if c is p.chosen), None)
        if chosen is None:
            chosen = p.claims.index(p.chosen)
        prov[field] = {"claims": [claim(c) for c in p.claims], "chosen": chosen, "reason": p.reason}
    data = {
        "id": acc.id, "name": acc.name, "vendor": acc.vendor, "family": acc.family,
        "form_factor": acc.form_factor, "status": acc.status.value, "aliases": list(acc.aliases),
        "memory": [_q_out(acc.memory.capacity), _q_out(acc.memory.bandwidth), acc.memory.type],
        "compute": {k: _q_out(v) for k, v in acc.compute.items()},
        "power": [_q_out(acc.power.tdp), acc.power.scope],
        "interconnect": [_q_out(acc.interconnect.bandwidth), acc.interconnect.direction,
                         acc.interconnect.name],
        "process": acc.process, "die_area": _q_out(acc.die_area), "dies": _q_out(acc.dies),
        "transistors": _q_out(acc.transistors), "sram": _q_out(acc.sram),
        "families": list(acc.families),
        "price": None if acc.price is None else [_q_out(acc.price.amount), acc.price.date],
        "released": acc.released, "provenance": prov,
        "parts": [[p.accelerator, p.count] for p in acc.parts],
        "references": [s.id for s in acc.references], "note": acc.note,
        "origin": _rel(acc.origin, root),
    }
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def _decode_entry(text: str, sources: Mapping[str, Source], root: str) -> Accelerator:
    """Rebuild one accelerator from its cached JSON through the constructors (which validate
    every value again). Any malformed piece raises (the caller drops the cache)."""
    import json

    from accelspec.spec import Claim, Interconnect, Memory, Part, Power, Price, Provenance

    d = json.loads(text)

    def opt(kwargs: dict[str, Any], name: str, q: Any) -> None:
        if q is not None:
            kwargs[name] = _q_in(q)

    def claim(c: dict[str, Any]) -> Claim:
        value = c["value"] if isinstance(c["value"], str) else _q_in(c["value"])
        factor = c["factor"]
        return Claim(field=c["field"], value=value, stated=c["stated"], source=sources[c["source"]],
                     note=c["note"], derived_from=c["derived_from"],
                     factor=None if factor is None else float(factor), extra=dict(c["extra"]),
                     origin=_abs(c["origin"], root), inherited_from=c["inherited_from"],
                     waive=c["waive"])

    provenance = {}
    for field, p in d["provenance"].items():
        claims = tuple(claim(c) for c in p["claims"])
        provenance[field] = Provenance(field=field, claims=claims, chosen=claims[p["chosen"]],
                                       reason=p["reason"])
    mem: dict[str, Any] = {"type": d["memory"][2]}
    opt(mem, "capacity", d["memory"][0])
    opt(mem, "bandwidth", d["memory"][1])
    power: dict[str, Any] = {"scope": d["power"][1]}
    opt(power, "tdp", d["power"][0])
    link: dict[str, Any] = {"direction": d["interconnect"][1], "name": d["interconnect"][2]}
    opt(link, "bandwidth", d["interconnect"][0])
    kwargs: dict[str, Any] = {}
    for name in ("die_area", "dies", "transistors", "sram"):
        opt(kwargs, name, d[name])
    price = None if d["price"] is None else Price(amount=_q_in(d["price"][0]), date=d["price"][1])
    return Accelerator(
        id=d["id"], name=d["name"], vendor=d["vendor"], family=d["family"],
        form_factor=d["form_factor"], status=d["status"], aliases=d["aliases"],
        memory=Memory(**mem), compute={k: _q_in(v) for k, v in d["compute"].items()},
        power=Power(**power), interconnect=Interconnect(**link), process=d["process"],
        price=price, released=d["released"], provenance=provenance,
        parts=[Part(a, n) for a, n in d["parts"]],
        references=[sources[s] for s in d["references"]], note=d["note"],
        origin=_abs(d["origin"], root), families=tuple(d["families"]), **kwargs)


def _plain_entry(entries: Mapping[str, Accelerator], eid: str) -> tuple[dict[str, Any], Mapping[str, str]]:
    """An entry's cached JSON (and the cache's unit symbols in print form) where the entry has
    not been rebuilt yet; else its encoding from the typed entry."""
    import json

    if isinstance(entries, _LayeredEntries) and eid not in entries._new:
        return _plain_entry(entries._below, eid)
    if isinstance(entries, _CachedEntries) and entries._rebuilt is None:
        return json.loads(entries._texts[eid]), entries._pretty
    return _plain_from(entries[eid])


def _plain_from(acc: Accelerator) -> tuple[dict[str, Any], Mapping[str, str]]:
    import json

    data = json.loads(_encode_entry(acc, ""))
    return data, _pretty_units([data])


def _pretty_units(entries: Iterable[Any]) -> dict[str, str]:
    """Each unit symbol in encoded entries, as pint prints it (``mm**2`` -> ``mm²``)."""
    from accelspec.units import parse_unit

    symbols: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, list) and len(x) == 2 and isinstance(x[0], float) and isinstance(x[1], str):
            symbols.add(x[1])
        elif isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for y in x.values():
                walk(y)

    for e in entries:
        walk(e)
    return {s: f"{parse_unit(s):~P}" for s in sorted(symbols)}


def _plain_view(d: dict[str, Any], pretty: Mapping[str, str], sources: Mapping[str, Source]) -> dict[str, Any]:
    fields = []
    for field, p in d["provenance"].items():
        claims = []
        for c in p["claims"]:
            text = isinstance(c["value"], str)
            src = sources[c["source"]]
            claims.append({
                "value": c["value"] if text else float(c["value"][0]),
                "unit": None if text else pretty[c["value"][1]],
                "stated": c["stated"], "source": src.id, "kind": src.kind.value, "date": src.date,
                "extra": dict(c["extra"]), "derived_from": c["derived_from"], "factor": c["factor"],
            })
        fields.append({"field": field, "claims": claims, "chosen": int(p["chosen"]), "reason": p["reason"]})
    keys = ("id", "name", "vendor", "family", "form_factor", "status", "aliases")
    return {**{k: d[k] for k in keys}, "system": bool(d.get("parts")), "fields": fields}


class _LazyEntries(Mapping[str, Accelerator]):
    """Entries a :class:`Catalog` keeps as they are (not copied into a dict): they load lazily."""


class _LayeredEntries(_LazyEntries):
    """A built catalog's entries (loaded lazily) followed by a layer's new entries."""

    def __init__(self, below: Mapping[str, Accelerator], new: Mapping[str, Accelerator]) -> None:
        self._below = below
        self._new = dict(new)

    def __getitem__(self, key: str) -> Accelerator:
        try:
            return self._new[key]
        except KeyError:
            return self._below[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._below
        yield from self._new

    def __len__(self) -> int:
        return len(self._below) + len(self._new)


class _CachedEntries(_LazyEntries):
    """Entries kept as their cached JSON text, each rebuilt on first use.

    The verified cache's fast path: ``get("H200")`` rebuilds one entry (~25 quantities), not
    the whole catalog. If an entry fails to rebuild (a damaged cache, or one written under
    another pint or attrs whose objects no longer load), the cache file is removed and every
    entry comes from the TOML files instead: no traceback, only the cost of a rebuild.
    """

    def __init__(self, texts: Mapping[str, str], sources: Mapping[str, Source], root: str,
                 fallback: Callable[[], Catalog], path: Path | None = None,
                 pretty: Mapping[str, str] | None = None) -> None:
        self._texts = dict(texts)
        self._pretty: Mapping[str, str] = dict(pretty or {})
        self._sources = sources
        self._root = root
        self._fallback = fallback
        self._path = path
        self._done: dict[str, Accelerator] = {}
        self._rebuilt: Mapping[str, Accelerator] | None = None
        self._lock = threading.RLock()

    def __getitem__(self, key: str) -> Accelerator:
        try:
            return self._done[key]
        except KeyError:
            pass
        text = self._texts[key]  # a KeyError here is the caller's "no such id"
        with self._lock:
            if key not in self._done:  # (after a drop, every entry is in _done already)
                try:
                    self._done[key] = _decode_entry(text, self._sources, self._root)
                except Exception:  # noqa: BLE001 - any entry that does not rebuild drops the cache
                    self._drop()
                    assert self._rebuilt is not None
                    self._done = dict(self._rebuilt)
            return self._done[key]

    def _drop(self) -> None:
        if self._path is not None:
            try:
                self._path.unlink()
            except OSError:
                pass
        self._rebuilt = self._fallback()._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _mac(secret: bytes, key: str, payload: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(secret, key.encode() + b"\0" + payload, hashlib.sha256).hexdigest()


def _write_cache(key: str, secret: bytes, root: Path, entries: Mapping[str, Accelerator],
                 sources: Mapping[str, Source], files: tuple[str, ...], index: NameIndex,
                 records: list[NameRecord]) -> bytes:
    """The cache file's bytes: a magic line, a JSON header (key, HMAC), then the JSON payload.

    The payload holds plain values only: the sources, the files (relative to the catalog
    root), the name index's tables and one JSON text per entry (rebuilt lazily on read).
    """
    import json

    base = str(root) + "/"
    table, names = index.state()
    texts = {eid: _encode_entry(acc, base) for eid, acc in entries.items()}
    payload = json.dumps({
        "sources": {sid: {"id": s.id, "title": s.title, "url": s.url, "publisher": s.publisher,
                          "date": s.date, "kind": s.kind.value, "note": s.note}
                    for sid, s in sources.items()},
        "files": [_rel(f, base) for f in files],
        "index": {k: sorted(v) for k, v in table.items()},
        "names": {eid: [list(n) for n in ns] for eid, ns in names.items()},
        "records": [[r.id, r.name, r.vendor, list(r.aliases), _rel(r.origin, base)] for r in records],
        "entries": texts,
        "pretty": _pretty_units(json.loads(t) for t in texts.values()),
    }, ensure_ascii=False, allow_nan=False).encode()
    header = json.dumps({"format": _CACHE_FORMAT, "key": key, "hmac": _mac(secret, key, payload)})
    return _CACHE_MAGIC + header.encode() + b"\n" + payload


def _read_cache(data: bytes, key: str, secret: bytes, root: Path,
                fallback: Callable[[], Catalog], path: Path | None = None) -> Catalog | None:
    """The catalog stored in ``data`` if it was written for ``key`` with this user's secret and
    is intact, else ``None`` (never an exception: an unreadable cache is rebuilt)."""
    import hmac
    import json

    from accelspec.spec import SourceKind

    try:
        if not data.startswith(_CACHE_MAGIC):
            return None
        header_text, sep, payload = data[len(_CACHE_MAGIC):].partition(b"\n")
        header = json.loads(header_text)
        if (not sep or not isinstance(header, dict) or header.get("format") != _CACHE_FORMAT
                or header.get("key") != key
                or not hmac.compare_digest(str(header.get("hmac")), _mac(secret, key, payload))):
            return None
        body = json.loads(payload)
        base = str(root) + "/"
        sources = {sid: Source(id=s["id"], title=s["title"], url=s["url"], publisher=s["publisher"],
                               date=s["date"], kind=SourceKind(s["kind"]), note=s["note"])
                   for sid, s in body["sources"].items()}
        texts = body["entries"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            return None
        pretty = body["pretty"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in pretty.items()):
            return None
        entries = _CachedEntries(texts, sources, base, fallback, path, pretty)
        cat = Catalog(entries, sources, [_abs(f, base) for f in body["files"]])
        table = {k: set(v) for k, v in body["index"].items()}
        names = {eid: [(n[0], n[1]) for n in ns] for eid, ns in body["names"].items()}
        cat._index = NameIndex.from_state(entries, (table, names))
        cat._records = [NameRecord(i, n, v, tuple(a), _abs(o, base)) for i, n, v, a, o in body["records"]]
        return cat
    except Exception:  # noqa: BLE001 - any malformed cache is simply rebuilt
        return None


def catalog() -> Catalog:
    """The packaged catalog, parsed and validated on first call, then cached.

    Returns
    -------
    Catalog

    Examples
    --------
    >>> import accelspec as acs
    >>> len(acs.catalog()) >= 9
    True
    """
    global _PACKAGED
    if _PACKAGED is None:
        with _PACKAGED_LOCK:
            if _PACKAGED is None:
                _PACKAGED = _load_packaged()
    return _PACKAGED


def load_catalog(*paths: str | Path, packaged: bool = True) -> Catalog:
    """Load a user's catalog files, merged over the packaged catalog by default.

    Parameters
    ----------
    *paths : str or Path
        TOML files in the catalog format (``catalog/SCHEMA.md``). Each is its own layer: it can
        add entries, or name an existing id to override some of its fields; every claim keeps
        the file it came from (``accelerator.claims(field)[i].origin``).
    packaged : bool
        Whether to start from the packaged catalog (default) or from nothing.

    Returns
    -------
    Catalog
        A new catalog; the packaged one (:func:`catalog`) is unchanged.

    Raises
    ------
    CatalogError
        Naming file, entry and field of the first problem.
    """
    if packaged and paths:
        fast = _load_over(catalog(), paths)
        if fast is not None:
            return fast
    layers: list[list[str | Path]] = [list(packaged_files())] if packaged else []
    layers.extend([p] for p in paths)
    return Catalog.from_files(*layers)


def _load_over(base: Catalog, paths: Iterable[str | Path]) -> Catalog | None:
    """``paths`` loaded over ``base`` without rebuilding ``base`` (its entries stay lazy), or
    ``None`` when the files change ``base`` itself (see :func:`accelspec.loader.build_entries_over`)."""
    from accelspec.loader import build_entries_over, read_layer, read_path

    layers = [read_layer([read_path(p)]) for p in paths]
    built = build_entries_over(layers, base._sources, base._entries)
    if built is None:
        return None
    sources, entries = built
    cat = Catalog(_LayeredEntries(base._entries, entries), {**base._sources, **sources},
                  base.files + tuple(f for layer in layers for f in layer.files))
    cat._records = base._name_records() + [NameRecord(a.id, a.name, a.vendor, tuple(a.aliases), a.origin)
                                           for a in entries.values()]
    cat._name_index()  # alias collisions are catalog errors: find them at load time
    return cat


def resolve(item: str | Accelerator, catalog: Catalog | None = None) -> Accelerator:
    """The one way every public function turns a chip argument into an :class:`Accelerator`.

    Parameters
    ----------
    item : str or Accelerator
        An accelerator (returned as it is) or a name, id or alias looked up exactly.
    catalog : Catalog, optional
        Where names are looked up (default: the packaged catalog).

    Raises
    ------
    UnknownAcceleratorError
        For a name the catalog lacks, with suggestions.
    AmbiguousNameError
        For a name several entries share.
    InvalidArgumentError
        For anything that is neither a string nor an Accelerator.

    Examples
    --------
    >>> resolve("H20").id
    'nvidia-h20'
    """
    if isinstance(item, Accelerator):
        return item
    if not isinstance(item, str):
        raise InvalidArgumentError(
            f"expected an accelerator name or an Accelerator, got {type(item).__name__}")
    return (catalog if catalog is not None else _packaged_catalog()).get(item)


def _packaged_catalog() -> Catalog:
    return catalog()


def _reset_cache() -> None:  # for tests
    global _PACKAGED
    _PACKAGED = None


