"""Cross-check accelspec's decode bound against an independent model: cli99/llm-analysis.

llm-analysis (https://github.com/cli99/llm-analysis, Apache-2.0, v0.2.2 at commit d841e40) is a
latency and memory model of transformer training and inference. Its decode latency is, per
layer, ``max(compute, memory)`` for attention and MLP separately, where memory is the layer's
weights at ``weight_bits`` plus its activations, divided by the HBM bandwidth; plus layernorms,
the input embedding read at ``embedding_bits``, the logits as compute only, and the KV cache
loaded *and* stored (twice its size) at the final length ``seq_len + num_tokens_to_generate``.

accelspec's bound is the whole step's ``max(bytes / bandwidth, FLOP / peak)`` with bytes = all
active parameters at the weight precision plus the KV cache of the current context read once.

Run with llm-analysis importable (it is not a dependency of accelspec; install it anywhere, e.g.
``pip install llm-analysis`` or from a checkout, next to accelspec) and both figures are
computed from the same chip and model with every efficiency at 1.0::

    python benchmarks/crosscheck_llm_analysis.py

Without it, only accelspec's figures print. Nothing of llm-analysis's code is copied here: the
script builds its documented config objects and calls its public ``LLMAnalysis.inference``.

Documented differences (why the numbers are close but not equal):

1. Units: llm-analysis reads ``mem_per_GPU_in_GB`` as GiB (x 1024**3) but bandwidth in decimal
   GB/s (x 1e9). accelspec keeps GB and GiB distinct; only the bandwidth enters the decode time.
2. Embeddings: llm-analysis assumes tied input/output embeddings for the parameter count, reads
   the input embedding at ``embedding_bits`` (16) and counts the output projection as compute
   only. accelspec reads all 70.55B parameters (both untied embeddings) at the weight precision.
   For Llama 3 70B at FP8 the two happen to move the same bytes: 2 x 1.05 GB at 8 bits versus
   one 2.10 GB table at 16 bits.
3. KV cache: llm-analysis charges 2 x KV(seq_len + generated) per step (load and store, at the
   final length); accelspec charges KV(context) once (the store of one new token is negligible).
   With a long context this makes llm-analysis slower by up to one extra cache read.
4. Activations and layernorms: llm-analysis adds their traffic; accelspec omits them (a bound).

Result (llm-analysis d841e40, Llama 3 70B, FP8 weights and KV, H200 at 4.8 TB/s, 1,979 TFLOP/s)::

    batch  context  accelspec   bound  llm-analysis   ratio  ratio without its 2nd KV pass
        1        1     14.699  memory        14.702   1.000                          1.000
        1     2048     14.769  memory        14.841   1.005                          1.000
       16     2048     15.817  memory        16.985   1.074                          1.003
       64     4096     23.647  memory        32.793   1.387                          1.008

At batch 1 the two agree to 0.02% (70.55 GB / 4.8 TB/s = 14.70 ms, i.e. 68 tokens/s); the gap
at larger batch and context is llm-analysis's second KV pass (difference 3), and what remains
after removing it (under 1%) is activation and layernorm traffic (difference 4).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import accelspec as acs  # noqa: E402
from accelspec.workloads.llm import decode  # noqa: E402
from accelspec.workloads.models import LLAMA3_70B  # noqa: E402

CHIP = "H200"
MODEL = LLAMA3_70B.with_precision(weights="fp8", kv="fp8")
# (batch, prompt tokens, generated tokens)
CASES = [(1, 1, 1), (1, 2048, 1), (16, 2048, 1), (64, 4096, 1)]


def ours(batch: int, context: int) -> tuple[float, str]:
    d = decode(MODEL, acs.get(CHIP), batch=batch, context=context)
    return d.step_time.to("ms").magnitude, d.bound


def theirs(batch: int, seq_len: int, generated: int) -> float | None:
    import logging

    logging.disable(logging.WARNING)  # llm-analysis warns about efficiencies of 1.0 and small batches
    try:
        from llm_analysis.analysis import LLMAnalysis
        from llm_analysis.config import DtypeConfig, GPUConfig, ModelConfig, ParallelismConfig
    except ImportError:
        return None
    h200 = acs.get(CHIP)
    gpu = GPUConfig(
        name="h200-sxm-141gb",
        mem_per_GPU_in_GB=h200.memory.capacity.to("GB").magnitude,  # read as GiB by llm-analysis
        hbm_bandwidth_in_GB_per_sec=h200.memory.bandwidth.to("GB/s").magnitude,
        intra_node_bandwidth_in_GB_per_sec=450, intra_node_min_message_latency=8e-6,
        peak_fp16_TFLOPS=h200.peak("bf16").to("TFLOP/s").magnitude,
        peak_i8_TFLOPS=h200.peak("fp8").to("TFLOP/s").magnitude,
    )
    # Llama 3 70B's published shapes (config.json): the same as accelspec's preset
    model = ModelConfig(name="llama-3-70b", num_layers=MODEL.layers, n_head=64,
                        hidden_dim=MODEL.hidden_size, vocab_size=128256, num_key_value_heads=8,
                        ffn_embed_dim=28672, mlp_gated_linear_units=True, max_seq_len=8192)
    dtype = DtypeConfig(name="w8a8e16", weight_bits=8, activation_bits=8, embedding_bits=16)
    analysis = LLMAnalysis(model, gpu, dtype, ParallelismConfig(), flops_efficiency=1.0,
                           hbm_memory_efficiency=1.0)
    summary = analysis.inference(batch_size_per_gpu=batch, seq_len=seq_len,
                                 num_tokens_to_generate=generated, kv_cache_dtype_bytes=1)
    return float(summary["decode_latency"]) * 1e3


def second_kv_pass(batch: int, seq_len: int, generated: int) -> float:
    """The extra KV traffic llm-analysis charges (its store pass at the final length) [ms]."""
    kv = MODEL.kv_per_token.to("B/token").magnitude * batch * (seq_len + generated)
    return kv / acs.get(CHIP).memory.bandwidth.to("B/s").magnitude * 1e3


def main() -> int:
    print(f"{MODEL.name} at {MODEL.weight_precision} weights / {MODEL.kv_precision} KV on {CHIP}, "
          "efficiencies 1.0; decode step time in ms")
    print(f"{'batch':>5} {'context':>8} {'accelspec':>10} {'bound':>7} {'llm-analysis':>13} "
          f"{'ratio':>7} {'ratio without its 2nd KV pass':>30}")
    have = True
    for batch, seq, gen in CASES:
        t_ours, bound = ours(batch, seq)
        t_theirs = theirs(batch, seq, gen)
        if t_theirs is None:
            have = False
            print(f"{batch:>5} {seq:>8} {t_ours:>10.3f} {bound:>7} {'n/a':>13}")
        else:
            adjusted = (t_theirs - second_kv_pass(batch, seq, gen)) / t_ours
            print(f"{batch:>5} {seq:>8} {t_ours:>10.3f} {bound:>7} {t_theirs:>13.3f} "
                  f"{t_theirs / t_ours:>7.3f} {adjusted:>30.3f}")
    if not have:
        print("llm-analysis is not importable here; install it to compare (see the docstring).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
