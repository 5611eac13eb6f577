"""canonical_json writes exactly what rfc8785.dumps writes, through its fast path or not."""

from unittest import mock

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from cadec.negotiation import canonical

# Characters where JSON encoders differ: controls (escaped), DEL and the line separators (not
# escaped by RFC 8785), non-ASCII, the top of the BMP and beyond it (sorted apart by UTF-16).
AWKWARD = ["a", "Z", "é", "\x00", "\x08", "\x1f", '"', "\\", "\x7f", "\u2028", "\ue000", "\uffee"]
AWKWARD += ["\U00010000", "\U0001f600", "\u20ac", "ไ", "中"]
texts = st.text(st.characters(codec="utf-8"), max_size=12) | st.text(
    st.sampled_from(AWKWARD), max_size=6
)
keys = texts
safe_integers = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
scalars = st.none() | st.booleans() | safe_integers | texts
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
# What the fast path must hand over to rfc8785: floats, large integers, tuples, lone surrogates.
odd_scalars = (
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers()
    | st.sampled_from(["\ud800", "a\udfff", (1, "x")])
)
odd_values = st.recursive(
    scalars | odd_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


def same_as_rfc8785(value: object) -> None:
    try:
        expected = rfc8785.dumps(value)  # type: ignore[arg-type]
    except rfc8785.CanonicalizationError:
        with pytest.raises(rfc8785.CanonicalizationError):
            canonical.canonical_json(value)
        return
    assert canonical.canonical_json(value) == expected


@settings(max_examples=1500)
@given(json_values)
def test_the_values_events_hold_are_written_byte_for_byte_as_rfc_8785(value):
    same_as_rfc8785(value)


@settings(max_examples=500)
@given(odd_values)
def test_other_values_are_written_as_rfc_8785_too(value):
    same_as_rfc8785(value)


@given(st.dictionaries(st.text(st.sampled_from(AWKWARD), min_size=1, max_size=3), safe_integers))
def test_keys_are_ordered_by_utf16_code_units(value):
    same_as_rfc8785(value)


def test_the_rfc_8785_sorting_example():
    # RFC 8785 §3.2.3: sorted by UTF-16 code units, so U+1F600 (D83D DE00) precedes U+FB33.
    value = {"€": 1, "\r": 2, "דּ": 3, "1": 4, "😀": 5, "\x80": 6, "ö": 7}
    assert canonical.canonical_json(value) == (
        '{"\\r":2,"1":4,"\x80":6,"ö":7,"€":1,"😀":5,"דּ":3}'.encode()
    )


def test_event_records_take_the_fast_path_and_floats_do_not():
    record = canonical.event_record(
        sequence=1, kind="paragraph.edited", created_at="2020-06-12T02:00:00.000000Z", payload={}
    )
    with mock.patch.object(rfc8785, "dumps", side_effect=AssertionError("slow path")):
        assert canonical.canonical_json(record).startswith(b'{"created_at":')
        with pytest.raises(AssertionError, match="slow path"):
            canonical.canonical_json({**record, "payload": {"share": 0.5}})
