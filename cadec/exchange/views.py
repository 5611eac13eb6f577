"""Pages of the exchange: thin views over the same selectors and services as the API."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadec.core.errors import DomainError, PermissionDenied
from cadec.exchange import (
    attachments,
    forms,
    permissions,
    search,
    selectors,
    services,
    translation,
)
from cadec.exchange.models import Match, Practice
from cadec.members.models import Topic
from cadec.members.permissions import viewer_of


def _facet_links(request: HttpRequest, facets: dict[str, list[search.FacetValue]]) -> list:
    """Each facet value with the link that adds it to (or removes it from) the current search."""
    groups = []
    titles = {
        "country": _("Country"),
        "sector": _("Sector"),
        "theme": _("Theme"),
        "language": _("Language"),
    }
    for name, values in facets.items():
        links = []
        for value in values:
            params = request.GET.copy()
            active = params.get(name) == value.value
            if active:
                params.pop(name)
            else:
                params[name] = value.value
            links.append({"value": value, "active": active, "query": params.urlencode()})
        groups.append({"name": name, "title": titles[name], "links": links})
    return groups


@login_not_required
@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = forms.SearchForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    results = search.search_practices(
        query=data.get("q", ""),
        viewer=viewer,
        filters=search.SearchFilters(
            country=data.get("country", ""),
            sector=data.get("sector", ""),
            theme=data.get("theme", ""),
            language=data.get("language", ""),
        ),
        limit=30,
    )
    return render(
        request,
        "exchange/practice_list.html",
        {
            "form": form,
            "query": data.get("q", ""),
            "results": results,
            "facets": _facet_links(request, results.facets),
            "can_share": bool(permissions.delegations_of(viewer)),
            "can_moderate": permissions.can_moderate(viewer),
            "mine": selectors.practices_of_mine(viewer=viewer)[:20]
            if viewer.delegation_country_ids
            else [],
        },
        status=200 if valid else 400,
    )


def _practice_data(form: forms.PracticeForm) -> services.PracticeData:
    data = form.cleaned_data
    return services.PracticeData(
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        language=data["language"],
        results=data["results"],
        contact=data["contact"],
        sectors=tuple(data["sectors"]),
        themes=tuple(data["themes"]),
    )


def _form_page(request: HttpRequest, form: Any, *, title: str, status: int = 200) -> HttpResponse:
    return render(request, "exchange/form.html", {"form": form, "title": title}, status=status)


@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not permissions.delegations_of(viewer):
        raise PermissionDenied(_("Only a member delegation shares practices."))
    form = forms.PracticeForm(
        request.POST or None, initial={"language": viewer.user.language if viewer.user else "en"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                viewer=viewer, data=_practice_data(form), now=timezone.now()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Draft saved. Submit it when it is ready."))
            return redirect("exchange_practice", practice_id=practice.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=_("Share a practice"), status=status)


@login_not_required
@require_safe
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    return render(
        request,
        "exchange/practice_detail.html",
        {
            "practice": practice,
            "translations": list(practice.translations.all()),
            "attachments": list(practice.attachments.all()),
            "similar": search.similar_practices(practice=practice, viewer=viewer, limit=5),
            "can_edit": permissions.can_edit_practice(viewer, practice=practice),
            "can_submit": permissions.can_submit_practice(viewer, practice=practice),
            "can_moderate": permissions.can_moderate(viewer)
            and practice.status == Practice.Status.SUBMITTED,
            "can_translate": permissions.can_translate_practice(viewer, practice=practice),
            "machine_languages": [
                (code, name) for code, name in settings.LANGUAGES if code != practice.language
            ]
            if translation.translator() is not None
            else [],
            "moderation_form": forms.ModerationForm(),
            "translation_form": forms.TranslationForm(),
        },
    )


@login_not_required
@require_safe
def practice_machine_translation(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = selectors.get_practice_for(viewer=viewer_of(request), practice_id=practice_id)
    machine = translation.translate_practice(
        practice=practice, language=request.GET.get("language", "")[:10]
    )
    return render(
        request,
        "exchange/machine_translation.html",
        {
            "practice": practice,
            "machine": machine,
            "language_name": dict(settings.LANGUAGES)[machine.language],
        },
    )


@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    if not permissions.can_edit_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not edit this practice."))
    initial = {
        "title": practice.title,
        "summary": practice.summary,
        "body": practice.body,
        "language": practice.language,
        "results": practice.results,
        "contact": practice.contact,
        "sectors": list(practice.sectors.all()),
        "themes": list(practice.themes.all()),
    }
    form = forms.PracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_practice(
                viewer=viewer, practice=practice, data=_practice_data(form), now=timezone.now()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Practice saved."))
            return redirect("exchange_practice", practice_id=practice.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=_("Edit the practice"), status=status)


@require_POST
def practice_submit(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    services.submit_practice(viewer=viewer, practice=practice, now=timezone.now())
    messages.success(request, _("Submitted to the Secretariat for moderation."))
    return redirect("exchange_practice", practice_id=practice.pk)


@require_POST
def practice_moderate(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    if not permissions.can_moderate(viewer):
        raise PermissionDenied(_("Only the Secretariat moderates practices."))
    form = forms.ModerationForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Choose to publish the practice or to return it."), field="decision")
    if form.cleaned_data["decision"] == "publish":
        services.publish_practice(viewer=viewer, practice=practice, now=timezone.now())
        messages.success(request, _("Practice published."))
    else:
        services.return_practice(
            viewer=viewer,
            practice=practice,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )
        messages.success(request, _("Practice returned to its delegation."))
    return redirect("exchange_moderation")


@require_POST
def practice_translate(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    form = forms.TranslationForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Give the language, title and summary of the translation."))
    services.add_translation(
        viewer=viewer, practice=practice, now=timezone.now(), **form.cleaned_data
    )
    messages.success(request, _("Translation saved."))
    return redirect("exchange_practice", practice_id=practice.pk)


@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    queue = selectors.moderation_queue(viewer=viewer_of(request))
    return render(
        request,
        "exchange/moderation.html",
        {"queue": queue, "moderation_form": forms.ModerationForm()},
    )


@require_safe
def listings(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    return render(
        request,
        "exchange/listings.html",
        {
            "needs": selectors.needs(viewer=viewer)[:100],
            "offers": selectors.offers(viewer=viewer)[:100],
            "can_post": permissions.can_post_listing(viewer),
        },
    )


def _listing_page(request: HttpRequest, *, create: Any, title: str) -> HttpResponse:
    viewer = viewer_of(request)
    if not permissions.can_post_listing(viewer):
        raise PermissionDenied(_("Only a member delegation posts needs and offers."))
    form = forms.ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listing = create(
                viewer=viewer,
                data=services.ListingData(
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    language=data["language"],
                    sectors=tuple(data["sectors"]),
                    themes=tuple(data["themes"]),
                ),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Posted."))
            if create is services.create_need:
                return redirect("exchange_need", need_id=listing.pk)
            return redirect("exchange_listings")
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=title, status=status)


@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    return _listing_page(request, create=services.create_need, title=_("Post a need"))


@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    return _listing_page(request, create=services.create_offer, title=_("Post an offer"))


@require_safe
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    need = selectors.get_need_for(viewer=viewer, need_id=need_id)
    return render(
        request,
        "exchange/need_detail.html",
        {
            "need": need,
            "matches": selectors.matches(viewer=viewer, need=need),
            "can_suggest": permissions.is_party_to(viewer, listing=need)
            or permissions.can_moderate(viewer),
        },
    )


@require_POST
def need_suggest(request: HttpRequest, need_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    need = selectors.get_need_for(viewer=viewer, need_id=need_id)
    if not (permissions.is_party_to(viewer, listing=need) or permissions.can_moderate(viewer)):
        raise PermissionDenied(_("Only the delegation that asked and the Secretariat do this."))
    created = services.suggest_matches(need=need, now=timezone.now())
    messages.success(request, _("%(count)d new suggestions.") % {"count": len(created)})
    return redirect("exchange_need", need_id=need.pk)


@require_safe
def match_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    return render(
        request,
        "exchange/matches.html",
        {
            "matches": selectors.matches(viewer=viewer)[:200],
            "statuses": Match.Status.choices,
        },
    )


@require_POST
def match_status(request: HttpRequest, match_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    match = selectors.get_match_for(viewer=viewer, match_id=match_id)
    form = forms.MatchStatusForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Choose the new status of the match."), field="status")
    services.advance_match(
        viewer=viewer, match=match, status=form.cleaned_data["status"], now=timezone.now()
    )
    messages.success(request, _("Match updated."))
    return redirect("exchange_matches")


@require_safe
def expert_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    topic = request.GET.get("topic", "")[:50]
    return render(
        request,
        "exchange/experts.html",
        {
            "experts": selectors.experts(viewer=viewer, topic=topic),
            "topics": Topic.objects.order_by("kind", "name"),
            "topic": topic,
        },
    )


@require_http_methods(["GET", "POST"])
def expert_join(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = forms.ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.list_expert(
                viewer=viewer,
                expertise=form.cleaned_data["expertise"],
                topics=form.cleaned_data["topics"],
                languages=form.cleaned_data["languages"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("You are in the expert directory."))
            return redirect("exchange_experts")
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=_("Join the expert directory"), status=status)


@require_POST
def practice_attach(request: HttpRequest, practice_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    services.attach_upload(
        viewer=viewer, practice=practice, upload=request.FILES.get("file"), now=timezone.now()
    )
    messages.success(request, _("File attached."))
    return redirect("exchange_practice", practice_id=practice.pk)


@login_not_required
@require_safe
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = selectors.get_attachment_for(
        viewer=viewer_of(request), attachment_id=attachment_id
    )
    return attachments.download(attachment)
