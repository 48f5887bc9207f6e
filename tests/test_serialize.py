"""Plain-data forms: every quantity as {"value", "unit"}, unknowns as null, claims with sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import accelspec as acs
import accelspec.strategies as acst
from accelspec import Q_
from accelspec.fields import compute_unit
from accelspec.serialize import accelerator_to_dict, accelerator_to_json, quantity_to_dict
from accelspec.spec import Accelerator, NotDisclosed
from conftest import GOOD_ROWS, SOURCE, entry


def test_a_quantity_is_its_magnitude_and_abbreviated_unit() -> None:
    assert quantity_to_dict(Q_(4.8, "TB/s")) == {"value": 4.8, "unit": "TB/s"}
    assert quantity_to_dict(Q_(96, "GiB")) == {"value": 96.0, "unit": "GiB"}  # never converted here


def test_not_disclosed_and_not_applicable_stay_distinct() -> None:
    assert quantity_to_dict(NotDisclosed("acme-x1", "die_area")) == "not disclosed"
    assert quantity_to_dict(None) is None


@pytest.mark.parametrize("bad", [4.8, "4.8 TB/s", 0])
def test_a_bare_number_or_string_is_refused(bad: object) -> None:
    with pytest.raises(TypeError, match="not a quantity"):
        quantity_to_dict(bad)


@given(acst.accelerators())
def test_json_round_trips_every_figure_of_any_accelerator(acc: Accelerator) -> None:
    doc = json.loads(accelerator_to_json(acc))
    assert doc["id"] == acc.id and doc["status"] == acc.status.value
    assert doc["memory"]["bandwidth"]["unit"] == "TB/s"
    assert doc["memory"]["bandwidth"]["value"] == pytest.approx(acc.memory.bandwidth.to("TB/s").magnitude)
    assert doc["power"]["tdp"]["value"] == pytest.approx(acc.tdp.to("W").magnitude)
    for name, q in acc.compute.items():
        assert doc["compute"][name] == {"value": pytest.approx(q.magnitude), "unit": compute_unit(name.split(":")[0])}
    # a hand-built accelerator has no catalog claims and no figures it does not state
    assert doc["claims"] == {} and doc["choice_reasons"] == {}
    assert doc["die_area"] == "not disclosed" and doc["price"] is None


def test_claims_can_be_left_out() -> None:
    doc = accelerator_to_dict(acs.get("H200"), claims=False)
    assert "claims" not in doc and "choice_reasons" not in doc
    assert doc["memory"]["bandwidth"] == {"value": 4.8, "unit": "TB/s"}


def test_json_keeps_chinese_names_readable() -> None:
    text = accelerator_to_json(acs.get("昇腾910B"))
    assert "昇腾" in text and "\\u" not in text


def test_claims_carry_source_derivation_qualifiers_and_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(SOURCE + entry("acme-x1", *GOOD_ROWS), encoding="utf-8")
    acc = acs.load_catalog(path, packaged=False).get("acme-x1")
    doc = accelerator_to_dict(acc)
    (bf16,) = doc["claims"]["bf16"]
    # conftest's rows: bf16 = bf16:sparse (1979 TFLOP/s) x 0.5, with a note
    assert bf16["value"] == {"value": pytest.approx(989.5), "unit": "TFLOP/s"}
    assert (bf16["derived_from"], bf16["factor"], bf16["note"]) == ("bf16:sparse", 0.5, "footnote")
    assert (bf16["source"], bf16["kind"], bf16["date"], bf16["url"]) == (
        "test-src", "vendor-datasheet", "2024-01", "https://example.org/doc")
    assert bf16["chosen"] is True and bf16["file"] == str(path)
    (tdp,) = doc["claims"]["tdp"]
    assert tdp["scope"] == "module" and tdp["value"] == {"value": 700.0, "unit": "W"}
    assert doc["power"] == {"tdp": {"value": 700.0, "unit": "W"}, "scope": "module"}
    assert "derived_from" not in doc["claims"]["memory.capacity"][0]


def test_text_fields_and_prices_serialise_as_given(tmp_path: Path) -> None:
    rows = GOOD_ROWS + (
        '{ field = "memory.type", text = "HBM3", source = "test-src" }',
        '{ field = "price", value = 25000, unit = "USD", date = "2023-06", source = "test-src" }',
    )
    path = tmp_path / "acme.toml"
    path.write_text(SOURCE + entry("acme-x1", *rows), encoding="utf-8")
    doc = accelerator_to_dict(acs.load_catalog(path, packaged=False).get("acme-x1"))
    assert doc["memory"]["type"] == "HBM3"
    assert doc["claims"]["memory.type"][0]["value"] == "HBM3"
    assert doc["price"] == {"value": 25000.0, "unit": "USD", "date": "2023-06"}
    assert doc["claims"]["price"][0]["date"] == "2023-06"


def test_disputed_fields_mark_the_chosen_claim_and_give_the_reason(tmp_path: Path) -> None:
    rows = GOOD_ROWS + (
        '{ field = "fp16", value = 320, unit = "TFLOP/s", source = "test-src", chosen = true, reason = "most cited" }',
        '{ field = "fp16", value = 376, unit = "TFLOP/s", source = "test-src" }',
    )
    path = tmp_path / "acme.toml"
    path.write_text(SOURCE + entry("acme-x1", *rows), encoding="utf-8")
    doc = accelerator_to_dict(acs.load_catalog(path, packaged=False).get("acme-x1"))
    claims = doc["claims"]["fp16"]
    assert [(c["value"]["value"], c["chosen"]) for c in claims] == [(320.0, True), (376.0, False)]
    assert doc["choice_reasons"] == {"fp16": "most cited"}
    assert doc["compute"]["fp16"] == {"value": 320.0, "unit": "TFLOP/s"}
