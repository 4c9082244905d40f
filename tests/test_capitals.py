"""CP304 acronyms and CP505 text in capitals (checks/capitals.py), on lines from real
articles about co-production."""

from __future__ import annotations

import pytest

from conftest import make_site, page
from findings import findings

CODES = ("CP304", "CP505")


def site(tmp_path, body):
    return make_site(tmp_path, {"content/guides/a.md": page(body=body)})


def test_a_shouted_line_is_capitals_not_acronyms(tmp_path):
    root = site(tmp_path, "WHAT IS THE VALUE OF CO-PRODUCTION?\n\nWe asked people.\n")
    assert findings(root, codes=CODES) == [
        'content/guides/a.md:9:1: warning CP505 all-capitals: "WHAT IS THE VALUE OF '
        'CO-PRODUCTION" is written in capital letters. Text in capitals is harder to read, for '
        "dyslexic readers especially, and screen readers may spell it out."]


def test_the_suggestion_keeps_acronyms_in_capitals(tmp_path):
    from coprod_site.checks.capitals import _sentence_case
    assert _sentence_case("TALKING ABOUT LONG COVID") == "Talking about long COVID"
    assert _sentence_case("IS THERE A CRISIS IN DEMOCRACY? LET’S MAINSTREAM THE FRINGE") == \
        "Is there a crisis in democracy? Let’s mainstream the fringe"


@pytest.mark.parametrize("text", [
    "What Co-Production is NOT ….",
    "You can get a FREE ticket at the door.",
    "Please do NOT bring food into the hall.",
    "IMPORTANT: bring a pen.",
    "Find the forms on GOV.UK today.",
    "Read it at WWW.EXAMPLE.ORG today.",
    "The NHS, DWP and CQC all came.",
])
def test_ordinary_words_in_capitals_are_not_acronyms(tmp_path, text):
    found = findings(site(tmp_path, text + "\n"), codes=CODES)
    assert [f for f in found if "CP304" in f and '"NHS"' not in f and '"DWP"' not in f
            and '"CQC"' not in f] == []
    assert [f for f in found if "CP505" in f] == []


@pytest.mark.parametrize("text, acronym", [
    ("It was part of a UKRI funded project.", "UKRI"),
    ("Greater Manchester NHS supported the work.", "NHS"),
    ("Those moving on from SEND schools and colleges took part.", "SEND"),
    ("The guidance from NICE changed last year.", "NICE"),
    ("Ask about PIP at the advice desk.", "PIP"),
    ("We worked with WHO on the report.", "WHO"),
    ("Your team should include BME people.", "BME"),
    ("Peer support for people living with HIV.", "HIV"),
])
def test_acronyms_still_count(tmp_path, text, acronym):
    assert findings(site(tmp_path, text + "\n"), codes=CODES) == [
        f'content/guides/a.md:9:{text.index(acronym) + 1}: warning CP304 acronym: "{acronym}" '
        "is not explained. Readers may not know what it stands for."]


def test_an_acronym_in_a_shouted_line_still_counts(tmp_path):
    root = site(tmp_path, "TALKING ABOUT LONG COVID\n")
    assert findings(root, codes=CODES) == [
        'content/guides/a.md:9:1: warning CP505 all-capitals: "TALKING ABOUT LONG COVID" is '
        "written in capital letters. Text in capitals is harder to read, for dyslexic readers "
        "especially, and screen readers may spell it out.",
        'content/guides/a.md:9:20: warning CP304 acronym: "COVID" is not explained. Readers '
        "may not know what it stands for."]


def test_a_shouted_heading_is_reported_once(tmp_path):
    root = site(tmp_path, "## OUR FIRST NOT ANOTHER CO-PRODUCTION FESTIVAL\n\nIt was fun.\n")
    assert [f.split(": ", 1)[0] for f in findings(root, codes=CODES)] == [
        "content/guides/a.md:9:4"]


def test_web_addresses_are_left_out_of_word_checks(tmp_path):
    body = ("We utilise a shared document https://example.org/utilise\n"
            "https://example.org/utilise and <https://example.org/utilise/list>.\n")
    root = site(tmp_path, body)
    assert findings(root, codes=("CP303", "CP304", "CP401")) == [
        'content/guides/a.md:9:4: warning CP303 plain-words: "utilise" has a plainer '
        "alternative: use."]
