"""Print the widest line of every command of the README's CLI tour, plus ``llm``, ``validate``,
``export`` and ``measurements``, at ``COLUMNS=80`` (issue 19).

Usage: python benchmarks/widths.py [--max N]

Each command runs as ``python -m accelspec ...`` in a scratch directory (files it writes land
there) with ``COLUMNS=80``; its stdout's widest line is measured in display columns (East Asian
wide and full-width characters count two). ``export`` to stdout prints CSV data, which is never
fitted to the terminal: it is measured and reported but marked ``data``. Exit status 1 when a
command other than a data export is wider than ``--max`` (default 80) or fails.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Beyond the README's tour: the commands added by other parts of issue 19's work.
EXTRA = [
    "accelspec llm fit llama3-70b Ascend 910B",
    "accelspec llm serve llama3-8b H200",
    "accelspec llm train llama3-8b H100 -n 8",
    "accelspec validate",
    "accelspec measurements",
    "accelspec export --vendor Huawei",
    "accelspec check article.md",
]

#: A short article for ``check article.md`` (figures from the catalog's own sources).
ARTICLE = ("The H20 has 4.0 TB/s of memory bandwidth, 2.5x the Ascend 910B.\n"
           "NVIDIA says the H200 offers 141 GB of HBM3e.\n")

#: A small valid catalog file for ``catalog check my.toml``.
MY_TOML = """[[source]]
id = "acme-datasheet"
title = "Acme X1 datasheet"
url = "https://example.com/x1.pdf"
publisher = "Acme"
date = "2025"
kind = "vendor-datasheet"

[[accelerator]]
id = "acme-x1"
name = "Acme X1"
vendor = "Acme"
status = "announced"
specs = [ { field = "tdp", value = 300, unit = "W", source = "acme-datasheet" } ]
"""


def tour(readme: Path = ROOT / "README.md") -> list[str]:
    """The commands of the README's "A CLI tour" section (its first ``sh`` block)."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## A CLI tour", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block, "no sh block in the CLI tour"
    return [line.strip() for line in block.group(1).splitlines() if line.strip().startswith("accelspec ")]


def columns(line: str) -> int:
    """Display columns of one line (East Asian wide/full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in line)


def measure(command: str, cwd: Path) -> tuple[int, int, str]:
    """Run ``command`` at 80 columns in ``cwd``; (exit status, widest line, that line)."""
    argv = shlex.split(command)
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "accelspec", *argv[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")
    lines = proc.stdout.splitlines() or [""]
    widest = max(lines, key=columns)
    return proc.returncode, columns(widest), widest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    limit = int(args[args.index("--max") + 1]) if "--max" in args else 80
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "my.toml").write_text(MY_TOML, encoding="utf-8")
        (cwd / "article.md").write_text(ARTICLE, encoding="utf-8")
        print(f"{'cols':>5}  {'rc':>2}  command")
        for command in tour() + EXTRA:
            rc, width, _ = measure(command, cwd)
            words = shlex.split(command)
            data = words[1] == "export" and "-o" not in words
            mark = "  data" if data else ("  WIDER" if width > limit else "")
            print(f"{width:>5}  {rc:>2}  {command}{mark}")
            if not data and (width > limit or rc not in (0, 1)):
                failed += 1
    print(f"{failed} command(s) wider than {limit} columns or failing")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
