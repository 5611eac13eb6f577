"""Reading a plain-text draft with numbered paragraphs and square brackets.

The format is the one negotiators circulate (and the Markdown conversions of UN drafts):

* a blank line ends a paragraph; a line that starts with a paragraph number (``1.``, ``3bis.``,
  ``(a)``) or an option (``**Option 1:**``) starts a new one even without a blank line; any other
  line continues the paragraph it follows;
* ``#`` … ``####`` lines are headings, and so is a paragraph that is bold as a whole
  (``**Mobilization**``);
* after a heading named "Preamble", unnumbered paragraphs are preambular until the next heading;
  other paragraphs are operative;
* indentation makes a sub-paragraph: 4 spaces or more is level 1, 8 or more level 2;
* square brackets are kept exactly as written (see ``brackets.py``), including brackets that
  open in one paragraph and close in another; ``]{VNM THA}`` right after a closing bracket names
  the delegations holding it;
* Markdown reference links are not brackets: ``[label]: URL`` lines are kept as the document's
  sources and ``[text][label]`` becomes ``text``.

Bad input is refused with the line it is on; nothing is imported.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadec.core.errors import DomainError
from cadec.negotiation import brackets
from cadec.negotiation.models import Paragraph

MAX_BYTES = 2 * 1024 * 1024
MAX_PARAGRAPH = 20_000

_LINK_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(\S+)\s*$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_NUMBER = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})*(?:bis|ter|quater|quinquies|sexies)?\.|\((?:[a-z]{1,3}|[ivxlc]+)\))"
    r"\s+(.*)$"
)
_OPTION = re.compile(r"^\*\*(?:Option|Alternative|Alt\.?)\s")
_BOLD_ONLY = re.compile(r"^\*\*[^*]+\*\*:?$")


@dataclass
class Item:
    """One paragraph read from the file."""

    line: int
    kind: str
    level: int
    label: str
    text: str
    attributions: dict[str, list[str]] = field(default_factory=dict)
    parsed: brackets.Parsed = field(default_factory=lambda: brackets.parse(""))


@dataclass
class Draft:
    paragraphs: list[Item]
    sources: list[tuple[str, str]]
    notes: list[str]


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise DomainError(
            "file: " + _("the file is larger than %(max)s MB.") % {"max": MAX_BYTES // 2**20},
            field="file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DomainError(
            "file: "
            + _("line %(line)s is not UTF-8 (byte 0x%(byte)02X); save the file as UTF-8.")
            % {"line": line, "byte": raw[error.start]},
            field="file",
        ) from error


def _level(indent: int) -> int:
    return 0 if indent < 4 else 1 if indent < 8 else 2


def parse_draft(raw: bytes, *, known_codes: set[str]) -> Draft:
    """Read a draft into paragraphs.

    :raises DomainError: the file is not UTF-8, too large, empty, holds an invisible character,
        a paragraph that is too long, or a bracket attributed to an unknown delegation; the
        message names the line.
    """
    text = brackets.normalise(_decode(raw), where=_("the file"), field="file")
    lines = text.split("\n")
    sources: list[tuple[str, str]] = []
    for number, line in enumerate(lines):
        if match := _LINK_DEFINITION.match(line):
            sources.append((match.group(1), match.group(2)))
            lines[number] = ""
    for label, _url in sources:
        link = re.compile(r"\[([^\[\]]+)\]\[" + re.escape(label) + r"\]")
        lines = [link.sub(r"\1", line) for line in lines]

    items: list[Item] = []
    current: Item | None = None
    in_preamble = False

    def finish() -> None:
        nonlocal current
        if current is not None:
            items.append(current)
        current = None

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            finish()
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if heading := _HEADING.match(stripped):
            finish()
            title = heading.group(2).strip()
            in_preamble = title.strip("*_ ").lower() == "preamble"
            items.append(Item(number, Paragraph.Kind.HEADING, len(heading.group(1)) - 1, "", title))
            continue
        numbered = _NUMBER.match(stripped)
        if numbered or _OPTION.match(stripped) or current is None:
            finish()
            label, body = (numbered.group(1), numbered.group(2)) if numbered else ("", stripped)
            current = Item(number, Paragraph.Kind.OPERATIVE, _level(indent), label, body)
            if in_preamble and not numbered:
                current.kind = Paragraph.Kind.PREAMBULAR
        else:
            current.text += "\n" + stripped
    finish()

    if not items:
        raise DomainError("file: " + _("the file holds no paragraphs."), field="file")
    unbalanced: list[str] = []
    for item in items:
        if len(item.text) > MAX_PARAGRAPH:
            raise DomainError(
                "file: "
                + _("line %(line)s: the paragraph is longer than %(max)s characters.")
                % {"line": item.line, "max": MAX_PARAGRAPH},
                field="file",
            )
        item.text, item.attributions = brackets.parse_markup(item.text)
        for holders in item.attributions.values():
            for code in holders:
                if code not in known_codes:
                    raise DomainError(
                        "file: "
                        + _("line %(line)s: “%(code)s” is not a delegation of this cooperation.")
                        % {"line": item.line, "code": code},
                        field="file",
                    )
        item.parsed = brackets.parse(item.text)
        if item.kind != Paragraph.Kind.HEADING and _BOLD_ONLY.match(item.text) and not item.label:
            item.kind = Paragraph.Kind.HEADING
            item.level = 2
        if brackets.balance(item.parsed) != (0, 0):
            unbalanced.append(str(item.line))
    notes = []
    if unbalanced:
        notes.append(
            ngettext(
                "%(count)s paragraph holds a bracket that opens or closes in another paragraph "
                "(line %(lines)s); it is kept as written.",
                "%(count)s paragraphs hold a bracket that opens or closes in another paragraph "
                "(lines %(lines)s); they are kept as written.",
                len(unbalanced),
            )
            % {"count": len(unbalanced), "lines": ", ".join(unbalanced)}
        )
    return Draft(paragraphs=items, sources=sources, notes=notes)
