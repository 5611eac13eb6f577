"""What an attachment may be (its size, and its type recognised by its first bytes), and how
it is served: always as a download, never rendered in the site's origin."""

import io
import zipfile

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cadec.core.errors import DomainError
from cadec.exchange.models import PracticeAttachment

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


class AttachmentRefused(DomainError):
    status = 400


def content_type_of(content: bytes) -> str:
    """The type the content really is, whatever its name says.

    :raises AttachmentRefused: not a PDF, PNG, JPEG or Word (.docx) document.
    """
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            pass
    raise AttachmentRefused(
        _("Attach a PDF, PNG, JPEG or Word (.docx) file; this file is none of them."),
        field="file",
    )


def check_size(size: int) -> None:
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(
            _("The file is %(size)d KB; attachments may be %(limit)d KB at most.")
            % {"size": size // 1024, "limit": MAX_ATTACHMENT_BYTES // 1024},
            field="file",
        )
    if size == 0:
        raise AttachmentRefused(_("The file is empty."), field="file")


def download(attachment: PracticeAttachment) -> HttpResponse:
    """The file as a download (pages and API alike), under its checked type, sandboxed."""
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.name
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
