"""Backups of CADEC's database while it serves (``cadec backup``).

SQLite: an online copy through SQLite's backup API. The copy holds one read transaction on the
database from its first page to its last, so it is the database as of that moment however many
writes land meanwhile (in WAL mode readers never block writers, and writers never restart the
copy). It is written beside the target as ``FILE.part``, checked, flushed to disk and then
renamed: the target is never a half-written file. PostgreSQL: ``pg_dump``, whose command line is
built here from ``DATABASE_URL`` without its password.
"""

import os
import shlex
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Pages copied per step of the backup API (4 KiB pages: 4 MiB a step, one progress update each).
PAGES_PER_STEP = 1024

Progress = Callable[[str, int, int], None]  # (phase, done, total), as cli._progress_line draws


class BackupFailed(Exception):
    """The copy could not be made; nothing was left at the target."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    pages: int
    seconds: float


def backup_sqlite(
    *,
    source: Path,
    target: Path,
    pages_per_step: int = PAGES_PER_STEP,
    progress: Progress | None = None,
) -> Backup:
    """Copy the SQLite database ``source`` to ``target``, consistent as of one moment.

    :raises BackupFailed: the source is missing, the target is the source, or the copy could not
        be written or does not check.
    """
    if not source.is_file():
        raise BackupFailed(f"there is no database at {source}.")
    if target.resolve() == source.resolve():
        raise BackupFailed(f"{target} is the database itself; name another file.")
    partial = target.with_name(target.name + ".part")
    started = time.monotonic()
    try:
        partial.unlink(missing_ok=True)
        pages = _copy(
            source=source, partial=partial, pages_per_step=pages_per_step, progress=progress
        )
        _flush(partial)
        os.replace(partial, target)
        _flush_directory(target.parent)
    except (sqlite3.Error, OSError) as error:
        for suffix in ("", "-journal", "-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        raise BackupFailed(f"cannot copy {source} to {target}: {reason}.") from error
    return Backup(
        path=target,
        size=target.stat().st_size,
        pages=pages,
        seconds=time.monotonic() - started,
    )


def _copy(*, source: Path, partial: Path, pages_per_step: int, progress: Progress | None) -> int:
    """Copy ``source`` into a new database file ``partial``; the number of pages copied."""
    total = 0

    def step(_status: int, remaining: int, count: int) -> None:
        nonlocal total
        total = count
        if progress is not None:
            progress("write", count - remaining, count)

    # The copy holds the negotiations' confidential texts: readable by its owner only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # isolation_level=None: transactions are exactly the BEGIN and COMMIT below.
    reader = sqlite3.connect(source, isolation_level=None, timeout=20)
    try:
        # The read transaction pins one snapshot for every step of the copy. Without it, each
        # step would see the writes committed since the last one and start the copy over.
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            reader.backup(copy, pages=pages_per_step, progress=step)
            # One self-contained file: the database reopens it in WAL mode (its init_command).
            copy.execute("PRAGMA journal_mode=DELETE").fetchone()
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"the copy does not check: {verdict}")
        finally:
            copy.close()
        reader.execute("COMMIT")
    finally:
        reader.close()
    return total


def _flush(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _flush_directory(path: Path) -> None:
    """Make a rename in ``path`` durable (a crash right after it keeps the new name)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def pg_dump_command(*, database_url: str, target: str) -> str:
    """The ``pg_dump`` command line that backs up ``database_url`` to ``target``.

    The password is left out: pg_dump reads it from ``PGPASSWORD`` or ``~/.pgpass``.
    """
    parts = urlsplit(database_url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets in a URL
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    url = urlunsplit(("postgresql", netloc, parts.path, parts.query, ""))
    return shlex.join(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={url}"])
