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
from accelspec.errors import CatalogError, InvalidArgumentError, UnknownAcceleratorError
from accelspec.lookup import Match, NameIndex
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
            entries if isinstance(entries, _PickledEntries) else dict(entries))
        self._sources = dict(sources)
        self._files = tuple(files)
        self._index: NameIndex | None = None
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
                    self._index = NameIndex(self._entries.values())
        return self._index

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
                self.get(item)
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

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Ranked candidates for ``text``; see :meth:`accelspec.lookup.NameIndex.search`."""
        return self._name_index().search(text, limit)

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
        return tuple(sorted({a.vendor for a in self}))

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
                    raise UnitError(f"threshold for {name}: cannot read {limit!r} (write e.g. '64 GB')") from None
            q = check_dimension(limit, metric.unit, what=f"threshold for {name}")

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
_CACHE_INPUTS = ("units.txt", "loader.py", "spec.py", "fields.py", "lookup.py", "units.py")


def _load_packaged() -> Catalog:
    """Build the packaged catalog, through a cache verified against the TOML sources.

    The cache key is a SHA-256 of the package version, the unit definitions, the modules that
    build and define the cached objects (:data:`_CACHE_INPUTS`) and every catalog file's name and
    bytes, so an edited file, or a source checkout whose loader or spec classes changed, is never
    served stale; a missing, unreadable or
    mismatched cache is rebuilt from the TOML. Set ``ACCELSPEC_CACHE=0`` to disable it,
    ``ACCELSPEC_CACHE_DIR`` to move it.
    """
    import hashlib

    files = [(str(p), p.read_bytes()) for p in packaged_files()]
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    here = Path(__file__).parent
    for code in _CACHE_INPUTS:  # what builds or defines the cached objects, not only the data
        digest.update((here / code).read_bytes())
    for name, data in files:
        digest.update(Path(name).name.encode() + b"\0" + data + b"\0")
    key = digest.hexdigest()
    directory = private_cache_dir()
    cache_name = f"catalog-{key[:32]}.pickle"
    if directory is not None:
        blob = read_cache_file(directory / cache_name)
        if blob is not None:
            try:
                cached = _read_cache(blob, key)
            except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
                cached = None
            if cached is not None:
                return cached
    from accelspec.loader import build_entries, read_layer  # only on a cache miss

    layer = read_layer(files)
    sources, entries = build_entries([layer])
    cat = Catalog(entries, sources, layer.files)
    index = cat._name_index()
    if directory is not None:
        if write_cache_file(directory / cache_name, _write_cache(key, entries, sources, layer.files, index)):
            remove_stale(directory, "catalog-", cache_name)
    return cat


class _PickledEntries(Mapping[str, Accelerator]):
    """Entries kept pickled, one blob each, until first asked for.

    The verified cache's fast path: ``get("H200")`` unpickles one entry (~25 quantities), not
    all ~1,200 quantities of the catalog. Each entry is unpickled at most once per process.
    """

    def __init__(self, blobs: Mapping[str, bytes]) -> None:
        self._blobs = dict(blobs)
        self._done: dict[str, Accelerator] = {}
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> Accelerator:
        try:
            return self._done[key]
        except KeyError:
            pass
        blob = self._blobs[key]  # a KeyError here is the caller's "no such id"
        import pickle

        with self._lock:
            if key not in self._done:
                self._done[key] = pickle.loads(blob)
            return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


_CACHE_FORMAT = 2


def _write_cache(key: str, entries: Mapping[str, Accelerator], sources: Mapping[str, Source],
                 files: tuple[str, ...], index: NameIndex) -> bytes:
    """Serialise a catalog for the cache: per-entry blobs, sources, files and the name index.

    The payload is guarded by its own SHA-256, so a truncated or damaged file is rebuilt rather
    than failing later, when an entry is first unpickled.
    """
    import hashlib
    import pickle

    protocol = pickle.HIGHEST_PROTOCOL
    blobs = {eid: pickle.dumps(acc, protocol=protocol) for eid, acc in entries.items()}
    payload = pickle.dumps((blobs, dict(sources), tuple(files), index.state()), protocol=protocol)
    return pickle.dumps((_CACHE_FORMAT, key, hashlib.sha256(payload).hexdigest(), payload),
                        protocol=protocol)


def _read_cache(data: bytes, key: str) -> Catalog | None:
    """The catalog stored in ``data`` if it was written for ``key`` and is intact, else ``None``."""
    import hashlib
    import pickle

    fmt, stored_key, digest, payload = pickle.loads(data)
    if fmt != _CACHE_FORMAT or stored_key != key or hashlib.sha256(payload).hexdigest() != digest:
        return None
    blobs, sources, files, state = pickle.loads(payload)
    entries = _PickledEntries(blobs)
    cat = Catalog(entries, sources, files)
    cat._index = NameIndex.from_state(entries, state)
    return cat


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
    layers: list[list[str | Path]] = [list(packaged_files())] if packaged else []
    layers.extend([p] for p in paths)
    return Catalog.from_files(*layers)


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


