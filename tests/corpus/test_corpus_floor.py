"""The claim reader on the team's corpus: floors slightly under what it reaches (issue 14), so a
regression in reading or in verdicts fails CI. Speed is measured in benchmarks/claims_corpus.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "claims_corpus.py"


def test_the_reader_keeps_its_corpus_figures() -> None:
    spec = importlib.util.spec_from_file_location("claims_corpus_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    r = bench.run()
    assert r["claims"] == 416
    assert r["found"] >= FOUND and r["correct"] >= CORRECT and r["agree"] >= AGREE
    assert r["false_positives"] <= FALSE_POSITIVES


FOUND, CORRECT, AGREE, FALSE_POSITIVES = 0.81, 0.79, 0.97, 2
