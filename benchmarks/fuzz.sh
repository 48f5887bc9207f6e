#!/usr/bin/env bash
# A long fuzzing run of the catalog loader, name lookup and claim parsing (not part of CI's
# default run). Usage: bash benchmarks/fuzz.sh [EXAMPLES]   (default 5000 per property)
# For a run against the clock over every public entry point with inputs up to 100,000
# characters (outcomes by exception type, slowest calls): python benchmarks/fuzz_clock.py
set -euo pipefail
cd "$(dirname "$0")/.."
ACCELSPEC_FUZZ_EXAMPLES="${1:-5000}" ACCELSPEC_FUZZ_LONG_EXAMPLES="${1:-5000}" \
    python -m pytest -q -p no:cacheprovider tests/test_fuzz.py --hypothesis-show-statistics "${@:2}"
