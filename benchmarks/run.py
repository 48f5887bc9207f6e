"""accelspec benchmarks: each figure against a baseline measured in the same run, as a ratio.

Run:  python benchmarks/run.py            (about a minute on 2 cores)
      python benchmarks/run.py --quick    (a few seconds; CI runs this to keep it working)

Never fails on a timing: it prints figures, baselines, ratios and the targets from issues 9
and 16. Issue 16's note has the figures before and after its changes side by side.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cold(codes: dict[str, tuple[str, dict[str, str]]], runs: int) -> dict[str, float]:
    """Median wall time of a fresh interpreter running each code [s], keyed like ``codes``.

    The codes take turns, run by run, so a slow spell on a shared machine hits every figure
    alike instead of whichever happened to be measuring then. Bytecode caching is left on
    (``PYTHONDONTWRITEBYTECODE`` is dropped) and each code runs once unmeasured first, so
    accelspec is timed from its ``.pyc`` files as pint is from its own: an installed wheel has
    them; a source checkout gets them from that first run.
    """
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = {name: {**base, **env} for name, (_, env) in codes.items()}
    for name, (code, _) in codes.items():
        subprocess.run([sys.executable, "-c", code], check=True, env=envs[name])
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, (code, _) in codes.items():
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=envs[name])
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(v) for name, v in times.items()}


def warm(fn: Callable[[], Any], runs: int) -> float:
    """Median time of ``fn()`` in this process [s]."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def line(label: str, value: float, baseline_label: str, baseline: float, target: str) -> None:
    print(f"{label:<52} {value * 1e3:9.2f} ms   vs {baseline_label:<28} {baseline * 1e3:9.2f} ms   "
          f"ratio {value / baseline:6.2f}   target {target}")


def synthetic_files(copies: int, out: Path) -> list[Path]:
    """The packaged catalog replicated ``copies`` times with every id, source id and name renamed."""
    from accelspec.catalogs import packaged_files

    paths = []
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in packaged_files()]
    ids: set[str] = set()
    for _, text in texts:
        doc = tomllib.loads(text)
        ids |= {t["id"] for key in ("source", "accelerator", "system") for t in doc.get(key, [])}
    pattern = re.compile(r'"(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r')"')
    for k in range(copies):
        for name, text in texts:
            t = pattern.sub(lambda m: f'"{m.group(1)}-x{k}"', text)
            t = re.sub(r'^(name = ")([^"]*)"', lambda m: f'{m.group(1)}{m.group(2)} x{k}"', t, flags=re.M)
            t = re.sub(r"^aliases = \[(.*)\]$",
                       lambda m: "aliases = [" + re.sub(r'"([^"]*)"', lambda a: f'"{a.group(1)} x{k}"', m.group(1)) + "]",
                       t, flags=re.M)
            p = out / f"{k:02d}-{name}"
            p.write_text(t, encoding="utf-8")
            paths.append(p)
    return paths


USER_FILE = """
[[source]]
id = "bench-src"
title = "A benchmark's own document"
url = "https://example.org/bench"
publisher = "Benchmarks"
date = "2025-01"
kind = "estimate"

[[accelerator]]
id = "bench-x1"
name = "Bench X1"
vendor = "Bench"
status = "roadmap"
specs = [
  { field = "memory.capacity", value = 96, unit = "GB", source = "bench-src" },
  { field = "memory.bandwidth", value = 4, unit = "TB/s", source = "bench-src" },
  { field = "bf16", value = 500, unit = "TFLOP/s", source = "bench-src" },
]
"""


def _unknown(name: str) -> None:
    import accelspec

    try:
        accelspec.get(name)
    except LookupError:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="few repetitions, small sizes (for CI)")
    args = ap.parse_args()
    q = args.quick
    runs = 3 if q else 11
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    import pint

    print(f"pint {pint.__version__}; medians of {runs} runs\n")

    # 1. cold start (fresh interpreters)
    get_h200 = "import accelspec; accelspec.get('H200').memory.bandwidth"
    cli = "import sys; from accelspec.cli import main; sys.argv[0] = 'accelspec'; main(%r)"
    readme_compare = ["compare", "H20", "H200", "Ascend 910B", "Ascend 910C", "--baseline", "H200"]
    quiet = "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n    "
    medians = cold({
        "pint": ("import pint", {}),
        "get": (get_h200, {}),
        "get_nocache": (get_h200, {"ACCELSPEC_CACHE": "0"}),
        "import": ("import accelspec", {}),
        "show": (quiet + cli % (["show", "H200"],), {}),
        "compare": (quiet + cli % (readme_compare,), {}),
        "list": (quiet + cli % (["list"],), {}),
        "search": (quiet + cli % (["search", "h20"],), {}),
        "rank": (quiet + cli % (["rank", "ridge:bf16"],), {}),
        "pass": ("pass", {}),
    }, 2 * runs - 1)
    t_pint, t_get, t_get_nocache = medians["pint"], medians["get"], medians["get_nocache"]
    t_imp, t_bare = medians["import"], medians["pass"]
    line("cold: import accelspec + get('H200').bandwidth", t_get, "cold import pint", t_pint, "<= 1.2")
    line("cold: same, catalog cache disabled", t_get_nocache, "cold import pint", t_pint, "(reference)")
    line("cold: import accelspec alone", t_imp, "cold import pint", t_pint, "(cheap: no pint)")
    line("cold: accelspec show H200 (warm cache)", medians["show"], "cold import pint", t_pint, "<= 0.6")
    line("cold: README compare, 4 chips (warm cache)", medians["compare"], "cold import pint", t_pint,
         "<= 0.6")
    line("cold: accelspec list (warm cache)", medians["list"], "cold import pint", t_pint, "(no pint)")
    line("cold: accelspec search h20 (warm cache)", medians["search"], "cold import pint", t_pint, "(no pint)")
    line("cold: accelspec rank ridge:bf16 (warm cache)", medians["rank"], "cold import pint", t_pint, "(no pint)")
    line("cold: python -c pass", t_bare, "cold import pint", t_pint, "(floor)")

    # 2. catalog load and validation (in process; registry already built)
    import accelspec
    from accelspec.catalogs import Catalog, _load_packaged, packaged_files

    accelspec.units.registry()
    files = packaged_files()
    t_load = warm(lambda: Catalog.from_files(files), runs)
    os.environ.pop("ACCELSPEC_CACHE", None)
    t_cached = warm(_load_packaged, runs)
    line("packaged catalog: parse + validate from TOML", t_load, "cold import+get", t_get, "< 0.10")
    t_cached_all = warm(lambda: list(_load_packaged()), runs)
    line("packaged catalog: through the verified cache", t_cached, "cold import+get", t_get, "< 0.10")
    line("  same, then every entry read", t_cached_all, "cold import+get", t_get, "(entries load lazily)")
    with tempfile.TemporaryDirectory() as tmp:
        copies = 3 if q else 10
        big = synthetic_files(copies, Path(tmp))
        t_big = warm(lambda: Catalog.from_files(big), max(1, runs // 3))
        n_big = len(Catalog.from_files(big))
    line(f"synthetic catalog x{copies} ({n_big} entries)", t_big, "packaged catalog x1", t_load,
         f"<= {1.2 * copies:.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        user = Path(tmp) / "mine.toml"
        user.write_text(USER_FILE, encoding="utf-8")
        accelspec.load_catalog(user)
        t_user = warm(lambda: accelspec.load_catalog(user), runs * 2)
    line("load_catalog(small user file) over the packaged", t_user, "parse + validate from TOML", t_load,
         "<= 20 ms")

    # search: ~1,000 entries (the packaged catalog x12, renamed), several kinds of query
    with tempfile.TemporaryDirectory() as tmp:
        thousand = Catalog.from_files(synthetic_files(12, Path(tmp)))
    queries = ["910", "H2O0", "Ascend 910B", "nvidia h200 sxm5 141gb", "blackwel", "a", "x" * 300]
    for query in queries:
        thousand.search(query)
    t_search = max(warm(lambda q=query: thousand.search(q), runs * 2) for query in queries)  # type: ignore[misc]
    t_search_small = max(warm(lambda q=query: accelspec.search(q), runs * 2) for query in queries)  # type: ignore[misc]
    line(f"search, slowest of {len(queries)} queries, {len(thousand)} entries", t_search,
         f"same, {len(accelspec.catalog())} entries", t_search_small, "<= 5 ms")
    try:
        accelspec.get("H" * 100_000)
    except LookupError:
        pass
    t_long = warm(lambda: _unknown("H" * 100_000), runs)
    print(f"{'get() of a 100,000-character name (an error)':<52} {t_long * 1e3:9.2f} ms")

    # 3. comparison of 10 chips x 10 metrics, warm
    chips = ["H20", "H200", "H100 SXM", "A100 SXM 80GB", "Ascend 910B", "Ascend 910C", "MI300X",
             "Gaudi 3", "B200", "TPU v5p"]
    metrics = ["memory.capacity", "memory.bandwidth", "bf16", "fp8", "int8", "tdp", "ridge:bf16",
               "perf_per_watt:bf16", "bytes_per_flop:bf16", "memory.bandwidth_per_watt"]
    accelspec.compare(*chips, metrics=metrics).table()
    t_cmp = warm(lambda: accelspec.compare(*chips, metrics=metrics, baseline="H200").table(), runs * 2)
    print(f"{'comparison 10 chips x 10 metrics, built + rendered':<52} {t_cmp * 1e3:9.2f} ms   target <= 8 ms")
    h20, h200 = accelspec.get("H20"), accelspec.get("H200")
    a, b = float(h20.peak("bf16").magnitude), float(h200.peak("bf16").magnitude)
    t_ratio = warm(lambda: accelspec.ratio(h20, h200, "bf16"), runs * 100)
    t_float = warm(lambda: a / b, runs * 100)
    print(f"{'ratio(H20, H200, bf16)':<52} {t_ratio * 1e6:9.2f} us   vs the float division "
          f"{t_float * 1e6:9.3f} us   (issue 16 measured 54 us before)")

    # 4. sweep over 100,000 points: vectorized path vs plain numpy on floats
    import numpy as np

    from accelspec.vectorized import decode_bounds, ridge_points

    n = 10_000 if q else 100_000
    rng = np.random.default_rng(0)
    peaks = rng.uniform(50, 5000, n)
    bws = rng.uniform(0.5, 8, n)
    bytes_tok = rng.uniform(1, 400, n)
    peak_q = accelspec.Q_(peaks * 1000, "GFLOP/s")  # given in other units on purpose
    bw_q = accelspec.Q_(bws * 1e12 / 2**30, "GiB/s")
    bt_q = accelspec.Q_(bytes_tok, "GB")
    t_np = warm(lambda: peaks / bws, runs * 3)
    t_vec = warm(lambda: ridge_points(peak_q, bw_q, check=False), runs * 3)
    line(f"sweep: ridge point, {n:,} specs, same arithmetic", t_vec, "plain numpy on floats", t_np, "<= 3")
    t_vchk = warm(lambda: ridge_points(peak_q, bw_q), runs * 3)
    line(f"sweep: ridge point, {n:,} specs, + validation", t_vchk, "plain numpy on floats", t_np,
         "(adds finite/positive checks)")
    t_np2 = warm(lambda: (bws * 1000) / bytes_tok, runs * 3)
    t_vec2 = warm(lambda: decode_bounds(bw_q, bt_q, check=False), runs * 3)
    line(f"sweep: decode bound over {n:,} points", t_vec2, "plain numpy on floats", t_np2, "<= 3")
    assert np.allclose(ridge_points(peak_q, bw_q).magnitude, peaks / bws)
    assert np.allclose(decode_bounds(bw_q, bt_q).magnitude, bws * 1000 / bytes_tok)

    # 5. generating and validating accelerators with the hypothesis strategies
    from hypothesis import HealthCheck, given, settings

    import accelspec.strategies as acst

    count = 200 if q else 1000
    made: list[Any] = []

    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(acst.accelerators())
    def generate(acc: Any) -> None:
        made.append(acc)

    t = time.perf_counter()
    generate()
    t_gen = time.perf_counter() - t
    per = t_gen / max(1, len(made))
    scalar = warm(lambda: accelspec.Q_(1.0, "TB/s") / accelspec.Q_(2.0, "TFLOP/s"), 200)
    print(f"{'strategies: accelerators generated + validated':<52} {len(made):>6} in {t_gen:6.2f} s   "
          f"{per * 1e3:.2f} ms each = {per / scalar:.0f} scalar Quantity divisions ({scalar * 1e6:.1f} us each)")


if __name__ == "__main__":
    main()
