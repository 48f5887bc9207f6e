"""What every subcommand shares: the ``--catalog`` option, the one output convention and the
exit codes.

The output convention (adopt it in a new command module with :func:`add_output_options` and
:func:`emit_table` / :func:`emit_json`):

* ``--json`` on every command prints JSON (one document; JSON lines where a command streams
  several results, see :func:`emit_json_lines`);
* ``--format`` on every tabular command (``plain``, ``simple``, ``github``, ``html``, ``latex``,
  and ``csv`` where the command can give raw values);
* tables fit the terminal's width (``COLUMNS``; 80 when unknown): they wrap or transpose, and
  footnotes wrap (see :func:`terminal_width`);
* exit codes: :data:`EXIT_OK` (0) a result, :data:`EXIT_NO_RESULT` (1) no result (a search
  with no match, findings in a checked file, a claim that is not supported under
  ``--exit-code``), :data:`EXIT_USAGE` (2) a usage error or an unknown name;
* an error is one line on stderr, ``accelspec: error: ...``, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["COMPARE_FORMATS", "EXIT_NO_RESULT", "EXIT_OK", "EXIT_USAGE", "RULE_EDITIONS", "TABLE_FORMATS", "add_output_options",
           "catalog_from_args", "check_vendor", "common_parser", "display_units", "emit", "emit_json",
           "emit_json_lines", "emit_table", "emit_text", "join_name", "plain", "split_list", "terminal_width"]

#: Exit status: a result was printed.
EXIT_OK = 0
#: Exit status: the command ran but found nothing (no match, findings, unsupported claim).
EXIT_NO_RESULT = 1
#: Exit status: a usage error or an unknown name (argparse uses 2 too).
EXIT_USAGE = 2

#: ``--format`` choices of a tabular command.
TABLE_FORMATS: tuple[str, ...] = ("plain", "simple", "github", "html", "latex")
#: ``accelspec compare``'s formats: :data:`accelspec.comparison.FORMATS`, written here so that
#: building the parser imports no feature module (a test keeps the two equal).
COMPARE_FORMATS: tuple[str, ...] = TABLE_FORMATS + ("csv",)
#: The rule editions ``export-control --rule`` names in its help: the keys of
#: :data:`accelspec.export_control.rules.RULES`, written here for the same reason (tested equal).
RULE_EDITIONS: tuple[str, ...] = ("2022", "2023", "2024", "2025-h20", "2026")


def common_parser() -> argparse.ArgumentParser:
    """A parent parser with the options every catalog-reading command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", action="append", metavar="FILE",
                        help="merge this catalog file over the packaged one (repeatable)")
    return common


def add_output_options(parser: argparse.ArgumentParser, *, formats: Sequence[str] | None = TABLE_FORMATS,
                       units: bool = False) -> None:
    """Add ``--json`` (always), ``-f/--format`` (when ``formats`` is given) and, with ``units``,
    ``-u/--unit METRIC=UNIT`` (repeatable display units, ``--unit bf16=PFLOP/s``)."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    if formats:
        parser.add_argument("-f", "--format", default="simple", choices=tuple(formats),
                            help="table format (default simple); 'json' is the same as --json"
                            if "json" in formats else "table format (default simple)")
    if units:
        parser.add_argument("-u", "--unit", action="append", metavar="METRIC=UNIT",
                            help="display unit of a metric, e.g. bf16=PFLOP/s (repeatable)")


def terminal_width() -> int:
    """Columns to fit: ``COLUMNS`` when set, else the terminal's, else 80."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--json`` (or ``--format json``) was given."""
    return bool(getattr(args, "json", False) or getattr(args, "format", None) == "json")


def emit(text: str = "") -> None:
    """Print ``text`` on stdout (the one place command modules print results through)."""
    print(text)


def emit_json(obj: Any) -> None:
    """Print one JSON document (UTF-8, indented)."""
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def emit_json_lines(objs: Iterable[Any]) -> None:
    """Print one compact JSON document per line (for commands that stream results)."""
    for obj in objs:
        print(json.dumps(obj, ensure_ascii=False))


def emit_text(text: str, *, indent: str = "") -> None:
    """Print prose wrapped to :func:`terminal_width` (each line of ``text`` wrapped alone)."""
    from accelspec.formatting import wrap

    width = terminal_width()
    print("\n".join(wrap(line, width, indent=indent) if line else "" for line in text.split("\n")))


def plain(obj: Any) -> Any:
    """A result object as JSON-ready data: attrs classes become dicts of their fields, quantities
    ``{"value": magnitude, "unit": "TB/s"}``, enums their value, tuples lists."""
    import enum

    import attrs

    if attrs.has(type(obj)):
        return {f.name: plain(getattr(obj, f.name)) for f in attrs.fields(type(obj))}
    if hasattr(obj, "magnitude") and hasattr(obj, "units"):
        return {"value": float(obj.magnitude), "unit": f"{obj.units:~P}"}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    return obj


def emit_table(rows: list[list[str]], headers: list[str], fmt: str = "simple",
               notes: Sequence[str] = ()) -> None:
    """Print a table fitted to :func:`terminal_width`, then its footnotes wrapped to it."""
    from accelspec.formatting import fit_table, wrap

    width = terminal_width()
    print(fit_table(rows, headers, width, fmt=fmt))
    if notes and fmt in ("plain", "simple", "github"):
        print()
        for n in notes:
            print(wrap(n, width, indent="  "))


def display_units(args: argparse.Namespace) -> dict[str, str]:
    """``--unit bf16=PFLOP/s`` options as ``{"bf16": "PFLOP/s"}``.

    Raises
    ------
    InvalidArgumentError
        For an option without ``=``.
    """
    from accelspec.errors import InvalidArgumentError

    out: dict[str, str] = {}
    for item in split_list(getattr(args, "unit", None)) or []:
        metric, sep, unit = item.partition("=")
        if not sep or not metric.strip() or not unit.strip():
            raise InvalidArgumentError(f"--unit takes METRIC=UNIT (e.g. bf16=PFLOP/s), got {item!r}")
        out[metric.strip()] = unit.strip()
    return out


def catalog_from_args(args: argparse.Namespace) -> Catalog:
    """The packaged catalog, or the user's ``--catalog`` files merged over it."""
    from accelspec.catalogs import catalog, load_catalog

    files = getattr(args, "catalog", None) or []
    return load_catalog(*files) if files else catalog()


def check_vendor(cat: Catalog, vendor: str | Sequence[str] | None) -> None:
    """An unknown ``--vendor`` is a usage error with suggestions, not an empty table.

    Raises
    ------
    InvalidArgumentError
        Naming the vendor, the close matches and every vendor of the catalog.
    """
    import difflib

    from accelspec.errors import InvalidArgumentError

    wanted = [vendor] if isinstance(vendor, str) else list(vendor or [])
    vendors = cat.vendors
    known = {v.casefold() for v in vendors}
    for v in wanted:
        if v.casefold() in known:
            continue
        close = difflib.get_close_matches(v.casefold(), sorted(known), n=3, cutoff=0.5)
        by_fold = {x.casefold(): x for x in vendors}
        hint = f"; did you mean {', '.join(repr(by_fold[c]) for c in close)}?" if close else ""
        raise InvalidArgumentError(f"no vendor {v!r} in the catalog{hint} (vendors: {', '.join(vendors)})")


def join_name(cat: Catalog, words: Sequence[str]) -> list[str]:
    """Names from positional words, joining words a shell split (``Ascend 910B``).

    Each maximal run of words that the catalog knows as one name becomes that name (longest
    first); a word that is not part of a known name stays as it is, so the lookup that follows
    reports it with suggestions.

    >>> from accelspec.catalogs import catalog
    >>> join_name(catalog(), ["Ascend", "910B", "H200"])
    ['Ascend 910B', 'H200']
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            candidate = " ".join(words[i:j])
            if j - i == 1 or candidate in cat:
                out.append(candidate)
                i = j
                break
    return out


def split_list(values: Sequence[str] | None) -> list[str] | None:
    """Flatten repeated and comma-separated option values (``-m a,b -m c``)."""
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out
