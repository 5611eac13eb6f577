"""Reads for the programme. Each selector owns its query cost and checks visibility itself
(fetch-and-check), so no page, API, feed or search can show a members-only activity or its
room to someone who may not see it."""

import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cadec.core.errors import NotFound
from cadec.members import selectors as member_selectors
from cadec.members.models import Framework, Membership, Organisation, Participation, Topic, User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for
from cadec.programme import permissions, scheduling
from cadec.programme.models import (
    ActionItem,
    Activity,
    AgendaItem,
    FeedToken,
    Minutes,
    MinutesCorrection,
    MinutesVersion,
    Outcome,
    Registration,
    Session,
    Speaker,
    Statement,
)

PAGE_SIZE = 50
HISTORY_LENGTH = 6  # past activities that count for the fairness of the scheduling assistant

# Activity visibility


def visible_activities(viewer: Viewer) -> QuerySet[Activity]:
    """Every activity the viewer may see: public ones, and members-only ones where they take
    part (their delegation's or the Secretariat's framework) or were invited."""
    activities = Activity.objects.all()
    if viewer.is_superuser:
        return activities
    condition = Q(visibility=Activity.Visibility.PUBLIC)
    frameworks = permissions.participant_framework_ids(viewer)
    if frameworks:
        condition |= Q(framework_id__in=frameworks)
    organisations = permissions.organisation_ids(viewer)
    if organisations:
        condition |= Q(
            Exists(
                Activity.invited.through.objects.filter(
                    activity_id=OuterRef("pk"), organisation_id__in=organisations
                )
            )
        )
    return activities.filter(condition)


def room_url(activity: Activity) -> str:
    base = settings.CADEC_VIDEO_CONFERENCE_BASE_URL
    return base + ("" if base.endswith("/") else "/") + activity.room_name


@dataclass(frozen=True)
class ActivityAccess:
    """An activity as one viewer may see it, with what they may do there."""

    activity: Activity
    viewer: Viewer
    invited_ids: frozenset[int]

    @property
    def is_participant(self) -> bool:
        return permissions.is_participant(
            self.viewer, activity=self.activity, invited_ids=self.invited_ids
        )

    @property
    def can_join(self) -> bool:
        return permissions.can_join_room(
            self.viewer, activity=self.activity, invited_ids=self.invited_ids
        )

    @property
    def room_url(self) -> str | None:
        """The online room, for those who may join it; ``None`` for everyone else."""
        return room_url(self.activity) if self.can_join else None


def _activity_queryset() -> QuerySet[Activity]:
    return Activity.objects.select_related("framework").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("kind", "pk")),
        Prefetch(
            "organisers", queryset=Organisation.objects.select_related("country").order_by("name")
        ),
        Prefetch("invited", queryset=Organisation.objects.order_by("name")),
    )


def access_to(*, viewer: Viewer, activity: Activity) -> ActivityAccess:
    """Check that ``viewer`` may see ``activity``.

    :raises NotFound: the activity is members-only and the viewer neither takes part nor is
        invited (the answer is the same as for an activity that does not exist).
    """
    invited_ids = frozenset(o.pk for o in activity.invited.all())
    if not permissions.can_see_activity(viewer, activity=activity, invited_ids=invited_ids):
        raise NotFound(_("No activity with id %(id)s.") % {"id": activity.pk}, field="activity_id")
    return ActivityAccess(activity=activity, viewer=viewer, invited_ids=invited_ids)


def get_activity_for(*, viewer: Viewer, activity_id: int) -> ActivityAccess:
    """Fetch an activity and check that the viewer may see it.

    :raises NotFound: no such activity, or one the viewer may not see.
    """
    activity = _activity_queryset().filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No activity with id %(id)s.") % {"id": activity_id}, field="activity_id")
    return access_to(viewer=viewer, activity=activity)


# The programme


@dataclass(frozen=True)
class ProgrammeFilter:
    theme: str = ""
    sector: str = ""
    kind: str = ""
    month: date | None = None  # the first day of a month (UTC)
    framework: Framework | None = None


def programme(*, viewer: Viewer, filters: ProgrammeFilter | None = None) -> QuerySet[Activity]:
    """The activities the viewer may see, filtered, in time order, with what a list shows."""
    filters = filters or ProgrammeFilter()
    activities = visible_activities(viewer)
    if filters.framework is not None:
        activities = activities.filter(framework=filters.framework)
    for kind, code in ((Topic.Kind.THEME, filters.theme), (Topic.Kind.SECTOR, filters.sector)):
        if code:
            activities = activities.filter(
                Exists(
                    Activity.topics.through.objects.filter(
                        activity_id=OuterRef("pk"), topic__kind=kind, topic__code=code
                    )
                )
            )
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.month is not None:
        activities = activities.filter(**_month_range(filters.month))
    return activities.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("kind", "pk"))
    ).order_by("starts_at", "pk")


def _month_range(month: date) -> dict[str, datetime]:
    first = datetime(month.year, month.month, 1, tzinfo=UTC)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=UTC)
    return {"starts_at__gte": first, "starts_at__lt": following}


def programme_page(
    *, viewer: Viewer, filters: ProgrammeFilter | None = None, page: int = 1
) -> Page:
    """One page of the programme (a count and one query, plus the topics of the page)."""
    paginator = Paginator(programme(viewer=viewer, filters=filters), PAGE_SIZE)
    return paginator.get_page(page)


def topics(*, framework: Framework | None = None) -> QuerySet[Topic]:
    qs = Topic.objects.order_by("kind", "pk")
    return qs.filter(framework=framework) if framework is not None else qs


# One activity in detail


def programme_members(*, framework: Framework, on: date) -> list[scheduling.Member]:
    """The participating members on ``on`` (observers excluded), with their zones."""
    return [
        scheduling.Member(
            code=p.country.iso2, name=p.country.name, zones=tuple(p.country.time_zones)
        )
        for p in member_selectors.participants_on(framework=framework, on=on)
        if p.kind == Participation.Kind.MEMBER and p.country.time_zones
    ]


def time_strip(*, activity: Activity) -> list[scheduling.LocalTime]:
    members = programme_members(framework=activity.framework, on=activity.starts_at.date())
    return scheduling.local_times(
        starts_at=activity.starts_at, ends_at=activity.ends_at, members=members
    )


def sessions_of(*, activity: Activity) -> QuerySet[Session]:
    return (
        Session.objects.filter(activity=activity)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("position").prefetch_related(
                    Prefetch("speakers", queryset=_speakers())
                ),
            )
        )
        .order_by("starts_at", "pk")
    )


def _speakers() -> QuerySet[Speaker]:
    return Speaker.objects.select_related("organisation").order_by("position")


def registrations_for(*, access: ActivityAccess) -> QuerySet[Registration]:
    """The Secretariat sees every registration; others see their own organisations' and own."""
    viewer = access.viewer
    registrations = (
        Registration.objects.filter(activity=access.activity)
        .select_related("person", "organisation__country")
        .order_by("organisation__name", "person__display_name", "pk")
    )
    if permissions.is_secretariat(viewer):
        return registrations
    if viewer.user is None:
        return registrations.none()
    return registrations.filter(
        Q(organisation_id__in=permissions.organisation_ids(viewer)) | Q(person=viewer.user)
    )


def seats_taken(*, activity: Activity, organisation: Organisation) -> int:
    return Registration.objects.filter(
        activity=activity,
        organisation=organisation,
        status__in=[Registration.Status.PENDING, Registration.Status.APPROVED],
    ).count()


def registrable_people(*, access: ActivityAccess) -> list[tuple[Organisation, list[User]]]:
    """For each organisation the viewer may register people of, its current people."""
    viewer = access.viewer
    if viewer.user is None:
        return []
    activity = access.activity
    managed = [
        m.organisation
        for m in viewer.memberships
        if permissions.manages_delegation(viewer, organisation_id=m.organisation_id)
        and permissions.registrable_organisation(
            activity=activity, organisation=m.organisation, invited_ids=access.invited_ids
        )
    ]
    own = [
        m.organisation
        for m in viewer.memberships
        if permissions.registrable_organisation(
            activity=activity, organisation=m.organisation, invited_ids=access.invited_ids
        )
    ]
    result: list[tuple[Organisation, list[User]]] = []
    seen: set[int] = set()
    managed_ids = {o.pk for o in managed}
    if managed_ids:
        current = (
            Membership.objects.filter(organisation_id__in=managed_ids, start_date__lte=viewer.on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=viewer.on))
            .select_related("user")
            .order_by("user__display_name", "user__username")
        )
        people: dict[int, list[User]] = {}
        for membership in current:
            group = people.setdefault(membership.organisation_id, [])
            if membership.user not in group:
                group.append(membership.user)
        for organisation in managed:
            if organisation.pk not in seen:
                seen.add(organisation.pk)
                result.append((organisation, people.get(organisation.pk, [])))
    for organisation in own:
        if organisation.pk not in seen:
            seen.add(organisation.pk)
            result.append((organisation, [viewer.user]))
    return result


def statements_of(*, activity: Activity) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(activity=activity)
        .select_related("organisation__country")
        .order_by("created_at", "pk")
    )


def get_statement_for(*, viewer: Viewer, statement_id: int) -> Statement:
    """:raises NotFound: no such statement, or one on an activity the viewer may not see."""
    statement = (
        Statement.objects.select_related("activity", "organisation")
        .filter(pk=statement_id, activity__in=visible_activities(viewer))
        .first()
    )
    if statement is None:
        raise NotFound(
            _("No statement with id %(id)s.") % {"id": statement_id}, field="statement_id"
        )
    return statement


def outcomes_of(*, activity: Activity) -> QuerySet[Outcome]:
    return activity.outcomes.order_by("position")


def action_items_of(*, activity: Activity) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(activity=activity)
        .select_related("owner__country")
        .order_by("due_date", "pk")
    )


def action_items(
    *, viewer: Viewer, on: date, overdue_only: bool = False, owner_id: int | None = None
) -> QuerySet[ActionItem]:
    """Action items of the activities the viewer may see; overdue ones are open past their
    due date on ``on``."""
    items = (
        ActionItem.objects.filter(activity__in=visible_activities(viewer))
        .select_related("activity", "owner__country")
        .order_by("due_date", "pk")
    )
    if overdue_only:
        items = items.filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=on)
    if owner_id is not None:
        items = items.filter(owner_id=owner_id)
    return items


def get_action_item_for(*, viewer: Viewer, action_id: int) -> ActionItem:
    """:raises NotFound: no such action item, or one the viewer may not see."""
    item = (
        ActionItem.objects.select_related("activity", "owner")
        .filter(pk=action_id, activity__in=visible_activities(viewer))
        .first()
    )
    if item is None:
        raise NotFound(_("No action item with id %(id)s.") % {"id": action_id}, field="action_id")
    return item


def get_registration_for(*, viewer: Viewer, registration_id: int) -> Registration:
    """A registration the viewer may see: their own, their organisations', or any for the
    Secretariat.

    :raises NotFound: no such registration, or one the viewer may not see.
    """
    registration = (
        Registration.objects.select_related("activity__framework", "person", "organisation")
        .filter(pk=registration_id, activity__in=visible_activities(viewer))
        .first()
    )
    if registration is None or not (
        permissions.can_see_registrations_of(viewer, organisation_id=registration.organisation_id)
        or (viewer.user is not None and registration.person_id == viewer.user.pk)
    ):
        raise NotFound(
            _("No registration with id %(id)s.") % {"id": registration_id}, field="registration_id"
        )
    return registration


def registrations_of(*, viewer: Viewer) -> QuerySet[Registration]:
    """The viewer's own registrations, and those of the delegations they manage."""
    if viewer.user is None:
        return Registration.objects.none()
    managed = [
        m.organisation_id
        for m in viewer.memberships
        if permissions.manages_delegation(viewer, organisation_id=m.organisation_id)
    ]
    return (
        Registration.objects.filter(activity__in=visible_activities(viewer))
        .filter(Q(person=viewer.user) | Q(organisation_id__in=managed))
        .select_related("activity", "person", "organisation")
        .order_by("activity__starts_at", "organisation__name", "person__display_name", "pk")
    )


# Minutes


@dataclass(frozen=True)
class MinutesAccess:
    minutes: Minutes | None
    is_attendee: bool
    can_read: bool
    can_correct: bool

    @property
    def version(self) -> MinutesVersion | None:
        if self.minutes is None or not self.can_read:
            return None
        return self.minutes.current_version


def is_attendee(*, activity: Activity, user: User | None) -> bool:
    return user is not None and (
        Registration.objects.filter(
            activity=activity, person=user, status=Registration.Status.APPROVED
        ).exists()
    )


def minutes_for(*, access: ActivityAccess) -> MinutesAccess:
    minutes = (
        Minutes.objects.select_related("current_version").filter(activity=access.activity).first()
    )
    attendee = is_attendee(activity=access.activity, user=access.viewer.user)
    return MinutesAccess(
        minutes=minutes,
        is_attendee=attendee,
        can_read=permissions.can_read_minutes(access.viewer, minutes=minutes, is_attendee=attendee),
        can_correct=permissions.can_correct_minutes(
            access.viewer, minutes=minutes, is_attendee=attendee
        ),
    )


def minutes_versions(*, minutes: Minutes) -> QuerySet[MinutesVersion]:
    return minutes.versions.select_related("created_by").order_by("-number")


def get_minutes_version(*, minutes_access: MinutesAccess, number: int) -> MinutesVersion:
    """:raises NotFound: no such version, or minutes the viewer may not read yet."""
    if minutes_access.minutes is None or not minutes_access.can_read:
        raise NotFound(
            _("No version %(number)s of these minutes.") % {"number": number}, field="number"
        )
    version = minutes_access.minutes.versions.filter(number=number).first()
    if version is None:
        raise NotFound(
            _("No version %(number)s of these minutes.") % {"number": number}, field="number"
        )
    return version


def corrections_of(*, minutes: Minutes) -> QuerySet[MinutesCorrection]:
    return (
        MinutesCorrection.objects.filter(version__minutes=minutes)
        .select_related("author", "organisation", "version")
        .order_by("created_at", "pk")
    )


def attendees(*, activity: Activity) -> QuerySet[User]:
    return User.objects.filter(
        registrations__activity=activity, registrations__status=Registration.Status.APPROVED
    ).order_by("pk")


# Scheduling


def recent_periods(*, framework: Framework, before: datetime) -> list[tuple[datetime, datetime]]:
    """The periods of the latest activities held before ``before``, most recent first."""
    return list(
        Activity.objects.filter(framework=framework, starts_at__lt=before)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", "ends_at")[:HISTORY_LENGTH]
    )


# Calendar feeds


def feed_secret(token: FeedToken) -> str:
    """The URL secret of a feed token: derived, never stored."""
    return salted_hmac(
        "cadec.programme.FeedToken", f"{token.pk}:{token.nonce}", algorithm="sha256"
    ).hexdigest()[:40]


@dataclass(frozen=True)
class Feed:
    token: FeedToken
    viewer: Viewer


def resolve_feed(*, token_id: int, secret: str, on: date) -> Feed:
    """The feed behind a URL, if its token is live and its membership current on ``on``.

    :raises NotFound: unknown or revoked token, wrong secret, or the membership has ended.
    """
    token = (
        FeedToken.objects.select_related("membership__user", "membership__organisation")
        .filter(pk=token_id, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(feed_secret(token), secret):
        raise NotFound(_("This calendar feed does not exist or was replaced."), field="token")
    membership = token.membership
    user = membership.user
    if not user.is_active or not membership.is_current(on):
        raise NotFound(_("This calendar feed ended with the membership."), field="token")
    viewer = viewer_for(user=user, on=on)
    if not viewer.memberships:
        raise NotFound(_("This calendar feed ended with the membership."), field="token")
    return Feed(token=token, viewer=viewer)


def feed_activities(*, feed: Feed) -> list[ActivityAccess]:
    """What a private feed lists: a person's registrations, or a delegation's programme."""
    viewer = feed.viewer
    activities = visible_activities(viewer).filter(
        framework_id=feed.token.membership.organisation.framework_id
    )
    if feed.token.scope == FeedToken.Scope.PERSON:
        activities = activities.filter(
            registrations__person=viewer.user,
            registrations__status__in=[Registration.Status.PENDING, Registration.Status.APPROVED],
        )
    rows = list(activities.order_by("starts_at", "pk"))
    invited: dict[int, set[int]] = {}
    # One flat query on the through table (a prefetch would build a manager per activity).
    for activity_id, organisation_id in Activity.invited.through.objects.filter(
        activity_id__in=[a.pk for a in rows]
    ).values_list("activity_id", "organisation_id"):
        invited.setdefault(activity_id, set()).add(organisation_id)
    return [
        ActivityAccess(activity=a, viewer=viewer, invited_ids=frozenset(invited.get(a.pk, ())))
        for a in rows
    ]


def pending_for(*, feed: Feed) -> frozenset[int]:
    """Activities where the feed's person is registered but not yet approved."""
    if feed.token.scope != FeedToken.Scope.PERSON or feed.viewer.user is None:
        return frozenset()
    return frozenset(
        Registration.objects.filter(
            person=feed.viewer.user, status=Registration.Status.PENDING
        ).values_list("activity_id", flat=True)
    )


def public_activities() -> QuerySet[Activity]:
    return (
        Activity.objects.filter(visibility=Activity.Visibility.PUBLIC)
        .select_related("framework")
        .order_by("starts_at", "pk")
    )


def feed_tokens_of(*, viewer: Viewer) -> list[tuple[FeedToken, str]]:
    """The viewer's live feed tokens on their current memberships, with their URL secrets."""
    if viewer.user is None:
        return []
    tokens = (
        FeedToken.objects.filter(
            membership__in=[m.pk for m in viewer.memberships], revoked_at__isnull=True
        )
        .select_related("membership__organisation")
        .order_by("scope", "pk")
    )
    return [(token, feed_secret(token)) for token in tokens]
