"""Where accelspec's caches live, and how cache files are read and written.

A cache holds data, never code: callers store plain bytes (the catalog cache is JSON) and
rebuild objects through their constructors. This module makes the file handling safe:

- the directory is private: created with mode 0700; an existing one that another user owns, or
  that group or others can write, is refused (no cache, one warning);
- files are written to a temporary file with a random name opened with ``O_EXCL``, then renamed
  into place; a failed write removes its temporary file;
- files are opened without following symbolic links, only if they are regular files, and read
  up to a size limit.

``ACCELSPEC_CACHE=0`` turns caching off; ``ACCELSPEC_CACHE_DIR`` moves the directory, otherwise
``$XDG_CACHE_HOME/accelspec`` or ``~/.cache/accelspec``.
"""

from __future__ import annotations

import os
import secrets
import stat
import warnings
from pathlib import Path

__all__ = ["MAX_CACHE_BYTES", "cache_dir", "private_cache_dir", "read_bounded", "read_cache_file", "remove_stale",
           "write_cache_file"]

#: The largest cache file read (bytes); anything larger is ignored as damaged.
MAX_CACHE_BYTES = 64 * 1024 * 1024

_WARNED: set[str] = set()


def cache_dir() -> Path | None:
    """Where accelspec keeps its caches, or ``None`` when ``ACCELSPEC_CACHE=0`` disables them.

    This only names the directory; :func:`private_cache_dir` creates and checks it.
    """
    if os.environ.get("ACCELSPEC_CACHE", "1") == "0":
        return None
    if os.environ.get("ACCELSPEC_CACHE_DIR"):
        return Path(os.environ["ACCELSPEC_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "accelspec"


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(f"accelspec: {message}; running without a cache", RuntimeWarning, stacklevel=3)


def private_cache_dir() -> Path | None:
    """The cache directory, created private (0700) if needed, or ``None`` if it cannot be trusted.

    Refused (``None`` with one warning): a path that is not a directory or is a symbolic link, a
    directory owned by another user, or one that group or others can write.
    """
    path = cache_dir()
    if path is None:
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None  # a read-only home: no cache, silently (nothing doubtful about it)
    if not stat.S_ISDIR(st.st_mode):
        _warn_once(f"cache directory {str(path)[:200]!r} is not a plain directory")
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        _warn_once(f"cache directory {str(path)[:200]!r} is owned by another user")
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        _warn_once(f"cache directory {str(path)[:200]!r} is writable by group or others")
        return None
    return path


def read_cache_file(path: Path, limit: int = MAX_CACHE_BYTES) -> bytes | None:
    """The bytes of a cache file, or ``None`` if it is missing, not a regular file, a symbolic
    link, larger than ``limit`` or unreadable. Never blocks on a FIFO or device."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        return read_bounded(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_bounded(fd: int, limit: int) -> bytes | None:
    """Read an open file to its end, or ``None`` as soon as it passes ``limit`` bytes (a file that
    grows while it is read, or a device that never ends, costs at most ``limit + 1`` bytes)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; ``True`` on success.

    The temporary file has a random name, is created with ``O_EXCL`` (never through a planted
    link) and mode 0600, and is removed if anything fails (a full disk leaves nothing behind).
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def remove_stale(directory: Path, prefix: str, keep: str) -> None:
    """Remove cache files named ``prefix*`` other than ``keep`` (old keys, old formats)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name != keep:
            try:
                os.unlink(directory / name)
            except OSError:
                pass
