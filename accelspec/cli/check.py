"""``accelspec check FILE|-``: every checkable claim in a text, with its verdict."""

from __future__ import annotations

import argparse
import sys

from accelspec.cli.common import catalog_from_args
from accelspec.errors import InvalidArgumentError

__all__ = ["register"]


def _cmd_check(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from accelspec.claims.text import check_text

    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidArgumentError(f"cannot read {args.file!r}: {exc}") from None
    report = check_text(text, catalog=catalog_from_args(args), lang=args.lang)
    if args.json:
        if report.findings:
            print(report.to_json_lines())
    else:
        rows = [(f"{f.span[0]}-{f.span[1]}", report.excerpt(f.sentence, 50),
                 report.excerpt(f.span, 20), f.claim.describe()[:70], f.check.verdict.value)
                for f in report.findings]
        print(tabulate(rows, headers=["span", "sentence", "number", "reading", "verdict"])
              if rows else "no checkable claims found")
        if report.skipped:
            print(f"({len(report.skipped)} candidate(s) not read; --json lists findings only)")
    return 1 if args.exit_code and report.failing else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``accelspec check FILE|- [--json] [--exit-code] [--lang en|zh] [--catalog FILE]``."""
    p = sub.add_parser("check", parents=[common],
                       help="find and check every claim in a text file ('-' reads stdin)")
    p.add_argument("file", help="a text or Markdown file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print one JSON object per finding")
    p.add_argument("--exit-code", action="store_true",
                   help="exit with status 1 if any claim is contradicted or misleading")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="language of the explanations (default: the text's)")
    p.set_defaults(func=_cmd_check)
