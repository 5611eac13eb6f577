"""The negotiation's event log: one named function per kind of change.

Every service that changes a document calls exactly one function here, inside its own
transaction, so the change and its event commit together or not at all (TRUST.md D5). Events
are numbered 1, 2, 3 … per document under the document's row lock. Each payload carries the
canonical content of the change — paragraphs by key, delegations by ISO alpha-3 code, text
NFC-normalised — so that ``replay`` rebuilds every issued version from the events alone and
checks each against the SHA-256 the version was issued with (TRUST.md D6). ``ledger.py`` hashes
these events into a Merkle log with signed checkpoints.

Privacy (TRUST.md P1): payloads name delegations, never people; a private draft or an
unpublished position is recorded as having changed, without its content, until it is tabled or
published.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F

from cadec.members.models import Organisation, User
from cadec.negotiation import ledger
from cadec.negotiation.canonical import (
    Replayed,
    ReplayError,
    canonical_json,
    replay,
    sha256,
    version_content,
)
from cadec.negotiation.models import (
    Adoption,
    Amendment,
    Confirmation,
    Document,
    DocumentVersion,
    Endorsement,
    Event,
    Footnote,
    Paragraph,
    ParagraphRevision,
    Participation,
    Position,
    SilenceProcedure,
)

__all__ = [
    "Actor",
    "ReplayError",
    "Replayed",
    "canonical_json",
    "replay",
    "sha256",
    "version_content",
]

SCHEMA = 1


@dataclass(frozen=True)
class Actor:
    """Who made a change: a person acting as chair, Secretariat or for an organisation."""

    user: User | None
    organisation: Organisation | None
    role: str  # CHAIR, SECRETARIAT, DELEGATION, OBSERVER or SYSTEM

    def payload(self) -> dict[str, str]:
        organisation = self.organisation
        code = ""
        if organisation is not None:
            code = _code(organisation)
        return {"role": self.role, "organisation": code}


def member_code(organisation: Organisation) -> str:
    """How payloads name a member: its ISO alpha-3 code (an organisation without one: its name)."""
    country = organisation.country
    return country.iso3 if country is not None else organisation.name


_code = member_code


def _append(
    *, document: Document, kind: str, actor: Actor, payload: dict[str, Any], now: datetime
) -> Event:
    # The UPDATE takes the document's row lock (PostgreSQL) or runs inside SQLite's IMMEDIATE
    # transaction, so two writers never draw the same sequence number.
    Document.objects.filter(pk=document.pk).update(last_sequence=F("last_sequence") + 1)
    sequence = Document.objects.values_list("last_sequence", flat=True).get(pk=document.pk)
    document.last_sequence = sequence
    ledger.checkpoint_after_commit(document_id=document.pk)
    return Event.objects.create(
        document=document,
        sequence=sequence,
        kind=kind,
        actor_user=actor.user,
        actor_organisation=actor.organisation,
        payload={"schema": SCHEMA, "actor": actor.payload(), **payload},
        created_at=now,
    )


def paragraph_state(paragraph: Paragraph, revision: ParagraphRevision) -> dict[str, Any]:
    """The canonical content of one paragraph as it stands in a version."""
    return {
        "key": paragraph.key,
        "kind": paragraph.kind,
        "level": paragraph.level,
        "label": revision.label,
        "text": revision.text,
        "holders": {k: list(v) for k, v in sorted(revision.attributions.items())},
    }


# Documents and paragraphs ------------------------------------------------------------------


def document_created(*, document: Document, actor: Actor, now: datetime) -> Event:
    return _append(
        document=document,
        kind="document.created",
        actor=actor,
        payload={
            "symbol": document.symbol,
            "title": document.title,
            "note": document.note,
            "deadline": document.deadline.isoformat(),
            "framework": document.framework.slug,
        },
        now=now,
    )


def document_imported(
    *,
    document: Document,
    paragraphs: list[dict[str, Any]],
    source_name: str,
    source_sha256: str,
    actor: Actor,
    now: datetime,
) -> Event:
    return _append(
        document=document,
        kind="document.imported",
        actor=actor,
        payload={
            "symbol": document.symbol,
            "title": document.title,
            "note": document.note,
            "deadline": document.deadline.isoformat(),
            "framework": document.framework.slug,
            "source": {"name": source_name, "sha256": source_sha256},
            "paragraphs": paragraphs,
        },
        now=now,
    )


def paragraph_added(
    *,
    paragraph: Paragraph,
    revision: ParagraphRevision,
    after: str | None,
    actor: Actor,
    now: datetime,
) -> Event:
    return _append(
        document=paragraph.document,
        kind="paragraph.added",
        actor=actor,
        payload={
            "after": after,
            "revision": revision.number,
            "status": paragraph.status,
            **paragraph_state(paragraph, revision),
        },
        now=now,
    )


def paragraph_edited(
    *,
    paragraph: Paragraph,
    revision: ParagraphRevision,
    actor: Actor,
    now: datetime,
) -> Event:
    return _append(
        document=paragraph.document,
        kind="paragraph.edited",
        actor=actor,
        payload={
            "revision": revision.number,
            "status": paragraph.status,
            **paragraph_state(paragraph, revision),
        },
        now=now,
    )


def status_declared(
    *, paragraph: Paragraph, awaiting: Iterable[Organisation], actor: Actor, now: datetime
) -> Event:
    return _append(
        document=paragraph.document,
        kind="paragraph.status_declared",
        actor=actor,
        payload={
            "key": paragraph.key,
            "status": paragraph.status,
            "revision": paragraph.revision,
            "deadline": (
                paragraph.ad_referendum_deadline.isoformat()
                if paragraph.ad_referendum_deadline
                else None
            ),
            "round": paragraph.ad_referendum_round,
            "awaiting": sorted(_code(o) for o in awaiting),
        },
        now=now,
    )


def ad_referendum_answered(
    *, confirmation: Confirmation, paragraph: Paragraph, actor: Actor, now: datetime
) -> Event:
    return _append(
        document=paragraph.document,
        kind="ad_referendum.answered",
        actor=actor,
        payload={
            "key": paragraph.key,
            "round": confirmation.round,
            "delegation": _code(confirmation.delegation),
            "confirmed": bool(confirmation.confirmed),
            "note": confirmation.note,
            "status": paragraph.status,
        },
        now=now,
    )


# Amendments ---------------------------------------------------------------------------------


def _amendment_content(amendment: Amendment) -> dict[str, Any]:
    return {
        "amendment": amendment.reference,
        "key": amendment.paragraph.key,
        "base_revision": amendment.base_revision.number,
        "base_version": amendment.base_version.number if amendment.base_version else None,
        "kind": amendment.kind,
        "whole_paragraph": amendment.whole_paragraph,
        "start": amendment.start,
        "end": amendment.end,
        "target": amendment.target,
        "text": amendment.text,
        "delegation": _code(amendment.delegation),
    }


def amendment_draft_saved(*, amendment: Amendment, actor: Actor, now: datetime) -> Event:
    """A private draft changed; its content stays with its delegation until tabled."""
    return _append(
        document=amendment.document,
        kind="amendment.draft_saved",
        actor=actor,
        payload={"private": True, "delegation": _code(amendment.delegation)},
        now=now,
    )


def amendment_tabled(*, amendment: Amendment, actor: Actor, now: datetime) -> Event:
    return _append(
        document=amendment.document,
        kind="amendment.tabled",
        actor=actor,
        payload=_amendment_content(amendment),
        now=now,
    )


def amendment_withdrawn(*, amendment: Amendment, actor: Actor, now: datetime) -> Event:
    if amendment.number is None:  # a private draft dropped: nothing of it was ever public
        return amendment_draft_saved(amendment=amendment, actor=actor, now=now)
    return _append(
        document=amendment.document,
        kind="amendment.withdrawn",
        actor=actor,
        payload={"amendment": amendment.reference},
        now=now,
    )


def amendment_sponsorship(
    *, amendment: Amendment, delegation: Organisation, joined: bool, actor: Actor, now: datetime
) -> Event:
    return _append(
        document=amendment.document,
        kind="amendment.cosponsored" if joined else "amendment.cosponsorship_withdrawn",
        actor=actor,
        payload={"amendment": amendment.reference, "delegation": _code(delegation)},
        now=now,
    )


def amendment_recommended(*, amendment: Amendment, actor: Actor, now: datetime) -> Event:
    return _append(
        document=amendment.document,
        kind="amendment.recommended",
        actor=actor,
        payload={
            "amendment": amendment.reference,
            "recommendation": amendment.recommendation,
            "note": amendment.recommendation_note,
        },
        now=now,
    )


# Positions ----------------------------------------------------------------------------------


def position_recorded(
    *, position: Position, subject: str, status: str | None, actor: Actor, now: datetime
) -> Event:
    """A position stated or published; an unpublished one is recorded without its content."""
    if not position.published:
        payload: dict[str, Any] = {"private": True, "delegation": _code(position.organisation)}
    else:
        payload = {
            "subject": subject,
            "delegation": _code(position.organisation),
            "stance": position.stance,
            "reason": position.reason,
            "on_revision": position.on_revision,
            "status": status,
        }
    return _append(
        document=position.document, kind="position.stated", actor=actor, payload=payload, now=now
    )


# Versions -----------------------------------------------------------------------------------


def version_issued(
    *,
    version: DocumentVersion,
    merged: list[str],
    changed: list[dict[str, Any]],
    added: list[dict[str, Any]],
    removed: list[str],
    order: list[str],
    actor: Actor,
    now: datetime,
) -> Event:
    return _append(
        document=version.document,
        kind="version.issued",
        actor=actor,
        payload={
            "version": version.number,
            "note": version.note,
            "merged": merged,
            "changed": changed,
            "added": added,
            "removed": removed,
            "order": order,
            "content_sha256": version.content_sha256,
        },
        now=now,
    )


# ASEAN-minus-X, footnotes -------------------------------------------------------------------


def flexibility_set(*, paragraph: Paragraph, actor: Actor, now: datetime) -> Event:
    return _append(
        document=paragraph.document,
        kind="paragraph.flexibility_set",
        actor=actor,
        payload={"key": paragraph.key, "flexible": paragraph.flexible},
        now=now,
    )


def participation_changed(
    *, participation: Participation, paragraph: Paragraph, actor: Actor, now: datetime
) -> Event:
    """A member opted out of a flexible paragraph, or joined it later."""
    joined = participation.joined_at is not None
    return _append(
        document=paragraph.document,
        kind="participation.joined" if joined else "participation.opted_out",
        actor=actor,
        payload={
            "key": paragraph.key,
            "delegation": _code(participation.delegation),
            "reason": "" if joined else participation.reason,
        },
        now=now,
    )


def footnote_added(
    *, footnote: Footnote, paragraph: Paragraph, actor: Actor, now: datetime
) -> Event:
    return _append(
        document=paragraph.document,
        kind="footnote.added",
        actor=actor,
        payload={
            "key": paragraph.key,
            "footnote": footnote.pk,
            "delegation": _code(footnote.delegation),
            "text": footnote.text,
        },
        now=now,
    )


# Silence procedure and adoption -------------------------------------------------------------


def silence_started(*, silence: SilenceProcedure, actor: Actor, now: datetime) -> Event:
    return _append(
        document=silence.document,
        kind="silence.started",
        actor=actor,
        payload={
            "silence": silence.pk,
            "version": silence.version.number,
            "content_sha256": silence.content_sha256,
            "deadline": silence.deadline.isoformat(),
        },
        now=now,
    )


def silence_broken(*, silence: SilenceProcedure, actor: Actor, now: datetime) -> Event:
    assert silence.broken_by is not None  # noqa: S101 (set by the service)
    return _append(
        document=silence.document,
        kind="silence.broken",
        actor=actor,
        payload={
            "silence": silence.pk,
            "delegation": _code(silence.broken_by),
            "reason": silence.break_reason,
        },
        now=now,
    )


def document_adopted(
    *,
    adoption: Adoption,
    paragraphs: list[dict[str, Any]],
    record: dict[str, Any],
    actor: Actor,
    now: datetime,
) -> Event:
    """The adopted text, whole: its paragraphs (hashed), and the record printed with it —
    participation in flexible paragraphs, reservations and footnotes."""
    return _append(
        document=adoption.document,
        kind="document.adopted",
        actor=actor,
        payload={
            "version": adoption.version.number,
            "content_sha256": adoption.content_sha256,
            "via": adoption.via,
            "silence": adoption.silence_id,
            "paragraphs": paragraphs,
            "record": record,
        },
        now=now,
    )


def adoption_endorsed(*, endorsement: Endorsement, actor: Actor, now: datetime) -> Event:
    adoption = endorsement.adoption
    return _append(
        document=adoption.document,
        kind="adoption.endorsed",
        actor=actor,
        payload={
            "delegation": _code(endorsement.delegation),
            "content_sha256": endorsement.content_sha256,
        },
        now=now,
    )
