"""Comparison tables: several accelerators, several metrics, optionally relative to a baseline.

A :class:`Comparison` is data first (:meth:`Comparison.rows`, :meth:`Comparison.to_dicts`,
:meth:`Comparison.to_json`) and prints as a table (``str()``, or :meth:`Comparison.table` with
``fmt`` one of ``plain``, ``simple``, ``github``, ``html``, ``latex``, ``csv``). Units are in the
column headers; a figure the catalog lacks shows as ``n/d``; a disputed figure (sources disagree)
is marked ``*`` and its range given in a footnote; a figure from an estimate or derived by
arithmetic from another figure is marked ``e`` or ``d``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from accelspec.errors import InvalidArgumentError, MissingSpecError
from accelspec.formatting import format_number
from accelspec.metrics import Metric, _quotient, _spread, get_metric
from accelspec.spec import Accelerator, SourceKind

__all__ = ["DEFAULT_METRICS", "FORMATS", "RANKING_FORMATS", "Cell", "Comparison", "Ranking", "build_comparison",
           "build_ranking"]

#: Metrics shown when none are named.
DEFAULT_METRICS: tuple[str, ...] = ("memory.capacity", "memory.bandwidth", "bf16", "fp8", "int8", "tdp")
#: Output formats of :meth:`Comparison.table`.
FORMATS: tuple[str, ...] = ("plain", "simple", "github", "html", "latex", "csv")
#: Output formats of :meth:`Ranking.table`.
RANKING_FORMATS: tuple[str, ...] = ("plain", "simple", "github", "html", "latex")


@attrs.frozen
class Cell:
    """One figure of a comparison.

    Attributes
    ----------
    value : pint.Quantity or None
        The metric's value, ``None`` when ``missing`` says why.
    missing : str or None
        Why there is no value (the :class:`MissingSpecError` message).
    relative : float or None
        Value divided by the baseline's, when a baseline is set and both are known.
    low, high : pint.Quantity or None
        Range over the catalog's claims when its inputs are disputed.
    marks : str
        ``*`` disputed, ``e`` estimate, ``d`` derived by arithmetic from another figure.
    sources : tuple of str
        Source ids of the chosen claims behind the value.
    """

    value: Any
    missing: str | None = None
    relative: float | None = None
    low: Any = None
    high: Any = None
    marks: str = ""
    sources: tuple[str, ...] = ()


def _cell(acc: Accelerator, metric: Metric) -> Cell:
    try:
        value = metric(acc)
    except MissingSpecError as exc:
        return Cell(value=None, missing=str(exc))
    marks = ""
    sources: list[str] = []
    low = high = None
    disputed = False
    for field in metric.inputs:
        # a dense matrix rate the chip lacks falls back to its vector rate (see Accelerator.peak)
        p = acc.provenance.get(field) or acc.provenance.get(f"{field}:vector")
        if p is None:
            continue
        c = p.chosen
        sources.append(c.source.id)
        if c.source.kind is SourceKind.ESTIMATE:
            marks += "e" if "e" not in marks else ""
        if c.derived_from is not None and "d" not in marks:
            marks += "d"
        if _spread(p) is not None:
            disputed = True
    if disputed:
        low, _, high = metric._range(acc, value)
        marks = "*" + marks
    return Cell(value=value, low=low, high=high, marks=marks, sources=tuple(dict.fromkeys(sources)))


@attrs.frozen
class Comparison:
    """Accelerators (rows) by metrics (columns), optionally relative to a baseline.

    Attributes
    ----------
    accelerators : tuple of Accelerator
    metrics : tuple of Metric
    cells : tuple of tuple of Cell
        ``cells[i][j]`` is metric ``j`` of accelerator ``i``.
    baseline : Accelerator or None
    """

    accelerators: tuple[Accelerator, ...]
    metrics: tuple[Metric, ...]
    cells: tuple[tuple[Cell, ...], ...]
    baseline: Accelerator | None = None

    # -- data ----------------------------------------------------------------------------
    def headers(self) -> list[str]:
        """Column headers, each metric with its unit: ``memory.bandwidth [TB/s]``."""
        return ["accelerator"] + [f"{m.name} [{_unit_label(m.unit)}]" for m in self.metrics]

    def rows(self) -> list[list[str]]:
        """The table's rows as display strings (what ``str()`` prints)."""
        out = []
        for acc, cells in zip(self.accelerators, self.cells):
            row = [acc.name]
            for cell in cells:
                row.append(_cell_text(cell, self.baseline is not None))
            out.append(row)
        return out

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per accelerator: id, name, and per metric ``{"value", "unit", ...}`` (or
        ``{"value": None, "missing": reason}``), with ``relative``, ``low``/``high`` and
        ``sources`` where they apply."""
        out = []
        for acc, cells in zip(self.accelerators, self.cells):
            d: dict[str, Any] = {"id": acc.id, "name": acc.name}
            for m, cell in zip(self.metrics, cells):
                if cell.value is None:
                    d[m.name] = {"value": None, "unit": m.unit, "missing": cell.missing}
                    continue
                item: dict[str, Any] = {"value": float(cell.value.magnitude), "unit": m.unit}
                if cell.relative is not None:
                    item["relative"] = cell.relative
                if cell.low is not None:
                    item["low"] = _magnitude(cell.low, m.unit)
                    item["high"] = _magnitude(cell.high, m.unit)
                if cell.marks:
                    item["marks"] = cell.marks
                item["sources"] = list(cell.sources)
                d[m.name] = item
            out.append(d)
        return out

    def to_json(self, **kwargs: Any) -> str:
        """JSON text of :meth:`to_dicts`, with the baseline's id."""
        doc = {"baseline": self.baseline.id if self.baseline else None, "rows": self.to_dicts()}
        return json.dumps(doc, ensure_ascii=False, **kwargs)

    # -- text ----------------------------------------------------------------------------
    def footnotes(self) -> list[str]:
        """Notes for the marks used in the table."""
        notes = []
        used = "".join(c.marks for row in self.cells for c in row)
        missing = any(c.value is None for row in self.cells for c in row)
        if "*" in used:
            ranges = []
            for acc, row in zip(self.accelerators, self.cells):
                for m, c in zip(self.metrics, row):
                    if "*" in c.marks and c.low is not None:
                        ranges.append(f"{acc.name} {m.name}: {format_number(_magnitude(c.low, m.unit))}"
                                      f"–{format_number(_magnitude(c.high, m.unit))}")
            notes.append("* sources disagree; chosen value shown" + (" (range: " + "; ".join(ranges) + ")" if ranges else ""))
        if "d" in used:
            notes.append("d derived by stated arithmetic from another published figure (e.g. dense = sparse / 2)")
        if "e" in used:
            notes.append("e estimate")
        if missing:
            notes.append("n/d not disclosed in the catalog")
        if self.baseline is not None:
            notes.append(f"(x) relative to {self.baseline.name}")
        return notes

    def table(self, fmt: str = "simple", *, footnotes: bool = True) -> str:
        """Render as text.

        Parameters
        ----------
        fmt : str
            One of :data:`FORMATS`; ``csv`` gives raw values (no marks) with units in headers.
        footnotes : bool
            Append the notes for marks used (not for ``csv``, ``html`` or ``latex``).
        """
        if fmt not in FORMATS:
            raise InvalidArgumentError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        if fmt == "csv":
            return self._csv()
        from tabulate import tabulate

        tablefmt = {"plain": "plain", "simple": "simple", "github": "github", "html": "html",
                    "latex": "latex"}[fmt]
        text = tabulate(self.rows(), headers=self.headers(), tablefmt=tablefmt, disable_numparse=True)
        if footnotes and fmt in ("plain", "simple", "github"):
            notes = self.footnotes()
            if notes:
                text += "\n\n" + "\n".join(notes)
        return str(text)

    def _csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        header = ["id", "name"] + [f"{m.name} [{m.unit}]" for m in self.metrics]
        w.writerow(header)
        for acc, cells in zip(self.accelerators, self.cells):
            w.writerow([acc.id, acc.name] + [
                "" if c.value is None else repr(float(c.value.magnitude)) for c in cells
            ])
        return buf.getvalue()

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per accelerator (index: id), one column per metric with
        its unit in the name (``"memory.bandwidth [TB/s]"``); unknown figures are NaN.

        Requires the ``pandas`` extra.
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("Comparison.to_pandas needs pandas: pip install 'accelspec[pandas]'") from exc
        data = {
            f"{m.name} [{m.unit}]": [
                float("nan") if row[j].value is None else float(row[j].value.magnitude) for row in self.cells
            ]
            for j, m in enumerate(self.metrics)
        }
        frame = pd.DataFrame(data, index=pd.Index([a.id for a in self.accelerators], name="id"))
        frame.insert(0, "name", [a.name for a in self.accelerators])
        return frame

    def __str__(self) -> str:
        return self.table("simple")

    def _repr_html_(self) -> str:
        return self.table("html")


@attrs.frozen
class Ranking:
    """Accelerators ordered by one metric, best first, and those that could not be ranked.

    Attributes
    ----------
    metric : Metric
    entries : tuple of (Accelerator, pint.Quantity)
        Best first (by ``metric.higher_is_better``).
    missing : tuple of (Accelerator, str)
        Entries that do not disclose an input, with the reason.
    """

    metric: Metric
    entries: tuple[tuple[Accelerator, Any], ...]
    missing: tuple[tuple[Accelerator, str], ...] = ()

    def to_dicts(self) -> list[dict[str, Any]]:
        """``[{"rank", "id", "name", "value", "unit"}, ...]``."""
        return [{"rank": i + 1, "id": a.id, "name": a.name, "value": float(v.magnitude), "unit": self.metric.unit}
                for i, (a, v) in enumerate(self.entries)]

    def table(self, fmt: str = "simple") -> str:
        """Render as text (``simple``, ``github``, ``plain``, ``html``, ``latex``)."""
        if fmt not in RANKING_FORMATS:
            raise InvalidArgumentError(f"unknown format {fmt!r}; one of {', '.join(RANKING_FORMATS)}")
        from tabulate import tabulate

        rows = [[i + 1, a.name, format_number(float(v.magnitude))] for i, (a, v) in enumerate(self.entries)]
        text = str(tabulate(rows, headers=["#", "accelerator", f"{self.metric.name} [{_unit_label(self.metric.unit)}]"],
                            tablefmt=fmt, disable_numparse=True))
        if self.missing and fmt in ("simple", "github", "plain"):
            text += f"\n\nnot ranked (not disclosed): {', '.join(a.name for a, _ in self.missing)}"
        return text

    def __str__(self) -> str:
        return self.table()


def build_ranking(accelerators: Iterable[Accelerator], metric: str | Metric,
                  limit: int | None = None) -> Ranking:
    """Evaluate ``metric`` on each accelerator and order best first; see :func:`accelspec.rank`."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidArgumentError(f"limit must be a positive integer (or None for all), got {limit!r}")
    m = metric if isinstance(metric, Metric) else get_metric(metric)
    ok: list[tuple[Accelerator, Any]] = []
    missing: list[tuple[Accelerator, str]] = []
    for acc in accelerators:
        try:
            ok.append((acc, m(acc)))
        except MissingSpecError as exc:
            missing.append((acc, str(exc)))
    ok.sort(key=lambda av: (-1 if m.higher_is_better else 1) * float(av[1].magnitude))
    return Ranking(m, tuple(ok[:limit]), tuple(missing))


def _magnitude(q: Any, unit: str) -> float:
    """``q``'s magnitude in ``unit`` (through the cached conversion factors of ``to_unit``)."""
    from accelspec.units import to_unit

    return float(to_unit(q, unit, what="a comparison figure").magnitude)


def _unit_label(unit: str) -> str:
    return unit.replace("^2", "²").replace("^-1", "⁻¹")


def _cell_text(cell: Cell, relative: bool) -> str:
    if cell.value is None:
        return "n/d"
    text = format_number(float(cell.value.magnitude))
    if cell.marks:
        text += " " + cell.marks
    if relative and cell.relative is not None:
        text += f" ({cell.relative:.3g}x)"
    return text


def build_comparison(accelerators: Sequence[Accelerator], metrics: Iterable[str | Metric] | None = None,
                     baseline: Accelerator | None = None) -> Comparison:
    """Evaluate every metric on every accelerator; see :func:`accelspec.compare`."""
    ms = tuple(m if isinstance(m, Metric) else get_metric(m) for m in (metrics or DEFAULT_METRICS))
    rows = []
    base_cells = [_cell(baseline, m) for m in ms] if baseline is not None else None
    for acc in accelerators:
        cells = []
        for j, m in enumerate(ms):
            c = _cell(acc, m)
            if base_cells is not None and c.value is not None and base_cells[j].value is not None:
                rel = _quotient(c.value, base_cells[j].value)
                c = attrs.evolve(c, relative=rel)
            cells.append(c)
        rows.append(tuple(cells))
    return Comparison(tuple(accelerators), ms, tuple(rows), baseline)
