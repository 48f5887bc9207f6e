"""Summarise a mutmut 3 run: killed / survived / total and the score per module, and the survivors.

Run by benchmarks/mutation.sh from the mutmut work directory (the one holding mutants/), with the
virtualenv that has mutmut::

    python benchmarks/mutation_report.py [--diffs FILE] [--fail-under PCT] metrics export_rules ...

The score is (killed + timeout) / (total - skipped): a mutant with no test that reaches it, or a
suspicious one, counts against the module. Exit status 3 when ``--fail-under`` is given and a
module's score is below it; 1 when a module has no mutmut results.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

# mutmut 3's exit codes per mutant (mutmut.stats.status_by_exit_code); anything else is suspicious
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          35: "suspicious", 36: "timeout", 37: "type check", -24: "timeout", 24: "timeout",
          152: "timeout", 255: "timeout", -11: "segfault", -9: "segfault", None: "not checked"}


def status(code: int | None) -> str:
    return STATUS.get(code, "suspicious")


def one_line_change(name: str, path: str) -> str:
    """The mutant's removed and added lines, squeezed onto one line ('' if mutmut cannot say)."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant
        diff = get_diff_for_mutant(name, path=path)
    except Exception:  # noqa: BLE001 - the listing still has the names
        return ""
    body = [ln for ln in diff.splitlines()[2:] if ln[:1] in "-+"]
    return "  |  ".join(" ".join(ln.split()) for ln in body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="+", help="module names under accelspec/ (metrics, export_rules...)")
    ap.add_argument("--diffs", metavar="FILE", help="write every survivor's full diff here")
    ap.add_argument("--fail-under", type=float, metavar="PCT", help="exit 3 if a module scores below PCT")
    args = ap.parse_args(argv)

    rows, survivors, low = [], [], []
    for mod in args.modules:
        path = f"accelspec/{mod}.py"
        meta = Path("mutants") / (path + ".meta")
        if not meta.is_file():
            print(f"no mutmut results for {path} ({meta} is missing)", file=sys.stderr)
            return 1
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(status(c) for c in codes.values())
        killed = counts["killed"] + counts["timeout"]
        total = len(codes) - counts["skipped"]
        score = 100.0 * killed / total if total else 100.0
        other = total - killed - counts["survived"]
        rows.append((path, killed, counts["survived"], other, total, score))
        if args.fail_under is not None and score < args.fail_under:
            low.append(path)
        survivors += [(path, name) for name, c in sorted(codes.items()) if status(c) != "killed"
                      and status(c) != "timeout" and status(c) != "skipped"]

    print(f"{'module':<28} {'killed':>7} {'survived':>9} {'other':>6} {'total':>6} {'score':>7}")
    for path, k, s, o, t, sc in rows:
        print(f"{path:<28} {k:>7} {s:>9} {o:>6} {t:>6} {sc:>6.1f}%")
    k, s, o, t = (sum(r[i] for r in rows) for i in range(1, 5))
    print(f"{'all':<28} {k:>7} {s:>9} {o:>6} {t:>6} {100.0 * k / t if t else 100.0:>6.1f}%")
    print("(killed includes timeouts; other: no tests, suspicious, segfault, not checked)")

    if survivors:
        print(f"\nnot killed ({len(survivors)}):")
        codes_by_path = {p: json.loads((Path("mutants") / (p + ".meta")).read_text(encoding="utf-8"))
                         ["exit_code_by_key"] for p, *_ in rows}
        diffs = []
        for path, name in survivors:
            st = status(codes_by_path[path][name])
            change = one_line_change(name, path)
            print(f"  {name} [{st}]" + (f": {change}" if change else ""))
            if args.diffs:
                from mutmut.mutation.diff_apply import get_diff_for_mutant
                diffs.append(f"# {name}: {st}\n{get_diff_for_mutant(name, path=path)}\n")
        if args.diffs:
            Path(args.diffs).write_text("\n".join(diffs), encoding="utf-8")
            print(f"\nfull diffs written to {args.diffs}")
    if low:
        print(f"\nbelow {args.fail_under:g}%: {', '.join(low)}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
