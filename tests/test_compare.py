"""Comparison tables: every format renders, CSV and JSON round-trip through parsers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import accelspec as acs
from accelspec.comparison import FORMATS
from accelspec.formatting import format_number

SEED = ("H20", "H200", "Ascend 910B")


@pytest.fixture(scope="module")
def comparison() -> acs.Comparison:
    return acs.compare(*SEED, baseline="H200")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_chip(comparison: acs.Comparison, fmt: str) -> None:
    text = comparison.table(fmt)
    for acc in comparison.accelerators:
        assert (acc.id if fmt == "csv" else acc.name) in text


def test_units_are_in_the_headers(comparison: acs.Comparison) -> None:
    headers = comparison.headers()
    assert "memory.bandwidth [TB/s]" in headers and "bf16 [TFLOP/s]" in headers and "tdp [W]" in headers


def test_csv_round_trips_to_the_same_numbers(comparison: acs.Comparison) -> None:
    rows = list(csv.DictReader(io.StringIO(comparison.table("csv"))))
    assert [r["id"] for r in rows] == [a.id for a in comparison.accelerators]
    h20 = rows[0]
    assert float(h20["memory.bandwidth [TB/s]"]) == pytest.approx(acs.get("H20").memory.bandwidth.magnitude)
    assert float(h20["bf16 [TFLOP/s]"]) == pytest.approx(acs.get("H20").peak("bf16").magnitude)


def test_json_round_trips_with_units_and_relatives(comparison: acs.Comparison) -> None:
    doc = json.loads(comparison.to_json())
    assert doc["baseline"] == "nvidia-h200-sxm"
    h20 = doc["rows"][0]
    assert h20["bf16"]["unit"] == "TFLOP/s"
    assert h20["bf16"]["relative"] == pytest.approx(acs.ratio("H20", "H200", "bf16"))
    assert h20["memory.bandwidth"]["value"] == pytest.approx(4.0)


def test_unknown_is_shown_as_unknown_not_zero() -> None:
    c = acs.compare("H200", "Ascend 910B", metrics=["fp8"])
    row = c.to_dicts()[1]
    assert row["fp8"]["value"] is None and "not disclosed" in row["fp8"]["missing"]
    assert "n/d" in str(c)


def test_disputed_values_are_marked_with_their_range() -> None:
    c = acs.compare("Ascend 910B", metrics=["fp16"])
    (row,) = c.to_dicts()
    assert "*" in row["fp16"]["marks"]
    assert row["fp16"]["low"] < row["fp16"]["value"] <= row["fp16"]["high"]
    assert "sources disagree" in str(c)


def test_values_relative_to_the_baseline_are_ratios() -> None:
    c = acs.compare("H20", "H200", metrics=["memory.bandwidth"], baseline="H200")
    assert [cell.relative for (cell,) in c.cells] == [pytest.approx(4.0 / 4.8), pytest.approx(1.0)]


def test_unknown_format_is_refused(comparison: acs.Comparison) -> None:
    with pytest.raises(ValueError):
        comparison.table("yaml")


@pytest.mark.parametrize("x,text", [(3958.0, "3,958"), (989.5, "989.5"), (4.8, "4.8"), (0.15, "0.15"),
                                    (141.0, "141"), (15832.0, "15,832")])
def test_numbers_read_easily(x: float, text: str) -> None:
    assert format_number(x) == text


# -- format_number ---------------------------------------------------------------------------

@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
@example(999.96)
@example(-999.99)
@example(999.9)
def test_a_formatted_number_reads_back_to_four_significant_digits(x: float) -> None:
    text = format_number(x)
    back = float(text.replace(",", ""))
    assert abs(back - x) <= max(0.5, 5e-4 * abs(x))  # 4 significant digits, whole numbers from 1,000
    if abs(back) >= 1000:
        assert "," in text and "." not in text  # every thousand is written the same way
    else:
        assert "," not in text
        if "." in text:
            assert not text.endswith(("0", "."))  # no trailing zeros


@pytest.mark.parametrize("x,text", [(999.96, "1,000"), (-999.96, "-1,000"), (999.94, "999.9"), (99.996, "100"),
                                    (0.0, "0"), (-0.0, "0"), (-4.8, "-4.8"), (1e-9, "0.000000001")])
def test_rounding_into_the_thousands_gets_a_separator(x: float, text: str) -> None:
    # 999.96 at four significant digits is 1,000: printed like every other thousand, not "1000"
    assert format_number(x) == text


@pytest.mark.parametrize("x", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(x: float) -> None:
    with pytest.raises(acs.InvalidArgumentError, match="cannot format"):
        format_number(x)


# -- marks and footnotes ---------------------------------------------------------------------

def _catalog_with_an_estimate(tmp_path: Path) -> acs.Catalog:
    from conftest import GOOD_ROWS, SOURCE, entry

    estimate = SOURCE.replace('id = "test-src"', 'id = "est-src"').replace("vendor-datasheet", "estimate")
    rows = GOOD_ROWS + ('{ field = "die_area", value = 800, unit = "mm^2", source = "est-src", '
                        'note = "estimate: same die as X0" }',)
    path = tmp_path / "acme.toml"
    path.write_text(SOURCE + estimate + entry("acme-x1", *rows), encoding="utf-8")
    return acs.load_catalog(path, packaged=False)


def test_an_estimate_is_marked_e_and_a_derived_figure_d(tmp_path: Path) -> None:
    cat = _catalog_with_an_estimate(tmp_path)
    c = acs.compare("X1", metrics=["die_area", "bf16", "perf_per_mm2:bf16", "memory.bandwidth"], catalog=cat)
    (row,) = c.cells
    assert [sorted(cell.marks) for cell in row] == [["e"], ["d"], ["d", "e"], []]
    assert set(row[2].sources) == {"test-src", "est-src"}
    # conftest's bf16 is 1979 / 2 = 989.5 TFLOP/s over 800 mm2 = 1236.875 GFLOP/s/mm2
    assert row[2].value.to("GFLOP/s/mm^2").magnitude == pytest.approx(989.5e3 / 800)
    notes = c.footnotes()
    assert "e estimate" in notes and any(n.startswith("d derived") for n in notes)
    assert str(c).endswith("e estimate")


def test_a_hand_built_accelerator_has_values_but_no_marks_or_sources() -> None:
    from accelspec.spec import Accelerator, Memory

    acc = Accelerator(id="what-if", name="What If", vendor="Acme",
                      memory=Memory(capacity=acs.Q_(96, "GB"), bandwidth=acs.Q_(4, "TB/s")))
    c = acs.compare(acc, metrics=["memory.bandwidth", "memory.capacity"])
    (row,) = c.cells
    assert [(cell.value.magnitude, cell.marks, cell.sources) for cell in row] == [(4.0, "", ()), (96.0, "", ())]
    assert c.footnotes() == []
    assert "\n\n" not in c.table("simple")  # no notes, so no notes block


def test_html_is_the_notebook_representation(comparison: acs.Comparison) -> None:
    html = comparison._repr_html_()
    assert html == comparison.table("html") and html.startswith("<table>")
    assert "memory.bandwidth [TB/s]" in html


def test_footnotes_can_be_left_out(comparison: acs.Comparison) -> None:
    assert comparison.footnotes()  # H20 vs H200 has a baseline note at least
    assert comparison.table("simple", footnotes=False) == comparison.table("simple").split("\n\n")[0]


# -- ranking ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ranking() -> acs.Ranking:
    # catalog/nvidia.toml: H200 SXM 4.8 TB/s, H20 4.0 TB/s, H100 SXM 3.35 TB/s
    cat = acs.catalog().filter(lambda a: a.id in {"nvidia-h100-sxm", "nvidia-h20", "nvidia-h200-sxm"})
    return acs.rank("memory.bandwidth", catalog=cat)


def test_ranking_is_best_first_with_ranks_and_units(ranking: acs.Ranking) -> None:
    assert ranking.to_dicts() == [
        {"rank": 1, "id": "nvidia-h200-sxm", "name": "NVIDIA H200 SXM", "value": pytest.approx(4.8), "unit": "TB/s"},
        {"rank": 2, "id": "nvidia-h20", "name": "NVIDIA H20", "value": pytest.approx(4.0), "unit": "TB/s"},
        {"rank": 3, "id": "nvidia-h100-sxm", "name": "NVIDIA H100 SXM", "value": pytest.approx(3.35), "unit": "TB/s"},
    ]


def test_ranking_table_lists_rank_name_and_value(ranking: acs.Ranking) -> None:
    lines = str(ranking).splitlines()
    assert lines[0].split() == ["#", "accelerator", "memory.bandwidth", "[TB/s]"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2", "3"]
    assert lines[2].split()[-1] == "4.8" and "NVIDIA H20" in lines[3] and lines[4].endswith("3.35")
    assert "not ranked" not in str(ranking)


def test_entries_without_the_figure_are_listed_as_not_ranked_never_as_zero() -> None:
    cat = acs.catalog().filter(lambda a: a.id in {"nvidia-h20", "huawei-ascend-910b"})
    r = acs.rank("fp8", catalog=cat)  # the 910B publishes no FP8 rate (catalog/huawei.toml)
    assert [a.id for a, _ in r.entries] == ["nvidia-h20"]
    assert [a.id for a, _ in r.missing] == ["huawei-ascend-910b"]
    assert r.table("github").endswith("not ranked (not disclosed): Huawei Ascend 910B")
    assert "<p" in r.table("html") and "not ranked (not disclosed): Huawei Ascend 910B" in r.table("html")


def test_lower_is_better_metrics_rank_ascending() -> None:
    cat = acs.catalog().filter(lambda a: a.id in {"nvidia-h100-sxm", "nvidia-h20", "nvidia-h200-sxm"})
    r = acs.rank("tdp", catalog=cat)  # less power is better
    assert not r.metric.higher_is_better
    values = [v.to("W").magnitude for _, v in r.entries]
    assert len(values) == 3 and values == sorted(values)


@pytest.mark.parametrize("limit", [0, -2, 1.5])
def test_a_ranking_limit_must_be_positive(limit: object) -> None:
    # before the fix, 0 kept everything and -2 silently dropped the last two
    with pytest.raises(acs.InvalidArgumentError, match="limit must be a positive integer"):
        acs.rank("memory.bandwidth", limit=limit)  # type: ignore[arg-type]


def test_a_limit_keeps_the_best(ranking: acs.Ranking) -> None:
    cat = acs.catalog().filter(lambda a: a.id in {"nvidia-h100-sxm", "nvidia-h20", "nvidia-h200-sxm"})
    assert acs.rank("memory.bandwidth", catalog=cat, limit=2).entries == ranking.entries[:2]


@pytest.mark.parametrize("fmt", ["yaml", "csv", "json"])
def test_a_ranking_refuses_formats_it_cannot_render(ranking: acs.Ranking, fmt: str) -> None:
    # tabulate silently falls back to "simple" for names it does not know
    with pytest.raises(acs.InvalidArgumentError, match=f"unknown format '{fmt}'"):
        ranking.table(fmt)
