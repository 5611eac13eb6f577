"""The text format: brackets, alternatives, holders, and the characters refused (V7)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadec.negotiation import brackets
from cadec.negotiation.brackets import TextRefused


def test_brackets_nest_and_back_to_back_brackets_are_alternatives():
    text = "Members [shall][should] share [best [digital] practices] [and] [data]."
    parsed = brackets.parse(text)
    assert [b.inner(text) for b in parsed.brackets] == [
        "shall",
        "should",
        "best [digital] practices",
        "digital",
        "and",
        "data",
    ]
    shall, should, best, digital, and_, data = parsed.brackets
    assert shall.group == should.group  # one choice between two alternatives
    assert len({best.group, and_.group, data.group}) == 3  # separated by spaces: three choices
    assert (best.depth, digital.depth) == (0, 1)
    assert parsed.alternative_groups == 1


def test_an_alternative_may_follow_on_the_next_line():
    parsed = brackets.parse("[the purpose of this Agreement]\n[the objective of the Convention]")
    assert parsed.brackets[0].group == parsed.brackets[1].group


def test_untidy_brackets_of_real_drafts_are_kept_and_counted():
    parsed = brackets.parse("[All Parties [shall] prepare] contributions.] and [more")
    assert len(parsed.brackets) == 3
    assert parsed.stray_closers == (44,)  # the "]" after "contributions."
    assert parsed.unclosed == 1
    assert brackets.balance(parsed) == (1, 1)


def test_markup_names_the_holders_of_each_bracket_and_round_trips():
    markup = "Members [shall]{THA}[should]{VNM CHN} share [data]."
    text, holders = brackets.parse_markup(markup)
    assert text == "Members [shall][should] share [data]."
    assert holders == {"0": ["THA"], "1": ["CHN", "VNM"]}
    assert (
        brackets.to_markup(text, holders) == "Members [shall]{THA}[should]{CHN VNM} share [data]."
    )


def test_braces_that_are_not_holders_stay_text():
    text, holders = brackets.parse_markup("Pending *{Note: pending on Article 9}* and ]{VNM}")
    assert text == "Pending *{Note: pending on Article 9}* and ]{VNM}"
    assert holders == {}


def test_holders_follow_the_words_of_their_bracket_through_an_edit():
    old = brackets.parse("A [shall][should] B [data]")
    new = brackets.parse("A [new] [shall][should] B")
    carried = brackets.carry_attributions(
        old=old, old_attributions={"0": ["THA"], "1": ["VNM"], "2": ["CHN"]}, new=new
    )
    assert carried == {"1": ["THA"], "2": ["VNM"]}


def test_an_unknown_holder_is_refused_with_its_bracket():
    with pytest.raises(Exception, match="bracket 2 is attributed to “XYZ”"):
        brackets.check_attributions({"1": ["XYZ"]}, known={"VNM"})


def test_text_is_stored_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert decomposed != "Việt Nam"
    assert brackets.normalise(decomposed, where="paragraph 1") == "Việt Nam"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_bidi_and_zero_width_characters_are_refused_naming_the_place(char, name):
    with pytest.raises(TextRefused) as refused:
        brackets.normalise(f"first line\nMembers {char}shall", where="paragraph 4.")
    message = refused.value.message
    assert "paragraph 4., line 2, character 9" in message
    assert f"U+{ord(char):04X} {name}" in message


def test_html_escapes_the_text_and_marks_brackets_and_holders():
    html = brackets.render_html("<b>x</b> [shall]*", {"0": ["VNM"]})
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert '<span class="bk">[shall]</span><sup class="holders">VNM</sup>' in html


def test_emphasis_in_the_style_of_un_drafts():
    html = brackets.render_html("*Recognising* the **role** of")
    assert html == "<em>Recognising</em> the <strong>role</strong> of"


@given(st.text(alphabet="ab [] \n", max_size=40))
def test_every_bracket_character_is_accounted_for(text):
    parsed = brackets.parse(text)
    closed = sum(1 for b in parsed.brackets if b.closed)
    assert len(parsed.brackets) == text.count("[")
    assert closed + len(parsed.stray_closers) == text.count("]")
    # the token stream gives the text back
    rebuilt = "".join(t.text for t in brackets.tokens(parsed) if t.kind != "holders")
    assert rebuilt == text
