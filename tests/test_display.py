"""Reprs, HTML/LaTeX legends, what-ifs, argument fixes, pickling and names (issue 19)."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest

import accelspec as acs
from accelspec import Q_
from accelspec.formatting import format_duration, scaled_unit


def test_accelerator_repr_is_one_short_line() -> None:
    r = repr(acs.get("H200"))
    assert "\n" not in r and len(r) < 120
    assert "141 GB" in r and "4.8 TB/s" in r and "989.5 TFLOP/s BF16" in r   # NVIDIA H200 brief
    assert "559 kW" in repr(acs.get("CloudMatrix 384"))                        # CloudMatrix 384 paper


def test_html_reprs_keep_the_legend() -> None:
    c = acs.compare("H20", "H200", "Ascend 910B", baseline="H200")
    assert "sources disagree" in c._repr_html_() and "280–376" in c._repr_html_()
    assert "sources disagree" in c.table("latex") and r"\footnotesize" in c.table("latex")
    assert "<table" in acs.get("Ascend 910B")._repr_html_() and "280–376" in acs.get("Ascend 910B")._repr_html_()
    assert "<table" in acs.rank("bf16")._repr_html_()
    assert "\n" not in repr(c) and "\n" not in repr(acs.rank("bf16"))


def test_what_if_is_recorded_as_such() -> None:
    h20 = acs.get("H20").with_(memory_bandwidth="8 TB/s", note="HBM3e")
    (claim,) = h20.claims("memory.bandwidth")
    assert claim.source.id == "what-if" and claim.source.kind is acs.SourceKind.ESTIMATE
    lo, mid, hi = h20.range("memory.bandwidth")
    assert lo == mid == hi == Q_(8, "TB/s")
    assert acs.get("H20").with_({"bf16": 200}).peak("bf16") == Q_(200, "TFLOP/s")


def test_evolve_drops_the_changed_fields_claims_only() -> None:
    b = acs.get("Ascend 910B")
    e = attrs.evolve(b, compute={**b.compute, "bf16": Q_(500, "TFLOP/s")})
    assert e.claims("bf16") == () and e.range("bf16") == (Q_(500, "TFLOP/s"),) * 3
    assert e.claims("memory.bandwidth") == b.claims("memory.bandwidth")


def test_argument_fixes() -> None:
    with pytest.raises(acs.UnknownMetricError):
        acs.get("H200").claims("nonsense")
    with pytest.raises(acs.InvalidArgumentError):
        acs.get("H200").peak("bf16", engine="tensor")
    with pytest.raises(acs.InvalidArgumentError):
        acs.compare()
    c = acs.compare(["H20", "H200"], metrics="memory.bandwidth,bf16")
    assert [m.name for m in c.metrics] == ["memory.bandwidth", "bf16"] and len(c.accelerators) == 2
    assert [m.name for m in acs.compare("H20", metrics="bf16").metrics] == ["bf16"]
    with pytest.raises(acs.UnknownModelError):
        acs.get_model("no such model")
    from accelspec.export_control import get_rule

    with pytest.raises(acs.UnknownRuleError):
        get_rule("1999")
    assert acs.catalog()["H200"].id == "nvidia-h200-sxm"
    assert acs.list_metrics()[0][0] == "memory.capacity"


@pytest.mark.parametrize("make", [lambda: acs.compare("H20", "H200"), lambda: acs.rank("bf16"),
                                  lambda: acs.get_metric("ridge:fp8:sparse"), lambda: acs.catalog(),
                                  lambda: acs.get("H200")])
def test_pickle_and_deepcopy(make: object) -> None:
    obj = make()  # type: ignore[operator]
    for clone in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj)):
        assert repr(clone) == repr(obj)


@pytest.mark.parametrize("name,id", [("华为昇腾910B", "huawei-ascend-910b"), ("寒武纪思元590", "cambricon-mlu590"),
                                     ("A100 80GB", "nvidia-a100-sxm-80gb"), ("H100 80GB", "nvidia-h100-sxm"),
                                     ("英伟达H20", "nvidia-h20")])
def test_names(name: str, id: str) -> None:
    assert acs.get(name).id == id


def test_durations_and_scaling() -> None:
    assert format_duration(15667027.2) == "181.3 days"   # 15,667,027.2 s / 86,400
    assert format_duration(7200) == "2 h"
    assert scaled_unit("TFLOP/s", 299520) == "PFLOP/s" and scaled_unit("W", 559000) == "kW"
    assert scaled_unit("W", 700) == "W" and scaled_unit("furlong", 1e9) == "furlong"
    with pytest.raises(acs.InvalidArgumentError):
        format_duration(-1)
