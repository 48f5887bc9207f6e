"""Shared test configuration: hypothesis profiles and small catalog-file helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "dev" is quick for local runs; "ci" is thorough and derandomized, so a failure reproduces
# from CI's output. Select with HYPOTHESIS_PROFILE (CI sets it in .ci/run).
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

SOURCE = """
[[source]]
id = "test-src"
title = "Test document"
url = "https://example.org/doc"
publisher = "Tests"
date = "2024-01"
kind = "vendor-datasheet"
"""


def entry(eid: str = "acme-x1", *rows: str, extra: str = "", aliases: str = '["X1"]') -> str:
    """TOML text of one accelerator entry with the given spec rows."""
    body = ",\n  ".join(rows)
    return f"""
[[accelerator]]
id = "{eid}"
name = "Acme {eid}"
vendor = "Acme"
status = "shipping"
aliases = {aliases}
{extra}
specs = [
  {body}
]
"""


GOOD_ROWS = (
    '{ field = "memory.capacity", value = 80, unit = "GB", source = "test-src" }',
    '{ field = "memory.bandwidth", value = 3.35, unit = "TB/s", source = "test-src" }',
    '{ field = "bf16:sparse", value = 1979, unit = "TFLOP/s", source = "test-src" }',
    '{ field = "bf16", from = "bf16:sparse", factor = 0.5, source = "test-src", note = "footnote" }',
    '{ field = "tdp", value = 700, unit = "W", scope = "module", source = "test-src" }',
)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text to a .toml file in a temporary directory and return its path."""
    counter = iter(range(1000))

    def _write(text: str, name: str | None = None) -> Path:
        p = tmp_path / (name or f"cat{next(counter)}.toml")
        p.write_text(text, encoding="utf-8")
        return p

    return _write


#: A small catalog of hand-built chips for the export-control tests (worked by hand there).
CUSTOM = "schema = 1\n" + SOURCE + """
[[accelerator]]
id = "acme-t20"
name = "Acme T20"
vendor = "Acme"
status = "shipping"
specs = [
  { field = "tf32", value = 160, unit = "TFLOP/s", source = "test-src" },
  { field = "int8", value = 320, unit = "TOP/s", source = "test-src" },
  { field = "die_area", value = 400, unit = "mm^2", source = "test-src" },
  { field = "memory.bandwidth", value = 1.6, unit = "TB/s", source = "test-src" },
]

[[accelerator]]
id = "acme-dc"
name = "Acme DC"
vendor = "Acme"
status = "shipping"
specs = [
  { field = "bf16", value = 156.25, unit = "TFLOP/s", source = "test-src" },
  { field = "die_area", value = 600, unit = "mm^2", source = "test-src" },
]

[[accelerator]]
id = "acme-mem"
name = "Acme Mem"
vendor = "Acme"
status = "shipping"
specs = [
  { field = "memory.capacity", value = 64, unit = "GB", source = "test-src" },
]

[[system]]
id = "acme-pod"
name = "Acme Pod"
vendor = "Acme"
status = "shipping"
parts = [ { accelerator = "acme-t20", count = 1 }, { accelerator = "acme-dc", count = 3 } ]
sources = ["test-src"]

[[accelerator]]
id = "acme-small"
name = "Acme Small"
vendor = "Acme"
status = "shipping"
specs = [
  { field = "bf16", value = 50, unit = "TFLOP/s", source = "test-src" },
]

[[system]]
id = "acme-mixed"
name = "Acme Mixed"
vendor = "Acme"
status = "shipping"
parts = [ { accelerator = "acme-small", count = 4 }, { accelerator = "acme-dc", count = 1 } ]
sources = ["test-src"]

[[system]]
id = "acme-mempod"
name = "Acme Mem Pod"
vendor = "Acme"
status = "shipping"
parts = [ { accelerator = "acme-mem", count = 2 } ]
sources = ["test-src"]
"""
