"""Words and sentences (checks/tokens.py), on tricky sentences from real writing: each case
gives the text of one paragraph or list item, and the words and sentences a careful reader
counts in it."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod_site.checks.tokens import (maybe_address, sentence_spans, sentences,
                                       without_addresses, word_count, words)

CASES = [
    # abbreviations
    ("We need tea, milk, biscuits etc. for the day.", 9, 1),
    ("Bring snacks, drinks etc. Then set up the room.", 9, 2),
    ("Use simple words, e.g. ask instead of enquire.", 8, 1),
    ("Some groups (i.e. those with paid staff) did better.", 9, 1),
    ("Dr Patel and Mrs. Jones led the session.", 8, 1),
    ("Prof. Sarah Carr wrote about it in 2012.", 8, 1),
    ("We met at St. Mary's Church Hall.", 7, 1),
    ("It was approx. 40 minutes long.", 6, 1),
    ("Hackney vs. Islington was the final.", 6, 1),
    ("The group met in Jan. and again in March.", 9, 1),
    # "no." and numbers after it
    ("They said no. So we carried on …", 7, 2),
    ("The answer was no. We asked again the next week.", 10, 2),
    ("We met at No. 5 Bus Street.", 7, 1),
    ("See page 4, para. 12 for the details.", 8, 1),
    ("It is set out on p. 23 of the report.", 10, 1),
    # initials and names
    ("J. K. Rowling wrote the foreword.", 6, 1),
    ("The report by A.B. Smith is short.", 7, 1),
    ("The story was told by S. Ahmed, a trainer.", 9, 1),
    ("So did I. Then we left.", 6, 2),
    # times
    ("The group meets at 10.30am on Tuesdays.", 7, 1),
    ("Doors open at 6:45 and we start at 7pm.", 9, 1),
    ("We met at 10 a.m. The room was cold.", 9, 2),
    ("Sessions run from 9.30 a.m. to 12.30 p.m. every week.", 10, 1),
    # money
    ("Each person got £25 for a two-hour meeting.", 8, 1),
    ("The grant was £1,250.50 in total.", 6, 1),
    ("It cost $3.2bn over ten years.", 6, 1),
    ("We paid £15.00 an hour. That is more than the minimum wage.", 12, 2),
    # numbers with separators, decimals, percentages
    ("Over 1,000 people took part.", 5, 1),
    ("About 12.5% of the group were under 25.", 8, 1),
    ("The score went from 3.5 to 4.2 out of 5.", 10, 1),
    ("It was the 3rd time we had met.", 8, 1),
    ("There were 1,000,000 visits to the site.", 7, 1),
    # dates
    ("The meeting is on 14/03/2026 in the hall.", 8, 1),
    ("We published it on 2026-03-14.", 5, 1),
    ("Use the form dated 03-04-05 for this.", 7, 1),
    ("It ran from 2019 to 2021. Then the money ran out.", 11, 2),
    # web addresses, e-mail and domain names
    ("Read more at https://www.scie.org.uk/co-production/what-how.", 3, 1),
    ("See www.example.org/guide. It has more detail.", 5, 2),
    ("Email hello@example.org. We reply within a week.", 6, 2),
    ("Find the forms on GOV.UK and nhs.uk today.", 6, 1),
    ("Go to example.org. Then click on Join.", 6, 2),
    ("Links like <https://example.org/utilise/list> are fine.", 4, 1),
    # ellipses
    ("We waited … and waited.", 4, 1),
    ("We waited... Then the bus came.", 6, 2),
    ("And so on…", 3, 1),
    # quotes
    ("“Nothing about us without us,” she said.", 7, 1),
    ("He said, “It works.” Then he left.", 7, 2),
    ("“Why?” she asked.", 3, 1),
    ("She asked “Why?” Nobody knew.", 5, 2),
    ("'We are the experts,' one trainer told us.", 8, 1),
    # brackets
    ("The trainers (all with lived experience) meet weekly.", 8, 1),
    ("(This part is optional.) The next part is not.", 9, 2),
    ("Pay people [see our guide] on the day.", 8, 1),
    # list items and headings without full stops
    ("Bring a pen", 3, 1),
    ("Ask people what they need", 5, 1),
    ("Step 1: plan the day", 5, 1),
    # hyphens, contractions and dashes
    ("Co-production isn't a one-off event.", 5, 1),
    ("We're all experts – in different ways.", 6, 1),
    ("It was hard — really hard — but worth it.", 8, 1),
    ("Well-being and self-care came up a lot.", 7, 1),
    # questions and exclamations
    ("Why does this matter? Because power is shared!", 8, 2),
    ("Who decides? Who benefits? Who is left out?", 8, 3),
    ("It worked! We did it again.", 6, 2),
    # numbers and symbols that are not words
    ("Fish & chips were served.", 4, 1),
    ("Rate it 1–5, where 5 is best.", 7, 1),
    ("COVID-19 changed how we met.", 5, 1),
    ("We did 24/7 support for a week.", 7, 1),
    ("Value 1 – An engine for growth, progress and change", 9, 1),
]


@pytest.mark.parametrize("text, word_count, sentence_count", CASES, ids=[c[0] for c in CASES])
def test_words_and_sentences(text, word_count, sentence_count):
    found = sentences(text)
    assert (sum(len(s.words) for s in found), len(found)) == (word_count, sentence_count)
    assert len(words(text)) == word_count


def test_there_are_enough_cases():
    assert len(CASES) >= 60


def test_sentences_say_where_they_start():
    text = "They said no. So we carried on."
    assert [(s.start, [w.text for w in s.words]) for s in sentences(text)] == [
        (0, ["They", "said", "no"]), (14, ["So", "we", "carried", "on"])]


@given(st.text(alphabet=st.sampled_from("aZ9_é.!?…'’-@:/ \nwW.£%e.g.NoDr"), max_size=60))
@settings(max_examples=500, deadline=None)
def test_sentences_share_out_the_words_in_order(text):
    spans = sentence_spans(text)
    assert spans.words == [w.text for w in words(text)] and word_count(text) == len(spans.words)
    found = words(text)
    ends = [0] + [end for _, _, end in spans.sentences]
    assert [(first, end) for _, first, end in spans.sentences] == list(zip(ends, ends[1:]))
    assert ends[-1] == len(found) and all(a < b for a, b in zip(ends, ends[1:]))
    assert [start for start, _, _ in spans.sentences] == [found[first].start
                                                          for _, first, _ in spans.sentences]


def test_addresses_are_blanked_in_place():
    text = "Use https://example.org/utilise or sam@example.org, not utilise."
    assert without_addresses(text) == ("Use " + " " * 27 + " or " + " " * 15
                                       + ", not utilise.")


ADDRESS_HINT = re.compile(r"@|://|www\.|\w\.\w", re.IGNORECASE)


@given(st.text(alphabet=st.sampled_from("aZ9_é٣.@:/ wW.\u00b2\u2167-"), max_size=30))
@settings(max_examples=500, deadline=None)
def test_the_quick_address_test_agrees_with_its_pattern(text):
    assert maybe_address(text) is bool(ADDRESS_HINT.search(text))
