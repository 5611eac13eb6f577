"""The negotiation's Merkle log: each document's events as an RFC 6962 tree, signed checkpoints.

Every ``Event`` is a leaf: the RFC 8785 JSON of its record (``canonical.event_record``:
sequence, kind, time in UTC, payload; never the person). After each transaction that appended
events, the worker signs a checkpoint of the document's log with the installation's Ed25519
key (``CADEC_SIGNING_KEY_FILE``): a C2SP note stating the origin, the number of events and the
Merkle root. A checkpoint is never changed; a delegation that kept one can prove later that the
log only grew. ``export_log`` writes the bundle ``cadec verify-log`` checks offline
(``verify.py``).
"""

import base64
import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from cadec.negotiation import canonical, verify
from cadec.negotiation.models import Checkpoint, Document, Event

ADOPTED = "document.adopted"


# The signing key ----------------------------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    """The installation's signing key, created (mode 0600) at first use."""
    return _key_at(Path(settings.CADEC_SIGNING_KEY_FILE))


@functools.cache
def _key_at(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        _create_key(path)
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"CADEC_SIGNING_KEY_FILE: {path} is not an Ed25519 key.")
    return key


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    try:
        # A hard link appears whole or not at all; two processes starting together keep the
        # first key written.
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def public_key() -> bytes:
    return canonical.raw_public_key(signing_key())


def key_id() -> str:
    return canonical.key_id(public_key())


# Records and checkpoints --------------------------------------------------------------------


def records(*, document_id: int, upto: int | None = None) -> list[dict[str, Any]]:
    """The leaf records of a document's log, in order (the first ``upto`` events)."""
    events = Event.objects.filter(document_id=document_id).order_by("sequence")
    if upto is not None:
        events = events.filter(sequence__lte=upto)
    return [
        canonical.event_record(
            sequence=sequence,
            kind=kind,
            created_at=canonical.utc_timestamp(created_at),
            payload=payload,
        )
        for sequence, kind, created_at, payload in events.values_list(
            "sequence", "kind", "created_at", "payload"
        )
    ]


def origin_of(document: Document) -> str:
    """The log's origin: the one its first checkpoint states, so that it never changes."""
    first = (
        Checkpoint.objects.filter(document=document)
        .order_by("tree_size")
        .values_list("note", flat=True)
        .first()
    )
    if first is not None:
        return canonical.parse_checkpoint_body(first)[0]
    return canonical.log_origin(host=settings.CADEC_LOG_HOST, symbol=document.symbol)


def latest_checkpoint(*, document_id: int) -> Checkpoint | None:
    return Checkpoint.objects.filter(document_id=document_id).order_by("-tree_size").first()


def _leaves(document: Document) -> list[dict[str, Any]]:
    """The records of every event the document's log holds now."""
    # Events up to last_sequence committed with it: they are all there, and never change.
    size = Document.objects.values_list("last_sequence", flat=True).get(pk=document.pk)
    leaves = records(document_id=document.pk, upto=size)
    # Sequences are unique and from 1: as many as the size means 1 … size without a gap.
    if len(leaves) != size:
        raise ValueError(f"{document.symbol}: the event log has gaps; no checkpoint signed")
    return leaves


def _sign(document: Document, *, tree_size: int, root_sha256: str, now: datetime) -> Checkpoint:
    signed = canonical.sign_checkpoint(
        private_key=signing_key(),
        origin=origin_of(document),
        tree_size=tree_size,
        root_sha256=root_sha256,
    )
    try:
        with transaction.atomic():
            return Checkpoint.objects.create(
                document=document,
                tree_size=tree_size,
                root_sha256=signed.root_sha256,
                note=signed.note,
                signature=signed.signature,
                key_id=signed.key_id,
                created_at=now,
            )
    except IntegrityError:  # another worker signed the same size first
        return Checkpoint.objects.get(document=document, tree_size=tree_size)


def sign_checkpoint(*, document_id: int, now: datetime) -> Checkpoint | None:
    """Sign a checkpoint of the document's log as it stands, unless the latest one covers it.

    Returns the checkpoint covering the log (None for a log without events). Safe to run twice
    at once: the second writer finds the first one's checkpoint.
    """
    document = Document.objects.get(pk=document_id)
    latest = latest_checkpoint(document_id=document_id)
    if document.last_sequence == 0 or (
        latest is not None and latest.tree_size >= document.last_sequence
    ):
        return latest
    leaves = _leaves(document)
    root = canonical.merkle_tree(leaves).get_root().hex()
    return _sign(document, tree_size=len(leaves), root_sha256=root, now=now)


@dataclass(frozen=True)
class _SignAfterCommit:
    """The on-commit callback that asks the worker for a checkpoint (equal per document)."""

    document_id: int

    def __call__(self) -> None:
        from cadec.negotiation.tasks import sign_checkpoint as task

        task.enqueue(document_id=self.document_id)


def checkpoint_after_commit(*, document_id: int) -> None:
    """Have a checkpoint signed once the current transaction commits: one per batch of events."""
    callback = _SignAfterCommit(document_id)
    connection = transaction.get_connection()
    if any(pending == callback for _savepoints, pending, _robust in connection.run_on_commit):
        return
    # Robust: the change is committed already; a failure to enqueue is logged, and the next
    # batch or export signs the checkpoint.
    transaction.on_commit(callback, robust=True)


# What pages show, and the bundle members download -------------------------------------------


@dataclass(frozen=True)
class LogSummary:
    key_id: str
    events: int
    latest: Checkpoint | None

    @property
    def fingerprint(self) -> str:
        return self.key_id[:16]

    @property
    def unsigned(self) -> int:
        return self.events - (self.latest.tree_size if self.latest else 0)


def summary(*, document: Document) -> LogSummary:
    return LogSummary(
        key_id=key_id(),
        events=document.last_sequence,
        latest=latest_checkpoint(document_id=document.pk),
    )


@dataclass(frozen=True)
class LogExport:
    filename: str
    content: bytes
    tree_size: int
    key_id: str


def export_bundle(*, document: Document, now: datetime) -> dict[str, Any]:
    """The document's log as ``cadec verify-log`` reads it, up to a checkpoint signed now if
    the log grew since the last one."""
    leaves = _leaves(document)
    tree = canonical.merkle_tree(leaves)
    latest = latest_checkpoint(document_id=document.pk)
    if leaves and (latest is None or latest.tree_size < len(leaves)):
        _sign(document, tree_size=len(leaves), root_sha256=tree.get_root().hex(), now=now)
    checkpoints = Checkpoint.objects.filter(document=document, tree_size__lte=len(leaves)).order_by(
        "tree_size"
    )
    key = public_key()
    origin = origin_of(document)
    adopted = next(
        (
            {k: r["payload"][k] for k in ("version", "content_sha256", "paragraphs")}
            for r in reversed(leaves)
            if r["kind"] == ADOPTED
        ),
        None,
    )
    return verify.assemble(
        symbol=document.symbol,
        origin=origin,
        public_key=key,
        records=leaves,
        tree=tree,
        checkpoints=[
            {
                "tree_size": c.tree_size,
                "root_sha256": c.root_sha256,
                "note": c.note,
                "signature": c.signature,
                "key_id": c.key_id,
                "created_at": canonical.utc_timestamp(c.created_at),
                "signed_note": _signed_note(c, origin=origin, public_key=key),
            }
            for c in checkpoints
        ],
        adopted=adopted,
        exported_at=canonical.utc_timestamp(now),
    )


def _signed_note(checkpoint: Checkpoint, *, origin: str, public_key: bytes) -> str:
    return canonical.signed_note(
        body=checkpoint.note,
        name=origin,
        public_key=public_key,
        signature=base64.b64decode(checkpoint.signature),
    )


def export_log(*, document: Document, now: datetime) -> LogExport:
    """The bundle as a file: one JSON document, one event per line."""
    bundle = export_bundle(document=document, now=now)
    events = bundle.pop("events")
    head = json.dumps(bundle, ensure_ascii=False, indent=1)  # "{\n …\n}"
    lines = ",\n".join(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in events)
    content = head.removesuffix("\n}") + ',\n "events": [\n' + lines + "\n ]\n}\n"
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", document.symbol).strip("-") or "document"
    return LogExport(
        filename=f"{name}-log.json",
        content=content.encode("utf-8"),
        tree_size=len(events),
        key_id=bundle["key_id"],
    )
