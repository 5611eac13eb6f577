"""Benchmark: import one million observations in the World Bank wide layout (budget ≤ 30 s).

    uv run python benchmarks/indicators.py [--observations 1000000] [--reimport]

It works in a temporary directory of its own: a fresh SQLite database (WAL, as configured),
the reference configuration (12 countries), and a generated ``API_*_DS2_en_csv_v2_*.csv`` file
with the four preamble lines, one row per member and indicator, one column per year 1960–2024,
and rows of World Bank aggregates (WLD, EAS …) that the import skips. It times the import
through the same service as ``cadec import-indicators``, prints the time and the peak memory,
and stops by itself.
"""

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_YEAR, LAST_YEAR = 1960, 2024
AGGREGATES = ("WLD", "EAS", "EAP", "LMY")


def generate(
    path: Path, *, members: list[tuple[str, str]], observations: int, seed: int = 20200612
) -> int:
    """Write a wide file with at least ``observations`` member values; return their number."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    per_indicator = len(members) * len(years)
    indicators = -(-observations // per_indicator)
    rng = random.Random(seed)
    written = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        handle.write('"Data Source","World Development Indicators",\n\n')
        handle.write('"Last Updated Date","2026-07-01",\n\n')
        # The World Bank quotes every cell and ends every line with a comma.
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
        writer.writerow([*header, *(str(y) for y in years), ""])
        for number in range(indicators):
            code = f"BM.TEST.{number:05d}.ZS"
            label = f"Benchmark indicator {number} (% of population)"
            for aggregate in AGGREGATES:
                cells = [f"{rng.uniform(0, 100):.6g}" if rng.random() < 0.8 else "" for _ in years]
                writer.writerow([f"Aggregate {aggregate}", aggregate, label, code, *cells, ""])
            for iso3, country in members:
                cells = [repr(round(rng.uniform(0, 100), rng.randint(2, 12))) for _ in years]
                writer.writerow([country, iso3, label, code, *cells, ""])
                written += len(cells)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument(
        "--reimport", action="store_true", help="also time a second import of the same file"
    )
    parser.add_argument(
        "--new-vintage",
        action="store_true",
        help="also time a file in which every value changed (each old value goes to history)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cadec-bench-indicators-") as tmp:
        os.environ["CADEC_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        from cadec.indicators.models import Observation
        from cadec.indicators.services import describe_run, import_observations
        from cadec.members.models import Country
        from cadec.members.reference import load_reference_configuration

        now = datetime.now(tz=UTC)
        call_command("migrate", interactive=False, verbosity=0)
        load_reference_configuration(now=now)
        members = list(Country.objects.order_by("iso3").values_list("iso3", "name"))
        path = Path(tmp) / "API_BM.TEST_DS2_en_csv_v2_1000000.csv"
        started = time.perf_counter()
        expected = generate(path, members=members, observations=args.observations)
        generated = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {path.name}: {expected:,} member observations, {size_mb:.1f} MB, "
            f"in {generated:.1f} s"
        )

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        run = import_observations(path_or_file=path, name=path.name, actor=None, now=now)
        elapsed = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        stored = Observation.objects.count()
        assert stored == expected == run.observations_created, (stored, expected, run)
        print(describe_run(run))
        print(
            f"import: {run.observations_created:,} observations in {elapsed:.1f} s "
            f"({run.observations_created / elapsed:,.0f} per second); budget ≤ 30 s: "
            f"{'met' if elapsed <= 30 else 'MISSED'}"
        )
        print(
            f"peak memory (max RSS of the process): {rss_after / 1024:.0f} MiB "
            f"(grew by {(rss_after - rss_before) / 1024:.0f} MiB during the import)"
        )
        if args.reimport:
            started = time.perf_counter()
            again = import_observations(path_or_file=path, name=path.name, actor=None, now=now)
            elapsed_again = time.perf_counter() - started
            assert again.observations_unchanged == expected, again
            print(f"re-import of the same file: {again.outcome} in {elapsed_again:.1f} s")
            print(
                "peak memory after the re-import: "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
            )
        if args.new_vintage:
            from cadec.indicators.models import ObservationHistory

            newer = Path(tmp) / "API_BM.TEST_DS2_en_csv_v2_2000000.csv"
            generate(newer, members=members, observations=args.observations, seed=2025)
            started = time.perf_counter()
            revised = import_observations(
                path_or_file=newer, name=newer.name, actor=None, now=datetime.now(tz=UTC)
            )
            elapsed_revised = time.perf_counter() - started
            print(
                f"new vintage: {revised.observations_replaced:,} values replaced "
                f"({ObservationHistory.objects.count():,} kept in history) in "
                f"{elapsed_revised:.1f} s"
            )
        database = Path(tmp) / "cadec.sqlite3"
        print(f"database file: {database.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
