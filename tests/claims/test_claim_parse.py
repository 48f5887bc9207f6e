"""Claim checking: which readings of the catalog make a published ratio true, and are they fair."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

import accelspec as acs
from accelspec import Q_
from accelspec.claims.parse import parse_claim
from accelspec.claims import (
    ChipClaim,
    ClaimError,
    ClaimParseError,
)
from accelspec.spec import Accelerator
from conftest import SOURCE

Write = Callable[..., Path]


# -- parsing errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, match", [
    ("H20 is 7.5% of H2O0", "not an accelerator in the catalog.*did you mean"),
    ("H20 is much slower than H200", "none of the understood shapes"),
    ("", "empty"),
    ("H20 is 7.5% of H200 in latency", "did not understand 'latency'"),
    ("H200 FP32 is 60% higher than H100 BF16", "two metrics"),
    ("H20 is 120% slower than H100", "below 100"),
    ("H20 has 96 parsecs", "amount"),
])
def test_unreadable_sentences_raise_a_typed_error(text: str, match: str) -> None:
    with pytest.raises(ClaimParseError, match=match) as info:
        parse_claim(text)
    assert isinstance(info.value, ValueError) and isinstance(info.value, acs.AccelspecError)


@pytest.mark.parametrize("build", [
    lambda: ChipClaim.percent_of("H20", "H200", -7.5),
    lambda: ChipClaim.percent_of("H20", "H200", float("nan")),
    lambda: ChipClaim.percent_of("H20", "H200", 90, 80),
    lambda: ChipClaim("H20", None, ratio=(0.5, 0.5)),
    lambda: ChipClaim("H20", "H200"),
    lambda: ChipClaim.absolute("H200", 141),
    lambda: ChipClaim.absolute("H200", Q_(141, "GB"), metric="memory.bandwidth"),
    lambda: ChipClaim.percent_of("H20", "H200", 7.5, metric="speediness"),
    lambda: ChipClaim.percent_of("", "H200", 7.5),
    lambda: ChipClaim("H20", "H200", ratio=0.075),  # type: ignore[arg-type]
])
def test_malformed_claims_raise_claim_error(build: Callable[[], ChipClaim]) -> None:
    with pytest.raises(ClaimError):
        build()


# -- parsing: shapes and names ----------------------------------------------------------------

def test_a_metric_word_with_sparse_names_the_sparse_rate() -> None:
    claim = parse_claim("H200 FP8 sparse is 2x H20 FP8 sparse")
    assert claim.metric == "fp8:sparse" and claim.ratio == (2.0, 2.0)


def test_the_metric_of_a_name_reads_as_the_metric_words() -> None:
    claim = parse_claim("The memory bandwidth of H200 is 120% of H100")
    assert isinstance(claim.subject, Accelerator) and claim.subject.id == "nvidia-h200-sxm"
    assert isinstance(claim.object, Accelerator) and claim.object.id == "nvidia-h100-sxm"
    assert claim.metric == "memory.bandwidth" and claim.ratio == pytest.approx((1.2, 1.2))


@pytest.mark.parametrize("text, match", [
    ("chip is 7.5% of H200", "the subject 'chip' is not an accelerator in the catalog"),
    ("The chip is much faster", "no number to check; expected one of 'A is N% of B'"),
    ("H200 has 141 GB of latency", "did not understand 'latency' after the amount"),
])
def test_sentences_with_no_name_or_number_or_metric_raise_a_parse_error(text: str, match: str) -> None:
    with pytest.raises(ClaimParseError, match=match) as info:
        parse_claim(text)
    assert info.value.text == text


def test_a_claim_inside_a_longer_sentence_is_read_by_the_pipeline() -> None:
    # issue 14: ClaimParseError only when there is no claim at all (this once failed on '的H20')
    claim = parse_claim("的H20仅为H200的7.5%")
    assert isinstance(claim.subject, Accelerator) and claim.subject.id == "nvidia-h20"
    assert claim.ratio == pytest.approx((0.075, 0.075))


def test_a_name_two_entries_share_is_an_ambiguity_naming_both(write: Write) -> None:
    # "X1" is the bare name of both "Acme X1" and "Bolt X1" once the vendor is dropped
    rows = '{ field = "bf16", value = 100, unit = "TFLOP/s", source = "test-src" }'
    text = SOURCE + "".join(
        f'\n[[accelerator]]\nid = "{v.lower()}-x1"\nname = "{v} X1"\nvendor = "{v}"\n'
        f'status = "shipping"\nspecs = [ {rows} ]\n' for v in ("Acme", "Bolt"))
    cat = acs.load_catalog(write(text))
    with pytest.raises(ClaimParseError, match="the subject 'X1'") as info:
        parse_claim("X1 is 10% of H200", catalog=cat)
    assert "acme-x1" in info.value.problem and "bolt-x1" in info.value.problem
    assert parse_claim("Bolt X1 is 10% of H200", catalog=cat).subject == cat["bolt-x1"]


