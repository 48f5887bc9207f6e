"""Name lookup: exact over ids and aliases, forgiving of case and punctuation, never substring."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
        acs.get("91")


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


# -- names that collide or fold away ---------------------------------------------------------

def _two_vendors(name_a: str = "Acme X9", name_b: str = "Bolt X9") -> str:
    from conftest import SOURCE

    rows = '{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }'
    return SOURCE + "".join(
        f'\n[[accelerator]]\nid = "{eid}"\nname = "{name}"\nvendor = "{vendor}"\nstatus = "shipping"\n'
        f"specs = [ {rows} ]\n"
        for eid, name, vendor in (("acme-x9", name_a, "Acme"), ("bolt-x9", name_b, "Bolt")))


def test_a_name_two_vendors_share_without_their_prefix_is_ambiguous() -> None:
    cat = acs.Catalog.from_text(_two_vendors(), "two.toml")
    assert cat.get("Acme X9").id == "acme-x9" and cat.get("bolt x9").id == "bolt-x9"
    with pytest.raises(acs.AmbiguousNameError) as info:
        cat.get("X9")
    assert isinstance(info.value, LookupError)
    assert info.value.query == "X9" and info.value.candidates == ("acme-x9", "bolt-x9")
    assert "use one of these ids" in str(info.value)
    assert "X9" not in cat  # ambiguous is not found


def test_a_name_that_folds_to_nothing_is_a_catalog_error_naming_entry_and_field() -> None:
    with pytest.raises(acs.CatalogError) as info:
        acs.Catalog.from_text(_two_vendors(name_b="-_- ."), "fold.toml")
    err = info.value
    assert (err.file, err.entry, err.field) == ("fold.toml", "bolt-x9", "name")
    assert "folds to nothing" in str(err)


def test_names_equal_after_folding_collide_at_load_time() -> None:
    with pytest.raises(acs.CatalogError) as info:
        acs.Catalog.from_text(_two_vendors(name_b="ACME-x9"), "clash.toml")
    assert (info.value.file, info.value.entry, info.value.field) == ("clash.toml", "bolt-x9", "name")
    assert "collides with 'acme-x9'" in str(info.value)


def test_a_match_shows_id_score_and_matched_name() -> None:
    (m, *_) = acs.search("H20")
    assert repr(m) == "Match('nvidia-h20', score=1.00, matched='H20')"


@pytest.mark.parametrize("limit", [0, -1, 2.5, True])
def test_search_limit_must_be_a_positive_integer(limit: object) -> None:
    # before the fix, 0 gave nothing and -1 silently dropped the last candidate
    with pytest.raises(acs.InvalidArgumentError, match="search limit must be a positive integer"):
        acs.search("H20", limit=limit)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=12))
def test_search_returns_the_best_limit_candidates(limit: int) -> None:
    everything = acs.search("910", limit=100)
    assert acs.search("910", limit=limit) == everything[:limit]


# -- the catalog as a collection ---------------------------------------------------------------

def test_indexing_takes_ids_and_names_like_membership() -> None:
    cat = acs.catalog()
    assert cat["nvidia-h20"].name == "NVIDIA H20"
    assert "H20" in cat and cat["H20"].id == "nvidia-h20"  # issue 19: [] agrees with `in`
    with pytest.raises(acs.UnknownAcceleratorError) as info:
        cat["H2O0"]
    assert info.value.query == "H2O0" and info.value.suggestions
    assert isinstance(info.value, LookupError)


def test_membership_by_name_and_by_object() -> None:
    cat = acs.catalog()
    h20 = cat.get("H20")
    assert "英伟达H20" in cat and h20 in cat
    assert "H2O0" not in cat and 200 not in cat
    what_if = attrs.evolve(h20, memory=attrs.evolve(h20.memory, bandwidth=acs.Q_(8, "TB/s")))
    assert what_if not in cat  # same id, different figures: not the catalog's entry


def test_repr_counts_entries_sources_and_files() -> None:
    cat = acs.catalog()
    assert repr(cat) == f"<Catalog: {len(cat)} accelerators, {len(cat.sources)} sources, {len(cat.files)} files>"
    # catalog/ holds one TOML file per vendor (plus systems.toml); all are loaded
    assert len(cat.files) == len(list(acs.catalogs.packaged_catalog_dir().glob("*.toml")))


def test_text_over_a_catalog_adds_to_it_and_leaves_it_unchanged() -> None:
    from conftest import GOOD_ROWS, SOURCE, entry

    base = acs.catalog()
    cat = acs.Catalog.from_text(SOURCE + entry("acme-x1", *GOOD_ROWS), "mine.toml", over=base)
    assert len(cat) == len(base) + 1 and cat.files[-1] == "mine.toml"
    assert cat.get("X1").memory.bandwidth.magnitude == pytest.approx(3.35)
    assert cat.get("H200").id == "nvidia-h200-sxm"
    assert "acme-x1" not in base.ids


# -- filter ----------------------------------------------------------------------------------

def test_filter_by_vendor_status_and_kind() -> None:
    cat = acs.catalog()
    nv = cat.filter(vendor="nvidia", status=["shipping"], systems=False)
    assert len(nv) > 0
    assert all(a.vendor == "NVIDIA" and a.status is acs.Status.SHIPPING and not a.is_system for a in nv)
    assert "nvidia-h20" in nv.ids and "nvidia-hgx-h20" not in nv.ids  # the 8-GPU HGX is a system
    assert set(nv.ids) == {a.id for a in cat if a.vendor == "NVIDIA" and a.status.value == "shipping"
                           and not a.parts}


def test_filter_refuses_an_unknown_status_with_the_valid_ones() -> None:
    with pytest.raises(acs.InvalidArgumentError) as info:
        acs.catalog().filter(status="bogus")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "unknown status 'bogus'; one of shipping, announced, roadmap, discontinued"


def test_thresholds_read_strings_and_quantities_alike() -> None:
    cat = acs.catalog()
    by_text = cat.filter(at_least={"memory.capacity": "141 GB"}, at_most={"tdp": "1 kW"})
    by_quantity = cat.filter(at_least={"memory.capacity": acs.Q_(141, "GB")}, at_most={"tdp": acs.Q_(1000, "W")})
    assert by_text.ids == by_quantity.ids
    assert "nvidia-h200-sxm" in by_text.ids  # 141 GB, 700 W (catalog/nvidia.toml)
    assert all(a.memory.capacity.magnitude >= 141 and a.tdp.to("W").magnitude <= 1000 for a in by_text)


@pytest.mark.parametrize("text", ["141GB", "lots GB", ""])
def test_an_unreadable_threshold_names_the_metric_and_shows_the_form(text: str) -> None:
    with pytest.raises(acs.UnitError) as info:
        acs.catalog().filter(at_least={"memory.capacity": text})
    assert str(info.value) == f"threshold for memory.capacity: cannot read {text!r} (write e.g. '64 GB')"


def test_a_threshold_of_the_wrong_dimension_is_refused() -> None:
    with pytest.raises(acs.UnitError, match="threshold for memory.capacity needs a quantity convertible to GB"):
        acs.catalog().filter(at_least={"memory.capacity": "4 TB/s"})
