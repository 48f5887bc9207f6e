"""``accelspec check FILE|-``: every checkable claim in a text, with its verdict."""

from __future__ import annotations

import argparse
import sys

from accelspec.cli.common import (
    EXIT_NO_RESULT,
    EXIT_OK,
    add_output_options,
    catalog_from_args,
    emit,
    emit_table,
    emit_text,
    wants_json,
)
from accelspec.errors import InvalidArgumentError

__all__ = ["register"]


def _cmd_check(args: argparse.Namespace) -> int:
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
    if wants_json(args):
        if report.findings:
            emit(report.to_json_lines())
    elif report.findings:
        rows = [[f"{f.span[0]}-{f.span[1]}", report.excerpt(f.span, 20), f.claim.describe(),
                 f.check.verdict.value] for f in report.findings]
        emit_table(rows, ["span", "claimed", "reading", "verdict"], args.format)
        if report.skipped:
            emit()
            emit_text(f"{len(report.skipped)} candidate(s) not read; --json lists the findings")
    else:
        emit_text("no checkable claims found")
    if not report.findings:
        return EXIT_NO_RESULT
    return 1 if args.exit_code and report.failing else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``accelspec check FILE|- [--json] [--exit-code] [--lang en|zh] [--catalog FILE]``."""
    p = sub.add_parser("check", parents=[common],
                       help="find and check every claim in a text file ('-' reads stdin)")
    p.add_argument("file", help="a text or Markdown file, or - for standard input")
    add_output_options(p)
    p.add_argument("--exit-code", action="store_true",
                   help="exit with status 1 if any claim is contradicted or misleading")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="language of the explanations (default: the text's)")
    p.set_defaults(func=_cmd_check)
