"""The negotiation's canonical forms and replay, with no dependency on Django or the database.

``cadec verify-log`` imports this module to check a downloaded log offline: canonical JSON is
RFC 8785 (JCS), hashes are SHA-256, and ``replay`` rebuilds every issued version of a document
from its event payloads and checks each against the SHA-256 it was issued with. The log's own
forms live here too, shared by ``ledger`` (which signs) and ``verify`` (which checks): the record
each Merkle leaf holds, the RFC 6962 tree, and the C2SP checkpoint note with its Ed25519
signature.
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pymerkle import InmemoryTree

_SAFE_INTEGER = 2**53 - 1  # RFC 8785 numbers are IEEE 754 doubles
_plain_dumps = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
).encode


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON: keys sorted, no spaces, UTF-8.

    The standard library's encoder writes the same bytes as ``rfc8785.dumps`` (pure Python,
    about four times slower) for the values events hold — strings, safe integers, booleans,
    null, lists and objects whose keys sort alike by code point and by UTF-16 unit — so it is
    used for those; anything else (floats, tuples, large integers, keys beyond U+DFFF, lone
    surrogates) goes to ``rfc8785``. test_canonical.py proves the equality.
    """
    if _plain(value):
        try:
            return _plain_dumps(value).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 refuses it with its own error
            pass
    return rfc8785.dumps(value)


def _plain(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if -_SAFE_INTEGER <= item <= _SAFE_INTEGER:
                continue
            return False
        if kind is list:
            stack.extend(item)
            continue
        if kind is dict:
            for key in item:
                # Code point order is UTF-16 order unless keys mix U+E000–U+FFFF with
                # characters beyond the BMP.
                if type(key) is not str or not (key.isascii() or max(key) < "\ue000"):
                    return False
            stack.extend(item.values())
            continue
        return False
    return True


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def version_content(*, symbol: str, number: int, paragraphs: list[dict[str, Any]]) -> dict:
    return {"symbol": symbol, "version": number, "paragraphs": paragraphs}


# The log: records, Merkle tree, checkpoints -------------------------------------------------

# A leaf is SHA-256(0x00 ‖ RFC 8785 JSON of an event record), a node SHA-256(0x01 ‖ left ‖ right)
# (RFC 6962, as pymerkle computes it).
HASH = "sha256"


def utc_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. ``2020-06-12T02:00:00.000000Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_record(
    *, sequence: int, kind: str, created_at: str, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """What one leaf of a document's log holds: the event, without the person who made it."""
    return {"sequence": sequence, "kind": kind, "created_at": created_at, "payload": payload}


def merkle_tree(records: Iterable[Mapping[str, Any]]) -> InmemoryTree:
    """The RFC 6962 Merkle tree over the records, in order."""
    tree = InmemoryTree(algorithm=HASH)
    for record in records:
        tree.append_entry(canonical_json(record))
    return tree


def log_origin(*, host: str, symbol: str) -> str:
    """The C2SP origin of a document's log, e.g. ``cadec.example/negotiation/ACDEC/2020/1``."""
    return f"{host}/negotiation/{quote(symbol, safe='/')}"


def checkpoint_body(*, origin: str, tree_size: int, root_sha256: str) -> str:
    """The text a checkpoint signs (C2SP tlog-checkpoint): origin, size, base64 of the root."""
    root = base64.b64encode(bytes.fromhex(root_sha256)).decode("ascii")
    return f"{origin}\n{tree_size}\n{root}\n"


def parse_checkpoint_body(text: str) -> tuple[str, int, str]:
    """The origin, tree size and hex root a checkpoint note states.

    :raises ValueError: the text is not a checkpoint note.
    """
    lines = text.split("\n")
    if len(lines) != 4 or lines[3] != "" or not lines[0] or not lines[1].isdigit():
        raise ValueError("not a checkpoint note (origin, tree size, root hash)")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise ValueError("the root hash is not base64") from None
    if len(root) != hashlib.sha256().digest_size:
        raise ValueError("the root hash is not a SHA-256")
    return lines[0], int(lines[1]), root.hex()


def key_id(public_key: bytes) -> str:
    """The key's identifier: the hex SHA-256 of its raw 32-byte Ed25519 public key."""
    return hashlib.sha256(public_key).hexdigest()


def raw_public_key(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def signed_note(*, body: str, name: str, public_key: bytes, signature: bytes) -> str:
    """The whole C2SP signed note: the body, a blank line and the signature line
    ``— <name> <base64(key hash ‖ signature)>``, the key hash being the first four bytes of
    SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key) for Ed25519."""
    key_hash = hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4]
    line = base64.b64encode(key_hash + signature).decode("ascii")
    return f"{body}\n\u2014 {name} {line}\n"


@dataclass(frozen=True)
class SignedCheckpoint:
    tree_size: int
    root_sha256: str
    note: str  # the exact text signed
    signature: str  # base64 of the 64-byte Ed25519 signature
    key_id: str
    signed_note: str


def sign_checkpoint(
    *, private_key: Ed25519PrivateKey, origin: str, tree_size: int, root_sha256: str
) -> SignedCheckpoint:
    """Sign the statement that the log ``origin`` has ``tree_size`` leaves under this root."""
    body = checkpoint_body(origin=origin, tree_size=tree_size, root_sha256=root_sha256)
    signature = private_key.sign(body.encode("utf-8"))
    public_key = raw_public_key(private_key)
    return SignedCheckpoint(
        tree_size=tree_size,
        root_sha256=root_sha256,
        note=body,
        signature=base64.b64encode(signature).decode("ascii"),
        key_id=key_id(public_key),
        signed_note=signed_note(body=body, name=origin, public_key=public_key, signature=signature),
    )


# Replay -------------------------------------------------------------------------------------


class ReplayError(Exception):
    """The events do not rebuild what they claim (a version's hash or order differs)."""


@dataclass
class Replayed:
    """A document rebuilt from its events."""

    symbol: str = ""
    order: list[str] = field(default_factory=list)
    paragraphs: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    versions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    tabled: dict[str, dict[str, Any]] = field(default_factory=dict)
    adopted: dict[str, Any] | None = None  # version, content_sha256, paragraphs, record


_STATE_KEYS = ("key", "kind", "level", "label", "text", "holders")


def _state(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {k: payload[k] for k in _STATE_KEYS}


def _insert_after(order: list[str], key: str, after: str | None) -> None:
    order.insert(0 if after is None else order.index(after) + 1, key)


def replay(payloads: Iterable[tuple[str, Mapping[str, Any]]]) -> Replayed:
    """Rebuild a document — its working text and every issued version — from its events.

    :raises ReplayError: a version's order or SHA-256 is not what the events rebuild.
    """
    doc = Replayed()
    for kind, payload in payloads:
        if kind in ("document.created", "document.imported"):
            doc.symbol = payload["symbol"]
            for state in payload.get("paragraphs", []):
                doc.paragraphs[state["key"]] = _state(state)
                doc.statuses[state["key"]] = state["status"]
                doc.order.append(state["key"])
        elif kind == "paragraph.added":
            doc.paragraphs[payload["key"]] = _state(payload)
            doc.statuses[payload["key"]] = payload["status"]
            _insert_after(doc.order, payload["key"], payload["after"])
        elif kind == "paragraph.edited":
            doc.paragraphs[payload["key"]] = _state(payload)
            doc.statuses[payload["key"]] = payload["status"]
        elif kind in ("paragraph.status_declared", "ad_referendum.answered"):
            doc.statuses[payload["key"]] = payload["status"]
        elif kind == "position.stated" and payload.get("status"):
            key = payload["subject"].removeprefix("paragraph:")
            if payload["subject"].startswith("paragraph:"):
                doc.statuses[key] = payload["status"]
        elif kind == "amendment.tabled":
            doc.tabled[payload["amendment"]] = dict(payload)
        elif kind == "version.issued":
            _replay_version(doc, payload)
        elif kind == "document.adopted":
            _replay_adoption(doc, payload)
    return doc


def _replay_version(doc: Replayed, payload: Mapping[str, Any]) -> None:
    for state in payload["changed"]:
        doc.paragraphs[state["key"]] = _state(state)
        doc.statuses[state["key"]] = state["status"]
    for key in payload["removed"]:
        doc.order.remove(key)
    for state in payload["added"]:
        doc.paragraphs[state["key"]] = _state(state)
        doc.statuses[state["key"]] = state["status"]
        _insert_after(doc.order, state["key"], state["after"])
    if doc.order != list(payload["order"]):
        raise ReplayError(
            f"version {payload['version']}: the events give the order {doc.order}, "
            f"the version says {payload['order']}"
        )
    paragraphs = [dict(doc.paragraphs[key]) for key in doc.order]
    content = version_content(symbol=doc.symbol, number=payload["version"], paragraphs=paragraphs)
    if sha256(content) != payload["content_sha256"]:
        raise ReplayError(f"version {payload['version']}: the SHA-256 of the rebuilt text differs")
    doc.versions[payload["version"]] = paragraphs


def _replay_adoption(doc: Replayed, payload: Mapping[str, Any]) -> None:
    """The adopted text must be an issued version, whole and unchanged, and adopted once."""
    number = payload["version"]
    if doc.adopted is not None:
        raise ReplayError(
            f"the text is adopted twice (versions {doc.adopted['version']}, {number})"
        )
    if number not in doc.versions:
        raise ReplayError(f"the adopted version {number} was never issued")
    paragraphs = [dict(p) for p in payload["paragraphs"]]
    if paragraphs != doc.versions[number]:
        raise ReplayError(f"the adopted text differs from version {number} as issued")
    content = version_content(symbol=doc.symbol, number=number, paragraphs=paragraphs)
    if sha256(content) != payload["content_sha256"]:
        raise ReplayError(
            "the SHA-256 of the adopted text differs from the one it was adopted with"
        )
    for key in doc.order:
        doc.statuses[key] = "AGREED"
    doc.adopted = {
        "version": number,
        "content_sha256": payload["content_sha256"],
        "paragraphs": paragraphs,
        "record": payload.get("record", {}),
    }
