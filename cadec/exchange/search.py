"""Search over practices: keyword and cross-lingual semantic results fused into one ranking.

One function at the face, ``search_practices``. The keyword half uses SQLite FTS5 with the
trigram tokenizer (PostgreSQL: pg_trgm), which matches inside unspaced Chinese, Thai, Khmer, Lao
and Burmese; queries shorter than a trigram fall back to a substring scan. The semantic half
compares the query's multilingual-e5 embedding with every stored practice vector (exact k-NN in
NumPy) once the directions in which the model encodes a text's language are projected out of
both (``languages``), so a Thai query finds a Vietnamese practice on its subject before an
unrelated Lao one. Reciprocal rank fusion merges the two.
"""

import hashlib
import html
import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import nh3
import numpy as np
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from cadec.exchange import embeddings, languages
from cadec.exchange.models import Practice, PracticeEmbedding, PracticeTranslation
from cadec.members.models import Topic
from cadec.members.permissions import Viewer, is_secretariat

RRF_K = 60  # the constant of reciprocal rank fusion (Cormack et al. 2009)
CANDIDATES = 200  # per half, before permission filtering and fusion
# The cosine, with the directions of language projected out, from which a practice found by
# meaning alone is a hit. Measured with 27 queries in the ten languages on the reference
# practices: 92% of the practices off the query's subject score below 0.12, two thirds of
# those on it above (short queries score lower: a Vietnamese contact-tracing practice scores
# 0.13 for a two-word Thai query, 0.43 for a sentence). The raw cosine could not serve:
# multilingual-e5 puts any two texts at 0.75-0.9, and a short Thai query nearer unrelated Lao,
# Khmer and Burmese texts than a Vietnamese one on its subject.
SEMANTIC_FLOOR = 0.12
# The facets of the published practices are cached under a key that changes with them.
FACETS_CACHED_FOR = 24 * 3600
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


def _searchable(
    title: str, summary: str, body: str, results: str, translations: Iterable[tuple[str, str, str]]
) -> str:
    parts = [title, summary, plain_text(body), results]
    for t_title, t_summary, t_body in translations:
        parts += [t_title, t_summary, plain_text(t_body)]
    return "\n".join(part for part in parts if part)


def practice_text(practice: Practice, translations: Iterable[PracticeTranslation] = ()) -> str:
    """Everything searchable of a practice and its translations, as plain text."""
    return _searchable(
        practice.title,
        practice.summary,
        practice.body,
        practice.results,
        ((t.title, t.summary, t.body) for t in translations),
    )


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
def rebuild_keyword_index(*, progress: Progress | None = None, batch: int = 5000) -> int:
    """Recompute every practice's search text, writing those that changed, then rebuild the
    keyword index from them; return the number of practices.

    Plain values and one ``executemany`` per batch, not model instances and ``bulk_update``
    (whose CASE expressions took two thirds of the time); the FTS rows are copied from the
    practice table by SQLite itself, in one transaction with the rest.
    """
    total = Practice.objects.count()
    done, bounds, counts = 0, [0], [0]
    while done < total:
        rows = list(
            Practice.objects.filter(pk__gt=bounds[-1])
            .order_by("pk")
            .values_list("pk", "title", "summary", "body", "results", "search_text")[:batch]
        )
        if not rows:
            break
        translations: dict[int, list[tuple[str, str, str]]] = {}
        for practice_id, *texts in (
            PracticeTranslation.objects.filter(
                practice_id__gt=bounds[-1], practice_id__lte=rows[-1][0]
            )
            .order_by("pk")
            .values_list("practice_id", "title", "summary", "body")
        ):
            t_title, t_summary, t_body = texts
            translations.setdefault(practice_id, []).append((t_title, t_summary, t_body))
        changed = []
        for pk, title, summary, body, results, stored in rows:
            text = _searchable(title, summary, body, results, translations.get(pk, ()))
            if text != stored:
                changed.append((text, pk))
        if changed:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE exchange_practice SET search_text = %s WHERE id = %s", changed
                )
        done += len(rows)
        bounds.append(rows[-1][0])
        counts.append(done)
        if progress:
            progress("search text", done, total)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Dropping the table and creating it again (as its migration did) is five times
            # faster than deleting its rows, each of which FTS5 would take out of the index.
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                ["exchange_practice_fts"],
            )
            (create,) = cursor.fetchone()
            cursor.execute("DROP TABLE exchange_practice_fts")
            cursor.execute(create)
            for (low, high), copied in zip(itertools.pairwise(bounds), counts[1:], strict=True):
                cursor.execute(
                    "INSERT INTO exchange_practice_fts (rowid, search_text) "
                    "SELECT id, search_text FROM exchange_practice WHERE id > %s AND id <= %s",
                    [low, high],
                )
                if progress:
                    progress("keyword index", copied, done)
    if progress and total == 0:
        progress("search text", 0, 0)
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
        # The length of each vector once the language directions are projected out.
        self.neutral_norms = np.zeros(0, dtype=np.float32)
        self.lock = threading.Lock()


_matrix = _Matrix()


def _current_matrix() -> _Matrix:
    """Every stored practice vector, reloaded only when the table has changed."""
    # Both maxima come from indexes (a count would scan the table on every query). A deleted
    # practice's stale vector is harmless: hits are filtered against the practice table.
    state = PracticeEmbedding.objects.aggregate(last=Max("computed_at"), top=Max("pk"))
    key = (connection.alias, connection.settings_dict["NAME"], state["last"], state["top"])
    with _matrix.lock:
        if _matrix.key != key:
            rows = list(PracticeEmbedding.objects.values_list("practice_id", "vector"))
            vectors = (
                np.frombuffer(b"".join(bytes(v) for _pk, v in rows), dtype=np.float32)
                .reshape(len(rows), embeddings.DIMENSIONS)
                .copy()
            )
            # |Pv|² = |v|² - |Dv|² for the projection P that removes the orthonormal rows of D.
            along = vectors @ languages.directions().T
            squared = np.einsum("ij,ij->i", vectors, vectors) - np.einsum("ij,ij->i", along, along)
            _matrix.ids = np.fromiter((pk for pk, _v in rows), dtype=np.int64, count=len(rows))
            _matrix.vectors = vectors
            _matrix.neutral_norms = np.sqrt(np.maximum(squared, 1e-12)).astype(np.float32)
            _matrix.key = key
        return _matrix


def _vectors() -> tuple[np.ndarray, np.ndarray]:
    """Every stored practice id and vector (as the model encoded it)."""
    matrix = _current_matrix()
    return matrix.ids, matrix.vectors


def similarities(vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every stored practice id, and its closeness in meaning to ``vector``: the cosine with the
    directions of language projected out of both (see ``languages``)."""
    matrix = _current_matrix()
    # P is symmetric and idempotent, so (Pv)·(Pq) = v·(Pq): one product over the raw matrix.
    scores = (matrix.vectors @ languages.without_language(vector)) / matrix.neutral_norms
    return matrix.ids, scores


def _nearest(vector: np.ndarray, *, k: int, floor: float) -> list[tuple[int, float]]:
    """The ``k`` stored practices closest in meaning to ``vector`` (at least ``floor``)."""
    ids, scores = similarities(vector)
    if not len(ids):
        return []
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


def _unpublished_visible(*, viewer: Viewer) -> QuerySet[Practice] | None:
    """The drafts and submissions the viewer may see (all for the Secretariat, their
    delegations' for a delegate); None for everyone else."""
    unpublished = Practice.objects.exclude(status=Practice.Status.PUBLISHED)
    if is_secretariat(viewer):
        return unpublished
    if viewer.delegation_country_ids:
        return unpublished.filter(country_id__in=viewer.delegation_country_ids)
    return None


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


def _merged(
    first: dict[str, list[FacetValue]], second: dict[str, list[FacetValue]]
) -> dict[str, list[FacetValue]]:
    merged = {}
    for name in [*first, *(name for name in second if name not in first)]:
        counts: dict[str, FacetValue] = {}
        for value in [*first.get(name, []), *second.get(name, [])]:
            seen = counts.get(value.value)
            counts[value.value] = FacetValue(
                value.value, value.label, value.count + (seen.count if seen else 0)
            )
        merged[name] = sorted(counts.values(), key=lambda v: (-v.count, v.label))
    return merged


def _data_state() -> tuple[Any, ...]:
    """What changes whenever a practice is added, changed (services move ``updated_at``) or
    removed; three index look-ups (an aggregate of the three would scan the table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM exchange_practice), "
            "(SELECT MAX(updated_at) FROM exchange_practice), "
            "(SELECT MAX(id) FROM exchange_practice)"
        )
        return (connection.alias, connection.settings_dict["NAME"], *cursor.fetchone())


def _published_summary(filters: SearchFilters) -> tuple[int, dict[str, list[FacetValue]]]:
    """How many published practices match ``filters``, and their facets: the same for every
    viewer, so computed once per change of the practices (and per filters), then cached."""
    key = (
        "exchange:published:" + hashlib.sha256(repr((_data_state(), filters)).encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        published = _filtered(Practice.objects.filter(status=Practice.Status.PUBLISHED), filters)
        cached = (published.count(), _facets(published))
        cache.set(key, cached, timeout=FACETS_CACHED_FOR)
    return cached


def _browse(
    *, viewer: Viewer, filters: SearchFilters, limit: int
) -> tuple[list[tuple[int, float]], int, dict[str, list[FacetValue]]]:
    """Without a query: the newest published practices, then the viewer's unpublished ones
    (those sort last: they have no publication date), with the count and facets of all."""
    total, facets = _published_summary(filters)
    ids = list(
        _filtered(Practice.objects.filter(status=Practice.Status.PUBLISHED), filters)
        .order_by("-published_at", "-updated_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    unpublished = _unpublished_visible(viewer=viewer)
    if unpublished is not None:
        unpublished = _filtered(unpublished, filters)
        total += unpublished.count()
        facets = _merged(facets, _facets(unpublished))
        if len(ids) < limit:
            ids += unpublished.order_by("-updated_at", "-pk").values_list("pk", flat=True)[
                : limit - len(ids)
            ]
    return [(pk, 0.0) for pk in ids], total, facets


def search_practices(
    *, query: str, viewer: Viewer, filters: SearchFilters | None = None, limit: int = 20
) -> SearchResults:
    """Find the practices the viewer may see that match ``query`` (all of them when empty),
    ranked by keyword and meaning together, with facet counts over every match."""
    filters = filters or SearchFilters()
    query = query.strip()[:200]
    language = (get_language() or "en").lower()
    if not query:
        ranked, total, facets = _browse(viewer=viewer, filters=filters, limit=limit)
        keyword_ranks: dict[int, int] = {}
        semantic_scores: dict[int, float] = {}
    else:
        keyword = _keyword_ids(query, k=CANDIDATES)
        semantic = _nearest(embeddings.embed_query(query), k=CANDIDATES, floor=-1.0)
        # The floor keeps out practices found by meaning alone; a keyword hit keeps its rank by
        # meaning, however low, so that a literal match is not outranked by a mere neighbour.
        literal = set(keyword)
        semantic = [(pk, s) for pk, s in semantic if s >= SEMANTIC_FLOOR or pk in literal]
        candidates = literal | {pk for pk, _s in semantic}
        allowed = _filtered(visible_practices(viewer=viewer), filters)
        permitted = set(allowed.filter(pk__in=candidates).values_list("pk", flat=True))
        keyword = [pk for pk in keyword if pk in permitted]
        semantic = [(pk, s) for pk, s in semantic if pk in permitted]
        keyword_ranks = {pk: rank for rank, pk in enumerate(keyword, start=1)}
        semantic_scores = dict(semantic)
        fused: list[tuple[int, float]] = fuse([keyword, [pk for pk, _s in semantic]])
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
