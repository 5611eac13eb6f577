"""V3: every CSV export neutralises text cells a spreadsheet would run as a formula.

A text cell that starts with = + - @, a tab or a carriage return is written with an apostrophe
in front, so that a spreadsheet shows it as text. Numeric columns (the year and the value) are
written by CADEC itself as numbers and are never prefixed: a negative value stays a number.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from cadec.indicators.models import Indicator, Observation
from cadec.indicators.services import import_observations
from cadec.members.models import Country
from cadec.members.tests.factories import NOW

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA = "cmd|' /C calc'!A0 数字经济"
VALUES = {"VNM": -12.5, "THA": -0.25, "IDN": 3.0}
# Every CSV export, as (route name, how to fill the rest of its address).
EXPORTS = (
    ("indicator_export_csv", lambda code: reverse("indicator_export_csv", args=[code])),
    ("api:indicator_csv", lambda code: reverse("api:indicator_csv", kwargs={"code": code})),
)


def test_every_csv_export_writes_through_the_one_neutralising_writer():
    """A new CSV export that writes rows itself (and so may forget to neutralise) fails here
    until it uses ``cadec.indicators.exports.csv_text`` and is added to EXPORTS above."""
    sources = {
        path.relative_to(ROOT).as_posix(): path.read_text()
        for path in (ROOT / "cadec").rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    writers = {name for name, text in sources.items() if re.search(r"csv\.(Dict)?[wW]riter", text)}
    assert writers == {"cadec/indicators/exports.py"}
    serving = {name for name, text in sources.items() if "text/csv;" in text}
    assert serving == {"cadec/indicators/views.py", "cadec/indicators/api.py"}
    assert all("exports.csv_text(" in sources[name] for name in serving)
    assert len(EXPORTS) == len(serving)


@pytest.fixture
def indicator(framework, tmp_path: Path) -> Indicator:  # type: ignore[no-untyped-def]
    rows = ["country_iso3,indicator_code,indicator_name,year,value,source"]
    rows += [
        f"{iso3},CSV.TEST,Test series,2020,{value},Test source" for iso3, value in VALUES.items()
    ]
    path = tmp_path / "series.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_observations(path_or_file=str(path), name=path.name, actor=None, now=NOW)
    return Indicator.objects.get(code="CSV.TEST")


def _make_every_text_cell_start_with(prefix: str, indicator: Indicator) -> dict[str, str]:
    """Write a formula-like text into every text column the export has; return them by column.

    The importer reads names and sources from files and the admin edits the rest, so the values
    are written to the rows directly: the export must be safe however they got there.
    """
    text = {
        column: f"{prefix}{column}{FORMULA}"
        for column in ("indicator_name", "unit", "licence", "country_name", "source", "vintage")
    }
    Indicator.objects.filter(pk=indicator.pk).update(
        name=text["indicator_name"], unit=text["unit"], licence=text["licence"]
    )
    Observation.objects.filter(indicator=indicator).update(
        source=text["source"], vintage=text["vintage"]
    )
    Country.objects.filter(iso3="VNM").update(name=text["country_name"])
    return text


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_every_text_cell_is_neutralised_and_every_number_stays_a_number(client, indicator, prefix):
    text = _make_every_text_cell_start_with(prefix, indicator)
    checked = 0
    for name, url in EXPORTS:
        response = client.get(url(indicator.code))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
        assert {row["country_iso3"] for row in rows} == set(VALUES), name
        for row in rows:
            for column, written in text.items():
                if column == "country_name" and row["country_iso3"] != "VNM":
                    continue
                assert row[column] == "'" + written, f"{name} {column}: {row[column]!r}"
                checked += 1
            # Numbers are written as numbers: no apostrophe, and they read back as written.
            assert float(row["value"]) == VALUES[row["country_iso3"]], name
            assert row["year"] == "2020"
    assert checked == len(EXPORTS) * (len(VALUES) * 5 + 1)


def test_a_negative_value_is_written_as_a_plain_number(client, indicator):
    response = client.get(reverse("indicator_export_csv", args=[indicator.code]))
    rows = {r["country_iso3"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["VNM"]["value"] == "-12.5"
    assert rows["THA"]["value"] == "-0.25"
    assert rows["VNM"]["indicator_name"] == "Test series"  # plain text is left as it is
