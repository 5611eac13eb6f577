"""The text format of negotiation: square brackets, alternatives and who holds each bracket.

A paragraph's text is plain text in which ``[`` … ``]`` marks text that is not agreed. Brackets
nest; brackets written back to back (``[shall][should]``, or split only by a line break) are
*alternatives* of one choice. Real drafts are untidy: a bracket may open in one paragraph and
close in a later one, so an unclosed ``[`` runs to the end of its paragraph and a ``]`` without
its ``[`` is kept as a *stray closer* (counted, shown, never dropped).

Who holds a bracket is stored beside the text (``attributions``: bracket index → ISO alpha-3
codes). When people edit, they write it inline, right after the closing bracket:
``[shall]{VNM THA}`` — the *markup* form. ``parse_markup`` splits markup into text and
attributions; ``to_markup`` joins them again.

Negotiated text is NFC-normalised before it is stored or hashed, and invisible characters that
change how text reads (bidi controls, zero-width characters) are refused (TRUST.md V7).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cadec.core.errors import DomainError

Attributions = dict[str, list[str]]

# Invisible characters that can make a text read differently from what is stored (Trojan
# Source, CVE-2021-42574) or hide differences between two texts that look the same.
FORBIDDEN = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2060": "WORD JOINER",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}
_FORBIDDEN_RE = re.compile("[" + "".join(FORBIDDEN) + r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BRACKET_RE = re.compile(r"[\[\]]")
_MARKUP_RE = re.compile(r"\[|\](?:\{([A-Z]{3}(?:[ ,]+[A-Z]{3})*)\})?")
_EMPHASIS_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")


class TextRefused(DomainError):
    """The text holds a character that CADEC does not store in negotiated text."""


def normalise(text: str, *, where: str, field: str = "text") -> str:
    """Return ``text`` NFC-normalised with Unix line ends, or refuse invisible characters.

    :raises TextRefused: a bidi control, zero-width or control character; the message names
        ``where`` (e.g. "paragraph 3"), the line and the character.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if match := _FORBIDDEN_RE.search(text):
        char = match.group()
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        name = FORBIDDEN.get(char) or unicodedata.name(char, "CONTROL CHARACTER")
        raise TextRefused(
            f"{field}: "
            + _(
                "%(where)s, line %(line)d, character %(column)d, holds %(codepoint)s %(name)s, "
                "an invisible character that can change how the text reads. Remove it."
            )
            % {
                "where": where,
                "line": line,
                "column": column,
                "codepoint": f"U+{ord(char):04X}",
                "name": name,
            },
            field=field,
        )
    return text


@dataclass(frozen=True, slots=True)
class Bracket:
    """One ``[``: where it opens and closes, how deep it sits, and its group of alternatives."""

    index: int
    start: int  # offset of "["
    end: int  # offset just after "]", or the end of the text when unclosed
    closed: bool
    depth: int
    group: int  # brackets of one group are alternatives; a lone bracket is a group of one

    def inner(self, text: str) -> str:
        return text[self.start + 1 : self.end - 1 if self.closed else self.end]


@dataclass(frozen=True, slots=True)
class Parsed:
    text: str
    brackets: tuple[Bracket, ...]
    stray_closers: tuple[int, ...]

    @property
    def has_brackets(self) -> bool:
        return bool(self.brackets or self.stray_closers)

    @property
    def unclosed(self) -> int:
        return sum(1 for b in self.brackets if not b.closed)

    @property
    def alternative_groups(self) -> int:
        """How many choices between alternatives (groups of two or more brackets) there are."""
        sizes: dict[int, int] = {}
        for bracket in self.brackets:
            sizes[bracket.group] = sizes.get(bracket.group, 0) + 1
        return sum(1 for size in sizes.values() if size > 1)


def _adjacent(text: str, closed_at: int, opening: int) -> bool:
    """A bracket opening at ``opening`` is an alternative of one closed at ``closed_at``."""
    gap = text[closed_at:opening]
    return gap == "" or gap.strip(" \t") == "\n"


def parse(text: str) -> Parsed:
    """Find every bracket of ``text`` with its depth and group of alternatives."""
    found: list[list[int]] = []  # [start, end, closed, depth, group]
    stack: list[int] = []
    strays: list[int] = []
    last_closed: tuple[int, int] | None = None  # (offset after "]", bracket index)
    groups = 0
    for match in _BRACKET_RE.finditer(text):
        offset = match.start()
        if match.group() == "[":
            depth = len(stack)
            if (
                last_closed is not None
                and found[last_closed[1]][3] == depth
                and _adjacent(text, last_closed[0], offset)
            ):
                group = found[last_closed[1]][4]
            else:
                group = groups
                groups += 1
            stack.append(len(found))
            found.append([offset, len(text), 0, depth, group])
            last_closed = None
        elif stack:
            index = stack.pop()
            found[index][1] = offset + 1
            found[index][2] = 1
            last_closed = (offset + 1, index)
        else:
            strays.append(offset)
            last_closed = None
    brackets = tuple(
        Bracket(
            index=i,
            start=start,
            end=end,
            closed=bool(closed),
            depth=depth,
            group=group,
        )
        for i, (start, end, closed, depth, group) in enumerate(found)
    )
    return Parsed(text=text, brackets=brackets, stray_closers=tuple(strays))


def balance(parsed: Parsed) -> tuple[int, int]:
    """(unclosed openers, stray closers): what a paragraph leaves open across its edges."""
    return parsed.unclosed, len(parsed.stray_closers)


def parse_markup(markup: str) -> tuple[str, Attributions]:
    """Split ``[shall]{VNM THA}`` markup into plain bracketed text and its attributions."""
    out: list[str] = []
    attributions: Attributions = {}
    stack: list[int] = []
    count = 0
    position = 0
    for match in _MARKUP_RE.finditer(markup):
        out.append(markup[position : match.start()])
        position = match.end()
        if match.group() == "[":
            stack.append(count)
            count += 1
            out.append("[")
            continue
        out.append("]")
        codes = match.group(1)
        if stack:
            index = stack.pop()
            if codes:
                attributions[str(index)] = sorted(set(re.split(r"[ ,]+", codes.strip())))
        elif codes:
            out.append("{" + codes + "}")  # a stray closer holds nothing: keep the text as it is
    out.append(markup[position:])
    return "".join(out), attributions


def to_markup(text: str, attributions: Mapping[str, list[str]]) -> str:
    """Write ``text`` with each attributed bracket followed by its holders in braces."""
    if not attributions:
        return text
    inserts = sorted(
        (b.end, "{" + " ".join(attributions[str(b.index)]) + "}")
        for b in parse(text).brackets
        if b.closed and attributions.get(str(b.index))
    )
    out, position = [], 0
    for offset, holder in inserts:
        out.append(text[position:offset])
        out.append(holder)
        position = offset
    out.append(text[position:])
    return "".join(out)


def check_attributions(attributions: Mapping[str, list[str]], *, known: Iterable[str]) -> None:
    """:raises DomainError: a bracket is attributed to a code that is no delegation here."""
    codes = set(known)
    for index, holders in attributions.items():
        for code in holders:
            if code not in codes:
                raise DomainError(
                    "text: "
                    + _(
                        "bracket %(number)d is attributed to “%(code)s”, which is not a "
                        "delegation of this cooperation (use ISO alpha-3 codes such as VNM)."
                    )
                    % {"number": int(index) + 1, "code": code},
                    field="text",
                )


def carry_attributions(
    *, old: Parsed, old_attributions: Mapping[str, list[str]], new: Parsed
) -> Attributions:
    """Give each bracket of ``new`` the holders of the bracket of ``old`` with the same words
    (the n-th bracket reading "shall" inherits from the n-th such bracket of ``old``)."""
    by_content: dict[str, list[list[str]]] = {}
    for bracket in old.brackets:
        by_content.setdefault(bracket.inner(old.text), []).append(
            list(old_attributions.get(str(bracket.index), []))
        )
    seen: dict[str, int] = {}
    result: Attributions = {}
    for bracket in new.brackets:
        content = bracket.inner(new.text)
        occurrence = seen.get(content, 0)
        seen[content] = occurrence + 1
        holders = by_content.get(content, [])
        if occurrence < len(holders) and holders[occurrence]:
            result[str(bracket.index)] = holders[occurrence]
    return result


TokenKind = Literal["text", "open", "close", "holders", "stray"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    depth: int = 0


def tokens(parsed: Parsed, attributions: Mapping[str, list[str]] | None = None) -> list[Token]:
    """The text as a flat stream: text runs, bracket openings and closings, holders, strays."""
    marks: list[tuple[int, int, Token]] = []  # (offset, order, token); order keeps ties stable
    for bracket in parsed.brackets:
        marks.append((bracket.start, 1, Token("open", "[", bracket.depth)))
        if bracket.closed:
            marks.append((bracket.end - 1, 0, Token("close", "]", bracket.depth)))
            holders = (attributions or {}).get(str(bracket.index))
            if holders:
                marks.append((bracket.end - 1, 0, Token("holders", ", ".join(holders))))
    for offset in parsed.stray_closers:
        marks.append((offset, 0, Token("stray", "]")))
    marks.sort(key=lambda mark: (mark[0], mark[1]))
    out: list[Token] = []
    position = 0
    text = parsed.text
    for offset, _order, token in marks:
        if offset > position:
            out.append(Token("text", text[position:offset]))
            position = offset
        out.append(token)
        if token.kind != "holders":
            position = offset + 1
    if position < len(text):
        out.append(Token("text", text[position:]))
    return out


def emphasis_runs(text: str) -> list[tuple[str, str]]:
    """Split a text run into ("", plain), ("em", …) and ("strong", …) for ``*x*``/``**x**``."""
    runs: list[tuple[str, str]] = []
    position = 0
    for match in _EMPHASIS_RE.finditer(text):
        if match.start() > position:
            runs.append(("", text[position : match.start()]))
        if match.group(1) is not None:
            runs.append(("strong", match.group(1)))
        else:
            runs.append(("em", match.group(2)))
        position = match.end()
    if position < len(text):
        runs.append(("", text[position:]))
    return runs


def _html_text(text: str) -> str:
    parts = []
    for style, run in emphasis_runs(text):
        escaped = escape(run).replace("\n", "<br>")
        parts.append(f"<{style}>{escaped}</{style}>" if style else escaped)
    return "".join(parts)


def render_html(
    text: str, attributions: Mapping[str, list[str]] | None = None, *, parsed: Parsed | None = None
) -> SafeString:
    """Escaped HTML of a paragraph: brackets as nested spans, holders after each bracket."""
    parsed = parsed or parse(text)
    if not parsed.has_brackets:
        return mark_safe(_html_text(text))  # noqa: S308 (every run is escaped in _html_text)
    parts: list[str] = []
    open_spans = 0
    for token in tokens(parsed, attributions):
        if token.kind == "text":
            parts.append(_html_text(token.text))
        elif token.kind == "open":
            parts.append('<span class="bk">[')
            open_spans += 1
        elif token.kind == "close":
            parts.append("]</span>")
            open_spans -= 1
        elif token.kind == "holders":
            parts.append(f'<sup class="holders">{escape(token.text)}</sup>')
        else:
            parts.append('<span class="bk-stray">]</span>')
    parts.append("</span>" * open_spans)
    return mark_safe("".join(parts))  # noqa: S308 (built from escaped runs and fixed tags)
