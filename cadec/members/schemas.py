"""API schemas of the members module."""

from datetime import date, datetime

from ninja import Field, Schema


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name: str
    formal_name: str
    capital: str
    languages: list[str]
    language_names: list[str]
    time_zones: list[str]
    currency: str
    dial_code: str
    cctld: str
    asean_accession_date: date | None


class CountryRef(Schema):
    iso2: str
    iso3: str
    name: str


class FrameworkParticipationOut(Schema):
    country: CountryRef
    kind: str
    status_label: str
    start_date: date | None
    end_date: date | None
    counts_for_consensus: bool


class CooperationYearOut(Schema):
    year: int
    title: str
    launched_date: date | None
    summary: str
    source: str


class TopicOut(Schema):
    kind: str
    code: str
    name: str
    translations: dict[str, str]


class FrameworkOut(Schema):
    slug: str
    name: str
    description: str
    working_language: str
    co_chair: CountryRef | None


class FrameworkDetailOut(FrameworkOut):
    on: date
    participations: list[FrameworkParticipationOut]
    years: list[CooperationYearOut]
    topics: list[TopicOut]


class ChairOut(Schema):
    on: date
    year: int
    known: bool
    country: CountryRef | None
    status: str
    note: str
    sources: str


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    framework: str = Field(..., alias="framework.slug")
    country: CountryRef | None


class MembershipOut(Schema):
    id: int
    organisation: OrganisationOut
    role: str
    start_date: date
    end_date: date | None


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    time_zone: str
    language: str


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]


class PersonIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    display_name: str = Field(..., min_length=1, max_length=150)
    email: str = Field(..., max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    organisation_id: int
    role: str
    start_date: date
    end_date: date | None = None
    time_zone: str | None = None
    language: str = "en"


class MembershipIn(Schema):
    person_id: int
    organisation_id: int
    role: str
    start_date: date
    end_date: date | None = None


class MembershipEndIn(Schema):
    end_date: date


class PreferencesIn(Schema):
    display_name: str | None = Field(None, max_length=150)
    language: str | None = None
    time_zone: str | None = None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int = Field(90, ge=1, le=366)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class ErrorOut(Schema):
    detail: str
    field: str | None = None
