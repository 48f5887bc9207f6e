"""Data fingerprint: every change to a catalog value must be deliberate.

When you change catalog data on purpose, run this file, read the new figures in the failure
message, and update ENTRIES, VALUES and SHA256 in the same commit as the data change.
"""

from __future__ import annotations

import hashlib

import accelspec as acs

ENTRIES = 93
VALUES = 1106
SHA256 = "b3a9570e2c5df25d14ea031cb19c98906f2aa8a1589841390df4b522cfaf543c"


def canonical_lines() -> list[str]:
    """One line per chosen value: id, field and the value in its canonical unit (9 digits)."""
    lines = []
    for acc in sorted(acs.catalog(), key=lambda a: a.id):
        for field in sorted(acc.provenance):
            v = acc.provenance[field].chosen.value
            text = v if isinstance(v, str) else format(float(v.magnitude), ".9g")
            lines.append(f"{acc.id}|{field}|{text}")
    return lines


def test_catalog_fingerprint() -> None:
    lines = canonical_lines()
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert (len(acs.catalog()), len(lines), digest) == (ENTRIES, VALUES, SHA256), (
        f"catalog data changed: now {len(acs.catalog())} entries, {len(lines)} values, sha256 {digest}; "
        "if the change is deliberate, update tests/test_fingerprint.py in the same commit"
    )
