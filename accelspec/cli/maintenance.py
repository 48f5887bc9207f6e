"""``accelspec catalog check|page``: validate catalog files and regenerate the catalog page."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pathlib import Path

from accelspec.cli.common import EXIT_NO_RESULT, EXIT_OK, catalog_from_args, emit, emit_json_lines, wants_json
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
    if wants_json(args):
        emit_json_lines({"file": f.file, "entry": f.entry, "text": str(f)} for f in findings)
    else:
        for f in findings:  # one finding a line, whatever the width: tools grep these
            emit(str(f))
    if args.files:  # the checked files' own totals, not the merged catalog's
        n_entries, n_sources = _totals(args.files)
        what = f"{n_entries} entries, {n_sources} sources in {len(args.files)} file(s)"
    else:
        what = f"{len(cat)} entries, {len(cat.sources)} sources, {len(cat.files)} files"
    if findings:
        print(f"{len(findings)} finding(s); {what}", file=sys.stderr)
        return EXIT_NO_RESULT
    if not wants_json(args):
        emit(f"ok: {what}, no findings")
    return EXIT_OK


def _ids_in(files: Sequence[str]) -> set[str]:
    """Ids the files define, read without building them (they may cite packaged sources)."""
    from accelspec.loader import read_layer, read_path

    return set(read_layer(read_path(f) for f in files).entries)


def _totals(files: Sequence[str]) -> tuple[int, int]:
    """(entries, sources) the files themselves define."""
    from accelspec.loader import read_layer, read_path

    layer = read_layer(read_path(f) for f in files)
    return len(layer.entries), len(layer.sources)


def cmd_catalog_page(args: argparse.Namespace) -> int:
    from accelspec.catalog_page import render_page
    from accelspec.catalogs import packaged_catalog_dir

    if args.write and args.catalog:
        # the written page is the packaged catalog's own; a user's files must not end up in it
        raise InvalidArgumentError("--write regenerates the packaged catalog page; it takes no --catalog files")
    text = render_page(catalog_from_args(args))
    if args.output:
        out = Path(args.output)
        out.write_text(text + "\n", encoding="utf-8")
        emit(f"wrote {out}")
    elif args.write:
        directory = packaged_catalog_dir()
        if _installed(directory):
            raise InvalidArgumentError(
                f"--write regenerates a source checkout's catalog/README.md, but {directory} is an installed "
                "package; run it from a checkout, or give --output FILE")
        path = directory / "README.md"
        path.write_text(text, encoding="utf-8")
        emit(f"wrote {path}")
    else:
        emit(text)
    return EXIT_OK


def _installed(directory: Path) -> bool:
    """Whether ``directory`` lies in an installed environment rather than a source checkout."""
    return any(part in ("site-packages", "dist-packages") for part in directory.resolve().parts)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``catalog check`` and ``catalog page`` to ``sub``."""
    cat = sub.add_parser("catalog", help="catalog maintenance")
    catsub = cat.add_subparsers(dest="catalog_command", required=True)
    chk = catsub.add_parser("check", help="validate catalog files (default: the packaged catalog)")
    chk.add_argument("files", nargs="*", metavar="FILE")
    chk.add_argument("--alone", action="store_true", help="check FILEs without the packaged catalog")
    chk.add_argument("--json", action="store_true", help="print findings as JSON lines")
    chk.set_defaults(func=cmd_catalog_check)
    page = catsub.add_parser("page", parents=[common], help="the generated catalog page (Markdown)")
    page.add_argument("--write", action="store_true",
                      help="write a source checkout's catalog/README.md instead of printing (never site-packages)")
    page.add_argument("-o", "--output", metavar="FILE", help="write the page to FILE")
    page.set_defaults(func=cmd_catalog_page)
