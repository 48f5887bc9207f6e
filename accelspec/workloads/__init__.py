"""Workloads on accelerators: roofline bounds, LLM models and bounds, relative performance,
energy and cost per token, and roofline plots.

- :mod:`~accelspec.workloads.roofline`: attainable rate at an arithmetic intensity, ridge
  points and crossovers;
- :mod:`~accelspec.workloads.models`: LLM architectures (:class:`ModelSpec`, presets) and
  memory fit;
- :mod:`~accelspec.workloads.llm`: decode, prefill and training bounds;
- :mod:`~accelspec.workloads.relative`: one workload on two chips, energy and cost per token;
- :mod:`~accelspec.workloads.plot`: roofline charts (needs matplotlib).

Every function that takes a chip takes a name or an :class:`~accelspec.spec.Accelerator`.
"""

from accelspec.workloads.llm import (
    Decode,
    DecodeBound,
    Prefill,
    PrefillBound,
    Training,
    TrainingBound,
    decode,
    prefill,
    training_time,
)
from accelspec.workloads.models import Fit, ModelSpec, fits, get_model, kv_cache_memory, weight_memory
from accelspec.workloads.relative import (
    RelativePerformance,
    electricity_cost_per_million_tokens,
    energy_per_token,
    hardware_cost_per_million_tokens,
    relative_performance,
)
from accelspec.workloads.roofline import Roofline, RooflinePoint, attainable, crossover_intensity, roofline_curve

__all__ = [
    "Decode",
    "DecodeBound",
    "Fit",
    "ModelSpec",
    "Prefill",
    "PrefillBound",
    "RelativePerformance",
    "Roofline",
    "RooflinePoint",
    "Training",
    "TrainingBound",
    "attainable",
    "crossover_intensity",
    "decode",
    "electricity_cost_per_million_tokens",
    "energy_per_token",
    "fits",
    "get_model",
    "hardware_cost_per_million_tokens",
    "kv_cache_memory",
    "prefill",
    "relative_performance",
    "roofline_curve",
    "training_time",
    "weight_memory",
]
