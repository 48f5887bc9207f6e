"""Numbers, quantities and ranges as text: the one formatter every table and message uses.

Nothing here imports pint: a quantity is formatted through its ``magnitude`` and ``units``
attributes, so plain floats and quantities read the same way.

>>> format_number(989.5), format_number(15832.0)
('989.5', '15,832')
>>> format_range(280.0, 376.0, "TFLOP/s")
'280–376 TFLOP/s'
"""

from __future__ import annotations

import math
import re
from typing import Any

from accelspec.errors import InvalidArgumentError

__all__ = ["display_width", "fit_table", "format_duration", "format_number", "format_quantity", "format_range",
           "html_record", "render_table", "scale_value", "scaled_unit", "shorten", "summarise", "text_width", "wrap"]


def format_number(x: float) -> str:
    """Format a magnitude for reading: integers with thousands separators above 1,000, otherwise
    four significant digits without trailing zeros.

    >>> [format_number(v) for v in (3958.0, 989.5, 4.8, 0.0751, 15832.0, 0.00012345)]
    ['3,958', '989.5', '4.8', '0.0751', '15,832', '0.0001234']
    """
    x = float(x)
    if not math.isfinite(x):
        raise InvalidArgumentError(f"cannot format {x!r}")
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax == 0:
        return "0"
    digits = max(0, 3 - math.floor(math.log10(ax)))
    s = f"{x:.{digits}f}"
    if abs(float(s)) >= 1000:  # rounding carried into the thousands: 999.96 is "1,000", not "1000"
        return f"{x:,.0f}"
    return s.rstrip("0").rstrip(".")  # below 1,000 there is always a decimal point to trim to


def format_quantity(q: Any, unit: str | None = None) -> str:
    """A quantity as ``"<number> <unit>"`` (optionally converted to ``unit`` first).

    >>> from accelspec.units import Q_
    >>> format_quantity(Q_(4800, "GB/s"), "TB/s")
    '4.8 TB/s'
    """
    if unit is not None:
        q = q.to(unit)
        return f"{format_number(float(q.magnitude))} {unit}"
    return f"{format_number(float(q.magnitude))} {q.units:~P}"


def format_range(low: float, high: float, unit: str = "") -> str:
    """``"low–high unit"`` with both ends formatted by :func:`format_number`."""
    text = f"{format_number(low)}–{format_number(high)}"
    return f"{text} {unit}" if unit else text


# -- width-aware text ---------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (East Asian wide and full-width characters count two).

    >>> display_width("H200"), display_width("昇腾910B")
    (4, 8)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_width(text: str) -> int:
    """The widest line of ``text`` in terminal columns."""
    return max((display_width(line) for line in text.splitlines()), default=0)


def wrap(text: str, width: int = 80, *, indent: str = "") -> str:
    """Wrap one paragraph to ``width`` terminal columns; continuation lines start with ``indent``.

    Latin text breaks at spaces; Chinese (wide) characters count two columns and a line may break
    between any two of them.

    >>> print(wrap("alpha beta gamma delta epsilon", 20, indent="  "))
    alpha beta gamma
      delta epsilon
    >>> print(wrap("华为昇腾910C在部分关键指标上可达到H200的80%", 20))
    华为昇腾910C在部分关
    键指标上可达到H200的
    80%
    """
    width = max(width, 20)
    if all(not _wide(c) for c in text):
        import textwrap

        return "\n".join(textwrap.wrap(text, width=width, subsequent_indent=indent,
                                       break_on_hyphens=False)) or text.strip()
    # units: a Latin word with the spaces before it, or one wide character
    units: list[str] = []
    for token in re.findall(r"\s+|[^\s]", text.strip()):
        if token.isspace():
            units.append(" ")
        elif _wide(token) or not units or units[-1] == " " or _wide(units[-1][-1]):
            units.append(token)
        else:
            units[-1] += token
    lines: list[str] = []
    line = ""
    for unit in units:
        if unit == " ":
            if line:
                line += " "
            continue
        if line.strip() and display_width(line + unit) > width:
            lines.append(line.rstrip())
            line = indent
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF"


def summarise(items: list[str], width: int = 80, *, prefix: str = "") -> str:
    """``prefix`` and a comma-separated list, cut to fit two lines of ``width`` with
    ``… and N more`` when it does not.

    >>> summarise(["a", "b", "c"], 80, prefix="x: ")
    'x: a, b, c'
    >>> summarise([f"chip{i}" for i in range(40)], 40, prefix="x: ")
    'x: chip0, chip1, chip2, chip3, chip4,\\n  chip5, chip6, chip7, … and 32 more'
    """
    budget = 2 * max(width, 20) - 8
    shown: list[str] = []
    for i, item in enumerate(items):
        rest = len(items) - i - 1
        tail = f", … and {rest} more" if rest else ""
        if display_width(prefix + ", ".join(shown + [item]) + tail) > budget:
            break
        shown.append(item)
    text = prefix + ", ".join(shown)
    if len(shown) < len(items):
        text += f"{', ' if shown else ''}… and {len(items) - len(shown)} more"
    return wrap(text, width, indent="  ")


def fit_table(rows: list[list[str]], headers: list[str], width: int = 80, *, fmt: str = "simple",
              key: str | None = None) -> str:
    """A table that fits ``width`` columns: as is when it fits, else with its long columns
    wrapped, else transposed into one block of ``header: value`` lines per row.

    Parameters
    ----------
    rows, headers : list
        Display strings (``headers[0]`` names the row label column).
    width : int
        Terminal columns (``COLUMNS``; 80 when unknown).
    fmt : str
        A tabulate format; only ``plain``, ``simple`` and ``github`` are fitted (``html``,
        ``latex`` and the rest are returned as tabulate renders them).
    key : str, optional
        Header of the transposed blocks' title (default ``headers[0]``).
    """
    text = render_table(rows, headers, fmt)
    if fmt not in ("plain", "simple", "github") or text_width(text) <= width or not rows:
        return text
    wrapped = _wrapped(rows, headers, width, fmt)
    if wrapped is not None:
        return wrapped
    # transpose: the columns become rows (a comparison of a few chips reads well that way)
    t_headers = [""] + [str(r[0]) for r in rows]
    t_rows = [[h] + [str(r[j]) for r in rows] for j, h in enumerate(headers) if j > 0]
    transposed = _wrapped(t_rows, t_headers, width, fmt, floor=8)
    if transposed is not None:
        return transposed
    # too many rows for that: one block of "header  value" lines per row
    blocks = []
    label_w = max((display_width(h) for h in headers[1:]), default=0)
    for r in rows:
        lines = [str(r[0])]
        for h, v in zip(headers[1:], r[1:]):
            pad = " " * (label_w - display_width(h))
            lines.append(wrap(f"  {h}{pad}  {v}", width, indent=" " * (label_w + 4)))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


#: Characters outside printable ASCII that every terminal width function (``len``, wcwidth,
#: East Asian width) counts as one column: a cell made of these and printable ASCII is laid out
#: here exactly as tabulate lays it out.
_NARROW = frozenset("²³¹⁻×–—µ·°…±≤≥→←")

#: tabulate's text formats this module renders itself: (row begin, separator, row end, padding,
#: rule under the header as (begin, fill, separator, end) or None).
_TEXT_FORMATS: dict[str, tuple[str, str, str, int, tuple[str, str, str, str] | None]] = {
    "plain": ("", "  ", "", 0, None),
    "simple": ("", "  ", "", 0, ("", "-", "  ", "")),
    "github": ("|", "|", "|", 1, ("|", "-", "|", "|")),
}


def _simple_cell(text: object) -> bool:
    return isinstance(text, str) and all((" " <= c <= "~") or c in _NARROW for c in text)


def _own_table(rows: list[list[str]], headers: list[str], fmt: str,
               maxwidths: list[int | None] | None = None) -> str | None:
    """``tabulate(rows, headers, fmt, disable_numparse=True, maxcolwidths=maxwidths,
    maxheadercolwidths=maxwidths)`` for the ``plain``, ``simple`` and ``github`` formats, without
    importing tabulate (whose import reads package metadata), or ``None`` where the table is not
    one this reproduces exactly: another format, no rows or headers, ragged rows, or a cell with
    a character outside :data:`_NARROW` and printable ASCII (wide, combining, control or
    multi-line text, which tabulate measures with wcwidth)."""
    spec = _TEXT_FORMATS.get(fmt)
    ncol = len(headers)
    if spec is None or not rows or not ncol or any(len(r) != ncol for r in rows):
        return None
    if not all(_simple_cell(h) for h in headers) or not all(_simple_cell(c) for r in rows for c in r):
        return None
    if maxwidths is not None and any(m is not None for m in maxwidths):
        wrapped = _tabulate_wrap([headers, *rows], maxwidths)
        if wrapped is None:
            return None
        headers, rows = wrapped[0], wrapped[1:]
    begin, sep, end, pad, rule = spec
    space = " " * pad
    multiline = any("\n" in h for h in headers) or any("\n" in c for r in rows for c in r)
    cols = [[r[j].strip() for r in rows] for j in range(ncol)]  # tabulate strips left-aligned text
    widths = [max(max(len(x) for x in h.split("\n")) + 2, max(len(x) for c in col for x in c.split("\n")))
              for h, col in zip(headers, cols)]

    def line(cells: list[str]) -> str:
        return (begin + sep.join(f"{space}{c.ljust(w)}{space}" for c, w in zip(cells, widths)) + end).rstrip()

    def block(cells: list[str], header: bool = False) -> list[str]:
        if not multiline:
            return [line(cells)]
        parts = [c.split("\n") if header else c.splitlines() for c in cells]
        n = max(len(p) for p in parts)  # a row of empty cells takes no line, as in tabulate
        return [line([p[i] if i < len(p) else "" for p in parts]) for i in range(n)]

    lines = block(headers, header=True)
    if rule is not None:
        r_begin, fill, r_sep, r_end = rule
        lines.append((r_begin + r_sep.join(fill * (w + 2 * pad) for w in widths) + r_end).rstrip())
    for i in range(len(rows)):
        lines.extend(block([col[i] for col in cols]))
    return "\n".join(lines)


def _tabulate_wrap(rows: list[list[str]], maxwidths: list[int | None]) -> list[list[str]] | None:
    """Cells wrapped as tabulate's ``maxcolwidths`` wraps them (its text wrapper breaks a long
    word at the column's width, never at a hyphen); ``None`` for a cell tabulate reads as a
    boolean ("True", "False"), which it rewrites."""
    import textwrap

    class _Wrapper(textwrap.TextWrapper):
        def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int,
                              width: int) -> None:
            space_left = 1 if width < 1 else width - cur_len
            if self.break_long_words and space_left > 0:
                chunk = reversed_chunks[-1]
                cur_line.append(chunk[:space_left])
                reversed_chunks[-1] = chunk[space_left:]
            elif not cur_line:
                cur_line.append(reversed_chunks.pop())

    out = []
    for row in rows:
        new = []
        for cell, width in zip(row, maxwidths):
            if width is None:
                new.append(cell)
                continue
            if cell in ("True", "False"):
                return None
            wrapper = _Wrapper(width=width, break_long_words=True, break_on_hyphens=True)
            new.append("\n".join("\n".join(wrapper.wrap(x)) for x in cell.splitlines() if x.strip() != ""))
        out.append(new)
    return out


def render_table(rows: list[list[str]], headers: list[str], fmt: str = "simple") -> str:
    """A table of display strings in a tabulate format (numbers are not parsed: every cell is
    text, left-aligned), as ``tabulate(..., disable_numparse=True)`` renders it.

    The ``plain``, ``simple`` and ``github`` formats of ordinary text are rendered here, byte for
    byte as tabulate renders them (a property test holds the two together); tabulate is imported
    only for the other formats and for wide or multi-line text.

    >>> print(render_table([["H200", "4.8"]], ["chip", "TB/s"]))
    chip    TB/s
    ------  ------
    H200    4.8
    """
    own = _own_table(rows, headers, fmt)
    if own is not None:
        return own
    from tabulate import tabulate

    return str(tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True))


def _wrapped(rows: list[list[str]], headers: list[str], width: int, fmt: str,
             floor: int = 10) -> str | None:
    """The table with its widest columns wrapped down to ``floor`` until it fits, or None."""
    ncol = len(headers)
    widths = [max([display_width(w) for w in str(headers[j]).split()] + [1] +
                  [display_width(str(r[j])) for r in rows]) for j in range(ncol)]
    sep, edge = (3, 4) if fmt == "github" else (2, 0)
    limit = list(widths)
    hdr = [display_width(str(h)) for h in headers]

    def total() -> int:  # tabulate pads a header by 2 columns
        return sum(max(lim, min(lim, h) + 2) for lim, h in zip(limit, hdr)) + sep * (ncol - 1) + edge

    while total() > width:
        j = max(range(ncol), key=lambda k: limit[k])
        if limit[j] <= floor:
            return None
        limit[j] -= 1
    maxw: list[int | None] = [lim if lim < w else None for lim, w in zip(limit, widths)]
    own = _own_table(rows, headers, fmt, maxw)
    if own is not None:
        text = own
    else:
        from tabulate import tabulate

        text = str(tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True,
                            maxcolwidths=maxw, maxheadercolwidths=maxw))  # type: ignore[arg-type]
    return text if text_width(text) <= width else None


# -- durations and scaled units -----------------------------------------------------------------

def format_duration(seconds: float) -> str:
    """A duration for reading: ``"181.3 days"``, ``"4.2 h"``, ``"12 min"``, ``"3.5 s"``, ``"42 ms"``.

    >>> format_duration(15667027.2), format_duration(5400), format_duration(0.042)
    ('181.3 days', '1.5 h', '42 ms')
    """
    s = float(seconds)
    if not math.isfinite(s) or s < 0:
        raise InvalidArgumentError(f"cannot format a duration of {seconds!r} s")
    for size, unit in ((365.25 * 86400, "years"), (86400, "days"), (3600, "h"), (60, "min"), (1, "s"),
                       (1e-3, "ms"), (1e-6, "µs")):
        if s >= size * (2 if unit in ("years", "days") else 1):
            return f"{format_number(s / size)} {unit}"
    return f"{format_number(s * 1e9)} ns" if s else "0 s"


#: Display unit ladders: a value is shown in the largest unit of its ladder that keeps it >= 1.
_LADDERS: tuple[tuple[str, ...], ...] = (
    ("TFLOP/s", "PFLOP/s", "EFLOP/s"),
    ("TOP/s", "POP/s", "EOP/s"),
    ("W", "kW", "MW"),
    ("GB", "TB", "PB"),
    ("GB/s", "TB/s", "PB/s"),
    ("TB/s", "PB/s"),
)


def scaled_unit(unit: str, smallest: float) -> str:
    """The unit of ``unit``'s ladder (TFLOP/s → PFLOP/s → EFLOP/s, W → kW → MW...) in which
    ``smallest`` (a magnitude in ``unit``) is still at least 1; ``unit`` itself when none is.

    >>> scaled_unit("TFLOP/s", 299520.0), scaled_unit("W", 559000.0), scaled_unit("W", 350.0)
    ('PFLOP/s', 'kW', 'W')
    """
    for ladder in _LADDERS:
        if unit in ladder:
            i = ladder.index(unit)
            x = abs(float(smallest))
            while i + 1 < len(ladder) and x >= 1000:
                x /= 1000
                i += 1
            return ladder[i]
    return unit


def scale_value(value: float, unit: str) -> tuple[float, str]:
    """``value`` in ``unit`` moved up ``unit``'s ladder as :func:`scaled_unit` chooses (each step
    is a factor of 1,000), without pint.

    >>> scale_value(299520.0, "TFLOP/s"), scale_value(350.0, "W")
    ((299.52, 'PFLOP/s'), (350.0, 'W'))
    """
    shown = scaled_unit(unit, value)
    for ladder in _LADDERS:
        if unit in ladder and shown in ladder:
            return value / 1000 ** (ladder.index(shown) - ladder.index(unit)), shown
    return value, unit


def html_record(title: str, rows: Any, notes: Any = ()) -> str:
    """A small notebook table of one result: a bold title, ``(label, value)`` rows, footnotes.

    Every string is HTML-escaped.

    >>> html_record("H200", [("bandwidth", "4.8 TB/s")], ["* a note"])
    '<p><b>H200</b></p><table><tbody><tr><th style="text-align:left">bandwidth</th><td>4.8 TB/s</td></tr></tbody></table><p style="font-size:smaller">* a note</p>'
    """
    import html

    body = "".join(f'<tr><th style="text-align:left">{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>'
                   for k, v in rows)
    legend = "".join(f'<p style="font-size:smaller">{html.escape(str(n))}</p>' for n in notes)
    return f"<p><b>{html.escape(title)}</b></p><table><tbody>{body}</tbody></table>{legend}"


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis.

    >>> shorten("H20 has   twice the bandwidth", 20)
    'H20 has twice the b…'
    """
    one = " ".join(text.split())
    return one if len(one) <= limit else one[:limit - 1] + "…"
