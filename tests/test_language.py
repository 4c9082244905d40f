"""Plain words (CP303), inclusive language (CP401), acronyms (CP304), and the word lists."""

from __future__ import annotations

import pytest

from conftest import make_site, page, run
from findings import findings
from coprod_site import wordlists

# page() puts the body on line 9: ---, title, summary, topics (2 lines), published, ---, blank


def site(tmp_path, body, pyproject=None, **keys):
    return make_site(tmp_path, {"content/guides/a.md": page(body=body, **keys)},
                     pyproject=pyproject)


# -- the lists -------------------------------------------------------------------------------

def test_shipped_lists_are_big_enough_and_every_entry_has_a_suggestion():
    plain, inclusive = wordlists.shipped("plain_words"), wordlists.shipped("inclusive_language")
    assert len(plain) >= 80 and len(inclusive) >= 20
    for phrase, suggestion in {**plain, **inclusive}.items():
        assert phrase == phrase.lower().strip() and suggestion.strip(), phrase
    assert plain["utilise"] == "use" and plain["in order to"] == "to"
    assert inclusive["wheelchair-bound"] == "wheelchair user"
    assert inclusive["committed suicide"] == "died by suicide, or took their own life"


# -- CP303 -----------------------------------------------------------------------------------

def test_plain_word_hit(tmp_path):
    root = site(tmp_path, "We will utilise the room.\n\n- Come early in order to get a seat.\n")
    assert findings(root, codes=("CP303",)) == [
        'content/guides/a.md:9:9: warning CP303 plain-words: "utilise" has a plainer '
        "alternative: use.",
        'content/guides/a.md:11:14: warning CP303 plain-words: "in order to" has a plainer '
        "alternative: to."]


@pytest.mark.parametrize("form", ["Utilises", "utilised", "utilising", "utilize", "UTILIZED"])
def test_plain_word_forms_and_case(tmp_path, form):
    root = site(tmp_path, f"They {form} it.\n")
    assert findings(root, codes=("CP303",)) == [
        f'content/guides/a.md:9:6: warning CP303 plain-words: "{form}" has a plainer '
        "alternative: use."]


def test_plain_word_near_misses(tmp_path):
    # part of a longer word, a quote (someone's own words), code, and a link's address
    body = ("The utilities bill came. Orderly queues.\n\n"
            "> We had to utilise every room we could find.\n> — Sam\n\n"
            "Run `utilise --help` to see.\n\n"
            "[Our rooms](https://example.org/utilise) are free.\n")
    assert findings(site(tmp_path, body), codes=("CP303",)) == []


def test_plain_words_in_title_summary_and_headings(tmp_path):
    root = site(tmp_path, "## How to facilitate a meeting\n\nPay people.\n",
                title="Ways to utilise rooms", summary="Approximately what to pay people.")
    assert findings(root, codes=("CP303",)) == [
        'content/guides/a.md:2:1: warning CP303 plain-words: "utilise" has a plainer '
        "alternative: use.",
        'content/guides/a.md:3:1: warning CP303 plain-words: "Approximately" has a plainer '
        "alternative: about.",
        'content/guides/a.md:9:11: warning CP303 plain-words: "facilitate" has a plainer '
        "alternative: help, or run."]


def test_site_adds_and_removes_plain_words(tmp_path):
    root = site(tmp_path, "We leverage approximately ten rooms.\n",
                pyproject='[tool.coprod.plain_words]\nadd = { "leverage" = "use" }\n'
                          'remove = ["approximately"]\n')
    assert findings(root, codes=("CP303",)) == [
        'content/guides/a.md:9:4: warning CP303 plain-words: "leverage" has a plainer '
        "alternative: use."]


@pytest.mark.parametrize("table, message", [
    ('adds = { "x" = "y" }',
     "pyproject.toml: [tool.coprod.plain_words] has an unknown setting 'adds'; it takes only "
     "add and remove. Did you mean 'add'?"),
    ('add = ["leverage"]',
     "pyproject.toml: [tool.coprod.plain_words] add must map each word or phrase to a "
     'suggestion, like: add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('add = { "leverage" = "" }',
     "pyproject.toml: [tool.coprod.plain_words] add must map each word or phrase to a "
     'suggestion, like: add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('remove = "approximately"',
     "pyproject.toml: [tool.coprod.plain_words] remove must be a list of words, like: "
     'add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('remove = ["aproximately"]',
     "pyproject.toml: [tool.coprod.plain_words] remove names 'aproximately', which is not in "
     "the list. Did you mean 'approximately'?"),
])
def test_bad_word_list_settings_stop_with_one_clear_line(tmp_path, table, message):
    root = site(tmp_path, "Pay people.\n", pyproject=f"[tool.coprod.plain_words]\n{table}\n")
    code, out, err = run(root, "check")
    assert (code, out, err) == (2, "", f"coprod: {message}\n")


# -- CP401 -----------------------------------------------------------------------------------

def test_inclusive_language_hit(tmp_path):
    root = site(tmp_path, "Her son suffers from asthma.\nHe is wheelchair-bound.\n\n"
                          "We reach hard to reach groups.\n")
    assert findings(root, codes=("CP401",)) == [
        'content/guides/a.md:9:9: warning CP401 inclusive-language: Many people find "suffers '
        'from" excluding. Try: has, or lives with.',
        'content/guides/a.md:10:7: warning CP401 inclusive-language: Many people find '
        '"wheelchair-bound" excluding. Try: wheelchair user.',
        'content/guides/a.md:12:10: warning CP401 inclusive-language: Many people find "hard '
        'to reach" excluding. Try: seldom heard, or people services find it hard to reach.']


def test_inclusive_language_near_misses(tmp_path):
    body = ("The building is hard to find. Wheelchair users are welcome.\n\n"
            "> I was told I suffer from nerves.\n> — Sam\n")
    assert findings(site(tmp_path, body), codes=("CP401",)) == []


def test_site_removes_an_inclusive_language_entry(tmp_path):
    root = site(tmp_path, "Service users lead the group.\n",
                pyproject='[tool.coprod.inclusive_language]\nremove = ["service users"]\n')
    assert findings(root, codes=("CP401",)) == []


# -- CP304 -----------------------------------------------------------------------------------

def test_acronym_hit_once_at_first_use(tmp_path):
    root = site(tmp_path, "Ask your GP.\n\nThe IMAS team meets. IMAS pays people.\n")
    assert findings(root, codes=("CP304",)) == [
        'content/guides/a.md:9:10: warning CP304 acronym: "GP" is not explained. Readers may '
        "not know what it stands for.",
        'content/guides/a.md:11:5: warning CP304 acronym: "IMAS" is not explained. Readers may '
        "not know what it stands for."]


def test_acronym_near_misses(tmp_path):
    body = ("The National Health Service (NHS) pays. The NHS is big.\n\n"
            "CQC (Care Quality Commission) checks it. Part II of the UK plan. I went. "
            "IMPORTANT: bring a PDF.\n\n"
            "> The DWP never listened.\n> — Sam\n\n"
            "## The SEND rules\n\nWe follow IMCA advice.\n")
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body=body),
        "content/_data/glossary.yml": "IMCA:\n  definition: An advocate for people who "
                                      "cannot decide for themselves.\n"})
    assert findings(root, codes=("CP304",)) == []


def test_acronym_known_by_a_glossary_alias(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="Talk to your IMCA.\n"),
        "content/_data/glossary.yml": "advocate:\n  definition: Someone who speaks up for you."
                                      "\n  aliases: [IMCA]\n"})
    assert findings(root, codes=("CP304",)) == []
