"""Writes of the negotiation. Each checks permission, validates, writes and records one event,
all in one transaction; nothing is written when any check fails.

Locks are taken in one order: the document row first (it also numbers the events), then the
paragraph or amendment. Text writes are versioned: a write names the revision it was based on
and fails with ``StaleText`` (HTTP 412) when someone else wrote first, or with
``PreconditionRequired`` (HTTP 428) when it names none.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadec.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    PreconditionRequired,
)
from cadec.members import selectors as member_selectors
from cadec.members.models import Framework, Organisation
from cadec.members.permissions import Viewer
from cadec.negotiation import (
    brackets,
    consensus,
    diff,
    events,
    importing,
    merging,
    permissions,
    selectors,
)
from cadec.negotiation.events import Actor
from cadec.negotiation.models import (
    Amendment,
    AmendmentSponsor,
    Confirmation,
    Document,
    DocumentVersion,
    Paragraph,
    ParagraphRevision,
    Participation,
    Position,
    VersionParagraph,
)

Status = Paragraph.Status
GAP = 1024  # room between paragraph positions, so an insertion rarely renumbers the others
MAX_TEXT = 20_000


class StaleText(PreconditionFailed):
    """Someone changed the text since the revision the write was based on."""

    def __init__(self, message: str, *, current_revision: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.current_revision = current_revision


class MergeConflict(Conflict):
    """Accepted amendments cannot all be merged; ``conflicts`` says which and why."""

    def __init__(self, message: str, *, conflicts: list[str]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


# Helpers ------------------------------------------------------------------------------------


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("framework").get(pk=document.pk)


def _lock_open(document: Document) -> Document:
    """Lock a document whose text may still change: under negotiation, not under silence or
    adopted (those say so, rather than refusing the person).

    :raises Conflict: the document is under silence or adopted.
    """
    document = _lock(document)
    if document.status == Document.Status.UNDER_SILENCE:
        raise Conflict(
            _(
                "%(symbol)s is under silence procedure: nothing in it changes unless a head of "
                "delegation breaks silence."
            )
            % {"symbol": document.symbol}
        )
    if document.status == Document.Status.ADOPTED:
        raise Conflict(
            _(
                "%(symbol)s is adopted: nothing in it changes; a corrigendum or a new document "
                "is the only way."
            )
            % {"symbol": document.symbol}
        )
    return document


def _parties(document: Document, *, on: Any) -> frozenset[int]:
    return frozenset(
        c.pk for c in member_selectors.consensus_parties(framework=document.framework, on=on)
    )


def _delegation_codes(framework_id: int) -> set[str]:
    return set(
        Organisation.objects.filter(
            framework_id=framework_id, kind=Organisation.Kind.DELEGATION
        ).values_list("country__iso3", flat=True)
    )


def _actor(viewer: Viewer, document: Document) -> Actor:
    framework_id = document.framework_id
    if permissions.chairs(viewer, document=document):
        chair = next(m for m in viewer.memberships if m.role == "CHAIR")
        return Actor(viewer.user, chair.organisation, "CHAIR")
    holder = permissions.position_holder_of(viewer, framework_id=framework_id)
    if holder is not None:
        role = "DELEGATION" if holder.kind == Organisation.Kind.DELEGATION else "OBSERVER"
        return Actor(viewer.user, holder, role)
    secretariat = next(
        (m.organisation for m in viewer.memberships if m.role == "SECRETARIAT"), None
    )
    return Actor(viewer.user, secretariat, "SECRETARIAT")


def _where(paragraph: Paragraph, label: str | None = None) -> str:
    label = label if label is not None else (paragraph.current.label if paragraph.current else "")
    return _("paragraph %(label)s") % {"label": label or paragraph.key}


def _clean_text(value: str, *, where: str, field: str = "text", required: bool = True) -> str:
    value = brackets.normalise(value or "", where=where, field=field).strip()
    if required and not value:
        raise DomainError(
            f"{field}: " + _("%(where)s: the text is empty.") % {"where": where}, field=field
        )
    if len(value) > MAX_TEXT:
        raise DomainError(
            f"{field}: "
            + _("%(where)s: the text is longer than %(max)s characters.")
            % {"where": where, "max": MAX_TEXT},
            field=field,
        )
    return value


def _describe_balance(parsed: brackets.Parsed) -> str:
    unclosed, strays = brackets.balance(parsed)
    parts = []
    if unclosed:
        first = next(b for b in parsed.brackets if not b.closed)
        parts.append(_("the “[” at character %(at)s is never closed") % {"at": first.start + 1})
    if strays:
        parts.append(
            _("the “]” at character %(at)s closes no bracket") % {"at": parsed.stray_closers[0] + 1}
        )
    return "; ".join(parts)


def _require_balanced(parsed: brackets.Parsed, *, where: str, field: str = "text") -> None:
    if brackets.balance(parsed) != (0, 0):
        raise DomainError(
            f"{field}: "
            + _("%(where)s: %(problem)s.") % {"where": where, "problem": _describe_balance(parsed)},
            field=field,
        )


def _read_markup(
    markup: str, *, where: str, framework_id: int, field: str = "text"
) -> tuple[str, dict[str, list[str]], brackets.Parsed]:
    text, attributions = brackets.parse_markup(_clean_text(markup, where=where, field=field))
    brackets.check_attributions(attributions, known=_delegation_codes(framework_id))
    return text, attributions, brackets.parse(text)


def _objecting(paragraph_ids: Sequence[int], parties: frozenset[int]) -> dict[int, list[str]]:
    """The participating members that object to each paragraph, by ISO code.

    A member that opted out of a flexible paragraph (ASEAN-minus-X) does not block it.
    """
    out = set(
        Participation.objects.filter(
            paragraph_id__in=paragraph_ids, joined_at__isnull=True
        ).values_list("paragraph_id", "delegation__country_id")
    )
    objecting: dict[int, list[str]] = {}
    for paragraph_id, country_id, code in Position.objects.filter(
        paragraph_id__in=paragraph_ids,
        published=True,
        stance=Position.Stance.OBJECT,
        organisation__country_id__in=parties,
    ).values_list("paragraph_id", "organisation__country_id", "organisation__country__iso3"):
        if (paragraph_id, country_id) not in out:
            objecting.setdefault(paragraph_id, []).append(code)
    return objecting


def _blocked(paragraph_ids: Sequence[int], parties: frozenset[int]) -> set[int]:
    """Paragraphs on which a participating member (not opted out) has published an objection."""
    return set(_objecting(paragraph_ids, parties))


def _live(document: Document) -> list[Paragraph]:
    return list(
        Paragraph.objects.filter(document=document, removed_at__isnull=True)
        .select_related("current")
        .order_by("position", "pk")
    )


def _respace(paragraphs: list[Paragraph]) -> None:
    for i, paragraph in enumerate(paragraphs):
        paragraph.position = (i + 1) * GAP
    Paragraph.objects.bulk_update(paragraphs, ["position"])


def _position_after(ordered: list[Paragraph], after: Paragraph | None) -> tuple[int, str | None]:
    """A position right after ``after`` (None: at the start), and the key it follows."""
    index = -1 if after is None else next(i for i, p in enumerate(ordered) if p.pk == after.pk)
    low = ordered[index].position if index >= 0 else 0
    high = ordered[index + 1].position if index + 1 < len(ordered) else low + 2 * GAP
    if high - low < 2:
        _respace(ordered)
        return _position_after(ordered, after)
    return (low + high) // 2, (ordered[index].key if index >= 0 else None)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _get_paragraph(document: Document, paragraph: Paragraph) -> Paragraph:
    current = (
        Paragraph.objects.select_related("current")
        .filter(pk=paragraph.pk, document=document)
        .first()
    )
    if current is None:
        raise NotFound(_("No paragraph %(key)s in this document.") % {"key": paragraph.key})
    return current


# Documents ----------------------------------------------------------------------------------


def _check_document_fields(
    *, symbol: str, title: str, deadline: datetime, now: datetime
) -> tuple[str, str]:
    symbol = brackets.normalise(symbol or "", where=_("the symbol"), field="symbol").strip()
    if not symbol:
        raise DomainError(
            "symbol: " + _("give the document a symbol, e.g. ACDEC/2020/1."), field="symbol"
        )
    if len(symbol) > 40 or not all(ch.isalnum() or ch in "/.-_() " for ch in symbol):
        raise DomainError(
            "symbol: " + _("use at most 40 letters, digits and / . - _ ( ), e.g. ACDEC/2020/1."),
            field="symbol",
        )
    if Document.objects.filter(symbol__iexact=symbol).exists():
        raise Conflict(
            "symbol: " + _("“%(symbol)s” is already taken.") % {"symbol": symbol}, field="symbol"
        )
    title = brackets.normalise(title or "", where=_("the title"), field="title").strip()
    if not title or len(title) > 300:
        raise DomainError("title: " + _("give a title of 1 to 300 characters."), field="title")
    if deadline <= now:
        raise DomainError("deadline: " + _("the deadline must be in the future."), field="deadline")
    return symbol, title


def _require_creator(viewer: Viewer, framework: Framework) -> None:
    _require(
        permissions.can_create_document(viewer)
        and any(m.organisation.framework_id == framework.pk for m in viewer.memberships),
        _("Only the chair and the Secretariat open a negotiation."),
    )


@transaction.atomic
def create_document(
    *,
    viewer: Viewer,
    framework: Framework,
    symbol: str,
    title: str,
    deadline: datetime,
    note: str = "",
    now: datetime,
) -> Document:
    """Open a negotiation on a new document, with no paragraphs yet.

    :raises PermissionDenied: the viewer is neither the chair nor the Secretariat.
    :raises DomainError: a field is invalid (the message names it).
    """
    _require_creator(viewer, framework)
    symbol, title = _check_document_fields(symbol=symbol, title=title, deadline=deadline, now=now)
    document = Document.objects.create(
        framework=framework,
        symbol=symbol,
        title=title,
        note=brackets.normalise(note, where=_("the note"), field="note").strip(),
        deadline=deadline,
        created_at=now,
        created_by=viewer.user,
    )
    events.document_created(document=document, actor=_actor(viewer, document), now=now)
    return document


@dataclass(frozen=True)
class ImportResult:
    document: Document
    paragraphs: int
    brackets: int
    alternatives: int
    notes: list[str]


@transaction.atomic
def import_document(
    *,
    viewer: Viewer,
    framework: Framework,
    symbol: str,
    title: str,
    deadline: datetime,
    source: bytes | str,
    source_name: str,
    note: str = "",
    now: datetime,
) -> ImportResult:
    """Open a negotiation on a plain-text draft with numbered paragraphs and square brackets.

    The text becomes the working text; the chair issues it as the zero draft (or a revision).

    :raises PermissionDenied: the viewer is neither the chair nor the Secretariat.
    :raises DomainError: the file or a field is invalid (the message names the line); nothing is
        written.
    """
    _require_creator(viewer, framework)
    symbol, title = _check_document_fields(symbol=symbol, title=title, deadline=deadline, now=now)
    raw = source.encode() if isinstance(source, str) else source
    draft = importing.parse_draft(raw, known_codes=_delegation_codes(framework.pk))
    sources = "\n".join(f"[{label}]: {url}" for label, url in draft.sources)
    document = Document.objects.create(
        framework=framework,
        symbol=symbol,
        title=title,
        note="\n\n".join(
            part
            for part in (
                brackets.normalise(note, where=_("the note"), field="note").strip(),
                sources,
            )
            if part
        ),
        deadline=deadline,
        created_at=now,
        created_by=viewer.user,
        paragraph_count=len(draft.paragraphs),
    )
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            key=f"p{i}",
            kind=item.kind,
            level=item.level,
            position=i * GAP,
            revision=1,
            status=Status.BRACKETED if item.parsed.has_brackets else Status.OPEN,
            created_at=now,
        )
        for i, item in enumerate(draft.paragraphs, start=1)
    )
    revisions = ParagraphRevision.objects.bulk_create(
        ParagraphRevision(
            paragraph=paragraph,
            number=1,
            label=item.label,
            text=item.text,
            attributions=item.attributions,
            created_at=now,
            author=viewer.user,
        )
        for paragraph, item in zip(paragraphs, draft.paragraphs, strict=True)
    )
    for paragraph, revision in zip(paragraphs, revisions, strict=True):
        paragraph.current = revision
    Paragraph.objects.bulk_update(paragraphs, ["current"])
    events.document_imported(
        document=document,
        paragraphs=[
            {**events.paragraph_state(p, r), "status": p.status}
            for p, r in zip(paragraphs, revisions, strict=True)
        ],
        source_name=source_name,
        source_sha256=hashlib.sha256(raw).hexdigest(),
        actor=_actor(viewer, document),
        now=now,
    )
    return ImportResult(
        document=document,
        paragraphs=len(paragraphs),
        brackets=sum(len(item.parsed.brackets) for item in draft.paragraphs),
        alternatives=sum(item.parsed.alternative_groups for item in draft.paragraphs),
        notes=draft.notes,
    )


# Paragraphs ---------------------------------------------------------------------------------


@transaction.atomic
def add_paragraph(
    *,
    viewer: Viewer,
    document: Document,
    kind: str,
    markup: str,
    label: str = "",
    level: int = 0,
    after: Paragraph | None = None,
    at_start: bool = False,
    now: datetime,
) -> Paragraph:
    """Add a paragraph to the working text, after ``after`` (at the end when None).

    :raises PermissionDenied: the viewer neither chairs nor is the Secretariat.
    :raises DomainError: the kind, level, label or text is invalid; brackets must balance.
    """
    document = _lock_open(document)
    _require(
        permissions.can_edit_text(viewer, document=document),
        _("Only the chair and the Secretariat keep the working text."),
    )
    if kind not in Paragraph.Kind.values:
        raise DomainError("kind: " + _("choose preambular, operative or heading."), field="kind")
    if not 0 <= level <= 3:
        raise DomainError("level: " + _("a level runs from 0 to 3."), field="level")
    label = _clean_text(label, where=_("the number"), field="label", required=False)[:32]
    where = _("the new paragraph %(label)s") % {"label": label}
    text, attributions, parsed = _read_markup(
        markup, where=where, framework_id=document.framework_id
    )
    _require_balanced(parsed, where=where)
    ordered = _live(document)
    if after is not None and not any(p.pk == after.pk for p in ordered):
        raise DomainError(
            "after: " + _("that paragraph is not in the working text."), field="after"
        )
    if after is None and not at_start and ordered:
        after = ordered[-1]
    position, after_key = _position_after(ordered, after)
    document.paragraph_count += 1
    document.save(update_fields=["paragraph_count"])
    paragraph = Paragraph.objects.create(
        document=document,
        key=f"p{document.paragraph_count}",
        kind=kind,
        level=level,
        position=position,
        revision=1,
        status=consensus.settled(
            status=Status.OPEN, has_brackets=parsed.has_brackets, blocked=False
        ),
        created_at=now,
    )
    revision = ParagraphRevision.objects.create(
        paragraph=paragraph,
        number=1,
        label=label,
        text=text,
        attributions=attributions,
        created_at=now,
        author=viewer.user,
    )
    paragraph.current = revision
    paragraph.save(update_fields=["current"])
    events.paragraph_added(
        paragraph=paragraph,
        revision=revision,
        after=after_key,
        actor=_actor(viewer, document),
        now=now,
    )
    return paragraph


@transaction.atomic
def edit_paragraph(
    *,
    viewer: Viewer,
    paragraph: Paragraph,
    markup: str,
    expected_revision: int | None,
    label: str | None = None,
    now: datetime,
) -> ParagraphRevision:
    """Write a new revision of a paragraph of the working text (``[x]{VNM}`` attributes).

    :raises PreconditionRequired: no ``expected_revision`` (the client's ``If-Match``).
    :raises StaleText: someone wrote the paragraph since ``expected_revision``.
    :raises PermissionDenied: the viewer neither chairs nor is the Secretariat.
    :raises Conflict: the paragraph is agreed (reopen it first) or was removed.
    :raises DomainError: the text is invalid or would unbalance the brackets.
    """
    document = _lock_open(paragraph.document)
    _require(
        permissions.can_edit_text(viewer, document=document),
        _("Only the chair and the Secretariat keep the working text."),
    )
    if expected_revision is None:
        raise PreconditionRequired(
            _("Say which revision your change is based on (If-Match: the ETag you read)."),
            field="revision",
        )
    paragraph = _get_paragraph(document, paragraph)
    old = paragraph.current
    assert old is not None  # noqa: S101 (every paragraph is created with its first revision)
    where = _where(paragraph)
    if paragraph.removed_at is not None:
        raise Conflict(_("%(where)s was removed from the text.") % {"where": where})
    if paragraph.status in consensus.DECLARED:
        raise Conflict(
            _("%(where)s is agreed; the chair reopens it before its text can change.")
            % {"where": where}
        )
    label = (
        old.label
        if label is None
        else _clean_text(label, where=where, field="label", required=False)[:32]
    )
    text, attributions, parsed = _read_markup(
        markup, where=where, framework_id=document.framework_id
    )
    old_parsed = brackets.parse(old.text)
    if brackets.balance(parsed) != brackets.balance(old_parsed):
        raise DomainError(
            "text: "
            + _("%(where)s: the brackets no longer balance as before: %(problem)s.")
            % {"where": where, "problem": _describe_balance(parsed) or _("a bracket was closed")},
            field="text",
        )
    if expected_revision != paragraph.revision:
        raise _stale(paragraph, where)
    if text == old.text and label == old.label and attributions == old.attributions:
        return old
    # The conditional UPDATE is the guard against lost updates: of two writers based on the
    # same revision, exactly one moves it on.
    moved = Paragraph.objects.filter(pk=paragraph.pk, revision=expected_revision).update(
        revision=expected_revision + 1
    )
    if not moved:
        raise _stale(Paragraph.objects.get(pk=paragraph.pk), where)
    revision = ParagraphRevision.objects.create(
        paragraph=paragraph,
        number=expected_revision + 1,
        label=label,
        text=text,
        attributions=attributions,
        created_at=now,
        author=viewer.user,
    )
    blocked = bool(_blocked([paragraph.pk], _parties(document, on=viewer.on)))
    paragraph.current = revision
    paragraph.revision = revision.number
    paragraph.status = consensus.settled(
        status=Status.OPEN, has_brackets=parsed.has_brackets, blocked=blocked
    )
    paragraph.save(update_fields=["current", "status"])
    paragraph.document = document
    events.paragraph_edited(
        paragraph=paragraph, revision=revision, actor=_actor(viewer, document), now=now
    )
    return revision


def _stale(paragraph: Paragraph, where: str) -> StaleText:
    return StaleText(
        _("%(where)s was changed by someone else (now revision %(revision)s); read it again.")
        % {"where": where, "revision": paragraph.revision},
        current_revision=paragraph.revision,
        field="revision",
    )


# Status and consensus -----------------------------------------------------------------------


@transaction.atomic
def declare_status(
    *,
    viewer: Viewer,
    paragraph: Paragraph,
    status: str,
    deadline: datetime | None = None,
    awaiting: Sequence[Organisation] = (),
    now: datetime,
) -> Paragraph:
    """The chair declares a paragraph agreed, agreed ad referendum, or reopens it (OPEN).

    :raises PermissionDenied: the viewer is not the chair.
    :raises Conflict: brackets remain, a participating member objects, or capitals have not
        all confirmed.
    :raises DomainError: the status, deadline or awaited delegations are invalid.
    """
    document = _lock_open(paragraph.document)
    _require(
        permissions.can_declare(viewer, document=document),
        _("Only the chair declares consensus."),
    )
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    if paragraph.removed_at is not None:
        raise Conflict(_("%(where)s was removed from the text.") % {"where": where})
    if status not in (Status.AGREED, Status.AD_REFERENDUM, Status.OPEN):
        raise DomainError(
            "status: " + _("declare AGREED, AD_REFERENDUM, or OPEN to reopen."), field="status"
        )
    assert paragraph.current is not None  # noqa: S101 (created with its first revision)
    parsed = brackets.parse(paragraph.current.text)
    parties = _parties(document, on=viewer.on)
    objecting = _objecting([paragraph.pk], parties).get(paragraph.pk, [])
    pending = 0
    if status == Status.AGREED and paragraph.status == Status.AD_REFERENDUM:
        pending = Confirmation.objects.filter(
            paragraph=paragraph, round=paragraph.ad_referendum_round, answered_at__isnull=True
        ).count()
    reason = consensus.may_declare(
        target=status,
        has_brackets=parsed.has_brackets,
        blocked=bool(objecting),
        pending_confirmations=pending,
    )
    if reason:
        detail = f" ({', '.join(sorted(objecting))})" if objecting else ""
        raise Conflict(
            _("%(where)s cannot be declared %(status)s: %(reason)s%(detail)s.")
            % {
                "where": where,
                "status": Status(status).label,
                "reason": reason,
                "detail": detail,
            },
            field="status",
        )
    awaited: list[Organisation] = []
    if status == Status.AD_REFERENDUM:
        if deadline is None or deadline <= now:
            raise DomainError(
                "deadline: " + _("give the capitals a deadline in the future."), field="deadline"
            )
        awaited = list(awaiting)
        if not awaited:
            raise DomainError(
                "awaiting: " + _("name the delegations whose capitals must confirm."),
                field="awaiting",
            )
        for delegation in awaited:
            if (
                delegation.kind != Organisation.Kind.DELEGATION
                or delegation.country_id not in parties
            ):
                raise DomainError(
                    "awaiting: "
                    + _("%(name)s is not a participating member's delegation.")
                    % {"name": delegation.name},
                    field="awaiting",
                )
        paragraph.ad_referendum_round += 1
        paragraph.ad_referendum_deadline = deadline
        paragraph.status = Status.AD_REFERENDUM
        Confirmation.objects.bulk_create(
            Confirmation(
                paragraph=paragraph,
                round=paragraph.ad_referendum_round,
                delegation=delegation,
                requested_at=now,
            )
            for delegation in awaited
        )
    elif status == Status.AGREED:
        paragraph.status = Status.AGREED
        paragraph.ad_referendum_deadline = None
    else:
        paragraph.status = consensus.settled(
            status=Status.OPEN, has_brackets=parsed.has_brackets, blocked=bool(objecting)
        )
        paragraph.ad_referendum_deadline = None
    paragraph.save(update_fields=["status", "ad_referendum_deadline", "ad_referendum_round"])
    paragraph.document = document
    events.status_declared(
        paragraph=paragraph, awaiting=awaited, actor=_actor(viewer, document), now=now
    )
    return paragraph


@transaction.atomic
def answer_ad_referendum(
    *, viewer: Viewer, paragraph: Paragraph, confirm: bool, note: str = "", now: datetime
) -> Confirmation:
    """A capital confirms (or cannot confirm) a paragraph agreed ad referendum.

    Not confirming reopens the paragraph: it is bracketed again.

    :raises PermissionDenied: the viewer is not the head of an awaited delegation.
    :raises Conflict: the paragraph is not awaiting confirmation, or this capital answered.
    """
    document = _lock(paragraph.document)
    paragraph = _get_paragraph(document, paragraph)
    where = _where(paragraph)
    if paragraph.status != Status.AD_REFERENDUM:
        raise Conflict(_("%(where)s is not awaiting confirmation by capitals.") % {"where": where})
    confirmation = (
        Confirmation.objects.select_related("delegation__country")
        .filter(
            paragraph=paragraph,
            round=paragraph.ad_referendum_round,
            delegation__in=[m.organisation_id for m in viewer.memberships],
        )
        .first()
    )
    _require(
        confirmation is not None and permissions.can_answer(viewer, confirmation=confirmation),
        _("Only the head of an awaited delegation answers for its capital."),
    )
    assert confirmation is not None  # noqa: S101 (checked just above)
    note = brackets.normalise(note, where=where, field="note").strip()
    # A database guard for a once-only action: of two answers sent at once, one lands.
    answered = Confirmation.objects.filter(pk=confirmation.pk, answered_at__isnull=True).update(
        answered_at=now, confirmed=confirm, note=note
    )
    if not answered:
        raise Conflict(_("Your capital has already answered for %(where)s.") % {"where": where})
    confirmation.refresh_from_db()
    if not confirm:
        paragraph.status = Status.BRACKETED
        paragraph.ad_referendum_deadline = None
        paragraph.save(update_fields=["status", "ad_referendum_deadline"])
    paragraph.document = document
    events.ad_referendum_answered(
        confirmation=confirmation, paragraph=paragraph, actor=_actor(viewer, document), now=now
    )
    return confirmation


# Positions ----------------------------------------------------------------------------------


def _subject(paragraph: Paragraph | None, amendment: Amendment | None) -> str:
    if paragraph is not None:
        return f"paragraph:{paragraph.key}"
    assert amendment is not None  # noqa: S101 (one of the two is given)
    return f"amendment:{amendment.reference}"


def _settle_after_position(
    document: Document, paragraph: Paragraph | None, *, on: Any
) -> str | None:
    if paragraph is None:
        return None
    assert paragraph.current is not None  # noqa: S101 (created with its first revision)
    blocked = bool(_blocked([paragraph.pk], _parties(document, on=on)))
    status = consensus.settled(
        status=paragraph.status,
        has_brackets=brackets.parse(paragraph.current.text).has_brackets,
        blocked=blocked,
    )
    if status != paragraph.status:
        paragraph.status = status
        paragraph.ad_referendum_deadline = (
            paragraph.ad_referendum_deadline if status == Status.AD_REFERENDUM else None
        )
        paragraph.save(update_fields=["status", "ad_referendum_deadline"])
    return paragraph.status


@transaction.atomic
def state_position(
    *,
    viewer: Viewer,
    stance: str,
    paragraph: Paragraph | None = None,
    amendment: Amendment | None = None,
    reason: str = "",
    publish: bool = True,
    now: datetime,
) -> Position:
    """State the viewer's delegation's position on a paragraph or a tabled amendment.

    An unpublished position is the delegation's own note; a published objection by a
    participating member brackets the paragraph (and undoes an agreement on it).

    :raises PermissionDenied: the viewer speaks for no delegation or observer organisation.
    :raises DomainError: the stance is unknown or the subject cannot take positions.
    """
    if (paragraph is None) == (amendment is None):
        raise DomainError(_("State a position on one paragraph or one amendment."))
    subject_document = paragraph.document if paragraph is not None else amendment.document  # type: ignore[union-attr]
    document = _lock_open(subject_document)
    _require(
        permissions.can_state_position(viewer, document=document),
        _("Positions are stated for a delegation (or an observer organisation)."),
    )
    holder = permissions.position_holder_of(viewer, framework_id=document.framework_id)
    assert holder is not None  # noqa: S101 (can_state_position checked it)
    if stance not in Position.Stance.values:
        raise DomainError(
            "stance: " + _("choose support, can accept, reservation or object."), field="stance"
        )
    reason = _clean_text(reason, where=_("the reason"), field="reason", required=False)
    if paragraph is not None:
        paragraph = _get_paragraph(document, paragraph)
        if paragraph.removed_at is not None:
            raise Conflict(_("%(where)s was removed from the text.") % {"where": _where(paragraph)})
        on_revision = paragraph.revision
    else:
        assert amendment is not None  # noqa: S101 (one of the two is given)
        amendment = Amendment.objects.select_related("paragraph").get(pk=amendment.pk)
        if amendment.status != Amendment.Status.SUBMITTED:
            raise Conflict(_("Positions are stated on tabled amendments only."))
        on_revision = amendment.revision
    lookup: dict[str, Any] = {
        "paragraph": paragraph,
        "amendment": amendment,
        "organisation": holder,
        "published": publish,
    }
    position, _created = Position.objects.update_or_create(
        **lookup,
        defaults={
            "document": document,
            "stance": stance,
            "reason": reason,
            "on_revision": on_revision,
            "stated_at": now,
            "stated_by": viewer.user,
        },
    )
    if publish:
        # Publishing supersedes the delegation's private note on the same subject.
        Position.objects.filter(
            paragraph=paragraph, amendment=amendment, organisation=holder, published=False
        ).delete()
    status = _settle_after_position(document, paragraph, on=viewer.on) if publish else None
    position.document = document
    events.position_recorded(
        position=position,
        subject=_subject(paragraph, amendment),
        status=status,
        actor=_actor(viewer, document),
        now=now,
    )
    return position


@transaction.atomic
def publish_position(*, viewer: Viewer, position: Position, now: datetime) -> Position:
    """Publish the delegation's private position, replacing its published one.

    :raises PermissionDenied: the position is not the viewer's delegation's.
    :raises Conflict: it is already published.
    """
    document = _lock_open(position.document)
    position = Position.objects.select_related("paragraph__current", "amendment").get(
        pk=position.pk
    )
    _require(
        permissions.owns(
            viewer, organisation_id=position.organisation_id, framework_id=document.framework_id
        ),
        _("Only its own delegation publishes a position."),
    )
    if position.published:
        raise Conflict(_("This position is already published."))
    Position.objects.filter(
        paragraph=position.paragraph,
        amendment=position.amendment,
        organisation_id=position.organisation_id,
        published=True,
    ).delete()
    position.published = True
    position.stated_at = now
    position.save(update_fields=["published", "stated_at"])
    status = _settle_after_position(document, position.paragraph, on=viewer.on)
    position.document = document
    events.position_recorded(
        position=position,
        subject=_subject(position.paragraph, position.amendment),
        status=status,
        actor=_actor(viewer, document),
        now=now,
    )
    return position


# Amendments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Proposal:
    kind: str
    whole_paragraph: bool
    start: int
    end: int
    target: str
    text: str
    diff: list


def _check_proposal(
    *,
    base_text: str,
    where: str,
    kind: str,
    target: str,
    occurrence: int,
    text: str,
    whole_paragraph: bool,
) -> _Proposal:
    if kind not in Amendment.Kind.values:
        raise DomainError(
            "kind: " + _("choose insert, delete, replace or alternative."), field="kind"
        )
    needs_text = kind != Amendment.Kind.DELETE
    text = _clean_text(text, where=_("the proposed text"), field="text", required=needs_text)
    # The brackets an amendment brings in are held by its sponsors: holders written in the
    # text ({VNM}) are not kept.
    text = brackets.parse_markup(text)[0] if needs_text else ""
    _require_balanced(brackets.parse(text), where=_("the proposed text"))
    if whole_paragraph:
        target = "" if kind == Amendment.Kind.INSERT else base_text
        start, end = (
            (len(base_text), len(base_text))
            if kind == Amendment.Kind.INSERT
            else (
                0,
                len(base_text),
            )
        )
    else:
        target = brackets.normalise(target or "", where=_("the existing words"), field="target")
        if not target.strip():
            raise DomainError(
                "target: " + _("quote the existing words the amendment acts on."), field="target"
            )
        if occurrence < 1:
            raise DomainError("occurrence: " + _("count occurrences from 1."), field="occurrence")
        span = merging.locate(text=base_text, target=target, occurrence=occurrence)
        if span is None:
            count = base_text.count(target)
            raise DomainError(
                "target: "
                + (
                    _("“%(target)s” does not occur in %(where)s.")
                    if count == 0
                    else ngettext(
                        "“%(target)s” occurs only %(count)s time in %(where)s.",
                        "“%(target)s” occurs only %(count)s times in %(where)s.",
                        count,
                    )
                )
                % {"target": target, "where": where, "count": count},
                field="target",
            )
        start, end = span
    change = merging.Change(
        "",
        0,
        kind,
        whole_paragraph,
        *merging.span_for(
            kind=kind, whole_paragraph=whole_paragraph, text=base_text, start=start, end=end
        ),
        text,
    )
    if whole_paragraph and kind == Amendment.Kind.INSERT:
        result = text
        segments: list = [("insert", text)]
    elif whole_paragraph and kind == Amendment.Kind.DELETE:
        result = ""
        segments = [("delete", base_text)]
    else:
        result = merging.apply(base_text, change)
        if brackets.balance(brackets.parse(result)) != brackets.balance(brackets.parse(base_text)):
            raise DomainError(
                "target: "
                + _("the change would split a bracket of %(where)s; quote whole bracketed words.")
                % {"where": where},
                field="target",
            )
        segments = diff.compact(diff.word_diff(base_text, result))
    return _Proposal(kind, whole_paragraph, start, end, target, text, [list(s) for s in segments])


def _base_of(document: Document, paragraph: Paragraph) -> tuple[DocumentVersion, ParagraphRevision]:
    version = document.current_version
    if version is None:
        raise Conflict(
            _("Amendments are made to an issued version; the chair has not issued one yet.")
        )
    entry = (
        VersionParagraph.objects.select_related("revision")
        .filter(version=version, paragraph=paragraph)
        .first()
    )
    if entry is None:
        raise DomainError(
            "paragraph: "
            + _("paragraph %(key)s is not in %(version)s.")
            % {"key": paragraph.key, "version": version.label},
            field="paragraph",
        )
    return version, entry.revision


def _require_amending_delegation(viewer: Viewer, document: Document) -> Organisation:
    parties = _parties(document, on=viewer.on)
    _require(
        permissions.can_amend(viewer, document=document, party_country_ids=parties),
        _("Amendments are tabled by the delegations of participating members."),
    )
    delegation = permissions.delegation_of(viewer, framework_id=document.framework_id)
    assert delegation is not None  # noqa: S101 (can_amend checked it)
    return delegation


def _table(amendment: Amendment, document: Document, now: datetime) -> None:
    document.amendment_count += 1
    document.save(update_fields=["amendment_count"])
    amendment.number = document.amendment_count
    amendment.status = Amendment.Status.SUBMITTED
    amendment.submitted_at = now


@transaction.atomic
def propose_amendment(
    *,
    viewer: Viewer,
    paragraph: Paragraph,
    kind: str,
    text: str = "",
    target: str = "",
    occurrence: int = 1,
    whole_paragraph: bool = False,
    submit: bool = True,
    now: datetime,
) -> Amendment:
    """Propose an amendment to one paragraph of the current version, tabled or as a private draft.

    :raises PermissionDenied: the viewer does not act for a participating member's delegation.
    :raises Conflict: no version has been issued yet.
    :raises DomainError: a field is invalid (the message names it); nothing is written.
    """
    document = _lock_open(paragraph.document)
    delegation = _require_amending_delegation(viewer, document)
    paragraph = _get_paragraph(document, paragraph)
    version, base = _base_of(document, paragraph)
    where = _("paragraph %(label)s of %(version)s") % {
        "label": base.label or paragraph.key,
        "version": version.label,
    }
    proposal = _check_proposal(
        base_text=base.text,
        where=where,
        kind=kind,
        target=target,
        occurrence=occurrence,
        text=text,
        whole_paragraph=whole_paragraph,
    )
    amendment = Amendment(
        document=document,
        paragraph=paragraph,
        base_revision=base,
        base_version=version,
        kind=proposal.kind,
        whole_paragraph=proposal.whole_paragraph,
        start=proposal.start,
        end=proposal.end,
        target=proposal.target,
        text=proposal.text,
        diff=proposal.diff,
        delegation=delegation,
        author=viewer.user,
        status=Amendment.Status.DRAFT,
        created_at=now,
    )
    if submit:
        _table(amendment, document, now)
    amendment.save()
    actor = _actor(viewer, document)
    if submit:
        events.amendment_tabled(amendment=amendment, actor=actor, now=now)
    else:
        events.amendment_draft_saved(amendment=amendment, actor=actor, now=now)
    return amendment


def _own_amendment(viewer: Viewer, amendment: Amendment) -> tuple[Document, Amendment]:
    document = _lock_open(amendment.document)
    amendment = Amendment.objects.select_related(
        "paragraph", "base_revision", "base_version", "delegation__country"
    ).get(pk=amendment.pk)
    if not permissions.can_see_amendment(
        viewer, amendment=amendment, framework_id=document.framework_id
    ):
        raise NotFound(_("No such amendment."))
    return document, amendment


@transaction.atomic
def edit_amendment(
    *,
    viewer: Viewer,
    amendment: Amendment,
    kind: str,
    text: str = "",
    target: str = "",
    occurrence: int = 1,
    whole_paragraph: bool = False,
    expected_revision: int | None,
    now: datetime,
) -> Amendment:
    """Change a private draft amendment (tabled amendments are withdrawn and proposed anew).

    :raises PreconditionRequired: no ``expected_revision``.
    :raises StaleText: a colleague changed the draft since ``expected_revision``.
    :raises PermissionDenied: the draft is not the viewer's delegation's, or is tabled.
    """
    document, amendment = _own_amendment(viewer, amendment)
    _require(
        permissions.can_edit_amendment(
            viewer, amendment=amendment, framework_id=document.framework_id
        ),
        _("Only a private draft is changed, by its own delegation."),
    )
    if expected_revision is None:
        raise PreconditionRequired(
            _("Say which revision your change is based on (If-Match: the ETag you read)."),
            field="revision",
        )
    if expected_revision != amendment.revision:
        raise StaleText(
            _("This draft was changed by a colleague (now revision %(revision)s); read it again.")
            % {"revision": amendment.revision},
            current_revision=amendment.revision,
            field="revision",
        )
    where = _("paragraph %(label)s") % {
        "label": amendment.base_revision.label or amendment.paragraph.key
    }
    proposal = _check_proposal(
        base_text=amendment.base_revision.text,
        where=where,
        kind=kind,
        target=target,
        occurrence=occurrence,
        text=text,
        whole_paragraph=whole_paragraph,
    )
    moved = Amendment.objects.filter(pk=amendment.pk, revision=expected_revision).update(
        revision=expected_revision + 1,
        kind=proposal.kind,
        whole_paragraph=proposal.whole_paragraph,
        start=proposal.start,
        end=proposal.end,
        target=proposal.target,
        text=proposal.text,
        diff=proposal.diff,
    )
    if not moved:
        raise StaleText(
            _("This draft was changed by a colleague; read it again."),
            current_revision=Amendment.objects.get(pk=amendment.pk).revision,
            field="revision",
        )
    amendment.refresh_from_db()
    events.amendment_draft_saved(amendment=amendment, actor=_actor(viewer, document), now=now)
    return amendment


@transaction.atomic
def submit_amendment(*, viewer: Viewer, amendment: Amendment, now: datetime) -> Amendment:
    """Table a private draft: it gets its number and everyone sees it.

    :raises PermissionDenied: the draft is not the viewer's delegation's.
    :raises Conflict: it is not a draft.
    """
    document, amendment = _own_amendment(viewer, amendment)
    _require_amending_delegation(viewer, document)
    _require(
        permissions.can_edit_amendment(
            viewer, amendment=amendment, framework_id=document.framework_id
        ),
        _("Only its own delegation tables a private draft."),
    )
    _table(amendment, document, now)
    amendment.save(update_fields=["number", "status", "submitted_at"])
    events.amendment_tabled(amendment=amendment, actor=_actor(viewer, document), now=now)
    return amendment


@transaction.atomic
def withdraw_amendment(*, viewer: Viewer, amendment: Amendment, now: datetime) -> Amendment:
    """Withdraw a tabled amendment, or drop a private draft.

    :raises PermissionDenied: it is not the viewer's delegation's, or it is merged already.
    """
    document, amendment = _own_amendment(viewer, amendment)
    _require(
        permissions.can_withdraw_amendment(
            viewer, amendment=amendment, framework_id=document.framework_id
        ),
        _("Only its own delegation withdraws an amendment that is not yet merged."),
    )
    amendment.status = Amendment.Status.WITHDRAWN
    amendment.save(update_fields=["status"])
    events.amendment_withdrawn(amendment=amendment, actor=_actor(viewer, document), now=now)
    return amendment


@transaction.atomic
def cosponsor_amendment(
    *, viewer: Viewer, amendment: Amendment, join: bool = True, now: datetime
) -> Amendment:
    """Join (or leave) a tabled amendment as a co-sponsor for the viewer's delegation.

    :raises PermissionDenied: the viewer does not act for a participating member's delegation.
    :raises Conflict: the amendment is not tabled, is the delegation's own, or the delegation
        already co-sponsors it (or, leaving, does not).
    """
    document, amendment = _own_amendment(viewer, amendment)
    delegation = _require_amending_delegation(viewer, document)
    if amendment.status != Amendment.Status.SUBMITTED:
        raise Conflict(_("Only a tabled amendment takes co-sponsors."))
    if amendment.delegation_id == delegation.pk:
        raise Conflict(_("Your delegation proposed this amendment."))
    if join:
        try:
            with transaction.atomic():
                AmendmentSponsor.objects.create(
                    amendment=amendment, delegation=delegation, joined_at=now
                )
        except IntegrityError as error:
            raise Conflict(_("Your delegation already co-sponsors this amendment.")) from error
    else:
        deleted, _rows = AmendmentSponsor.objects.filter(
            amendment=amendment, delegation=delegation
        ).delete()
        if not deleted:
            raise Conflict(_("Your delegation does not co-sponsor this amendment."))
    events.amendment_sponsorship(
        amendment=amendment,
        delegation=delegation,
        joined=join,
        actor=_actor(viewer, document),
        now=now,
    )
    return amendment


@transaction.atomic
def recommend_amendment(
    *, viewer: Viewer, amendment: Amendment, recommendation: str, note: str = "", now: datetime
) -> Amendment:
    """Record the chair's recommendation on a tabled amendment.

    :raises PermissionDenied: the viewer is not the chair.
    :raises Conflict: the amendment is not tabled.
    :raises DomainError: the recommendation is unknown.
    """
    document, amendment = _own_amendment(viewer, amendment)
    _require(
        permissions.can_recommend(viewer, document=document),
        _("Only the chair recommends on amendments."),
    )
    if amendment.status != Amendment.Status.SUBMITTED:
        raise Conflict(_("Only a tabled amendment takes a recommendation."))
    if recommendation not in Amendment.Recommendation.values:
        raise DomainError(
            "recommendation: " + _("choose accept, do not retain, or no recommendation."),
            field="recommendation",
        )
    amendment.recommendation = recommendation
    amendment.recommendation_note = _clean_text(
        note, where=_("the note"), field="note", required=False
    )
    amendment.recommended_at = now
    amendment.save(update_fields=["recommendation", "recommendation_note", "recommended_at"])
    events.amendment_recommended(amendment=amendment, actor=_actor(viewer, document), now=now)
    return amendment


# Revisions ----------------------------------------------------------------------------------


def _bis_label(label: str, taken: set[str]) -> str:
    """The label of a paragraph inserted after ``label``: 3. → 3bis., then 3ter. …"""
    if not label:
        return ""
    stem, dot = (label[:-1], ".") if label.endswith(".") else (label, "")
    for suffix in ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies"):
        candidate = f"{stem}{suffix}{dot}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    return label + "+"


@transaction.atomic
def issue_revision(
    *, viewer: Viewer, document: Document, note: str = "", now: datetime
) -> DocumentVersion:
    """Issue the next version — the zero draft first, then Rev.1, Rev.2 … — from the working
    text with every amendment the chair accepted merged in.

    :raises PermissionDenied: the viewer is not the chair.
    :raises MergeConflict: accepted amendments conflict with each other or with the text;
        nothing is written.
    :raises DomainError: the text has no paragraphs.
    """
    document = _lock_open(document)
    _require(
        permissions.can_issue_revision(viewer, document=document),
        _("Only the chair issues revisions."),
    )
    note = _clean_text(note, where=_("the note"), field="note", required=False)
    ordered = _live(document)
    if not ordered:
        raise DomainError(_("The text has no paragraphs yet: add or import them first."))
    plan = selectors.plan_merge(document=document, paragraphs=ordered)
    if plan.conflicts:
        raise MergeConflict(
            _(
                "The accepted amendments cannot all be merged: %(list)s Change the recommendation "
                "on one of each pair, or edit the text, and issue again."
            )
            % {"list": " ".join(plan.conflicts)},
            conflicts=plan.conflicts,
        )
    by_id = {p.pk: p for p in ordered}
    text_changes: dict[int, list[merging.Change]] = {}
    removed_ids: set[int] = set()
    additions: dict[int, list[merging.Change]] = {}
    for change in plan.changes:
        if change.removes_paragraph:
            removed_ids.add(change.paragraph_id)
        elif change.adds_paragraph:
            additions.setdefault(change.paragraph_id, []).append(change)
        else:
            text_changes.setdefault(change.paragraph_id, []).append(change)

    parties = _parties(document, on=viewer.on)
    blocked = _blocked(list(text_changes), parties)
    new_revisions: list[ParagraphRevision] = []
    changed: list[Paragraph] = []
    for paragraph_id, changes in text_changes.items():
        paragraph = by_id[paragraph_id]
        current = paragraph.current
        assert current is not None  # noqa: S101 (created with its first revision)
        text, attributions = merging.merge(current.text, current.attributions, changes)
        revision = ParagraphRevision(
            paragraph=paragraph,
            number=paragraph.revision + 1,
            label=current.label,
            text=text,
            attributions=attributions,
            created_at=now,
            author=viewer.user,
        )
        new_revisions.append(revision)
        paragraph.current = revision
        paragraph.revision = revision.number
        paragraph.status = consensus.settled(
            status=Status.OPEN,
            has_brackets=brackets.parse(text).has_brackets,
            blocked=paragraph_id in blocked,
        )
        paragraph.ad_referendum_deadline = None
        changed.append(paragraph)
    ParagraphRevision.objects.bulk_create(new_revisions)
    for paragraph, revision in zip(changed, new_revisions, strict=True):
        paragraph.current = revision  # now saved: sets the id and keeps the instance
    removed = [by_id[pk] for pk in removed_ids]
    for paragraph in removed:
        paragraph.removed_at = now
    # One statement run for each row: bulk_update's CASE expressions cost more than the whole
    # rest of a revision of 300 paragraphs (docs/performance.md).
    with connection.cursor() as cursor:
        table = Paragraph._meta.db_table
        cursor.executemany(
            f"UPDATE {table} SET current_id = %s, revision = %s, status = %s, "  # noqa: S608 (the model's own table name)
            "ad_referendum_deadline = NULL WHERE id = %s",
            [(p.current_id, p.revision, p.status, p.pk) for p in changed],
        )
    Paragraph.objects.filter(pk__in=removed_ids).update(removed_at=now)

    live = [p for p in ordered if p.pk not in removed_ids]
    added_states: list[dict[str, Any]] = []
    taken = {p.current.label for p in ordered if p.current}
    for paragraph_id, inserts in additions.items():
        anchor = by_id[paragraph_id]
        after: Paragraph | None = anchor
        if paragraph_id in removed_ids:
            # The anchor went; new paragraphs take its place after its predecessor.
            before = [p for p in live if p.position < anchor.position]
            after = before[-1] if before else None
        for change in inserts:
            position, after_key = _position_after(live, after)
            document.paragraph_count += 1
            parsed = brackets.parse(change.text)
            paragraph = Paragraph.objects.create(
                document=document,
                key=f"p{document.paragraph_count}",
                kind=anchor.kind,
                level=anchor.level,
                position=position,
                revision=1,
                status=consensus.settled(
                    status=Status.OPEN, has_brackets=parsed.has_brackets, blocked=False
                ),
                created_at=now,
            )
            revision = ParagraphRevision.objects.create(
                paragraph=paragraph,
                number=1,
                label=_bis_label(anchor.current.label if anchor.current else "", taken),
                text=change.text,
                # The sponsors hold every bracket of the paragraph they brought in.
                attributions={
                    str(b.index): list(change.sponsors) for b in parsed.brackets if b.closed
                },
                created_at=now,
                author=viewer.user,
            )
            paragraph.current = revision
            paragraph.save(update_fields=["current"])
            at = next(i for i, p in enumerate(live) if p.pk == after.pk) + 1 if after else 0
            live.insert(at, paragraph)
            after = paragraph  # the next insertion after the same paragraph follows this one
            added_states.append(
                {
                    **events.paragraph_state(paragraph, revision),
                    "after": after_key,
                    "status": paragraph.status,
                    "revision": 1,
                }
            )
    document.save(update_fields=["paragraph_count"])

    number = document.current_version.number + 1 if document.current_version else 0
    states = [events.paragraph_state(p, p.current) for p in live]  # type: ignore[arg-type]
    content = events.version_content(symbol=document.symbol, number=number, paragraphs=states)
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        issued_at=now,
        issued_by=viewer.user,
        note=note,
        content_sha256=events.sha256(content),
    )
    VersionParagraph.objects.bulk_create(
        VersionParagraph(version=version, paragraph=p, revision=p.current, position=i)
        for i, p in enumerate(live)
    )
    Amendment.objects.filter(pk__in=[a.pk for a in plan.amendments]).update(
        status=Amendment.Status.MERGED, merged_into=version
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    events.version_issued(
        version=version,
        merged=[a.reference for a in plan.amendments],
        changed=[
            {
                **events.paragraph_state(p, p.current),  # type: ignore[arg-type]
                "status": p.status,
                "revision": p.revision,
            }
            for p in changed
        ],
        added=added_states,
        removed=[p.key for p in removed],
        order=[p.key for p in live],
        actor=_actor(viewer, document),
        now=now,
    )
    return version


def delegations(*, framework: Framework, codes: Sequence[str]) -> list[Organisation]:
    """The delegations named by ISO alpha-3 codes.

    :raises DomainError: a code names no delegation of the framework.
    """
    wanted = [code.strip().upper() for code in codes if code.strip()]
    found = {
        o.country.iso3 if o.country else "": o
        for o in Organisation.objects.filter(
            framework=framework, kind=Organisation.Kind.DELEGATION, country__iso3__in=wanted
        ).select_related("country")
    }
    missing = [code for code in wanted if code not in found]
    if missing:
        raise DomainError(
            "awaiting: "
            + ngettext(
                "no delegation with the code %(codes)s.",
                "no delegation with the codes %(codes)s.",
                len(missing),
            )
            % {"codes": ", ".join(missing)},
            field="awaiting",
        )
    return [found[code] for code in wanted]
