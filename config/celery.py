"""The Celery application that runs CADEC's tasks when ``CADEC_TASK_BACKEND=celery``.

Tasks are written once with ``django.tasks`` (``@task``, ``.enqueue()``); the
``django_tasks_celery`` backend hands them to this application, whose workers (``cadec worker``)
take them from Redis. Celery reads its configuration from the ``CELERY_*`` settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cadec")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Importing each app's tasks module defines its tasks, which registers them with Celery.
app.autodiscover_tasks()
