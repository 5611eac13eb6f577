"""Amendments as edits of a paragraph's text: applying one, placing it in a text that has moved
on since it was proposed, finding amendments that touch the same words, and merging many.

An amendment names the words it acts on (``target``) in the text of the version it was proposed
against; those words become a span ``[start, end)``:

* INSERT puts ``text`` right after the span (``whole_paragraph``: a new paragraph after this one);
* DELETE removes the span (``whole_paragraph``: removes the paragraph);
* REPLACE puts ``text`` in place of the span;
* ALTERNATIVE keeps the span and offers ``text`` beside it as bracketed alternatives:
  ``shall`` becomes ``[shall][should]``, and ``[shall][should]`` gains a third.

Two amendments conflict when their spans overlap, start at the same place, or one of them acts
on the whole paragraph. An amendment conflicts with the working text when the words it acts on
were changed since it was proposed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cadec.negotiation import brackets, diff
from cadec.negotiation.brackets import Attributions
from cadec.negotiation.models import Amendment

Kind = Amendment.Kind


@dataclass(frozen=True)
class Change:
    """An amendment placed in the current text of its paragraph."""

    reference: str
    paragraph_id: int
    kind: str
    whole_paragraph: bool
    start: int
    end: int
    text: str
    sponsors: tuple[str, ...] = ()

    @property
    def adds_paragraph(self) -> bool:
        return self.whole_paragraph and self.kind == Kind.INSERT

    @property
    def removes_paragraph(self) -> bool:
        return self.whole_paragraph and self.kind == Kind.DELETE


def locate(*, text: str, target: str, occurrence: int) -> tuple[int, int] | None:
    """The span of the ``occurrence``-th (1-based) appearance of ``target`` in ``text``."""
    position = -1
    for _ in range(occurrence):
        position = text.find(target, position + 1)
        if position < 0:
            return None
    return position, position + len(target)


def span_for(
    *, kind: str, whole_paragraph: bool, text: str, start: int, end: int
) -> tuple[int, int]:
    """The span an amendment occupies: an insertion is a point after its words."""
    if whole_paragraph:
        return (len(text), len(text)) if kind == Kind.INSERT else (0, len(text))
    return (end, end) if kind == Kind.INSERT else (start, end)


def place(
    *,
    reference: str,
    paragraph_id: int,
    kind: str,
    whole_paragraph: bool,
    base_text: str,
    current_text: str,
    start: int,
    end: int,
    text: str,
    sponsors: Sequence[str] = (),
) -> Change | None:
    """Carry an amendment from the text it was proposed on into the current text.

    Returns None when the words it acts on have changed since (a conflict with the text).
    """
    if whole_paragraph and kind == Kind.INSERT:
        mapped: tuple[int, int] | None = (len(current_text), len(current_text))
    elif whole_paragraph:
        mapped = (0, len(current_text)) if base_text == current_text else None
    else:
        mapped = diff.map_span(base_text, current_text, start, end)
    if mapped is None:
        return None
    s, e = span_for(
        kind=kind,
        whole_paragraph=whole_paragraph,
        text=current_text,
        start=mapped[0],
        end=mapped[1],
    )
    return Change(reference, paragraph_id, kind, whole_paragraph, s, e, text, tuple(sponsors))


def conflict(a: Change, b: Change) -> bool:
    """Whether two changes to the same paragraph cannot both be merged."""
    if a.paragraph_id != b.paragraph_id or a.adds_paragraph or b.adds_paragraph:
        return False
    if a.whole_paragraph or b.whole_paragraph:
        return True
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def conflicts(changes: Iterable[Change]) -> list[tuple[Change, Change]]:
    """Every pair of changes that act on the same words, paragraph by paragraph."""
    by_paragraph: dict[int, list[Change]] = {}
    for change in changes:
        by_paragraph.setdefault(change.paragraph_id, []).append(change)
    found = []
    for group in by_paragraph.values():
        group.sort(key=lambda c: (c.start, c.end, c.reference))
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if conflict(first, second):
                    found.append((first, second))
    return found


def _spaced(before: str, insertion: str, after: str) -> str:
    """Insert words with one space between them and their neighbours, as a drafter would."""
    closing = ",.;:)]"
    if (
        insertion
        and before
        and not before[-1].isspace()
        and not insertion[0].isspace()
        and insertion[0] not in closing
    ):
        insertion = " " + insertion
    if (
        insertion
        and after
        and not after[0].isspace()
        and after[0] not in closing
        and not insertion[-1].isspace()
    ):
        insertion = insertion + " "
    return before + insertion + after


def _is_alternatives(words: str) -> bool:
    """Whether ``words`` is exactly one group of bracketed alternatives, e.g. ``[a][b]``."""
    if not (words.startswith("[") and words.endswith("]")):
        return False
    parsed = brackets.parse(words)
    top = [b for b in parsed.brackets if b.depth == 0]
    return (
        not parsed.stray_closers
        and all(b.closed for b in top)
        and len({b.group for b in top}) == 1
        and top[0].start == 0
        and top[-1].end == len(words)
    )


def apply(text: str, change: Change) -> str:
    """The text after one change (paragraph-level insertions and removals are not text edits)."""
    s, e = change.start, change.end
    before, target, after = text[:s], text[s:e], text[e:]
    if change.kind == Kind.INSERT:
        return _spaced(before, change.text, after)
    if change.kind == Kind.DELETE:
        if before.endswith(" ") and (after.startswith(" ") or after[:1] in {",", ".", ";", ""}):
            before = before[:-1]
        return before + after
    if change.kind == Kind.REPLACE:
        return before + change.text + after
    if _is_alternatives(target):
        return before + target + "[" + change.text + "]" + after
    return before + "[" + target + "][" + change.text + "]" + after


def introduced_brackets(change: Change) -> set[str]:
    """The bracketed words a change brings in, which its sponsors hold."""
    words = set()
    if change.kind == Kind.ALTERNATIVE:
        words.add(change.text)
    parsed = brackets.parse(change.text)
    words.update(b.inner(change.text) for b in parsed.brackets if b.closed)
    return words


def merge(
    text: str, attributions: Attributions, changes: Sequence[Change]
) -> tuple[str, Attributions]:
    """Apply non-conflicting text changes to one paragraph; attribute the brackets they add.

    :raises ValueError: two of the changes conflict (callers check ``conflicts`` first).
    """
    edits = [c for c in changes if not (c.adds_paragraph or c.removes_paragraph)]
    if conflicts(edits):
        raise ValueError("conflicting changes cannot be merged")
    old = brackets.parse(text)
    new_text = text
    for change in sorted(edits, key=lambda c: (c.start, c.end), reverse=True):
        new_text = apply(new_text, change)
    new = brackets.parse(new_text)
    result = brackets.carry_attributions(old=old, old_attributions=attributions, new=new)
    holders_of: dict[str, set[str]] = {}
    for change in edits:
        for words in introduced_brackets(change):
            holders_of.setdefault(words, set()).update(change.sponsors)
    for bracket in new.brackets:
        key = str(bracket.index)
        if key not in result and (holders := holders_of.get(bracket.inner(new_text))):
            result[key] = sorted(holders)
    return new_text, result
