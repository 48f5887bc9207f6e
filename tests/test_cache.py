"""The packaged catalog's cache: verified against the TOML sources, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = "import accelspec as a; print(a.get('H200').memory.bandwidth.to('TB/s').magnitude, len(a.catalog()))"


def run(cache_dir: Path, **env: str) -> str:
    full = {**os.environ, "ACCELSPEC_CACHE_DIR": str(cache_dir), **env}
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=full).stdout


def test_cache_is_written_then_used_with_the_same_result(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    assert run(tmp_path) == first


def _forge(cache: Path, *, key: str | None = None, keep: int = 3, digest: str | None = None) -> None:
    """Rewrite the cache with only ``keep`` entries (a cache that would change the answer)."""
    import hashlib

    fmt, stored_key, stored_digest, payload = pickle.loads(cache.read_bytes())
    blobs, sources, files, state = pickle.loads(payload)
    blobs = dict(list(blobs.items())[:keep])
    forged = pickle.dumps((blobs, sources, files, state))
    real_digest = hashlib.sha256(forged).hexdigest()
    cache.write_bytes(pickle.dumps((fmt, key or stored_key, digest or real_digest, forged)))


def test_a_cache_whose_key_does_not_match_is_rebuilt(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    _forge(cache, key="not-the-key")
    assert run(tmp_path) == first


def test_a_cache_whose_payload_does_not_match_its_digest_is_rebuilt(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    _forge(cache, digest="0" * 64)
    assert run(tmp_path) == first


def test_the_cache_is_what_is_used_when_it_verifies(tmp_path: Path) -> None:
    # The other side of the two tests above: a forged cache with the right key and digest IS
    # served (3 entries instead of all), which shows those tests exercise the verification.
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    _forge(cache, keep=200)  # keeps every entry: same answer
    assert run(tmp_path) == first
    _forge(cache, keep=3)
    proc = subprocess.run([sys.executable, "-c", "import accelspec as a; print(len(a.catalog()))"],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)})
    assert proc.stdout.split() == ["3"]


def test_cached_catalog_equals_the_catalog_built_from_toml(tmp_path: Path) -> None:
    code = ("import accelspec as a, pickle, sys; cat = a.catalog(); "
            "sys.stdout.buffer.write(pickle.dumps([(e.id, e) for e in cat]))")
    env = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    built = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env).stdout
    assert list(tmp_path.glob("catalog-*.pickle"))
    cached = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env).stdout
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={**env, "ACCELSPEC_CACHE": "0"}).stdout
    from_cache, from_toml = pickle.loads(cached), pickle.loads(fresh)
    assert [i for i, _ in from_cache] == [i for i, _ in from_toml]
    for (eid, a), (_, b) in zip(from_cache, from_toml):
        assert a == b, eid
        assert a.provenance == b.provenance, eid
    assert pickle.loads(built) == from_toml


def test_lookup_through_the_cache_reads_only_the_entry_asked_for(tmp_path: Path) -> None:
    code = ("import accelspec as a; cat = a.catalog(); a.get('H200'); "
            "print(type(cat._entries).__name__, len(cat._entries._done))")
    env = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    run(tmp_path)  # writes the cache
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["_PickledEntries", "1"]


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    cache.write_bytes(b"\x00garbage")
    assert run(tmp_path) == first


def test_caching_can_be_disabled(tmp_path: Path) -> None:
    out = run(tmp_path, ACCELSPEC_CACHE="0")
    assert out.split()[0] == "4.8"
    assert list(tmp_path.glob("catalog-*")) == []


def test_an_unwritable_cache_is_skipped_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec import catalogs

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(blocker / "cache"))
    cat = catalogs._load_packaged()
    assert cat.get("H200").memory.bandwidth.to("TB/s").magnitude == 4.8  # catalog/nvidia.toml
    assert cat.ids == catalogs.catalog().ids


@pytest.mark.parametrize("env,expected", [
    ({"ACCELSPEC_CACHE": "0", "ACCELSPEC_CACHE_DIR": "/somewhere"}, None),
    ({"ACCELSPEC_CACHE_DIR": "/somewhere"}, Path("/somewhere")),
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/accelspec")),
    ({}, Path.home() / ".cache" / "accelspec"),
])
def test_cache_location_follows_the_environment(env: dict[str, str], expected: Path | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec.cache import cache_dir

    for k in ("ACCELSPEC_CACHE", "ACCELSPEC_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert cache_dir() == expected


def test_the_packaged_catalog_is_built_once_per_process() -> None:
    code = ("import threading, accelspec.catalogs as c; seen = []; "
            "ts = [threading.Thread(target=lambda: seen.append(id(c.catalog()))) for _ in range(8)]; "
            "[t.start() for t in ts]; [t.join() for t in ts]; "
            "first = c.catalog(); c._reset_cache(); again = c.catalog(); "
            "print(len(set(seen)), id(first) in seen, again is not first, again.ids == first.ids)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "ACCELSPEC_CACHE": "0"}).stdout
    assert out.split() == ["1", "True", "True", "True"]


# -- where the packaged catalog is found ------------------------------------------------------

def _fake_package(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec import catalogs

    (root / "accelspec").mkdir(parents=True)
    monkeypatch.setattr(catalogs, "__file__", str(root / "accelspec" / "catalogs.py"))


def test_the_wheel_layout_is_preferred_to_the_source_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec.catalogs import packaged_catalog_dir, packaged_files

    _fake_package(tmp_path, monkeypatch)
    wheel, tree = tmp_path / "accelspec" / "_catalog", tmp_path / "catalog"
    for d in (wheel, tree):
        d.mkdir()
        (d / "b.toml").write_text("", encoding="utf-8")
        (d / "a.toml").write_text("", encoding="utf-8")
    (wheel / "README.md").write_text("", encoding="utf-8")
    assert packaged_catalog_dir() == wheel
    assert packaged_files() == [wheel / "a.toml", wheel / "b.toml"]  # TOML only, sorted


def test_an_empty_wheel_catalog_falls_back_to_the_source_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec.catalogs import packaged_catalog_dir

    _fake_package(tmp_path, monkeypatch)
    (tmp_path / "accelspec" / "_catalog").mkdir()
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "x.toml").write_text("", encoding="utf-8")
    assert packaged_catalog_dir() == tmp_path / "catalog"


def test_a_missing_packaged_catalog_is_a_catalog_error_naming_where_it_looked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import accelspec as acs
    from accelspec.catalogs import packaged_catalog_dir

    _fake_package(tmp_path, monkeypatch)
    (tmp_path / "catalog").mkdir()  # a directory without TOML files is not a catalog
    with pytest.raises(acs.CatalogError) as info:
        packaged_catalog_dir()
    assert info.value.file == str(tmp_path / "accelspec" / "_catalog")
    assert "the packaged catalog is missing" in str(info.value)


def test_pint_keeps_no_cache_of_its_own(tmp_path: Path) -> None:
    # pint's disk cache is pickle, and a cache must hold data, not code: it is never written
    run(tmp_path)
    assert not (tmp_path / "pint").exists()
    assert not list(tmp_path.rglob("*pint*"))


def test_a_cache_dir_that_cannot_be_created_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")
    out = run(blocker / "cache")
    assert out.split()[0] == "4.8"


def test_a_broken_definitions_file_is_not_hidden_by_the_cache_fallback(tmp_path: Path) -> None:
    # the fallback only retries without pint's cache; an error that is not the cache's still raises
    code = ("import accelspec.units as u, pathlib; u._DEFINITIONS = pathlib.Path(r'%s'); "
            "u.registry()") % (tmp_path / "missing.txt")
    for cache in ("0", "1"):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "ACCELSPEC_CACHE": cache, "ACCELSPEC_CACHE_DIR": str(tmp_path)})
        assert proc.returncode != 0 and "missing.txt" in proc.stderr, proc.stderr


def test_the_cache_key_covers_the_code_that_builds_the_entries() -> None:
    # a source checkout whose loader or spec classes changed must not be served old pickles
    import accelspec.catalogs as c

    here = Path(c.__file__).parent
    assert {"loader.py", "spec.py", "units.txt"} <= set(c._CACHE_INPUTS)
    assert all((here / name).is_file() for name in c._CACHE_INPUTS)
