"""``accelspec export``: the whole catalog (or one vendor's part) as CSV, JSON or Parquet.

Output convention (:mod:`accelspec.cli.common`): ``--format`` here names the file format (the
data is not a table for the terminal, so it is never fitted to ``COLUMNS``); ``--json`` is
``--format json``. Exit status 0 when written, 2 for a usage error (parquet without ``-o``,
pyarrow missing) or an unknown ``--vendor`` (with suggestions); errors are one line.
"""

from __future__ import annotations

import argparse
import sys

from accelspec.cli.common import EXIT_OK, catalog_from_args, check_vendor, emit, wants_json

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``export [--format csv|json|parquet] [--layout wide|long] [--vendor V] [-o FILE]``."""
    e = sub.add_parser(
        "export", parents=[common], help="the catalog as CSV, JSON or Parquet",
        description="Write the catalog: CSV or Parquet in the wide layout (one row per entry, "
                    "unit-suffixed columns) or the long one (one row per claim); JSON as the full "
                    "export (schema version, sources, every claim) unless --layout is given.")
    e.add_argument("-f", "--format", choices=("csv", "json", "parquet"), default="csv",
                   help="file format (default csv)")
    e.add_argument("--json", action="store_true", help="the same as --format json")
    e.add_argument("--layout", choices=("wide", "long"), default=None,
                   help="table layout (default: wide for CSV/Parquet, the full export for JSON)")
    e.add_argument("--vendor", action="append", help="only this vendor (repeatable)")
    e.add_argument("-o", "--out", metavar="FILE", help="write to FILE (required for parquet)")
    e.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Handler of ``accelspec export``; returns the exit status."""
    from accelspec.errors import InvalidArgumentError

    fmt = "json" if wants_json(args) else args.format
    cat = catalog_from_args(args)
    if args.vendor:
        check_vendor(cat, args.vendor)
        cat = cat.filter(vendor=args.vendor)
    if fmt == "parquet":
        if not args.out:
            raise InvalidArgumentError("--format parquet needs -o FILE")
        try:
            path = cat.to_parquet(args.out, layout=args.layout or "wide")
        except ImportError as exc:
            raise InvalidArgumentError(" ".join(str(exc).split())) from None
        emit(f"wrote {path}")
        return EXIT_OK
    if fmt == "csv":
        text = cat.to_csv(args.out, layout=args.layout or "wide")
    else:
        text = cat.to_json(args.out, layout=args.layout, indent=None)
    if args.out:
        emit(f"wrote {args.out}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK
