"""The reference programme: the 2020 China–ASEAN Year of Digital Economy Cooperation.

Only the launch by teleconference on 12 June 2020 is a sourced fact
(http://www.asean-china-center.org/english/2020-06/4969.html). Everything else — the time of
day, the later activities, agendas, statements, minutes, registrations and action items — is
demonstration data, flagged ``is_demonstration`` and said so in every description and text.
No figure in it is a statistic.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Q

from cadec.core import audit
from cadec.members.models import Framework, Membership, Organisation, Topic, User
from cadec.programme.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Minutes,
    MinutesCorrection,
    MinutesVersion,
    Outcome,
    Registration,
    Session,
    Speaker,
    Statement,
)
from cadec.programme.services import new_room_name

LAUNCH_SOURCE = "http://www.asean-china-center.org/english/2020-06/4969.html"
DEMONSTRATION = (
    "Demonstration data: this activity, its time, agenda and texts are invented to show how "
    "CADEC runs a cooperation year; they are not a record of real events."
)
Kind = Activity.Kind
ALL_THEMES = (
    "smart-cities",
    "big-data",
    "artificial-intelligence",
    "digital-pandemic-control",
    "digital-infrastructure",
    "economic-transformation",
)


@dataclass(frozen=True)
class Planned:
    title: str
    kind: str
    public: bool
    day: date
    start: tuple[int, int]  # UTC hour and minute
    minutes: int
    themes: tuple[str, ...]
    sectors: tuple[str, ...]
    organisers: tuple[str, ...]  # ISO alpha-3 of the co-chairing delegations
    time_zone: str
    agenda: tuple[tuple[str, int, tuple[str, ...]], ...]  # title, minutes, speakers
    summary: str


PROGRAMME = [
    Planned(
        "Launch of the China–ASEAN Year of Digital Economy Cooperation",
        Kind.CEREMONY,
        True,
        date(2020, 6, 12),
        (2, 0),
        90,
        ALL_THEMES,
        (),
        ("VNM", "CHN"),
        "Asia/Ho_Chi_Minh",
        (
            (
                "Opening by the co-chairs",
                15,
                ("Head of Delegation, Viet Nam", "Head of Delegation, China"),
            ),
            ("Statements of the members", 50, ("Heads of delegation of the members",)),
            ("Launch of the Year", 15, ("Co-chairs",)),
            ("Closing", 10, ("ASEAN Secretariat",)),
        ),
        "The Year was launched by teleconference among eleven countries on 12 June 2020 "
        "(sourced). The time of day, the agenda, the statements and the minutes shown here "
        "are demonstration data.",
    ),
    Planned(
        "Webinar: smart cities and digital urban services",
        Kind.WEBINAR,
        True,
        date(2020, 7, 9),
        (3, 0),
        120,
        ("smart-cities",),
        ("transportation",),
        ("SGP", "CHN"),
        "Asia/Singapore",
        (
            ("Welcome", 10, ("ASEAN Secretariat",)),
            (
                "Experiences of member cities",
                80,
                ("Delegation of Singapore", "Delegation of China"),
            ),
            ("Questions and discussion", 30, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Workshop: big data for agriculture and food supply",
        Kind.WORKSHOP,
        True,
        date(2020, 7, 23),
        (2, 30),
        180,
        ("big-data",),
        ("agriculture",),
        ("THA", "CHN"),
        "Asia/Bangkok",
        (
            ("Opening", 15, ("Delegation of Thailand",)),
            ("Case studies", 105, ("Delegation of Thailand", "Delegation of China")),
            ("Working groups and report-back", 60, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Training: digital methods for pandemic control",
        Kind.TRAINING,
        False,
        date(2020, 8, 13),
        (2, 0),
        150,
        ("digital-pandemic-control",),
        ("health",),
        ("MYS", "CHN"),
        "Asia/Kuala_Lumpur",
        (
            ("Introduction", 15, ("ASEAN Secretariat",)),
            ("Contact tracing and health codes: practices", 90, ("Delegation of Malaysia",)),
            ("Exercises", 45, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Webinar: artificial intelligence in manufacturing",
        Kind.WEBINAR,
        True,
        date(2020, 8, 27),
        (3, 0),
        120,
        ("artificial-intelligence",),
        ("manufacturing",),
        ("IDN", "CHN"),
        "Asia/Jakarta",
        (
            ("Welcome", 10, ("Delegation of Indonesia",)),
            ("Panel", 80, ("Delegation of Indonesia", "Delegation of China")),
            ("Questions", 30, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Senior officials' meeting on the cooperation document",
        Kind.SENIOR_OFFICIALS_MEETING,
        False,
        date(2020, 9, 23),
        (1, 30),
        180,
        ("economic-transformation",),
        (),
        ("VNM", "CHN"),
        "Asia/Ho_Chi_Minh",
        (
            ("Adoption of the agenda", 10, ("Co-chairs",)),
            ("Zero draft of the cooperation document: first reading", 140, ()),
            ("Next steps", 30, ("ASEAN Secretariat",)),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Workshop: digital infrastructure and connectivity",
        Kind.WORKSHOP,
        True,
        date(2020, 10, 14),
        (2, 0),
        180,
        ("digital-infrastructure",),
        ("transportation",),
        ("PHL", "CHN"),
        "Asia/Manila",
        (
            ("Opening", 15, ("Delegation of the Philippines",)),
            ("Connectivity projects: experiences", 120, ()),
            ("Conclusions", 45, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Webinar: digital transformation of retail and finance",
        Kind.WEBINAR,
        True,
        date(2020, 10, 22),
        (3, 0),
        120,
        ("economic-transformation",),
        ("retail", "finance"),
        ("KHM", "CHN"),
        "Asia/Phnom_Penh",
        (
            ("Welcome", 10, ("Delegation of Cambodia",)),
            ("E-commerce and digital payments: practices", 80, ()),
            ("Questions", 30, ()),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Training: managing big data in public services",
        Kind.TRAINING,
        False,
        date(2020, 11, 5),
        (2, 0),
        120,
        ("big-data",),
        ("health", "finance"),
        ("LAO", "CHN"),
        "Asia/Vientiane",
        (("Course", 100, ()), ("Evaluation", 20, ())),
        DEMONSTRATION,
    ),
    Planned(
        "Ministerial meeting: consensus on future digital-economy cooperation",
        Kind.MINISTERIAL_MEETING,
        False,
        date(2020, 11, 26),
        (2, 0),
        150,
        ALL_THEMES,
        (),
        ("VNM", "CHN"),
        "Asia/Ho_Chi_Minh",
        (
            ("Opening by the co-chairs", 20, ("Co-chairs",)),
            ("Statements of ministers", 90, ()),
            ("Adoption of the cooperation document", 40, ("Co-chairs",)),
        ),
        DEMONSTRATION,
    ),
    Planned(
        "Closing ceremony of the Year",
        Kind.CEREMONY,
        True,
        date(2020, 12, 3),
        (2, 0),
        90,
        ALL_THEMES,
        (),
        ("VNM", "CHN"),
        "Asia/Ho_Chi_Minh",
        (("Review of the Year", 45, ("ASEAN Secretariat",)), ("Closing statements", 45, ())),
        DEMONSTRATION,
    ),
]

LAUNCH_MINUTES_V1 = """\
Demonstration minutes — invented for the demonstration, not a record of the real meeting.

1. Opening. The co-chairs, Viet Nam as ASEAN Chair and China, opened the teleconference.
2. Statements. The heads of delegation of the members made statements welcoming the Year.
3. Launch. The co-chairs declared the China–ASEAN Year of Digital Economy Cooperation launched.
4. Closing. The ASEAN Secretariat presented the programme of activities for the Year."""

LAUNCH_MINUTES_V2 = LAUNCH_MINUTES_V1.replace(
    "presented the programme of activities for the Year.",
    "presented the programme of activities for the Year, to be circulated to the delegations.",
)

SOM_MINUTES = """\
Demonstration minutes — invented for the demonstration, not a record of a real meeting.

1. The agenda was adopted.
2. Delegations gave first comments on the zero draft of the cooperation document.
3. The Secretariat will prepare Rev.1 for the next meeting."""

STATEMENTS = [
    (
        0,
        "CHN",
        Statement.Kind.CONGRATULATORY_LETTER,
        "Congratulatory letter on the launch of the Year",
        "en",
        "Head of Delegation, China",
        "Demonstration text — not a real letter.\n\nOn behalf of the delegation, we "
        "congratulate all members on the launch of the Year of Digital Economy Cooperation and "
        "look forward to working together on smart cities, big data, artificial intelligence, "
        "digital methods for pandemic control, digital infrastructure and economic "
        "transformation.",
    ),
    (
        0,
        "VNM",
        Statement.Kind.MINISTERS_STATEMENT,
        "Statement of Viet Nam as ASEAN Chair",
        "en",
        "Head of Delegation, Viet Nam",
        "Demonstration text — not a real statement.\n\nAs ASEAN Chair, Viet Nam welcomes the "
        "launch of the Year and invites every member to share its experience in the activities "
        "of the programme.",
    ),
    (
        0,
        "THA",
        Statement.Kind.STATEMENT,
        "Statement of Thailand (demonstration)",
        "th",
        "",
        "ข้อความสาธิต — ไม่ใช่แถลงการณ์จริง",
    ),
]


def _utc(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _people(framework: Framework, on: date) -> dict[str, list[User]]:
    """Current delegates of each delegation (by ISO alpha-3), heads first."""
    memberships = (
        Membership.objects.filter(
            organisation__framework=framework,
            organisation__kind=Organisation.Kind.DELEGATION,
            role__in=[Membership.Role.HEAD_OF_DELEGATION, Membership.Role.DELEGATE],
            start_date__lte=on,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("user", "organisation__country")
        .order_by("role", "pk")
    )
    people: dict[str, list[User]] = {}
    for membership in memberships:
        people.setdefault(membership.organisation.country.iso3, []).append(membership.user)  # type: ignore[union-attr]
    return people


@transaction.atomic
def load_demonstration_programme(*, framework: Framework, now: datetime) -> list[Activity]:
    """Create the 2020 programme (once); return its activities in time order."""
    existing = list(
        Activity.objects.filter(framework=framework, is_demonstration=True).order_by("starts_at")
    )
    if existing:
        return existing
    topics = {(t.kind, t.code): t for t in Topic.objects.filter(framework=framework)}
    delegations = {
        o.country.iso3: o  # type: ignore[union-attr]
        for o in Organisation.objects.filter(
            framework=framework, kind=Organisation.Kind.DELEGATION
        ).select_related("country")
    }
    secretariat = (
        User.objects.filter(
            memberships__role=Membership.Role.SECRETARIAT,
            memberships__organisation__framework=framework,
        )
        .order_by("pk")
        .first()
    )
    activities = []
    for plan in PROGRAMME:
        starts_at = _utc(plan.day, *plan.start)
        created = starts_at - timedelta(days=21)
        activity = Activity.objects.create(
            framework=framework,
            title=plan.title,
            description=plan.summary,
            kind=plan.kind,
            visibility=Activity.Visibility.PUBLIC if plan.public else Activity.Visibility.MEMBERS,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=plan.minutes),
            time_zone=plan.time_zone,
            room_name=new_room_name(),
            seats_per_delegation=5,
            is_demonstration=True,
            source=LAUNCH_SOURCE if plan.day == date(2020, 6, 12) else "",
            created_at=created,
            updated_at=created,
        )
        activity.topics.set(
            [topics[(Topic.Kind.THEME, code)] for code in plan.themes]
            + [topics[(Topic.Kind.SECTOR, code)] for code in plan.sectors]
        )
        activity.organisers.set([delegations[code] for code in plan.organisers])
        session = Session.objects.create(
            activity=activity,
            title=plan.title if len(plan.agenda) > 1 else plan.agenda[0][0],
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
        )
        for position, (title, minutes, speakers) in enumerate(plan.agenda, start=1):
            item = AgendaItem.objects.create(
                session=session, position=position, title=title, duration_minutes=minutes
            )
            Speaker.objects.bulk_create(
                Speaker(agenda_item=item, position=index, name=name)
                for index, name in enumerate(speakers, start=1)
            )
        activities.append(activity)

    launch, som = activities[0], activities[5]
    for index, iso3, kind, title, language, delivered_by, body in STATEMENTS:
        Statement.objects.create(
            activity=activities[index],
            organisation=delegations[iso3],
            kind=kind,
            title=title,
            language=language,
            delivered_by=delivered_by,
            body=body,
            is_demonstration=True,
            created_at=activities[index].starts_at,
        )
    _registrations(framework, activities, secretariat)
    _minutes(launch, [LAUNCH_MINUTES_V1, LAUNCH_MINUTES_V2], approve=True, author=secretariat)
    _minutes(som, [SOM_MINUTES], approve=False, author=secretariat)
    outcome = Outcome.objects.create(
        activity=launch,
        position=1,
        text="The China–ASEAN Year of Digital Economy Cooperation was launched (sourced).",
        created_at=launch.ends_at,
    )
    som_outcome = Outcome.objects.create(
        activity=som,
        position=1,
        text="Demonstration: delegations will send written comments on the zero draft.",
        created_at=som.ends_at,
    )
    for activity, outcome_row, title, owner, due, status in (
        (launch, outcome, "Circulate the calendar of activities", "VNM", date(2020, 6, 30), "DONE"),
        (
            som,
            som_outcome,
            "Send written comments on the zero draft",
            "THA",
            date(2020, 10, 9),
            "DONE",
        ),
        (
            som,
            som_outcome,
            "Send written comments on the zero draft",
            "IDN",
            date(2020, 10, 9),
            "OPEN",
        ),
        (
            activities[4],
            None,
            "Share two case studies of AI in factories",
            "MYS",
            date(2020, 10, 30),
            "IN_PROGRESS",
        ),
        (
            activities[9],
            None,
            "Publish the adopted cooperation document",
            "VNM",
            date(2021, 1, 15),
            "OPEN",
        ),
    ):
        ActionItem.objects.create(
            activity=activity,
            outcome=outcome_row,
            title=f"{title} (demonstration)",
            owner=delegations[owner],
            due_date=due,
            status=status,
            created_at=activity.ends_at,
            updated_at=activity.ends_at,
            completed_at=activity.ends_at + timedelta(days=10) if status == "DONE" else None,
        )
    audit.record(
        action="programme.demonstration_loaded",
        target=framework,
        actor=None,
        now=now,
        activities=len(activities),
    )
    return activities


def _registrations(
    framework: Framework, activities: list[Activity], secretariat: User | None
) -> None:
    """Register the demonstration delegates for the activities and record the roll-call."""
    people = _people(framework, activities[0].starts_at.date())
    for activity in activities:
        for iso3, persons in people.items():
            for person in persons[:2]:
                Registration.objects.create(
                    activity=activity,
                    person=person,
                    organisation=Organisation.objects.get(
                        framework=framework, country__iso3=iso3, kind=Organisation.Kind.DELEGATION
                    ),
                    status=Registration.Status.APPROVED,
                    registered_by=persons[0],
                    registered_at=activity.starts_at - timedelta(days=10),
                    decided_by=secretariat,
                    decided_at=activity.starts_at - timedelta(days=8),
                    attendance=Registration.Attendance.PRESENT,
                    attendance_recorded_at=activity.starts_at,
                )


def _minutes(
    activity: Activity, texts: list[str], *, approve: bool, author: User | None
) -> Minutes:
    minutes = Minutes.objects.create(activity=activity)
    version = None
    for number, text in enumerate(texts, start=1):
        version = MinutesVersion.objects.create(
            minutes=minutes,
            number=number,
            text=text,
            note="" if number == 1 else "Corrections from the delegations taken in.",
            created_by=author,
            created_at=activity.ends_at + timedelta(days=2 * number),
        )
        if number == 1 and len(texts) > 1:
            attendee = (
                Registration.objects.filter(activity=activity, status="APPROVED")
                .select_related("person", "organisation")
                .order_by("pk")
                .first()
            )
            if attendee is not None:
                MinutesCorrection.objects.create(
                    version=version,
                    author=attendee.person,
                    organisation=attendee.organisation,
                    text="Demonstration correction: please say the programme will be "
                    "circulated to the delegations.",
                    created_at=activity.ends_at + timedelta(days=3),
                )
    assert version is not None  # noqa: S101 (every planned minutes has a text)
    minutes.current_version = version
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = activity.ends_at + timedelta(days=2)
    if approve:
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at = activity.ends_at + timedelta(days=14)
        minutes.approved_by = author
        minutes.approved_version = version
    minutes.save()
    return minutes
