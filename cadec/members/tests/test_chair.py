"""The chair on any date, from the rotation in the reference data."""

from datetime import date

import pytest

from cadec.members import selectors

EXPECTED = {
    2019: "THA",
    2020: "VNM",
    2021: "BRN",
    2022: "KHM",
    2023: "IDN",
    2024: "LAO",
    2025: "MYS",
    2026: "PHL",  # out of alphabetical order: Myanmar was skipped
    2027: "SGP",
}


@pytest.mark.parametrize(("year", "iso3"), EXPECTED.items())
def test_the_chair_of_each_year_comes_from_the_rotation(framework, year, iso3):
    for day in (date(year, 1, 1), date(year, 6, 12), date(year, 12, 31)):
        chair = selectors.chair_on(framework=framework, on=day)
        assert chair.known
        assert chair.country.iso3 == iso3


def test_2026_is_the_philippines_out_of_order_and_says_so(framework):
    chair = selectors.chair_on(framework=framework, on=date(2026, 3, 1))
    assert chair.country.name == "Philippines"
    assert chair.status == "ANNOUNCED"
    assert "OUT OF ORDER" in chair.note


def test_the_chair_hands_over_at_the_year_boundary(framework):
    last_day = selectors.chair_on(framework=framework, on=date(2020, 12, 31))
    first_day = selectors.chair_on(framework=framework, on=date(2021, 1, 1))
    assert (last_day.country.iso3, first_day.country.iso3) == ("VNM", "BRN")


@pytest.mark.parametrize("year", [2028, 2030])
def test_a_year_without_a_source_says_no_chair_is_known(framework, year):
    chair = selectors.chair_on(framework=framework, on=date(year, 5, 1))
    assert not chair.known
    assert chair.status == "NOT_FOUND"


def test_a_year_beyond_the_data_is_unknown(framework):
    chair = selectors.chair_on(framework=framework, on=date(2040, 1, 1))
    assert not chair.known
    assert chair.status == "UNKNOWN"
