"""Roofline plots of several chips on one chart (needs the optional ``plot`` extra: matplotlib).

matplotlib is imported inside the functions, never at ``import accelspec``; figures are built
with the object-oriented API on an Agg canvas, so plotting works headless and leaves pyplot's
global state alone.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> from accelspec.workloads.plot import roofline_figure, save_roofline
>>> fig = roofline_figure(["H20", "H200", "Ascend 910B"], "bf16",
...                       intensity=Q_(1, "FLOP/B"))              # doctest: +SKIP
>>> save_roofline("roofline.png", ["H20", "Ascend 910B"], "bf16")   # doctest: +SKIP
PosixPath('roofline.png')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.workloads.roofline import attainable, crossover_intensity, peak_of
from accelspec.spec import Accelerator
from accelspec.units import Q_, to_unit

__all__ = ["precision_label", "roofline_figure", "save_roofline", "source_footer"]


def _figure() -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            "the roofline plot needs matplotlib: pip install 'accelspec[plot]'") from exc
    fig = Figure(figsize=(7.5, 5), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _resolve(items: Sequence[str | Accelerator], catalog: Any) -> list[Accelerator]:
    return [resolve(a, catalog) for a in items]


def precision_label(field: str) -> str:
    """A compute field as a title reads it: ``"bf16"`` → ``"dense BF16"``, ``"fp8:sparse"`` →
    ``"2:4-sparse FP8"``, ``"fp32:vector"`` → ``"dense FP32 (vector)"``.

    >>> precision_label("bf16"), precision_label("fp8:sparse")
    ('dense BF16', '2:4-sparse FP8')
    """
    parts = field.split(":")
    kind = "2:4-sparse" if "sparse" in parts[1:] else "dense"
    vector = " (vector)" if "vector" in parts[1:] else ""
    return f"{kind} {parts[0].upper()}{vector}"


def _source_of(acc: Accelerator, field: str) -> str:
    """``publisher date`` of the claim a plotted figure comes from (``not sourced`` if none)."""
    p = acc.provenance.get(field)
    if p is None:
        return "not sourced" if not acc.parts else "sum of its parts"
    src = p.chosen.source
    who = src.publisher if src.publisher and src.publisher.isascii() else src.id  # fonts lack CJK
    return f"{who} {src.date}".strip()


def source_footer(accs: Sequence[Accelerator], field: str, *, drawn: str | None = None,
                  width: int = 140) -> str:
    """The footer of a roofline chart: where each chip's peak and bandwidth come from, and the
    date the chart was drawn (``drawn``, ISO date; today when not given), wrapped to ``width``."""
    import datetime
    import textwrap

    key = field.replace(":vector", "")
    bits = []
    for acc in accs:
        peak, bw = _source_of(acc, key), _source_of(acc, "memory.bandwidth")
        same = peak == bw
        bits.append(f"{acc.name}: peak and bandwidth {peak}" if same
                    else f"{acc.name}: peak {peak}, bandwidth {bw}")
    day = drawn or datetime.date.today().isoformat()
    text = "Sources: " + "; ".join(bits) + f". accelspec catalog, drawn {day}."
    return "\n".join(textwrap.wrap(text, width))


def _tick_label(value: float, _pos: Any = None) -> str:
    from accelspec.formatting import format_number

    return format_number(value) if value > 0 else ""


def roofline_figure(accelerators: Sequence[str | Accelerator], precision: str = "bf16", *,
                    sparse: bool = False, intensity: Any = None, n_chips: int = 1,
                    catalog: Any = None, title: str | None = None, drawn: str | None = None) -> Any:
    """A log-log roofline chart: one line per chip with its peak written on its flat part,
    ridge points marked, the crossover of every pair of chips marked, the workload's intensity
    as a vertical line, and a footer naming the sources of the figures and the date.

    Parameters
    ----------
    accelerators : sequence of str or Accelerator
        The chips (names are looked up in ``catalog``).
    precision : str
        Compute precision or field (``"bf16"``, ``"fp8:sparse"``).
    sparse : bool
        Use 2:4-sparse peaks (the title says which: "dense BF16", "2:4-sparse FP8").
    intensity : pint.Quantity [FLOP/B], optional
        A workload's arithmetic intensity to mark.
    n_chips : int
        Chips per system (compute and bandwidth added).
    title : str, optional
        Replaces the default title.
    drawn : str, optional
        Date in the footer (ISO ``YYYY-MM-DD``; default today).

    Returns
    -------
    matplotlib.figure.Figure
        x: intensity [FLOP/B]; y: attainable rate [TFLOP/s or TOP/s], ticks at 1, 2 and 5
        times each power of ten.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    MissingSpecError
        If a chip lacks the peak or the bandwidth.
    WorkloadError
        If no chip is given.
    """
    accs = _resolve(accelerators, catalog)
    if not accs:
        raise WorkloadError("roofline_figure needs at least one accelerator")
    ridges = [attainable(a, precision, Q_(1, "FLOP/B"), sparse, n_chips=n_chips).ridge.magnitude
              for a in accs]
    marks = [to_unit(intensity, "FLOP/B", what="intensity").magnitude] if intensity is not None else []
    lo = min(ridges + marks) / 20
    hi = max(ridges + marks) * 20
    fig = _figure()
    ax = fig.add_subplot()
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    unit = ""
    for acc, ridge in zip(accs, ridges):
        xs = [lo, ridge, hi]
        pts = [attainable(acc, precision, Q_(x, "FLOP/B"), sparse, n_chips=n_chips) for x in xs]
        unit = f"{pts[0].peak.units:~P}"
        label = acc.name if n_chips == 1 else f"{n_chips} x {acc.name}"
        peak = pts[2].attainable.magnitude
        (line,) = ax.plot(xs, [p.attainable.magnitude for p in pts], label=label, linewidth=2)
        ax.plot([ridge], [pts[1].attainable.magnitude], "o", color=line.get_color())
        ax.annotate(f"{_tick_label(peak)} {unit}", (hi, peak), textcoords="offset points",
                    xytext=(-4, 3), ha="right", fontsize=7, color=line.get_color())
    shown = 0
    for i, first in enumerate(accs):
        for other in accs[i + 1:]:
            c = crossover_intensity(first, other, precision, sparse, n_chips_a=n_chips, n_chips_b=n_chips)
            if c is None:
                continue
            y = attainable(other, precision, c, sparse, n_chips=n_chips).attainable.magnitude
            ax.plot([c.magnitude], [y], "x", color="black", markersize=9)
            ax.annotate(f"{first.name} = {other.name}\nat {c.magnitude:.3g} FLOP/B", (c.magnitude, y),
                        textcoords="offset points", xytext=(8, -26 - 24 * (shown % 4)), fontsize=7,
                        arrowprops={"arrowstyle": "-", "linewidth": 0.5})
            shown += 1
    for m in marks:
        ax.axvline(m, linestyle="--", color="grey", linewidth=1)
        ax.annotate(f"workload {m:.3g} FLOP/B", (m, 0.02), xycoords=("data", "axes fraction"),
                    rotation=90, fontsize=8, xytext=(4, 0), textcoords="offset points")
    field, _ = peak_of(accs[0], precision, sparse)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):  # ticks at 1, 2, 5 x 10^k, written as plain numbers
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(_tick_label))
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("arithmetic intensity [FLOP/B]")
    ax.set_ylabel(f"attainable {precision_label(field)} [{unit}]")
    ax.set_title(title or f"Roofline, {precision_label(field)} (o ridge point, x crossover)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    footer = source_footer(accs, field, drawn=drawn)
    fig.text(0.01, 0.01, footer, fontsize=6, ha="left", va="bottom", color="dimgrey")
    room = 0.02 + 0.022 * (footer.count("\n") + 1)  # keep the footer clear of the x label
    fig.get_layout_engine().set(rect=(0, room, 1, 1 - room))
    return fig


def save_roofline(path: str | Path, accelerators: Sequence[str | Accelerator],
                  precision: str = "bf16", **kwargs: Any) -> Path:
    """Draw :func:`roofline_figure` and write it to ``path`` (format from the suffix: .png, .svg,
    .pdf). Keyword arguments go to :func:`roofline_figure`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    fig = roofline_figure(accelerators, precision, **kwargs)
    out = Path(path)
    fig.savefig(out, dpi=150)
    return out
