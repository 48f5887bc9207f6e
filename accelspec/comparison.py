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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from accelspec.errors import InvalidArgumentError, MissingSpecError, UnknownMetricError
from accelspec.formatting import format_number, scaled_unit
from accelspec.metrics import Metric, _quotient, _spread, get_metric
from accelspec.spec import Accelerator, SourceKind
from accelspec.units import to_unit

__all__ = ["DEFAULT_METRICS", "FORMATS", "RANKING_FORMATS", "Cell", "Comparison", "PlainEntry", "PlainQuantity",
           "Ranking", "build_comparison", "build_ranking", "plain_comparison", "plain_ranking"]

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
    def display_units(self, units: Mapping[str, str] | None = None) -> list[str]:
        """The unit each column is shown in: ``units[metric name]`` when given, else the
        metric's unit, scaled up (TFLOP/s → PFLOP/s, W → kW...) when every row is a system.

        Raises
        ------
        UnknownMetricError
            For a key of ``units`` that is not one of the table's metrics.
        UnitError
            For a unit of the wrong dimension.
        """
        units = dict(units or {})
        known = {m.name for m in self.metrics}
        for k in units:
            if k not in known:
                raise UnknownMetricError(k, sorted(known), what="metric in this table")
        out = []
        systems = bool(self.accelerators) and all(a.is_system for a in self.accelerators)
        for j, m in enumerate(self.metrics):
            if m.name in units:
                unit = units[m.name]
                for row in self.cells:  # check the dimension once, with a message naming the metric
                    if row[j].value is not None:
                        to_unit(_quantity(row[j].value), unit, what=f"--unit {m.name}")
                        break
                out.append(unit)
                continue
            mags = [abs(float(r[j].value.magnitude)) for r in self.cells if r[j].value is not None]
            out.append(scaled_unit(m.unit, min(mags)) if systems and mags else m.unit)
        return out

    def headers(self, units: Mapping[str, str] | None = None) -> list[str]:
        """Column headers, each metric with its unit: ``memory.bandwidth [TB/s]``."""
        shown = self.display_units(units)
        return ["accelerator"] + [f"{m.name} [{_unit_label(u)}]" for m, u in zip(self.metrics, shown)]

    def rows(self, units: Mapping[str, str] | None = None) -> list[list[str]]:
        """The table's rows as display strings (what ``str()`` prints)."""
        shown = self.display_units(units)
        out = []
        for acc, cells in zip(self.accelerators, self.cells):
            row = [acc.name]
            for cell, unit in zip(cells, shown):
                row.append(_cell_text(cell, self.baseline is not None, unit))
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
    def footnotes(self, units: Mapping[str, str] | None = None) -> list[str]:
        """Notes for the marks used in the table."""
        shown = dict(zip((m.name for m in self.metrics), self.display_units(units)))
        notes = []
        used = "".join(c.marks for row in self.cells for c in row)
        missing = any(c.value is None for row in self.cells for c in row)
        if "*" in used:
            ranges = []
            for acc, row in zip(self.accelerators, self.cells):
                for m, c in zip(self.metrics, row):
                    if "*" in c.marks and c.low is not None:
                        u = shown[m.name]
                        ranges.append(f"{acc.name} {m.name}: {format_number(_magnitude(c.low, u))}"
                                      f"–{format_number(_magnitude(c.high, u))} {_unit_label(u)}")
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

    def table(self, fmt: str = "simple", *, footnotes: bool = True, width: int | None = None,
              units: Mapping[str, str] | None = None) -> str:
        """Render as text.

        Parameters
        ----------
        fmt : str
            One of :data:`FORMATS`; ``csv`` gives raw values (no marks) with units in headers.
        footnotes : bool
            Append the notes for marks used (not for ``csv``): plain lines under a text table,
            a ``<p>`` under an HTML table, a ``\\footnotesize`` paragraph under a LaTeX one.
        width : int, optional
            Fit a text table into this many columns (wrapping or transposing it, wrapping the
            notes); ``None`` renders it at its natural width.
        units : mapping of metric name to unit, optional
            Display units, e.g. ``{"bf16": "PFLOP/s"}`` (default: each metric's unit, scaled
            up when every row is a system).
        """
        if fmt not in FORMATS:
            raise InvalidArgumentError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        if fmt == "csv":
            return self._csv()
        notes = self.footnotes(units) if footnotes else []
        return _render(self.rows(units), self.headers(units), fmt, notes, width)

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

    def __repr__(self) -> str:
        names = ", ".join(a.name for a in self.accelerators[:4])
        if len(self.accelerators) > 4:
            names += f", … {len(self.accelerators) - 4} more"
        base = f"; baseline {self.baseline.name}" if self.baseline is not None else ""
        return (f"<Comparison {len(self.accelerators)} x {len(self.metrics)} "
                f"({', '.join(m.name for m in self.metrics)}): {names}{base}>")

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

    def to_json(self, **kwargs: Any) -> str:
        """JSON: ``{"metric", "unit", "entries": to_dicts(), "missing": [{"id", "reason"}]}``."""
        doc = {"metric": self.metric.name, "unit": self.metric.unit, "entries": self.to_dicts(),
               "missing": [{"id": a.id, "reason": why} for a, why in self.missing]}
        return json.dumps(doc, ensure_ascii=False, **kwargs)

    def to_pandas(self) -> Any:
        """A pandas DataFrame indexed by rank: id, name, and the metric with its unit in the
        column name (``"bf16 [TFLOP/s]"``). Requires the ``pandas`` extra."""
        import pandas as pd

        rows = self.to_dicts()
        frame = pd.DataFrame({
            "id": [r["id"] for r in rows], "name": [r["name"] for r in rows],
            f"{self.metric.name} [{self.metric.unit}]": [r["value"] for r in rows],
        }, index=pd.Index([r["rank"] for r in rows], name="rank"))
        return frame

    def display_unit(self, unit: str | None = None) -> str:
        """The unit values are shown in: ``unit`` when given, else the metric's, scaled up
        (TFLOP/s → PFLOP/s, W → kW...) when every ranked entry is a system."""
        if unit is not None:
            if self.entries:
                to_unit(_quantity(self.entries[0][1]), unit, what=f"--unit {self.metric.name}")
            return unit
        if self.entries and all(a.is_system for a, _ in self.entries):
            return scaled_unit(self.metric.unit, min(abs(float(v.magnitude)) for _, v in self.entries))
        return self.metric.unit

    def table(self, fmt: str = "simple", *, width: int | None = None, unit: str | None = None) -> str:
        """Render as text (``simple``, ``github``, ``plain``, ``html``, ``latex``).

        Parameters
        ----------
        width : int, optional
            Fit into this many columns; the entries that could not be ranked are then
            summarised (``… and N more``) rather than listed in full.
        unit : str, optional
            Display unit (default: the metric's, scaled up for systems).
        """
        if fmt not in RANKING_FORMATS:
            raise InvalidArgumentError(f"unknown format {fmt!r}; one of {', '.join(RANKING_FORMATS)}")
        u = self.display_unit(unit)
        rows = [[str(i + 1), a.name, format_number(float(v.to(u).magnitude))]
                for i, (a, v) in enumerate(self.entries)]
        notes = []
        if self.missing:
            names = [a.name for a, _ in self.missing]
            if width is not None and fmt in ("simple", "github", "plain"):
                from accelspec.formatting import summarise

                notes.append(summarise(names, width, prefix=f"not ranked (not disclosed, {len(names)}): "))
            else:
                notes.append(f"not ranked (not disclosed): {', '.join(names)}")
        return _render(rows, ["#", "accelerator", f"{self.metric.name} [{_unit_label(u)}]"], fmt, notes, width)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        top = ", ".join(f"{a.name} {format_number(float(v.magnitude))}" for a, v in self.entries[:3])
        more = f", … {len(self.entries) - 3} more" if len(self.entries) > 3 else ""
        miss = f"; {len(self.missing)} not disclosed" if self.missing else ""
        return f"<Ranking by {self.metric.name} [{self.metric.unit}]: {top}{more}{miss}>"

    def _repr_html_(self) -> str:
        return self.table("html")


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

    if isinstance(q, PlainQuantity):
        if q.unit == unit:
            return q.magnitude
        q = q.quantity()
    return float(to_unit(q, unit, what="a comparison figure").magnitude)


def _unit_label(unit: str) -> str:
    return unit.replace("^2", "²").replace("^-1", "⁻¹")


def _render(rows: list[list[str]], headers: list[str], fmt: str, notes: Sequence[str],
            width: int | None) -> str:
    """A table with its legend: under a text table as lines (wrapped to ``width``), under an HTML
    table as a paragraph, under a LaTeX table as a small paragraph."""
    import html as _html

    from accelspec.formatting import fit_table, render_table, wrap

    if width is not None:
        text = fit_table(rows, headers, width, fmt=fmt)
    else:
        text = render_table(rows, headers, fmt)
    if not notes:
        return text
    if fmt == "html":
        body = "<br>\n".join(_html.escape(n) for n in notes)
        return f"{text}\n<p style=\"font-size:smaller\">{body}</p>"
    if fmt == "latex":
        return text + "\n{\\footnotesize\n" + "\\\\\n".join(_latex_escape(n) for n in notes) + "\n}"
    if width is not None:
        notes = [wrap(n, width, indent="  ") for n in notes]
    return text + "\n\n" + "\n".join(notes)


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
          "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX.get(c, c) for c in text)


def _cell_text(cell: Cell, relative: bool, unit: str | None = None) -> str:
    if cell.value is None:
        return "n/d"
    v = cell.value if unit is None else cell.value.to(unit)
    text = format_number(float(v.magnitude))
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


# -- the pint-free path: tables from the catalog cache's plain data ------------------------------

@attrs.frozen
class PlainQuantity:
    """A figure of the pint-free path: a float in its metric's unit, read as the quantity the
    pint path holds (``magnitude``; ``to()`` its own unit is itself, another unit goes through
    pint).

    Attributes
    ----------
    magnitude : float
        In ``unit``.
    unit : str
        The metric's unit.
    """

    magnitude: float
    unit: str

    def quantity(self) -> Any:
        """The pint quantity (imports pint)."""
        from accelspec.units import Q_

        return Q_(self.magnitude, self.unit)

    def to(self, unit: str) -> Any:
        """This figure in ``unit``: itself for its own unit, else converted by pint."""
        return self if unit == self.unit else self.quantity().to(unit)


@attrs.frozen
class PlainEntry:
    """What a table reads of an accelerator on the pint-free path."""

    id: str
    name: str
    is_system: bool


def _quantity(value: Any) -> Any:
    return value.quantity() if isinstance(value, PlainQuantity) else value


def _plain_cell(metric: Metric, entry: Mapping[str, Any], kind_of: Any) -> Cell:
    from accelspec.metrics import plain_figure

    figure = plain_figure(metric, entry, kind_of)
    if figure is None:
        return Cell(value=None, missing="not disclosed")
    low, value, high, marks, sources = figure
    disputed = marks.startswith("*")
    return Cell(value=PlainQuantity(value, metric.unit),
                low=PlainQuantity(low, metric.unit) if disputed else None,
                high=PlainQuantity(high, metric.unit) if disputed else None, marks=marks, sources=sources)


def _plain_entry(record: Mapping[str, Any]) -> PlainEntry:
    return PlainEntry(record["id"], record["name"], bool(record["parts"]))


def _kinds(cat: Any) -> Any:
    sources = cat.sources
    return lambda sid: sources[sid].kind.value


def plain_comparison(cat: Any, names: Sequence[str], metrics: Iterable[str] | None = None,
                     baseline: str | None = None) -> Comparison | None:
    """:func:`build_comparison` of catalog names from the catalog cache's plain data, without
    pint, for the text tables: the same rows, marks, ranges and notes as the pint path, or
    ``None`` where it cannot promise that (an entry not served from the verified cache, a metric
    outside the float path); the caller then takes the pint path.

    Cells that are not disclosed carry ``missing="not disclosed"`` rather than the pint path's
    message, so this comparison is for tables, not for :meth:`Comparison.to_dicts`.

    Raises
    ------
    UnknownAcceleratorError, AmbiguousNameError, UnknownMetricError, InvalidArgumentError
        As :func:`accelspec.compare`.
    """
    from accelspec.metrics import NoPlainPath

    if not names:
        raise InvalidArgumentError("compare needs at least one accelerator, e.g. compare('H20', 'H200')")
    records = [cat.cached_record(cat.id_of(n)) for n in names]  # names first, then metrics: as compare()
    base = cat.cached_record(cat.id_of(baseline)) if baseline is not None else None
    ms = tuple(get_metric(m) for m in (metrics or DEFAULT_METRICS))
    if any(r is None for r in records) or (baseline is not None and base is None):
        return None
    kind_of = _kinds(cat)
    try:
        base_cells = [_plain_cell(m, base, kind_of) for m in ms] if base is not None else None
        rows = []
        for record in records:
            cells = []
            for j, m in enumerate(ms):
                c = _plain_cell(m, record, kind_of)
                if base_cells is not None and c.value is not None and base_cells[j].value is not None:
                    c = attrs.evolve(c, relative=c.value.magnitude / base_cells[j].value.magnitude)
                cells.append(c)
            rows.append(tuple(cells))
    except NoPlainPath:
        return None
    # the rows are PlainEntry records: what the tables read of an Accelerator (id, name, is_system)
    entries: Any = tuple(_plain_entry(r) for r in records)
    base_entry: Any = _plain_entry(base) if base is not None else None
    return Comparison(entries, ms, tuple(rows), base_entry)


def plain_ranking(cat: Any, metric: str, *, status: str | None = "shipping", vendor: str | None = None,
                  systems: bool = False, limit: int | None = None) -> Ranking | None:
    """:func:`accelspec.rank` from the catalog cache's plain data, without pint, for the text
    table; ``None`` where only the pint path is exact (see :func:`plain_comparison`)."""
    from accelspec.metrics import NoPlainPath

    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidArgumentError(f"limit must be a positive integer (or None for all), got {limit!r}")
    m = get_metric(metric)
    records = cat.cached_records(vendor=vendor, status=status, systems=systems)
    if records is None:
        return None
    kind_of = _kinds(cat)
    ok: list[tuple[Any, Any]] = []
    missing: list[tuple[Any, str]] = []
    try:
        for record in records:
            c = _plain_cell(m, record, kind_of)
            if c.value is None:
                missing.append((_plain_entry(record), "not disclosed"))
            else:
                ok.append((_plain_entry(record), c.value))
    except NoPlainPath:
        return None
    ok.sort(key=lambda av: (-1 if m.higher_is_better else 1) * float(av[1].magnitude))
    return Ranking(m, tuple(ok[:limit]), tuple(missing))
