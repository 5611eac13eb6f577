"""E-mails of the exchange: a match suggested for a need, and each step of its follow-up.

Services queue them after their transaction commits; the task worker sends them. Each person
gets the message in their own language.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cadec.core.tasks import send_email
from cadec.members.models import User


def _send(*, user: User, template: str, context: dict) -> None:
    if not user.email:
        return
    with translation.override(user.language):
        context = {**context, "user": user, "site_url": settings.CADEC_SITE_URL}
        subject = "".join(
            render_to_string(f"exchange/email/{template}_subject.txt", context).splitlines()
        )
        body = render_to_string(f"exchange/email/{template}.txt", context)
    send_email.enqueue(subject=subject, body=body, to=[user.email])


def send_match_news(*, match_id: int) -> None:
    """Tell the authors of the need and of the offer or practice about a match and its status."""
    from cadec.exchange.models import Match

    match = (
        Match.objects.select_related("need__author", "offer__author", "practice__author")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        return
    people = {
        person.pk: person
        for person in (
            match.need.author,
            match.offer.author if match.offer else None,
            match.practice.author if match.practice else None,
        )
        if person is not None
    }
    for person in people.values():
        _send(user=person, template="match", context={"match": match})
