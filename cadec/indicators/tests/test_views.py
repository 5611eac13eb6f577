"""The indicator pages, exports and the Secretariat's upload page."""

import csv
import gzip
import io
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadec.indicators import forms, selectors
from cadec.indicators.models import ImportRun, Observation
from cadec.indicators.tests.factories import parse_svg, tidy_rows, write_tidy
from cadec.members.models import Country
from cadec.members.tests.factories import NOW

SVG = "{http://www.w3.org/2000/svg}"


def svg_by_id(html: str, dom_id: str) -> Any:
    match = re.search(rf'<svg [^>]*id="{dom_id}".*?</svg>', html, re.S)
    assert match, dom_id
    return parse_svg(match.group(0))


def test_the_list_states_the_seed_claim_with_real_figures(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("indicator_list"))
    html = response.content.decode()
    assert response.status_code == 200
    claim = selectors.internet_claim(on=response.wsgi_request.viewer.on)
    assert (
        f"People using the Internet: {claim.share:.1f} % of the combined population of China "
        f"and ASEAN in {claim.year}." in html
    )
    assert 'href="/indicators/IT.NET.USER.ZS/"' in html
    assert reverse("indicator_upload") not in html  # only the Secretariat imports


def test_an_indicator_page_charts_every_member_with_data_and_tables_the_values(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("indicator_detail", args=["IT.NET.USER.ZS"]))
    assert response.status_code == 200
    html = response.content.decode()
    chart = svg_by_id(html, "chart-members")
    assert chart.get("role") == "img"
    assert "Individuals using the Internet" in chart.find(f"{SVG}title").text
    with_data = set(
        Observation.objects.filter(indicator__code="IT.NET.USER.ZS").values_list(
            "country__name", flat=True
        )
    )
    names = [path.find(f"{SVG}title").text for path in chart.iter(f"{SVG}path")]
    assert sorted(names) == sorted(with_data)
    assert len(names) == 12
    assert '<table class="figures">' in html
    for name in with_data:
        assert f'<th scope="col">{name}</th>' in html
    assert "Ranking in 2023" in html
    aggregate = svg_by_id(html, "chart-aggregate")
    assert [p.find(f"{SVG}title").text for p in aggregate.iter(f"{SVG}path")] == [
        "ASEAN",
        "China",
    ]


def test_an_indicator_page_is_light_and_has_no_chart_script(client, reference_data):
    for query in ("", "?scale=log"):
        response = client.get(reverse("indicator_detail", args=["SP.POP.TOTL"]) + query)
        html = response.content.decode()
        assert re.findall(r"<script[^>]*>", html) == [
            re.search(r"<script[^>]*>", html).group(0)  # the site's one small script
        ]
        assert len(gzip.compress(response.content)) < 30_000


def test_the_years_shown_can_be_narrowed_and_a_reversed_range_is_refused(client, reference_data):
    url = reverse("indicator_detail", args=["NY.GDP.MKTP.CD"])
    narrowed = client.get(url, {"year_from": 2015, "year_to": 2020})
    assert narrowed.status_code == 200
    table_years = re.findall(r'<th scope="row">(\d{4})</th>', narrowed.content.decode())
    assert set(table_years) == {str(y) for y in range(2015, 2021)}
    reversed_range = client.get(url, {"year_from": 2020, "year_to": 2015})
    assert reversed_range.status_code == 400
    assert "The last year comes before the first." in reversed_range.content.decode()


def test_an_unknown_indicator_is_a_404(client, framework):
    assert client.get(reverse("indicator_detail", args=["NO.SUCH.CODE"])).status_code == 404


def test_a_country_profile_shows_each_indicator_latest_value_and_a_chart(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("indicator_country", args=["VNM"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Viet Nam</h1>" in html
    assert html.count('class="sparkline"') == 6
    latest = Observation.objects.filter(
        country__iso3="VNM", indicator__code="SP.POP.TOTL"
    ).order_by("-year")[0]
    assert f"({latest.year})" in html


@pytest.fixture
def dangerous(framework, tmp_path):  # type: ignore[no-untyped-def]
    from cadec.indicators import services

    rows = tidy_rows(
        [("VNM", "XSS.TEST", 2020, "-1.5"), ("THA", "XSS.TEST", 2020, "2")],
        source="@SUM(A1:A9)",
    )
    rows[0][2] = '=HYPERLINK("http://evil.invalid","click")'
    path = write_tidy(tmp_path / "dangerous.csv", rows)
    return services.import_observations(path_or_file=path, name=path.name, actor=None, now=NOW)


def test_the_csv_export_neutralises_formula_cells_and_keeps_numbers(client, dangerous):
    response = client.get(reverse("indicator_export_csv", args=["XSS.TEST"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="XSS.TEST.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["country_iso3"] for r in rows] == ["THA", "VNM"]
    assert rows[0]["indicator_name"].startswith("'=HYPERLINK(")
    assert rows[0]["source"] == "'@SUM(A1:A9)"
    assert rows[1]["value"] == "-1.5"


def test_the_json_export_carries_the_indicator_and_its_observations(client, reference_data):
    response = client.get(
        reverse("indicator_export_json", args=["IT.NET.USER.ZS"]), {"year_from": 2023}
    )
    data = json.loads(response.content)
    assert data["code"] == "IT.NET.USER.ZS"
    assert data["licence"] == "CC BY 4.0"
    assert {o["year"] for o in data["observations"]} == {2023, 2024}
    vnm = next(o for o in data["observations"] if o["country"] == "VNM" and o["year"] == 2023)
    assert (
        vnm["value"]
        == Observation.objects.get(
            indicator__code="IT.NET.USER.ZS", country__iso3="VNM", year=2023
        ).value
    )


# --- upload -------------------------------------------------------------------------------


def _upload(client, content: bytes, name: str = "data.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("indicator_upload"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


GOOD = (
    b"country_iso3,indicator_code,indicator_name,year,value,source\n"
    b"VNM,IT.NET.USER.ZS,Individuals using the Internet (% of population),2020,70.3,ITU\n"
)


def test_the_upload_page_is_the_secretariats(client_for, delegate_viet_nam, observer, client):
    assert client.get(reverse("indicator_upload")).status_code == 302  # to sign-in
    for person in (delegate_viet_nam, observer):
        signed_in = client_for(person)
        assert signed_in.get(reverse("indicator_upload")).status_code == 403
        assert _upload(signed_in, GOOD).status_code == 403
    assert Observation.objects.count() == 0


def test_the_secretariat_uploads_a_file_and_sees_what_it_did(client_for, secretariat_officer):
    client = client_for(secretariat_officer)
    response = _upload(client, GOOD)
    assert response.status_code == 302
    assert Observation.objects.get().value == 70.3
    page = client.get(response["Location"]).content.decode()
    assert "data.csv: 1 observations added, 0 unchanged." in page
    again = client.get(_upload(client, GOOD)["Location"]).content.decode()
    assert "nothing changed" in again
    assert ImportRun.objects.count() == 2
    assert ImportRun.objects.order_by("pk").last().actor == secretariat_officer


def test_a_faulty_upload_lists_every_fault_with_status_400_and_writes_nothing(
    client_for, secretariat_officer
):
    client = client_for(secretariat_officer)
    bad = GOOD + b"VNM,IT.NET.USER.ZS,x,2021,n/a,ITU\nXXX,IT.NET.USER.ZS,x,2021,1,ITU\n"
    response = _upload(client, bad, "bad.csv")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: the file has 2 faults." in html
    assert "bad.csv, row 3, column E “value”: “n/a” is not a number" in html
    assert "bad.csv, row 4, column A “country_iso3”: “XXX”" in html
    assert Observation.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_an_upload_over_the_size_limit_is_refused_with_a_clear_message(
    client_for, secretariat_officer, monkeypatch
):
    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 100)
    client = client_for(secretariat_officer)
    response = _upload(client, GOOD * 3)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert Observation.objects.count() == 0


def test_an_upload_that_is_not_a_csv_file_is_refused(client_for, secretariat_officer):
    response = _upload(client_for(secretariat_officer), b"%PDF-1.4", "report.pdf")
    assert response.status_code == 400
    assert "is not a CSV file" in response.content.decode()


def test_every_indicator_page_works_on_a_small_screen_without_a_wide_table_escaping(
    client, reference_data
):
    # Wide tables sit in a scrolling box so that a 360-px screen scrolls the table, not the page.
    for url in (
        reverse("indicator_detail", args=["IT.CEL.SETS.P2"]),
        reverse("indicator_country", args=[Country.objects.get(iso3="KHM").iso3]),
    ):
        html = client.get(url).content.decode()
        assert html.count('<table class="figures">') == html.count(
            '<div class="scroll"><table class="figures">'
        )


def test_an_upload_without_the_csrf_token_is_refused(secretariat_officer):
    from django.test import Client

    from conftest import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), secretariat_officer)
    response = _upload(client, GOOD)
    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"
    assert Observation.objects.count() == 0
