"""Whole-catalog exports parsed back and compared; JSON round trips; Ranking exports."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

import accelspec as acs
from accelspec.serialize import catalog_from_dict, catalog_from_json, catalog_to_dict


def test_wide_frame_has_one_row_per_entry_and_unit_columns() -> None:
    cat = acs.catalog()
    df = cat.to_pandas()
    assert len(df) == len(cat) and list(df["id"]) == list(cat.ids)
    h200 = df.set_index("id").loc["nvidia-h200-sxm"]
    assert h200["memory.bandwidth [TB/s]"] == pytest.approx(4.8)
    assert "bf16 [TFLOP/s]" in df.columns and "bf16:sparse [TFLOP/s]" in df.columns
    assert math.isnan(df.set_index("id").loc["huawei-ascend-910c"]["price"])


def test_long_frame_holds_every_claim() -> None:
    cat = acs.catalog()
    df = cat.to_pandas(layout="long")
    assert len(df) == sum(len(p.claims) for a in cat for p in a.provenance.values())
    rows = df[(df.entry == "nvidia-h20") & (df.field == "price")]
    assert set(rows.unit) == {"CNY", "USD"} and rows.chosen.sum() == 1


def test_csv_parses_back_to_the_catalog_figures() -> None:
    cat = acs.catalog()
    rows = list(csv.DictReader(io.StringIO(cat.to_csv())))
    for row, acc in zip(rows, cat):
        assert row["id"] == acc.id
        if acc.has("memory.bandwidth"):
            assert float(row["memory.bandwidth [TB/s]"]) == acc.memory.bandwidth.to("TB/s").magnitude
        else:
            assert row["memory.bandwidth [TB/s]"] == ""


def test_json_rows_and_files(tmp_path: Path) -> None:
    cat = acs.catalog().filter(vendor="AMD")
    rows = json.loads(cat.to_json(tmp_path / "amd.json", layout="long"))
    assert rows == json.loads((tmp_path / "amd.json").read_text(encoding="utf-8"))
    assert {r["entry"] for r in rows} == {a.id for a in cat if a.provenance}
    cat.to_csv(tmp_path / "amd.csv")
    assert (tmp_path / "amd.csv").read_text(encoding="utf-8").startswith("id,name")


def test_parquet_round_trips_through_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    cat = acs.catalog()
    back = pd.read_parquet(cat.to_parquet(tmp_path / "c.parquet"))
    pd.testing.assert_frame_equal(back, cat.to_pandas())


def test_polars_matches_pandas() -> None:
    pytest.importorskip("polars")
    cat = acs.catalog()
    pl_df = cat.to_polars()
    assert pl_df.columns == list(cat.to_pandas().columns) and pl_df.height == len(cat)
    assert cat.to_polars(layout="long").height == len(cat.to_pandas(layout="long"))


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(acs.InvalidArgumentError):
        acs.catalog().to_csv(layout="tall")


def test_catalog_reads_back_from_its_own_json(tmp_path: Path) -> None:
    cat = acs.catalog()
    back = catalog_from_json(cat.to_json(tmp_path / "c.json"))
    assert back.ids == cat.ids and back.sources == cat.sources
    for a in cat:
        b = back[a.id]
        assert b == a
        assert {f: p.claims for f, p in b.provenance.items()} == {f: p.claims for f, p in a.provenance.items()}
        assert {f: p.chosen for f, p in b.provenance.items()} == {f: p.chosen for f, p in a.provenance.items()}
    assert catalog_from_json((tmp_path / "c.json").read_text(encoding="utf-8")).ids == cat.ids


def test_not_disclosed_and_not_applicable_survive_the_round_trip() -> None:
    doc = catalog_to_dict(acs.catalog())
    assert doc["schema"] == 1
    c910 = next(e for e in doc["entries"] if e["id"] == "huawei-ascend-910c")
    assert c910["price"] is None  # no price: nothing to state
    undisclosed = [k for k in ("die_area", "dies", "transistors") if c910[k] == "not disclosed"]
    back = catalog_from_dict(doc)["huawei-ascend-910c"]
    for k in undisclosed:
        assert isinstance(getattr(back, k), acs.NotDisclosed)


@pytest.mark.parametrize("bad", ["[1, 2]", "not json", json.dumps({"format": "accelspec-catalog", "schema": 99}),
                                 json.dumps({"format": "accelspec-catalog", "schema": 1, "sources": 3})])
def test_other_documents_are_refused(bad: str) -> None:
    with pytest.raises(acs.CatalogError):
        catalog_from_json(bad)


def test_a_broken_entry_names_itself() -> None:
    from accelspec.serialize import accelerator_from_dict, quantity_from_dict

    with pytest.raises(acs.CatalogError, match="acme"):
        accelerator_from_dict({"id": "acme", "name": "x"})
    with pytest.raises(acs.UnitError):
        quantity_from_dict({"value": "4", "unit": "GB"})
    with pytest.raises(acs.UnitError):
        quantity_from_dict(4.0)


def test_ranking_exports() -> None:
    r = acs.rank("memory.bandwidth", limit=3)
    df = r.to_pandas()
    assert list(df.index) == [1, 2, 3] and "memory.bandwidth [TB/s]" in df.columns
    doc = json.loads(r.to_json())
    assert doc["unit"] == "TB/s" and [e["id"] for e in doc["entries"]] == list(df["id"])


def test_missing_optional_engines_say_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match="polars"):
        acs.catalog().to_polars()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "fastparquet", None)
    with pytest.raises(ImportError, match="pyarrow"):
        acs.catalog().to_parquet(tmp_path / "c.parquet")
