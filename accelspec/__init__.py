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
    UnknownModelError,
    UnknownNameError,
    UnknownRuleError,
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
    "list_metrics": "accelspec.metrics",
    "resolve": "accelspec.catalogs",
    "ChipClaim": "accelspec.claims.model",
    "Verdict": "accelspec.claims.model",
    "ClaimCheck": "accelspec.claims.check",
    "check_claim": "accelspec.claims.check",
    "parse_claim": "accelspec.claims.parse",
    "check_text": "accelspec.claims.text",
    "TextReport": "accelspec.claims.text",
    "Finding": "accelspec.claims.text",
    "tpp": "accelspec.export_control.tpp",
    "performance_density": "accelspec.export_control.tpp",
    "classify": "accelspec.export_control.classify",
    "what_would_it_take": "accelspec.export_control.classify",
    "attainable": "accelspec.workloads.roofline",
    "ModelSpec": "accelspec.workloads.models",
    "get_model": "accelspec.workloads.models",
    "fits": "accelspec.workloads.models",
    "decode": "accelspec.workloads.llm",
    "prefill": "accelspec.workloads.llm",
    "training_time": "accelspec.workloads.llm",
    "relative_performance": "accelspec.workloads.relative",
    "Measurement": "accelspec.measured",
    "efficiency": "accelspec.workloads.efficiency",
    "measurements": "accelspec.workloads.efficiency",
    "DoesNotFitError": "accelspec.workloads.models",
    "training_memory": "accelspec.workloads.llm",
    "Serving": "accelspec.workloads.serving",
    "predict": "accelspec.workloads.serving",
    "serve": "accelspec.workloads.serving",
    "validate": "accelspec.workloads.validate",
    "energy_per_token": "accelspec.workloads.relative",
    "electricity_cost_per_million_tokens": "accelspec.workloads.relative",
    "hardware_cost_per_million_tokens": "accelspec.workloads.relative",
    "tco": "accelspec.workloads.costs",
    "TCO": "accelspec.workloads.costs",
    "from_device_name": "accelspec.identity",
    "from_pci_id": "accelspec.identity",
    "current_device": "accelspec.identity",
    "peak_flops": "accelspec.peaks",
    "mfu": "accelspec.peaks",
}

if TYPE_CHECKING:  # pragma: no cover
    from accelspec import metrics
    from accelspec.catalogs import resolve
    from accelspec.claims.check import ClaimCheck, check_claim
    from accelspec.claims.model import ChipClaim, Verdict
    from accelspec.claims.parse import parse_claim
    from accelspec.claims.text import Finding, TextReport, check_text
    from accelspec.comparison import Comparison, Ranking
    from accelspec.export_control.classify import classify, what_would_it_take
    from accelspec.export_control.tpp import performance_density, tpp
    from accelspec.lookup import Match
    from accelspec.metrics import Metric, get_metric, list_metrics
    from accelspec.identity import current_device, from_device_name, from_pci_id
    from accelspec.measured import Measurement
    from accelspec.peaks import mfu, peak_flops
    from accelspec.workloads.costs import TCO, tco
    from accelspec.workloads.efficiency import efficiency, measurements
    from accelspec.workloads.llm import decode, prefill, training_memory, training_time
    from accelspec.workloads.models import DoesNotFitError, ModelSpec, fits, get_model
    from accelspec.workloads.relative import (
        electricity_cost_per_million_tokens,
        energy_per_token,
        hardware_cost_per_million_tokens,
        relative_performance,
    )
    from accelspec.workloads.serving import Serving, predict, serve
    from accelspec.workloads.validate import validate
    from accelspec.workloads.roofline import attainable


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


_EAGER = [
    "Accelerator", "AccelspecError", "AmbiguousNameError", "Catalog", "CatalogError", "Claim",
    "Interconnect", "InvalidArgumentError", "Memory", "MissingSpecError", "NotDisclosed", "Power",
    "Price", "Provenance", "Q_", "Source", "SourceKind", "Status", "UnitError",
    "UnknownAcceleratorError", "UnknownMetricError", "UnknownModelError", "UnknownNameError",
    "UnknownRuleError", "__version__", "catalog", "compare", "get",
    "load_catalog", "parse_unit", "rank", "ratio", "ratio_range", "registry", "search",
]

__all__ = sorted([*_EAGER, *_LAZY, "metrics"])
