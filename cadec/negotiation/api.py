"""The negotiation API: a thin router over the same selectors and services as the pages.

Text writes are versioned: ``GET`` a paragraph (or a draft amendment) for its ``ETag``, send it
back in ``If-Match``; a stale one gets 412 with the current text, a missing one 428. Every
response says ``Cache-Control: no-store``: texts under negotiation are confidential.
"""

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Router, Status

from cadec.core.errors import DomainError, NotFound, PermissionDenied
from cadec.members import permissions as member_permissions
from cadec.negotiation import (
    brackets,
    consensus,
    exports,
    ledger,
    permissions,
    selectors,
    services,
)
from cadec.negotiation.models import (
    Amendment,
    Document,
    DocumentVersion,
    Paragraph,
    Position,
)
from cadec.negotiation.schemas import (
    AmendmentEditIn,
    AmendmentIn,
    AmendmentOut,
    AnswerIn,
    ChangeOut,
    DeclareIn,
    DocumentDetailOut,
    DocumentIn,
    DocumentOut,
    ErrorOut,
    EventOut,
    ImportIn,
    ImportOut,
    IssueIn,
    MineOut,
    ParagraphEditIn,
    ParagraphIn,
    ParagraphOut,
    PositionIn,
    PositionOut,
    PreviewOut,
    RecommendIn,
    StaleOut,
    TextOut,
    VersionOut,
)

router = Router(tags=["negotiation"])
router.add_decorator(never_cache, mode="view")
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    412: StaleOut,
    428: ErrorOut,
}

_viewer = member_permissions.viewer_of
_TAG = re.compile(r'^(?:W/)?"([pa])(\d+)-r(\d+)"$')


# Representations ----------------------------------------------------------------------------


def _version(version: DocumentVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "label": version.label,
        "issued_at": version.issued_at,
        "note": version.note,
        "content_sha256": version.content_sha256,
    }


def _document(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "title": document.title,
        "note": document.note,
        "deadline": document.deadline,
        "status": document.status,
        "current_version": _version(document.current_version),
    }


def _brackets(text: str, attributions: dict[str, list[str]]) -> dict[str, Any]:
    parsed = brackets.parse(text)
    return {
        "brackets": [
            {
                "index": b.index,
                "start": b.start,
                "end": b.end,
                "closed": b.closed,
                "depth": b.depth,
                "group": b.group,
                "words": b.inner(text),
                "holders": attributions.get(str(b.index), []),
            }
            for b in parsed.brackets
        ],
        "stray_closers": list(parsed.stray_closers),
    }


def _etag(kind: str, pk: int, revision: int) -> str:
    return f'"{kind}{pk}-r{revision}"'


def _paragraph(viewer: Any, paragraph: Paragraph) -> dict[str, Any]:
    """The working text for the chair and the Secretariat; the current version for others."""
    document = paragraph.document
    if selectors.can_see_working_text(viewer, document=document):
        revision, version = paragraph.current, None
    else:
        version = document.current_version
        entries = (
            [
                e
                for e in selectors.text_of(document=document, version=version)
                if e.paragraph_id == paragraph.pk
            ]
            if version
            else []
        )
        if not entries:
            raise NotFound(
                _("This paragraph is not in an issued version yet."), field="paragraph_id"
            )
        revision = paragraph.revisions.get(number=entries[0].revision)
    assert revision is not None  # noqa: S101 (created with its first revision)
    return {
        "id": paragraph.pk,
        "key": paragraph.key,
        "kind": paragraph.kind,
        "level": paragraph.level,
        "label": revision.label,
        "text": revision.text,
        "markup": brackets.to_markup(revision.text, revision.attributions),
        "revision": revision.number,
        "status": paragraph.status,
        "ad_referendum_deadline": paragraph.ad_referendum_deadline,
        "version": version.number if version else None,
        **_brackets(revision.text, revision.attributions),
    }


def _amendment(item: selectors.AmendmentView) -> dict[str, Any]:
    a = item.amendment
    return {
        "id": a.pk,
        "reference": a.reference,
        "number": a.number,
        "paragraph_id": a.paragraph_id,
        "paragraph_key": a.paragraph.key,
        "base_version": a.base_version.number if a.base_version else None,
        "base_revision": a.base_revision.number,
        "kind": a.kind,
        "whole_paragraph": a.whole_paragraph,
        "start": a.start,
        "end": a.end,
        "target": a.target,
        "text": a.text,
        "delegation": selectors.organisation_code(a.delegation),
        "sponsors": item.sponsors,
        "status": a.status,
        "recommendation": a.recommendation,
        "recommendation_note": a.recommendation_note,
        "revision": a.revision,
        "created_at": a.created_at,
        "submitted_at": a.submitted_at,
        "merged_into": a.merged_into.number if a.merged_into else None,
        "diff": [list(s) for s in a.diff],
        "conflicts_with": item.conflicts_with,
        "text_changed": item.text_changed,
    }


def _position(position: Position) -> dict[str, Any]:
    if position.paragraph is not None:
        subject = f"paragraph:{position.paragraph.key}"
    else:
        assert position.amendment is not None  # noqa: S101 (a position is on one of the two)
        subject = f"amendment:{position.amendment.reference}"
    return {
        "id": position.pk,
        "subject": subject,
        "organisation": selectors.organisation_code(position.organisation),
        "stance": position.stance,
        "reason": position.reason,
        "published": position.published,
        "on_revision": position.on_revision,
        "stated_at": position.stated_at,
    }


def _tally(tally: consensus.Tally) -> dict[str, Any]:
    return {
        "total": tally.total,
        "agreed": tally.agreed,
        "ad_referendum": tally.ad_referendum,
        "bracketed": tally.bracketed,
        "open": tally.open,
        "everything_agreed": tally.everything_agreed,
    }


def _expected_revision(
    request: HttpRequest, *, kind: str, pk: int, current: int, body_revision: int | None
) -> int | None:
    """The revision a write is based on, from If-Match (or the body's ``revision``).

    :raises DomainError: If-Match is ``*`` or does not name this resource.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return body_revision
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if "*" in tags:
        raise services.PreconditionRequired(
            "If-Match: "
            + _("send the ETag you read, not “*”: CADEC never overwrites unseen changes."),
            field="If-Match",
        )
    revisions = []
    for tag in tags:
        match = _TAG.match(tag)
        if match is None or match.group(1) != kind or int(match.group(2)) != pk:
            raise DomainError(
                "If-Match: "
                + _("“%(tag)s” is not an ETag of this resource; send the one you read.")
                % {"tag": tag},
                field="If-Match",
            )
        revisions.append(int(match.group(3)))
    return current if current in revisions else revisions[0]


def _paragraph_response(
    viewer: Any, paragraph: Paragraph, response: HttpResponse
) -> dict[str, Any]:
    body = _paragraph(viewer, paragraph)
    if body["version"] is None:
        response["ETag"] = _etag("p", paragraph.pk, paragraph.revision)
    return body


# Documents ----------------------------------------------------------------------------------


@router.get(
    "/documents", response={200: list[DocumentOut], **ERRORS}, url_name="negotiation_documents"
)
def list_documents(request: HttpRequest):
    return [_document(d) for d in selectors.documents(viewer=_viewer(request))]


def _framework(request: HttpRequest) -> Any:
    viewer = _viewer(request)
    framework = next((m.organisation.framework for m in viewer.memberships), None)
    if framework is None:
        raise PermissionDenied(_("Only members of a cooperation open a negotiation."))
    return framework


@router.post(
    "/documents", response={201: DocumentOut, **ERRORS}, url_name="negotiation_documents_create"
)
def create_document(request: HttpRequest, payload: DocumentIn):
    viewer = _viewer(request)
    if not permissions.can_create_document(viewer):
        raise PermissionDenied(_("Only the chair and the Secretariat open a negotiation."))
    document = services.create_document(
        viewer=viewer, framework=_framework(request), now=timezone.now(), **payload.dict()
    )
    return Status(201, _document(document))


@router.post(
    "/documents/import", response={201: ImportOut, **ERRORS}, url_name="negotiation_import"
)
def import_document(request: HttpRequest, payload: ImportIn):
    viewer = _viewer(request)
    if not permissions.can_create_document(viewer):
        raise PermissionDenied(_("Only the chair and the Secretariat open a negotiation."))
    result = services.import_document(
        viewer=viewer,
        framework=_framework(request),
        symbol=payload.symbol,
        title=payload.title,
        deadline=payload.deadline,
        note=payload.note,
        source=payload.text,
        source_name=payload.source_name,
        now=timezone.now(),
    )
    return Status(
        201,
        {
            "document": _document(result.document),
            "paragraphs": result.paragraphs,
            "brackets": result.brackets,
            "alternatives": result.alternatives,
            "notes": result.notes,
        },
    )


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    url_name="negotiation_document",
)
def get_document(request: HttpRequest, document_id: int):
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    entries = (
        selectors.text_of(document=document, version=document.current_version)
        if (document.current_version)
        else []
    )
    return {
        **_document(document),
        "versions": [_version(v) for v in selectors.versions(document=document)],
        "tally": _tally(consensus.tally(e.status for e in entries if not e.is_heading)),
    }


@router.get(
    "/documents/{document_id}/text", response={200: TextOut, **ERRORS}, url_name="negotiation_text"
)
def get_text(
    request: HttpRequest, document_id: int, view: str = "bracketed", version: str | None = None
):
    """The text as ``clean`` (agreed paragraphs only), ``bracketed`` or ``compilation`` (with
    holders, published positions and tabled amendments); ``version`` is a number or ``draft``."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    resolved = selectors.resolve_version(viewer=viewer, document=document, wanted=version)
    text = selectors.text_view(viewer=viewer, document=document, version=resolved, view=view)
    return {
        "document": document.pk,
        "symbol": document.symbol,
        "version": resolved.number if resolved else None,
        "view": text.view,
        "tally": _tally(text.tally),
        "parties": text.parties,
        "paragraphs": [
            {
                "id": e.paragraph_id,
                "key": e.key,
                "kind": e.kind,
                "level": e.level,
                "label": e.label,
                "text": e.text,
                "markup": e.markup,
                "revision": e.revision,
                "status": e.status,
                "agreed": e.agreed,
                **_brackets(e.text, e.attributions),
                "positions": [
                    {"organisation": organisation, "stance": stance}
                    for stance, organisation in e.positions
                ],
                "amendments": [line.reference for line in e.amendments],
            }
            for e in text.shown
        ],
    }


@router.get(
    "/documents/{document_id}/compare",
    response={200: list[ChangeOut], **ERRORS},
    url_name="negotiation_compare",
)
def compare(request: HttpRequest, document_id: int, old: str | None = None, new: str | None = None):
    """Paragraph-by-paragraph differences between two versions (numbers, or ``draft``)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    for name, value in (("old", old), ("new", new)):
        if not value:
            raise DomainError(f"{name}: " + _("give a version number, or “draft”."), field=name)
    changes = selectors.compare(
        viewer=viewer,
        document=document,
        old=selectors.resolve_version(viewer=viewer, document=document, wanted=old),
        new=selectors.resolve_version(viewer=viewer, document=document, wanted=new),
    )
    return [
        {
            "change": c.change,
            "key": c.key,
            "label": c.label,
            "old_label": c.old_label,
            "kind": c.kind,
            "segments": [list(s) for s in c.segments],
        }
        for c in changes
    ]


@router.get(
    "/documents/{document_id}/export",
    response={200: None, **ERRORS},
    url_name="negotiation_export",
)
def export(
    request: HttpRequest,
    document_id: int,
    kind: str = "clean",
    format: str = "docx",
    version: str | None = None,
    old: str | None = None,
    new: str | None = None,
):
    """Download the clean text, the compilation or a comparison as DOCX, PDF or HTML."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    result = exports.export_for(
        viewer=viewer,
        document=document,
        kind=kind,
        fmt=format,
        version=version,
        old=old,
        new=new,
        now=timezone.now(),
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.get(
    "/documents/{document_id}/events",
    response={200: list[EventOut], **ERRORS},
    url_name="negotiation_events",
)
def list_events(request: HttpRequest, document_id: int, after: int = 0):
    """The record of every change, in order (the entries of its Merkle log)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    return [
        {"sequence": e.sequence, "kind": e.kind, "created_at": e.created_at, "payload": e.payload}
        for e in selectors.document_events(viewer=viewer, document=document, after=after)[:1000]
    ]


@router.get(
    "/documents/{document_id}/log",
    response={200: None, **ERRORS},
    url_name="negotiation_log",
)
def download_log(request: HttpRequest, document_id: int):
    """The signed event log as one JSON file (events, Merkle leaf hashes, signed checkpoints,
    public key, adopted text), to check offline with ``cadec verify-log FILE``."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    log = ledger.export_log(document=document, now=timezone.now())
    response = HttpResponse(log.content, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{log.filename}"'
    return response


# Paragraphs ---------------------------------------------------------------------------------


@router.post(
    "/documents/{document_id}/paragraphs",
    response={201: ParagraphOut, **ERRORS},
    url_name="negotiation_paragraphs_create",
)
def add_paragraph(
    request: HttpRequest, document_id: int, payload: ParagraphIn, response: HttpResponse
):
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    after = selectors.paragraph_in(document=document, key=payload.after) if payload.after else None
    paragraph = services.add_paragraph(
        viewer=viewer,
        document=document,
        kind=payload.kind,
        level=payload.level,
        label=payload.label,
        markup=payload.text,
        after=after,
        now=timezone.now(),
    )
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph.pk)
    return Status(201, _paragraph_response(viewer, paragraph, response))


@router.get(
    "/paragraphs/{paragraph_id}",
    response={200: ParagraphOut, **ERRORS},
    url_name="negotiation_paragraph",
)
def get_paragraph(request: HttpRequest, paragraph_id: int, response: HttpResponse):
    """A paragraph: the working text with its ETag for the chair and the Secretariat, the
    current version's text for everyone else."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    return _paragraph_response(viewer, paragraph, response)


@router.put(
    "/paragraphs/{paragraph_id}",
    response={200: ParagraphOut, **ERRORS},
    url_name="negotiation_paragraph_update",
)
def edit_paragraph(
    request: HttpRequest, paragraph_id: int, payload: ParagraphEditIn, response: HttpResponse
):
    """Write a new revision of the working text. Send ``If-Match`` with the ETag you read:
    412 (with the current text) when someone wrote first, 428 when it is missing."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    if not permissions.can_edit_text(viewer, document=paragraph.document):
        raise PermissionDenied(_("Only the chair and the Secretariat keep the working text."))
    expected = _expected_revision(
        request,
        kind="p",
        pk=paragraph.pk,
        current=paragraph.revision,
        body_revision=payload.revision,
    )
    try:
        services.edit_paragraph(
            viewer=viewer,
            paragraph=paragraph,
            markup=payload.text,
            label=payload.label,
            expected_revision=expected,
            now=timezone.now(),
        )
    except services.StaleText as error:
        current = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
        response["ETag"] = _etag("p", current.pk, current.revision)
        return Status(
            412,
            {"detail": error.message, "field": "If-Match", "current": _paragraph(viewer, current)},
        )
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    return _paragraph_response(viewer, paragraph, response)


@router.post(
    "/paragraphs/{paragraph_id}/status",
    response={200: ParagraphOut, **ERRORS},
    url_name="negotiation_paragraph_status",
)
def declare_status(
    request: HttpRequest, paragraph_id: int, payload: DeclareIn, response: HttpResponse
):
    """The chair declares AGREED, AD_REFERENDUM (with a deadline and the awaited capitals) or
    OPEN (reopens)."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    document = paragraph.document
    if not permissions.can_declare(viewer, document=document):
        raise PermissionDenied(_("Only the chair declares consensus."))
    services.declare_status(
        viewer=viewer,
        paragraph=paragraph,
        status=payload.status,
        deadline=payload.deadline,
        awaiting=services.delegations(framework=document.framework, codes=payload.awaiting),
        now=timezone.now(),
    )
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    return _paragraph_response(viewer, paragraph, response)


@router.post(
    "/paragraphs/{paragraph_id}/confirmation",
    response={200: ParagraphOut, **ERRORS},
    url_name="negotiation_paragraph_answer",
)
def answer(request: HttpRequest, paragraph_id: int, payload: AnswerIn, response: HttpResponse):
    """A head of delegation answers for the capital on a paragraph agreed ad referendum."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    services.answer_ad_referendum(
        viewer=viewer,
        paragraph=paragraph,
        confirm=payload.confirm,
        note=payload.note,
        now=timezone.now(),
    )
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    return _paragraph_response(viewer, paragraph, response)


@router.put(
    "/paragraphs/{paragraph_id}/position",
    response={200: PositionOut, **ERRORS},
    url_name="negotiation_paragraph_position",
)
def paragraph_position(request: HttpRequest, paragraph_id: int, payload: PositionIn):
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    position = services.state_position(
        viewer=viewer, paragraph=paragraph, now=timezone.now(), **payload.dict()
    )
    return _position(position)


# Amendments ---------------------------------------------------------------------------------


@router.get(
    "/documents/{document_id}/amendments",
    response={200: list[AmendmentOut], **ERRORS},
    url_name="negotiation_amendments",
)
def list_amendments(request: HttpRequest, document_id: int, status: str | None = None):
    """The amendments you may see (tabled ones, and your delegation's private drafts), each
    with the tabled amendments it conflicts with."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    if status and status not in Amendment.Status.values:
        raise DomainError(
            "status: "
            + _("choose one of %(list)s.") % {"list": ", ".join(Amendment.Status.values)},
            field="status",
        )
    return [
        _amendment(item)
        for item in selectors.amendments(viewer=viewer, document=document, status=status)
    ]


def _amendment_response(amendment: Amendment, response: HttpResponse) -> dict[str, Any]:
    fresh = Amendment.objects.select_related(
        "document",
        "paragraph__current",
        "base_revision",
        "base_version",
        "merged_into",
        "delegation__country",
    ).get(pk=amendment.pk)
    if fresh.status == Amendment.Status.DRAFT:
        response["ETag"] = _etag("a", fresh.pk, fresh.revision)
    return _amendment(selectors.amendment_view(amendment=fresh))


@router.post(
    "/documents/{document_id}/amendments",
    response={201: AmendmentOut, **ERRORS},
    url_name="negotiation_amendments_create",
)
def propose_amendment(
    request: HttpRequest, document_id: int, payload: AmendmentIn, response: HttpResponse
):
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=payload.paragraph_id)
    if paragraph.document_id != document.pk:
        raise DomainError(
            "paragraph_id: " + _("that paragraph is in another document."), field="paragraph_id"
        )
    amendment = services.propose_amendment(
        viewer=viewer,
        paragraph=paragraph,
        kind=payload.kind,
        target=payload.target,
        occurrence=payload.occurrence,
        text=payload.text,
        whole_paragraph=payload.whole_paragraph,
        submit=payload.submit,
        now=timezone.now(),
    )
    return Status(201, _amendment_response(amendment, response))


@router.get(
    "/amendments/{amendment_id}",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment",
)
def get_amendment(request: HttpRequest, amendment_id: int, response: HttpResponse):
    amendment = selectors.get_amendment(viewer=_viewer(request), amendment_id=amendment_id)
    return _amendment_response(amendment, response)


@router.put(
    "/amendments/{amendment_id}",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_update",
)
def edit_amendment(
    request: HttpRequest, amendment_id: int, payload: AmendmentEditIn, response: HttpResponse
):
    """Change a private draft; send ``If-Match`` with its ETag (412 if a colleague wrote)."""
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    if not permissions.can_edit_amendment(
        viewer, amendment=amendment, framework_id=amendment.document.framework_id
    ):
        raise PermissionDenied(_("Only a private draft is changed, by its own delegation."))
    expected = _expected_revision(
        request,
        kind="a",
        pk=amendment.pk,
        current=amendment.revision,
        body_revision=payload.revision,
    )
    try:
        services.edit_amendment(
            viewer=viewer,
            amendment=amendment,
            kind=payload.kind,
            target=payload.target,
            occurrence=payload.occurrence,
            text=payload.text,
            whole_paragraph=payload.whole_paragraph,
            expected_revision=expected,
            now=timezone.now(),
        )
    except services.StaleText as error:
        current = _amendment_response(amendment, response)
        return Status(412, {"detail": error.message, "field": "If-Match", "current": current})
    return _amendment_response(amendment, response)


def _act(
    request: HttpRequest, amendment_id: int, response: HttpResponse, action: Any, **kwargs: Any
) -> dict[str, Any]:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    action(viewer=viewer, amendment=amendment, now=timezone.now(), **kwargs)
    return _amendment_response(amendment, response)


@router.post(
    "/amendments/{amendment_id}/submit",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_submit",
)
def submit_amendment(request: HttpRequest, amendment_id: int, response: HttpResponse):
    """Table a private draft."""
    return _act(request, amendment_id, response, services.submit_amendment)


@router.post(
    "/amendments/{amendment_id}/withdraw",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_withdraw",
)
def withdraw_amendment(request: HttpRequest, amendment_id: int, response: HttpResponse):
    return _act(request, amendment_id, response, services.withdraw_amendment)


@router.post(
    "/amendments/{amendment_id}/cosponsors",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_cosponsor",
)
def cosponsor(request: HttpRequest, amendment_id: int, response: HttpResponse):
    """Join a tabled amendment as a co-sponsor for your delegation."""
    return _act(request, amendment_id, response, services.cosponsor_amendment, join=True)


@router.delete(
    "/amendments/{amendment_id}/cosponsors",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_uncosponsor",
)
def uncosponsor(request: HttpRequest, amendment_id: int, response: HttpResponse):
    return _act(request, amendment_id, response, services.cosponsor_amendment, join=False)


@router.post(
    "/amendments/{amendment_id}/recommendation",
    response={200: AmendmentOut, **ERRORS},
    url_name="negotiation_amendment_recommend",
)
def recommend(
    request: HttpRequest, amendment_id: int, payload: RecommendIn, response: HttpResponse
):
    """The chair recommends: ACCEPT (merged into the next revision), REJECT, or PENDING."""
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    if not permissions.can_recommend(viewer, document=amendment.document):
        raise PermissionDenied(_("Only the chair recommends on amendments."))
    return _act(request, amendment_id, response, services.recommend_amendment, **payload.dict())


@router.put(
    "/amendments/{amendment_id}/position",
    response={200: PositionOut, **ERRORS},
    url_name="negotiation_amendment_position",
)
def amendment_position(request: HttpRequest, amendment_id: int, payload: PositionIn):
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    position = services.state_position(
        viewer=viewer, amendment=amendment, now=timezone.now(), **payload.dict()
    )
    return _position(position)


@router.post(
    "/positions/{position_id}/publish",
    response={200: PositionOut, **ERRORS},
    url_name="negotiation_position_publish",
)
def publish_position(request: HttpRequest, position_id: int):
    viewer = _viewer(request)
    position = selectors.get_position(viewer=viewer, position_id=position_id)
    return _position(
        services.publish_position(viewer=viewer, position=position, now=timezone.now())
    )


# Revisions and one's own desk ---------------------------------------------------------------


@router.get(
    "/documents/{document_id}/revisions/preview",
    response={200: PreviewOut, **ERRORS},
    url_name="negotiation_revision_preview",
)
def revision_preview(request: HttpRequest, document_id: int):
    """What issuing the next version would merge, and the conflicts that stop it (chair)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    preview = selectors.revision_preview(viewer=viewer, document=document)
    return {
        "next_label": preview.next_label,
        "merges": [a.reference for a in preview.merges],
        "conflicts": preview.conflicts,
        "paragraphs": preview.paragraphs,
    }


@router.post(
    "/documents/{document_id}/revisions",
    response={201: VersionOut, **ERRORS},
    url_name="negotiation_revisions_create",
)
def issue_revision(request: HttpRequest, document_id: int, payload: IssueIn):
    """The chair issues the next version with the accepted amendments merged (409 with the
    conflicts when they cannot all be merged; nothing is written then)."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    version = services.issue_revision(
        viewer=viewer, document=document, note=payload.note, now=timezone.now()
    )
    return Status(201, _version(version))


@router.get("/mine", response={200: MineOut, **ERRORS}, url_name="negotiation_mine")
def mine(request: HttpRequest):
    """Your delegation's private drafts and unpublished positions (yours only)."""
    desk = selectors.mine(viewer=_viewer(request))
    return {
        "organisation": selectors.organisation_code(desk.organisation)
        if desk.organisation
        else None,
        "drafts": [
            _amendment(selectors.AmendmentView(amendment=a, sponsors=[])) for a in desk.drafts
        ],
        "positions": [_position(p) for p in desk.positions],
    }
