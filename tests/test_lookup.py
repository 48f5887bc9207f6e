"""Name lookup: exact over ids and aliases, forgiving of case and punctuation, never substring."""

from __future__ import annotations

import pytest

import accelspec as acs


@pytest.mark.parametrize("name", ["H200", "h200", "H-200", " h 200 ", "nvidia-h200-sxm", "NVIDIA H200",
                                  "ＨＲ２００".replace("Ｒ", "")])
def test_case_space_dash_and_width_are_ignored(name: str) -> None:
    assert acs.get(name).id == "nvidia-h200-sxm"


@pytest.mark.parametrize("name,expected", [
    ("昇腾910B", "huawei-ascend-910b"),
    ("Ascend 910B", "huawei-ascend-910b"),
    ("昇腾910C", "huawei-ascend-910c"),
    ("英伟达H20", "nvidia-h20"),
])
def test_chinese_and_english_names(name: str, expected: str) -> None:
    assert acs.get(name).id == expected


def test_h20_is_never_h200() -> None:
    assert acs.get("H20").id == "nvidia-h20"
    assert acs.get("H200").id != acs.get("H20").id


def test_b300_is_never_gb300() -> None:
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.get("GB300")
    assert acs.get("B300").id == "nvidia-b300"


def test_prefix_of_a_name_is_not_a_match() -> None:
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.get("H2")
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.get("910")


def test_unknown_name_raises_lookup_error_with_suggestions() -> None:
    with pytest.raises(LookupError) as info:
        acs.get("H2O0")
    err = info.value
    assert isinstance(err, acs.UnknownAcceleratorError)
    assert err.query == "H2O0"
    assert any("H200" in s or "H20" in s for s in err.suggestions)
    assert "did you mean" in str(err)


def test_non_string_name_is_a_typed_error() -> None:
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.get(200)  # type: ignore[arg-type]


def test_search_ranks_exact_match_first() -> None:
    results = acs.search("H20")
    assert results[0].accelerator.id == "nvidia-h20"
    assert results[0].score == 1.0
    assert all(a.score >= b.score for a, b in zip(results, results[1:]))


def test_search_finds_the_910_family() -> None:
    ids = [m.accelerator.id for m in acs.search("910")]
    assert {"huawei-ascend-910", "huawei-ascend-910b", "huawei-ascend-910c"} <= set(ids)


def test_search_of_nonsense_is_empty() -> None:
    assert acs.search("zzzzqqqq") == []
    assert acs.search("") == []


def test_display_name_without_the_vendor_is_found() -> None:
    assert acs.get("A100 SXM 80GB").id == "nvidia-a100-sxm-80gb"
    assert acs.get("NVIDIA A100 SXM 80GB").id == "nvidia-a100-sxm-80gb"
