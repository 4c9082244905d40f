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

TLDS = ("com|org|net|uk|gov|nhs|ac|co|edu|io|info|scot|wales|cymru|ie|eu|de|fr|us|ca|au|nz|"
        "int|biz|me|tv|app|dev|online|site|london")
URL = r"(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"’”]"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
DOMAIN = rf"(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})(?![\w-])(?:/[^\s<>]*[^\s<>.,;:!?)\]'\"’”])?"
ABBREVIATION = r"(?:[^\W\d_]\.){2,}"
NUMBER = r"[£$€¥]?\d+(?:[.,:/\-–]\d+)*(?:[^\W\d_]+)?(?:-[^\W_]+)*%?"
WORD = r"[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*"
END = r"(?:[.!?…]+|\.\.\.)['\"’”)\]]*(?=\s|$)"
TOKENS = re.compile(
    rf"(?P<address>{URL}|{EMAIL}|{DOMAIN})|(?P<abbreviation>{ABBREVIATION})"
    rf"|(?P<number>{NUMBER})|(?P<word>{WORD})|(?P<end>{END})", re.IGNORECASE)
ADDRESS = re.compile(rf"{URL}|{EMAIL}|{DOMAIN}", re.IGNORECASE)

# After a full stop, these never end a sentence: a title goes before a name.
TITLES = frozenset("dr mr mrs ms mx prof st rev cllr sgt capt col gen hon".split())
# These end one only before a capital: "We brought tea, biscuits etc. Then we started."
CLAUSE_END = frozenset("etc approx incl inc ltd co dept govt jan feb mar apr jun jul aug "
                       "sep sept oct nov dec".split()) | {"a.m.", "p.m."}
# These never end one: "e.g. Sam", "vs. them".
NEVER_END = frozenset("e.g eg i.e ie vs cf viz".split()) | {"e.g.", "i.e."}
# These end one unless a number follows: "They said no. So we…" but "No. 5 Bus Street".
BEFORE_NUMBER = frozenset("no nos p pp vol ch fig para art sec".split())


@dataclass(frozen=True)
class Word:
    text: str
    start: int            # offset in the text
    end: int


@dataclass(frozen=True)
class Sentence:
    words: tuple[Word, ...]

    @property
    def start(self) -> int:
        return self.words[0].start


def words(text: str) -> list[Word]:
    """Every word, in order; web and e-mail addresses and domain names are not words."""
    return [Word(m.group(), m.start(), m.end()) for m in TOKENS.finditer(text)
            if m.lastgroup in ("word", "number", "abbreviation")]


def without_addresses(text: str) -> str:
    """The text with web and e-mail addresses and domain names blanked out (same length),
    for checks that search the text themselves."""
    if "." not in text:
        return text
    return ADDRESS.sub(lambda m: " " * len(m.group()), text)


def sentences(text: str) -> list[Sentence]:
    """The sentences of one block of text (a paragraph or list item is at least one)."""
    tokens = list(TOKENS.finditer(text))
    found: list[Sentence] = []
    current: list[Word] = []
    for index, token in enumerate(tokens):
        kind = token.lastgroup
        if kind in ("word", "number", "abbreviation"):
            current.append(Word(token.group(), token.start(), token.end()))
            if kind == "abbreviation" and _ends(token, None, tokens, index):
                found.append(Sentence(tuple(current)))
                current = []
        elif kind == "end" and current:
            before = tokens[index - 1] if index else None
            if _ends(token, before, tokens, index):
                found.append(Sentence(tuple(current)))
                current = []
    if current:
        found.append(Sentence(tuple(current)))
    return found


def _ends(mark: re.Match, before: re.Match | None, tokens: list, index: int) -> bool:
    """Does the full stop (or ! ? …) `mark`, or a dotted abbreviation, end a sentence?"""
    following = next((t.group() for t in tokens[index + 1:] if t.lastgroup != "end"), "")
    if following[:1].islower():
        return False
    if mark.lastgroup == "abbreviation":
        if mark.end() < len(mark.string) and not mark.string[mark.end()].isspace():
            return False
        return mark.group().lower() in CLAUSE_END and following[:1].isupper()
    if not mark.group().startswith(".") or mark.group().startswith("..") \
            or before is None or before.end() != mark.start() or before.lastgroup != "word":
        return True
    word = before.group()
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
