"""API schemas of the indicators module."""

from ninja import Schema

from cadec.members.schemas import CountryRef


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    source: str
    licence: str
    aggregation: str
    first_year: int | None = None
    last_year: int | None = None
    country_count: int = 0


class ObservationOut(Schema):
    country: str
    country_name: str
    year: int
    value: float
    source: str
    vintage: str


class IndicatorDetailOut(Schema):
    code: str
    name: str
    unit: str
    source: str
    licence: str
    aggregation: str
    observations: list[ObservationOut]


class RankingEntryOut(Schema):
    rank: int
    country: CountryRef
    value: float


class MissingOut(Schema):
    country: CountryRef
    latest_year: int | None
    latest_value: float | None


class RankingOut(Schema):
    indicator: str
    year: int | None
    entries: list[RankingEntryOut]
    missing: list[MissingOut]


class AggregatePointOut(Schema):
    year: int
    value: float | None
    reporting: int
    of: int
    population_share: float | None
    partner_value: float | None


class AggregateOut(Schema):
    indicator: str
    method: str
    members: list[CountryRef]
    partner: CountryRef | None
    points: list[AggregatePointOut]


class ClaimOut(Schema):
    available: bool
    statement: str
    year: int | None
    share: float | None
    users: float | None
    population: float | None
    countries_reporting: int
    countries_total: int
