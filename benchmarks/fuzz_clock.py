"""A long fuzzing run of accelspec's public entry points, with a clock on every call.

Run:  python benchmarks/fuzz_clock.py [--seconds 300] [--seed 0] [--max-length 100000]

Random inputs (repeated pieces up to --max-length characters, numbers at the float limits,
damaged catalog text) go to lookup, search, parse_unit, Q_, load_catalog, parse_claim and
check_claim. It prints how many inputs were tried, the outcomes by exception type (an exception
that is not an accelspec error is a bug and is listed first), and the slowest calls with a
short echo of their input. It never fails on a timing; it exits 1 if any untyped exception
was seen.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import accelspec as acs
from accelspec.catalogs import packaged_files
from accelspec.errors import quote
from accelspec.units import parse_unit

PIECES = ["H20", "H200", "910", "Ascend", "昇腾", "a.", "GB/", "**9", "^-9", "TB/s", "TFLOPs", " ",
          "0", "9", "(", ")", '"', "'", "[", "]", "{", "=", "\n", "\x00", "%", "x", "e", ".", ",",
          "is", "% of", "x faster than", "倍", "\\u0000", "[[accelerator]]\n", "k.k.", "😀"]
NUMBERS = [0.0, -0.0, 5e-324, 1e-310, 1e-300, 1.0, 1e300, 1.7976931348623157e308, float("nan"),
           float("inf"), -float("inf"), 10**309, -(10**400), 2**1023, 4.8]
UNITS = ["W", "TB/s", "GiB", "mm^2", "TFLOP/s", "count", "USD"]


def text(rng: random.Random, max_length: int) -> str:
    kind = rng.random()
    if kind < 0.3:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
    if kind < 0.6:
        piece = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
        return (piece * (max_length // max(1, len(piece)) + 1))[: rng.randint(1, max_length)]
    if kind < 0.8:
        return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 200)))
    base = Path(rng.choice(packaged_files())).read_text(encoding="utf-8")
    pos = rng.randint(0, len(base) - 1)
    return base[:pos] + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6))) + base[pos + rng.randint(0, 50):]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-length", type=int, default=100_000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    acs.catalog()
    acs.units.registry()
    outcomes: collections.Counter[str] = collections.Counter()
    untyped: list[str] = []
    slowest: list[tuple[float, str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="accelspec-fuzz-"))
    catalog_file = tmp / "fuzz.toml"

    def load(t: str) -> Any:
        catalog_file.write_text(t, encoding="utf-8", errors="surrogatepass")
        return acs.load_catalog(catalog_file)

    targets: dict[str, Callable[[Any], Any]] = {
        "get": acs.get,
        "search": acs.search,
        "parse_unit": parse_unit,
        "Q_(1, unit)": lambda t: acs.Q_(1.0, t),
        "load_catalog": load,
        "parse_claim": lambda t: acs.parse_claim(t),
        "check_claim": lambda t: acs.check_claim(t),
    }
    end = time.perf_counter() + args.seconds
    tried = 0
    while time.perf_counter() < end:
        name = rng.choice([*targets, "Q_(number)"])
        if name == "Q_(number)":
            arg: Any = (rng.choice(NUMBERS), rng.choice(UNITS))
            call: Callable[[], Any] = lambda: acs.Q_(*arg)  # noqa: E731
        else:
            arg = text(rng, args.max_length)
            fn = targets[name]
            call = lambda: fn(arg)  # noqa: E731
        start = time.perf_counter()
        try:
            call()
            outcome = "returned"
        except acs.AccelspecError as exc:
            outcome = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - what the run is looking for
            outcome = f"UNTYPED {type(exc).__name__}"
            untyped.append(f"{name}({quote(arg)}): {traceback.format_exc(limit=-3)}")
        elapsed = time.perf_counter() - start
        tried += 1
        outcomes[f"{name}: {outcome}"] += 1
        slowest.append((elapsed, name, quote(arg, 60)))
        slowest = sorted(slowest, reverse=True)[:12]
    print(f"inputs tried: {tried:,} in {args.seconds:.0f} s (seed {args.seed}, inputs up to "
          f"{args.max_length:,} characters)\n")
    print("outcomes by entry point and exception type:")
    for key, n in sorted(outcomes.items(), key=lambda kv: (not kv[0].split(": ")[1].startswith("UNTYPED"), kv[0])):
        print(f"  {n:>8,}  {key}")
    print("\nslowest calls:")
    for elapsed, name, echo in slowest:
        print(f"  {elapsed * 1e3:9.1f} ms  {name}({echo})")
    if untyped:
        print(f"\n{len(untyped)} untyped exceptions; the first:\n{untyped[0]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
