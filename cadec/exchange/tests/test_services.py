"""Moderation, sanitising, needs, offers, matches and their reasons, translation, the CLI."""

import sys

import pytest

from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.exchange import matchmaking, search, services, translation
from cadec.exchange.models import Kind, Match, Need, Practice
from cadec.exchange.tests.factories import practice, viewer
from cadec.members.models import Topic

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_moderation_before_anyone_else_sees_it(
    framework, delegate_viet_nam, delegate_thailand, secretariat_officer, now
):
    draft = practice(delegate_viet_nam)
    assert draft.status == Practice.Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.publish_practice(viewer=viewer(delegate_viet_nam), practice=draft, now=now)
    with pytest.raises(Conflict):
        services.publish_practice(viewer=viewer(secretariat_officer), practice=draft, now=now)
    with pytest.raises(PermissionDenied):
        services.submit_practice(viewer=viewer(delegate_thailand), practice=draft, now=now)
    services.submit_practice(viewer=viewer(delegate_viet_nam), practice=draft, now=now)
    returned = services.return_practice(
        viewer=viewer(secretariat_officer), practice=draft, reason="Add the results.", now=now
    )
    assert returned.status == Practice.Status.DRAFT
    services.submit_practice(viewer=viewer(delegate_viet_nam), practice=draft, now=now)
    published = services.publish_practice(
        viewer=viewer(secretariat_officer), practice=draft, now=now
    )
    assert published.status == Practice.Status.PUBLISHED
    assert published.published_at == now


def test_a_published_practice_is_edited_by_the_secretariat_only(
    framework, delegate_viet_nam, secretariat_officer, now
):
    shared = practice(delegate_viet_nam, publish_by=secretariat_officer)
    data = services.PracticeData(title="New", summary="New summary.", body="", language="en")
    with pytest.raises(PermissionDenied):
        services.update_practice(
            viewer=viewer(delegate_viet_nam), practice=shared, data=data, now=now
        )
    services.update_practice(
        viewer=viewer(secretariat_officer), practice=shared, data=data, now=now
    )
    assert search._keyword_ids("New summary", k=5) == [shared.pk]


def test_the_chair_seat_and_observers_share_no_practices(framework, chair_2020, observer, now):
    data = services.PracticeData(title="T", summary="S", body="", language="en")
    for person in (chair_2020, observer):
        with pytest.raises(PermissionDenied):
            services.create_practice(viewer=viewer(person), data=data, now=now)


def test_the_body_is_sanitised_when_written(framework, delegate_viet_nam):
    shared = practice(
        delegate_viet_nam,
        body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">a</a>'
        ' <a href="https://example.org">b</a></p>',
    )
    assert "script" not in shared.body
    assert "onclick" not in shared.body
    assert "javascript:" not in shared.body
    assert 'href="https://example.org"' in shared.body


def test_a_practice_in_another_language_than_the_frameworks_is_refused(
    framework, delegate_viet_nam
):
    with pytest.raises(DomainError) as error:
        practice(delegate_viet_nam, language="xx")
    assert error.value.field == "language"


def test_a_translation_is_in_another_language(framework, delegate_viet_nam, now):
    shared = practice(delegate_viet_nam, language="vi", title="Truy vết")
    with pytest.raises(DomainError):
        services.add_translation(
            viewer=viewer(delegate_viet_nam),
            practice=shared,
            language="vi",
            title="x",
            summary="y",
            body="",
            now=now,
        )


def _listing(kind=Kind.EXPERTISE, title="", description="", language="en", sectors=()):  # type: ignore[no-untyped-def]
    return services.ListingData(
        kind=kind,
        title=title,
        description=description,
        language=language,
        sectors=tuple(Topic.objects.filter(kind="SECTOR", code__in=sectors)),
    )


def test_matchmaking_explains_each_suggestion(
    framework, delegate_viet_nam, delegate_thailand, secretariat_officer, now
):
    practice(
        delegate_thailand,
        title="การชำระเงินผ่านมือถือสำหรับเกษตรกร",
        summary="เกษตรกรรับเงินค่าผลผลิตผ่านโทรศัพท์มือถือโดยไม่ต้องมีบัญชีธนาคาร",
        language="th",
        sectors=("agriculture", "finance"),
        publish_by=secretariat_officer,
    )
    search.embed_practices()
    offer = services.create_offer(
        viewer=viewer(delegate_thailand),
        data=_listing(
            title="Mobile payments for farmers",
            description="Our experience paying farmers through mobile wallets.",
            sectors=("agriculture",),
        ),
        now=now,
    )
    need = services.create_need(
        viewer=viewer(delegate_viet_nam),
        data=_listing(
            title="Paying farmers by phone",
            description="How can farmers without bank accounts be paid by mobile phone?",
            sectors=("agriculture",),
        ),
        now=now,
    )
    suggestions = matchmaking.suggestions_for(need=need)
    by_offer = next(s for s in suggestions if s.offer == offer)
    assert by_offer.reason == (
        "same sector: agriculture; same kind of help: expertise; "
        "close in meaning: Mobile payments for farmers"
    )
    by_practice = next(s for s in suggestions if s.practice is not None)
    assert by_practice.reason.startswith("same sector: agriculture; close in meaning: ")
    assert 0 < by_practice.score <= by_offer.score <= 1
    created = services.suggest_matches(need=need, now=now)
    assert {m.status for m in created} == {Match.Status.SUGGESTED}
    assert services.suggest_matches(need=need, now=now) == []  # suggested once


def test_a_need_is_not_matched_with_its_own_delegations_offer(framework, delegate_viet_nam, now):
    data = _listing(title="Drones for rice fields", description="Drones for spraying rice.")
    services.create_offer(viewer=viewer(delegate_viet_nam), data=data, now=now)
    need = services.create_need(viewer=viewer(delegate_viet_nam), data=data, now=now)
    assert matchmaking.suggestions_for(need=need) == []


def test_a_match_moves_one_step_at_a_time(
    framework, delegate_viet_nam, delegate_thailand, observer, now
):
    data = _listing(title="Training", description="Training on e-commerce.")
    need = services.create_need(viewer=viewer(delegate_viet_nam), data=data, now=now)
    offer = services.create_offer(viewer=viewer(delegate_thailand), data=data, now=now)
    match = Match.objects.create(
        need=need, offer=offer, score=0.9, reason="r", created_at=now, updated_at=now
    )
    with pytest.raises(Conflict):
        services.advance_match(
            viewer=viewer(delegate_viet_nam), match=match, status="DONE", now=now
        )
    with pytest.raises(PermissionDenied):
        services.advance_match(viewer=viewer(observer), match=match, status="CONTACTED", now=now)
    for status in ("CONTACTED", "IN_PROGRESS", "DONE"):
        match = services.advance_match(
            viewer=viewer(delegate_thailand), match=match, status=status, now=now
        )
    assert match.status == Match.Status.DONE
    assert Need.objects.count() == 1


class FakeTranslator:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def translate(self, *, text: str, source: str, target: str) -> str:
        self.calls.append((text, source, target))
        return f"[{target}] {text}"


def test_machine_translation_goes_through_the_interface_and_is_off_by_default(settings):
    fake = FakeTranslator()
    assert (
        translation.machine_translate(text="Truy vết", source="vi", target="th", using=fake)
        == "[th] Truy vết"
    )
    assert fake.calls == [("Truy vết", "vi", "th")]
    settings.CADEC_LIBRETRANSLATE_URL = ""
    assert translation.translator() is None
    with pytest.raises(translation.TranslationUnavailable):
        translation.machine_translate(text="x", source="vi", target="th")
    settings.CADEC_LIBRETRANSLATE_URL = "http://127.0.0.1:5000/"
    engine = translation.translator()
    assert isinstance(engine, translation.LibreTranslate)
    assert engine.url == "http://127.0.0.1:5000"


def test_the_libretranslate_client_maps_language_codes(monkeypatch):
    import io
    import json

    sent = {}

    def urlopen(request, timeout):  # type: ignore[no-untyped-def]
        sent.update(json.loads(request.data))
        return io.BytesIO(json.dumps({"translatedText": "远程医疗"}).encode())

    monkeypatch.setattr(translation.urllib.request, "urlopen", urlopen)
    engine = translation.LibreTranslate("http://mt.invalid")
    assert engine.translate(text="Telemedicine", source="en", target="zh-hans") == "远程医疗"
    assert sent["target"] == "zh"


def test_reindex_rebuilds_both_indexes_with_a_progress_line(demonstration, capsys):
    from cadec import cli

    assert cli.main(["reindex", "--all"]) == 0
    captured = capsys.readouterr()
    assert f"Reindexed {len(demonstration)} practices" in captured.out
    assert "100%" in captured.err
    assert sys.stderr is not None


def test_each_step_of_a_match_is_mailed_to_both_delegations_authors(
    framework,
    delegate_viet_nam,
    delegate_thailand,
    now,
    settings,
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    settings.CADEC_SITE_URL = "https://cadec.example.org"
    data = _listing(title="Training", description="Training on e-commerce.")
    need = services.create_need(viewer=viewer(delegate_viet_nam), data=data, now=now)
    offer = services.create_offer(viewer=viewer(delegate_thailand), data=data, now=now)
    match = Match.objects.create(
        need=need, offer=offer, score=0.9, reason="same kind", created_at=now, updated_at=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.advance_match(
            viewer=viewer(delegate_thailand), match=match, status="CONTACTED", now=now
        )
    mails = [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.order_by("pk")]
    assert sorted(m["to"][0] for m in mails) == [delegate_thailand.email, delegate_viet_nam.email]
    assert mails[0]["subject"] == "CADEC match for “Training”: contacted"
    assert "Why: same kind" in mails[0]["body"]
    assert f"https://cadec.example.org/exchange/needs/{need.pk}/" in mails[0]["body"]
