"""Reads of the negotiation. Each selector owns its query cost and checks permission as it
fetches, so no caller can forget: a private draft or an unpublished position of another
delegation is "not found", never shown."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadec.core.errors import NotFound, PermissionDenied
from cadec.members import selectors as member_selectors
from cadec.members.models import Organisation
from cadec.members.permissions import Viewer, is_secretariat
from cadec.negotiation import brackets, consensus, diff, merging, permissions
from cadec.negotiation.models import (
    Adoption,
    Amendment,
    AmendmentSponsor,
    Confirmation,
    Document,
    DocumentVersion,
    Endorsement,
    Event,
    Paragraph,
    ParagraphRevision,
    Position,
    SilenceProcedure,
    VersionParagraph,
    version_label,
)
from cadec.negotiation.models import Participation as ParticipationRecord

VIEWS = ("clean", "bracketed", "compilation")
DRAFT = "draft"


# Documents ----------------------------------------------------------------------------------


def documents(*, viewer: Viewer) -> QuerySet[Document]:
    """The documents the viewer may read, newest first."""
    if not viewer.is_authenticated:
        return Document.objects.none()
    frameworks = {m.organisation.framework_id for m in viewer.memberships}
    qs = Document.objects.select_related("current_version", "framework").order_by(
        "-created_at", "-pk"
    )
    return qs if viewer.is_superuser else qs.filter(framework_id__in=frameworks)


def get_document(*, viewer: Viewer, document_id: int) -> Document:
    """Fetch a document the viewer may read.

    :raises NotFound: no such document, or not one the viewer may read.
    """
    document = (
        Document.objects.select_related("current_version", "framework")
        .filter(pk=document_id)
        .first()
    )
    if document is None or not permissions.can_view_document(viewer, document=document):
        raise NotFound(_("No document with id %(id)s.") % {"id": document_id}, field="document_id")
    return document


def can_see_working_text(viewer: Viewer, *, document: Document) -> bool:
    """The working text between revisions is the chair's and the Secretariat's desk."""
    return permissions.chairs(viewer, document=document) or (
        is_secretariat(viewer) and permissions.can_view_document(viewer, document=document)
    )


def versions(*, document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("issued_by").order_by("number"))


def get_version(*, document: Document, number: int) -> DocumentVersion:
    version = document.versions.filter(number=number).first()
    if version is None:
        raise NotFound(
            _("%(symbol)s has no version %(number)s.")
            % {"symbol": document.symbol, "number": number},
            field="version",
        )
    return version


def resolve_version(
    *, viewer: Viewer, document: Document, wanted: str | None
) -> DocumentVersion | None:
    """The version a page asks for: a number, ``draft`` (the working text) or the current one.

    Returns None for the working text.

    :raises NotFound: no such version, or the working text for someone who may not see it.
    """
    if wanted in (None, ""):
        if document.current_version is not None:
            return document.current_version
        wanted = DRAFT
    if wanted == DRAFT:
        if not can_see_working_text(viewer, document=document):
            raise NotFound(
                _(
                    "The working text is seen by the chair and the Secretariat; "
                    "no version has been issued yet."
                )
                if document.current_version is None
                else _("The working text is seen by the chair and the Secretariat."),
                field="version",
            )
        return None
    assert wanted is not None  # noqa: S101 (handled above)
    if not wanted.isdigit():
        raise NotFound(_("version: give a version number or “draft”."), field="version")
    return get_version(document=document, number=int(wanted))


# Texts --------------------------------------------------------------------------------------


@dataclass
class Line:
    """A tabled amendment as the compilation lists it (read without building models)."""

    pk: int
    reference: str
    paragraph_id: int
    kind: str
    whole_paragraph: bool
    delegation: str
    sponsors: list[str]
    diff: list
    recommendation: str
    conflicts_with: list[str] = field(default_factory=list)
    text_changed: bool = False

    @property
    def diff_html(self) -> SafeString:
        return diff.render_html(self.diff)


@dataclass
class Entry:
    """One paragraph of a text as shown: from a version or from the working text."""

    paragraph_id: int
    key: str
    kind: str
    level: int
    label: str
    text: str
    attributions: dict[str, list[str]]
    revision: int
    current_revision: int
    status: str
    amendments: list[Line] = field(default_factory=list)
    positions: list[tuple[str, str]] = field(default_factory=list)  # (stance, organisation)

    @cached_property
    def parsed(self) -> brackets.Parsed:
        return brackets.parse(self.text)

    @property
    def bracketed_html(self) -> SafeString:
        return brackets.render_html(self.text, parsed=self.parsed)

    @property
    def attributed_html(self) -> SafeString:
        return brackets.render_html(self.text, self.attributions, parsed=self.parsed)

    @property
    def is_heading(self) -> bool:
        return self.kind == Paragraph.Kind.HEADING

    @property
    def agreed(self) -> bool:
        """Agreed (or ad referendum) on exactly this text: what the clean view shows."""
        return self.status in consensus.DECLARED and self.revision == self.current_revision

    @property
    def markup(self) -> str:
        return brackets.to_markup(self.text, self.attributions)

    def stances(self) -> list[tuple[str, str, list[str]]]:
        """Published positions grouped by stance: (stance, label, organisations)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for stance, organisation in self.positions:
            grouped[stance].append(organisation)
        return [
            (stance, str(label), sorted(grouped[stance]))
            for stance, label in Position.Stance.choices
            if grouped.get(stance)
        ]


def organisation_code(organisation: Organisation) -> str:
    country = organisation.country
    return country.iso3 if country is not None else organisation.name


_ENTRY_FIELDS = ("key", "kind", "level", "label", "text", "attributions", "revision")


def text_of(*, document: Document, version: DocumentVersion | None) -> list[Entry]:
    """The paragraphs of a version (or of the working text when ``version`` is None), in order.

    Read as plain values: a text of hundreds of paragraphs builds no model instances.
    """
    rows: Any
    if version is None:
        rows = (
            Paragraph.objects.filter(document=document, removed_at__isnull=True)
            .exclude(current=None)
            .order_by("position", "pk")
            .values_list(
                "pk",
                "key",
                "kind",
                "level",
                "current__label",
                "current__text",
                "current__attributions",
                "current__number",
                "revision",
                "status",
            )
        )
    else:
        rows = (
            VersionParagraph.objects.filter(version=version)
            .order_by("position")
            .values_list(
                "paragraph_id",
                "paragraph__key",
                "paragraph__kind",
                "paragraph__level",
                "revision__label",
                "revision__text",
                "revision__attributions",
                "revision__number",
                "paragraph__revision",
                "paragraph__status",
            )
        )
    return [
        Entry(
            paragraph_id=pk,
            key=key,
            kind=kind,
            level=level,
            label=label,
            text=text,
            attributions=attributions or {},
            revision=number,
            current_revision=current,
            status=status,
        )
        for pk, key, kind, level, label, text, attributions, number, current, status in rows
    ]


@dataclass
class AmendmentView:
    """An amendment with its sponsors and the tabled amendments it conflicts with."""

    amendment: Amendment
    sponsors: list[str]
    conflicts_with: list[str] = field(default_factory=list)
    text_changed: bool = False

    @property
    def diff_html(self) -> SafeString:
        return diff.render_html(self.amendment.diff)


@dataclass
class TextView:
    """A document's text in one of the three views, with what the compilation adds."""

    document: Document
    version: DocumentVersion | None
    view: str
    entries: list[Entry]
    tally: consensus.Tally
    parties: list[str]

    @property
    def shown(self) -> list[Entry]:
        if self.view == "clean":
            return [e for e in self.entries if e.is_heading or e.agreed]
        return self.entries

    @property
    def omitted(self) -> int:
        return len(self.entries) - len(self.shown)


def _tabled_amendments(document: Document) -> list[Amendment]:
    return list(
        Amendment.objects.filter(document=document, status=Amendment.Status.SUBMITTED)
        .select_related("delegation__country", "base_version", "base_revision")
        .prefetch_related(
            Prefetch(
                "sponsors",
                queryset=AmendmentSponsor.objects.select_related("delegation__country").order_by(
                    "joined_at", "pk"
                ),
            )
        )
        .order_by("number")
    )


@dataclass(frozen=True)
class _Placing:
    """What conflict finding needs of an amendment."""

    reference: str
    paragraph_id: int
    kind: str
    whole_paragraph: bool
    base_text: str
    start: int
    end: int
    text: str


def _conflicts(
    items: Sequence[_Placing], *, current_texts: dict[int, str]
) -> tuple[dict[str, list[str]], set[str]]:
    """For each amendment, the others that change the same words; and those whose words the
    working text has changed since."""
    changes, changed = [], set()
    for item in items:
        current = current_texts.get(item.paragraph_id)
        if current is None:
            continue
        change = merging.place(
            reference=item.reference,
            paragraph_id=item.paragraph_id,
            kind=item.kind,
            whole_paragraph=item.whole_paragraph,
            base_text=item.base_text,
            current_text=current,
            start=item.start,
            end=item.end,
            text=item.text,
        )
        if change is None:
            changed.add(item.reference)
        else:
            changes.append(change)
    found: dict[str, list[str]] = defaultdict(list)
    for first, second in merging.conflicts(changes):
        found[first.reference].append(second.reference)
        found[second.reference].append(first.reference)
    return found, changed


def amendment_views(
    amendments: Sequence[Amendment], *, current_texts: dict[int, str]
) -> list[AmendmentView]:
    """Tabled amendments with their sponsors and the other amendments each conflicts with."""
    found, changed = _conflicts(
        [
            _Placing(
                a.reference,
                a.paragraph_id,
                a.kind,
                a.whole_paragraph,
                a.base_revision.text,
                a.start,
                a.end,
                a.text,
            )
            for a in amendments
        ],
        current_texts=current_texts,
    )
    return [
        AmendmentView(
            amendment=a,
            sponsors=[organisation_code(s.delegation) for s in a.sponsors.all()],
            conflicts_with=found.get(a.reference, []),
            text_changed=a.reference in changed,
        )
        for a in amendments
    ]


def tabled_lines(*, document: Document) -> list[Line]:
    """Every tabled amendment of a document with sponsors and conflicts, as plain values (the
    compilation lists thousands)."""
    rows = list(
        Amendment.objects.filter(document=document, status=Amendment.Status.SUBMITTED)
        .order_by("number")
        .values_list(
            "pk",
            "number",
            "paragraph_id",
            "kind",
            "whole_paragraph",
            "start",
            "end",
            "text",
            "diff",
            "recommendation",
            "delegation__country__iso3",
            "base_revision_id",
            "paragraph__current_id",
        )
    )
    sponsors: dict[int, list[str]] = defaultdict(list)
    for amendment_id, code in (
        AmendmentSponsor.objects.filter(
            amendment__document=document, amendment__status=Amendment.Status.SUBMITTED
        )
        .order_by("joined_at", "pk")
        .values_list("amendment_id", "delegation__country__iso3")
    ):
        sponsors[amendment_id].append(code)
    current_texts = dict(
        Paragraph.objects.filter(document=document, removed_at__isnull=True).values_list(
            "pk", "current__text"
        )
    )
    # Most amendments were made on the text as it stands; only the others need their base.
    older = {row[11] for row in rows if row[11] != row[12]}
    base_texts = dict(
        ParagraphRevision.objects.filter(pk__in=older).values_list("pk", "text") if older else ()
    )
    placings, lines = [], []
    for (
        pk,
        number,
        paragraph_id,
        kind,
        whole,
        start,
        end,
        text,
        segments,
        recommendation,
        delegation,
        base_id,
        current_id,
    ) in rows:
        reference = f"A-{number}"
        base = current_texts.get(paragraph_id, "") if base_id == current_id else base_texts[base_id]
        placings.append(_Placing(reference, paragraph_id, kind, whole, base, start, end, text))
        lines.append(
            Line(
                pk=pk,
                reference=reference,
                paragraph_id=paragraph_id,
                kind=kind,
                whole_paragraph=whole,
                delegation=delegation,
                sponsors=sponsors.get(pk, []),
                diff=segments,
                recommendation=recommendation,
            )
        )
    found, changed = _conflicts(placings, current_texts=current_texts)
    for line in lines:
        line.conflicts_with = found.get(line.reference, [])
        line.text_changed = line.reference in changed
    return lines


def text_view(
    *, viewer: Viewer, document: Document, version: DocumentVersion | None, view: str
) -> TextView:
    """A document's text as clean, bracketed, or the compilation with attribution, positions
    and tabled amendments. The compilation shows only what is public to the members: no private
    draft and no unpublished position of anyone."""
    if view not in VIEWS:
        raise NotFound(_("view: choose clean, bracketed or compilation."), field="view")
    if version is None and not can_see_working_text(viewer, document=document):
        raise PermissionDenied(_("The working text is seen by the chair and the Secretariat."))
    entries = text_of(document=document, version=version)
    parties = member_selectors.consensus_parties(framework=document.framework, on=viewer.on)
    if view == "compilation":
        by_paragraph = {e.paragraph_id: e for e in entries}
        for line in tabled_lines(document=document):
            if entry := by_paragraph.get(line.paragraph_id):
                entry.amendments.append(line)
        positions = (
            Position.objects.filter(document=document, paragraph__isnull=False, published=True)
            .order_by("organisation__name")
            .values_list(
                "paragraph_id", "stance", "organisation__country__iso3", "organisation__name"
            )
        )
        for paragraph_id, stance, code, name in positions:
            if entry := by_paragraph.get(paragraph_id):
                entry.positions.append((stance, code or name))
    return TextView(
        document=document,
        version=version,
        view=view,
        entries=entries,
        tally=consensus.tally(e.status for e in entries if not e.is_heading),
        parties=sorted(c.iso3 for c in parties),
    )


def compare(
    *,
    viewer: Viewer,
    document: Document,
    old: DocumentVersion | None,
    new: DocumentVersion | None,
) -> list[diff.ParagraphChange]:
    """Paragraph-by-paragraph differences between two versions (None: the working text)."""
    if (old is None or new is None) and not can_see_working_text(viewer, document=document):
        raise PermissionDenied(_("The working text is seen by the chair and the Secretariat."))

    def sides(version: DocumentVersion | None) -> list[diff.Side]:
        return [
            diff.Side(e.key, e.label, e.kind, e.text, e.attributions)
            for e in text_of(document=document, version=version)
        ]

    return diff.compare(sides(old), sides(new))


# Paragraphs ---------------------------------------------------------------------------------


def get_paragraph(*, viewer: Viewer, paragraph_id: int) -> Paragraph:
    """Fetch a paragraph of a document the viewer may read.

    :raises NotFound: no such paragraph, or not one the viewer may read.
    """
    paragraph = (
        Paragraph.objects.select_related(
            "document__framework", "document__current_version", "current"
        )
        .filter(pk=paragraph_id)
        .first()
    )
    if paragraph is None or not permissions.can_view_document(viewer, document=paragraph.document):
        raise NotFound(
            _("No paragraph with id %(id)s.") % {"id": paragraph_id}, field="paragraph_id"
        )
    return paragraph


def paragraph_in(*, document: Document, key: str) -> Paragraph:
    paragraph = (
        Paragraph.objects.select_related("current", "document")
        .filter(document=document, key=key)
        .first()
    )
    if paragraph is None:
        raise NotFound(
            _("No paragraph %(key)s in this document.") % {"key": key}, field="paragraph"
        )
    return paragraph


@dataclass
class ParagraphPage:
    """Everything the paragraph page shows to one viewer."""

    paragraph: Paragraph
    entry: Entry | None  # as the viewer reads it: working text or current version
    history: list[tuple[str, ParagraphRevision]]
    amendments: list[AmendmentView]
    own_drafts: list[Amendment]
    positions: list[Position]
    own_positions: list[Position]
    confirmations: list[Confirmation]
    blocking: list[str]
    parties: list[str]


def paragraph_page(*, viewer: Viewer, paragraph: Paragraph) -> ParagraphPage:
    document = paragraph.document
    editor = can_see_working_text(viewer, document=document)
    version = None if editor else document.current_version
    entries = (
        []
        if (version is None and not editor)
        else [
            e for e in text_of(document=document, version=version) if e.paragraph_id == paragraph.pk
        ]
    )
    if editor:
        revisions = list(paragraph.revisions.select_related("author").order_by("-number"))
        history = [(f"r{r.number}", r) for r in revisions]
    else:
        history = [
            (e.version.label, e.revision)
            for e in VersionParagraph.objects.filter(paragraph=paragraph)
            .select_related("version", "revision")
            .order_by("-version__number")
        ]
    holder = permissions.position_holder_of(viewer, framework_id=document.framework_id)
    current_text = paragraph.current.text if paragraph.current else ""
    tabled = [a for a in _tabled_amendments(document) if a.paragraph_id == paragraph.pk]
    own_drafts = (
        list(
            Amendment.objects.filter(
                paragraph=paragraph, status=Amendment.Status.DRAFT, delegation=holder
            ).order_by("-created_at")
        )
        if holder
        else []
    )
    positions = list(
        Position.objects.filter(paragraph=paragraph)
        .filter(Q(published=True) | Q(organisation=holder))
        .select_related("organisation__country")
        .order_by("organisation__name", "-published")
    )
    parties = member_selectors.consensus_parties(framework=document.framework, on=viewer.on)
    party_ids = {c.pk for c in parties}
    blocking = sorted(
        organisation_code(p.organisation)
        for p in positions
        if p.published
        and p.stance == Position.Stance.OBJECT
        and p.organisation.country_id in party_ids
    )
    confirmations = list(
        Confirmation.objects.filter(paragraph=paragraph, round=paragraph.ad_referendum_round)
        .select_related("delegation__country")
        .order_by("delegation__name")
    )
    return ParagraphPage(
        paragraph=paragraph,
        entry=entries[0] if entries else None,
        history=history,
        amendments=amendment_views(tabled, current_texts={paragraph.pk: current_text}),
        own_drafts=own_drafts,
        positions=[p for p in positions if p.published],
        own_positions=[p for p in positions if not p.published],
        confirmations=confirmations,
        blocking=blocking,
        parties=sorted(c.iso3 for c in parties),
    )


# Amendments ---------------------------------------------------------------------------------


def get_amendment(*, viewer: Viewer, amendment_id: int) -> Amendment:
    """Fetch an amendment the viewer may see (a private draft: its own delegation only).

    :raises NotFound: no such amendment, or another delegation's private draft.
    """
    amendment = (
        Amendment.objects.select_related(
            "document__framework",
            "document__current_version",
            "paragraph__current",
            "base_revision",
            "base_version",
            "merged_into",
            "delegation__country",
        )
        .filter(pk=amendment_id)
        .first()
    )
    if (
        amendment is None
        or not permissions.can_view_document(viewer, document=amendment.document)
        or not permissions.can_see_amendment(
            viewer, amendment=amendment, framework_id=amendment.document.framework_id
        )
    ):
        raise NotFound(
            _("No amendment with id %(id)s.") % {"id": amendment_id}, field="amendment_id"
        )
    return amendment


def amendments(
    *, viewer: Viewer, document: Document, status: str | None = None
) -> list[AmendmentView]:
    """The document's amendments the viewer may see, with conflicts among the tabled ones."""
    holder = permissions.position_holder_of(viewer, framework_id=document.framework_id)
    visible = Q(status__in=[s for s in Amendment.Status.values if s != Amendment.Status.DRAFT])
    if holder is not None:
        visible |= Q(status=Amendment.Status.DRAFT, delegation=holder)
    qs = (
        Amendment.objects.filter(visible, document=document)
        .select_related(
            "delegation__country",
            "paragraph__current",
            "base_revision",
            "base_version",
            "merged_into",
        )
        .prefetch_related(
            Prefetch(
                "sponsors",
                queryset=AmendmentSponsor.objects.select_related("delegation__country").order_by(
                    "joined_at", "pk"
                ),
            )
        )
        .order_by("paragraph__position", "number", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    items = list(qs)
    current_texts = {
        a.paragraph_id: a.paragraph.current.text
        for a in items
        if a.status == Amendment.Status.SUBMITTED and a.paragraph.current
    }
    tabled = [a for a in items if a.status == Amendment.Status.SUBMITTED]
    views = {v.amendment.pk: v for v in amendment_views(tabled, current_texts=current_texts)}
    return [
        views.get(a.pk)
        or AmendmentView(
            amendment=a, sponsors=[organisation_code(s.delegation) for s in a.sponsors.all()]
        )
        for a in items
    ]


def amendment_positions(*, viewer: Viewer, amendment: Amendment) -> list[Position]:
    holder = permissions.position_holder_of(viewer, framework_id=amendment.document.framework_id)
    return list(
        Position.objects.filter(amendment=amendment)
        .filter(Q(published=True) | Q(organisation=holder))
        .select_related("organisation__country")
        .order_by("organisation__name", "-published")
    )


def amendment_view(*, amendment: Amendment) -> AmendmentView:
    """One amendment with its sponsors and its conflicts with other tabled amendments."""
    if amendment.status != Amendment.Status.SUBMITTED:
        return AmendmentView(
            amendment=amendment,
            sponsors=[
                organisation_code(s.delegation)
                for s in amendment.sponsors.select_related("delegation__country")
            ],
        )
    tabled = [
        a
        for a in _tabled_amendments(amendment.document)
        if a.paragraph_id == amendment.paragraph_id
    ]
    current = amendment.paragraph.current.text if amendment.paragraph.current else ""
    views = amendment_views(tabled, current_texts={amendment.paragraph_id: current})
    return next(v for v in views if v.amendment.pk == amendment.pk)


def get_position(*, viewer: Viewer, position_id: int) -> Position:
    """Fetch a position the viewer may see (unpublished: its own organisation only).

    :raises NotFound: no such position, or another delegation's unpublished one.
    """
    position = (
        Position.objects.select_related("document__framework", "organisation__country")
        .filter(pk=position_id)
        .first()
    )
    if (
        position is None
        or not permissions.can_view_document(viewer, document=position.document)
        or not permissions.can_see_position(
            viewer, position=position, framework_id=position.document.framework_id
        )
    ):
        raise NotFound(_("No position with id %(id)s.") % {"id": position_id}, field="position_id")
    return position


@dataclass
class Mine:
    """A delegation's own desk: its private drafts and unpublished positions."""

    organisation: Organisation | None
    drafts: list[Amendment]
    positions: list[Position]


def mine(*, viewer: Viewer) -> Mine:
    holders = [
        m.organisation
        for m in viewer.memberships
        if m.organisation.kind in (Organisation.Kind.DELEGATION, Organisation.Kind.OBSERVER)
        and m.role in (*permissions.DELEGATION_ROLES, "OBSERVER")
    ]
    if not holders:
        return Mine(organisation=None, drafts=[], positions=[])
    holder = holders[0]
    return Mine(
        organisation=holder,
        drafts=list(
            Amendment.objects.filter(delegation=holder, status=Amendment.Status.DRAFT)
            .select_related(
                "document",
                "paragraph__current",
                "base_version",
                "base_revision",
                "delegation__country",
                "merged_into",
            )
            .order_by("-created_at")
        ),
        positions=list(
            Position.objects.filter(organisation=holder, published=False)
            .select_related("document", "paragraph__current", "amendment")
            .order_by("-stated_at")
        ),
    )


@dataclass(frozen=True)
class MergePlan:
    """What issuing the next revision would merge, and what stands in the way."""

    changes: list[merging.Change]
    amendments: list[Amendment]
    conflicts: list[str]


def _sponsor_codes(amendment: Amendment) -> tuple[str, ...]:
    codes = {organisation_code(amendment.delegation)}
    codes.update(organisation_code(s.delegation) for s in amendment.sponsors.all())
    return tuple(sorted(codes))


def plan_merge(*, document: Document, paragraphs: Sequence[Paragraph]) -> MergePlan:
    """Place every accepted amendment in the working text and find the conflicts."""
    by_id = {p.pk: p for p in paragraphs}
    accepted = list(
        Amendment.objects.filter(
            document=document,
            status=Amendment.Status.SUBMITTED,
            recommendation=Amendment.Recommendation.ACCEPT,
        )
        .select_related("base_revision", "delegation__country")
        .prefetch_related("sponsors__delegation__country")
        .order_by("number")
    )
    changes, problems = [], []
    for amendment in accepted:
        paragraph = by_id.get(amendment.paragraph_id)
        if paragraph is None or paragraph.current is None:
            problems.append(
                _("%(ref)s: its paragraph was removed from the text.")
                % {"ref": amendment.reference}
            )
            continue
        change = merging.place(
            reference=amendment.reference,
            paragraph_id=paragraph.pk,
            kind=amendment.kind,
            whole_paragraph=amendment.whole_paragraph,
            base_text=amendment.base_revision.text,
            current_text=paragraph.current.text,
            start=amendment.start,
            end=amendment.end,
            text=amendment.text,
            sponsors=_sponsor_codes(amendment),
        )
        if change is None:
            problems.append(
                _("%(ref)s: the words it changes in paragraph %(label)s were changed since.")
                % {"ref": amendment.reference, "label": paragraph.current.label or paragraph.key}
            )
            continue
        changes.append(change)
    labels = {p.pk: (p.current.label if p.current else "") or p.key for p in paragraphs}
    for pair in merging.conflicts(changes):
        first, second = sorted(pair, key=lambda c: int(c.reference.removeprefix("A-")))
        problems.append(
            _("%(a)s and %(b)s change the same words (paragraph %(label)s).")
            % {"a": first.reference, "b": second.reference, "label": labels[first.paragraph_id]}
        )
    return MergePlan(changes=changes, amendments=accepted, conflicts=problems)


# Revisions and events -----------------------------------------------------------------------


@dataclass
class RevisionPreview:
    next_label: str
    merges: list[Amendment]
    conflicts: list[str]
    paragraphs: int


def revision_preview(*, viewer: Viewer, document: Document) -> RevisionPreview:
    """What issuing the next revision would merge, and the conflicts that stop it."""
    if not permissions.can_issue_revision(viewer, document=document):
        raise PermissionDenied(_("Only the chair issues revisions."))
    ordered = list(
        Paragraph.objects.filter(document=document, removed_at__isnull=True)
        .select_related("current")
        .order_by("position", "pk")
    )
    plan = plan_merge(document=document, paragraphs=ordered)
    number = document.current_version.number + 1 if document.current_version else 0
    return RevisionPreview(
        next_label=version_label(number),
        merges=plan.amendments,
        conflicts=plan.conflicts,
        paragraphs=len(ordered),
    )


def document_events(*, viewer: Viewer, document: Document, after: int = 0) -> QuerySet[Event]:
    """The document's event log (the members' record of every change), in order."""
    if not permissions.can_view_document(viewer, document=document):
        raise NotFound(_("No such document."))
    return (
        Event.objects.filter(document=document, sequence__gt=after)
        .select_related("actor_organisation__country")
        .order_by("sequence")
    )


def delegation_choices(*, document: Document) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            framework_id=document.framework_id, kind=Organisation.Kind.DELEGATION
        )
        .select_related("country")
        .order_by("name")
    )


def replayable(*, document: Document) -> list[tuple[str, dict[str, Any]]]:
    return list(
        Event.objects.filter(document=document).order_by("sequence").values_list("kind", "payload")
    )


# Silence, participation, adoption ------------------------------------------------------------


@dataclass(frozen=True)
class LocalDeadline:
    """A moment as a member reads it in one of its zones."""

    member: str
    zone: str
    at: datetime


def in_member_zones(*, document: Document, at: datetime, on: date) -> list[LocalDeadline]:
    """``at`` in every zone of every participating member, from the westernmost eastwards."""
    rows = [
        LocalDeadline(member=country.name, zone=zone, at=at.astimezone(ZoneInfo(zone)))
        for country in member_selectors.consensus_parties(framework=document.framework, on=on)
        for zone in country.time_zones
    ]
    return sorted(rows, key=lambda r: (r.at.utcoffset() or timedelta(0), r.member, r.zone))


@dataclass(frozen=True)
class MatrixRow:
    """A flexible paragraph and each member's part in it: (code, state, date or None)."""

    key: str
    label: str
    cells: list[tuple[str, str, datetime | None, datetime | None]]


@dataclass
class Conclusion:
    """Where a document stands on its way to adoption, for its page and the API."""

    document: Document
    silence: SilenceProcedure | None
    deadline_local: list[LocalDeadline]
    adoption: Adoption | None
    endorsements: list[Endorsement]
    matrix: list[MatrixRow]
    members: list[str]


def participation_matrix(*, document: Document, on: date) -> tuple[list[str], list[MatrixRow]]:
    """Members (ISO codes) × flexible paragraphs: taking part, opted out (since), joined (on)."""
    members = sorted(
        c.iso3 for c in member_selectors.consensus_parties(framework=document.framework, on=on)
    )
    flexible = list(
        Paragraph.objects.filter(document=document, flexible=True, removed_at__isnull=True)
        .select_related("current")
        .order_by("position")
    )
    records = {
        (p.paragraph_id, p.delegation.country.iso3 if p.delegation.country else ""): p
        for p in ParticipationRecord.objects.filter(paragraph__in=flexible).select_related(
            "delegation__country"
        )
    }
    rows = []
    for paragraph in flexible:
        cells: list[tuple[str, str, datetime | None, datetime | None]] = []
        for code in members:
            record = records.get((paragraph.pk, code))
            if record is None:
                cells.append((code, "IN", None, None))
            elif record.joined_at is None:
                cells.append((code, "OUT", record.opted_out_at, None))
            else:
                cells.append((code, "JOINED", record.opted_out_at, record.joined_at))
        label = paragraph.current.label if paragraph.current else paragraph.key
        rows.append(MatrixRow(key=paragraph.key, label=label or paragraph.key, cells=cells))
    return members, rows


def conclusion(*, viewer: Viewer, document: Document) -> Conclusion:
    silence = (
        SilenceProcedure.objects.filter(document=document)
        .select_related("version", "broken_by__country")
        .order_by("-started_at", "-pk")
        .first()
    )
    adoption = Adoption.objects.filter(document=document).select_related("version").first()
    endorsements = (
        list(
            Endorsement.objects.filter(adoption=adoption)
            .select_related("delegation__country")
            .order_by("endorsed_at", "pk")
        )
        if adoption
        else []
    )
    members, matrix = participation_matrix(document=document, on=viewer.on)
    deadline_local = (
        in_member_zones(document=document, at=silence.deadline, on=viewer.on)
        if silence is not None and silence.status == SilenceProcedure.Status.RUNNING
        else []
    )
    return Conclusion(
        document=document,
        silence=silence,
        deadline_local=deadline_local,
        adoption=adoption,
        endorsements=endorsements,
        matrix=matrix,
        members=members,
    )


def get_silence(*, viewer: Viewer, silence_id: int) -> SilenceProcedure:
    silence = (
        SilenceProcedure.objects.select_related("document__framework", "version")
        .filter(pk=silence_id)
        .first()
    )
    if silence is None or not permissions.can_view_document(viewer, document=silence.document):
        raise NotFound(_("No such silence procedure."))
    return silence


@dataclass(frozen=True)
class Note:
    """A numbered note printed under the adopted text: a reservation or a footnote."""

    number: int
    key: str
    kind: str  # "reservation" or "footnote"
    member: str
    text: str


@dataclass
class AdoptedText:
    """The adopted text as printed: its paragraphs with note marks, the notes, the matrix."""

    document: Document
    adoption: Adoption
    entries: list[Entry]
    notes: list[Note]
    marks: dict[str, list[int]]
    members: list[str]
    matrix: list[MatrixRow]
    endorsements: list[Endorsement]

    def entries_with_marks(self) -> list[tuple[Entry, list[int]]]:
        return [(e, self.marks.get(e.key, [])) for e in self.entries]


def adopted_text(*, viewer: Viewer, document: Document) -> AdoptedText:
    """The adopted text with its record, read from the adoption's own event (what was hashed
    and printed then), so later joins show in the matrix but never change the text.

    :raises NotFound: the document is not adopted.
    """
    adoption = Adoption.objects.filter(document=document).select_related("version").first()
    if adoption is None:
        raise NotFound(_("%(symbol)s is not adopted.") % {"symbol": document.symbol})
    event = Event.objects.filter(document=document, kind="document.adopted").first()
    record = event.payload.get("record", {}) if event else {}
    entries = text_of(document=document, version=adoption.version)
    order = {e.key: i for i, e in enumerate(entries)}
    items = [("reservation", r) for r in record.get("reservations", [])] + [
        ("footnote", f) for f in record.get("footnotes", [])
    ]
    items.sort(key=lambda item: (order.get(item[1]["key"], 0), item[0] != "reservation"))
    notes = [
        Note(number=i, key=r["key"], kind=kind, member=r["delegation"], text=r["text"])
        for i, (kind, r) in enumerate(items, start=1)
    ]
    marks: dict[str, list[int]] = defaultdict(list)
    for note in notes:
        marks[note.key].append(note.number)
    members, matrix = participation_matrix(document=document, on=viewer.on)
    return AdoptedText(
        document=document,
        adoption=adoption,
        entries=entries,
        notes=notes,
        marks=dict(marks),
        members=members,
        matrix=matrix,
        endorsements=list(
            Endorsement.objects.filter(adoption=adoption)
            .select_related("delegation__country")
            .order_by("endorsed_at", "pk")
        ),
    )
