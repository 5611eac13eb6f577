"""Importing indicator files: both layouts, all or nothing, idempotent, with history."""

import csv
from datetime import timedelta

import pytest

from cadec.core.errors import PermissionDenied
from cadec.core.models import AuditEvent
from cadec.indicators import services
from cadec.indicators.models import ImportRun, Indicator, Observation, ObservationHistory
from cadec.indicators.parsing import column_letter
from cadec.indicators.tests.factories import tidy_rows, write_tidy, write_wide
from cadec.members.models import Country
from cadec.members.tests.factories import NOW


def counts() -> dict[str, int]:
    return {
        "observations": Observation.objects.count(),
        "history": ObservationHistory.objects.count(),
        "runs": ImportRun.objects.count(),
        "indicators": Indicator.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def run_import(path, *, now=NOW, **kwargs):  # type: ignore[no-untyped-def]
    return services.import_observations(
        path_or_file=path, name=path.name, actor=None, now=now, **kwargs
    )


def test_the_reference_file_is_imported_whole(reference_data):
    with services.REFERENCE_FILE.open(encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    assert reference_data.layout == ImportRun.Layout.TIDY
    assert reference_data.outcome == ImportRun.Outcome.APPLIED
    assert reference_data.rows_read == len(expected) == 2893
    assert reference_data.observations_created == Observation.objects.count() == 2893
    vnm_2020 = next(
        r
        for r in expected
        if (r["country_iso3"], r["indicator_code"], r["year"]) == ("VNM", "IT.NET.USER.ZS", "2020")
    )
    stored = Observation.objects.get(
        indicator__code="IT.NET.USER.ZS", country__iso3="VNM", year=2020
    )
    assert stored.value == float(vnm_2020["value"])
    assert stored.source == vnm_2020["source"]
    assert AuditEvent.objects.filter(action="indicators.imported").count() == 1


def test_a_world_bank_bulk_file_is_imported_and_non_members_are_skipped(framework, tmp_path):
    path = write_wide(
        tmp_path / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv",
        [
            ("World", "WLD", "IT.NET.USER.ZS", [53.6, 59.3, 63.1]),
            ("Japan", "JPN", "IT.NET.USER.ZS", [90.2, 90.2, 82.9]),
            ("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, 70.3, ""]),
            ("Thailand", "THA", "IT.NET.USER.ZS", [66.7, 77.8, 85.3]),
        ],
        years=[2019, 2020, 2021],
    )
    run = run_import(path)
    assert run.layout == ImportRun.Layout.WIDE
    assert run.rows_read == 4
    assert run.rows_skipped == 2
    assert run.skipped_codes == ["JPN", "WLD"]
    assert run.observations_created == 5  # the empty cell is a missing value
    assert run.vintage == "World Development Indicators, 2024-06-28"
    values = dict(Observation.objects.filter(country__iso3="THA").values_list("year", "value"))
    assert values == {2019: 66.7, 2020: 77.8, 2021: 85.3}
    assert not Observation.objects.filter(country__iso3="VNM", year=2021).exists()


def test_an_indicator_a_file_introduces_gets_its_unit_licence_and_aggregation(framework, tmp_path):
    path = write_wide(
        tmp_path / "API_IT.NET.BBND.ZS_DS2_en_csv_v2_1.csv",
        [("Viet Nam", "VNM", "NY.GDP.PCAP.CD", [2715.3])],
        years=[2019],
    )
    run_import(path)
    indicator = Indicator.objects.get(code="NY.GDP.PCAP.CD")
    assert indicator.aggregation == Indicator.Aggregation.WEIGHTED_MEAN  # per capita, not a sum
    assert indicator.licence == "CC BY 4.0"
    assert indicator.source == "World Development Indicators"


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("IT.NET.USER.ZS", "Individuals using the Internet (% of population)", "WEIGHTED_MEAN"),
        ("IT.CEL.SETS.P2", "Mobile cellular subscriptions (per 100 people)", "WEIGHTED_MEAN"),
        ("NY.GDP.PCAP.CD", "GDP per capita (current US$)", "WEIGHTED_MEAN"),
        ("SP.POP.TOTL", "Population, total", "SUM"),
        ("NY.GDP.MKTP.CD", "GDP (current US$)", "SUM"),
        ("NY.GDP.MKTP.CN", "GDP (current LCU)", "NONE"),
    ],
)
def test_the_aggregation_follows_the_world_bank_naming(code, name, expected):
    assert services.infer_aggregation(code=code, name=name) == expected


def test_importing_the_same_file_again_changes_nothing_and_says_so(reference_data):
    before = {**counts(), "runs": None, "events": None}
    again = services.import_observations(
        path_or_file=services.REFERENCE_FILE,
        name="wdi_digital.csv",
        actor=None,
        now=NOW + timedelta(days=1),
    )
    assert {**counts(), "runs": None, "events": None} == before
    assert again.outcome == ImportRun.Outcome.UNCHANGED
    assert again.same_file_as == reference_data
    assert again.observations_created == again.observations_replaced == 0
    assert again.observations_unchanged == 2893
    assert "nothing changed" in services.describe_run(again)
    assert f"import #{reference_data.pk}" in services.describe_run(again)


def test_a_new_vintage_replaces_a_value_and_keeps_the_old_one(framework, tmp_path):
    first = run_import(
        write_tidy(
            tmp_path / "wdi-2024.csv",
            tidy_rows(
                [("CHN", "IT.NET.USER.ZS", 2023, 77.4827), ("VNM", "IT.NET.USER.ZS", 2023, 78.1)]
            ),
        )
    )
    later = NOW + timedelta(days=30)
    second = run_import(
        write_tidy(
            tmp_path / "wdi-2025.csv",
            tidy_rows(
                [("CHN", "IT.NET.USER.ZS", 2023, 90.6), ("VNM", "IT.NET.USER.ZS", 2023, 78.1)]
            ),
        ),
        now=later,
    )
    assert (second.observations_created, second.observations_replaced) == (0, 1)
    assert second.observations_unchanged == 1
    current = Observation.objects.get(country__iso3="CHN", year=2023)
    assert current.value == 90.6
    assert current.vintage == "wdi-2025.csv"
    assert current.import_run == second
    old = ObservationHistory.objects.get()
    assert (old.value, old.vintage, old.import_run, old.superseded_by) == (
        77.4827,
        "wdi-2024.csv",
        first,
        second,
    )
    assert old.superseded_at == later
    assert "kept in the history" in services.describe_run(second)


def test_the_secretariat_imports_and_is_recorded_as_the_actor(secretariat_officer, tmp_path):
    path = write_tidy(tmp_path / "a.csv", tidy_rows([("VNM", "SP.POP.TOTL", 2020, 97338583)]))
    run = services.import_observations(
        path_or_file=path, name="a.csv", actor=secretariat_officer, now=NOW
    )
    assert run.actor == secretariat_officer
    assert AuditEvent.objects.get(action="indicators.imported").actor == secretariat_officer


def test_a_delegate_may_not_import(delegate_viet_nam, tmp_path):
    path = write_tidy(tmp_path / "a.csv", tidy_rows([("VNM", "SP.POP.TOTL", 2020, 97338583)]))
    before = counts()
    with pytest.raises(PermissionDenied):
        services.import_observations(
            path_or_file=path, name="a.csv", actor=delegate_viet_nam, now=NOW
        )
    assert counts() == before


def test_a_country_that_is_not_a_member_is_skipped_unless_all_countries_are_asked_for(
    framework, tmp_path
):
    Country.objects.create(
        iso2="JP", iso3="JPN", numeric="392", name="Japan", formal_name="Japan", capital="Tokyo"
    )
    path = write_tidy(
        tmp_path / "a.csv",
        tidy_rows([("JPN", "SP.POP.TOTL", 2020, 126261000), ("VNM", "SP.POP.TOTL", 2020, 1)]),
    )
    run = run_import(path)
    assert (run.rows_skipped, run.skipped_codes, run.observations_created) == (1, ["JPN"], 1)
    everything = run_import(path, members_only=False)
    assert everything.observations_created == 1
    assert Observation.objects.filter(country__iso3="JPN").exists()


def test_missing_values_are_left_out_not_stored(framework, tmp_path):
    path = write_tidy(
        tmp_path / "a.csv",
        tidy_rows(
            [
                ("VNM", "SP.POP.TOTL", 2019, ""),
                ("VNM", "SP.POP.TOTL", 2020, ".."),
                ("VNM", "SP.POP.TOTL", 2021, "-1.5e3"),
            ]
        ),
    )
    run = run_import(path)
    assert run.observations_created == 1
    assert Observation.objects.get().value == -1500.0


# --- faults: each names the file, the row and the column, and nothing is written ----------

TIDY_OK = tidy_rows(
    [
        ("VNM", "IT.NET.USER.ZS", 2019, 68.7),
        ("VNM", "IT.NET.USER.ZS", 2020, 70.3),
        ("THA", "IT.NET.USER.ZS", 2020, 77.8),
    ]
)


def _with(row: int, column: int, value: str) -> list[list[str]]:
    """TIDY_OK with one cell changed; ``row`` counts the header as row 1, as a spreadsheet."""
    rows = [list(r) for r in TIDY_OK]
    rows[row - 2][column - 1] = value
    return rows


def _fault_file(kind: str, path):  # type: ignore[no-untyped-def]
    if kind == "wrong encoding":
        rows = _with(3, 6, "Banque mondiale, données")
        return write_tidy(path, rows, encoding="latin-1")
    if kind == "wrong delimiter":
        return write_tidy(path, TIDY_OK, delimiter=";")
    if kind == "missing column":
        header = ["country_iso3", "indicator_code", "indicator_name", "value", "source"]
        return write_tidy(path, [r[:3] + r[4:] for r in TIDY_OK], header=header)
    if kind == "non-numeric value":
        return write_tidy(path, _with(4, 5, "77,8"))
    if kind == "duplicate row":
        return write_tidy(path, [*TIDY_OK, TIDY_OK[1]])
    if kind == "unknown country":
        return write_tidy(path, _with(3, 1, "VMN"))
    raise AssertionError(kind)


FAULTS = [
    ("wrong encoding", ["row 3, column F", "not UTF-8", "byte 0xE9", "offset"]),
    ("wrong delimiter", ["row 1, column A", "semicolons", "delimiter “,”"]),
    ("missing column", ["row 1", "“year” is missing"]),
    ("non-numeric value", ["row 4, column E “value”", "“77,8” is not a number", "77.8"]),
    ("duplicate row", ["row 5, column A", "row 3 already gives IT.NET.USER.ZS for VNM in 2020"]),
    ("unknown country", ["row 3, column A “country_iso3”", "“VMN” is not a country code"]),
]


@pytest.mark.parametrize(("kind", "fragments"), FAULTS, ids=[kind for kind, _f in FAULTS])
def test_a_faulty_file_names_the_row_and_column_and_writes_nothing(
    kind, fragments, reference_data, tmp_path
):
    path = _fault_file(kind, tmp_path / "faulty.csv")
    before = counts()
    with pytest.raises(services.ImportFailed) as caught:
        run_import(path)
    message = caught.value.message
    assert message.startswith("faulty.csv, row ")
    for fragment in fragments:
        assert fragment in message
    assert caught.value.status == 400
    assert counts() == before


def _wide(tmp_path, rows, **kwargs):  # type: ignore[no-untyped-def]
    return write_wide(tmp_path / "API_X_DS2_en_csv_v2_1.csv", rows, years=[2019, 2020], **kwargs)


@pytest.mark.parametrize(
    ("rows", "kwargs", "fragments"),
    [
        (
            [("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, "n/a"])],
            {},
            ["row 6, column F “2020”", "“n/a” is not a number"],
        ),
        (
            [
                ("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, 70.3]),
                ("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, 70.3]),
            ],
            {},
            ["row 7, column B “Country Code”", "row 6 already gives IT.NET.USER.ZS for VNM"],
        ),
        (
            [("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, 70.3])],
            {"header": ["Country Name", "Country", "Indicator Name", "Indicator Code"]},
            ["row 5", "“Country Code” is missing"],
        ),
    ],
    ids=["non-numeric value", "duplicate row", "missing column"],
)
def test_a_faulty_world_bank_file_names_the_row_and_column_and_writes_nothing(
    rows, kwargs, fragments, framework, tmp_path
):
    path = _wide(tmp_path, rows, **kwargs)
    before = counts()
    with pytest.raises(services.ImportFailed) as caught:
        run_import(path)
    for fragment in fragments:
        assert fragment in caught.value.message
    assert counts() == before


@pytest.mark.parametrize("value", ["nan", "inf", "1_000", "١٢", "=1+1", "12abc"])
def test_values_a_statistics_file_cannot_mean_are_refused(value, framework, tmp_path):
    path = write_tidy(tmp_path / "a.csv", tidy_rows([("VNM", "SP.POP.TOTL", 2020, value)]))
    with pytest.raises(services.ImportFailed, match="row 2, column E"):
        run_import(path)
    assert Observation.objects.count() == 0


def test_a_fault_on_the_last_row_of_a_long_file_still_writes_nothing(framework, tmp_path):
    rows = tidy_rows(
        [("VNM", "SP.POP.TOTL", year, 1000 + year) for year in range(1900, 2100)]
        + [("THA", "SP.POP.TOTL", 2020, "twelve")]
    )
    with pytest.raises(services.ImportFailed, match="row 202, column E"):
        run_import(write_tidy(tmp_path / "long.csv", rows))
    assert Observation.objects.count() == 0


def test_a_file_with_a_fault_on_every_row_lists_the_first_fifty(framework, tmp_path):
    rows = tidy_rows([("VNM", "SP.POP.TOTL", 2000, "x")] * 200)
    with pytest.raises(services.ImportFailed) as caught:
        run_import(write_tidy(tmp_path / "bad.csv", rows))
    assert len(caught.value.problems) == services.MAX_PROBLEMS
    assert caught.value.truncated


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfec\x00o\x00", "UTF-16"),
        (b"hello,world\n1,2\n", "no header found"),
        (b'country_iso3,indicator_code,indicator_name,year,value,source\n"VNM,x\n', "row 2"),
    ],
    ids=["empty", "utf-16", "no header", "unclosed quote"],
)
def test_garbage_is_refused_with_a_message(content, fragment, framework, tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    with pytest.raises(services.ImportFailed, match=fragment):
        run_import(path)


def test_column_letters_count_as_a_spreadsheet_does():
    assert [column_letter(n) for n in (1, 5, 26, 27, 70)] == ["A", "E", "Z", "AA", "BR"]


def test_a_spreadsheet_export_with_a_byte_order_mark_and_crlf_lines_is_read(framework, tmp_path):
    path = tmp_path / "excel.csv"
    write_tidy(path, tidy_rows([("VNM", "SP.POP.TOTL", 2020, 97338583)]), encoding="utf-8-sig")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_import(path).observations_created == 1


def test_a_huge_field_is_refused_with_its_row(framework, tmp_path):
    rows = tidy_rows([("VNM", "SP.POP.TOTL", 2020, 1), ("VNM", "SP.POP.TOTL", 2021, 2)])
    rows[1][5] = "x" * 200_000
    with pytest.raises(services.ImportFailed, match="row 3"):
        run_import(write_tidy(tmp_path / "huge.csv", rows))
    assert Observation.objects.count() == 0
