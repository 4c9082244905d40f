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
SPELLED_AFTER = re.compile(r"\s*\(\s*[^()\s]+(?:\s+[^()\s]+)+\s*\)")   # NHS (National Health ...)
SPELLED_BEFORE = re.compile(r"[^\W_][^()]*\(\s*$")                     # National Health ... (NHS)


TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _forms(word: str) -> list[str]:
    """A listed word and its usual forms: utilise, utilises, utilised, utilising, utilize..."""
    if not word.isalpha():
        return [word]
    if word.endswith("ise"):
        return [word[:-2] + z + end for z in "sz" for end in ("e", "es", "ed", "ing")]
    if word.endswith("e"):
        return [word[:-1] + end for end in ("e", "es", "ed", "ing")]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + end for end in ("y", "ies", "ied", "ying")]
    return [word + end for end in ("", "s", "es", "ed", "ing")]


class WordList:
    """Finds listed words and phrases in text, whole words only, in any case.

    Each phrase is filed under its longest word (rarely a word like "the" or "to"). Text is
    split into words once; most blocks share no word with the index and are passed over at
    C speed, and the cost grows with the text, not with the length of the lists.
    """

    def __init__(self, lists: dict[str, dict[str, str]]):
        # anchor word -> (rule code, the phrase's words, where the anchor is, suggestion)
        self.index: dict[str, list[tuple[str, tuple[str, ...], int, str]]] = {}
        for code, entries in lists.items():
            for phrase, suggestion in entries.items():
                words = tuple(phrase.split())
                if len(words) == 1:
                    for form in _forms(words[0]):
                        self.index.setdefault(form, []).append((code, (form,), 0, suggestion))
                    continue
                anchor = max(range(len(words)), key=lambda i: len(words[i]))
                self.index.setdefault(words[anchor], []).append((code, words, anchor, suggestion))
        for options in self.index.values():
            options.sort(key=lambda option: len(option[1]), reverse=True)   # longest first

    def find(self, text: str):
        """(offset, text found, rule code, suggestion) for each listed phrase in `text`."""
        lowered = text.lower()
        if self.index.keys().isdisjoint(TOKEN.findall(lowered)):
            return
        tokens = list(TOKEN.finditer(lowered))
        taken = 0                                # offset up to which text is already reported
        for i, token in enumerate(tokens):
            for code, words, anchor, suggestion in self.index.get(token.group(), ()):
                first = i - anchor
                run = tokens[first:first + len(words)] if first >= 0 else []
                if (len(run) == len(words) and run[0].start() >= taken
                        and all(t.group() == w for t, w in zip(run, words))
                        and all(lowered[a.end():b.start()].isspace()
                                for a, b in zip(run, run[1:]))):
                    yield run[0].start(), text[run[0].start():run[-1].end()], code, suggestion
                    taken = run[-1].end()
                    break


@lru_cache(maxsize=8)
def _word_list(changes: tuple) -> WordList:
    return WordList({code: wordlists.word_list(name, {"add": dict(add), "remove": remove})
                     for code, name, add, remove in changes})


def word_lists(resource: Resource, ctx: CheckContext):
    """CP303 (a plainer alternative) and CP401 (a respectful alternative), in one pass."""
    changes = tuple((code, name, tuple(getattr(ctx.config, name).get("add", {}).items()),
                     tuple(getattr(ctx.config, name).get("remove", ())))
                    for code, name in (("CP303", "plain_words"), ("CP401", "inclusive_language")))
    words = _word_list(changes)
    places = [(resource.title, lambda offset: (resource.line_of("title"), 1)),
              (resource.summary, lambda offset: (resource.line_of("summary"), 1))]
    places += [(block.text, block.position) for block in resource.doc.blocks if not block.in_quote]
    for text, position in places:
        for offset, found, code, suggestion in words.find(text):
            line, column = position(offset)
            if code == "CP303":
                yield diagnostic(
                    "CP303", resource.rel, line, column,
                    f'"{found}" has a plainer alternative: {suggestion}.',
                    f'Use the plainer word if it fits. If "{found}" is the right word here, add '
                    "<!-- coprod-ignore CP303 --> on the line before.")
            else:
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
    glossary = ctx.config.glossary_file
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
                'Spell it out where it is first used, like "National Health Service (NHS)"'
                + (f", or add it to {glossary}." if glossary else "."))
