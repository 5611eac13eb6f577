"""The audit trail: every service that changes state records one event through ``record``."""

from datetime import datetime
from typing import Any

from django.db import models

from cadec.core.models import AuditEvent


def record(
    *, action: str, target: models.Model, actor: Any, now: datetime, **data: Any
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``target`` at ``now``.

    Call it inside the service's transaction so the event and the change commit together.
    """
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        data=data,
        at=now,
    )
