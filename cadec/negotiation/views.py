"""Pages of the negotiation: thin views over the same selectors and services as the API.

Every page here is confidential to the cooperation (texts under negotiation, and on some pages
a delegation's private drafts and unpublished positions), so every response says
``Cache-Control: no-store`` (TRUST.md P2).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadec.core.errors import DomainError, NotFound, PermissionDenied
from cadec.core.forms import add_domain_error
from cadec.members import permissions as member_permissions
from cadec.members import selectors as member_selectors
from cadec.negotiation import (
    diff,
    exports,
    forms,
    ledger,
    permissions,
    rendering,
    selectors,
    services,
)
from cadec.negotiation.models import Amendment, Document, Paragraph

_viewer = member_permissions.viewer_of


def confidential(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Never store these pages in a cache, shared or private."""
    return wraps(view)(never_cache(view))


def _form_problems(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label or field}: {' '.join(str(e) for e in errors)}")


# Documents ----------------------------------------------------------------------------------


@confidential
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    return render(
        request,
        "negotiation/document_list.html",
        {
            "documents": selectors.documents(viewer=viewer),
            "can_create": permissions.can_create_document(viewer),
        },
    )


def _framework_for(request: HttpRequest) -> Any:
    viewer = _viewer(request)
    framework = (
        next((m.organisation.framework for m in viewer.memberships), None)
        or member_selectors.default_framework()
    )
    if framework is None:
        raise NotFound(_("No cooperation framework is configured."))
    return framework


@confidential
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_create_document(viewer):
        raise PermissionDenied(_("Only the chair and the Secretariat open a negotiation."))
    form = forms.DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                viewer=viewer,
                framework=_framework_for(request),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(symbol)s is open for negotiation.") % {"symbol": document.symbol}
            )
            return redirect("negotiation_document", document_id=document.pk)
    return render(
        request,
        "negotiation/document_form.html",
        {"form": form, "importing": False},
        status=400 if form.errors else 200,
    )


@confidential
@require_http_methods(["GET", "POST"])
def document_import(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_create_document(viewer):
        raise PermissionDenied(_("Only the chair and the Secretariat open a negotiation."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        source = upload.read() if upload else data["text"]
        try:
            result = services.import_document(
                viewer=viewer,
                framework=_framework_for(request),
                symbol=data["symbol"],
                title=data["title"],
                deadline=data["deadline"],
                note=data["note"],
                source=source,
                source_name=upload.name if upload else "pasted text",
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                # Each count is a phrase of its own, so each takes its own plural form.
                _("Imported %(paragraphs)s with %(brackets)s (%(alternatives)s).")
                % {
                    "paragraphs": ngettext(
                        "%(count)s paragraph", "%(count)s paragraphs", result.paragraphs
                    )
                    % {"count": result.paragraphs},
                    "brackets": ngettext("%(count)s bracket", "%(count)s brackets", result.brackets)
                    % {"count": result.brackets},
                    "alternatives": ngettext(
                        "%(count)s choice between alternatives",
                        "%(count)s choices between alternatives",
                        result.alternatives,
                    )
                    % {"count": result.alternatives},
                },
            )
            for note in result.notes:
                messages.warning(request, note)
            return redirect(
                f"{reverse('negotiation_document', args=[result.document.pk])}?version=draft"
            )
    return render(
        request,
        "negotiation/document_form.html",
        {"form": form, "importing": True},
        status=400 if form.errors else 200,
    )


@confidential
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    view = request.GET.get("view") or "bracketed"
    if (
        document.current_version is None
        and not request.GET.get("version")
        and not selectors.can_see_working_text(viewer, document=document)
    ):
        return render(
            request,
            "negotiation/document_detail.html",
            {"document": document, "log": ledger.summary(document=document)},
        )
    version = selectors.resolve_version(
        viewer=viewer, document=document, wanted=request.GET.get("version")
    )
    text = selectors.text_view(viewer=viewer, document=document, version=version, view=view)
    return render(
        request,
        "negotiation/document_detail.html",
        {
            "document": document,
            "log": ledger.summary(document=document),
            "text": text,
            "text_html": rendering.text_html(text, links=True),
            "versions": selectors.versions(document=document),
            "version_param": "draft" if version is None else str(version.number),
            # The bracketed view downloads as the compilation (brackets with their holders).
            "export_kind": "clean" if view == "clean" else "compilation",
            "can_see_working_text": selectors.can_see_working_text(viewer, document=document),
            "can_edit": permissions.can_edit_text(viewer, document=document),
            "can_issue": permissions.can_issue_revision(viewer, document=document),
            "can_amend": permissions.can_amend(
                viewer, document=document, party_country_ids=_parties(document, viewer)
            )
            and document.current_version is not None,
        },
    )


@confidential
@require_GET
def compare(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    versions = selectors.versions(document=document)
    choices = [(str(v.number), v.label) for v in versions]
    if selectors.can_see_working_text(viewer, document=document):
        choices.append(("draft", _("working text")))
    initial = {}
    if len(versions) >= 2:
        initial = {"old": str(versions[-2].number), "new": str(versions[-1].number)}
    form = forms.CompareForm(request.GET or initial or None, choices=choices)
    changes = None
    old = new = None
    if form.is_bound and form.is_valid():
        old = exports.version_or_draft(viewer, document, form.cleaned_data["old"])
        new = exports.version_or_draft(viewer, document, form.cleaned_data["new"])
        changes = selectors.compare(viewer=viewer, document=document, old=old, new=new)
    return render(
        request,
        "negotiation/compare.html",
        {
            "document": document,
            "form": form,
            "changes": changes,
            "old": old,
            "new": new,
            "changed": sum(1 for c in changes or () if c.change != "unchanged"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@confidential
@require_GET
def export(request: HttpRequest, document_id: int, kind: str, fmt: str) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    result = exports.export_for(
        viewer=viewer,
        document=document,
        kind=kind,
        fmt=fmt,
        version=request.GET.get("version"),
        old=request.GET.get("old"),
        new=request.GET.get("new"),
        now=timezone.now(),
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    return response


# Paragraphs ---------------------------------------------------------------------------------


@confidential
@require_http_methods(["GET", "POST"])
def paragraph_add(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    if not permissions.can_edit_text(viewer, document=document):
        raise PermissionDenied(_("Only the chair and the Secretariat keep the working text."))
    entries = selectors.text_of(document=document, version=None)
    placements = [(e.key, f"{e.label or e.key} — {e.text[:50]}") for e in entries]
    form = forms.ParagraphForm(request.POST or None, placements=placements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        after = None
        if data["after"] and data["after"] != "^":
            after = selectors.paragraph_in(document=document, key=data["after"])
        try:
            paragraph = services.add_paragraph(
                viewer=viewer,
                document=document,
                kind=data["kind"],
                level=data["level"],
                label=data["label"],
                markup=data["text"],
                after=after,
                at_start=data["after"] == "^",
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The paragraph is added to the working text."))
            return redirect("negotiation_paragraph", paragraph_id=paragraph.pk)
    return render(
        request,
        "negotiation/paragraph_add.html",
        {"document": document, "form": form},
        status=400 if form.errors else 200,
    )


def _paragraph_context(request: HttpRequest, paragraph: Paragraph) -> dict[str, Any]:
    viewer = _viewer(request)
    document = paragraph.document
    page = selectors.paragraph_page(viewer=viewer, paragraph=paragraph)
    delegations = selectors.delegation_choices(document=document)
    parties = _parties(document, viewer)
    answerable = [
        c
        for c in page.confirmations
        if c.answered_at is None and permissions.can_answer(viewer, confirmation=c)
    ]
    return {
        "document": document,
        "paragraph": paragraph,
        "page": page,
        "can_edit": permissions.can_edit_text(viewer, document=document),
        "can_declare": permissions.can_declare(viewer, document=document),
        "can_amend": permissions.can_amend(viewer, document=document, party_country_ids=parties)
        and document.current_version is not None,
        "can_state": permissions.can_state_position(viewer, document=document),
        "can_answer": bool(answerable) and paragraph.status == Paragraph.Status.AD_REFERENDUM,
        "position_form": forms.PositionForm(),
        "declare_form": forms.DeclareForm(
            delegations=[(o.country.iso3, o.name) for o in delegations if o.country]
        ),
        "answer_form": forms.AnswerForm(),
        "now": timezone.now(),
    }


@confidential
@require_GET
def paragraph_detail(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    paragraph = selectors.get_paragraph(viewer=_viewer(request), paragraph_id=paragraph_id)
    from cadec.negotiation.adoption_views import paragraph_context

    return render(
        request,
        "negotiation/paragraph_detail.html",
        {**_paragraph_context(request, paragraph), **paragraph_context(request, paragraph)},
    )


@confidential
@require_http_methods(["GET", "POST"])
def paragraph_edit(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    """Edit the working text; a stale save shows the other person's change and keeps yours."""
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    document = paragraph.document
    if not permissions.can_edit_text(viewer, document=document):
        raise PermissionDenied(_("Only the chair and the Secretariat keep the working text."))
    current = paragraph.current
    assert current is not None  # noqa: S101 (created with its first revision)
    from cadec.negotiation import brackets

    initial = {
        "label": current.label,
        "text": brackets.to_markup(current.text, current.attributions),
        "revision": paragraph.revision,
    }
    form = forms.ParagraphEditForm(request.POST or None, initial=initial)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_paragraph(
                viewer=viewer,
                paragraph=paragraph,
                markup=data["text"],
                label=data["label"],
                expected_revision=data["revision"],
                now=timezone.now(),
            )
        except services.StaleText as error:
            # Keep what this person wrote; show what the other person changed since their base.
            paragraph.refresh_from_db()
            theirs = paragraph.current
            assert theirs is not None  # noqa: S101 (created with its first revision)
            base = paragraph.revisions.filter(number=data["revision"]).first()
            base_markup = brackets.to_markup(base.text, base.attributions) if base else ""
            theirs_markup = brackets.to_markup(theirs.text, theirs.attributions)
            conflict = {
                "message": error.message,
                "theirs": theirs,
                "theirs_markup": theirs_markup,
                "their_change": diff.render_html(diff.word_diff(base_markup, theirs_markup)),
                "yours": data["text"],
            }
            form = forms.ParagraphEditForm(
                {"label": data["label"], "text": data["text"], "revision": theirs.number}
            )
            status = 409
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The paragraph is saved."))
            return redirect("negotiation_paragraph", paragraph_id=paragraph.pk)
    return render(
        request,
        "negotiation/paragraph_edit.html",
        {"document": document, "paragraph": paragraph, "form": form, "conflict": conflict},
        status=400 if form.errors else status,
    )


def _back_to(paragraph: Paragraph) -> HttpResponse:
    return redirect("negotiation_paragraph", paragraph_id=paragraph.pk)


@confidential
@require_POST
def paragraph_position(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    if not permissions.can_state_position(viewer, document=paragraph.document):
        raise PermissionDenied(_("Positions are stated for a delegation."))
    form = forms.PositionForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _back_to(paragraph)
    position = services.state_position(
        viewer=viewer, paragraph=paragraph, now=timezone.now(), **form.cleaned_data
    )
    messages.success(
        request,
        _("Your position is published.")
        if position.published
        else _("Your position is kept as your delegation's own note."),
    )
    return _back_to(paragraph)


@confidential
@require_POST
def paragraph_declare(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    document = paragraph.document
    if not permissions.can_declare(viewer, document=document):
        raise PermissionDenied(_("Only the chair declares consensus."))
    delegations = selectors.delegation_choices(document=document)
    form = forms.DeclareForm(
        request.POST, delegations=[(o.country.iso3, o.name) for o in delegations if o.country]
    )
    if not form.is_valid():
        _form_problems(request, form)
        return _back_to(paragraph)
    data = form.cleaned_data
    try:
        services.declare_status(
            viewer=viewer,
            paragraph=paragraph,
            status=data["status"],
            deadline=data["deadline"],
            awaiting=services.delegations(framework=document.framework, codes=data["awaiting"]),
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The paragraph's status is declared."))
    return _back_to(paragraph)


@confidential
@require_POST
def paragraph_answer(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    viewer = _viewer(request)
    paragraph = selectors.get_paragraph(viewer=viewer, paragraph_id=paragraph_id)
    awaited = paragraph.confirmations.filter(
        round=paragraph.ad_referendum_round, answered_at__isnull=True
    )
    if not any(permissions.can_answer(viewer, confirmation=c) for c in awaited):
        raise PermissionDenied(_("Only the head of an awaited delegation answers for its capital."))
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
        return _back_to(paragraph)
    try:
        services.answer_ad_referendum(
            viewer=viewer, paragraph=paragraph, now=timezone.now(), **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your capital's answer is recorded."))
    return _back_to(paragraph)


# Amendments ---------------------------------------------------------------------------------


@confidential
@require_GET
def amendment_list(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    status = request.GET.get("status") or None
    if status and status not in Amendment.Status.values:
        status = None
    return render(
        request,
        "negotiation/amendment_list.html",
        {
            "document": document,
            "amendments": selectors.amendments(viewer=viewer, document=document, status=status),
            "status": status,
            "statuses": Amendment.Status.choices,
        },
    )


def _parties(document: Document, viewer: Any) -> frozenset[int]:
    return frozenset(
        c.pk for c in member_selectors.consensus_parties(framework=document.framework, on=viewer.on)
    )


@confidential
@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    if not permissions.can_amend(
        viewer, document=document, party_country_ids=_parties(document, viewer)
    ):
        raise PermissionDenied(
            _("Amendments are tabled by the delegations of participating members.")
        )
    if document.current_version is None:
        raise NotFound(_("No version has been issued yet: there is nothing to amend."))
    entries = [
        e
        for e in selectors.text_of(document=document, version=document.current_version)
        if not e.is_heading
    ]
    choices = [(e.key, f"{e.label or e.key} — {e.text[:60]}") for e in entries]
    wanted = request.POST.get("paragraph") or request.GET.get("paragraph", "")
    form = forms.AmendmentForm(
        request.POST or None, initial={"paragraph": wanted}, paragraphs=choices
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment = services.propose_amendment(
                viewer=viewer,
                paragraph=selectors.paragraph_in(document=document, key=data["paragraph"]),
                kind=data["kind"],
                target=data["target"],
                occurrence=data["occurrence"],
                text=data["text"],
                whole_paragraph=data["whole_paragraph"],
                submit=request.POST.get("action") != "draft",
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(ref)s is tabled.") % {"ref": amendment.reference}
                if amendment.number
                else _("Your draft is saved; only your delegation sees it."),
            )
            return redirect("negotiation_amendment", amendment_id=amendment.pk)
    return render(
        request,
        "negotiation/amendment_form.html",
        {
            "document": document,
            "form": form,
            "amendment": None,
            # The paragraph as it reads, so its words can be quoted exactly.
            "shown": next((e for e in entries if e.key == wanted), None),
        },
        status=400 if form.errors else 200,
    )


@confidential
@require_GET
def amendment_detail(request: HttpRequest, amendment_id: int) -> HttpResponse:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    document = amendment.document
    framework_id = document.framework_id
    delegation = permissions.delegation_of(viewer, framework_id=framework_id)
    item = selectors.amendment_view(amendment=amendment)
    return render(
        request,
        "negotiation/amendment_detail.html",
        {
            "document": document,
            "amendment": amendment,
            "item": item,
            "positions": selectors.amendment_positions(viewer=viewer, amendment=amendment),
            "can_edit": permissions.can_edit_amendment(
                viewer, amendment=amendment, framework_id=framework_id
            ),
            "can_withdraw": permissions.can_withdraw_amendment(
                viewer, amendment=amendment, framework_id=framework_id
            ),
            "can_cosponsor": amendment.status == Amendment.Status.SUBMITTED
            and delegation is not None
            and delegation.pk != amendment.delegation_id
            and permissions.can_amend(
                viewer, document=document, party_country_ids=_parties(document, viewer)
            ),
            "cosponsoring": delegation is not None
            and amendment.sponsors.filter(delegation=delegation).exists(),
            "can_recommend": permissions.can_recommend(viewer, document=document)
            and amendment.status == Amendment.Status.SUBMITTED,
            "can_state": permissions.can_state_position(viewer, document=document)
            and amendment.status == Amendment.Status.SUBMITTED,
            "position_form": forms.PositionForm(),
            "recommend_form": forms.RecommendForm(
                initial={
                    "recommendation": amendment.recommendation,
                    "note": amendment.recommendation_note,
                }
            ),
        },
    )


@confidential
@require_http_methods(["GET", "POST"])
def amendment_edit(request: HttpRequest, amendment_id: int) -> HttpResponse:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    document = amendment.document
    if not permissions.can_edit_amendment(
        viewer, amendment=amendment, framework_id=document.framework_id
    ):
        raise PermissionDenied(_("Only a private draft is changed, by its own delegation."))
    choices = [(amendment.paragraph.key, amendment.base_revision.label or amendment.paragraph.key)]
    initial = {
        "paragraph": amendment.paragraph.key,
        "kind": amendment.kind,
        "whole_paragraph": amendment.whole_paragraph,
        "target": amendment.target,
        "occurrence": amendment.base_revision.text[: amendment.start].count(amendment.target) + 1
        if amendment.target
        else 1,
        "text": amendment.text,
        "revision": amendment.revision,
    }
    form = forms.AmendmentEditForm(request.POST or None, initial=initial, paragraphs=choices)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_amendment(
                viewer=viewer,
                amendment=amendment,
                kind=data["kind"],
                target=data["target"],
                occurrence=data["occurrence"],
                text=data["text"],
                whole_paragraph=data["whole_paragraph"],
                expected_revision=data["revision"],
                now=timezone.now(),
            )
        except services.StaleText as error:
            amendment.refresh_from_db()
            messages.error(request, error.message)
            form = forms.AmendmentEditForm(
                {**request.POST.dict(), "revision": amendment.revision}, paragraphs=choices
            )
            status = 409
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect("negotiation_amendment", amendment_id=amendment.pk)
    return render(
        request,
        "negotiation/amendment_form.html",
        {"document": document, "form": form, "amendment": amendment},
        status=400 if form.errors else status,
    )


def _amendment_action(
    request: HttpRequest, amendment_id: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    action(viewer=viewer, amendment=amendment, now=timezone.now())
    amendment.refresh_from_db()
    messages.success(request, done % {"ref": amendment.reference})
    return redirect("negotiation_amendment", amendment_id=amendment.pk)


@confidential
@require_POST
def amendment_submit(request: HttpRequest, amendment_id: int) -> HttpResponse:
    return _amendment_action(
        request, amendment_id, services.submit_amendment, _("%(ref)s is tabled.")
    )


@confidential
@require_POST
def amendment_withdraw(request: HttpRequest, amendment_id: int) -> HttpResponse:
    return _amendment_action(
        request, amendment_id, services.withdraw_amendment, _("%(ref)s is withdrawn.")
    )


@confidential
@require_POST
def amendment_cosponsor(request: HttpRequest, amendment_id: int) -> HttpResponse:
    join = request.POST.get("join", "yes") != "no"

    def act(**kwargs: Any) -> Any:
        return services.cosponsor_amendment(join=join, **kwargs)

    return _amendment_action(
        request,
        amendment_id,
        act,
        _("Your delegation co-sponsors %(ref)s.")
        if join
        else _("Your delegation no longer co-sponsors %(ref)s."),
    )


@confidential
@require_POST
def amendment_recommend(request: HttpRequest, amendment_id: int) -> HttpResponse:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    if not permissions.can_recommend(viewer, document=amendment.document):
        raise PermissionDenied(_("Only the chair recommends on amendments."))
    form = forms.RecommendForm(request.POST)
    if form.is_valid():
        services.recommend_amendment(
            viewer=viewer, amendment=amendment, now=timezone.now(), **form.cleaned_data
        )
        messages.success(request, _("Your recommendation is recorded."))
    else:
        _form_problems(request, form)
    return redirect("negotiation_amendment", amendment_id=amendment.pk)


@confidential
@require_POST
def amendment_position(request: HttpRequest, amendment_id: int) -> HttpResponse:
    viewer = _viewer(request)
    amendment = selectors.get_amendment(viewer=viewer, amendment_id=amendment_id)
    if not permissions.can_state_position(viewer, document=amendment.document):
        raise PermissionDenied(_("Positions are stated for a delegation."))
    form = forms.PositionForm(request.POST)
    if form.is_valid():
        services.state_position(
            viewer=viewer, amendment=amendment, now=timezone.now(), **form.cleaned_data
        )
        messages.success(request, _("Your position is recorded."))
    else:
        _form_problems(request, form)
    return redirect("negotiation_amendment", amendment_id=amendment.pk)


@confidential
@require_POST
def position_publish(request: HttpRequest, position_id: int) -> HttpResponse:
    viewer = _viewer(request)
    position = selectors.get_position(viewer=viewer, position_id=position_id)
    services.publish_position(viewer=viewer, position=position, now=timezone.now())
    messages.success(request, _("Your position is published."))
    if position.paragraph_id:
        return redirect("negotiation_paragraph", paragraph_id=position.paragraph_id)
    return redirect("negotiation_amendment", amendment_id=position.amendment_id)


# Revisions, the record, and one's own desk --------------------------------------------------


@confidential
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    if not permissions.can_issue_revision(viewer, document=document):
        raise PermissionDenied(_("Only the chair issues revisions."))
    form = forms.IssueForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = services.issue_revision(
                viewer=viewer,
                document=document,
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(request, _("%(label)s is issued.") % {"label": version.label})
            return redirect(
                f"{reverse('negotiation_document', args=[document.pk])}?version={version.number}"
            )
    return render(
        request,
        "negotiation/issue.html",
        {
            "document": document,
            "form": form,
            "preview": selectors.revision_preview(viewer=viewer, document=document),
        },
        status=status if status != 200 else (400 if form.errors else 200),
    )


@confidential
@require_GET
def event_list(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    return render(
        request,
        "negotiation/events.html",
        {
            "document": document,
            "events": selectors.document_events(viewer=viewer, document=document),
        },
    )


@confidential
@require_GET
def log_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document's signed event log, as ``cadec verify-log`` checks it."""
    viewer = _viewer(request)
    document = selectors.get_document(viewer=viewer, document_id=document_id)
    log = ledger.export_log(document=document, now=timezone.now())
    response = HttpResponse(log.content, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{log.filename}"'
    return response


@confidential
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "negotiation/mine.html", {"mine": selectors.mine(viewer=_viewer(request))}
    )
