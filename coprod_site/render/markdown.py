"""Markdown bodies to `Document`s: the HTML a reader gets and the outline the checks read.

Python-Markdown parses each body once. A tree processor, run after inline parsing, resolves
links between files (as content.md says) and records an outline of the parsed document: the
text blocks a reader reads, links, images, headings and quotes. Python-Markdown keeps no
source positions, so each outline word is aligned with the word tokens of the source, in
order; that gives every diagnostic a line and column in the file the contributor edits.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
import html as htmlcodec
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from posixpath import normpath
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from coprod_site.render import callouts, code
from coprod_site.render.budget import TooSlow, time_limit
from coprod_site.render.sanitise import clean_html

WORD = re.compile(r"\w+(?:['’]\w+)*")
STASH = re.compile("\x02wzxhzdk:\\d+\x03")
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"}
NESTED = {"ul", "ol", "dl", "table", "thead", "tbody", "tr", "div", "details"}
SKIP_TAGS = {"code", "pre", "script", "style"}
ATTRIBUTION = re.compile(r"(?:^|\s)(?:—|–|--)\s*([^—–.!?]{1,80}?)\s*$")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
URL_NOISE = re.compile(r"[\t\n\r]")
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
PARSE_SECONDS = (5, 30)           # seconds, plus seconds per MB of body: see render.budget


class SourceMap:
    """Where text sits in a body's source: the file line and column of any character.

    Aligning every word of every block up front cost more than parsing the Markdown, and
    most blocks never need a position; so blocks keep only the span of source they came
    from, and align their words the first time a check asks.
    """

    def __init__(self, source: str, body_line: int):
        self.source, self.body_line = source, body_line
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + self.body_line, offset - self.line_starts[index] + 1

    def find_word(self, word: str, start: int) -> int | None:
        match = _word_pattern(word).search(self.source, start)
        return match.start() if match else None

    def align(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """(offset in text, line, column) for each word of `text`, matched in order
        against the words of the source between `start` and `end`."""
        tokens = [(m.group(), m.start()) for m in WORD.finditer(self.source, start, end)]
        found, cursor, last = [], 0, self.line_col(start)
        for match in WORD.finditer(text):
            word = match.group()
            for index in range(cursor, min(len(tokens), cursor + 40)):
                if tokens[index][0] == word:
                    last, cursor = self.line_col(tokens[index][1]), index + 1
                    break
            found.append((match.start(), *last))
        return found


@lru_cache(maxsize=8192)
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


@dataclass
class Block:
    """A run of text a reader reads: a paragraph, list item, heading or table cell."""

    kind: str                     # paragraph, list-item, heading, cell, term
    text: str
    in_quote: bool
    start: int = 0                # the span of the body's source the text came from
    end: int = 0
    source: SourceMap | None = field(default=None, repr=False, compare=False)
    _words: list | None = field(default=None, repr=False, compare=False)

    @property
    def words(self) -> list[tuple[int, int, int]]:
        """(offset in text, file line, column) of each word, aligned on first use."""
        if self._words is None:
            self._words = self.source.align(self.text, self.start, self.end) if self.source else []
        return self._words

    @property
    def lines(self) -> tuple[int, int]:
        """The first and last file line of the block."""
        if self.source is None:
            return (1, 1)
        return (self.source.line_col(self.start)[0],
                self.source.line_col(max(self.start, self.end - 1))[0])

    def position(self, offset: int = 0) -> tuple[int, int]:
        """File line and column of the word at or before `offset` in `text`."""
        words = self.words
        if not words:
            return self.source.line_col(self.start) if self.source else (1, 1)
        i = max(0, bisect.bisect_right(words, (offset, 1 << 30, 0)) - 1)
        return words[i][1], words[i][2]


@dataclass
class Link:
    href: str                     # as written
    text: str                     # link text, or alt text for an image
    image: bool
    line: int
    column: int
    kind: str                     # page, media, anchor, external, site, unsafe, missing
    target: str | None = None     # rel path of the content file or media ("content/media/x.jpg")
    fragment: str = ""
    in_quote: bool = False


@dataclass
class Heading:
    level: int
    text: str
    id: str
    line: int
    column: int


@dataclass
class Quote:
    """A blockquote; `attribution` is the name after a final `— ` line, if any."""

    text: str
    attribution: str | None
    line: int
    column: int


@dataclass
class Document:
    html: str
    blocks: list[Block]
    links: list[Link]
    headings: list[Heading]
    quotes: list[Quote]
    ids: set[str]

    @property
    def images(self) -> list[Link]:
        return [link for link in self.links if link.image]

    @property
    def reading_blocks(self) -> list[Block]:
        """What readability measures: paragraphs and list items outside quotes."""
        return [b for b in self.blocks if not b.in_quote and b.kind in ("paragraph", "list-item")]


@dataclass(frozen=True)
class Resolved:
    kind: str
    url: str | None               # None: render as plain text
    target: str | None = None
    fragment: str = ""


Resolver = Callable[[str, str], Resolved]   # (rel of the page, href) -> Resolved


def resolve_path(page_rel: str, href: str) -> tuple[str, str] | None:
    """A relative href written in `page_rel`, as a site-root path and fragment; None if it
    climbs out of `content/`."""
    path, _, fragment = href.partition("#")
    base = page_rel.rsplit("/", 1)[0]
    joined = normpath(f"{base}/{path}")
    if not joined.startswith("content/") or "/../" in f"/{joined}/":
        return None
    return joined, fragment


def as_browser_reads(href: str) -> str:
    """An href as a browser will follow it: character references decoded, tabs and newlines
    dropped, leading and trailing control characters and spaces trimmed. So
    `java&#x09;script:` is seen for the `javascript:` it is."""
    href = href.replace(markdown.util.AMP_SUBSTITUTE, "&")
    return URL_NOISE.sub("", htmlcodec.unescape(href)).strip(C0_AND_SPACE)


def classify(href: str) -> str:
    """What sort of target an href is, before looking anything up."""
    href = as_browser_reads(href)
    scheme = SCHEME.match(href)
    if scheme:
        return "external" if scheme.group(1).lower() in ("http", "https", "mailto", "tel") \
            else "unsafe"
    if href.startswith("//"):
        return "external"
    if href.startswith("#"):
        return "anchor"
    if href.startswith("/"):
        return "site"
    return "relative"


class _Outline(Treeprocessor):
    def __init__(self, md, parser: "BodyParser"):
        super().__init__(md)
        self.parser = parser

    def run(self, root):
        self.parser._walk(root, in_quote=False)


class _OutlineExtension(Extension):
    def __init__(self, parser):
        super().__init__()
        self.parser = parser

    def extendMarkdown(self, md):
        md.treeprocessors.register(_Outline(md, self.parser), "coprod-outline", -10)


class TooComplex(Exception):
    """A body that would take too long to parse; `args[0]` is the time limit in seconds."""


class BodyParser:
    """Parses bodies one after another with one Markdown instance (it is reused, not rebuilt)."""

    def __init__(self, resolver: Resolver, tree_steps: list[Callable] = (),
                 reserved_ids: frozenset[str] = frozenset()):
        self.resolver = resolver
        self.tree_steps = list(tree_steps)
        self.reserved_ids = reserved_ids    # ids the theme uses, such as the skip link's target
        self.md = markdown.Markdown(
            extensions=["fenced_code", "codehilite", "admonition", callouts.Callouts(),
                        "tables", "attr_list", "footnotes", "sane_lists", "def_list", "toc",
                        _OutlineExtension(self)],
            extension_configs={"toc": {"permalink": False}, "codehilite": code.CODEHILITE},
            output_format="html")

    def parse(self, rel: str, body: str, body_line: int) -> Document:
        self.rel, self.source, self.body_line = rel, body, body_line
        self.blocks, self.links, self.headings, self.quotes, self.ids = [], [], [], [], set()
        self.md.reset()
        seconds = round(PARSE_SECONDS[0] + PARSE_SECONDS[1] * len(body) / 1_000_000, 1)
        try:
            with time_limit(seconds):
                html = clean_html(self.md.convert(body))
        except TooSlow:
            raise TooComplex(seconds) from None
        return Document(html, self.blocks, self.links, self.headings, self.quotes, self.ids)

    # -- tree walk ---------------------------------------------------------------------

    def _walk(self, root: ET.Element, in_quote: bool) -> None:
        self._map = SourceMap(self.source, self.body_line)
        self._block_cursor = 0
        self._char_cursor = 0
        self._visit(root, in_quote)
        for step in self.tree_steps:
            step(root, self)

    def _visit(self, element: ET.Element, in_quote: bool, parent_tag: str = "") -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in SKIP_TAGS:
                continue
            if tag == "blockquote":
                self._blockquote(child)
            elif tag in BLOCK_TAGS:
                self._block(child, tag, parent_tag, in_quote)
            elif tag in ("a", "img"):
                self._link(child, in_quote)
            else:
                self._visit(child, in_quote, tag)

    def _blockquote(self, element: ET.Element) -> None:
        start = len(self.blocks)
        self._visit(element, True, "blockquote")
        self._quote(self.blocks[start:])

    def _block(self, element: ET.Element, tag: str, parent_tag: str, in_quote: bool) -> None:
        kind = {"li": "list-item", "td": "cell", "th": "cell", "dt": "term", "dd": "term",
                "p": "list-item" if parent_tag == "li" else "paragraph"}.get(tag, "heading")
        if element.get("class") == callouts.TITLE_CLASS:      # a callout's title
            kind = "heading"
        parts: list[str] = []
        anchors: list[ET.Element] = []
        self._text_of(element, parts, anchors)
        block = Block(kind, " ".join(STASH.sub("", "".join(parts)).split()), in_quote)
        self._align(block)
        if block.text:
            self.blocks.append(block)
        if element.get("id") in self.reserved_ids:
            element.set("id", element.get("id") + "-section")
        if tag[0] == "h":
            line, column = block.position(0)
            self.headings.append(Heading(int(tag[1]), block.text, element.get("id", ""), line, column))
        if element.get("id"):
            self.ids.add(element.get("id"))
        for node in anchors:
            self._link(node, in_quote)
        for child in element:
            if child.tag == "blockquote":
                self._blockquote(child)
            elif child.tag in BLOCK_TAGS:
                self._block(child, child.tag, tag, in_quote)
            elif child.tag in NESTED:
                self._visit(child, in_quote, tag)

    def _text_of(self, element: ET.Element, parts: list[str], anchors: list) -> None:
        """Text of an element without nested blocks, code, or footnote markers."""
        if element.text:
            parts.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("a", "img"):
                anchors.append(child)
            if tag in SKIP_TAGS:
                parts.append(" ")
            elif not (tag in BLOCK_TAGS or tag in NESTED or tag == "blockquote"
                      or (tag == "sup" and "fnref" in (child.get("id") or ""))):
                self._text_of(child, parts, [] if tag == "a" else anchors)
            if child.tail:
                parts.append(child.tail)

    def _align(self, block: Block) -> None:
        """Find the span of source a block came from: its first word at or after the end of
        the previous block, its last word at least as far on as it is in the text (markup
        only ever adds characters between the two)."""
        block.source = self._map
        start = end = self._block_cursor
        first = WORD.search(block.text)
        if first:
            found = self._map.find_word(first.group(), self._block_cursor)
            start = end = found if found is not None else self._block_cursor
            tail = block.text.rsplit(None, 1)[-1]
            last = WORD.search(tail) or first
            offset = len(block.text) - len(tail) + last.start() if last is not first else first.start()
            found = self._map.find_word(last.group(), start + offset - first.start())
            if found is not None:
                end = found + len(last.group())
        block.start, block.end = start, end
        self._block_cursor = max(self._block_cursor, end)

    def _line_col(self, offset: int) -> tuple[int, int]:
        return self._map.line_col(offset)

    def _quote(self, blocks: list[Block]) -> None:
        """One Quote per attributed run of paragraphs: Python-Markdown joins two blockquotes
        that only a blank line separates, and each person's words must keep their own name."""
        group: list[Block] = []
        for block in blocks:
            group.append(block)
            match = ATTRIBUTION.search(block.text)
            if match:
                line, column = block.position(match.start(1))
                self.quotes.append(Quote(" ".join(b.text for b in group), match.group(1),
                                         line, column))
                group = []
        if group:
            line, column = group[0].position(0)
            self.quotes.append(Quote(" ".join(b.text for b in group), None, line, column))

    def _link(self, element: ET.Element, in_quote: bool) -> None:
        image = element.tag == "img"
        attr = "src" if image else "href"
        href = element.get(attr, "")
        text = element.get("alt", "") if image else " ".join("".join(element.itertext()).split())
        if not image and "footnote" in (element.get("class") or ""):
            return
        line, column = self._find(href, image)
        kind = classify(href)
        resolved = self.resolver(self.rel, href) if kind in ("relative", "unsafe") \
            else Resolved(kind, href)
        link = Link(href, STASH.sub("", text).strip(), image, line, column, resolved.kind,
                    resolved.target, resolved.fragment, in_quote)
        self.links.append(link)
        if resolved.url is None:
            if image:
                element.attrib.pop("src", None)
            else:
                element.tag = "span"
                element.attrib.clear()
        else:
            element.set(attr, resolved.url)

    def _find(self, href: str, image: bool) -> tuple[int, int]:
        """Where a link or image starts in the source: its `[` (or `![`) if we can see it."""
        found = self.source.find(href, self._char_cursor) if href else -1
        if found < 0:
            return self._line_col(min(self._char_cursor, len(self.source)))
        self._char_cursor = found + len(href)
        line_start = self.source.rfind("\n", 0, found) + 1
        bracket = self.source.rfind("![" if image else "[", line_start, found)
        return self._line_col(bracket if bracket >= 0 else found)
