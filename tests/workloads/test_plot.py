"""The roofline chart: title, readable ticks, every crossover, the source/date footer.

Rendered with matplotlib's Agg canvas and checked through the figure's texts and artists, not
its pixels.
"""

from __future__ import annotations

import io

import pytest

import accelspec as acs

pytest.importorskip("matplotlib")

from accelspec.workloads.plot import precision_label, roofline_figure, source_footer  # noqa: E402


def _render(fig: object) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)  # type: ignore[attr-defined]
    return buf.getvalue()


def _texts(fig: object) -> list[str]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in fig.texts]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("field", "label"), [
    ("bf16", "dense BF16"), ("fp8:sparse", "2:4-sparse FP8"), ("fp32:vector", "dense FP32 (vector)"),
    ("int8", "dense INT8")])
def test_precision_labels_say_dense_or_sparse(field: str, label: str) -> None:
    assert precision_label(field) == label


def test_the_title_says_dense_bf16() -> None:
    fig = roofline_figure(["H20", "Ascend 910B"], "bf16", drawn="2026-11-29")
    assert _render(fig).startswith(b"\x89PNG")
    ax = fig.axes[0]
    assert ax.get_title().startswith("Roofline, dense BF16")
    assert "dense BF16" in ax.get_ylabel()


def test_the_title_says_sparse_fp8() -> None:
    fig = roofline_figure(["H200", "B200"], "fp8", sparse=True, drawn="2026-11-29")
    _render(fig)
    assert fig.axes[0].get_title().startswith("Roofline, 2:4-sparse FP8")


def test_y_ticks_fall_between_decades_and_each_peak_is_written() -> None:
    """148 TFLOP/s (H20 dense BF16, Tom's Hardware) can be read off: ticks at 100 and 200, and the
    peak is written on the chip's flat roof."""
    fig = roofline_figure(["H20", "Ascend 910B"], "bf16", drawn="2026-11-29")
    _render(fig)
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    ticks = [t for t in ax.get_yticks() if lo <= t <= hi]
    assert {50, 100, 200}.issubset({round(t) for t in ticks})
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert {"50", "100", "200"}.issubset(labels)
    texts = _texts(fig)
    assert "148 TFLOP/s" in texts
    assert "353 TFLOP/s" in texts  # Ascend 910B dense BF16


def test_every_pair_that_crosses_is_marked() -> None:
    """H200 beats both others everywhere; the H20 (148 TFLOP/s, 4.0 TB/s) and the 910B (353 TFLOP/s,
    1.6 TB/s) cross at 148 / 1.6 = 92.5 FLOP/B, a pair that does not involve the first chip."""
    fig = roofline_figure(["H200", "H20", "Ascend 910B"], "bf16", drawn="2026-11-29")
    _render(fig)
    ax = fig.axes[0]
    crossings = [t for t in _texts(fig) if " = " in t]
    assert crossings == ["NVIDIA H20 = Huawei Ascend 910B\nat 92.5 FLOP/B"]
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "x"]
    assert len(marks) == 1
    assert marks[0].get_xdata()[0] == pytest.approx(92.5)
    assert marks[0].get_ydata()[0] == pytest.approx(148)


def test_three_crossing_pairs_are_all_marked() -> None:
    """H20 crosses the 910B (at 148/1.6 = 92.5) and the H100 SXM (at 148/3.35 = 44.2 FLOP/B)."""
    fig = roofline_figure(["Ascend 910B", "H100", "H20"], "bf16", drawn="2026-11-29")
    marks = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "x"]
    xs = sorted(round(float(m.get_xdata()[0]), 1) for m in marks)
    assert xs == [44.2, 92.5]


def test_the_footer_names_each_source_and_the_date() -> None:
    accs = [acs.get("H20"), acs.get("Ascend 910B")]
    fig = roofline_figure(accs, "bf16", drawn="2026-11-29")
    footer = fig.texts[-1].get_text()
    assert footer.startswith("Sources: ") and footer.endswith("drawn 2026-11-29.")
    flat = footer.replace("\n", " ")
    for acc in accs:
        assert acc.name in flat
        for field in ("bf16", "memory.bandwidth"):
            src = acc.provenance[field].chosen.source
            assert src.date in flat
    assert "Tom's Hardware" in flat  # the H20's dense BF16 and bandwidth
    assert all(len(line) <= 140 for line in footer.splitlines())


def test_the_footer_of_a_what_if_says_so() -> None:
    h20 = acs.get("H20").with_(memory_bandwidth="8 TB/s", note="HBM3e refresh")
    text = source_footer([h20], "bf16", drawn="2026-01-01")
    assert "bandwidth user" in text and "peak Tom's Hardware" in text


def test_the_footer_of_a_system_names_its_parts() -> None:
    system = next(a for a in acs.catalog() if a.parts and "bf16" not in a.provenance)
    assert "sum of its parts" in source_footer([system], "bf16", drawn="2026-01-01")


def test_the_footer_defaults_to_today() -> None:
    import datetime

    assert datetime.date.today().isoformat() in source_footer([acs.get("H20")], "bf16")
