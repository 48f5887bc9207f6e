"""``llm``, ``validate``, ``measurements`` and ``export`` follow the one output convention: --json,
--format, COLUMNS (80 when unknown), exit codes 0/1/2, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accelspec.cli import main
from accelspec.formatting import display_width


@pytest.fixture(autouse=True)
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def _widest(text: str) -> int:
    return max((display_width(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("argv", [
    ["llm", "fit", "llama3-70b", "Ascend", "910B"],
    ["llm", "decode", "llama3-70b", "H200", "-n", "2", "-e", "measured"],
    ["llm", "prefill", "llama3-8b", "H100", "--prompt", "512"],
    ["llm", "serve", "llama3-8b", "H200"],
    ["llm", "train", "llama3-8b", "H100", "-n", "8"],
    ["validate", "--summary"],
    ["measurements", "H20"],
    ["measurements", "Ascend", "910B"],
])
def test_text_fits_80_columns(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.strip() and _widest(out) <= 80, out


def test_llm_json_is_one_document_with_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["llm", "decode", "llama3-8b", "H200", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["op"] == "decode" and doc["result"]["bound"] == "memory"
    assert doc["result"]["aggregate"]["unit"] == "token/s"
    assert main(["llm", "fit", "llama3-70b", "H20", "--json"]) == 0
    fit = json.loads(capsys.readouterr().out)
    assert fit["fits"] is False and fit["verdict"].startswith("does not fit")
    assert fit["weights"]["unit"] == "GB"
    assert main(["llm", "train", "llama3-8b", "H100", "--json"]) == 0
    assert "training_memory" in json.loads(capsys.readouterr().out)


def test_llm_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    # Llama 3 70B in BF16 is about 141 GB of weights; the H20 holds 96 GB (NVIDIA)
    assert main(["llm", "fit", "llama3-70b", "H20"]) == 0
    assert main(["llm", "fit", "llama3-70b", "H20", "--exit-code"]) == 1
    assert main(["llm", "fit", "llama3-8b", "H20", "--exit-code"]) == 0
    capsys.readouterr()
    assert main(["llm", "serve", "llama3-70b", "Ascend", "910B"]) == 1  # no batch fits in 64 GB
    err = capsys.readouterr().err
    assert err.startswith("accelspec: error: ") and len(err.splitlines()) == 1
    assert main(["llm", "fit", "llama3-70b", "H20", "H200"]) == 2
    assert "takes one CHIP" in capsys.readouterr().err
    assert main(["llm", "fit", "no-such-model", "H20"]) == 2
    assert main(["llm", "fit", "llama3-8b", "H2O0"]) == 2
    err = capsys.readouterr().err
    assert all(line.startswith("accelspec: error: ") for line in err.splitlines())


def test_validate_json_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"summary", "flagged", "comparisons", "ratios", "skipped"} <= set(doc)
    assert doc["comparisons"] and "ratio" in doc["comparisons"][0]
    assert main(["validate", "--summary", "--format", "html"]) == 0
    assert "<table>" in capsys.readouterr().out
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert _widest(out) <= 80 and "not predicted:" in out


def test_measurements_json_lines_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measurements", "H20", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["chip"] == "nvidia-h20" for r in rows)
    assert {r["value"]["unit"] for r in rows if r["quantity"] == "matrix_throughput"} == {"TFLOP/s"}
    assert main(["measurements"]) == 0
    assert "chip" in capsys.readouterr().out
    assert main(["measurements", "H20", "-q", "llm_prefill_throughput"]) == 1  # none measured
    assert main(["measurements", "H20", "H200"]) == 2
    assert "takes one CHIP" in capsys.readouterr().err


def test_export_takes_json_and_refuses_a_misspelt_vendor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--json", "--vendor", "Intel"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "accelspec-catalog"
    assert main(["export", "--vendor", "Nvidai"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accelspec: error: no vendor 'Nvidai'") and "did you mean 'NVIDIA'" in err
    assert len(err.splitlines()) == 1
    assert main(["export", "-f", "parquet"]) == 2
    assert capsys.readouterr().err == "accelspec: error: --format parquet needs -o FILE\n"
