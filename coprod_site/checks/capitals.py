"""CP304 acronyms and CP505 text in capitals.

An acronym ("IMAS", "UKRI") needs explaining where it is first used. A word in capitals is
not always an acronym: "NOT" and "FREE" are ordinary words written for emphasis, and a line
like "WHAT IS THE VALUE OF CO-PRODUCTION?" is shouted text, which CP505 reports instead
(text in capitals is harder to read, for dyslexic readers especially, and screen readers may
spell it out). A word counts as ordinary if the pronouncing dictionary has it as a word, not
spelled out letter by letter ("HIV" is there as aitch-eye-vee); acronyms that are also words
in UK public services (SEND, NICE, PIP, WHO… in `data/acronym_words.yml`) still count as
acronyms, except inside a run of capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from coprod_site.checks import CheckContext, tokens
from coprod_site.checks.readability import _in_dictionary
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.wordlists import DATA

ACRONYM = re.compile(r"(?<![\w&-])([A-Z][A-Z0-9&]*[A-Z])(?:s|'s|’s)?(?![\w&-])")
ROMAN = re.compile(r"^[IVXLCDM]+$")
# Known to every reader, so never worth spelling out.
EVERYDAY_ACRONYMS = frozenset({"UK", "OK", "TV", "AM", "PM", "BBC", "PDF"})
SPELLED_AFTER = re.compile(r"\s*\(\s*[^()\s]+(?:\s+[^()\s]+)+\s*\)")   # NHS (National Health ...)
SPELLED_BEFORE = re.compile(r"[^\W_][^()]*\(\s*$")                     # National Health ... (NHS)
RUN_WORDS = 3                     # words in capitals in a row that make a run (CP505)
RUN_ORDINARY = 2                  # of which at least this many are ordinary words


@lru_cache(maxsize=1)
def acronym_words() -> frozenset[str]:
    data = yaml.safe_load((DATA / "acronym_words.yml").read_text(encoding="utf-8"))
    return frozenset(str(key).upper() for key in data)


@lru_cache(maxsize=8192)
def ordinary(word: str) -> bool:
    """Is this word in capitals an ordinary word ("NOT", "VALUE"), not an acronym?"""
    bare = re.sub(r"(?:'s|’s)$", "", word).lower().replace("’", "'")
    found = _in_dictionary(bare)
    return found is not None and found < len(bare.replace("'", ""))   # not spelled out


def _capitals(word: str) -> bool:
    """Every cased letter a capital, and at least one (so not "1990", nor a word in a script
    without capitals)."""
    return word.isupper()


@dataclass(frozen=True)
class Run:
    """Words in capitals in a row: `start` and `end` are offsets in the text."""

    start: int
    end: int
    words: tuple[str, ...]


def capital_runs(text: str) -> list[Run]:
    """Runs of `RUN_WORDS` or more words in capitals, `RUN_ORDINARY` of them ordinary words
    (so a list of acronyms, "NHS, DWP and CQC", is not a run)."""
    if sum(map(str.isupper, [token[1] for token in tokens.tokens(text)])) < RUN_WORDS:
        return []                         # most blocks: no run possible
    words = tokens.words(text)
    runs, current = [], []

    def close():
        if len(current) >= RUN_WORDS and sum(
                ordinary(w.text) or w.text in acronym_words() for w in current) >= RUN_ORDINARY:
            runs.append(Run(current[0].start, current[-1].end, tuple(w.text for w in current)))

    for word in words:
        if _capitals(word.text) and not word.text[0].isdigit():
            current.append(word)
        else:
            close()
            current = []
    close()
    return runs


def acronyms(resource: Resource, ctx: CheckContext):
    """CP304: an acronym neither in the glossary nor spelled out where it is first used.

    "Spelled out" means words in brackets straight after it ("NHS (National Health
    Service)") or the acronym in brackets straight after words ("National Health Service
    (NHS)"). Headings are skipped: writers usually spell a term out in the text below.
    Web addresses and domain names ("GOV.UK") are not words.
    """
    known = {name.upper() for entry in ctx.site.glossary.values()
             for name in (entry.term, *entry.aliases)}
    seen: set[str] = set()
    for block in resource.doc.blocks:
        if block.in_quote or block.kind == "heading":
            continue
        text = tokens.without_addresses(block.text)
        runs = None
        for match in ACRONYM.finditer(text):
            acronym = match.group(1)
            runs = capital_runs(block.text) if runs is None else runs
            in_run = any(run.start <= match.start() < run.end for run in runs)
            if (acronym in seen or acronym in known or acronym in EVERYDAY_ACRONYMS
                    or ROMAN.match(acronym)
                    or (ordinary(acronym) and (in_run or acronym not in acronym_words()))):
                continue
            seen.add(acronym)
            if (SPELLED_AFTER.match(text, match.end())
                    or (SPELLED_BEFORE.search(text, 0, match.start())
                        and text[match.end():].lstrip().startswith(")"))):
                continue
            line, column = block.position(match.start())
            yield diagnostic(
                "CP304", resource.rel, line, column,
                f'"{acronym}" is not explained. Readers may not know what it stands for.',
                'Spell it out where it is first used, like "National Health Service (NHS)"'
                + (f", or add it to {glossary}." if (glossary := ctx.config.glossary_file)
                   else "."))


def all_capitals(resource: Resource, ctx: CheckContext):
    """CP505: a run of several words in capitals, in the body (outside quotes) or a heading."""
    for block in resource.doc.blocks:
        if block.in_quote:
            continue
        text = block.text                   # addresses are not words: runs skip them
        for run in capital_runs(text):
            shown = text[run.start:run.end]
            line, column = block.position(run.start)
            yield diagnostic(
                "CP505", resource.rel, line, column,
                f'"{shown}" is written in capital letters. Text in capitals is harder to read, '
                "for dyslexic readers especially, and screen readers may spell it out.",
                f'Write it as you would a sentence: "{_sentence_case(shown)}". To stress a '
                "word, use **bold**.")


def _sentence_case(text: str) -> str:
    """"WHAT IS THE NHS FOR?" -> "What is the NHS for?": acronyms keep their capitals."""
    def word(match: re.Match) -> str:
        found = match.group()
        if found == "I" or not (len(found) == 1 or ordinary(found) or found in acronym_words()):
            return found
        return found.lower()
    lowered = re.sub(r"[^\W\d_]+(?:['’][^\W\d_]+)?", word, text)
    return re.sub(r"(?:^|[.!?…]\s+)[^\W\d_]", lambda m: m.group().upper(), lowered)
