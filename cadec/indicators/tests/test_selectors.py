"""Series, rankings, the ASEAN aggregate and the seed's claim, checked against hand computation."""

import csv
from collections import defaultdict
from datetime import date

import pytest

from cadec.core.errors import DomainError, NotFound
from cadec.indicators import selectors, services
from cadec.indicators.models import Indicator
from cadec.indicators.tests.factories import tidy_rows, write_tidy
from cadec.members.models import Country
from cadec.members.tests.factories import NOW

AFTER_TIMOR_LESTE_JOINED = date(2026, 1, 1)
ASEAN_2020 = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"}


def load(tmp_path, observations):  # type: ignore[no-untyped-def]
    path = write_tidy(tmp_path / "hand.csv", tidy_rows(observations))
    return services.import_observations(path_or_file=path, name=path.name, actor=None, now=NOW)


def reference_values() -> dict[str, dict[str, dict[int, float]]]:
    """{indicator: {country: {year: value}}} read straight from the reference file."""
    values: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    with services.REFERENCE_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values[row["indicator_code"]][row["country_iso3"]][int(row["year"])] = float(
                row["value"]
            )
    return values


def test_asean_is_the_members_on_the_day_without_the_partner(framework):
    in_2020 = selectors.groups(on=NOW.date())
    assert {c.iso3 for c in in_2020.members} == ASEAN_2020
    assert in_2020.partner.iso3 == "CHN"
    later = selectors.groups(on=AFTER_TIMOR_LESTE_JOINED)
    assert {c.iso3 for c in later.members} == ASEAN_2020 | {"TLS"}


def test_a_weighted_aggregate_equals_the_hand_computed_mean(framework, tmp_path):
    load(
        tmp_path,
        [
            ("VNM", "IT.NET.USER.ZS", 2020, 70.3),
            ("THA", "IT.NET.USER.ZS", 2020, 77.8),
            ("CHN", "IT.NET.USER.ZS", 2020, 70.4),
            ("VNM", "SP.POP.TOTL", 2020, 97338583),
            ("THA", "SP.POP.TOTL", 2020, 71475664),
            ("IDN", "SP.POP.TOTL", 2020, 273523621),
            ("CHN", "SP.POP.TOTL", 2020, 1411100000),
        ],
    )
    internet = Indicator.objects.get(code="IT.NET.USER.ZS")
    aggregate = selectors.aggregate(indicator=internet, on=NOW.date())
    [point] = aggregate.points
    expected = (70.3 * 97338583 + 77.8 * 71475664) / (97338583 + 71475664)
    assert point.year == 2020
    assert point.value == pytest.approx(expected, rel=1e-12)
    assert (point.reporting, point.of) == (2, 10)
    assert point.partial
    assert point.population_share == pytest.approx(
        (97338583 + 71475664) / (97338583 + 71475664 + 273523621)
    )
    assert point.partner_value == 70.4  # China stands beside the aggregate, not in it


def test_a_sum_aggregate_adds_the_members_that_report(framework, tmp_path):
    load(
        tmp_path,
        [
            ("VNM", "SP.POP.TOTL", 2020, 97338583),
            ("THA", "SP.POP.TOTL", 2020, 71475664),
            ("IDN", "SP.POP.TOTL", 2020, 273523621),
            ("CHN", "SP.POP.TOTL", 2020, 1411100000),
        ],
    )
    population = Indicator.objects.get(code="SP.POP.TOTL")
    [point] = selectors.aggregate(indicator=population, on=NOW.date()).points
    assert point.value == 97338583 + 71475664 + 273523621
    assert (point.reporting, point.partner_value) == (3, 1411100000)


def test_an_indicator_that_cannot_be_combined_has_no_aggregate(framework, tmp_path):
    load(tmp_path, [("VNM", "NY.GDP.MKTP.CN", 2020, 8.04e15)])
    local_currency = Indicator.objects.get(code="NY.GDP.MKTP.CN")
    aggregate = selectors.aggregate(indicator=local_currency, on=NOW.date())
    assert not aggregate.available
    assert aggregate.points == []


def test_the_reference_aggregates_match_a_hand_computation_from_the_file(reference_data):
    values = reference_values()
    asean = ASEAN_2020 | {"TLS"}
    internet = selectors.aggregate(
        indicator=Indicator.objects.get(code="IT.NET.USER.ZS"), on=AFTER_TIMOR_LESTE_JOINED
    )
    gdp = selectors.aggregate(
        indicator=Indicator.objects.get(code="NY.GDP.MKTP.CD"), on=AFTER_TIMOR_LESTE_JOINED
    )
    for year in (2000, 2010, 2023):
        both = [
            c
            for c in asean
            if year in values["IT.NET.USER.ZS"][c] and year in values["SP.POP.TOTL"][c]
        ]
        users = sum(
            values["IT.NET.USER.ZS"][c][year] * values["SP.POP.TOTL"][c][year] for c in both
        )
        people = sum(values["SP.POP.TOTL"][c][year] for c in both)
        point = next(p for p in internet.points if p.year == year)
        assert point.value == pytest.approx(users / people, rel=1e-12)
        assert (point.reporting, point.of) == (len(both), 11)
        assert point.partner_value == values["IT.NET.USER.ZS"]["CHN"][year]
        gdp_point = next(p for p in gdp.points if p.year == year)
        reporting = [c for c in asean if year in values["NY.GDP.MKTP.CD"][c]]
        assert gdp_point.value == pytest.approx(
            sum(values["NY.GDP.MKTP.CD"][c][year] for c in reporting), rel=1e-12
        )
        assert gdp_point.reporting == len(reporting)


def test_the_seed_claim_is_computed_from_real_figures(reference_data):
    values = reference_values()
    claim = selectors.internet_claim(on=AFTER_TIMOR_LESTE_JOINED)
    everyone = ASEAN_2020 | {"TLS", "CHN"}
    # 2024 lacks Internet figures for half the countries; 2023 is the latest complete year.
    assert claim.year == 2023
    assert claim.complete
    assert (claim.countries_reporting, claim.countries_total) == (12, 12)
    users = sum(
        values["IT.NET.USER.ZS"][c][2023] / 100 * values["SP.POP.TOTL"][c][2023] for c in everyone
    )
    people = sum(values["SP.POP.TOTL"][c][2023] for c in everyone)
    assert claim.population == people
    assert claim.users == pytest.approx(users, rel=1e-12)
    assert claim.share == pytest.approx(100 * users / people, rel=1e-12)


def test_the_claim_says_how_many_countries_it_covers_when_some_lack_figures(framework, tmp_path):
    load(
        tmp_path,
        [
            ("VNM", "IT.NET.USER.ZS", 2020, 70.3),
            ("VNM", "SP.POP.TOTL", 2020, 97338583),
            ("CHN", "IT.NET.USER.ZS", 2020, 70.4),
            ("CHN", "SP.POP.TOTL", 2020, 1411100000),
            ("THA", "SP.POP.TOTL", 2020, 71475664),
        ],
    )
    claim = selectors.internet_claim(on=NOW.date())
    assert (claim.countries_reporting, claim.countries_total) == (2, 11)
    assert not claim.complete
    assert claim.share == pytest.approx(
        (70.3 * 97338583 + 70.4 * 1411100000) / (97338583 + 1411100000)
    )


def test_no_claim_without_figures(framework):
    assert selectors.internet_claim(on=NOW.date()) is None


def test_the_ranking_uses_the_latest_well_covered_year_and_shares_ranks(framework, tmp_path):
    load(
        tmp_path,
        [
            ("VNM", "IT.CEL.SETS.P2", 2021, 140.0),
            ("THA", "IT.CEL.SETS.P2", 2021, 170.0),
            ("SGP", "IT.CEL.SETS.P2", 2021, 140.0),
            ("LAO", "IT.CEL.SETS.P2", 2021, 60.0),
            ("VNM", "IT.CEL.SETS.P2", 2022, 141.0),  # 2022: only one country so far
        ],
    )
    mobile = Indicator.objects.get(code="IT.CEL.SETS.P2")
    all_series = selectors.series(indicator=mobile, countries=selectors.dashboard_countries())
    ranking = selectors.ranking(series_list=all_series)
    assert ranking.year == 2021
    assert [(e.rank, e.country.iso3) for e in ranking.entries] == [
        (1, "THA"),
        (2, "SGP"),
        (2, "VNM"),
        (4, "LAO"),
    ]
    in_2022 = selectors.ranking(series_list=all_series, year=2022)
    assert [e.country.iso3 for e in in_2022.entries] == ["VNM"]
    assert sorted(s.country.iso3 for s in in_2022.missing) == ["LAO", "SGP", "THA"]


def test_series_and_observations_follow_the_filters(reference_data):
    internet = Indicator.objects.get(code="IT.NET.USER.ZS")
    viet_nam = Country.objects.get(iso3="VNM")
    [series] = selectors.series(
        indicator=internet, countries=[viet_nam], year_from=2019, year_to=2021
    )
    assert [year for year, _value in series.points] == [2019, 2020, 2021]
    rows = selectors.observations(indicator=internet, countries=[viet_nam], year_from=2022)
    assert {o.year for o in rows} == {2022, 2023, 2024}
    with pytest.raises(DomainError, match="year_from"):
        selectors.observations(indicator=internet, year_from=2021, year_to=2020)


def test_an_unknown_indicator_is_not_found(framework):
    with pytest.raises(NotFound, match="NOPE"):
        selectors.get_indicator(code="NOPE")


def test_a_country_profile_holds_every_indicator_with_data(reference_data):
    profile = selectors.country_profile(country=Country.objects.get(iso3="TLS"))
    assert [row.indicator.code for row in profile] == [
        "IT.CEL.SETS.P2",
        "IT.NET.BBND.P2",
        "IT.NET.SECR.P6",
        "IT.NET.USER.ZS",
        "NY.GDP.MKTP.CD",
        "SP.POP.TOTL",
    ]
    population = next(row for row in profile if row.indicator.code == "SP.POP.TOTL")
    assert population.series.latest[0] == 2024
