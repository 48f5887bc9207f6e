"""The command line: show, compare, search, catalog check; errors are one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accelspec.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "accelspec", *args], capture_output=True, text=True)


def test_show_json_has_quantities_as_value_and_unit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "H200", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == "nvidia-h200-sxm"
    assert doc["memory"]["bandwidth"] == {"value": 4.8, "unit": "TB/s"}
    assert doc["compute"]["bf16"]["unit"] == "TFLOP/s"
    assert all(c["source"] and c["url"] for c in doc["claims"]["memory.bandwidth"])


def test_show_table_names_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "昇腾910B"]) == 0
    out = capsys.readouterr().out
    assert "Ascend 910B" in out and "claims" in out


def test_compare_prints_a_table_with_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "H20", "H200", "910B", "--baseline", "H200"]) == 0
    out = capsys.readouterr().out
    assert "memory.bandwidth [TB/s]" in out and "NVIDIA H20" in out


def test_compare_json_matches_the_python_api(capsys: pytest.CaptureFixture[str]) -> None:
    import accelspec as acs

    assert main(["compare", "H20", "H200", "-m", "bf16,memory.bandwidth", "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rows"][0]["bf16"]["value"] == pytest.approx(acs.get("H20").peak("bf16").magnitude)


def test_unknown_name_is_one_line_with_suggestions_and_exit_2() -> None:
    proc = run("show", "H2O0")
    assert proc.returncode == 2
    assert proc.stderr.startswith("accelspec: error: no accelerator named 'H2O0'")
    assert "did you mean" in proc.stderr and "Traceback" not in proc.stderr


def test_catalog_check_passes_on_the_packaged_catalog() -> None:
    proc = run("catalog", "check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok:")


def test_catalog_check_reports_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[accelerator]]\nid = "x-1"\nname = "X"\nvendor = "X"\nstatus = "shipping"\n'
                   'specs = [ { field = "tdp", value = -1, unit = "W", source = "nowhere" } ]\n')
    proc = run("catalog", "check", str(bad))
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "x-1" in proc.stderr and "Traceback" not in proc.stderr


def test_search_lists_ranked_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "910"]) == 0
    assert "huawei-ascend-910" in capsys.readouterr().out


def test_metrics_lists_names_and_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics"]) == 0
    out = capsys.readouterr().out
    assert "memory.bandwidth" in out and "ridge:<p>" in out


def test_catalog_check_of_an_override_citing_a_packaged_source_reports_its_findings(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[[accelerator]]\nid = "nvidia-h20"\nspecs = [ { field = "memory.bandwidth", value = 40, '
                    'unit = "TB/s", source = "nvidia-h20-tomshardware-2024" } ]\n')
    proc = run("catalog", "check", str(user))
    assert proc.returncode == 1, proc.stderr
    assert "bandwidth-per-gb" in proc.stdout and "Traceback" not in proc.stderr
