"""Print the validation of every prediction against every measurement (issue 17).

Usage: python benchmarks/validate.py [--summary]

Runs accelspec.validate() on the packaged catalog and measurements and prints the comparison
table, the MLPerf cross-chip ratio checks, the error statistics and the flags (bounds below a
measured value, with the reason known so far). Exit status 0; the numbers are the output.
"""

from __future__ import annotations

import sys

import accelspec as acs


def main() -> int:
    report = acs.validate()
    text = str(report)
    if "--summary" in sys.argv[1:]:
        text = text.split("\n\n", 1)[1]
    print(text)
    ms = acs.catalog().measurements()
    print(f"\n{len(ms)} measurements on {len({m.chip for m in ms})} chips loaded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
