"""accelspec export: CSV, JSON and Parquet of the catalog."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import accelspec as acs
from accelspec.cli import main
from accelspec.serialize import catalog_from_json


def test_export_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--vendor", "AMD"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["vendor"] for r in rows} == {"AMD"}


def test_export_json_reads_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    assert catalog_from_json(out.read_text(encoding="utf-8")).ids == acs.catalog().ids
    assert main(["export", "--format", "json", "--layout", "long", "--vendor", "Intel"]) == 0
    assert all(r["entry"].startswith("intel-") for r in json.loads(capsys.readouterr().out.splitlines()[-1]))


def test_export_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    assert main(["export", "--format", "parquet"]) == 2
    assert main(["export", "--format", "parquet", "-o", str(tmp_path / "c.parquet")]) == 0
    assert (tmp_path / "c.parquet").stat().st_size > 0
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "c.csv")]) == 0


def test_export_parquet_without_an_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "fastparquet", None)
    assert main(["export", "--format", "parquet", "-o", str(tmp_path / "c.parquet")]) == 2
    assert "pyarrow" in capsys.readouterr().err
