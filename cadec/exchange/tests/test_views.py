"""The exchange pages: search with facets, a practice with its similar practices, the forms,
moderation, matches; an XSS corpus stays inert; pinned query counts."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cadec.exchange import services
from cadec.exchange.models import Kind, Match, Practice
from cadec.exchange.tests.factories import practice, viewer

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '"><script>alert(1)</script>',
    "<p style=\"background:url('javascript:alert(1)')\" onmouseover=alert(1)>x</p>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<body onload=alert(1)>",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.problems.append("script element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")
        if tag in ("iframe", "svg", "img") and tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"<{tag}> element")


ALLOWED_ELEMENTS: set[str] = set()


def inert(html: str) -> list[str]:
    """The elements as a browser would parse them: scripts, handlers, javascript: URLs."""
    parser = _Elements()
    parser.feed(html)
    return parser.problems


def test_an_xss_corpus_stays_inert_on_the_practice_pages(
    framework, delegate_viet_nam, secretariat_officer, client_for, now
):
    payload = " ".join(XSS)
    shared = practice(
        delegate_viet_nam,
        title=payload[:200],
        summary=payload,
        body=payload,
        publish_by=secretariat_officer,
    )
    services.add_translation(
        viewer=viewer(secretariat_officer),
        practice=shared,
        language="th",
        title=payload[:200],
        summary=payload,
        body=payload,
        now=now,
    )
    services.attach_file(
        viewer=viewer(secretariat_officer),
        practice=shared,
        name='"><img src=x onerror=alert(1)>.pdf',
        content=b"%PDF-1.7",
        now=now,
    )
    submitted = practice(delegate_viet_nam, title=payload[:200], summary=payload, body=payload)
    services.submit_practice(viewer=viewer(delegate_viet_nam), practice=submitted, now=now)
    client = client_for(secretariat_officer)
    for url in (
        reverse("exchange_practices"),
        reverse("exchange_practices") + "?q=script",
        reverse("exchange_practices") + "?q=script&language=th",
        reverse("exchange_practice", args=[shared.pk]),
        reverse("exchange_practice_edit", args=[shared.pk]),
        reverse("exchange_moderation"),
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
        html = response.content.decode()
        assert response.status_code == 200, url
        assert inert(html) == [], url
        assert "&lt;script&gt;" in html or "alert" not in html, url


def test_an_xss_corpus_stays_inert_on_the_needs_offers_matches_and_experts_pages(
    framework, delegate_viet_nam, delegate_thailand, secretariat_officer, client_for, now
):
    payload = " ".join(XSS)
    data = services.ListingData(
        kind=Kind.TRAINING, title=payload[:200], description=payload, language="en"
    )
    need = services.create_need(viewer=viewer(delegate_viet_nam), data=data, now=now)
    offer = services.create_offer(viewer=viewer(delegate_thailand), data=data, now=now)
    Match.objects.create(
        need=need, offer=offer, score=0.5, reason=payload, created_at=now, updated_at=now
    )
    services.list_expert(
        viewer=viewer(delegate_viet_nam), expertise=payload, topics=[], languages=[], now=now
    )
    client = client_for(secretariat_officer)
    for url in (
        reverse("exchange_listings"),
        reverse("exchange_need", args=[need.pk]),
        reverse("exchange_matches"),
        reverse("exchange_experts"),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert inert(html) == [], url
        assert "&lt;script&gt;" in html, url  # shown, as text
    response = client.get(reverse("exchange_experts"), {"topic": '"><script>alert(1)</script>'})
    assert inert(response.content.decode()) == []


def test_the_list_searches_across_languages_with_facets_in_pinned_queries(
    demonstration, client, django_assert_max_num_queries
):
    # Keyword, what may be seen, the facets (4), the hits with their topics and translations.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exchange_practices"), {"q": "การชำระเงินผ่านมือถือ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="id"' in html  # an Indonesian practice on mobile payments
    assert "Country" in html
    assert "?q=" in html
    # Without a query: the key of the cached facets, the 4 facets and the count (once per
    # change of the practices), the newest 30, the hits with their topics and translations.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("exchange_practices"))
    assert response.content.decode().count('class="card hit"') == 30
    with django_assert_max_num_queries(6):
        response = client.get(reverse("exchange_practices"))
    html = response.content.decode()
    assert "42 practices" in html
    assert html.count('class="card hit"') == 30
    with django_assert_max_num_queries(11):
        response = client.get(reverse("exchange_practices"), {"country": "THA"})
    assert response.content.decode().count('class="card hit"') == 4


def test_a_delegate_searches_with_their_drafts_in_pinned_queries(
    demonstration, delegate_viet_nam, client_for, django_assert_max_num_queries
):
    practice(delegate_viet_nam, title="Bản nháp: truy vết tiếp xúc", language="vi")
    client = client_for(delegate_viet_nam)
    url = reverse("exchange_practices")
    client.get(url)  # the facets of the published practices, cached for the next requests
    # Session, person, memberships, device; the cached facets' key, the newest 30, the drafts'
    # count and facets (5), the hits (4) and the delegation's drafts.
    with django_assert_max_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert "43 practices" in html
    assert "Bản nháp: truy vết tiếp xúc" in html  # under "Your delegation's drafts"
    client.get(url, {"q": "tracing"})  # the vectors, loaded once per process and change
    # The same four, keyword, vectors' key, what may be seen, facets (4), hits (4), drafts.
    with django_assert_max_num_queries(16):
        response = client.get(url, {"q": "truy vết"})
    assert "Bản nháp: truy vết tiếp xúc" in response.content.decode()


def test_a_practice_page_shows_similar_practices(
    demonstration, client, django_assert_max_num_queries
):
    telemedicine = next(p for p in demonstration if p.title.startswith("远程医疗"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("exchange_practice", args=[telemedicine.pk]))
    html = response.content.decode()
    assert "Similar practices" in html
    assert html.count('class="card hit"') == 5
    assert "demonstration data" in html


def test_a_delegate_shares_a_draft_and_the_secretariat_publishes_it(
    framework, delegate_viet_nam, secretariat_officer, client_for, client
):
    delegate = client_for(delegate_viet_nam)
    response = delegate.post(
        reverse("exchange_practice_create"),
        {"title": "Truy vết", "summary": "Ứng dụng truy vết.", "language": "vi"},
    )
    shared = Practice.objects.get()
    assert response.status_code == 302
    assert delegate.post(reverse("exchange_practice_submit", args=[shared.pk])).status_code == 302
    client.logout()
    assert client.get(reverse("exchange_practice", args=[shared.pk])).status_code == 404
    officer = client_for(secretariat_officer)
    queue = officer.get(reverse("exchange_moderation")).content.decode()
    assert "Truy vết" in queue
    response = officer.post(
        reverse("exchange_practice_moderate", args=[shared.pk]), {"decision": "publish"}
    )
    assert response.status_code == 302
    officer.logout()
    assert client.get(reverse("exchange_practice", args=[shared.pk])).status_code == 200


def test_a_form_with_bad_input_says_what_is_wrong(framework, delegate_viet_nam, client_for):
    response = client_for(delegate_viet_nam).post(
        reverse("exchange_practice_create"), {"title": "", "summary": "x", "language": "xx"}
    )
    assert response.status_code == 400
    assert Practice.objects.count() == 0


def test_the_api_searches_like_the_page(demonstration, client):
    response = client.get("/api/v1/exchange/practices", {"q": "医疗", "limit": 5})
    body = response.json()
    assert response.status_code == 200
    assert any(hit["practice"]["language"] == "zh-hans" for hit in body["hits"])
    assert {"country", "sector", "theme", "language"} <= body["facets"].keys()


def test_files_are_checked_by_content_and_size_and_served_as_downloads(
    framework, delegate_viet_nam, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadec.exchange.attachments import MAX_ATTACHMENT_BYTES
    from cadec.exchange.models import PracticeAttachment

    draft = practice(delegate_viet_nam)
    client = client_for(delegate_viet_nam)
    url = reverse("exchange_practice_attach", args=[draft.pk])

    def attach(name: str, content: bytes):  # type: ignore[no-untyped-def]
        return client.post(url, {"file": SimpleUploadedFile(name, content)})

    assert attach("report.pdf", b"%PDF-1.7\n...").status_code == 302
    disguised = attach("report.pdf", b"<html><script>alert(1)</script></html>")
    assert disguised.status_code == 400
    assert "none of them" in disguised.content.decode()
    assert attach("big.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES).status_code == 400
    assert attach("../../etc/x.png", b"\x89PNG\r\n\x1a\n....").status_code == 302
    names = list(PracticeAttachment.objects.order_by("pk").values_list("name", "content_type"))
    assert names == [("report.pdf", "application/pdf"), ("x.png", "image/png")]
    pdf = PracticeAttachment.objects.order_by("pk").first()
    response = client.get(reverse("exchange_attachment", args=[pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(reverse("exchange_attachment", args=[pdf.pk])).status_code == 404  # a draft's


def test_the_needs_offers_matches_and_experts_pages_cost_the_same_for_many_rows(
    framework,
    delegate_viet_nam,
    delegate_thailand,
    secretariat_officer,
    client_for,
    now,
    django_assert_max_num_queries,
):
    from cadec.members.models import Topic

    sectors = tuple(Topic.objects.filter(kind="SECTOR").order_by("pk")[:2])
    for number in range(6):
        data = services.ListingData(
            kind=Kind.TRAINING,
            title=f"Training {number}",
            description="Training for farmers.",
            language="en",
            sectors=sectors,
        )
        need = services.create_need(viewer=viewer(delegate_viet_nam), data=data, now=now)
        offer = services.create_offer(viewer=viewer(delegate_thailand), data=data, now=now)
        shared = practice(
            delegate_thailand, title=f"Practice {number}", publish_by=secretariat_officer
        )
        for kwargs in ({"offer": offer}, {"practice": shared}):
            Match.objects.create(
                need=need, score=0.5, reason="same sector", created_at=now, updated_at=now, **kwargs
            )
    for person in (delegate_viet_nam, delegate_thailand):
        services.list_expert(
            viewer=viewer(person), expertise="Training", topics=sectors, languages=[], now=now
        )
    client = client_for(delegate_viet_nam)
    # Each: session, person, memberships, device, then the page's own (pinned) queries.
    for url, queries, rows in (
        (reverse("exchange_listings"), 10, 'lang="en"'),
        (reverse("exchange_need", args=[need.pk]), 8, "same sector"),
        (reverse("exchange_matches"), 5, "same sector"),
        (reverse("exchange_experts"), 8, "Practice 5"),
    ):
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
        assert rows in response.content.decode(), url
