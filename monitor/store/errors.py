"""Disk and file trouble in plain words: the one place that turns an OSError or a SQLite error
about the archive (or a file beside it) into one line naming the file and the cause.

    storage_problem(error, "data/monitor.db")
    -> "data/monitor.db: the disk is full; free some space"

SQLite often says little ("disk I/O error", "unable to open database file", "attempt to
write a readonly database"), so for those the file and its folder are looked at to name the
real cause: a full disk, a read-only file system, an immutable file, missing permissions.
Every command (through the CLI) and the service use it; None means the error is not about a
file, and the caller lets it go on as before.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import struct
from pathlib import Path

# What a failing archive raises: callers outside the store catch these without importing sqlite3.
STORAGE_ERRORS = (sqlite3.Error, OSError)

DISK_FULL = "the disk is full; free some space"
READ_ONLY_FS = "the file system is read-only; mount it read-write, or use another --db"
IMMUTABLE = "the file is immutable (chattr +i); clear that with chattr -i"
NO_PERMISSION = "no permission to write it or its folder; check their owner and mode"

_ERRNO_CAUSES = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: "the disk quota is used up; free some space",
    errno.EROFS: READ_ONLY_FS,
    errno.EACCES: NO_PERMISSION,
    errno.EPERM: NO_PERMISSION,
    errno.EIO: "the disk reported an I/O error",
}
# SQLite's primary result codes, from error.sqlite_errorname ("SQLITE_IOERR_WRITE" -> "IOERR").
_SQLITE_CAUSES = {
    "FULL": DISK_FULL,
    "READONLY": "the database cannot be written",
    "CANTOPEN": "the database cannot be opened",
    "IOERR": "the disk reported an I/O error",
    "PERM": NO_PERMISSION,
    "CORRUPT": "the database file is damaged (SQLite: database disk image is malformed); restore a backup",
    "NOTADB": "this file is not a SQLite database; check --db",
}
_LOOK_CLOSER = {"READONLY", "CANTOPEN", "IOERR", "PERM", errno.EACCES, errno.EPERM, errno.EIO}
_NEARLY_FULL = 1024 * 1024  # bytes: SQLite fails to grow its files well before the last byte
_FS_IOC_GETFLAGS = 0x80086601  # Linux; elsewhere the ioctl fails and the flag is not looked for
_FS_IMMUTABLE_FL = 0x10


def busy(error: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, in any variant: another connection holds a lock a write needs.
    Not a problem of the file: waiting and trying again is the cure."""
    return isinstance(error, sqlite3.OperationalError) and (
        getattr(error, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def storage_problem(error: BaseException, path: str | os.PathLike | None = None) -> str | None:
    """"<file>: <cause>" for an OS or SQLite error about a file on disk; None for any other error.
    `path` is the archive the command was working on, named when the error names no file."""
    kind = _kind(error)
    if kind is None:
        return None
    named = getattr(error, "filename", None)
    where = str(named or path or "the archive")
    cause = _look_closer(where) if kind in _LOOK_CLOSER else None
    if cause is None and isinstance(error, OSError) and not named and kind in _LOOK_CLOSER:
        return None  # a refusal that names no file and that no file explains: not ours to word
    return f"{where}: {cause or _cause(kind)}"


def _kind(error: BaseException) -> str | int | None:
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        kind = name.removeprefix("SQLITE_").split("_")[0]
        return kind if kind in _SQLITE_CAUSES else None
    if isinstance(error, OSError) and error.errno in _ERRNO_CAUSES:
        return error.errno
    return None


def _cause(kind: str | int) -> str:
    return _SQLITE_CAUSES[kind] if isinstance(kind, str) else _ERRNO_CAUSES[kind]


def _look_closer(where: str) -> str | None:
    """The cause SQLite would not name, read from the file system: full, read-only, immutable,
    or not writable (the file, or the folder where SQLite makes its -wal and -shm files)."""
    file = Path(where)
    folder = _folder(file)
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return READ_ONLY_FS
    if stats.f_bavail * stats.f_frsize < _NEARLY_FULL:
        return DISK_FULL
    if _immutable(file) or _immutable(folder):
        return IMMUTABLE
    if (file.exists() and not os.access(file, os.W_OK)) or not os.access(folder, os.W_OK | os.X_OK):
        return NO_PERMISSION
    return None


def free_bytes(path: str | os.PathLike) -> int | None:
    """Room left for a file at `path` to grow, in bytes; None if it cannot be told."""
    try:
        stats = os.statvfs(_folder(Path(path)))
    except OSError:
        return None
    return stats.f_bavail * stats.f_frsize


def _folder(file: Path) -> Path:
    return file.parent if file.parent.exists() else Path.cwd()


def _immutable(path: Path) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        # The kernel writes an int into the buffer, whatever the ioctl's declared size says.
        flags = struct.unpack_from("i", fcntl.ioctl(descriptor, _FS_IOC_GETFLAGS, bytes(8)))[0]
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return bool(flags & _FS_IMMUTABLE_FL)
