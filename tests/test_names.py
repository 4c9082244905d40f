"""How names are compared across the hub: folded however they are written, and found at the
place they are written."""

from __future__ import annotations

import pytest

from coprod_site.names import (apostrophe_parts, find_names, fold, name_key, names_pattern,
                               plain_words)


@pytest.mark.parametrize("written, key", [
    ("Zoë Strauss", "zoestrauss"), ("ZOË STRAUẞ", "zoestrauss"),
    ("Ｚｏë Ｓｔｒａｕß", "zoestrauss"),
    ("Z\u043e\u00eb Strauss", "zoestrauss"), ("\u0396\u039f\u0395 Strauss", "zoestrauss"),
    ("O’Brien", "obrien"), ("O Brien", "obrien"), ("Zo\u00adë", "zoe"), ("İpek", "ipek"),
])
def test_a_name_is_compared_folded(written, key):
    assert name_key(written) == key


def test_a_find_is_where_the_name_is_written():
    text = "Thanks to ＺＯË  Strauß\u0301, and to Zoe Stratton."
    found = list(find_names(names_pattern(["Zoë Strauss"]), text))
    assert [(f.text, f.start, f.end) for f in found] == [("ＺＯË  Strauß\u0301", 10, 22)]
    assert text[10:22] == found[0].text


def test_plain_text_is_folded_without_a_map():
    assert fold("Priya Shah") == ("priya shah", None)
    assert fold("ß-é") == ("ss-e", [0, 0, 1, 2])


@pytest.mark.parametrize("text", ["Zoe Stratton", "Zoës", "zoestraussian", "Strauss",
                                  "Zoë Straussberg"])
def test_a_different_word_is_not_the_name(text):
    assert list(find_names(names_pattern(["Zoë Strauss"]), text)) == []


@pytest.mark.parametrize("text, joined, split, parts", [
    ("Siobhán O’Brien", ["siobhan", "obrien"], ["siobhan", "o", "brien"], [("o", "brien")]),
    ("O'Brien's tips", ["obrien", "tip"], ["o", "brien", "tip"], [("o", "brien")]),
    ("Ng'ang'a", ["nganga"], ["ng", "ang", "a"], [("ng", "ang", "a")]),
    ("Priya's walk", ["priya", "walk"], ["priya", "walk"], []),
    ("'Rose' and James'", ["rose", "and", "jame"], ["rose", "and", "jame"], []),
])
def test_a_word_joined_by_an_apostrophe_is_one_word_for_slugs(text, joined, split, parts):
    assert (plain_words(text), plain_words(text, joined=False), apostrophe_parts(text)) == \
        (joined, split, parts)


def test_a_name_with_an_apostrophe_is_found_written_with_or_without_it():
    text = "Siobhan OBrien, SIOBHAN O BRIEN, siobhan.obrien@example.org and Siobhán O'Brien."
    found = list(find_names(names_pattern(["Siobhán O’Brien"]), text))
    assert [f.text for f in found] == ["Siobhan OBrien", "SIOBHAN O BRIEN", "siobhan.obrien",
                                       "Siobhán O'Brien"]
    assert {name_key(f.text) for f in found} == {name_key("Siobhán O’Brien")}
    assert list(find_names(names_pattern(["Siobhán O’Brien"]), "Siobhan Obriens, Siobhan O")) \
        == []


def test_a_name_inside_a_file_fingerprint_is_not_the_name():
    pattern = names_pattern(["Dee", "Ada"])
    assert [f.text for f in find_names(pattern, "walk-400.c90dee5800.webp ada1f2e3c4.css")] == []
    assert [f.text for f in find_names(pattern, "Dee2 and dee, ada-5")] == ["Dee", "dee", "ada"]


@pytest.mark.parametrize("name, written", [
    ("Søren", "Soren"), ("Łukasz", "Lukasz"), ("Işıl", "ISIL"), ("Æsa", "Aesa"),
    ("Đorđe", "Dorde"), ("Ирина", "ИРИНА"), ("Νίκος", "ΝΙΚΟΣ"), ("Hannah", "НАNNАН"),
    ("Mary-Jane", "MaryJane"), ("Dana Okafor", "Dana+Okafor"), ("Dahl", "Da\u3164hl"),
    ("Dahl", "Da\ufe0fhl"), ("Søren Dahl", "Søren\u2011Dahl"), ("Søren Dahl", "Søren\u00a0Dahl"),
])
def test_letters_without_accents_capitals_in_any_script_and_joiners_fold_alike(name, written):
    assert [f.text for f in find_names(names_pattern([name]), f"by {written}.")] == [written]
