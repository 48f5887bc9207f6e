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

__all__ = ["roofline_figure", "save_roofline"]


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


def roofline_figure(accelerators: Sequence[str | Accelerator], precision: str = "bf16", *,
                    sparse: bool = False, intensity: Any = None, n_chips: int = 1,
                    catalog: Any = None, title: str | None = None) -> Any:
    """A log-log roofline chart: one line per chip, ridge points marked, crossovers with the
    first chip marked, and the workload's intensity as a vertical line.

    Parameters
    ----------
    accelerators : sequence of str or Accelerator
        The chips (names are looked up in ``catalog``).
    precision : str
        Compute precision or field (``"bf16"``, ``"fp8:sparse"``).
    intensity : pint.Quantity [FLOP/B], optional
        A workload's arithmetic intensity to mark.
    n_chips : int
        Chips per system (compute and bandwidth added).

    Returns
    -------
    matplotlib.figure.Figure
        x: intensity [FLOP/B]; y: attainable rate [TFLOP/s or TOP/s].

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    MissingSpecError
        If a chip lacks the peak or the bandwidth.
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
    unit = ""
    for acc, ridge in zip(accs, ridges):
        xs = [lo, ridge, hi]
        pts = [attainable(acc, precision, Q_(x, "FLOP/B"), sparse, n_chips=n_chips) for x in xs]
        unit = f"{pts[0].peak.units:~P}"
        label = acc.name if n_chips == 1 else f"{n_chips} x {acc.name}"
        (line,) = ax.plot(xs, [p.attainable.magnitude for p in pts], label=label, linewidth=2)
        ax.plot([ridge], [pts[1].attainable.magnitude], "o", color=line.get_color())
    shown = 0
    for other in accs[1:]:
        c = crossover_intensity(accs[0], other, precision, sparse, n_chips_a=n_chips, n_chips_b=n_chips)
        if c is not None:
            y = attainable(other, precision, c, sparse, n_chips=n_chips).attainable.magnitude
            ax.plot([c.magnitude], [y], "x", color="black", markersize=9)
            ax.annotate(f"{accs[0].name} = {other.name}\nat {c.magnitude:.3g} FLOP/B", (c.magnitude, y),
                        textcoords="offset points", xytext=(8, -26 - 24 * shown), fontsize=7,
                        arrowprops={"arrowstyle": "-", "linewidth": 0.5})
            shown += 1
    for m in marks:
        ax.axvline(m, linestyle="--", color="grey", linewidth=1)
        ax.annotate(f"workload {m:.3g} FLOP/B", (m, 0.02), xycoords=("data", "axes fraction"),
                    rotation=90, fontsize=8, xytext=(4, 0), textcoords="offset points")
    field, _ = peak_of(accs[0], precision, sparse)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity [FLOP/B]")
    ax.set_ylabel(f"attainable {field} [{unit}]")
    ax.set_title(title or f"Roofline, {field} (o ridge point, x crossover)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
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
