"""Writes for the indicators module: the all-or-nothing import of observation files.

``parsing`` checks the whole file first; only a file without a single fault is written, in one
transaction, with bulk inserts. Values equal to the current ones are left alone, so importing the
same file again changes nothing; a different value replaces the current one and the old value is
kept in ``ObservationHistory``.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from cadec.core import audit
from cadec.core.errors import Conflict, PermissionDenied
from cadec.indicators import permissions
from cadec.indicators.models import ImportRun, Indicator, Observation, ObservationHistory
from cadec.indicators.parsing import (
    MAX_PROBLEMS,
    ImportFailed,
    ParsedFile,
    Problem,
    Progress,
    parse_file,
    read_bytes,
)
from cadec.members.models import User
from cadec.members.selectors import viewer_for

__all__ = ["MAX_PROBLEMS", "ImportFailed", "Problem", "describe_run", "import_observations"]

REFERENCE_FILE = Path(__file__).parent / "reference" / "wdi_digital.csv"
WRITE_BATCH = 20_000


# --- indicator metadata -------------------------------------------------------------------

PER_PERSON_SUFFIXES = frozenset({"ZS", "P1", "P2", "P3", "P5", "P6", "PC"})
TOTAL_SUFFIXES = frozenset({"TOTL", "CD", "KD"})


def infer_aggregation(*, code: str, name: str) -> str:
    """How members' values combine: per person and percentages by population, totals by sum."""
    parts = code.upper().split(".")
    lowered = name.lower()
    if (
        parts[-1] in PER_PERSON_SUFFIXES
        or "PCAP" in parts
        or "per capita" in lowered
        or "(per " in lowered
        or "%" in name
    ):
        return Indicator.Aggregation.WEIGHTED_MEAN
    if parts[-1] in TOTAL_SUFFIXES:
        return Indicator.Aggregation.SUM
    return Indicator.Aggregation.NONE


def infer_unit(*, name: str) -> str:
    """The unit a World Bank name gives in its last parentheses: "(per 100 people)"."""
    match = re.search(r"\(([^()]+)\)\s*$", name)
    return match.group(1).strip()[:100] if match else ""


def infer_licence(*, source: str) -> str:
    normalised = source.upper().replace("-", " ")
    if "CC BY 4.0" in normalised or "WORLD DEVELOPMENT INDICATORS" in normalised:
        # World Bank data: https://datacatalog.worldbank.org/public-licenses (CC BY 4.0).
        return "CC BY 4.0"
    return ""


def _ensure_indicators(parsed: ParsedFile, *, now: datetime) -> list[int]:
    """Create the indicators the file introduces; return their ids in the file's order."""
    codes = list(parsed.indicator_names)
    existing = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
    new = [
        Indicator(
            code=code,
            name=parsed.indicator_names[code],
            unit=infer_unit(name=parsed.indicator_names[code]),
            source=parsed.indicator_sources.get(code, "")[:500],
            licence=infer_licence(source=parsed.indicator_sources.get(code, "")),
            aggregation=infer_aggregation(code=code, name=parsed.indicator_names[code]),
            created_at=now,
        )
        for code in codes
        if code not in existing
    ]
    Indicator.objects.bulk_create(new, batch_size=500)
    if new:
        existing = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
    return [existing[code] for code in codes]


# --- writing ------------------------------------------------------------------------------


@dataclass
class _Counts:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0


def _table(model: type[models.Model]) -> tuple[str, Callable[[str], str]]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), quote


def _write(
    parsed: ParsedFile,
    *,
    indicator_ids: list[int],
    run: ImportRun,
    now: datetime,
    progress: Progress | None,
) -> _Counts:
    """Insert new values, move replaced values to history, leave equal values alone."""
    counts = _Counts()
    total = len(parsed)
    obs_table, q = _table(Observation)
    hist_table, _q = _table(ObservationHistory)
    # Raw SQL for speed (a million rows); names come from the models, values are parameters.
    insert_sql = (
        f"INSERT INTO {obs_table} ({q('indicator_id')}, {q('country_id')}, {q('year')}, "  # noqa: S608
        f"{q('value')}, {q('source')}, {q('vintage')}, {q('import_run_id')}) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    history_sql = (
        f"INSERT INTO {hist_table} ({q('indicator_id')}, {q('country_id')}, {q('year')}, "  # noqa: S608
        f"{q('value')}, {q('source')}, {q('vintage')}, {q('import_run_id')}, "
        f"{q('superseded_at')}, {q('superseded_by_id')}) "
        f"SELECT {q('indicator_id')}, {q('country_id')}, {q('year')}, {q('value')}, "
        f"{q('source')}, {q('vintage')}, {q('import_run_id')}, %s, %s "
        f"FROM {obs_table} WHERE {q('id')} = %s"
    )
    update_sql = (
        f"UPDATE {obs_table} SET {q('value')} = %s, {q('source')} = %s, {q('vintage')} = %s, "  # noqa: S608
        f"{q('import_run_id')} = %s WHERE {q('id')} = %s"
    )
    superseded_at = connection.ops.adapt_datetimefield_value(now)
    # Group the file's observations by indicator so existing values are read a slice at a time.
    order: dict[int, list[int]] = {}
    for position, index in enumerate(parsed.indicator_index):
        order.setdefault(index, []).append(position)
    vintage, run_id, sources = parsed.vintage, run.pk, parsed.sources
    done = 0
    with connection.cursor() as cursor:
        pending: list[tuple[Any, ...]] = []
        for chunk_start in range(0, len(indicator_ids), 200):
            chunk = range(chunk_start, min(chunk_start + 200, len(indicator_ids)))
            existing: dict[tuple[int, int, int], tuple[int, float]] = {
                (ind, country, year): (pk, value)
                for pk, ind, country, year, value in Observation.objects.filter(
                    indicator_id__in=[indicator_ids[i] for i in chunk]
                ).values_list("pk", "indicator_id", "country_id", "year", "value")
            }
            replaced: list[tuple[Any, ...]] = []
            for index in chunk:
                indicator_id = indicator_ids[index]
                for position in order.get(index, ()):
                    country, year = parsed.country_ids[position], parsed.years[position]
                    value = parsed.values[position]
                    source = sources[parsed.source_index[position]]
                    current = existing.get((indicator_id, country, year))
                    if current is None:
                        pending.append(
                            (indicator_id, country, year, value, source, vintage, run_id)
                        )
                    elif current[1] == value:
                        counts.unchanged += 1
                    else:
                        replaced.append((value, source, vintage, run_id, current[0]))
                    if len(pending) >= WRITE_BATCH:
                        cursor.executemany(insert_sql, pending)
                        counts.created += len(pending)
                        done += len(pending)
                        pending = []
                        if progress:
                            progress("write", done, total)
            if replaced:
                cursor.executemany(
                    history_sql, [(superseded_at, run_id, row[-1]) for row in replaced]
                )
                cursor.executemany(update_sql, replaced)
                counts.replaced += len(replaced)
                done += len(replaced)
        if pending:
            cursor.executemany(insert_sql, pending)
            counts.created += len(pending)
    if progress:
        progress("write", total, total)
    return counts


def _check_actor(actor: User | None, *, now: datetime) -> None:
    if actor is None:
        return  # the command line: whoever runs it holds the database already
    if not permissions.can_import_indicators(viewer_for(user=actor, on=now.date())):
        raise PermissionDenied(_("Only the Secretariat imports indicator data."))


def import_observations(
    *,
    path_or_file: str | Path | IO[bytes] | Any,
    name: str,
    actor: User | None,
    now: datetime,
    members_only: bool = True,
    progress: Progress | None = None,
) -> ImportRun:
    """Import a tidy or World Bank bulk CSV file, all or nothing; record the run.

    Values equal to the current ones are left alone (a re-import changes nothing); a different
    value replaces the current one and the old value is kept in the history.

    :raises PermissionDenied: ``actor`` is not the Secretariat (``None`` is the command line).
    :raises ImportFailed: the file has faults; each names the file, row and column. Nothing is
        written.
    :raises Conflict: another import wrote the same observations at the same moment.
    """
    _check_actor(actor, now=now)
    name = Path(str(name)).name[:255] or "upload.csv"
    data = read_bytes(path_or_file)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = parse_file(data, name=name, members_only=members_only, progress=progress)
    del data
    try:
        with transaction.atomic():
            indicator_ids = _ensure_indicators(parsed, now=now)
            same_file = ImportRun.objects.filter(sha256=sha256).order_by("-at", "-pk")
            earlier = (
                same_file.filter(outcome=ImportRun.Outcome.APPLIED).first() or same_file.first()
            )
            run = ImportRun.objects.create(
                name=name,
                sha256=sha256,
                layout=parsed.layout,
                outcome=ImportRun.Outcome.APPLIED,
                vintage=parsed.vintage,
                rows_read=parsed.rows_read,
                rows_skipped=parsed.rows_skipped,
                observations_created=0,
                observations_replaced=0,
                observations_unchanged=0,
                skipped_codes=sorted(parsed.skipped_codes)[:300],
                same_file_as=earlier,
                actor=actor,
                at=now,
            )
            counts = _write(
                parsed, indicator_ids=indicator_ids, run=run, now=now, progress=progress
            )
            run.observations_created = counts.created
            run.observations_replaced = counts.replaced
            run.observations_unchanged = counts.unchanged
            if counts.created == counts.replaced == 0:
                run.outcome = ImportRun.Outcome.UNCHANGED
            run.save(
                update_fields=[
                    "observations_created",
                    "observations_replaced",
                    "observations_unchanged",
                    "outcome",
                ]
            )
            audit.record(
                action="indicators.imported",
                target=run,
                actor=actor,
                now=now,
                name=name,
                sha256=sha256,
                outcome=run.outcome,
                created=counts.created,
                replaced=counts.replaced,
                unchanged=counts.unchanged,
                skipped=parsed.rows_skipped,
            )
    except IntegrityError as error:
        raise Conflict(
            _("%(file)s: another import wrote the same observations meanwhile; import it again.")
            % {"file": name}
        ) from error
    return run


def describe_run(run: ImportRun) -> str:
    """One sentence on what an import did, for the page, the command line and the API."""
    if run.outcome == ImportRun.Outcome.UNCHANGED:
        text = _(
            "%(file)s: nothing changed; all %(unchanged)d observations are already recorded."
        ) % {"file": run.name, "unchanged": run.observations_unchanged}
        if run.same_file_as_id:
            text += " " + _("The same file was imported as import #%(run)d.") % {
                "run": run.same_file_as_id
            }
    else:
        text = _("%(file)s: %(created)d observations added, %(unchanged)d unchanged.") % {
            "file": run.name,
            "created": run.observations_created,
            "unchanged": run.observations_unchanged,
        }
        if run.observations_replaced:
            text += " " + _(
                "%(replaced)d values replaced by this vintage; the earlier values are kept in "
                "the history."
            ) % {"replaced": run.observations_replaced}
    if run.rows_skipped:
        text += " " + _(
            "%(skipped)d rows of countries or aggregates that are not members were skipped."
        ) % {"skipped": run.rows_skipped}
    return text
