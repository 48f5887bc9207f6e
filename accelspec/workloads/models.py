"""Language-model shapes and their memory: weights, KV cache, and whether they fit.

A model is a small typed :class:`ModelSpec` (parameter count, layers, KV-cache shape, weight and
KV precisions); a few well-known open models are presets with their published shapes, each with
the address of the configuration it was read from (``ModelSpec.source``). Memory is in decimal
GB, like vendors' capacities. The throughput and time bounds built on these are in
:mod:`accelspec.workloads.llm`.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> m = ModelSpec(name="70B at FP8", parameters=Q_(70, "billion"), layers=80, hidden_size=8192,
...               kv_heads=8, head_dim=128, weight_precision="fp8")
>>> weight_memory(m)
<Quantity(70.0, 'gigabyte')>
>>> bool(fits(m, acs.get("H20"))), fits(m.with_precision("bf16"), acs.get("H20")).chips_needed
(True, 2)
>>> LLAMA3_70B.kv_per_token                         # 80 layers x 2 x 8 heads x 128 x 2 bytes
<Quantity(327680, 'byte / token')>
"""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.fields import PRECISION_TABLE, parse_precision
from accelspec.workloads.roofline import _chips, _fraction
from accelspec.spec import Accelerator
from accelspec.units import Q_, is_quantity, to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "BYTES_PER_VALUE",
    "DEEPSEEK_V3",
    "LLAMA3_70B",
    "LLAMA3_8B",
    "MODELS",
    "QWEN25_72B",
    "Fit",
    "ModelSpec",
    "fits",
    "get_model",
    "kv_cache_memory",
    "weight_memory",
]

#: Bytes one stored value takes at each precision (tf32 is stored in a 32-bit container).
BYTES_PER_VALUE: dict[str, float] = {p.name: p.bytes for p in PRECISION_TABLE}


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkloadError(f"{what} must be a positive integer, got {value!r}")
    return value


def _count(value: Any, what: str) -> float:
    """A non-negative count given as a number or a quantity in token / count."""
    if is_quantity(value):
        unit = "token" if "[token]" in str(value.dimensionality) else "count"
        value = to_unit(value, unit, what=what).magnitude
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0:
        raise WorkloadError(f"{what} must be a finite non-negative number, got {value!r}")
    return float(value)


def _parameters(value: Any) -> float:
    """A parameter count as a float: a number, or a quantity in billion / million / count."""
    if is_quantity(value):
        n = float(to_unit(value, "count", what="ModelSpec.parameters").magnitude)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        n = float(value)
        if 0 < n < 1e4:
            raise WorkloadError(f"a parameter count of {value!r} is implausible; for {value!r} "
                                f"billion parameters write {value!r}e9 or Q_({value!r}, 'billion')")
    else:
        raise WorkloadError(f"parameters must be a count or a quantity in billion, got {value!r}")
    if not (n > 0 and math.isfinite(n)):
        raise WorkloadError(f"parameters must be a positive finite count, got {value!r}")
    return n


def _optional_parameters(value: Any) -> float | None:
    return None if value is None else _parameters(value)


def _layers(value: Any) -> int:
    return _positive_int(value, "layers")


def _hidden(value: Any) -> int:
    return _positive_int(value, "hidden_size")


def _kv_heads(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "kv_heads")


def _head_dim(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "head_dim")


def _kv_width(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "kv_width")


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
    parameters : float
        Total parameter count, a plain number (``70e9``); a quantity such as
        ``Q_(70, "billion")`` is converted to one.
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
    active_parameters : float
        Parameters used per token (mixture of experts), a count; default ``parameters``.
    source : str
        Where the shape was read (a configuration file's address).
    """

    name: str
    parameters: float = attrs.field(converter=_parameters)
    layers: int = attrs.field(converter=_layers)
    hidden_size: int = attrs.field(converter=_hidden)
    kv_heads: int | None = attrs.field(default=None, converter=_kv_heads)
    head_dim: int | None = attrs.field(default=None, converter=_head_dim)
    kv_width: int | None = attrs.field(default=None, converter=_kv_width)
    kv_bytes_per_token: Any = attrs.field(default=None, converter=_kv_bytes)
    weight_precision: str = attrs.field(default="bf16", converter=parse_precision)
    kv_precision: str = attrs.field(default="bf16", converter=parse_precision)
    active_parameters: float = attrs.field(default=None, converter=_optional_parameters)
    source: str = attrs.field(default="", eq=False)

    def __attrs_post_init__(self) -> None:
        if self.active_parameters is None:
            object.__setattr__(self, "active_parameters", self.parameters)
        elif self.active_parameters > self.parameters * (1 + 1e-12):
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
    parameters=671e9, active_parameters=37e9, layers=61,
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
    UnknownModelError
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
    from accelspec.errors import UnknownModelError

    raise UnknownModelError(str(name), difflib.get_close_matches(str(name).lower(), list(MODELS), n=3))


def weight_memory(model: ModelSpec) -> Any:
    """Memory the weights take [GB]: ``parameters x bytes(weight_precision)`` (decimal GB)."""
    b = model.parameters * BYTES_PER_VALUE[model.weight_precision]
    return to_unit(Q_(b, "B"), "GB", what="weight memory")


def _active_weight_bytes(model: ModelSpec) -> Any:
    b = model.active_parameters * BYTES_PER_VALUE[model.weight_precision]
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


def fits(model: ModelSpec, acc: Accelerator | str, n_chips: int = 1, *, usable_fraction: float = 1.0,
         batch: int = 1, context: int = 0, catalog: Catalog | None = None) -> Fit:
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
    acc = resolve(acc, catalog)
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
