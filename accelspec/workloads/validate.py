"""Every prediction the library can make, set beside every measurement it can be compared with.

:func:`validate` walks the measurements (``catalog/measurements``) and, for each, computes:

- *peak bounds*: matrix throughput against the dense peak of the same precision, memory
  bandwidth against the catalog bandwidth, usable memory against capacity, power under load
  against TDP, link bandwidth against the per-direction interconnect figure;
- *LLM bounds* for decode, prefill and serving results whose model is a preset: once at peak
  (a bound: a measurement above it is flagged) and once with ``efficiency="measured"`` (a
  prediction: its error is reported);
- *cross-chip ratios*: for serving results of one MLPerf round, scenario, model and stated
  precision, the measured per-chip throughput ratio of every pair of chips against the predicted
  ratio with measured efficiencies.

A bound below a measured value is a bug in the model or an error in the catalog; each is flagged
with the reason known so far. Statistics are over ``predicted / measured``.

Assumptions stated here, not hidden: MLPerf Llama 2 70B results give neither prompt nor output
lengths in the files recorded; the serving prediction uses 294.45 output tokens per request (the
MLPerf reference "Tokens per sample", mlcommons/inference language/llama2-70b/README.md) and
leaves prefill and the prompt's KV cache out (the data set's mean prompt length was not found in
the sources read), so it is a looser bound. Each replica is split as submitted
(``conditions.tp``/``pp``/``ep``; otherwise the fewest chips that hold the weights), holds its own
weights, and pays its tensor-parallel all-reduces over the scale-up link
(:mod:`~accelspec.workloads.parallel`); with measured efficiencies the KV-cache read is added
after the matrix products (``overlap=False``). An LLM measurement quoted per chip from a
deployment too large for one chip is compared with the bound of the fewest chips that hold the
model, divided by that count. A decode result without a batch uses the largest batch that fits.

Examples
--------
>>> report = validate()
>>> report.summary()["peak"]["n"] >= 40
True
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import catalog as packaged_catalog
from accelspec.errors import AccelspecError
from accelspec.formatting import format_number
from accelspec.measured import Measurement
from accelspec.workloads.efficiency import efficiency as _efficiency
from accelspec.workloads.efficiency import factor as _factor
from accelspec.workloads.llm import decode, prefill, training_time
from accelspec.workloads.models import ModelSpec, fits, get_model
from accelspec.workloads.parallel import Parallel
from accelspec.workloads.serving import serve

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Comparison", "RatioCheck", "ValidationReport", "validate"]

#: Mean output tokens per MLPerf Llama 2 70B request: "Tokens per sample: 294.45", the reference
#: FP16 accuracy target in mlcommons/inference language/llama2-70b/README.md (commit b66003e1,
#: also docs/index.md). The DGX-H100 v4.1 Offline log gives 24524.9 token/s / 84.4792 samples/s
#: = 290.3 for that run.
MLPERF_LLAMA2_OUTPUT_TOKENS = 294.45
_PEAK_QUANTITIES = ("matrix_throughput", "memory_bandwidth", "usable_memory", "power_under_load",
                    "link_bandwidth")
_KNOWN_DISAGREEMENTS = {
    "usable_memory": "usable memory above the catalog capacity: where the vendor prints binary-sized "
                     "HBM (64 GiB) as '64 GB' and the catalog keeps that figure, this is the GB/GiB "
                     "trap, not more memory; where the catalog already holds GiB the reading is unexplained",
    "power_under_load": "TDP is not a cap on board power: short excursions above it are measured",
    "matrix_throughput": "a measured rate above the catalog peak: the catalog's (analyst) peak is low, "
                         "or the run was not dense at that precision",
}


def _why(quantity: str, peak: float, measured: float, detail: str = "") -> str:
    """The explanation of one bound below its measurement, specific where the numbers allow.

    ``detail`` is the measurement's ``conditions.model`` (the kernel or collective run).
    """
    if quantity == "link_bandwidth" and "nvls" in detail.lower():
        return (f"{measured / peak - 1:.1%} above the per-direction link rate: an AllReduce bus bandwidth with "
                "NVLS reduces inside the NVSwitch, so the algorithm-normalised figure can exceed the link")
    if quantity == "usable_memory":
        gib = peak * 2**30 / 1e9
        in_gib = peak * 1e9 / 2**30
        if abs(in_gib - round(in_gib)) < 1e-3 and abs(peak - round(peak)) > 1e-3:
            return (f"unexplained: the catalog already holds {round(in_gib)} GiB = {peak:.4g} GB, and "
                    f"{measured:.4g} GB exceeds it; the tool may count more than the HBM")
        if measured <= gib * (1 + 1e-9):
            return (f"GB/GiB: the catalog's {peak:g} GB read as {peak:g} GiB is {gib:.2f} GB, which holds the "
                    f"measured {measured:.4g} GB (the vendor printed binary-sized HBM as GB)")
        return (f"unexplained: {measured:.4g} GB exceeds the capacity even read as GiB ({gib:.2f} GB); "
                "the tool may count host-mapped memory, or the catalog capacity is low")
    if quantity == "power_under_load":
        return (f"{measured / peak - 1:.1%} above TDP: TDP is not a cap on board power; short excursions above "
                "it are measured")
    if quantity == "matrix_throughput":
        return (f"{measured / peak - 1:.1%} above the dense peak: the catalog's peak is low (an analyst or "
                "tier figure, not the vendor's), or the run was not dense at that precision")
    return _KNOWN_DISAGREEMENTS.get(quantity, "unexplained")


@attrs.frozen
class Comparison:
    """One measurement beside one prediction.

    Attributes
    ----------
    measurement : Measurement
        What was measured.
    kind : str
        ``"peak"``, ``"decode"``, ``"prefill"`` or ``"serving"``.
    efficiency : {"peak", "measured"}
        Whether the prediction is the pure bound or used measured efficiencies.
    predicted, measured : float
        Per chip, in ``unit``.
    unit : str
        Unit of both.
    flagged : bool
        A pure bound below the measured value.
    note : str
        Conditions assumed and the reason of a flag.
    """

    measurement: Measurement
    kind: str
    efficiency: str
    predicted: float
    measured: float
    unit: str
    flagged: bool = False
    note: str = ""

    @property
    def ratio(self) -> float:
        """``predicted / measured``."""
        return self.predicted / self.measured


@attrs.frozen
class RatioCheck:
    """A measured cross-chip throughput ratio beside the predicted one (same round and precision)."""

    a: Measurement
    b: Measurement
    measured: float
    predicted: float
    predicted_at_peak: float

    @property
    def error(self) -> float:
        """``predicted / measured - 1``."""
        return self.predicted / self.measured - 1


def _stats(values: Iterable[float]) -> dict[str, Any]:
    v = list(values)
    if not v:
        return {"n": 0}
    errs = [abs(x - 1) for x in v]
    return {"n": len(v), "median_ratio": statistics.median(v), "min_ratio": min(v), "max_ratio": max(v),
            "median_abs_error": statistics.median(errs),
            "within_25pct": sum(1 for e in errs if e <= 0.25)}


@attrs.frozen
class ValidationReport:
    """All comparisons, cross-chip ratio checks, and what could not be predicted."""

    comparisons: tuple[Comparison, ...]
    ratios: tuple[RatioCheck, ...]
    skipped: tuple[tuple[str, str], ...]

    @property
    def flagged(self) -> tuple[Comparison, ...]:
        """Bounds below a measured value."""
        return tuple(c for c in self.comparisons if c.flagged)

    def summary(self) -> dict[str, dict[str, Any]]:
        """Statistics of ``predicted / measured`` per kind and efficiency, and of the ratio checks."""
        out: dict[str, dict[str, Any]] = {}
        keys = sorted({(c.kind, c.efficiency) for c in self.comparisons})
        for kind, eff in keys:
            rows = [c for c in self.comparisons if c.kind == kind and c.efficiency == eff]
            name = kind if kind == "peak" else f"{kind}:{eff}"
            out[name] = {**_stats(c.ratio for c in rows), "flagged": sum(c.flagged for c in rows)}
        out["cross-chip ratio:measured"] = _stats(r.predicted / r.measured for r in self.ratios)
        out["cross-chip ratio:peak"] = _stats(r.predicted_at_peak / r.measured for r in self.ratios)
        return out

    def rows(self) -> list[list[str]]:
        """Table rows: measurement, chip, kind, efficiency, measured, predicted, ratio, flag."""
        return [[c.measurement.id, c.measurement.chip, c.kind, c.efficiency, format_number(c.measured),
                 format_number(c.predicted), f"{c.ratio:.3f}", "BOUND BELOW MEASURED" if c.flagged else ""]
                for c in self.comparisons]

    def __str__(self) -> str:
        from tabulate import tabulate

        parts = [tabulate(self.rows(), headers=["measurement", "chip", "kind", "efficiency", "measured",
                                                "predicted", "pred/meas", "flag"], disable_numparse=True)]
        if self.ratios:
            parts.append(tabulate(
                [[f"{r.a.chip} / {r.b.chip}", r.a.conditions.get("round", ""), f"{r.measured:.3f}",
                  f"{r.predicted:.3f}", f"{r.error:+.1%}", f"{r.predicted_at_peak:.3f}"] for r in self.ratios],
                headers=["pair (per chip)", "round", "measured", "predicted (measured eff.)", "error",
                         "predicted (peak)"], disable_numparse=True))
        stats = []
        for name, s in self.summary().items():
            if s["n"]:
                stats.append([name, str(s["n"]), f"{s['median_ratio']:.3f}", f"{s['min_ratio']:.3f}",
                              f"{s['max_ratio']:.3f}", f"{s['median_abs_error']:.1%}",
                              f"{s['within_25pct']}/{s['n']}", str(s.get("flagged", ""))])
        parts.append(tabulate(stats, headers=["comparison", "n", "median pred/meas", "min", "max",
                                              "median |error|", "within 25%", "flagged"],
                              disable_numparse=True))
        if self.skipped:
            parts.append("not predicted:\n" + "\n".join(f"  {mid}: {why}" for mid, why in self.skipped))
        for c in self.flagged:
            parts.append(f"FLAG {c.measurement.id}: the {c.kind} bound {format_number(c.predicted)} "
                         f"{c.unit} is below the measured {format_number(c.measured)} {c.unit}; {c.note}")
        return "\n\n".join(parts)


def _model(m: Measurement) -> ModelSpec:
    name = str(m.conditions.get("model", ""))
    for candidate in (name, *name.split("/")):
        try:
            return get_model(candidate if candidate.lower().startswith(("deepseek", "llama", "qwen", "mixtral", "gpt"))
                             else f"DeepSeek-{candidate}")
        except LookupError:
            continue
    raise LookupError(f"no preset for model {name!r}")


def _precision(m: Measurement) -> str | None:
    if m.precision is not None:
        return m.precision
    detail = str(m.conditions.get("precision_detail", "")).lower()
    return "int8" if "int8" in detail else None


def _llm(m: Measurement, eff: str | None, cat: Catalog) -> tuple[float, str]:
    """Per-chip predicted tokens/s for an LLM measurement, and the note of what was assumed."""
    model = _model(m)
    prec = _precision(m)
    acc = cat[m.chip]
    n = m.chip_count if m.per == "system" else 1
    weights = model if prec is None else model.with_precision(weights=prec)
    need = fits(weights, acc, 1).chips_needed
    notes = []
    if need > n:  # the weights alone need more chips than were counted: a larger deployment's share
        notes.append(f"the weights need {need} chips, more than the {n} counted: the value is a share of a "
                     f"larger deployment; bound of {need} chips / {need}")
        n = need
    kw: dict[str, Any] = dict(n_chips=n, precision=prec, efficiency=eff, catalog=cat)
    c = m.conditions
    if m.quantity == "llm_serving_throughput":
        p = int(c.get("input_tokens", 0))
        o = float(c.get("output_tokens", MLPERF_LLAMA2_OUTPUT_TOKENS))
        if "output_tokens" not in c:
            notes.append(f"{o:g} output tokens (MLPerf reference mean), prompt length not recorded: "
                         "prefill and the prompt's KV cache left out")
        tp = int(c.get("tp", need))
        par = Parallel(tp=tp, pp=int(c.get("pp", 1)), ep=int(c.get("ep", 1)))
        notes.append(f"{par} replicas ({'as submitted' if 'tp' in c else 'fewest chips that hold the weights'})")
        if m.per == "chip":
            n = par.n_chips
        if eff is not None:
            notes.append("KV-cache read after the matrix products")
        kw.update(n_chips=n)
        r = serve(model, acc, p, o, max_batch=c.get("concurrency") or c.get("batch"), parallel=par,  # type: ignore[arg-type]
                  overlap=eff is None, **kw)
        return r.output_rate.magnitude / n, "; ".join(notes)
    if m.quantity == "llm_prefill_throughput":
        p = int(c.get("input_tokens", 4096))
        if "input_tokens" not in c:
            notes.append("prompt of 4096 tokens assumed (compute-bound rate, nearly length-independent)")
        r2 = prefill(model, acc, p, batch=int(c.get("batch", 1)), **kw)
        return r2.rate.magnitude / n, "; ".join(notes)
    ctx = int(c.get("input_tokens", 0))
    batch = c.get("batch") or c.get("concurrency")
    if batch is None:
        f = fits(weights, acc, n, batch=1, context=max(ctx, 1))
        free = f.usable.magnitude - f.weights.magnitude
        per = f.kv_cache.magnitude
        batch = max(1, min(65536, int(free / per))) if per > 0 and free > 0 else 1
        notes.append(f"batch {batch} (largest that fits)")
    r3 = decode(model, acc, batch=int(batch), context=ctx, **kw)
    return r3.aggregate.magnitude / n, "; ".join(notes)


#: Tokens per training run used to evaluate :func:`~accelspec.workloads.training_time`; the bound's
#: rate does not depend on it (compute time and per-token communication both scale with it).
_TRAINING_TOKENS = 10**9


def _training(m: Measurement, eff: str | None, cat: Catalog) -> tuple[str, float, str]:
    """Per-chip prediction for a training measurement: ``(kind, value, note)``.

    ``training_throughput`` against :func:`~accelspec.workloads.training_time` (6 x N FLOP per
    token at the dense peak of ``precision``, times the measured GEMM efficiency when ``eff`` is
    ``"measured"``, plus the split's tensor- and pipeline-parallel communication);
    ``training_model_flops`` against the dense peak (times the measured GEMM efficiency).
    """
    acc = cat[m.chip]
    prec = m.precision or "bf16"
    c = m.conditions
    if m.quantity == "training_model_flops":
        peak = acc.peak(prec).to("TFLOP/s").magnitude
        if eff is None:
            return "training-flops", peak, f"dense {prec} peak"
        f = _factor("measured", "compute_efficiency", acc, precision=prec, catalog=cat)
        return "training-flops", peak * f.value, str(f)
    model = _model(m)
    n = m.chip_count
    par = Parallel(tp=int(c.get("tp", 1)), pp=int(c.get("pp", 1)), ep=int(c.get("ep", 1)))
    # The bound is compute alone (communication assumed hidden, as Megatron overlaps it); the
    # measured-efficiency prediction adds the split's communication after the compute.
    t = training_time(model, acc, _TRAINING_TOKENS, n_chips=n, utilisation=1.0 if eff is None else "measured",
                      precision=prec, parallel=None if eff is None else par, catalog=cat)
    rate = _TRAINING_TOKENS / t.time.to("s").magnitude / n
    note = (f"{model.name}, {n} chips, 6 x N FLOP per token at {prec} (attention FLOPs and recomputation "
            "left out; data-parallel gradient all-reduce left out); "
            + ("communication assumed overlapped" if eff is None else f"{par} communication added after compute"))
    return "training", rate, note


def validate(catalog: Catalog | None = None) -> ValidationReport:
    """Compare every prediction the library can make with each measurement.

    Returns
    -------
    ValidationReport
        ``comparisons`` (per measurement: bound and, for LLM results, measured-efficiency
        prediction), ``ratios`` (cross-chip, one MLPerf round and precision), ``skipped`` (with
        reasons), ``summary()`` statistics; ``str()`` prints all of it.
    """
    cat = catalog if catalog is not None else packaged_catalog()
    comps: list[Comparison] = []
    skipped: list[tuple[str, str]] = []
    for m in cat.measurements():
        if m.quantity in _PEAK_QUANTITIES:
            try:
                e = _efficiency(m.chip, m.quantity, m.precision, measurement=m.id, catalog=cat)
            except AccelspecError as exc:
                skipped.append((m.id, str(exc)))
                continue
            flagged = e.fraction > 1 + 1e-9
            note = e.note + ("; " + _why(m.quantity, e.peak.magnitude, e.achieved.magnitude,
                                         str(m.conditions.get("model", ""))) if flagged else "")
            comps.append(Comparison(m, "peak", "peak", e.peak.magnitude, e.achieved.magnitude,
                                    f"{e.peak.units:~P}", flagged, note.strip("; ")))
        elif m.quantity.startswith("llm_"):
            kind = m.quantity.split("_")[1]
            for eff in (None, "measured"):
                try:
                    pred, note = _llm(m, eff, cat)
                except (AccelspecError, LookupError) as exc:
                    if eff is None:
                        skipped.append((m.id, str(exc)))
                    break
                measured = m.per_chip.magnitude
                flagged = eff is None and pred < measured * (1 - 1e-9)
                if flagged:
                    note += "; the model counts weights, KV cache and 2 FLOP per parameter only"
                comps.append(Comparison(m, kind, "peak" if eff is None else "measured", pred, measured,
                                        "token/s", flagged, note.strip("; ")))
        elif m.quantity.startswith("training_"):
            for eff in (None, "measured"):
                try:
                    kind, pred, note = _training(m, eff, cat)
                except (AccelspecError, LookupError) as exc:
                    if eff is None:
                        skipped.append((m.id, str(exc)))
                    break
                unit = "TFLOP/s" if kind == "training-flops" else "token/s"
                measured = m.per_chip.to(unit).magnitude
                flagged = eff is None and pred < measured * (1 - 1e-9)
                if flagged:
                    note += "; the bound counts 6 FLOP per parameter and token only"
                comps.append(Comparison(m, kind, "peak" if eff is None else "measured", pred, measured,
                                        unit, flagged, note))
        else:
            skipped.append((m.id, f"no prediction for {m.quantity} yet"))
    return ValidationReport(tuple(comps), tuple(_ratios(comps)), tuple(skipped))


def _ratios(comps: list[Comparison]) -> list[RatioCheck]:
    serving: dict[str, dict[str, Comparison]] = {}
    for c in comps:
        m = c.measurement
        if c.kind == "serving" and m.precision is not None and "round" in m.conditions:
            serving.setdefault(m.id, {})[c.efficiency] = c
    groups: dict[tuple[str, ...], list[dict[str, Comparison]]] = {}
    for pair in serving.values():
        if "measured" not in pair or "peak" not in pair:
            continue
        m = pair["peak"].measurement
        key = (str(m.conditions["round"]), str(m.conditions.get("scenario", "")),
               str(m.conditions.get("model", "")), str(m.precision))
        groups.setdefault(key, []).append(pair)
    out = []
    for items in groups.values():
        for x, y in itertools.combinations(sorted(items, key=lambda d: d["peak"].measurement.id), 2):
            if x["peak"].measurement.chip == y["peak"].measurement.chip:
                continue
            out.append(RatioCheck(x["peak"].measurement, y["peak"].measurement,
                                  x["peak"].measured / y["peak"].measured,
                                  x["measured"].predicted / y["measured"].predicted,
                                  x["peak"].predicted / y["peak"].predicted))
    return out
