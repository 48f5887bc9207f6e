"""Chinese explanations of claim checks (issue 14, item 5).

Figures pinned here come from NVIDIA's H100 and H20 datasheets: H100 SXM FP8 1,979 TFLOP/s dense,
3,958 TFLOP/s with 2:4 sparsity; H20 BF16 148 TFLOP/s.
"""

from __future__ import annotations

from accelspec import check_text
from accelspec.claims import check_claim
from accelspec.claims.explain import VERDICT_ZH, explain_zh


def test_chinese_text_gets_a_chinese_summary_with_number_fair_figure_and_source() -> None:
    (f,) = check_text("H100的FP8算力为3958TFLOPS。").findings
    s = f.summary
    assert "说法" in s and "3958" in s
    assert "有误导" in s  # the sparse headline quoted as a dense amount
    assert "1,979" in s and "稠密 FP8" in s  # the like-for-like figure
    assert "来源" in s
    assert "2:4 稀疏" in s and "不公平" in s  # why the matching reading is not fair


def test_fair_matching_reading_is_called_fair() -> None:
    text = explain_zh(check_claim("H20 BF16 is 148 TFLOPS"))
    assert "判定：成立" in text
    assert "同口径，公平" in text
    assert "148 TFLOP/s" in text


def test_precision_mismatch_is_explained() -> None:
    text = explain_zh(check_claim("H20 BF16 is 148 TFLOPS"))
    # the FP16 reading also gives 148 but is not the metric the claim names
    assert "不是说法所指的指标" in text


def test_lang_overrides_both_ways() -> None:
    en = "The H100 SXM offers 3958 TFLOPS of FP8."
    assert "说法" in check_text(en, lang="zh").findings[0].summary
    assert "说法" not in check_text("H100的FP8算力为3958TFLOPS。", lang="en").findings[0].summary


def test_measured_claim_lists_spec_context_not_matches() -> None:
    (f,) = check_text("在MLPerf实测中，H200的推理速度是H100的1.9倍。").findings
    text = f.summary
    assert VERDICT_ZH["measured"] in text
    assert "规格参照" in text
    assert "可复现" not in text


def test_ratio_no_match_says_how_many_readings_were_tried() -> None:
    text = explain_zh(check_claim("H20 is 0.5 times H200"))
    assert "共尝试" in text and "没有一种落在容差内" in text


def test_every_verdict_has_a_chinese_name() -> None:
    from accelspec.claims.model import Verdict

    assert {v.value for v in Verdict} <= set(VERDICT_ZH)
