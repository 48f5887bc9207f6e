"""The catalog linter: clean on the packaged catalog, each class of error caught on purpose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog
from accelspec.lint import lint
from conftest import SOURCE, entry

Write = Callable[..., Path]
BASE = ('{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
        '{ field = "memory.bandwidth", value = 3.35, unit = "TB/s", source = "test-src" }',
        '{ field = "tdp", value = 700, unit = "W", source = "test-src" }',
        '{ field = "int8", value = 100, unit = "TOP/s", source = "test-src" }')
INT8 = BASE[-1]


def codes(write: Write, *rows: str, more: str = "") -> list[str]:
    cat = Catalog.from_files([write(SOURCE + entry("acme-x1", *BASE, *rows) + more)])
    return [f.code for f in lint(cat)]


def test_packaged_catalog_has_no_findings() -> None:
    assert lint(acs.catalog()) == []


def test_a_clean_entry_has_no_findings(write: Write) -> None:
    assert codes(write, '{ field = "bf16", value = 989.5, unit = "TFLOP/s", source = "test-src" }') == []


def test_sparse_not_twice_dense(write: Write) -> None:
    rows = ('{ field = "bf16", value = 989.5, unit = "TFLOP/s", source = "test-src" }',
            '{ field = "bf16:sparse", value = 989.5, unit = "TFLOP/s", source = "test-src" }')
    assert codes(write, *rows) == ["sparse-not-double"]


def test_a_sparse_rate_without_a_dense_one_is_not_compared(write: Write) -> None:
    # only the 2:4-sparse BF16 rate is published: there is nothing to check it against
    assert codes(write, '{ field = "bf16:sparse", value = 1979, unit = "TFLOP/s", source = "test-src" }') == []
    # ...while the same figure beside a dense rate that is not half of it is a finding
    assert codes(write, '{ field = "bf16:sparse", value = 1979, unit = "TFLOP/s", source = "test-src" }',
                 '{ field = "bf16", value = 1979, unit = "TFLOP/s", source = "test-src" }') == ["sparse-not-double"]


def test_a_reviewed_value_can_be_waived_with_a_reason(write: Write) -> None:
    rows = ('{ field = "bf16", value = 989.5, unit = "TFLOP/s", source = "test-src" }',
            '{ field = "bf16:sparse", value = 989.5, unit = "TFLOP/s", source = "test-src", '
            'waive = "sparse-not-double: vendor prints it so" }')
    assert codes(write, *rows) == []
    bad = rows[1].replace("sparse-not-double: vendor prints it so", "because")
    with pytest.raises(acs.CatalogError, match="waive"):
        codes(write, rows[0], bad)


def test_matrix_rate_below_vector_rate(write: Write) -> None:
    rows = ('{ field = "fp64", value = 9.7, unit = "TFLOP/s", source = "test-src" }',
            '{ field = "fp64:vector", value = 19.5, unit = "TFLOP/s", source = "test-src" }')
    assert codes(write, *rows) == ["matrix-below-vector"]


def test_fp8_below_bf16(write: Write) -> None:
    rows = ('{ field = "bf16", value = 989.5, unit = "TFLOP/s", source = "test-src" }',
            '{ field = "fp8", value = 500, unit = "TFLOP/s", source = "test-src" }')
    assert codes(write, *rows) == ["fp8-below-bf16"]


def test_bandwidth_typo_is_implausible_per_gb(write: Write) -> None:
    # 18 TB/s typed for 1.8 TB/s on a 64 GB part: 281 GB/s per GB of HBM
    text = SOURCE + entry("acme-x1", '{ field = "memory.capacity", value = 64, unit = "GB", source = "test-src" }',
                          '{ field = "memory.bandwidth", value = 18, unit = "TB/s", source = "test-src" }', INT8)
    assert [f.code for f in lint(Catalog.from_files([write(text)]))] == ["bandwidth-per-gb"]


def test_flops_per_watt_out_of_range(write: Write) -> None:
    assert codes(write, '{ field = "bf16", value = 98950, unit = "TFLOP/s", source = "test-src" }') == ["flops-per-watt"]


def test_bandwidth_per_watt_out_of_range(write: Write) -> None:
    text = SOURCE + entry("acme-x1", '{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
                          '{ field = "memory.bandwidth", value = 3.35, unit = "TB/s", source = "test-src" }',
                          '{ field = "tdp", value = 7, unit = "W", source = "test-src" }', INT8)
    assert "bandwidth-per-watt" in [f.code for f in lint(Catalog.from_files([write(text)]))]


def test_estimate_without_arithmetic(write: Write) -> None:
    est = SOURCE.replace('id = "test-src"', 'id = "est-src"').replace("vendor-datasheet", "estimate")
    text = SOURCE + est + entry("acme-x1", *BASE, '{ field = "die_area", value = 600, unit = "mm^2", source = "est-src" }')
    assert [f.code for f in lint(Catalog.from_files([write(text)]))] == ["estimate-unexplained"]


def test_alias_with_a_letter_prefix_of_another_entry(write: Write) -> None:
    more = entry("acme-gx1", *BASE, aliases='["GX1"]')
    assert codes(write, more=more) == ["alias-prefix-trap"]


def test_incomplete_shipping_entry_without_a_note(write: Write) -> None:
    text = SOURCE + entry("acme-x1", '{ field = "tdp", value = 700, unit = "W", source = "test-src" }')
    assert [f.code for f in lint(Catalog.from_files([write(text)]))] == ["incomplete"]
    noted = text.replace('status = "shipping"', 'status = "shipping"\nnote = "searched X and Y"')
    assert lint(Catalog.from_files([write(noted)])) == []


def test_system_published_figure_far_from_parts(write: Write) -> None:
    system = """
[[system]]
id = "acme-box"
name = "Acme Box"
vendor = "Acme"
status = "shipping"
note = "test"
parts = [ { accelerator = "acme-x1", count = 8 } ]
specs = [ { field = "memory.capacity", value = 1280, unit = "GB", source = "test-src" } ]
"""
    assert codes(write, more=system) == ["system-mismatch"]


def test_cli_reports_findings_and_fails(write: Write) -> None:
    path = write(SOURCE + entry("acme-x1", *BASE, '{ field = "fp8", value = 1, unit = "TFLOP/s", source = "test-src" }',
                                '{ field = "bf16", value = 2, unit = "TFLOP/s", source = "test-src" }'))
    proc = subprocess.run([sys.executable, "-m", "accelspec", "catalog", "check", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "fp8-below-bf16" in proc.stdout and "acme-x1" in proc.stdout


def test_generated_catalog_page_is_up_to_date() -> None:
    from accelspec.catalog_page import render_page
    from accelspec.catalogs import packaged_catalog_dir

    page = packaged_catalog_dir() / "README.md"
    assert page.read_text(encoding="utf-8") == render_page(acs.catalog()), \
        "catalog/README.md is stale: run `accelspec catalog page --write`"


# -- units, scope, published TPP -------------------------------------------------------------------

def test_an_integer_rate_in_flop_units_is_a_finding(write: Write) -> None:
    # the loader converts either way (an operation is an operation); the linter flags the wording
    rows = ('{ field = "int4", value = 200, unit = "TFLOP/s", source = "test-src" }',)
    assert codes(write, *rows) == ["op-unit"]


def test_a_float_rate_in_op_units_is_a_finding(write: Write) -> None:
    assert codes(write, '{ field = "bf16", value = 989.5, unit = "TOP/s", source = "test-src" }') == ["op-unit"]
    # PFLOP/s and POP/s are the same families of unit
    assert codes(write, '{ field = "bf16", value = 0.9895, unit = "PFLOP/s", source = "test-src" }') == []
    assert codes(write, '{ field = "int4", value = 0.2, unit = "POP/s", source = "test-src" }') == []


def test_a_card_power_figure_on_a_chip_entry_is_a_finding(write: Write) -> None:
    def cat(form: str, scope: str) -> list[str]:
        text = SOURCE + entry("acme-x1", *BASE[:2], INT8,
                              f'{{ field = "tdp", value = 350, unit = "W", scope = "{scope}", source = "test-src" }}',
                              extra=f'form_factor = "{form}"')
        return [f.code for f in lint(Catalog.from_files([write(text)]))]

    assert cat("chip", "card") == ["scope-mismatch"]
    assert cat("chip (on PCIe cards)", "module") == ["scope-mismatch"]
    assert cat("chip", "chip") == []
    assert cat("PCIe card", "chip") == ["scope-mismatch"]
    assert cat("PCIe card", "card") == []
    assert cat("OAM", "module") == []  # a module entry is neither a bare chip nor a card


PUBLISHED = '{{ field = "tpp.published", value = {v}, unit = "count", source = "test-src" }}'


def test_a_published_tpp_far_from_the_computed_one_is_a_finding(write: Write) -> None:
    # int8 100 TOP/s x 8 bits = 800 computed
    assert codes(write, PUBLISHED.format(v=800)) == []
    assert codes(write, PUBLISHED.format(v=870)) == []            # 8.75 % above: within 10 %
    assert codes(write, PUBLISHED.format(v=1000)) == ["tpp-published"]   # 25 % above
    assert codes(write, PUBLISHED.format(v=700)) == ["tpp-published"]    # 12.5 % below


def test_a_published_tpp_without_rates_is_not_compared() -> None:
    text = SOURCE + entry("acme-x1", PUBLISHED.format(v=5000), extra='note = "searched: nothing"')
    cat = Catalog.from_text(text)
    assert lint(cat) == []
    from accelspec.lint import computed_tpp

    assert computed_tpp(cat["acme-x1"]) is None


def test_the_linters_tpp_agrees_with_export_control_on_the_catalog() -> None:
    from accelspec.export_control import tpp
    from accelspec.lint import computed_tpp

    for acc in acs.catalog():
        if acc.is_system:
            continue
        mine = computed_tpp(acc)
        if mine is None:
            continue
        assert mine == pytest.approx(tpp(acc).value), acc.id
