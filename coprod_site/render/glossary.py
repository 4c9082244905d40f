"""The first use of a glossary term on a page links to its entry on /glossary/."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from coprod_site.content.model import GlossaryEntry

SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "abbr", "kbd"}


def glossary_step(glossary: dict[str, GlossaryEntry]):
    names = {}
    for entry in glossary.values():
        for name in (entry.term, *entry.aliases):
            names[name.lower()] = entry
    if not names:
        return lambda root, parser: None
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)

    def step(root: ET.Element, parser) -> None:
        seen: set[str] = set()

        def pieces(text: str) -> list:
            out, pos = [], 0
            for match in pattern.finditer(text):
                entry = names[match.group(1).lower()]
                if entry.term in seen:
                    continue
                seen.add(entry.term)
                link = ET.Element("a", {"href": f"/glossary/#{entry.anchor}", "class": "term"})
                link.text = match.group(1)
                out += [text[pos:match.start()], link]
                pos = match.end()
            return out + [text[pos:]]

        def place(parent: ET.Element, index: int, parts: list) -> None:
            for offset in range(1, len(parts), 2):
                link = parts[offset]
                link.tail = parts[offset + 1]
                parent.insert(index + offset // 2, link)

        def visit(element: ET.Element) -> None:
            children = list(element)
            if element.text:
                parts = pieces(element.text)
                element.text = parts[0]
                place(element, 0, parts)
            for child in children:
                if isinstance(child.tag, str) and child.tag not in SKIP:
                    visit(child)
                if child.tail:
                    parts = pieces(child.tail)
                    child.tail = parts[0]
                    place(element, list(element).index(child) + 1, parts)

        for child in list(root):
            if isinstance(child.tag, str) and child.tag not in SKIP:
                visit(child)

    return step
