"""The exchange API: attachments uploaded (multipart) and downloaded, with the page's limits and
rules; who may attach to which practice."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cadec.exchange.attachments import DOCX, MAX_ATTACHMENT_BYTES
from cadec.exchange.models import PracticeAttachment
from cadec.exchange.tests.factories import practice, viewer
from cadec.members import services as members_services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def upload_url(practice_id: int) -> str:
    return f"/api/v1/exchange/practices/{practice_id}/attachments"


def download_url(attachment_id: int) -> str:
    return f"/api/v1/exchange/attachments/{attachment_id}"


def bearer_client(user) -> Client:  # type: ignore[no-untyped-def]
    """A client that authenticates as an API client does: a token, no session."""
    _token, raw = members_services.create_api_token(
        viewer=viewer(user), name="api test", now=timezone.now(), lifetime=timedelta(days=1)
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_delegate_attaches_a_file_to_a_draft_and_it_is_served_as_a_download(
    framework, delegate_viet_nam, now
):
    draft = practice(delegate_viet_nam, language="vi", title="Truy vết tiếp xúc")
    client = bearer_client(delegate_viet_nam)
    response = client.post(
        upload_url(draft.pk), {"file": SimpleUploadedFile("báo cáo.pdf", PDF, "text/html")}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # The type is the content's, not the one the client claimed.
    assert body | {"id": 0} == {
        "id": 0,
        "name": "báo_cáo.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    listed = client.get(f"/api/v1/exchange/practices/{draft.pk}").json()["attachments"]
    assert [a["id"] for a in listed] == [body["id"]]

    download = client.get(download_url(body["id"]))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''b%C3%A1o_c%C3%A1o.pdf"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["X-Content-Type-Options"] == "nosniff"
    # A draft's file is seen by whoever sees the draft: not the public.
    assert Client().get(download_url(body["id"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "status", "message_or_type"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", 400, "none of them"),
        ("report.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, 400, "at most"),
        ("empty.pdf", b"", 400, "empty"),
        ("archive.docx", b"PK\x03\x04not really a zip", 400, "none of them"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 201, "image/png"),
        ("photo.pdf", b"\xff\xd8\xff\xe0" + b"\x00" * 64, 201, "image/jpeg"),
        ("notes.docx", docx(), 201, DOCX),
        (
            "exactly the limit.pdf",
            b"%PDF-" + b"0" * (MAX_ATTACHMENT_BYTES - 5),
            201,
            "application/pdf",
        ),
    ],
)
def test_the_api_checks_size_and_type_by_content_like_the_page(
    framework, delegate_viet_nam, client_for, name, content, status, message_or_type
):
    draft = practice(delegate_viet_nam)
    response = client_for(delegate_viet_nam).post(
        upload_url(draft.pk), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["field"] == "file"
        assert message_or_type in response.json()["detail"]
        assert PracticeAttachment.objects.count() == 0  # nothing half-written
    else:
        assert response.json()["content_type"] == message_or_type
        assert PracticeAttachment.objects.get().size == len(content)


def test_a_request_without_a_file_says_which_field_is_missing(
    framework, delegate_viet_nam, client_for
):
    draft = practice(delegate_viet_nam)
    response = client_for(delegate_viet_nam).post(upload_url(draft.pk), {"other": "x"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Choose a file to attach.", "field": "file"}


def test_who_may_attach_to_which_practice(
    framework,
    delegate_viet_nam,
    delegate_thailand,
    observer,
    secretariat_officer,
    client_for,
    now,
):
    draft = practice(delegate_viet_nam, title="Viet Nam's draft")
    published = practice(delegate_viet_nam, title="Published", publish_by=secretariat_officer)

    def attach(client: Client, target) -> int:  # type: ignore[no-untyped-def]
        file = SimpleUploadedFile("a.pdf", PDF)
        return client.post(upload_url(target.pk), {"file": file}).status_code

    # Its delegation, before publication; afterwards only the Secretariat changes it.
    assert attach(bearer_client(delegate_viet_nam), draft) == 201
    assert attach(bearer_client(delegate_viet_nam), published) == 403
    assert attach(bearer_client(secretariat_officer), published) == 201
    # Another delegation does not see the draft, and may not add to the published practice.
    assert attach(bearer_client(delegate_thailand), draft) == 404
    assert attach(bearer_client(delegate_thailand), published) == 403
    assert attach(bearer_client(observer), published) == 403
    assert attach(Client(), published) == 401
    assert attach(client_for(delegate_thailand), draft) == 404  # by session as well
    assert list(
        PracticeAttachment.objects.order_by("pk").values_list("practice__title", flat=True)
    ) == ["Viet Nam's draft", "Published"]


def test_the_expert_directory_links_each_expert_to_their_published_practices(
    framework, delegate_viet_nam, secretariat_officer, client_for, now
):
    from cadec.exchange import services

    shared = practice(
        delegate_viet_nam, title="Truy vết", language="vi", publish_by=secretariat_officer
    )
    practice(delegate_viet_nam, title="Bản nháp")  # a draft is not shown
    services.list_expert(
        viewer=viewer(delegate_viet_nam),
        expertise="Contact tracing apps",
        topics=[],
        languages=["vi", "en"],
        now=now,
    )
    experts = client_for(delegate_viet_nam).get("/api/v1/exchange/experts").json()
    assert [e["practices"] for e in experts] == [
        [{"id": shared.pk, "title": "Truy vết", "language": "vi"}]
    ]


class FakeTranslator:
    def translate(self, *, text: str, source: str, target: str) -> str:
        return f"[{source}→{target}] {text}"


def test_machine_translation_is_offered_only_when_a_translator_is_configured(
    framework, delegate_viet_nam, secretariat_officer, client, monkeypatch
):
    from django.urls import reverse

    from cadec.exchange import translation

    shared = practice(
        delegate_viet_nam,
        title="Truy vết",
        summary="Ứng dụng truy vết.",
        language="vi",
        publish_by=secretariat_officer,
    )
    page = reverse("exchange_practice_machine_translation", args=[shared.pk])
    api = f"/api/v1/exchange/practices/{shared.pk}/machine-translation"
    # Off by default: not offered, and asked for anyway, unavailable.
    detail = client.get(reverse("exchange_practice", args=[shared.pk])).content.decode()
    assert "Machine translation into" not in detail
    assert client.get(page, {"language": "th"}).status_code == 503
    assert client.get(api, {"language": "th"}).json() == {
        "detail": "Machine translation is not configured."
    }

    monkeypatch.setattr(translation, "translator", lambda: FakeTranslator())
    detail = client.get(reverse("exchange_practice", args=[shared.pk])).content.decode()
    assert "Machine translation into" in detail
    html = client.get(page, {"language": "th"}).content.decode()
    assert "[vi→th] Truy vết" in html
    assert "not reviewed by a person" in html
    assert client.get(api, {"language": "th"}).json() == {
        "language": "th",
        "title": "[vi→th] Truy vết",
        "summary": "[vi→th] Ứng dụng truy vết.",
        "machine": True,
    }
    for language in ("vi", "xx", ""):
        response = client.get(api, {"language": language})
        assert response.status_code == 400
        assert response.json()["field"] == "language"
    draft = practice(delegate_viet_nam, title="Bản nháp", language="vi")
    draft_api = f"/api/v1/exchange/practices/{draft.pk}/machine-translation"
    assert client.get(draft_api, {"language": "th"}).status_code == 404


def test_a_practice_goes_from_draft_to_publication_through_the_api(
    framework, delegate_viet_nam, delegate_thailand, secretariat_officer
):
    delegate = bearer_client(delegate_viet_nam)
    created = delegate.post(
        "/api/v1/exchange/practices",
        {
            "title": "Truy vết tiếp xúc",
            "summary": "Ứng dụng truy vết.",
            "body": '<p onclick="alert(1)">Bluetooth<script>alert(1)</script></p>',
            "language": "vi",
            "sectors": ["health"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["status"] == "DRAFT"
    assert draft["body"] == "<p>Bluetooth</p>"  # sanitised on the way in
    url = f"/api/v1/exchange/practices/{draft['id']}"
    # A token sees its delegation's draft; nobody else does.
    assert delegate.get(url).status_code == 200
    assert bearer_client(delegate_thailand).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert delegate.post(f"{url}/submit").json()["status"] == "SUBMITTED"
    moderation = bearer_client(secretariat_officer).post(
        f"{url}/moderation", {"decision": "publish"}, content_type="application/json"
    )
    assert moderation.json()["status"] == "PUBLISHED"
    assert Client().get(url).json()["title"] == "Truy vết tiếp xúc"
