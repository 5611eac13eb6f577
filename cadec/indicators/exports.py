"""CSV and JSON exports of an indicator's observations, shared by the pages and the API.

CSV text cells that a spreadsheet would read as a formula (they start with = + - @, a tab or a
carriage return) are prefixed with an apostrophe (TRUST.md V3). Numbers are written by CADEC
itself, so a negative value stays a number.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from cadec.indicators.models import Indicator, Observation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "indicator_code",
    "indicator_name",
    "unit",
    "country_iso3",
    "country_name",
    "year",
    "value",
    "source",
    "vintage",
    "licence",
)


def neutralise(cell: object) -> object:
    """Make a text cell inert in a spreadsheet; leave numbers as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(*, indicator: Indicator, observations: Iterable[Observation]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in observations:
        text_before = (
            indicator.code,
            indicator.name,
            indicator.unit,
            o.country.iso3,
            o.country.name,
        )
        text_after = (o.source, o.vintage, indicator.licence)
        writer.writerow(
            [*map(neutralise, text_before), o.year, o.value, *map(neutralise, text_after)]
        )
    return buffer.getvalue()


def indicator_data(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "source": indicator.source,
        "licence": indicator.licence,
        "aggregation": indicator.aggregation,
    }


def json_data(*, indicator: Indicator, observations: Iterable[Observation]) -> dict[str, Any]:
    return {
        **indicator_data(indicator),
        "observations": [
            {
                "country": o.country.iso3,
                "country_name": o.country.name,
                "year": o.year,
                "value": o.value,
                "source": o.source,
                "vintage": o.vintage,
            }
            for o in observations
        ],
    }
