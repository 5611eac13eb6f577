"""CADEC's tasks on Celery workers through Redis (CADEC_TASK_BACKEND=celery).

Needs a real Redis: set CADEC_TEST_REDIS_URL (e.g. redis://127.0.0.1:6390/0); `.ci/run` starts
Debian's redis-server on loopback for this test.
"""

import os
import secrets
import subprocess
import time

import pytest
from django.tasks import TaskResultStatus

from cadec.core.tasks import send_email
from cadec.core.tests.servers import cadec, cadec_env, stop

REDIS_URL = os.environ.get("CADEC_TEST_REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL,
    reason="CADEC_TEST_REDIS_URL is not set: no Redis to run a Celery worker against",
)

CELERY = {
    "BACKEND": "django_tasks_celery.CeleryBackend",
    "OPTIONS": {"CELERY_APP": "config.celery.app"},
}


def test_an_email_enqueued_through_celery_is_sent_by_a_celery_worker(settings, tmp_path):
    settings.TASKS = {**settings.TASKS, "celery": CELERY}
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = REDIS_URL
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = cadec(
        "worker", "--concurrency", "1",
        env=cadec_env(tmp_path, CADEC_TASK_BACKEND="celery", CADEC_REDIS_URL=REDIS_URL),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    subject = f"Launch teleconference: agenda {secrets.token_hex(4)}"
    try:
        result = send_email.using(backend="celery").enqueue(
            subject=subject, body="The agenda is attached.", to=["vnm.delegate@example.org"]
        )
        assert result.status == TaskResultStatus.READY
        deadline = time.monotonic() + 120
        while result.status not in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            assert worker.poll() is None, "the Celery worker exited"
            assert time.monotonic() < deadline, "the task was not done within 120 s"
            time.sleep(0.5)
            result.refresh()
    finally:
        stop(worker)
        log.close()

    output = log_path.read_text()
    assert result.status == TaskResultStatus.SUCCESSFUL, output
    assert result.return_value == 1  # one message sent
    assert f"Subject: {subject}" in output  # by the worker's (console) mail backend
