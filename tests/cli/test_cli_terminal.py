"""The terminal convention: 80 columns, --json everywhere, --version, exit codes, suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accelspec.cli import main
from accelspec.formatting import text_width

TOUR = [
    ["show", "H200"],
    ["show", "CloudMatrix", "384"],
    ["compare", "H20", "H200", "910B", "-m", "memory.bandwidth,bf16,fp8", "--baseline", "H200", "--format", "github"],
    ["compare", "H20", "H200", "Ascend 910B", "Ascend 910C", "--baseline", "H200"],
    ["search", "910"],
    ["list"],
    ["metrics"],
    ["rank", "perf_per_watt:bf16", "-n", "10"],
    ["rank", "bf16"],
    ["claim", "H20仅为H200的7.5%"],
    ["export-control", "H20", "H200", "Ascend 910C", "--rule", "2023", "--explain"],
    ["roofline", "H20", "Ascend 910B", "-p", "bf16", "-i", "100"],
]


@pytest.mark.parametrize("argv", TOUR, ids=lambda a: " ".join(a))
def test_every_tour_command_fits_80_columns(argv: list[str], capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # unknown width: 80
    assert main(argv) == 0
    assert text_width(capsys.readouterr().out) <= 80


def test_columns_is_honoured(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["compare", "H20", "H200"]) == 0
    assert text_width(capsys.readouterr().out) <= 60


@pytest.mark.parametrize("argv", [["show", "H200"], ["search", "910"], ["list", "--vendor", "Huawei"],
                                  ["metrics"], ["rank", "bf16"], ["compare", "H20", "H200"],
                                  ["export-control", "H20"], ["roofline", "H20", "H200"]])
def test_json_on_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--json"]) == 0
    out = capsys.readouterr().out
    try:
        json.loads(out)
    except json.JSONDecodeError:  # JSON lines
        assert all(json.loads(line) for line in out.splitlines())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from accelspec import __version__

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"accelspec {__version__}"


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzzzqqqq"]) == 1           # no match
    assert main(["show", "H2O0"]) == 2                 # unknown name
    with pytest.raises(SystemExit) as info:
        main(["compare"])                              # usage
    assert info.value.code == 2
    assert main(["claim", "H20 is 7.5% of H200", "--exit-code"]) == 1   # misleading
    assert main(["claim", "910C reaches 80-90% of H200", "--exit-code"]) == 0
    capsys.readouterr()


def test_misspelt_vendor_is_a_usage_error_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--vendor", "Nvdia"]) == 2
    err = capsys.readouterr().err
    assert "'NVIDIA'" in err and len(err.splitlines()) == 1


def test_list_status_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--status", "all", "--json"]) == 0
    statuses = {json.loads(line)["status"] for line in capsys.readouterr().out.splitlines()}
    assert {"shipping", "discontinued"} <= statuses


def test_multi_word_names_without_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Ascend", "910B", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "huawei-ascend-910b"
    assert main(["compare", "Ascend", "910B", "H20", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["rows"]] == ["huawei-ascend-910b", "nvidia-h20"]


def test_display_units_and_system_scaling(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["compare", "H200", "H20", "-m", "bf16", "--unit", "bf16=PFLOP/s"]) == 0
    out = capsys.readouterr().out
    assert "bf16 [PFLOP/s]" in out and "0.9895" in out     # 989.5 TFLOP/s dense BF16 (NVIDIA H200 brief)
    assert main(["compare", "CloudMatrix 384", "GB200 NVL72", "-m", "tdp"]) == 0
    out = capsys.readouterr().out
    assert "tdp [kW]" in out and "559" in out            # 559 kW (CloudMatrix 384 paper)
    assert main(["compare", "H20", "-m", "bf16", "--unit", "bf16=GB"]) == 2
    assert main(["compare", "H20", "-m", "bf16", "--unit", "bf16"]) == 2
    capsys.readouterr()


def test_search_shows_no_punctuation_artefacts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "k100", "--json"]) == 0
    for line in capsys.readouterr().out.splitlines():
        matched = json.loads(line)["matched"]
        assert not matched.startswith(("-", "_", ".", " "))


def test_roofline_to_a_missing_directory_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    assert main(["roofline", "H20", "H200", "-o", str(tmp_path / "missing" / "r.png")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_catalog_page_never_writes_into_site_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from accelspec import catalogs

    installed = tmp_path / "lib" / "site-packages" / "accelspec" / "catalog"
    installed.mkdir(parents=True)
    monkeypatch.setattr(catalogs, "packaged_catalog_dir", lambda: installed)
    assert main(["catalog", "page", "--write"]) == 2
    assert not (installed / "README.md").exists()
    assert "--output" in capsys.readouterr().err
    out = tmp_path / "page.md"
    assert main(["catalog", "page", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# The accelspec catalog")


def test_catalog_check_reports_the_files_own_totals(capsys: pytest.CaptureFixture[str]) -> None:
    from accelspec.catalogs import catalog, packaged_catalog_dir
    from accelspec.loader import read_layer, read_path

    path = packaged_catalog_dir() / "huawei.toml"
    layer = read_layer([read_path(path)])
    main(["catalog", "check", str(path)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert f"{len(layer.entries)} entries, {len(layer.sources)} sources in 1 file(s)" in text
    assert len(layer.entries) < len(catalog())


def test_the_parsers_copies_of_formats_and_rule_editions_match_their_sources() -> None:
    # written in cli/common so that building the parser imports no feature module
    from accelspec.cli.common import COMPARE_FORMATS, RULE_EDITIONS
    from accelspec.comparison import FORMATS
    from accelspec.export_control.rules import RULES

    assert COMPARE_FORMATS == FORMATS
    assert RULE_EDITIONS == tuple(RULES)


def test_building_the_parser_imports_no_feature_module() -> None:
    import subprocess
    import sys

    code = ("import sys; from accelspec.cli import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.startswith(('accelspec.comparison', "
            "'accelspec.export_control', 'accelspec.claims', 'accelspec.workloads', 'pint'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
