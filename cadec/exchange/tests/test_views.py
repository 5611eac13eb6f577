"""The exchange pages: search with facets, a practice with its similar practices, the forms,
moderation, matches; an XSS corpus stays inert; pinned query counts."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cadec.exchange.models import Practice
from cadec.exchange.tests.factories import practice

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
    framework, delegate_viet_nam, secretariat_officer, client_for
):
    payload = " ".join(XSS)
    shared = practice(
        delegate_viet_nam,
        title=payload[:200],
        summary=payload,
        body=payload,
        publish_by=secretariat_officer,
    )
    client = client_for(secretariat_officer)
    for url in (
        reverse("exchange_practices"),
        reverse("exchange_practices") + "?q=script",
        reverse("exchange_practice", args=[shared.pk]),
        reverse("exchange_practice_edit", args=[shared.pk]),
        reverse("exchange_moderation"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inert(response.content.decode()) == [], url


def test_the_list_searches_across_languages_with_facets_in_pinned_queries(
    demonstration, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exchange_practices"), {"q": "การชำระเงินผ่านมือถือ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="id"' in html  # an Indonesian practice on mobile payments
    assert "Country" in html
    assert "?q=" in html
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exchange_practices"), {"country": "THA"})
    assert response.content.decode().count('class="card hit"') == 4


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
