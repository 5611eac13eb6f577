"""Search over practices: keyword and cross-lingual semantic results fused into one ranking.

One function at the face, ``search_practices``. The keyword half uses SQLite FTS5 with the
trigram tokenizer (PostgreSQL: pg_trgm), which matches inside unspaced Chinese, Thai, Khmer, Lao
and Burmese; queries shorter than a trigram fall back to a substring scan. The semantic half
compares the query's multilingual-e5 embedding with every stored practice vector (exact k-NN in
NumPy), so a Thai query finds a Vietnamese practice. Reciprocal rank fusion merges the two.
"""

import html
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import nh3
import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from cadec.exchange import embeddings
from cadec.exchange.models import Practice, PracticeEmbedding, PracticeTranslation
from cadec.members.models import Topic
from cadec.members.permissions import Viewer, is_secretariat

RRF_K = 60  # the constant of reciprocal rank fusion (Cormack et al. 2009)
CANDIDATES = 200  # per half, before permission filtering and fusion
# multilingual-e5 puts unrelated texts near 0.75-0.8 cosine; below this a "semantic" hit is noise.
SEMANTIC_FLOOR = 0.8
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SearchFilters:
    country: str = ""  # ISO 3166 alpha-3
    sector: str = ""  # topic code
    theme: str = ""  # topic code
    language: str = ""


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Hit:
    practice: Practice
    score: float
    keyword_rank: int | None = None
    semantic_score: float | None = None
    translation: PracticeTranslation | None = None


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


# --- the indexes ---------------------------------------------------------------------------


def plain_text(markup: str) -> str:
    """The text of sanitised HTML, without its tags."""
    return html.unescape(nh3.clean(markup, tags=set()))


def practice_text(practice: Practice, translations: Iterable[PracticeTranslation] = ()) -> str:
    parts = [practice.title, practice.summary, plain_text(practice.body), practice.results]
    for translation in translations:
        parts += [translation.title, translation.summary, plain_text(translation.body)]
    return "\n".join(part for part in parts if part)


def embedding_text(practice: Practice) -> str:
    """What the model reads of a practice: its title and summary (e5 reads 512 tokens at most)."""
    return f"{practice.title}. {practice.summary}"


def index_practice(practice: Practice) -> None:
    """Refresh a practice's keyword entry (its plain text and its FTS row)."""
    practice.search_text = practice_text(practice, practice.translations.order_by("pk"))
    Practice.objects.filter(pk=practice.pk).update(search_text=practice.search_text)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM exchange_practice_fts WHERE rowid = %s", [practice.pk])
            cursor.execute(
                "INSERT INTO exchange_practice_fts (rowid, search_text) VALUES (%s, %s)",
                [practice.pk, practice.search_text],
            )


def remove_from_index(practice_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM exchange_practice_fts WHERE rowid = %s", [practice_id])


@transaction.atomic
def rebuild_keyword_index(*, progress: Progress | None = None, batch: int = 2000) -> int:
    """Rebuild every practice's search text and the FTS table; return the number indexed."""
    total = Practice.objects.count()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM exchange_practice_fts")
    done = 0
    practices = Practice.objects.prefetch_related(
        Prefetch("translations", queryset=PracticeTranslation.objects.order_by("pk"))
    ).order_by("pk")
    for start in range(0, total, batch):
        rows = list(practices[start : start + batch])
        for practice in rows:
            practice.search_text = practice_text(practice, practice.translations.all())
        Practice.objects.bulk_update(rows, ["search_text"], batch_size=500)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO exchange_practice_fts (rowid, search_text) VALUES (%s, %s)",
                    [(p.pk, p.search_text) for p in rows],
                )
        done += len(rows)
        if progress:
            progress("keyword", done, total)
    if progress and total == 0:
        progress("keyword", 0, 0)
    return done


def embed_practices(
    *,
    practice_ids: Iterable[int] | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch: int = 32,
) -> int:
    """Compute the embeddings of these practices (all when None) whose text changed."""
    practices = Practice.objects.select_related("embedding").order_by("pk")
    if practice_ids is not None:
        practices = practices.filter(pk__in=list(practice_ids))
    todo = []
    for practice in practices.only("pk", "title", "summary", "embedding__text_hash"):
        text = embedding_text(practice)
        digest = embeddings.text_hash(text)
        existing = getattr(practice, "embedding", None)
        if force or existing is None or existing.text_hash != digest:
            todo.append((practice.pk, text, digest))
    done = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = embeddings.embed_passages([text for _pk, text, _digest in chunk])
        now = timezone.now()
        for (pk, _text, digest), vector in zip(chunk, vectors, strict=True):
            PracticeEmbedding.objects.update_or_create(
                practice_id=pk,
                defaults={
                    "vector": embeddings.to_bytes(vector),
                    "model": embeddings.MODEL_NAME,
                    "text_hash": digest,
                    "computed_at": now,
                },
            )
        done += len(chunk)
        if progress:
            progress("semantic", done, len(todo))
    if progress and not todo:
        progress("semantic", 0, 0)
    return done


# --- the semantic matrix, cached per process ----------------------------------------------


class _Matrix:
    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
        self.lock = threading.Lock()


_matrix = _Matrix()


def _vectors() -> tuple[np.ndarray, np.ndarray]:
    """Every stored practice vector, reloaded only when the table has changed."""
    # Both maxima come from indexes (a count would scan the table on every query). A deleted
    # practice's stale vector is harmless: hits are filtered against the practice table.
    state = PracticeEmbedding.objects.aggregate(last=Max("computed_at"), top=Max("pk"))
    key = (connection.alias, connection.settings_dict["NAME"], state["last"], state["top"])
    with _matrix.lock:
        if _matrix.key != key:
            rows = list(PracticeEmbedding.objects.values_list("practice_id", "vector"))
            _matrix.ids = np.fromiter((pk for pk, _v in rows), dtype=np.int64, count=len(rows))
            _matrix.vectors = (
                np.frombuffer(b"".join(bytes(v) for _pk, v in rows), dtype=np.float32)
                .reshape(len(rows), embeddings.DIMENSIONS)
                .copy()
            )
            _matrix.key = key
        return _matrix.ids, _matrix.vectors


def _nearest(vector: np.ndarray, *, k: int, floor: float) -> list[tuple[int, float]]:
    ids, vectors = _vectors()
    if not len(ids):
        return []
    scores = vectors @ vector
    k = min(k, len(ids))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top])]
    return [(int(ids[i]), float(scores[i])) for i in top if scores[i] >= floor]


# --- keyword --------------------------------------------------------------------------------


def _terms(query: str) -> list[str]:
    return [term for term in query.split() if term]


def _keyword_ids(query: str, *, k: int) -> list[int]:
    terms = _terms(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _keyword_ids_postgresql(query, terms, k=k)
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    # Trigram tables find nothing for 1-2 characters: those are checked with instr() on the text.
    # Only placeholders are joined into the SQL; every value goes in as a parameter.
    instr = " AND ".join(["instr(lower(search_text), lower(%s)) > 0"] * len(short_terms))
    if long_terms:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        sql = "SELECT rowid FROM exchange_practice_fts WHERE exchange_practice_fts MATCH %s"
        if short_terms:
            sql += " AND " + instr
        sql += " ORDER BY rank LIMIT %s"
        params: list[Any] = [match, *short_terms, k]
    else:
        sql = f"SELECT id FROM exchange_practice WHERE {instr} ORDER BY id DESC LIMIT %s"  # noqa: S608
        params = [*short_terms, k]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _keyword_ids_postgresql(query: str, terms: list[str], *, k: int) -> list[int]:
    from django.contrib.postgres.search import TrigramWordSimilarity

    qs = Practice.objects.all()
    for term in terms:
        # pg_trgm's GIN index serves ILIKE, also inside unspaced scripts.
        qs = qs.filter(search_text__icontains=term)
    return list(
        qs.annotate(similarity=TrigramWordSimilarity(query, "search_text"))
        .order_by("-similarity", "-pk")
        .values_list("pk", flat=True)[:k]
    )


# --- the face -------------------------------------------------------------------------------


def visible_practices(*, viewer: Viewer) -> QuerySet[Practice]:
    """Published practices, and the drafts of the viewer's delegations (all for the Secretariat)."""
    qs = Practice.objects.all()
    if is_secretariat(viewer):
        return qs
    if viewer.delegation_country_ids:
        return qs.filter(status=Practice.Status.PUBLISHED) | qs.filter(
            country_id__in=viewer.delegation_country_ids
        )
    return qs.filter(status=Practice.Status.PUBLISHED)


def _filtered(qs: QuerySet[Practice], filters: SearchFilters) -> QuerySet[Practice]:
    if filters.country:
        qs = qs.filter(country__iso3=filters.country.upper())
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.sector:
        qs = qs.filter(sectors__code=filters.sector, sectors__kind=Topic.Kind.SECTOR)
    if filters.theme:
        qs = qs.filter(themes__code=filters.theme, themes__kind=Topic.Kind.THEME)
    return qs


def fuse(rankings: list[list[int]], *, k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each list adds 1/(k + rank) to the items it ranks."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], -pair[0]))


def _language_names() -> dict[str, str]:
    from django.conf import settings

    return dict(settings.LANGUAGES)


def _facets(qs: QuerySet[Practice]) -> dict[str, list[FacetValue]]:
    languages = _language_names()
    countries = (
        qs.values("country__iso3", "country__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "country__name")
    )
    sectors = (
        qs.filter(sectors__isnull=False)
        .values("sectors__code", "sectors__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "sectors__name")
    )
    themes = (
        qs.filter(themes__isnull=False)
        .values("themes__code", "themes__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "themes__name")
    )
    language_counts = (
        qs.values("language").annotate(n=Count("pk", distinct=True)).order_by("-n", "language")
    )
    return {
        "country": [FacetValue(r["country__iso3"], r["country__name"], r["n"]) for r in countries],
        "sector": [FacetValue(r["sectors__code"], r["sectors__name"], r["n"]) for r in sectors],
        "theme": [FacetValue(r["themes__code"], r["themes__name"], r["n"]) for r in themes],
        "language": [
            FacetValue(r["language"], languages.get(r["language"], r["language"]), r["n"])
            for r in language_counts
        ],
    }


def _load(ids: list[int]) -> dict[int, Practice]:
    practices = (
        Practice.objects.filter(pk__in=ids)
        .select_related("country", "organisation")
        .prefetch_related(
            Prefetch("sectors", queryset=Topic.objects.order_by("name")),
            Prefetch("themes", queryset=Topic.objects.order_by("name")),
            Prefetch("translations", queryset=PracticeTranslation.objects.order_by("language")),
        )
        .defer("body", "search_text")
    )
    return {p.pk: p for p in practices}


def _translation_for(practice: Practice, language: str) -> PracticeTranslation | None:
    if practice.language == language:
        return None
    return next((t for t in practice.translations.all() if t.language == language), None)


def search_practices(
    *, query: str, viewer: Viewer, filters: SearchFilters | None = None, limit: int = 20
) -> SearchResults:
    """Find the practices the viewer may see that match ``query`` (all of them when empty),
    ranked by keyword and meaning together, with facet counts over every match."""
    filters = filters or SearchFilters()
    query = query.strip()[:200]
    allowed = _filtered(visible_practices(viewer=viewer), filters)
    language = (get_language() or "en").lower()
    if not query:
        total = allowed.count()
        ids = list(
            allowed.order_by("-published_at", "-updated_at", "-pk")
            .values_list("pk", flat=True)
            .distinct()[:limit]
        )
        ranked: list[tuple[int, float]] = [(pk, 0.0) for pk in ids]
        keyword_ranks: dict[int, int] = {}
        semantic_scores: dict[int, float] = {}
        facets = _facets(allowed)
    else:
        keyword = _keyword_ids(query, k=CANDIDATES)
        semantic = _nearest(embeddings.embed_query(query), k=CANDIDATES, floor=SEMANTIC_FLOOR)
        candidates = set(keyword) | {pk for pk, _s in semantic}
        permitted = set(allowed.filter(pk__in=candidates).values_list("pk", flat=True))
        keyword = [pk for pk in keyword if pk in permitted]
        semantic = [(pk, s) for pk, s in semantic if pk in permitted]
        keyword_ranks = {pk: rank for rank, pk in enumerate(keyword, start=1)}
        semantic_scores = dict(semantic)
        fused = fuse([keyword, [pk for pk, _s in semantic]])
        total = len(fused)
        ranked = fused[:limit]
        facets = _facets(Practice.objects.filter(pk__in=[pk for pk, _s in fused]))
    practices = _load([pk for pk, _s in ranked])
    hits = [
        Hit(
            practice=practices[pk],
            score=score,
            keyword_rank=keyword_ranks.get(pk),
            semantic_score=semantic_scores.get(pk),
            translation=_translation_for(practices[pk], language),
        )
        for pk, score in ranked
        if pk in practices
    ]
    return SearchResults(hits=hits, total=total, facets=facets)


def similar_practices(*, practice: Practice, viewer: Viewer, limit: int = 5) -> list[Hit]:
    """The practices closest in meaning to ``practice`` that the viewer may see."""
    ids, vectors = _vectors()
    position = np.flatnonzero(ids == practice.pk)
    if not len(position):
        return []
    nearest = _nearest(vectors[position[0]], k=limit * 4 + 1, floor=0.0)
    nearest = [(pk, s) for pk, s in nearest if pk != practice.pk]
    permitted = set(
        visible_practices(viewer=viewer)
        .filter(pk__in=[pk for pk, _s in nearest])
        .values_list("pk", flat=True)
    )
    chosen = [(pk, s) for pk, s in nearest if pk in permitted][:limit]
    loaded = _load([pk for pk, _s in chosen])
    language = (get_language() or "en").lower()
    return [
        Hit(
            practice=loaded[pk],
            score=s,
            semantic_score=s,
            translation=_translation_for(loaded[pk], language),
        )
        for pk, s in chosen
        if pk in loaded
    ]
