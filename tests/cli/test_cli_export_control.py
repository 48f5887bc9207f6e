"""Export control: TPP, performance density, rule-versioned 3A090 classification, what it takes.

Properties first (unit invariance, monotonicity, dense-only), then worked examples pinned to
published figures with the arithmetic in a comment. Not legal advice; neither are these tests.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import pytest

import accelspec as acs
import accelspec.export_control as ec
from accelspec.cli import build_parser

from conftest import CUSTOM, SOURCE, entry


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # these tests read rows at their natural width


# -- command line and docs ----------------------------------------------------------------------

def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    args = build_parser().parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_cli_prints_a_table_with_nd_where_tpp_cannot_be_computed(write: Any,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path: Path = write("schema = 1\n" + SOURCE + entry(
        "acme-sparse", '{ field = "bf16:sparse", value = 1000, unit = "TFLOP/s", source = "test-src" }',
        aliases='["Sparse Only"]'))
    out = run_cli(["export-control", "H20", "H200", "Sparse Only", "--rule", "2023", "--explain",
                   "--catalog", str(path)], capsys)
    assert "15,832" in out and "2,368" in out and "n/d" in out
    assert "88 FR 73458" in out and "not legal advice" in out


def test_docs_say_not_legal_advice() -> None:
    assert "not legal advice" in (ec.__doc__ or "").lower()
    import accelspec.export_control.rules as er

    assert "not legal advice" in (er.__doc__ or "").lower()


# -- command line: the whole table ---------------------------------------------------------------

def table(out: str) -> list[list[str]]:
    """The cells of a github-format table (header first, separator dropped)."""
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in out.splitlines() if ln.startswith("|")]
    return [r for r in rows if not all(set(c) <= set(":-") for c in r)]


def test_cli_rows_under_2026(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(["export-control", "H20", "H200", "HGX H200", "--rule", "2026", "-f", "github", "--explain"],
                  capsys)
    assert table(out) == [
        ["accelerator", "TPP", "set by (dense rate x bits)", "die area [mm^2]", "PD", "class", "China licence review"],
        # 148 x 16 = 2,368 on GH100's 814 mm²: PD 2.909
        ["NVIDIA H20", "2,368", "BF16 148 x 16", "814", "2.909", "not 3A090", ""],
        # 989.5 x 16 = 15,832; 15,832 / 814 = 19.45
        ["NVIDIA H200 SXM", "15,832", "BF16 989.5 x 16", "814", "19.45", "3A090.a", "case-by-case"],
        ["NVIDIA HGX H200 (8-GPU)", "126,656", "8 x nvidia-h200-sxm", "n/d", "n/d", "3A090.a (parts)", "case-by-case"],
    ]
    lines = out.splitlines()
    assert ("rule 2026: Case-by-case licence review for China/Macau (Jan 2026 final rule); 91 FR 1684 "
            "(Jan. 15, 2026), FR Doc 2026-00789; effective 2026-01-15") in lines
    i = lines.index("NVIDIA H20: TPP 2,368 < 2,400 and PD 2.909 < 3.2: outside 3A090.b; TPP 2,368 < 4,800 and "
                    "PD 2.909 < 5.92: outside 3A090.a")
    assert lines[i - 1] == "" and lines[i + 1].startswith("NVIDIA H200 SXM: TPP 15,832 >= 4,800")
    assert lines[i + 2].startswith("NVIDIA HGX H200 (8-GPU): a system of 8 x NVIDIA H200 SXM")
    assert lines[-1] == "Computed from public figures for information; not legal advice."


def test_cli_datacenter_flag_and_catalog_files(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(CUSTOM)
    # DC: 2,500 and PD 4.167, 3A090.b.2 for datacenters; Note 2 excludes it otherwise
    on = table(run_cli(["export-control", "acme-dc", "Acme Mem", "--rule", "2023", "-f", "github",
                        "--catalog", str(path)], capsys))
    assert on[0] == ["accelerator", "TPP", "set by (dense rate x bits)", "die area [mm^2]", "PD", "class"]
    assert on[1:] == [["Acme DC", "2,500", "BF16 156.2 x 16", "600", "4.167", "3A090.b"],
                      ["Acme Mem", "n/d", "n/d", "n/d", "n/d", "undetermined"]]
    off = table(run_cli(["export-control", "acme-dc", "--rule", "2023", "-f", "github", "--no-datacenter",
                         "--catalog", str(path)], capsys))
    assert off[1][-1] == "not 3A090"
    pod = table(run_cli(["export-control", "acme-pod", "--rule", "2023", "-f", "github", "--catalog", str(path)],
                        capsys))
    assert pod[1] == ["Acme Pod", "12,620", "1 x acme-t20 + 3 x acme-dc", "n/d", "n/d", "3A090.a (parts)"]


def test_cli_without_names_lists_the_whole_packaged_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(["export-control", "--rule", "2023"], capsys)
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["accelerator", "TPP"]
    assert set(lines[1]) == {"-", " "}                      # the default "simple" format's rule
    body = lines[2:lines.index("")]
    assert len(body) == len(acs.catalog())
    assert "Computed from public figures for information; not legal advice." in lines
    assert not any(ln.startswith("NVIDIA H20: ") for ln in lines)        # no --explain, no reasons


@pytest.mark.parametrize("fmt,marker", [("plain", "NVIDIA H20  "), ("simple", "-----"), ("github", "|"),
                                        ("html", "<table>"), ("latex", "\\begin{tabular}")])
def test_cli_formats(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(["export-control", "H20", "--rule", "2023", "--format", fmt], capsys)
    assert marker in out
    if fmt == "plain":
        assert "---" not in out and "|" not in out


def test_cli_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["export-control", "-f", "yaml"])
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_cli_help_documents_every_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    top = parser.format_help()
    assert "TPP, performance density and 3A090 class (not legal advice)" in top
    text = sub.choices["export-control"].format_help()
    assert re.search(r"\s--rule R\s", text) and "[NAME ...]" in text
    assert "-f {plain,simple,github,html,latex}, --format {plain,simple,github,html,latex}" in text
    # each option's help, as a whole line's end
    for phrase in ("accelerators (default: the whole catalog)",
                   "rule edition: 2022, 2023, 2024, 2025-h20, 2026 (default: newest)",
                   "treat the chips as designed or marketed for datacenters (default: yes)",
                   "print each chip's reason under the table",
                   "merge this catalog file over the packaged one (repeatable)",
                   "TPP, performance density and US export-control class (ECCN 3A090) computed from the "
                   "catalog, with the rule edition's thresholds. Not legal advice."):
        assert re.search(rf"(^|\s){re.escape(phrase)}$", text, re.M), phrase
    for option in ("--datacenter, --no-datacenter", "--explain", "--catalog FILE"):
        assert re.search(rf"^\s+{re.escape(option)}\s", text, re.M), option
    assert re.search(r"^\s+export-control\s+TPP, performance density and 3A090 class \(not legal advice\)$",
                     top, re.M)
    args = parser.parse_args(["export-control"])
    assert (args.format, args.datacenter, args.explain, args.names, args.rule) == ("simple", True, False, [], None)
