"""Files to import, written the way the real sources write them."""

import csv
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

TIDY_HEADER = ["country_iso3", "indicator_code", "indicator_name", "year", "value", "source"]
WIDE_HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
NAMES = {
    "IT.NET.USER.ZS": "Individuals using the Internet (% of population)",
    "SP.POP.TOTL": "Population, total",
    "NY.GDP.MKTP.CD": "GDP (current US$)",
    "IT.CEL.SETS.P2": "Mobile cellular subscriptions (per 100 people)",
}


def tidy_rows(
    observations: Iterable[tuple[str, str, int, object]], *, source: str = "test source"
) -> list[list[str]]:
    """Rows of the tidy layout from (country, indicator, year, value)."""
    return [
        [country, code, NAMES.get(code, code), str(year), str(value), source]
        for country, code, year, value in observations
    ]


def write_tidy(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = TIDY_HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_wide(
    path: Path,
    rows: Sequence[tuple[str, str, str, Sequence[object]]],
    *,
    years: Sequence[int],
    updated: str = "2024-06-28",
    header: Sequence[str] = WIDE_HEADER,
) -> Path:
    """A World Bank bulk file: four preamble lines, the header, one row per country (with the
    BOM, every cell quoted and a trailing comma, as the World Bank writes them).

    ``rows`` are (country name, country code, indicator code, values by year; "" for missing).
    """
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        f'"Last Updated Date","{updated}",',
        "",
        ",".join(f'"{cell}"' for cell in [*header, *map(str, years)]) + ",",
    ]
    for name, iso3, code, values in rows:
        cells = [name, iso3, NAMES.get(code, code), code, *("" if v is None else v for v in values)]
        lines.append(",".join(f'"{cell}"' for cell in cells) + ",")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def parse_svg(text: str) -> ET.Element:
    """Parse an SVG that CADEC's own chart code drew (trusted input, so ElementTree will do)."""
    return ET.fromstring(text)  # noqa: S314 (the markup comes from our charts module)
