"""Amendments as edits: applying them, placing them in a text that moved on, conflicts, merges."""

from hypothesis import given
from hypothesis import strategies as st

from cadec.negotiation import merging
from cadec.negotiation.merging import Change

TEXT = "Members will share best practices on smart cities."


def change(kind, target="", text="", *, ref="A-1", whole=False, paragraph=1, sponsors=("VNM",)):  # type: ignore[no-untyped-def]
    start, end = merging.locate(text=TEXT, target=target, occurrence=1) if target else (0, 0)
    start, end = merging.span_for(kind=kind, whole_paragraph=whole, text=TEXT, start=start, end=end)
    return Change(ref, paragraph, kind, whole, start, end, text, sponsors)


def test_each_kind_of_amendment_reads_as_a_drafter_would_write_it():
    assert merging.apply(TEXT, change("INSERT", "share", "and promote")) == (
        "Members will share and promote best practices on smart cities."
    )
    assert merging.apply(TEXT, change("DELETE", "best ")) == (
        "Members will share practices on smart cities."
    )
    assert (
        merging.apply(TEXT, change("DELETE", "smart"))
        == "Members will share best practices on cities."
    )
    assert merging.apply(TEXT, change("REPLACE", "will", "shall")) == (
        "Members shall share best practices on smart cities."
    )
    assert merging.apply(TEXT, change("ALTERNATIVE", "will", "may")) == (
        "Members [will][may] share best practices on smart cities."
    )
    assert merging.apply(TEXT, change("INSERT", "cities", "[and regions]")) == (
        "Members will share best practices on smart cities [and regions]."
    )


def test_an_alternative_to_alternatives_joins_their_group():
    text = "Members [shall][should] share."
    start = text.index("[shall]")
    alt = Change("A-2", 1, "ALTERNATIVE", False, start, start + len("[shall][should]"), "may")
    assert merging.apply(text, alt) == "Members [shall][should][may] share."


def test_amendments_to_the_same_words_conflict_and_others_do_not():
    replace_will = change("REPLACE", "will share", "shall share", ref="A-1")
    alternative_will = change("ALTERNATIVE", "will", "may", ref="A-2")
    insert_after_share = change("INSERT", "share", "and promote", ref="A-3")
    replace_cities = change("REPLACE", "smart cities", "smart and green cities", ref="A-4")
    insert_after_cities = change("INSERT", "cities", "[and regions]", ref="A-5")
    other_paragraph = change("REPLACE", "will", "may", ref="A-6", paragraph=2)
    pairs = {
        frozenset((a.reference, b.reference))
        for a, b in merging.conflicts(
            [
                replace_will,
                alternative_will,
                insert_after_share,
                replace_cities,
                insert_after_cities,
                other_paragraph,
            ]
        )
    }
    # A-3 inserts right after "share", at the end of A-1's span: both can be merged.
    assert pairs == {frozenset(("A-1", "A-2"))}


def test_two_insertions_at_one_place_conflict():
    first = change("INSERT", "share", "and promote", ref="A-1")
    second = change("INSERT", "share", "and publish", ref="A-2")
    assert merging.conflict(first, second)


def test_an_amendment_to_the_whole_paragraph_conflicts_with_any_other_on_it():
    remove = change("DELETE", whole=True, ref="A-1")
    assert merging.conflict(remove, change("REPLACE", "will", "may", ref="A-2"))
    assert not merging.conflict(remove, change("INSERT", whole=True, text="New.", ref="A-3"))


def test_an_amendment_follows_its_words_into_a_text_edited_elsewhere():
    base = TEXT
    current = "Members will actively share best practices on smart cities and villages."
    start, end = merging.locate(text=base, target="smart cities", occurrence=1)  # type: ignore[misc]
    placed = merging.place(
        reference="A-1",
        paragraph_id=1,
        kind="REPLACE",
        whole_paragraph=False,
        base_text=base,
        current_text=current,
        start=start,
        end=end,
        text="digital cities",
    )
    assert placed is not None
    assert merging.apply(current, placed) == (
        "Members will actively share best practices on digital cities and villages."
    )


def test_an_amendment_whose_words_were_changed_cannot_be_placed():
    start, end = merging.locate(text=TEXT, target="best practices", occurrence=1)  # type: ignore[misc]
    assert (
        merging.place(
            reference="A-1",
            paragraph_id=1,
            kind="REPLACE",
            whole_paragraph=False,
            base_text=TEXT,
            current_text=TEXT.replace("best practices", "good practices"),
            start=start,
            end=end,
            text="experience",
        )
        is None
    )


def test_merging_attributes_the_new_alternative_to_its_sponsors_and_keeps_old_holders():
    text = "Members [shall] share best practices."
    start = text.index("best practices")
    alt = Change("A-1", 1, "ALTERNATIVE", False, start, start + 14, "experience", ("IDN", "THA"))
    merged, holders = merging.merge(text, {"0": ["VNM"]}, [alt])
    assert merged == "Members [shall] share [best practices][experience]."
    assert holders == {"0": ["VNM"], "2": ["IDN", "THA"]}


@given(st.sets(st.integers(0, 19), max_size=10))
def test_merging_disjoint_replacements_replaces_exactly_those_words(indices):
    words = [f"w{i}" for i in range(20)]
    text = " ".join(words)
    changes = []
    for i in indices:
        start = len(" ".join(words[:i])) + (1 if i else 0)
        changes.append(Change(f"A-{i}", 1, "REPLACE", False, start, start + len(words[i]), f"X{i}"))
    merged, _holders = merging.merge(text, {}, changes)
    assert merged == " ".join(f"X{i}" if i in indices else w for i, w in enumerate(words))
