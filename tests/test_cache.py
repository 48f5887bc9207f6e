"""The packaged catalog's cache: verified against the TOML sources, never trusted blindly."""

from __future__ import annotations

import os
import json
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
    (cache,) = tmp_path.glob("catalog-*.json")
    assert run(tmp_path) == first


def _forge(cache: Path, *, key: str | None = None, keep: int = 3, mac: str | None = None,
          bandwidth: float | None = None, sign: bool = False) -> None:
    """Rewrite the cache with only ``keep`` entries (a cache that would change the answer), or
    with the H200's bandwidth changed; ``sign`` recomputes the HMAC with the user's secret (what
    only someone who can read the private directory could do)."""
    import hashlib
    import hmac

    from accelspec.catalogs import _CACHE_MAGIC

    header_text, _, payload = cache.read_bytes()[len(_CACHE_MAGIC):].partition(b"\n")
    header = json.loads(header_text)
    body = json.loads(payload)
    body["entries"] = dict(list(body["entries"].items())[:keep])
    if bandwidth is not None:
        h200 = json.loads(body["entries"]["nvidia-h200-sxm"])
        h200["memory"][1] = [bandwidth, "TB/s"]
        body["entries"]["nvidia-h200-sxm"] = json.dumps(h200)
    forged = json.dumps(body).encode()
    header["key"] = key or header["key"]
    if sign:
        secret = (cache.parent / "cache-secret").read_bytes()
        header["hmac"] = hmac.new(secret, header["key"].encode() + b"\0" + forged,
                                  hashlib.sha256).hexdigest()
    elif mac is not None:
        header["hmac"] = mac
    cache.write_bytes(_CACHE_MAGIC + json.dumps(header).encode() + b"\n" + forged)


def test_a_cache_whose_key_does_not_match_is_rebuilt(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    _forge(cache, key="not-the-key", sign=True)
    assert run(tmp_path) == first


def test_a_forged_cache_without_the_users_secret_is_not_served(tmp_path: Path) -> None:
    # the key matches and the JSON is well formed, but the HMAC was not made with the secret
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    _forge(cache, keep=200, bandwidth=0.1)
    assert run(tmp_path) == first
    _forge(cache, keep=200, bandwidth=0.1, mac="0" * 64)
    assert run(tmp_path) == first


def test_a_cache_copied_from_another_user_is_not_served(tmp_path: Path) -> None:
    # same key, valid HMAC under the other user's secret: this user's secret differs
    first = run(tmp_path / "a")
    run(tmp_path / "b")
    (cache_a,) = (tmp_path / "a").glob("catalog-*.json")
    _forge(cache_a, keep=200, bandwidth=0.1, sign=True)
    (cache_b,) = (tmp_path / "b").glob("catalog-*.json")
    cache_b.write_bytes(cache_a.read_bytes())
    assert run(tmp_path / "b") == first


def test_the_cache_is_what_is_used_when_it_verifies(tmp_path: Path) -> None:
    # The other side of the tests above: a cache signed with this user's secret IS served
    # (3 entries instead of all), which shows those tests exercise the verification.
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    _forge(cache, keep=200, sign=True)  # keeps every entry: same answer
    assert run(tmp_path) == first
    _forge(cache, keep=3, sign=True)
    proc = subprocess.run([sys.executable, "-c", "import accelspec as a; print(len(a.catalog()))"],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)})
    assert proc.stdout.split() == ["3"]


def test_an_entry_that_no_longer_rebuilds_drops_the_cache_without_a_traceback(tmp_path: Path) -> None:
    # what a pint or attrs upgrade that no longer reads the cached values looks like
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    _forge(cache, keep=200, bandwidth=-1.0, sign=True)
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env={**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0 and proc.stdout == first and proc.stderr == ""
    assert not cache.exists() or b"-1.0" not in cache.read_bytes()
    assert run(tmp_path) == first


def test_cached_catalog_equals_the_catalog_built_from_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec import catalogs

    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path))
    built = catalogs._load_packaged()
    assert list(tmp_path.glob("catalog-*.json"))
    cached = catalogs._load_packaged()
    assert type(cached._entries).__name__ == "_CachedEntries"
    monkeypatch.setenv("ACCELSPEC_CACHE", "0")
    fresh = catalogs._load_packaged()
    assert cached.ids == fresh.ids == built.ids
    assert cached.files == fresh.files and cached.sources == fresh.sources
    for a, b in zip(cached, fresh):
        assert a == b, b.id
        assert a.provenance == b.provenance, b.id
        assert (a.references, a.note, a.origin) == (b.references, b.note, b.origin), b.id
    assert cached._name_index().state() == fresh._name_index().state()


def test_provenance_paths_are_this_installs_not_the_cache_writers(tmp_path: Path) -> None:
    from accelspec.catalogs import packaged_catalog_dir

    run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    assert str(packaged_catalog_dir()).encode() not in cache.read_bytes()
    code = "import accelspec as a; print(a.get('H200').claims('memory.bandwidth')[0].origin)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}).stdout.strip()
    assert out == str(packaged_catalog_dir() / "nvidia.toml")


def test_lookup_through_the_cache_reads_only_the_entry_asked_for(tmp_path: Path) -> None:
    code = ("import accelspec as a; cat = a.catalog(); a.get('H200'); "
            "print(type(cat._entries).__name__, len(cat._entries._done))")
    env = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    run(tmp_path)  # writes the cache
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["_CachedEntries", "1"]


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
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


# -- the file system around the cache: links, FIFOs, modes, owners, truncation -------------------

def _warm(tmp_path: Path) -> tuple[str, Path]:
    first = run(tmp_path)
    (cache,) = tmp_path.glob("catalog-*.json")
    return first, cache


def test_a_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    data = cache.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 1):
        cache.write_bytes(data[:cut])
        assert run(tmp_path) == first


def test_a_symlinked_cache_file_is_not_followed(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    target = tmp_path / "elsewhere.json"
    cache.rename(target)
    cache.symlink_to(target)
    from accelspec.cache import read_cache_file

    assert read_cache_file(cache) is None
    assert run(tmp_path) == first


def test_a_fifo_in_place_of_the_cache_does_not_hang(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    cache.unlink()
    os.mkfifo(cache)
    from accelspec.cache import read_cache_file

    assert read_cache_file(cache) is None
    full = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env=full, timeout=60).stdout
    assert out == first


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_directory_writable_by_others_is_refused_with_one_warning(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    _forge(cache, keep=3, sign=True)  # would change the answer if it were read
    tmp_path.chmod(0o777)
    full = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-W", "always", "-c", PROBE], capture_output=True,
                          text=True, check=True, env=full)
    assert proc.stdout == first
    assert proc.stderr.count("writable by group or others") == 1


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_cache_file_or_directory_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    _forge(cache, keep=3, sign=True)
    os.chown(cache, 12345, 12345)
    assert run(tmp_path) == first
    _forge_dir = tmp_path / "other"
    _forge_dir.mkdir(mode=0o700)
    os.chown(_forge_dir, 12345, 12345)
    proc = subprocess.run([sys.executable, "-W", "always", "-c", PROBE], capture_output=True,
                          text=True, check=True, env={**os.environ, "ACCELSPEC_CACHE_DIR": str(_forge_dir)})
    assert proc.stdout == first and "owned by another user" in proc.stderr
    assert list(_forge_dir.iterdir()) == []


def test_under_umask_000_the_directory_and_files_are_still_private(tmp_path: Path) -> None:
    where = tmp_path / "new" / "cache"
    code = "import os; os.umask(0); " + PROBE
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   env={**os.environ, "ACCELSPEC_CACHE_DIR": str(where)})
    assert where.stat().st_mode & 0o777 == 0o700
    files = list(where.iterdir())
    assert files and all(f.stat().st_mode & 0o777 == 0o600 for f in files)


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accelspec import cache

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full_disk)
    assert cache.write_cache_file(tmp_path / "x.json", b"data") is False
    assert list(tmp_path.iterdir()) == []


def test_old_cache_files_are_removed(tmp_path: Path) -> None:
    (tmp_path).chmod(0o700)
    (tmp_path / "catalog-0123.pickle").write_bytes(b"old")
    (tmp_path / "catalog-4567.json").write_bytes(b"old")
    run(tmp_path)
    assert [p.name for p in tmp_path.glob("catalog-*")] and all(
        p.suffix == ".json" and p.name != "catalog-4567.json" for p in tmp_path.glob("catalog-*"))


def test_a_damaged_secret_means_no_cache_not_an_error(tmp_path: Path) -> None:
    first, cache = _warm(tmp_path)
    secret = tmp_path / "cache-secret"
    secret.unlink()
    secret.mkdir()  # cannot be read or replaced
    assert run(tmp_path) == first
