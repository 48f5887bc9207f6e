"""A user's file over the packaged catalog: built on the cached packaged entries (none rebuilt)
with exactly the result of building everything from TOML."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog, _LayeredEntries, packaged_files
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]

SYSTEM = """
[[system]]
id = "acme-box"
name = "Acme Box"
vendor = "Acme"
status = "shipping"
parts = [ { accelerator = "nvidia-h200-sxm", count = 8 }, { accelerator = "acme-x1", count = 2 } ]
specs = [ { field = "tdp", value = 10000, unit = "W", scope = "system", source = "test-src" } ]
"""
CHILD = """
[[accelerator]]
id = "acme-x2"
name = "Acme X2"
vendor = "Acme"
status = "announced"
base = "acme-x1"
specs = [ { field = "tdp", value = 900, unit = "W", scope = "module", source = "nvidia-h200-zive-2023" } ]
"""


def _slow(*paths: Path) -> Catalog:
    return Catalog.from_files(list(packaged_files()), *([p] for p in paths))


def _same(fast: Catalog, slow: Catalog) -> None:
    assert fast.ids == slow.ids and fast.files == slow.files and fast.sources == slow.sources
    for a, b in zip(fast, slow):
        assert a == b and a.provenance == b.provenance and a.origin == b.origin, b.id
    assert fast._name_index().state() == slow._name_index().state()


def test_new_entries_systems_and_bases_build_over_the_packaged_catalog(write: Write) -> None:
    path = write(SOURCE + entry("acme-x1", *GOOD_ROWS) + CHILD + SYSTEM)
    fast = acs.load_catalog(path)
    assert isinstance(fast._entries, _LayeredEntries)
    _same(fast, _slow(path))
    box = fast.get("Acme Box")
    # 8 x 141 GB (H200, catalog/nvidia.toml) + 2 x 80 GB (the file above)
    assert box.memory.capacity.to("GB").magnitude == pytest.approx(8 * 141 + 2 * 80)
    assert fast.get("X2").claims("tdp")[0].source.id == "nvidia-h200-zive-2023"
    assert acs.catalog().ids == _slow().ids  # the packaged catalog is unchanged


def test_a_file_that_overrides_a_packaged_entry_takes_the_full_path(write: Write) -> None:
    override = """
[[accelerator]]
id = "nvidia-h200-sxm"
specs = [ { field = "tdp", value = 650, unit = "W", scope = "module", source = "test-src" } ]
"""
    path = write(SOURCE + override)
    cat = acs.load_catalog(path)
    assert not isinstance(cat._entries, _LayeredEntries)
    assert cat.get("H200").tdp.magnitude == 650
    _same(cat, _slow(path))


def test_a_base_in_the_packaged_catalog_takes_the_full_path(write: Write) -> None:
    text = SOURCE + """
[[accelerator]]
id = "acme-h200-variant"
name = "Acme H200 variant"
vendor = "NVIDIA"
status = "roadmap"
base = "nvidia-h200-sxm"
"""
    path = write(text)
    cat = acs.load_catalog(path)
    assert not isinstance(cat._entries, _LayeredEntries)
    assert cat.get("Acme H200 variant").memory.bandwidth == acs.get("H200").memory.bandwidth


def test_a_source_redefined_differently_is_the_same_error_on_both_paths(write: Write) -> None:
    text = SOURCE.replace("test-src", "nvidia-h200-zive-2023") + entry(
        "acme-x1", '{ field = "tdp", value = 700, unit = "W", source = "nvidia-h200-zive-2023" }')
    path = write(text)
    with pytest.raises(acs.CatalogError, match="different content"):
        acs.load_catalog(path)


def test_a_name_that_collides_with_a_packaged_alias_is_a_catalog_error(write: Write) -> None:
    path = write(SOURCE + entry("acme-x1", *GOOD_ROWS, aliases='["H200"]'))
    with pytest.raises(acs.CatalogError, match="collides") as info:
        acs.load_catalog(path)
    assert info.value.entry == "acme-x1" and info.value.file == str(path)


def test_a_missing_base_is_named_on_the_fast_path(write: Write) -> None:
    path = write(SOURCE + CHILD.replace('base = "acme-x1"', 'base = "acme-nothing"'))
    with pytest.raises(acs.CatalogError, match="not a catalog id") as info:
        acs.load_catalog(path)
    assert info.value.entry == "acme-x2" and info.value.field == "base"
