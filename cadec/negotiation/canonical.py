"""The negotiation's canonical forms and replay, with no dependency on Django or the database.

``cadec verify-log`` imports this module to check a downloaded log offline: canonical JSON is
RFC 8785 (JCS), hashes are SHA-256, and ``replay`` rebuilds every issued version of a document
from its event payloads and checks each against the SHA-256 it was issued with.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import rfc8785


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON: keys sorted, no spaces, UTF-8."""
    return rfc8785.dumps(value)


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def version_content(*, symbol: str, number: int, paragraphs: list[dict[str, Any]]) -> dict:
    return {"symbol": symbol, "version": number, "paragraphs": paragraphs}


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
