"""The API of the silence procedure, ASEAN-minus-X participation, footnotes and adoption: a
thin router over ``adoption`` and ``selectors``, mounted beside the negotiation API."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.cache import never_cache
from ninja import Router

from cadec.members import permissions as member_permissions
from cadec.negotiation import adoption, selectors
from cadec.negotiation.api import ERRORS
from cadec.negotiation.models import (
    Adoption,
    Document,
    Endorsement,
    Footnote,
    Participation,
    SilenceProcedure,
)
from cadec.negotiation.schemas import (
    AdoptedOut,
    BreakIn,
    ConclusionOut,
    EndorseIn,
    FlexibleIn,
    FlexibleOut,
    FootnoteIn,
    FootnoteOut,
    OptOutIn,
    ParticipationOut,
    SilenceIn,
    SilenceOut,
)

router = Router(tags=["negotiation"])
router.add_decorator(never_cache, mode="view")
_viewer = member_permissions.viewer_of


def _code(organisation: Any) -> str:
    return selectors.organisation_code(organisation)


def _silence(silence: SilenceProcedure, viewer: Any) -> dict[str, Any]:
    running = silence.status == SilenceProcedure.Status.RUNNING
    return {
        "id": silence.pk,
        "status": silence.status,
        "version": silence.version.number,
        "content_sha256": silence.content_sha256,
        "started_at": silence.started_at,
        "deadline": silence.deadline,
        "closed_at": silence.closed_at,
        "broken_by": _code(silence.broken_by) if silence.broken_by else None,
        "break_reason": silence.break_reason,
        "deadline_local": [
            {"member": row.member, "zone": row.zone, "local": row.at}
            for row in (
                selectors.in_member_zones(
                    document=silence.document, at=silence.deadline, on=viewer.on
                )
                if running
                else []
            )
        ],
    }


def _adoption(adopted: Adoption, endorsements: list[Endorsement]) -> dict[str, Any]:
    return {
        "version": adopted.version.number,
        "content_sha256": adopted.content_sha256,
        "via": adopted.via,
        "adopted_at": adopted.adopted_at,
        "endorsements": [
            {
                "delegation": _code(e.delegation),
                "content_sha256": e.content_sha256,
                "endorsed_at": e.endorsed_at,
            }
            for e in endorsements
        ],
    }


def _matrix(rows: list[selectors.MatrixRow]) -> list[dict[str, Any]]:
    return [
        {
            "key": row.key,
            "label": row.label,
            "cells": [
                {"member": code, "state": state, "opted_out_at": out_at, "joined_at": joined_at}
                for code, state, out_at, joined_at in row.cells
            ],
        }
        for row in rows
    ]


def _conclusion(viewer: Any, document: Document) -> dict[str, Any]:
    state = selectors.conclusion(viewer=viewer, document=document)
    return {
        "document_id": document.pk,
        "symbol": document.symbol,
        "status": document.status,
        "silence": _silence(state.silence, viewer) if state.silence else None,
        "adoption": _adoption(state.adoption, state.endorsements) if state.adoption else None,
        "members": state.members,
        "matrix": _matrix(state.matrix),
    }


def _participation(participation: Participation) -> dict[str, Any]:
    return {
        "key": participation.paragraph.key,
        "delegation": _code(participation.delegation),
        "reason": participation.reason,
        "opted_out_at": participation.opted_out_at,
        "joined_at": participation.joined_at,
    }


def _footnote(footnote: Footnote) -> dict[str, Any]:
    return {
        "id": footnote.pk,
        "key": footnote.paragraph.key,
        "delegation": _code(footnote.delegation),
        "text": footnote.text,
        "created_at": footnote.created_at,
    }


@router.get(
    "/documents/{document_id}/adoption",
    response={200: ConclusionOut, **ERRORS},
    url_name="negotiation_conclusion",
)
def conclusion(request: HttpRequest, document_id: int):
    """The silence procedure (latest), the adoption with its endorsements, and the
    participation matrix of flexible paragraphs."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    return _conclusion(viewer, document)


@router.get(
    "/documents/{document_id}/adopted",
    response={200: AdoptedOut, **ERRORS},
    url_name="negotiation_adopted",
)
def adopted_text(request: HttpRequest, document_id: int):
    """The adopted text with its numbered reservations and footnotes (404 until adopted)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    text = selectors.adopted_text(viewer=viewer, document=document)
    return {
        "symbol": document.symbol,
        "title": document.title,
        "adoption": _adoption(text.adoption, text.endorsements),
        "paragraphs": [
            {"key": e.key, "kind": e.kind, "label": e.label, "text": e.text, "notes": marks}
            for e, marks in text.entries_with_marks()
        ],
        "notes": [
            {"number": n.number, "key": n.key, "kind": n.kind, "member": n.member, "text": n.text}
            for n in text.notes
        ],
        "members": text.members,
        "matrix": _matrix(text.matrix),
    }


@router.post(
    "/documents/{document_id}/silence",
    response={200: SilenceOut, **ERRORS},
    url_name="negotiation_silence_start",
)
def start_silence(request: HttpRequest, document_id: int, payload: SilenceIn):
    """The chair puts the current version under silence (72 hours unless a deadline is given)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    silence = adoption.start_silence(
        viewer=viewer, document=document, deadline=payload.deadline, now=timezone.now()
    )
    return _silence(silence, viewer)


@router.post(
    "/silences/{silence_id}/break",
    response={200: SilenceOut, **ERRORS},
    url_name="negotiation_silence_break",
)
def break_silence(request: HttpRequest, silence_id: int, payload: BreakIn):
    """A head of delegation breaks the silence, with a reason. Once only."""
    viewer = _viewer(request)
    silence = selectors.get_silence(viewer=viewer, silence_id=silence_id)
    silence = adoption.break_silence(
        viewer=viewer, silence=silence, reason=payload.reason, now=timezone.now()
    )
    return _silence(silence, viewer)


@router.post(
    "/documents/{document_id}/adopt",
    response={200: ConclusionOut, **ERRORS},
    url_name="negotiation_adopt",
)
def adopt(request: HttpRequest, document_id: int):
    """The chair records the meeting's decision to adopt the current version."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    adoption.adopt(viewer=viewer, document=document, now=timezone.now())
    document.refresh_from_db()
    return _conclusion(viewer, document)


@router.post(
    "/documents/{document_id}/endorsements",
    response={200: ConclusionOut, **ERRORS},
    url_name="negotiation_endorse",
)
def endorse(request: HttpRequest, document_id: int, payload: EndorseIn):
    """A head of delegation endorses the adopted text by its SHA-256."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    adoption.endorse(
        viewer=viewer,
        document=document,
        content_sha256=payload.content_sha256,
        now=timezone.now(),
    )
    return _conclusion(viewer, document)


@router.put(
    "/paragraphs/{paragraph_id}/flexible",
    response={200: FlexibleOut, **ERRORS},
    url_name="negotiation_paragraph_flexible",
)
def set_flexible(request: HttpRequest, paragraph_id: int, payload: FlexibleIn):
    """The chair marks a paragraph flexible (ASEAN-minus-X) or not."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    paragraph = adoption.set_flexible(
        viewer=viewer, paragraph=paragraph, flexible=payload.flexible, now=timezone.now()
    )
    return {"key": paragraph.key, "flexible": paragraph.flexible}


@router.post(
    "/paragraphs/{paragraph_id}/opt-out",
    response={200: ParticipationOut, **ERRORS},
    url_name="negotiation_paragraph_opt_out",
)
def opt_out(request: HttpRequest, paragraph_id: int, payload: OptOutIn):
    """The head of delegation opts the member out of a flexible paragraph."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    participation = adoption.opt_out(
        viewer=viewer, paragraph=paragraph, reason=payload.reason, now=timezone.now()
    )
    return _participation(participation)


@router.post(
    "/paragraphs/{paragraph_id}/join",
    response={200: ParticipationOut, **ERRORS},
    url_name="negotiation_paragraph_join",
)
def join(request: HttpRequest, paragraph_id: int):
    """A member that opted out joins the paragraph, before or after adoption."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    participation = adoption.join_later(viewer=viewer, paragraph=paragraph, now=timezone.now())
    return _participation(participation)


@router.post(
    "/paragraphs/{paragraph_id}/footnotes",
    response={200: FootnoteOut, **ERRORS},
    url_name="negotiation_paragraph_footnote",
)
def add_footnote(request: HttpRequest, paragraph_id: int, payload: FootnoteIn):
    """A participating member's delegation puts a statement on the record of a paragraph."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    footnote = adoption.add_footnote(
        viewer=viewer, paragraph=paragraph, text=payload.text, now=timezone.now()
    )
    return _footnote(footnote)
