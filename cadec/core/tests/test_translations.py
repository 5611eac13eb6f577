"""The interface catalogues: complete where promised, faithful to placeholders, compiled as written.

Chinese, Vietnamese, Thai and Indonesian are complete; Malay, Khmer, Lao, Burmese and Filipino
are started (navigation and sign-in first). Catalogues live in ``cadec/locale`` and the compiled
``.mo`` files are kept in the repository, so a stale ``.mo`` would ship old text.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
COMPLETE = ["zh_Hans", "vi", "th", "id"]
STARTED = ["ms", "km", "lo", "my", "fil"]
ALL = COMPLETE + STARTED
STARTED_MINIMUM_SHARE = 0.20

# What a person needs to find their way and sign in; every catalogue translates these first.
NAVIGATION = [
    "Skip to content",
    "Home",
    "Members",
    "Organisations",
    "Programme",
    "Indicators",
    "Negotiation",
    "People",
    "Account",
    "Sign in",
    "Sign out",
    "Language",
    "Change",
    "User name",
    "Save",
    "Reset your password",
    "Forgotten your password?",
]

# Words with two meanings in the interface; each use names its meaning as a context.
AMBIGUOUS = {
    "open": ("paragraph status", "action item status", "listing status"),
    "position": ("place in order", "delegation's stance"),
    "outcome": ("import result", "meeting outcome"),
    "added": ("date label", "compare status tag"),
    "removed": ("date label", "compare status tag"),
}

# A printf-style conversion as Python's % operator reads it: %(name)s, %d, %% …
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def po_file(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"))


def mo_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"


def placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


def current_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def translations_of(entries: list[polib.POEntry]) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Key every translated entry by (context, msgid); plural forms in order."""
    result = {}
    for entry in entries:
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        result[(entry.msgctxt, entry.msgid)] = forms
    return result


def test_every_interface_language_but_english_has_a_catalogue_and_is_tested():
    locales = {translation.to_locale(code) for code, _name in settings.LANGUAGES} - {"en"}
    assert locales == set(ALL)
    for locale in ALL:
        assert (LOCALE_DIR / locale / "LC_MESSAGES" / "django.po").is_file(), locale
        assert mo_path(locale).is_file(), f"{locale}: run compilemessages"


def test_every_catalogue_holds_the_same_messages():
    # A catalogue left behind by a makemessages run for only some languages misses new strings.
    reference = {(e.msgctxt, e.msgid) for e in current_entries(po_file(ALL[0]))}
    for locale in ALL[1:]:
        assert {(e.msgctxt, e.msgid) for e in current_entries(po_file(locale))} == reference, locale


@pytest.mark.parametrize("locale", ALL)
def test_the_header_names_the_language_its_charset_and_plural_rule(locale):
    po = po_file(locale)
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == locale
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    plural_rule = re.search(r"nplurals=(\d+);", po.metadata["Plural-Forms"])
    assert plural_rule, po.metadata["Plural-Forms"]
    nplurals = int(plural_rule.group(1))
    if locale in COMPLETE:
        # Chinese, Vietnamese, Thai and Indonesian do not inflect nouns for number.
        assert po.metadata["Plural-Forms"].startswith("nplurals=1; plural=0;")
    for entry in current_entries(po):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(nplurals)), entry.msgid


@pytest.mark.parametrize("locale", COMPLETE)
def test_a_complete_catalogue_translates_every_entry(locale):
    po = po_file(locale)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in current_entries(po):
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("locale", STARTED)
def test_a_started_catalogue_translates_a_fifth_and_guesses_nothing(locale):
    po = po_file(locale)
    entries = current_entries(po)
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert len(po.translated_entries()) >= STARTED_MINIMUM_SHARE * len(entries)


@pytest.mark.parametrize("locale", ALL)
def test_navigation_and_sign_in_are_translated(locale):
    translated = {e.msgid: e.msgstr for e in po_file(locale).translated_entries()}
    assert [msgid for msgid in NAVIGATION if not translated.get(msgid)] == []


@pytest.mark.parametrize("locale", ALL)
def test_a_translation_keeps_the_placeholders_of_its_message(locale):
    for entry in po_file(locale).translated_entries():
        if "python-format" not in entry.flags:
            # Without the flag the text is never %-formatted, so a stray % is harmless.
            continue
        if entry.msgid_plural:
            # With one plural form the single translation stands for singular and plural.
            expected = [placeholders(entry.msgid), placeholders(entry.msgid_plural)]
            for form in entry.msgstr_plural.values():
                assert placeholders(form) in expected, (entry.msgid, form)
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry.msgid


@pytest.mark.parametrize("locale", ALL)
def test_the_compiled_catalogue_matches_the_source(locale):
    # Compared by content, not by date: a checkout does not keep file times.
    compiled = translations_of(list(polib.mofile(str(mo_path(locale)))))
    source = translations_of(po_file(locale).translated_entries())
    assert compiled == source, f"{locale}: run compilemessages"


@pytest.mark.parametrize("locale", ALL)
def test_django_serves_every_translation_of_the_catalogue(locale):
    entries = po_file(locale).translated_entries()
    with translation.override(translation.to_language(locale)):
        for entry in entries:
            if entry.msgid_plural or entry.msgctxt:
                continue
            assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_vietnamese_sign_in_comes_from_the_catalogue():
    expected = po_file("vi").find("Sign in").msgstr
    assert expected
    assert expected != "Sign in"
    with translation.override("vi"):
        assert translation.gettext("Sign in") == expected


def test_a_word_with_two_meanings_names_its_meaning_wherever_it_is_used():
    entries = {(e.msgctxt, e.msgid) for e in current_entries(po_file("zh_Hans"))}
    for word, contexts in AMBIGUOUS.items():
        assert (None, word) not in entries, word
        for context in contexts:
            assert (context, word) in entries, (context, word)
    with translation.override("zh-hans"):
        # A paragraph still open is unsettled (未决); an open action item is still to do (待办).
        paragraph = translation.pgettext("paragraph status", "open")
        assert paragraph != translation.pgettext("action item status", "open")
        # A place in an agenda is an order (顺序), not a delegation's stance (立场).
        order = translation.pgettext("place in order", "position")
        assert order != translation.pgettext("delegation's stance", "position")


def test_the_server_error_page_speaks_the_visitor_s_language():
    expected = po_file("th").find("Server error").msgstr
    assert expected
    with translation.override("th"):
        page = render_to_string("500.html")
    assert f"<h1>{expected}</h1>" in page
    assert '<html lang="th">' in page
