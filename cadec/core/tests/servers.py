"""Helpers for tests that start CADEC's own processes (`cadec serve`, `cadec worker`)."""

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Loopback ports kept for CADEC's test servers, so they never meet a developer's `cadec up`.
TEST_PORTS = range(18300, 18400)


def free_port(ports: range = TEST_PORTS) -> int:
    """A loopback port from ``ports`` that nothing listens on now."""
    candidates = list(ports)
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in {ports.start}–{ports.stop - 1}")


def cadec_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `cadec` subprocess: a data directory of its own, SQLite."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CADEC_") and key != "DATABASE_URL"
    }
    env.update(CADEC_DATA_DIR=str(data_dir), **extra)
    return env


def cadec(*args: str, env: dict[str, str], **popen: object) -> subprocess.Popen[str]:
    """Start `cadec ARGS…` in a session of its own (so that stop() ends all its processes)."""
    # The command is this Python running CADEC with the test's own arguments.
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "cadec.cli", *args],
        cwd=ROOT,
        env=env,
        text=True,
        start_new_session=True,
        **popen,
    )


def stop(process: subprocess.Popen[str], *, timeout: float = 30) -> None:
    """Stop a process started by cadec() and everything it started, within ``timeout``."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # children that outlived their parent
