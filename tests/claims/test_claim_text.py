"""check_text: claims read from running text, with spans into the original (issue 14)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec.claims import ClaimParseError, Verdict, parse_claim
from accelspec.claims.normalise import normalise_text
from accelspec.claims.numbers import chinese_number, quantities
from accelspec.cli import main


def test_spans_point_into_the_original_text_through_invisible_and_traditional_characters() -> None:
    text = "據報導，輝達\u200bH20的FP8算力為296 TFLOPS，僅為H200的約15%。"
    report = acs.check_text(text)
    got = [(text[slice(*f.span)], f.claim.subject.id, f.check.verdict) for f in report.findings]
    # H20 FP8 296 TFLOP/s dense (datasheet); 296 / 1979 = 0.1496, about 15%
    assert got == [("296 TFLOPS", "nvidia-h20", Verdict.SUPPORTED),
                   ("約15%", "nvidia-h20", Verdict.SUPPORTED)]
    assert report.lang == "zh" and "判定" in report.findings[0].summary
    assert "判定" not in acs.check_text(text, lang="en").findings[0].summary


def test_tops_are_tera_operations_and_a_sparse_headline_amount_is_misleading() -> None:
    # H20 INT8 296 TOP/s dense; H100 SXM FP8 3,958 TFLOP/s is the 2:4-sparse figure (2 x 1,979)
    report = acs.check_text("H20 INT8 is 296 TOPS. The H100 FP8 is 3958 TFLOPS.")
    assert [f.check.verdict for f in report] == [Verdict.SUPPORTED, Verdict.MISLEADING]
    assert len(report) == 2 and report.failing == (report.findings[1],)


def test_pronouns_and_headings_take_the_last_subject() -> None:
    text = ("## Huawei CloudMatrix 384 vs Nvidia GB200 NVL72\n\nIt also has 3.6x the aggregate "
            "memory capacity. The price is power: it draws roughly 559 kW.")
    findings = acs.check_text(text).findings
    # CloudMatrix 384: 49,152 GB / NVL72 13,392 GB = 3.67; 559 kW system power (Huawei)
    assert [(f.claim.subject.id, f.claim.metric, f.check.verdict) for f in findings] == [
        ("huawei-cloudmatrix-384", "memory.capacity", Verdict.SUPPORTED),
        ("huawei-cloudmatrix-384", "tdp", Verdict.SUPPORTED)]


def test_hedged_round_words_get_a_wider_band() -> None:
    # H200 141 GB / H100 80 GB = 1.76: "nearly twice" holds, "exactly 2.00x" does not
    near = acs.check_text("The H200's memory is nearly twice as large as the H100's.").findings[0]
    assert near.check.verdict is Verdict.SUPPORTED
    exact = acs.check_text("The H200's memory is 2.00x the H100's.").findings[0]
    assert exact.check.verdict is Verdict.CONTRADICTED


def test_a_measured_claim_gets_its_own_outcome_with_spec_context() -> None:
    f = acs.check_text("Intel says Gaudi 3 trains up to 1.7x faster than Nvidia's H100.").findings[0]
    assert f.measured and f.check.verdict is Verdict.MEASURED
    assert "cannot confirm" in f.check.summary and "spec context" in f.check.summary


def test_an_entity_outside_the_catalog_is_unverifiable_with_the_reading_shown() -> None:
    f = acs.check_text("Ascend 910D is said to reach 130% of the H100.").findings[0]
    assert f.check.verdict is Verdict.UNVERIFIABLE and f.claim.ratio == pytest.approx((1.3, 1.3))


def test_a_table_reads_each_cell_with_its_row_metric() -> None:
    text = "| Metric | H100 | H200 |\n|---|---|---|\n| Bandwidth | 3.35 TB/s | 4.8 TB/s |\n"
    got = [(f.claim.subject.id, f.claim.metric, f.check.verdict) for f in acs.check_text(text)]
    assert got == [("nvidia-h100-sxm", "memory.bandwidth", Verdict.SUPPORTED),
                   ("nvidia-h200-sxm", "memory.bandwidth", Verdict.SUPPORTED)]


def test_text_without_claims_gives_an_empty_report_and_bad_arguments_raise() -> None:
    assert len(acs.check_text("The H200 was announced in 2023.")) == 0
    with pytest.raises(acs.AccelspecError):
        acs.check_text(b"H20")  # type: ignore[arg-type]
    with pytest.raises(acs.AccelspecError):
        acs.check_text("H20", lang="fr")


def test_parse_claim_reads_sentences_outside_the_anchored_shapes() -> None:
    claim = parse_claim("Next to the H100, the H200 carries 76% more memory.")
    assert claim.metric == "memory.capacity" and claim.ratio == pytest.approx((1.76, 1.76))
    with pytest.raises(ClaimParseError):
        parse_claim("The H200 is a fine chip.")


@pytest.mark.parametrize("text, value", [("三", 3), ("十五", 15), ("一百二十", 120), ("两", 2),
                                         ("三分之一", 1 / 3), ("百分之十五", 15)])
def test_chinese_numerals(text: str, value: float) -> None:
    assert chinese_number(text) == pytest.approx(value)


def test_number_words_and_hedges() -> None:
    got = [(q.low, q.kind, q.hedge) for q in quantities("roughly half, fourfold, 近三倍, 1.56p")]
    assert got == [(0.5, "fraction", "about"), (4.0, "times", "round_word"),
                   (3.0, "times", "nearly"), (1.56, "amount", "exact")]
    with pytest.raises(ValueError):
        chinese_number("abc")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_any_text_reads_without_error_and_spans_stay_inside(text: str) -> None:
    report = acs.check_text(text)
    assert all(0 <= f.span[0] <= f.span[1] <= len(text) for f in report.findings)
    n = normalise_text(text)
    assert len(n.offsets) == len(n.text) + 1


def test_cli_check_prints_findings_and_fails_on_misleading(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.md"
    f.write_text("The H100 FP8 is 3958 TFLOPS. H20仅为H200的7.5%。", encoding="utf-8")
    assert main(["check", str(f)]) == 0
    assert "misleading" in capsys.readouterr().out
    assert main(["check", str(f), "--json", "--exit-code"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["verdict"] for x in lines] == ["misleading", "misleading"]
    assert main(["check", str(tmp_path / "missing.md")]) == 2


def _read(text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(subject id, object id, verdict, metric) of each finding."""
    out = []
    for f in acs.check_text(text).findings:
        obj = f.claim.object.id if isinstance(f.claim.object, acs.Accelerator) else None
        out.append((f.claim.subject.id, obj, f.check.verdict.value, f.claim.metric))
    return out


def test_amounts_pair_with_their_own_chip() -> None:
    # MI300X 750 W, H100 SXM 700 W (datasheets); "the 3.35 TB/s of an H100": H100 SXM 3.35 TB/s
    assert _read("The MI300X draws 750W against 700W for the H100.") == [
        ("amd-mi300x", None, "supported", "tdp"), ("nvidia-h100-sxm", None, "supported", "tdp")]
    got = _read("At 3,700 GB/s, Gaudi 3's memory keeps pace with the 3,350 GB/s of an H100.")
    assert got[-1] == ("nvidia-h100-sxm", None, "supported", "memory.bandwidth")


def test_tpp_figures_have_no_unit_and_per_second_may_come_first() -> None:
    # H20 TPP = 296 TFLOP/s FP8 x 8 = 2,368
    assert ("nvidia-h20", None, "supported", "tpp") in _read("华为910B的总处理性能达到5,120，超过H20的2,368。")
    # H20 4.0 TB/s of HBM3 (datasheet), written 每秒…4 TB
    assert _read("H20搭載96GB HBM3高頻寬內存，每秒頻寬最高4 TB。")[-1][3] == "memory.bandwidth"


def test_a_comparative_clause_keeps_the_metric_and_reads_more_than() -> None:
    # H200 4.8 / H100 3.35 TB/s = 1.433: "高出43%"
    f = acs.check_text("H200显存为141GB HBM3e，带宽4.8TB/s，比H100高出43%。").findings[-1]
    assert f.claim.metric == "memory.bandwidth" and f.claim.ratio is not None
    assert abs(f.claim.ratio[0] - 1.43) < 1e-9 and f.verdict is Verdict.SUPPORTED
    g = acs.check_text("Huawei says the 910B beats the A100 by about 20% in certain tests.").findings[0]
    assert g.claim.ratio is not None and abs(g.claim.ratio[1] - 1.2) < 1e-9 and g.measured


def test_a_hedge_before_the_other_chip_and_a_dense_clause() -> None:
    # H20 BF16 148 / H100 SXM 989.5 = 0.15, which is under one third
    f = acs.check_text("H20的算力不到H100的三分之一。").findings[0]
    assert f.verdict is Verdict.SUPPORTED and f.claim.ratio is not None and f.claim.ratio[0] < 0.2
    # H100 SXM FP8 3,958 sparse, 1,979 dense
    assert [x[3] for x in _read("H100的FP8稀疏算力3958T，稠密1979T。")] == ["fp8:sparse", "fp8"]


def test_performance_is_compute_and_a_disputed_value_names_its_source() -> None:
    # 910C BF16 752 / H100 SXM 989.5 = 0.76: not on par, though their bandwidths are close (a
    # claim naming no metric is read as compute; far from it, it is contradicted)
    assert _read("華為宣稱，910C的效能足以媲美輝達H100。")[0][2] == "contradicted"
    # CM384 288.8 PFLOP/s (384 x 752) / NVL72 180 = 1.604; 1.7 fits only the 300 PFLOP/s
    # press figure the catalog keeps as a non-chosen claim
    f = acs.check_text("CloudMatrix 384 ends up with 1.7 times the PetaFLOPS of the NVL72.").findings[0]
    assert f.verdict is Verdict.UNSUPPORTED and "WinBuzzer" in f.check.summary


def test_an_interconnect_of_unstated_direction_is_compared_as_stated_and_hbm_is_no_chip() -> None:
    # Ascend 960 2.2 TB/s interconnect (Huawei roadmap, direction not stated)
    assert _read("昇腾960的互联带宽达2.2TB/s。") == [
        ("huawei-ascend-960", None, "supported", "interconnect.bandwidth")]
    from accelspec.claims.scan import scanner
    assert scanner(acs.catalog()).find("192 gb of hbm3") == []


def test_vendor_and_class_nouns_stand_for_the_last_chip_of_that_vendor() -> None:
    # MI300X 192 GB / H100 SXM 80 GB = 2.4; 5.3 / 3.35 TB/s = 1.58 (AMD and NVIDIA datasheets)
    text = ("The MI300X is AMD's answer to the H100. It has 192 GB of HBM3, 2.4 times as much as "
            "Nvidia's part. Its bandwidth of 5.3 TB/s leads by 58%.")
    got = [(f.claim.subject.id, getattr(f.claim.object, "id", None), f.check.verdict)
           for f in acs.check_text(text).findings]
    assert ("amd-mi300x", "nvidia-h100-sxm", Verdict.SUPPORTED) in got
    assert got[-1] == ("amd-mi300x", "nvidia-h100-sxm", Verdict.SUPPORTED)


def test_chinese_anaphora_and_the_older_card() -> None:
    # 910C on par with the H100 (媲美): dense BF16 752 / 989.5 = 0.76, outside an on-par band
    text = "华为推出昇腾910C。该芯片号称性能媲美英伟达H100。"
    (f,) = acs.check_text(text).findings
    assert (f.claim.subject.id, f.claim.object.id) == ("huawei-ascend-910c", "nvidia-h100-sxm")
    assert f.check.verdict is Verdict.CONTRADICTED
    # 'the older card' is the other chip named before, not the subject: H100 SXM 80 GB
    text = "The H200 replaces the H100 and has 141 GB. That is nearly double the older card's 80 GB."
    got = [(f.claim.subject.id, getattr(f.claim.object, "id", None)) for f in acs.check_text(text)]
    assert ("nvidia-h200-sxm", "nvidia-h100-sxm") in got and ("nvidia-h100-sxm", None) in got


def test_a_noun_phrase_with_nothing_before_it_is_not_a_chip() -> None:
    assert acs.check_text("The GPU keeps a 400W TDP.").findings == ()


def test_token_rates_are_measured_findings() -> None:
    report = acs.check_text("The B200 achieved 10,755 tokens per second in the server scenario.")
    (f,) = report.findings
    assert f.measured and f.check.verdict is Verdict.MEASURED
    (g, h) = acs.check_text("昇腾910C每秒约可产生2,400个token，效率是H20的三倍。").findings
    assert g.measured and h.measured and g.claim.subject.id == "huawei-ascend-910c"
    # a count of tokens (no per-second) is not a rate
    assert acs.check_text("H100 handled a 4,096个token prompt.").findings == ()


def test_throughput_naming_no_spec_figure_is_measured() -> None:
    (f,) = acs.check_text("In our GEMM test the B200 averaged nearly 2x the throughput of the H200.")
    assert f.measured
    (g,) = acs.check_text("The 910B delivers roughly half the BF16 throughput of the 910C.")
    assert not g.measured and g.claim.metric == "bf16"


def test_number_words_with_units_and_more_on_par_words() -> None:
    # MI355X FP8 dense 5 PFLOP/s (AMD datasheet: 5,000 TFLOP/s)
    (f,) = acs.check_text("FP8 throughput on the MI355X comes to five petaflops.").findings
    assert f.claim.subject.id == "amd-mi355x" and f.check.verdict is Verdict.SUPPORTED
    for text in ("In raw TFLOPS the 910C could be on a level with the H100.",
                 "華為對客戶表示910C的性能拍得住英偉達H100。"):
        (g,) = acs.check_text(text).findings
        assert (g.claim.subject.id, g.claim.object.id, g.claim.ratio) == (
            "huawei-ascend-910c", "nvidia-h100-sxm", (1.0, 1.0))


def test_the_为_of_华为_does_not_make_the_chip_an_object() -> None:
    # 910B TPP 5,120 / H20 2,368 = 2.16: 两倍多 (over twice) holds
    (f,) = acs.check_text("報告稱，華為910B的總處理性能為H20的兩倍多。").findings
    assert (f.claim.subject.id, f.claim.object.id) == ("huawei-ascend-910b", "nvidia-h20")
    assert f.check.verdict is Verdict.SUPPORTED


def test_pairs_of_amounts_belong_to_the_two_chips() -> None:
    # H200 141 GB, H100 SXM 80 GB; GB200 per-GPU BF16 2,500 TFLOP/s, 910C 780 (press figure)
    got = [(f.claim.subject.id, f.check.verdict)
           for f in acs.check_text("H200 vs H100 memory: 141GB vs 80GB.")]
    assert got == [("nvidia-h200-sxm", Verdict.SUPPORTED), ("nvidia-h100-sxm", Verdict.SUPPORTED)]
    text = ("Nvidia's GB200 GPU has over three times the BF16 throughput of the Ascend 910C: "
            "2,500 vs. 780 TeraFLOPS.")
    amounts = [(f.claim.subject.id, f.claim.metric) for f in acs.check_text(text)
               if f.claim.amount is not None]
    assert amounts == [("nvidia-gb200-gpu", "bf16"), ("huawei-ascend-910c", "bf16")]
    # MI300X 750 W, H100 SXM 700 W: the second of the pair is the other chip named before
    text = "The MI300X takes on the H100. Its power is higher: 750 W against 700 W."
    assert [f.claim.subject.id for f in acs.check_text(text)] == ["amd-mi300x", "nvidia-h100-sxm"]


def test_the_chip_is_the_current_subject() -> None:
    text = ("Gaudi 3 trains faster than Nvidia's H100. The chip carries 128 GB of HBM2e.")
    (f,) = acs.check_text(text).findings
    assert f.claim.subject.id == "intel-gaudi3" and f.check.verdict is Verdict.SUPPORTED


def test_a_ratio_naming_no_metric_takes_the_metric_of_the_amount_beside_it() -> None:
    # H200 141 GB / H100 80 GB = 1.76 ('nearly double'); 4.8 / 3.35 TB/s = 1.43 ('about 1.4x')
    text = ("NVIDIA H100 vs H200\n\nThe H200 swaps in 141 GB of HBM3e. That is nearly double the "
            "older card's 80 GB. Bandwidth rises to 4.8 TB/s, about 1.4x.")
    got = [(f.claim.subject.id, getattr(f.claim.object, "id", None), f.claim.metric, f.verdict)
           for f in acs.check_text(text)]
    assert ("nvidia-h200-sxm", "nvidia-h100-sxm", "memory.capacity", Verdict.SUPPORTED) in got
    assert ("nvidia-h100-sxm", None, "memory.capacity", Verdict.SUPPORTED) in got
    assert got[-1] == ("nvidia-h200-sxm", "nvidia-h100-sxm", "memory.bandwidth", Verdict.SUPPORTED)
    # B200 8 TB/s / H100 3.35 = 2.39: 'memory' with a TB/s amount is bandwidth
    (r,) = [f for f in acs.check_text("Memory on the B200 moves 8 TB/s, 2.4x the H100's 3.35 TB/s.")
            if f.claim.ratio is not None]
    assert r.claim.metric == "memory.bandwidth" and r.verdict is Verdict.SUPPORTED


def test_two_chips_as_one_subject() -> None:
    # MI355X and B200 both 8 TB/s (AMD and NVIDIA datasheets)
    got = [(f.claim.subject.id, getattr(f.claim.object, "id", None), f.claim.metric, f.verdict)
           for f in acs.check_text("The MI355X and the B200 are on par in memory bandwidth at 8 TB/s.")]
    assert ("amd-mi355x", "nvidia-b200", "memory.bandwidth", Verdict.SUPPORTED) in got
    assert {("amd-mi355x", None), ("nvidia-b200", None)} <= {(g[0], g[1]) for g in got}
    # H100 SXM and H200 SXM both 989.5 TFLOP/s dense BF16
    subjects = {f.claim.subject.id for f in acs.check_text("H100和H200的BF16算力均为989.5 TFLOPS。")}
    assert subjects == {"nvidia-h100-sxm", "nvidia-h200-sxm"}


def test_an_on_par_clause_beside_an_amount_and_one_more_times() -> None:
    # Gaudi 3 3.7 TB/s vs H100 SXM 3.35 TB/s = 1.10: on par within the band
    got = [(f.claim.subject.id, getattr(f.claim.object, "id", None), f.claim.metric, f.verdict)
           for f in acs.check_text("Gaudi 3的内存访问带宽为3.7TB/s左右，和H100相当。")]
    assert ("intel-gaudi3", "nvidia-h100-sxm", "memory.bandwidth", Verdict.SUPPORTED) in got
    # 910B BF16 353 / H20 148 = 2.39: 高出一倍多 ('more than one more') reads as over 2x
    (f,) = acs.check_text("相比H20，910B的BF16算力高出一倍多。").findings
    assert f.claim.ratio is not None and f.claim.ratio[0] == 2.0
    assert f.check.verdict is Verdict.SUPPORTED
    # nothing comparable: a price and a date are not on-par claims
    assert acs.check_text("910B的价格约为每片9万元，910C为14万元左右。").findings == ()


def test_a_pronoun_takes_the_subject_of_its_own_sentence_and_objects_stay_in_their_clause() -> None:
    # 910C 3.2 TB/s, H200 4.8 TB/s
    text = "此前英伟达只能出售H20。华为的910C明显不如H200：其内存带宽为3.2TB/s，而H200为4.8TB/s。"
    got = [(f.claim.subject.id, f.verdict) for f in acs.check_text(text)]
    assert got == [("huawei-ascend-910c", Verdict.SUPPORTED), ("nvidia-h200-sxm", Verdict.SUPPORTED)]
    # H20 FP16 148 / H100 SXM 989.5 = 0.15; the 910B after the comma is another clause's
    (r,) = [f for f in acs.check_text("H20的FP16为148TFLOPS，约为H100 SXM的15%，也低于昇腾910B。")
            if f.claim.ratio is not None]
    assert r.claim.object.id == "nvidia-h100-sxm" and r.verdict is Verdict.SUPPORTED


def test_a_gain_column_in_a_table_compares_the_chip_columns() -> None:
    # H200 4.8 / H100 3.35 TB/s = 1.433 (43% more); 141 / 80 GB = 1.7625 (76% more)
    text = ("| Metric | H100 | H200 | Uplift |\n|---|---|---|---|\n"
            "| Memory bandwidth | 3.35 TB/s | 4.8 TB/s | 43% |\n| Memory capacity | 80GB | 141GB | 76% |")
    ratios = [(f.claim.subject.id, f.claim.object.id, f.claim.metric, f.claim.ratio, f.verdict)
              for f in acs.check_text(text) if f.claim.ratio is not None]
    assert ratios == [
        ("nvidia-h200-sxm", "nvidia-h100-sxm", "memory.bandwidth", (1.43, 1.43), Verdict.SUPPORTED),
        ("nvidia-h200-sxm", "nvidia-h100-sxm", "memory.capacity", (1.76, 1.76), Verdict.SUPPORTED)]
    # a ratio column in a table with one chip column is not read
    one = "| Metric | H100 | Share |\n|---|---|---|\n| Memory bandwidth | 3.35 TB/s | 43% |"
    report = acs.check_text(one)
    assert all(f.claim.ratio is None for f in report)
    assert any("two chip columns" in s.reason for s in report.skipped)


def test_a_family_name_alone_stays_ambiguous() -> None:
    # 昇腾 names several Ascend entries; nothing before it picks one
    (f,) = acs.check_text("昇腾芯片的算力是H20的2倍。").findings
    assert f.check.verdict is Verdict.UNVERIFIABLE
    assert "Huawei Ascend 910C" in str(f.claim.subject) and "family" in f.check.summary
    assert "系列名" in f.summary and f.confidence <= 0.5
    # a member named before resolves it: 910C 128 GB
    (g,) = acs.check_text("华为推出昇腾910C。昇腾的显存为128GB。").findings
    assert g.claim.subject.id == "huawei-ascend-910c" and g.check.verdict is Verdict.SUPPORTED


def test_from_to_changes_give_the_first_figure_to_the_earlier_chip() -> None:
    # 910B 64 GB (Huawei), 910C 128 GB: "96GB" for the 910C is contradicted, not read as 910B's
    got = [(f.claim.subject.id, f.verdict) for f in
           acs.check_text("The 910C moves from the 910B's 64GB up to 96GB of memory.")]
    assert got == [("huawei-ascend-910b", Verdict.SUPPORTED), ("huawei-ascend-910c", Verdict.CONTRADICTED)]
    # the earlier chip unnamed: its figure is skipped, not pinned on the H200
    report = acs.check_text("The H200 raises memory bandwidth from 3.35 TB/s to 4.8 TB/s.")
    assert [(f.claim.subject.id, f.verdict) for f in report] == [("nvidia-h200-sxm", Verdict.SUPPORTED)]
    assert any("from-to" in s.reason for s in report.skipped)
    got = [f.claim.subject.id for f in acs.check_text("显存带宽从H100的3.35TB/s提升到H200的4.8TB/s。")]
    assert got == ["nvidia-h100-sxm", "nvidia-h200-sxm"]


def test_a_parallel_rate_keeps_the_precision_just_named() -> None:
    # MI300X FP16 1,307 TFLOP/s; H100 SXM FP16 989.5 (datasheets)
    got = [(f.claim.subject.id, f.claim.metric, f.verdict) for f in acs.check_text(
        "At FP16 the MI300X is good for 1.31 petaflops; the H100 manages 989.5 teraflops.")]
    assert got == [("amd-mi300x", "fp16", Verdict.SUPPORTED), ("nvidia-h100-sxm", "fp16", Verdict.SUPPORTED)]


def test_a_ratio_of_a_figure_the_catalog_lacks_is_skipped_not_read_as_performance() -> None:
    for text in ("H20的SM数比满配H100少41%。", "Per SM, the H100 gets 4x the floating-point rate of an A100.",
                 "The H100 costs 3x the price of an A100."):
        report = acs.check_text(text)
        assert report.findings == ()
        assert any("does not hold" in s.reason for s in report.skipped)


def test_a_system_named_as_a_chip_is_its_one_chip_and_a_percentage_is_no_chip() -> None:
    # HGX H20 is 8 x H20; the H20 has 96 GB and 4.0 TB/s
    got = [f.claim.subject.id for f in acs.check_text(
        "The HGX-H20 GPU is rated with 96 GB of HBM3 and 4.0 TB/s.")]
    assert got == ["nvidia-h20", "nvidia-h20"]
    # 'a 40% edge' names no A40, and a chip is never compared with itself
    report = acs.check_text("The MI300X runs up to 5X faster, and elsewhere it keeps a 40% edge.")
    assert all(getattr(f.claim.object, "id", "") != "nvidia-a40" for f in report)
    assert all(f.claim.object is not f.claim.subject for f in report)


def test_a_system_built_of_n_chips_is_found_from_its_parts() -> None:
    # CloudMatrix 384 = 384 x Ascend 910C (Huawei); 300 PFLOP/s is its press figure
    text = "910C单卡算力780TFLOPS。384颗组成的超节点算力规模达300PFLOPS。"
    got = [f.claim.subject.id for f in acs.check_text(text)]
    assert got == ["huawei-ascend-910c", "huawei-cloudmatrix-384"]
    # no system of 100 of them: nothing is picked
    assert "huawei-cloudmatrix-384" not in [f.claim.subject.id for f in acs.check_text(
        "910C单卡算力780TFLOPS。100颗组成的超节点算力规模达75PFLOPS。")]


def test_below_above_tests_and_interconnect_words() -> None:
    got = [(f.claim.ratio, f.measured) for f in acs.check_text(
        "Depending on the test, Gaudi 3 landed anywhere from 15% below to 30% above the H100.")]
    assert got == [((0.85, 0.85), True), ((1.3, 1.3), True)]
    # 互联 + 频宽 is one interconnect figure; 其 with nothing before it is not the H20 named after
    report = acs.check_text("節目指其晶片間互聯頻寬為700GB/s，性能接近H20。")
    assert all(f.claim.subject.id != "nvidia-h20" or f.claim.amount is None for f in report)
    assert any("no chip named before" in s.reason for s in report.skipped)
    from accelspec.claims.text import _metrics_in
    assert [m[2] for m in _metrics_in("芯片间互联频宽为700gb/s")] == ["interconnect.bandwidth"]


def test_a_measured_claim_about_a_family_stays_measured() -> None:
    (f, g) = acs.check_text("昇腾单卡每秒约可产生2,400个token，效率是H20的三倍。").findings
    assert f.check.verdict is Verdict.MEASURED and g.check.verdict is Verdict.MEASURED
    assert "family" in f.check.summary


def test_a_heading_pair_carries_over_to_pairs_of_amounts() -> None:
    # H100 SXM 80 GB, 3.35 TB/s; H200 SXM 141 GB, 4.8 TB/s
    text = "## H100 vs H200\n\nMemory: 80 GB vs 141 GB. Bandwidth: 3.35 TB/s vs 4.8 TB/s."
    got = [(f.claim.subject.id, f.claim.metric, f.verdict) for f in acs.check_text(text)]
    assert got == [("nvidia-h100-sxm", "memory.capacity", Verdict.SUPPORTED),
                   ("nvidia-h200-sxm", "memory.capacity", Verdict.SUPPORTED),
                   ("nvidia-h100-sxm", "memory.bandwidth", Verdict.SUPPORTED),
                   ("nvidia-h200-sxm", "memory.bandwidth", Verdict.SUPPORTED)]


def test_the_system_built_of_the_chips_counted_in_the_sentence_before() -> None:
    # CloudMatrix 384 = 384 x 910C; 300 PFLOP/s dense BF16 (press figure, within tolerance)
    (f,) = acs.check_text("Huawei uses 384 Ascend 910C chips. The system posts 300 PFLOPs of "
                          "dense BF16.").findings
    assert f.claim.subject.id == "huawei-cloudmatrix-384"
