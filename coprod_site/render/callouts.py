"""Callouts: a note, tip or warning set apart from the text around it.

Two ways to write one, shown the same way:

    !!! warning "Check the date"        Python-Markdown's admonition extension
        Ask before you share a photo.

    > [!WARNING]                        GitHub's alert syntax (note, tip, important,
    > Ask before you share a photo.     warning, caution)

Each becomes a `<div class="callout callout-warning" role="note" aria-labelledby="callout-1">`
whose first child is its visible title, `<p class="callout-title" id="callout-1">Warning:
Check the date</p>`. The kind is said in words, never by colour alone. The role is ARIA's
`note` (a section ancillary to the main content) rather than `<aside>` or a labelled
`<section>`: those are landmarks, and two callouts titled "Note" on one page would be two
landmarks with one name, which axe reports (landmark-unique).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

KINDS = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning",
         "caution": "Caution"}
TITLE_CLASS = "callout-title"
CLASSES = frozenset({"callout", *(f"callout-{kind}" for kind in KINDS)})
GITHUB_MARKER = re.compile(r"^ {0,3}>[ \t]?\[!(" + "|".join(KINDS) + r")\][ \t]*(?:\n|$)",
                           re.IGNORECASE)
QUOTE_PREFIX = re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE)


class GitHubAlerts(BlockProcessor):
    """`> [!NOTE]` and the quoted lines after it, as the admonition extension's tree
    (`<div class="admonition note"><p class="admonition-title">Note</p>…`), so that one step
    turns both forms into callouts. Runs before the blockquote processor."""

    def test(self, parent: ET.Element, block: str) -> bool:
        return bool(GITHUB_MARKER.match(block))

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        marker = GITHUB_MARKER.match(block)
        kind = marker.group(1).lower()
        box = ET.SubElement(parent, "div", {"class": f"admonition {kind}"})
        ET.SubElement(box, "p", {"class": "admonition-title"}).text = KINDS[kind]
        self.parser.parseChunk(box, QUOTE_PREFIX.sub("", block[marker.end():]))


class CalloutTree(Treeprocessor):
    """Every `div.admonition` as a labelled callout (see the module's docstring)."""

    def run(self, root: ET.Element) -> None:
        used = {element.get("id") for element in root.iter() if element.get("id")}
        number = 0
        for box in root.iter("div"):
            classes = (box.get("class") or "").split()
            if "admonition" not in classes:
                continue
            kind = next((c for c in classes if c != "admonition"), "note").lower()
            label = KINDS.get(kind, kind.capitalize())
            number += 1
            while f"callout-{number}" in used:
                number += 1
            title = box[0] if len(box) and "admonition-title" in (box[0].get("class") or "") \
                else None
            if title is None:
                title = ET.Element("p")
                box.insert(0, title)
            written = "".join(title.itertext()).strip()
            if not written:
                title.text = label
            elif written.lower() != label.lower():
                title.text = f"{label}: {title.text or ''}"
            box.attrib = {"class": f"callout callout-{kind if kind in KINDS else 'note'}",
                          "role": "note", "aria-labelledby": f"callout-{number}"}
            title.set("class", TITLE_CLASS)
            title.set("id", f"callout-{number}")


class Callouts(Extension):
    """Python-Markdown's admonition extension plus GitHub's alerts, both as callouts."""

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.parser.blockprocessors.register(GitHubAlerts(md.parser), "github-alerts", 21)
        md.treeprocessors.register(CalloutTree(md), "callouts", 4)   # after toc: heading ids first
