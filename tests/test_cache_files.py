"""accelspec/cache.py and the cache's plain-data form, in process: every way a file operation
can fail only costs the cache, and the JSON form rebuilds exactly what was stored."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest

import accelspec as acs
from accelspec import cache, catalogs
from accelspec.metrics import _swapped, with_value


def test_a_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    p = tmp_path / "big"
    p.write_bytes(b"x" * 100)
    assert cache.read_cache_file(p, limit=10) is None
    assert cache.read_cache_file(p, limit=100) == b"x" * 100


def test_a_file_that_grows_past_the_limit_while_read_is_dropped(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "growing"
    p.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:  # the size seen before the file grew
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 1,
                               int(st.st_atime), int(st.st_mtime), int(st.st_ctime)))

    monkeypatch.setattr(cache.os, "fstat", small_fstat)
    assert cache.read_cache_file(p, limit=5) is None


def test_a_read_error_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "f"
    p.write_bytes(b"data")

    def failing_read(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cache.os, "read", failing_read)
    assert cache.read_cache_file(p) is None


def test_a_write_that_cannot_create_its_temporary_file_fails_quietly(tmp_path: Path) -> None:
    assert cache.write_cache_file(tmp_path / "missing-dir" / "x.json", b"data") is False


def test_a_failed_write_whose_cleanup_also_fails_still_returns_false(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", fail)
    monkeypatch.setattr(cache.os, "unlink", fail)
    assert cache.write_cache_file(tmp_path / "x.json", b"data") is False


def test_remove_stale_survives_a_missing_directory_and_undeletable_files(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cache.remove_stale(tmp_path / "missing", "catalog-", "keep")
    (tmp_path / "catalog-old").write_bytes(b"")

    def fail(*_: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(cache.os, "unlink", fail)
    cache.remove_stale(tmp_path, "catalog-", "keep")
    assert (tmp_path / "catalog-old").exists()


def test_a_directory_that_cannot_be_made_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path / "file" / "cache"))
    monkeypatch.delenv("ACCELSPEC_CACHE", raising=False)
    assert cache.private_cache_dir() is None


def test_a_symlink_in_place_of_the_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path / "link"))
    monkeypatch.delenv("ACCELSPEC_CACHE", raising=False)
    with pytest.warns(RuntimeWarning, match="not a plain directory"):
        assert cache.private_cache_dir() is None


# -- the plain-data form -------------------------------------------------------------------

def _payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, str, bytes]:
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ACCELSPEC_CACHE", raising=False)
    catalogs._load_packaged()
    (path,) = tmp_path.glob("catalog-*.json")
    secret = (tmp_path / "cache-secret").read_bytes()
    header = path.read_bytes()[len(catalogs._CACHE_MAGIC):].split(b"\n", 1)[0]
    import json

    return path.read_bytes(), json.loads(header)["key"], secret


def test_malformed_payloads_with_a_valid_hmac_are_rebuilt_not_raised(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    _, key, secret = _payload(tmp_path, monkeypatch)
    root = catalogs.packaged_catalog_dir()

    def signed(body: object) -> bytes:
        payload = json.dumps(body).encode()
        header = json.dumps({"format": catalogs._CACHE_FORMAT, "key": key,
                             "hmac": catalogs._mac(secret, key, payload)})
        return catalogs._CACHE_MAGIC + header.encode() + b"\n" + payload

    def never() -> catalogs.Catalog:
        raise AssertionError("not reached")

    for body in ([], {"sources": {}}, {"sources": {}, "entries": {"x": 1}, "files": [], "index": {},
                                       "names": {}, "records": []}):
        assert catalogs._read_cache(signed(body), key, secret, root, never) is None
    assert catalogs._read_cache(b"not a cache", key, secret, root, never) is None


def test_quantities_in_the_cache_are_checked_before_use() -> None:
    for bad in (None, [1, "W"], [1.0], ["1.0", "W"], [float("nan"), "W"], [0.0, "W"], [-1.0, "W"]):
        with pytest.raises(ValueError):
            catalogs._q_in(bad)
    with pytest.raises(acs.UnitError):
        catalogs._q_in([1.0, "GB**99"])


def test_an_entry_failing_to_rebuild_serves_every_entry_from_the_toml(tmp_path: Path) -> None:
    real = acs.catalog()
    entries = catalogs._CachedEntries(
        {eid: "not json" for eid in real.ids}, real._sources, "/", lambda: real, tmp_path / "gone.json")
    first, second = real.ids[0], real.ids[1]
    assert entries[first] == real._entries[first]  # the first failure rebuilds all...
    assert entries[second] == real._entries[second]  # ...and later ids come from the rebuild


def test_a_claim_equal_to_but_not_the_chosen_object_is_encoded_by_position() -> None:
    acc = acs.get("H200")
    field, p = next(iter(acc.provenance.items()))
    copy = attrs.evolve(p.chosen)
    moved = attrs.evolve(acc, provenance={**acc.provenance, field: attrs.evolve(p, chosen=copy)})
    back = catalogs._decode_entry(catalogs._encode_entry(moved, "/"), acs.catalog().sources, "/")
    assert back.provenance[field] == moved.provenance[field]


def test_the_name_index_built_from_entries_equals_the_one_from_records() -> None:
    from accelspec.lookup import NameIndex

    cat = acs.catalog()
    entries = {a.id: a for a in cat}
    assert NameIndex(entries.values()).state() == cat._name_index().state()


def test_resolve_refuses_what_is_neither_a_name_nor_an_accelerator() -> None:
    with pytest.raises(acs.InvalidArgumentError, match="got int"):
        catalogs.resolve(3)  # type: ignore[arg-type]


# -- the range fast path swaps a value exactly as with_value does ------------------------------

@pytest.mark.parametrize("field,value", [
    ("memory.capacity", acs.Q_(100.0, "GB")), ("memory.bandwidth", acs.Q_(3.0, "TB/s")),
    ("tdp", acs.Q_(500.0, "W")), ("interconnect.bandwidth", acs.Q_(450.0, "GB/s")),
    ("die_area", acs.Q_(700.0, "mm^2")), ("transistors", acs.Q_(50.0, "billion")),
    ("bf16", acs.Q_(900.0, "TFLOP/s")), ("fp8:sparse", acs.Q_(3000.0, "TFLOP/s")),
])
def test_swapping_a_value_equals_with_value(field: str, value: object) -> None:
    acc = acs.get("H100 SXM")
    assert _swapped(acc, field, value) == with_value(acc, field, value)


def test_swapping_a_price_and_a_field_that_cannot_vary() -> None:
    priced = next(a for a in acs.catalog() if a.price is not None)
    amount = priced.price.amount * 2  # type: ignore[union-attr]
    assert _swapped(priced, "price", amount) == with_value(priced, "price", amount)
    with pytest.raises(acs.UnknownMetricError):
        _swapped(priced, "process", "N5")


# -- cached conversion factors keep pint's errors ----------------------------------------------

def test_conversions_beyond_the_float_range_are_unit_errors_on_both_paths() -> None:
    from accelspec.units import registry, to_unit

    reg = registry()
    to_unit(acs.Q_(1.0, "TB"), "B", what="warm")  # the factor for TB -> B is now cached
    with pytest.raises(acs.UnitError, match="beyond the float range"):
        to_unit(reg.Quantity(10**400, acs.units.parse_unit("TB")), "B", what="x")  # cached path
    with pytest.raises(acs.UnitError, match="beyond the float range"):
        to_unit(reg.Quantity(10**400, acs.units.parse_unit("PB")), "kB", what="x")  # pint's path


# -- plain data for printing without pint -------------------------------------------------------

def test_plain_entries_from_the_cache_match_the_typed_entries(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ACCELSPEC_CACHE", raising=False)
    catalogs._load_packaged()
    cached = catalogs._load_packaged()
    assert isinstance(cached._entries, catalogs._CachedEntries)
    built = acs.catalog()
    for acc in built:
        plain = cached.plain(acc.id)
        assert plain == built.plain(acc.id), acc.id  # from the cache == from the typed entry
        assert [f["field"] for f in plain["fields"]] == list(acc.provenance)
        for f in plain["fields"]:
            p = acc.provenance[f["field"]]
            chosen = f["claims"][f["chosen"]]
            if isinstance(p.chosen.value, str):
                assert chosen["value"] == p.chosen.value and chosen["unit"] is None
            else:
                assert chosen["value"] == p.chosen.value.magnitude
                assert chosen["unit"] == f"{p.chosen.value.units:~P}"
    assert cached._entries._done == {}  # nothing was rebuilt to print it


def test_plain_reads_user_entries_and_damaged_cache_entries(tmp_path: Path) -> None:
    from conftest import GOOD_ROWS, SOURCE, entry

    path = tmp_path / "mine.toml"
    path.write_text(SOURCE + entry("acme-x1", *GOOD_ROWS), encoding="utf-8")
    cat = acs.load_catalog(path)
    plain = cat.plain("X1")
    assert plain["id"] == "acme-x1" and plain["fields"][0]["claims"][0]["unit"] == "GB"
    assert cat.plain("H200")["id"] == "nvidia-h200-sxm"
    real = acs.catalog()
    damaged = catalogs.Catalog(catalogs._CachedEntries({eid: "{}" for eid in real.ids}, real._sources, "/",
                                                       lambda: real), real._sources, real.files)
    assert damaged.plain("H200") == real.plain("H200")
    with pytest.raises(acs.UnknownAcceleratorError):
        real.plain("H2O0")


def test_show_prints_from_the_cache_without_importing_pint(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "ACCELSPEC_CACHE_DIR": str(tmp_path)}
    code = ("import sys, contextlib, io; from accelspec.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out: main(['show', 'H200'])\n"
            "print('pint' in sys.modules, '4.8 TB/s' in out.getvalue())")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert first.stdout.split() == ["True", "True"]  # building the cache needs pint
    assert again.stdout.split() == ["False", "True"]  # the warm cache does not
