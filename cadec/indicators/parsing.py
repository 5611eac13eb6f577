"""Reading indicator files: the two layouts, checked whole before anything is written.

The tidy layout is that of ``reference/wdi_digital.csv`` (one observation per row); the World
Bank bulk download ``API_<indicator>_DS2_en_csv_v2_<n>.csv`` has four preamble lines, then one
row per country and indicator with one column per year (an empty cell is a missing value).
Every fault is reported with the file name, and the row and column as a spreadsheet numbers them.
"""

import csv
import io
import math
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadec.core.errors import DomainError
from cadec.indicators.models import ImportRun
from cadec.members.models import Country

Progress = Callable[[str, int, int], None]

TIDY_COLUMNS = ("country_iso3", "indicator_code", "indicator_name", "year", "value", "source")
WIDE_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
MISSING_VALUES = frozenset({"", ".."})  # ".." is how World Bank DataBank marks a missing value
MIN_YEAR, MAX_YEAR = 1800, 2200
MAX_PROBLEMS = 50
INDICATOR_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
PROGRESS_EVERY = 2000


def column_letter(number: int) -> str:
    """The spreadsheet name of a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One fault in an imported file, at a row and column numbered as a spreadsheet shows them."""

    file: str
    message: str
    row: int | None = None
    column: int | None = None
    column_name: str | None = None

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += ", " + _("row %(row)d") % {"row": self.row}
        if self.column is not None:
            where = column_letter(self.column)
            if self.column_name:
                where += f" “{self.column_name}”"
            place += ", " + _("column %(column)s") % {"column": where}
        return f"{place}: {self.message}"


class ImportFailed(DomainError):
    """The file has faults; nothing was written. ``problems`` lists each with its row and column."""

    def __init__(self, problems: list[Problem], *, truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        lines = [str(p) for p in problems]
        if truncated:
            lines.append(
                _("… and more; the first %(count)d faults are shown.") % {"count": MAX_PROBLEMS}
            )
        super().__init__("\n".join(lines), field="file")


class _Collector:
    """Gathers problems up to a limit, so a file with a fault on every row answers quickly."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.truncated = False

    def add(
        self,
        message: str,
        *,
        row: int | None = None,
        column: int | None = None,
        column_name: str | None = None,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.truncated = True
            raise _TooMany
        self.problems.append(Problem(self.name, message, row, column, column_name))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems, truncated=self.truncated)


class _TooMany(Exception):
    pass


@dataclass
class ParsedFile:
    """A checked file: observations in compact parallel arrays, and what was skipped."""

    layout: str
    vintage: str
    indicator_names: dict[str, str] = field(default_factory=dict)
    indicator_sources: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    indicator_index: array = field(default_factory=lambda: array("l"))
    country_ids: array = field(default_factory=lambda: array("q"))
    years: array = field(default_factory=lambda: array("l"))
    values: array = field(default_factory=lambda: array("d"))
    source_index: array = field(default_factory=lambda: array("l"))
    rows_read: int = 0
    rows_skipped: int = 0
    skipped_codes: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.values)


# --- reading ------------------------------------------------------------------------------


def read_bytes(path_or_file: str | Path | IO[bytes] | Any) -> bytes:
    if isinstance(path_or_file, str | Path):
        return Path(path_or_file).read_bytes()
    if hasattr(path_or_file, "chunks"):  # a Django UploadedFile
        path_or_file.seek(0)
        return b"".join(path_or_file.chunks())
    data = path_or_file.read()
    return data.encode() if isinstance(data, str) else data


def _decode(data: bytes, *, name: str) -> str:
    problems = _Collector(name)
    if not data.strip():
        problems.add(_("the file is empty."))
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(
            _("the file is UTF-16 text; save it as “CSV UTF-8” and import it again."),
            row=1,
            column=1,
        )
    elif b"\x00" in data[:8192]:
        problems.add(_("this is not a text file (it contains NUL bytes)."), row=1, column=1)
    problems.raise_if_any()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        prefix = data[line_start : error.start].decode("utf-8", errors="replace")
        column = len(next(csv.reader([prefix]), [""])) or 1
        problems.add(
            _(
                "the file is not UTF-8: byte 0x%(byte)02X at offset %(offset)d cannot be read. "
                "Save it as “CSV UTF-8” and import it again."
            )
            % {"byte": data[error.start], "offset": error.start},
            row=row,
            column=column,
        )
        problems.raise_if_any()
        raise AssertionError("unreachable") from error


def _unreadable(name: str, *, row: int, error: csv.Error) -> Problem:
    if "field larger than field limit" in str(error):
        message = _("a cell is longer than %(limit)d characters; is this the right file?") % {
            "limit": csv.field_size_limit()
        }
    else:
        message = _("the row cannot be read as CSV (%(error)s).") % {"error": error}
    return Problem(name, message, row)


def _is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _check_delimiter(cells: list[str], *, row: int, problems: _Collector) -> None:
    if len(cells) != 1:
        return
    for delimiter, label in ((";", _("semicolons (;)")), ("\t", _("tabs")), ("|", "|")):
        if delimiter in cells[0]:
            problems.add(
                _(
                    "the columns are separated by %(found)s; CADEC reads comma-separated files "
                    "(delimiter “,”). Export the file again as CSV with commas."
                )
                % {"found": label},
                row=row,
                column=1,
            )
            problems.raise_if_any()


def _parse_value(cell: str) -> float | None:
    """Return the number in ``cell``, ``None`` for a missing value; raise ValueError otherwise."""
    text = cell.strip()
    if text in MISSING_VALUES:
        return None
    # float() also takes "nan", "1_000" and non-ASCII digits; a statistics file means none of them.
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _value_problem(cell: str) -> str:
    text = cell.strip()
    if DECIMAL_COMMA.fullmatch(text):
        return _(
            "“%(value)s” is not a number: use a full stop as the decimal separator (e.g. %(fix)s)."
        ) % {"value": text, "fix": text.replace(",", ".")}
    shown = text if len(text) <= 40 else text[:40] + "…"
    return _("“%(value)s” is not a number (leave the cell empty for a missing value).") % {
        "value": shown
    }


def _parse_year(cell: str) -> int | None:
    text = cell.strip()
    if len(text) == 4 and text.isascii() and text.isdigit():
        year = int(text)
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None


def _year_problem(cell: str) -> str:
    return _("“%(value)s” is not a year from %(min)d to %(max)d.") % {
        "value": cell.strip()[:40],
        "min": MIN_YEAR,
        "max": MAX_YEAR,
    }


def _countries(*, members_only: bool) -> tuple[dict[str, int], set[str]]:
    """Every country CADEC knows by ISO alpha-3, and the codes whose rows are imported."""
    known = dict(Country.objects.values_list("iso3", "pk"))
    if not members_only:
        return known, set(known)
    members = set(
        Country.objects.filter(participations__isnull=False)
        .values_list("iso3", flat=True)
        .distinct()
    )
    return known, members


def _header_index(
    header: list[str], *, wanted: tuple[str, ...], row: int, problems: _Collector, layout: str
) -> dict[str, int]:
    positions: dict[str, int] = {}
    normalised = [cell.strip().lower() for cell in header]
    for name in wanted:
        try:
            positions[name] = normalised.index(name.lower())
        except ValueError:
            problems.add(
                _("the column “%(column)s” is missing; the %(layout)s layout needs %(all)s.")
                % {"column": name, "layout": layout, "all": ", ".join(wanted)},
                row=row,
            )
    return positions


def _parse_tidy(
    rows: Iterator[list[str]],
    header: list[str],
    header_row: int,
    *,
    name: str,
    known: dict[str, int],
    imported: set[str],
    total_rows: int,
    progress: Progress | None,
) -> ParsedFile:
    problems = _Collector(name)
    parsed = ParsedFile(layout=ImportRun.Layout.TIDY, vintage=name[:100])
    col = _header_index(
        header, wanted=TIDY_COLUMNS, row=header_row, problems=problems, layout=_("tidy")
    )
    problems.raise_if_any()
    c_country, c_code, c_name = col["country_iso3"], col["indicator_code"], col["indicator_name"]
    c_year, c_value, c_source = col["year"], col["value"], col["source"]
    width = max(col.values()) + 1
    indicator_index: dict[str, int] = {}
    source_index: dict[str, int] = {}
    seen: dict[tuple[int, int, int], int] = {}
    row_number = header_row
    try:
        for cells in rows:
            row_number += 1
            if row_number % PROGRESS_EVERY == 0 and progress:
                progress("read", row_number, total_rows)
            if _is_blank(cells):
                continue
            parsed.rows_read += 1
            if len(cells) < width:
                problems.add(
                    ngettext(
                        "the row has %(found)d cell where the header has %(expected)d.",
                        "the row has %(found)d cells where the header has %(expected)d.",
                        len(cells),
                    )
                    % {"found": len(cells), "expected": len(header)},
                    row=row_number,
                    column=len(cells) + 1,
                )
                continue
            iso3 = cells[c_country].strip().upper()
            if iso3 not in known:
                problems.add(
                    _("“%(code)s” is not a country code CADEC knows (ISO 3166 alpha-3).")
                    % {"code": cells[c_country].strip()[:20]},
                    row=row_number,
                    column=c_country + 1,
                    column_name="country_iso3",
                )
                continue
            if iso3 not in imported:
                parsed.rows_skipped += 1
                parsed.skipped_codes.add(iso3)
                continue
            code = cells[c_code].strip()
            if not INDICATOR_CODE.fullmatch(code):
                problems.add(
                    _("“%(code)s” is not an indicator code (letters, digits, “.”, “_”, “-”).")
                    % {"code": code[:40]},
                    row=row_number,
                    column=c_code + 1,
                    column_name="indicator_code",
                )
                continue
            year = _parse_year(cells[c_year])
            if year is None:
                problems.add(
                    _year_problem(cells[c_year]),
                    row=row_number,
                    column=c_year + 1,
                    column_name="year",
                )
                continue
            try:
                value = _parse_value(cells[c_value])
            except ValueError:
                problems.add(
                    _value_problem(cells[c_value]),
                    row=row_number,
                    column=c_value + 1,
                    column_name="value",
                )
                continue
            source = cells[c_source].strip()
            if len(source) > 500:
                problems.add(
                    _("the source is longer than 500 characters."),
                    row=row_number,
                    column=c_source + 1,
                    column_name="source",
                )
                continue
            if code not in indicator_index:
                indicator_index[code] = len(indicator_index)
                parsed.indicator_names[code] = cells[c_name].strip()[:300] or code
                parsed.indicator_sources[code] = source
            key = (indicator_index[code], known[iso3], year)
            if key in seen:
                problems.add(
                    _(
                        "row %(first)d already gives %(indicator)s for %(country)s in %(year)d; "
                        "each country, indicator and year may appear once."
                    )
                    % {"first": seen[key], "indicator": code, "country": iso3, "year": year},
                    row=row_number,
                    column=c_country + 1,
                    column_name="country_iso3",
                )
                continue
            seen[key] = row_number
            if value is None:
                continue
            if source not in source_index:
                source_index[source] = len(parsed.sources)
                parsed.sources.append(source)
            parsed.indicator_index.append(key[0])
            parsed.country_ids.append(key[1])
            parsed.years.append(year)
            parsed.values.append(value)
            parsed.source_index.append(source_index[source])
    except _TooMany:
        pass
    except csv.Error as error:
        # The reader fails while reading the next row, before it is counted.
        problems.problems.append(_unreadable(name, row=row_number + 1, error=error))
    problems.raise_if_any()
    return parsed


def _parse_wide(
    rows: Iterator[list[str]],
    preamble: list[list[str]],
    header: list[str],
    header_row: int,
    *,
    name: str,
    known: dict[str, int],
    imported: set[str],
    total_rows: int,
    progress: Progress | None,
) -> ParsedFile:
    problems = _Collector(name)
    facts = {cells[0].strip(): cells[1].strip() for cells in preamble if len(cells) >= 2}
    data_source = facts.get("Data Source", "")[:200]
    updated = facts.get("Last Updated Date", "")
    vintage = f"{data_source or name}, {updated}" if updated else name
    parsed = ParsedFile(layout=ImportRun.Layout.WIDE, vintage=vintage[:100])
    source = f"{data_source} ({name})" if data_source else name
    parsed.sources.append(source[:500])
    col = _header_index(
        header,
        wanted=WIDE_COLUMNS,
        row=header_row,
        problems=problems,
        layout=_("World Bank bulk download"),
    )
    problems.raise_if_any()
    c_country, c_code, c_name = col["Country Code"], col["Indicator Code"], col["Indicator Name"]
    named = set(col.values())
    year_columns: list[tuple[int, int]] = []
    year_seen: dict[int, int] = {}
    for position, cell in enumerate(header):
        if position in named or not cell.strip():
            continue
        year = _parse_year(cell)
        if year is None:
            problems.add(_year_problem(cell), row=header_row, column=position + 1)
        elif year in year_seen:
            problems.add(
                _("the year %(year)d is also the heading of column %(other)s.")
                % {"year": year, "other": column_letter(year_seen[year] + 1)},
                row=header_row,
                column=position + 1,
            )
        else:
            year_seen[year] = position
            year_columns.append((position, year))
    problems.raise_if_any()
    headed = named | {position for position, _year in year_columns}
    width = len(header)
    unheaded = [position for position in range(width) if position not in headed]
    indicator_index: dict[str, int] = {}
    seen: dict[tuple[int, int], int] = {}
    # Local names: this loop runs once per cell of a million-cell file.
    ind_append = parsed.indicator_index.append
    country_append = parsed.country_ids.append
    year_append = parsed.years.append
    value_append = parsed.values.append
    source_append = parsed.source_index.append
    isfinite = math.isfinite
    row_number = header_row
    try:
        for cells in rows:
            row_number += 1
            if row_number % PROGRESS_EVERY == 0 and progress:
                progress("read", row_number, total_rows)
            if _is_blank(cells):
                continue
            parsed.rows_read += 1
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            for position in [*unheaded, *range(width, len(cells))]:
                if cells[position].strip():
                    problems.add(
                        _("a value in a column without a heading."),
                        row=row_number,
                        column=position + 1,
                    )
            iso3 = cells[c_country].strip().upper()
            if iso3 not in imported:
                # Aggregates (WLD, EAS …) and economies that are not members are skipped.
                parsed.rows_skipped += 1
                parsed.skipped_codes.add(iso3[:10])
                continue
            code = cells[c_code].strip()
            if not INDICATOR_CODE.fullmatch(code):
                problems.add(
                    _("“%(code)s” is not an indicator code (letters, digits, “.”, “_”, “-”).")
                    % {"code": code[:40]},
                    row=row_number,
                    column=c_code + 1,
                    column_name="Indicator Code",
                )
                continue
            if code not in indicator_index:
                indicator_index[code] = len(indicator_index)
                parsed.indicator_names[code] = cells[c_name].strip()[:300] or code
                parsed.indicator_sources[code] = data_source
            index, country_id = indicator_index[code], known[iso3]
            if (index, country_id) in seen:
                problems.add(
                    _(
                        "row %(first)d already gives %(indicator)s for %(country)s; each country "
                        "and indicator may appear on one row."
                    )
                    % {"first": seen[index, country_id], "indicator": code, "country": iso3},
                    row=row_number,
                    column=c_country + 1,
                    column_name="Country Code",
                )
                continue
            seen[index, country_id] = row_number
            for position, year in year_columns:
                cell = cells[position]
                if not cell:
                    continue
                try:
                    # The fast path: a plain number, as the World Bank writes them.
                    value = float(cell)
                    if not isfinite(value) or not cell.isascii() or "_" in cell:
                        raise ValueError(cell)
                except ValueError:
                    try:
                        value_or_none = _parse_value(cell)
                    except ValueError:
                        problems.add(
                            _value_problem(cell),
                            row=row_number,
                            column=position + 1,
                            column_name=str(year),
                        )
                        continue
                    if value_or_none is None:
                        continue
                    value = value_or_none
                ind_append(index)
                country_append(country_id)
                year_append(year)
                value_append(value)
                source_append(0)
    except _TooMany:
        pass
    except csv.Error as error:
        # The reader fails while reading the next row, before it is counted.
        problems.problems.append(_unreadable(name, row=row_number + 1, error=error))
    problems.raise_if_any()
    return parsed


def parse_file(
    data: bytes, *, name: str, members_only: bool = True, progress: Progress | None = None
) -> ParsedFile:
    """Check a whole file and return its observations; raise ImportFailed listing every fault."""
    text = _decode(data, name=name)
    known, imported = _countries(members_only=members_only)
    total_rows = text.count("\n") + 1
    problems = _Collector(name)
    rows = csv.reader(io.StringIO(text, newline=""))
    looked_at: list[list[str]] = []
    try:
        for cells in rows:
            looked_at.append(cells)
            row = len(looked_at)
            if _is_blank(cells):
                if row >= 10:
                    break
                continue
            _check_delimiter(cells, row=row, problems=problems)
            lowered = {cell.strip().lower() for cell in cells}
            if "country_iso3" in lowered or "indicator_code" in lowered:
                parsed = _parse_tidy(
                    rows,
                    cells,
                    row,
                    name=name,
                    known=known,
                    imported=imported,
                    total_rows=total_rows,
                    progress=progress,
                )
            elif lowered & {c.lower() for c in WIDE_COLUMNS}:
                parsed = _parse_wide(
                    rows,
                    looked_at[:-1],
                    cells,
                    row,
                    name=name,
                    known=known,
                    imported=imported,
                    total_rows=total_rows,
                    progress=progress,
                )
            elif row >= 10:
                break
            else:
                continue
            if progress:
                progress("read", total_rows, total_rows)
            return parsed
    except csv.Error as error:
        problems.problems.append(_unreadable(name, row=len(looked_at) + 1, error=error))
    if not problems.problems:
        problems.add(
            _(
                "no header found. CADEC reads the tidy layout (a first row with %(tidy)s) and the "
                "World Bank bulk download (four lines, then %(wide)s, then one column per year)."
            )
            % {"tidy": ",".join(TIDY_COLUMNS), "wide": ",".join(f'"{c}"' for c in WIDE_COLUMNS)},
            row=1,
        )
    problems.raise_if_any()
    raise AssertionError("unreachable")
