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
     "pyproject.toml:2:1: [tool.coprod.plain_words] has an unknown setting 'adds'; it takes only "
     "add and remove. Did you mean 'add'?"),
    ('add = ["leverage"]',
     "pyproject.toml:2:1: [tool.coprod.plain_words] add must map each word or phrase to a "
     'suggestion, like: add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('add = { "leverage" = "" }',
     "pyproject.toml:2:1: [tool.coprod.plain_words] add must map each word or phrase to a "
     'suggestion, like: add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('remove = "approximately"',
     "pyproject.toml:2:1: [tool.coprod.plain_words] remove must be a list of words, like: "
     'add = { "leverage" = "use" } and remove = ["approximately"].'),
    ('remove = ["aproximately"]',
     "pyproject.toml:2:1: [tool.coprod.plain_words] remove names 'aproximately', which is not in "
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


# Every entry, with a sentence that uses its words but not the phrase the entry is about.
NEAR_MISSES = {
    "hard to reach": "The work was hard. To reach the hall, take the 38 bus.",
    "hard-to-reach": "It was hard-to-read print, so we made it bigger.",
    "suffer from": "We did not let the work suffer. From May we met weekly.",
    "suffers from": "Nobody suffers. From now on we pay on the day.",
    "suffering from": "We saw no suffering. From the start people led.",
    "suffered from": "Nothing suffered. From then on it grew.",
    "sufferer": "She said “sufferance” was the old word in the lease.",
    "sufferers": "The survey asked about sufferance.",
    "afflicted by": "The group was not afflicted. By May it had grown.",
    "afflicted with": "No one was afflicted. With help, the group grew.",
    "wheelchair-bound": "The wheelchair-accessible bus is bound for the town hall.",
    "wheelchair bound": "We bought a wheelchair, bound for the day centre.",
    "confined to a wheelchair": "The talk was confined to an hour. A wheelchair user chaired it.",
    "the disabled": "The disabled people's forum wrote this guide with us.",
    "the handicapped": "The handicap system in golf was explained to us.",
    "handicapped": "He plays golf off a handicap of ten.",
    "differently abled": "They did it differently. Abled and disabled staff trained together.",
    "people with disabilities": "People with disabled children joined the group.",
    "able-bodied": "We were able to get a bodied wine for the party.",
    "normal people": "In normal times people meet in the hall.",
    "special needs": "This is a special day. Needs change over time.",
    "mental patient": "It takes mental effort; be patient with yourself.",
    "mental patients": "Mental health matters. Patients lead this work.",
    "the mentally ill": "The mentally illuminating talk ran late.",
    "mentally handicapped": "It was mentally hard, like playing off a handicap.",
    "committed suicide": "We are committed to suicide prevention.",
    "vulnerable people": "People felt vulnerable. People need time.",
    "the vulnerable": "The vulnerable adults team joined us.",
    "the elderly": "The elderly care service was redesigned with residents.",
    "the poor": "Nobody could hear because of the poor sound in the hall.",
    "the homeless": "The homeless charity lent us a room.",
    "ex-offenders": "Ex-officio members can vote.",
    "ex-offender": "She was an ex-officer of the union.",
    "deaf and dumb": "Deaf and hearing people came. Dumbbells were in the gym.",
    "the blind": "The blind spot in our plan was transport.",
    "addicts": "He was addicted to the crossword.",
    "drug abuser": "We talked about drug use. Abuse of power came up too.",
    "looked after children": "We looked after the children's coats.",
    "benefit scroungers": "The benefit was clear. Scrounging for chairs was not.",
    "service users": "It was a good service. Users said so.",
    "bame": "Bamenda is a city in Cameroon.",
    "manpower": "The man-powered boat came second.",
    "service user": "The service usually starts at nine.",
}


def test_every_inclusive_language_entry_has_a_near_miss():
    assert sorted(NEAR_MISSES) == sorted(wordlists.shipped("inclusive_language"))


def test_no_false_alarm_on_any_near_miss(tmp_path):
    body = "\n\n".join(NEAR_MISSES.values()) + "\n"
    assert findings(site(tmp_path, body), codes=("CP401",)) == []


@pytest.mark.parametrize("sentence, phrase", [
    ("We work with the disabled.", "the disabled"),
    ("The poor are hit hardest by the changes.", "the poor"),
    ("Services for the elderly, and for their carers, were cut.", "the elderly"),
    ("We spoke to the homeless in our town.", "the homeless"),
    ("The vulnerable often face the most barriers.", "the vulnerable"),
    ("Help for the blind and partially sighted.", "the blind"),
])
def test_a_group_noun_is_reported(tmp_path, sentence, phrase):
    [found] = findings(site(tmp_path, sentence + "\n"), codes=("CP401",))
    assert f'many people find "{phrase}" excluding' in found.lower()


def test_the_two_cases_from_real_writing(tmp_path):
    body = ("The disabled people's forum wrote this guide with us.\n\n"
            "Nobody could hear because of the poor sound in the hall.\n")
    assert findings(site(tmp_path, body), codes=("CP401",)) == []
