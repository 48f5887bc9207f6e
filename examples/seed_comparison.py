"""Compare the seed chips (NVIDIA H20, H200, H100; Huawei Ascend 910B, 910C) and show where the
numbers come from.

Run: python examples/seed_comparison.py
"""

from __future__ import annotations

import accelspec as acs

CHIPS = ["H20", "H200", "H100 SXM", "Ascend 910B", "Ascend 910C"]


def main() -> None:
    comparison = acs.compare(*CHIPS, metrics=["memory.capacity", "memory.bandwidth", "bf16", "fp16",
                                              "fp8", "tdp"], baseline="H200")
    print(comparison)
    print()
    # like-for-like ratios: the same metric, precision and sparsity on both sides
    print(f"H20 / H200, dense BF16:       {acs.ratio('H20', 'H200', 'bf16'):.3f}")
    print(f"H20 / H200, memory bandwidth: {acs.ratio('H20', 'H200', 'memory.bandwidth'):.3f}")
    print()
    # every figure is traceable: the claims behind the Ascend 910B's FP16 rate
    b = acs.get("昇腾910B")
    print(f"{b.name} FP16 claims (chosen: {b.provenance['fp16'].reason}):")
    for claim in b.claims("fp16"):
        mark = "*" if claim is b.provenance["fp16"].chosen else " "
        print(f" {mark} {claim.stated:>14}  {claim.source.kind.value:<16} {claim.source.publisher}, "
              f"{claim.source.date}  {claim.source.url}")


if __name__ == "__main__":
    main()
