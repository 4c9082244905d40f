"""Python-Markdown's inline step, less the tries that cannot match: the same HTML, sooner.

Python-Markdown tries each inline pattern (links, emphasis, code, entities, ...) on every
piece of text, in priority order: 17 searches and as many Python calls for a sentence with
no mark-up in it, more than a quarter of the time a body takes to parse. Every pattern here
needs a certain character to match at all (a link a `[`, an entity a `&`, emphasis a `*` or
a `_`), so `QuickInline` passes over a pattern when the text has none of what it needs, and
otherwise tries it exactly as Python-Markdown does. Nothing else changes: what a pattern
would not have matched, it is not asked to match.

`NEEDS` is keyed by each pattern's regular expression, as written in Python-Markdown 3.x and
in our extensions. A pattern not in it (a new one, or one whose expression a new version
changed) is always tried, so the output stays Python-Markdown's and only the speed is lost;
`tests/test_inline.py` names any such pattern of ours.
"""

from __future__ import annotations

import re

from markdown import util
from markdown.treeprocessors import InlineProcessor

HTML = (r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|"""
        r"""[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|"""
        r"""!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""")

# A pattern's expression -> strings one of which any text it matches holds.
NEEDS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),               # code
    r"(?<!\\)\\\n": ("\\\n",),                                        # GitHub's line break
    r"\\(.)": ("\\",),                                                # escape
    r"\[\^([^\]]*)\]": ("[^",),                                       # footnote
    r"(?<!\!)\[": ("[",),                                             # links, references
    r"\!\[": ("![",),                                                 # images
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),                  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),                                 # automail
    r"  \n": ("  \n",),                                               # line break
    HTML: ("<",),                                                     # inline HTML
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),         # entity
    r"(~~)(?!~)(.+?)(?<!~)~~": ("~~",),                               # strikethrough
    r"\*|_": ("*", "_"),                                              # emphasis
}

PRIORITY = 20           # Python-Markdown's own for its "inline" tree processor


class QuickInline(InlineProcessor):
    """Python-Markdown's `InlineProcessor`, passing over patterns that cannot match.

        md.treeprocessors.register(QuickInline(md), "inline", PRIORITY)
    """

    def run(self, tree, ancestors=None):
        self.needs = [NEEDS.get(getattr(pattern, "pattern", None))
                      for pattern in self.inlinePatterns]
        known = None not in self.needs
        self.mark_up = re.compile("|".join(re.escape(part) for need in self.needs
                                           for part in need)).search if known else None
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Python-Markdown's `__handleInline` (which it calls by that name), with the pass."""
        if isinstance(data, util.AtomicString) or self.mark_up and not self.mark_up(data):
            return data                  # no pattern could match: most sentences
        patterns, needs = self.inlinePatterns, self.needs
        apply = self._InlineProcessor__applyPattern
        start, count = 0, len(patterns)
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None and not any(part in data for part in need):
                patternIndex, start = patternIndex + 1, 0       # as a try that did not match
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data
