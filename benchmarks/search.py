"""Benchmark: hybrid search over N synthetic practices (budgets: keyword p95 ≤ 20 ms, hybrid p95
≤ 80 ms at 100k) and cross-lingual retrieval quality on a parallel set.

    uv run python benchmarks/search.py [--n 100000] [--queries 200]

It works in a temporary directory of its own: a fresh SQLite database (WAL, as configured) with
the reference configuration. It embeds the parallel set of ``cadec.exchange.languages`` (51
sentence tuples about digital-economy practice in the ten languages of the framework: English,
Chinese, Vietnamese, Thai, Indonesian, Malay, Khmer, Lao, Burmese and Filipino) with the real
model, as passages and as queries, then writes N published practices whose titles and summaries
are sentences of that set, in the ten languages, and whose vectors are the real embeddings of
those sentences plus a little noise (embedding 100k texts takes the model about an hour on 2
cores; the embedding throughput is measured and printed instead). It times the keyword index
build (search texts, then the FTS5 trigram table), keyword queries (3+ characters through FTS5;
1–2 characters through the instr() scan), hybrid queries through ``search_practices`` (the
query's embedding included), and prints per query language: recall@1 and recall@10 (a sentence
as a query against the 459 sentences of the nine other languages: is a translation of it first,
among the first ten?) and R-precision (the share of its nine translations among the first
nine), as the model encodes the texts and as search compares them, with the directions of
language projected out. Those directions are computed from the parallel set itself, so here
they are cross-fitted: each half of the tuples is searched with directions computed from the
other half.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = {
    "en": "SGP",
    "zh-hans": "CHN",
    "vi": "VNM",
    "th": "THA",
    "id": "IDN",
    "ms": "MYS",
    "km": "KHM",
    "lo": "LAO",
    "my": "MMR",
    "fil": "PHL",
}
KEYWORD_QUERIES = [
    "mobile phone",
    "hospital",
    "手机收到",
    "视频通话",
    "điện thoại",
    "bệnh viện",
    "โทรศัพท์มือถือ",
    "โรงพยาบาล",
    "pembayaran",
    "rumah sakit",
    "telefon bimbit",
    "digital",
    "ទូរស័ព្ទ",
    "ໂທລະສັບ",
    "ဆေးရုံ",
    "magsasaka",
]
SHORT_QUERIES = ["医院", "手机", "ผัก", "ข้า", "QR", "GPS"]
HYBRID_QUERIES = [
    "การชำระเงินผ่านมือถือสำหรับเกษตรกร",
    "远程医疗",
    "truy vết tiếp xúc",
    "lampu isyarat pintar",
    "digital identity for citizens",
    "pembelajaran daring",
    "网上开店培训",
    "cảm biến nhà máy",
    "ประชาชนเข้าสู่บริการภาครัฐ",
    "dompet digital pekerja",
    "flood warning river",
    "无人机 稻田",
    "ការទូទាត់តាមទូរស័ព្ទ",
    "ການແພດທາງໄກ",
    "မိုဘိုင်းငွေပေးချေမှု",
    "online na pag-aaral",
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def timed(function, arguments: list) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def timed_phases(rebuild) -> tuple[float, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Run ``rebuild(progress=…)``; its time in all, and of each phase it reports (to the end
    of its last step)."""
    phases: dict[str, float] = {}
    started = time.perf_counter()

    def progress(phase: str, done: int, total: int) -> None:
        if done >= total:
            phases[phase] = time.perf_counter() - started - sum(phases.values())

    rebuild(progress=progress)
    return time.perf_counter() - started, phases


def _without(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    projected = vectors - (vectors @ basis.T) @ basis
    return projected / np.linalg.norm(projected, axis=-1, keepdims=True)


def retrieval(
    passages: np.ndarray, queries: np.ndarray, languages, directions_from
) -> dict[str, dict[str, tuple[float, float, float]]]:  # type: ignore[no-untyped-def]
    """Per query language and way of comparing: recall@1, recall@10 and R-precision.

    ``passages`` and ``queries`` are the set embedded both ways, (tuples, languages, dimensions).
    """
    n, count, _dimensions = passages.shape
    fold = np.arange(n) % 2
    # "model": the vectors as encoded; "search": the language directions (from the other half
    # of the tuples) projected out.
    ways = {"model": [(passages, queries)] * 2, "search": []}
    for half in (0, 1):
        basis = directions_from(passages[fold != half], queries[fold != half])
        ways["search"].append((_without(passages, basis), _without(queries, basis)))
    result: dict[str, dict[str, tuple[float, float, float]]] = {}
    for i, lang in enumerate(languages):
        others = [j for j in range(count) if j != i]
        tuple_of = np.repeat(np.arange(n), len(others))
        result[lang] = {}
        for way, by_half in ways.items():
            at1 = at10 = precision = 0.0
            for t in range(n):
                corpus, asked = by_half[fold[t]]
                scores = corpus[:, others].reshape(-1, corpus.shape[-1]) @ asked[t, i]
                ranked = tuple_of[np.argsort(-scores)]
                at1 += float(ranked[0] == t)
                at10 += float(t in ranked[:10])
                precision += float(np.mean(ranked[: len(others)] == t))
            result[lang][way] = (at1 / n, at10 / n, precision / n)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic practices")
    parser.add_argument("--queries", type=int, default=200, help="timed queries of each kind")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    with tempfile.TemporaryDirectory(prefix="cadec-bench-search-") as tmp:
        os.environ["CADEC_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import transaction

        from cadec.exchange import embeddings, languages, search
        from cadec.exchange.languages import LANGUAGES, PARALLEL
        from cadec.exchange.models import Practice, PracticeEmbedding
        from cadec.members.models import Organisation, Topic
        from cadec.members.permissions import Viewer
        from cadec.members.reference import load_reference_configuration

        now = datetime.now(tz=UTC)
        call_command("migrate", interactive=False, verbosity=0)
        framework = load_reference_configuration(now=now)
        delegations = {
            lang: Organisation.objects.get(
                framework=framework, kind="DELEGATION", country__iso3=iso3
            )
            for lang, iso3 in COUNTRIES.items()
        }
        sectors = list(Topic.objects.filter(kind="SECTOR").order_by("pk"))

        started = time.perf_counter()
        vectors, query_vectors = languages.embed_set()
        embedded = time.perf_counter() - started
        count = 2 * vectors.shape[0] * vectors.shape[1]
        print(
            f"model: {embeddings.MODEL_NAME}; embedded {count} sentences (the parallel set as "
            f"passages and as queries) in {embedded:.1f} s ({count / embedded:.0f} per second, "
            "model load included)"
        )

        rng = random.Random(20200612)
        noise = np.random.default_rng(20200612)
        started = time.perf_counter()
        with transaction.atomic():
            batch: list[Practice] = []
            vector_rows: list[PracticeEmbedding] = []
            through: list = []
            for number in range(1, args.n + 1):
                li = rng.randrange(len(LANGUAGES))
                lang = LANGUAGES[li]
                a, b = rng.randrange(len(PARALLEL)), rng.randrange(len(PARALLEL))
                delegation = delegations[lang]
                batch.append(
                    Practice(
                        pk=number,
                        title=PARALLEL[a][li][:200],
                        summary=f"{PARALLEL[a][li]} {PARALLEL[b][li]}",
                        body=f"<p>{PARALLEL[b][li]}</p>",
                        country_id=delegation.country_id,
                        organisation=delegation,
                        language=lang,
                        status=Practice.Status.PUBLISHED,
                        is_demonstration=True,
                        created_at=now,
                        updated_at=now,
                        published_at=now,
                    )
                )
                vector = vectors[a, li] + 0.3 * vectors[b, li]
                vector = vector + noise.normal(0, 0.01, embeddings.DIMENSIONS)
                vector = (vector / np.linalg.norm(vector)).astype(np.float32)
                vector_rows.append(
                    PracticeEmbedding(
                        practice_id=number,
                        vector=embeddings.to_bytes(vector),
                        model=embeddings.MODEL_NAME,
                        text_hash="synthetic",
                        computed_at=now,
                    )
                )
                through.append(
                    Practice.sectors.through(
                        practice_id=number, topic_id=sectors[number % len(sectors)].pk
                    )
                )
                if len(batch) == 5000:
                    Practice.objects.bulk_create(batch)
                    PracticeEmbedding.objects.bulk_create(vector_rows)
                    Practice.sectors.through.objects.bulk_create(through)
                    batch, vector_rows, through = [], [], []
            Practice.objects.bulk_create(batch)
            PracticeEmbedding.objects.bulk_create(vector_rows)
            Practice.sectors.through.objects.bulk_create(through)
        print(f"wrote {args.n:,} practices in {time.perf_counter() - started:.1f} s")

        for label in ("keyword index build", "keyword index rebuild, nothing changed"):
            spent, phases = timed_phases(search.rebuild_keyword_index)
            detail = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in phases.items())
            print(f"{label}: {spent:.1f} s ({detail})")
        started = time.perf_counter()
        search._vectors()
        print(f"semantic matrix load: {time.perf_counter() - started:.2f} s")

        anonymous = Viewer(user=None, on=now.date())
        repeats = max(1, args.queries // len(KEYWORD_QUERIES))
        for label, queries in (
            ("keyword, 3+ chars (FTS5)", KEYWORD_QUERIES),
            ("keyword, 1-2 chars (instr scan)", SHORT_QUERIES),
        ):
            timed(lambda q: search._keyword_ids(q, k=search.CANDIDATES), queries)  # warm
            samples = timed(
                lambda q: search._keyword_ids(q, k=search.CANDIDATES),
                (queries * (args.queries // len(queries) + 1))[: args.queries],
            )
            p50, p95 = percentiles(samples)
            print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} queries)")

        def hybrid(query: str) -> None:
            # A fresh query each time: the embedding is part of the cost.
            search.search_practices(query=query, viewer=anonymous, limit=20)

        timed(hybrid, HYBRID_QUERIES)  # warm
        samples = timed(hybrid, (HYBRID_QUERIES * (repeats + 20))[: args.queries])
        p50, p95 = percentiles(samples)
        print(
            f"hybrid (query embedding + keyword + k-NN over {args.n:,} + fusion + facets): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} queries)"
        )

        def browse(_number: int) -> None:
            search.search_practices(query="", viewer=anonymous, limit=30)

        cache.clear()
        (first,) = timed(browse, [0])
        p50, p95 = percentiles(timed(browse, list(range(args.queries))))
        print(
            f"no query (newest 30, count, facets): {first:.0f} ms once (facets counted), then "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (facets cached, {args.queries} requests)"
        )

        print(
            f"cross-lingual retrieval, {len(PARALLEL)} tuples × {len(LANGUAGES)} languages "
            "(each sentence against the sentences of the nine other languages):"
        )
        print("  language  as encoded: R@1  R@10  R-prec | as searched: R@1  R@10  R-prec")
        quality = retrieval(vectors, query_vectors, LANGUAGES, languages.directions_from)
        for lang, ways in quality.items():
            encoded, searched = ways["model"], ways["search"]
            print(
                f"  {lang:8}  {encoded[0]:14.2f} {encoded[1]:5.2f} {encoded[2]:7.2f} |"
                f" {searched[0]:15.2f} {searched[1]:5.2f} {searched[2]:7.2f}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS of the process): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
