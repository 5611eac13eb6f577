"""A live CADEC installation under a stream of negotiation writes, for the fault tests (C1, C2).

The installation is a data directory with a SQLite *file* in WAL mode with IMMEDIATE
transactions, as configured for production, seeded with one issued document, two Secretariat
officers who keep its working text and two delegations (Viet Nam, Thailand), each with an API
token. Its server is CADEC's production server — gunicorn with two worker processes, configured
by ``cli._serve`` as ``cadec serve`` runs it — in a session of its own, so that one signal
reaches the master and its workers; ``cadec serve`` itself would first collect and compress the
static files (half a minute on 2 cores), which the JSON API never serves. Its task worker, which
signs the log's checkpoints, is ``cadec worker``.

Client threads write through the JSON API — working-text edits with ``If-Match``, amendments
tabled, positions stated — and keep every write the server acknowledged (a 2xx answer), so that
the tests can look for each one in the database after a crash or in a restored backup.
"""

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)

from cadec.core.tests import servers
from cadec.core.tests.servers import ROOT, cadec_env, stop

# Loopback ports kept for these tests (never 8000, apart from the other test servers' range).
PORTS = range(18500, 18600)
DATABASE = "cadec.sqlite3"
SIGNING_KEY = "negotiation-signing-key.pem"
API = "/api/v1/negotiation"

SEED = """
import json
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from cadec.members import services
from cadec.members.reference import load_reference_configuration
from cadec.members.selectors import viewer_for
from cadec.members.tests import factories as people
from cadec.negotiation import ledger
from cadec.negotiation.tests import factories
framework = load_reference_configuration(now=people.NOW)
chair = people.person(username="chair.2020", organisation=people.delegation(framework, "VNM"),
                      role="CHAIR")
office = people.organisation(framework, "SECRETARIAT")
keepers = [people.person(username=f"secretariat.{n}", role="SECRETARIAT", organisation=office)
           for n in (1, 2)]
delegations = {code: people.delegation(framework, code) for code in ("VNM", "THA")}
delegates = {code: people.person(username=f"{code.lower()}.delegate", role="DELEGATE",
                                 organisation=organisation)
             for code, organisation in delegations.items()}
document = factories.document(framework, chair)
now = timezone.now()
def token(user):
    _token, raw = services.create_api_token(
        viewer=viewer_for(user=user, on=now.date()), name="write stream", now=now,
        lifetime=timedelta(hours=12))
    return raw
ledger.signing_key()
print(json.dumps({
    "document": document.pk,
    "symbol": document.symbol,
    "edited": factories.paragraph(document, "3.").pk,
    "amended": factories.paragraph(document, "2.").pk,
    "stated": [factories.paragraph(document, label).pk for label in ("PP1", "1.", "2.", "3.")],
    "keepers": [token(user) for user in keepers],
    "delegations": {code: {"token": token(delegates[code]), "organisation": organisation.pk}
                    for code, organisation in delegations.items()},
}))
"""

# CADEC's production server, as `cadec serve` configures it, on the port given.
SERVE = """
import sys
from cadec import cli
cli._setup()
cli._serve(host="127.0.0.1", port=int(sys.argv[1]), workers=2)
"""


def free_port() -> int:
    """A loopback port from PORTS that nothing listens on now."""
    return servers.free_port(PORTS)


# The installation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A seeded data directory, copied into each test's own."""

    directory: Path
    seed: dict[str, Any]


def seed_template(directory: Path) -> Template:
    """Migrate a fresh database in ``directory`` and seed it (one document, tokens, a key)."""
    seeded = subprocess.run(
        [sys.executable, "-c", SEED],
        cwd=ROOT,
        env=cadec_env(directory, DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if seeded.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{seeded.stderr[-3000:]}")
    return Template(directory, json.loads(seeded.stdout.strip().splitlines()[-1]))


def copy_installation(template: Template, data_dir: Path) -> None:
    """Copy the template's database, signing key and secret key into ``data_dir``."""
    data_dir.mkdir(parents=True)
    for name in (DATABASE, f"{DATABASE}-wal", SIGNING_KEY, "secret_key"):
        if (template.directory / name).exists():
            shutil.copy2(template.directory / name, data_dir / name)


def key_id(pem: Path) -> str:
    """The key id ``verify-log --key`` pins: the hex SHA-256 of the raw Ed25519 public key."""
    key = load_pem_private_key(pem.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Installation:
    """One data directory with its server and worker processes, started and stopped here."""

    data_dir: Path
    seed: dict[str, Any]
    port: int = field(default_factory=free_port)
    server: subprocess.Popen[str] | None = None
    worker: subprocess.Popen[str] | None = None
    servers_started: int = 0

    @property
    def env(self) -> dict[str, str]:
        return cadec_env(self.data_dir)

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE

    @property
    def signing_key(self) -> Path:
        return self.data_dir / SIGNING_KEY

    def _start(self, argv: list[str], log_name: str) -> subprocess.Popen[str]:
        with (self.data_dir / log_name).open("a") as log:
            # Our own interpreter, in a session of its own: killpg reaches all it starts.
            return subprocess.Popen(
                [sys.executable, *argv],
                cwd=ROOT,
                env=self.env,
                text=True,
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def start_server(self, *, within: float = 120) -> None:
        """Start the server and wait until it answers the API."""
        assert self.server is None or self.server.poll() is not None
        self.server = self._start(["-c", SERVE, str(self.port)], "server.log")
        self.servers_started += 1
        deadline = time.monotonic() + within
        while True:
            if self.server.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log_tail('server.log')}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body = request(
                    self.port, "GET", f"{API}/documents/{self.seed['document']}",
                    token=self.seed["keepers"][0],
                )  # fmt: skip
                if status == 200:
                    return
                raise RuntimeError(f"the server answered {status}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {within:.0f} s")
            time.sleep(0.2)

    def start_worker(self) -> None:
        assert self.worker is None or self.worker.poll() is not None
        self.worker = self._start(["-m", "cadec.cli", "worker", "--interval", "0.5"], "worker.log")

    def worker_running(self) -> bool:
        return self.worker is not None and self.worker.poll() is None

    def kill_server(self) -> None:
        """kill -9 of the server's whole process group: the master and its workers at once."""
        assert self.server is not None
        _kill_9(self.server)

    def kill_worker(self) -> None:
        assert self.worker is not None
        _kill_9(self.worker)

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process is not None:
                stop(process, timeout=20)

    def log_tail(self, name: str) -> str:
        path = self.data_dir / name
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def cadec(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """Run ``cadec ARGS…`` on this data directory, to the end (bounded by ``timeout``)."""
        return run_cadec(*args, env=self.env, timeout=timeout)


def _kill_9(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def start_cadec(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``cadec ARGS…`` in a session of its own, its output kept for ``finish``."""
    return subprocess.Popen(
        [sys.executable, "-m", "cadec.cli", *args],
        cwd=ROOT,
        env=env,
        text=True,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[str], *, timeout: float) -> subprocess.CompletedProcess[str]:
    """Wait for a process from ``start_cadec``; on timeout, stop all it started and fail."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process, timeout=5)
        out, err = process.communicate()
        raise AssertionError(f"{' '.join(process.args)} ran over {timeout:.0f} s:\n{err}") from None
    finally:
        stop(process, timeout=5)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run_cadec(*args: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """``cadec ARGS…`` to the end, bounded by ``timeout``."""
    return finish(start_cadec(*args, env=env), timeout=timeout)


@contextlib.contextmanager
def installation(template: Template, data_dir: Path) -> Iterator[Installation]:
    """A copy of the template in ``data_dir``; its processes are stopped on the way out."""
    copy_installation(template, data_dir)
    site = Installation(data_dir=data_dir, seed=template.seed)
    try:
        yield site
    finally:
        site.stop()


# Talking to it ------------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    token: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One API request; the status and the decoded JSON answer (None when it is not JSON),
    with the ETag the answer carried under ``_etag``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            method,
            path,
            body=json.dumps(body) if body is not None else None,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        response = connection.getresponse()
        raw = response.read()
        etag = response.headers.get("ETag")
    finally:
        connection.close()
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and etag:
        answer["_etag"] = etag
    return response.status, answer


@dataclass(frozen=True)
class Write:
    """One write the stream sent: what it asked for, and what the server answered."""

    kind: str  # "edit", "amendment" or "position"
    marker: str  # the words unique to this write (the edited text, the amendment, the reason)
    subject: int  # the paragraph written to
    status: int | None  # None: no answer (the server died with the request in flight)
    answer: dict[str, Any] | None
    at: float  # time.monotonic() when the answer (or its absence) was known

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class WriteStream:
    """Client threads writing until stopped; they ride out a server that dies and comes back.

    Two Secretariat officers edit one paragraph with If-Match (a stale read gets 412), Viet Nam
    and Thailand each table amendments to another and state positions on every paragraph.
    """

    EXPECTED = frozenset({200, 201, 412})

    def __init__(self, *, port: int, seed: dict[str, Any]) -> None:
        self.port = port
        self.seed = seed
        self.writes: list[Write] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.running = threading.Event()
        self.running.set()
        self.parked: set[str] = set()
        self.threads: list[threading.Thread] = []

    # Control

    def start(self) -> None:
        targets: list[tuple[Any, tuple[Any, ...]]] = [
            (self._keeper, (f"secretariat{n}", token))
            for n, token in enumerate(self.seed["keepers"], start=1)
        ]
        for code, delegation in self.seed["delegations"].items():
            targets.append((self._amender, (code, delegation["token"])))
            targets.append((self._speaker, (code, delegation["token"])))
        self.threads = [
            threading.Thread(target=self._run, args=(target, *args), daemon=True)
            for target, args in targets
        ]
        for thread in self.threads:
            thread.start()

    def stop(self, *, within: float = 60) -> None:
        self.stopping.set()
        deadline = time.monotonic() + within
        for thread in self.threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
        alive = [thread.name for thread in self.threads if thread.is_alive()]
        assert alive == [], f"client threads still running after {within:.0f} s: {alive}"

    def pause(self, *, within: float = 60) -> None:
        """Hold every client before its next write, once it knows how its last one ended."""
        self.running.clear()
        deadline = time.monotonic() + within
        while True:
            with self.lock:
                if len(self.parked) == len(self.threads) or self.errors:
                    return
            assert time.monotonic() < deadline, f"clients still writing after {within:.0f} s"
            time.sleep(0.02)

    def resume(self) -> None:
        with self.lock:
            self.parked.clear()
        self.running.set()

    def _turn(self, name: str) -> bool:
        """Whether the client may write again: it waits here while the stream is paused."""
        if not self.running.is_set():
            with self.lock:
                self.parked.add(name)
            while not self.running.wait(timeout=0.1):
                if self.stopping.is_set():
                    return False
        return not self.stopping.is_set()

    def acknowledged(self) -> list[Write]:
        with self.lock:
            return [write for write in self.writes if write.acknowledged]

    def snapshot(self) -> list[Write]:
        with self.lock:
            return list(self.writes)

    def wait_for_acknowledged(self, count: int, *, within: float) -> None:
        """Wait until ``count`` writes in all have been acknowledged."""
        deadline = time.monotonic() + within
        while len(self.acknowledged()) < count:
            assert self.errors == [], self.errors
            assert time.monotonic() < deadline, (
                f"fewer than {count} writes acknowledged within {within:.0f} s"
            )
            time.sleep(0.05)

    # The clients

    def _run(self, target: Any, name: str, token: str) -> None:
        try:
            target(name, token)
        except Exception as error:  # kept for the test to report, not lost in a thread
            with self.lock:
                self.errors.append(f"{name}: {error!r}")

    def _record(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)
            if write.status is not None and write.status not in self.EXPECTED:
                self.errors.append(f"{write.kind} {write.marker!r}: {write.status} {write.answer}")

    def _send(
        self, kind: str, marker: str, subject: int, method: str, path: str, **options: Any
    ) -> Write | None:
        """Send one write; None when the server was not there to receive it."""
        try:
            status, answer = request(self.port, method, path, **options)
        except ConnectionRefusedError:
            time.sleep(0.1)  # the server is down: nothing was sent
            return None
        except (OSError, http.client.HTTPException):
            status, answer = None, None  # sent, and the server died before it answered
        write = Write(kind, marker, subject, status, answer, time.monotonic())
        self._record(write)
        return write

    def _keeper(self, name: str, token: str) -> None:
        paragraph = self.seed["edited"]
        path = f"{API}/paragraphs/{paragraph}"
        number = 0
        while self._turn(name):
            try:
                status, current = request(self.port, "GET", path, token=token)
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
                continue
            if status != 200 or current is None:
                with self.lock:
                    self.errors.append(f"{name}: reading the paragraph got {status} {current}")
                return
            number += 1
            text = f"Members will review this plan every year, as {name} wrote in edit {number}."
            self._send(
                "edit", text, paragraph, "PUT", path,
                token=token, body={"text": text}, headers={"If-Match": current["_etag"]},
            )  # fmt: skip

    def _amender(self, code: str, token: str) -> None:
        paragraph = self.seed["amended"]
        number = 0
        while self._turn(f"{code} amender"):
            number += 1
            words = f"work together as {code} proposes in amendment {number}"
            self._send(
                "amendment", words, paragraph, "POST",
                f"{API}/documents/{self.seed['document']}/amendments",
                token=token,
                body={"paragraph_id": paragraph, "kind": "REPLACE", "target": "cooperate",
                      "text": words},
            )  # fmt: skip

    def _speaker(self, code: str, token: str) -> None:
        stances = ("SUPPORT", "CAN_ACCEPT", "RESERVATION")
        number = 0
        while self._turn(f"{code} speaker"):
            number += 1
            paragraph = self.seed["stated"][number % len(self.seed["stated"])]
            reason = f"{code} states its position for the {number}th time."
            self._send(
                "position", reason, paragraph, "PUT", f"{API}/paragraphs/{paragraph}/position",
                token=token,
                body={"stance": stances[number % len(stances)], "reason": reason},
            )  # fmt: skip
            # The next write of this delegation waits for this one's answer (or its loss), so
            # its positions are written in the order they were sent.


# Looking at the database ----------------------------------------------------------------------


@contextlib.contextmanager
def database(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=20)
    try:
        yield connection
    finally:
        connection.close()


def integrity(path: Path) -> str:
    with database(path) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def log_gaps(path: Path, *, document_id: int) -> str | None:
    """What is wrong with the document's event log (numbered 1 … last_sequence), or None."""
    with database(path) as db:
        (last,) = db.execute(
            "SELECT last_sequence FROM negotiation_document WHERE id = ?", (document_id,)
        ).fetchone()
        count, first, highest = db.execute(
            "SELECT count(*), min(sequence), max(sequence) FROM negotiation_event "
            "WHERE document_id = ?",
            (document_id,),
        ).fetchone()
    if count == last and (count == 0 or (first == 1 and highest == last)):
        return None
    return f"{count} events numbered {first}…{highest}, the document says {last}"


def events(path: Path, *, document_id: int) -> int:
    with database(path) as db:
        (last,) = db.execute(
            "SELECT last_sequence FROM negotiation_document WHERE id = ?", (document_id,)
        ).fetchone()
    return int(last)


def checkpoint_sizes(path: Path, *, document_id: int) -> set[int]:
    """The log sizes the document's signed checkpoints cover."""
    with database(path) as db:
        rows = db.execute(
            "SELECT tree_size FROM negotiation_checkpoint WHERE document_id = ?", (document_id,)
        ).fetchall()
    return {int(size) for (size,) in rows}


def missing_writes(
    path: Path, *, seed: dict[str, Any], writes: list[Write], later: list[Write] | None = None
) -> list[str]:
    """Every write of ``writes`` acknowledged but not found in the database at ``path``.

    ``later``: writes sent after all of ``writes``, which the database may hold too (a backup
    taken while they were being written).
    """
    document = seed["document"]
    missing: list[str] = []
    with database(path) as db:

        def one(sql: str, *parameters: Any) -> Any:
            row = db.execute(sql, parameters).fetchone()
            return row[0] if row else None

        for write in writes:
            if not write.acknowledged:
                continue
            answer = write.answer or {}
            if write.kind == "edit":
                revision = answer["revision"]
                stored = one(
                    "SELECT text FROM negotiation_paragraphrevision "
                    "WHERE paragraph_id = ? AND number = ?",
                    write.subject,
                    revision,
                )
                logged = one(
                    "SELECT count(*) FROM negotiation_event WHERE document_id = ? "
                    "AND kind = 'paragraph.edited' AND json_extract(payload, '$.revision') = ? "
                    "AND json_extract(payload, '$.text') = ?",
                    document,
                    revision,
                    answer["text"],
                )
                if stored != answer["text"] or logged != 1:
                    missing.append(f"revision {revision} “{answer['text']}”: found “{stored}”")
            elif write.kind == "amendment":
                stored = one(
                    "SELECT text FROM negotiation_amendment WHERE id = ? AND status = 'SUBMITTED'",
                    answer["id"],
                )
                logged = one(
                    "SELECT count(*) FROM negotiation_event WHERE document_id = ? "
                    "AND kind = 'amendment.tabled' AND json_extract(payload, '$.amendment') = ?",
                    document,
                    answer["reference"],
                )
                if stored != answer["text"] or logged != 1:
                    missing.append(f"amendment {answer['reference']} “{answer['text']}”")
            else:
                logged = one(
                    "SELECT count(*) FROM negotiation_event WHERE document_id = ? "
                    "AND kind = 'position.stated' AND json_extract(payload, '$.reason') = ?",
                    document,
                    write.marker,
                )
                if logged != 1:
                    missing.append(f"position “{write.marker}”: {logged} events")
        missing.extend(_positions_not_current(db, seed=seed, writes=writes, later=later or []))
    return missing


def _positions_not_current(
    db: sqlite3.Connection, *, seed: dict[str, Any], writes: list[Write], later: list[Write]
) -> list[str]:
    """Each delegation's position on a paragraph must be its last acknowledged one there, one
    it sent after it whose answer was lost (in flight when the server died), or a later one."""
    wrong = []
    for code, delegation in seed["delegations"].items():

        def sent(among: list[Write], paragraph: int, code: str = code) -> list[Write]:
            return [
                w
                for w in among
                if w.kind == "position" and w.subject == paragraph and w.marker.startswith(code)
            ]

        for paragraph in seed["stated"]:
            here = sent(writes, paragraph)
            last = max((i for i, w in enumerate(here) if w.acknowledged), default=None)
            if last is None:
                continue
            allowed = {here[last].marker} | {w.marker for w in here[last:] if w.status is None}
            allowed |= {w.marker for w in sent(later, paragraph)}
            row = db.execute(
                "SELECT reason FROM negotiation_position WHERE paragraph_id = ? "
                "AND organisation_id = ? AND published = 1",
                (paragraph, delegation["organisation"]),
            ).fetchone()
            if row is None or row[0] not in allowed:
                wrong.append(f"{code}'s position on paragraph {paragraph}: {row}, not {allowed}")
    return wrong


def committed_in_flight(path: Path, *, writes: list[Write]) -> int:
    """How many of the writes that got no answer were committed all the same."""
    committed = 0
    with database(path) as db:
        for write in writes:
            if write.status is not None:
                continue
            table, column = {
                "edit": ("negotiation_paragraphrevision", "text"),
                "amendment": ("negotiation_amendment", "text"),
                "position": ("negotiation_event", "json_extract(payload, '$.reason')"),
            }[write.kind]
            found = db.execute(
                f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608 (fixed names)
                (write.marker,),
            ).fetchone()[0]
            committed += found > 0
    return committed


# The log ------------------------------------------------------------------------------------


def start_export(site: Installation, *, out: Path) -> subprocess.Popen[str]:
    """Start ``cadec export-log`` of the seeded document to ``out``."""
    return start_cadec("export-log", site.seed["symbol"], "--out", str(out), env=site.env)


def verify(
    site: Installation, bundle: Path, *, previous: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``cadec verify-log BUNDLE --key KEY_ID``, the key id read from the installation's key file
    (not from the bundle), and ``--previous`` an earlier bundle when given."""
    extra = ["--previous", str(previous)] if previous is not None else []
    return site.cadec("verify-log", str(bundle), "--key", key_id(site.signing_key), *extra)


def bundle_events(path: Path) -> int:
    return len(json.loads(path.read_text())["events"])


def counts(writes: list[Write]) -> Counter[str]:
    """Figures for the report: acknowledged, refused (412) and unanswered writes."""
    tally: Counter[str] = Counter()
    for write in writes:
        if write.acknowledged:
            tally["acknowledged"] += 1
            tally[write.kind] += 1
        elif write.status is None:
            tally["unanswered"] += 1
        else:
            tally[str(write.status)] += 1
    return tally
