"""C2: a backup taken under load restores whole — every acknowledged write, a log that verifies.

``cadec backup FILE`` copies the live SQLite database through SQLite's backup API while a
stream of negotiation writes goes on (``live_writes``). The copy is restored as the database of
a fresh data directory with the installation's signing key; ``cadec setup`` finds nothing to
migrate; ``PRAGMA integrity_check`` is ok; every write acknowledged before the backup began is
in it; the event log has no gap; ``cadec export-log`` then ``cadec verify-log --key`` exit 0,
with ``--previous`` a bundle exported from the live installation before the backup (so the
restored log extends what members had downloaded).
"""

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from cadec.core import backups
from tests.trust import live_writes

pytestmark = pytest.mark.timeout(420)


def _migrations(path: Path) -> int:
    with live_writes.database(path) as db:
        return int(db.execute("SELECT count(*) FROM django_migrations").fetchone()[0])


def test_a_backup_under_load_restores_every_acknowledged_write_and_a_log_that_verifies(
    negotiation_template, tmp_path
):
    copy = tmp_path / "backups" / "cadec.sqlite3"
    copy.parent.mkdir()
    with live_writes.installation(negotiation_template, tmp_path / "live") as site:
        document = site.seed["document"]
        stream = live_writes.WriteStream(port=site.port, seed=site.seed)
        site.start_worker()
        site.start_server()
        stream.start()
        try:
            stream.wait_for_acknowledged(20, within=120)
            downloaded = tmp_path / "downloaded-before.json"
            exported = live_writes.finish(
                live_writes.start_export(site, out=downloaded), timeout=180
            )
            assert exported.returncode == 0, exported.stderr
            sent_before = stream.snapshot()
            began = time.monotonic()
            backup = site.cadec("backup", str(copy))
            ended = time.monotonic()
            # The stream goes on after the backup, as it went on during it.
            stream.wait_for_acknowledged(len(stream.acknowledged()) + 1, within=60)
        finally:
            stream.stop()
            site.stop()
        assert stream.errors == []
        key = site.signing_key
        sent_after = stream.snapshot()[len(sent_before) :]
        during = [w for w in stream.acknowledged() if began < w.at < ended]
        tally = live_writes.counts(stream.snapshot())

    assert backup.returncode == 0, backup.stderr
    assert "100%" in backup.stderr  # the progress line reached its end
    assert f"Wrote {copy}" in backup.stdout
    assert not copy.with_name(copy.name + ".part").exists()
    assert copy.stat().st_mode & 0o077 == 0  # confidential texts: the owner's only
    assert len(during) > 0, "no write was acknowledged while the backup ran"
    assert copy.stat().st_size > 0

    # Restore: the copy becomes the database of a fresh data directory, with the signing key.
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy2(copy, restored / live_writes.DATABASE)
    shutil.copy2(key, restored / live_writes.SIGNING_KEY)
    env = live_writes.cadec_env(restored)
    migrations = _migrations(restored / live_writes.DATABASE)
    setup = live_writes.run_cadec("setup", env=env, timeout=300)
    assert setup.returncode == 0, setup.stderr
    assert "existing data kept" in setup.stdout
    assert _migrations(restored / live_writes.DATABASE) == migrations  # nothing to migrate

    database = restored / live_writes.DATABASE
    assert live_writes.integrity(database) == "ok"
    assert (
        live_writes.missing_writes(database, seed=site.seed, writes=sent_before, later=sent_after)
        == []
    )
    assert live_writes.log_gaps(database, document_id=document) is None
    bundle = tmp_path / "restored-log.json"
    exported = live_writes.run_cadec(
        "export-log", site.seed["symbol"], "--out", str(bundle), env=env, timeout=180
    )
    assert exported.returncode == 0, exported.stderr
    verified = live_writes.run_cadec(
        "verify-log", str(bundle), "--key", live_writes.key_id(key),
        "--previous", str(downloaded), env=env, timeout=120,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr

    acknowledged_before = sum(write.acknowledged for write in sent_before)
    made = re.search(r"([\d.,]+) MB in ([\d.]+) s", backup.stdout)
    assert made is not None, backup.stdout
    print(
        f"\nC2: backup of {made.group(1)} MB in {made.group(2)} s (the command: "
        f"{ended - began:.1f} s) under a stream of writes ({len(during)} acknowledged while it "
        f"ran, {tally['acknowledged']} in all); restored: {acknowledged_before} writes "
        f"acknowledged before it began, lost: 0; its log of "
        f"{live_writes.bundle_events(bundle)} events verifies"
    )


# The backup itself ----------------------------------------------------------------------------


def test_the_copy_is_the_database_of_one_moment_while_writers_go_on(tmp_path):
    """Every transaction writes one row to each of two tables: a copy taken one page a step
    (the slowest) while they commit still has as many rows in each, and it never restarted."""
    source = tmp_path / "source.sqlite3"
    with live_writes.database(source) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE debit (id INTEGER PRIMARY KEY, note TEXT)")
        db.execute("CREATE TABLE credit (id INTEGER PRIMARY KEY, note TEXT)")
        db.executemany("INSERT INTO debit (note) VALUES (?)", [("x" * 300,) for _ in range(3000)])
        db.execute("INSERT INTO credit (note) SELECT note FROM debit")
        db.commit()
    stopping = threading.Event()
    committed = []

    def writer() -> None:
        with live_writes.database(source) as db:
            while not stopping.is_set():
                with db:
                    db.execute("INSERT INTO debit (note) VALUES ('y')")
                    db.execute("INSERT INTO credit (note) VALUES ('y')")
                committed.append(1)

    steps: list[tuple[int, int]] = []
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while not committed:
            time.sleep(0.01)
        made = backups.backup_sqlite(
            source=source,
            target=tmp_path / "copy.sqlite3",
            pages_per_step=1,
            progress=lambda _phase, done, total: steps.append((done, total)),
        )
        during = len(committed)
    finally:
        stopping.set()
        thread.join(timeout=30)

    with live_writes.database(made.path) as copy:
        debits = copy.execute("SELECT count(*) FROM debit").fetchone()[0]
        credits = copy.execute("SELECT count(*) FROM credit").fetchone()[0]
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert debits == credits >= 3000
    assert during > 1  # writers committed while the copy was being made
    assert len(steps) == made.pages > 100  # one step a page
    assert [done for done, _total in steps] == sorted(done for done, _total in steps)


def test_a_backup_never_overwrites_the_database_itself(tmp_path):
    source = tmp_path / "cadec.sqlite3"
    with live_writes.database(source) as db:
        db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
        db.commit()
    before = source.read_bytes()

    with pytest.raises(backups.BackupFailed, match="is the database itself"):
        backups.backup_sqlite(source=source, target=tmp_path / "." / "cadec.sqlite3")

    assert source.read_bytes() == before


def test_a_failed_backup_leaves_nothing_behind(tmp_path):
    source = tmp_path / "cadec.sqlite3"
    source.write_bytes(b"not a database " * 1000)

    with pytest.raises(backups.BackupFailed, match="not a database"):
        backups.backup_sqlite(source=source, target=tmp_path / "copy.sqlite3")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadec.sqlite3"]


def test_on_postgresql_the_backup_names_the_pg_dump_to_run_without_the_password(tmp_path):
    env = live_writes.cadec_env(
        tmp_path, DATABASE_URL="postgres://cadec:s3cret@db.example:5433/cadec?sslmode=require"
    )

    answer = live_writes.run_cadec("backup", "/backups/cadec.dump", env=env, timeout=120)

    assert answer.returncode == 2
    assert (
        "pg_dump --format=custom --file=/backups/cadec.dump "
        "'--dbname=postgresql://cadec@db.example:5433/cadec?sslmode=require'"
    ) in answer.stderr
    assert "s3cret" not in answer.stderr + answer.stdout


def test_the_backup_copy_is_an_sqlite_database_cadec_reads(tmp_path):
    """The copy is one self-contained file (no -wal beside it) in rollback-journal mode."""
    source = tmp_path / "cadec.sqlite3"
    with live_writes.database(source) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, note TEXT)")
        db.execute("INSERT INTO kept (note) VALUES ('the text as adopted')")
        db.commit()
        # The row is still in the write-ahead log while this connection is open.
        assert (tmp_path / "cadec.sqlite3-wal").stat().st_size > 0
        made = backups.backup_sqlite(source=source, target=tmp_path / "copy.sqlite3")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadec.sqlite3", "copy.sqlite3"]
    with live_writes.database(made.path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT note FROM kept").fetchall() == [("the text as adopted",)]
