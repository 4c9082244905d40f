"""The first use of a glossary term on a page links to its entry on /glossary/.

Run by the render stage on a body's finished HTML: text inside links, code, headings, quotes,
abbreviations and keyboard keys is left alone.
"""

from __future__ import annotations

import html as htmlcodec
import re
from typing import Callable

from coprod_site.content.model import GlossaryEntry

SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "abbr", "kbd"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def glossary_linker(glossary: dict[str, GlossaryEntry]) -> Callable[[str], str]:
    """A function from body HTML to the same HTML with each term's first use linked."""
    names, written = {}, {}
    for entry in glossary.values():
        for name in (entry.term, *entry.aliases):
            escaped = htmlcodec.escape(name, quote=False)
            names[escaped.lower()] = entry
            written[escaped.lower()] = escaped
    if not names:
        return lambda html: html

    def alternative(key: str) -> str:
        """An acronym ("SEND") matches only in capitals: "send" and "Send" are verbs."""
        name = written[key]
        return f"(?-i:{re.escape(name)})" if len(name) > 1 and name.isupper() else re.escape(key)
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        alternative(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)

    def link(html: str) -> str:
        seen: set[str] = set()

        def first_use(match: re.Match) -> str:
            entry = names[match.group(1).lower()]
            if entry.term in seen:
                return match.group(0)
            seen.add(entry.term)
            return f'<a class="term" href="/glossary/#{entry.anchor}">{match.group(1)}</a>'

        out, pos, skipping = [], 0, []
        for tag in TAG.finditer(html):
            text = html[pos:tag.start()]
            out.append(text if skipping else pattern.sub(first_use, text))
            name = tag.group(2).lower()
            if name in SKIP:
                if tag.group(1):
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                else:
                    skipping.append(name)
            out.append(tag.group(0))
            pos = tag.end()
        tail = html[pos:]
        out.append(tail if skipping else pattern.sub(first_use, tail))
        return "".join(out)

    return link
