"""Standalone checker for catalog/measurements/*.toml (stdlib only).

Checks: schema, unique source and measurement ids (also against catalog sources), known
quantities and keys, source ids defined, units allowed for the quantity, precision present
where required, integer precisions in TOP/s, positive finite values, chip ids present in
catalog/*.toml (unknown ones are listed, not fatal). Then prints counts per chip and
quantity, and compares matrix_throughput / memory_bandwidth / usable_memory per-chip values
with the catalog's chosen dense figure of the same field (ratio; above 1.0 or under 0.2 flagged).

Usage: python benchmarks/check_measurements.py [--strict-chips]
Exit status 1 on any error (and on unknown chips with --strict-chips).
"""

from __future__ import annotations

import collections
import math
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "catalog"
MEAS = CATALOG / "measurements"

UNITS = {
    "matrix_throughput": {"TFLOP/s", "PFLOP/s", "TOP/s", "POP/s"},
    "training_model_flops": {"TFLOP/s", "PFLOP/s"},
    "memory_bandwidth": {"TB/s", "GB/s", "GiB/s"},
    "link_bandwidth": {"TB/s", "GB/s", "Gb/s", "GiB/s"},
    "power_under_load": {"W", "kW"},
    "usable_memory": {"GB", "GiB", "TB"},
    "llm_decode_throughput": {"token/s"},
    "llm_prefill_throughput": {"token/s"},
    "llm_serving_throughput": {"token/s"},
    "training_throughput": {"token/s", "sample/s"},
}
NEEDS_PRECISION = {"matrix_throughput", "training_model_flops"}
PRECISIONS = {"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4"}
INTEGER = {"int8", "int4"}
SOURCE_KEYS = {"id", "title", "url", "publisher", "date", "kind", "note"}
SOURCE_KINDS = {"measured", "benchmark"}
MEAS_KEYS = {"id", "chip", "quantity", "precision", "value", "unit", "per", "source", "date",
             "confidence", "note", "conditions"}
REQUIRED = {"id", "chip", "quantity", "value", "unit", "per", "source", "date", "confidence"}
COND_KEYS = {"model", "precision_detail", "batch", "concurrency", "input_tokens", "output_tokens",
             "chip_count", "tp", "pp", "ep", "software", "scenario", "round"}
CHINESE_VENDORS = ("huawei-", "hygon-", "iluvatar-", "metax-", "moorethreads-", "cambricon-",
                   "kunlunxin-", "biren-", "enflame-", "alibaba-", "denglin-")
SCALE = {"TFLOP/s": 1.0, "PFLOP/s": 1000.0, "TOP/s": 1.0, "POP/s": 1000.0,
         "TB/s": 1000.0, "GB/s": 1.0, "GiB/s": 1.073741824, "Gb/s": 0.125,
         "GB": 1.0, "GiB": 1.073741824, "TB": 1000.0, "W": 1.0, "kW": 1000.0,
         "TFLOPS": 1.0, "TOPS": 1.0}


def load_catalog():
    """Return ({entry id: {field: (value, unit)}}, set of catalog source ids)."""
    entries, sources = {}, set()
    for path in sorted(CATALOG.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        sources |= {s["id"] for s in data.get("source", [])}
        for kind in ("accelerator", "system"):
            for entry in data.get(kind, []):
                entries[entry["id"]] = entry
    resolved = {}

    def rows(eid, seen=()):
        entry = entries[eid]
        out = dict(rows(entry["base"], seen + (eid,))) if entry.get("base") and entry["base"] not in seen else {}
        by_field = collections.defaultdict(list)
        for row in entry.get("specs", []):
            by_field[row["field"]].append(row)
        for field, group in by_field.items():
            row = next((r for r in group if r.get("chosen")), group[0])
            if "value" in row:
                out[field] = (float(row["value"]), row["unit"])
            elif "from" in row:
                out[field] = ("from", row["from"], float(row["factor"]))
        for field, v in list(out.items()):
            if v[0] == "from" and v[1] in out and out[v[1]][0] != "from":
                out[field] = (out[v[1]][0] * v[2], out[v[1]][1])
        return out

    for eid in entries:
        resolved[eid] = {f: v for f, v in rows(eid).items() if v[0] != "from"}
    return resolved, sources


def main(argv):
    strict = "--strict-chips" in argv
    catalog, catalog_sources = load_catalog()
    errors, unknown_chips = [], collections.Counter()
    sources, measurements = {}, []
    for path in sorted(MEAS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        name = path.name
        if data.get("schema") != 1:
            errors.append(f"{name}: schema must be 1")
        for key in data:
            if key not in {"schema", "source", "measurement"}:
                errors.append(f"{name}: unknown top-level key {key!r}")
        for s in data.get("source", []):
            for key in set(s) - SOURCE_KEYS:
                errors.append(f"{name}: source {s.get('id')}: unknown key {key!r}")
            for key in ("id", "title", "url", "publisher", "date", "kind"):
                if key not in s:
                    errors.append(f"{name}: source {s.get('id')}: missing {key}")
            if s.get("id") in sources or s.get("id") in catalog_sources:
                errors.append(f"{name}: duplicate source id {s.get('id')}")
            if s.get("kind") not in SOURCE_KINDS:
                errors.append(f"{name}: source {s.get('id')}: kind {s.get('kind')!r} not in {sorted(SOURCE_KINDS)}")
            if not str(s.get("url", "")).startswith("https://"):
                errors.append(f"{name}: source {s.get('id')}: url must be https")
            sources[s.get("id")] = s
        for m in data.get("measurement", []):
            measurements.append((name, m))
    seen = set()
    for name, m in measurements:
        mid = m.get("id")
        where = f"{name}: measurement {mid}"
        for key in set(m) - MEAS_KEYS:
            errors.append(f"{where}: unknown key {key!r}")
        for key in REQUIRED - set(m):
            errors.append(f"{where}: missing {key}")
        if mid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(mid)
        q = m.get("quantity")
        if q not in UNITS:
            errors.append(f"{where}: unknown quantity {q!r}")
        elif m.get("unit") not in UNITS[q]:
            errors.append(f"{where}: unit {m.get('unit')!r} not allowed for {q}")
        prec = m.get("precision")
        if q in NEEDS_PRECISION and prec is None:
            errors.append(f"{where}: precision required for {q}")
        if prec is not None and prec not in PRECISIONS:
            errors.append(f"{where}: unknown precision {prec!r}")
        if q == "matrix_throughput" and prec in INTEGER and m.get("unit") not in {"TOP/s", "POP/s"}:
            errors.append(f"{where}: integer precision in a FLOP unit")
        if q == "matrix_throughput" and prec not in INTEGER and m.get("unit") in {"TOP/s", "POP/s"}:
            errors.append(f"{where}: float precision in an OP unit")
        v = m.get("value")
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v <= 0:
            errors.append(f"{where}: value must be a positive finite number")
        if m.get("per") not in {"chip", "system"}:
            errors.append(f"{where}: per must be chip or system")
        cond = m.get("conditions", {})
        for key in set(cond) - COND_KEYS:
            errors.append(f"{where}: unknown condition {key!r}")
        if m.get("per") == "system" and not cond.get("chip_count"):
            errors.append(f"{where}: per = system needs conditions.chip_count")
        if m.get("source") not in sources:
            errors.append(f"{where}: source {m.get('source')!r} not defined in measurements/")
        if m.get("confidence") not in {"high", "medium", "low"}:
            errors.append(f"{where}: confidence must be high, medium or low")
        if m.get("chip") not in catalog:
            unknown_chips[m.get("chip")] += 1

    chips = collections.Counter(m["chip"] for _, m in measurements)
    quantities = collections.Counter(m["quantity"] for _, m in measurements)
    chinese = sorted(c for c in chips if c.startswith(CHINESE_VENDORS))
    print(f"{len(measurements)} measurements, {len(sources)} sources, {len(chips)} chips "
          f"({len(chinese)} Chinese: {', '.join(chinese)})")
    print("\nby quantity:")
    for q, n in sorted(quantities.items()):
        print(f"  {q:24s} {n}")
    print("\nby chip:")
    for c, n in sorted(chips.items()):
        qs = collections.Counter(m["quantity"] for _, m in measurements if m["chip"] == c)
        mark = "" if c in catalog else "   [not in catalog]"
        print(f"  {c:28s} {n:3d}  " + ", ".join(f"{q}={k}" for q, k in sorted(qs.items())) + mark)
    if unknown_chips:
        print("\nchip ids not in catalog/*.toml: " + ", ".join(sorted(unknown_chips)))

    print("\nmeasured / catalog chosen figure (per-chip entries):")
    field_of = {"memory_bandwidth": "memory.bandwidth", "usable_memory": "memory.capacity"}
    flagged = []
    for _, m in measurements:
        if m.get("per") != "chip" or m["chip"] not in catalog:
            continue
        q = m["quantity"]
        field = m.get("precision") if q == "matrix_throughput" else field_of.get(q)
        if field is None:
            continue
        spec = catalog[m["chip"]].get(field)
        if spec is None and field == "fp32":
            spec = catalog[m["chip"]].get("fp32:vector")
            field = "fp32:vector" if spec else field
        if spec is None or spec[1] not in SCALE or m["unit"] not in SCALE:
            continue
        ratio = (m["value"] * SCALE[m["unit"]]) / (spec[0] * SCALE[spec[1]])
        flag = "  ABOVE PEAK" if ratio > 1.0 else ("  UNDER 20%" if ratio < 0.2 else "")
        print(f"  {m['id']:42s} {m['value']:>10} {m['unit']:8s} vs {field} {spec[0]:g} {spec[1]:8s} = {ratio:.3f}{flag}")
        if flag:
            flagged.append((m["id"], round(ratio, 3), flag.strip()))
    if flagged:
        print("\nflagged:")
        for f in flagged:
            print("  ", *f)

    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
    return 1 if errors or (strict and unknown_chips) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
