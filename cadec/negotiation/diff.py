"""Differences between texts: word by word within a paragraph, paragraph by paragraph between
two versions, and how an offset in an old text maps into a newer one."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Op = Literal["equal", "insert", "delete"]
Segment = tuple[Op, str]

_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """The change from ``old`` to ``new`` as equal, deleted and inserted runs of words."""
    a, b = _tokens(old), _tokens(new)
    segments: list[Segment] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def compact(segments: Sequence[Segment], *, context: int = 8) -> list[Segment]:
    """Shorten long unchanged runs to ``context`` words on each side of a change."""
    out: list[Segment] = []
    last = len(segments) - 1
    for i, (op, text) in enumerate(segments):
        if op != "equal":
            out.append((op, text))
            continue
        words = _tokens(text)
        keep = context * 2  # words and the spaces between them
        head = "".join(words[:keep]) if i > 0 else ""
        tail = "".join(words[-keep:]) if i < last else ""
        if (
            len(words) <= keep * 2
            or (i == 0 and len(words) <= keep)
            or (i == last and len(words) <= keep)
        ):
            out.append((op, text))
        elif i == 0:
            out.append(("equal", "… " + tail.lstrip()))
        elif i == last:
            out.append(("equal", head.rstrip() + " …"))
        else:
            out.append(("equal", head.rstrip() + " … " + tail.lstrip()))
    return out


def render_html(segments: Sequence[Segment] | Sequence[list[str]]) -> SafeString:
    """Escaped HTML with ``<ins>`` and ``<del>`` for the changes."""
    parts = []
    for op, text in segments:
        escaped = escape(text).replace("\n", "<br>")
        if op == "insert":
            parts.append(f"<ins>{escaped}</ins>")
        elif op == "delete":
            parts.append(f"<del>{escaped}</del>")
        else:
            parts.append(escaped)
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def map_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the span ``old[start:end]`` lies in ``new``, if that span was left untouched.

    An empty span (an insertion point) maps when it sits inside or at the edge of unchanged
    text. Returns None when the words of the span were changed between ``old`` and ``new``.
    """
    if old == new:
        return start, end
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        if size == 0:
            continue
        if start == end:
            if i <= start <= i + size:
                return start - i + j, start - i + j
        elif i <= start and end <= i + size:
            return start - i + j, end - i + j
    return None


@dataclass(frozen=True)
class Side:
    key: str
    label: str
    kind: str
    text: str
    attributions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ParagraphChange:
    """How one paragraph differs between two versions."""

    change: Literal["added", "removed", "changed", "unchanged"]
    key: str
    label: str
    kind: str
    segments: list[Segment]
    old_label: str = ""

    @property
    def html(self) -> SafeString:
        return render_html(self.segments)


def compare(old: Sequence[Side], new: Sequence[Side]) -> list[ParagraphChange]:
    """Align the paragraphs of two versions by key and diff each one.

    Paragraphs come in the order of ``new``; a removed paragraph appears where it stood in
    ``old``, after the paragraph that preceded it there.
    """
    old_by_key = {side.key: side for side in old}
    new_keys = {side.key for side in new}
    changes: list[ParagraphChange] = []
    removed_after: dict[str | None, list[Side]] = {}
    previous: str | None = None
    for side in old:
        if side.key not in new_keys:
            removed_after.setdefault(previous, []).append(side)
        else:
            previous = side.key

    def removed(after: str | None) -> None:
        for side in removed_after.get(after, []):
            changes.append(
                ParagraphChange(
                    "removed", side.key, side.label, side.kind, [("delete", side.text)], side.label
                )
            )

    removed(None)
    for side in new:
        before = old_by_key.get(side.key)
        if before is None:
            changes.append(
                ParagraphChange("added", side.key, side.label, side.kind, [("insert", side.text)])
            )
        elif before.text == side.text and before.label == side.label:
            changes.append(
                ParagraphChange(
                    "unchanged", side.key, side.label, side.kind, [("equal", side.text)]
                )
            )
        else:
            changes.append(
                ParagraphChange(
                    "changed",
                    side.key,
                    side.label,
                    side.kind,
                    word_diff(before.text, side.text),
                    before.label,
                )
            )
        removed(side.key)
    return changes
