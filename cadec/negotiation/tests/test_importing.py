"""Importing a real bracketed draft: the UNFCCC ADP draft of the Paris Agreement (9 Dec 2015)
keeps every paragraph, bracket and option, and bad files are refused by line."""

import re
from pathlib import Path

import pytest

from cadec.core.errors import DomainError
from cadec.negotiation import brackets, services
from cadec.negotiation.models import Document, Event, Paragraph
from cadec.negotiation.tests import factories

SOURCE = (
    Path(__file__).parent / "data" / "unfccc_adp_draft_paris_agreement_2015-12-09_bracketed.txt"
)
MARKER = re.compile(r"^\s*(\d{1,3}(bis|ter)?\.|\([a-z]+\)|\*\*Option|#)")


def source_body() -> str:
    """The draft as a reader counts it: Markdown link definitions and references are links,
    not brackets (three definitions at the end, one reference in the first line)."""
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"^\[[^\]]+\]: \S+$", "", text, flags=re.M)
    return text.replace(
        "[draft agreement and draft decision][source]", "draft agreement and draft decision"
    )


def paragraphs_in_source(text: str) -> int:
    """A paragraph starts after a blank line, or on a line that starts with a number, an
    option or a heading mark."""
    count, previous_blank = 0, True
    for line in text.split("\n"):
        if not line.strip():
            previous_blank = True
            continue
        if previous_blank or MARKER.match(line):
            count += 1
        previous_blank = False
    return count


@pytest.fixture
def imported(framework, chair, now):  # type: ignore[no-untyped-def]
    return services.import_document(
        viewer=chair,
        framework=framework,
        symbol="FCCC/ADP/2015/L.6",
        title="Draft Paris Agreement (ADP, 9 December 2015)",
        deadline=factories.DEADLINE,
        source=SOURCE.read_bytes(),
        source_name=SOURCE.name,
        now=now,
    )


def test_the_real_draft_keeps_every_paragraph_bracket_and_option(imported):
    body = source_body()
    paragraphs = list(
        Paragraph.objects.filter(document=imported.document)
        .select_related("current")
        .order_by("position")
    )
    texts = [p.current.text for p in paragraphs]  # type: ignore[union-attr]
    parsed = [brackets.parse(t) for t in texts]

    assert len(paragraphs) == imported.paragraphs == paragraphs_in_source(body) == 283
    assert sum(1 for p in paragraphs if p.kind == "HEADING" and p.level == 1) == len(
        re.findall(r"^## ", body, flags=re.M)
    )
    assert sum(1 for p in paragraphs if p.kind == "PREAMBULAR") == 17
    # every "[" is a bracket; every "]" closes one, or is kept as written where a bracket
    # closes in a later paragraph than it opened
    assert sum(len(p.brackets) for p in parsed) == imported.brackets == body.count("[") == 217
    assert sum(sum(b.closed for b in p.brackets) + len(p.stray_closers) for p in parsed) == (
        body.count("]")
    )
    # back-to-back brackets are alternatives: [shall][should]
    joins = sum(len(p.brackets) - len({b.group for b in p.brackets}) for p in parsed)
    assert joins == len(re.findall(r"\](?:\n[ \t]*)?\[", body))
    assert sum(t.count("**Option") for t in texts) == body.count("**Option") == 28
    # nothing lost, nothing added, nothing moved
    rebuilt = " ".join(f"{p.current.label} {p.current.text}" for p in paragraphs)  # type: ignore[union-attr]
    assert re.sub(r"[#\s]", "", rebuilt) == re.sub(r"[#\s]", "", body)


def test_the_purpose_keeps_its_sub_paragraphs_and_temperature_options(imported):
    purpose = Paragraph.objects.get(
        document=imported.document,
        current__text__startswith="The purpose of this Agreement is to [enhance",
    )
    after = list(
        Paragraph.objects.filter(document=imported.document, position__gt=purpose.position)
        .select_related("current")
        .order_by("position")[:4]
    )
    assert [(p.level, p.current.label) for p in after] == [(1, "1."), (2, ""), (2, ""), (2, "")]  # type: ignore[union-attr]
    assert [p.current.text.split(":**")[0] for p in after[1:]] == [  # type: ignore[union-attr]
        "**Option 1",
        "**Option 2",
        "**Option 3",
    ]
    option_2 = brackets.parse(after[2].current.text)  # type: ignore[union-attr]
    assert [b.inner(after[2].current.text) for b in option_2.brackets][1] == "rapidly"  # type: ignore[union-attr]


def test_the_import_is_one_event_with_the_whole_text(imported):
    event = imported.document.events.get()
    assert event.kind == "document.imported"
    assert len(event.payload["paragraphs"]) == 283
    assert event.payload["source"]["name"] == SOURCE.name
    assert "[10nov]: http://unfccc.int/resource/docs/2015/adp2/eng/11infnot.pdf" in (
        imported.document.note
    )
    assert "17 paragraphs hold a bracket that opens or closes" in imported.notes[0]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"1. Members [shall] meet.\n\n2. Caf\xe9 prices.", "line 3 is not UTF-8 (byte 0xE9)"),
        (
            "1. Members meet.\n\n2. Members\u200b agree.".encode(),
            "the file, line 3, character 11, holds U+200B ZERO WIDTH SPACE",
        ),
        (b"1. Members [shall]{VNM} meet.\n\n2. [Agree]{XYZ}.", "line 3: “XYZ” is not a delegation"),
        (b"\n \n\t\n", "the file holds no paragraphs"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_a_bad_file_is_refused_by_line_and_nothing_is_imported(
    framework, chair, now, source, message
):
    with pytest.raises(DomainError) as refused:
        services.import_document(
            viewer=chair,
            framework=framework,
            symbol="BAD/1",
            title="Bad",
            deadline=factories.DEADLINE,
            source=source,
            source_name="bad.txt",
            now=now,
        )
    assert message in refused.value.message
    assert refused.value.field == "file"
    assert not Document.objects.exists()
    assert not Event.objects.exists()


def test_holders_written_in_the_file_are_kept(framework, chair, now):
    result = services.import_document(
        viewer=chair,
        framework=framework,
        symbol="T/1",
        title="t",
        deadline=factories.DEADLINE,
        source="# Preamble\n\n*Noting* the Year,\n\n1. Members [shall]{THA}[should]{VNM} meet.",
        source_name="t.txt",
        now=now,
    )
    paragraphs = list(result.document.paragraphs.select_related("current").order_by("position"))
    assert [p.kind for p in paragraphs] == ["HEADING", "PREAMBULAR", "OPERATIVE"]
    assert paragraphs[2].current.attributions == {"0": ["THA"], "1": ["VNM"]}  # type: ignore[union-attr]
    assert (result.brackets, result.alternatives) == (2, 1)
