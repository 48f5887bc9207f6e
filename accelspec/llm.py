"""Large-language-model workloads: memory footprint, fit, and decode, prefill and training bounds.

A model is a small typed :class:`ModelSpec` (parameter count, layers, KV-cache shape, weight and
KV precisions); a few well-known open models are presets with their published shapes, each with
the address of the configuration it was read from. Every function returns a frozen result whose
quantities carry explicit units (GB, s, token/s), and every bound is pure: the efficiency
factors are parameters that default to 1.0, never hidden constants.

What is counted, and what is not
    Decode reads every active weight once per step plus the KV cache of every sequence in the
    batch, and performs ``2 x active parameters`` FLOP per token. Prefill performs
    ``2 x active parameters x prompt tokens`` FLOP. Training performs ``6 x N x D`` FLOP.
    Attention-score FLOPs, activations, embeddings' separate precision, kernel launch and
    interconnect time are left out: each omission can only make the bound looser, never wrong.
    For a mixture-of-experts model at batch > 1 more experts than one token's are read, so the
    decode bound is optimistic there.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> m = ModelSpec(name="70B at FP8", parameters=Q_(70, "billion"), layers=80, hidden_size=8192,
...               kv_heads=8, head_dim=128, weight_precision="fp8")
>>> weight_memory(m)
<Quantity(70.0, 'gigabyte')>
>>> bool(fits(m, acs.get("H20")))
True
>>> d = decode(m, acs.get("H200"))                 # 4.8 TB/s / 70 GB per token
>>> round(d.per_sequence.magnitude, 1), d.bound
(68.6, 'memory')
"""

from __future__ import annotations

import difflib
import math
from typing import Any

import attrs

from accelspec.errors import UnknownMetricError, WorkloadError
from accelspec.fields import PRECISIONS, parse_precision
from accelspec.roofline import Bound, _chips, _fraction, peak_of
from accelspec.spec import Accelerator
from accelspec.units import Q_, is_quantity, to_unit

__all__ = [
    "BYTES_PER_VALUE",
    "LLAMA3_70B",
    "LLAMA3_8B",
    "MODELS",
    "DEEPSEEK_V3",
    "QWEN25_72B",
    "Decode",
    "DecodeBound",
    "Fit",
    "ModelSpec",
    "Prefill",
    "PrefillBound",
    "Training",
    "TrainingBound",
    "decode",
    "fits",
    "get_model",
    "kv_cache_memory",
    "prefill",
    "training_time",
    "weight_memory",
]

#: Bytes one stored value takes at each precision (tf32 is stored in a 32-bit container).
BYTES_PER_VALUE: dict[str, float] = {
    "fp64": 8, "fp32": 4, "tf32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1,
    "fp6": 0.75, "fp4": 0.5, "int4": 0.5,
}
assert set(BYTES_PER_VALUE) == set(PRECISIONS)


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkloadError(f"{what} must be a positive integer, got {value!r}")
    return value


def _count(value: Any, what: str) -> float:
    """A non-negative count given as a number or a quantity in token / count."""
    if is_quantity(value):
        dims = str(value.dimensionality)
        value = float(value.to("token").magnitude if "[token]" in dims else value.to("count").magnitude)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0:
        raise WorkloadError(f"{what} must be a finite non-negative number, got {value!r}")
    return float(value)


def _parameters(value: Any) -> Any:
    if is_quantity(value):
        q = to_unit(value, "billion", what="ModelSpec.parameters")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 1e4:
            raise WorkloadError(f"a parameter count of {value!r} is implausible; "
                                f"write Q_({value!r}, 'billion') for {value!r} billion parameters")
        q = Q_(float(value) / 1e9, "billion")
    else:
        raise WorkloadError(f"parameters must be a count or a quantity in billion, got {value!r}")
    if not (q.magnitude > 0 and math.isfinite(q.magnitude)):
        raise WorkloadError(f"parameters must be positive, got {value!r}")
    return q


def _optional_parameters(value: Any) -> Any:
    return None if value is None else _parameters(value)


def _optional_int(what: str) -> Any:
    def convert(value: Any) -> int | None:
        return None if value is None else _positive_int(value, what)

    return convert


def _kv_bytes(value: Any) -> Any:
    if value is None:
        return None
    q = to_unit(value, "B/token", what="ModelSpec.kv_bytes_per_token")
    if not q.magnitude > 0:
        raise WorkloadError(f"kv_bytes_per_token must be positive, got {q:~P}")
    return q


@attrs.frozen(kw_only=True)
class ModelSpec:
    """The shape of a decoder-only language model, enough to size its memory and traffic.

    Attributes
    ----------
    name : str
        Display name.
    parameters : pint.Quantity [billion]
        Total parameter count (a plain number is read as a count: ``70e9``).
    layers : int
        Transformer layers.
    hidden_size : int
        Model width.
    kv_heads : int or None
        Key/value heads (GQA groups); with ``head_dim`` it sizes the KV cache.
    head_dim : int or None
        Size of one attention head.
    kv_width : int or None
        Values cached per token per layer; default ``2 x kv_heads x head_dim`` (keys and values).
        Multi-head latent attention caches one latent of ``kv_lora_rank + qk_rope_head_dim``.
    kv_bytes_per_token : pint.Quantity [B/token] or None
        A measured or published KV-cache size per token, used as is (overrides the shape).
    weight_precision : str
        Precision the weights are stored in (``"bf16"``, ``"fp8"``, ``"int4"``...).
    kv_precision : str
        Precision of the KV cache.
    active_parameters : pint.Quantity [billion]
        Parameters used per token (mixture of experts); default ``parameters``.
    source : str
        Where the shape was read (a configuration file's address).
    """

    name: str
    parameters: Any = attrs.field(converter=_parameters)
    layers: int = attrs.field(converter=lambda v: _positive_int(v, "layers"))
    hidden_size: int = attrs.field(converter=lambda v: _positive_int(v, "hidden_size"))
    kv_heads: int | None = attrs.field(default=None, converter=_optional_int("kv_heads"))
    head_dim: int | None = attrs.field(default=None, converter=_optional_int("head_dim"))
    kv_width: int | None = attrs.field(default=None, converter=_optional_int("kv_width"))
    kv_bytes_per_token: Any = attrs.field(default=None, converter=_kv_bytes)
    weight_precision: str = attrs.field(default="bf16", converter=parse_precision)
    kv_precision: str = attrs.field(default="bf16", converter=parse_precision)
    active_parameters: Any = attrs.field(default=None, converter=_optional_parameters)
    source: str = attrs.field(default="", eq=False)

    def __attrs_post_init__(self) -> None:
        if self.active_parameters is None:
            object.__setattr__(self, "active_parameters", self.parameters)
        elif self.active_parameters.magnitude > self.parameters.magnitude * (1 + 1e-12):
            raise WorkloadError(f"{self.name}: active_parameters exceed parameters")
        if self.kv_bytes_per_token is None and self.kv_width is None and (
                self.kv_heads is None or self.head_dim is None):
            raise WorkloadError(f"{self.name}: give kv_heads and head_dim, kv_width, or "
                                f"kv_bytes_per_token, so the KV cache can be sized")

    @property
    def kv_per_token(self) -> Any:
        """KV-cache bytes per token of context [B/token], all layers.

        ``layers x kv_width x bytes(kv_precision)`` unless ``kv_bytes_per_token`` was given.
        """
        if self.kv_bytes_per_token is not None:
            return self.kv_bytes_per_token
        width = self.kv_width if self.kv_width is not None else 2 * (self.kv_heads or 0) * (self.head_dim or 0)
        return Q_(self.layers * width * BYTES_PER_VALUE[self.kv_precision], "B/token")

    def with_precision(self, weights: str | None = None, kv: str | None = None) -> ModelSpec:
        """The same model with weights and/or KV cache stored at other precisions."""
        return attrs.evolve(self, weight_precision=weights or self.weight_precision,
                            kv_precision=kv or self.kv_precision)


# Parameter counts below are summed from each published configuration's shapes (embeddings,
# attention with its biases, gated MLP, norms); the arithmetic is in each comment.
#: Meta Llama 3 8B, BF16 (vocab 128,256; untied embeddings).
LLAMA3_8B = ModelSpec(
    name="Llama 3 8B",
    # 2 x 128256 x 4096 + 32 x (2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336 + 2 x 4096) + 4096
    parameters=8_030_261_248, layers=32, hidden_size=4096, kv_heads=8, head_dim=128,
    source="https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json",
)
#: Meta Llama 3 70B, BF16 (the same shapes as Llama 3.1 and 3.3 70B).
LLAMA3_70B = ModelSpec(
    name="Llama 3 70B",
    # 2 x 128256 x 8192 + 80 x (2 x 8192^2 + 2 x 8192 x 1024 + 3 x 8192 x 28672 + 2 x 8192) + 8192
    parameters=70_553_706_496, layers=80, hidden_size=8192, kv_heads=8, head_dim=128,
    source="https://huggingface.co/meta-llama/Meta-Llama-3-70B/blob/main/config.json",
)
#: Qwen2.5 72B, BF16 (vocab 152,064; QKV biases; 72.7B on its model card).
QWEN25_72B = ModelSpec(
    name="Qwen2.5 72B",
    # 2 x 152064 x 8192 + 80 x (2 x 8192^2 + 2 x 8192 x 1024 + 8192 + 2 x 1024
    #                           + 3 x 8192 x 29568 + 2 x 8192) + 8192
    parameters=72_706_203_648, layers=80, hidden_size=8192, kv_heads=8, head_dim=128,
    source="https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/config.json",
)
#: DeepSeek-V3: mixture of experts, 671B total and 37B activated parameters per token (model
#: card and arXiv:2412.19437; the 14B multi-token-prediction module is not counted), released
#: with FP8 weights; multi-head latent attention caches kv_lora_rank 512 + qk_rope_head_dim 64
#: values per token per layer.
DEEPSEEK_V3 = ModelSpec(
    name="DeepSeek-V3",
    parameters=Q_(671, "billion"), active_parameters=Q_(37, "billion"), layers=61,
    hidden_size=7168, kv_width=512 + 64, weight_precision="fp8", kv_precision="bf16",
    source="https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json",
)

#: Presets by short name.
MODELS: dict[str, ModelSpec] = {
    "llama3-8b": LLAMA3_8B,
    "llama3-70b": LLAMA3_70B,
    "qwen2.5-72b": QWEN25_72B,
    "deepseek-v3": DEEPSEEK_V3,
}


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == ".")


def get_model(name: str) -> ModelSpec:
    """A preset by short or display name (case, spaces and dashes ignored).

    Raises
    ------
    UnknownMetricError
        A :class:`LookupError` naming close presets.

    Examples
    --------
    >>> get_model("Llama 3 70B").layers
    80
    """
    key = _fold(name) if isinstance(name, str) else ""
    for short, m in MODELS.items():
        if key in (_fold(short), _fold(m.name)):
            return m
    raise UnknownMetricError(str(name), difflib.get_close_matches(str(name).lower(), list(MODELS), n=3),
                             what="model preset")


def weight_memory(model: ModelSpec) -> Any:
    """Memory the weights take [GB]: ``parameters x bytes(weight_precision)`` (decimal GB)."""
    b = model.parameters.to("count").magnitude * BYTES_PER_VALUE[model.weight_precision]
    return to_unit(Q_(b, "B"), "GB", what="weight memory")


def _active_weight_bytes(model: ModelSpec) -> Any:
    b = model.active_parameters.to("count").magnitude * BYTES_PER_VALUE[model.weight_precision]
    return Q_(b, "B")


def kv_cache_memory(model: ModelSpec, batch: int = 1, context: int = 0) -> Any:
    """KV-cache memory for ``batch`` sequences of ``context`` tokens each [GB]."""
    n = _positive_int(batch, "batch") * _count(context, "context")
    return to_unit(model.kv_per_token * Q_(n, "token"), "GB", what="KV-cache memory")


@attrs.frozen
class Fit:
    """Whether a model (and its KV cache) fits in the memory of ``n_chips`` chips.

    Truthy when it fits. Quantities in GB (decimal).

    Attributes
    ----------
    model, accelerator : str
        Names.
    n_chips : int
        Chips whose memory is pooled (the model split across them; no replication).
    usable_fraction : float
        Fraction of each chip's capacity available to weights and cache.
    weights, kv_cache, required : pint.Quantity [GB]
        Weight memory, KV-cache memory and their sum.
    capacity, usable : pint.Quantity [GB]
        Total capacity of the chips and ``capacity x usable_fraction``.
    fits : bool
        ``required <= usable``.
    chips_needed : int
        Fewest chips of this kind that hold it at the same usable fraction.
    """

    model: str
    accelerator: str
    n_chips: int
    usable_fraction: float
    weights: Any
    kv_cache: Any
    required: Any
    capacity: Any
    usable: Any
    fits: bool
    chips_needed: int

    @property
    def headroom(self) -> Any:
        """``usable - required`` [GB]; negative when it does not fit."""
        return self.usable - self.required

    def __bool__(self) -> bool:
        return self.fits


def fits(model: ModelSpec, acc: Accelerator, n_chips: int = 1, *, usable_fraction: float = 1.0,
         batch: int = 1, context: int = 0) -> Fit:
    """Whether ``model`` fits on ``n_chips`` of ``acc``, and how many chips it needs.

    Parameters
    ----------
    usable_fraction : float
        Fraction of each chip's memory usable for weights and KV cache, in (0, 1]. Default 1.0
        (the pure bound); runtimes, activations and fragmentation take some in practice.
    batch, context : int
        Sequences and tokens per sequence whose KV cache must fit too (default: weights only).

    Returns
    -------
    Fit
        Truthy if it fits; quantities in GB.

    Raises
    ------
    MissingSpecError
        If the chip does not disclose its memory capacity.
    """
    n = _chips(n_chips)
    frac = _fraction(usable_fraction, "usable_fraction")
    per_chip = to_unit(acc.value("memory.capacity"), "GB", what="memory capacity")
    w, kv = weight_memory(model), kv_cache_memory(model, batch, context)
    required = w + kv
    usable_per_chip = per_chip.magnitude * frac
    ok = required.magnitude <= usable_per_chip * n * (1 + 1e-12)
    needed = max(1, math.ceil(required.magnitude / usable_per_chip * (1 - 1e-12)))
    return Fit(model.name, acc.id, n, frac, w, kv, required, per_chip * n,
               Q_(usable_per_chip * n, "GB"), ok, needed)


def _precision(model: ModelSpec, precision: str | None) -> str:
    return precision if precision is not None else model.weight_precision


@attrs.frozen
class DecodeBound:
    """Upper bound on decode throughput: one step generates one token for each of ``batch``
    sequences, and takes at least the longer of its memory time and its compute time.

    Attributes
    ----------
    model, accelerator, precision : str
        What was computed (``precision`` is the compute field whose peak was used).
    n_chips, batch : int
        Chips (compute and bandwidth added, interconnect ignored) and sequences per step.
    context : float
        Tokens already in each sequence's KV cache.
    bytes_per_step : pint.Quantity [GB]
        Active weights plus ``batch x context`` tokens of KV cache, read once per step.
    flops_per_step : pint.Quantity [TFLOP]
        ``2 x active parameters x batch``.
    memory_time, compute_time : pint.Quantity [s]
        ``bytes / bandwidth`` and ``flops / peak``.
    memory_limit, compute_limit : pint.Quantity [token/s]
        Aggregate throughput each resource alone would allow.
    bound : {"memory", "compute"}
        Which one binds.
    per_sequence, aggregate : pint.Quantity [token/s]
        Tokens per second for one sequence, and for the whole batch.
    fit : Fit
        Whether weights and this KV cache fit (the bound is reported either way).
    """

    model: str
    accelerator: str
    precision: str
    n_chips: int
    batch: int
    context: float
    bytes_per_step: Any
    flops_per_step: Any
    memory_time: Any
    compute_time: Any
    memory_limit: Any
    compute_limit: Any
    bound: Bound
    per_sequence: Any
    aggregate: Any
    fit: Fit

    @property
    def step_time(self) -> Any:
        """Time of one decode step [s] (the larger of memory and compute time)."""
        return self.memory_time if self.bound == "memory" else self.compute_time

    @property
    def intensity(self) -> Any:
        """Arithmetic intensity of a step [FLOP/B]."""
        return to_unit(self.flops_per_step / self.bytes_per_step, "FLOP/B", what="intensity")

    @property
    def performance(self) -> Any:
        """Aggregate throughput [token/s] (what :func:`relative_performance` ratios)."""
        return self.aggregate


def _times(acc: Accelerator, precision: str, n: int, flops: Any, nbytes: Any, ce: float,
           be: float) -> tuple[str, Any, Any]:
    field, peak = peak_of(acc, precision)
    bw = acc.value("memory.bandwidth")
    t_mem = to_unit(nbytes / (bw * (n * be)), "s", what="memory time")
    t_comp = to_unit(flops / (peak * (n * ce)), "s", what="compute time")
    return field, t_mem, t_comp


def decode(model: ModelSpec, acc: Accelerator, *, batch: int = 1, context: int = 0,
           n_chips: int = 1, precision: str | None = None, bandwidth_efficiency: float = 1.0,
           compute_efficiency: float = 1.0, usable_fraction: float = 1.0) -> DecodeBound:
    """Upper bound on decode tokens/s, per sequence and aggregate over a batch.

    Parameters
    ----------
    batch : int
        Sequences decoded together.
    context : int
        Tokens already in each sequence's KV cache (default 0: weights only, the loosest bound).
    n_chips : int
        Chips the model is split across; their bandwidth and compute add up.
    precision : str, optional
        Compute precision (default: the model's weight precision).
    bandwidth_efficiency, compute_efficiency : float
        Achieved fractions of peak bandwidth and compute, in (0, 1]; default 1.0.
    usable_fraction : float
        Passed to :func:`fits` for the ``fit`` report.

    Returns
    -------
    DecodeBound
        ``per_sequence`` and ``aggregate`` in token/s, times in s, ``bound``.
    """
    n = _chips(n_chips)
    b = _positive_int(batch, "batch")
    ctx = _count(context, "context")
    ce = _fraction(compute_efficiency, "compute_efficiency")
    be = _fraction(bandwidth_efficiency, "bandwidth_efficiency")
    nbytes = _active_weight_bytes(model) + model.kv_per_token * Q_(b * ctx, "token")
    flops = Q_(2 * model.active_parameters.to("count").magnitude * b, "FLOP")
    field, t_mem, t_comp = _times(acc, _precision(model, precision), n, flops, nbytes, ce, be)
    bound: Bound = "memory" if t_mem.magnitude >= t_comp.magnitude else "compute"
    step = max(t_mem.magnitude, t_comp.magnitude)
    fit = fits(model, acc, n, usable_fraction=usable_fraction, batch=b, context=int(ctx))
    return DecodeBound(
        model.name, acc.id, field, n, b, ctx,
        to_unit(nbytes, "GB", what="bytes per step"), to_unit(flops, "TFLOP", what="FLOP per step"),
        t_mem, t_comp, Q_(b / t_mem.magnitude, "token/s"), Q_(b / t_comp.magnitude, "token/s"),
        bound, Q_(1 / step, "token/s"), Q_(b / step, "token/s"), fit,
    )


@attrs.frozen
class PrefillBound:
    """Lower bound on the time to process ``batch`` prompts of ``prompt_tokens`` tokens.

    Attributes
    ----------
    model, accelerator, precision : str
        What was computed.
    n_chips, batch : int
        Chips and prompts.
    prompt_tokens : float
        Tokens per prompt.
    flops : pint.Quantity [TFLOP]
        ``2 x active parameters x prompt_tokens x batch``.
    bytes : pint.Quantity [GB]
        Active weights read once plus the KV cache written.
    memory_time, compute_time, time : pint.Quantity [s]
        The two terms and their maximum (the bound).
    bound : {"memory", "compute"}
        Which one binds.
    rate : pint.Quantity [token/s]
        Prompt tokens processed per second at the bound.
    fit : Fit
        Whether weights and the prompts' KV cache fit.
    """

    model: str
    accelerator: str
    precision: str
    n_chips: int
    batch: int
    prompt_tokens: float
    flops: Any
    bytes: Any
    memory_time: Any
    compute_time: Any
    time: Any
    bound: Bound
    rate: Any
    fit: Fit

    @property
    def intensity(self) -> Any:
        """Arithmetic intensity [FLOP/B]."""
        return to_unit(self.flops / self.bytes, "FLOP/B", what="intensity")

    @property
    def performance(self) -> Any:
        """Prompt tokens per second [token/s] (what :func:`relative_performance` ratios)."""
        return self.rate


def prefill(model: ModelSpec, acc: Accelerator, prompt_tokens: int, *, batch: int = 1,
            n_chips: int = 1, precision: str | None = None, bandwidth_efficiency: float = 1.0,
            compute_efficiency: float = 1.0, usable_fraction: float = 1.0) -> PrefillBound:
    """Lower bound on prefill time for ``batch`` prompts of ``prompt_tokens`` tokens.

    Returns
    -------
    PrefillBound
        ``time`` [s], ``rate`` [token/s], ``bound``.
    """
    n = _chips(n_chips)
    b = _positive_int(batch, "batch")
    p = _count(prompt_tokens, "prompt_tokens")
    if p <= 0:
        raise WorkloadError("prompt_tokens must be positive")
    ce = _fraction(compute_efficiency, "compute_efficiency")
    be = _fraction(bandwidth_efficiency, "bandwidth_efficiency")
    nbytes = _active_weight_bytes(model) + model.kv_per_token * Q_(b * p, "token")
    flops = Q_(2 * model.active_parameters.to("count").magnitude * p * b, "FLOP")
    field, t_mem, t_comp = _times(acc, _precision(model, precision), n, flops, nbytes, ce, be)
    bound: Bound = "memory" if t_mem.magnitude > t_comp.magnitude else "compute"
    t = max(t_mem.magnitude, t_comp.magnitude)
    fit = fits(model, acc, n, usable_fraction=usable_fraction, batch=b, context=int(p))
    return PrefillBound(model.name, acc.id, field, n, b, p, to_unit(flops, "TFLOP", what="FLOP"),
                        to_unit(nbytes, "GB", what="bytes"), t_mem, t_comp, Q_(t, "s"), bound,
                        Q_(b * p / t, "token/s"), fit)


@attrs.frozen
class TrainingBound:
    """Time to train on a token budget at ``6 x N x D`` FLOP and a stated utilisation.

    Attributes
    ----------
    model, accelerator, precision : str
        What was computed.
    n_chips : int
        Chips training together (communication ignored).
    tokens : pint.Quantity [token]
        Token budget D.
    utilisation : float
        Fraction of aggregate peak achieved (model FLOPs utilisation).
    flops : pint.Quantity [FLOP]
        ``6 x active parameters x tokens``.
    time : pint.Quantity [s]
        ``flops / (peak x n_chips x utilisation)``; ``.to("day")`` to read it in days.
    """

    model: str
    accelerator: str
    precision: str
    n_chips: int
    tokens: Any
    utilisation: float
    flops: Any
    time: Any
    bound: Bound = "compute"

    @property
    def performance(self) -> Any:
        """Training tokens per second [token/s]."""
        return to_unit(self.tokens / self.time, "token/s", what="training rate")


def training_time(model: ModelSpec, acc: Accelerator, tokens: Any, *, n_chips: int = 1,
                  utilisation: float = 1.0, precision: str = "bf16") -> TrainingBound:
    """Training time for ``tokens`` (a count or a quantity in token) from ``6 x N x D`` FLOP.

    Parameters
    ----------
    utilisation : float
        Model FLOPs utilisation in (0, 1]; default 1.0 (the pure bound; 0.3 to 0.5 is typical).
    precision : str
        Compute precision of the matrix units (default ``"bf16"``).

    Returns
    -------
    TrainingBound
        ``time`` [s], ``flops`` [FLOP].
    """
    n = _chips(n_chips)
    u = _fraction(utilisation, "utilisation")
    d = _count(tokens, "tokens")
    if d <= 0:
        raise WorkloadError("tokens must be positive")
    flops = Q_(6 * model.active_parameters.to("count").magnitude * d, "FLOP")
    field, peak = peak_of(acc, precision)
    t = to_unit(flops / (peak * (n * u)), "s", what="training time")
    return TrainingBound(model.name, acc.id, field, n, Q_(d, "token"), u, flops, t)


@attrs.frozen
class Decode:
    """Decode workload for :func:`~accelspec.workloads.relative_performance`; see :func:`decode`."""

    model: ModelSpec
    batch: int = 1
    context: int = 0
    precision: str | None = None

    @property
    def compute_precision(self) -> str:
        """The precision whose peak the workload uses."""
        return _precision(self.model, self.precision)

    def describe(self) -> str:
        """One line naming the workload."""
        return f"decode {self.model.name}, batch {self.batch}, context {self.context}"

    def evaluate(self, acc: Accelerator, n_chips: int = 1) -> DecodeBound:
        """The decode bound on ``acc``."""
        return decode(self.model, acc, batch=self.batch, context=self.context, n_chips=n_chips,
                      precision=self.precision)


@attrs.frozen
class Prefill:
    """Prefill workload for :func:`~accelspec.workloads.relative_performance`; see :func:`prefill`."""

    model: ModelSpec
    prompt_tokens: int
    batch: int = 1
    precision: str | None = None

    @property
    def compute_precision(self) -> str:
        """The precision whose peak the workload uses."""
        return _precision(self.model, self.precision)

    def describe(self) -> str:
        """One line naming the workload."""
        return f"prefill {self.model.name}, {self.prompt_tokens} tokens x batch {self.batch}"

    def evaluate(self, acc: Accelerator, n_chips: int = 1) -> PrefillBound:
        """The prefill bound on ``acc``."""
        return prefill(self.model, acc, self.prompt_tokens, batch=self.batch, n_chips=n_chips,
                       precision=self.precision)


@attrs.frozen
class Training:
    """Training workload for :func:`~accelspec.workloads.relative_performance`; see
    :func:`training_time`."""

    model: ModelSpec
    tokens: Any
    utilisation: float = 1.0
    precision: str = "bf16"

    @property
    def compute_precision(self) -> str:
        """The precision whose peak the workload uses."""
        return self.precision

    def describe(self) -> str:
        """One line naming the workload."""
        return f"train {self.model.name} on {_count(self.tokens, 'tokens'):.3g} tokens"

    def evaluate(self, acc: Accelerator, n_chips: int = 1) -> TrainingBound:
        """The training-time bound on ``acc``."""
        return training_time(self.model, acc, self.tokens, n_chips=n_chips,
                             utilisation=self.utilisation, precision=self.precision)
