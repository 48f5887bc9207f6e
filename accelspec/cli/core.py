"""The catalog commands: ``show``, ``compare``, ``rank``, ``search``, ``list`` and ``metrics``."""

from __future__ import annotations

import argparse
import json
import sys

from typing import TYPE_CHECKING

from accelspec.cli.common import (
    EXIT_NO_RESULT,
    EXIT_OK,
    add_output_options,
    catalog_from_args,
    check_vendor,
    display_units,
    emit,
    emit_json,
    emit_json_lines,
    emit_table,
    join_name,
    split_list,
    terminal_width,
    wants_json,
)
from accelspec.errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["register"]


def cmd_show(args: argparse.Namespace) -> int:
    cat = catalog_from_args(args)
    name = " ".join(args.name)
    if wants_json(args):
        from accelspec.serialize import accelerator_to_dict

        emit_json(accelerator_to_dict(cat.get(name)))
        return EXIT_OK
    # plain data from the verified cache: a table needs floats and unit symbols, not pint
    from accelspec.formatting import format_number, scale_value, wrap

    acc = cat.plain(name)
    rows = []
    for f in acc["fields"]:
        claims = f["claims"]
        chosen = claims[f["chosen"]]
        v = chosen["value"]
        if chosen["unit"] is None:
            text = v
        else:
            shown, unit = scale_value(v, chosen["unit"]) if acc["system"] else (v, chosen["unit"])
            text = f"{format_number(shown)} {unit}"
        extra = ", ".join(f"{k}={x}" for k, x in chosen["extra"].items())
        if extra:
            text += f" ({extra})"
        marks = []
        if len(claims) > 1:
            if chosen["unit"] is None:
                disputed = claims[0]["value"] != claims[-1]["value"]
            else:
                mags = [c["value"] for c in claims]
                disputed = max(mags) > min(mags) * 1.001
            marks.append(f"{len(claims)} claims" + (", disputed" if disputed else ""))
        if chosen["derived_from"]:
            marks.append(f"= {chosen['derived_from']} x {chosen['factor']:g}")
        rows.append([f["field"], text, f"{chosen['source']} ({chosen['kind']}, {chosen['date']})",
                     "; ".join(marks)])
    width = terminal_width()
    emit(wrap(f"{acc['name']}  [{acc['id']}]  {acc['vendor']} {acc['family'] or ''}  status: {acc['status']}",
              width))
    if acc["aliases"]:
        emit(wrap("aliases: " + ", ".join(acc["aliases"]), width, indent="  "))
    emit()
    emit_table(rows, ["field", "value", "source", "notes"], args.format)
    return EXIT_OK


def _plain_tables(args: argparse.Namespace) -> bool:
    """Whether a table can come from the catalog cache's plain data (no pint): a text or CSV
    table of the packaged catalog in the metrics' own units; JSON, ``--catalog`` and ``--unit``
    take the pint path."""
    return not wants_json(args) and not getattr(args, "catalog", None) and not getattr(args, "unit", None)


def cmd_compare(args: argparse.Namespace) -> int:
    cat = catalog_from_args(args)
    names = join_name(cat, args.names)
    comp = None
    if _plain_tables(args):
        from accelspec.comparison import plain_comparison

        comp = plain_comparison(cat, names, split_list(args.metrics), args.baseline)
    if comp is None:
        from accelspec.api import compare

        comp = compare(*names, metrics=split_list(args.metrics), baseline=args.baseline, catalog=cat)
    if wants_json(args):
        emit(comp.to_json(indent=2))
    elif args.format == "csv":
        print(comp.table("csv"), end="")
    else:
        emit(comp.table(args.format, width=terminal_width(), units=display_units(args)))
    return EXIT_OK


def cmd_rank(args: argparse.Namespace) -> int:
    cat = catalog_from_args(args)
    status = None if args.status == "all" else args.status
    check_vendor(cat, args.vendor)
    r = None
    if _plain_tables(args):
        from accelspec.comparison import plain_ranking

        r = plain_ranking(cat, args.metric, status=status, vendor=args.vendor, systems=args.systems,
                          limit=args.limit)
    if r is None:
        from accelspec.api import rank

        r = rank(args.metric, status=status, vendor=args.vendor, systems=args.systems, limit=args.limit,
                 catalog=cat)
    if wants_json(args):
        emit_json(r.to_dicts())
    else:
        units = display_units(args)
        unit = units.pop(r.metric.name, None)
        if units:
            raise InvalidArgumentError(f"--unit names {', '.join(units)}; this ranking is by {r.metric.name}")
        emit(r.table(args.format, width=terminal_width(), unit=unit))
    return EXIT_OK if r.entries else EXIT_NO_RESULT


def cmd_search(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    # ids and names from the name index: no entry is built, so no pint
    matches = catalog_from_args(args).search_names(text, limit=args.limit)
    if not matches:
        print(f"no accelerator resembles {text!r}", file=sys.stderr)
        return EXIT_NO_RESULT
    if wants_json(args):
        emit_json_lines({"score": round(score, 4), "id": eid, "name": name, "matched": matched.strip(" -_.")}
                        for eid, name, score, matched in matches)
        return EXIT_OK
    rows = [[f"{score:.2f}", eid, name, matched.strip(" -_.")] for eid, name, score, matched in matches]
    emit_table(rows, ["score", "id", "name", "matched"], args.format)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    cat = catalog_from_args(args)
    check_vendor(cat, args.vendor)
    status = None if args.status == "all" else args.status
    # the cache's plain records where the catalog is served from it (no pint), else the entries
    records = cat.cached_records(vendor=args.vendor, status=status)
    if records is not None:
        sel = [(r["id"], r["name"], r["vendor"], r["status"], len(r["provenance"])) for r in records]
    else:
        sel = [(a.id, a.name, a.vendor, a.status.value, len(a.provenance))
               for a in cat.filter(vendor=args.vendor, status=status)]
    if wants_json(args):
        emit_json_lines({"id": i, "name": n, "vendor": v, "status": s, "fields": f} for i, n, v, s, f in sel)
    else:
        rows = [[i, n, v, s, str(f)] for i, n, v, s, f in sel]
        emit_table(rows, ["id", "name", "vendor", "status", "fields"], args.format)
    return EXIT_OK if sel else EXIT_NO_RESULT


def cmd_metrics(args: argparse.Namespace) -> int:
    from accelspec.metrics import list_metrics

    if wants_json(args):
        emit_json([{"metric": n, "unit": u, "meaning": d} for n, u, d in list_metrics()])
        return EXIT_OK
    emit_table([list(t) for t in list_metrics()], ["metric", "unit", "meaning"], args.format)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add the catalog commands to ``sub``; ``common`` carries the shared options."""
    s = sub.add_parser("show", parents=[common], help="one accelerator with every value and its source")
    s.add_argument("name", nargs="+", help="a name; several words need no quotes (Ascend 910B)")
    add_output_options(s)
    s.set_defaults(func=cmd_show)

    from accelspec.cli.common import COMPARE_FORMATS as FORMATS

    c = sub.add_parser("compare", parents=[common], help="a comparison table")
    c.add_argument("names", nargs="+", metavar="NAME")
    c.add_argument("-m", "--metrics", action="append", metavar="M[,M...]",
                   help="metric names (see `accelspec metrics`); repeat or comma-separate")
    c.add_argument("-b", "--baseline", help="show values relative to this accelerator")
    add_output_options(c, formats=FORMATS + ("json",), units=True)
    c.set_defaults(func=cmd_compare)

    r = sub.add_parser("rank", parents=[common], help="rank the catalog by one metric")
    r.add_argument("metric")
    r.add_argument("--vendor")
    r.add_argument("--status", default="shipping",
                   help="shipping (default), announced, roadmap, discontinued or all")
    r.add_argument("--systems", action="store_true", help="rank systems instead of single accelerators")
    r.add_argument("-n", "--limit", type=int)
    add_output_options(r, formats=("plain", "simple", "github", "html", "latex", "json"), units=True)
    r.set_defaults(func=cmd_rank)

    q = sub.add_parser("search", parents=[common], help="ranked candidates for a name (exit 1: no match)")
    q.add_argument("text", nargs="+")
    q.add_argument("-n", "--limit", type=int, default=10)
    add_output_options(q)
    q.set_defaults(func=cmd_search)

    ls = sub.add_parser("list", parents=[common], help="list catalog entries (JSON lines with --json)")
    ls.add_argument("--vendor")
    ls.add_argument("--status", help="shipping, announced, roadmap, discontinued or all (default: all)")
    add_output_options(ls)
    ls.set_defaults(func=cmd_list)

    mt = sub.add_parser("metrics", help="metric names, units and meaning")
    add_output_options(mt)
    mt.set_defaults(func=cmd_metrics)
