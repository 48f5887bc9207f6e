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
import json
import math
from collections.abc import Mapping
from pathlib import Path
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
    "FORMAT_BYTES",
    "WEIGHT_FORMATS",
    "DoesNotFitError",
    "compute_precision_of",
    "weight_format",
    "DEEPSEEK_R1",
    "DEEPSEEK_V3",
    "GPT_OSS_120B",
    "LLAMA2_70B",
    "LLAMA31_405B",
    "MIXTRAL_8X7B",
    "QWEN3_235B",
    "QWEN3_32B",
    "from_hf_config",
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

#: Bytes one stored value takes at each precision (tf32 is stored in a 32-bit container), plus
#: the block-scaled 4-bit weight formats with their scales spread over the block: MXFP4 stores
#: one 8-bit E8M0 scale per 32 FP4 values (OCP Microscaling Formats v1.0: 4 + 8/32 = 4.25 bits),
#: NVFP4 one 8-bit E4M3 scale per 16 values (NVIDIA, "Introducing NVFP4", 2025: 4 + 8/16 = 4.5
#: bits; the per-tensor FP32 scale is left out).
BYTES_PER_VALUE: dict[str, float] = {p.name: p.bytes for p in PRECISION_TABLE}
#: Bytes per stored weight of the block-scaled formats (scales included).
FORMAT_BYTES: dict[str, float] = {**BYTES_PER_VALUE, "mxfp4": 4.25 / 8, "nvfp4": 4.5 / 8}
#: Weight formats beyond the precision table, and the precision their matrix maths runs at.
WEIGHT_FORMATS: dict[str, str] = {"mxfp4": "fp4", "nvfp4": "fp4"}


def weight_format(value: Any) -> str:
    """A weight storage format: a precision (``"bf16"``, ``"int4"``...) or ``"mxfp4"``/``"nvfp4"``.

    Raises
    ------
    UnknownMetricError
        For a name that is neither.
    """
    if isinstance(value, str) and value.strip().lower() in WEIGHT_FORMATS:
        return value.strip().lower()
    return parse_precision(value)


def compute_precision_of(fmt: str) -> str:
    """The precision whose peak a weight format's matrix maths uses (``"mxfp4"`` -> ``"fp4"``)."""
    return WEIGHT_FORMATS.get(fmt, fmt)


class DoesNotFitError(WorkloadError):
    """The model and its KV cache do not fit in the memory of the chips given.

    Attributes
    ----------
    fit : Fit
        The verdict, with ``chips_needed``.
    """

    def __init__(self, fit: Fit) -> None:
        self.fit = fit
        super().__init__(
            f"{fit.model} does not fit on {fit.n_chips} x {fit.accelerator}: needs "
            f"{fit.required.magnitude:.4g} GB, {fit.usable.magnitude:.4g} GB usable; "
            f"{fit.chips_needed} chips needed")


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


def _experts(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "experts")


def _experts_per_token(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "experts_per_token")


def _moe_layers(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "moe_layers")


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
    experts, experts_per_token, moe_layers : int or None
        Mixture of experts: routed experts per MoE layer (E), experts each token is routed to
        (k), and how many layers are MoE layers. Give all three with ``expert_parameters``.
    expert_parameters : float or None
        Parameters of one routed expert in one layer (``3 x hidden x moe_intermediate`` for a
        gated MLP).
    """

    name: str
    parameters: float = attrs.field(converter=_parameters)
    layers: int = attrs.field(converter=_layers)
    hidden_size: int = attrs.field(converter=_hidden)
    kv_heads: int | None = attrs.field(default=None, converter=_kv_heads)
    head_dim: int | None = attrs.field(default=None, converter=_head_dim)
    kv_width: int | None = attrs.field(default=None, converter=_kv_width)
    kv_bytes_per_token: Any = attrs.field(default=None, converter=_kv_bytes)
    weight_precision: str = attrs.field(default="bf16", converter=weight_format)
    kv_precision: str = attrs.field(default="bf16", converter=parse_precision)
    active_parameters: float = attrs.field(default=None, converter=_optional_parameters)
    source: str = attrs.field(default="", eq=False)
    experts: int | None = attrs.field(default=None, converter=_experts)
    experts_per_token: int | None = attrs.field(default=None, converter=_experts_per_token)
    moe_layers: int | None = attrs.field(default=None, converter=_moe_layers)
    expert_parameters: float | None = attrs.field(default=None, converter=_optional_parameters)

    def __attrs_post_init__(self) -> None:
        if self.active_parameters is None:
            object.__setattr__(self, "active_parameters", self.parameters)
        elif self.active_parameters > self.parameters * (1 + 1e-12):
            raise WorkloadError(f"{self.name}: active_parameters exceed parameters")
        moe = (self.experts, self.experts_per_token, self.moe_layers, self.expert_parameters)
        if any(v is not None for v in moe):
            if any(v is None for v in moe):
                raise WorkloadError(f"{self.name}: give experts, experts_per_token, moe_layers and "
                                    f"expert_parameters together")
            assert self.experts is not None and self.experts_per_token is not None
            if self.experts_per_token > self.experts:
                raise WorkloadError(f"{self.name}: experts_per_token exceeds experts")
            routed = (self.moe_layers or 0) * self.experts * (self.expert_parameters or 0)
            if routed > self.parameters * (1 + 1e-9):
                raise WorkloadError(f"{self.name}: routed experts exceed the total parameters")
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

    @classmethod
    def from_hf_config(cls, config: Mapping[str, Any] | str | Path, *, name: str | None = None,
                       source: str = "") -> ModelSpec:
        """A model from a Hugging Face ``config.json`` (a dict, or the path of the JSON file).

        See :func:`from_hf_config`.
        """
        return from_hf_config(config, name=name, source=source)

    @property
    def is_moe(self) -> bool:
        """Whether the model routes tokens to experts (its MoE fields are set)."""
        return self.experts is not None

    def expected_experts(self, tokens: float) -> float:
        """Expected distinct routed experts one MoE layer reads for ``tokens`` tokens.

        ``E x (1 - (1 - k/E)^tokens)``, assuming each token picks its k experts independently
        and uniformly (real routers are skewed and correlated, which touches fewer experts, so
        this is an upper estimate of the traffic). ``tokens = 1`` gives k; large batches approach E.
        """
        if not self.is_moe:
            raise WorkloadError(f"{self.name} is not a mixture-of-experts model")
        e, k = float(self.experts or 0), float(self.experts_per_token or 0)
        t = _count(tokens, "tokens")
        return float(e * (1 - (1 - k / e) ** t))

    def parameters_read(self, tokens: float = 1) -> float:
        """Weight parameters one forward step over ``tokens`` tokens reads (a count).

        Dense models: ``active_parameters``. MoE: the non-routed part of the active parameters
        plus ``moe_layers x expected_experts(tokens) x expert_parameters``, so decode traffic
        grows with the batch (DeepSeek-V3 at batch 64 touches nearly all 256 experts per layer).
        """
        if not self.is_moe:
            return self.active_parameters
        pe = self.expert_parameters or 0.0
        layers = self.moe_layers or 0
        shared = self.active_parameters - layers * (self.experts_per_token or 0) * pe
        return min(self.parameters, max(shared, 0.0) + layers * self.expected_experts(tokens) * pe)

    def with_precision(self, weights: str | None = None, kv: str | None = None) -> ModelSpec:
        """The same model with weights and/or KV cache stored at other precisions."""
        return attrs.evolve(self, weight_precision=weights or self.weight_precision,
                            kv_precision=kv or self.kv_precision)


#: Largest config file :func:`from_hf_config` reads [bytes].
MAX_CONFIG_BYTES = 1_000_000
_MAX_DIM = 10_000_000


def _cfg_int(cfg: Mapping[str, Any], key: str, default: int | None = None) -> int:
    v = cfg.get(key, default)
    if v is None:
        raise WorkloadError(f"config.json: missing {key!r}")
    if isinstance(v, bool) or not isinstance(v, int) or not 0 < v <= _MAX_DIM:
        raise WorkloadError(f"config.json: {key!r} must be a positive integer up to {_MAX_DIM}, got {v!r}")
    return v


def _read_config(config: Mapping[str, Any] | str | Path) -> dict[str, Any]:
    if isinstance(config, Mapping):
        return dict(config)
    if not isinstance(config, (str, Path)):
        raise WorkloadError(f"from_hf_config takes a dict or a path, got {type(config).__name__}")
    path = Path(config)
    try:
        with open(path, "rb") as fh:
            blob = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise WorkloadError(f"{path}: cannot read the config ({exc.strerror or exc})") from None
    if len(blob) > MAX_CONFIG_BYTES:
        raise WorkloadError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes; not a config.json")
    try:
        data = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WorkloadError(f"{path}: not a JSON config ({exc})") from None
    if not isinstance(data, dict):
        raise WorkloadError(f"{path}: a config.json holds one JSON object")
    return data


def from_hf_config(config: Mapping[str, Any] | str | Path, *, name: str | None = None,
                   source: str = "") -> ModelSpec:
    """A :class:`ModelSpec` from a Hugging Face ``config.json`` (dict or file path).

    Parameters are summed from the shapes: embeddings (once if ``tie_word_embeddings``), per
    layer attention (GQA ``q, k, v, o``; multi-head latent attention when ``kv_lora_rank`` is
    present; q/k/v biases when ``attention_bias``), a gated MLP (3 matrices) or, in MoE layers,
    ``E`` routed experts of ``moe_intermediate_size`` plus shared experts and the router, and
    two norms per layer. Recognised MoE keys: ``n_routed_experts`` / ``num_local_experts`` /
    ``num_experts``, ``num_experts_per_tok``, ``first_k_dense_replace``, ``n_shared_experts``,
    ``shared_expert_intermediate_size``. The weight format is ``quantization_config.quant_method``
    (``fp8``, ``mxfp4``) when given, else ``torch_dtype``; a format given for the experts only
    (gpt-oss's MXFP4) is applied to all weights, which undercounts bytes by the attention's share.
    Multimodal configs are read from their ``text_config``.

    Raises
    ------
    WorkloadError
        For an unreadable, oversized or non-JSON file, a missing or out-of-range key.
    """
    cfg = _read_config(config)
    if isinstance(cfg.get("text_config"), Mapping):
        cfg = {**cfg, **cfg["text_config"]}
    h = _cfg_int(cfg, "hidden_size")
    layers = _cfg_int(cfg, "num_hidden_layers")
    vocab = _cfg_int(cfg, "vocab_size")
    heads = _cfg_int(cfg, "num_attention_heads")
    kv_heads = _cfg_int(cfg, "num_key_value_heads", heads)
    head_dim = _cfg_int(cfg, "head_dim", h // heads if h % heads == 0 else None)
    emb = vocab * h * (1 if cfg.get("tie_word_embeddings") is True else 2)
    kv_width: int | None = None
    if "kv_lora_rank" in cfg:  # multi-head latent attention (DeepSeek-V2/V3)
        rank, rope = _cfg_int(cfg, "kv_lora_rank"), _cfg_int(cfg, "qk_rope_head_dim")
        nope, v_dim = _cfg_int(cfg, "qk_nope_head_dim"), _cfg_int(cfg, "v_head_dim")
        q_rank = cfg.get("q_lora_rank")
        qk = nope + rope
        q = h * heads * qk if q_rank is None else h * _cfg_int(cfg, "q_lora_rank") + _cfg_int(cfg, "q_lora_rank") * heads * qk + _cfg_int(cfg, "q_lora_rank")
        attn = q + h * (rank + rope) + rank + rank * heads * (nope + v_dim) + heads * v_dim * h
        kv_width = rank + rope
    else:
        attn = 2 * h * heads * head_dim + 2 * h * kv_heads * head_dim
        if cfg.get("attention_bias") is True or cfg.get("model_type") in ("qwen2",):
            attn += heads * head_dim + 2 * kv_heads * head_dim
    experts = next((cfg[k] for k in ("n_routed_experts", "num_local_experts", "num_experts") if cfg.get(k)), None)
    ffn_dense = 3 * h * _cfg_int(cfg, "intermediate_size") if cfg.get("intermediate_size") else 0
    moe_layers = 0
    kwargs: dict[str, Any] = {}
    if experts is not None:
        e = _cfg_int(cfg, "n_routed_experts" if cfg.get("n_routed_experts") else
                     "num_local_experts" if cfg.get("num_local_experts") else "num_experts")
        k = _cfg_int(cfg, "num_experts_per_tok")
        im = _cfg_int(cfg, "moe_intermediate_size", cfg.get("intermediate_size"))
        dense_layers = int(cfg.get("first_k_dense_replace", 0) or 0)
        if not 0 <= dense_layers <= layers:
            raise WorkloadError("config.json: first_k_dense_replace out of range")
        moe_layers = layers - dense_layers
        pe = 3 * h * im
        shared = int(cfg.get("n_shared_experts", 0) or 0) * pe
        if cfg.get("shared_expert_intermediate_size"):
            shared += 3 * h * _cfg_int(cfg, "shared_expert_intermediate_size")
        moe_block = e * pe + shared + h * e
        total = emb + layers * (attn + 2 * h) + h + dense_layers * ffn_dense + moe_layers * moe_block
        active = total - moe_layers * (e - k) * pe
        kwargs.update(experts=e, experts_per_token=k, moe_layers=moe_layers, expert_parameters=pe,
                      active_parameters=active)
    else:
        total = emb + layers * (attn + 2 * h + ffn_dense) + h
    quant = cfg.get("quantization_config")
    fmt = quant.get("quant_method") if isinstance(quant, Mapping) else None
    dtype = cfg.get("torch_dtype") or cfg.get("dtype") or "bfloat16"
    try:
        weights = weight_format(fmt if fmt in ("fp8", "mxfp4", "nvfp4") else dtype)
    except LookupError:
        raise WorkloadError(f"config.json: unknown weight format {fmt or dtype!r}") from None
    label = name or str(cfg.get("_name_or_path") or cfg.get("model_type") or "model from config.json")
    if kv_width is not None:
        kwargs["kv_width"] = kv_width
    else:
        kwargs.update(kv_heads=kv_heads, head_dim=head_dim)
    return ModelSpec(name=label, parameters=float(total), layers=layers, hidden_size=h,
                     weight_precision=weights, source=source, **kwargs)


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
    # config.json: n_routed_experts 256, num_experts_per_tok 8, first_k_dense_replace 3 of 61
    # layers (58 MoE layers), moe_intermediate_size 2048 -> 3 x 7168 x 2048 per expert
    experts=256, experts_per_token=8, moe_layers=58, expert_parameters=3 * 7168 * 2048,
)

# The presets below are built by from_hf_config from the fields of each model's published
# config.json (the address is the preset's source); parameter counts are summed from the shapes
# and agree with the model cards: Llama 2 70B 69.0B, Llama 3.1 405B 405.9B, Qwen3-32B 32.8B,
# Qwen3-235B-A22B 235.1B (22.2B active), Mixtral 8x7B 46.7B (12.9B active), gpt-oss-120b 116.8B
# (5.7B active counting both embedding matrices; the card's 5.1B leaves them out), DeepSeek-R1
# 671.0B (37.6B active).
_DEEPSEEK_V3_CONFIG: dict[str, Any] = {
    "hidden_size": 7168, "num_hidden_layers": 61, "vocab_size": 129280, "num_attention_heads": 128,
    "num_key_value_heads": 128, "kv_lora_rank": 512, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128,
    "v_head_dim": 128, "q_lora_rank": 1536, "intermediate_size": 18432, "moe_intermediate_size": 2048,
    "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
    "first_k_dense_replace": 3, "quantization_config": {"quant_method": "fp8"},
}
#: Meta Llama 2 70B (float16 checkpoint, vocab 32,000).
LLAMA2_70B = from_hf_config(
    {"hidden_size": 8192, "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8,
     "intermediate_size": 28672, "vocab_size": 32000, "torch_dtype": "float16"},
    name="Llama 2 70B", source="https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json")
#: Meta Llama 3.1 405B, BF16.
LLAMA31_405B = from_hf_config(
    {"hidden_size": 16384, "num_hidden_layers": 126, "num_attention_heads": 128, "num_key_value_heads": 8,
     "intermediate_size": 53248, "vocab_size": 128256, "torch_dtype": "bfloat16"},
    name="Llama 3.1 405B", source="https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json")
#: DeepSeek-R1: the DeepSeek-V3 architecture (same config shapes), FP8 weights.
DEEPSEEK_R1 = from_hf_config(_DEEPSEEK_V3_CONFIG, name="DeepSeek-R1",
                             source="https://huggingface.co/deepseek-ai/DeepSeek-R1/blob/main/config.json")
#: Qwen3-32B (dense), BF16.
QWEN3_32B = from_hf_config(
    {"hidden_size": 5120, "num_hidden_layers": 64, "num_attention_heads": 64, "num_key_value_heads": 8,
     "head_dim": 128, "intermediate_size": 25600, "vocab_size": 151936, "tie_word_embeddings": False,
     "torch_dtype": "bfloat16"},
    name="Qwen3-32B", source="https://huggingface.co/Qwen/Qwen3-32B/blob/main/config.json")
#: Qwen3-235B-A22B (MoE: 128 experts, 8 per token), BF16.
QWEN3_235B = from_hf_config(
    {"hidden_size": 4096, "num_hidden_layers": 94, "num_attention_heads": 64, "num_key_value_heads": 4,
     "head_dim": 128, "moe_intermediate_size": 1536, "num_experts": 128, "num_experts_per_tok": 8,
     "vocab_size": 151936, "tie_word_embeddings": False, "torch_dtype": "bfloat16"},
    name="Qwen3-235B-A22B", source="https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json")
#: OpenAI gpt-oss-120b (MoE: 128 experts, 4 per token; MXFP4 experts, counted as MXFP4 throughout).
GPT_OSS_120B = from_hf_config(
    {"hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 36, "num_local_experts": 128,
     "num_experts_per_tok": 4, "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64,
     "vocab_size": 201088, "attention_bias": True, "quantization_config": {"quant_method": "mxfp4"}},
    name="gpt-oss-120b", source="https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json")
#: Mistral Mixtral 8x7B (MoE: 8 experts, 2 per token), BF16.
MIXTRAL_8X7B = from_hf_config(
    {"hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
     "intermediate_size": 14336, "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000,
     "torch_dtype": "bfloat16"},
    name="Mixtral 8x7B", source="https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json")

#: Presets by short name.
MODELS: dict[str, ModelSpec] = {
    "llama3-8b": LLAMA3_8B,
    "llama3-70b": LLAMA3_70B,
    "qwen2.5-72b": QWEN25_72B,
    "deepseek-v3": DEEPSEEK_V3,
    "llama2-70b": LLAMA2_70B,
    "llama3.1-405b": LLAMA31_405B,
    "deepseek-r1": DEEPSEEK_R1,
    "qwen3-32b": QWEN3_32B,
    "qwen3-235b-a22b": QWEN3_235B,
    "gpt-oss-120b": GPT_OSS_120B,
    "mixtral-8x7b": MIXTRAL_8X7B,
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
    b = model.parameters * FORMAT_BYTES[model.weight_precision]
    return to_unit(Q_(b, "B"), "GB", what="weight memory")


def _active_weight_bytes(model: ModelSpec, tokens: float = 1) -> Any:
    """Weight bytes one step over ``tokens`` tokens reads (MoE coverage counted)."""
    b = model.parameters_read(tokens) * FORMAT_BYTES[model.weight_precision]
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

    @property
    def verdict(self) -> str:
        """``"fits"`` or ``"does not fit (needs N chips)"``."""
        return "fits" if self.fits else f"does not fit (needs {self.chips_needed} chips)"

    def __str__(self) -> str:
        return (f"{self.model} on {self.n_chips} x {self.accelerator}: {self.verdict}; "
                f"{self.required.magnitude:.4g} GB required ({self.weights.magnitude:.4g} weights + "
                f"{self.kv_cache.magnitude:.4g} KV cache), {self.usable.magnitude:.4g} GB usable")

    def __repr__(self) -> str:
        from accelspec.formatting import format_number

        return (f"<Fit {self.model} on {self.n_chips} x {self.accelerator}: {self.verdict}, "
                f"{format_number(self.required.magnitude)} of {format_number(self.usable.magnitude)} GB>")

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_number, html_record

        def gb(q: Any) -> str:
            return f"{format_number(float(q.magnitude))} GB"

        rows = [("verdict", self.verdict), ("required", gb(self.required)), ("weights", gb(self.weights)),
                ("KV cache", gb(self.kv_cache)), ("usable", gb(self.usable)),
                ("capacity", gb(self.capacity)), ("usable fraction", f"{self.usable_fraction:g}"),
                ("headroom", gb(self.headroom)), ("chips needed", str(self.chips_needed))]
        return html_record(f"{self.model} on {self.n_chips} x {self.accelerator}", rows,
                           ["GB are decimal (10^9 bytes); the model is split across the chips."])

    def check(self) -> Fit:
        """Return ``self`` if it fits, else raise :class:`DoesNotFitError` naming the chips needed."""
        if not self.fits:
            raise DoesNotFitError(self)
        return self


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
