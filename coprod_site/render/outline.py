"""The parse stage's product: a body's `Document` (the HTML a reader gets) and its outline
(text blocks, links, images, headings, quotes, raw HTML and risky attributes), with a
`SourceMap` that turns any offset into the file line and column the contributor edits.

All frozen: the parse stage builds them once (`render.markdown.BodyParser`) and every later
stage reads them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from coprod_site.render.raw_html import RawHtml

WORD = re.compile(r"\w+(?:['’]\w+)*")


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


@dataclass(frozen=True)
class Block:
    """A run of text a reader reads: a paragraph, list item, heading or table cell."""

    kind: str                     # paragraph, list-item, heading, cell, term
    text: str
    in_quote: bool
    start: int = 0                # the span of the body's source the text came from
    end: int = 0
    source: SourceMap | None = field(default=None, repr=False, compare=False)

    @cached_property
    def words(self) -> list[tuple[int, int, int]]:
        """(offset in text, file line, column) of each word, aligned on first use."""
        return self.source.align(self.text, self.start, self.end) if self.source else []

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


@dataclass(frozen=True)
class Link:
    """A link or image as written. `kind` is what the href is, before looking anything up:
    page (a `.md` file), media (under `content/media/`), file (another path in `content/`),
    missing (a path that climbs out of `content/`), anchor, site, external or unsafe."""

    href: str                     # as written
    text: str                     # link text, or alt text for an image
    image: bool
    line: int
    column: int
    kind: str                     # page, media, anchor, external, site, unsafe, missing,
                                  # footnote (Markdown's own links to and from a footnote)
    target: str | None = None     # rel path of the content file or media ("content/media/x.jpg")
    fragment: str = ""
    in_quote: bool = False
    title: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int
    column: int


@dataclass(frozen=True)
class Quote:
    """A blockquote; `attribution` is the name after a final `— ` line, if any."""

    text: str
    attribution: str | None
    line: int
    column: int


@dataclass(frozen=True)
class Attribute:
    """An attribute an attribute list (`{: key=value }`) could have set and that only a
    script or a style uses: `on...`, `style`, or `href`/`src` on an element that is not a
    link or image. At the `{` of the list in the source."""

    tag: str
    name: str
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """The parse stage's product for one body. `html` is sanitised; its links carry
    `data-cp` markers for the render stage."""

    html: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    headings: tuple[Heading, ...]
    quotes: tuple[Quote, ...]
    ids: frozenset[str]
    raw_html: tuple[RawHtml, ...] = ()     # raw HTML as the reader's page gets it
    attributes: tuple[Attribute, ...] = ()  # risky attributes the parsed elements carry
    reading: object = field(default=None, compare=False)   # readability.Reading or Figures

    @property
    def images(self) -> list[Link]:
        return [link for link in self.links if link.image]

    @property
    def reading_blocks(self) -> list[Block]:
        """What readability measures: paragraphs and list items outside quotes."""
        return [b for b in self.blocks if not b.in_quote and b.kind in ("paragraph", "list-item")]


EMPTY = Document("", (), (), (), (), frozenset())
