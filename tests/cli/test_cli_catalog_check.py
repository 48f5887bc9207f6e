"""``accelspec catalog check FILE`` reports every error in the file, not only the first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accelspec.catalogs import Catalog, packaged_files
from accelspec.cli import main
from accelspec.errors import CatalogError

SOURCE = ('[[source]]\nid = "src-a"\ntitle = "A"\nurl = "https://example.com"\npublisher = "Example"\n'
          'date = "2024"\nkind = "vendor-datasheet"\n\n')


def _entry(eid: str, extra: str = "", status: str = "shipping") -> str:
    return (f'[[accelerator]]\nid = "{eid}"\nname = "{eid.upper()}"\nvendor = "Acme"\nstatus = "{status}"\n'
            f"{extra}\n")


BAD = ("bogus = 1\n" + SOURCE
       + '[[source]]\nid = "src-b"\ntitle = "B"\n\n'                                   # no publisher...
       + _entry("acme-1", 'specs = [ { field = "tdp", value = -1, unit = "W", source = "src-a" } ]')
       + _entry("acme-2", status="nonsense")
       + _entry("acme-3", 'specs = [ { field = "memory.bandwidth", value = 2, unit = "TB/s", source = "nowhere" } ]')
       + _entry("acme-4", 'specs = [ { field = "memory.bandwidth", value = 2, unit = "TB/s", source = "src-a" } ]'))


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_the_loader_still_stops_at_the_first_error(bad: Path) -> None:
    with pytest.raises(CatalogError):
        Catalog.from_files(packaged_files(), [bad])


@pytest.mark.parametrize("alone", [False, True])
def test_every_error_is_reported_in_file_order(bad: Path, alone: bool, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["catalog", "check", str(bad)] + (["--alone"] if alone else [])
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 6 and all(line.startswith("accelspec: error: ") for line in err[:5])
    assert "'bogus'" in err[0]
    assert "'src-b'" in err[1] and "publisher" in err[1]
    assert "'acme-1'" in err[2] and "positive" in err[2]
    assert "'acme-2'" in err[3] and "nonsense" in err[3]
    assert "'acme-3'" in err[4] and "'nowhere'" in err[4]
    assert err[5] == "5 error(s); 4 entries, 2 sources in 1 file(s)"  # the file's own totals
    assert not any("acme-4" in line for line in err)  # the good entry is not blamed


def test_errors_as_json_lines(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check", "--json", str(bad)]) == 2
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["entry"] for r in rows] == [None, "src-b", "acme-1", "acme-2", "acme-3"]
    assert set(rows[0]) == {"file", "entry", "field", "error"}


def test_errors_across_files_and_layers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(SOURCE + _entry("acme-1", 'base = "acme-missing"'), encoding="utf-8")
    b.write_text('schema = 2\nsource = 1\naccelerator = "x"\n[[system]]\nid = "acme-sys"\n', encoding="utf-8")
    assert main(["catalog", "check", str(a), str(b), str(tmp_path / "absent.toml")]) == 2
    err = capsys.readouterr().err
    assert "acme-missing" in err and "unsupported schema 2" in err
    assert "'source' must be an array" in err and "'accelerator' must be an array" in err
    assert "parts" in err and "cannot read" in err
    assert err.splitlines()[-1].endswith("in 3 file(s)")


def test_duplicates_and_bad_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dup = tmp_path / "dup.toml"
    dup.write_text(SOURCE + SOURCE + _entry("acme-1") + _entry("acme-1"), encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[accelerator]\n", encoding="utf-8")
    assert main(["catalog", "check", "--alone", str(dup), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "source id defined twice" in err and "duplicate id" in err and "invalid TOML" in err


def test_a_source_that_clashes_with_a_packaged_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user source reusing a packaged source id with other content is named, then dropped."""
    clash = tmp_path / "clash.toml"
    clash.write_text(SOURCE.replace("src-a", "nvidia-h20-tomshardware-2024") + _entry("acme-1"), encoding="utf-8")
    assert main(["catalog", "check", str(clash)]) == 2
    assert "nvidia-h20-tomshardware-2024" in capsys.readouterr().err


def test_a_clean_file_still_reports_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    good.write_text(SOURCE + _entry("acme-1", 'specs = [ { field = "tdp", value = 300, unit = "W", source = "src-a" } ]', status="announced"),
                    encoding="utf-8")
    assert main(["catalog", "check", str(good)]) == 0
    assert capsys.readouterr().out == "ok: 1 entries, 1 sources in 1 file(s), no findings\n"
