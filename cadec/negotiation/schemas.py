"""API schemas of the negotiation."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class VersionOut(Schema):
    number: int
    label: str
    issued_at: datetime
    note: str
    content_sha256: str


class TallyOut(Schema):
    total: int
    agreed: int
    ad_referendum: int
    bracketed: int
    open: int
    everything_agreed: bool


class DocumentOut(Schema):
    id: int
    symbol: str
    title: str
    note: str
    deadline: datetime
    status: str
    current_version: VersionOut | None


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]
    tally: TallyOut


class DocumentIn(Schema):
    symbol: str = Field(..., min_length=1, max_length=40, examples=["ACDEC/2020/2"])
    title: str = Field(..., min_length=1, max_length=300)
    deadline: datetime
    note: str = ""


class ImportIn(DocumentIn):
    text: str = Field(..., description="The draft: numbered paragraphs and square brackets.")
    source_name: str = Field("draft.txt", max_length=200)


class ImportOut(Schema):
    document: DocumentOut
    paragraphs: int
    brackets: int
    alternatives: int
    notes: list[str]


class BracketOut(Schema):
    index: int
    start: int
    end: int
    closed: bool
    depth: int
    group: int
    words: str
    holders: list[str]


class ParagraphOut(Schema):
    id: int
    key: str
    kind: str
    level: int
    label: str
    text: str
    markup: str = Field(..., description="The text with holders after brackets: [shall]{VNM}.")
    revision: int
    status: str
    ad_referendum_deadline: datetime | None
    version: int | None = Field(
        None, description="The issued version this text is from; null for the working text."
    )
    brackets: list[BracketOut]
    stray_closers: list[int]


class ParagraphIn(Schema):
    kind: str = Field(..., examples=["OPERATIVE"])
    text: str = Field(..., description="Markup: [shall]{VNM THA} names who holds a bracket.")
    label: str = Field("", max_length=32)
    level: int = Field(0, ge=0, le=3)
    after: str | None = Field(None, description="Key of the paragraph to follow; null: the end.")


class ParagraphEditIn(Schema):
    text: str = Field(..., description="Markup: [shall]{VNM THA} names who holds a bracket.")
    label: str | None = Field(None, max_length=32)
    revision: int | None = Field(
        None,
        description="The revision the change is based on, for clients that cannot send "
        "If-Match (the header wins when both are sent).",
    )


class DeclareIn(Schema):
    status: str = Field(..., examples=["AGREED"])
    deadline: datetime | None = None
    awaiting: list[str] = Field(default_factory=list, description="ISO alpha-3 codes.")


class AnswerIn(Schema):
    confirm: bool
    note: str = ""


class PositionIn(Schema):
    stance: str = Field(..., examples=["SUPPORT"])
    reason: str = ""
    publish: bool = True


class PositionOut(Schema):
    id: int
    subject: str
    organisation: str
    stance: str
    reason: str
    published: bool
    on_revision: int
    stated_at: datetime


class AmendmentIn(Schema):
    paragraph_id: int
    kind: str = Field(..., examples=["REPLACE"])
    target: str = Field("", description="The existing words the amendment acts on.")
    occurrence: int = Field(1, ge=1)
    text: str = ""
    whole_paragraph: bool = False
    submit: bool = Field(True, description="Table it now; false keeps a private draft.")


class AmendmentEditIn(Schema):
    kind: str
    target: str = ""
    occurrence: int = Field(1, ge=1)
    text: str = ""
    whole_paragraph: bool = False
    revision: int | None = Field(None, description="As If-Match, for clients without headers.")


class AmendmentOut(Schema):
    id: int
    reference: str
    number: int | None
    paragraph_id: int
    paragraph_key: str
    base_version: int | None
    base_revision: int
    kind: str
    whole_paragraph: bool
    start: int
    end: int
    target: str
    text: str
    delegation: str
    sponsors: list[str]
    status: str
    recommendation: str
    recommendation_note: str
    revision: int
    created_at: datetime
    submitted_at: datetime | None
    merged_into: int | None
    diff: list[list[str]]
    conflicts_with: list[str]
    text_changed: bool


class RecommendIn(Schema):
    recommendation: str = Field(..., examples=["ACCEPT"])
    note: str = ""


class IssueIn(Schema):
    note: str = ""


class PreviewOut(Schema):
    next_label: str
    merges: list[str]
    conflicts: list[str]
    paragraphs: int


class TextParagraphOut(Schema):
    id: int
    key: str
    kind: str
    level: int
    label: str
    text: str
    markup: str
    revision: int
    status: str
    agreed: bool
    brackets: list[BracketOut]
    positions: list[dict[str, str]] = Field(default_factory=list)
    amendments: list[str] = Field(default_factory=list)


class TextOut(Schema):
    document: int
    symbol: str
    version: int | None
    view: str
    tally: TallyOut
    parties: list[str]
    paragraphs: list[TextParagraphOut]


class ChangeOut(Schema):
    change: str
    key: str
    label: str
    old_label: str
    kind: str
    segments: list[list[str]]


class EventOut(Schema):
    sequence: int
    kind: str
    created_at: datetime
    payload: dict[str, Any]


class MineOut(Schema):
    organisation: str | None
    drafts: list[AmendmentOut]
    positions: list[PositionOut]


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class StaleOut(ErrorOut):
    current: dict[str, Any]


# Silence, participation, adoption ------------------------------------------------------------


class LocalTimeOut(Schema):
    member: str
    zone: str
    local: datetime


class SilenceIn(Schema):
    deadline: datetime | None = Field(None, description="Default: 72 hours from now.")


class SilenceOut(Schema):
    id: int
    status: str
    version: int
    content_sha256: str
    started_at: datetime
    deadline: datetime
    closed_at: datetime | None
    broken_by: str | None = Field(None, description="ISO alpha-3 code of the member.")
    break_reason: str
    deadline_local: list[LocalTimeOut]


class BreakIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class EndorseIn(Schema):
    content_sha256: str = Field(
        ..., min_length=1, max_length=100, description="64 hexadecimal characters."
    )


class FlexibleIn(Schema):
    flexible: bool


class FlexibleOut(Schema):
    key: str
    flexible: bool


class OptOutIn(Schema):
    reason: str = Field("", max_length=5000)


class ParticipationOut(Schema):
    key: str
    delegation: str
    reason: str
    opted_out_at: datetime
    joined_at: datetime | None


class FootnoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)


class FootnoteOut(Schema):
    id: int
    key: str
    delegation: str
    text: str
    created_at: datetime


class MatrixCellOut(Schema):
    member: str
    state: str = Field(..., description="IN, OUT (opted out) or JOINED (joined later).")
    opted_out_at: datetime | None
    joined_at: datetime | None


class MatrixRowOut(Schema):
    key: str
    label: str
    cells: list[MatrixCellOut]


class EndorsementOut(Schema):
    delegation: str
    content_sha256: str
    endorsed_at: datetime


class AdoptionOut(Schema):
    version: int
    content_sha256: str
    via: str
    adopted_at: datetime
    endorsements: list[EndorsementOut]


class ConclusionOut(Schema):
    document_id: int
    symbol: str
    status: str
    silence: SilenceOut | None
    adoption: AdoptionOut | None
    members: list[str]
    matrix: list[MatrixRowOut]


class NoteOut(Schema):
    number: int
    key: str
    kind: str = Field(..., description="reservation or footnote")
    member: str
    text: str


class AdoptedParagraphOut(Schema):
    key: str
    kind: str
    label: str
    text: str
    notes: list[int]


class AdoptedOut(Schema):
    symbol: str
    title: str
    adoption: AdoptionOut
    paragraphs: list[AdoptedParagraphOut]
    notes: list[NoteOut]
    members: list[str]
    matrix: list[MatrixRowOut]
