"""One question, four ways to ask it: the Python API, the comparison table's data (dicts, CSV and
pandas), the CLI's JSON, and rankings must give the same answer, including "not disclosed"."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec.cli import main
from accelspec.errors import MissingSpecError
from accelspec.metrics import get_metric

CATALOG = acs.catalog()
CHIPS = sorted(a.id for a in CATALOG if not a.parts)
SYSTEMS = sorted(a.id for a in CATALOG if a.parts)
METRICS = [
    "memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "die_area",
    "memory.bandwidth_per_watt", "memory.bandwidth_per_capacity", "capacity_per_usd",
    "bf16", "fp16", "fp8", "int8", "fp8:sparse", "bf16:sparse", "fp32:vector", "fp64",
    "ridge:bf16", "ridge:fp8", "bytes_per_flop:bf16", "perf_per_watt:bf16", "perf_per_watt:int8",
    "perf_per_mm2:bf16", "capacity_per_flops:bf16", "interconnect_per_flops:bf16", "perf_per_usd:bf16",
]


def _api(acc_id: str, metric: str) -> float | None:
    try:
        return float(get_metric(metric)(CATALOG[acc_id]).magnitude)
    except MissingSpecError:
        return None


def _cli_json(*argv: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(list(argv))
    assert status == 0
    return json.loads(out.getvalue())


@settings(max_examples=60)
@given(st.sampled_from(CHIPS), st.sampled_from(CHIPS), st.sampled_from(METRICS))
def test_api_comparison_csv_and_cli_json_agree(a: str, b: str, metric: str) -> None:
    va, vb = _api(a, metric), _api(b, metric)
    comparison = acs.compare(a, b, metrics=[metric], baseline=b)
    dicts = comparison.to_dicts()
    cli = _cli_json("compare", a, b, "-m", metric, "--baseline", b, "-f", "json")
    assert cli["baseline"] == b
    rows_csv = list(csv.DictReader(io.StringIO(comparison.table("csv"))))
    unit = get_metric(metric).unit
    for i, (eid, expected) in enumerate([(a, va), (b, vb)]):
        for source in (dicts[i], cli["rows"][i]):
            assert source["id"] == eid
            cell = source[metric]
            assert cell["unit"] == unit
            if expected is None:
                assert cell["value"] is None and eid in cell["missing"]
            else:
                assert cell["value"] == pytest.approx(expected, rel=1e-12)
        text = rows_csv[i][f"{metric} [{unit}]"]
        assert (text == "") if expected is None else float(text) == pytest.approx(expected, rel=1e-12)
    # the relative column is acs.ratio, and is there exactly when both sides are known
    rel = dicts[0][metric].get("relative")
    if va is None or vb is None:
        assert rel is None
        with pytest.raises(MissingSpecError):
            acs.ratio(a, b, metric)
    else:
        assert rel == pytest.approx(acs.ratio(a, b, metric), rel=1e-12)
        assert rel == pytest.approx(va / vb, rel=1e-12)
        assert cli["rows"][0][metric]["relative"] == pytest.approx(rel, rel=1e-12)


@settings(max_examples=25)
@given(st.sampled_from(CHIPS), st.sampled_from(METRICS))
def test_show_json_agrees_with_the_spec_object(acc_id: str, metric: str) -> None:
    doc = _cli_json("show", acc_id, "--json")
    acc = CATALOG[acc_id]
    assert doc["id"] == acc.id and doc["vendor"] == acc.vendor
    for p, q in acc.compute.items():
        assert doc["compute"][p]["value"] == pytest.approx(float(q.magnitude), rel=1e-12)
    for part in ("capacity", "bandwidth"):
        q = getattr(acc.memory, part)
        shown = doc["memory"][part]
        if acc.has(f"memory.{part}"):
            assert shown["value"] == pytest.approx(float(q.magnitude), rel=1e-12)
            assert shown["unit"] == ("GB" if part == "capacity" else "TB/s")
        else:
            assert shown == "not disclosed"  # distinct from null, which means "does not apply"


@pytest.mark.parametrize("metric", ["bf16", "memory.bandwidth", "perf_per_watt:bf16", "ridge:fp8"])
def test_rank_api_cli_and_metric_values_agree(metric: str) -> None:
    ranking = acs.rank(metric)
    cli = _cli_json("rank", metric, "-f", "json")
    cli_rows = cli["rows"] if isinstance(cli, dict) else cli
    assert [r["id"] for r in cli_rows] == [d["id"] for d in ranking.to_dicts()]
    # ranked by the metric's own values, best first; every shipping chip is ranked or listed
    values = [_api(d["id"], metric) for d in ranking.to_dicts()]
    assert all(v is not None for v in values)
    assert values == sorted(values, reverse=get_metric(metric).higher_is_better)  # type: ignore[type-var]
    for d, v in zip(ranking.to_dicts(), values):
        assert d["value"] == pytest.approx(v, rel=1e-12)
    shipping = {a.id for a in CATALOG if not a.parts and a.status.value == "shipping"}
    ranked = {d["id"] for d in ranking.to_dicts()} | {a.id for a, _ in ranking.missing}
    assert ranked == shipping
    assert all(_api(a.id, metric) is None for a, _ in ranking.missing)


@settings(max_examples=20)
@given(st.lists(st.sampled_from(CHIPS + SYSTEMS), min_size=2, max_size=5, unique=True),
       st.lists(st.sampled_from(METRICS), min_size=1, max_size=4, unique=True))
def test_pandas_frame_holds_the_same_numbers(ids: list[str], metrics: list[str]) -> None:
    pytest.importorskip("pandas")
    frame = acs.compare(*ids, metrics=metrics).to_pandas()
    for eid in ids:
        for metric in metrics:
            column = f"{metric} [{get_metric(metric).unit}]"
            got, expected = frame.loc[eid, column], _api(eid, metric)
            if expected is None:
                assert math.isnan(got)
            else:
                assert got == pytest.approx(expected, rel=1e-12)
