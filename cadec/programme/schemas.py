"""API schemas of the programme."""

from datetime import date, datetime, time
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

# The id of a row, where a list of them is looked up at once: SQLite cannot take an integer
# beyond 64 bits into a query, so a larger one is refused here as invalid input (422).
RowId = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class ActivityTopicRef(Schema):
    id: int
    kind: str
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class ActivityOut(Schema):
    id: int
    uid: UUID
    title: str
    kind: str
    visibility: str
    status: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    sequence: int
    is_demonstration: bool
    topics: list[ActivityTopicRef]


class ActivityPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ActivityOut]


class SpeakerOut(Schema):
    name: str
    organisation: OrganisationRef | None


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    duration_minutes: int
    starts_at: datetime | None = None
    speakers: list[SpeakerOut]


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    agenda_items: list[AgendaItemOut] = []


class MemberLocalTimeOut(Schema):
    country: str
    country_name: str
    zone: str
    offset: str
    starts: str
    ends: str
    holiday: str | None
    weekend: bool
    outside_working_hours: bool
    friday_prayer: bool


class ActivityDetailOut(ActivityOut):
    description: str
    source: str
    seats_per_delegation: int
    organisers: list[OrganisationRef]
    invited: list[OrganisationRef]
    room_url: str | None = Field(
        None, description="The online room; only for participants and invitees."
    )
    sessions: list[SessionOut]
    local_times: list[MemberLocalTimeOut]


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: str
    visibility: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str = "UTC"
    description: str = Field("", max_length=100_000)
    seats_per_delegation: int = Field(5, ge=1, le=200)
    topic_ids: list[RowId] = []
    organiser_ids: list[RowId] = []
    invited_ids: list[RowId] = []


class ActivityPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: str | None = None
    visibility: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    description: str | None = Field(None, max_length=100_000)
    seats_per_delegation: int | None = Field(None, ge=1, le=200)
    topic_ids: list[RowId] | None = None
    organiser_ids: list[RowId] | None = None
    invited_ids: list[RowId] | None = None


class SessionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: datetime
    ends_at: datetime


class SpeakerIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    organisation_id: int | None = None


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    duration_minutes: int = Field(..., ge=1, le=1440)
    speakers: list[SpeakerIn] = []


class RegistrationOut(Schema):
    id: int
    activity_id: int
    person_id: int
    person: str
    organisation: OrganisationRef
    status: str
    registered_at: datetime
    decided_at: datetime | None
    decision_note: str
    attendance: str


class RegistrationIn(Schema):
    person_id: int
    organisation_id: int


class DecisionIn(Schema):
    decision: Literal["approve", "decline"]
    note: str = Field("", max_length=2000)


class AttendanceEntry(Schema):
    registration_id: RowId
    attendance: str


class AttendanceIn(Schema):
    attendance: list[AttendanceEntry] = Field(..., min_length=1)


class AttendanceOut(Schema):
    recorded: int


class StatementOut(Schema):
    id: int
    activity_id: int
    organisation: OrganisationRef
    kind: str
    title: str
    language: str
    delivered_by: str
    body: str
    is_demonstration: bool
    created_at: datetime


class StatementIn(Schema):
    organisation_id: int
    kind: str
    title: str = Field(..., min_length=1, max_length=300)
    language: str
    body: str = Field(..., min_length=1, max_length=100_000)
    delivered_by: str = Field("", max_length=200)


class MinutesVersionOut(Schema):
    number: int
    note: str
    created_at: datetime
    text: str | None = None


class MinutesOut(Schema):
    status: str | None
    current_version: int | None
    text: str | None
    circulated_at: datetime | None
    approved_at: datetime | None
    versions: list[MinutesVersionOut]


class MinutesDraftIn(Schema):
    text: str = Field(..., min_length=1, max_length=100_000)
    note: str = Field("", max_length=300)
    base_version: int = Field(..., ge=0)


class MinutesApproveIn(Schema):
    version: int = Field(..., ge=1)


class CorrectionIn(Schema):
    text: str = Field(..., min_length=1, max_length=20_000)


class CorrectionOut(Schema):
    id: int
    version: int
    text: str
    created_at: datetime


class OutcomeIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)


class OutcomeOut(Schema):
    id: int
    position: int
    text: str


class ActionItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    owner_id: int
    due_date: date
    outcome_id: int | None = None


class ActionItemPatch(Schema):
    status: str


class ActionItemOut(Schema):
    id: int
    activity_id: int
    title: str
    owner: OrganisationRef
    due_date: date
    status: str
    overdue: bool


class FeedIn(Schema):
    scope: str
    organisation_id: int | None = None


class FeedOut(Schema):
    id: int
    scope: str
    organisation: OrganisationRef
    url: str


class ProposalOut(Schema):
    starts_at: datetime
    ends_at: datetime
    cost: float
    reasons: list[str]
    local_times: list[MemberLocalTimeOut]


class SchedulingQuery(Schema):
    duration_minutes: int = Field(120, ge=15, le=600)
    first_day: date | None = Field(None, description="UTC date; default a week from today")
    last_day: date | None = Field(None, description="UTC date; default three weeks from today")
    working_start: time = time(8, 0)
    working_end: time = time(18, 0)

    @field_validator("working_start", "working_end")
    @classmethod
    def _local_time(cls, value: time) -> time:
        # Working hours are wall-clock times in every member's own zone: no offset applies.
        if value.tzinfo is not None:
            raise ValueError("a local time such as 08:00, without a UTC offset")
        return value
