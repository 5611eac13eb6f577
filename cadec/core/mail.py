"""E-mail to one person from templates: in their language and their time zone, queued for the
task worker after the caller's transaction commits (modules call this from ``on_commit``)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cadec.core.tasks import send_email
from cadec.members.models import User


def send_to(*, user: User, template: str, context: dict) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` for ``user`` and queue them.

    People without an e-mail address are skipped. Links use ``CADEC_SITE_URL``: mail is sent
    with no request at hand.
    """
    if not user.email:
        return
    with translation.override(user.language), timezone.override(user.time_zone or "UTC"):
        context = {**context, "user": user, "site_url": settings.CADEC_SITE_URL}
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}.txt", context)
    send_email.enqueue(subject=subject, body=body, to=[user.email])
