"""The parse stage: a Markdown body to a `Document`, the HTML a reader gets and the outline
the checks read.

Pure: a body in, a `Document` out, knowing nothing of the rest of the site or of the theme, so
it can run in a worker process and be cached by the file's bytes. Python-Markdown parses each
body once. A tree processor, run after inline parsing, records an outline of the parsed
document: the text blocks a reader reads, links, images, headings and quotes. Links are left
as written, each marked with its index in the outline (`data-cp="N"`): the render stage
(`render.links`) resolves them against the site. Python-Markdown keeps no source positions,
so each outline word is aligned with the word tokens of the source, in order; that gives every
diagnostic a line and column in the file the contributor edits.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from coprod_site.render import callouts, code, github
from coprod_site.render.budget import TooSlow, time_limit
from coprod_site.render.inline import PRIORITY as INLINE_PRIORITY, QuickInline
from coprod_site.render.outline import (WORD, Attribute, Block, Document, Heading, Link,
                                        Quote, SourceMap, attribution_line)
from coprod_site.render.raw_html import stashed_html
from coprod_site.render.sanitise import clean_html
from coprod_site.render.slugs import Slugger
from coprod_site.render.spans import STASH, block_span
from coprod_site.urls import target_of

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"}
NESTED = {"ul", "ol", "dl", "table", "thead", "tbody", "tr", "div", "details"}
SKIP_TAGS = {"code", "pre", "script", "style"}
TABLE_ALIGN = re.compile(r"text-align: (?:left|center|right);")
RAW_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
PARSE_SECONDS = (5, 30)           # seconds, plus seconds per MB of body: see render.budget


class _Outline(Treeprocessor):
    def __init__(self, md, parser: "BodyParser"):
        super().__init__(md)
        self.parser = parser

    def run(self, root):
        self.parser._walk(root, in_quote=False)


class _StashMark(Preprocessor):
    """Notes how much of the HTML stash fenced code took: what is stashed after it (by the
    HTML block and inline HTML steps) is raw HTML from the contributor."""

    def __init__(self, md, parser: "BodyParser"):
        super().__init__(md)
        self.parser = parser

    def run(self, lines):
        self.parser.first_raw = len(self.md.htmlStash.rawHtmlBlocks)
        return lines


class _CodeStashMark(Treeprocessor):
    """Notes the stash items codehilite adds (highlighted code, not contributors' HTML):
    one mark just before its step and one just after."""

    def __init__(self, md, parser: "BodyParser", end: bool):
        super().__init__(md)
        self.parser, self.end = parser, end

    def run(self, root):
        count = len(self.md.htmlStash.rawHtmlBlocks)
        if self.end:
            self.parser.code_stash = range(self.parser.code_stash.start, count)
        else:
            self.parser.code_stash = range(count, count)


class _OutlineExtension(Extension):
    def __init__(self, parser):
        super().__init__()
        self.parser = parser

    def extendMarkdown(self, md):
        md.treeprocessors.register(QuickInline(md), "inline", INLINE_PRIORITY)
        md.treeprocessors.register(_Outline(md, self.parser), "coprod-outline", -10)
        md.preprocessors.register(_StashMark(md, self.parser), "coprod-stash-mark", 22)
        hilite = md.treeprocessors.get_index_for_name("hilite")
        priority = md.treeprocessors._priority[hilite].priority
        md.treeprocessors.register(_CodeStashMark(md, self.parser, False), "coprod-code-from",
                                   priority + 0.5)
        md.treeprocessors.register(_CodeStashMark(md, self.parser, True), "coprod-code-to",
                                   priority - 0.5)


class TooComplex(Exception):
    """A body that would take too long to parse; `args[0]` is the time limit in seconds."""


class TooDeep(Exception):
    """A body nested too deeply for Python-Markdown (it recurses once a level)."""


def parse_seconds(body: str) -> float:
    """The time limit for one body: see `render.budget`."""
    return round(PARSE_SECONDS[0] + PARSE_SECONDS[1] * len(body) / 1_000_000, 1)


class BodyParser:
    """Parses bodies one after another with one Markdown instance (it is reused, not rebuilt)."""

    def __init__(self):
        self.slugger = Slugger()            # heading ids as on GitHub
        self.first_raw = 0                  # stash items before this are fenced code
        self.code_stash = range(0)          # stash items codehilite added
        self.md = self._markdown()

    def _markdown(self) -> markdown.Markdown:
        return markdown.Markdown(
            extensions=["fenced_code", "codehilite", "admonition", callouts.Callouts(),
                        "tables", "attr_list", "footnotes", "sane_lists", "def_list", "toc",
                        github.GitHubSyntax(), _OutlineExtension(self)],
            extension_configs={"toc": {"permalink": False, "slugify": self.slugger},
                               "codehilite": code.CODEHILITE},
            output_format="html")

    def parse(self, rel: str, body: str, body_line: int) -> Document:
        """The `Document` of one body. Raises TooComplex past the time limit and TooDeep
        when the nesting is deeper than Python can follow."""
        self.rel, self.source, self.body_line = rel, body, body_line
        self.blocks, self.links, self.headings, self.quotes, self.ids = [], [], [], [], set()
        self.attributes = []
        self.said: dict[int, tuple] = {}   # block index -> (name, offset in text, sure)
        self.quoted: set[int] = set()                 # blocks already in a Quote
        self.md.reset()
        self.slugger.reset()
        self.first_raw, self.code_stash = 0, range(0)
        seconds = parse_seconds(body)
        try:
            with time_limit(seconds):
                html = clean_html(self.md.convert(body))
        except TooSlow:
            raise TooComplex(seconds) from None
        except RecursionError:
            self.md = self._markdown()           # a half-run instance may hold broken state
            raise TooDeep() from None
        stash = self.md.htmlStash.rawHtmlBlocks
        raw = stashed_html([item for i, item in enumerate(stash)
                            if i >= self.first_raw and i not in self.code_stash], body)
        return Document(Document.pack(html), tuple(self.blocks), tuple(self.links),
                        tuple(self.headings), tuple(self.quotes), frozenset(self.ids), raw,
                        tuple(self.attributes))

    # -- tree walk ---------------------------------------------------------------------

    def _walk(self, root: ET.Element, in_quote: bool) -> None:
        self._map = SourceMap(self.source, self.body_line)
        self._block_cursor = 0
        self._char_cursor = 0
        self._visit(root, in_quote)

    def _visit(self, element: ET.Element, in_quote: bool, parent_tag: str = "") -> None:
        previous = ""
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            after_quote, previous = previous == "blockquote", tag
            if tag in SKIP_TAGS:
                for inner in child.iter():         # fenced code takes `{ ... }` lists too
                    self._note_attributes(inner, self._block_cursor, inline=False)
                continue
            if tag not in BLOCK_TAGS and tag not in ("a", "img"):
                self._note_attributes(child, self._block_cursor, inline=False)
            if tag == "blockquote":
                self._blockquote(child)
            elif tag in BLOCK_TAGS:
                self._block(child, tag, parent_tag, in_quote, after_quote)
            elif tag in ("a", "img"):
                self._link(child, in_quote)
            else:
                self._visit(child, in_quote, tag)

    def _note_attributes(self, element: ET.Element, start: int, inline: bool = True) -> None:
        """Record attributes only an attribute list can have put on Markdown's elements (raw
        HTML is in the stash, not the tree): on `element` and, with `inline`, the inline
        elements inside it; each at its `{` in the source, searched from `start`."""
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or (
                    name == "style" and not (element.tag in ("th", "td")
                                             and TABLE_ALIGN.fullmatch(value))) or (
                    name in ("href", "src") and element.tag not in ("a", "img")):
                found = re.compile(r"\{:?[^{}\n]*?(?<![\w-])" + re.escape(name) + r"\s*=",
                                   re.IGNORECASE).search(self.source, start)
                self.attributes.append(Attribute(element.tag, name, value,
                                                 *self._map.line_col(found.start() if found
                                                                     else start)))
        if inline:
            for child in element:
                if isinstance(child.tag, str) and not (
                        child.tag in BLOCK_TAGS or child.tag in NESTED or child.tag == "blockquote"):
                    self._note_attributes(child, start)

    def _blockquote(self, element: ET.Element) -> None:
        start = len(self.blocks)
        self._visit(element, True, "blockquote")
        self._dash_list(element, start)
        self._quote(start)

    def _block(self, element: ET.Element, tag: str, parent_tag: str, in_quote: bool,
               after_quote: bool = False) -> None:
        kind = {"li": "list-item", "td": "cell", "th": "cell", "dt": "term", "dd": "term",
                "p": "list-item" if parent_tag == "li" else "paragraph"}.get(tag, "heading")
        if element.get("class") == callouts.TITLE_CLASS:      # a callout's title
            kind = "heading"
        parts: list[str] = []
        anchors: list[ET.Element] = []
        pieces: list = []
        self._text_of(element, parts, anchors, pieces)
        lines = STASH.sub("", self._raw_breaks("".join(parts)))
        text = " ".join(lines.split())
        block = Block(kind, text, in_quote,
                      *self._span(pieces, fold=element.get("class") == callouts.TITLE_CLASS),
                      source=self._map)
        self._note_attributes(element, self.source.rfind("\n", 0, block.start) + 1)
        if block.text:
            self.blocks.append(block)
            if in_quote or (after_quote and tag == "p"):
                self._attribution(block, lines, after_quote and not in_quote)
        if tag[0] == "h":
            line, column = block.position(0)
            self.headings.append(Heading(int(tag[1]), block.text, element.get("id", ""), line, column))
        if element.get("id"):
            self.ids.add(element.get("id"))
        for node in anchors:
            self._link(node, in_quote)
        previous = ""
        for child in element:
            after_quote, previous = previous == "blockquote", child.tag
            if child.tag == "blockquote":
                self._blockquote(child)
            elif child.tag in BLOCK_TAGS:
                self._block(child, child.tag, tag, in_quote, after_quote)
            elif child.tag in NESTED:
                self._visit(child, in_quote, tag)

    def _text_of(self, element: ET.Element, parts: list[str], anchors: list,
                 pieces: list) -> None:
        """Text of an element without nested blocks, code, or footnote markers; and in
        `pieces`, for `_span`, the same text in runs as written, each piece of markup whose
        source a reader does not see in between as (kind, what the source holds)."""
        if element.text:
            parts.append(element.text)
            pieces.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("a", "img"):
                anchors.append(child)
            if tag == "br":
                parts.append("\n")
            if tag in SKIP_TAGS:
                parts.append(" ")
                pieces.append(("code", html.unescape(child.text or "").strip()))
            elif tag == "sup" and "fnref" in (child.get("id") or ""):
                anchors.extend(child.iter("a"))           # a footnote marker: no words
            elif tag == "span" and child.get("class") == github.STATE_CLASS:
                pass                                      # "Done:": not the contributor's
            elif tag == "img":
                pieces.append(("image", child.get("src") or ""))
            elif not (tag in BLOCK_TAGS or tag in NESTED or tag == "blockquote"):
                self._text_of(child, parts, [] if tag == "a" else anchors, pieces)
                if tag == "a":
                    pieces.append(("link", child.get("href") or ""))
            if child.tail:
                parts.append(child.tail)
                pieces.append(child.tail)

    def _span(self, pieces: list, fold: bool = False) -> tuple[int, int]:
        """The span of source a block came from (`render.spans.block_span`)."""
        start, end = block_span(self.source, self._block_cursor, pieces, self._stash_item, fold)
        self._block_cursor = max(self._block_cursor, end)
        return start, end

    def _stash_item(self, placeholder: str) -> str:
        """The raw HTML a stash placeholder stands for (not a `<br>` or character reference,
        which the reader sees as text)."""
        stash = self.md.htmlStash.rawHtmlBlocks
        index = int(placeholder[9:-1])
        item = stash[index] if index < len(stash) else ""
        return item if isinstance(item, str) and not ENTITY.fullmatch(item) else ""

    def _line_col(self, offset: int) -> tuple[int, int]:
        return self._map.line_col(offset)

    def _raw_breaks(self, text: str) -> str:
        """`text` with each raw `<br>` Python-Markdown stashed made a line break, and each
        character reference (`&mdash;`, `&#8212;`) the character a reader sees."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def line_break(match: re.Match) -> str:
            index = int(match.group()[9:-1])
            item = stash[index] if index < len(stash) else ""
            if isinstance(item, str) and RAW_BREAK.fullmatch(item.strip()):
                return "\n"
            if isinstance(item, str) and ENTITY.fullmatch(item):
                return html.unescape(item)
            return match.group()
        return STASH.sub(line_break, text) if "\x02" in text else text

    def _attribution(self, block: Block, lines: str, alone: bool) -> None:
        """Note the attribution on the last line of a block in a quote (`alone`: straight after
        one, where the whole block must be the attribution), by its offset in `block.text`."""
        last = lines.strip().rsplit("\n", 1)
        if alone and len(last) > 1:
            return
        line = " ".join(last[-1].split())
        said = attribution_line(line)
        if said is None:
            return
        name, start, sure = said
        if alone and WORD.search(line, 0, start):
            return                             # words before the dash: not only a name
        offset = len(block.text) - len(line) + start
        if alone:
            self._attribute_after(block, name, offset, sure)
        else:
            self.said[len(self.blocks) - 1] = (name, offset, sure)

    def _quote(self, start: int) -> None:
        """One Quote per attributed run of paragraphs from block `start` on: Python-Markdown
        joins two blockquotes that only a blank line separates, and each person's words must
        keep their own name. Blocks of a quote inside this one are already in its Quote."""
        group: list[Block] = []
        for index in range(start, len(self.blocks)):
            if index in self.quoted:
                continue
            self.quoted.add(index)
            block = self.blocks[index]
            group.append(block)
            if index in self.said:
                name, offset, sure = self.said[index]
                line, column = block.position(offset)
                self.quotes.append(Quote(" ".join(b.text for b in group), name, line, column,
                                         sure))
                group = []
        if group:
            line, column = group[0].position(0)
            self.quotes.append(Quote(" ".join(b.text for b in group), None, line, column))

    def _attribute_after(self, block: Block, name: str, offset: int, sure: bool) -> None:
        """A paragraph of only an attribution straight after a blockquote: the quote's last
        run gets it (or, when that run has a name already, it is a quote of its own)."""
        line, column = block.position(offset)
        last = self.quotes[-1] if self.quotes else None
        if last is not None and last.attribution is None:
            self.quotes[-1] = Quote(f"{last.text} {block.text}", name, line, column, sure)
        else:
            self.quotes.append(Quote(block.text, name, line, column, sure))

    def _dash_list(self, element: ET.Element, start: int) -> None:
        """A blockquote that ends with a list of one item written `- Name`: Markdown made the
        attribution line a list (not sure: it may be the quote's own list)."""
        last = element[-1] if len(element) else None
        if last is None or last.tag != "ul" or len(last) != 1 or len(self.blocks) <= start:
            return
        index = len(self.blocks) - 1
        block = self.blocks[index]
        prefix = self.source[self.source.rfind("\n", 0, block.start) + 1:block.start]
        said = attribution_line(f"- {block.text}")
        if block.kind == "list-item" and index not in self.said and said and said[2] \
                and re.fullmatch(r"[>\s]*-\s+[*_]*", prefix):
            self.said[index] = (said[0], said[1] - 2, False)

    def _link(self, element: ET.Element, in_quote: bool) -> None:
        """Record a link or image, and mark it for the render stage. An unsafe target is
        dropped here: no later stage can bring it back."""
        image = element.tag == "img"
        attr = "src" if image else "href"
        href = element.get(attr, "")
        text = element.get("alt", "") if image else " ".join("".join(element.itertext()).split())
        if not image and "footnote" in (element.get("class") or ""):
            self.links.append(Link(href, text, False, *self._line_col(self._char_cursor),
                                   "footnote", in_quote=in_quote))
            return
        line, column = self._find(href, image)
        kind, target, fragment = target_of(self.rel, href)
        if kind == "unsafe":
            if image:
                element.attrib.pop("src", None)
            else:
                element.tag = "span"
                element.attrib.clear()
        else:
            element.set("data-cp", str(len(self.links)))
        self.links.append(Link(href, STASH.sub("", text).strip(), image, line, column, kind,
                               target, fragment, in_quote, element.get("title") or ""))

    def _find(self, href: str, image: bool) -> tuple[int, int]:
        """Where a link or image starts in the source: its `[` (or `![`) if we can see it."""
        found = self.source.find(href, self._char_cursor) if href else -1
        if found < 0:
            return self._line_col(min(self._char_cursor, len(self.source)))
        self._char_cursor = found + len(href)
        line_start = self.source.rfind("\n", 0, found) + 1
        bracket = self.source.rfind("![" if image else "[", line_start, found)
        return self._line_col(bracket if bracket >= 0 else found)
