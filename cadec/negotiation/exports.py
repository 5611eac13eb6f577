"""Exports of a text: the clean text, the compilation with attribution, and a comparison of two
versions, as DOCX (python-docx), PDF (WeasyPrint, which shapes every member's script with the
Noto fonts) and a printable HTML page — the same HTML the PDF is made from.

Exports carry only what every member may see: issued or working text (for those who may see
it), published positions and tabled amendments — never a private draft or an unpublished
position.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadec.core.errors import NotFound
from cadec.members.permissions import Viewer
from cadec.negotiation import brackets, diff, rendering, selectors
from cadec.negotiation.models import Amendment, Document, DocumentVersion
from cadec.negotiation.selectors import Entry, TextView

KINDS = ("clean", "compilation", "comparison", "adopted")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Comparison:
    document: Document
    old: DocumentVersion | None
    new: DocumentVersion | None
    changes: Sequence[diff.ParagraphChange]

    @property
    def title(self) -> str:
        return _("%(symbol)s: %(old)s compared with %(new)s") % {
            "symbol": self.document.symbol,
            "old": _label(self.old),
            "new": _label(self.new),
        }


def _label(version: DocumentVersion | None) -> str:
    return version.label if version is not None else _("working text")


def filename(document: Document, *parts: str, fmt: str) -> str:
    stem = "_".join([document.symbol.replace("/", "-").replace(" ", "-"), *parts])
    return f"{stem}.{fmt}"


PRINT_CSS = Path(__file__).parent / "static" / "negotiation" / "print.css"


def print_html(
    *,
    view: TextView | None = None,
    comparison: Comparison | None = None,
    generated_at: datetime,
    for_pdf: bool = False,
) -> str:
    """The printable page (also the source of the PDF, which gets its stylesheet directly)."""
    return render_to_string(
        "negotiation/print.html",
        {
            "view": view,
            "text_html": rendering.text_html(view, links=False) if view else "",
            "comparison": comparison,
            "generated_at": generated_at,
            "for_pdf": for_pdf,
        },
    )


def pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads pango and fonts, which only exports need.
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))]
    )


# DOCX ---------------------------------------------------------------------------------------


def _docx() -> object:
    from docx import Document as Docx
    from docx.shared import Pt

    document = Docx()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans"
    style.font.size = Pt(10.5)
    return document


def _runs(paragraph: object, text: str, **style: object) -> None:
    for emphasis, run_text in brackets.emphasis_runs(text):
        run = paragraph.add_run(run_text)  # type: ignore[attr-defined]
        run.italic = emphasis == "em" or style.get("italic")
        run.bold = emphasis == "strong" or style.get("bold")


def _bracketed(paragraph: object, entry: Entry, *, attributed: bool) -> None:
    from docx.shared import Pt, RGBColor

    for token in brackets.tokens(entry.parsed, entry.attributions if attributed else None):
        if token.kind == "text":
            _runs(paragraph, token.text)
        elif token.kind == "holders":
            run = paragraph.add_run(f" {token.text}")  # type: ignore[attr-defined]
            run.font.superscript = True
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x5B, 0x65, 0x70)
        else:
            run = paragraph.add_run(token.text)  # type: ignore[attr-defined]
            run.bold = True


def _segments(paragraph: object, segments: Sequence[Sequence[str]]) -> None:
    from docx.shared import RGBColor

    for op, text in segments:
        run = paragraph.add_run(text)  # type: ignore[attr-defined]
        if op == "insert":
            run.underline = True
            run.font.color.rgb = RGBColor(0x1F, 0x7A, 0x3A)
        elif op == "delete":
            run.font.strike = True
            run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)


def _header(document: object, doc: Document, subtitle: str, generated_at: datetime) -> None:
    document.add_heading(f"{doc.symbol}", level=0)  # type: ignore[attr-defined]
    document.add_paragraph(doc.title)  # type: ignore[attr-defined]
    if doc.note:
        document.add_paragraph(doc.note).italic = True  # type: ignore[attr-defined]
    document.add_paragraph(  # type: ignore[attr-defined]
        f"{subtitle} · {_('generated')} {timezone.localtime(generated_at):%Y-%m-%d %H:%M %Z}"
    )


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def docx_text(view: TextView, *, generated_at: datetime) -> bytes:
    """The clean text or the compilation with attribution, positions and amendments."""
    from docx.shared import Pt

    document = _docx()
    version = _label(view.version)
    subtitle = (
        _("Clean text (agreed paragraphs only), %(version)s")
        if view.view == "clean"
        else _("Compilation with attribution, %(version)s")
    ) % {"version": version}
    _header(document, view.document, subtitle, generated_at)
    if view.view == "clean":
        document.add_paragraph(  # type: ignore[attr-defined]
            _("Nothing is agreed until everything is agreed.")
        ).italic = True
    for entry in view.shown:
        if entry.is_heading:
            document.add_heading(entry.text.replace("*", ""), level=min(entry.level + 1, 4))  # type: ignore[attr-defined]
            continue
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.left_indent = Pt(18 * entry.level)
        if entry.label:
            paragraph.add_run(entry.label + " ").bold = True
        if view.view == "clean":
            _runs(paragraph, entry.text)
            if entry.status == "AD_REFERENDUM":
                paragraph.add_run(" " + _("(ad referendum)")).italic = True
            continue
        _bracketed(paragraph, entry, attributed=True)
        status = document.add_paragraph(  # type: ignore[attr-defined]
            " · ".join(
                [_("Status: %(status)s") % {"status": _status_label(entry.status)}]
                + [f"{label}: {', '.join(codes)}" for _s, label, codes in entry.stances()]
            )
        )
        status.paragraph_format.left_indent = Pt(18 * entry.level + 12)
        kinds = dict(Amendment.Kind.choices)
        recommendations = dict(Amendment.Recommendation.choices)
        for item in entry.amendments:
            line = document.add_paragraph()  # type: ignore[attr-defined]
            line.paragraph_format.left_indent = Pt(18 * entry.level + 12)
            sponsors = f" + {', '.join(item.sponsors)}" if item.sponsors else ""
            line.add_run(
                f"{item.reference} ({item.delegation}{sponsors}), {kinds[item.kind]}: "
            ).bold = True
            _segments(line, item.diff)
            line.add_run(f" — {_('chair')}: {recommendations[item.recommendation]}").italic = True
            if item.conflicts_with:
                line.add_run(
                    " " + _("conflicts with %(list)s") % {"list": ", ".join(item.conflicts_with)}
                ).italic = True
    return _save(document)


def docx_comparison(comparison: Comparison, *, generated_at: datetime) -> bytes:
    document = _docx()
    _header(document, comparison.document, comparison.title, generated_at)
    for change in comparison.changes:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        label = change.label or change.old_label
        if label:
            paragraph.add_run(label + " ").bold = True
        if change.change in ("added", "removed"):
            paragraph.add_run(
                "["
                + (
                    pgettext("compare status tag", "added")
                    if change.change == "added"
                    else pgettext("compare status tag", "removed")
                )
                + "] "
            ).italic = True
        _segments(paragraph, change.segments)
    return _save(document)


def _status_label(status: str) -> str:
    from cadec.negotiation.models import Paragraph

    return str(Paragraph.Status(status).label)


def export_text(view: TextView, *, fmt: str, generated_at: datetime) -> Export:
    name = filename(view.document, _label(view.version).replace(" ", "-"), view.view, fmt=fmt)
    if fmt == "docx":
        content = docx_text(view, generated_at=generated_at)
    else:
        html = print_html(view=view, generated_at=generated_at, for_pdf=fmt == "pdf")
        content = pdf(html) if fmt == "pdf" else html.encode()
    return Export(content=content, content_type=FORMATS[fmt], filename=name)


def export_comparison(comparison: Comparison, *, fmt: str, generated_at: datetime) -> Export:
    name = filename(
        comparison.document,
        _label(comparison.old).replace(" ", "-"),
        "to",
        _label(comparison.new).replace(" ", "-"),
        fmt=fmt,
    )
    if fmt == "docx":
        content = docx_comparison(comparison, generated_at=generated_at)
    else:
        html = print_html(comparison=comparison, generated_at=generated_at, for_pdf=fmt == "pdf")
        content = pdf(html) if fmt == "pdf" else html.encode()
    return Export(content=content, content_type=FORMATS[fmt], filename=name)


def version_or_draft(
    viewer: Viewer, document: Document, wanted: str | None
) -> DocumentVersion | None:
    """A side of a comparison: a version number, or ``draft`` for the working text.

    :raises NotFound: no such version, or none named.
    """
    if not wanted:
        raise NotFound(_("Choose the two versions to compare."), field="old")
    return selectors.resolve_version(viewer=viewer, document=document, wanted=wanted)


def export_for(
    *,
    viewer: Viewer,
    document: Document,
    kind: str,
    fmt: str,
    version: str | None,
    old: str | None,
    new: str | None,
    now: datetime,
) -> Export:
    """The export a page or the API asks for (one rule for both faces)."""
    if kind not in KINDS:
        raise NotFound(_("kind: choose clean, compilation, comparison or adopted."), field="kind")
    if fmt not in FORMATS:
        raise NotFound(_("format: choose docx, pdf or html."), field="format")
    if kind == "comparison":
        old_version = version_or_draft(viewer, document, old)
        new_version = version_or_draft(viewer, document, new)
        comparison = Comparison(
            document=document,
            old=old_version,
            new=new_version,
            changes=selectors.compare(
                viewer=viewer, document=document, old=old_version, new=new_version
            ),
        )
        return export_comparison(comparison, fmt=fmt, generated_at=now)
    if kind == "adopted":
        return export_adopted(
            selectors.adopted_text(viewer=viewer, document=document), fmt=fmt, generated_at=now
        )
    resolved = selectors.resolve_version(viewer=viewer, document=document, wanted=version)
    text = selectors.text_view(viewer=viewer, document=document, version=resolved, view=kind)
    return export_text(text, fmt=fmt, generated_at=now)


# The adopted text ---------------------------------------------------------------------------


def _note_line(note: selectors.Note) -> str:
    if note.kind == "reservation":
        return _("Reservation of %(member)s: %(text)s") % {"member": note.member, "text": note.text}
    return f"{note.member}: {note.text}"


def _matrix_cell(state: str, out_at: datetime | None, joined_at: datetime | None) -> str:
    if state == "IN":
        return "✓"
    if state == "OUT":
        return _("opted out %(day)s") % {"day": f"{out_at:%Y-%m-%d}" if out_at else ""}
    return _("joined %(day)s") % {"day": f"{joined_at:%Y-%m-%d}" if joined_at else ""}


def docx_adopted(text: selectors.AdoptedText, *, generated_at: datetime) -> bytes:
    """The adopted text with note marks, its reservations and footnotes, the participation
    matrix and the SHA-256 it was adopted with."""
    from docx.shared import Pt

    document = _docx()
    adoption = text.adoption
    subtitle = _("Adopted text, %(version)s, %(day)s (%(via)s)") % {
        "version": adoption.version.label,
        "day": f"{adoption.adopted_at:%Y-%m-%d}",
        "via": adoption.get_via_display(),
    }
    _header(document, text.document, subtitle, generated_at)
    document.add_paragraph(f"SHA-256 {adoption.content_sha256}")  # type: ignore[attr-defined]
    for entry, marks in text.entries_with_marks():
        if entry.is_heading:
            document.add_heading(entry.text.replace("*", ""), level=min(entry.level + 1, 4))  # type: ignore[attr-defined]
            continue
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.left_indent = Pt(18 * entry.level)
        if entry.label:
            paragraph.add_run(entry.label + " ").bold = True
        _runs(paragraph, entry.text)
        for number in marks:
            paragraph.add_run(str(number)).font.superscript = True
    if text.notes:
        document.add_heading(_("Reservations and footnotes"), level=2)  # type: ignore[attr-defined]
        for note in text.notes:
            document.add_paragraph(f"{note.number}. {_note_line(note)}")  # type: ignore[attr-defined]
    if text.matrix:
        document.add_heading(  # type: ignore[attr-defined]
            _("Participation in flexible paragraphs (ASEAN-minus-X)"), level=2
        )
        table = document.add_table(rows=1, cols=len(text.members) + 1)  # type: ignore[attr-defined]
        table.rows[0].cells[0].text = _("Paragraph")
        for i, code in enumerate(text.members, start=1):
            table.rows[0].cells[i].text = code
        for row in text.matrix:
            cells = table.add_row().cells
            cells[0].text = row.label
            for i, (_code, state, out_at, joined_at) in enumerate(row.cells, start=1):
                cells[i].text = _matrix_cell(state, out_at, joined_at)
    return _save(document)


def export_adopted(text: selectors.AdoptedText, *, fmt: str, generated_at: datetime) -> Export:
    name = filename(text.document, "adopted", fmt=fmt)
    if fmt == "docx":
        content = docx_adopted(text, generated_at=generated_at)
    else:
        html = render_to_string(
            "negotiation/print_adopted.html",
            {"text": text, "generated_at": generated_at, "for_pdf": fmt == "pdf"},
        )
        content = pdf(html) if fmt == "pdf" else html.encode()
    return Export(content=content, content_type=FORMATS[fmt], filename=name)
