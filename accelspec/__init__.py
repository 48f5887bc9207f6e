"""accelspec: typed, unit-aware, sourced specifications of AI accelerators.

>>> import accelspec as acs
>>> acs.get("H200").memory.bandwidth
<Quantity(4.8, 'terabyte / second')>
>>> round(acs.ratio("H20", "H200", "bf16"), 2)
0.15

Importing the package is cheap: pint is imported, and the catalog parsed, on first use.
"""

from typing import TYPE_CHECKING, Any

from accelspec._version import __version__
from accelspec.api import compare, get, rank, ratio, ratio_range, search
from accelspec.catalogs import Catalog, catalog, load_catalog
from accelspec.errors import (
    AccelspecError,
    AmbiguousNameError,
    CatalogError,
    InvalidArgumentError,
    MissingSpecError,
    UnitError,
    UnknownAcceleratorError,
    UnknownMetricError,
)
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


# Features imported on first use, so `import accelspec` stays cheap. Each name maps to the module
# that defines it (one jump for a reader); type checkers see the real imports below.
_LAZY = {
    "Comparison": "accelspec.comparison",
    "Ranking": "accelspec.comparison",
    "Match": "accelspec.lookup",
    "Metric": "accelspec.metrics",
    "get_metric": "accelspec.metrics",
    "ChipClaim": "accelspec.claims",
    "ClaimCheck": "accelspec.claims",
    "Verdict": "accelspec.claims",
    "check_claim": "accelspec.claims",
    "parse_claim": "accelspec.claim_parse",
    "tpp": "accelspec.export_control",
    "performance_density": "accelspec.export_control",
    "classify": "accelspec.export_control",
    "what_would_it_take": "accelspec.export_control",
    "attainable": "accelspec.roofline",
    "ModelSpec": "accelspec.models",
    "get_model": "accelspec.models",
    "fits": "accelspec.models",
    "decode": "accelspec.llm",
    "prefill": "accelspec.llm",
    "training_time": "accelspec.llm",
    "relative_performance": "accelspec.workloads",
}

if TYPE_CHECKING:  # pragma: no cover
    from accelspec import metrics
    from accelspec.comparison import Comparison, Ranking
    from accelspec.lookup import Match
    from accelspec.metrics import Metric, get_metric
    from accelspec.claim_parse import parse_claim
    from accelspec.claims import ChipClaim, ClaimCheck, Verdict, check_claim
    from accelspec.export_control import classify, performance_density, tpp, what_would_it_take
    from accelspec.llm import decode, prefill, training_time
    from accelspec.models import ModelSpec, fits, get_model
    from accelspec.roofline import attainable
    from accelspec.workloads import relative_performance


def __getattr__(name: str) -> Any:
    """Import a lazily exported feature on first access (PEP 562)."""
    if name == "metrics":  # the module itself, for acs.metrics.names()
        import importlib

        return importlib.import_module("accelspec.metrics")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'accelspec' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ChipClaim",
    "ClaimCheck",
    "ModelSpec",
    "Verdict",
    "attainable",
    "check_claim",
    "classify",
    "decode",
    "fits",
    "get_model",
    "parse_claim",
    "performance_density",
    "prefill",
    "relative_performance",
    "tpp",
    "training_time",
    "what_would_it_take",
    "Accelerator",
    "AccelspecError",
    "AmbiguousNameError",
    "Catalog",
    "CatalogError",
    "Claim",
    "InvalidArgumentError",
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
