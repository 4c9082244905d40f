"""Words and sentences of the text a reader reads, for every word-level check.

One tokenizer serves readability (CP301, CP302, CP305), the word lists (CP303, CP401) and
acronyms (CP304), so they agree on what a word and a sentence are. It follows checks.md
("Readability: what is measured"):

- web addresses, e-mail addresses and domain names (`https://…`, `www.…`, `sam@example.org`,
  `example.org`, `GOV.UK`) are not words: every word-level check leaves them out;
- a number with separators, a currency sign or a unit (`£1,250.50`, `03-04-05`, `10:30am`,
  `50%`, `1st`, `1–5`) is one word, and so is a dotted abbreviation (`e.g.`, `U.K.`, `a.m.`);
- a hyphenated or contracted word (`co-production`, `don't`) is one word;
- a sentence ends at `.`, `!`, `?` or an ellipsis followed by a space and not by a
  lower-case word, and at the end of the block (a paragraph or list item, with or without a
  full stop). A full stop after a common abbreviation ("Dr", "etc", "Jan") or an initial
  ("J. Smith") ends nothing, except "etc." and the like before a capital; "no." ends a
  sentence unless a number follows ("No. 5").

Offsets are into the text given, so a check can report the column of any word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

TLDS = ("com|org|net|uk|gov|nhs|ac|co|edu|io|info|scot|wales|cymru|ie|eu|de|fr|us|ca|au|nz|"
        "int|biz|me|tv|app|dev|online|site|london")
URL = r"(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"’”]"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
DOMAIN = rf"(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})(?![\w-])(?:/[^\s<>]*[^\s<>.,;:!?)\]'\"’”])?"
ABBREVIATION = r"(?:[^\W\d_]\.){2,}"
NUMBER = r"[£$€¥]?\d+(?:[.,:/\-–]\d+)*(?:[^\W\d_]+)?(?:-[^\W_]+)*%?"
WORD = r"[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*"
END = r"(?:[.!?…]+|\.\.\.)['\"’”)\]]*(?=\s|$)"
_REST = rf"(?P<abbreviation>{ABBREVIATION})|(?P<number>{NUMBER})|(?P<word>{WORD})|(?P<end>{END})"
# No token starts with a space: `(?=\S)` passes over the spaces between words without trying
# each kind of token at each of them (a fifth faster).
TOKENS = re.compile(rf"(?=\S)(?:(?P<address>{URL}|{EMAIL}|{DOMAIN})|{_REST})", re.IGNORECASE)
# Without an @, a :// , a www. or a letter or digit on each side of a dot, no address can
# be in the text: the pattern without addresses finds the same tokens, several times faster.
NO_ADDRESS = re.compile(rf"(?=\S)(?:{_REST})", re.IGNORECASE)
DOT_WORD = re.compile(r"\.\w")
ADDRESS = re.compile(rf"{URL}|{EMAIL}|{DOMAIN}", re.IGNORECASE)

# The checks of one page read its blocks one after another; more kept only took memory (in
# each worker, 90 MB at 500 pages).
BLOCKS_KEPT = 512

# After a full stop, these never end a sentence: a title goes before a name.
TITLES = frozenset("dr mr mrs ms mx prof st rev cllr sgt capt col gen hon".split())
# These end one only before a capital: "We brought tea, biscuits etc. Then we started."
CLAUSE_END = frozenset("etc approx incl inc ltd co dept govt jan feb mar apr jun jul aug "
                       "sep sept oct nov dec".split()) | {"a.m.", "p.m."}
# These never end one: "e.g. Sam", "vs. them".
NEVER_END = frozenset("e.g eg i.e ie vs cf viz".split()) | {"e.g.", "i.e."}
# These end one unless a number follows: "They said no. So we…" but "No. 5 Bus Street".
BEFORE_NUMBER = frozenset("no nos p pp vol ch fig para art sec".split())


@lru_cache(maxsize=BLOCKS_KEPT)
def tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """Every token of `text` as (kind, text, start, end), once: several checks read the same
    block. Kinds: address, abbreviation, number, word, end."""
    pattern = TOKENS if maybe_address(text) else NO_ADDRESS
    return tuple([(m.lastgroup, m.group(), m.start(), m.end()) for m in pattern.finditer(text)])


def maybe_address(text: str) -> bool:
    """Could `text` hold an address? Only with an @, a ://, a www. in any case, or a dot with
    a word character (a letter, digit or _) on each side. A search for the dots is about
    eight times quicker than one pattern for all four: most dots end a sentence."""
    if "@" in text or "://" in text or "www." in text.lower():
        return True
    for found in DOT_WORD.finditer(text):
        before = text[found.start() - 1] if found.start() else " "
        if before.isalnum() or before == "_":
            return True
    return False


class Word(NamedTuple):
    text: str
    start: int            # offset in the text
    end: int


@dataclass(frozen=True)
class Sentence:
    words: tuple[Word, ...]

    @property
    def start(self) -> int:
        return self.words[0].start


WORD_KINDS = frozenset(("word", "number", "abbreviation"))
_new = tuple.__new__


@lru_cache(maxsize=BLOCKS_KEPT)
def words(text: str) -> tuple[Word, ...]:
    """Every word, in order; web and e-mail addresses and domain names are not words."""
    return tuple(_new(Word, token[1:]) for token in tokens(text) if token[0] in WORD_KINDS)


def without_addresses(text: str) -> str:
    """The text with web and e-mail addresses and domain names blanked out (same length),
    for checks that search the text themselves."""
    if not maybe_address(text):
        return text
    return ADDRESS.sub(lambda m: " " * len(m.group()), text)


def sentences(text: str) -> list[Sentence]:
    """The sentences of one block of text (a paragraph or list item is at least one)."""
    found = words(text)
    return [Sentence(found[first:end]) for _, first, end in sentence_spans(text).sentences]


class Spans(NamedTuple):
    words: list[str]                        # the text of each word, in order
    sentences: list[tuple[int, int, int]]   # (offset of the first word, first, end): each
                                            # sentence is words[first:end]


def sentence_spans(text: str) -> Spans:
    """The words of one block of text and where its sentences begin and end, without a
    `Word` for each (readability measures every word of the site this way)."""
    found = tokens(text)
    texts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    first = start = 0                      # the current sentence: texts[first:]
    for index, (kind, mark, begin, _) in enumerate(found):
        if kind == "end":
            if len(texts) > first and _ends(text, found, index):
                spans.append((start, first, len(texts)))
                first = len(texts)
        elif kind != "address":
            if len(texts) == first:
                start = begin
            texts.append(mark)
            if kind == "abbreviation" and _ends(text, found, index):
                spans.append((start, first, len(texts)))
                first = len(texts)
    if len(texts) > first:
        spans.append((start, first, len(texts)))
    return Spans(texts, spans)


def word_count(text: str) -> int:
    return sum(1 for token in tokens(text) if token[0] in WORD_KINDS)


def _ends(text: str, found: tuple, index: int) -> bool:
    """Does the full stop (or ! ? …) at `found[index]`, or a dotted abbreviation, end a
    sentence?"""
    kind, mark, start, end = found[index]
    following = next((t[1] for t in found[index + 1:] if t[0] != "end"), "")
    if following[:1].islower():
        return False
    if kind == "abbreviation":
        if end < len(text) and not text[end].isspace():
            return False
        return mark.lower() in CLAUSE_END and following[:1].isupper()
    before = found[index - 1] if index else None
    if not mark.startswith(".") or mark.startswith("..") \
            or before is None or before[3] != start or before[0] != "word":
        return True
    word = before[1]
    lower = word.lower()
    if lower in TITLES or lower in NEVER_END:
        return False
    if lower in BEFORE_NUMBER:
        return not following[:1].isdigit()
    if lower in CLAUSE_END:
        return following[:1].isupper()
    if len(word) == 1 and word.isupper() and word != "I":
        return False                      # an initial: "J. Smith"
    return True
