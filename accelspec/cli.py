"""The ``accelspec`` command line: a thin layer over the library.

Commands::

    accelspec show NAME [--json]
    accelspec compare A B [C ...] [--metrics M ...] [--baseline X] [--format FMT]
    accelspec search TEXT
    accelspec list [--vendor V] [--status S]
    accelspec metrics
    accelspec catalog check [FILE ...]

Every command takes ``--catalog FILE`` (repeatable) to merge a user's catalog files over the
packaged one. Errors print one line on stderr (with suggestions) and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from accelspec.errors import AccelspecError, InvalidArgumentError

__all__ = ["main"]


def _catalog(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from accelspec.catalogs import catalog, load_catalog

    files = getattr(args, "catalog", None) or []
    return load_catalog(*files) if files else catalog()


def _split(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def cmd_show(args: argparse.Namespace) -> int:
    from accelspec.serialize import accelerator_to_dict

    acc = _catalog(args).get(args.name)
    if args.json:
        print(json.dumps(accelerator_to_dict(acc), ensure_ascii=False, indent=2))
        return 0
    from tabulate import tabulate

    from accelspec.comparison import format_number

    rows = []
    for field, p in acc.provenance.items():
        v = p.chosen.value
        text = v if isinstance(v, str) else f"{format_number(float(v.magnitude))} {v.units:~P}"
        extra = ", ".join(f"{k}={x}" for k, x in p.chosen.extra.items())
        if extra:
            text += f" ({extra})"
        src = p.chosen.source
        marks = []
        if len(p.claims) > 1:
            marks.append(f"{len(p.claims)} claims" + (", disputed" if p.disputed else ""))
        if p.chosen.derived_from:
            marks.append(f"= {p.chosen.derived_from} x {p.chosen.factor:g}")
        rows.append([field, text, f"{src.id} ({src.kind.value}, {src.date})", "; ".join(marks)])
    print(f"{acc.name}  [{acc.id}]  {acc.vendor} {acc.family or ''}  status: {acc.status.value}")
    if acc.aliases:
        print("aliases: " + ", ".join(acc.aliases))
    print()
    print(tabulate(rows, headers=["field", "value", "source", "notes"], disable_numparse=True))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from accelspec.api import compare

    cat = _catalog(args)
    comp = compare(*args.names, metrics=_split(args.metrics), baseline=args.baseline, catalog=cat)
    if args.format == "json":
        print(comp.to_json(indent=2))
    else:
        print(comp.table(args.format), end="" if args.format == "csv" else "\n")
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    from accelspec.api import rank

    status = None if args.status == "all" else args.status
    r = rank(args.metric, status=status, vendor=args.vendor, systems=args.systems, limit=args.limit,
             catalog=_catalog(args))
    if args.format == "json":
        print(json.dumps(r.to_dicts(), ensure_ascii=False, indent=2))
    else:
        print(r.table(args.format))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    matches = _catalog(args).search(args.text, limit=args.limit)
    if not matches:
        print(f"no accelerator resembles {args.text!r}", file=sys.stderr)
        return 1
    for m in matches:
        print(f"{m.score:4.2f}  {m.accelerator.id:32s}  {m.accelerator.name}  (matched {m.matched!r})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    cat = _catalog(args).filter(vendor=args.vendor, status=args.status)
    rows = [[a.id, a.name, a.vendor, a.status.value, len(a.provenance)] for a in cat]
    print(tabulate(rows, headers=["id", "name", "vendor", "status", "fields"]))
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from accelspec.metrics import names

    print(tabulate(names(), headers=["metric", "unit", "meaning"]))
    return 0


def cmd_catalog_check(args: argparse.Namespace) -> int:
    from accelspec.catalogs import Catalog, packaged_files
    from accelspec.lint import lint

    if args.files and args.alone:
        cat = Catalog.from_files(args.files)
    elif args.files:
        # user files are checked over the packaged catalog, so ids and sources may refer to it
        cat = Catalog.from_files(packaged_files(), *[[f] for f in args.files])
    else:
        cat = Catalog.from_files(packaged_files())
    findings = lint(cat)
    if args.files and not args.alone:
        own = _ids_in(args.files)
        findings = [f for f in findings if f.file in args.files or f.entry in own]
    for f in findings:
        print(f)
    if findings:
        print(f"{len(findings)} finding(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(cat)} entries, {len(cat.sources)} sources, {len(cat.files)} files, no findings")
    return 0


def _ids_in(files: Sequence[str]) -> set[str]:
    """Ids the files define, read without building them (they may cite packaged sources)."""
    from accelspec.loader import read_layer, read_path

    return set(read_layer(read_path(f) for f in files).entries)


def cmd_catalog_page(args: argparse.Namespace) -> int:
    from accelspec.catalog_page import render_page
    from accelspec.catalogs import packaged_catalog_dir

    if args.write and args.catalog:
        # the written page is the packaged catalog's own; a user's files must not end up in it
        raise InvalidArgumentError("--write regenerates the packaged catalog page; it takes no --catalog files")
    text = render_page(_catalog(args))
    if args.write:
        path = packaged_catalog_dir() / "README.md"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", action="append", metavar="FILE",
                        help="merge this catalog file over the packaged one (repeatable)")
    p = argparse.ArgumentParser(prog="accelspec", description="Typed, sourced AI accelerator specs.")
    sub = p.add_subparsers(dest="command", required=True)

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

    from accelspec import claims, export_control, workloads

    claims.register_cli(sub)
    export_control.register_cli(sub, parents=[common])
    workloads.register_cli(sub)

    cat = sub.add_parser("catalog", help="catalog maintenance")
    catsub = cat.add_subparsers(dest="catalog_command", required=True)
    chk = catsub.add_parser("check", help="validate catalog files (default: the packaged catalog)")
    chk.add_argument("files", nargs="*", metavar="FILE")
    chk.add_argument("--alone", action="store_true", help="check FILEs without the packaged catalog")
    chk.set_defaults(func=cmd_catalog_check)
    page = catsub.add_parser("page", parents=[common], help="the generated catalog page (Markdown)")
    page.add_argument("--write", action="store_true", help="write catalog/README.md instead of printing")
    page.set_defaults(func=cmd_catalog_page)
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
