"""The seed articles' money question, with the arithmetic visible: per million tokens of Llama 3
70B decode, is an NVIDIA H200 bought in China at 1.5-2x its international price dearer than a
Huawei Ascend 910C running on electricity at half price?

Every chip figure comes from the catalog, with its source. Every price is a SCENARIO INPUT you
pass on the command line: accelspec holds no sourced H200 or 910C price, and the 910C's power
is not disclosed in the catalog, so it is an input too. Nothing here is a market fact.

Without prices it prints what the catalog alone decides: the throughput of each side and the
price ratio above which the H200 costs more per token. With prices (the numbers below are
placeholders to show the shape of a scenario, not prices) it prints the full breakdown:

    python examples/h200_vs_910c_cost.py --currency CNY --h200-price 250000 \\
        --ascend-price 150000 --electricity 0.6 --ascend-watts 600

The 1.5x and 2x multipliers and the halved electricity price are the seed articles' scenario
(a 25% revenue share pushing H200 prices in China to 1.5-2x; regions halving electricity prices
for data centres using domestic chips); change them with --multipliers and --discount.
"""

from __future__ import annotations

import argparse
import sys

import attrs

import accelspec as acs
from accelspec import Q_
from accelspec.workloads.models import LLAMA3_70B


def _chips_needed(acc: acs.Accelerator, batch: int, context: int) -> int:
    """The fewest chips whose memory holds the weights and this KV cache."""
    for n in range(1, 65):
        if acs.fits(LLAMA3_70B, acc, n, batch=batch, context=context):
            return n
    raise SystemExit(f"{acc.name}: Llama 3 70B does not fit on 64 chips")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    p.add_argument("--currency", default="CNY", help="one currency for every price (no exchange rates)")
    p.add_argument("--h200-price", type=float, help="SCENARIO: H200 international price per chip")
    p.add_argument("--ascend-price", type=float, help="SCENARIO: Ascend 910C price per chip")
    p.add_argument("--electricity", type=float, help="SCENARIO: electricity price per kWh")
    p.add_argument("--ascend-watts", type=float,
                   help="SCENARIO: Ascend 910C power per chip (not disclosed in the catalog)")
    p.add_argument("--multipliers", type=float, nargs="+", default=[1.0, 1.5, 2.0],
                   help="H200 price multipliers (seed scenario: 1.5 and 2)")
    p.add_argument("--discount", type=float, default=0.5, help="910C electricity price factor (seed scenario: 0.5)")
    p.add_argument("--lifetime-years", type=float, default=4.0, help="SCENARIO: amortisation period")
    p.add_argument("--utilization", type=float, default=0.6, help="SCENARIO: fraction of time decoding")
    p.add_argument("--batch", type=int, default=64, help="sequences decoded together")
    p.add_argument("--context", type=int, default=2048, help="tokens already in each sequence's KV cache")
    a, _ = p.parse_known_args(argv)

    h200 = acs.get("H200")
    c910 = acs.get("Ascend 910C")
    n_h = _chips_needed(h200, a.batch, a.context)
    n_c = _chips_needed(c910, a.batch, a.context)
    d_h = acs.decode(LLAMA3_70B, h200, batch=a.batch, context=a.context, n_chips=n_h)
    d_c = acs.decode(LLAMA3_70B, c910, batch=a.batch, context=a.context, n_chips=n_c)
    print(f"Llama 3 70B decode, BF16 weights, batch {a.batch}, context {a.context} (upper bounds):")
    print(f"  {n_h} x {h200.name}: {d_h.aggregate:.5g~P} ({d_h.bound}-bound)")
    print(f"  {n_c} x {c910.name}: {d_c.aggregate:.5g~P} ({d_c.bound}-bound)")
    # hardware cost per token = price x chips / tokens; equal when price ratio = per-chip throughput ratio
    per_chip_h = d_h.aggregate / n_h
    per_chip_c = d_c.aggregate / n_c
    breakeven = float((per_chip_h / per_chip_c).to("count").magnitude)
    print(f"  tokens per chip: {per_chip_h:.5g~P} vs {per_chip_c:.5g~P}; ratio {breakeven:.3f}")
    print(f"  so, counting hardware only, an H200 costs more per token than a 910C whenever")
    print(f"  (H200 price x multiplier) / (910C price) > {breakeven:.3f}")
    if None in (a.h200_price, a.ascend_price, a.electricity, a.ascend_watts):
        print()
        print("Pass --h200-price, --ascend-price, --electricity and --ascend-watts (scenario inputs) for the")
        print("full breakdown with energy; accelspec holds no sourced price for either chip.")
        return

    cur = a.currency
    c910 = attrs.evolve(c910, power=acs.Power(tdp=Q_(a.ascend_watts, "W"), scope="card"))
    life = Q_(a.lifetime_years, "year")
    elec = Q_(a.electricity, f"{cur}/kWh")

    print()
    print("With scenario prices (a lower bound on cost, as throughput is an upper bound):")
    print(f"scenario inputs: H200 {a.h200_price:,.0f} {cur}, 910C {a.ascend_price:,.0f} {cur}, "
          f"electricity {a.electricity} {cur}/kWh (910C x{a.discount}), 910C power {a.ascend_watts:g} W, "
          f"{a.lifetime_years:g} years at utilization {a.utilization:g}, batch {a.batch}, context {a.context}")
    print()
    for acc in (h200, c910):
        bw = acc.provenance["memory.bandwidth"].chosen
        print(f"{acc.name}: {acc.memory.capacity:~P}, {acc.memory.bandwidth:~P} "
              f"(source: {bw.source.publisher}, {bw.source.date}), TDP {acc.tdp:~P}")
    print()

    rows = []
    for m in a.multipliers:
        t = acs.tco(h200, acs.decode(LLAMA3_70B, h200, batch=a.batch, context=a.context, n_chips=n_h),
                    price=Q_(a.h200_price, cur), price_multiplier=m, lifetime=life, electricity=elec,
                    utilization=a.utilization, n_chips=n_h)
        rows.append((f"H200 x{n_h} at {m:g}x price", t))
    t910 = acs.tco(c910, acs.decode(LLAMA3_70B, c910, batch=a.batch, context=a.context, n_chips=n_c),
                   price=Q_(a.ascend_price, cur), lifetime=life, electricity=elec * a.discount,
                   utilization=a.utilization, n_chips=n_c)
    rows.append((f"910C x{n_c}, electricity x{a.discount:g}", t910))

    for label, t in rows:
        print(f"{label}: {t.total:.4g~P} per million tokens "
              f"(hardware {t.hardware:.4g~P}, energy {t.energy:.4g~P})")
        for step in t.arithmetic:
            print(f"    {step}")
    print()
    for label, t in rows[:-1]:
        ratio = float((t.total / t910.total).to("count").magnitude)
        print(f"{label} / 910C: {ratio:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
