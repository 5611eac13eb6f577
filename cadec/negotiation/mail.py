"""E-mails of the negotiation: a text put under silence (with its deadline in the reader's own
time zone), silence broken, a text adopted.

Services queue them after their transaction commits; the task worker sends them. They go to
everyone with a current membership in the document's framework who takes part in the
negotiation — delegations, the chair, the Secretariat — each in their language and zone.
"""

from datetime import date

from django.db.models import Q

from cadec.core.mail import send_to
from cadec.members.models import Membership, User
from cadec.negotiation.models import Document, SilenceProcedure

ROLES = (
    Membership.Role.HEAD_OF_DELEGATION,
    Membership.Role.DELEGATE,
    Membership.Role.FOCAL_POINT,
    Membership.Role.CHAIR,
    Membership.Role.SECRETARIAT,
)


def _readers(document: Document, on: date) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation__framework_id=document.framework_id,
            memberships__role__in=ROLES,
            memberships__start_date__lte=on,
        )
        .filter(Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gt=on))
        .distinct()
        .order_by("pk")
    )


def send_silence_news(*, silence_id: int) -> None:
    """Silence started (with the deadline), or broken (by whom, why)."""
    silence = (
        SilenceProcedure.objects.select_related("document", "version", "broken_by")
        .filter(pk=silence_id)
        .first()
    )
    if silence is None:
        return
    on = (silence.closed_at or silence.started_at).date()
    template = (
        "silence_broken" if silence.status == SilenceProcedure.Status.BROKEN else "silence_started"
    )
    for person in _readers(silence.document, on):
        send_to(
            user=person,
            template=f"negotiation/email/{template}",
            context={"silence": silence, "document": silence.document},
        )


def send_adopted(*, document_id: int) -> None:
    """The text is adopted: its SHA-256, and where to endorse it."""
    document = Document.objects.select_related("adoption__version").filter(pk=document_id).first()
    if document is None or not hasattr(document, "adoption"):
        return
    for person in _readers(document, document.adoption.adopted_at.date()):
        send_to(
            user=person,
            template="negotiation/email/adopted",
            context={"document": document, "adoption": document.adoption},
        )
