#!/usr/bin/env bash
# Mutation testing of accelspec's metric and export-control code (run by hand; not part of CI).
#
# Usage: bash benchmarks/mutation.sh [MODULE...]
#   MODULE is metrics, export_control or export_rules (also accepted: accelspec.metrics,
#   accelspec/metrics.py); default: all three. Prints killed / survived / total and the score per
#   module, then every surviving mutant with its one-line change.
#
# What it does: makes a virtualenv in a temporary directory, installs the project with its `test`
# extra plus a pinned mutmut, copies the repository's files (tracked and untracked-but-not-ignored)
# into a temporary work directory, adds the mutmut configuration to that copy's pyproject.toml and
# runs `mutmut run` there. The working tree never gets a mutants/ folder or a config change.
# Only the test files that exercise the three modules are run (see TESTS below).
#
# Hypothesis: the "dev" profile of tests/conftest.py (40 examples) with a fixed seed
# (--hypothesis-seed), so every mutant sees the same examples and the example database is unused.
#
# Environment (all optional):
#   MUTATION_JOBS=2          parallel mutant children (the dev machines have 2 shared cores)
#   MUTATION_SEED=0          the hypothesis seed
#   MUTATION_VENV=DIR        reuse (or create once) this virtualenv instead of a fresh temporary one
#   MUTATION_KEEP=1          keep the temporary work directory (to run `mutmut show NAME` there)
#   MUTATION_DIFFS=FILE      also write the full diff of every surviving mutant to FILE
#   MUTATION_FAIL_UNDER=N    exit 3 when a module's score is below N percent
#   PYTHON=python3           interpreter for the virtualenv (3.11 or newer)
#
# Exit status: 0 when mutmut ran (whatever the score); 2 for a bad argument; 3 under
# MUTATION_FAIL_UNDER; any other non-zero status when the setup or mutmut failed.
set -euo pipefail

MUTMUT_VERSION="3.8.1"
TESTS=(tests/test_metrics.py tests/test_ratio.py tests/test_compare.py tests/test_export_control.py
       tests/test_export_rules.py)
ALL_MODULES=(metrics export_control export_rules)

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${MUTATION_JOBS:-2}"
seed="${MUTATION_SEED:-0}"
python="${PYTHON:-python3}"

modules=()
for arg in "${@}"; do
    case "$arg" in
        -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
    m="${arg#accelspec/}"; m="${m#accelspec.}"; m="${m%.py}"
    case " ${ALL_MODULES[*]} " in
        *" $m "*) modules+=("$m") ;;
        *) echo "mutation.sh: unknown module '$arg' (expected one of: ${ALL_MODULES[*]})" >&2; exit 2 ;;
    esac
done
[ ${#modules[@]} -gt 0 ] || modules=("${ALL_MODULES[@]}")

tmp="$(mktemp -d "${TMPDIR:-/tmp}/accelspec-mutation.XXXXXX")"
if [ "${MUTATION_KEEP:-0}" = 1 ]; then
    trap 'echo "work directory kept: $tmp/work" >&2' EXIT
else
    trap 'rm -rf "$tmp"' EXIT
fi

# -- virtualenv ---------------------------------------------------------------------------------
venv="${MUTATION_VENV:-$tmp/venv}"
if [ ! -x "$venv/bin/python" ]; then
    echo "== creating virtualenv $venv" >&2
    "$python" -m venv "$venv"
fi
echo "== installing accelspec[test] and mutmut==$MUTMUT_VERSION" >&2
if ! "$venv/bin/python" -m pip install -q "$repo[test]" "mutmut==$MUTMUT_VERSION" > "$tmp/pip.log" 2>&1; then
    cat "$tmp/pip.log" >&2
    echo "mutation.sh: installing into $venv failed" >&2
    exit 1
fi
"$venv/bin/python" -c "import importlib.metadata as md, sys; v = md.version('mutmut'); \
sys.exit(0 if v == '$MUTMUT_VERSION' else f'mutmut {v} installed, $MUTMUT_VERSION expected')"

# -- work copy ----------------------------------------------------------------------------------
work="$tmp/work"
mkdir -p "$work"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked and untracked-but-not-ignored files, as they are in the working tree
    (cd "$repo" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
        | tar --null -T - -cf -) | tar -xf - -C "$work"
else
    tar -C "$repo" --exclude=.venv --exclude=.git --exclude=mutants --exclude='__pycache__' -cf - . \
        | tar -xf - -C "$work"
fi
rm -rf "$work/mutants"

tests=()
for t in "${TESTS[@]}"; do [ -f "$work/$t" ] && tests+=("$t"); done

# mutmut's configuration, in the copy's pyproject.toml only
"$venv/bin/python" - "$work/pyproject.toml" "$seed" "${tests[@]}" -- "${modules[@]}" <<'EOF'
import json, sys, tomllib
path, seed, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
sep = rest.index("--")
tests, modules = rest[:sep], rest[sep + 1:]
text = open(path, encoding="utf-8").read()
if "mutmut" in tomllib.loads(text).get("tool", {}):
    sys.exit("pyproject.toml already has a [tool.mutmut] table; refusing to guess which to use")
conf = {
    "source_paths": ["accelspec"],
    "only_mutate": [f"accelspec/{m}.py" for m in modules],
    # the package finds its catalog at ../catalog from accelspec/ (catalogs.packaged_catalog_dir),
    # and mutmut runs the tests from a mutants/ copy
    "also_copy": ["catalog/"],
    "pytest_add_cli_args": ["-p", "no:cacheprovider", f"--hypothesis-seed={seed}"],
    "pytest_add_cli_args_test_selection": tests,
    "use_git_change_detection": False,
}
lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in conf.items()]
with open(path, "a", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
EOF

# -- run ----------------------------------------------------------------------------------------
echo "== mutmut $MUTMUT_VERSION over ${modules[*]}; tests: ${tests[*]}; $jobs children" >&2
start=$(date +%s)
status=0
(
    cd "$work"
    export HYPOTHESIS_PROFILE=dev ACCELSPEC_CACHE_DIR="$tmp/cache" MPLBACKEND=Agg
    "$venv/bin/mutmut" run --max-children "$jobs"
) > "$tmp/mutmut.log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))
if [ "$status" -ne 0 ]; then
    tail -n 60 "$tmp/mutmut.log" >&2
    echo "mutation.sh: mutmut failed (exit $status)" >&2
    exit "$status"
fi
echo "== mutmut finished in ${elapsed}s" >&2

report_args=()
[ -n "${MUTATION_DIFFS:-}" ] && report_args+=(--diffs "$(cd "$(dirname "$MUTATION_DIFFS")" && pwd)/$(basename "$MUTATION_DIFFS")")
[ -n "${MUTATION_FAIL_UNDER:-}" ] && report_args+=(--fail-under "$MUTATION_FAIL_UNDER")
(cd "$work" && "$venv/bin/python" "$repo/benchmarks/mutation_report.py" "${report_args[@]}" "${modules[@]}")
