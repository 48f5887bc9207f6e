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


# -- result objects: one-line reprs, readable str(), notebook tables ------------------------------

def _results() -> dict[str, object]:
    from accelspec.claims.check import check_claim
    from accelspec.export_control.classify import classify
    from accelspec.workloads.llm import decode, prefill, training_time
    from accelspec.workloads.models import fits, get_model
    from accelspec.workloads.roofline import attainable
    from accelspec.workloads.serving import serve

    return {
        "Fit": fits(get_model("llama3-70b"), "H200", 2),
        "DecodeBound": decode("llama3-70b", "H200", n_chips=2),
        "PrefillBound": prefill("llama3-70b", "H200", 2048, n_chips=2),
        "TrainingBound": training_time("llama3-70b", "H200", 15e12, n_chips=1024, utilisation=0.4),
        "RooflinePoint": attainable("H200", "fp8", Q_(100, "FLOP/B")),
        "ServingBound": serve("llama3-8b", "H200", 1024, 256),
        "ClaimCheck": check_claim("H20 has 2.5x the memory bandwidth of the Ascend 910B"),
        "Classification": classify("CloudMatrix 384"),
    }


RESULTS = _results()


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_result_reprs_are_one_compact_line(kind: str) -> None:
    obj = RESULTS[kind]
    r = repr(obj)
    assert r.startswith(f"<{kind} ") and r.endswith(">")
    assert "\n" not in r and len(r) <= 130, r
    assert "Accelerator(" not in r and "Quantity(" not in r


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_result_html_is_a_table_with_a_legend(kind: str) -> None:
    h = RESULTS[kind]._repr_html_()  # type: ignore[attr-defined]
    assert h.startswith("<p><b>") and "<table>" in h and 'style="font-size:smaller"' in h
    assert "Quantity(" not in h


def test_worked_figures_in_reprs() -> None:
    # 6 x 70.55e9 parameters x 15e12 tokens / (989.5 TFLOP/s x 1024 x 0.4) = 1.567e7 s = 181.3 days
    t = RESULTS["TrainingBound"]
    assert "181.3 days" in repr(t) and "181.3 days" in str(t) and "second" not in str(t)
    # H200 FP8 at 100 FLOP/B: min(1,979, 100 x 4.8) = 480 TFLOP/s, memory-bound (NVIDIA H200 brief)
    assert repr(RESULTS["RooflinePoint"]) == "<RooflinePoint nvidia-h200-sxm fp8 at 100 FLOP/B: 480 TFLOP/s, memory-bound>"
    assert "ridge 412.3 FLOP/B" in str(RESULTS["RooflinePoint"])  # 1,979 / 4.8
    assert "supported" in repr(RESULTS["ClaimCheck"])  # 4.0 / 1.6 TB/s = 2.5
    assert "3A090.a" in repr(RESULTS["Classification"]) and "part x 384" in RESULTS["Classification"]._repr_html_()
    assert repr(RESULTS["Fit"]).startswith("<Fit Llama 3 70B on 2 x nvidia-h200-sxm: fits")


def test_does_not_fit_shows_in_bound_reprs() -> None:
    from accelspec.workloads.llm import decode, prefill

    assert repr(decode("llama3-70b", "H20")).endswith(", does not fit>")
    assert repr(prefill("llama3-70b", "H20", 128)).endswith(", does not fit>")


def test_html_records_escape_text() -> None:
    from accelspec.formatting import html_record, shorten

    h = html_record("<x>", [("a&b", "<1>")], ["n<"])
    assert "&lt;x&gt;" in h and "a&amp;b" in h and "&lt;1&gt;" in h and "n&lt;" in h
    assert shorten("abc", 5) == "abc" and shorten("abcdefgh", 5) == "abcd…"
