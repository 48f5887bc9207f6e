"""Measured results: the strict loader, the packaged measurement files, and their lint rules."""

from __future__ import annotations

import math

import pytest

import accelspec as acs
from accelspec.errors import CatalogError, UnknownMetricError
from accelspec.lint import lint_measurements
from accelspec.measured import QUANTITIES, load_measurements, measurement_files, read_measurements

CHINESE = ("huawei-", "hygon-", "iluvatar-", "metax-", "moorethreads-", "cambricon-", "kunlunxin-",
           "biren-", "enflame-", "alibaba-")

SOURCE = """
[[source]]
id = "t-src"
title = "t"
url = "https://example.org/t"
publisher = "t"
date = "2024"
kind = "measured"
"""

GOOD = """
[[measurement]]
id = "t-h20-bf16"
chip = "nvidia-h20"
quantity = "matrix_throughput"
precision = "bf16"
value = 100.0
unit = "TFLOP/s"
per = "chip"
source = "t-src"
date = "2024"
confidence = "high"
"""


def _read(text: str) -> tuple[acs.Measurement, ...]:
    return read_measurements([("t.toml", SOURCE + text)], acs.catalog().ids, acs.catalog().sources)


def test_packaged_measurements_meet_the_coverage_targets() -> None:
    ms = acs.catalog().measurements()
    chips = {m.chip for m in ms}
    assert len(ms) >= 60
    assert len(chips) >= 20
    assert sum(c.startswith(CHINESE) for c in chips) >= 6
    assert {m.quantity for m in ms} <= set(QUANTITIES)


def test_unmatched_chips_are_kept_in_a_skipped_file() -> None:
    folder = acs.catalogs.packaged_catalog_dir() / "measurements"
    names = [p.name for p in measurement_files(folder)]
    assert "_unmatched.toml" not in names and (folder / "_unmatched.toml").is_file()
    assert not any(m.chip in ("nvidia-h800-pcie", "denglin-goldwasser-gs40") for m in acs.catalog().measurements())


def test_a_measurement_reads_in_canonical_units_and_per_chip() -> None:
    m = _read(GOOD.replace('value = 100.0\nunit = "TFLOP/s"', 'value = 0.1\nunit = "PFLOP/s"'))[0]
    assert m.value.to("TFLOP/s").magnitude == pytest.approx(100.0)
    assert m.per_chip == m.value and m.chip_count == 1 and "https://example.org/t" in m.cite()
    sys = _read(GOOD.replace('per = "chip"', 'per = "system"') + "[measurement.conditions]\nchip_count = 4\n")[0]
    assert sys.per_chip.magnitude == pytest.approx(25.0)
    assert "for 4 chips" in str(sys)


@pytest.mark.parametrize("change, field", [
    (('confidence = "high"', 'confidence = "high"\ncolour = "red"'), "colour"),
    (('source = "t-src"', 'source = "nowhere"'), "source"),
    (('chip = "nvidia-h20"', 'chip = "nvidia-h2000"'), "chip"),
    (('unit = "TFLOP/s"', 'unit = "GB/s"'), "unit"),
    (('value = 100.0', 'value = -1.0'), "value"),
    (('value = 100.0', 'value = nan'), "value"),
    (('value = 100.0', 'value = inf'), "value"),
    (('value = 100.0', 'value = true'), "value"),
    (('precision = "bf16"\n', ''), "precision"),
    (('precision = "bf16"', 'precision = "bf17"'), "precision"),
    (('quantity = "matrix_throughput"', 'quantity = "speed"'), "quantity"),
    (('per = "chip"', 'per = "rack"'), "per"),
    (('per = "chip"', 'per = "system"'), "conditions.chip_count"),
    (('confidence = "high"', 'confidence = "sure"'), "confidence"),
    (('date = "2024"', 'date = "yesterday"'), "date"),
    (('id = "t-h20-bf16"', 'id = "T H20"'), "id"),
])
def test_bad_measurements_name_file_entry_and_field(change: tuple[str, str], field: str) -> None:
    with pytest.raises(CatalogError) as err:
        _read(GOOD.replace(*change))
    assert err.value.file == "t.toml" and err.value.field == field
    assert err.value.entry is not None


@pytest.mark.parametrize("extra, field", [
    ("[measurement.conditions]\nbatch = 0\n", "conditions.batch"),
    ("[measurement.conditions]\nmodel = 3\n", "conditions.model"),
    ("[measurement.conditions]\nweather = 'fine'\n", "weather"),
])
def test_bad_conditions_are_catalog_errors(extra: str, field: str) -> None:
    with pytest.raises(CatalogError) as err:
        _read(GOOD + extra)
    assert err.value.field == field


def test_file_level_problems_are_catalog_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids, srcs = acs.catalog().ids, acs.catalog().sources
    for text, field in (("schema = 2\n", "schema"), ("extra = 1\n", "extra"), ("measurement = 3\n", "measurement"),
                        (SOURCE.replace('kind = "measured"', 'kind = "rumour"'), "kind"),
                        (SOURCE + SOURCE, "id"), (SOURCE + GOOD + GOOD, "id"),
                        (SOURCE.replace('date = "2024"', 'date = "x"'), "date"),
                        (SOURCE.replace('id = "t-src"', 'id = "T"'), "id")):
        with pytest.raises(CatalogError) as err:
            read_measurements([("f.toml", text)], ids, srcs)
        assert err.value.field == field, text
    with pytest.raises(CatalogError):
        read_measurements([("f.toml", "source = [1]\n")], ids, srcs)
    with pytest.raises(CatalogError):
        read_measurements([("f.toml", "[[measurement]]\n")], ids, srcs)
    with pytest.raises(CatalogError, match="cannot read"):
        load_measurements([tmp_path / "absent.toml"], ids, srcs)


def test_catalog_takes_extra_measurement_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.toml"
    path.write_text(SOURCE + GOOD, encoding="utf-8")
    cat = acs.catalog().with_measurements(path)
    assert len(cat.measurements("H20")) == len(acs.catalog().measurements("H20")) + 1
    only = acs.catalog().with_measurements(path, packaged=False)
    assert [m.id for m in only.measurements()] == ["t-h20-bf16"]
    small = acs.catalog().filter(vendor="NVIDIA")
    assert small.measurements() and all(m.chip.startswith("nvidia") for m in small.measurements())
    with pytest.raises(UnknownMetricError):
        acs.catalog().measurements(quantity="speed")


def test_measurement_lint_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    int_flop = GOOD.replace('id = "t-h20-bf16"', 'id = "t-int"').replace('"bf16"', '"int8"').replace(
        "value = 100.0", "value = 200.0")
    node = GOOD.replace('id = "t-h20-bf16"', 'id = "t-node"').replace("value = 100.0", "value = 1000.0") \
        + "[measurement.conditions]\nchip_count = 8\n"
    low = GOOD.replace('id = "t-h20-bf16"', 'id = "t-low"').replace("value = 100.0", "value = 10.0")
    path = tmp_path / "lint.toml"
    path.write_text(SOURCE + int_flop + node + low, encoding="utf-8")
    found = {(f.entry, f.code) for f in lint_measurements(acs.catalog().with_measurements(path, packaged=False))}
    assert found == {("t-int", "integer-rate-in-flop"), ("t-node", "per-node-on-chip"), ("t-low", "measured-under-20pct")}


def test_packaged_measurement_lint_findings_are_the_known_ones() -> None:
    codes = {f.entry: f.code for f in lint_measurements(acs.catalog())}
    assert codes["flagperf-910b-int8"] == "measured-above-peak"
    assert codes["flagperf-a100-40gb-int8-toolkit"] == "measured-under-20pct"
    assert all(math.isfinite(m.value.magnitude) for m in acs.catalog().measurements())
