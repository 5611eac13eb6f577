"""Factories for the programme: real rows, shaped like the services make them."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from cadec.members.models import Framework, Organisation, Topic, User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for
from cadec.programme.models import (
    Activity,
    Minutes,
    MinutesVersion,
    Registration,
    Session,
    Statement,
)
from cadec.programme.services import new_room_name

FUTURE = datetime(2031, 6, 12, 2, 0, tzinfo=UTC)  # a Thursday, no holiday anywhere


def viewer(user: User | None, on: date = date(2020, 6, 12)) -> Viewer:
    return viewer_for(user=user, on=on)


def activity(
    framework: Framework,
    *,
    title: str = "Webinar: smart cities",
    kind: str = Activity.Kind.WEBINAR,
    visibility: str = Activity.Visibility.PUBLIC,
    starts_at: datetime = FUTURE,
    minutes: int = 180,
    time_zone: str = "Asia/Ho_Chi_Minh",
    seats: int = 5,
    topics: Sequence[str] = (),
    invited: Sequence[Organisation] = (),
    organisers: Sequence[Organisation] = (),
    status: str = Activity.Status.SCHEDULED,
) -> Activity:
    made = Activity.objects.create(
        framework=framework,
        title=title,
        kind=kind,
        visibility=visibility,
        status=status,
        cancelled_at=starts_at if status == Activity.Status.CANCELLED else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        time_zone=time_zone,
        room_name=new_room_name(),
        seats_per_delegation=seats,
        created_at=starts_at - timedelta(days=30),
        updated_at=starts_at - timedelta(days=30),
    )
    if topics:
        made.topics.set(Topic.objects.filter(framework=framework, code__in=topics))
    made.invited.set(invited)
    made.organisers.set(organisers)
    return made


def session(of: Activity, *, title: str = "Opening") -> Session:
    return Session.objects.create(
        activity=of, title=title, starts_at=of.starts_at, ends_at=of.ends_at
    )


def registration(
    of: Activity,
    person: User,
    *,
    status: str = Registration.Status.PENDING,
    organisation: Organisation | None = None,
) -> Registration:
    organisation = organisation or person.memberships.get().organisation
    decided = status in (Registration.Status.APPROVED, Registration.Status.DECLINED)
    return Registration.objects.create(
        activity=of,
        person=person,
        organisation=organisation,
        status=status,
        registered_by=person,
        registered_at=of.created_at,
        decided_at=of.created_at if decided else None,
    )


def statement(of: Activity, organisation: Organisation, *, body: str = "Text.") -> Statement:
    return Statement.objects.create(
        activity=of,
        organisation=organisation,
        kind=Statement.Kind.STATEMENT,
        title="Statement",
        language="en",
        body=body,
        created_at=of.created_at,
    )


def minutes(of: Activity, *, status: str, text: str = "Minutes, version 1.") -> Minutes:
    record = Minutes.objects.create(activity=of)
    version = MinutesVersion.objects.create(
        minutes=record, number=1, text=text, created_at=of.ends_at
    )
    record.current_version = version
    record.status = status
    if status != Minutes.Status.DRAFT:
        record.circulated_at = of.ends_at
    if status == Minutes.Status.APPROVED:
        record.approved_at = of.ends_at
        record.approved_version = version
    record.save()
    return record
