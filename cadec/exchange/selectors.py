"""Reads of the exchange; each selector owns its query cost and its permission check."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cadec.core.errors import NotFound, PermissionDenied
from cadec.exchange import permissions
from cadec.exchange.models import (
    Expert,
    Match,
    Need,
    Offer,
    Practice,
    PracticeAttachment,
    PracticeTranslation,
)
from cadec.exchange.search import visible_practices
from cadec.members.models import Topic
from cadec.members.permissions import Viewer


def get_practice_for(*, viewer: Viewer, practice_id: int) -> Practice:
    """A practice the viewer may see, with its topics and translations.

    :raises NotFound: no such practice, or a draft the viewer may not see.
    """
    practice = (
        Practice.objects.select_related("country", "organisation", "author")
        .prefetch_related(
            Prefetch("sectors", queryset=Topic.objects.order_by("name")),
            Prefetch("themes", queryset=Topic.objects.order_by("name")),
            Prefetch("translations", queryset=PracticeTranslation.objects.order_by("language")),
            Prefetch(
                "attachments",
                queryset=PracticeAttachment.objects.defer("content").order_by("created_at", "pk"),
            ),
        )
        .filter(pk=practice_id)
        .first()
    )
    if practice is None or not permissions.can_view_practice(viewer, practice=practice):
        raise NotFound(_("No practice with id %(id)s.") % {"id": practice_id}, field="practice_id")
    return practice


def get_attachment_for(*, viewer: Viewer, attachment_id: int) -> PracticeAttachment:
    """A file of a practice the viewer may see.

    :raises NotFound: no such file, or one of a practice the viewer may not see.
    """
    attachment = (
        PracticeAttachment.objects.select_related("practice").filter(pk=attachment_id).first()
    )
    if attachment is None or not permissions.can_view_practice(
        viewer, practice=attachment.practice
    ):
        raise NotFound(
            _("No attachment with id %(id)s.") % {"id": attachment_id}, field="attachment_id"
        )
    return attachment


def practices_of_mine(*, viewer: Viewer) -> QuerySet[Practice]:
    """Drafts and submissions of the viewer's delegations, newest first."""
    countries = viewer.delegation_country_ids
    return (
        Practice.objects.filter(country_id__in=countries)
        .exclude(status=Practice.Status.PUBLISHED)
        .select_related("country")
        .order_by("-updated_at", "-pk")
    )


def moderation_queue(*, viewer: Viewer) -> QuerySet[Practice]:
    """Practices awaiting the Secretariat's decision, oldest first."""
    if not permissions.can_moderate(viewer):
        raise PermissionDenied(_("Only the Secretariat moderates practices."))
    return (
        Practice.objects.filter(status=Practice.Status.SUBMITTED)
        .select_related("country", "organisation", "author")
        .order_by("updated_at", "pk")
    )


def _require_listings(viewer: Viewer) -> None:
    if not permissions.can_view_listings(viewer):
        raise PermissionDenied(_("Only members of the cooperation see needs and offers."))


def needs(*, viewer: Viewer) -> QuerySet[Need]:
    _require_listings(viewer)
    return (
        Need.objects.select_related("delegation__country")
        .prefetch_related("sectors", "themes")
        .order_by("-created_at", "-pk")
    )


def offers(*, viewer: Viewer) -> QuerySet[Offer]:
    _require_listings(viewer)
    return (
        Offer.objects.select_related("delegation__country")
        .prefetch_related("sectors", "themes")
        .order_by("-created_at", "-pk")
    )


def get_need_for(*, viewer: Viewer, need_id: int) -> Need:
    need = needs(viewer=viewer).filter(pk=need_id).first()
    if need is None:
        raise NotFound(_("No need with id %(id)s.") % {"id": need_id}, field="need_id")
    return need


def matches(*, viewer: Viewer, need: Need | None = None) -> QuerySet[Match]:
    """Matches the viewer follows (all for the Secretariat), best first."""
    _require_listings(viewer)
    qs = Match.objects.select_related(
        "need__delegation__country", "offer__delegation__country", "practice__country"
    ).order_by("-score", "pk")
    if need is not None:
        qs = qs.filter(need=need)
    if permissions.can_moderate(viewer):
        return qs
    delegation_ids = [d.pk for d in permissions.delegations_of(viewer)]
    return qs.filter(
        Q(need__delegation_id__in=delegation_ids) | Q(offer__delegation_id__in=delegation_ids)
    )


def get_match_for(*, viewer: Viewer, match_id: int) -> Match:
    match = matches(viewer=viewer).filter(pk=match_id).first()
    if match is None:
        raise NotFound(_("No match with id %(id)s.") % {"id": match_id}, field="match_id")
    return match


def experts(*, viewer: Viewer, topic: str = "") -> QuerySet[Expert]:
    """The expert directory, optionally for one theme or sector (by code)."""
    if not permissions.can_view_experts(viewer):
        raise PermissionDenied(_("Only members of the cooperation see the expert directory."))
    qs = (
        Expert.objects.select_related("user", "organisation__country")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("kind", "name")),
            Prefetch(
                "user__practices",
                queryset=Practice.objects.filter(status=Practice.Status.PUBLISHED).order_by(
                    "title"
                ),
                to_attr="published_practices",
            ),
        )
        .order_by("user__display_name", "user__username")
    )
    if topic:
        qs = qs.filter(topics__code=topic)
    return qs


def topics(*, kind: str) -> QuerySet[Topic]:
    return Topic.objects.filter(kind=kind).order_by("name")


__all__ = ["visible_practices"]
