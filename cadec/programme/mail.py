"""E-mails of the programme: registration decisions and minutes circulated for corrections.

Services queue them after their transaction commits; the task worker sends them (the console
backend by default). Each person gets the message in their own language.
"""

from cadec.core.mail import send_to
from cadec.members.models import User


def _send(*, user: User, template: str, context: dict) -> None:
    send_to(user=user, template=f"programme/email/{template}", context=context)


def send_registration_decision(*, registration_id: int) -> None:
    """Tell the registered person (and whoever registered them) what the Secretariat decided."""
    from cadec.programme.models import Registration

    registration = (
        Registration.objects.select_related("activity", "person", "registered_by", "organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    people = [registration.person]
    if registration.registered_by and registration.registered_by != registration.person:
        people.append(registration.registered_by)
    for person in people:
        _send(
            user=person,
            template="registration_decided",
            context={"registration": registration, "activity": registration.activity},
        )


def send_minutes_circulated(*, minutes_id: int) -> None:
    """Ask every attendee (approved registration) to read the minutes and send corrections."""
    from cadec.programme.models import Minutes, Registration

    minutes = (
        Minutes.objects.select_related("activity", "current_version").filter(pk=minutes_id).first()
    )
    if minutes is None:
        return
    attendees = User.objects.filter(
        registrations__activity=minutes.activity,
        registrations__status=Registration.Status.APPROVED,
    ).order_by("pk")
    for person in attendees:
        _send(
            user=person,
            template="minutes_circulated",
            context={"minutes": minutes, "activity": minutes.activity},
        )
