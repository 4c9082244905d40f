"""The parse stage's product: a body's `Document` (the HTML a reader gets) and its outline
(text blocks, links, images, headings, quotes, raw HTML and risky attributes), with a
`SourceMap` that turns any offset into the file line and column the contributor edits.

All frozen: the parse stage builds them once (`render.markdown.BodyParser`) and every later
stage reads them.
"""

from __future__ import annotations

import bisect
import pickle
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache

from coprod_site.packed import unpack
from coprod_site.render.raw_html import RawHtml

WORD = re.compile(r"\w+(?:['’]\w+)*")
# Every character of Unicode category Pd (hyphens and dashes, U+2015 horizontal bar included),
# the minus sign, tildes and the swung dash: what people start an attribution line with.
DASHES = ("-\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d"
          "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212~\uff5e\u2053")
LONG_DASHES = "\u2012-\u2015\u2e3a\u2e3b\ufe31\ufe32\ufe58\u2212"
ATTRIBUTION = re.compile(rf"[{DASHES}]+\s*(?P<name>[^\W\d_][^.!?{LONG_DASHES}]{{0,79}}?)\s*")
MAYBE_ATTRIBUTION = re.compile(rf"(?:^|[.!?…\"'”’»)]\s+)[{DASHES}]+\s*"
                               rf"(?P<name>[^\W\d_][^!?{LONG_DASHES}]{{0,79}}?)\.?\s*$")


def attribution_line(line: str) -> tuple[str, int, bool] | None:
    """(name, where the name starts in `line`, sure) when the line of a quote attributes it.

    Sure: the whole line is one or more dashes (see `DASHES`; `--` too), then a name of at
    most 80 characters that starts with a letter and holds no sentence end (`.`, `!`, `?`)
    or long dash: "— Priya Shah", "--Sam, coach", "~ Sport England".
    Not sure: the same with full stops in the name or after it ("— P. Shah."), or after the
    end of a sentence on the same line ("“Walk every day.” — Priya Shah"). Such a line might
    be the quote's own words ("It ended. — and then we left."), so it counts as a quote of
    someone only when it names someone the hub knows (`people.attributions`).
    "We went there — and stayed" is neither."""
    sure = ATTRIBUTION.fullmatch(line.strip())
    if sure:
        return sure.group("name"), len(line) - len(line.lstrip()) + sure.start("name"), True
    maybe = MAYBE_ATTRIBUTION.search(line)
    return (maybe.group("name"), maybe.start("name"), False) if maybe else None


class SourceMap:
    """Where text sits in a body's source: the file line and column of any character.

    Aligning every word of every block up front cost more than parsing the Markdown, and
    most blocks never need a position; so blocks keep only the span of source they came
    from, and align their words the first time a check asks.
    """

    def __init__(self, source: str | bytes, body_line: int):
        self.packed, self.body_line = source, body_line     # text, or `packed.pack`ed
        self._line_starts: list[int] | None = None

    @property
    def source(self) -> str:
        return unpack(self.packed)

    @property
    def line_starts(self) -> list[int]:
        """Where each line of the body starts, worked out the first time a position is asked
        (a list of every page's line offsets took more memory than its HTML)."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        return self._line_starts

    def __getstate__(self) -> dict:
        """Sent from a worker and kept in the cache without the body it maps, which the
        parse stage holds already and gives back (`attach`): one copy of each body."""
        return {**self.__dict__, "packed": None, "_line_starts": None}

    def attach(self, source: str | bytes) -> None:
        if self.packed is None:
            self.packed = source

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + self.body_line, offset - self.line_starts[index] + 1

    def align(self, text: str, start: int, end: int,
              upto: int | None = None) -> list[tuple[int, int, int]]:
        """(offset in text, line, column) for each word of `text`, matched in order
        against the words of the source between `start` and `end`; with `upto`, only the
        words that start at or before that offset in `text` (and at least the first)."""
        source_words = WORD.finditer(self.source, start, end)
        tokens: list[tuple[str, int]] = []
        found, cursor, last = [], 0, start
        for match in WORD.finditer(text):
            if upto is not None and found and match.start() > upto:
                break
            word = match.group()
            while len(tokens) < cursor + 40 and (token := next(source_words, None)):
                tokens.append((token.group().strip("_"),                  # `_emphasis_` too
                               token.start() + len(token.group()) - len(token.group().lstrip("_"))))
            for index in range(cursor, min(len(tokens), cursor + 40)):
                if tokens[index][0] == word:
                    last, cursor = tokens[index][1], index + 1
                    break
            found.append((match.start(), last))
        return [(offset, *self.line_col(at)) for offset, at in found]


def _by_fields(self):
    """Pickle an outline object as its class and field values: loading a cached page's
    outline takes a third of the time it takes by attribute dictionaries (a block's aligned
    words are worked out again when asked)."""
    return type(self), tuple(getattr(self, f.name) for f in fields(self) if f.init)


@lru_cache(maxsize=8192)
def word_pattern(word: str, flags: int = 0) -> re.Pattern:
    return re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", flags)  # `_word_` too


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text a reader reads: a paragraph, list item, heading or table cell.

    The outline's objects have slots, not attribute dictionaries: at 5,000 pages, 122,000
    blocks took 43 MiB with dictionaries."""

    __reduce__ = _by_fields

    kind: str                     # paragraph, list-item, heading, cell, term
    text: str
    in_quote: bool
    start: int = 0                # the span of the body's source the text came from
    end: int = 0
    source: SourceMap | None = field(default=None, repr=False, compare=False)
    _words: list | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def words(self) -> list[tuple[int, int, int]]:
        """(offset in text, file line, column) of each word, aligned on first use."""
        if self._words is None:
            object.__setattr__(self, "_words", self.source.align(self.text, self.start, self.end)
                               if self.source else [])
        return self._words

    @property
    def lines(self) -> tuple[int, int]:
        """The first and last file line of the block."""
        if self.source is None:
            return (1, 1)
        return (self.source.line_col(self.start)[0],
                self.source.line_col(max(self.start, self.end - 1))[0])

    def position(self, offset: int = 0) -> tuple[int, int]:
        """File line and column of the word at or before `offset` in `text` (aligning only
        the words up to it, unless all are aligned already)."""
        if self._words is not None or self.source is None:
            words = self.words
        else:
            words = self.source.align(self.text, self.start, self.end, upto=offset)
        if not words:
            return self.source.line_col(self.start) if self.source else (1, 1)
        i = max(0, bisect.bisect_right(words, (offset, 1 << 30, 0)) - 1)
        return words[i][1], words[i][2]


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image as written. `kind` is what the href is, before looking anything up:
    page (a `.md` file), media (under `content/media/`), file (another path in `content/`),
    missing (a path that climbs out of `content/`), anchor, site, external or unsafe."""

    __reduce__ = _by_fields

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


@dataclass(frozen=True, slots=True)
class Heading:

    __reduce__ = _by_fields
    level: int
    text: str
    id: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A run of a blockquote's paragraphs up to an attribution (or to its end), and who it is
    attributed to: the name on the last line of one of its paragraphs (after a line break, a
    `<br>` or as the whole paragraph; bold, italics, `<cite>` and `<em>` make no difference),
    or the name of a paragraph that is only an attribution straight after the blockquote
    (`attribution_line`). `line` and `column` are where the name is in the source, or where
    the quote starts when it has none. Every rule that reads attributions reads these.
    `sure` is False for a line that may be the quote's own words (`attribution_line`), and for
    a one-item list written with `-` that ends the quote ("> - Priya Shah")."""

    __reduce__ = _by_fields

    text: str
    attribution: str | None
    line: int
    column: int
    sure: bool = True


class PackedBlocks(Sequence):
    """A page's blocks as a build keeps them once they come back from a worker: their fields
    packed together (pickled, then zlib at level 1), made into `Block`s again each time they
    are read, and never kept so. The build's process reads every page's blocks once (the
    people register's uses), and at 5,000 pages the blocks took 46 MiB as objects and 12 MiB
    so; that is 1.5 microseconds a block, as unpickling them as objects took."""

    __slots__ = ("packed", "count", "source")

    def __init__(self, packed: bytes, count: int, source: SourceMap | None):
        self.packed, self.count, self.source = packed, count, source

    @classmethod
    def of(cls, blocks) -> "PackedBlocks":
        if isinstance(blocks, PackedBlocks):
            return blocks
        rows = [(b.kind, b.text, b.in_quote, b.start, b.end) for b in blocks]
        packed = zlib.compress(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL), 1)
        return cls(packed, len(rows), blocks[0].source if blocks else None)

    def __reduce__(self):
        return PackedBlocks, (self.packed, self.count, self.source)

    def unpacked(self) -> tuple[Block, ...]:
        source = self.source
        return tuple(Block(kind, text, in_quote, start, end, source) for kind, text, in_quote,
                     start, end in pickle.loads(zlib.decompress(self.packed)))

    def __iter__(self):
        return iter(self.unpacked())

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        return self.unpacked()[index]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)


@dataclass(frozen=True, slots=True)
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
    `data-cp` markers for the render stage. It is kept compressed (`packed`, from `pack`):
    a build holds every page's `Document`, and the HTML of 5,000 generated pages took 26 MiB
    as text and 9 MiB so (the hub's own pages pack to less than half). The three readers of
    a page's HTML (people, consent, links) unpack it in about 10 microseconds each."""

    packed: bytes
    blocks: tuple[Block, ...] | PackedBlocks   # packed when pickled (`__reduce__`)
    links: tuple[Link, ...]
    headings: tuple[Heading, ...]
    quotes: tuple[Quote, ...]
    ids: frozenset[str]
    raw_html: tuple[RawHtml, ...] = ()     # raw HTML as the reader's page gets it
    attributes: tuple[Attribute, ...] = ()  # risky attributes the parsed elements carry
    reading: object = field(default=None, compare=False)   # readability.Reading or Figures

    def __reduce__(self):
        return Document, (self.packed, PackedBlocks.of(self.blocks),
                          *(getattr(self, f.name) for f in fields(self)[2:]))

    def attach(self, source: str | bytes) -> None:
        """Give the blocks' source map the body it maps (see `SourceMap.__getstate__`)."""
        found = self.blocks.source if isinstance(self.blocks, PackedBlocks) else \
            self.blocks[0].source if self.blocks else None
        if found is not None:
            found.attach(source)

    @staticmethod
    def pack(html: str) -> bytes:
        return zlib.compress(html.encode("utf-8"), 1) if html else b""

    @property
    def html(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8") if self.packed else ""

    @property
    def images(self) -> list[Link]:
        return [link for link in self.links if link.image]

    @property
    def reading_blocks(self) -> list[Block]:
        """What readability measures: paragraphs and list items outside quotes."""
        return [b for b in self.blocks if not b.in_quote and b.kind in ("paragraph", "list-item")]


EMPTY = Document(b"", (), (), (), (), frozenset())
