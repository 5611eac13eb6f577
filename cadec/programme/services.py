"""Writes for the programme. Each checks permission, validates, writes and records one audit
event in one transaction; the time is always the ``now`` the caller passes in."""

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from cadec.core import audit
from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.members.models import Framework, Membership, Organisation, Topic, User
from cadec.members.models import validate_time_zone as _validate_zone
from cadec.members.permissions import Viewer
from cadec.programme import mail, permissions
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
from cadec.programme.selectors import seats_taken

MAX_ACTIVITY_LENGTH = timedelta(days=14)
MAX_SEATS = 200
MAX_TEXT = 100_000
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
# Roll-call opens an hour before the activity starts.
ROLL_CALL_OPENS = timedelta(hours=1)


def new_room_name() -> str:
    """A room name nobody can guess: 128 random bits, letters and digits only."""
    return "Cadec" + secrets.token_hex(16)


# Validation helpers: each names the field it refuses.


def _text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("%(field)s: this field is required.") % {"field": field}, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("%(field)s: at most %(max)d characters (this has %(length)d).")
            % {"field": field, "max": max_length, "length": len(value)},
            field=field,
        )
    return value


def _choice(value: str, *, field: str, choices: Iterable[str]) -> str:
    options = list(choices)
    if value not in options:
        raise DomainError(
            _("%(field)s: “%(value)s” is not one of %(options)s.")
            % {"field": field, "value": value, "options": ", ".join(options)},
            field=field,
        )
    return value


def _aware(value: datetime, *, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(
            _("%(field)s: give a time with its UTC offset, e.g. 2020-06-12T09:00+07:00.")
            % {"field": field},
            field=field,
        )
    return value


def _time_zone(value: str) -> str:
    try:
        _validate_zone(value)
    except ValidationError as error:
        raise DomainError(
            _("time_zone: “%(value)s” is not an IANA time zone.") % {"value": value},
            field="time_zone",
        ) from error
    return value


def _period(starts_at: datetime, ends_at: datetime) -> None:
    _aware(starts_at, field="starts_at")
    _aware(ends_at, field="ends_at")
    if ends_at <= starts_at:
        raise DomainError(_("ends_at: the end must come after the start."), field="ends_at")
    if ends_at - starts_at > MAX_ACTIVITY_LENGTH:
        raise DomainError(_("ends_at: an activity lasts at most 14 days."), field="ends_at")


def _require_manager(viewer: Viewer) -> None:
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))


def _lock(activity: Activity) -> Activity:
    """Take the activity's row lock: writes to one activity are serialised in a fixed order
    (activity first, then its rows)."""
    return Activity.objects.select_for_update().select_related("framework").get(pk=activity.pk)


def _not_cancelled(activity: Activity) -> None:
    if activity.is_cancelled:
        raise Conflict(_("This activity is cancelled; it can no longer change."))


def _topics(framework: Framework, ids: Sequence[int]) -> list[Topic]:
    found = list(Topic.objects.filter(framework=framework, pk__in=ids))
    if len(found) != len(set(ids)):
        missing = sorted(set(ids) - {t.pk for t in found})
        raise DomainError(
            _("topic_ids: no theme or sector with id %(ids)s in this framework.")
            % {"ids": ", ".join(map(str, missing))},
            field="topic_ids",
        )
    return found


def _organisations(
    framework: Framework, ids: Sequence[int], *, field: str, delegations: bool
) -> list[Organisation]:
    found = list(Organisation.objects.filter(framework=framework, pk__in=ids))
    wrong = sorted(set(ids) - {o.pk for o in found})
    if not wrong:
        wrong = [o.pk for o in found if (o.kind == Organisation.Kind.DELEGATION) is not delegations]
    if wrong:
        message = (
            _("%(field)s: %(ids)s: not a member delegation of this framework.")
            if delegations
            else _("%(field)s: %(ids)s: not an observer or partner organisation of this framework.")
        )
        raise DomainError(
            message % {"field": field, "ids": ", ".join(map(str, wrong))}, field=field
        )
    return found


# Activities


@transaction.atomic
def create_activity(
    *,
    viewer: Viewer,
    framework: Framework,
    title: str,
    kind: str,
    visibility: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "UTC",
    description: str = "",
    seats_per_delegation: int = 5,
    topic_ids: Sequence[int] = (),
    organiser_ids: Sequence[int] = (),
    invited_ids: Sequence[int] = (),
    now: datetime,
) -> Activity:
    """Put an activity on the programme, with an online room nobody can guess.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises DomainError: a field is invalid (the message names it); nothing is written.
    """
    _require_manager(viewer)
    title = _text(title, field="title", max_length=200)
    description = _text(description, field="description", max_length=MAX_TEXT, required=False)
    _choice(kind, field="kind", choices=Activity.Kind.values)
    _choice(visibility, field="visibility", choices=Activity.Visibility.values)
    _period(starts_at, ends_at)
    _time_zone(time_zone)
    if not 1 <= seats_per_delegation <= MAX_SEATS:
        raise DomainError(
            _("seats_per_delegation: from 1 to %(max)d.") % {"max": MAX_SEATS},
            field="seats_per_delegation",
        )
    topics = _topics(framework, topic_ids)
    organisers = _organisations(framework, organiser_ids, field="organiser_ids", delegations=True)
    invited = _organisations(framework, invited_ids, field="invited_ids", delegations=False)
    activity = Activity.objects.create(
        framework=framework,
        title=title,
        description=description,
        kind=kind,
        visibility=visibility,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        room_name=new_room_name(),
        seats_per_delegation=seats_per_delegation,
        created_at=now,
        updated_at=now,
    )
    activity.topics.set(topics)
    activity.organisers.set(organisers)
    activity.invited.set(invited)
    audit.record(
        action="activity.created",
        target=activity,
        actor=viewer.user,
        now=now,
        title=title,
        starts_at=starts_at.isoformat(),
        visibility=visibility,
    )
    return activity


CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "time_zone", "visibility")


@transaction.atomic
def update_activity(
    *,
    viewer: Viewer,
    activity: Activity,
    now: datetime,
    title: str | None = None,
    description: str | None = None,
    kind: str | None = None,
    visibility: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    time_zone: str | None = None,
    seats_per_delegation: int | None = None,
    topic_ids: Sequence[int] | None = None,
    organiser_ids: Sequence[int] | None = None,
    invited_ids: Sequence[int] | None = None,
) -> Activity:
    """Change an activity; a change calendars show raises its SEQUENCE. ``None`` keeps a field.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: the activity is cancelled.
    :raises DomainError: a field is invalid (the message names it); nothing is written.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    _not_cancelled(activity)
    changes: dict[str, Any] = {
        "title": None if title is None else _text(title, field="title", max_length=200),
        "description": None
        if description is None
        else _text(description, field="description", max_length=MAX_TEXT, required=False),
        "kind": None if kind is None else _choice(kind, field="kind", choices=Activity.Kind.values),
        "visibility": None
        if visibility is None
        else _choice(visibility, field="visibility", choices=Activity.Visibility.values),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": None if time_zone is None else _time_zone(time_zone),
        "seats_per_delegation": seats_per_delegation,
    }
    changed = {k: v for k, v in changes.items() if v is not None and getattr(activity, k) != v}
    _period(changed.get("starts_at", activity.starts_at), changed.get("ends_at", activity.ends_at))
    if "seats_per_delegation" in changed and not 1 <= changed["seats_per_delegation"] <= MAX_SEATS:
        raise DomainError(
            _("seats_per_delegation: from 1 to %(max)d.") % {"max": MAX_SEATS},
            field="seats_per_delegation",
        )
    relations: dict[str, list[Any]] = {}
    if topic_ids is not None:
        relations["topics"] = _topics(activity.framework, topic_ids)
    if organiser_ids is not None:
        relations["organisers"] = _organisations(
            activity.framework, organiser_ids, field="organiser_ids", delegations=True
        )
    if invited_ids is not None:
        relations["invited"] = _organisations(
            activity.framework, invited_ids, field="invited_ids", delegations=False
        )
    for name, value in changed.items():
        setattr(activity, name, value)
    if any(name in CALENDAR_FIELDS for name in changed):
        activity.sequence += 1
    activity.updated_at = now
    activity.save()
    for name, objects in relations.items():
        getattr(activity, name).set(objects)
    audit.record(
        action="activity.updated",
        target=activity,
        actor=viewer.user,
        now=now,
        fields=sorted([*changed, *relations]),
        sequence=activity.sequence,
    )
    return activity


@transaction.atomic
def cancel_activity(*, viewer: Viewer, activity: Activity, now: datetime) -> Activity:
    """Cancel an activity; it stays in the programme and in calendars as CANCELLED.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: it is already cancelled.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    if activity.is_cancelled:
        raise Conflict(_("This activity is already cancelled."))
    activity.status = Activity.Status.CANCELLED
    activity.cancelled_at = now
    activity.updated_at = now
    activity.sequence += 1
    activity.save(update_fields=["status", "cancelled_at", "updated_at", "sequence"])
    audit.record(action="activity.cancelled", target=activity, actor=viewer.user, now=now)
    return activity


@transaction.atomic
def add_session(
    *,
    viewer: Viewer,
    activity: Activity,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
) -> Session:
    """Add a session inside the activity's period.

    :raises DomainError: the title is empty or the session falls outside the activity.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    _not_cancelled(activity)
    title = _text(title, field="title", max_length=200)
    _period(starts_at, ends_at)
    if starts_at < activity.starts_at or ends_at > activity.ends_at:
        raise DomainError(
            _("starts_at: a session must fall within its activity (%(start)s–%(end)s UTC).")
            % {
                "start": f"{activity.starts_at:%Y-%m-%d %H:%M}",
                "end": f"{activity.ends_at:%Y-%m-%d %H:%M}",
            },
            field="starts_at",
        )
    session = Session.objects.create(
        activity=activity, title=title, starts_at=starts_at, ends_at=ends_at
    )
    activity.sequence += 1
    activity.updated_at = now
    activity.save(update_fields=["sequence", "updated_at"])
    audit.record(
        action="session.added", target=session, actor=viewer.user, now=now, activity=activity.pk
    )
    return session


@transaction.atomic
def add_agenda_item(
    *,
    viewer: Viewer,
    session: Session,
    title: str,
    duration_minutes: int,
    speakers: Sequence[tuple[str, Organisation | None]] = (),
    now: datetime,
) -> AgendaItem:
    """Add an item at the end of a session's agenda, with its speakers.

    :raises DomainError: the item does not fit in what is left of the session, or a field is
        invalid.
    """
    _require_manager(viewer)
    activity = _lock(session.activity)
    _not_cancelled(activity)
    title = _text(title, field="title", max_length=300)
    if not 1 <= duration_minutes <= 24 * 60:
        raise DomainError(_("duration_minutes: from 1 to 1440 minutes."), field="duration_minutes")
    used = session.agenda_items.aggregate(total=Max("position"), minutes=Sum("duration_minutes"))
    length = int((session.ends_at - session.starts_at).total_seconds() // 60)
    left = length - (used["minutes"] or 0)
    if duration_minutes > left:
        raise DomainError(
            _("duration_minutes: only %(left)d minutes are left in this session.") % {"left": left},
            field="duration_minutes",
        )
    if len(speakers) > 30:
        raise DomainError(_("speakers: at most 30 speakers per item."), field="speakers")
    names = [
        (_text(name, field="speakers", max_length=200), organisation)
        for name, organisation in speakers
    ]
    for _name, organisation in names:
        if organisation is not None and organisation.framework_id != activity.framework_id:
            raise DomainError(
                _("speakers: %(organisation)s is not part of this framework.")
                % {"organisation": organisation},
                field="speakers",
            )
    item = AgendaItem.objects.create(
        session=session,
        position=(used["total"] or 0) + 1,
        title=title,
        duration_minutes=duration_minutes,
    )
    Speaker.objects.bulk_create(
        Speaker(agenda_item=item, position=index, name=name, organisation=organisation)
        for index, (name, organisation) in enumerate(names, start=1)
    )
    audit.record(
        action="agenda_item.added",
        target=item,
        actor=viewer.user,
        now=now,
        session=session.pk,
        speakers=len(names),
    )
    return item


# Registration


def _current_member(person: User, organisation: Organisation, on: date) -> bool:
    return any(
        m.organisation_id == organisation.pk and m.is_current(on) for m in person.memberships.all()
    )


@transaction.atomic
def register(
    *,
    viewer: Viewer,
    activity: Activity,
    person: User,
    organisation: Organisation,
    invited_ids: frozenset[int] | None = None,
    now: datetime,
) -> Registration:
    """Register ``person`` for ``activity`` on behalf of ``organisation``, within its quota.

    A declined or withdrawn registration is submitted again; the Secretariat decides.

    :raises PermissionDenied: the viewer may not register this person for this organisation.
    :raises Conflict: already registered, registration closed, or the quota is used up.
    :raises DomainError: the person or organisation does not fit the activity.
    """
    activity = _lock(activity)
    if invited_ids is None:
        invited_ids = frozenset(activity.invited.values_list("pk", flat=True))
    if not permissions.can_see_activity(viewer, activity=activity, invited_ids=invited_ids):
        raise PermissionDenied(_("You cannot register for this activity."))
    if not permissions.registrable_organisation(
        activity=activity, organisation=organisation, invited_ids=invited_ids
    ):
        raise DomainError(
            _("organisation_id: %(organisation)s does not take part in this activity.")
            % {"organisation": organisation},
            field="organisation_id",
        )
    if not permissions.can_register(
        viewer, activity=activity, organisation=organisation, person=person
    ):
        raise PermissionDenied(
            _(
                "Only the head of delegation or focal point of %(organisation)s, or the "
                "Secretariat, registers its people; you may register yourself."
            )
            % {"organisation": organisation}
        )
    _not_cancelled(activity)
    if now >= activity.starts_at:
        raise Conflict(_("Registration closed when the activity started."), field="activity_id")
    if not _current_member(person, organisation, now.date()):
        raise DomainError(
            _("person_id: %(person)s is not a current member of %(organisation)s.")
            % {"person": person, "organisation": organisation},
            field="person_id",
        )
    existing = Registration.objects.filter(activity=activity, person=person).first()
    if existing is not None and existing.status in (
        Registration.Status.PENDING,
        Registration.Status.APPROVED,
    ):
        raise Conflict(
            _("person_id: %(person)s is already registered (%(status)s).")
            % {"person": person, "status": existing.get_status_display()},
            field="person_id",
        )
    taken = seats_taken(activity=activity, organisation=organisation)
    if taken >= activity.seats_per_delegation:
        raise Conflict(
            _("organisation_id: %(organisation)s has used all its %(seats)d seats.")
            % {"organisation": organisation, "seats": activity.seats_per_delegation},
            field="organisation_id",
        )
    if existing is None:
        registration = Registration.objects.create(
            activity=activity,
            person=person,
            organisation=organisation,
            registered_by=viewer.user,
            registered_at=now,
        )
    else:
        registration = existing
        registration.status = Registration.Status.PENDING
        registration.organisation = organisation
        registration.registered_by = viewer.user
        registration.registered_at = now
        registration.decided_by = None
        registration.decided_at = None
        registration.decision_note = ""
        registration.save()
    audit.record(
        action="registration.submitted",
        target=registration,
        actor=viewer.user,
        now=now,
        activity=activity.pk,
        person=person.pk,
        organisation=organisation.pk,
    )
    return registration


@transaction.atomic
def decide_registration(
    *, viewer: Viewer, registration: Registration, approve: bool, note: str = "", now: datetime
) -> Registration:
    """Approve or decline a pending registration, once; the people concerned are told by e-mail.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: the registration is no longer pending, or approval would pass the quota.
    """
    if not permissions.can_decide_registration(viewer):
        raise PermissionDenied(_("Only the Secretariat approves registrations."))
    note = _text(note, field="note", max_length=2000, required=False)
    activity = _lock(registration.activity)
    if approve:
        _not_cancelled(activity)
        approved = Registration.objects.filter(
            activity=activity,
            organisation_id=registration.organisation_id,
            status=Registration.Status.APPROVED,
        ).count()
        if approved >= activity.seats_per_delegation:
            raise Conflict(
                _("%(organisation)s already has %(seats)d approved seats.")
                % {"organisation": registration.organisation, "seats": approved},
                field="decision",
            )
    status = Registration.Status.APPROVED if approve else Registration.Status.DECLINED
    # A conditional update: of two parallel decisions, exactly one finds it pending.
    updated = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.PENDING
    ).update(status=status, decided_by=viewer.user, decided_at=now, decision_note=note)
    if not updated:
        raise Conflict(_("This registration was already decided or withdrawn."), field="decision")
    registration.refresh_from_db()
    audit.record(
        action="registration.approved" if approve else "registration.declined",
        target=registration,
        actor=viewer.user,
        now=now,
        activity=activity.pk,
    )
    registration_id = registration.pk
    transaction.on_commit(lambda: mail.send_registration_decision(registration_id=registration_id))
    return registration


@transaction.atomic
def withdraw_registration(
    *, viewer: Viewer, registration: Registration, now: datetime
) -> Registration:
    """Withdraw a pending or approved registration (the seat becomes free).

    :raises PermissionDenied: the viewer is neither the person, their delegation's manager nor
        the Secretariat.
    :raises Conflict: it is already declined or withdrawn.
    """
    if not permissions.can_withdraw(viewer, registration=registration):
        raise PermissionDenied(_("You cannot withdraw this registration."))
    _lock(registration.activity)
    updated = Registration.objects.filter(
        pk=registration.pk,
        status__in=[Registration.Status.PENDING, Registration.Status.APPROVED],
    ).update(status=Registration.Status.WITHDRAWN)
    if not updated:
        raise Conflict(_("This registration is already declined or withdrawn."))
    registration.refresh_from_db()
    audit.record(
        action="registration.withdrawn",
        target=registration,
        actor=viewer.user,
        now=now,
        activity=registration.activity_id,
    )
    return registration


@transaction.atomic
def record_attendance(
    *, viewer: Viewer, activity: Activity, attendance: Mapping[int, str], now: datetime
) -> int:
    """Record the roll-call: present or absent for approved registrations of the activity.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: the roll-call is not open yet (it opens an hour before the start).
    :raises DomainError: a registration is not an approved one of this activity, or a value
        is not an attendance.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    if now < activity.starts_at - ROLL_CALL_OPENS:
        raise Conflict(_("The roll-call opens an hour before the activity starts."))
    values = {}
    for registration_id, value in attendance.items():
        values[registration_id] = _choice(
            value, field=f"attendance.{registration_id}", choices=Registration.Attendance.values
        )
    approved = set(
        Registration.objects.filter(
            activity=activity, status=Registration.Status.APPROVED, pk__in=values
        ).values_list("pk", flat=True)
    )
    unknown = sorted(set(values) - approved)
    if unknown:
        raise DomainError(
            _("attendance: %(ids)s: not an approved registration of this activity.")
            % {"ids": ", ".join(map(str, unknown))},
            field="attendance",
        )
    for value in Registration.Attendance.values:
        ids = [pk for pk, v in values.items() if v == value]
        if ids:
            Registration.objects.filter(pk__in=ids).update(
                attendance=value, attendance_recorded_at=now
            )
    audit.record(
        action="attendance.recorded",
        target=activity,
        actor=viewer.user,
        now=now,
        present=sum(v == Registration.Attendance.PRESENT for v in values.values()),
        absent=sum(v == Registration.Attendance.ABSENT for v in values.values()),
    )
    return len(values)


# Statements


@transaction.atomic
def add_statement(
    *,
    viewer: Viewer,
    activity: Activity,
    organisation: Organisation,
    kind: str,
    title: str,
    language: str,
    body: str,
    delivered_by: str = "",
    invited_ids: frozenset[int] | None = None,
    now: datetime,
) -> Statement:
    """Attach a statement of a delegation (a letter, a minister's statement …) to an activity.

    :raises PermissionDenied: the viewer may not speak for that delegation.
    :raises DomainError: a field is invalid (the message names it).
    """
    activity = _lock(activity)
    if invited_ids is None:
        invited_ids = frozenset(activity.invited.values_list("pk", flat=True))
    if not permissions.can_see_activity(viewer, activity=activity, invited_ids=invited_ids):
        raise PermissionDenied(_("You cannot add a statement to this activity."))
    if not permissions.can_add_statement(viewer, organisation_id=organisation.pk):
        raise PermissionDenied(
            _(
                "Only the Secretariat, or the head, focal point or chair of %(organisation)s, "
                "adds its statements."
            )
            % {"organisation": organisation}
        )
    if not permissions.registrable_organisation(
        activity=activity, organisation=organisation, invited_ids=invited_ids
    ):
        raise DomainError(
            _("organisation_id: %(organisation)s does not take part in this activity.")
            % {"organisation": organisation},
            field="organisation_id",
        )
    _choice(kind, field="kind", choices=Statement.Kind.values)
    _choice(language, field="language", choices=sorted(LANGUAGE_CODES))
    statement = Statement.objects.create(
        activity=activity,
        organisation=organisation,
        kind=kind,
        title=_text(title, field="title", max_length=300),
        language=language,
        body=_text(body, field="body", max_length=MAX_TEXT),
        delivered_by=_text(delivered_by, field="delivered_by", max_length=200, required=False),
        created_by=viewer.user,
        created_at=now,
    )
    audit.record(
        action="statement.added",
        target=statement,
        actor=viewer.user,
        now=now,
        activity=activity.pk,
        organisation=organisation.pk,
        language=language,
    )
    return statement


# Minutes


def _minutes(activity: Activity) -> Minutes:
    minutes, _created = Minutes.objects.select_for_update().get_or_create(activity=activity)
    return minutes


def _current_number(minutes: Minutes) -> int:
    if minutes.current_version_id is None:
        return 0
    return MinutesVersion.objects.get(pk=minutes.current_version_id).number


@transaction.atomic
def draft_minutes(
    *,
    viewer: Viewer,
    activity: Activity,
    text: str,
    base_version: int,
    note: str = "",
    now: datetime,
) -> MinutesVersion:
    """Write a new version of the minutes on top of ``base_version`` (0 for the first).

    Versions are never changed; the minutes point at the newest.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: someone wrote a newer version since ``base_version`` (nothing is lost:
        the caller still has the text), or the minutes are approved.
    :raises DomainError: the text is empty.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    text = _text(text, field="text", max_length=MAX_TEXT)
    note = _text(note, field="note", max_length=300, required=False)
    minutes = _minutes(activity)
    if minutes.status == Minutes.Status.APPROVED:
        raise Conflict(_("These minutes are approved; they can no longer change."))
    current = _current_number(minutes)
    if base_version != current:
        raise Conflict(
            _(
                "base_version: the minutes are now at version %(current)d, not %(base)d; "
                "your text was not saved — compare it with the current version and save again."
            )
            % {"current": current, "base": base_version},
            field="base_version",
        )
    try:
        with transaction.atomic():
            version = MinutesVersion.objects.create(
                minutes=minutes,
                number=current + 1,
                text=text,
                note=note,
                created_by=viewer.user,
                created_at=now,
            )
    except IntegrityError as error:
        raise Conflict(
            _("base_version: someone saved a version at the same moment; save again."),
            field="base_version",
        ) from error
    minutes.current_version = version
    minutes.save(update_fields=["current_version"])
    audit.record(
        action="minutes.drafted",
        target=minutes,
        actor=viewer.user,
        now=now,
        version=version.number,
        activity=activity.pk,
    )
    return version


@transaction.atomic
def circulate_minutes(*, viewer: Viewer, activity: Activity, now: datetime) -> Minutes:
    """Circulate the draft to the attendees for corrections; they are told by e-mail.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: there is no draft, or the minutes were already circulated.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    minutes = _minutes(activity)
    if minutes.current_version_id is None:
        raise Conflict(_("Write a draft before circulating the minutes."))
    updated = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.DRAFT).update(
        status=Minutes.Status.CIRCULATED, circulated_at=now
    )
    if not updated:
        raise Conflict(_("These minutes were already circulated."))
    minutes.refresh_from_db()
    audit.record(
        action="minutes.circulated",
        target=minutes,
        actor=viewer.user,
        now=now,
        version=_current_number(minutes),
    )
    minutes_id = minutes.pk
    transaction.on_commit(lambda: mail.send_minutes_circulated(minutes_id=minutes_id))
    return minutes


@transaction.atomic
def correct_minutes(
    *, viewer: Viewer, activity: Activity, text: str, now: datetime
) -> MinutesCorrection:
    """Send a correction to the circulated minutes (attendees only).

    :raises PermissionDenied: the viewer did not attend (no approved registration).
    :raises Conflict: the minutes are not circulated for corrections.
    """
    activity = _lock(activity)
    minutes = Minutes.objects.filter(activity=activity).first()
    registration = (
        Registration.objects.filter(
            activity=activity, person=viewer.user, status=Registration.Status.APPROVED
        ).first()
        if viewer.user is not None
        else None
    )
    if registration is None:
        raise PermissionDenied(_("Only attendees send corrections to the minutes."))
    if minutes is None or minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("The minutes are not open for corrections."))
    assert minutes.current_version_id is not None  # noqa: S101 (circulated minutes have text)
    correction = MinutesCorrection.objects.create(
        version_id=minutes.current_version_id,
        author=registration.person,
        organisation=registration.organisation,
        text=_text(text, field="text", max_length=20_000),
        created_at=now,
    )
    audit.record(
        action="minutes.correction_sent",
        target=correction,
        actor=viewer.user,
        now=now,
        minutes=minutes.pk,
    )
    return correction


@transaction.atomic
def approve_minutes(*, viewer: Viewer, activity: Activity, version: int, now: datetime) -> Minutes:
    """Approve the circulated minutes at ``version`` (the one the approver read), once.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises Conflict: not circulated yet, already approved, or a newer version exists.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    minutes = _minutes(activity)
    if minutes.status == Minutes.Status.APPROVED:
        raise Conflict(_("These minutes are already approved."))
    if minutes.status != Minutes.Status.CIRCULATED:
        raise Conflict(_("Circulate the minutes for corrections before approving them."))
    current = _current_number(minutes)
    if version != current:
        raise Conflict(
            _("version: the current version is %(current)d; read it before approving.")
            % {"current": current},
            field="version",
        )
    # Conditional: of two parallel approvals, one finds the minutes circulated.
    updated = Minutes.objects.filter(
        pk=minutes.pk, status=Minutes.Status.CIRCULATED, current_version=minutes.current_version_id
    ).update(
        status=Minutes.Status.APPROVED,
        approved_at=now,
        approved_by=viewer.user,
        approved_version=minutes.current_version_id,
    )
    if not updated:
        raise Conflict(_("These minutes changed or were approved meanwhile."))
    minutes.refresh_from_db()
    audit.record(
        action="minutes.approved", target=minutes, actor=viewer.user, now=now, version=version
    )
    return minutes


# Outcomes and action items


@transaction.atomic
def add_outcome(*, viewer: Viewer, activity: Activity, text: str, now: datetime) -> Outcome:
    """Record an outcome of the activity.

    :raises PermissionDenied: the viewer is not the Secretariat.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    text = _text(text, field="text", max_length=5000)
    last = activity.outcomes.aggregate(last=Max("position"))["last"] or 0
    outcome = Outcome.objects.create(
        activity=activity, position=last + 1, text=text, created_at=now
    )
    audit.record(
        action="outcome.added", target=outcome, actor=viewer.user, now=now, activity=activity.pk
    )
    return outcome


@transaction.atomic
def add_action_item(
    *,
    viewer: Viewer,
    activity: Activity,
    title: str,
    owner: Organisation,
    due_date: date,
    outcome: Outcome | None = None,
    now: datetime,
) -> ActionItem:
    """Record an action a delegation undertook, due by a date.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises DomainError: the owner is not a delegation of the framework, or the outcome is
        another activity's.
    """
    _require_manager(viewer)
    activity = _lock(activity)
    title = _text(title, field="title", max_length=300)
    if owner.framework_id != activity.framework_id or owner.kind != Organisation.Kind.DELEGATION:
        raise DomainError(
            _("owner_id: %(owner)s is not a member delegation of this framework.")
            % {"owner": owner},
            field="owner_id",
        )
    if outcome is not None and outcome.activity_id != activity.pk:
        raise DomainError(
            _("outcome_id: that outcome belongs to another activity."), field="outcome_id"
        )
    item = ActionItem.objects.create(
        activity=activity,
        outcome=outcome,
        title=title,
        owner=owner,
        due_date=due_date,
        created_at=now,
        updated_at=now,
    )
    audit.record(
        action="action_item.added",
        target=item,
        actor=viewer.user,
        now=now,
        owner=owner.pk,
        due_date=due_date.isoformat(),
    )
    return item


@transaction.atomic
def update_action_item(
    *, viewer: Viewer, action: ActionItem, status: str, now: datetime
) -> ActionItem:
    """Move an action item to ``status``.

    :raises PermissionDenied: the viewer neither is the Secretariat nor manages the owner.
    :raises DomainError: the status is not one of the action statuses.
    """
    if not permissions.can_update_action(viewer, action=action):
        raise PermissionDenied(
            _("Only the Secretariat or the owner delegation's head or focal point updates it.")
        )
    _choice(status, field="status", choices=ActionItem.Status.values)
    item = ActionItem.objects.select_for_update().get(pk=action.pk)
    previous = item.status
    item.status = status
    item.updated_at = now
    item.completed_at = now if status == ActionItem.Status.DONE else None
    item.save(update_fields=["status", "updated_at", "completed_at"])
    audit.record(
        action="action_item.updated",
        target=item,
        actor=viewer.user,
        now=now,
        previous=previous,
        status=status,
    )
    return item


# Calendar feeds


@transaction.atomic
def create_feed_token(
    *, viewer: Viewer, scope: str, organisation_id: int | None = None, now: datetime
) -> FeedToken:
    """Create (or replace) the viewer's calendar feed of ``scope``; the old URL stops working.

    The token belongs to one membership and serves only while it is current.

    :raises PermissionDenied: the viewer has no current membership.
    :raises DomainError: a delegation feed for someone who is in no delegation.
    """
    if not permissions.can_subscribe(viewer):
        raise PermissionDenied(_("Only current members have calendar feeds."))
    _choice(scope, field="scope", choices=FeedToken.Scope.values)
    memberships: list[Membership] = list(viewer.memberships)
    if organisation_id is not None:
        memberships = [m for m in memberships if m.organisation_id == organisation_id]
        if not memberships:
            raise DomainError(
                _("organisation_id: you have no current membership there."),
                field="organisation_id",
            )
    if scope == FeedToken.Scope.DELEGATION:
        memberships = [
            m for m in memberships if m.organisation.kind == Organisation.Kind.DELEGATION
        ]
        if not memberships:
            raise DomainError(
                _("scope: a delegation feed needs a membership of a member delegation."),
                field="scope",
            )
    membership = memberships[0]
    FeedToken.objects.filter(membership=membership, scope=scope, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = FeedToken.objects.create(
        membership=membership, scope=scope, nonce=secrets.token_hex(16), created_at=now
    )
    audit.record(
        action="feed_token.created",
        target=token,
        actor=viewer.user,
        now=now,
        scope=scope,
        membership=membership.pk,
    )
    return token
