"""CP303 plain words and CP401 inclusive language (CP304 acronyms: `checks.capitals`).

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
from coprod_site.checks import CheckContext, tokens
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic

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


# Words that can follow a group noun ("the poor are", "the elderly and their carers") but
# not start the noun an adjective describes ("the poor sound", "the disabled people's forum").
AFTER_GROUP_NOUN = frozenset("""
    and or but nor are were is was be been being have has had do does did will would can could
    shall should may might must need needs who whom whose that which what when where while
    whilst because as than in into of to for from with without at on by about among amongst
    across through like often also still too all themselves face faces faced feel feels felt
    live lives lived get gets got say says said struggle struggles continue continues
    tend tends deserve deserves
""".split())


def _in_context(context: str, lowered: str, tokens: list, last: int) -> bool:
    """Is the phrase ending at token `last` used in the context its entry applies in?"""
    if context != "group-noun" or last + 1 >= len(tokens):
        return True
    after = tokens[last + 1]
    if not lowered[tokens[last].end():after.start()].isspace():
        return True                       # punctuation between: nothing follows in the phrase
    return after.group() in AFTER_GROUP_NOUN


class WordList:
    """Finds listed words and phrases in text, whole words only, in any case.

    Each phrase is filed under its longest word (rarely a word like "the" or "to"). Text is
    split into words once; most blocks share no word with the index and are passed over at
    C speed, and the cost grows with the text, not with the length of the lists. An entry
    with a context (see `wordlists.contexts`) is reported only where it is used that way.
    """

    def __init__(self, lists: dict[str, dict[str, str]], contexts: dict[str, str] | None = None):
        # anchor word -> (rule code, the phrase's words, where the anchor is, suggestion,
        # context)
        self.index: dict[str, list[tuple[str, tuple[str, ...], int, str, str]]] = {}
        for code, entries in lists.items():
            for phrase, suggestion in entries.items():
                words = tuple(phrase.split())
                context = (contexts or {}).get(phrase, "any")
                if len(words) == 1:
                    for form in _forms(words[0]):
                        self.index.setdefault(form, []).append(
                            (code, (form,), 0, suggestion, context))
                    continue
                anchor = max(range(len(words)), key=lambda i: len(words[i]))
                self.index.setdefault(words[anchor], []).append(
                    (code, words, anchor, suggestion, context))
        for options in self.index.values():
            options.sort(key=lambda option: len(option[1]), reverse=True)   # longest first

    def find(self, text: str):
        """(offset, text found, rule code, suggestion) for each listed phrase in `text`."""
        lowered = text.lower()
        found = TOKEN.findall(lowered)
        if self.index.keys().isdisjoint(found):
            return
        tokens = list(TOKEN.finditer(lowered))   # the same words, with their places
        taken = 0                                # offset up to which text is already reported
        for i in [i for i, word in enumerate(found) if word in self.index]:
            for code, words, anchor, suggestion, context in self.index[found[i]]:
                first = i - anchor
                if first < 0 or tuple(found[first:first + len(words)]) != words:
                    continue
                run = tokens[first:first + len(words)]
                if (run[0].start() >= taken
                        and all(lowered[a.end():b.start()].isspace()
                                for a, b in zip(run, run[1:]))
                        and _in_context(context, lowered, tokens, first + len(words) - 1)):
                    yield run[0].start(), text[run[0].start():run[-1].end()], code, suggestion
                    taken = run[-1].end()
                    break


@lru_cache(maxsize=8)
def _word_list(changes: tuple) -> WordList:
    lists = {code: wordlists.word_list(name, {"add": dict(add), "remove": remove})
             for code, name, add, remove in changes}
    own = {phrase for _, _, add, _ in changes for phrase, _ in add}
    contexts = {phrase: context for _, name, _, _ in changes
                for phrase, context in wordlists.contexts(name).items() if phrase not in own}
    return WordList(lists, contexts)


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
        for offset, found, code, suggestion in words.find(tokens.without_addresses(text)):
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
