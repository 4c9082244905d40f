"""Names as they are compared across the hub (content.md, "Consent across the hub"): the
people register, the plan and the verify step all find a name the same way, however it is
written.

Text is folded one character at a time before it is searched: Unicode compatibility forms
taken apart (NFKD, as NFKC does first: full-width "Ｚｏë" is "Zoë"), accents and other
combining marks dropped ("Zoë" is "Zoe"), invisible format characters dropped (a soft hyphen
or zero-width space inside a name), case folded ("ß" is "ss"), letters that look Latin, or
have a usual plain spelling, mapped to it (`LOOK_ALIKES`, `PLAIN_LETTERS`: "Ирина" and
"ИРИНА" alike, "Søren" is "Soren"), every space a space and every dash a hyphen. Each folded character remembers the place of
the character it came from, so a find maps back to the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

# The Cyrillic and Greek letters that Unicode TR39 (confusables.txt, "MA" table) lists as
# looking the same as a Latin letter. Text is case-folded first, so each capital is listed by
# its small letter too, which then reads as the same Latin letter: "ИРИНА" and "Ирина" fold
# alike, and so do "НАNNАН" (Cyrillic Н and А) and "Hannah".
LOOK_ALIKES = {
    **dict(zip("АВЕЅІЈКМНОРСТХУ", "abesijkmhopctxy")),
    **dict(zip("авеѕіјкмнорстху", "abesijkmhopctxy")),
    **dict(zip("ԁһԛԝӏ", "dhqwl")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx")),
    **dict(zip("αβεζηικμνοπρτυχ", "abezhikmnoptyx")),
}
# Latin letters that have no decomposition but a usual plain spelling (the Unicode CLDR
# Latin-ASCII transliteration): "Søren" is "Soren", "Łukasz" "Lukasz", "Işıl" "Isil".
PLAIN_LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe",
                 "þ": "th", "ŋ": "n", "ħ": "h", "ŧ": "t", "ſ": "s", "ĸ": "k", "ƒ": "f",
                 "ɡ": "g", "ꞵ": "b"}
APOSTROPHES = {"’": "'", "‘": "'", "ʼ": "'", "＇": "'", "`": "'", "´": "'"}
FOLDS = str.maketrans({**LOOK_ALIKES, **PLAIN_LETTERS, **APOSTROPHES})
# Characters nobody sees, which may sit inside a name: the Hangul fillers, and every format
# character, mark and variation selector (Unicode categories Cf, Mn, Me).
INVISIBLE = {"ᅟ", "ᅠ", "ㅤ", "ﾠ"}
ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


@lru_cache(maxsize=8192)
def fold_character(character: str) -> str:
    """One character as names are compared: "" for a mark or an invisible character, two
    letters for "ß" or "æ", a space for any space, "-" for any dash."""
    kept = []
    for part in unicodedata.normalize("NFKD", character.casefold()):
        category = unicodedata.category(part)
        if category in ("Mn", "Me", "Cf") or part in INVISIBLE:
            continue
        if category == "Zs":
            kept.append(" ")
        elif category == "Pd" or part == "\u2212":
            kept.append("-")
        else:
            for letter in unicodedata.normalize("NFKD", part.translate(FOLDS)):
                if unicodedata.category(letter) not in ("Mn", "Me"):
                    kept.append(letter)
    return "".join(kept)


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` folded, and for each folded character the index in `text` of the character it
    came from (None when they are the same: plain ASCII text)."""
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    starts: list[int] = []
    for run in ASCII_RUNS.finditer(text):
        if run.group().isascii():
            parts.append(run.group().lower())
            starts.extend(range(run.start(), run.end()))
            continue
        for index, character in enumerate(run.group(), run.start()):
            folded = fold_character(character)
            parts.append(folded)
            starts.extend([index] * len(folded))
    return "".join(parts), starts


def fold_text(text: str) -> str:
    """`fold(text)[0]`, without the places."""
    if text.isascii():
        return text.lower()
    return "".join(run.lower() if run.isascii() else "".join(map(fold_character, run))
                   for run in ASCII_RUNS.findall(text))


def folded(text: str) -> str:
    return fold_text(text)


def name_key(text: str) -> str:
    """A name as it is compared: folded, with the spaces, hyphens, dots, underscores or
    apostrophes between its words ignored (see `name_source`)."""
    return re.sub(r"[\s._'+-]+", "", folded(text))


def name_source(name: str) -> str:
    """The pattern text of one folded name: its words, with spaces, hyphens, dots, underscores
    or nothing between them (so "Dana-Okafor", "dana.okafor@…", "@dana_okafor" and
    "#DanaOkafor" are the name too), and the same, or an apostrophe, where a word has one
    inside it ("O’Brien" is also "OBrien", "O Brien" and "o.brien")."""
    between = r"[\s._+-]*"
    words = [w for w in re.split(r"[\s._+-]+", name) if w]       # "Mary-Jane" is two
    return between.join(between.join(re.escape(p) for p in re.split(r"(?<=\w)'(?=\w)", w))
                        .replace(between, rf"(?:'|{between})") for w in words)


@dataclass(frozen=True)
class NamesPattern:
    """A pattern of many names (`names_pattern`), and for each name its longest piece: a text
    that holds none of them holds none of the names, which is quicker to see than to search."""

    regex: re.Pattern
    pieces: tuple[str, ...]


def names_pattern(names) -> NamesPattern | None:
    """One pattern for many names, to search folded text with (`find_names`): not inside a
    longer word (a digit or underscore next to it does not hide it: "Okafor2"); the longest
    name wins at each place."""
    names = sorted({folded(n).strip() for n in names if n.strip()}, key=len, reverse=True)
    names = [n for n in names if n]
    if not names:
        return None
    body = "|".join(name_source(n) for n in names)
    first = re.escape("".join(sorted({n[0] for n in names})))   # skips most places at once
    pieces = {max(re.split(r"[\s._+'-]+", n), key=len) for n in names}
    return NamesPattern(re.compile(rf"(?<![^\W\d_])(?=[{first}])(?:{body})(?![^\W\d_])"),
                        tuple(sorted(pieces)) if all(pieces) and len(pieces) <= 64 else ())


@dataclass(frozen=True)
class Found:
    """A name found in a text: the words as the text has them, and where they are."""

    text: str
    start: int                    # index in the text as written
    end: int


HASH = re.compile(r"[0-9a-f]{8,}")


def find_names(pattern: NamesPattern | None, text: str) -> Iterator[Found]:
    """Every place `pattern` (from `names_pattern`) finds a name in `text`, as written; not
    inside a hexadecimal hash ("walk-400.c90dee5800.webp" does not name Dee)."""
    if pattern is None or not text:
        return
    folded_text = fold_text(text)
    if pattern.pieces and not any(piece in folded_text for piece in pattern.pieces):
        return
    if not pattern.regex.search(folded_text):
        return
    folded_text, starts = fold(text)
    for match in pattern.regex.finditer(folded_text):
        if _in_hash(folded_text, match.start(), match.end()):
            continue
        if starts is None:
            start, end = match.start(), match.end()
        else:
            start = starts[match.start()]
            end = starts[match.end()] if match.end() < len(starts) else len(text)
        yield Found(text[start:end], start, end)


def _in_hash(text: str, start: int, end: int) -> bool:
    """Is text[start:end] part of a run of 8 or more hexadecimal digits, some of them
    numbers (a file's fingerprint), rather than a word?"""
    if not (start and text[start - 1].isdigit() or end < len(text) and text[end].isdigit()):
        return False
    while start and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    run = text[start:end]
    return HASH.fullmatch(run) is not None and any(c.isdigit() for c in run)


def plain_words(text: str, joined: bool = True) -> list[str]:
    """Words for comparing names with slugs (CP209): folded, and a trailing "s" dropped
    ("Priya's" and "priyas" are both "priya"). Letters on both sides of an apostrophe are one
    word ("O’Brien" is "obrien", as a slug writes it), or two when not `joined` ("o", "brien",
    as a slug made by replacing the apostrophe with a hyphen writes it)."""
    text = re.sub(r"'s\b", " ", folded(text))
    if joined:
        text = re.sub(r"(?<=[a-z0-9])'(?=[a-z0-9])", "", text)
    return [_singular(w) for w in re.split(r"[^a-z0-9]+", text) if w]


def apostrophe_parts(text: str) -> list[tuple[str, ...]]:
    """The parts of each word with an apostrophe inside it, as `plain_words` not joined would
    give them: "Siobhán O’Brien" -> [("o", "brien")]."""
    text = re.sub(r"'s\b", " ", folded(text))
    return [tuple(_singular(p) for p in word.split("'"))
            for word in re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)+", text)]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("s") else word
