"""Raw HTML as Python-Markdown passes it through to the page, with where it is in the source.

Python-Markdown keeps every piece of raw HTML it lets through (a whole HTML block, or one
inline tag) in its HTML stash and pastes it into the page after rendering; character
references (`&amp;`) go through the stash too and are not HTML. Reading the stash, rather
than searching the source with our own idea of where code spans end, means the checks see
exactly the HTML a reader gets: a code span that Markdown does not close, or an HTML block
that swallows the paragraphs after it, is judged as Markdown judged it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class RawHtml:
    text: str
    offset: int           # where it starts in the body's source; -1 if it cannot be found


def stashed_html(stashed: list, source: str) -> tuple[RawHtml, ...]:
    """The raw HTML among items of a Markdown instance's stash after `convert()` (those
    after fenced code's), in stash order, each placed at its next occurrence in `source`
    not already taken by the same text."""
    found: list[RawHtml] = []
    taken: dict[str, int] = {}
    for item in stashed:
        text = item if isinstance(item, str) else ET.tostring(item, encoding="unicode")
        if not text.lstrip().startswith("<"):
            continue
        offset, lead = -1, len(text) - len(text.lstrip())
        for probe in (text.strip(), text.strip().split("\n", 1)[0]):
            offset = source.find(probe, taken.get(probe, 0))
            if offset >= 0:
                taken[probe] = offset + 1
                offset = max(0, offset - lead)     # where `text`, with its spaces, starts
                break
        found.append(RawHtml(text, offset))
    return tuple(found)
