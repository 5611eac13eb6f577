"""Suggest offers and practices for a need, each with a score and a reason a person can read."""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from cadec.exchange import embeddings, languages, search
from cadec.exchange.models import ListingStatus, Need, Offer, Practice

# Weights of the score (0-1): meaning matters most; shared sectors and themes and the same kind
# of help make a suggestion easier to act on.
MEANING, SECTOR, THEME, KIND = 0.55, 0.2, 0.15, 0.1
# Closeness in meaning is the cosine with the directions of language projected out (as in
# search): about 0.1 for unrelated texts to 0.5 and more for texts on the same subject, in any
# two languages (measured on the reference needs, offers and practices).
COSINE_LOW, COSINE_HIGH = 0.1, 0.5
# From this closeness on, the reason names the text as close in meaning.
CLOSE_IN_MEANING = 0.25
MIN_SCORE = 0.25


@dataclass(frozen=True)
class Suggestion:
    score: float
    reason: str
    offer: Offer | None = None
    practice: Practice | None = None


def _meaning(cosine: float) -> float:
    return float(np.clip((cosine - COSINE_LOW) / (COSINE_HIGH - COSINE_LOW), 0.0, 1.0))


def _reason(*, sectors: list[str], themes: list[str], kind: str, close_to: str) -> str:
    parts = []
    if sectors:
        parts.append(_("same sector: %(sectors)s") % {"sectors": ", ".join(sectors)})
    if themes:
        parts.append(_("same theme: %(themes)s") % {"themes": ", ".join(themes)})
    if kind:
        parts.append(_("same kind of help: %(kind)s") % {"kind": kind})
    if close_to:
        parts.append(_("close in meaning: %(title)s") % {"title": close_to})
    return "; ".join(parts)


def _score(
    *, need: Need, sector_ids: set[int], theme_ids: set[int], cosine: float, same_kind: bool
) -> tuple[float, list[int], list[int]]:
    need_sectors = {t.pk for t in need.sectors.all()}
    need_themes = {t.pk for t in need.themes.all()}
    shared_sectors = sorted(need_sectors & sector_ids)
    shared_themes = sorted(need_themes & theme_ids)
    score = (
        MEANING * _meaning(cosine)
        + SECTOR * (1.0 if shared_sectors else 0.0)
        + THEME * (1.0 if shared_themes else 0.0)
        + KIND * (1.0 if same_kind else 0.0)
    )
    return round(score, 3), shared_sectors, shared_themes


def suggestions_for(*, need: Need, limit: int = 5) -> list[Suggestion]:
    """The best open offers (of other delegations) and published practices for ``need``."""
    need = Need.objects.prefetch_related("sectors", "themes").get(pk=need.pk)
    topic_names = {t.pk: t.name.lower() for t in [*need.sectors.all(), *need.themes.all()]}
    query = embeddings.embed_query(f"{need.title}. {need.description}")
    neutral_query = languages.without_language(query)
    suggestions: list[Suggestion] = []

    offers = list(
        Offer.objects.filter(status=ListingStatus.OPEN)
        .exclude(delegation_id=need.delegation_id)
        .prefetch_related("sectors", "themes")
        .order_by("pk")
    )
    vectors = languages.without_language(
        embeddings.embed_passages([f"{o.title}. {o.description}" for o in offers])
    )
    for offer, vector in zip(offers, vectors, strict=True):
        cosine = float(vector @ neutral_query)
        same_kind = offer.kind == need.kind
        score, sectors, themes = _score(
            need=need,
            sector_ids={t.pk for t in offer.sectors.all()},
            theme_ids={t.pk for t in offer.themes.all()},
            cosine=cosine,
            same_kind=same_kind,
        )
        suggestions.append(
            Suggestion(
                score=score,
                offer=offer,
                reason=_reason(
                    sectors=[topic_names[pk] for pk in sectors],
                    themes=[topic_names[pk] for pk in themes],
                    kind=offer.get_kind_display() if same_kind else "",
                    close_to=offer.title if cosine >= CLOSE_IN_MEANING else "",
                ),
            )
        )

    ids, cosines = search.similarities(query)
    published = set(
        Practice.objects.filter(status=Practice.Status.PUBLISHED).values_list("pk", flat=True)
    )
    if len(ids):
        order = [i for i in np.argsort(-cosines) if int(ids[i]) in published][: limit * 3]
        practices = (
            Practice.objects.filter(pk__in=[int(ids[i]) for i in order])
            .exclude(country=need.delegation.country)
            .prefetch_related("sectors", "themes")
            .in_bulk()
        )
        for i in order:
            practice = practices.get(int(ids[i]))
            if practice is None:
                continue
            cosine = float(cosines[i])
            score, sectors, themes = _score(
                need=need,
                sector_ids={t.pk for t in practice.sectors.all()},
                theme_ids={t.pk for t in practice.themes.all()},
                cosine=cosine,
                same_kind=False,
            )
            suggestions.append(
                Suggestion(
                    score=score,
                    practice=practice,
                    reason=_reason(
                        sectors=[topic_names[pk] for pk in sectors],
                        themes=[topic_names[pk] for pk in themes],
                        kind="",
                        close_to=practice.title if cosine >= CLOSE_IN_MEANING else "",
                    ),
                )
            )
    kept = [s for s in suggestions if s.score >= MIN_SCORE and s.reason]
    kept.sort(key=lambda s: -s.score)
    return kept[:limit]
