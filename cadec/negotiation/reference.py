"""The reference negotiation: a *demonstration* draft of an "ASEAN–China Digital Economy
Cooperation Action Plan" (ACDEC/2020/1) at Rev.1.

Its text was written for CADEC's demonstration: it is not a text negotiated, proposed or agreed
by ASEAN, its Member States or China, and it states no figures. It is played through the same
services as real use, by the demonstration personas (``members.demo``) on 2020 dates, when
Viet Nam held the ASEAN Chair: the chair issues a zero draft, five delegations table amendments
(some with co-sponsors), the chair recommends, issues Rev.1 with the accepted ones merged,
delegations state positions, and one paragraph is agreed ad referendum, awaiting Thailand's
capital. Two amendments to the same words stay on the table, so the conflict shows.

Its Work Plan (ACDEC/2020/2, also a demonstration text) goes the rest of the way: a flexible
paragraph (ASEAN-minus-X) with members opting out and joining later, a reservation, a footnote,
a silence procedure kept and the adoption, endorsed by heads of delegation. A corrigendum to it
is put under silence by the chair of the day the platform is set up.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from cadec.core.errors import DomainError
from cadec.members.models import Framework, User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for
from cadec.negotiation import selectors, services
from cadec.negotiation.models import Document, Paragraph

SYMBOL = "ACDEC/2020/1"
TITLE = "ASEAN–China Digital Economy Cooperation Action Plan (demonstration draft)"
NOTE = (
    "Demonstration data: this draft was written for the CADEC demonstration. It is not a text "
    "negotiated, proposed or agreed by ASEAN, its Member States or China."
)
# Consensus is due by the end of 2020, Hanoi time (midnight of 1 January 2021, UTC+7).
DEADLINE = datetime(2020, 12, 31, 17, 0, tzinfo=UTC)

ZERO_DRAFT = [
    ("HEADING", "", "Preamble"),
    (
        "PREAMBULAR",
        "PP1",
        "*Recalling* the ASEAN–China Strategic Partnership Vision 2030 and the designation of "
        "2020 as the China–ASEAN Year of Digital Economy Cooperation,",
    ),
    (
        "PREAMBULAR",
        "PP2",
        "*Recognising* that the digital economy can support [inclusive and sustainable]{IDN VNM} "
        "growth and the recovery from the COVID-19 pandemic,",
    ),
    (
        "PREAMBULAR",
        "PP3",
        "*Acknowledging* the different levels of development among Member States and the need "
        "to narrow the digital divide,",
    ),
    (
        "PREAMBULAR",
        "PP4",
        "*Welcoming* the exchange of experience, expertise and best practices through the "
        "online activities of the Year,",
    ),
    ("HEADING", "", "Areas of cooperation"),
    (
        "OPERATIVE",
        "1.",
        "Members will strengthen cooperation on smart cities, big data, artificial intelligence "
        "and digital infrastructure, in accordance with their national laws and regulations.",
    ),
    (
        "OPERATIVE",
        "2.",
        "Members will share experience in the use of digital technologies for pandemic "
        "prevention and control, including in public health information systems.",
    ),
    (
        "OPERATIVE",
        "3.",
        "Members will promote the digital transformation of businesses, in particular in "
        "retail, transportation, manufacturing, finance and agriculture.",
    ),
    (
        "OPERATIVE",
        "4.",
        "Members will cooperate to facilitate cross-border data flows while respecting "
        "national security.",
    ),
    (
        "OPERATIVE",
        "5.",
        "Members will strengthen cooperation on cybersecurity, including the exchange of "
        "information on cyber threats.",
    ),
    (
        "OPERATIVE",
        "6.",
        "Members will support capacity building and digital skills for officials, workers and "
        "students.",
    ),
    ("HEADING", "", "Implementation"),
    (
        "OPERATIVE",
        "7.",
        "The ASEAN Secretariat will report annually on the implementation of this Action Plan "
        "to the ASEAN–China Ministers responsible for the digital economy.",
    ),
    ("OPERATIVE", "8.", "This Action Plan will be reviewed in [2025]{VNM}[2023]{CHN}."),
]

# (delegation, paragraph label, kind, existing words, proposed text, whole paragraph,
#  co-sponsors, chair's recommendation)
AMENDMENTS_TO_ZERO_DRAFT = [
    (
        "chn",
        "4.",
        "ALTERNATIVE",
        "facilitate cross-border data flows",
        "promote data governance",
        False,
        [],
        "ACCEPT",
    ),
    (
        "vnm",
        "4.",
        "INSERT",
        "while respecting",
        "[the privacy of personal data and]",
        False,
        [],
        "ACCEPT",
    ),
    ("tha", "7.", "ALTERNATIVE", "Ministers", "Senior Officials", False, ["sgp"], "ACCEPT"),
    (
        "idn",
        "5.",
        "INSERT",
        "cyber threats",
        "[through a network of national computer emergency response teams]",
        False,
        [],
        "ACCEPT",
    ),
    (
        "sgp",
        "3.",
        "INSERT",
        "",
        "Members will explore cooperation on interoperable frameworks for digital trade, including "
        "electronic payments and electronic invoicing.",
        True,
        ["idn"],
        "ACCEPT",
    ),
    (
        "chn",
        "6.",
        "REPLACE",
        "students",
        "students, with the support of a dedicated cooperation fund",
        False,
        [],
        "REJECT",
    ),
]

# Tabled against Rev.1 and left pending: both change the same words of paragraph 1.
AMENDMENTS_TO_REV1 = [
    ("vnm", "1.", "REPLACE", "will strengthen", "shall strengthen", False, [], "PENDING"),
    (
        "tha",
        "1.",
        "ALTERNATIVE",
        "will strengthen",
        "will endeavour to strengthen",
        False,
        ["idn"],
        "PENDING",
    ),
]

# (delegation, paragraph label, stance, reason)
POSITIONS = [
    ("vnm", "2.", "SUPPORT", ""),
    ("chn", "2.", "SUPPORT", ""),
    ("tha", "2.", "CAN_ACCEPT", "Subject to confirmation by the capital."),
    ("idn", "2.", "SUPPORT", ""),
    ("sgp", "2.", "CAN_ACCEPT", ""),
    ("vnm", "4.", "SUPPORT", ""),
    ("chn", "4.", "OBJECT", "Data flows should be addressed under data governance."),
    ("sgp", "4.", "RESERVATION", "Awaiting instructions on the reference to national security."),
    ("tha", "7.", "SUPPORT", ""),
    ("sgp", "7.", "SUPPORT", ""),
    ("idn", "5.", "SUPPORT", ""),
    ("chn", "5.", "RESERVATION", "The network's governance needs further discussion."),
]


def _at(day: date, hour: int = 3) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _persona(username: str, on: date) -> Viewer:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DomainError(
            f"The reference negotiation is played by the demonstration personas; “{username}” "
            f"is missing (create them with members.demo.create_personas first)."
        )
    return viewer_for(user=user, on=on)


def _table(document: Document, rows: list, *, on: date, chair: Viewer) -> None:
    for number, (who, label, kind, target, text, whole, cosponsors, advice) in enumerate(rows):
        now = _at(on, 2 + number)
        paragraph = Paragraph.objects.select_related("current", "document").get(
            document=document, removed_at__isnull=True, current__label=label
        )
        amendment = services.propose_amendment(
            viewer=_persona(f"{who}.delegate", on),
            paragraph=paragraph,
            kind=kind,
            target=target,
            text=text,
            whole_paragraph=whole,
            now=now,
        )
        for sponsor in cosponsors:
            services.cosponsor_amendment(
                viewer=_persona(f"{sponsor}.delegate", on), amendment=amendment, now=now
            )
        if advice != "PENDING":
            services.recommend_amendment(
                viewer=chair, amendment=amendment, recommendation=advice, now=now
            )


def _drafted(
    framework: Framework, chair: Viewer, symbol: str, title: str, rows: list, *, on: date
) -> Document:
    """A demonstration document opened by the chair, with its paragraphs (not yet issued)."""
    document = services.create_document(
        viewer=chair,
        framework=framework,
        symbol=symbol,
        title=title,
        note=NOTE,
        deadline=DEADLINE,
        now=_at(on),
    )
    for kind, label, markup in rows:
        services.add_paragraph(
            viewer=chair,
            document=document,
            kind=kind,
            label=label,
            markup=markup,
            level=1 if kind == "HEADING" else 0,
            now=_at(on),
        )
    return document


@transaction.atomic
def load_reference_document(*, framework: Framework) -> Document:
    """Play the demonstration negotiation through the services; do nothing if it exists.

    :raises DomainError: the demonstration personas are missing.
    """
    existing = Document.objects.filter(symbol=SYMBOL).first()
    if existing is not None:
        return existing
    opened, zero, rev1, later = (
        date(2020, 7, 15),
        date(2020, 7, 20),
        date(2020, 9, 10),
        date(2020, 9, 24),
    )
    chair = _persona("chair.2020", opened)
    document = _drafted(framework, chair, SYMBOL, TITLE, ZERO_DRAFT, on=opened)
    chair = _persona("chair.2020", zero)
    services.issue_revision(
        viewer=chair,
        document=document,
        note="Zero draft circulated by the Chair for the first reading.",
        now=_at(zero),
    )
    _table(
        document,
        AMENDMENTS_TO_ZERO_DRAFT,
        on=date(2020, 8, 12),
        chair=_persona("chair.2020", date(2020, 8, 12)),
    )
    chair = _persona("chair.2020", rev1)
    services.issue_revision(
        viewer=chair,
        document=document,
        note="Rev.1: amendments recommended by the Chair after the first reading merged.",
        now=_at(rev1),
    )
    _table(document, AMENDMENTS_TO_REV1, on=later, chair=_persona("chair.2020", later))
    for number, (who, label, stance, reason) in enumerate(POSITIONS):
        services.state_position(
            viewer=_persona(f"{who}.delegate", later),
            paragraph=selectors.paragraph_in(document=document, key=_key(document, label)),
            stance=stance,
            reason=reason,
            now=_at(later, 6).replace(minute=number),
        )
    chair = _persona("chair.2020", later)
    for label in ("PP1", "PP3"):
        services.declare_status(
            viewer=chair,
            paragraph=selectors.paragraph_in(document=document, key=_key(document, label)),
            status="AGREED",
            now=_at(later, 8),
        )
    services.declare_status(
        viewer=chair,
        paragraph=selectors.paragraph_in(document=document, key=_key(document, "2.")),
        status="AD_REFERENDUM",
        deadline=_at(date(2020, 10, 15), 10),
        awaiting=services.delegations(framework=framework, codes=["THA"]),
        now=_at(later, 9),
    )
    # A private draft and an unpublished position, seen by Viet Nam's delegation only.
    viet_nam = _persona("vnm.delegate", later)
    services.propose_amendment(
        viewer=viet_nam,
        paragraph=selectors.paragraph_in(document=document, key=_key(document, "6.")),
        kind="INSERT",
        target="workers",
        text="women, youth",
        submit=False,
        now=_at(later, 10),
    )
    services.state_position(
        viewer=viet_nam,
        paragraph=selectors.paragraph_in(document=document, key=_key(document, "4.")),
        stance="CAN_ACCEPT",
        reason="Fallback if the reference to privacy is kept.",
        publish=False,
        now=_at(later, 10),
    )
    document.refresh_from_db()
    return document


def _key(document: Document, label: str) -> str:
    return Paragraph.objects.values_list("key", flat=True).get(
        document=document, removed_at__isnull=True, current__label=label
    )


# The Work Plan: ASEAN-minus-X, a reservation, a footnote, adoption by silence ----------------

WORK_PLAN_SYMBOL = "ACDEC/2020/2"
WORK_PLAN_TITLE = (
    "Work Plan 2021–2025 of the ASEAN–China Digital Economy Cooperation Action Plan "
    "(demonstration text)"
)
WORK_PLAN = [
    ("HEADING", "", "Work Plan 2021–2025"),
    (
        "PREAMBULAR",
        "PP1",
        "*Guided by* the ASEAN–China Digital Economy Cooperation Action Plan (ACDEC/2020/1),",
    ),
    ("OPERATIVE", "1.", "Members will hold an annual dialogue on digital-economy policy."),
    (
        "OPERATIVE",
        "2.",
        "Members will exchange experience in the use of digital technologies for pandemic "
        "prevention and control through the online activities of the cooperation.",
    ),
    (
        "OPERATIVE",
        "3.",
        "Participating members will pilot the mutual recognition of e-commerce trust marks.",
    ),
    ("OPERATIVE", "4.", "Members will review the implementation of this Work Plan every year."),
]
CORRIGENDUM_SYMBOL = "ACDEC/2020/2/Corr.1"
CORRIGENDUM = [
    (
        "OPERATIVE",
        "",
        "In paragraph 2, for “the online activities of the cooperation” read “the online and "
        "in-person activities of the cooperation”.",
    ),
]


@transaction.atomic
def load_reference_work_plan(*, framework: Framework) -> Document:
    """Play the Work Plan through the services, on 2020–2021 dates; do nothing if it exists.

    Paragraph 3 is flexible (ASEAN-minus-X): Indonesia and Thailand opt out, Thailand joins
    before the silence, Indonesia after adoption. Singapore states a reservation on paragraph 1
    and Viet Nam puts a footnote on the record. The chair puts Rev.0 under silence on
    14 December 2020; nobody breaks it, and it is adopted at the deadline.

    :raises DomainError: the demonstration personas are missing.
    """
    from cadec.negotiation import adoption

    existing = Document.objects.filter(symbol=WORK_PLAN_SYMBOL).first()
    if existing is not None:
        return existing
    opened, reading, joined, silent, later = (
        date(2020, 10, 20),
        date(2020, 11, 5),
        date(2020, 12, 1),
        date(2020, 12, 14),
        date(2021, 3, 15),
    )
    chair = _persona("chair.2020", opened)
    document = _drafted(framework, chair, WORK_PLAN_SYMBOL, WORK_PLAN_TITLE, WORK_PLAN, on=opened)
    pilot = selectors.paragraph_in(document=document, key=_key(document, "3."))
    adoption.set_flexible(viewer=chair, paragraph=pilot, flexible=True, now=_at(opened, 4))
    services.issue_revision(
        viewer=chair,
        document=document,
        note="Zero draft of the Work Plan; paragraph 3 is open to ASEAN-minus-X.",
        now=_at(opened, 5),
    )
    for code, reason in (
        ("idn", "Domestic consultations on trust marks are not complete."),
        ("tha", "Pending the review of Thailand's e-commerce trust mark scheme."),
    ):
        adoption.opt_out(
            viewer=_persona(f"{code}.head", reading),
            paragraph=pilot,
            reason=reason,
            now=_at(reading),
        )
    services.state_position(
        viewer=_persona("sgp.delegate", reading),
        paragraph=selectors.paragraph_in(document=document, key=_key(document, "1.")),
        stance="RESERVATION",
        reason="Singapore's participation in the dialogue is subject to its budget cycle.",
        now=_at(reading, 5),
    )
    adoption.add_footnote(
        viewer=_persona("vnm.delegate", reading),
        paragraph=selectors.paragraph_in(document=document, key=_key(document, "2.")),
        text="Viet Nam understands “digital technologies” to include public health "
        "information systems.",
        now=_at(reading, 6),
    )
    adoption.join_later(viewer=_persona("tha.head", joined), paragraph=pilot, now=_at(joined))
    silence = adoption.start_silence(
        viewer=_persona("chair.2020", silent), document=document, now=_at(silent)
    )
    # The worker closes it at the deadline; played here as it would run.
    adoption.close_silence(silence_id=silence.pk, now=silence.deadline)
    adopted = Document.objects.get(pk=document.pk).adoption
    for code in ("vnm", "chn"):
        adoption.endorse(
            viewer=_persona(f"{code}.head", silent + timedelta(days=4)),
            document=document,
            content_sha256=adopted.content_sha256,
            now=_at(silent + timedelta(days=4), 8),
        )
    adoption.join_later(viewer=_persona("idn.head", later), paragraph=pilot, now=_at(later))
    document.refresh_from_db()
    return document


@transaction.atomic
def put_corrigendum_under_silence(*, framework: Framework, now: datetime) -> Document | None:
    """The only way to change an adopted text is a new document: the chair of ``now`` puts a
    corrigendum to the Work Plan under silence for 72 hours from ``now``.

    Does nothing (returns None) when it exists, or when nobody holds the chair's persona on
    ``now``'s date (the rotation names no chair, or the 2020 chair before the Work Plan exists).
    """
    from cadec.members.selectors import chair_on
    from cadec.negotiation import adoption

    existing = Document.objects.filter(symbol=CORRIGENDUM_SYMBOL).first()
    if existing is not None:
        return existing
    work_plan = Document.objects.filter(symbol=WORK_PLAN_SYMBOL).first()
    seat = chair_on(framework=framework, on=now.date())
    if work_plan is None or seat.country is None or now <= work_plan.adoption.adopted_at:
        return None
    username = f"chair.{seat.year}"
    if not User.objects.filter(username=username).exists():
        return None
    chair = _persona(username, now.date())
    document = services.create_document(
        viewer=chair,
        framework=framework,
        symbol=CORRIGENDUM_SYMBOL,
        title=f"Corrigendum to {WORK_PLAN_SYMBOL} (demonstration text)",
        note=NOTE,
        deadline=now + timedelta(days=30),
        now=now,
    )
    for kind, label, markup in CORRIGENDUM:
        services.add_paragraph(
            viewer=chair, document=document, kind=kind, label=label, markup=markup, now=now
        )
    services.issue_revision(viewer=chair, document=document, now=now)
    adoption.start_silence(viewer=chair, document=document, now=now)
    document.refresh_from_db()
    return document
