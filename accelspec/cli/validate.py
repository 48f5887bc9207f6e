"""``accelspec validate``: every prediction beside every measurement, with error statistics."""

from __future__ import annotations

import argparse

from accelspec.cli.common import catalog_from_args

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``validate [--summary]`` and ``measurements [CHIP] [--quantity Q]``."""
    v = sub.add_parser("validate", parents=[common], help="predictions against measured results",
                       description="Compare peak bounds, LLM decode/prefill/serving bounds (at peak and "
                                   "with measured efficiencies) and MLPerf cross-chip ratios with the "
                                   "measurements in catalog/measurements; bounds below a measurement "
                                   "are flagged. Exit status 1 if any is flagged with --strict.")
    v.add_argument("--summary", action="store_true", help="print only the statistics and flags")
    v.add_argument("--strict", action="store_true", help="exit 1 when a bound is below a measurement")
    v.set_defaults(func=cmd_validate)
    m = sub.add_parser("measurements", parents=[common], help="measured results, with efficiency",
                       description="List measurements (all, or one chip's), with achieved / peak.")
    m.add_argument("chip", nargs="?", metavar="CHIP")
    m.add_argument("-q", "--quantity", help="only this quantity (matrix_throughput, memory_bandwidth...)")
    m.set_defaults(func=cmd_measurements)


def cmd_validate(args: argparse.Namespace) -> int:
    """Handler of ``accelspec validate``."""
    from accelspec.workloads.validate import validate

    report = validate(catalog_from_args(args))
    text = str(report)
    if args.summary:
        text = text.split("\n\n", 1)[1] if "\n\n" in text else text
    print(text)
    return 1 if args.strict and report.flagged else 0


def cmd_measurements(args: argparse.Namespace) -> int:
    """Handler of ``accelspec measurements``."""
    from tabulate import tabulate

    from accelspec.errors import AccelspecError
    from accelspec.formatting import format_number
    from accelspec.workloads.efficiency import efficiency

    cat = catalog_from_args(args)
    rows = []
    for m in cat.measurements(args.chip, args.quantity):
        try:
            e = f"{efficiency(m.chip, m.quantity, m.precision, measurement=m.id, catalog=cat).fraction:.3f}"
        except (AccelspecError, LookupError):
            e = ""
        rows.append([m.id, m.chip, m.quantity + (f" {m.precision}" if m.precision else ""),
                     f"{format_number(m.value.magnitude)} {m.display_unit}",
                     m.per if m.per == "chip" else f"{m.chip_count} chips", e, m.source.id])
    print(tabulate(rows, headers=["measurement", "chip", "quantity", "value", "per", "of peak", "source"],
                   disable_numparse=True))
    return 0
