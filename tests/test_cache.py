"""The packaged catalog's cache: verified against the TOML sources, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

PROBE = "import accelspec as a; print(a.get('H200').memory.bandwidth.to('TB/s').magnitude, len(a.catalog()))"


def run(cache_dir: Path, **env: str) -> str:
    full = {**os.environ, "ACCELSPEC_CACHE_DIR": str(cache_dir), **env}
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=full).stdout


def test_cache_is_written_then_used_with_the_same_result(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    assert run(tmp_path) == first


def test_a_cache_whose_key_does_not_match_is_rebuilt(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    key, entries, sources, names = pickle.loads(cache.read_bytes())
    forged = {k: v for k, v in list(entries.items())[:3]}  # a cache that would change the answer
    cache.write_bytes(pickle.dumps(("not-the-key", forged, sources, names)))
    assert run(tmp_path) == first


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    cache.write_bytes(b"\x00garbage")
    assert run(tmp_path) == first


def test_caching_can_be_disabled(tmp_path: Path) -> None:
    out = run(tmp_path, ACCELSPEC_CACHE="0")
    assert out.split()[0] == "4.8"
    assert list(tmp_path.glob("catalog-*")) == []
