"""The negotiation API: versioned writes (D1, D2), cross-delegation privacy (A2), the three views,
amendments, revisions and exports.

Chair-only calls run with the clock at 12 June 2020 (``in_2020``), when chair_2020 chairs.
"""

import io
import json
from datetime import timedelta

import docx
import pytest

from cadec.members.tests.factories import NOW
from cadec.negotiation import services
from cadec.negotiation.tests import factories

API = "/api/v1/negotiation"


def put(client, url, body, **headers):  # type: ignore[no-untyped-def]
    return client.put(url, data=json.dumps(body), content_type="application/json", headers=headers)


def post(client, url, body=None):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def paragraph(document):  # type: ignore[no-untyped-def]
    return factories.paragraph(document, "2.")


@pytest.fixture
def secretariat(client_for, secretariat_officer):  # type: ignore[no-untyped-def]
    return client_for(secretariat_officer)


# D1, D2: versioned writes ---------------------------------------------------------------------


def test_a_paragraph_comes_with_its_etag_and_a_write_with_it_succeeds(secretariat, paragraph):
    read = secretariat.get(f"{API}/paragraphs/{paragraph.pk}")
    assert read.status_code == 200
    assert read.headers["ETag"] == f'"p{paragraph.pk}-r1"'
    assert read.headers["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    written = put(
        secretariat,
        f"{API}/paragraphs/{paragraph.pk}",
        {"text": "Members will cooperate on [digital]{THA} infrastructure."},
        if_match=read.headers["ETag"],
    )
    assert written.status_code == 200, written.content
    assert written.headers["ETag"] == f'"p{paragraph.pk}-r2"'
    body = written.json()
    assert (body["revision"], body["status"], body["markup"]) == (
        2,
        "BRACKETED",
        "Members will cooperate on [digital]{THA} infrastructure.",
    )
    assert body["brackets"][0]["holders"] == ["THA"]


def test_a_stale_write_gets_412_with_the_current_text_and_a_missing_one_428(secretariat, paragraph):
    url = f"{API}/paragraphs/{paragraph.pk}"
    etag = secretariat.get(url).headers["ETag"]
    assert put(secretariat, url, {"text": "First."}, if_match=etag).status_code == 200
    stale = put(secretariat, url, {"text": "Second."}, if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["current"]["text"] == "First."
    assert stale.headers["ETag"] == f'"p{paragraph.pk}-r2"'
    missing = put(secretariat, url, {"text": "Third."})
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    assert put(secretariat, url, {"text": "Fourth."}, if_match="*").status_code == 428
    assert put(secretariat, url, {"text": "Fifth."}, if_match='"a1-r2"').status_code == 400
    paragraph.refresh_from_db()
    assert paragraph.current.text == "First."


def test_a_client_without_headers_may_name_the_revision_in_the_body(secretariat, paragraph):
    url = f"{API}/paragraphs/{paragraph.pk}"
    assert put(secretariat, url, {"text": "First.", "revision": 1}).status_code == 200
    assert put(secretariat, url, {"text": "Second.", "revision": 1}).status_code == 412


def test_a_delegate_reads_the_issued_text_without_an_etag_and_cannot_write(
    client_for, delegate_viet_nam, secretariat, paragraph
):
    url = f"{API}/paragraphs/{paragraph.pk}"
    put(secretariat, url, {"text": "Working text, not issued.", "revision": 1})
    delegate = client_for(delegate_viet_nam)
    read = delegate.get(url)
    assert read.status_code == 200
    assert "ETag" not in read.headers
    assert (read.json()["text"], read.json()["version"]) == (
        "Members will cooperate on digital infrastructure and data.",
        0,
    )
    assert put(delegate, url, {"text": "Mine.", "revision": 2}).status_code == 403


# A2: a delegation never sees another's private draft or unpublished position -----------------


def test_a_delegation_never_sees_another_delegations_private_draft_or_unpublished_position(
    client_for, delegate_viet_nam, document, thailand, paragraph
):
    draft = services.propose_amendment(
        viewer=thailand,
        paragraph=paragraph,
        kind="INSERT",
        target="data",
        text="[flows of secret words]",
        submit=False,
        now=NOW,
    )
    position = services.state_position(
        viewer=thailand,
        paragraph=paragraph,
        stance="OBJECT",
        reason="instructions on secret matters",
        publish=False,
        now=NOW,
    )
    delegate = client_for(delegate_viet_nam)
    assert delegate.get(f"{API}/amendments/{draft.pk}").status_code == 404
    assert post(delegate, f"{API}/positions/{position.pk}/publish").status_code == 404
    reads = [
        delegate.get(f"{API}/documents/{document.pk}/amendments"),
        delegate.get(f"{API}/documents/{document.pk}/amendments?status=DRAFT"),
        delegate.get(f"{API}/documents/{document.pk}/text?view=compilation"),
        delegate.get(f"{API}/documents/{document.pk}/events"),
        delegate.get(f"{API}/mine"),
        delegate.get(f"/negotiation/{document.pk}/?view=compilation"),
        delegate.get(f"/negotiation/paragraphs/{paragraph.pk}/"),
        delegate.get(f"/negotiation/{document.pk}/amendments/"),
        delegate.get(f"/negotiation/{document.pk}/events/"),
        delegate.get(f"/negotiation/{document.pk}/export/compilation.html"),
    ]
    for response in reads:
        assert response.status_code == 200
        content = response.content.decode()
        assert "secret" not in content
    compilation = delegate.get(f"{API}/documents/{document.pk}/export?kind=compilation")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(compilation.content)).paragraphs)
    assert "secret" not in text
    # Thailand itself sees both
    own = client_for(thailand.user).get(f"{API}/mine").json()
    assert [d["text"] for d in own["drafts"]] == ["[flows of secret words]"]
    assert [p["reason"] for p in own["positions"]] == ["instructions on secret matters"]


# Amendments, views, revisions -----------------------------------------------------------------


def test_a_delegate_proposes_an_amendment_and_bad_words_are_named(
    client_for, delegate_viet_nam, document, paragraph
):
    delegate = client_for(delegate_viet_nam)
    url = f"{API}/documents/{document.pk}/amendments"
    created = post(
        delegate,
        url,
        {
            "paragraph_id": paragraph.pk,
            "kind": "REPLACE",
            "target": "infrastructure",
            "text": "connectivity",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["reference"], body["delegation"], body["status"]) == ("A-1", "VNM", "SUBMITTED")
    assert ["insert", "connectivity"] in body["diff"]
    refused = post(
        delegate,
        url,
        {"paragraph_id": paragraph.pk, "kind": "REPLACE", "target": "submarine", "text": "x"},
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "target"
    invalid = post(delegate, url, {"paragraph_id": paragraph.pk})
    assert invalid.status_code == 422
    assert "kind" in invalid.json()["detail"]


def test_the_three_views_of_a_text(client_for, delegate_viet_nam, document, chair, thailand):
    services.state_position(
        viewer=thailand, paragraph=factories.paragraph(document, "2."), stance="SUPPORT", now=NOW
    )
    services.declare_status(
        viewer=chair, paragraph=factories.paragraph(document, "3."), status="AGREED", now=NOW
    )
    delegate = client_for(delegate_viet_nam)
    url = f"{API}/documents/{document.pk}/text"
    clean = delegate.get(f"{url}?view=clean").json()
    assert [p["label"] for p in clean["paragraphs"]] == ["", "3."]  # a heading, and the agreed
    bracketed = delegate.get(f"{url}?view=bracketed").json()
    assert [p["status"] for p in bracketed["paragraphs"]][1:] == [
        "BRACKETED",
        "BRACKETED",
        "OPEN",
        "AGREED",
    ]
    compilation = delegate.get(f"{url}?view=compilation").json()
    first = compilation["paragraphs"][2]
    assert [(b["words"], b["holders"]) for b in first["brackets"]] == [
        ("shall", ["THA"]),
        ("should", ["VNM"]),
    ]
    assert compilation["paragraphs"][3]["positions"] == [
        {"organisation": "THA", "stance": "SUPPORT"}
    ]
    assert {"VNM", "TLS"} <= set(compilation["parties"])  # today's members
    assert delegate.get(f"{url}?view=sideways").status_code == 404
    assert delegate.get(f"{url}?version=draft").status_code == 404  # the chair's desk


def test_the_chair_issues_a_revision_and_conflicts_are_refused(
    client_for, chair_2020, document, viet_nam, thailand, chair, in_2020
):
    paragraph = factories.paragraph(document, "2.")
    client = client_for(chair_2020)
    first = services.propose_amendment(
        viewer=viet_nam,
        paragraph=paragraph,
        kind="REPLACE",
        target="data",
        text="information",
        now=NOW,
    )
    second = services.propose_amendment(
        viewer=thailand, paragraph=paragraph, kind="DELETE", target=" and data", now=NOW
    )
    for amendment in (first, second):
        response = post(
            client, f"{API}/amendments/{amendment.pk}/recommendation", {"recommendation": "ACCEPT"}
        )
        assert response.status_code == 200, response.content
    preview = client.get(f"{API}/documents/{document.pk}/revisions/preview").json()
    assert preview["conflicts"] == ["A-1 and A-2 change the same words (paragraph 2.)."]
    refused = post(client, f"{API}/documents/{document.pk}/revisions")
    assert refused.status_code == 409
    assert "A-1 and A-2" in refused.json()["detail"]
    post(client, f"{API}/amendments/{second.pk}/recommendation", {"recommendation": "REJECT"})
    issued = post(client, f"{API}/documents/{document.pk}/revisions", {"note": "After reading"})
    assert issued.status_code == 201
    assert issued.json()["label"] == "Rev.1"
    changes = client.get(f"{API}/documents/{document.pk}/compare?old=0&new=1").json()
    changed = [c for c in changes if c["change"] == "changed"]
    assert [c["segments"] for c in changed] == [
        [
            ["equal", "Members will cooperate on digital infrastructure and "],
            ["delete", "data"],
            ["insert", "information"],
            ["equal", "."],
        ]
    ]
    assert client.get(f"{API}/documents/{document.pk}/compare?old=0").status_code == 400


def test_a_delegate_cannot_declare_or_issue(client_for, delegate_viet_nam, document, paragraph):
    delegate = client_for(delegate_viet_nam)
    assert (
        post(delegate, f"{API}/paragraphs/{paragraph.pk}/status", {"status": "AGREED"}).status_code
        == 403
    )
    assert post(delegate, f"{API}/documents/{document.pk}/revisions").status_code == 403


def test_the_secretariat_imports_a_draft_and_a_bad_one_is_named(secretariat):
    body = {
        "symbol": "ACDEC/2020/5",
        "title": "Imported",
        "deadline": "2030-01-01T00:00:00Z",
        "text": "# Preamble\n\n*Noting* the Year,\n\n1. Members [shall][should] meet.",
    }
    created = post(secretariat, f"{API}/documents/import", body)
    assert created.status_code == 201, created.content
    assert (created.json()["paragraphs"], created.json()["alternatives"]) == (3, 1)
    bad = post(
        secretariat, f"{API}/documents/import", {**body, "symbol": "X/2", "text": "1. A\u202eB"}
    )
    assert bad.status_code == 400
    assert "line 1, character 5, holds U+202E" in bad.json()["detail"]


def test_exports_by_api(client_for, delegate_viet_nam, document):
    delegate = client_for(delegate_viet_nam)
    url = f"{API}/documents/{document.pk}/export"
    word = delegate.get(f"{url}?kind=compilation&format=docx")
    assert word.status_code == 200
    assert word.headers["Content-Disposition"] == (
        'attachment; filename="ACDEC-2020-T1_Zero-draft_compilation.docx"'
    )
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    # the holders follow each bracket (in superscript)
    assert "1. Members [shall] THA[should] VNM share best practices on smart cities." in paragraphs
    pdf = delegate.get(f"{url}?kind=clean&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert delegate.get(f"{url}?kind=poster").status_code == 404


def test_ad_referendum_by_api(client_for, head_viet_nam, document, chair, framework):
    paragraph = factories.paragraph(document, "2.")
    services.declare_status(
        viewer=chair,
        paragraph=paragraph,
        status="AD_REFERENDUM",
        deadline=NOW + timedelta(days=3),
        awaiting=services.delegations(framework=framework, codes=["VNM"]),
        now=NOW,
    )
    head = client_for(head_viet_nam)
    answered = post(head, f"{API}/paragraphs/{paragraph.pk}/confirmation", {"confirm": True})
    assert answered.status_code == 200
    again = post(head, f"{API}/paragraphs/{paragraph.pk}/confirmation", {"confirm": False})
    assert again.status_code == 409
