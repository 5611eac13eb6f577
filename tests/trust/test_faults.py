"""C3: the mail server down, the database unavailable, the disk full — clear errors, nothing
half-written."""

import io
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cadec.core.models import AuditEvent
from cadec.exchange.models import PracticeAttachment
from cadec.exchange.tests.factories import practice
from cadec.programme.models import Registration
from cadec.programme.tests import factories as programme_factories

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n" + b"0" * 200_000


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Mail ---------------------------------------------------------------------------------------


@pytest.fixture
def mail_server_down(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "use_tls": False, "timeout": 5},
        }
    }


def run_the_worker_until_idle() -> None:
    """The database task worker, in this process, until no task is ready.

    The worker checks its connection between tasks; here that connection holds the test's
    transaction, so the check is left out.
    """
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    levels = [each.level for each in loggers]
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            # Verbosity 1, as `cadec worker` runs it: task failures are logged as errors.
            call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def test_with_the_mail_server_down_a_decision_stands_and_its_mail_fails_on_record(
    mail_server_down,
    framework,
    client_for,
    secretariat_officer,
    delegate_viet_nam,
    django_capture_on_commit_callbacks,
    caplog,
):
    activity = programme_factories.activity(framework)
    registration = programme_factories.registration(activity, delegate_viet_nam)
    client = client_for(secretariat_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/programme/registrations/{registration.pk}/decision",
            {"decision": "approve"},
            content_type="application/json",
        )

    # The Secretariat's action succeeded at once; the mail waits for the worker.
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    queued = DBTaskResult.objects.filter(task_path="cadec.core.tasks.send_email")
    assert [task.status for task in queued] == [TaskResultStatus.READY]

    with caplog.at_level(logging.ERROR, logger="django.tasks"):
        run_the_worker_until_idle()

    # The task failed, and says why: kept as FAILED with its exception, logged as an error.
    task = queued.get()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "builtins.ConnectionRefusedError"
    assert "Connection refused" in task.traceback
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        f"Task id={task.id} path=cadec.core.tasks.send_email state=FAILED"
    ]
    # Nothing else changed: the decision is recorded once and stands.
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert AuditEvent.objects.filter(action__startswith="registration.").count() == 1


# Database -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["setup"], ["manage", "migrate"], ["import-indicators", "README.md"]],
    ids=" ".join,
)
def test_with_the_database_unreachable_a_command_says_so_in_one_line(command, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/cadec",
        "CADEC_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "cadec.cli", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cadec {command[0]}: the database cannot be reached: ")
    assert "Connection refused" in lines[0]


# Disk ---------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the full disk is SQLite's page limit")
def test_with_the_disk_full_an_upload_fails_whole_and_succeeds_once_there_is_room(
    framework, client_for, delegate_viet_nam
):
    """SQLite's ``max_page_count`` makes the database file unable to grow, as on a full disk:
    the write fails with SQLITE_FULL ("database or disk is full").

    On PostgreSQL a full disk cannot be made on a test cluster without filling a file system,
    so this runs on SQLite only.
    """
    draft = practice(delegate_viet_nam, title="A practice with a report")
    client = client_for(delegate_viet_nam)
    client.raise_request_exception = False
    url = reverse("exchange_practice_attach", args=[draft.pk])
    upload = {"file": _file("report.pdf")}

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA max_page_count")
        limit = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        refused = client.post(url, upload)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")

    assert refused.status_code == 500
    assert b"database or disk is full" not in refused.content  # no internals on the page
    assert not PracticeAttachment.objects.filter(practice=draft).exists()
    assert not AuditEvent.objects.filter(action="practice.file_attached").exists()

    accepted = client.post(url, {"file": _file("report.pdf")})
    assert accepted.status_code == 302
    assert PracticeAttachment.objects.get(practice=draft).size == len(PDF)


def _file(name: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
