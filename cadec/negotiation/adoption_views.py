"""Pages of the silence procedure, ASEAN-minus-X participation, footnotes and adoption.

Thin views over ``adoption`` (writes) and ``selectors`` (reads), like ``views``; every response
says ``Cache-Control: no-store``.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadec.core.errors import DomainError, NotFound, PermissionDenied
from cadec.members import permissions as member_permissions
from cadec.negotiation import adoption, forms, permissions, selectors
from cadec.negotiation.models import Document, Paragraph, SilenceProcedure
from cadec.negotiation.views import _form_problems, _parties, confidential

_viewer = member_permissions.viewer_of


def _heads_for(viewer: Any, document: Document) -> bool:
    return permissions.heads_member(
        viewer, document=document, party_country_ids=_parties(document, viewer)
    )


def _require(allowed: bool, message: str) -> None:
    """Refuse a role before reading its form: the rules' own refusals come after."""
    if not allowed:
        raise PermissionDenied(message)


def _chair_only(viewer: Any, document: Document) -> None:
    _require(permissions.chairs(viewer, document=document), _("Only the chair does this."))


def _heads_only(viewer: Any, document: Document) -> None:
    _require(
        _heads_for(viewer, document),
        _("Only the head of a participating member's delegation does this for the member."),
    )


def paragraph_context(request: HttpRequest, paragraph: Paragraph) -> dict[str, Any]:
    """What the paragraph page shows of flexibility, participation and footnotes."""
    viewer = _viewer(request)
    document = paragraph.document
    heads = _heads_for(viewer, document)
    delegation = permissions.head_delegation_of(viewer, framework_id=document.framework_id)
    own = (
        paragraph.participations.filter(delegation=delegation).first()
        if delegation is not None
        else None
    )
    speaks = permissions.delegation_of(viewer, framework_id=document.framework_id)
    return {
        "can_set_flexible": permissions.can_declare(viewer, document=document),
        "can_opt_out": heads
        and paragraph.flexible
        and own is None
        and document.status == Document.Status.NEGOTIATING,
        "can_join": heads and own is not None and own.joined_at is None,
        "can_footnote": speaks is not None
        and speaks.country_id in _parties(document, viewer)
        and document.status == Document.Status.NEGOTIATING,
        "participations": list(
            paragraph.participations.select_related("delegation").order_by("opted_out_at")
        ),
        "footnotes": list(paragraph.footnotes.select_related("delegation").order_by("pk")),
        "flexible_form": forms.FlexibleForm(initial={"flexible": not paragraph.flexible}),
        "opt_out_form": forms.OptionalReasonForm(),
        "footnote_form": forms.FootnoteForm(),
    }


@confidential
@require_GET
def conclusion(request: HttpRequest, document_id: int) -> HttpResponse:
    """Silence procedure and adoption of a document, with the participation matrix."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    state = selectors.conclusion(viewer=viewer, document=document)
    heads = _heads_for(viewer, document)
    endorsed = {e.delegation_id for e in state.endorsements}
    delegation = permissions.head_delegation_of(viewer, framework_id=document.framework_id)
    silence_running = (
        state.silence is not None and state.silence.status == SilenceProcedure.Status.RUNNING
    )
    return render(
        request,
        "negotiation/conclusion.html",
        {
            "document": document,
            "state": state,
            "silence_running": silence_running,
            "can_start": permissions.can_declare(viewer, document=document),
            "can_adopt": permissions.can_declare(viewer, document=document),
            "can_break": heads and silence_running,
            "can_endorse": heads
            and state.adoption is not None
            and delegation is not None
            and delegation.pk not in endorsed,
            "silence_form": forms.SilenceForm(),
            "break_form": forms.ReasonForm(),
            "endorse_form": forms.EndorseForm(),
        },
    )


@confidential
@require_GET
def adopted(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    text = selectors.adopted_text(viewer=viewer, document=document)
    return render(request, "negotiation/adopted.html", {"document": document, "text": text})


def _done(request: HttpRequest, action: Any, success: str) -> None:
    """Run a write; a refusal by the rules is shown on the page it came from."""
    try:
        action()
    except (PermissionDenied, NotFound):
        raise  # the error page, with its status
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


def _to_conclusion(document: Document) -> HttpResponse:
    return redirect("negotiation_conclusion", document_id=document.pk)


@confidential
@require_POST
def silence_start(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    _chair_only(viewer, document)
    form = forms.SilenceForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _to_conclusion(document)
    now = timezone.now()
    _done(
        request,
        lambda: adoption.start_silence(
            viewer=viewer,
            document=document,
            deadline=now + timedelta(hours=form.cleaned_data["hours"]),
            now=now,
        ),
        _("The text is under silence."),
    )
    return _to_conclusion(document)


@confidential
@require_POST
def silence_break(request: HttpRequest, silence_id: int) -> HttpResponse:
    viewer = _viewer(request)
    silence = selectors.get_silence(viewer=viewer, silence_id=silence_id)
    _heads_only(viewer, silence.document)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _to_conclusion(silence.document)
    _done(
        request,
        lambda: adoption.break_silence(
            viewer=viewer, silence=silence, reason=form.cleaned_data["reason"], now=timezone.now()
        ),
        _("Silence is broken; the text is under negotiation again."),
    )
    return _to_conclusion(silence.document)


@confidential
@require_POST
def adopt(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    _done(
        request,
        lambda: adoption.adopt(viewer=viewer, document=document, now=timezone.now()),
        _("The text is adopted."),
    )
    return _to_conclusion(document)


@confidential
@require_POST
def endorse(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    _heads_only(viewer, document)
    form = forms.EndorseForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _to_conclusion(document)
    _done(
        request,
        lambda: adoption.endorse(
            viewer=viewer,
            document=document,
            content_sha256=form.cleaned_data["content_sha256"],
            now=timezone.now(),
        ),
        _("Your member's endorsement is recorded."),
    )
    return _to_conclusion(document)


def _to_paragraph(paragraph: Paragraph) -> HttpResponse:
    return redirect("negotiation_paragraph", paragraph_id=paragraph.pk)


@confidential
@require_POST
def paragraph_flexible(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    _chair_only(viewer, paragraph.document)
    form = forms.FlexibleForm(request.POST)
    form.is_valid()  # a missing box means "not flexible"
    flexible = bool(form.cleaned_data.get("flexible"))
    _done(
        request,
        lambda: adoption.set_flexible(
            viewer=viewer, paragraph=paragraph, flexible=flexible, now=timezone.now()
        ),
        _("Members may now opt out of this paragraph.")
        if flexible
        else _("This paragraph binds every member again."),
    )
    return _to_paragraph(paragraph)


@confidential
@require_POST
def paragraph_opt_out(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    _heads_only(viewer, paragraph.document)
    form = forms.OptionalReasonForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _to_paragraph(paragraph)
    _done(
        request,
        lambda: adoption.opt_out(
            viewer=viewer,
            paragraph=paragraph,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        ),
        _("Your member has opted out of this paragraph; it may join later."),
    )
    return _to_paragraph(paragraph)


@confidential
@require_POST
def paragraph_join(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    _done(
        request,
        lambda: adoption.join_later(viewer=viewer, paragraph=paragraph, now=timezone.now()),
        _("Your member has joined this paragraph."),
    )
    return _to_paragraph(paragraph)


@confidential
@require_POST
def paragraph_footnote(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    document = paragraph.document
    _require(
        permissions.speaks_for_member(
            viewer, document=document, party_country_ids=_parties(document, viewer)
        ),
        _("Footnotes are put on the record by a participating member's delegation."),
    )
    form = forms.FootnoteForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _to_paragraph(paragraph)
    _done(
        request,
        lambda: adoption.add_footnote(
            viewer=viewer, paragraph=paragraph, text=form.cleaned_data["text"], now=timezone.now()
        ),
        _("The footnote is on the record."),
    )
    return _to_paragraph(paragraph)
