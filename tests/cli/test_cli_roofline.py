"""Roofline and LLM workload bounds: properties first, then worked examples from published figures."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.errors import MissingSpecError, UnitError, UnknownMetricError, WorkloadError
from accelspec.workloads.llm import Decode, Prefill, Training, decode, prefill, training_time
from accelspec.workloads.models import (
    DEEPSEEK_V3,
    LLAMA3_8B,
    LLAMA3_70B,
    MODELS,
    QWEN25_72B,
    ModelSpec,
    fits,
    get_model,
    kv_cache_memory,
    weight_memory,
)
from accelspec.workloads.roofline import Roofline, attainable, crossover_intensity, roofline_curve
from accelspec.spec import Accelerator, Memory, Power
from accelspec.workloads.relative import (
    electricity_cost_per_million_tokens,
    energy_per_token,
    hardware_cost_per_million_tokens,
    relative_performance,
)
from accelspec.cli import build_parser

INTENSITY_UNITS = {"FLOP/B": 1.0, "FLOP/kB": 1e3, "kFLOP/B": 1e-3, "GFLOP/GB": 1.0, "FLOP/b": 1 / 8}
PRECISIONS = ("bf16", "fp8", "int8")


@st.composite
def intensities(draw: st.DrawFn) -> object:
    """Positive intensities in FLOP/B, expressed in an equivalent unit."""
    value = draw(st.floats(min_value=1e-3, max_value=1e5))
    unit = draw(st.sampled_from(sorted(INTENSITY_UNITS)))
    return Q_(value * INTENSITY_UNITS[unit], unit)


@st.composite
def models(draw: st.DrawFn) -> ModelSpec:
    """Dense GQA models from 0.1B to 1T parameters at BF16 or FP8."""
    heads = draw(st.sampled_from([1, 2, 4, 8, 16]))
    return ModelSpec(name="synthetic", parameters=Q_(draw(st.floats(0.1, 1000)), "billion"),
                     layers=draw(st.integers(1, 128)), hidden_size=draw(st.sampled_from([1024, 4096, 8192])),
                     kv_heads=heads, head_dim=draw(st.sampled_from([64, 128])),
                     weight_precision=draw(st.sampled_from(["bf16", "fp8"])),
                     kv_precision=draw(st.sampled_from(["bf16", "fp8"])))


def workloads() -> st.SearchStrategy[object]:
    return st.one_of(
        st.builds(Roofline, intensities(), st.sampled_from(PRECISIONS)),
        st.builds(Decode, models(), st.integers(1, 256), st.integers(0, 32768)),
        st.builds(Prefill, models(), st.integers(1, 32768), st.integers(1, 16)),
        st.builds(Training, models(), st.floats(1e6, 1e13)),
    )


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
