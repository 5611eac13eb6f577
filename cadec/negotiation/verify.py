"""``cadec verify-log``: check a negotiation log offline, with no Django and no database.

A log bundle (``cadec export-log``, or the download on the document's page and in the API) is
one JSON file: the document's events in order, each with the hash of its Merkle leaf, the signed
checkpoints, the installation's Ed25519 public key and, once adopted, the adopted text. This
module reads it with nothing but ``canonical`` (RFC 8785, the leaf record, replay), pymerkle and
cryptography, and checks, in the log's order:

* events are numbered 1, 2, 3 … with no gap, repeat or reordering, and each matches the leaf
  hash recorded beside it;
* every checkpoint states this log's origin, its signature verifies under the key, and its root
  is the RFC 6962 Merkle root of the first ``tree_size`` events; the last one covers them all;
* replaying the events rebuilds every issued version with the SHA-256 it was issued with, and
  the adopted text is the issued version it claims to be, with the same SHA-256;
* with ``--key``, the key is the one the verifier expects (so a log re-signed with another key,
  its public key replaced in the bundle, fails); with ``--previous``, an earlier bundle's signed
  checkpoints are prefixes of this log (a truncated or rewritten history, or two different logs
  shown to two members — a split view — fail).

It stops at the first problem and names it: the event (or the range of events between the last
good checkpoint and the failing one) or the checkpoint. Exit status: 0 verified, 1 not verified,
2 the file cannot be read or the arguments are wrong.
"""

import argparse
import base64
import binascii
import contextlib
import gc
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pymerkle import InmemoryTree

from cadec.negotiation import canonical

FORMAT = "cadec-negotiation-log"
FORMAT_VERSION = 1
LEAF = (
    "RFC 6962 Merkle tree, SHA-256; leaf = RFC 8785 JSON of "
    '{"sequence", "kind", "created_at", "payload"}'
)
_RECORD_KEYS = ("sequence", "kind", "created_at", "payload")
_HEX_KEY_ID = re.compile(r"[0-9a-fA-F]{16,64}")


class Failed(Exception):
    """The log does not verify; the message names the first bad event or checkpoint."""


class Unusable(Exception):
    """The file cannot be read as a log bundle, or an argument is wrong."""


# Writing a bundle ---------------------------------------------------------------------------


def assemble(
    *,
    symbol: str,
    origin: str,
    public_key: bytes,
    records: Sequence[Mapping[str, Any]],
    checkpoints: Sequence[Mapping[str, Any]],
    adopted: Mapping[str, Any] | None,
    exported_at: str,
    tree: InmemoryTree | None = None,
) -> dict[str, Any]:
    """A log bundle: the records (with their leaf hashes) and the checkpoints, as given.

    ``tree``, when the caller has it already, is ``canonical.merkle_tree(records)``.
    """
    tree = tree if tree is not None else canonical.merkle_tree(records)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "symbol": symbol,
        "origin": origin,
        "hash": LEAF,
        "public_key": base64.b64encode(public_key).decode("ascii"),
        "key_id": canonical.key_id(public_key),
        "exported_at": exported_at,
        "events": [
            {**record, "leaf_sha256": tree.get_leaf(index).hex()}
            for index, record in enumerate(records, start=1)
        ],
        "checkpoints": [dict(c) for c in checkpoints],
        "adopted": dict(adopted) if adopted is not None else None,
    }


# Reading and checking -----------------------------------------------------------------------


@dataclass
class Report:
    """What a bundle that verifies holds."""

    symbol: str
    origin: str
    events: int
    checkpoints: int
    root_sha256: str
    versions: list[int]
    adopted: dict[str, Any] | None
    key_id: str
    pinned: bool
    previous: list[int] = field(default_factory=list)  # sizes of the earlier signed checkpoints


def load(path: str) -> dict[str, Any]:
    """Read a bundle file.

    :raises Unusable: the file cannot be read, is not JSON or not a CADEC log bundle.
    """
    try:
        with open(path, encoding="utf-8") as file:
            bundle = json.load(file)
    except OSError as error:
        raise Unusable(f"{path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unusable(f"{path}: not a JSON file ({error})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise Unusable(f"{path}: not a CADEC negotiation log (no “format”: “{FORMAT}”)")
    if bundle.get("format_version") != FORMAT_VERSION:
        raise Unusable(
            f"{path}: log format version {bundle.get('format_version')!r}; this verifier reads "
            f"version {FORMAT_VERSION}"
        )
    return bundle


def pinned_key(value: str) -> tuple[str, bytes | None]:
    """The key ``--key`` names: a key id (64 hex characters, or at least the first 16) or a
    base64 public key; returns the id (or its prefix) and the raw key when given.

    :raises Unusable: neither.
    """
    if _HEX_KEY_ID.fullmatch(value):
        return value.lower(), None
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise Unusable(
            "--key: give the key id (64 hexadecimal characters, or at least the first 16) "
            "or the base64 Ed25519 public key"
        )
    return canonical.key_id(raw), raw


def _public_key(bundle: Mapping[str, Any]) -> tuple[bytes, str]:
    try:
        raw = base64.b64decode(bundle.get("public_key", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        raw = b""
    if len(raw) != 32:
        raise Failed("key: the bundle's public key is not a base64 Ed25519 key")
    key_id = canonical.key_id(raw)
    if bundle.get("key_id") != key_id:
        raise Failed(f"key: the bundle's key_id is not the SHA-256 of its public key ({key_id})")
    return raw, key_id


def _short(hex_digest: str) -> str:
    return hex_digest[:16] + "…"


def _list(bundle: Mapping[str, Any], name: str) -> list[Any]:
    value = bundle.get(name)
    if not isinstance(value, list):
        raise Failed(f"{name}: the bundle has no list of {name}")
    return value


@dataclass(frozen=True)
class _Checkpoint:
    tree_size: int
    root_sha256: str


def _check_checkpoint(
    entry: Any, *, origin: str, public_key: bytes, key_id: str, where: str
) -> _Checkpoint:
    """A checkpoint's note states this log's origin, its size and root, signed by the key."""
    if not isinstance(entry, dict):
        raise Failed(f"{where}: not a checkpoint")
    try:
        size, root, note = int(entry["tree_size"]), str(entry["root_sha256"]), str(entry["note"])
        signature = base64.b64decode(entry["signature"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise Failed(f"{where}: incomplete (tree_size, root_sha256, note, signature)") from None
    try:
        stated_origin, stated_size, stated_root = canonical.parse_checkpoint_body(note)
    except ValueError as error:
        raise Failed(f"{where}: {error}") from None
    if (stated_origin, stated_size, stated_root) != (origin, size, root):
        raise Failed(
            f"{where}: its signed note says {stated_origin} at {stated_size} events, root "
            f"{_short(stated_root)}, not {origin} at {size}, root {_short(root)}"
        )
    if entry.get("key_id") != key_id:
        raise Failed(
            f"{where}: signed by key {_short(str(entry.get('key_id')))}, not by the log's key "
            f"{_short(key_id)}"
        )
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, note.encode("utf-8"))
    except InvalidSignature:
        raise Failed(f"{where}: the signature does not verify under key {_short(key_id)}") from None
    if "signed_note" in entry and entry["signed_note"] != canonical.signed_note(
        body=note, name=origin, public_key=public_key, signature=signature
    ):
        raise Failed(f"{where}: its signed note differs from its note and signature")
    return _Checkpoint(size, root)


def _record(entry: Any, position: int) -> dict[str, Any]:
    if not isinstance(entry, dict) or not all(k in entry for k in _RECORD_KEYS):
        raise Failed(
            f"event at position {position}: not an event record ({', '.join(_RECORD_KEYS)})"
        )
    record = canonical.event_record(
        sequence=entry["sequence"],
        kind=entry["kind"],
        created_at=entry["created_at"],
        payload=entry["payload"],
    )
    if (
        type(record["sequence"]) is not int
        or not isinstance(record["kind"], str)
        or not isinstance(record["created_at"], str)
        or not isinstance(record["payload"], dict)
    ):
        raise Failed(f"event at position {position}: a field has the wrong type")
    return record


def _check_sequence(sequence: int, position: int, entries: list[Any]) -> None:
    if sequence == position:
        return
    if sequence < position:
        raise Failed(
            f"event #{sequence} is out of order or repeated: it stands where #{position} belongs"
        )
    later = any(isinstance(e, dict) and e.get("sequence") == position for e in entries[position:])
    if later:
        raise Failed(
            f"event #{sequence} is out of order: it stands where #{position} belongs, and "
            f"#{position} comes after it"
        )
    raise Failed(f"event #{position} is missing: the log goes from #{position - 1} to #{sequence}")


def _events_and_checkpoints(
    bundle: Mapping[str, Any], *, origin: str, public_key: bytes, key_id: str
) -> tuple[list[dict[str, Any]], InmemoryTree, list[_Checkpoint]]:
    """Walk the log in order: each event, then each checkpoint as the tree reaches its size."""
    entries = _list(bundle, "events")
    signed = _list(bundle, "checkpoints")
    sizes = [c.get("tree_size") if isinstance(c, dict) else None for c in signed]
    for index in range(1, len(sizes)):
        if not (isinstance(sizes[index], int) and isinstance(sizes[index - 1], int)) or (
            sizes[index] <= sizes[index - 1]  # type: ignore[operator]
        ):
            raise Failed(
                f"checkpoint {index + 1} of {len(sizes)}: not in increasing order of size "
                f"(sizes {sizes[index - 1]}, {sizes[index]})"
            )
    tree = InmemoryTree(algorithm=canonical.HASH)
    records: list[dict[str, Any]] = []
    checked: list[_Checkpoint] = []
    pending = iter(signed)
    upcoming = next(pending, None)
    good = 0  # events covered by the last checkpoint that verified

    def check_due() -> None:
        nonlocal upcoming, good
        while isinstance(upcoming, dict) and upcoming.get("tree_size") == tree.get_size():
            size = tree.get_size()
            checkpoint = _check_checkpoint(
                upcoming,
                origin=origin,
                public_key=public_key,
                key_id=key_id,
                where=f"checkpoint at {size} events",
            )
            root = tree.get_root().hex()
            if root != checkpoint.root_sha256:
                raise Failed(
                    f"events #{good + 1}–#{size}: the Merkle root of events #1–#{size} is "
                    f"{_short(root)}, the checkpoint at {size} events signs "
                    f"{_short(checkpoint.root_sha256)}: an event among them was changed, removed, "
                    "inserted or reordered"
                    + (f" (the checkpoint at {good} events verifies)" if good else "")
                )
            checked.append(checkpoint)
            good = size
            upcoming = next(pending, None)

    for position, entry in enumerate(entries, start=1):
        record = _record(entry, position)
        _check_sequence(record["sequence"], position, entries)
        try:
            leaf = canonical.canonical_json(record)
        except ValueError as error:
            raise Failed(f"event #{position}: cannot be put in canonical JSON ({error})") from None
        tree.append_entry(leaf)
        recorded = entry.get("leaf_sha256")
        if recorded is not None and recorded != tree.get_leaf(position).hex():
            raise Failed(
                f"event #{position} ({record['kind']}): its content does not match its leaf hash "
                f"{_short(str(recorded))}: the event was changed"
            )
        records.append(record)
        check_due()
    if upcoming is not None:
        beyond = [upcoming, *pending]
        size = beyond[-1].get("tree_size") if isinstance(beyond[-1], dict) else None
        if not isinstance(size, int) or size <= len(records):
            raise Failed(
                f"checkpoint at {size} events: no such size in a log of {len(records)} events"
            )
        # Signed checkpoints of a longer log: the events they covered were cut off.
        for entry in beyond:
            _check_checkpoint(
                entry,
                origin=origin,
                public_key=public_key,
                key_id=key_id,
                where=f"checkpoint at {entry.get('tree_size')} events",
            )
        raise Failed(
            f"checkpoint at {size} events: the log has only {len(records)} events; "
            f"events #{len(records) + 1}–#{size} were removed (the log is truncated)"
        )
    if not records:
        raise Failed("events: the log has no events")
    if not checked:
        raise Failed(f"events #1–#{len(records)}: no signed checkpoint covers them")
    if checked[-1].tree_size < len(records):
        raise Failed(
            f"events #{checked[-1].tree_size + 1}–#{len(records)}: no signed checkpoint covers "
            f"them (the last one covers {checked[-1].tree_size} events)"
        )
    return records, tree, checked


def _replay(records: list[dict[str, Any]]) -> canonical.Replayed:
    """Replay the events; a failure names the event being replayed."""
    current: dict[str, Any] = {}

    def payloads() -> Iterator[tuple[str, Mapping[str, Any]]]:
        for record in records:
            current.update(record)
            yield record["kind"], record["payload"]

    try:
        return canonical.replay(payloads())
    except canonical.ReplayError as error:
        raise Failed(f"event #{current['sequence']} ({current['kind']}): {error}") from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise Failed(
            f"event #{current['sequence']} ({current['kind']}): cannot be replayed "
            f"({type(error).__name__}: {error})"
        ) from None


def _check_adopted(bundle: Mapping[str, Any], replayed: canonical.Replayed) -> None:
    """The adopted text the bundle carries is the one the log adopted, and hashes to it."""
    carried = bundle.get("adopted")
    if replayed.adopted is None:
        if carried is not None:
            raise Failed("adopted: the bundle carries an adopted text, the log adopts none")
        return
    if not isinstance(carried, dict):
        raise Failed("adopted: the log adopts a text, the bundle does not carry it")
    adopted = replayed.adopted
    expected = {k: adopted[k] for k in ("version", "content_sha256", "paragraphs")}
    if {k: carried.get(k) for k in expected} != expected:
        raise Failed(
            f"adopted: the text the bundle carries is not the one the log adopted "
            f"(version {adopted['version']}, SHA-256 {_short(adopted['content_sha256'])})"
        )
    content = canonical.version_content(
        symbol=replayed.symbol, number=carried["version"], paragraphs=carried["paragraphs"]
    )
    if canonical.sha256(content) != carried["content_sha256"]:
        raise Failed("adopted: the SHA-256 of the adopted text differs from the one adopted")


def _check_previous(
    previous: Mapping[str, Any],
    *,
    origin: str,
    public_key: bytes,
    key_id: str,
    tree: InmemoryTree,
    ours: list[_Checkpoint],
) -> list[int]:
    """An earlier bundle's signed checkpoints are prefixes of this log."""
    earlier_key, earlier_id = _public_key(previous)
    if earlier_id != key_id:
        raise Failed(
            f"key: the earlier bundle is signed by key {_short(earlier_id)}, this one by "
            f"{_short(key_id)}: the log was re-signed with another key"
        )
    if previous.get("origin") != origin:
        raise Failed(
            f"previous: the earlier bundle is the log {previous.get('origin')}, not {origin}"
        )
    ours_by_size = {c.tree_size: c.root_sha256 for c in ours}
    size = tree.get_size()
    sizes = []
    for index, entry in enumerate(_list(previous, "checkpoints"), start=1):
        checkpoint = _check_checkpoint(
            entry,
            origin=origin,
            public_key=earlier_key,
            key_id=key_id,
            where=f"earlier bundle, checkpoint {index}",
        )
        where = f"earlier checkpoint at {checkpoint.tree_size} events"
        if checkpoint.tree_size > size:
            raise Failed(
                f"{where}: this log has only {size} events; events #{size + 1}–"
                f"#{checkpoint.tree_size}, signed before, were removed (the log is truncated)"
            )
        root = tree.get_root(checkpoint.tree_size).hex()
        if root != checkpoint.root_sha256:
            if checkpoint.tree_size in ours_by_size:
                raise Failed(
                    f"{where}: split view: two checkpoints signed by the same key for "
                    f"{checkpoint.tree_size} events with different roots "
                    f"({_short(checkpoint.root_sha256)} earlier, {_short(root)} here)"
                )
            raise Failed(
                f"{where}: it signs root {_short(checkpoint.root_sha256)}, events #1–"
                f"#{checkpoint.tree_size} of this log give {_short(root)}: "
                + _first_difference(previous, tree, checkpoint)
            )
        sizes.append(checkpoint.tree_size)
    return sizes


def _first_difference(previous: Mapping[str, Any], tree: InmemoryTree, at: _Checkpoint) -> str:
    """Name the first event that differs from the earlier bundle's, if its events are its own."""
    try:
        records = [_record(e, i) for i, e in enumerate(previous["events"][: at.tree_size], 1)]
        earlier = canonical.merkle_tree(records)
    except (Failed, KeyError, TypeError, ValueError):
        earlier = None
    if earlier is None or earlier.get_size() != at.tree_size:
        return "the history was rewritten"
    if earlier.get_root().hex() != at.root_sha256:
        return "the history was rewritten"
    for index in range(1, at.tree_size + 1):
        if earlier.get_leaf(index) != tree.get_leaf(index):
            return f"the history was rewritten from event #{index} on"
    return "the history was rewritten"  # pragma: no cover (equal leaves give equal roots)


def verify(
    bundle: Mapping[str, Any],
    *,
    key: str | None = None,
    previous: Mapping[str, Any] | None = None,
) -> Report:
    """Check a bundle, and optionally its key and an earlier bundle of the same log.

    :raises Failed: the first thing that does not verify, named.
    :raises Unusable: ``key`` is neither a key id nor a public key.
    """
    public_key, key_id = _public_key(bundle)
    if key is not None:
        pinned_id, pinned_raw = pinned_key(key)
        if not key_id.startswith(pinned_id):
            raise Failed(
                f"key: the checkpoints are signed by key {_short(key_id)}, not by the pinned "
                f"key {_short(pinned_id)}: the log was re-signed, or is another installation's"
            )
        if pinned_raw is not None:
            public_key = pinned_raw
    symbol, origin = bundle.get("symbol"), bundle.get("origin")
    if not isinstance(symbol, str) or not isinstance(origin, str):
        raise Failed("the bundle names no symbol or origin")
    if not origin.endswith(canonical.log_origin(host="", symbol=symbol)):
        raise Failed(f"origin: {origin} is not the log of {symbol}")
    records, tree, checkpoints = _events_and_checkpoints(
        bundle, origin=origin, public_key=public_key, key_id=key_id
    )
    replayed = _replay(records)
    if replayed.symbol != symbol:
        raise Failed(f"event #1: the log is the record of {replayed.symbol}, not of {symbol}")
    _check_adopted(bundle, replayed)
    earlier = (
        _check_previous(
            previous,
            origin=origin,
            public_key=public_key,
            key_id=key_id,
            tree=tree,
            ours=checkpoints,
        )
        if previous is not None
        else []
    )
    adopted = replayed.adopted
    return Report(
        symbol=symbol,
        origin=origin,
        events=len(records),
        checkpoints=len(checkpoints),
        root_sha256=checkpoints[-1].root_sha256,
        versions=sorted(replayed.versions),
        adopted=(
            {"version": adopted["version"], "content_sha256": adopted["content_sha256"]}
            if adopted
            else None
        ),
        key_id=key_id,
        pinned=key is not None,
        previous=earlier,
    )


# The command --------------------------------------------------------------------------------


def _label(number: int) -> str:
    return "Zero draft" if number == 0 else f"Rev.{number}"


def describe(report: Report) -> str:
    lines = [
        f"{report.symbol}: the log verifies.",
        f"  origin       {report.origin}",
        f"  events       {report.events}, numbered 1–{report.events} without gap",
        f"  checkpoints  {report.checkpoints} signed; the last covers all {report.events} "
        f"events, root {report.root_sha256}",
        "  versions     "
        + (
            ", ".join(_label(n) for n in report.versions) + " rebuilt, each to its SHA-256"
            if report.versions
            else "none issued"
        ),
        "  adopted      "
        + (
            f"{_label(report.adopted['version'])}, SHA-256 {report.adopted['content_sha256']}"
            if report.adopted
            else "not adopted"
        ),
        f"  key          {report.key_id[:16]} (full id {report.key_id})",
    ]
    if report.pinned:
        lines.append("               pinned with --key: the expected key")
    else:
        lines.append(
            "               not pinned: compare it with the key published by the Secretariat, "
            "or pass --key"
        )
    if report.previous:
        lines.append(
            f"  previous     the earlier bundle's signed checkpoints ({len(report.previous)}, up "
            f"to {max(report.previous)} events) are prefixes of this log"
        )
    return "\n".join(lines)


def build_parser(prog: str = "cadec verify-log") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Check a CADEC negotiation log bundle offline."
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the log bundle (JSON) to check")
    parser.add_argument(
        "--key",
        metavar="KEY",
        help="the expected signing key: its id (hex) or its base64 public key",
    )
    parser.add_argument(
        "--previous",
        metavar="OLDER_BUNDLE",
        help="an earlier bundle of the same log, which this one must extend",
    )


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a large log is millions of objects that live until
    the end, which it would otherwise traverse again and again (measured on 100,000 events: the
    Merkle tree took 3.1 s with it, 1.2 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(args: argparse.Namespace, *, out: Any = None, err: Any = None) -> int:
    """Verify ``args.file``; print the report (exit 0) or the first problem (exit 1)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        with _without_cyclic_gc():
            bundle = load(args.file)
            previous = load(args.previous) if args.previous else None
            if args.key is not None:
                pinned_key(args.key)
            report = verify(bundle, key=args.key, previous=previous)
    except Unusable as error:
        print(f"cadec verify-log: {error}", file=err)
        return 2
    except Failed as error:
        print(f"cadec verify-log: FAILED — {error}", file=out)
        return 1
    print(describe(report), file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
