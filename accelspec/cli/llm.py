"""``accelspec llm fit|decode|prefill|serve|train``: LLM memory and throughput bounds on a chip.

Output convention (:mod:`accelspec.cli.common`): the result as prose wrapped to ``COLUMNS`` (80
when unknown), or ``--json`` (one document: the result's fields, quantities as value and unit).
Exit status 0 with a result (a model that does not fit is a result: the verdict says so, and
``fit --exit-code`` exits 1 for it), 1 when ``serve`` finds no batch that fits, 2 for a usage error or an unknown chip or model.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from accelspec.cli.common import (
    EXIT_NO_RESULT,
    EXIT_OK,
    add_output_options,
    catalog_from_args,
    emit_json,
    emit_text,
    join_name,
    plain,
    wants_json,
)

__all__ = ["register"]


def _efficiency(value: str | None) -> float | str | None:
    if value is None or value == "measured":
        return value
    try:
        return float(value)
    except ValueError:
        from accelspec.errors import WorkloadError

        raise WorkloadError(f"--efficiency takes a fraction or 'measured', got {value!r}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``llm fit|decode|prefill|serve|train MODEL CHIP [options]``."""
    p = sub.add_parser("llm", help="LLM fit, decode, prefill, serving and training bounds",
                       description="Memory fit and throughput bounds of a model preset on a chip. "
                                   "MODEL is a preset name (llama2-70b, deepseek-v3, qwen3-235b-a22b...) "
                                   "or a config.json path.")
    ops = p.add_subparsers(dest="op", required=True)
    for op, text in (("fit", "whether the weights and KV cache fit, and the chips needed"),
                     ("decode", "decode tokens/s bound (TPOT)"),
                     ("prefill", "prefill time bound (TTFT)"),
                     ("serve", "offline serving throughput at the largest batch that fits"),
                     ("train", "training time from 6ND FLOP, and training memory")):
        q = ops.add_parser(op, parents=[common], help=text, description=text)
        q.add_argument("model", metavar="MODEL")
        q.add_argument("chip", nargs="+", metavar="CHIP", help="one chip (several words need no quotes)")
        q.add_argument("-n", "--n-chips", type=int, default=1, help="chips pooled (default 1)")
        q.add_argument("-p", "--precision", help="weight format and compute precision (re-quantises)")
        q.add_argument("-b", "--batch", type=int, default=1, help="sequences (default 1)")
        q.add_argument("--context", type=int, default=0, help="tokens already in each sequence's cache")
        q.add_argument("--prompt", type=int, default=1024, help="prompt tokens (prefill, serve)")
        q.add_argument("--output", type=int, default=256, help="output tokens (serve)")
        q.add_argument("--tokens", type=float, default=1e12, help="training tokens (train)")
        q.add_argument("-e", "--efficiency", help="a fraction, or 'measured' (from catalog measurements)")
        if op == "fit":
            q.add_argument("--exit-code", action="store_true", help="exit 1 when the model does not fit")
        add_output_options(q, formats=None)
        q.set_defaults(func=cmd_llm)


def _model(text: str) -> Any:
    from pathlib import Path

    from accelspec.workloads.models import from_hf_config, get_model

    return from_hf_config(text) if text.endswith(".json") and Path(text).exists() else get_model(text)


def cmd_llm(args: argparse.Namespace) -> int:
    """Handler of ``accelspec llm``; returns the exit status."""
    from accelspec.errors import InvalidArgumentError
    from accelspec.workloads.llm import Decode, Prefill, Training, requantised, training_memory
    from accelspec.workloads.models import DoesNotFitError, fits
    from accelspec.workloads.serving import Serving, predict

    cat = catalog_from_args(args)
    names = join_name(cat, args.chip)
    if len(names) != 1:
        raise InvalidArgumentError(f"llm {args.op} takes one CHIP, got {', '.join(map(repr, names))}")
    acc = cat.get(names[0])
    model = _model(args.model)
    eff = _efficiency(args.efficiency)
    if args.op == "fit":
        fit = fits(requantised(model, args.precision), acc, args.n_chips, batch=args.batch, context=args.context)
        if wants_json(args):
            emit_json({**plain(fit), "verdict": fit.verdict, "headroom": plain(fit.headroom)})
        else:
            emit_text(str(fit), indent="  ")
        return EXIT_NO_RESULT if args.exit_code and not fit.fits else EXIT_OK
    workload: Any
    memory = None
    if args.op == "decode":
        workload = Decode(model, batch=args.batch, context=args.context, precision=args.precision)
    elif args.op == "prefill":
        workload = Prefill(model, args.prompt, batch=args.batch, precision=args.precision)
    elif args.op == "serve":
        workload = Serving(model, args.prompt, args.output, precision=args.precision)
    else:
        workload = Training(model, args.tokens, precision=args.precision or "bf16")
        memory = training_memory(model, n_chips=args.n_chips)
    try:
        r = predict(acc, workload, n_chips=args.n_chips, efficiency=eff, catalog=cat)
    except DoesNotFitError as exc:  # no batch fits: no result (exit 1), said on one line
        print(f"accelspec: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_NO_RESULT
    if wants_json(args):
        doc = {"op": args.op, "result": plain(r), "text": str(r)}
        if memory is not None:
            doc["training_memory"] = plain(memory)
        emit_json(doc)
        return EXIT_OK
    if memory is not None:
        emit_text(str(memory), indent="  ")
    emit_text(str(r), indent="  ")
    for f in getattr(r, "factors", ()):
        emit_text(f"  {f}", indent="    ")
    return EXIT_OK
