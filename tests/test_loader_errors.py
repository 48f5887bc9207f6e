"""Strict loading, the rest of the error classes: every bad key, table and row of a catalog file is
a CatalogError naming the file, the entry and the field, and a few shapes that must load."""

from __future__ import annotations

import math
import string
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import accelspec as acs
from accelspec.catalogs import Catalog
from accelspec.loader import MAX_FILE_BYTES, read_layer
from conftest import GOOD_ROWS, SOURCE, entry

Write = Callable[..., Path]

ROW_TDP = '{ field = "tdp", value = 700, unit = "W", source = "test-src" }'


def table(kind: str = "accelerator", **keys: str) -> str:
    """An ``[[accelerator]]`` (or other array table) with the given keys, values as TOML text."""
    return f"\n[[{kind}]]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())


def acme(**keys: str) -> str:
    """A valid accelerator table 'acme-x1' with some keys replaced (a value of None drops it)."""
    base = {"id": '"acme-x1"', "name": '"Acme X1"', "vendor": '"Acme"', "status": '"shipping"',
            "specs": f"[ {ROW_TDP} ]"}
    base.update(keys)
    return table(**{k: v for k, v in base.items() if v != "None"})


def expect(paths: list[Path] | list[list[Path]], *, file: Path, entry_id: str | None,
           field: str | None, match: str) -> acs.CatalogError:
    """Load (one layer, or several) and check the error names exactly this file, entry, field."""
    layers = paths if paths and isinstance(paths[0], list) else [paths]
    with pytest.raises(acs.CatalogError, match=match) as info:
        Catalog.from_files(*layers)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.file, err.entry, err.field) == (str(file), entry_id, field)
    assert str(file) in str(err)
    return err


def expect_text(write: Write, text: str, *, entry_id: str | None, field: str | None,
                match: str) -> acs.CatalogError:
    path = write(text)
    return expect([path], file=path, entry_id=entry_id, field=field, match=match)


def row_error(write: Write, *rows: str, field: str, match: str) -> acs.CatalogError:
    """The error for an 'acme-x1' entry with these spec rows."""
    return expect_text(write, SOURCE + entry("acme-x1", *rows), entry_id="acme-x1", field=field,
                       match=match)


# -- top level and tables ----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["source", "accelerator", "system"])
def test_a_top_level_key_that_is_not_an_array_of_tables(write: Write, key: str) -> None:
    expect_text(write, f"{key} = 1\n", entry_id=None, field=key, match=rf"'{key}' must be an array of tables")


ARRAY_MEMBERS = {
    "source": 'source = [ { id = "test-src", title = "T", url = "https://example.org", publisher = "P", '
              'date = "2024", kind = "vendor-datasheet" }, 3 ]\n',
    # (a top-level key must come before the first [[table]] header)
    "accelerator": 'accelerator = [ { id = "acme-x1", name = "X", vendor = "V", '
                   'status = "shipping" }, 3 ]\n' + SOURCE,
    "system": 'system = [ { id = "acme-box", parts = [ { accelerator = "acme-x1", count = 2 } ] }, '
              '3 ]\n' + SOURCE + entry("acme-x1", *GOOD_ROWS),
}


@pytest.mark.parametrize("key", sorted(ARRAY_MEMBERS))
def test_an_array_member_that_is_not_a_table_is_named_by_position(write: Write, key: str) -> None:
    # an inline array of a good table and a number: the second member is the bad one
    expect_text(write, ARRAY_MEMBERS[key], entry_id=None, field=None,
                match=rf"\[\[{key}\]\] #2 must be a table")


# -- [[source]] tables ---------------------------------------------------------------------------

@pytest.mark.parametrize("drop", ["title", "publisher", "date", "kind"])
def test_a_source_without_a_required_key(write: Write, drop: str) -> None:
    text = "\n".join(line for line in SOURCE.splitlines() if not line.startswith(f"{drop} ="))
    expect_text(write, text, entry_id="test-src", field=drop, match=f"missing required key '{drop}'")


def test_a_source_without_a_url(write: Write) -> None:
    text = "\n".join(line for line in SOURCE.splitlines() if not line.startswith("url ="))
    expect_text(write, text, entry_id="test-src", field="url", match="'url'.*original document")


def test_a_source_with_an_empty_title(write: Write) -> None:
    expect_text(write, SOURCE.replace('"Test document"', '"  "'), entry_id="test-src", field="title",
                match="'title' must be a non-empty string")


def test_a_source_id_that_is_not_kebab_case(write: Write) -> None:
    expect_text(write, SOURCE.replace('"test-src"', '"Test_Src"'), entry_id="Test_Src", field="id",
                match="kebab-case")


def test_a_source_defined_twice_in_one_layer_names_both_files(write: Write) -> None:
    first, second = write(SOURCE), write(SOURCE)
    err = expect([first, second], file=second, entry_id="test-src", field="id", match="defined twice")
    assert str(first) in err.problem


def test_a_later_layer_may_repeat_a_source_but_not_change_it(write: Write) -> None:
    base = write(SOURCE + entry("acme-x1", *GOOD_ROWS))
    same = write(SOURCE)
    assert Catalog.from_files([base], [same]).get("X1").memory.capacity.magnitude == 80
    changed = write(SOURCE.replace('"Test document"', '"Another document"'))
    expect([[base], [changed]], file=changed, entry_id="test-src", field="id", match="different content")


# -- [[accelerator]] and [[system]] tables -------------------------------------------------------

@pytest.mark.parametrize("keys, entry_id, field, match", [
    ({"id": "None"}, "#1", "id", "missing required key 'id'"),
    ({"id": '"Acme X1"'}, "Acme X1", "id", "kebab-case"),
    ({"id": '"' + "a" * 81 + '"'}, "a" * 81, "id", "at most 80 characters"),
    ({"name": '""'}, "acme-x1", "name", "'name' must be a non-empty string"),
    ({"vendor": "3"}, "acme-x1", "vendor", "'vendor' must be a non-empty string"),
    ({"status": '"rumoured"'}, "acme-x1", "status", "unknown status 'rumoured'.*shipping"),
    ({"aliases": '"X1"'}, "acme-x1", "aliases", "list of non-empty strings"),
    ({"aliases": '["X1", " "]'}, "acme-x1", "aliases", "list of non-empty strings"),
    ({"sources": '"test-src"'}, "acme-x1", "sources", "list of source ids"),
    ({"sources": '[1]'}, "acme-x1", "sources", "list of source ids"),
    ({"sources": '["nowhere"]'}, "acme-x1", "sources", "unknown source 'nowhere'"),
    ({"specs": '"tdp = 700 W"'}, "acme-x1", "specs", "array of inline tables"),
    ({"specs": f'[ {ROW_TDP}, "memory = 80 GB" ]'}, "acme-x1", "specs[1]", r"specs\[1\] must be an inline table"),
    ({"name": "None"}, "acme-x1", "name", "missing required key 'name'"),
    ({"vendor": "None"}, "acme-x1", "vendor", "missing required key 'vendor'"),
    ({"status": "None"}, "acme-x1", "status", "missing required key 'status'"),
])
def test_bad_entry_keys(write: Write, keys: dict[str, str], entry_id: str, field: str, match: str) -> None:
    expect_text(write, SOURCE + acme(**keys), entry_id=entry_id, field=field, match=match)


def test_an_entry_may_cite_known_sources(write: Write) -> None:
    acc = Catalog.from_files([write(SOURCE + acme(sources='["test-src"]'))]).get("acme-x1")
    assert [s.id for s in acc.references] == ["test-src"]


def system(parts: str) -> str:
    return SOURCE + entry("acme-x1", *GOOD_ROWS) + table(
        "system", id='"acme-box"', name='"Box"', vendor='"Acme"', status='"shipping"', parts=parts)


@pytest.mark.parametrize("parts, field, match", [
    ("[ 8 ]", "parts[0]", "each part must be an inline table"),
    ('[ { accelerator = "acme-x1", count = 1 }, { count = 2 } ]', "parts[1]", "needs accelerator"),
    ('[ { accelerator = "", count = 2 } ]', "parts[0]", "needs accelerator"),
    ('[ { accelerator = "acme-x1", count = true } ]', "parts[0]", "positive integer, got True"),
    ('[ { accelerator = "acme-x1", count = -3 } ]', "parts[0]", "positive integer, got -3"),
    ('"acme-x1"', "parts", "a system needs parts"),
])
def test_bad_system_parts(write: Write, parts: str, field: str, match: str) -> None:
    expect_text(write, system(parts), entry_id="acme-box", field=field, match=match)


def test_a_system_without_parts(write: Write) -> None:
    text = SOURCE + entry("acme-x1", *GOOD_ROWS) + table(
        "system", id='"acme-box"', name='"Box"', vendor='"Acme"', status='"shipping"')
    expect_text(write, text, entry_id="acme-box", field="parts", match="a system needs parts")


def test_a_variant_inherits_vendor_family_and_form_factor_it_does_not_state(write: Write) -> None:
    base = acme(family='"Acme 1"', form_factor='"OAM"')
    lite = table(id='"acme-x1-lite"', name='"Acme X1 Lite"', status='"announced"', base='"acme-x1"',
                 specs='[ { field = "tdp", value = 500, unit = "W", source = "test-src" } ]')
    own = table(id='"acme-x1-pcie"', name='"Acme X1 PCIe"', vendor='"Acme Labs"', status='"shipping"',
                form_factor='"PCIe"', base='"acme-x1"', specs="[]")
    cat = Catalog.from_files([write(SOURCE + base + lite + own)])
    x1_lite, pcie = cat["acme-x1-lite"], cat["acme-x1-pcie"]
    assert (x1_lite.vendor, x1_lite.family, x1_lite.form_factor) == ("Acme", "Acme 1", "OAM")
    assert x1_lite.status.value == "announced" and x1_lite.tdp.magnitude == 500
    # what a variant states wins over its base
    assert (pcie.vendor, pcie.family, pcie.form_factor) == ("Acme Labs", "Acme 1", "PCIe")
    assert pcie.tdp.magnitude == 700 and pcie.claims("tdp")[0].inherited_from == "acme-x1"


# -- spec rows -------------------------------------------------------------------------------------

@pytest.mark.parametrize("row, field, match", [
    ('{ value = 700, unit = "W", source = "test-src" }', "specs[0]", r"specs\[0\] needs a 'field' string"),
    ('{ field = 7, value = 700, unit = "W", source = "test-src" }', "specs[0]", "needs a 'field' string"),
    ('{ field = "memory.capacity", value = 80, unit = "GB", scope = "card", source = "test-src" }',
     "memory.capacity (specs[0])", "'scope' does not apply to memory.capacity"),
    ('{ field = "tdp", value = 700, unit = "W", direction = "unstated", source = "test-src" }',
     "tdp (specs[0])", "'direction' does not apply to tdp"),
    ('{ field = "tdp", value = 700, unit = "W", scope = "rack", source = "test-src" }',
     "tdp (specs[0])", "scope must be one of chip, package, card"),
    ('{ field = "interconnect.bandwidth", value = 900, unit = "GB/s", direction = "both", source = "test-src" }',
     "interconnect.bandwidth (specs[0])", "direction must be one of bidirectional"),
    ('{ field = "price", value = 25000, unit = "USD", date = "2024/01", source = "test-src" }',
     "price (specs[0])", "date must be YYYY"),
    ('{ field = "price", value = 25000, unit = "USD", date = 2024, source = "test-src" }',
     "price (specs[0])", "date must be YYYY"),
    ('{ field = "tdp", value = 700, unit = "W", note = 3, source = "test-src" }',
     "tdp (specs[0])", "'note' must be a string"),
    ('{ field = "tdp", value = 700, unit = "W", reason = ["a"], source = "test-src" }',
     "tdp (specs[0])", "'reason' must be a string"),
    ('{ field = "tdp", value = 700, unit = "W", chosen = "yes", source = "test-src" }',
     "tdp (specs[0])", "'chosen' must be true or false"),
    ('{ field = "tdp", value = 700, unit = "W", text = "700 W", source = "test-src" }',
     "tdp (specs[0])", "exactly one of: value \\+ unit, text, from \\+ factor"),
    ('{ field = "tdp", source = "test-src" }', "tdp (specs[0])", "exactly one of"),
    ('{ field = "tdp", value = 700, source = "test-src" }', "tdp (specs[0])", "missing 'unit'"),
    ('{ field = "tdp", unit = "W", source = "test-src" }', "tdp (specs[0])", "missing 'value'"),
    ('{ field = "tdp", factor = 0.5, source = "test-src" }', "tdp (specs[0])", "missing 'from'"),
    ('{ field = "memory.type", text = "", source = "test-src" }', "memory.type (specs[0])", "non-empty string"),
    ('{ field = "memory.type", text = 3, source = "test-src" }', "memory.type (specs[0])", "non-empty string"),
    ('{ field = "tdp", from = 3, factor = 1, source = "test-src" }', "tdp (specs[0])",
     "'from' must name a field"),
    ('{ field = "tdp", value = 700, unit = 3, source = "test-src" }', "tdp (specs[0])", "unit must be a string"),
    ('{ field = "tdp", from = "bf16", factor = 0, source = "test-src" }', "tdp (specs[0])",
     "factor must be positive"),
])
def test_bad_rows(write: Write, row: str, field: str, match: str) -> None:
    row_error(write, row, field=field, match=match)


def test_a_well_formed_price_row_keeps_its_currency_and_date(write: Write) -> None:
    row = '{ field = "price", value = 25000, unit = "USD", date = "2024-03", source = "test-src" }'
    acc = Catalog.from_files([write(SOURCE + entry("acme-x1", ROW_TDP, row))]).get("acme-x1")
    assert acc.price is not None and acc.price.date == "2024-03"
    assert acc.price.amount.magnitude == 25000 and f"{acc.price.amount.units}" == "USD"


def test_the_error_names_the_row_by_its_position(write: Write) -> None:
    rows = (ROW_TDP, '{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
            '{ field = "memory.bandwidth", value = 3.35, unit = "TB/s", source = "test-src", chosen = 1 }')
    row_error(write, *rows, field="memory.bandwidth (specs[2])", match="'chosen'")


# -- derived rows --------------------------------------------------------------------------------

def test_a_field_derived_from_itself(write: Write) -> None:
    row_error(write, '{ field = "bf16", from = "bf16", factor = 1, source = "test-src" }',
              field="bf16 (specs[0])", match="derived from itself")


def test_a_field_derived_from_a_text_field(write: Write) -> None:
    rows = ('{ field = "memory.type", text = "HBM3", source = "test-src" }',
            '{ field = "bf16", from = "memory.type", factor = 1, source = "test-src" }')
    row_error(write, *rows, field="bf16 (specs[1])", match="cannot derive from text field 'memory.type'")


def test_a_field_derived_from_one_of_another_dimension(write: Write) -> None:
    rows = ('{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
            '{ field = "tdp", from = "memory.capacity", factor = 10, source = "test-src" }')
    row_error(write, *rows, field="tdp (specs[1])", match="tdp needs a quantity convertible to W")


def test_derived_fields_that_form_a_cycle(write: Write) -> None:
    rows = ('{ field = "bf16", from = "fp16", factor = 1, source = "test-src" }',
            '{ field = "fp16", from = "bf16", factor = 1, source = "test-src" }')
    err = row_error(write, *rows, field="bf16", match="cycle: bf16, fp16")
    assert "bf16" in err.problem and "fp16" in err.problem


def test_rows_may_be_derived_in_any_order(write: Write) -> None:
    # fp8 <- bf16 <- bf16:sparse, listed in the reverse of dependency order
    rows = ('{ field = "fp8", from = "bf16", factor = 2, source = "test-src" }',
            '{ field = "bf16", from = "bf16:sparse", factor = 0.5, source = "test-src" }',
            '{ field = "bf16:sparse", value = 1979, unit = "TFLOP/s", source = "test-src" }')
    acc = Catalog.from_files([write(SOURCE + entry("acme-x1", *rows))]).get("acme-x1")
    assert acc.peak("bf16").magnitude == pytest.approx(989.5)  # 1979 x 0.5
    assert acc.peak("fp8").magnitude == pytest.approx(1979.0)  # 989.5 x 2
    assert acc.claims("fp8")[0].derived_from == "bf16"


def one_layer(text: str) -> Catalog:
    return Catalog.from_text(text, "<test>")


@given(value=st.floats(min_value=1e-3, max_value=1e6), factor=st.floats(min_value=1e-3, max_value=1e3))
def test_a_derived_value_is_the_factor_times_the_chosen_base_value(value: float, factor: float) -> None:
    rows = (f'{{ field = "fp8:sparse", value = {value!r}, unit = "TFLOP/s", source = "test-src" }}',
            f'{{ field = "fp8", from = "fp8:sparse", factor = {factor!r}, source = "test-src" }}')
    acc = one_layer(SOURCE + entry("acme-x1", *rows)).get("acme-x1")
    assert acc.peak("fp8").to("TFLOP/s").magnitude == pytest.approx(value * factor, rel=1e-12)
    (claim,) = acc.claims("fp8")
    assert claim.derived_from == "fp8:sparse" and claim.factor == factor


@given(st.one_of(st.floats(max_value=0.0), st.sampled_from([math.nan, math.inf, -math.inf])))
def test_a_factor_that_is_not_positive_and_finite_is_refused(factor: float) -> None:
    literal = {math.inf: "inf", -math.inf: "-inf"}.get(factor, "nan" if math.isnan(factor) else repr(factor))
    rows = ('{ field = "bf16:sparse", value = 1979, unit = "TFLOP/s", source = "test-src" }',
            f'{{ field = "bf16", from = "bf16:sparse", factor = {literal}, source = "test-src" }}')
    with pytest.raises(acs.CatalogError, match="factor must be (positive|finite)") as info:
        one_layer(SOURCE + entry("acme-x1", *rows))
    assert (info.value.file, info.value.entry, info.value.field) == ("<test>", "acme-x1", "bf16 (specs[1])")


_ID_CHARS = string.ascii_letters + string.digits + "-._+ "


@given(st.text(alphabet=_ID_CHARS, min_size=1, max_size=90))
@example(" ")
@example("a" * 80)
@example("a" * 81)
@example("-a")
@example("a-B")
def test_an_id_loads_exactly_when_it_is_lowercase_kebab_case(eid: str) -> None:
    ok = (len(eid) <= 80 and eid[0] in string.ascii_lowercase + string.digits
          and all(c in string.ascii_lowercase + string.digits + ".+-" for c in eid))
    text = SOURCE + acme(id=f'"{eid}"', aliases="[]")
    if ok:
        assert one_layer(text)[eid].id == eid
    else:
        match = "kebab-case" if eid.strip() else "'id' must be a non-empty string"
        with pytest.raises(acs.CatalogError, match=match) as info:
            one_layer(text)
        assert (info.value.entry, info.value.field) == (eid, "id")


# -- size limits ------------------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    expect([path], file=path, entry_id=None, field=None, match=f"larger than {MAX_FILE_BYTES}")


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "full.toml"
    path.write_bytes((SOURCE + "#").encode().ljust(MAX_FILE_BYTES, b"#"))
    assert list(Catalog.from_files([path]).sources) == ["test-src"]


@pytest.mark.parametrize("data", [b"#" * (MAX_FILE_BYTES + 1), "#" * (MAX_FILE_BYTES + 1)])
def test_text_over_the_size_limit_is_refused(data: str | bytes) -> None:
    with pytest.raises(acs.CatalogError, match=f"larger than {MAX_FILE_BYTES}") as info:
        read_layer([("<big>", data)])
    assert info.value.file == "<big>" and info.value.entry is None
