"""Writes of the exchange: practices and their moderation, translations, needs, offers,
matches and the expert directory. Each checks its permission and records an audit event."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import nh3
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cadec.core import audit
from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.exchange import mail, permissions, search
from cadec.exchange.models import (
    Expert,
    Kind,
    Match,
    Need,
    Offer,
    Practice,
    PracticeAttachment,
    PracticeTranslation,
)
from cadec.members.models import Organisation, Topic
from cadec.members.permissions import Viewer

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitise(markup: str) -> str:
    """Keep a small set of formatting tags; drop scripts, handlers and javascript: links."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(
            _("“%(language)s” is not one of the framework's languages.") % {"language": language},
            field="language",
        )


def _check_topics(topics: Iterable[Topic], kind: str, field: str) -> list[Topic]:
    chosen = list(topics)
    if any(t.kind != kind for t in chosen):
        raise DomainError(_("Choose topics of the right kind."), field=field)
    return chosen


@dataclass(frozen=True)
class PracticeData:
    title: str
    summary: str
    body: str
    language: str
    results: str = ""
    contact: str = ""
    sectors: tuple[Topic, ...] = ()
    themes: tuple[Topic, ...] = ()


def _enqueue_embedding(practice: Practice) -> None:
    from cadec.exchange.tasks import embed_practice

    transaction.on_commit(lambda: embed_practice.enqueue(practice_id=practice.pk))


def _apply(practice: Practice, data: PracticeData) -> None:
    if not data.title.strip():
        raise DomainError(_("A practice needs a title."), field="title")
    if not data.summary.strip():
        raise DomainError(_("A practice needs a summary."), field="summary")
    _check_language(data.language)
    practice.title = data.title.strip()
    practice.summary = data.summary.strip()
    practice.body = sanitise(data.body)
    practice.language = data.language
    practice.results = data.results.strip()
    practice.contact = data.contact.strip()


@transaction.atomic
def create_practice(
    *,
    viewer: Viewer,
    data: PracticeData,
    now: datetime,
    organisation: Organisation | None = None,
    demonstration: bool = False,
) -> Practice:
    """Start a practice as a draft of the viewer's delegation.

    :raises PermissionDenied: the viewer speaks for no delegation.
    """
    delegations = permissions.delegations_of(viewer)
    if organisation is None:
        if not delegations:
            raise PermissionDenied(_("Only a member delegation shares practices."))
        organisation = delegations[0]
    elif organisation not in delegations and not permissions.can_moderate(viewer):
        raise PermissionDenied(_("You may share practices for your own delegation only."))
    if organisation.country_id is None:
        raise DomainError(_("A practice belongs to a member delegation."), field="organisation")
    practice = Practice(
        organisation=organisation,
        country_id=organisation.country_id,
        author=viewer.user,
        created_at=now,
        updated_at=now,
        is_demonstration=demonstration,
    )
    _apply(practice, data)
    practice.save()
    practice.sectors.set(_check_topics(data.sectors, Topic.Kind.SECTOR, "sectors"))
    practice.themes.set(_check_topics(data.themes, Topic.Kind.THEME, "themes"))
    search.index_practice(practice)
    audit.record(action="practice.created", target=practice, actor=viewer.user, now=now)
    _enqueue_embedding(practice)
    return practice


@transaction.atomic
def update_practice(
    *, viewer: Viewer, practice: Practice, data: PracticeData, now: datetime
) -> Practice:
    """Change a practice; a published one is changed by the Secretariat only.

    :raises PermissionDenied: the viewer may not edit it.
    """
    if not permissions.can_edit_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not edit this practice."))
    _apply(practice, data)
    practice.updated_at = now
    practice.save()
    practice.sectors.set(_check_topics(data.sectors, Topic.Kind.SECTOR, "sectors"))
    practice.themes.set(_check_topics(data.themes, Topic.Kind.THEME, "themes"))
    search.index_practice(practice)
    audit.record(action="practice.updated", target=practice, actor=viewer.user, now=now)
    _enqueue_embedding(practice)
    return practice


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


@transaction.atomic
def submit_practice(*, viewer: Viewer, practice: Practice, now: datetime) -> Practice:
    """Send a draft to the Secretariat for moderation.

    :raises Conflict: the practice is not a draft.
    """
    practice = _lock(practice)
    if practice.status != Practice.Status.DRAFT:
        raise Conflict(_("Only a draft can be submitted."))
    if not permissions.can_submit_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not submit this practice."))
    practice.status = Practice.Status.SUBMITTED
    practice.updated_at = now
    practice.save(update_fields=["status", "updated_at"])
    audit.record(action="practice.submitted", target=practice, actor=viewer.user, now=now)
    return practice


@transaction.atomic
def publish_practice(*, viewer: Viewer, practice: Practice, now: datetime) -> Practice:
    """Publish a submitted practice (the Secretariat's moderation).

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: the practice was not submitted.
    """
    if not permissions.can_moderate(viewer):
        raise PermissionDenied(_("Only the Secretariat publishes practices."))
    practice = _lock(practice)
    if practice.status != Practice.Status.SUBMITTED:
        raise Conflict(_("Only a submitted practice can be published."))
    practice.status = Practice.Status.PUBLISHED
    practice.published_at = now
    practice.updated_at = now
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(action="practice.published", target=practice, actor=viewer.user, now=now)
    return practice


@transaction.atomic
def return_practice(*, viewer: Viewer, practice: Practice, reason: str, now: datetime) -> Practice:
    """Send a submitted practice back to its delegation as a draft, with the reason.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: the practice was not submitted.
    """
    if not permissions.can_moderate(viewer):
        raise PermissionDenied(_("Only the Secretariat moderates practices."))
    if not reason.strip():
        raise DomainError(_("Say why the practice goes back to its delegation."), field="reason")
    practice = _lock(practice)
    if practice.status != Practice.Status.SUBMITTED:
        raise Conflict(_("Only a submitted practice can be returned."))
    practice.status = Practice.Status.DRAFT
    practice.updated_at = now
    practice.save(update_fields=["status", "updated_at"])
    audit.record(
        action="practice.returned", target=practice, actor=viewer.user, now=now, reason=reason
    )
    return practice


@transaction.atomic
def add_translation(
    *,
    viewer: Viewer,
    practice: Practice,
    language: str,
    title: str,
    summary: str,
    body: str,
    now: datetime,
) -> PracticeTranslation:
    """Add (or replace) a human translation of a practice in another language.

    :raises DomainError: the language is the practice's own or not a framework language.
    """
    if not permissions.can_translate_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not translate this practice."))
    _check_language(language)
    if language == practice.language:
        raise DomainError(_("A translation is in another language."), field="language")
    if not title.strip() or not summary.strip():
        raise DomainError(_("A translation needs a title and a summary."), field="title")
    translation, _created = PracticeTranslation.objects.update_or_create(
        practice=practice,
        language=language,
        defaults={
            "title": title.strip(),
            "summary": summary.strip(),
            "body": sanitise(body),
            "translator": viewer.user,
            "created_at": now,
        },
    )
    search.index_practice(practice)
    audit.record(
        action="practice.translated", target=practice, actor=viewer.user, now=now, language=language
    )
    return translation


@dataclass(frozen=True)
class ListingData:
    kind: str
    title: str
    description: str
    language: str
    sectors: tuple[Topic, ...] = ()
    themes: tuple[Topic, ...] = ()


def _create_listing(
    model: type[Need] | type[Offer],
    *,
    viewer: Viewer,
    data: ListingData,
    now: datetime,
    delegation: Organisation | None,
    demonstration: bool,
) -> Need | Offer:
    delegations = permissions.delegations_of(viewer)
    if delegation is None:
        if not delegations:
            raise PermissionDenied(_("Only a member delegation posts needs and offers."))
        delegation = delegations[0]
    elif delegation not in delegations and not permissions.can_moderate(viewer):
        raise PermissionDenied(_("You may post for your own delegation only."))
    if data.kind not in Kind.values:
        raise DomainError(_("Choose expertise, technology, training or equipment."), field="kind")
    if not data.title.strip() or not data.description.strip():
        raise DomainError(_("Give a title and a description."), field="title")
    _check_language(data.language)
    listing = model.objects.create(
        delegation=delegation,
        kind=data.kind,
        title=data.title.strip(),
        description=data.description.strip(),
        language=data.language,
        author=viewer.user,
        created_at=now,
        is_demonstration=demonstration,
    )
    listing.sectors.set(_check_topics(data.sectors, Topic.Kind.SECTOR, "sectors"))
    listing.themes.set(_check_topics(data.themes, Topic.Kind.THEME, "themes"))
    audit.record(
        action=f"{model._meta.model_name}.created", target=listing, actor=viewer.user, now=now
    )
    return listing


@transaction.atomic
def create_need(
    *,
    viewer: Viewer,
    data: ListingData,
    now: datetime,
    delegation: Organisation | None = None,
    demonstration: bool = False,
) -> Need:
    """Post what a delegation asks for, and suggest matches for it.

    :raises PermissionDenied: the viewer speaks for no delegation.
    """
    need = _create_listing(
        Need, viewer=viewer, data=data, now=now, delegation=delegation, demonstration=demonstration
    )
    assert isinstance(need, Need)  # noqa: S101 (for the type checker)
    return need


@transaction.atomic
def create_offer(
    *,
    viewer: Viewer,
    data: ListingData,
    now: datetime,
    delegation: Organisation | None = None,
    demonstration: bool = False,
) -> Offer:
    """Post what a delegation offers.

    :raises PermissionDenied: the viewer speaks for no delegation.
    """
    offer = _create_listing(
        Offer, viewer=viewer, data=data, now=now, delegation=delegation, demonstration=demonstration
    )
    assert isinstance(offer, Offer)  # noqa: S101 (for the type checker)
    return offer


@transaction.atomic
def suggest_matches(*, need: Need, now: datetime, limit: int = 5) -> list[Match]:
    """Record the best offers and practices for a need as suggested matches (kept ones stay)."""
    from cadec.exchange import matchmaking

    created = []
    for suggestion in matchmaking.suggestions_for(need=need, limit=limit):
        match, was_created = Match.objects.get_or_create(
            need=need,
            offer=suggestion.offer,
            practice=suggestion.practice,
            defaults={
                "score": suggestion.score,
                "reason": suggestion.reason,
                "created_at": now,
                "updated_at": now,
            },
        )
        if was_created:
            created.append(match)
            transaction.on_commit(partial(mail.send_match_news, match_id=match.pk))
    return created


NEXT_STATUS = {
    Match.Status.SUGGESTED: {Match.Status.CONTACTED},
    Match.Status.CONTACTED: {Match.Status.IN_PROGRESS, Match.Status.DONE},
    Match.Status.IN_PROGRESS: {Match.Status.DONE},
    Match.Status.DONE: set(),
}


@transaction.atomic
def advance_match(*, viewer: Viewer, match: Match, status: str, now: datetime) -> Match:
    """Move a match on: suggested → contacted → in progress → done.

    :raises PermissionDenied: the viewer is neither party nor the Secretariat.
    :raises Conflict: the step is not the next one.
    """
    if not permissions.can_follow_match(viewer, match=match):
        raise PermissionDenied(
            _("Only the delegations concerned and the Secretariat follow a match.")
        )
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("need", "offer")
        .get(pk=match.pk)
    )
    if status not in NEXT_STATUS.get(match.status, set()):  # type: ignore[call-overload]
        raise Conflict(
            _("A match that is “%(current)s” cannot become “%(status)s”.")
            % {"current": match.get_status_display(), "status": status},
            field="status",
        )
    previous = match.status
    match.status = status
    match.updated_at = now
    match.save(update_fields=["status", "updated_at"])
    audit.record(
        action="match.advanced",
        target=match,
        actor=viewer.user,
        now=now,
        previous=previous,
        status=status,
    )
    match_id = match.pk
    transaction.on_commit(lambda: mail.send_match_news(match_id=match_id))
    return match


@transaction.atomic
def list_expert(
    *, viewer: Viewer, expertise: str, topics: Iterable[Topic], languages: list[str], now: datetime
) -> Expert:
    """Put the viewer (or update them) in the expert directory."""
    if not permissions.can_list_self_as_expert(viewer) or viewer.user is None:
        raise PermissionDenied(_("Only members of the cooperation join the expert directory."))
    if not expertise.strip():
        raise DomainError(_("Describe your expertise."), field="expertise")
    for language in languages:
        _check_language(language)
    expert, _created = Expert.objects.update_or_create(
        user=viewer.user,
        defaults={
            "organisation": viewer.memberships[0].organisation,
            "expertise": expertise.strip(),
            "languages": languages,
            "created_at": now,
        },
    )
    expert.topics.set(list(topics))
    audit.record(action="expert.listed", target=expert, actor=viewer.user, now=now)
    return expert


def attach_upload(
    *, viewer: Viewer, practice: Practice, upload: UploadedFile | None, now: datetime
) -> PracticeAttachment:
    """Attach a file uploaded through a page or the API, read no further than one byte past
    the size limit (enough to refuse a file that is too large).

    :raises PermissionDenied: the viewer may not edit the practice (checked before reading).
    :raises DomainError: no file was sent.
    :raises AttachmentRefused: too large, empty, or not a PDF, PNG, JPEG or .docx file.
    """
    from cadec.exchange import attachments

    if not permissions.can_edit_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not add files to this practice."))
    if upload is None:
        raise DomainError(_("Choose a file to attach."), field="file")
    content = upload.read(attachments.MAX_ATTACHMENT_BYTES + 1)
    return attach_file(
        viewer=viewer, practice=practice, name=upload.name or "", content=content, now=now
    )


@transaction.atomic
def attach_file(
    *, viewer: Viewer, practice: Practice, name: str, content: bytes, now: datetime
) -> PracticeAttachment:
    """Attach a file to a practice; its size and its type (by content) are checked.

    :raises PermissionDenied: the viewer may not edit the practice.
    :raises AttachmentRefused: too large, empty, or not a PDF, PNG, JPEG or .docx file.
    """
    from django.utils.text import get_valid_filename

    from cadec.exchange import attachments

    if not permissions.can_edit_practice(viewer, practice=practice):
        raise PermissionDenied(_("You may not add files to this practice."))
    attachments.check_size(len(content))
    content_type = attachments.content_type_of(content)
    safe_name = get_valid_filename(name.replace("\\", "/").rsplit("/", 1)[-1])[:200] or "file"
    attachment = PracticeAttachment.objects.create(
        practice=practice,
        name=safe_name,
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=viewer.user,
        created_at=now,
    )
    audit.record(
        action="practice.file_attached", target=practice, actor=viewer.user, now=now, name=safe_name
    )
    return attachment
