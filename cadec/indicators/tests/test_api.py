"""The indicators API: public reads over the same selectors as the pages."""

import csv
import io

import pytest

from cadec.indicators import selectors
from cadec.indicators.models import Indicator, Observation

API = "/api/v1/indicators"


def test_anyone_lists_the_indicators_with_their_years(client, reference_data):
    response = client.get(API)
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json()}
    assert set(by_code) == set(Indicator.objects.values_list("code", flat=True))
    assert by_code["SP.POP.TOTL"]["first_year"] == 1960
    assert by_code["SP.POP.TOTL"]["country_count"] == 12
    assert by_code["IT.NET.USER.ZS"]["aggregation"] == "WEIGHTED_MEAN"


def test_one_indicator_with_its_observations_filtered_by_country_and_years(client, reference_data):
    response = client.get(
        f"{API}/IT.NET.USER.ZS",
        {"country": ["VNM", "TH"], "year_from": 2020, "year_to": 2021},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "% of population"
    pairs = {(o["country"], o["year"]): o["value"] for o in body["observations"]}
    assert set(pairs) == {("THA", 2020), ("THA", 2021), ("VNM", 2020), ("VNM", 2021)}
    assert (
        pairs["VNM", 2020]
        == Observation.objects.get(
            indicator__code="IT.NET.USER.ZS", country__iso3="VNM", year=2020
        ).value
    )


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"country": "JPN"}, 400, "country"),
        ({"year_from": 2021, "year_to": 2020}, 400, "year_from"),
        ({"year_from": "soon"}, 422, None),
    ],
)
def test_bad_filters_are_refused_with_what_is_wrong(client, reference_data, query, status, field):
    response = client.get(f"{API}/IT.NET.USER.ZS", query)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


def test_an_unknown_indicator_is_a_404_with_a_message(client, framework):
    response = client.get(f"{API}/NO.SUCH")
    assert response.status_code == 404
    assert "NO.SUCH" in response.json()["detail"]


def test_the_ranking_and_the_aggregate_match_the_selectors(client, reference_data):
    ranking = client.get(f"{API}/IT.NET.USER.ZS/ranking").json()
    assert ranking["year"] == 2023
    assert [e["rank"] for e in ranking["entries"]] == list(range(1, 13))
    assert ranking["entries"][0]["value"] >= ranking["entries"][-1]["value"]
    in_2024 = client.get(f"{API}/IT.NET.USER.ZS/ranking", {"year": 2024}).json()
    assert len(in_2024["entries"]) + len(in_2024["missing"]) == 12
    assert all(m["latest_year"] == 2023 for m in in_2024["missing"])

    aggregate = client.get(f"{API}/IT.NET.USER.ZS/aggregate").json()
    assert aggregate["method"] == "WEIGHTED_MEAN"
    assert aggregate["partner"]["iso3"] == "CHN"
    expected = selectors.aggregate(
        indicator=Indicator.objects.get(code="IT.NET.USER.ZS"),
        on=aggregate_day(client),
    )
    last = aggregate["points"][-1]
    assert last["year"] == expected.points[-1].year
    assert last["value"] == pytest.approx(expected.points[-1].value)


def aggregate_day(client):  # type: ignore[no-untyped-def]
    return client.get("/indicators/").wsgi_request.viewer.on


def test_the_claim_is_served_as_a_sentence_and_as_numbers(client, reference_data):
    body = client.get(f"{API}/claims/internet-users").json()
    assert body["available"]
    assert body["year"] == 2023
    assert body["statement"] == (
        f"People using the Internet: {body['share']:.1f} % of the combined population of China "
        "and ASEAN in 2023."
    )


def test_the_claim_says_when_there_are_no_figures(client, framework):
    body = client.get(f"{API}/claims/internet-users").json()
    assert body["available"] is False
    assert body["year"] is None


def test_the_api_csv_export_neutralises_formulas_too(client, reference_data):
    Indicator.objects.filter(code="SP.POP.TOTL").update(name="+cmd|' /C calc'!A0")
    response = client.get(f"{API}/SP.POP.TOTL/export.csv", {"country": "VNM"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    assert {r["indicator_name"] for r in rows} == {"'+cmd|' /C calc'!A0"}
    assert {r["country_iso3"] for r in rows} == {"VNM"}
