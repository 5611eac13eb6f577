"""The negotiation's pages: the three views, forms that never lose an edit, exports.

Pages that only the chair may use run with the clock at 12 June 2020 (the ``in_2020`` fixture
patches ``django.utils.timezone.now``, which the membership middleware and the views read), when
chair_2020 holds the ASEAN Chair.
"""

import io
from datetime import timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cadec.members.tests.factories import NOW
from cadec.negotiation import services
from cadec.negotiation.models import Amendment, Document, DocumentVersion, Paragraph
from cadec.negotiation.tests import factories


def signed_in(user):  # type: ignore[no-untyped-def]
    """A browser of its own for each person (``client_for`` shares one)."""
    from conftest import sign_in

    return sign_in(Client(), user)


@pytest.fixture
def delegate(delegate_viet_nam):  # type: ignore[no-untyped-def]
    return signed_in(delegate_viet_nam)


@pytest.fixture
def secretariat(secretariat_officer):  # type: ignore[no-untyped-def]
    return signed_in(secretariat_officer)


def page(document: Document, **query: str) -> str:
    url = reverse("negotiation_document", args=[document.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("view", ["clean", "bracketed", "compilation"])
def test_each_view_of_the_text_in_a_pinned_number_of_queries(
    delegate, document, thailand, view, django_assert_max_num_queries
):
    services.propose_amendment(
        viewer=thailand,
        paragraph=factories.paragraph(document, "2."),
        kind="REPLACE",
        target="data",
        text="information",
        now=NOW,
    )
    services.state_position(
        viewer=thailand, paragraph=factories.paragraph(document, "3."), stance="OBJECT", now=NOW
    )
    with django_assert_max_num_queries(16):
        response = delegate.get(page(document, view=view))
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    html = response.content.decode()
    assert "Nothing is agreed until everything is agreed." in html
    if view == "compilation":
        assert '<span class="bk">[shall]</span><sup class="holders">THA</sup>' in html
        assert "object: THA" in html
        assert "<ins>information</ins>" in html
    elif view == "bracketed":
        assert '<span class="bk">[shall]</span>' in html
        assert "holders" not in html.split('class="text"')[1]
    else:
        assert "No paragraph is agreed yet." not in html  # the heading is shown
        assert "share best practices" not in html  # bracketed text is not agreed text


def test_the_working_text_is_the_chairs_and_the_secretariats_desk(delegate, secretariat, document):
    assert delegate.get(page(document, version="draft")).status_code == 404
    assert secretariat.get(page(document, version="draft")).status_code == 200
    assert delegate.get(page(document, version="7")).status_code == 404


def test_an_edit_that_lost_the_race_shows_the_other_change_and_keeps_yours(
    secretariat, document, chair
):
    paragraph = factories.paragraph(document, "2.")
    url = reverse("negotiation_paragraph_edit", args=[paragraph.pk])
    form = secretariat.get(url)
    assert 'name="revision" value="1"' in form.content.decode()
    services.edit_paragraph(
        viewer=chair,
        paragraph=paragraph,
        markup="Members will cooperate on digital infrastructure, data and [skills]{SGP}.",
        expected_revision=1,
        now=NOW,
    )
    mine = "Members will cooperate closely on digital infrastructure and data."
    response = secretariat.post(url, {"label": "2.", "text": mine, "revision": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this paragraph first" in html
    assert "<ins>, data and [skills]{SGP}</ins>" in html or "<ins>" in html
    assert f"{mine}</textarea>" in html  # yours is kept
    assert 'name="revision" value="2"' in html  # saving again is a conscious overwrite
    saved = secretariat.post(url, {"label": "2.", "text": mine, "revision": "2"})
    assert saved.status_code == 302
    paragraph.refresh_from_db()
    assert (paragraph.revision, paragraph.current.text) == (3, mine)  # type: ignore[union-attr]


def test_a_bad_edit_is_named_on_its_field(secretariat, document):
    paragraph = factories.paragraph(document, "2.")
    response = secretariat.post(
        reverse("negotiation_paragraph_edit", args=[paragraph.pk]),
        {"label": "2.", "text": "Members [will meet.", "revision": "1"},
    )
    assert response.status_code == 400
    assert "never closed" in response.content.decode()


def test_a_delegate_tables_an_amendment_or_keeps_a_private_draft(delegate, document):
    url = reverse("negotiation_amendment_create", args=[document.pk])
    form = delegate.get(url + "?paragraph=p4")
    assert form.status_code == 200
    assert 'value="p4" selected' in form.content.decode()
    data = {
        "paragraph": "p4",
        "kind": "REPLACE",
        "target": "data",
        "occurrence": "1",
        "text": "information",
    }
    tabled = delegate.post(url, {**data, "action": "table"})
    assert tabled.status_code == 302
    draft = delegate.post(url, {**data, "action": "draft"})
    assert draft.status_code == 302
    assert list(Amendment.objects.order_by("pk").values_list("number", "status")) == [
        (1, "SUBMITTED"),
        (None, "DRAFT"),
    ]
    shown = delegate.get(draft.headers["Location"]).content.decode()
    assert "only your delegation sees it" in shown
    bad = delegate.post(url, {**data, "target": "submarine cables"})
    assert bad.status_code == 400
    assert "“submarine cables” does not occur" in bad.content.decode()


def test_the_chair_issues_the_next_revision_from_the_page(
    client_for, chair_2020, document, viet_nam, chair, in_2020
):
    amendment = services.propose_amendment(
        viewer=viet_nam,
        paragraph=factories.paragraph(document, "3."),
        kind="REPLACE",
        target="every year",
        text="every two years",
        now=NOW,
    )
    services.recommend_amendment(
        viewer=chair, amendment=amendment, recommendation="ACCEPT", now=NOW
    )
    client = client_for(chair_2020)
    url = reverse("negotiation_issue", args=[document.pk])
    preview = client.get(url).content.decode()
    assert "Issue Rev.1" in preview
    assert "A-1" in preview
    issued = client.post(url, {"note": "Second reading"})
    assert issued.status_code == 302
    assert issued.headers["Location"].endswith("?version=1")
    rev1 = DocumentVersion.objects.get(document=document, number=1)
    assert rev1.note == "Second reading"
    comparison = client.get(
        reverse("negotiation_compare", args=[document.pk]) + "?old=0&new=1"
    ).content.decode()
    assert "<del>year</del><ins>two years</ins>" in comparison.replace(" ", "") or (
        "<ins>two years</ins>" in comparison
    )


def test_the_chair_declares_and_a_capital_confirms_from_the_pages(
    client_for, chair_2020, head_viet_nam, document, in_2020
):
    paragraph = factories.paragraph(document, "2.")
    url = reverse("negotiation_paragraph", args=[paragraph.pk])
    chair = client_for(chair_2020)
    declared = chair.post(
        reverse("negotiation_paragraph_declare", args=[paragraph.pk]),
        {
            "status": "AD_REFERENDUM",
            "deadline": (NOW + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "awaiting": ["VNM"],
        },
    )
    assert declared.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.status == Paragraph.Status.AD_REFERENDUM
    head = client_for(head_viet_nam)
    assert "Send your capital" in head.get(url).content.decode()
    head.post(reverse("negotiation_paragraph_answer", args=[paragraph.pk]), {"confirm": "yes"})
    chair = client_for(chair_2020)
    chair.post(reverse("negotiation_paragraph_declare", args=[paragraph.pk]), {"status": "AGREED"})
    paragraph.refresh_from_db()
    assert paragraph.status == Paragraph.Status.AGREED
    refused = chair.post(
        reverse("negotiation_paragraph_declare", args=[factories.paragraph(document, "1.").pk]),
        {"status": "AGREED"},
        follow=True,
    )
    assert "still holds square brackets" in refused.content.decode()


def test_positions_are_stated_and_published_from_the_page(client_for, delegate_thailand, document):
    paragraph = factories.paragraph(document, "2.")
    thai = client_for(delegate_thailand)
    url = reverse("negotiation_paragraph_position", args=[paragraph.pk])
    thai.post(url, {"stance": "RESERVATION", "reason": "Awaiting instructions"})
    html = thai.get(reverse("negotiation_paragraph", args=[paragraph.pk])).content.decode()
    assert "unpublished position" in html
    assert "Awaiting instructions" in html
    assert thai.post(url, {"stance": "RESERVATION"}).status_code == 302  # publish unchecked
    missing = thai.post(url, {}, follow=True)
    assert "This field is required." in missing.content.decode()


def test_the_secretariat_imports_a_file_and_a_bad_line_is_named(secretariat):
    url = reverse("negotiation_document_import")
    data = {"symbol": "ACDEC/2020/7", "title": "Imported", "deadline": "2031-01-01T00:00"}
    good = secretariat.post(
        url,
        {
            **data,
            "file": SimpleUploadedFile(
                "draft.txt", b"1. Members [shall][should] meet.\n2. Members agree."
            ),
        },
    )
    assert good.status_code == 302
    assert Document.objects.get(symbol="ACDEC/2020/7").paragraphs.count() == 2
    bad = secretariat.post(
        url,
        {**data, "symbol": "ACDEC/2020/8", "file": SimpleUploadedFile("d.txt", b"1. A\n2. \xff")},
    )
    assert bad.status_code == 400
    assert "line 2 is not UTF-8" in bad.content.decode()
    assert not Document.objects.filter(symbol="ACDEC/2020/8").exists()


@pytest.mark.parametrize(
    ("kind", "fmt", "start"),
    [
        ("clean", "docx", b"PK"),
        ("compilation", "pdf", b"%PDF"),
        ("compilation", "html", b"<!doctype html>"),
        ("comparison", "docx", b"PK"),
    ],
)
def test_exports_of_the_text(delegate, document, kind, fmt, start):
    url = reverse("negotiation_export", args=[document.pk, kind, fmt])
    response = delegate.get(url + ("?old=0&new=0" if kind == "comparison" else ""))
    assert response.status_code == 200
    assert response.content.startswith(start)
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert "ACDEC/2020/T1" in text
    if fmt == "html":
        assert b'href="/static/negotiation/print.css"' in response.content


def test_pages_answer_bad_input_with_4xx(delegate, document):
    assert delegate.get(page(document, view="sideways")).status_code == 404
    assert (
        delegate.get(reverse("negotiation_export", args=[document.pk, "x", "docx"])).status_code
        == 404
    )
    assert (
        delegate.get(
            reverse("negotiation_compare", args=[document.pk]) + "?old=9&new=0"
        ).status_code
        == 400
    )


def test_before_the_zero_draft_a_delegation_is_told_so(delegate, framework, chair_2020):
    document = factories.document(framework, chair_2020, symbol="ACDEC/2020/9", issue=False)
    response = delegate.get(page(document))
    assert response.status_code == 200
    assert "The chair has not issued a version of this text yet." in response.content.decode()


def test_the_paragraph_page_and_the_amendment_list_in_pinned_queries(
    delegate, document, thailand, django_assert_max_num_queries
):
    paragraph = factories.paragraph(document, "2.")
    for target in ("digital", "data", "infrastructure"):
        services.propose_amendment(
            viewer=thailand, paragraph=paragraph, kind="DELETE", target=target, now=NOW
        )
    with django_assert_max_num_queries(20):
        assert (
            delegate.get(reverse("negotiation_paragraph", args=[paragraph.pk])).status_code == 200
        )
    with django_assert_max_num_queries(12):
        response = delegate.get(reverse("negotiation_amendments", args=[document.pk]))
    assert response.content.decode().count("conflicts with") == 0
