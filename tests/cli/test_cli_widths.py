"""Every command of the README's CLI tour fits 80 columns (issue 19); the same list is what
benchmarks/widths.py measures."""

from __future__ import annotations

import runpy
import shlex
from pathlib import Path

import pytest

from accelspec.cli import main
from accelspec.formatting import display_width

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = runpy.run_path(str(ROOT / "benchmarks" / "widths.py"))
TOUR: list[str] = WIDTHS["tour"]()


def test_the_tour_is_there() -> None:
    assert len(TOUR) >= 12 and "accelspec compare H20 H200 910B -m memory.bandwidth,bf16,fp8 --baseline H200" in TOUR


@pytest.mark.parametrize("command", TOUR)
def test_every_tour_command_fits_80_columns(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    if "-o roofline.png" in command:
        pytest.importorskip("matplotlib")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my.toml").write_text(WIDTHS["MY_TOML"], encoding="utf-8")
    assert main(shlex.split(command)[1:]) == 0
    out = capsys.readouterr().out
    widest = max(out.splitlines(), key=display_width)
    assert display_width(widest) <= 80, widest
    assert WIDTHS["columns"](widest) == display_width(widest)  # the script counts as the library does


def test_the_readme_shows_real_80_column_output(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The pasted compare and roofline tables are what the commands print today."""
    monkeypatch.setenv("COLUMNS", "80")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("accelspec compare H20 H200 910B -m memory.bandwidth,bf16,fp8 --baseline H200",
                    "accelspec roofline H20 Ascend 910B -p bf16 -i 100"):
        assert main(shlex.split(command)[1:]) == 0
        out = capsys.readouterr().out
        assert f"$ {command}\n{out}```" in readme


def test_the_width_script_runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/widths.py with a one-command tour (the full run takes seconds per command)."""
    monkeypatch.setitem(WIDTHS["main"].__globals__, "EXTRA", [])
    monkeypatch.setitem(WIDTHS["main"].__globals__, "tour", lambda: ["accelspec search 910",
                                                                     "accelspec export --vendor Huawei"])
    assert WIDTHS["main"](["--max", "80"]) == 0
    out = capsys.readouterr().out
    assert "accelspec search 910" in out and "data" in out and "0 command(s) wider" in out
    monkeypatch.setitem(WIDTHS["main"].__globals__, "tour", lambda: ["accelspec search 910"])
    assert WIDTHS["main"](["--max", "20"]) == 1
    assert "WIDER" in capsys.readouterr().out
