"""A real CADEC server for concurrency tests: its own process, on a SQLite *file* in WAL mode
with IMMEDIATE transactions, as configured for production.

pytest-django's ``live_server`` cannot stand in here: with SQLite it serves the in-memory test
database through one connection shared by all its threads, so concurrent transactions would
interleave on that connection ("database table is locked") — a property of the test harness,
not of CADEC.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def seeded_server(data_dir: Path, seed: str) -> Iterator[dict[str, Any]]:
    """Run ``seed`` (Python, printing one JSON line last) on a fresh database in ``data_dir``,
    then serve it; yields the seed's JSON with ``port`` and ``database`` added."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "CADEC_DATA_DIR": str(data_dir),
        "CADEC_SECRET_KEY": "concurrency-test-key-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    seeded = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", seed],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    setup = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        yield {"port": port, **setup, "database": data_dir / "cadec.sqlite3"}
    finally:
        process.terminate()
        process.wait(timeout=15)
