"""Data fingerprint: every change to a catalog value must be deliberate.

When you change catalog data on purpose, run this file, read the new figures in the failure
message, and update ENTRIES, VALUES and SHA256 in the same commit as the data change.
"""

from __future__ import annotations

import hashlib

import accelspec as acs

ENTRIES = 94
VALUES = 1113
SHA256 = "750780fbd7eef49eef104295eb69b447777bd12307e5461832e2e0d5df198b2f"


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
