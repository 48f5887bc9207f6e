"""Family names ("MI300", "GB200", "Blackwell", "910") resolve honestly: ambiguous, with the candidates."""

from __future__ import annotations

import pytest

import accelspec as acs
from accelspec.catalogs import Catalog
from conftest import SOURCE, entry

ROW = '{ field = "int8", value = 100, unit = "TOP/s", source = "test-src" }'


@pytest.mark.parametrize(("name", "members"), [
    ("MI300", {"amd-mi300x", "amd-mi300a", "amd-mi308x"}),
    ("GB200", {"nvidia-gb200-gpu", "nvidia-gb200-nvl72"}),
    ("Blackwell", {"nvidia-b200", "nvidia-gb200-gpu", "nvidia-b300", "nvidia-gb300-gpu"}),
    ("910", {"huawei-ascend-910", "huawei-ascend-910b", "huawei-ascend-910b2", "huawei-ascend-910c"}),
    ("MI350", {"amd-mi350x", "amd-mi355x"}),
])
def test_a_family_name_is_ambiguous_and_names_its_members(name: str, members: set[str]) -> None:
    with pytest.raises(acs.AmbiguousNameError) as info:
        acs.get(name)
    assert members <= set(info.value.candidates)
    # folding applies to family names as to any name
    with pytest.raises(acs.AmbiguousNameError):
        acs.get(name.lower() + " ")


def test_a_members_own_name_still_resolves() -> None:
    assert acs.get("MI300X").id == "amd-mi300x"
    assert acs.get("GB200 NVL72").id == "nvidia-gb200-nvl72"
    assert acs.get("910C").id == "huawei-ascend-910c"
    assert acs.get("B200").id == "nvidia-b200"


def test_the_vendor_prefixed_family_is_ambiguous_too() -> None:
    with pytest.raises(acs.AmbiguousNameError):
        acs.get("AMD MI300")
    with pytest.raises(acs.AmbiguousNameError):
        acs.get("Huawei 910")


def _cat(*entries: str) -> Catalog:
    return Catalog.from_text(SOURCE + "".join(entries))


def test_the_family_field_groups_entries() -> None:
    cat = _cat(entry("acme-x1", ROW, extra='family = "Rocket"', aliases='["X1"]'),
               entry("acme-x2", ROW, extra='family = "Rocket"', aliases='["X2"]'))
    with pytest.raises(acs.AmbiguousNameError) as info:
        cat.get("Rocket")
    assert info.value.candidates == ("acme-x1", "acme-x2")


def test_an_explicit_name_wins_over_a_family() -> None:
    # "X1" is an alias of acme-x1 and also a family name on acme-x2: the alias is exact
    cat = _cat(entry("acme-x1", ROW, aliases='["X1"]'),
               entry("acme-x2", ROW, extra='families = ["X1"]', aliases='["X2"]'))
    assert cat.get("X1").id == "acme-x1"


def test_a_family_of_one_resolves_to_it() -> None:
    cat = _cat(entry("acme-x1", ROW, extra='families = ["Rocket"]'))
    assert cat.get("Rocket").id == "acme-x1"
    assert cat["acme-x1"].families == ("Rocket",)


@pytest.mark.parametrize("bad", ['families = "Rocket"', 'families = [""]', "families = [1]"])
def test_families_must_be_a_list_of_names(bad: str) -> None:
    with pytest.raises(acs.CatalogError, match="families"):
        _cat(entry("acme-x1", ROW, extra=bad))


def test_a_family_that_folds_to_nothing_is_refused() -> None:
    with pytest.raises(acs.CatalogError, match="family"):
        _cat(entry("acme-x1", ROW, extra='families = ["--"]'))
