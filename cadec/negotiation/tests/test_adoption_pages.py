"""The pages and the API of silence, ASEAN-minus-X, footnotes and adoption."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from cadec.negotiation import adoption
from cadec.negotiation.models import Document, Paragraph, SilenceProcedure
from cadec.negotiation.tests import factories
from cadec.negotiation.tests.test_adoption import CLEAN
from conftest import _make, sign_in

pytestmark = pytest.mark.usefixtures("in_2020")


@pytest.fixture
def clean(framework, chair_2020):  # type: ignore[no-untyped-def]
    return factories.document(framework, chair_2020, symbol="ACDEC/2020/P1", paragraphs=CLEAN)


def _api(client, method: str, url: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    return client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")


def test_the_chair_puts_the_text_under_silence_from_its_page(client_for, chair_2020, clean):
    client = client_for(chair_2020)
    page = client.get(reverse("negotiation_conclusion", args=[clean.pk]))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert "Put the text under silence" in page.content.decode()
    bad = client.post(reverse("negotiation_silence_start", args=[clean.pk]), {"hours": "0"})
    assert bad.status_code == 302
    assert not SilenceProcedure.objects.exists()
    done = client.post(
        reverse("negotiation_silence_start", args=[clean.pk]), {"hours": "72"}, follow=True
    )
    body = done.content.decode()
    assert "The text is under silence." in body
    # The deadline in every member's zones, Myanmar's half hour and Urumqi's included.
    assert "Asia/Yangon" in body
    assert "+0630" in body
    assert "Asia/Urumqi" in body
    clean.refresh_from_db()
    assert clean.status == Document.Status.UNDER_SILENCE
    document_page = client.get(reverse("negotiation_document", args=[clean.pk])).content.decode()
    assert "Under silence procedure." in document_page


def test_a_head_breaks_silence_from_the_page_with_a_reason(
    client_for, chair_2020, head_viet_nam, clean
):
    silence = adoption.start_silence(
        viewer=factories.viewer(chair_2020), document=clean, now=factories.NOW
    )
    client = client_for(head_viet_nam)
    url = reverse("negotiation_silence_break", args=[silence.pk])
    empty = client.post(url, {"reason": ""}, follow=True)
    assert "Reason" in empty.content.decode()
    assert SilenceProcedure.objects.get(pk=silence.pk).status == "RUNNING"
    broken = client.post(url, {"reason": "Capital's review of paragraph 2."}, follow=True)
    assert "Silence is broken" in broken.content.decode()
    assert SilenceProcedure.objects.get(pk=silence.pk).status == "BROKEN"
    again = client.post(url, {"reason": "Twice."}, follow=True)
    assert "already ended" in again.content.decode()


def test_flexible_opt_out_footnote_and_join_from_the_paragraph_page(
    client_for, chair_2020, head_viet_nam, delegate_viet_nam, clean
):
    pilot = factories.paragraph(clean, "2.")
    url = reverse("negotiation_paragraph", args=[pilot.pk])
    chair = client_for(chair_2020)
    assert "Mark it flexible" in chair.get(url).content.decode()
    chair.post(reverse("negotiation_paragraph_flexible", args=[pilot.pk]), {"flexible": "on"})
    assert Paragraph.objects.get(pk=pilot.pk).flexible
    head = client_for(head_viet_nam)
    assert "Opt your member out" in head.get(url).content.decode()
    head.post(reverse("negotiation_paragraph_opt_out", args=[pilot.pk]), {"reason": "Law."})
    page = head.get(url).content.decode()
    assert "Join this paragraph" in page
    head.post(reverse("negotiation_paragraph_join", args=[pilot.pk]))
    delegate = client_for(delegate_viet_nam)
    delegate.post(
        reverse("negotiation_paragraph_footnote", args=[pilot.pk]),
        {"text": "<script>alert(1)</script>Viet Nam's reading."},
    )
    page = delegate.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Viet Nam&#x27;s reading." in page
    assert "joined" in page


def test_the_adopted_text_its_notes_matrix_and_exports(
    client_for, chair_2020, head_viet_nam, delegate_viet_nam, clean
):
    chair = factories.viewer(chair_2020)
    pilot = factories.paragraph(clean, "2.")
    adoption.set_flexible(viewer=chair, paragraph=pilot, flexible=True, now=factories.NOW)
    adoption.opt_out(viewer=factories.viewer(head_viet_nam), paragraph=pilot, now=factories.NOW)
    adoption.add_footnote(
        viewer=factories.viewer(delegate_viet_nam),
        paragraph=factories.paragraph(clean, "1."),
        text="A footnote of Viet Nam.",
        now=factories.NOW,
    )
    client = client_for(head_viet_nam)
    assert client.get(reverse("negotiation_adopted", args=[clean.pk])).status_code == 404
    adopted = adoption.adopt(viewer=chair, document=clean, now=factories.NOW)
    page = client.get(reverse("negotiation_adopted", args=[clean.pk])).content.decode()
    assert adopted.content_sha256 in page
    assert "A footnote of Viet Nam." in page
    assert "opted out" in page
    exports = {
        fmt: client.get(reverse("negotiation_export", args=[clean.pk, "adopted", fmt]))
        for fmt in ("docx", "pdf", "html")
    }
    assert all(r.status_code == 200 for r in exports.values())
    assert exports["pdf"].content.startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(exports["docx"].content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "A footnote of Viet Nam." in xml
    assert adopted.content_sha256 in xml
    assert "A footnote of Viet Nam." in exports["html"].content.decode()
    # Endorse from the page, with the hash.
    conclusion = client.get(reverse("negotiation_conclusion", args=[clean.pk])).content.decode()
    assert "Endorse the adopted text" in conclusion
    wrong = client.post(
        reverse("negotiation_endorse", args=[clean.pk]), {"content_sha256": "0" * 64}, follow=True
    )
    assert "not the SHA-256" in wrong.content.decode()
    client.post(
        reverse("negotiation_endorse", args=[clean.pk]), {"content_sha256": adopted.content_sha256}
    )
    assert adopted.endorsements.count() == 1


def test_the_api_runs_the_whole_way_to_adoption(chair_2020, head_viet_nam, framework, clean):
    chair = sign_in(Client(), chair_2020)
    pilot = factories.paragraph(clean, "2.")
    base = "/api/v1/negotiation"
    flexible = _api(chair, "PUT", f"{base}/paragraphs/{pilot.pk}/flexible", {"flexible": True})
    assert flexible.json() == {"key": pilot.key, "flexible": True}
    head = sign_in(Client(), head_viet_nam)
    out = _api(head, "POST", f"{base}/paragraphs/{pilot.pk}/opt-out", {"reason": "Law."})
    assert out.status_code == 200
    assert out.json()["delegation"] == "VNM"
    note = _api(head, "POST", f"{base}/paragraphs/{pilot.pk}/footnotes", {"text": ""})
    assert note.status_code == 422
    assert _api(head, "GET", f"{base}/documents/{clean.pk}/adopted").status_code == 404
    started = _api(chair, "POST", f"{base}/documents/{clean.pk}/silence", {})
    assert started.status_code == 200, started.content
    silence = started.json()
    assert silence["status"] == "RUNNING"
    zones = {row["zone"] for row in silence["deadline_local"]}
    assert {"Asia/Jakarta", "Asia/Yangon", "Asia/Shanghai"} <= zones
    no_reason = _api(head, "POST", f"{base}/silences/{silence['id']}/break", {"reason": " "})
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "reason"
    thai_head = sign_in(Client(), _make(framework, "tha.head", "THA", "HEAD_OF_DELEGATION"))
    broken = _api(thai_head, "POST", f"{base}/silences/{silence['id']}/break", {"reason": "No."})
    assert broken.json()["broken_by"] == "THA"
    adopted = _api(chair, "POST", f"{base}/documents/{clean.pk}/adopt")
    assert adopted.status_code == 200
    state = adopted.json()
    assert state["status"] == "ADOPTED"
    assert state["matrix"][0]["cells"][-1]["member"] == "VNM"
    assert state["matrix"][0]["cells"][-1]["state"] == "OUT"
    sha = state["adoption"]["content_sha256"]
    endorsed = _api(
        head, "POST", f"{base}/documents/{clean.pk}/endorsements", {"content_sha256": sha}
    )
    assert endorsed.json()["adoption"]["endorsements"][0]["delegation"] == "VNM"
    text = _api(head, "GET", f"{base}/documents/{clean.pk}/adopted").json()
    assert text["adoption"]["content_sha256"] == sha
    assert [p["label"] for p in text["paragraphs"]] == ["", "PP1", "1.", "2."]
    joined = _api(head, "POST", f"{base}/paragraphs/{pilot.pk}/join")
    assert joined.json()["joined_at"] is not None
    edit = _api(
        chair,
        "PUT",
        f"{base}/paragraphs/{pilot.pk}",
        {"text": "Changed after adoption.", "revision": pilot.revision},
    )
    assert edit.status_code == 403
