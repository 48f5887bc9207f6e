"""``accelspec validate``: every prediction beside every measurement, with error statistics;
``accelspec measurements``: the measured results.

Output convention (:mod:`accelspec.cli.common`): tables fitted to ``COLUMNS`` (80 when unknown)
in ``--format``, or ``--json`` (``validate``: one document; ``measurements``: JSON lines, one
measurement a line). Exit status 0 with a result, 1 when ``validate --strict`` flags a bound or
``measurements`` matches none, 2 for a usage error or an unknown chip.
"""

from __future__ import annotations

import argparse

from accelspec.cli.common import (
    EXIT_NO_RESULT,
    EXIT_OK,
    add_output_options,
    catalog_from_args,
    emit,
    emit_json,
    emit_json_lines,
    emit_table,
    emit_text,
    join_name,
    plain,
    wants_json,
)

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
    add_output_options(v)
    v.set_defaults(func=cmd_validate)
    m = sub.add_parser("measurements", parents=[common], help="measured results, with efficiency",
                       description="List measurements (all, or one chip's), with achieved / peak.")
    m.add_argument("chip", nargs="*", metavar="CHIP", help="one chip (several words need no quotes)")
    m.add_argument("-q", "--quantity", help="only this quantity (matrix_throughput, memory_bandwidth...)")
    add_output_options(m)
    m.set_defaults(func=cmd_measurements)


def cmd_validate(args: argparse.Namespace) -> int:
    """Handler of ``accelspec validate``."""
    from accelspec.formatting import format_number
    from accelspec.workloads.validate import validate

    report = validate(catalog_from_args(args))
    status = EXIT_NO_RESULT if args.strict and report.flagged else EXIT_OK
    if wants_json(args):
        emit_json({"summary": report.summary(), "flagged": [c.measurement.id for c in report.flagged],
                   "comparisons": [{"measurement": c.measurement.id, "chip": c.measurement.chip, "kind": c.kind,
                                    "efficiency": c.efficiency, "measured": c.measured, "predicted": c.predicted,
                                    "unit": c.unit, "ratio": c.ratio, "flagged": c.flagged}
                                   for c in report.comparisons],
                   "ratios": [{"a": r.a.id, "b": r.b.id, "measured": r.measured, "predicted": r.predicted,
                               "predicted_at_peak": r.predicted_at_peak} for r in report.ratios],
                   "skipped": [{"measurement": mid, "reason": why} for mid, why in report.skipped]})
        return status
    if not args.summary:
        rows = [[r[0], r[2], r[3], r[4], r[5], r[6], "BELOW" if r[7] else ""] for r in report.rows()]
        emit_table(rows, ["measurement", "kind", "efficiency", "measured", "predicted", "pred/meas", "flag"],
                   args.format)
        if report.ratios:
            emit()
            emit_table([[f"{r.a.chip} / {r.b.chip}", f"{r.measured:.3f}", f"{r.predicted:.3f}", f"{r.error:+.1%}",
                         f"{r.predicted_at_peak:.3f}"] for r in report.ratios],
                       ["pair (per chip)", "measured", "predicted", "error", "at peak"], args.format)
        emit()
    stats = [[name, str(s["n"]), f"{s['median_ratio']:.3f}", f"{s['min_ratio']:.3f}", f"{s['max_ratio']:.3f}",
              f"{s['median_abs_error']:.1%}", f"{s['within_25pct']}/{s['n']}", str(s.get("flagged", ""))]
             for name, s in report.summary().items() if s["n"]]
    emit_table(stats, ["comparison", "n", "median pred/meas", "min", "max", "median |error|", "within 25%",
                       "flagged"], args.format)
    if report.skipped and not args.summary:
        emit("\nnot predicted:")
        for mid, why in report.skipped:
            emit_text(f"  {mid}: {why}", indent="    ")
    for c in report.flagged:
        emit()
        emit_text(f"FLAG {c.measurement.id}: the {c.kind} bound {format_number(c.predicted)} {c.unit} is below "
                  f"the measured {format_number(c.measured)} {c.unit}; {c.note}", indent="  ")
    return status


def cmd_measurements(args: argparse.Namespace) -> int:
    """Handler of ``accelspec measurements``."""
    from accelspec.errors import AccelspecError, InvalidArgumentError
    from accelspec.formatting import format_number
    from accelspec.workloads.efficiency import efficiency

    cat = catalog_from_args(args)
    chip = None
    if args.chip:
        names = join_name(cat, args.chip)
        if len(names) != 1:
            raise InvalidArgumentError(f"measurements takes one CHIP, got {', '.join(map(repr, names))}")
        chip = cat.get(names[0]).id
    found = list(cat.measurements(chip, args.quantity))
    fractions: list[float | None] = []
    for m in found:
        try:
            fractions.append(efficiency(m.chip, m.quantity, m.precision, measurement=m.id, catalog=cat).fraction)
        except (AccelspecError, LookupError):
            fractions.append(None)
    if wants_json(args):
        emit_json_lines({"id": m.id, "chip": m.chip, "quantity": m.quantity, "precision": m.precision,
                         "value": plain(m.value), "per": m.per, "chip_count": m.chip_count,
                         "of_peak": f, "source": m.source.id} for m, f in zip(found, fractions))
    else:
        rows = [[m.id] + ([] if chip else [m.chip]) + [m.quantity + (f" {m.precision}" if m.precision else ""),
                 f"{format_number(m.value.magnitude)} {m.display_unit}",
                 m.per if m.per == "chip" else f"{m.chip_count} chips", "" if f is None else f"{f:.3f}",
                 m.source.id] for m, f in zip(found, fractions)]
        emit_table(rows, ["measurement"] + ([] if chip else ["chip"]) + ["quantity", "value", "per", "of peak",
                                                                         "source"], args.format)
    return EXIT_OK if found else EXIT_NO_RESULT
