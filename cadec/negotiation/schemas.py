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
