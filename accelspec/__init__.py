"""accelspec: typed, unit-aware, sourced specifications of AI accelerators.

>>> import accelspec as acs
>>> acs.get("H200").memory.bandwidth
<Quantity(4.8, 'terabyte / second')>
>>> round(acs.ratio("H20", "H200", "bf16"), 2)
0.15

Importing the package is cheap: pint is imported, and the catalog parsed, on first use.
"""

from accelspec._version import __version__
from accelspec.api import compare, get, rank, ratio, ratio_range, search
from accelspec.catalogs import Catalog, catalog, load_catalog
from accelspec.comparison import Comparison, Ranking
from accelspec.errors import (
    AccelspecError,
    AmbiguousNameError,
    CatalogError,
    MissingSpecError,
    UnitError,
    UnknownAcceleratorError,
    UnknownMetricError,
)
from accelspec.lookup import Match
from accelspec.metrics import Metric, get_metric
from accelspec.spec import (
    Accelerator,
    Claim,
    Interconnect,
    Memory,
    NotDisclosed,
    Power,
    Price,
    Provenance,
    Source,
    SourceKind,
    Status,
)
from accelspec.units import Q_, parse_unit, registry

from accelspec import metrics  # noqa: E402  (the module, for acs.metrics.names())


__all__ = [
    "Accelerator",
    "AccelspecError",
    "AmbiguousNameError",
    "Catalog",
    "CatalogError",
    "Claim",
    "Comparison",
    "Interconnect",
    "Match",
    "Memory",
    "Metric",
    "MissingSpecError",
    "NotDisclosed",
    "Power",
    "Price",
    "Provenance",
    "Q_",
    "Ranking",
    "Source",
    "SourceKind",
    "Status",
    "UnitError",
    "UnknownAcceleratorError",
    "UnknownMetricError",
    "__version__",
    "catalog",
    "compare",
    "get",
    "get_metric",
    "load_catalog",
    "metrics",
    "parse_unit",
    "rank",
    "ratio",
    "ratio_range",
    "registry",
    "search",
]
