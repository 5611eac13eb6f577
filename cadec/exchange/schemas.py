"""API schemas of the exchange."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class TopicRef(Schema):
    kind: str
    code: str
    name: str


class TranslationOut(Schema):
    language: str
    title: str
    summary: str


class MachineTranslationOut(Schema):
    language: str
    title: str
    summary: str
    machine: bool = True  # by machine, never reviewed by a person


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    country: str = Field(..., alias="country.iso3")
    organisation: str = Field(..., alias="organisation.name")
    language: str
    status: str
    sectors: list[TopicRef]
    themes: list[TopicRef]
    is_demonstration: bool
    published_at: datetime | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class PracticeDetailOut(PracticeOut):
    body: str
    results: str
    contact: str
    translations: list[TranslationOut]
    attachments: list[AttachmentOut]


class HitOut(Schema):
    practice: PracticeOut
    score: float
    keyword_rank: int | None
    semantic_score: float | None
    translation: TranslationOut | None


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]]


class PracticeIn(Schema):
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=2000)
    body: str = ""
    language: str
    results: str = ""
    contact: str = Field("", max_length=200)
    sectors: list[str] = []
    themes: list[str] = []


class TranslationIn(Schema):
    language: str
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=2000)
    body: str = ""


class ModerationIn(Schema):
    decision: str = Field(..., pattern="^(publish|return)$")
    reason: str = ""


class ListingOut(Schema):
    id: int
    delegation: str = Field(..., alias="delegation.country.iso3")
    kind: str
    title: str
    description: str
    language: str
    status: str
    sectors: list[TopicRef]
    themes: list[TopicRef]


class ListingIn(Schema):
    kind: str
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=4000)
    language: str
    sectors: list[str] = []
    themes: list[str] = []


class MatchOut(Schema):
    id: int
    need_id: int
    offer_id: int | None
    practice_id: int | None
    score: float
    reason: str
    status: str


class MatchStatusIn(Schema):
    status: str


class PracticeRef(Schema):
    id: int
    title: str
    language: str


class ExpertOut(Schema):
    id: int
    name: str
    organisation: str = Field(..., alias="organisation.name")
    expertise: str
    topics: list[TopicRef]
    languages: list[str]
    practices: list[PracticeRef]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_practices(obj: Any) -> list[Any]:
        """The expert's published practices (prefetched by ``selectors.experts``)."""
        return list(obj.user.published_practices)
