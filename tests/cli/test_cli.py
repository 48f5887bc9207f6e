"""The command line: show, compare, search, catalog check; errors are one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from accelspec.cli import main


@pytest.fixture(autouse=True, scope="module")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Subprocesses keep their catalog cache in a temporary directory, not the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


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


# -- a user's catalog file, with hand-known figures (tests/conftest.py) ----------------------

def _user_file(tmp_path: Path, *entries: str, name: str = "user.toml") -> Path:
    from conftest import SOURCE

    path = tmp_path / name
    path.write_text(SOURCE + "".join(entries), encoding="utf-8")
    return path


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """acme-x1: shipping, 3.35 TB/s (conftest's rows); acme-x2: announced, 8 TB/s, no aliases."""
    from conftest import GOOD_ROWS, entry

    x2 = entry("acme-x2", '{ field = "memory.bandwidth", value = 8, unit = "TB/s", source = "test-src" }',
               aliases="[]").replace('status = "shipping"', 'status = "announced"')
    return _user_file(tmp_path, entry("acme-x1", *GOOD_ROWS), x2)


def test_show_gives_qualifiers_derivations_sources_and_aliases(acme: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # this test reads the rows at their natural width
    assert main(["show", "X1", "--catalog", str(acme)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Acme acme-x1  [acme-x1]  Acme") and lines[0].endswith("status: shipping")
    assert lines[1] == "aliases: X1"
    assert lines[2] == "" and lines[3].split() == ["field", "value", "source", "notes"]
    rows = {line.split()[0]: line for line in lines[5:]}
    assert set(rows) == {"memory.capacity", "memory.bandwidth", "bf16:sparse", "bf16", "tdp"}
    assert "700 W (scope=module)" in rows["tdp"]
    assert "989.5 TFLOP/s" in rows["bf16"] and rows["bf16"].endswith("= bf16:sparse x 0.5")
    assert "1,979 TFLOP/s" in rows["bf16:sparse"]
    assert all("test-src (vendor-datasheet, 2024-01)" in row for row in rows.values())


def test_show_of_an_entry_without_aliases_has_no_alias_line(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "acme-x2", "--catalog", str(acme)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("status: announced") and lines[1] == ""
    assert not any(line.startswith("aliases:") for line in lines)


def test_rank_takes_status_vendor_and_limit(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["rank", "memory.bandwidth", "--vendor", "acme", "--catalog", str(acme), "-f", "json"]
    assert main(base) == 0  # shipping only, by default
    assert [(r["id"], r["value"], r["unit"]) for r in json.loads(capsys.readouterr().out)] == [
        ("acme-x1", 3.35, "TB/s")]
    assert main([*base, "--status", "all"]) == 0
    assert [(r["rank"], r["id"]) for r in json.loads(capsys.readouterr().out)] == [(1, "acme-x2"), (2, "acme-x1")]
    assert main([*base, "--status", "announced", "-n", "1"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["acme-x2"]
    assert main([*base, "--systems"]) == 1  # exit 1: no result
    assert json.loads(capsys.readouterr().out) == []


def test_rank_prints_a_table_with_the_unit(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "memory.bandwidth", "--vendor", "Acme", "--status", "all", "--catalog", str(acme)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["#", "accelerator", "memory.bandwidth", "[TB/s]"]
    assert lines[2].split() == ["1", "Acme", "acme-x2", "8"] and lines[3].split() == ["2", "Acme", "acme-x1", "3.35"]


def test_list_filters_by_vendor(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # rows read at their natural width
    import tomllib

    from accelspec.catalogs import packaged_files

    # every id the TOML files give vendor "Huawei", read without accelspec
    expected = set()
    for path in packaged_files():
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        expected |= {e["id"] for kind in ("accelerator", "system") for e in doc.get(kind, [])
                     if e.get("vendor") == "Huawei"}
    assert expected
    assert main(["list", "--vendor", "huawei"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "vendor", "status", "fields"]
    assert {line.split()[0] for line in lines[2:]} == expected


def test_list_by_status(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--status", "announced", "--vendor", "Acme", "--catalog", str(acme)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert rows == [["acme-x2", "Acme", "acme-x2", "Acme", "announced", "1"]]  # one field: bandwidth


def test_search_without_candidates_says_so_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzzzqqqq"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err == "no accelerator resembles 'zzzzqqqq'\n"


def test_compare_csv_is_parseable_and_ends_with_one_newline(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    assert main(["compare", "H20", "H200", "-m", "memory.bandwidth", "-f", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\n") and not out.endswith("\n\n")
    rows = list(csv.reader(io.StringIO(out)))
    # catalog/nvidia.toml: H20 4.0 TB/s, H200 SXM 4.8 TB/s
    assert rows == [["id", "name", "memory.bandwidth [TB/s]"], ["nvidia-h20", "NVIDIA H20", "4.0"],
                    ["nvidia-h200-sxm", "NVIDIA H200 SXM", "4.8"]]


def test_catalog_check_alone_of_a_clean_file(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check", "--alone", str(acme)]) == 0
    assert capsys.readouterr().out == "ok: 2 entries, 1 sources in 1 file(s), no findings\n"


def test_catalog_check_alone_reports_findings_with_file_entry_and_code(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import entry

    # 16 TB/s over 80 GB is 200 sweeps per second: outside lint's documented 2-150
    path = _user_file(tmp_path, entry(
        "acme-x3", '{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
        '{ field = "memory.bandwidth", value = 16, unit = "TB/s", source = "test-src" }'))
    assert main(["catalog", "check", "--alone", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path}: acme-x3: memory.bandwidth: [bandwidth-per-gb]" in out.out
    assert out.err.endswith("finding(s); 1 entries, 1 sources in 1 file(s)\n")  # the file's own totals


def test_catalog_check_alone_cannot_cite_packaged_sources(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[[accelerator]]\nid = "acme-y1"\nname = "Y1"\nvendor = "Acme"\nstatus = "shipping"\n'
                    'specs = [ { field = "tdp", value = 500, unit = "W", source = "nvidia-h20-tomshardware-2024" } ]\n')
    proc = run("catalog", "check", "--alone", str(user))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (error, totals) = proc.stderr.splitlines()  # the one error on one line, then the file's totals
    assert error.startswith("accelspec: error: ") and totals == "1 error(s); 1 entries, 0 sources in 1 file(s)"
    assert str(user) in proc.stderr and "acme-y1" in proc.stderr and "nvidia-h20-tomshardware-2024" in proc.stderr


# -- the catalog page ------------------------------------------------------------------------

def test_catalog_page_prints_what_write_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import accelspec as acs
    from accelspec import catalogs

    acs.catalog()  # load the packaged catalog before its directory is redirected
    monkeypatch.setattr(catalogs, "packaged_catalog_dir", lambda: tmp_path)
    assert main(["catalog", "page"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# The accelspec catalog\n") and "\n## NVIDIA\n" in printed
    assert main(["catalog", "page", "--write"]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'README.md'}\n"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") + "\n" == printed


def test_catalog_page_with_a_user_file_includes_it_but_is_never_written(
        acme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from accelspec import catalogs

    assert main(["catalog", "page", "--catalog", str(acme)]) == 0
    page = capsys.readouterr().out
    # conftest's rows: 80 GB, 3.35 TB/s, bf16 1979 x 0.5, no FP8 or INT8, 700 W; one vendor datasheet
    assert "\n## Acme\n" in page
    assert "| `acme-x1` | Acme acme-x1 | shipping | 80 | 3.35 | 989.5 | n/d | n/d | 700 | 1 | 1 |" in page
    target = tmp_path / "packaged"
    target.mkdir()
    monkeypatch.setattr(catalogs, "packaged_catalog_dir", lambda: target)
    # writing would put the user's entries into the packaged catalog's page: refused
    assert main(["catalog", "page", "--write", "--catalog", str(acme)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accelspec: error: --write") and err.count("\n") == 1
    assert list(target.iterdir()) == []


# -- every error is one line and a non-zero exit, never a traceback --------------------------

@pytest.mark.parametrize("args,message", [
    (["list", "--status", "bogus"], "unknown status 'bogus'; one of shipping, announced, roadmap, discontinued"),
    (["rank", "bf16", "--status", "bogus"], "unknown status 'bogus'"),
    (["rank", "bf16", "-n", "0"], "limit must be a positive integer"),
    (["search", "H20", "-n", "0"], "search limit must be a positive integer"),
    (["compare", "H20", "-m", "bf61"], "unknown metric 'bf61'"),
    (["show", "H20", "--catalog", "/nonexistent/user.toml"], "/nonexistent/user.toml"),
])
def test_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("accelspec: error: ") and message in proc.stderr
    assert proc.stdout == ""
