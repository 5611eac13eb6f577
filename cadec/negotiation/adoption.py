"""Writes that bring a text to adoption: ASEAN-minus-X participation, footnotes, the silence
procedure, adoption and endorsement.

Like ``services``, each write checks permission, validates, writes and records one event in one
transaction, taking the document's row lock first. Once-only actions — breaking a silence,
closing it, adopting, endorsing — are guarded by the database as well as by the lock: a
conditional ``UPDATE … WHERE status = 'RUNNING'`` for the silence, the document as primary key of
its ``Adoption``, one ``Endorsement`` per delegation (TRUST.md D3).

After adoption nothing in the text changes: the document leaves ``NEGOTIATING`` for good, and
every write of ``services`` requires it (``permissions.is_open``). A member may still join a
flexible paragraph it opted out of; heads of delegation endorse the adopted text by its hash.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import default_task_backend
from django.utils.translation import gettext as _

from cadec.core.errors import Conflict, DomainError
from cadec.members.models import Organisation
from cadec.members.permissions import Viewer
from cadec.negotiation import brackets, events, mail, permissions
from cadec.negotiation.events import Actor
from cadec.negotiation.models import (
    Adoption,
    Confirmation,
    Document,
    DocumentVersion,
    Endorsement,
    Footnote,
    Paragraph,
    Participation,
    Position,
    SilenceProcedure,
    VersionParagraph,
)
from cadec.negotiation.services import (
    _actor,
    _clean_text,
    _get_paragraph,
    _lock,
    _objecting,
    _parties,
    _require,
    _where,
)

Status = Paragraph.Status
SILENCE_DEFAULT = timedelta(hours=72)
SILENCE_SHORTEST = timedelta(hours=1)
SILENCE_LONGEST = timedelta(days=30)
SYSTEM = Actor(None, None, "SYSTEM")


# ASEAN-minus-X ------------------------------------------------------------------------------


@transaction.atomic
def set_flexible(
    *, viewer: Viewer, paragraph: Paragraph, flexible: bool, now: datetime
) -> Paragraph:
    """The chair marks a paragraph flexible (members may opt out of it) or not.

    :raises PermissionDenied: the viewer is not the chair, or the text is not open.
    :raises Conflict: members have opted out (it cannot stop being flexible), or nothing changes.
    """
    document = _lock(paragraph.document)
    _require(
        permissions.can_declare(viewer, document=document),
        _("Only the chair marks a paragraph flexible, while the text is under negotiation."),
    )
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    if paragraph.removed_at is not None:
        raise Conflict(_("%(where)s was removed from the text.") % {"where": where})
    if paragraph.flexible == flexible:
        raise Conflict(
            (_("%(where)s is already flexible.") if flexible else _("%(where)s is not flexible."))
            % {"where": where}
        )
    if not flexible and Participation.objects.filter(paragraph=paragraph).exists():
        raise Conflict(
            _("Members have opted out of %(where)s: it stays flexible for the record.")
            % {"where": where}
        )
    paragraph.flexible = flexible
    paragraph.save(update_fields=["flexible"])
    paragraph.document = document
    events.flexibility_set(paragraph=paragraph, actor=_actor(viewer, document), now=now)
    return paragraph


def _head_delegation(viewer: Viewer, document: Document, parties: frozenset[int]) -> Organisation:
    delegation = permissions.head_delegation_of(viewer, framework_id=document.framework_id)
    _require(
        delegation is not None and delegation.country_id in parties,
        _("Only the head of a participating member's delegation does this for the member."),
    )
    assert delegation is not None  # noqa: S101 (checked just above)
    return delegation


@transaction.atomic
def opt_out(
    *, viewer: Viewer, paragraph: Paragraph, reason: str = "", now: datetime
) -> Participation:
    """The head of delegation opts the member out of a flexible paragraph (ASEAN-minus-X).

    :raises PermissionDenied: the viewer is not the head of a participating member's delegation.
    :raises Conflict: the paragraph is not flexible, the text is not under negotiation, or the
        member already opted out.
    """
    document = _lock(paragraph.document)
    delegation = _head_delegation(viewer, document, _parties(document, on=viewer.on))
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    if document.status != Document.Status.NEGOTIATING:
        raise Conflict(_("Members opt out while the text is under negotiation."))
    if not paragraph.flexible or paragraph.removed_at is not None:
        raise Conflict(_("%(where)s is not flexible: members cannot opt out.") % {"where": where})
    reason = _clean_text(reason, where=_("the reason"), field="reason", required=False)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                paragraph=paragraph, delegation=delegation, reason=reason, opted_out_at=now
            )
    except IntegrityError:
        raise Conflict(
            _("%(member)s has already opted out of %(where)s.")
            % {"member": delegation.name, "where": where}
        ) from None
    paragraph.document = document
    events.participation_changed(
        participation=participation, paragraph=paragraph, actor=_actor(viewer, document), now=now
    )
    return participation


@transaction.atomic
def join_later(*, viewer: Viewer, paragraph: Paragraph, now: datetime) -> Participation:
    """A member that opted out joins the paragraph — before or after adoption. Once only.

    :raises PermissionDenied: the viewer is not the head of a participating member's delegation.
    :raises Conflict: the member never opted out, or has already joined.
    """
    document = _lock(paragraph.document)
    delegation = _head_delegation(viewer, document, _parties(document, on=viewer.on))
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    participation = Participation.objects.filter(paragraph=paragraph, delegation=delegation).first()
    if participation is None:
        raise Conflict(
            _("%(member)s takes part in %(where)s already: it never opted out.")
            % {"member": delegation.name, "where": where}
        )
    joined = Participation.objects.filter(pk=participation.pk, joined_at__isnull=True).update(
        joined_at=now
    )
    if not joined:
        raise Conflict(
            _("%(member)s has already joined %(where)s.")
            % {"member": delegation.name, "where": where}
        )
    participation.refresh_from_db()
    paragraph.document = document
    events.participation_changed(
        participation=participation, paragraph=paragraph, actor=_actor(viewer, document), now=now
    )
    return participation


# Footnotes ----------------------------------------------------------------------------------


MAX_FOOTNOTE = 2_000


@transaction.atomic
def add_footnote(*, viewer: Viewer, paragraph: Paragraph, text: str, now: datetime) -> Footnote:
    """A delegation puts a statement on the record of a paragraph, printed as a footnote.

    :raises PermissionDenied: the viewer speaks for no participating member's delegation.
    :raises DomainError: the text is empty or too long.
    :raises Conflict: the text is no longer under negotiation.
    """
    document = _lock(paragraph.document)
    delegation = permissions.delegation_of(viewer, framework_id=document.framework_id)
    _require(
        delegation is not None and delegation.country_id in _parties(document, on=viewer.on),
        _("Footnotes are put on the record by a participating member's delegation."),
    )
    assert delegation is not None  # noqa: S101 (checked just above)
    if document.status != Document.Status.NEGOTIATING:
        raise Conflict(_("Footnotes are added while the text is under negotiation."))
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    if paragraph.removed_at is not None:
        raise Conflict(_("%(where)s was removed from the text.") % {"where": where})
    text = _clean_text(text, where=_("the footnote"), field="text")
    if len(text) > MAX_FOOTNOTE:
        raise DomainError(
            "text: " + _("a footnote is at most %(max)s characters.") % {"max": MAX_FOOTNOTE},
            field="text",
        )
    footnote = Footnote.objects.create(
        paragraph=paragraph, delegation=delegation, text=text, created_at=now, author=viewer.user
    )
    paragraph.document = document
    events.footnote_added(
        footnote=footnote, paragraph=paragraph, actor=_actor(viewer, document), now=now
    )
    return footnote


# Adoption -----------------------------------------------------------------------------------


def version_states(version: DocumentVersion) -> list[dict[str, Any]]:
    """The canonical paragraphs of an issued version, in order (what its SHA-256 covers)."""
    entries = (
        VersionParagraph.objects.filter(version=version)
        .select_related("paragraph", "revision")
        .order_by("position")
    )
    return [events.paragraph_state(e.paragraph, e.revision) for e in entries]


def _why_not_ready(document: Document, *, on: Any) -> list[str]:
    """What stands between the current version and adoption, in the active language."""
    version = document.current_version
    if version is None:
        return [_("no version has been issued yet")]
    problems: list[str] = []
    live = list(
        Paragraph.objects.filter(document=document, removed_at__isnull=True)
        .select_related("current")
        .order_by("position", "pk")
    )
    issued = dict(
        VersionParagraph.objects.filter(version=version).values_list("paragraph_id", "revision_id")
    )
    if {p.pk: p.current_id for p in live} != issued:
        problems.append(
            _("the working text has changed since %(version)s: issue a new version first")
            % {"version": version.label}
        )
    bracketed = [p for p in live if p.current and brackets.parse(p.current.text).has_brackets]
    if bracketed:
        problems.append(
            _("square brackets remain in %(list)s")
            % {"list": ", ".join(_where(p) for p in bracketed[:5])}
        )
    objections = _objecting([p.pk for p in live], _parties(document, on=on))
    objecting = sorted({code for codes in objections.values() for code in codes})
    if objecting:
        problems.append(
            _("participating members object: %(list)s") % {"list": ", ".join(objecting)}
        )
    awaiting = Confirmation.objects.filter(
        paragraph__in=live,
        paragraph__status=Status.AD_REFERENDUM,
        round=F("paragraph__ad_referendum_round"),
        answered_at__isnull=True,
    ).count()
    if awaiting:
        problems.append(_("capitals have not all confirmed the ad referendum agreements"))
    return problems


def _require_ready(document: Document, *, on: Any, message: str) -> DocumentVersion:
    """:param message: says what is refused, with ``%(problems)s`` for what stands in the way."""
    problems = _why_not_ready(document, on=on)
    if problems:
        raise Conflict(message % {"problems": "; ".join(problems)})
    assert document.current_version is not None  # noqa: S101 (checked by _why_not_ready)
    return document.current_version


def record_of(document: Document) -> dict[str, Any]:
    """What stays on the record with the adopted text: participation in flexible paragraphs,
    reservations and footnotes, by paragraph key and member code."""
    participation = [
        {
            "key": p.paragraph.key,
            "delegation": events.member_code(p.delegation),
            "opted_out_at": p.opted_out_at.isoformat(),
            "joined_at": p.joined_at.isoformat() if p.joined_at else None,
        }
        for p in Participation.objects.filter(paragraph__document=document)
        .select_related("paragraph", "delegation__country")
        .order_by("paragraph__position", "delegation__country__iso3")
    ]
    reservations = [
        {"key": key, "delegation": events.member_code(p.organisation), "text": p.reason}
        for p, key in (
            (p, p.paragraph.key if p.paragraph else "")
            for p in Position.objects.filter(
                document=document,
                paragraph__isnull=False,
                paragraph__removed_at__isnull=True,
                published=True,
                stance=Position.Stance.RESERVATION,
            )
            .select_related("paragraph", "organisation__country")
            .order_by("paragraph__position", "organisation__country__iso3")
        )
    ]
    footnotes = [
        {"key": f.paragraph.key, "delegation": events.member_code(f.delegation), "text": f.text}
        for f in Footnote.objects.filter(
            paragraph__document=document, paragraph__removed_at__isnull=True
        )
        .select_related("paragraph", "delegation__country")
        .order_by("paragraph__position", "pk")
    ]
    return {
        "flexible": list(
            Paragraph.objects.filter(document=document, flexible=True, removed_at__isnull=True)
            .order_by("position")
            .values_list("key", flat=True)
        ),
        "participation": participation,
        "reservations": reservations,
        "footnotes": footnotes,
    }


def _adopt(
    *,
    document: Document,
    version: DocumentVersion,
    via: str,
    silence: SilenceProcedure | None,
    actor: Actor,
    user: Any,
    now: datetime,
) -> Adoption:
    paragraphs = version_states(version)
    content = events.version_content(
        symbol=document.symbol, number=version.number, paragraphs=paragraphs
    )
    content_sha256 = events.sha256(content)
    if content_sha256 != version.content_sha256:  # the issued version is immutable
        raise Conflict(_("The issued text does not match its SHA-256: adoption refused."))
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                document=document,
                version=version,
                content_sha256=content_sha256,
                via=via,
                silence=silence,
                adopted_at=now,
                adopted_by=user,
            )
    except IntegrityError:
        raise Conflict(_("%(symbol)s is already adopted.") % {"symbol": document.symbol}) from None
    document.status = Document.Status.ADOPTED
    document.save(update_fields=["status"])
    Paragraph.objects.filter(document=document, removed_at__isnull=True).update(
        status=Status.AGREED, ad_referendum_deadline=None
    )
    events.document_adopted(
        adoption=adoption, paragraphs=paragraphs, record=record_of(document), actor=actor, now=now
    )
    transaction.on_commit(lambda: mail.send_adopted(document_id=document.pk))
    return adoption


@transaction.atomic
def adopt(*, viewer: Viewer, document: Document, now: datetime) -> Adoption:
    """The chair records the meeting's decision to adopt the current version.

    :raises PermissionDenied: the viewer is not the chair.
    :raises Conflict: the text is not ready (brackets, objections, capitals awaited, unissued
        changes), is under silence, or is already adopted.
    """
    document = _lock(document)
    _require(
        permissions.chairs(viewer, document=document),
        _("Only the chair records the adoption of a text."),
    )
    if document.status == Document.Status.ADOPTED:
        raise Conflict(_("%(symbol)s is already adopted.") % {"symbol": document.symbol})
    if document.status == Document.Status.UNDER_SILENCE:
        raise Conflict(
            _("The text is under silence: it is adopted when the silence ends unbroken.")
        )
    version = _require_ready(
        document, on=viewer.on, message=_("The text cannot be adopted yet: %(problems)s.")
    )
    return _adopt(
        document=document,
        version=version,
        via=Adoption.Via.DECISION,
        silence=None,
        actor=_actor(viewer, document),
        user=viewer.user,
        now=now,
    )


@transaction.atomic
def endorse(
    *, viewer: Viewer, document: Document, content_sha256: str, now: datetime
) -> Endorsement:
    """A head of delegation endorses the adopted text, naming the SHA-256 they checked.

    :raises PermissionDenied: the viewer is not the head of a participating member's delegation.
    :raises DomainError: the hash given is not the adopted text's.
    :raises Conflict: the text is not adopted, or the member has already endorsed it.
    """
    document = _lock(document)
    delegation = _head_delegation(viewer, document, _parties(document, on=viewer.on))
    adoption = Adoption.objects.filter(document=document).select_related("document").first()
    if adoption is None:
        raise Conflict(_("%(symbol)s is not adopted yet.") % {"symbol": document.symbol})
    if (content_sha256 or "").strip().lower() != adoption.content_sha256:
        raise DomainError(
            "content_sha256: "
            + _("this is not the SHA-256 of the adopted text (%(sha)s).")
            % {"sha": adoption.content_sha256},
            field="content_sha256",
        )
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                adoption=adoption,
                delegation=delegation,
                content_sha256=adoption.content_sha256,
                endorsed_at=now,
                endorsed_by=viewer.user,
            )
    except IntegrityError:
        raise Conflict(
            _("%(member)s has already endorsed the adopted text.") % {"member": delegation.name}
        ) from None
    events.adoption_endorsed(endorsement=endorsement, actor=_actor(viewer, document), now=now)
    return endorsement


# Silence procedure --------------------------------------------------------------------------


@transaction.atomic
def start_silence(
    *, viewer: Viewer, document: Document, deadline: datetime | None = None, now: datetime
) -> SilenceProcedure:
    """The chair puts the current version under silence until ``deadline`` (72 hours by
    default). Nothing in the text changes while it runs.

    :raises PermissionDenied: the viewer is not the chair.
    :raises DomainError: the deadline is under an hour or over 30 days away.
    :raises Conflict: the text is not ready, or is not under negotiation.
    """
    document = _lock(document)
    _require(
        permissions.chairs(viewer, document=document),
        _("Only the chair puts a text under silence."),
    )
    if document.status != Document.Status.NEGOTIATING:
        raise Conflict(
            _("%(symbol)s is %(status)s: it cannot be put under silence.")
            % {"symbol": document.symbol, "status": Document.Status(document.status).label}
        )
    deadline = deadline or now + SILENCE_DEFAULT
    if not now + SILENCE_SHORTEST <= deadline <= now + SILENCE_LONGEST:
        raise DomainError(
            "deadline: " + _("the silence must end between one hour and 30 days from now."),
            field="deadline",
        )
    version = _require_ready(
        document,
        on=viewer.on,
        message=_("The text cannot be put under silence yet: %(problems)s."),
    )
    silence = SilenceProcedure.objects.create(
        document=document,
        version=version,
        content_sha256=version.content_sha256,
        status=SilenceProcedure.Status.RUNNING,
        started_at=now,
        started_by=viewer.user,
        deadline=deadline,
    )
    document.status = Document.Status.UNDER_SILENCE
    document.save(update_fields=["status"])
    events.silence_started(silence=silence, actor=_actor(viewer, document), now=now)
    transaction.on_commit(lambda: _schedule_close(silence))
    transaction.on_commit(lambda: mail.send_silence_news(silence_id=silence.pk))
    return silence


def _schedule_close(silence: SilenceProcedure) -> None:
    from cadec.negotiation.tasks import close_silence

    task = close_silence
    if default_task_backend.supports_defer:
        task = task.using(run_after=silence.deadline)
    task.enqueue(silence_id=silence.pk)


@transaction.atomic
def break_silence(
    *, viewer: Viewer, silence: SilenceProcedure, reason: str, now: datetime
) -> SilenceProcedure:
    """A head of delegation breaks the silence with a reason; the text returns to negotiation.

    Once only: of two breaks sent at once, one lands and the other is told it was broken.

    :raises PermissionDenied: the viewer is not the head of a participating member's delegation.
    :raises DomainError: no reason is given.
    :raises Conflict: the silence has ended (broken, or kept past its deadline).
    """
    document = _lock(silence.document)
    delegation = _head_delegation(viewer, document, _parties(document, on=viewer.on))
    reason = _clean_text(reason, where=_("the reason"), field="reason", required=False)
    if not reason:
        raise DomainError("reason: " + _("say why your member breaks silence."), field="reason")
    silence = SilenceProcedure.objects.select_related("version").get(pk=silence.pk)
    if silence.status == SilenceProcedure.Status.RUNNING and now >= silence.deadline:
        raise Conflict(_("The silence ended at its deadline: it can no longer be broken."))
    broken = SilenceProcedure.objects.filter(
        pk=silence.pk, status=SilenceProcedure.Status.RUNNING
    ).update(
        status=SilenceProcedure.Status.BROKEN,
        closed_at=now,
        broken_by=delegation,
        broken_by_user=viewer.user,
        break_reason=reason,
    )
    if not broken:
        silence.refresh_from_db()
        if silence.broken_by is not None:
            raise Conflict(
                _("The silence has already ended: %(member)s broke it.")
                % {"member": silence.broken_by.name}
            )
        raise Conflict(
            _("The silence has already ended: %(status)s.")
            % {"status": silence.get_status_display()}
        )
    silence.refresh_from_db()
    document.status = Document.Status.NEGOTIATING
    document.save(update_fields=["status"])
    silence.document = document
    events.silence_broken(silence=silence, actor=_actor(viewer, document), now=now)
    transaction.on_commit(lambda: mail.send_silence_news(silence_id=silence.pk))
    return silence


@transaction.atomic
def close_silence(*, silence_id: int, now: datetime) -> Adoption | None:
    """At its deadline, an unbroken silence adopts the text. Run by the worker; does nothing
    (and returns None) if the silence was broken, already closed, or its deadline is ahead."""
    silence = SilenceProcedure.objects.select_related("document").filter(pk=silence_id).first()
    if silence is None:
        return None
    document = _lock(silence.document)
    silence = SilenceProcedure.objects.select_related("version").get(pk=silence_id)
    if silence.status != SilenceProcedure.Status.RUNNING or now < silence.deadline:
        return None
    closed = SilenceProcedure.objects.filter(
        pk=silence.pk, status=SilenceProcedure.Status.RUNNING
    ).update(status=SilenceProcedure.Status.ADOPTED, closed_at=now)
    if not closed:
        return None
    silence.refresh_from_db()
    return _adopt(
        document=document,
        version=silence.version,
        via=Adoption.Via.SILENCE,
        silence=silence,
        actor=SYSTEM,
        user=None,
        now=now,
    )


def close_due_silences(*, now: datetime) -> int:
    """Close every silence whose deadline has passed (when the worker starts, after a stop)."""
    closed = 0
    for silence_id in SilenceProcedure.objects.filter(
        status=SilenceProcedure.Status.RUNNING, deadline__lte=now
    ).values_list("pk", flat=True):
        if close_silence(silence_id=silence_id, now=now) is not None:
            closed += 1
    return closed
