"""``accelspec catalog check|page``: validate catalog files and regenerate the catalog page."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accelspec.cli.common import catalog_from_args
from accelspec.errors import InvalidArgumentError

__all__ = ["register"]


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
    text = render_page(catalog_from_args(args))
    if args.write:
        path = packaged_catalog_dir() / "README.md"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(text)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``catalog check`` and ``catalog page`` to ``sub``."""
    cat = sub.add_parser("catalog", help="catalog maintenance")
    catsub = cat.add_subparsers(dest="catalog_command", required=True)
    chk = catsub.add_parser("check", help="validate catalog files (default: the packaged catalog)")
    chk.add_argument("files", nargs="*", metavar="FILE")
    chk.add_argument("--alone", action="store_true", help="check FILEs without the packaged catalog")
    chk.set_defaults(func=cmd_catalog_check)
    page = catsub.add_parser("page", parents=[common], help="the generated catalog page (Markdown)")
    page.add_argument("--write", action="store_true", help="write catalog/README.md instead of printing")
    page.set_defaults(func=cmd_catalog_page)
