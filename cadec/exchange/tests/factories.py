"""Factories for the exchange: real rows through the services."""

from datetime import datetime

from cadec.exchange import services
from cadec.exchange.models import Practice
from cadec.members.models import Topic, User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for
from cadec.members.tests.factories import NOW


def viewer(user: User | None, on: datetime = NOW) -> Viewer:
    return viewer_for(user=user, on=on.date())


def practice(
    author: User,
    *,
    title: str = "Mobile payments for farmers",
    summary: str = "Farmers are paid for their harvest by mobile phone.",
    body: str = "<p>Farmers are paid by mobile phone.</p>",
    language: str = "en",
    sectors: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    publish_by: User | None = None,
    now: datetime = NOW,
) -> Practice:
    data = services.PracticeData(
        title=title,
        summary=summary,
        body=body,
        language=language,
        sectors=tuple(Topic.objects.filter(kind="SECTOR", code__in=sectors)),
        themes=tuple(Topic.objects.filter(kind="THEME", code__in=themes)),
    )
    created = services.create_practice(viewer=viewer(author), data=data, now=now)
    if publish_by is not None:
        services.submit_practice(viewer=viewer(author), practice=created, now=now)
        services.publish_practice(viewer=viewer(publish_by), practice=created, now=now)
        created.refresh_from_db()
    return created
