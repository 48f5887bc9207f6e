"""Strict catalog loading: each class of bad file is a CatalogError naming file, entry, field."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]


def load(path: Path) -> Catalog:
    return Catalog.from_files([path])


def test_a_good_file_loads_with_derived_dense_value(write: Write) -> None:
    cat = load(write(SOURCE + entry("acme-x1", *GOOD_ROWS)))
    acc = cat.get("x1")
    assert acc.peak("bf16").magnitude == pytest.approx(989.5)
    (claim,) = acc.claims("bf16")
    assert claim.derived_from == "bf16:sparse" and claim.factor == 0.5
    assert acc.power.scope == "module"


def expect(write: Write, text: str, *, entry_id: str | None, field: str | None, match: str) -> acs.CatalogError:
    path = write(text)
    with pytest.raises(acs.CatalogError, match=match) as info:
        load(path)
    err = info.value
    assert err.file == str(path)
    if entry_id is not None:
        assert err.entry == entry_id
    if field is not None:
        assert err.field is not None and field in err.field
    assert isinstance(err, ValueError)
    return err


def test_invalid_toml(write: Write) -> None:
    expect(write, "[[accelerator]\nid=", entry_id=None, field=None, match="invalid TOML")


def test_unknown_top_level_key(write: Write) -> None:
    expect(write, SOURCE + "colour = 'red'\n", entry_id=None, field="colour", match="unknown key")


def test_unknown_entry_key(write: Write) -> None:
    expect(write, SOURCE + entry("acme-x1", *GOOD_ROWS, extra='colour = "red"'),
           entry_id="acme-x1", field="colour", match="unknown key")


def test_unknown_row_key(write: Write) -> None:
    row = '{ field = "tdp", value = 700, unit = "W", source = "test-src", colour = "red" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="tdp", match="unknown key")


def test_value_without_source(write: Write) -> None:
    row = '{ field = "tdp", value = 700, unit = "W" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="tdp", match="source")


def test_unknown_source(write: Write) -> None:
    row = '{ field = "tdp", value = 700, unit = "W", source = "nowhere" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="tdp", match="unknown source")


def test_duplicate_id(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + entry("acme-x1", *GOOD_ROWS, aliases='["X2"]')
    expect(write, text, entry_id="acme-x1", field="id", match="duplicate id")


def test_duplicate_alias_across_entries(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + entry("acme-x2", *GOOD_ROWS, aliases='["x-1"]')
    expect(write, text, entry_id="acme-x2", field="aliases", match="collides")


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "-inf"])
def test_non_positive_or_non_finite_value(write: Write, value: str) -> None:
    row = f'{{ field = "tdp", value = {value}, unit = "W", source = "test-src" }}'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="tdp",
           match="positive|finite")


def test_value_of_wrong_type(write: Write) -> None:
    row = '{ field = "tdp", value = "700", unit = "W", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="tdp", match="number")


def test_wrong_unit_dimension(write: Write) -> None:
    row = '{ field = "memory.bandwidth", value = 4.8, unit = "THz", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="memory.bandwidth",
           match="convertible")


def test_unknown_unit(write: Write) -> None:
    row = '{ field = "memory.bandwidth", value = 4.8, unit = "furlongs", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="memory.bandwidth",
           match="unknown unit")


def test_hostile_unit_string_is_an_error_not_a_hang(write: Write) -> None:
    hostile = "9**9**8 " * 130_000 + "GB"  # about 1 MB
    row = f'{{ field = "memory.capacity", value = 1, unit = "{hostile}", source = "test-src" }}'
    t = time.perf_counter()
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="memory.capacity",
           match="longer than")
    assert time.perf_counter() - t < 5.0


def test_unknown_field(write: Write) -> None:
    row = '{ field = "memory.speed", value = 1, unit = "TB/s", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="memory.speed",
           match="unknown field")


def test_several_claims_need_one_chosen_with_reason(write: Write) -> None:
    rows = ('{ field = "tdp", value = 310, unit = "W", source = "test-src" }',
            '{ field = "tdp", value = 350, unit = "W", source = "test-src" }')
    expect(write, SOURCE + entry("acme-x1", *rows), entry_id="acme-x1", field="tdp", match="chosen")
    rows2 = ('{ field = "tdp", value = 310, unit = "W", source = "test-src", chosen = true }',
             '{ field = "tdp", value = 350, unit = "W", source = "test-src" }')
    expect(write, SOURCE + entry("acme-x1", *rows2), entry_id="acme-x1", field="tdp", match="reason")


def test_every_claim_is_kept_and_the_range_is_available(write: Write) -> None:
    rows = ('{ field = "fp16", value = 280, unit = "TFLOP/s", source = "test-src" }',
            '{ field = "fp16", value = 353, unit = "TFLOP/s", source = "test-src", chosen = true, reason = "vendor docs" }',
            '{ field = "fp16", value = 376, unit = "TFLOP/s", source = "test-src" }')
    acc = load(write(SOURCE + entry("acme-x1", *rows))).get("acme-x1")
    assert [c.value.magnitude for c in acc.claims("fp16")] == [280, 353, 376]
    lo, chosen, hi = acc.range("fp16")
    assert (lo.magnitude, chosen.magnitude, hi.magnitude) == (280, 353, 376)
    assert acc.provenance["fp16"].reason == "vendor docs"
    assert acc.provenance["fp16"].disputed


def test_derived_from_a_missing_field(write: Write) -> None:
    row = '{ field = "bf16", from = "bf16:sparse", factor = 0.5, source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="bf16", match="does not have")


def test_unknown_base_and_base_cycle(write: Write) -> None:
    expect(write, SOURCE + entry("acme-x1", *GOOD_ROWS, extra='base = "acme-zz"'),
           entry_id="acme-x1", field="base", match="not a catalog id")
    text = (SOURCE + entry("acme-x1", *GOOD_ROWS, extra='base = "acme-x2"')
            + entry("acme-x2", *GOOD_ROWS, extra='base = "acme-x1"', aliases='["X2"]'))
    expect(write, text, entry_id=None, field="base", match="cycle")


def test_variants_inherit_rows_from_their_base(write: Write) -> None:
    child = entry("acme-x1-lite", '{ field = "memory.capacity", value = 64, unit = "GB", source = "test-src" }',
                  extra='base = "acme-x1"', aliases='["X1 Lite"]')
    cat = load(write(SOURCE + entry("acme-x1", *GOOD_ROWS) + child))
    lite = cat.get("X1 Lite")
    assert lite.memory.capacity.magnitude == 64
    assert lite.memory.bandwidth.magnitude == pytest.approx(3.35)
    assert lite.claims("memory.bandwidth")[0].inherited_from == "acme-x1"


def test_text_field_given_a_number_and_vice_versa(write: Write) -> None:
    row = '{ field = "memory.type", value = 3, unit = "GB", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="memory.type", match="text")
    row2 = '{ field = "tdp", text = "700 W", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row2), entry_id="acme-x1", field="tdp", match="quantity")


def test_interconnect_needs_a_direction(write: Write) -> None:
    row = '{ field = "interconnect.bandwidth", value = 900, unit = "GB/s", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="interconnect", match="direction")


def test_price_needs_a_currency(write: Write) -> None:
    row = '{ field = "price", value = 25000, unit = "W", source = "test-src" }'
    expect(write, SOURCE + entry("acme-x1", row), entry_id="acme-x1", field="price", match="currency")


def test_bad_source_kind_and_date(write: Write) -> None:
    bad_kind = SOURCE.replace("vendor-datasheet", "rumour")
    expect(write, bad_kind, entry_id="test-src", field="kind", match="unknown source kind")
    bad_date = SOURCE.replace('"2024-01"', '"Jan 2024"')
    expect(write, bad_date, entry_id="test-src", field="date", match="YYYY")


def test_unsupported_schema(write: Write) -> None:
    expect(write, "schema = 2\n" + SOURCE, entry_id=None, field="schema", match="schema")


def test_non_utf8_file(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_bytes(b"name = '\xff\xfe'")
    with pytest.raises(acs.CatalogError, match="UTF-8"):
        load(p)


def test_missing_file_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(acs.CatalogError, match="cannot read"):
        load(tmp_path / "absent.toml")


def test_user_file_overrides_a_packaged_value_and_says_where_it_came_from(write: Write) -> None:
    user = write(SOURCE + """
[[accelerator]]
id = "nvidia-h20"
specs = [
  { field = "memory.bandwidth", value = 3.2, unit = "TB/s", source = "test-src", note = "what-if" },
]
""")
    cat = acs.load_catalog(user)
    h20 = cat.get("H20")
    assert h20.memory.bandwidth.magnitude == pytest.approx(3.2)
    assert h20.claims("memory.bandwidth")[0].origin == str(user)
    assert h20.memory.capacity == acs.get("H20").memory.capacity  # the rest is untouched
    assert acs.get("H20").memory.bandwidth.magnitude == pytest.approx(4.0)  # packaged unchanged


def test_user_file_adds_an_accelerator(write: Write) -> None:
    cat = acs.load_catalog(write(SOURCE + entry("acme-x1", *GOOD_ROWS)))
    assert len(cat) == len(acs.catalog()) + 1
    assert acs.ratio("X1", "H100 SXM", "bf16", catalog=cat) == pytest.approx(1.0, rel=1e-3)


def test_user_alias_colliding_with_packaged_name_is_refused(write: Write) -> None:
    path = write(SOURCE + entry("acme-x1", *GOOD_ROWS, aliases='["h-200"]'))
    with pytest.raises(acs.CatalogError, match="collides"):
        acs.load_catalog(path)


def test_nothing_executes_from_a_file(write: Write, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    row = ('{ field = "memory.capacity", value = 1, '
           f'unit = "__import__(\'pathlib\').Path(\'{marker}\').touch()", source = "test-src" }}')
    with pytest.raises(acs.CatalogError):
        load(write(SOURCE + entry("acme-x1", row)))
    assert not marker.exists()
