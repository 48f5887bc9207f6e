"""LLM throughput and time bounds: decode tokens/s, prefill time and training time.

Each function takes a :class:`~accelspec.workloads.models.ModelSpec` and a chip (or a catalog system, or
``n_chips`` chips whose compute and bandwidth add up; ``parallel=(tp, pp, ep)`` adds the split's
interconnect time from :mod:`~accelspec.workloads.parallel`) and returns a frozen
result whose quantities carry explicit units (s, token/s, GB, TFLOP), reporting both the memory
and the compute limit and which one binds. Every bound is pure: the efficiency factors are
parameters that default to 1.0, never hidden constants.

What is counted, and what is not
    Decode reads every active weight once per step plus the KV cache of every sequence in the
    batch, and performs ``2 x active parameters`` FLOP per token. Prefill performs
    ``2 x active parameters x prompt tokens`` FLOP. Training performs ``6 x N x D`` FLOP.
    Attention-score FLOPs, activations, embeddings' separate precision, kernel launch and
    (without ``parallel=``) interconnect time are left out: each omission can only make the bound looser, never wrong.
    For a mixture-of-experts model at batch > 1 more experts than one token's are read, so the
    decode bound is optimistic there.

Examples
--------
>>> import accelspec as acs
>>> from accelspec import Q_
>>> from accelspec.workloads.models import ModelSpec, LLAMA3_8B
>>> m = ModelSpec(name="70B at FP8", parameters=Q_(70, "billion"), layers=80, hidden_size=8192,
...               kv_heads=8, head_dim=128, weight_precision="fp8")
>>> d = decode(m, acs.get("H200"))                 # 4.8 TB/s / 70 GB per token
>>> round(d.per_sequence.magnitude, 1), d.bound
(68.6, 'memory')
>>> prefill(LLAMA3_8B, acs.get("H20"), 4096).bound
'compute'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.errors import MissingSpecError, WorkloadError
from accelspec.workloads.efficiency import Factor
from accelspec.workloads.models import (
    FORMAT_BYTES,
    DoesNotFitError,
    Fit,
    ModelSpec,
    _active_weight_bytes,
    _count,
    _positive_int,
    compute_precision_of,
    fits,
    get_model,
    weight_format,
)
from accelspec.workloads.parallel import Communication, Parallel, communication, parallel_of
from accelspec.workloads.roofline import Bound, _chips, _fraction, factors, peak_of
from accelspec.spec import Accelerator
from accelspec.units import Q_, to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "Decode",
    "DecodeBound",
    "Prefill",
    "PrefillBound",
    "Training",
    "TrainingBound",
    "TrainingMemory",
    "decode",
    "model_of",
    "requantised",
    "training_memory",
    "prefill",
    "training_time",
]


def _precision(model: ModelSpec, precision: str | None) -> str:
    return compute_precision_of(weight_format(precision) if precision is not None else model.weight_precision)


def model_of(model: ModelSpec | str) -> ModelSpec:
    """A :class:`ModelSpec` itself, or the preset of that name (:func:`get_model`)."""
    if isinstance(model, ModelSpec):
        return model
    if isinstance(model, str):
        return get_model(model)
    raise WorkloadError(f"expected a ModelSpec or a preset name, got {type(model).__name__}")


def requantised(model: ModelSpec, precision: str | None) -> ModelSpec:
    """The model with its weights stored at ``precision`` (``None``: unchanged).

    The LLM bounds re-quantise: ``precision="fp8"`` on a BF16 model reads 1 byte per weight
    and computes at the FP8 peak. The KV cache keeps its own precision.
    """
    if precision is None:
        return model
    fmt = weight_format(precision)
    return model if fmt == model.weight_precision else model.with_precision(weights=fmt)


def _peak_field(acc: Accelerator, precision: str) -> tuple[str, Any]:
    """Peak for ``precision``; a 4-bit format the chip has no rate for falls back to fp8, then
    bf16 (weight-only 4-bit quantisation computes at a wider precision). Wider formats raise."""
    try:
        return peak_of(acc, precision)
    except MissingSpecError:
        if FORMAT_BYTES.get(precision, 2) >= 1:
            raise
    for wider in ("fp8", "bf16"):
        try:
            field, peak = peak_of(acc, wider)
        except MissingSpecError:
            continue
        return f"{field} ({precision} weights)", peak
    raise MissingSpecError(acc.id, precision, "no peak for it, nor for fp8 or bf16")


def _split(acc: Accelerator, parallel: Parallel | tuple[int, ...] | dict[str, int] | None,
           n: int) -> tuple[Parallel | None, int, int]:
    """The split, the chip count (``n_chips`` 1 with a split: the split's chips) and the
    number of replicas (``n_chips / parallel.n_chips``)."""
    par = parallel_of(parallel)
    if par is None:
        return None, n, 1
    if n == 1:
        n = par.n_chips
    if n % par.n_chips:
        raise WorkloadError(f"{acc.id}: n_chips={n} is not a multiple of the {par} replica "
                            f"({par.n_chips} chips)")
    return par, n, n // par.n_chips


def _comm(model: ModelSpec, acc: Accelerator, par: Parallel | None, tokens: float, passes: int,
          catalog: Catalog | None) -> Communication | None:
    return None if par is None else communication(model, acc, par, tokens, passes=passes, catalog=catalog)


def _seconds(c: Communication | None) -> float:
    return 0.0 if c is None else float(c.time.to("s").magnitude)


def _verdict(fit: Fit) -> str:
    return "" if fit.fits else f" -- DOES NOT FIT: {fit.verdict}"


def _check_fit(fit: Fit, on_no_fit: str) -> None:
    if on_no_fit not in ("report", "raise"):
        raise WorkloadError(f"on_no_fit must be 'report' or 'raise', got {on_no_fit!r}")
    if on_no_fit == "raise" and not fit.fits:
        raise DoesNotFitError(fit)


@attrs.frozen
class DecodeBound:
    """Upper bound on decode throughput: one step generates one token for each of ``batch``
    sequences, and takes at least the longer of its memory time and its compute time.

    Attributes
    ----------
    model, accelerator, precision : str
        What was computed (``precision`` is the compute field whose peak was used).
    n_chips, batch : int
        Chips (compute and bandwidth added; interconnect counted only under ``parallel=``) and
        sequences per step.
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
        Whether weights and this KV cache fit (the bound is reported either way, and its string
        form says "DOES NOT FIT"; ``on_no_fit="raise"`` raises :class:`DoesNotFitError`).
    weight_precision : str
        Format the weights were read in (re-quantised when ``precision`` was given).
    factors : tuple of Factor
        Compute and bandwidth efficiencies applied, each with its origin.
    experts_per_layer : float or None
        Mixture of experts: expected distinct routed experts read per MoE layer at this batch.
    communication : Communication or None
        Interconnect time of the step under ``parallel=`` (added to the step; ``None``: no split
        given, communication not counted).
    kv_time : pint.Quantity [s] or None
        With ``overlap=False``: the KV-cache read time, added after the weight-bound part
        (attention and the matrix products run as separate kernels); ``None`` otherwise.
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
    weight_precision: str = ""
    factors: tuple[Factor, ...] = ()
    experts_per_layer: float | None = None
    communication: Communication | None = None
    kv_time: Any = None

    @property
    def step_time(self) -> Any:
        """Time of one decode step [s]: the larger of memory and compute time, plus the
        communication time of a split; with ``overlap=False`` the larger of weight-read and
        compute time, plus the KV-cache read, plus communication."""
        return Q_(self._step, "s")

    @property
    def _step(self) -> float:
        if self.kv_time is None:
            base = (self.memory_time if self.bound == "memory" else self.compute_time).to("s").magnitude
        else:
            kv = self.kv_time.to("s").magnitude
            base = max(self.memory_time.to("s").magnitude - kv, self.compute_time.to("s").magnitude) + kv
        return float(base) + _seconds(self.communication)

    @property
    def tpot(self) -> Any:
        """Time per output token [s] for each sequence (TPOT): the step time."""
        return self.step_time

    def __str__(self) -> str:
        moe = "" if self.experts_per_layer is None else f", {self.experts_per_layer:.1f} experts/layer read"
        return (f"decode {self.model} on {self.n_chips} x {self.accelerator} ({self.weight_precision} "
                f"weights, {self.precision} peak), batch {self.batch}, context {self.context:g}: "
                f"{self.aggregate.magnitude:.4g} token/s aggregate, TPOT {self.tpot.to('ms').magnitude:.4g} ms, "
                f"{self.bound}-bound{moe}{_verdict(self.fit)}")

    def __repr__(self) -> str:
        from accelspec.formatting import format_duration, format_number

        return (f"<DecodeBound {self.model} on {self.n_chips} x {self.accelerator}, batch {self.batch}: "
                f"{format_number(self.aggregate.magnitude)} token/s, TPOT "
                f"{format_duration(self.tpot.to('s').magnitude)}, {self.bound}-bound"
                f"{'' if self.fit.fits else ', does not fit'}>")

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_duration, format_number, html_record

        rows = [("aggregate", f"{format_number(self.aggregate.magnitude)} token/s"),
                ("per sequence", f"{format_number(self.per_sequence.magnitude)} token/s"),
                ("TPOT", format_duration(self.tpot.to("s").magnitude)), ("bound", self.bound),
                ("memory time", format_duration(self.memory_time.to("s").magnitude)),
                ("compute time", format_duration(self.compute_time.to("s").magnitude)),
                ("bytes per step", f"{format_number(self.bytes_per_step.to('GB').magnitude)} GB"),
                ("batch, context", f"{self.batch}, {self.context:g}"),
                ("weights", self.weight_precision), ("peak used", self.precision),
                ("fit", self.fit.verdict)]
        rows += [(f.name.replace("_", " "), f"{f.value:.3g} ({f.origin})") for f in self.factors]
        return _html(f"Decode {self.model} on {self.n_chips} x {self.accelerator}", rows, html_record)

    @property
    def intensity(self) -> Any:
        """Arithmetic intensity of a step [FLOP/B]."""
        return to_unit(self.flops_per_step / self.bytes_per_step, "FLOP/B", what="intensity")

    @property
    def performance(self) -> Any:
        """Aggregate throughput [token/s] (what :func:`relative_performance` ratios)."""
        return self.aggregate


def _html(title: str, rows: list[tuple[str, str]], record: Any) -> str:
    notes = ["Upper bound from catalog peaks and bandwidth; a bound that does not fit in memory "
             "is shown but cannot run as stated."]
    return str(record(title, rows, notes))


def _times(acc: Accelerator, precision: str, n: int, flops: Any, nbytes: Any, ce: float,
           be: float) -> tuple[str, Any, Any]:
    field, peak = _peak_field(acc, precision)
    bw = acc.value("memory.bandwidth")
    t_mem = to_unit(nbytes / (bw * (n * be)), "s", what="memory time")
    t_comp = to_unit(flops / (peak * (n * ce)), "s", what="compute time")
    return field, t_mem, t_comp


def decode(model: ModelSpec | str, acc: Accelerator | str, *, batch: int = 1, context: int = 0,
           n_chips: int = 1, precision: str | None = None, bandwidth_efficiency: float | str = 1.0,
           compute_efficiency: float | str = 1.0, usable_fraction: float = 1.0,
           efficiency: str | None = None, on_no_fit: str = "report",
           parallel: Parallel | tuple[int, ...] | dict[str, int] | None = None, overlap: bool = True,
           catalog: Catalog | None = None) -> DecodeBound:
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
        Weight format and compute precision (default: the model's weight format). Giving one
        re-quantises the weights: ``"fp8"`` on a BF16 model reads 1 byte per weight and uses the
        FP8 peak; ``"mxfp4"``/``"nvfp4"`` read 4.25/4.5 bits and use the FP4 peak (a chip without
        one falls back to FP8, then BF16, and the precision field says so).
    bandwidth_efficiency, compute_efficiency : float or "measured"
        Achieved fractions of peak bandwidth and compute, in (0, 1]; default 1.0. ``"measured"``
        reads them from the chip's measurements; ``factors`` says which.
    usable_fraction : float
        Passed to :func:`fits` for the ``fit`` report.
    efficiency : "measured", optional
        Both efficiencies from measurements.
    on_no_fit : {"report", "raise"}
        ``"raise"`` raises :class:`DoesNotFitError` (naming the chips needed) when the weights and
        KV cache do not fit; by default the verdict is in ``fit`` and in the string form.
    parallel : Parallel or (tp, pp, ep), optional
        How each model replica is split; its interconnect time
        (:func:`~accelspec.workloads.parallel.communication`, ``batch / replicas`` tokens per
        replica) is added to every step. ``n_chips`` defaults to the split's chips and must be a
        multiple of them (the rest are data-parallel replicas).
    overlap : bool
        ``True`` (default, the bound): weights, KV cache and compute overlap in one roofline.
        ``False``: attention reads the KV cache in kernels of its own, after the matrix
        products, so the KV read time adds to ``max(weight read, compute)``.

    Mixture-of-experts models read the experts the whole batch touches: per MoE layer the
    expected distinct experts ``E x (1 - (1 - k/E)^batch)``, the batch's tokens routed
    independently and uniformly (:meth:`ModelSpec.expected_experts`).

    Returns
    -------
    DecodeBound
        ``per_sequence`` and ``aggregate`` in token/s, times in s, ``bound``, ``tpot`` [s].
    """
    acc = resolve(acc, catalog)
    model = requantised(model_of(model), precision)
    par, n, replicas = _split(acc, parallel, _chips(n_chips))
    b = _positive_int(batch, "batch")
    ctx = _count(context, "context")
    if not isinstance(overlap, bool):
        raise WorkloadError(f"overlap must be True or False, got {overlap!r}")
    fc, fb = factors(acc, compute_efficiency, bandwidth_efficiency, efficiency,
                     _precision(model, None), catalog)
    kv_bytes = model.kv_per_token * Q_(b * ctx, "token")
    nbytes = _active_weight_bytes(model, b) + kv_bytes
    flops = Q_(2 * model.active_parameters * b, "FLOP")
    field, t_mem, t_comp = _times(acc, _precision(model, None), n, flops, nbytes, fc.value, fb.value)
    bound: Bound = "memory" if t_mem.magnitude >= t_comp.magnitude else "compute"
    comm = _comm(model, acc, par, b / replicas, 1, catalog)
    t_kv = None
    if not overlap:
        t_kv = to_unit(kv_bytes / (acc.value("memory.bandwidth") * (n * fb.value)), "s", what="KV time")
        step = max(t_mem.magnitude - t_kv.magnitude, t_comp.magnitude) + t_kv.magnitude + _seconds(comm)
    else:
        step = max(t_mem.magnitude, t_comp.magnitude) + _seconds(comm)
    fit = fits(model, acc, n, usable_fraction=usable_fraction, batch=b, context=int(ctx))
    _check_fit(fit, on_no_fit)
    return DecodeBound(
        model.name, acc.id, field, n, b, ctx,
        to_unit(nbytes, "GB", what="bytes per step"), to_unit(flops, "TFLOP", what="FLOP per step"),
        t_mem, t_comp, Q_(b / t_mem.magnitude, "token/s"), Q_(b / t_comp.magnitude, "token/s"),
        bound, Q_(1 / step, "token/s"), Q_(b / step, "token/s"), fit, model.weight_precision,
        (fc, fb), model.expected_experts(b) if model.is_moe else None, comm, t_kv,
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
    communication : Communication or None
        Interconnect time under ``parallel=`` (included in ``time``).
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
    weight_precision: str = ""
    factors: tuple[Factor, ...] = ()
    communication: Communication | None = None

    @property
    def ttft(self) -> Any:
        """Time to first token [s] (TTFT) for the batch: the prefill time (queueing left out)."""
        return self.time

    def __str__(self) -> str:
        return (f"prefill {self.model} on {self.n_chips} x {self.accelerator} ({self.weight_precision} "
                f"weights, {self.precision} peak), {self.prompt_tokens:g} tokens x batch {self.batch}: "
                f"{self.rate.magnitude:.4g} token/s, TTFT {self.ttft.to('ms').magnitude:.4g} ms, "
                f"{self.bound}-bound{_verdict(self.fit)}")

    def __repr__(self) -> str:
        from accelspec.formatting import format_duration, format_number

        return (f"<PrefillBound {self.model} on {self.n_chips} x {self.accelerator}, "
                f"{self.prompt_tokens:g} tokens x {self.batch}: {format_number(self.rate.magnitude)} token/s, "
                f"TTFT {format_duration(self.ttft.to('s').magnitude)}, {self.bound}-bound"
                f"{'' if self.fit.fits else ', does not fit'}>")

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_duration, format_number, html_record

        rows = [("rate", f"{format_number(self.rate.magnitude)} token/s"),
                ("TTFT", format_duration(self.ttft.to("s").magnitude)), ("bound", self.bound),
                ("memory time", format_duration(self.memory_time.to("s").magnitude)),
                ("compute time", format_duration(self.compute_time.to("s").magnitude)),
                ("prompt tokens x batch", f"{self.prompt_tokens:g} x {self.batch}"),
                ("weights", self.weight_precision), ("peak used", self.precision),
                ("fit", self.fit.verdict)]
        rows += [(f.name.replace("_", " "), f"{f.value:.3g} ({f.origin})") for f in self.factors]
        return _html(f"Prefill {self.model} on {self.n_chips} x {self.accelerator}", rows, html_record)

    @property
    def intensity(self) -> Any:
        """Arithmetic intensity [FLOP/B]."""
        return to_unit(self.flops / self.bytes, "FLOP/B", what="intensity")

    @property
    def performance(self) -> Any:
        """Prompt tokens per second [token/s] (what :func:`relative_performance` ratios)."""
        return self.rate


def prefill(model: ModelSpec | str, acc: Accelerator | str, prompt_tokens: int, *, batch: int = 1,
            n_chips: int = 1, precision: str | None = None, bandwidth_efficiency: float | str = 1.0,
            compute_efficiency: float | str = 1.0, usable_fraction: float = 1.0,
            efficiency: str | None = None, on_no_fit: str = "report",
            parallel: Parallel | tuple[int, ...] | dict[str, int] | None = None,
            catalog: Catalog | None = None) -> PrefillBound:
    """Lower bound on prefill time for ``batch`` prompts of ``prompt_tokens`` tokens.

    Parameters are as for :func:`decode` (``precision`` re-quantises the weights; efficiencies
    may be ``"measured"``; ``parallel`` adds the split's interconnect time for
    ``batch x prompt_tokens / replicas`` tokens). A mixture-of-experts model reads the experts that
    ``batch x prompt_tokens`` tokens touch.

    Returns
    -------
    PrefillBound
        ``time`` and ``ttft`` [s], ``rate`` [token/s], ``bound``.
    """
    acc = resolve(acc, catalog)
    model = requantised(model_of(model), precision)
    par, n, replicas = _split(acc, parallel, _chips(n_chips))
    b = _positive_int(batch, "batch")
    p = _count(prompt_tokens, "prompt_tokens")
    if p <= 0:
        raise WorkloadError("prompt_tokens must be positive")
    fc, fb = factors(acc, compute_efficiency, bandwidth_efficiency, efficiency,
                     _precision(model, None), catalog)
    nbytes = _active_weight_bytes(model, b * p) + model.kv_per_token * Q_(b * p, "token")
    flops = Q_(2 * model.active_parameters * p * b, "FLOP")
    field, t_mem, t_comp = _times(acc, _precision(model, None), n, flops, nbytes, fc.value, fb.value)
    bound: Bound = "memory" if t_mem.magnitude > t_comp.magnitude else "compute"
    comm = _comm(model, acc, par, b * p / replicas, 1, catalog)
    t = max(t_mem.magnitude, t_comp.magnitude) + _seconds(comm)
    fit = fits(model, acc, n, usable_fraction=usable_fraction, batch=b, context=int(p))
    _check_fit(fit, on_no_fit)
    return PrefillBound(model.name, acc.id, field, n, b, p, to_unit(flops, "TFLOP", what="FLOP"),
                        to_unit(nbytes, "GB", what="bytes"), t_mem, t_comp, Q_(t, "s"), bound,
                        Q_(b * p / t, "token/s"), fit, model.weight_precision, (fc, fb), comm)


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
        ``flops / (peak x n_chips x utilisation)`` plus, under ``parallel=``, the interconnect
        time; ``.to("day")`` to read it in days.
    communication : Communication or None
        Forward and backward interconnect time of each replica's share of the tokens.
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
    communication: Communication | None = None

    def __str__(self) -> str:
        from accelspec.formatting import format_duration

        return (f"train {self.model} on {self.n_chips} x {self.accelerator} ({self.precision}, "
                f"utilisation {self.utilisation:.3f}): {format_duration(self.time.to('s').magnitude)} for "
                f"{self.tokens.magnitude:.4g} tokens")

    def __repr__(self) -> str:
        from accelspec.formatting import format_duration

        return (f"<TrainingBound {self.model} on {self.n_chips} x {self.accelerator}, "
                f"{self.tokens.magnitude:.4g} tokens at {self.utilisation:.3g}: "
                f"{format_duration(self.time.to('s').magnitude)}>")

    def _repr_html_(self) -> str:
        from accelspec.formatting import format_duration, html_record

        rows = [("time", format_duration(self.time.to("s").magnitude)),
                ("tokens", f"{self.tokens.magnitude:.4g}"), ("FLOP", f"{self.flops.to('FLOP').magnitude:.4g}"),
                ("utilisation", f"{self.utilisation:.3g}"), ("precision", self.precision),
                ("chips", str(self.n_chips))]
        return html_record(f"Train {self.model} on {self.n_chips} x {self.accelerator}", rows,
                           ["6 x active parameters x tokens FLOP at the stated utilisation; "
                            "communication ignored."])

    @property
    def performance(self) -> Any:
        """Training tokens per second [token/s]."""
        return to_unit(self.tokens / self.time, "token/s", what="training rate")


def training_time(model: ModelSpec | str, acc: Accelerator | str, tokens: Any, *, n_chips: int = 1,
                  utilisation: float | str = 1.0, precision: str = "bf16",
                  parallel: Parallel | tuple[int, ...] | dict[str, int] | None = None,
                  catalog: Catalog | None = None) -> TrainingBound:
    """Training time for ``tokens`` (a count or a quantity in token) from ``6 x N x D`` FLOP.

    Parameters
    ----------
    utilisation : float or "measured"
        Model FLOPs utilisation in (0, 1]; default 1.0 (the pure bound; 0.3 to 0.5 is typical).
        ``"measured"`` uses the chip's measured GEMM efficiency at ``precision`` (an upper bound
        on MFU, since training also communicates and recomputes).
    precision : str
        Compute precision of the matrix units (default ``"bf16"``).
    parallel : Parallel or (tp, pp, ep), optional
        The split of each replica: its forward and backward interconnect time for
        ``tokens / replicas`` tokens is added (the data-parallel gradient all-reduce is not).

    Returns
    -------
    TrainingBound
        ``time`` [s], ``flops`` [FLOP].
    """
    acc = resolve(acc, catalog)
    model = model_of(model)
    par, n, replicas = _split(acc, parallel, _chips(n_chips))
    if utilisation == "measured":
        u = factors(acc, "measured", 1.0, None, precision, catalog)[0].value
    else:
        u = _fraction(utilisation, "utilisation")  # type: ignore[arg-type]
    d = _count(tokens, "tokens")
    if d <= 0:
        raise WorkloadError("tokens must be positive")
    flops = Q_(6 * model.active_parameters * d, "FLOP")
    field, peak = peak_of(acc, precision)
    t = to_unit(flops / (peak * (n * u)), "s", what="training time")
    comm = _comm(model, acc, par, d / replicas, 2, catalog)
    if comm is not None:
        t = t + comm.time
    return TrainingBound(model.name, acc.id, field, n, Q_(d, "token"), u, flops, t, "compute", comm)


@attrs.frozen
class Decode:
    """Decode workload for :func:`~accelspec.workloads.relative_performance`; see :func:`decode`."""

    model: ModelSpec = attrs.field(converter=model_of)
    batch: int = 1
    context: int = 0
    precision: str | None = None
    efficiency: str | None = None

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
                      precision=self.precision, efficiency=self.efficiency)


@attrs.frozen
class Prefill:
    """Prefill workload for :func:`~accelspec.workloads.relative_performance`; see :func:`prefill`."""

    model: ModelSpec = attrs.field(converter=model_of)
    prompt_tokens: int = attrs.field(default=1)
    batch: int = 1
    precision: str | None = None
    efficiency: str | None = None

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
                       precision=self.precision, efficiency=self.efficiency)


@attrs.frozen
class Training:
    """Training workload for :func:`~accelspec.workloads.relative_performance`; see
    :func:`training_time`."""

    model: ModelSpec = attrs.field(converter=model_of)
    tokens: Any = attrs.field(default=1)
    utilisation: float | str = 1.0
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


@attrs.frozen
class TrainingMemory:
    """Memory to train a model with mixed-precision Adam [GB, decimal].

    Attributes
    ----------
    model : str
        Name.
    n_chips : int
        Chips the states and activations are spread over (fully sharded, ZeRO-3 style).
    weights, gradients, optimizer, activations, total, per_chip : pint.Quantity [GB]
        BF16 weights (2 B/parameter), BF16 gradients (2 B), FP32 master weights plus Adam's two
        moments (12 B) -- the 16 B per parameter of Rajbhandari et al., "ZeRO", arXiv:1910.02054
        -- and activations ``34 x tokens x hidden`` bytes per layer (Korthikanti et al.,
        arXiv:2205.05198, eq. 1 without the ``5as/h`` attention-score term that fused attention
        avoids), or ``2 x tokens x hidden`` per layer with full recomputation.
    """

    model: str
    n_chips: int
    weights: Any
    gradients: Any
    optimizer: Any
    activations: Any
    total: Any
    per_chip: Any

    def __str__(self) -> str:
        return (f"train {self.model}: {self.total.magnitude:.4g} GB in all (weights "
                f"{self.weights.magnitude:.4g}, gradients {self.gradients.magnitude:.4g}, optimizer "
                f"{self.optimizer.magnitude:.4g}, activations {self.activations.magnitude:.4g}); "
                f"{self.per_chip.magnitude:.4g} GB per chip over {self.n_chips}")


def training_memory(model: ModelSpec | str, *, n_chips: int = 1, tokens_in_flight: int = 4096,
                    recompute: bool = False) -> TrainingMemory:
    """Training memory: weights, gradients, optimizer state and activations [GB].

    Parameters
    ----------
    tokens_in_flight : int
        Tokens whose activations are held at once (sequence length x micro-batch), in all.
    recompute : bool
        Full activation recomputation (keeps only each layer's input).
    n_chips : int
        Chips sharing everything evenly (the per-chip figure is ``total / n_chips``).
    """
    m = model_of(model)
    n = _chips(n_chips)
    t = _positive_int(tokens_in_flight, "tokens_in_flight")
    p = m.parameters
    per_layer = (2 if recompute else 34) * t * m.hidden_size
    parts = [Q_(p * 2, "B"), Q_(p * 2, "B"), Q_(p * 12, "B"), Q_(per_layer * m.layers, "B")]
    gb = [to_unit(q, "GB", what="training memory") for q in parts]
    total = gb[0] + gb[1] + gb[2] + gb[3]
    return TrainingMemory(m.name, n, gb[0], gb[1], gb[2], gb[3], total, total / n)
