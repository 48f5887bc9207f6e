"""``compare``, ``rank``, ``list`` and ``search`` print from the catalog cache's plain data without
pint (issue 16, "print before pint"), and print exactly what the pint path prints."""

from __future__ import annotations

import os
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec import comparison
from accelspec.catalogs import Catalog, packaged_files
from accelspec.cli import main
from accelspec.metrics import _PLAIN_FACTORS, _div, get_metric
from accelspec.units import Q_, registry, to_unit

ROOT = Path(__file__).resolve().parents[2]
TOUR: list[str] = runpy.run_path(str(ROOT / "benchmarks" / "widths.py"))["tour"]()
PLAIN_COMMANDS = [c for c in TOUR if c.split()[1] in ("compare", "rank", "list", "search")] + [
    'accelspec compare H20 H200 "Ascend 910B" "Ascend 910C" --baseline H200',
    "accelspec rank ridge:bf16", "accelspec rank perf_per_watt:fp8 --status all -n 7",
    "accelspec rank interconnect.bandwidth --systems", "accelspec list --vendor Huawei --status shipping",
    "accelspec compare GB200 NVL72 HGX H200 -m bf16,tdp,memory.capacity",
]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _both(argv: list[str], capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """The command's (exit code, stdout, stderr) on the plain path, then on the pint path (the
    plain builders and the cached records turned off; the table renderer is the same on both, and
    tests/test_own_table.py holds it to tabulate's bytes)."""
    fast = _run(argv, capsys)
    with monkeypatch.context() as m:
        m.setattr(comparison, "plain_comparison", lambda *a, **k: None)
        m.setattr(comparison, "plain_ranking", lambda *a, **k: None)
        m.setattr(Catalog, "cached_records", lambda self, **k: None)
        slow = _run(argv, capsys)
    return fast, slow


@pytest.mark.parametrize("command", PLAIN_COMMANDS)
def test_every_readme_command_prints_the_same_on_both_paths(command: str, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    fast, slow = _both(shlex.split(command)[1:], capsys, monkeypatch)
    assert fast == slow
    assert fast[0] == 0 and fast[1]


NAMES = ["H20", "H200", "H100 SXM", "Ascend 910B", "Ascend 910C", "MI300X", "B200", "GB200 NVL72", "HGX H200",
         "Gaudi 3", "A100 SXM 80GB", "L40S", "MLU370-X8", "Atlas 300I Duo", "CloudMatrix 384", "TPU v5p"]
METRICS = ["memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "bf16", "fp8", "fp8:sparse",
           "int8", "fp32:vector", "fp64", "ridge:bf16", "ridge:int8", "bytes_per_flop:fp8", "perf_per_watt:bf16",
           "perf_per_watt:int8:sparse", "capacity_per_flops:fp16", "interconnect_per_flops:bf16",
           "memory.bandwidth_per_watt", "memory.bandwidth_per_capacity",
           "die_area", "perf_per_mm2:bf16", "perf_per_usd:bf16", "transistors"]  # the last four: pint path


@settings(max_examples=25, deadline=None)
@given(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       metrics=st.lists(st.sampled_from(METRICS), min_size=1, max_size=4, unique=True),
       baseline=st.none() | st.sampled_from(NAMES), fmt=st.sampled_from(["simple", "plain", "github", "html",
                                                                          "latex", "csv"]),
       columns=st.sampled_from(["60", "80", "200"]))
def test_chosen_chips_and_metrics_print_the_same_on_both_paths(names: list[str], metrics: list[str],
                                                               baseline: str | None, fmt: str, columns: str) -> None:
    names = [n for n in names if n in acs.catalog()] or ["H200"]
    if baseline is not None and baseline not in acs.catalog():
        baseline = None
    argv = ["compare", *names, "-m", ",".join(metrics), "-f", fmt] + (["-b", baseline] if baseline else [])
    mp = pytest.MonkeyPatch()
    cap = _Capture()
    try:
        mp.setenv("COLUMNS", columns)
        fast, slow = _both(argv, cap, mp)  # type: ignore[arg-type]
    finally:
        mp.undo()
        cap.close()
    assert fast == slow


class _Capture:
    """capsys for a hypothesis test (function-scoped fixtures do not reset between examples)."""

    def __init__(self) -> None:
        import io

        self._io = io
        self._old = sys.stdout, sys.stderr
        self._reset()

    def _reset(self) -> None:
        self._out, self._err = self._io.StringIO(), self._io.StringIO()
        sys.stdout, sys.stderr = self._out, self._err

    def readouterr(self) -> tuple[str, str]:
        out, err = self._out.getvalue(), self._err.getvalue()
        self._reset()
        return out, err

    def close(self) -> None:
        sys.stdout, sys.stderr = self._old


@settings(max_examples=25, deadline=None)
@given(metric=st.sampled_from(METRICS), status=st.sampled_from(["shipping", "all", "announced"]),
       systems=st.booleans())
def test_chosen_rankings_print_the_same_on_both_paths(metric: str, status: str, systems: bool) -> None:
    argv = ["rank", metric, "--status", status] + (["--systems"] if systems else [])
    mp = pytest.MonkeyPatch()
    cap = _Capture()
    try:
        mp.setenv("COLUMNS", "80")
        fast, slow = _both(argv, cap, mp)  # type: ignore[arg-type]
    finally:
        mp.undo()
        cap.close()
    assert fast == slow


def test_search_names_are_the_search_results() -> None:
    cat = acs.catalog()
    for text in ("h20", "910", "mi300", "blackwell", "昇腾", "zzzz"):
        assert cat.search_names(text, 10) == [(m.accelerator.id, m.accelerator.name, m.score, m.matched)
                                              for m in cat.search(text, 10)]


def test_the_plain_factors_are_pints() -> None:
    """Each written-out factor is the very number pint's conversion multiplies by."""
    for (a, b, unit), factor in _PLAIN_FACTORS.items():
        q = _div(Q_(1.0, a), Q_(1.0, b))
        assert registry().Quantity(1.0, q.units).to(unit).magnitude == factor, (a, b, unit)
        assert to_unit(_div(Q_(3.7, a), Q_(1.3, b)), unit, what="x").magnitude == 3.7 / 1.3 * factor


def test_the_plain_path_steps_aside(capsys: pytest.CaptureFixture[str]) -> None:
    cat = acs.catalog()
    assert comparison.plain_comparison(cat, ["H200"], ["die_area"]) is None  # not a plain-field metric
    assert comparison.plain_ranking(cat, "perf_per_usd:bf16") is None
    own = Catalog.from_files(packaged_files())  # built from the TOML files, not served from the cache
    assert own.cached_record("nvidia-h200-sxm") is None and own.cached_records() is None
    assert comparison.plain_comparison(own, ["H200"]) is None
    assert comparison.plain_ranking(own, "bf16") is None
    with pytest.raises(acs.InvalidArgumentError):
        comparison.plain_comparison(cat, [])
    with pytest.raises(acs.InvalidArgumentError):
        comparison.plain_ranking(cat, "bf16", limit=0)
    m = get_metric("bf16")
    assert comparison.PlainQuantity(989.5, "TFLOP/s").to("PFLOP/s").magnitude == pytest.approx(0.9895)
    assert comparison._magnitude(comparison.PlainQuantity(989.5, m.unit), "PFLOP/s") == pytest.approx(0.9895)


def test_the_commands_do_not_import_pint_with_a_warm_cache(tmp_path: Path) -> None:
    env = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path), "COLUMNS": "80"}
    commands = [["compare", "H20", "H200", "Ascend 910B", "Ascend 910C", "--baseline", "H200"],
                ["compare", "H20", "H200", "910B", "-m", "memory.bandwidth,bf16,fp8", "--baseline", "H200"],
                ["list"], ["list", "--vendor", "Huawei"], ["search", "h20"], ["search", "H2O"],
                ["rank", "ridge:bf16"], ["rank", "memory.bandwidth", "-n", "5"], ["compare", "H2O"]]
    code = ("import sys, contextlib, io; from accelspec.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            "    main(sys.argv[1:])\n"
            "print(sorted(m for m in ('pint', 'tabulate') if m in sys.modules))")
    subprocess.run([sys.executable, "-c", code, "show", "H200"], capture_output=True, text=True, check=True,
                   env=env)  # builds the cache
    for argv in commands:
        done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env)
        assert done.stdout.strip() == "[]", (argv, done.stdout, done.stderr)
