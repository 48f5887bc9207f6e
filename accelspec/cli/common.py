"""What every subcommand shares: the one ``--catalog`` option and the catalog it selects."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["catalog_from_args", "common_parser", "split_list"]


def common_parser() -> argparse.ArgumentParser:
    """A parent parser with the options every catalog-reading command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", action="append", metavar="FILE",
                        help="merge this catalog file over the packaged one (repeatable)")
    return common


def catalog_from_args(args: argparse.Namespace) -> Catalog:
    """The packaged catalog, or the user's ``--catalog`` files merged over it."""
    from accelspec.catalogs import catalog, load_catalog

    files = getattr(args, "catalog", None) or []
    return load_catalog(*files) if files else catalog()


def split_list(values: Sequence[str] | None) -> list[str] | None:
    """Flatten repeated and comma-separated option values (``-m a,b -m c``)."""
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out
