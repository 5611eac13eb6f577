"""Reads for the indicators module: series, rankings, aggregates, profiles and the seed's claim.

The "ASEAN" group of an aggregate is the framework's participating members on the day asked,
without the standing co-chair (China in the reference configuration), which stands beside it.
The same composition is used for every year, as regional statistics do.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext as _

from cadec.core.errors import DomainError, NotFound
from cadec.indicators.models import ImportRun, Indicator, Observation
from cadec.members import selectors as member_selectors
from cadec.members.models import Country, Participation

POPULATION = "SP.POP.TOTL"
INTERNET_USERS = "IT.NET.USER.ZS"


def indicators() -> QuerySet[Indicator]:
    """Every indicator with its first and last year and how many countries report it."""
    return Indicator.objects.annotate(
        first_year=Min("observations__year"),
        last_year=Max("observations__year"),
        country_count=Count("observations__country", distinct=True),
    ).order_by("code")


def get_indicator(*, code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code.strip()).first()
    if indicator is None:
        raise NotFound(_("No indicator “%(code)s”.") % {"code": code.strip()[:64]}, field="code")
    return indicator


def dashboard_countries() -> list[Country]:
    """The countries taking part in a framework (ever), in name order: the members charted."""
    return list(Country.objects.filter(participations__isnull=False).distinct().order_by("name"))


def get_country(*, code: str) -> Country:
    return member_selectors.get_country(code=code)


@dataclass(frozen=True)
class Series:
    """One country's values of one indicator, in year order."""

    country: Country
    points: list[tuple[int, float]]

    @property
    def latest(self) -> tuple[int, float] | None:
        return self.points[-1] if self.points else None


def _check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise DomainError(
            _("year_from: %(first)d comes after year_to (%(last)d).")
            % {"first": year_from, "last": year_to},
            field="year_from",
        )


def observations(
    *,
    indicator: Indicator,
    countries: list[Country] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[Observation]:
    """The current observations of ``indicator``, by country name then year."""
    _check_years(year_from, year_to)
    qs = Observation.objects.filter(indicator=indicator).select_related("country")
    if countries is not None:
        qs = qs.filter(country__in=countries)
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    return qs.order_by("country__name", "year")


def _values(
    *, indicator: Indicator, country_ids: list[int] | None = None
) -> dict[int, dict[int, float]]:
    """{country id: {year: value}} in one query."""
    qs = Observation.objects.filter(indicator=indicator)
    if country_ids is not None:
        qs = qs.filter(country_id__in=country_ids)
    result: dict[int, dict[int, float]] = defaultdict(dict)
    for country_id, year, value in qs.order_by("country_id", "year").values_list(
        "country_id", "year", "value"
    ):
        result[country_id][year] = value
    return result


def series(
    *,
    indicator: Indicator,
    countries: list[Country],
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Series]:
    """One series per country that has data, in the order of ``countries``."""
    _check_years(year_from, year_to)
    values = _values(indicator=indicator, country_ids=[c.pk for c in countries])
    result = []
    for country in countries:
        points = [
            (year, value)
            for year, value in sorted(values.get(country.pk, {}).items())
            if (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
        ]
        if points:
            result.append(Series(country=country, points=points))
    return result


@dataclass(frozen=True)
class RankingEntry:
    rank: int
    country: Country
    value: float


@dataclass(frozen=True)
class Ranking:
    """Countries ranked by their value in one year; those without a value that year after."""

    year: int | None
    entries: list[RankingEntry]
    missing: list[Series] = field(default_factory=list)


def ranking_year(series_list: list[Series]) -> int | None:
    """The latest year in which as many countries report as in the best-covered year."""
    coverage: dict[int, int] = defaultdict(int)
    for s in series_list:
        for year, _value in s.points:
            coverage[year] += 1
    if not coverage:
        return None
    best = max(coverage.values())
    return max(year for year, count in coverage.items() if count == best)


def ranking(*, series_list: list[Series], year: int | None = None) -> Ranking:
    """Rank ``series_list`` in ``year`` (default: the latest well-covered year), highest first.

    Equal values share a rank (1, 2, 2, 4).
    """
    year = ranking_year(series_list) if year is None else year
    if year is None:
        return Ranking(year=None, entries=[])
    valued = []
    missing = []
    for s in series_list:
        value = dict(s.points).get(year)
        if value is None:
            missing.append(s)
        else:
            valued.append((s.country, value))
    valued.sort(key=lambda item: (-item[1], item[0].name))
    entries: list[RankingEntry] = []
    for position, (country, value) in enumerate(valued, start=1):
        rank = entries[-1].rank if entries and entries[-1].value == value else position
        entries.append(RankingEntry(rank=rank, country=country, value=value))
    return Ranking(year=year, entries=entries, missing=missing)


@dataclass(frozen=True)
class Groups:
    """The group that is aggregated (ASEAN) and the partner shown beside it (China)."""

    members: list[Country]
    partner: Country | None


def groups(*, on: date) -> Groups:
    framework = member_selectors.default_framework()
    if framework is None:
        return Groups(members=[], partner=None)
    partner = framework.co_chair
    members = sorted(
        (
            p.country
            for p in member_selectors.participants_on(framework=framework, on=on)
            if p.kind == Participation.Kind.MEMBER
            and (partner is None or p.country_id != partner.pk)
        ),
        key=lambda c: c.name,
    )
    return Groups(members=members, partner=partner)


@dataclass(frozen=True)
class AggregatePoint:
    year: int
    value: float | None
    reporting: int  # members whose value (and population, when weighted) is known
    of: int  # members in the group
    population_share: float | None  # share of the group's population they cover, weighted only
    partner_value: float | None

    @property
    def partial(self) -> bool:
        return self.reporting < self.of


@dataclass(frozen=True)
class Aggregate:
    """The group's value per year, computed by the indicator's method, beside the partner's."""

    method: str
    members: list[Country]
    partner: Country | None
    points: list[AggregatePoint]

    @property
    def available(self) -> bool:
        return self.method != Indicator.Aggregation.NONE and bool(self.members)


def _population(*, country_ids: list[int]) -> dict[int, dict[int, float]]:
    weight = Indicator.objects.filter(code=POPULATION).first()
    if weight is None:
        return {}
    return _values(indicator=weight, country_ids=country_ids)


def aggregate(*, indicator: Indicator, on: date) -> Aggregate:
    """The ASEAN aggregate of ``indicator`` per year beside the partner's (China's) value.

    A population-weighted mean uses SP.POP.TOTL of the same year: Σ value·population ÷ Σ
    population over the members that report both. A sum adds the members that report.
    """
    group = groups(on=on)
    method = indicator.aggregation
    if method == Indicator.Aggregation.NONE or not group.members:
        return Aggregate(method=method, members=group.members, partner=group.partner, points=[])
    ids = [c.pk for c in group.members]
    all_ids = ids + ([group.partner.pk] if group.partner else [])
    values = _values(indicator=indicator, country_ids=all_ids)
    weighted = method == Indicator.Aggregation.WEIGHTED_MEAN
    population = _population(country_ids=ids) if weighted else {}
    partner_values = values.get(group.partner.pk, {}) if group.partner else {}
    years = sorted({year for cid in ids for year in values.get(cid, {})})
    points = []
    for year in years:
        if weighted:
            total = weight_sum = known_population = 0.0
            reporting = 0
            for cid in ids:
                pop = population.get(cid, {}).get(year)
                if pop is None:
                    continue
                known_population += pop
                value = values.get(cid, {}).get(year)
                if value is None:
                    continue
                total += value * pop
                weight_sum += pop
                reporting += 1
            point_value = total / weight_sum if weight_sum else None
            share = weight_sum / known_population if known_population else None
        else:
            present = [values[cid][year] for cid in ids if year in values.get(cid, {})]
            reporting = len(present)
            point_value = sum(present) if present else None
            share = None
        points.append(
            AggregatePoint(
                year=year,
                value=point_value,
                reporting=reporting,
                of=len(ids),
                population_share=share,
                partner_value=partner_values.get(year),
            )
        )
    return Aggregate(method=method, members=group.members, partner=group.partner, points=points)


@dataclass(frozen=True)
class Claim:
    """The seed's claim with real figures: people online as a share of China and ASEAN."""

    year: int
    share: float  # percent of the combined population
    users: float
    population: float
    countries_reporting: int
    countries_total: int

    @property
    def complete(self) -> bool:
        return self.countries_reporting == self.countries_total


def internet_claim(*, on: date) -> Claim | None:
    """People using the Internet as a percentage of the combined population of China and ASEAN.

    The year is the latest in which every country reports both figures; failing that, the latest
    of the best-covered years, and the claim says how many countries it covers.
    """
    group = groups(on=on)
    countries = group.members + ([group.partner] if group.partner else [])
    internet = Indicator.objects.filter(code=INTERNET_USERS).first()
    if internet is None or not countries:
        return None
    ids = [c.pk for c in countries]
    shares = _values(indicator=internet, country_ids=ids)
    population = _population(country_ids=ids)
    by_year: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for cid in ids:
        for year, share in shares.get(cid, {}).items():
            pop = population.get(cid, {}).get(year)
            if pop is not None:
                by_year[year].append((share, pop))
    if not by_year:
        return None
    best = max(len(pairs) for pairs in by_year.values())
    year = max(y for y, pairs in by_year.items() if len(pairs) == best)
    pairs = by_year[year]
    total_population = sum(pop for _share, pop in pairs)
    users = sum(share / 100 * pop for share, pop in pairs)
    return Claim(
        year=year,
        share=100 * users / total_population,
        users=users,
        population=total_population,
        countries_reporting=len(pairs),
        countries_total=len(countries),
    )


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    series: Series


def country_profile(*, country: Country) -> list[ProfileRow]:
    """Every indicator with data for ``country``, its series and latest value, in one query."""
    rows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for indicator_id, year, value in (
        Observation.objects.filter(country=country)
        .order_by("indicator_id", "year")
        .values_list("indicator_id", "year", "value")
    ):
        rows[indicator_id].append((year, value))
    found = Indicator.objects.filter(pk__in=rows).order_by("code")
    return [
        ProfileRow(indicator=i, series=Series(country=country, points=rows[i.pk])) for i in found
    ]


def recent_imports(*, limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("actor").order_by("-at", "-pk")[:limit]
