"""Device identity: from the name a runtime prints, or a PCI id, to the exact catalog entry.

Training frameworks read ``torch.cuda.get_device_name()`` and match substrings against a table
of their own ("b200" in "nvidia gb200" is True). Here every runtime string and PCI id is a row
of ``catalog/identity/devices.toml`` with its source, and a lookup is exact after folding case,
spaces and dashes. A row that cannot tell variants apart raises
:class:`~accelspec.errors.AmbiguousNameError` with the candidates; a known variant the catalog
has no entry for raises :class:`~accelspec.errors.UnknownAcceleratorError` naming its family.

Examples
--------
>>> from_device_name("NVIDIA H100 80GB HBM3").id
'nvidia-h100-sxm'
>>> from_pci_id("10de:2330").id
'nvidia-h100-sxm'
>>> from_device_name("NVIDIA GB200").id            # never the HGX B200
'nvidia-gb200-gpu'
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import packaged_catalog_dir, resolve
from accelspec.errors import AmbiguousNameError, CatalogError, InvalidArgumentError, UnknownAcceleratorError
from accelspec.lookup import normalise
from accelspec.spec import Accelerator, Source, SourceKind

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "DeviceRow",
    "current_device",
    "device_rows",
    "from_device_name",
    "from_pci_id",
    "identify",
]

_PCI = re.compile(r"^\s*(?:0x)?([0-9a-fA-F]{4})\s*:\s*(?:0x)?([0-9a-fA-F]{4})\s*$")


@attrs.frozen
class DeviceRow:
    """One runtime name or PCI id and what it identifies.

    Attributes
    ----------
    key : str
        The name as printed (``"NVIDIA H100 80GB HBM3"``) or the PCI id (``"10de:2330"``).
    kind : {"name", "pci"}
        Which of the two it is.
    accelerator : str or None
        Catalog id it identifies exactly.
    candidates : tuple of str
        Catalog ids it could be (the id or name does not tell them apart).
    family : str or None
        Catalog id of the family of a variant the catalog has no entry for.
    label : str
        What the source calls it (PCI rows: the pci.ids text; name rows: the runtime).
    sources : tuple of Source
        Where the string or id was read.
    note : str
        Remarks.
    """

    key: str
    kind: str
    accelerator: str | None
    candidates: tuple[str, ...]
    family: str | None
    label: str
    sources: tuple[Source, ...]
    note: str = ""


_ROWS: dict[tuple[str, str], DeviceRow] | None = None
_LOCK = threading.Lock()
_ROW_KEYS = {"name", "id", "accelerator", "candidates", "family", "runtime", "label", "sources", "note"}


def _path() -> Any:
    return packaged_catalog_dir() / "identity" / "devices.toml"


def _load() -> dict[tuple[str, str], DeviceRow]:
    import tomllib

    path = _path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"cannot read the device identity table: {exc}", file=str(path)) from None
    sources: dict[str, Source] = {}
    for s in data.get("source", []):
        sources[s["id"]] = Source(id=s["id"], title=s["title"], url=s.get("url", ""),
                                  publisher=s["publisher"], date=str(s["date"]),
                                  kind=SourceKind(s["kind"]), note=s.get("note", ""))
    rows: dict[tuple[str, str], DeviceRow] = {}
    for kind, table in (("name", "name"), ("pci", "pci")):
        for raw in data.get(table, []):
            unknown = set(raw) - _ROW_KEYS
            key = raw.get("name") if kind == "name" else raw.get("id")
            if unknown or not isinstance(key, str):
                raise CatalogError(f"bad {table} row (unknown keys {sorted(unknown)} or no key)",
                                   file=str(path), entry=str(key))
            targets = [raw.get("accelerator"), raw.get("candidates"), raw.get("family")]
            if sum(t is not None for t in targets) != 1:
                raise CatalogError("a row needs exactly one of accelerator, candidates, family",
                                   file=str(path), entry=key)
            try:
                cited = tuple(sources[s] for s in raw["sources"])
            except KeyError as exc:
                raise CatalogError(f"unknown source {exc.args[0]!r}", file=str(path), entry=key) from None
            norm = _pci_key(key) if kind == "pci" else normalise(key)
            if (kind, norm) in rows:
                raise CatalogError("duplicate row", file=str(path), entry=key)
            rows[(kind, norm)] = DeviceRow(
                key=key, kind=kind, accelerator=raw.get("accelerator"),
                candidates=tuple(raw.get("candidates", ())), family=raw.get("family"),
                label=raw.get("label", raw.get("runtime", "")), sources=cited, note=raw.get("note", ""))
    return rows


def device_rows() -> Mapping[tuple[str, str], DeviceRow]:
    """Every row of the identity table, keyed by ``(kind, folded key)``; loaded once."""
    global _ROWS
    if _ROWS is None:
        with _LOCK:
            if _ROWS is None:
                _ROWS = _load()
    return _ROWS


def _pci_key(text: str) -> str:
    m = _PCI.match(text)
    if m is None:
        raise InvalidArgumentError(
            f"not a PCI id: {text!r} (write vendor:device in hex, e.g. '10de:2330')")
    return f"{m.group(1).lower()}:{m.group(2).lower()}"


def _answer(row: DeviceRow, query: str, catalog: Catalog | None) -> Accelerator:
    if row.accelerator is not None:
        return resolve(row.accelerator, catalog)
    if row.candidates:
        raise AmbiguousNameError(query, row.candidates)
    raise UnknownAcceleratorError(
        query, [row.family] if row.family else [])  # a variant without an entry: say its family


def identify(text: str, *, catalog: Catalog | None = None) -> DeviceRow:
    """The identity-table row for a runtime name or PCI id, without resolving it.

    Raises
    ------
    UnknownAcceleratorError
        When the table has no such row.
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(f"expected a device name or PCI id string, got {type(text).__name__}")
    rows = device_rows()
    if _PCI.match(text):
        row = rows.get(("pci", _pci_key(text)))
    else:
        row = rows.get(("name", normalise(text)))
    if row is None:
        raise UnknownAcceleratorError(text)
    return row


def from_device_name(name: str, *, catalog: Catalog | None = None) -> Accelerator:
    """The catalog entry for a device name as a runtime prints it.

    Parameters
    ----------
    name : str
        ``torch.cuda.get_device_name()``, nvidia-smi's name, JAX's ``device_kind``, rocminfo's
        marketing name or torch_npu's SoC name (``"NVIDIA A100-SXM4-80GB"``, ``"Ascend910B2"``).
        A catalog id, name or alias is accepted too.
    catalog : Catalog, optional
        Where ids are resolved (default: the packaged catalog).

    Returns
    -------
    Accelerator

    Raises
    ------
    AmbiguousNameError
        When the name is printed by several SKUs alike (``.candidates`` lists them).
    UnknownAcceleratorError
        When the name is neither in the identity table nor a catalog name; for a known variant
        without a catalog entry (``"Ascend910B3"``), ``.suggestions`` holds its family.

    Examples
    --------
    >>> from_device_name("NVIDIA A100-SXM4-80GB").id
    'nvidia-a100-sxm-80gb'
    """
    if not isinstance(name, str):
        raise InvalidArgumentError(f"expected a device name string, got {type(name).__name__}")
    row = device_rows().get(("name", normalise(name)))
    if row is not None:
        return _answer(row, name, catalog)
    return resolve(name, catalog)  # exact over ids, names and aliases; never a substring


def from_pci_id(pci_id: str, *, catalog: Catalog | None = None) -> Accelerator:
    """The catalog entry for a PCI ``vendor:device`` id (``"10de:2330"``, ``"0x19e5:0xd802"``).

    Raises
    ------
    InvalidArgumentError
        For text that is not ``vendor:device`` in hex.
    AmbiguousNameError
        When the id is shared by several catalog entries (``19e5:d802``: every Ascend 910B).
    UnknownAcceleratorError
        When the id is not in the table.

    Examples
    --------
    >>> from_pci_id("19e5:d801").id
    'huawei-ascend-910'
    """
    if not isinstance(pci_id, str):
        raise InvalidArgumentError(f"expected a PCI id string such as '10de:2330', got {type(pci_id).__name__}")
    key = _pci_key(pci_id)
    row = device_rows().get(("pci", key))
    if row is None:
        raise UnknownAcceleratorError(key)
    return _answer(row, key, catalog)


def current_device(index: int = 0, *, catalog: Catalog | None = None) -> Accelerator:
    """The catalog entry for the accelerator this process sees, read from torch or JAX.

    Neither is required or imported unless already installed: torch is tried first
    (``torch.cuda``, then ``torch.npu`` from torch_npu), then JAX's ``device_kind``.

    Raises
    ------
    UnknownAcceleratorError
        When no framework reports an accelerator, or its name is not known.
    AmbiguousNameError
        When the reported name fits several entries.
    """
    name = _runtime_name(index)
    if name is None:
        raise UnknownAcceleratorError("<current device>", [])
    return from_device_name(name, catalog=catalog)


def _runtime_name(index: int) -> str | None:
    torch = _optional("torch")
    if torch is not None:
        for backend in ("cuda", "npu"):
            mod = getattr(torch, backend, None)
            if mod is not None and mod.is_available():
                return str(mod.get_device_name(index))
    jax = _optional("jax")
    if jax is not None:
        devices = [d for d in jax.devices() if d.platform != "cpu"]
        if len(devices) > index:
            return str(devices[index].device_kind)
    return None


def _optional(module: str) -> Any:
    if module in sys.modules:
        return sys.modules[module]
    import importlib.util

    if importlib.util.find_spec(module) is None:
        return None
    import importlib

    return importlib.import_module(module)  # pragma: no cover - only where the framework exists
