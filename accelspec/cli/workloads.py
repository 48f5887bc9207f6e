"""``accelspec roofline``: roofline bounds of several chips, crossovers and an optional plot."""

from __future__ import annotations

import argparse
import sys

from accelspec.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_output_options,
    catalog_from_args,
    emit,
    emit_json,
    emit_table,
    join_name,
    wants_json,
)

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``roofline NAME [NAME ...] [--precision P] [--sparse] [--intensity X] [--out FILE]``."""
    r = sub.add_parser(
        "roofline", parents=[common], help="roofline bounds of several chips, crossovers, and an optional plot",
        description="Peak, bandwidth and ridge point of each chip at one precision; with "
                    "--intensity, the attainable rate and binding resource there, relative to the "
                    "first chip; with --out, a roofline plot (needs matplotlib).")
    r.add_argument("names", nargs="+", metavar="NAME")
    r.add_argument("-p", "--precision", default="bf16", help="compute precision (default bf16)")
    r.add_argument("--sparse", action="store_true", help="use 2:4-sparse peaks")
    r.add_argument("-i", "--intensity", type=float, metavar="FLOP_PER_BYTE",
                   help="a workload's arithmetic intensity in FLOP/B, marked and evaluated")
    r.add_argument("-n", "--n-chips", type=int, default=1, help="chips per system (default 1)")
    r.add_argument("-o", "--out", metavar="FILE", help="write a roofline plot (PNG, SVG, PDF)")
    add_output_options(r)
    r.set_defaults(func=cmd_roofline)


def cmd_roofline(args: argparse.Namespace) -> int:
    """Handler of ``accelspec roofline``; returns the exit status."""
    from accelspec.formatting import format_number
    from accelspec.units import Q_
    from accelspec.workloads.roofline import attainable, crossover_intensity

    cat = catalog_from_args(args)
    accs = [cat.get(n) for n in join_name(cat, args.names)]
    x = Q_(args.intensity if args.intensity is not None else 1.0, "FLOP/B")
    points = [attainable(a, args.precision, x, args.sparse, n_chips=args.n_chips) for a in accs]
    unit = f"{points[0].peak.units:~P}"
    headers = ["accelerator", f"peak [{unit}]", "bandwidth [TB/s]", "ridge [FLOP/B]"]
    if args.intensity is not None:
        headers += [f"attainable [{unit}]", "bound", f"vs {accs[0].name}"]
    rows = []
    for acc, p in zip(accs, points):
        row = [acc.name, format_number(p.peak.magnitude), format_number(p.bandwidth.magnitude),
               format_number(p.ridge.magnitude)]
        if args.intensity is not None:
            rel = float((p.attainable / points[0].attainable).to("count").magnitude)
            row += [format_number(p.attainable.magnitude), p.bound, f"{rel:.3g}"]
        rows.append(row)
    notes, crossings = [], []
    for i, a in enumerate(accs):
        for other in accs[i + 1:]:
            c = crossover_intensity(a, other, args.precision, args.sparse,
                                    n_chips_a=args.n_chips, n_chips_b=args.n_chips)
            where = "never cross" if c is None else f"cross at {format_number(c.magnitude)} FLOP/B"
            notes.append(f"{a.name} and {other.name}: rooflines {where}")
            crossings.append({"a": a.id, "b": other.id, "flop_per_byte": None if c is None else float(c.magnitude)})
    if wants_json(args):
        emit_json({"precision": args.precision, "sparse": args.sparse, "unit": unit,
                   "rows": [dict(zip(["id"] + headers[1:], [a.id] + r[1:])) for a, r in zip(accs, rows)],
                   "crossovers": crossings})
    else:
        emit_table(rows, headers, args.format, notes)
    if args.out:
        from accelspec.workloads.plot import save_roofline

        try:
            path = save_roofline(args.out, accs, args.precision, sparse=args.sparse,
                                 intensity=x if args.intensity is not None else None,
                                 n_chips=args.n_chips)
        except ImportError as exc:  # matplotlib is an optional extra
            print(f"accelspec: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not wants_json(args):
            emit(f"wrote {path}")
    return EXIT_OK
