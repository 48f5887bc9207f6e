"""The top-level functions: lookup, ratios and comparisons over a catalog.

Each takes accelerators by name (id, alias, Chinese name) or as :class:`Accelerator` objects, and
an optional ``catalog`` (default: the packaged one), so a user's own catalog works everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from typing import TYPE_CHECKING

from accelspec.catalogs import Catalog, catalog, resolve
from accelspec.spec import Accelerator

if TYPE_CHECKING:  # pragma: no cover - imported on first use to keep `import accelspec` cheap
    from accelspec.comparison import Comparison, Ranking
    from accelspec.lookup import Match
    from accelspec.metrics import Metric

__all__ = ["compare", "get", "rank", "ratio", "ratio_range", "search"]


def get(name: str, *, catalog: Catalog | None = None) -> Accelerator:
    """Look up an accelerator by id, name or alias, exactly.

    Case, spaces, dashes, dots and full-width characters are ignored; substrings never match
    (``"H20"`` is not ``"H200"``).

    Parameters
    ----------
    name : str
        ``"H200"``, ``"nvidia-h200-sxm"``, ``"Ascend 910B"``, ``"昇腾910B"``...
    catalog : Catalog, optional
        Where to look (default: the packaged catalog).

    Returns
    -------
    Accelerator

    Raises
    ------
    UnknownAcceleratorError
        A :class:`LookupError` with ``.suggestions``.
    AmbiguousNameError
        If the name matches several entries.

    Examples
    --------
    >>> import accelspec as acs
    >>> acs.get("h200").id
    'nvidia-h200-sxm'
    >>> acs.get("H2O0")
    Traceback (most recent call last):
    ...
    accelspec.errors.UnknownAcceleratorError: no accelerator named 'H2O0' in the catalog; did you mean ...
    """
    return (catalog or _default()).get(name)


def search(text: str, *, limit: int = 10, catalog: Catalog | None = None) -> list[Match]:
    """Ranked candidates for a partial or misspelt name.

    Returns
    -------
    list of Match
        Best first; each has ``.accelerator``, ``.score`` (0 to 1) and ``.matched``.

    Examples
    --------
    >>> import accelspec as acs
    >>> acs.search("H20")[0].accelerator.id
    'nvidia-h20'
    """
    return (catalog or _default()).search(text, limit)


def ratio(a: str | Accelerator, b: str | Accelerator, metric: str | Metric, *,
          catalog: Catalog | None = None) -> float:
    """``metric(a) / metric(b)``, like for like, as a plain float.

    Both sides use the same metric, precision, engine and sparsity; there is no fallback from
    dense to sparse.

    Parameters
    ----------
    a, b : str or Accelerator
        The accelerators (names are looked up with :func:`get`).
    metric : str or Metric
        A metric name: ``"bf16"``, ``"fp8:sparse"``, ``"memory.bandwidth"``, ``"ridge:bf16"``...

    Returns
    -------
    float
        Dimensionless.

    Raises
    ------
    MissingSpecError
        Naming the chip and the field it lacks.

    Examples
    --------
    >>> import accelspec as acs
    >>> round(acs.ratio("H200", "H100 SXM", "memory.bandwidth"), 3)
    1.433
    """
    from accelspec.metrics import ratio_of

    return ratio_of(resolve(a, catalog), resolve(b, catalog), metric)


def ratio_range(a: str | Accelerator, b: str | Accelerator, metric: str | Metric, *,
                catalog: Catalog | None = None) -> tuple[float, float, float]:
    """(low, chosen, high) of ``metric(a) / metric(b)`` over the catalog's conflicting claims.

    Examples
    --------
    >>> import accelspec as acs
    >>> lo, mid, hi = acs.ratio_range("H20", "Ascend 910B", "bf16")
    >>> lo < mid < hi
    True
    """
    from accelspec.metrics import ratio_range as _rr

    return _rr(resolve(a, catalog), resolve(b, catalog), metric)


def rank(metric: str | Metric, *, status: str | Iterable[str] | None = "shipping",
         vendor: str | Iterable[str] | None = None, systems: bool = False, limit: int | None = None,
         predicate: Callable[[Accelerator], bool] | None = None,
         catalog: Catalog | None = None) -> Ranking:
    """Rank catalog entries by a metric, best first.

    Parameters
    ----------
    metric : str or Metric
        e.g. ``"memory.bandwidth"``, ``"perf_per_watt:bf16"``.
    status : str or iterable, optional
        Default ``"shipping"``: announced and roadmap parts are never mixed in unless asked
        for (``status=None`` for all).
    vendor, predicate : optional
        Further filters (see :meth:`Catalog.filter`).
    systems : bool
        Rank systems instead of single accelerators.
    limit : int, optional
        Keep the first ``limit``.

    Returns
    -------
    Ranking
        ``.entries`` best first, ``.missing`` those lacking a figure (never ranked as zero).
    """
    from accelspec.comparison import build_ranking

    cat = (catalog or _default()).filter(predicate, vendor=vendor, status=status, systems=systems)
    return build_ranking(cat, metric, limit)


def compare(*accelerators: str | Accelerator | Sequence[str | Accelerator],
            metrics: str | Iterable[str | Metric] | None = None,
            baseline: str | Accelerator | None = None, catalog: Catalog | None = None) -> Comparison:
    """Compare accelerators on several metrics.

    Parameters
    ----------
    *accelerators : str or Accelerator, or a list of them
        Two or more (one works too); ``compare(["H20", "H200"])`` is ``compare("H20", "H200")``.
    metrics : str or iterable of str, optional
        Metric names, or one comma-separated string (``"memory.bandwidth,bf16"``); default
        :data:`accelspec.comparison.DEFAULT_METRICS`.
    baseline : str or Accelerator, optional
        Show each value relative to this accelerator too (it need not be among the rows).

    Returns
    -------
    Comparison
        Prints as a table; ``.to_dicts()``, ``.to_json()``, ``.table(fmt)`` for other forms.
    """
    from accelspec.comparison import build_comparison
    from accelspec.errors import InvalidArgumentError

    items: list[str | Accelerator] = []
    for a in accelerators:  # compare(["H20", "H200"]) means compare("H20", "H200")
        if isinstance(a, (list, tuple)):
            items.extend(a)
        else:
            items.append(a)  # type: ignore[arg-type]
    if not items:
        raise InvalidArgumentError("compare needs at least one accelerator, e.g. compare('H20', 'H200')")
    if isinstance(metrics, str):  # "bf16" or "memory.bandwidth,bf16", not its characters
        metrics = [m.strip() for m in metrics.split(",") if m.strip()]
    cat = catalog or _default()
    accs = [resolve(a, cat) for a in items]
    base = resolve(baseline, cat) if baseline is not None else None
    return build_comparison(accs, metrics, base)


def _default() -> Catalog:
    return catalog()
