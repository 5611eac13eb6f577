"""The HTML of a text in one of its three views, written in Python rather than in a template loop:
a compilation of 300 paragraphs lists thousands of amendments and positions, and the template
engine would spend most of the page's time budget on it (docs/performance.md). Every piece of
negotiated text is escaped here (``brackets.render_html``, ``diff.render_html``, ``escape``).
"""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadec.negotiation.models import Amendment, Paragraph, Position
from cadec.negotiation.selectors import Entry, Line, TextView


def _url(name: str) -> str:
    """The URL of an object page with ``{}`` where the id goes."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def text_html(view: TextView, *, links: bool) -> SafeString:
    """The paragraphs of ``view`` (clean, bracketed or compilation) as escaped HTML."""
    statuses: dict[str, str] = {
        Paragraph.Status.OPEN: pgettext("paragraph status", "open"),
        Paragraph.Status.BRACKETED: _("bracketed"),
        Paragraph.Status.AD_REFERENDUM: _("ad ref."),
        Paragraph.Status.AGREED: _("agreed"),
    }
    labels = {
        "kinds": {k: str(v) for k, v in Amendment.Kind.choices},
        "recommendations": {k: str(v) for k, v in Amendment.Recommendation.choices},
        "stances": {k: str(v) for k, v in Position.Stance.choices},
        "conflicts": escape(_("conflicts with")),
        "changed": escape(_("text changed since")),
        "details": escape(_("details")),
    }
    paragraph_url = _url("negotiation_paragraph") if links else ""
    amendment_url = _url("negotiation_amendment")
    compilation = view.view == "compilation"
    parts: list[str] = []
    for entry in view.shown:
        if entry.is_heading:
            parts.append(
                f'<h3 class="para-h lvl-{entry.level}" id="{entry.key}">{entry.bracketed_html}</h3>'
            )
            continue
        parts.append(f'<div class="para lvl-{entry.level}" id="{entry.key}"><p>')
        if entry.label:
            parts.append(f'<b class="num">{escape(entry.label)}</b> ')
        parts.append(entry.attributed_html if compilation else entry.bracketed_html)
        if view.view != "clean" or entry.status == Paragraph.Status.AD_REFERENDUM:
            parts.append(
                f' <span class="tag st-{entry.status}">{escape(statuses[entry.status])}</span>'
            )
        if links:
            parts.append(
                f' <a class="more" href="{paragraph_url.format(entry.paragraph_id)}">'
                f"{labels['details']}</a>"
            )
        parts.append("</p>")
        if compilation:
            _compilation(parts, entry, labels, amendment_url)
        parts.append("</div>")
    if not parts:
        parts.append(
            "<p>"
            + escape(
                _("No paragraph is agreed yet.")
                if view.view == "clean"
                else _("The text has no paragraphs yet.")
            )
            + "</p>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _compilation(parts: list[str], entry: Entry, labels: dict, amendment_url: str) -> None:
    stances = entry.stances()
    if stances:
        parts.append('<p class="stances">')
        parts.append(
            " · ".join(
                f'<span class="st-{stance}">{escape(labels["stances"][stance])}: '
                f"{escape(', '.join(codes))}</span>"
                for stance, _label, codes in stances
            )
        )
        parts.append("</p>")
    if entry.amendments:
        parts.append('<ul class="amds">')
        for line in entry.amendments:
            parts.append(_line(line, labels, amendment_url))
        parts.append("</ul>")


def _line(line: Line, labels: dict, amendment_url: str) -> str:
    sponsors = f"+{escape(','.join(line.sponsors))}" if line.sponsors else ""
    whole = " ¶" if line.whole_paragraph else ""
    flags = ""
    if line.conflicts_with:
        flags += (
            f' <span class="tag warn">{labels["conflicts"]} '
            f"{escape(', '.join(line.conflicts_with))}</span>"
        )
    if line.text_changed:
        flags += f' <span class="tag warn">{labels["changed"]}</span>'
    return (
        f'<li><a href="{amendment_url.format(line.pk)}">{line.reference}</a> '
        f"{escape(line.delegation or '')}{sponsors} · "
        f"{escape(labels['kinds'][line.kind])}{whole}: "
        f'<span class="diff">{line.diff_html}</span> '
        f'<span class="rec rec-{line.recommendation}">'
        f"{escape(labels['recommendations'][line.recommendation])}</span>{flags}</li>"
    )
