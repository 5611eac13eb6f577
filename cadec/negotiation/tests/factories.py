"""Factories for the negotiation tests: real rows written through the services."""

from datetime import UTC, date, datetime, timedelta

from cadec.members.models import Framework, User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for
from cadec.members.tests.factories import NOW
from cadec.negotiation import services
from cadec.negotiation.models import Document, Paragraph

ON = date(2020, 6, 12)  # the launch of the 2020 Year; Viet Nam chairs
DEADLINE = datetime(2020, 12, 31, 17, 0, tzinfo=UTC)

PARAGRAPHS = [
    ("HEADING", "", "Cooperation on the digital economy"),
    (
        "PREAMBULAR",
        "PP1",
        "*Recognising* the role of the digital economy in [inclusive]{VNM} growth,",
    ),
    ("OPERATIVE", "1.", "Members [shall]{THA}[should]{VNM} share best practices on smart cities."),
    ("OPERATIVE", "2.", "Members will cooperate on digital infrastructure and data."),
    ("OPERATIVE", "3.", "Members will review this plan every year."),
]


def viewer(user: User, on: date = ON) -> Viewer:
    return viewer_for(user=user, on=on)


def document(
    framework: Framework,
    chair: User,
    *,
    symbol: str = "ACDEC/2020/T1",
    paragraphs: list[tuple[str, str, str]] | None = None,
    issue: bool = True,
    now: datetime = NOW,
) -> Document:
    """A document with a few paragraphs, issued as the zero draft unless ``issue`` is False."""
    chair_viewer = viewer(chair)
    doc = services.create_document(
        viewer=chair_viewer,
        framework=framework,
        symbol=symbol,
        title="Test plan of action",
        deadline=DEADLINE,
        now=now,
    )
    for kind, label, markup in paragraphs if paragraphs is not None else PARAGRAPHS:
        services.add_paragraph(
            viewer=chair_viewer, document=doc, kind=kind, label=label, markup=markup, now=now
        )
    if issue:
        services.issue_revision(viewer=chair_viewer, document=doc, now=now + timedelta(minutes=1))
    doc.refresh_from_db()
    return doc


def paragraph(doc: Document, label: str) -> Paragraph:
    return Paragraph.objects.select_related("current", "document").get(
        document=doc, current__label=label
    )
