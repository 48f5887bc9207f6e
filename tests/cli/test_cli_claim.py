"""Claim checking: which readings of the catalog make a published ratio true, and are they fair."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable

import pytest

from accelspec.claims.readings import (
    PROVIDERS,
    ReadingProvider,
    Term,
    add_provider,
)
from accelspec.cli import build_parser
from accelspec.claims import (
    ChipClaim,
    ClaimCheck,
    Verdict,
    check_claim,
)
from accelspec.spec import Accelerator
from conftest import SOURCE

Write = Callable[..., Path]


# -- extension point, output, CLI --------------------------------------------------------------

def test_a_reading_provider_can_be_added() -> None:
    def term(acc: Accelerator, key: str) -> Term:
        lo, v, hi = (float(q.to("mm^2").magnitude) for q in acc.range("die_area"))
        return Term("die_area", "die_area", "logic die area", "mm^2", lo, v, hi)

    die = ReadingProvider("die_area", lambda acc: ("die_area",), term)
    # H200 and H100 share the GH100 die (814 mm^2): ratio 1
    check = ChipClaim.ratio_of("H200", "H100", 1.0, metric="die_area").check(providers=[die])
    assert check.verdict is Verdict.SUPPORTED and check.matching[0].group == "die_area"
    add_provider(die)
    try:
        assert ChipClaim.ratio_of("H200", "H100", 1.0, metric="die_area").check().verdict \
            is Verdict.SUPPORTED
    finally:
        PROVIDERS.remove(die)


def test_check_claim_reads_a_sentence_and_explains_itself() -> None:
    check = check_claim("H20 is 7.5% of H200")
    assert isinstance(check, ClaimCheck) and check.verdict is Verdict.MISLEADING
    text = str(check)
    assert "MISLEADING" in text and "Like-for-like figures" in text and "0.1496" in text


def cli(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_cli_prints_verdict_and_readings(capsys: pytest.CaptureFixture[str]) -> None:
    args = cli("claim", "910C reaches 80-90% of H200")
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "SUPPORTED" in out and "dense BF16" in out


def test_cli_json_and_tolerance(capsys: pytest.CaptureFixture[str]) -> None:
    args = cli("claim", "H20 is 16% of H200", "--json", "--tolerance", "0.1")
    assert args.func(args) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "supported" and doc["tolerance"] == 0.1
    assert doc["matching"][0]["like_for_like"] is True


def test_cli_takes_a_user_catalog(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(SOURCE + '\n[[accelerator]]\nid = "nvidia-h20"\nspecs = [\n  { field = "bf16", '
                          'value = 74, unit = "TFLOP/s", source = "test-src" }\n]\n')
    args = cli("claim", "H20 is 7.5% of H200", "--json", "--catalog", str(path))
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "supported"


def test_check_fits_80_columns_with_chinese_and_says_when_nothing_is_found(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec.cli import main
    from accelspec.formatting import text_width

    monkeypatch.setenv("COLUMNS", "80")
    article = tmp_path / "a.md"
    # shapes of the news claims (../shared/news-claims.md, claims 1 and 3), written for this test
    article.write_text("据报道，H20的性能仅为H200的7.5%。\n\n华为昇腾910C在部分关键指标上可达到H200的80%至90%。\n",
                       encoding="utf-8")
    assert main(["check", str(article)]) == 0
    out = capsys.readouterr().out
    assert text_width(out) <= 80 and "misleading" in out
    assert main(["check", str(article), "--exit-code"]) == 1       # one finding is misleading
    capsys.readouterr()
    empty = tmp_path / "b.md"
    empty.write_text("Prices rose in 2025.\n", encoding="utf-8")
    assert main(["check", str(empty)]) == 1                        # no result
    assert "no checkable claims found" in capsys.readouterr().out


def test_claim_explains_in_the_claims_language_unless_told(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    assert main(["claim", "H20仅为H200的7.5%"]) == 0
    zh = capsys.readouterr().out
    assert zh.startswith("说法：") and "有误导" in zh
    assert main(["claim", "H20仅为H200的7.5%", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Claim: NVIDIA H20 is 7.5% of NVIDIA H200 SXM")
