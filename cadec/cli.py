"""The ``cadec`` command: run the platform, its worker and its administrative jobs."""

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

SUBCOMMANDS = """
  up          migrate, load the reference configuration when empty, start the worker and serve
  setup       migrate, and load the reference configuration when the database is empty
  serve       serve with several worker processes (production; settings from CADEC_* variables)
  worker      run the background task worker (database or Celery: CADEC_TASK_BACKEND)
  import-indicators FILE  import indicator data (tidy CSV or World Bank bulk CSV), all or nothing
  reindex     rebuild the exchange's keyword and semantic search indexes
  export-log SYMBOL --out FILE  write a negotiation's signed event log (for verify-log)
  verify-log FILE  check a negotiation's event log offline (no database, no settings)
  backup FILE  copy the database while CADEC runs (SQLite; for PostgreSQL it gives the pg_dump)
  manage      run one of Django's management commands (e.g. `cadec manage createsuperuser`)
"""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _prepare_database(*, out: Any) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from cadec.members import demo, reference
    from cadec.members.models import Framework

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Framework.objects.exists():
        print("CADEC: existing data kept.", file=out)
        return
    now = timezone.now()
    framework = reference.load_reference_configuration(now=now)
    personas = demo.create_personas(framework=framework, now=now)
    print(f"CADEC: loaded the reference configuration “{framework.name}”.", file=out)
    from cadec.negotiation.reference import load_reference_document

    negotiated = load_reference_document(framework=framework)
    print(
        f"CADEC: loaded the negotiation {negotiated.symbol} at Rev.1 (demonstration draft).",
        file=out,
    )
    from cadec.negotiation.reference import (
        load_reference_work_plan,
        put_corrigendum_under_silence,
    )

    work_plan = load_reference_work_plan(framework=framework)
    print(
        f"CADEC: loaded {work_plan.symbol}, adopted by silence procedure, with a flexible "
        "paragraph, a reservation and a footnote (demonstration text).",
        file=out,
    )
    corrigendum = put_corrigendum_under_silence(framework=framework, now=now)
    if corrigendum is not None:
        print(
            f"CADEC: {corrigendum.symbol} is under silence for 72 hours (demonstration text).",
            file=out,
        )
    from cadec.programme.reference import load_demonstration_programme

    activities = load_demonstration_programme(framework=framework, now=now)
    print(
        f"CADEC: loaded the 2020 programme ({len(activities)} activities, demonstration data).",
        file=out,
    )
    from cadec.indicators.services import REFERENCE_FILE, describe_run, import_observations

    run = import_observations(
        path_or_file=REFERENCE_FILE, name=REFERENCE_FILE.name, actor=None, now=now
    )
    print(f"CADEC: {describe_run(run)}", file=out)
    from cadec.exchange.reference import (
        load_demonstration_exchange,
        suggest_demonstration_matches,
    )

    practices = load_demonstration_exchange(framework=framework, now=now)
    suggested = suggest_demonstration_matches(now=now)
    print(
        f"CADEC: loaded {len(practices)} practices, with needs and offers and {suggested} "
        "suggested matches (demonstration data).",
        file=out,
    )
    print(
        "Demonstration sign-ins (shown once; heads of delegation, the chair and the "
        "Secretariat set up an authenticator app at first sign-in):",
        file=out,
    )
    width = max(len(p.username) for p, _ in personas)
    for persona, password in personas:
        print(f"  {persona.username:<{width}}  {password}  {persona.display_name}", file=out)


def _serve(*, host: str, port: int, workers: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from config.wsgi import application

    # The worker processes already share the cores: one OpenMP thread each for a search's query
    # embedding (measured: as fast alone, and two workers embedding at once wait less).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # A database connection opened before the fork would be shared by every worker (connections
    # are kept between requests): each worker opens its own.
    connections.close_all()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-" if os.environ.get("CADEC_ACCESS_LOG") else None)
            self.cfg.set("graceful_timeout", 10)
            # One control socket per user would clash between two CADEC servers on one machine.
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    Server().run()


def cmd_setup(args: argparse.Namespace) -> int:
    _setup()
    _prepare_database(out=sys.stdout)
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    # The setup runs in a process of its own: it loads the embedding model, whose OpenMP threads
    # would not survive the fork of the web workers (their first search would hang).
    subprocess.run([sys.executable, "-m", "cadec.cli", "setup"], check=True)
    _setup()
    worker = subprocess.Popen([sys.executable, "-m", "cadec.cli", "worker"])
    print(f"CADEC: serving on http://{args.host}:{args.port}/ (Ctrl+C stops).", flush=True)
    try:
        _serve(host=args.host, port=args.port, workers=args.workers)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _static_files_current() -> bool:
    """Whether STATIC_ROOT's manifest lists every static file and is newer than each."""
    import json
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        collected = json.loads(manifest.read_text())["paths"]
        built_at = manifest.stat().st_mtime
    except (OSError, ValueError, KeyError):
        return False
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            if path not in collected or os.path.getmtime(storage.path(path)) > built_at:
                return False
    return True


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    if pending := _pending_migrations():
        print(
            f"cadec serve: the database needs {len(pending)} migration(s) "
            f"({', '.join(pending[:3])}{' …' if len(pending) > 3 else ''}); "
            "run `cadec setup` first.",
            file=sys.stderr,
        )
        return 1
    if not _static_files_current():
        print("CADEC: collecting and compressing the static files …", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    print(
        f"CADEC: serving on http://{args.host}:{args.port}/ with {args.workers} worker "
        f"process{'es' if args.workers != 1 else ''} (Ctrl+C stops).",
        flush=True,
    )
    _serve(host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from cadec.negotiation.adoption import close_due_silences

    # Silences whose deadline passed while no worker ran are closed first (once the database is
    # migrated); the rest close when their deferred task comes due.
    if not _pending_migrations() and (closed := close_due_silences(now=timezone.now())):
        print(f"CADEC: closed {closed} silence procedure(s) whose deadline had passed.", flush=True)
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == settings.TASK_BACKENDS["celery"]:
        from config.celery import app

        argv = ["worker", "--loglevel=INFO", "--hostname=cadec@%h"]
        if args.concurrency:
            argv.append(f"--concurrency={args.concurrency}")
        app.worker_main(argv)
        return 0
    if backend == settings.TASK_BACKENDS["immediate"]:
        print("CADEC: tasks run inside the web processes (immediate backend); no worker needed.")
        return 0
    if backend != settings.TASK_BACKENDS["database"]:
        print(
            f"cadec worker: runs the database and Celery backends, not “{backend}”; "
            "start that backend's own worker.",
            file=sys.stderr,
        )
        return 1
    call_command("db_worker", interval=args.interval, no_startup_delay=True)
    return 0


def _progress_line(stream: Any) -> Any:
    """A one-line progress bar on ``stream`` (stderr), redrawn in place."""
    labels = {"read": "checking", "write": "writing "}

    def show(phase: str, done: int, total: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        bar = "#" * int(share * 30)
        print(
            f"\r  {labels.get(phase, phase)} [{bar:<30}] {share:4.0%} {done:>10,}",
            end="",
            file=stream,
            flush=True,
        )
        if done >= total:
            print(file=stream)

    return show


def cmd_import_indicators(args: argparse.Namespace) -> int:
    _setup()
    from django.utils import timezone

    from cadec.core.errors import DomainError
    from cadec.indicators.services import ImportFailed, describe_run, import_observations

    try:
        run = import_observations(
            path_or_file=args.file,
            name=os.path.basename(args.file),
            actor=None,
            now=timezone.now(),
            members_only=not args.all_countries,
            progress=_progress_line(sys.stderr),
        )
    except ImportFailed as error:
        print(file=sys.stderr)
        print(f"cadec import-indicators: nothing was imported.\n{error.message}", file=sys.stderr)
        return 1
    except DomainError as error:
        print(f"\ncadec import-indicators: {error.message}", file=sys.stderr)
        return 1
    print(describe_run(run))
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    _setup()
    from cadec.exchange import search

    show = _progress_line(sys.stderr)
    keyword = search.rebuild_keyword_index(progress=show)
    semantic = search.embed_practices(force=args.all, progress=show)
    print(f"Reindexed {keyword} practices; computed {semantic} embeddings.")
    return 0


def cmd_export_log(args: argparse.Namespace) -> int:
    _setup()
    from django.utils import timezone

    from cadec.negotiation import ledger
    from cadec.negotiation.models import Document

    document = Document.objects.filter(symbol=args.symbol).first()
    if document is None:
        print(f"cadec export-log: no document has the symbol “{args.symbol}”.", file=sys.stderr)
        return 2
    log = ledger.export_log(document=document, now=timezone.now())
    partial = f"{args.out}.part"
    try:
        with open(partial, "wb") as file:
            file.write(log.content)
        os.replace(partial, args.out)
    except OSError as error:
        print(
            f"cadec export-log: cannot write “{args.out}”: {error.strerror or error}.",
            file=sys.stderr,
        )
        if os.path.isfile(partial):
            os.unlink(partial)
        return 2
    print(
        f"Wrote {args.out}: the log of {document.symbol}, {log.tree_size} events, signed by key "
        f"{log.key_id[:16]}.\nCheck it with: cadec verify-log {args.out} --key {log.key_id}"
    )
    return 0


def cmd_verify_log(args: argparse.Namespace) -> int:
    # No Django and no database: a member checks a downloaded log with this alone.
    from cadec.negotiation import verify

    return verify.run(args)


def cmd_backup(args: argparse.Namespace) -> int:
    _setup()
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from cadec.core import backups

    if connection.vendor == "postgresql":
        command = backups.pg_dump_command(
            database_url=os.environ.get("DATABASE_URL", ""), target=args.file
        )
        print(
            "cadec backup: the database is PostgreSQL; back it up with pg_dump (the password "
            f"from PGPASSWORD or ~/.pgpass):\n  {command}",
            file=sys.stderr,
        )
        return 2
    if connection.vendor != "sqlite":
        print(
            f"cadec backup: copies SQLite databases; back up this {connection.vendor} "
            "database with its own tools.",
            file=sys.stderr,
        )
        return 2
    source = Path(settings.DATABASES["default"]["NAME"])
    try:
        made = backups.backup_sqlite(
            source=source, target=Path(args.file), progress=_progress_line(sys.stderr)
        )
    except backups.BackupFailed as error:
        print(f"\ncadec backup: {error}", file=sys.stderr)
        return 1
    print(
        f"Wrote {made.path}: {source} as of one moment, {made.size / 1e6:,.1f} MB in "
        f"{made.seconds:.2f} s.\nBack up the signing key too (it is not in the copy): "
        f"{settings.CADEC_SIGNING_KEY_FILE}"
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadec manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadec",
        description="CADEC, the platform of a digital-economy cooperation.",
        epilog="subcommands:" + SUBCOMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    def port(value: str) -> int:
        number = int(value) if value.isdigit() else -1
        if not 1 <= number <= 65535:
            raise argparse.ArgumentTypeError(
                f"--port must be a number from 1 to 65535, not “{value}”"
            )
        return number

    def workers(value: str) -> int:
        number = int(value) if value.isdigit() else 0
        if not 1 <= number <= 64:
            raise argparse.ArgumentTypeError(f"--workers must be from 1 to 64, not “{value}”")
        return number

    def concurrency(value: str) -> int:
        number = int(value) if value.isdigit() else 0
        if not 1 <= number <= 64:
            raise argparse.ArgumentTypeError(f"--concurrency must be from 1 to 64, not “{value}”")
        return number

    setup = sub.add_parser(
        "setup", help="migrate the database; load the reference configuration when it is empty"
    )
    setup.set_defaults(func=cmd_setup)

    up = sub.add_parser("up", help="set up (or migrate) the database, start the worker, serve")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=port, default=8000)
    up.add_argument("--workers", type=workers, default=2, help="web worker processes")
    up.set_defaults(func=cmd_up)

    serve = sub.add_parser("serve", help="serve with several processes (production)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=port, default=8000)
    serve.add_argument(
        "--workers",
        type=workers,
        default=os.process_cpu_count() or 1,
        help="web worker processes (default: one per core)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background task worker")
    worker.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between polls when idle (database backend)",
    )
    worker.add_argument(
        "--concurrency",
        type=concurrency,
        default=None,
        help="task processes (Celery backend; default: one per core)",
    )
    worker.set_defaults(func=cmd_worker)

    def readable_file(value: str) -> str:
        if not os.path.isfile(value):
            raise argparse.ArgumentTypeError(f"FILE: “{value}” is not a file that can be read")
        return value

    imports = sub.add_parser(
        "import-indicators",
        help="import indicator data, all or nothing (tidy CSV or World Bank bulk CSV)",
    )
    imports.add_argument("file", metavar="FILE", type=readable_file, help="the CSV file")
    imports.add_argument(
        "--all-countries",
        action="store_true",
        help="also import countries CADEC knows that are not members (default: members only)",
    )
    imports.set_defaults(func=cmd_import_indicators)

    reindex = sub.add_parser("reindex", help="rebuild the exchange's search indexes")
    reindex.add_argument(
        "--all", action="store_true", help="recompute every embedding, not only changed ones"
    )
    reindex.set_defaults(func=cmd_reindex)

    export_log = sub.add_parser(
        "export-log", help="write a negotiation's signed event log to a file (for verify-log)"
    )
    export_log.add_argument("symbol", metavar="SYMBOL", help="the document, e.g. ACDEC/2020/1")
    export_log.add_argument("--out", metavar="FILE", required=True, help="the file to write")
    export_log.set_defaults(func=cmd_export_log)

    verify_log = sub.add_parser(
        "verify-log", help="check a negotiation's event log offline (events, signatures, texts)"
    )
    from cadec.negotiation.verify import add_arguments as verify_arguments

    verify_arguments(verify_log)
    verify_log.set_defaults(func=cmd_verify_log)

    backup = sub.add_parser(
        "backup", help="copy the database while CADEC runs (SQLite), consistent as of one moment"
    )
    backup.add_argument(
        "file", metavar="FILE", help="the copy to write (FILE.part until it is whole)"
    )
    backup.set_defaults(func=cmd_backup)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except subprocess.CalledProcessError as error:
        # A step run in a process of its own (`up` runs `setup`) has already said what failed.
        return error.returncode or 1
    except Exception as error:
        # A database that cannot be reached is an operator's problem, said in one line; any
        # other error keeps its traceback. (Django is imported only if the command used it.)
        db = sys.modules.get("django.db.utils")
        if db is None or not isinstance(error, db.OperationalError | db.InterfaceError):
            raise
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        print(f"cadec {args.command}: the database cannot be reached: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
