"""``accelspec export``: the whole catalog (or one vendor's part) as CSV, JSON or Parquet."""

from __future__ import annotations

import argparse
import sys

from accelspec.cli.common import catalog_from_args

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``export [--format csv|json|parquet] [--layout wide|long] [--vendor V] [-o FILE]``."""
    e = sub.add_parser(
        "export", parents=[common], help="the catalog as CSV, JSON or Parquet",
        description="Write the catalog: CSV or Parquet in the wide layout (one row per entry, "
                    "unit-suffixed columns) or the long one (one row per claim); JSON as the full "
                    "export (schema version, sources, every claim) unless --layout is given.")
    e.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    e.add_argument("--layout", choices=("wide", "long"), default=None,
                   help="table layout (default: wide for CSV/Parquet, the full export for JSON)")
    e.add_argument("--vendor", action="append", help="only this vendor (repeatable)")
    e.add_argument("-o", "--out", metavar="FILE", help="write to FILE (required for parquet)")
    e.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Handler of ``accelspec export``; returns the exit status."""
    cat = catalog_from_args(args)
    if args.vendor:
        cat = cat.filter(vendor=args.vendor)
    if args.format == "parquet":
        if not args.out:
            print("accelspec: error: --format parquet needs -o FILE", file=sys.stderr)
            return 2
        try:
            path = cat.to_parquet(args.out, layout=args.layout or "wide")
        except ImportError as exc:
            print(f"accelspec: error: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {path}")
        return 0
    if args.format == "csv":
        text = cat.to_csv(args.out, layout=args.layout or "wide")
    else:
        text = cat.to_json(args.out, layout=args.layout, indent=None)
    if args.out:
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
