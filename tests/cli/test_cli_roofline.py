"""Roofline and LLM workload bounds: properties first, then worked examples from published figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from accelspec import Q_
from accelspec.errors import WorkloadError
from accelspec.cli import build_parser


# -- plot and command line ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_roofline_plot_renders_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from accelspec.workloads.plot import save_roofline

    out = save_roofline(tmp_path / "roofline.png", ["H20", "H200", "Ascend 910B"], "bf16",
                        intensity=Q_(1, "FLOP/B"))
    data = out.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000


def _run_cli(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


def test_the_roofline_command_prints_bounds_and_crossovers(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_cli(["roofline", "H20", "Ascend 910B", "--intensity", "1"]) == 0
    out = capsys.readouterr().out
    assert "Huawei Ascend 910B" in out and "memory" in out
    assert "cross at 92.5 FLOP/B" in out
    assert "0.4" in out  # the 910B at 1 FLOP/B: 1.6 / 4.0 of the H20


def test_the_roofline_command_writes_a_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.png"
    assert _run_cli(["roofline", "H20", "H200", "-p", "fp8", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(PNG)


def test_the_llm_analysis_crosscheck_agrees_at_batch_one(capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/crosscheck_llm_analysis.py runs; where llm-analysis is installed, its batch-1
    decode time for Llama 3 70B FP8 on an H200 matches ours within 0.5%."""
    import runpy

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "crosscheck_llm_analysis.py"
    ns = runpy.run_path(str(script))
    assert ns["main"]() == 0
    assert "accelspec" in capsys.readouterr().out
    t_theirs = ns["theirs"](1, 1, 1)
    if t_theirs is None:
        pytest.skip("llm-analysis is not installed")
    t_ours, _ = ns["ours"](1, 1)
    assert t_theirs == pytest.approx(t_ours, rel=5e-3)


# -- without matplotlib ------------------------------------------------------------------------------

@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the matplotlib imports the plot module needs fail, as on an install without it."""
    for name in ("matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)


def test_the_plot_says_how_to_install_matplotlib(no_matplotlib: None) -> None:
    from accelspec.workloads.plot import roofline_figure

    with pytest.raises(ImportError, match=r"needs matplotlib: pip install 'accelspec\[plot\]'"):
        roofline_figure(["H20", "H200"], "bf16")


def test_the_roofline_command_fails_cleanly_without_matplotlib(
        no_matplotlib: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.png"
    assert _run_cli(["roofline", "H20", "H200", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "accelspec: error: the roofline plot needs matplotlib" in captured.err
    assert "NVIDIA H20" in captured.out  # the table is still printed
    assert not out.exists()


def test_a_roofline_plot_of_no_chips_is_refused() -> None:
    from accelspec.workloads.plot import roofline_figure

    with pytest.raises(WorkloadError, match="at least one accelerator"):
        roofline_figure([])
