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


def test_metric_words_in_chinese() -> None:
    from accelspec.claims.explain import _metric_zh

    assert _metric_zh(None) == "性能（未指明指标）"
    assert _metric_zh("memory.bandwidth") == "显存带宽"
    assert _metric_zh("measured") == "性能"
    assert _metric_zh("fp8:sparse") == "FP8（2:4 稀疏）算力"
    assert _metric_zh("fp32:vector") == "FP32（向量单元）算力"


def test_unfair_readings_say_why_in_chinese() -> None:
    from accelspec.claims.explain import _differences_zh, _term_zh
    from accelspec.claims.readings import Reading, Term

    a = Term("compute", "fp32:vector", "vector FP32", "TFLOP/s", 1, 1, 1, "fp32", False, "vector",
             "chip")
    b = Term("compute", "fp32", "dense FP32", "TFLOP/s", 1, 1, 1, "fp32", False, "matrix", "module")
    r = Reading("compute", a, b, 1, 1, 1, "", False, True, ("vector vs matrix engine",), "x", True,
                True, 0.0)
    why = _differences_zh(r)
    assert "计算单元不同（矩阵对向量）" in why and "口径不同（chip 对 module）" in why
    assert _term_zh(a) == "向量 FP32"
    ppw = Term("perf_per_watt", "perf_per_watt:fp8:sparse", "x", "GFLOP/s/W", 1, 1, 1)
    assert _term_zh(ppw) == "2:4 稀疏 FP8 能效"
    other = Term("tdp", "tdp", "TDP", "W", 1, 1, 1, qualifier="module")
    r2 = Reading("tdp", other, other, 1, 1, 1, "", False, True, ("odd",), "x", True, True, 0.0)
    assert _differences_zh(r2) == ["odd"]


def test_an_entity_the_catalog_lacks_is_named() -> None:
    (f,) = check_text("昇腾910D的算力比H100高30%。").findings
    text = explain_zh(f.check)
    assert VERDICT_ZH["unverifiable"] in text and "目录中没有" in text


def test_a_disputed_value_is_called_so() -> None:
    # CM384 288.8 PFLOP/s chosen (384 x 752); 300 PFLOP/s only as a non-chosen press figure
    (f,) = check_text("CloudMatrix 384的算力是NVL72的1.7倍。").findings
    assert "判定：无依据" in f.summary and "争议值" in f.summary
