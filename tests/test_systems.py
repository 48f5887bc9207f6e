"""Systems: entries made of accelerators, figures computed from parts, published ones kept."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]


def system(eid: str, parts: str, *rows: str, aliases: str = '["Box"]') -> str:
    return f"""
[[system]]
id = "{eid}"
name = "Acme {eid}"
vendor = "Acme"
status = "shipping"
aliases = {aliases}
parts = {parts}
specs = [
  {", ".join(rows)}
]
"""


def test_system_figures_are_count_times_the_part(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + system(
        "acme-box", '[ { accelerator = "acme-x1", count = 8 } ]',
        '{ field = "tdp", value = 10.2, unit = "kW", scope = "system", source = "test-src" }')
    cat = Catalog.from_files([write(text)])
    box, chip = cat.get("Box"), cat.get("X1")
    assert box.is_system and not chip.is_system
    assert box.peak("bf16").magnitude == pytest.approx(8 * chip.peak("bf16").magnitude)
    assert box.memory.capacity.to("GB").magnitude == pytest.approx(640)
    assert box.tdp.to("W").magnitude == pytest.approx(10_200)
    (claim,) = box.claims("memory.capacity")
    assert claim.derived_from == "parts:memory.capacity" and claim.factor == 8
    assert acs.ratio(box, chip, "bf16") == pytest.approx(8.0)
    assert acs.ratio(box, chip, "ridge:bf16") == pytest.approx(1.0)


def test_published_system_figure_is_kept_beside_the_computed_one(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + system(
        "acme-box", '[ { accelerator = "acme-x1", count = 8 } ]',
        '{ field = "bf16", value = 7, unit = "PFLOP/s", source = "test-src", note = "as published" }')
    box = Catalog.from_files([write(text)]).get("Box")
    computed, published = box.claims("bf16")
    assert box.provenance["bf16"].chosen is computed
    assert computed.value.to("PFLOP/s").magnitude == pytest.approx(7.916)
    assert published.value.to("PFLOP/s").magnitude == pytest.approx(7)
    lo, _, hi = box.range("bf16")
    assert lo.to("PFLOP/s").magnitude == pytest.approx(7) and hi.to("PFLOP/s").magnitude == pytest.approx(7.916)


def test_system_power_is_never_summed_from_parts(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + system("acme-box", '[ { accelerator = "acme-x1", count = 8 } ]')
    box = Catalog.from_files([write(text)]).get("Box")
    with pytest.raises(acs.MissingSpecError):
        box.value("tdp")


@pytest.mark.parametrize("parts,match", [
    ('[ { accelerator = "acme-zz", count = 8 } ]', "not an accelerator"),
    ('[ { accelerator = "acme-x1", count = 0 } ]', "positive integer"),
    ('[ { accelerator = "acme-x1", count = 1.5 } ]', "positive integer"),
    ('[]', "needs parts"),
    ('[ { accelerator = "acme-x1", count = 2, colour = "red" } ]', "unknown key"),
])
def test_bad_parts_are_catalog_errors(write: Write, parts: str, match: str) -> None:
    path = write(SOURCE + entry("acme-x1", *GOOD_ROWS) + system("acme-box", parts))
    with pytest.raises(acs.CatalogError, match=match) as info:
        Catalog.from_files([path])
    assert info.value.entry == "acme-box"


def test_system_tdp_needs_system_scope(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + system(
        "acme-box", '[ { accelerator = "acme-x1", count = 8 } ]',
        '{ field = "tdp", value = 700, unit = "W", scope = "module", source = "test-src" }')
    with pytest.raises(acs.CatalogError, match="scope"):
        Catalog.from_files([write(text)])
