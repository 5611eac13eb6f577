"""The reference configuration: twelve countries, ASEAN–China, and who counts for consensus."""

import zoneinfo
from datetime import date

import pytest

from cadec.core.models import AuditEvent
from cadec.members import permissions, selectors
from cadec.members.models import (
    ChairTerm,
    CooperationYear,
    Country,
    Organisation,
    Participation,
    Topic,
)
from cadec.members.reference import FRAMEWORK_SLUG, load_countries
from cadec.members.tests.factories import NOW

ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}

COUNTRIES = [
    # iso2, iso3, numeric, name, capital, primary zone
    ("BN", "BRN", "096", "Brunei Darussalam", "Bandar Seri Begawan", "Asia/Brunei"),
    ("KH", "KHM", "116", "Cambodia", "Phnom Penh", "Asia/Phnom_Penh"),
    ("ID", "IDN", "360", "Indonesia", "Jakarta", "Asia/Jakarta"),
    ("LA", "LAO", "418", "Lao PDR", "Vientiane", "Asia/Vientiane"),
    ("MY", "MYS", "458", "Malaysia", "Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("MM", "MMR", "104", "Myanmar", "Nay Pyi Taw", "Asia/Yangon"),
    ("PH", "PHL", "608", "Philippines", "Manila", "Asia/Manila"),
    ("SG", "SGP", "702", "Singapore", "Singapore", "Asia/Singapore"),
    ("TH", "THA", "764", "Thailand", "Bangkok", "Asia/Bangkok"),
    ("VN", "VNM", "704", "Viet Nam", "Hanoi", "Asia/Ho_Chi_Minh"),
    ("TL", "TLS", "626", "Timor-Leste", "Dili", "Asia/Dili"),
    ("CN", "CHN", "156", "China", "Beijing", "Asia/Shanghai"),
]


def _iso3s(countries) -> set[str]:
    return {country.iso3 for country in countries}


def test_the_reference_configuration_holds_twelve_countries(framework):
    assert Country.objects.count() == 12
    assert _iso3s(Country.objects.all()) == ASEAN | {"CHN"}


@pytest.mark.parametrize(("iso2", "iso3", "numeric", "name", "capital", "zone"), COUNTRIES)
def test_each_country_has_its_iso_codes_capital_and_time_zone(
    framework, iso2, iso3, numeric, name, capital, zone
):
    country = Country.objects.get(iso3=iso3)
    assert (country.iso2, country.numeric, country.name, country.capital) == (
        iso2,
        numeric,
        name,
        capital,
    )
    assert country.primary_time_zone == zone


def test_indonesia_spans_four_time_zones_with_jakarta_first(framework):
    indonesia = Country.objects.get(iso3="IDN")
    assert indonesia.time_zones == [
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
    ]


def test_myanmar_keeps_the_yangon_zone_half_an_hour_off_its_neighbours(framework):
    assert Country.objects.get(iso3="MMR").time_zones == ["Asia/Yangon"]


def test_every_time_zone_of_every_country_is_a_real_iana_zone(framework):
    known = zoneinfo.available_timezones()
    zones = [zone for country in Country.objects.all() for zone in country.time_zones]
    assert len(zones) == 17
    assert set(zones) <= known


def test_languages_without_a_two_letter_code_keep_their_three_letter_code(framework):
    assert Country.objects.get(iso3="PHL").languages == ["en", "fil"]
    assert Country.objects.get(iso3="TLS").languages == ["tet", "pt"]


def test_china_is_a_dialogue_partner_without_an_asean_accession_date(framework):
    china = Country.objects.get(iso3="CHN")
    assert china.asean_accession_date is None
    assert framework.co_chair == china


def test_loading_the_countries_again_updates_them_in_place(framework):
    Country.objects.filter(iso3="MMR").update(capital="Yangon")
    countries = load_countries()
    assert len(countries) == 12
    assert Country.objects.count() == 12
    assert Country.objects.get(iso3="MMR").capital == "Nay Pyi Taw"


def test_the_framework_has_a_delegation_per_country_the_secretariat_and_observers(framework):
    assert framework.slug == FRAMEWORK_SLUG
    delegations = Organisation.objects.filter(framework=framework, kind="DELEGATION")
    assert {o.country.iso3 for o in delegations} == ASEAN | {"CHN"}
    assert Organisation.objects.get(framework=framework, kind="SECRETARIAT").country is None
    assert Organisation.objects.get(framework=framework, kind="OBSERVER").country is None


def test_the_framework_carries_the_2020_year_its_themes_sectors_and_chairs(framework):
    year = CooperationYear.objects.get(framework=framework)
    assert (year.year, year.launched_date) == (2020, date(2020, 6, 12))
    assert Topic.objects.filter(framework=framework, kind="THEME").count() == 6
    assert Topic.objects.filter(framework=framework, kind="SECTOR").count() == 6
    assert Topic.objects.get(code="big-data").name_in("vi") == "Dữ liệu lớn"
    assert Topic.objects.get(code="big-data").name_in("km") == "Big data"
    assert ChairTerm.objects.filter(framework=framework).count() == 16


def test_loading_the_reference_configuration_records_one_event(framework):
    events = AuditEvent.objects.filter(action="framework.loaded")
    assert [(e.object_id, e.at, e.actor_id) for e in events] == [(str(framework.pk), NOW, None)]


def test_timor_leste_counts_for_consensus_from_its_accession_day(framework):
    day_before = selectors.consensus_parties(framework=framework, on=date(2025, 10, 25))
    accession_day = selectors.consensus_parties(framework=framework, on=date(2025, 10, 26))
    assert "TLS" not in _iso3s(day_before)
    assert "TLS" in _iso3s(accession_day)
    assert _iso3s(accession_day) - _iso3s(day_before) == {"TLS"}


def test_timor_leste_is_not_yet_a_participant_before_its_accession(framework):
    participants = selectors.participants_on(framework=framework, on=date(2025, 10, 25))
    assert "TLS" not in {p.country.iso3 for p in participants}


def test_china_counts_for_consensus(framework):
    for day in (date(2020, 6, 12), date(2026, 1, 1)):
        assert "CHN" in _iso3s(selectors.consensus_parties(framework=framework, on=day))


def test_eleven_asean_members_and_china_are_twelve_parties_in_2026(framework):
    parties = selectors.consensus_parties(framework=framework, on=date(2026, 1, 1))
    assert len(parties) == 12
    assert _iso3s(parties) == ASEAN | {"CHN"}


def test_the_2020_year_was_launched_among_eleven_countries(framework):
    parties = selectors.consensus_parties(framework=framework, on=date(2020, 6, 12))
    assert len(parties) == 11
    assert _iso3s(parties) == (ASEAN - {"TLS"}) | {"CHN"}


def test_an_observer_country_takes_part_but_never_counts_for_consensus(framework):
    guest = Country.objects.create(
        iso2="PG", iso3="PNG", numeric="598", name="Papua New Guinea", capital="Port Moresby"
    )
    Participation.objects.create(
        framework=framework,
        country=guest,
        kind=Participation.Kind.OBSERVER,
        status_label="Observer",
        start_date=date(1976, 1, 1),
    )
    on = date(2026, 1, 1)
    assert "PNG" in {p.country.iso3 for p in selectors.participants_on(framework=framework, on=on)}
    assert "PNG" not in _iso3s(selectors.consensus_parties(framework=framework, on=on))
    assert len(selectors.consensus_parties(framework=framework, on=on)) == 12


def test_an_observer_organisations_people_never_count(framework, observer):
    viewer = selectors.viewer_for(user=observer, on=date(2026, 1, 1))
    assert viewer.roles == {"OBSERVER"}
    # They speak for no delegation, and their organisation is no country that could count.
    assert viewer.delegation_country_ids == frozenset()
    parties = selectors.consensus_parties(framework=framework, on=date(2026, 1, 1))
    assert all(not permissions.is_delegation_of(viewer, country=country) for country in parties)
