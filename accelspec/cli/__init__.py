"""The ``accelspec`` command line: a thin layer over the library.

Commands::

    accelspec show NAME [--json]
    accelspec compare A B [C ...] [--metrics M ...] [--baseline X] [--format FMT]
    accelspec search TEXT
    accelspec list [--vendor V] [--status S]
    accelspec metrics
    accelspec catalog check [FILE ...]

Every command takes ``--catalog FILE`` (repeatable) to merge a user's catalog files over the
packaged one. Each feature has its own module here (:mod:`~accelspec.cli.core`,
:mod:`~accelspec.cli.claims`, :mod:`~accelspec.cli.export_control`,
:mod:`~accelspec.cli.workloads`, :mod:`~accelspec.cli.maintenance`); this package is the only
place in accelspec that imports argparse or prints. Errors print one line on stderr (with suggestions) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accelspec.errors import AccelspecError

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from accelspec.cli import check, claims, core, export_control, maintenance, workloads
    from accelspec.cli.common import common_parser

    common = common_parser()
    p = argparse.ArgumentParser(prog="accelspec", description="Typed, sourced AI accelerator specs.")
    sub = p.add_subparsers(dest="command", required=True)
    for module in (core, claims, check, export_control, workloads, maintenance):
        module.register(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AccelspecError as exc:
        print(f"accelspec: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - `accelspec ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
