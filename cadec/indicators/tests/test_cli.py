"""`cadec import-indicators FILE`: a progress bar, a summary, and errors that say where."""

import sys

import pytest

from cadec import cli
from cadec.indicators import services
from cadec.indicators.models import ImportRun, Observation
from cadec.indicators.tests.factories import tidy_rows, write_tidy, write_wide


def test_the_command_imports_a_file_with_a_progress_bar(framework, tmp_path, capsys):
    path = write_wide(
        tmp_path / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv",
        [
            ("Viet Nam", "VNM", "IT.NET.USER.ZS", [68.7, 70.3]),
            ("World", "WLD", "IT.NET.USER.ZS", [53.6, 59.3]),
        ],
        years=[2019, 2020],
    )
    assert cli.main(["import-indicators", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "2 observations added" in out
    assert "1 rows of countries or aggregates that are not members were skipped" in out
    assert "[##############################] 100%" in err
    assert Observation.objects.count() == 2
    assert ImportRun.objects.get().actor is None


def test_a_faulty_file_exits_non_zero_naming_file_row_and_column(framework, tmp_path, capsys):
    path = write_tidy(
        tmp_path / "faulty.csv",
        tidy_rows([("VNM", "SP.POP.TOTL", 2020, 97338583), ("VNM", "SP.POP.TOTL", 2021, "lots")]),
    )
    assert cli.main(["import-indicators", str(path)]) == 1
    _out, err = capsys.readouterr()
    assert "nothing was imported" in err
    assert "faulty.csv, row 3, column E “value”: “lots” is not a number" in err
    assert Observation.objects.count() == 0


def test_a_missing_file_is_a_usage_error(framework, tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["import-indicators", str(tmp_path / "nowhere.csv")])
    assert caught.value.code == 2
    assert "nowhere.csv" in capsys.readouterr().err


def test_the_reference_file_is_loaded_when_the_database_is_prepared(db, capsys, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    cli._prepare_database(out=sys.stdout)
    out = capsys.readouterr().out
    assert f"{services.REFERENCE_FILE.name}: 2893 observations added" in out
    assert Observation.objects.count() == 2893
