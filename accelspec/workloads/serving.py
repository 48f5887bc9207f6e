"""Serving as a workload: the offline throughput bound of a model on a chip (MLPerf Offline style).

:func:`serve` finds the largest batch whose weights and KV cache fit (every sequence holding
``prompt_tokens + output_tokens`` tokens of cache at its end), then adds the prefill time of that
batch's prompts to ``output_tokens`` decode steps at the average context
``prompt_tokens + output_tokens / 2``; the bound is the batch's output tokens over that time.
Prefill and decode are counted one after the other (a real server overlaps them, so the bound
could be beaten by at most the prefill share; the result reports that share). Weights are pooled
across ``n_chips`` (read once per step, split across the chips; no replication, interconnect
ignored), which gives the largest batch and the loosest bound.

:func:`predict` evaluates any workload (:class:`Serving`, :class:`~accelspec.workloads.llm.Decode`,
:class:`~accelspec.workloads.llm.Prefill`, :class:`~accelspec.workloads.llm.Training`) on a chip,
with efficiencies given or ``"measured"``.

Examples
--------
>>> r = predict("H200", Serving("llama2-70b", 1024, 256, precision="fp8"), n_chips=8)
>>> r.batch > 100, r.fit.fits
(True, True)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Union

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import WorkloadError
from accelspec.spec import Accelerator
from accelspec.units import Q_, to_unit
from accelspec.workloads.efficiency import Factor
from accelspec.workloads.llm import (
    Decode,
    DecodeBound,
    Prefill,
    PrefillBound,
    Training,
    TrainingBound,
    decode,
    model_of,
    prefill,
    requantised,
    training_time,
)
from accelspec.workloads.models import (
    DoesNotFitError,
    Fit,
    ModelSpec,
    _count,
    fits,
    weight_memory,
)
from accelspec.workloads.parallel import Parallel, parallel_of
from accelspec.workloads.roofline import _chips, _fraction

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Serving", "ServingBound", "predict", "serve"]


@attrs.frozen
class ServingBound:
    """Offline serving throughput bound at the largest batch that fits.

    Attributes
    ----------
    model, accelerator, precision : str
        What was computed (``precision``: the weight format used).
    n_chips, batch : int
        Chips pooled and the batch that fits.
    prompt_tokens, output_tokens : float
        Lengths per request.
    prefill : PrefillBound or None
        The batch's prefill (``None`` when ``prompt_tokens`` is 0).
    decode : DecodeBound
        One decode step at the average context.
    time : pint.Quantity [s]
        Prefill plus ``output_tokens`` decode steps.
    output_rate, total_rate : pint.Quantity [token/s]
        Output tokens per second (what MLPerf reports for LLMs), and prompt plus output tokens.
    prefill_share : float
        Fraction of ``time`` spent in prefill.
    fit : Fit
        The memory verdict at ``batch``.
    factors : tuple of Factor
        Efficiencies applied and their origins.
    """

    model: str
    accelerator: str
    precision: str
    n_chips: int
    batch: int
    prompt_tokens: float
    output_tokens: float
    prefill: PrefillBound | None
    decode: DecodeBound
    time: Any
    output_rate: Any
    total_rate: Any
    prefill_share: float
    fit: Fit
    factors: tuple[Factor, ...] = ()

    @property
    def performance(self) -> Any:
        """Output tokens per second [token/s]."""
        return self.output_rate

    @property
    def bound(self) -> str:
        """The resource binding the decode steps (``"memory"`` or ``"compute"``)."""
        return self.decode.bound

    @property
    def ttft(self) -> Any:
        """Time to first token of the batch [s] (its prefill; 0 s without a prompt)."""
        return self.prefill.time if self.prefill is not None else Q_(0, "s")

    @property
    def tpot(self) -> Any:
        """Time per output token [s] (one decode step at the average context)."""
        return self.decode.step_time

    def __str__(self) -> str:
        return (f"serve {self.model} ({self.precision}) on {self.n_chips} x {self.accelerator}, "
                f"{self.prompt_tokens:g} in / {self.output_tokens:g} out: batch {self.batch} fits, "
                f"{self.output_rate.magnitude:.4g} output token/s, TTFT {self.ttft.to('s').magnitude:.3g} s, "
                f"TPOT {self.tpot.to('ms').magnitude:.3g} ms, {self.bound}-bound decode")

    def __repr__(self) -> str:
        return _serving_repr(self)

    def _repr_html_(self) -> str:
        return _serving_html(self)


def _serving_repr(b: ServingBound) -> str:
    from accelspec.formatting import format_duration, format_number

    return (f"<ServingBound {b.model} on {b.n_chips} x {b.accelerator}, batch {b.batch}: "
            f"{format_number(b.output_rate.magnitude)} output token/s, TTFT "
            f"{format_duration(b.ttft.to('s').magnitude)}, TPOT {format_duration(b.tpot.to('s').magnitude)}>")


def _serving_html(b: ServingBound) -> str:
    from accelspec.formatting import format_duration, format_number, html_record

    rows = [("output rate", f"{format_number(b.output_rate.magnitude)} token/s"),
            ("total rate", f"{format_number(b.total_rate.magnitude)} token/s"),
            ("batch", str(b.batch)), ("TTFT", format_duration(b.ttft.to("s").magnitude)),
            ("TPOT", format_duration(b.tpot.to("s").magnitude)),
            ("time per batch", format_duration(b.time.to("s").magnitude)),
            ("prefill share", f"{b.prefill_share:.1%}"), ("decode bound", b.bound),
            ("tokens in / out", f"{b.prompt_tokens:g} / {b.output_tokens:g}"),
            ("weights", b.precision), ("fit", b.fit.verdict)]
    rows += [(f.name.replace("_", " "), f"{f.value:.3g} ({f.origin})") for f in b.factors]
    return html_record(f"Serve {b.model} on {b.n_chips} x {b.accelerator}", rows,
                       ["Offline bound at the largest batch that fits: prefill plus decode, "
                        "from catalog peaks and bandwidth."])


def serve(model: ModelSpec | str, acc: Accelerator | str, prompt_tokens: int, output_tokens: int, *,
          n_chips: int = 1, precision: str | None = None, max_batch: int | None = None,
          usable_fraction: float = 1.0, bandwidth_efficiency: float | str = 1.0,
          compute_efficiency: float | str = 1.0, efficiency: str | None = None,
          parallel: Parallel | tuple[int, ...] | dict[str, int] | None = None, overlap: bool = True,
          catalog: Catalog | None = None) -> ServingBound:
    """Offline throughput bound: the largest batch that fits, prefill and decode together.

    Parameters
    ----------
    prompt_tokens, output_tokens : int
        Tokens in and out per request (``prompt_tokens`` may be 0: prefill is then left out).
    precision : str, optional
        Weight format (re-quantises the weights, as in :func:`~accelspec.workloads.llm.decode`).
    max_batch : int, optional
        Cap on the batch (default: as many as fit).
    usable_fraction : float
        Fraction of memory usable for weights and cache.
    bandwidth_efficiency, compute_efficiency, efficiency :
        As for :func:`~accelspec.workloads.llm.decode` (fractions or ``"measured"``).
    parallel : Parallel or (tp, pp, ep), optional
        The split of one replica. Without it the ``n_chips`` pool one copy of the weights and
        communicate for free; with it each replica of ``parallel.n_chips`` chips holds its own
        copy (so the batch that fits is per replica, summed over ``n_chips / parallel.n_chips``
        replicas) and its interconnect time is added to prefill and to every decode step.
    overlap : bool
        As for :func:`~accelspec.workloads.llm.decode` (``False``: the KV-cache read adds to
        the weight/compute time of each step).

    Returns
    -------
    ServingBound
        ``output_rate`` [token/s], ``batch``, ``ttft`` and ``tpot`` [s].

    Raises
    ------
    DoesNotFitError
        If not even one request fits beside the weights (naming the chips needed).
    """
    acc = resolve(acc, catalog)
    m = requantised(model_of(model), precision)
    n = _chips(n_chips)
    par = parallel_of(parallel)
    if par is not None and n == 1:
        n = par.n_chips
    if par is not None and n % par.n_chips:
        raise WorkloadError(f"n_chips={n} is not a multiple of the {par} replica ({par.n_chips} chips)")
    replicas = 1 if par is None else n // par.n_chips
    p = _count(prompt_tokens, "prompt_tokens")
    o = _count(output_tokens, "output_tokens")
    if o <= 0:
        raise WorkloadError("output_tokens must be positive")
    frac = _fraction(usable_fraction, "usable_fraction")
    cap = to_unit(acc.value("memory.capacity"), "GB", what="memory capacity").magnitude * (n // replicas) * frac
    free = cap - weight_memory(m).magnitude
    per_seq = to_unit(m.kv_per_token * Q_(p + o, "token"), "GB", what="KV cache").magnitude
    batch = replicas * int(math.floor(free / per_seq * (1 + 1e-12))) if free > 0 else 0
    if max_batch is not None:
        if isinstance(max_batch, bool) or not isinstance(max_batch, int) or max_batch < 1:
            raise WorkloadError(f"max_batch must be a positive integer, got {max_batch!r}")
        batch = min(batch, max_batch)
    if batch < 1:
        raise DoesNotFitError(fits(m, acc, n // replicas, usable_fraction=frac, batch=1, context=int(p + o)))
    common: dict[str, Any] = dict(n_chips=n, usable_fraction=frac, bandwidth_efficiency=bandwidth_efficiency,
                                  compute_efficiency=compute_efficiency, efficiency=efficiency,
                                  parallel=par, catalog=catalog)
    pre = prefill(m, acc, int(p), batch=batch, **common) if p > 0 else None
    dec = decode(m, acc, batch=batch, context=int(round(p + o / 2)), overlap=overlap, **common)
    t_pre = pre.time.magnitude if pre is not None else 0.0
    t = t_pre + o * dec.step_time.to("s").magnitude
    fit = fits(m, acc, n // replicas, usable_fraction=frac, batch=max(1, batch // replicas), context=int(p + o))
    return ServingBound(m.name, acc.id, m.weight_precision, n, batch, p, o, pre, dec, Q_(t, "s"),
                        Q_(batch * o / t, "token/s"), Q_(batch * (p + o) / t, "token/s"), t_pre / t,
                        fit, dec.factors)


@attrs.frozen
class Serving:
    """Serving workload: requests of ``prompt_tokens`` in and ``output_tokens`` out; see :func:`serve`."""

    model: ModelSpec = attrs.field(converter=model_of)
    prompt_tokens: int = 0
    output_tokens: int = 1
    precision: str | None = None
    max_batch: int | None = None
    efficiency: str | None = None
    parallel: Parallel | None = attrs.field(default=None, converter=parallel_of)

    @property
    def compute_precision(self) -> str:
        """The precision whose peak the workload uses."""
        from accelspec.workloads.llm import _precision

        return _precision(self.model, self.precision)

    def describe(self) -> str:
        """One line naming the workload."""
        return (f"serve {self.model.name}, {self.prompt_tokens} in / {self.output_tokens} out"
                + (f" at {self.precision}" if self.precision else ""))

    def evaluate(self, acc: Accelerator, n_chips: int = 1) -> ServingBound:
        """The serving bound on ``acc``."""
        return serve(self.model, acc, self.prompt_tokens, self.output_tokens, n_chips=n_chips,
                     precision=self.precision, max_batch=self.max_batch, efficiency=self.efficiency,
                     parallel=self.parallel)


_Workload = Union[Serving, Decode, Prefill, Training]
_Result = Union[ServingBound, DecodeBound, PrefillBound, TrainingBound]


def predict(chip: Accelerator | str, workload: _Workload, *, n_chips: int = 1,
            efficiency: float | str | None = None,
            parallel: Parallel | tuple[int, ...] | dict[str, int] | None = None,
            catalog: Catalog | None = None) -> _Result:
    """Evaluate a workload on a chip, with efficiencies given or measured.

    Parameters
    ----------
    chip : str or Accelerator
        The chip.
    workload : Serving, Decode, Prefill or Training
        What runs (a :class:`Serving` gives the offline throughput bound in token/s).
    n_chips : int
        Chips pooled.
    efficiency : float or "measured", optional
        ``"measured"`` uses the chip's measured efficiencies (each cited in ``factors``); a
        fraction applies to compute and bandwidth alike; ``None`` keeps the workload's own
        setting (the pure bound by default).
    parallel : Parallel or (tp, pp, ep), optional
        Split of each replica; its interconnect time is added
        (:mod:`~accelspec.workloads.parallel`). A :class:`Serving` workload's own ``parallel``
        is used when this is ``None``.

    Returns
    -------
    ServingBound, DecodeBound, PrefillBound or TrainingBound
    """
    acc = resolve(chip, catalog)
    n = _chips(n_chips)
    if isinstance(workload, Training):
        u: float | str = workload.utilisation if efficiency is None else efficiency
        return training_time(workload.model, acc, workload.tokens, n_chips=n, utilisation=u,
                             precision=workload.precision, parallel=parallel, catalog=catalog)
    if not isinstance(workload, (Serving, Decode, Prefill)):
        raise WorkloadError(f"not a workload: {workload!r} (use Serving, Decode, Prefill or Training)")
    eff: dict[str, Any] = {}
    if efficiency == "measured" or (efficiency is None and workload.efficiency is not None):
        eff = {"efficiency": efficiency or workload.efficiency}
    elif efficiency is not None:
        eff = {"compute_efficiency": efficiency, "bandwidth_efficiency": efficiency}
    if isinstance(workload, Serving):
        return serve(workload.model, acc, workload.prompt_tokens, workload.output_tokens, n_chips=n,
                     precision=workload.precision, max_batch=workload.max_batch,
                     parallel=parallel if parallel is not None else workload.parallel, catalog=catalog, **eff)
    if isinstance(workload, Decode):
        return decode(workload.model, acc, batch=workload.batch, context=workload.context, n_chips=n,
                      precision=workload.precision, parallel=parallel, catalog=catalog, **eff)
    return prefill(workload.model, acc, workload.prompt_tokens, batch=workload.batch, n_chips=n,
                   precision=workload.precision, parallel=parallel, catalog=catalog, **eff)
