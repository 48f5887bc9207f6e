"""``accelspec catalog check|page``: validate catalog files and regenerate the catalog page."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pathlib import Path

from accelspec.cli.common import (
    EXIT_NO_RESULT,
    EXIT_OK,
    EXIT_USAGE,
    catalog_from_args,
    emit,
    emit_json_lines,
    wants_json,
)
from accelspec.errors import CatalogError, InvalidArgumentError

__all__ = ["collect_errors", "register"]


def cmd_catalog_check(args: argparse.Namespace) -> int:
    """Handler of ``accelspec catalog check``: every error in the files (exit 2), else the
    linter's findings (exit 1 when there are any), with the files' own totals."""
    from accelspec.catalogs import Catalog, packaged_files
    from accelspec.lint import lint

    if args.files:
        errors, (n_entries, n_sources) = collect_errors(args.files, alone=args.alone)
        what = f"{n_entries} entries, {n_sources} sources in {len(args.files)} file(s)"
        if errors:
            if wants_json(args):
                emit_json_lines({"file": e.file, "entry": e.entry, "field": e.field, "error": e.problem}
                                for e in errors)
            for e in errors:
                print(f"accelspec: error: {' '.join(str(e).split())}", file=sys.stderr)
            print(f"{len(errors)} error(s); {what}", file=sys.stderr)
            return EXIT_USAGE
    if args.files and args.alone:
        cat = Catalog.from_files(args.files)
    elif args.files:
        # user files are checked over the packaged catalog, so ids and sources may refer to it
        cat = Catalog.from_files(packaged_files(), *[[f] for f in args.files])
    else:
        cat = Catalog.from_files(packaged_files())
        what = f"{len(cat)} entries, {len(cat.sources)} sources, {len(cat.files)} files"
    findings = lint(cat)
    if args.files and not args.alone:
        own = _ids_in(args.files)
        findings = [f for f in findings if f.file in args.files or f.entry in own]
    if wants_json(args):
        emit_json_lines({"file": f.file, "entry": f.entry, "text": str(f)} for f in findings)
    else:
        for f in findings:  # one finding a line, whatever the width: tools grep these
            emit(str(f))
    if findings:
        print(f"{len(findings)} finding(s); {what}", file=sys.stderr)
        return EXIT_NO_RESULT
    if not wants_json(args):
        emit(f"ok: {what}, no findings")
    return EXIT_OK


def collect_errors(files: Sequence[str], *, alone: bool = False) -> tuple[list[CatalogError], tuple[int, int]]:
    """Every :class:`~accelspec.errors.CatalogError` in ``files``, not only the first.

    The loader stops at the first error (its strict API stays so); here each ``[[source]]``,
    ``[[accelerator]]`` and ``[[system]]`` table is read alone, then the tables that read are
    built over the packaged catalog (unless ``alone``), dropping each entry the build names as
    wrong and building again, until the build succeeds or an error names no entry of the files.

    Returns
    -------
    (errors, (entries, sources))
        The errors in file order, and how many entries and sources the files define.
    """
    from accelspec.catalogs import packaged_files
    from accelspec.loader import (
        _TOP_KEYS,
        RawLayer,
        _read_entry,
        _read_source,
        build_entries,
        parse_toml,
        read_layer,
        read_path,
    )

    errors: list[CatalogError] = []
    sources: dict[str, Any] = {}
    entries: dict[str, Any] = {}
    n_entries = n_sources = 0
    seen: dict[str, int] = {}  # ids in the order the files define them, to report in that order

    def attempt(fn: Any, *a: Any) -> Any:
        try:
            return fn(*a)
        except CatalogError as exc:
            errors.append(exc)
            return None

    for f in files:
        read = attempt(read_path, f)
        doc = None if read is None else attempt(parse_toml, read[1], read[0])
        if not isinstance(doc, dict):
            continue
        name = read[0]
        for key in sorted(set(doc) - _TOP_KEYS):
            errors.append(CatalogError(f"unknown key {key!r} at the top level; expected one of "
                                       f"{', '.join(sorted(_TOP_KEYS))}", file=name, field=key))
        if "schema" in doc and doc["schema"] != 1:
            errors.append(CatalogError(f"unsupported schema {doc['schema']!r} (this accelspec reads schema 1)",
                                       file=name, field="schema"))
        for key in ("source", "accelerator", "system"):
            if key in doc and not isinstance(doc[key], list):
                errors.append(CatalogError(f"'{key}' must be an array of tables ([[{key}]])", file=name, field=key))
        tables = [(t, "source") for t in _as_list(doc.get("source"))]
        tables += [(t, "accelerator") for t in _as_list(doc.get("accelerator"))]
        tables += [(t, "system") for t in _as_list(doc.get("system"))]
        counters = {"source": 0, "accelerator": 0, "system": 0}
        for table, kind in tables:
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                seen.setdefault(table["id"], len(seen))
            i = counters[kind]
            counters[kind] += 1
            if kind == "source":
                n_sources += 1
                src = attempt(_read_source, table, name, i)
                if src is not None:
                    if src.id in sources:
                        errors.append(CatalogError("source id defined twice", file=name, entry=src.id, field="id"))
                    sources[src.id] = src
            else:
                n_entries += 1
                entry = attempt(_read_entry, table, name, i, kind == "system")
                if entry is not None:
                    if entry.id in entries:
                        errors.append(CatalogError(f"duplicate id (also in {entries[entry.id].file})",
                                                   file=name, entry=entry.id, field="id"))
                    entries[entry.id] = entry
    base = [] if alone else [read_layer(read_path(p) for p in packaged_files())]
    while True:
        try:
            build_entries(base + [RawLayer(files=tuple(files), sources=dict(sources), entries=dict(entries))])
            break
        except CatalogError as exc:
            errors.append(exc)
            if exc.entry in entries:
                del entries[exc.entry]
            elif exc.entry in sources:
                del sources[exc.entry]
            else:  # an error that names nothing of the files': no further entry can be told apart
                break
    unique = list({str(e): e for e in errors}.values())
    order = {str(f): i for i, f in enumerate(files)}
    unique.sort(key=lambda e: (order.get(str(e.file), len(order)), seen.get(str(e.entry), -1)))
    return unique, (n_entries, n_sources)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


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
