"""CP303 plain words, CP401 inclusive language and CP304 acronyms.

Only the words the page's writers chose are checked: text in blockquotes is people's own
words and is never "corrected", and code is not prose. Headings, table cells, the title and
the summary are checked too, since readers read them.

Word lists (see `coprod_site.wordlists`) match whole words and phrases in any case. A single
word also matches its usual forms ("utilise", "utilises", "utilised", "utilising", and the
"-ize" spellings), so a list needs one entry per word, not one per form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coprod_site import wordlists
from coprod_site.checks import CheckContext
from coprod_site.checks.readability import is_word
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic

ACRONYM = re.compile(r"(?<![\w&-])([A-Z][A-Z0-9&]*[A-Z])(?:s|'s|’s)?(?![\w&-])")
ROMAN = re.compile(r"^[IVXLCDM]+$")
# Known to every reader, so never worth spelling out.
EVERYDAY_ACRONYMS = frozenset({"UK", "OK", "TV", "AM", "PM", "BBC", "PDF"})
SPELLED_AFTER = re.compile(r"\s*\(\s*[^()\s]+(?:\s+[^()\s]+)+\s*\)")      # NHS (National Health Service)
SPELLED_BEFORE = re.compile(r"[^\W_][^()]*\(\s*$")                        # National Health Service (NHS)


def _inflected(phrase: str) -> str:
    """A pattern for a phrase and, for a single word, its usual forms."""
    if " " in phrase or not phrase.isalpha():
        return r"\s+".join(re.escape(part) for part in phrase.split())
    if phrase.endswith("ise"):
        return re.escape(phrase[:-3]) + r"i[sz](?:e|es|ed|ing)"
    if phrase.endswith("e"):
        return re.escape(phrase[:-1]) + r"(?:e|es|ed|ing)"
    if phrase.endswith("y") and phrase[-2:-1] not in "aeiou":
        return re.escape(phrase[:-1]) + r"(?:y|ies|ied|ying)"
    return re.escape(phrase) + r"(?:s|es|ed|ing)?"


@lru_cache(maxsize=8)
def _matcher(entries: tuple[tuple[str, str], ...]):
    """One regex for the whole list; group i + 1 is entry i."""
    ordered = sorted(entries, key=lambda e: len(e[0]), reverse=True)
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(f"({_inflected(p)})" for p, _ in ordered)
                         + r")(?![\w'’]|-\w)", re.IGNORECASE)
    return pattern, [s for _, s in ordered]


def _find(name: str, ctx: CheckContext, resource: Resource):
    """(found text, suggestion, line, column) for each listed phrase on the page."""
    changes = getattr(ctx.config, name)
    pattern, suggestions = _matcher(tuple(wordlists.word_list(name, changes).items()))
    for key in ("title", "summary"):
        for match in pattern.finditer(getattr(resource, key)):
            yield match.group(), suggestions[match.lastindex - 1], resource.line_of(key), 1
    for block in resource.doc.blocks:
        if block.in_quote:
            continue
        for match in pattern.finditer(block.text):
            yield (match.group(), suggestions[match.lastindex - 1], *block.position(match.start()))


def plain_words(resource: Resource, ctx: CheckContext):
    """CP303: a word or phrase with a plainer alternative."""
    for found, suggestion, line, column in _find("plain_words", ctx, resource):
        yield diagnostic(
            "CP303", resource.rel, line, column,
            f'"{found}" has a plainer alternative: {suggestion}.',
            f'Use the plainer word if it fits. If "{found}" is the right word here, add '
            "<!-- coprod-ignore CP303 --> on the line before.")


def inclusive_language(resource: Resource, ctx: CheckContext):
    """CP401: a phrase many people find excluding, with a respectful alternative."""
    for found, suggestion, line, column in _find("inclusive_language", ctx, resource):
        yield diagnostic(
            "CP401", resource.rel, line, column,
            f'Many people find "{found}" excluding. Try: {suggestion}.',
            "When you write about someone, use the words they use for themselves.")


def _shouted(word: str) -> bool:
    """A long ordinary word in capitals ("IMPORTANT") is emphasis, not an acronym."""
    return len(word) >= 5 and word.isalpha() and is_word(word.lower())


def acronyms(resource: Resource, ctx: CheckContext):
    """CP304: an acronym neither in the glossary nor spelled out where it is first used.

    "Spelled out" means words in brackets straight after it ("NHS (National Health
    Service)") or the acronym in brackets straight after words ("National Health Service
    (NHS)"). Headings are skipped: writers usually spell a term out in the text below.
    """
    known = {name.upper() for entry in ctx.site.glossary.values()
             for name in (entry.term, *entry.aliases)}
    seen: set[str] = set()
    for block in resource.doc.blocks:
        if block.in_quote or block.kind == "heading":
            continue
        for match in ACRONYM.finditer(block.text):
            acronym = match.group(1)
            if (acronym in seen or acronym in known or acronym in EVERYDAY_ACRONYMS
                    or ROMAN.match(acronym) or _shouted(acronym)):
                continue
            seen.add(acronym)
            text = block.text
            if (SPELLED_AFTER.match(text, match.end())
                    or (SPELLED_BEFORE.search(text, 0, match.start())
                        and text[match.end():].lstrip().startswith(")"))):
                continue
            line, column = block.position(match.start())
            yield diagnostic(
                "CP304", resource.rel, line, column,
                f'"{acronym}" is not explained. Readers may not know what it stands for.',
                f'Spell it out where it is first used, like "National Health Service (NHS)", '
                "or add it to content/_data/glossary.yml.")
