"""The catalog commands: ``show``, ``compare``, ``rank``, ``search``, ``list`` and ``metrics``."""

from __future__ import annotations

import argparse
import json
import sys

from accelspec.cli.common import catalog_from_args, split_list

__all__ = ["register"]


def cmd_show(args: argparse.Namespace) -> int:
    cat = catalog_from_args(args)
    if args.json:
        from accelspec.serialize import accelerator_to_dict

        print(json.dumps(accelerator_to_dict(cat.get(args.name)), ensure_ascii=False, indent=2))
        return 0
    from tabulate import tabulate

    from accelspec.formatting import format_number

    # plain data (canonical floats and unit symbols) from the verified cache: no pint needed
    acc = cat.plain(args.name)
    rows = []
    for f in acc["fields"]:
        claims = f["claims"]
        chosen = claims[f["chosen"]]
        v = chosen["value"]
        text = v if chosen["unit"] is None else f"{format_number(v)} {chosen['unit']}"
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
    print(f"{acc['name']}  [{acc['id']}]  {acc['vendor']} {acc['family'] or ''}  status: {acc['status']}")
    if acc["aliases"]:
        print("aliases: " + ", ".join(acc["aliases"]))
    print()
    print(tabulate(rows, headers=["field", "value", "source", "notes"], disable_numparse=True))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from accelspec.api import compare

    cat = catalog_from_args(args)
    comp = compare(*args.names, metrics=split_list(args.metrics), baseline=args.baseline, catalog=cat)
    if args.format == "json":
        print(comp.to_json(indent=2))
    else:
        print(comp.table(args.format), end="" if args.format == "csv" else "\n")
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    from accelspec.api import rank

    status = None if args.status == "all" else args.status
    r = rank(args.metric, status=status, vendor=args.vendor, systems=args.systems, limit=args.limit,
             catalog=catalog_from_args(args))
    if args.format == "json":
        print(json.dumps(r.to_dicts(), ensure_ascii=False, indent=2))
    else:
        print(r.table(args.format))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    matches = catalog_from_args(args).search(args.text, limit=args.limit)
    if not matches:
        print(f"no accelerator resembles {args.text!r}", file=sys.stderr)
        return 1
    for m in matches:
        print(f"{m.score:4.2f}  {m.accelerator.id:32s}  {m.accelerator.name}  (matched {m.matched!r})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    cat = catalog_from_args(args).filter(vendor=args.vendor, status=args.status)
    rows = [[a.id, a.name, a.vendor, a.status.value, len(a.provenance)] for a in cat]
    print(tabulate(rows, headers=["id", "name", "vendor", "status", "fields"]))
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from accelspec.metrics import names

    print(tabulate(names(), headers=["metric", "unit", "meaning"]))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add the catalog commands to ``sub``; ``common`` carries the shared options."""
    s = sub.add_parser("show", parents=[common], help="one accelerator with every value and its source")
    s.add_argument("name")
    s.add_argument("--json", action="store_true", help="print JSON, quantities as {value, unit}")
    s.set_defaults(func=cmd_show)

    from accelspec.comparison import FORMATS

    c = sub.add_parser("compare", parents=[common], help="a comparison table")
    c.add_argument("names", nargs="+", metavar="NAME")
    c.add_argument("-m", "--metrics", action="append", metavar="M[,M...]",
                   help="metric names (see `accelspec metrics`); repeat or comma-separate")
    c.add_argument("-b", "--baseline", help="show values relative to this accelerator")
    c.add_argument("-f", "--format", default="simple", choices=FORMATS + ("json",))
    c.set_defaults(func=cmd_compare)

    r = sub.add_parser("rank", parents=[common], help="rank the catalog by one metric")
    r.add_argument("metric")
    r.add_argument("--vendor")
    r.add_argument("--status", default="shipping", help="shipping (default), announced, roadmap, discontinued or all")
    r.add_argument("--systems", action="store_true", help="rank systems instead of single accelerators")
    r.add_argument("-n", "--limit", type=int)
    r.add_argument("-f", "--format", default="simple", choices=("plain", "simple", "github", "html", "latex", "json"))
    r.set_defaults(func=cmd_rank)

    q = sub.add_parser("search", parents=[common], help="ranked candidates for a name")
    q.add_argument("text")
    q.add_argument("-n", "--limit", type=int, default=10)
    q.set_defaults(func=cmd_search)

    ls = sub.add_parser("list", parents=[common], help="list catalog entries")
    ls.add_argument("--vendor")
    ls.add_argument("--status")
    ls.set_defaults(func=cmd_list)

    mt = sub.add_parser("metrics", help="metric names, units and meaning")
    mt.set_defaults(func=cmd_metrics)
