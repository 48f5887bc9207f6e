"""The ``accelspec`` command line: a thin layer over the library.

Commands::

    accelspec show NAME [--json]
    accelspec compare A B [C ...] [--metrics M ...] [--baseline X] [--unit M=U] [--format FMT]
    accelspec rank METRIC [--vendor V] [--status S|all] [-n N] [--format FMT]
    accelspec search TEXT [--json]
    accelspec list [--vendor V] [--status S|all] [--format FMT]
    accelspec metrics [--format FMT]
    accelspec catalog check [FILE ...] | catalog page [--write | --output FILE]

One output convention (see :mod:`accelspec.cli.common`): ``--json`` on every command, ``--format``
on every tabular one, tables fitted to ``COLUMNS`` (80 when unknown), ``--version``. Exit codes:
0 a result, 1 no result (a search with no match, findings, an unsupported claim with
``--exit-code``), 2 a usage error or an unknown name. A name of several words needs no quotes
where it is unambiguous (``accelspec show Ascend 910B``).

Every command takes ``--catalog FILE`` (repeatable) to merge a user's catalog files over the
packaged one. Each feature has its own module here (:mod:`~accelspec.cli.core`,
:mod:`~accelspec.cli.claims`, :mod:`~accelspec.cli.export_control`,
:mod:`~accelspec.cli.workloads`, :mod:`~accelspec.cli.maintenance`); this package is the only
place in accelspec that imports argparse or prints. Errors print one line on stderr (with
suggestions, never a traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accelspec.cli.common import EXIT_USAGE
from accelspec.errors import AccelspecError

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from accelspec.cli import check, claims, core, export, export_control, llm, maintenance, validate, workloads
    from accelspec.cli.common import common_parser

    from accelspec._version import __version__

    common = common_parser()
    p = argparse.ArgumentParser(
        prog="accelspec", description="Typed, sourced AI accelerator specs.",
        epilog="exit status: 0 a result, 1 no result (e.g. a search with no match), "
               "2 a usage error or an unknown name")
    p.add_argument("--version", action="version", version=f"accelspec {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for module in (core, claims, check, export_control, workloads, maintenance, llm, validate, export):
        module.register(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AccelspecError as exc:
        print(f"accelspec: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a file that cannot be read or written: one line, no traceback
        if isinstance(exc, BrokenPipeError):  # pragma: no cover - `accelspec ... | head`
            return 0
        where = f": {exc.filename}" if exc.filename else ""
        print(f"accelspec: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
