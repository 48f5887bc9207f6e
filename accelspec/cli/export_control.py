"""``accelspec export-control``: TPP, performance density and 3A090 class (not legal advice)."""

from __future__ import annotations

import argparse

from accelspec.cli.common import (
    EXIT_OK,
    add_output_options,
    catalog_from_args,
    emit,
    emit_json_lines,
    emit_table,
    join_name,
    terminal_width,
    wants_json,
)

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``export-control [NAMES...] [--rule R] [--no-datacenter] [--explain]``.

    The handler prints a table of TPP, performance density and class for the named chips
    (default: the whole catalog), ``n/d`` where a figure is not disclosed.
    """
    from accelspec.cli.common import RULE_EDITIONS as RULES

    p = sub.add_parser(
        "export-control", parents=[common], help="TPP, performance density and 3A090 class (not legal advice)",
        description="TPP, performance density and US export-control class (ECCN 3A090) computed "
                    "from the catalog, with the rule edition's thresholds. Not legal advice.")
    p.add_argument("names", nargs="*", metavar="NAME", help="accelerators (default: the whole catalog)")
    p.add_argument("--rule", metavar="R", help=f"rule edition: {', '.join(RULES)} (default: newest)")
    p.add_argument("--datacenter", action=argparse.BooleanOptionalAction, default=True,
                   help="treat the chips as designed or marketed for datacenters (default: yes)")
    p.add_argument("--explain", action="store_true", help="print each chip's reason under the table")
    add_output_options(p)
    p.set_defaults(func=_cmd_export_control)


def _cmd_export_control(args: argparse.Namespace) -> int:
    from accelspec.export_control import classify, get_rule
    from accelspec.export_control.tpp import _area_mm2
    from accelspec.formatting import format_number as _n
    from accelspec.spec import NotDisclosed

    cat = catalog_from_args(args)
    ed = get_rule(args.rule)
    accs = [cat.resolve(n) for n in join_name(cat, args.names)] if args.names else list(cat)
    rows, reasons, docs = [], [], []
    for a in accs:
        c = classify(a, ed, datacenter=args.datacenter, catalog=cat)
        t = c.tpp
        if t is None:
            by = "n/d"
        elif t.parts:
            by = " + ".join(f"{n} x {r.accelerator}" for r, n in t.parts)
        else:
            by = f"{t.precision.upper()} {_n(float(t.rate.magnitude))} x {t.bit_length}"
        area = "n/d" if a.is_system or isinstance(a.die_area, NotDisclosed) else _n(_area_mm2(a))
        row = [a.name, "n/d" if t is None else _n(t.value), by, area,
               "n/d" if c.performance_density is None else _n(c.performance_density),
               c.cls + (" (parts)" if c.parts else "")]
        if ed.kind == "licence-policy":
            row.append(c.licence_review or "")
        rows.append(row)
        reasons.append(f"{a.name}: {c.reason}")
        docs.append({"id": a.id, "name": a.name, "rule": ed.key, "tpp": None if t is None else t.value,
                     "performance_density": c.performance_density, "class": c.cls, "reason": c.reason})
    if wants_json(args):
        emit_json_lines(docs)
        return EXIT_OK
    headers = ["accelerator", "TPP", "set by (dense rate x bits)", "die area [mm^2]", "PD", "class"]
    if ed.kind == "licence-policy":
        headers.append("China licence review")
    notes = [f"rule {ed.key}: {ed.title}; {ed.citation}; effective {ed.effective.isoformat()}"]
    if args.explain:
        notes += ["", *reasons]
    notes.append("Computed from public figures for information; not legal advice.")
    emit_table(rows, headers, args.format, notes)
    if args.format not in ("plain", "simple", "github"):
        width = terminal_width()
        from accelspec.formatting import wrap

        emit("\n" + "\n".join(wrap(n, width, indent="  ") for n in notes))
    return EXIT_OK
