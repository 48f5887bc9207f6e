"""Tensor-, pipeline- and expert-parallel communication time over the scale-up interconnect.

A model split over several chips is not free: the chips exchange activations. This module counts
the bytes each parallel scheme sends per forward pass and divides them by the catalog's scale-up
(interconnect) bandwidth *per direction*:

- a ``"bidirectional"`` figure (NVLink's "900 GB/s", both directions added) is halved;
- a ``"unidirectional"`` figure is used as it is;
- an ``"unstated"`` figure (the source does not say) is read as *per direction* (the optimistic
  reading, so a throughput bound stays a bound); the pessimistic reading (both directions added,
  halved) is reported beside it in :attr:`Communication.time_if_bidirectional`.

What is counted, per forward pass over ``tokens`` tokens of one model replica (``h`` the hidden
size, ``a`` the activation bytes, 2 for BF16; ``B`` the per-direction bandwidth):

Tensor parallel (``tp`` chips; Megatron-style, Shoeybi et al., arXiv:1909.08053, section 3: two
all-reduces per layer in the forward pass, after attention and after the MLP)
    ``2 x layers`` ring all-reduces of ``tokens x h x a`` bytes; a ring all-reduce over ``t`` chips
    moves ``2 (t-1)/t`` times the message per chip, so each takes ``2 (t-1)/t x S / B``.
Pipeline parallel (``pp`` stages)
    ``pp - 1`` point-to-point sends of ``tokens x h x a`` bytes, one per stage boundary.
Expert parallel (``ep`` chips holding disjoint experts; mixture-of-experts models only)
    per MoE layer, one all-to-all to dispatch and one to combine; each chip holds ``tokens / ep``
    tokens, sends each of them to ``k`` experts, of which a fraction ``(ep-1)/ep`` live elsewhere
    (routing uniform): ``2 x moe_layers x (tokens/ep) x k x h x a x (ep-1)/ep / B``.

Training passes backward as well (the same collectives again for the activation gradients), so
``passes=2`` doubles the time; the data-parallel gradient all-reduce is not counted (it depends on
the global batch, which a token budget does not give). Communication is added to the step
time (not overlapped with compute), links are assumed all-to-all at full per-chip bandwidth
(switched, as NVLink with NVSwitch), and latency per message is left out: large messages only.
A group larger than one scale-up domain would cross the slower scale-out network, which is not
modelled here.

Examples
--------
Llama 2 70B (80 layers, hidden 8192) decoding a batch of 64 on 2 H100s (NVLink 900 GB/s
bidirectional, so 450 GB/s each way): 160 all-reduces of 64 x 8192 x 2 B = 1.048576 MB, each
moving 2 x 1/2 x 1.048576 MB / 450 GB/s = 2.33 us: 0.373 ms per step.

>>> import accelspec as acs
>>> from accelspec.workloads.models import LLAMA2_70B
>>> c = communication(LLAMA2_70B, acs.get("H100 SXM"), Parallel(tp=2), tokens=64)
>>> round(c.time.to("ms").magnitude, 3), c.bandwidth.magnitude
(0.373, 450.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import MissingSpecError, WorkloadError
from accelspec.spec import Accelerator
from accelspec.units import Q_, to_unit
from accelspec.workloads.models import ModelSpec, get_model

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Communication", "Parallel", "communication", "link_bandwidth", "parallel_of"]


def _degree(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkloadError(f"{what} must be a positive integer, got {value!r}")
    return value


def _tp(v: Any) -> int:
    return _degree(v, "tp")


def _pp(v: Any) -> int:
    return _degree(v, "pp")


def _ep(v: Any) -> int:
    return _degree(v, "ep")


@attrs.frozen
class Parallel:
    """How a model replica is split: ``tp`` tensor-parallel, ``pp`` pipeline stages, ``ep``
    expert-parallel chips.

    The replica spans ``tp x pp`` chips; expert parallelism runs across the same chips (or,
    with data-parallel attention, across ``ep`` chips each holding a full attention copy), so
    :attr:`n_chips` is the larger of ``tp x pp`` and ``ep``, and the smaller must divide it.
    """

    tp: int = attrs.field(default=1, converter=_tp)
    pp: int = attrs.field(default=1, converter=_pp)
    ep: int = attrs.field(default=1, converter=_ep)

    def __attrs_post_init__(self) -> None:
        big, small = max(self.tp * self.pp, self.ep), min(self.tp * self.pp, self.ep)
        if big % small:
            raise WorkloadError(f"ep={self.ep} and tp x pp={self.tp * self.pp}: one must divide the other")

    @property
    def n_chips(self) -> int:
        """Chips in one model replica."""
        return max(self.tp * self.pp, self.ep)

    def __str__(self) -> str:
        return f"TP{self.tp} PP{self.pp} EP{self.ep}"


def parallel_of(value: Parallel | tuple[int, ...] | dict[str, int] | None) -> Parallel | None:
    """A :class:`Parallel` from itself, a ``(tp, pp, ep)`` tuple (shorter ones pad with 1), a
    ``{"tp": .., "pp": .., "ep": ..}`` dict, or ``None``."""
    if value is None or isinstance(value, Parallel):
        return value
    if isinstance(value, tuple) and 1 <= len(value) <= 3:
        return Parallel(*value)
    if isinstance(value, dict) and set(value) <= {"tp", "pp", "ep"}:
        return Parallel(**value)
    raise WorkloadError(f"parallel must be a Parallel, a (tp, pp, ep) tuple or a dict, got {value!r}")


def link_bandwidth(acc: Accelerator) -> tuple[Any, str, Any]:
    """Per-direction scale-up bandwidth of one chip [GB/s].

    Returns
    -------
    (bandwidth, reading, other)
        ``bandwidth`` the figure used per direction; ``reading`` says how the catalog figure was
        read; ``other`` the per-direction bandwidth under the other reading when the direction
        is unstated (halved), else ``None``.

    Raises
    ------
    MissingSpecError
        If the chip has no interconnect bandwidth in the catalog.
    """
    bw = to_unit(acc.value("interconnect.bandwidth"), "GB/s", what="interconnect bandwidth")
    d = acc.interconnect.direction
    if d == "bidirectional":
        return bw / 2, "bidirectional figure halved", None
    if d == "unidirectional":
        return bw, "per-direction figure", None
    return bw, "direction unstated: read as per direction (the bound); halved if it is both", bw / 2


@attrs.frozen
class Communication:
    """Interconnect time of one forward (or forward and backward) pass of one replica.

    Attributes
    ----------
    parallel : Parallel
        The split.
    tokens : float
        Tokens in the pass (batch x tokens per sequence).
    tp_time, pp_time, ep_time, time : pint.Quantity [s]
        Each scheme's time and their sum.
    bytes : pint.Quantity [GB]
        Bytes each chip sends in the pass.
    bandwidth : pint.Quantity [GB/s]
        Per-direction bandwidth used.
    reading : str
        How the catalog's figure was read (direction).
    time_if_bidirectional : pint.Quantity [s] or None
        For an unstated direction: the time if the figure was both directions added.
    """

    parallel: Parallel
    tokens: float
    tp_time: Any
    pp_time: Any
    ep_time: Any
    time: Any
    bytes: Any
    bandwidth: Any
    reading: str
    time_if_bidirectional: Any = None

    def __str__(self) -> str:
        other = ("" if self.time_if_bidirectional is None else
                 f" ({self.time_if_bidirectional.to('ms').magnitude:.4g} ms if the figure is both directions)")
        return (f"{self.parallel}, {self.tokens:g} tokens: {self.time.to('ms').magnitude:.4g} ms over "
                f"{self.bandwidth.magnitude:.4g} GB/s per direction{other}")


def _zero(parallel: Parallel, tokens: float) -> Communication:
    z = Q_(0.0, "s")
    return Communication(parallel, tokens, z, z, z, z, Q_(0.0, "GB"), Q_(0.0, "GB/s"), "one chip: no communication")


def communication(model: ModelSpec | str, acc: Accelerator | str, parallel: Parallel | tuple[int, ...] | dict[str, int],
                  tokens: float, *, activation_bytes: float = 2.0, passes: int = 1,
                  catalog: Catalog | None = None) -> Communication:
    """Interconnect time of a pass of ``tokens`` tokens through ``model`` split as ``parallel``.

    Parameters
    ----------
    model : ModelSpec or str
        Layers, hidden size and, for expert parallelism, the MoE fields (or a preset name).
    acc : Accelerator or str
        The chip (its ``interconnect.bandwidth`` and direction).
    parallel : Parallel or (tp, pp, ep)
        The split of one replica.
    tokens : float
        Tokens in the pass (a decode step: the batch; prefill: batch x prompt).
    activation_bytes : float
        Bytes per activation element sent (2: BF16).
    passes : int
        1 for inference, 2 for training (the backward pass sends as much again).

    Returns
    -------
    Communication
        ``time`` [s] and its parts; zero for one chip (no bandwidth needed).

    Raises
    ------
    MissingSpecError
        If more than one chip is used and the catalog has no interconnect bandwidth.
    WorkloadError
        For bad degrees, a negative token count, or ``ep > 1`` on a dense model.
    """
    par = parallel_of(parallel)
    if par is None:
        raise WorkloadError("parallel is required (e.g. Parallel(tp=2))")
    if isinstance(model, str):
        model = get_model(model)
    if isinstance(tokens, bool) or not isinstance(tokens, (int, float)) or tokens < 0:
        raise WorkloadError(f"tokens must be a non-negative number, got {tokens!r}")
    if not isinstance(activation_bytes, (int, float)) or isinstance(activation_bytes, bool) or activation_bytes <= 0:
        raise WorkloadError(f"activation_bytes must be positive, got {activation_bytes!r}")
    passes = _degree(passes, "passes")
    if par.ep > 1 and not model.is_moe:
        raise WorkloadError(f"ep={par.ep} but {model.name} has no experts")
    if par.n_chips == 1:
        return _zero(par, float(tokens))
    acc = resolve(acc, catalog)
    try:
        bw, reading, other = link_bandwidth(acc)
    except MissingSpecError as exc:
        raise MissingSpecError(acc.id, "interconnect.bandwidth",
                               f"needed for {par} communication ({exc})") from None
    msg = float(tokens) * model.hidden_size * activation_bytes  # bytes of one activation tensor
    tp_bytes = 2 * model.layers * 2 * (par.tp - 1) / par.tp * msg
    pp_bytes = (par.pp - 1) * msg
    ep_bytes = 0.0
    if par.ep > 1:
        ep_bytes = (2 * (model.moe_layers or 0) * (float(tokens) / par.ep) * (model.experts_per_token or 0)
                    * model.hidden_size * activation_bytes * (par.ep - 1) / par.ep)
    gbps = bw.magnitude * 1e9
    parts = [passes * b / gbps for b in (tp_bytes, pp_bytes, ep_bytes)]
    total = sum(parts)
    alt = None if other is None else Q_(total * bw.magnitude / other.magnitude, "s")
    return Communication(par, float(tokens), Q_(parts[0], "s"), Q_(parts[1], "s"), Q_(parts[2], "s"),
                         Q_(total, "s"), Q_(passes * (tp_bytes + pp_bytes + ep_bytes) / 1e9, "GB"), bw,
                         reading, alt)
