"""Search: keyword inside unspaced scripts, cross-lingual meaning, facets, visibility."""

import pytest
from django.core.management import call_command

from cadec.exchange import search, services
from cadec.exchange.models import PracticeEmbedding
from cadec.exchange.search import SearchFilters, search_practices
from cadec.exchange.tests.factories import practice, viewer

pytestmark = pytest.mark.django_db


def titles(results: search.SearchResults) -> list[str]:
    return [hit.practice.title for hit in results.hits]


def test_a_thai_query_finds_a_vietnamese_practice_and_a_chinese_one(demonstration):
    # "Remote medical consultation between hospitals and village clinics" and
    # "mobile-phone contact tracing", in Thai; neither shares a character with the targets.
    telemedicine = search_practices(
        query="การปรึกษาแพทย์ทางไกลระหว่างโรงพยาบาลกับคลินิกในหมู่บ้าน",
        viewer=viewer(None),
        limit=5,
    )
    tracing = search_practices(
        query="แอปติดตามผู้สัมผัสใกล้ชิดผ่านบลูทูธบนโทรศัพท์", viewer=viewer(None), limit=5
    )
    assert "远程医疗平台连接县级医院与乡村诊所" in titles(telemedicine)
    assert "Ứng dụng truy vết tiếp xúc trên điện thoại" in titles(tracing)
    hit = next(h for h in tracing.hits if h.practice.language == "vi")
    assert hit.semantic_score is not None
    assert hit.keyword_rank is None  # found by meaning alone


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("医疗", "远程医疗平台连接县级医院与乡村诊所"),
        ("直播", "农产品直播电商"),
        ("ตลาด", "ตลาดออนไลน์สำหรับเกษตรกร"),
        ("กษ", "ตลาดออนไลน์สำหรับเกษตรกร"),
    ],
)
def test_two_character_substrings_of_unspaced_scripts_are_found(demonstration, query, title):
    assert search._keyword_ids(query, k=50)
    assert title in titles(search_practices(query=query, viewer=viewer(None), limit=50))


def test_a_three_character_chinese_substring_goes_through_the_trigram_index(demonstration):
    ids = search._keyword_ids("县级医", k=10)
    assert [p.title for p in demonstration if p.pk in ids] == ["远程医疗平台连接县级医院与乡村诊所"]


def test_facets_count_the_matches_and_filters_narrow_them(demonstration):
    everything = search_practices(query="", viewer=viewer(None), limit=5)
    assert everything.total == len(demonstration)
    languages = {f.value: f.count for f in everything.facets["language"]}
    assert languages["zh-hans"] == 5
    assert {f.value for f in everything.facets["country"]} >= {"CHN", "VNM", "THA", "SGP"}
    thai = search_practices(
        query="", viewer=viewer(None), filters=SearchFilters(country="THA"), limit=50
    )
    assert thai.total == 4
    assert {h.practice.country.iso3 for h in thai.hits} == {"THA"}
    health = search_practices(
        query="", viewer=viewer(None), filters=SearchFilters(sector="health"), limit=50
    )
    assert all("health" in {t.code for t in h.practice.sectors.all()} for h in health.hits)


def test_drafts_are_found_by_their_delegation_only(framework, delegate_viet_nam, delegate_thailand):
    practice(delegate_viet_nam, title="Bản nháp về thanh toán di động", language="vi")
    query = "thanh toán"
    assert titles(search_practices(query=query, viewer=viewer(delegate_viet_nam)))
    assert titles(search_practices(query=query, viewer=viewer(delegate_thailand))) == []
    assert titles(search_practices(query=query, viewer=viewer(None))) == []


def test_results_offer_the_translation_in_the_readers_language(
    framework, delegate_viet_nam, secretariat_officer, now
):
    from django.utils import translation

    shared = practice(
        delegate_viet_nam,
        title="Truy vết tiếp xúc",
        summary="Ứng dụng truy vết.",
        language="vi",
        publish_by=secretariat_officer,
    )
    services.add_translation(
        viewer=viewer(secretariat_officer),
        practice=shared,
        language="en",
        title="Contact tracing",
        summary="A tracing app.",
        body="",
        now=now,
    )
    with translation.override("en"):
        hit = search_practices(query="tracing", viewer=viewer(None)).hits[0]
    assert hit.practice.language == "vi"
    assert hit.translation is not None
    assert hit.translation.title == "Contact tracing"


# The worker commits and closes its connection: on PostgreSQL that needs a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_embeds_a_practice_after_it_changes(
    framework, delegate_viet_nam, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = practice(delegate_viet_nam)
    assert not PracticeEmbedding.objects.filter(practice=created).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)
    assert PracticeEmbedding.objects.filter(practice=created).exists()


def test_similar_practices_are_close_in_meaning(demonstration):
    telemedicine = next(p for p in demonstration if p.title.startswith("远程医疗"))
    similar = search.similar_practices(practice=telemedicine, viewer=viewer(None), limit=5)
    assert telemedicine.pk not in {h.practice.pk for h in similar}
    assert any("health" in {t.code for t in h.practice.sectors.all()} for h in similar)


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = search.fuse([[1, 2, 3], [3, 1, 4]])
    assert [pk for pk, _score in fused][:2] == [1, 3]
