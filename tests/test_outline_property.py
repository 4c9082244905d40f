"""Every rule reads the document the reader gets: for random Markdown, every piece of raw
HTML, every image and every link in the rendered page is in the parsed outline the checks
read (`Document.links` and `Document.raw_html`), and raw HTML outside the safe list is
reported (CP107).

The render stage adds links of its own that no contributor wrote, and these are the only
exceptions: the first use of a glossary term links to the glossary (`class="term"`), and
heading permalinks (the `toc` extension's, switched off on this site). Inside a code block,
the `<span>`s of Pygments' highlighting are ours too (no link, image or attribute of the
contributor's reaches them).
"""

from __future__ import annotations

import bisect
import pickle
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from types import SimpleNamespace

from coprod_site.checks.safety import SAFE_TAGS, _raw_html, _StartTags
from coprod_site.content.model import GlossaryEntry
from coprod_site.render.glossary import glossary_linker
from coprod_site.render.links import resolve_links, written_address
from coprod_site.render.markdown import BodyParser
from coprod_site.packed import pack
from coprod_site.render.outline import PackedBlocks
from coprod_site.urls import as_browser_reads

PIECES = [
    "word", "Consent", " ", " ", "\n", "\n\n", "`", "``", "<p>", "</p>", "<b>", "<br>",
    '<img src="photo.png">', '<a href="/x/">', "</a>", "<!--", "-->", "<div>", "</div>",
    "<script>", "&amp;", "\\", "\\<", "[text](page.md)", "![alt](pic.png)", "[", "]", "(",
    ")", "](", "![", "*", "_", "    ", "> ", "- ", "1. ", "```", "~~~", "## ", "[^1]",
    "[^1]: note", "{: #x }", "<https://example.org>", "<sam@example.org>", "|", "---",
    '"', "'", "<", ">", "=", "<details>", "<summary>", "<span>", ": ", "Term\n: ",
]
MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong",
                 "code", "pre", "blockquote", "a", "img", "hr", "br", "table", "thead",
                 "tbody", "tr", "th", "td", "div", "sup", "dl", "dt", "dd"}


class _Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, int]] = []
        self.in_pre = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.in_pre))
        self.in_pre += tag == "pre"

    def handle_endtag(self, tag):
        self.in_pre -= tag == "pre" and self.in_pre > 0

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.in_pre))


PARSER = BodyParser()
LINK_TERMS = glossary_linker({"consent": GlossaryEntry(term="consent", definition="Saying yes.")})


def rendered(doc) -> str:
    """The body HTML as the render stage makes it (every link kept at the address written)."""
    return LINK_TERMS(resolve_links(doc, lambda link: written_address(link.href)))


@seed(20261130)
@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_nothing_reaches_the_page_that_no_rule_saw(body):
    doc = PARSER.parse("content/guides/a.md", body, 1)
    raw_names = [name for fragment in doc.raw_html
                 for _, _, name, _ in _StartTags(fragment.text).tags]
    images = [as_browser_reads(link.href) for link in doc.links if link.image]
    links = [as_browser_reads(link.href) for link in doc.links if not link.image]
    html = rendered(doc)
    for tag, attrs, in_pre in _Page(html).tags:
        if tag == "img":
            assert attrs.get("src") in images or "img" in raw_names, (body, html)
        elif tag == "a" and attrs.get("class") == "term":
            assert attrs["href"].startswith("/glossary/#")          # added by the render stage
        elif tag == "a":
            assert attrs.get("href") in links or "a" in raw_names, (body, html)
        elif tag == "span" and in_pre and set(attrs) <= {"class"}:
            continue                                                 # Pygments' highlighting
        elif tag not in MARKDOWN_TAGS:
            assert tag in raw_names and tag in SAFE_TAGS | {"span"}, (body, html)
    reported = " ".join(d.message for d in _raw_html(
        SimpleNamespace(rel="content/guides/a.md", doc=doc, body=body, body_line=1)))
    for name in raw_names:
        assert name in SAFE_TAGS or f"<{name}>" in reported, (body, name, reported)


WORDS = ["Sam", "said", "we", "met", "_twice_", "**then**", "it's", "co-op", "—", "Priya",
         "Shah", "4", "e.g.", "\n", "\n> ", "  \n", "[link](a.md)", "`code`", ".", ",", " "]


@seed(20261130)
@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join))
def test_a_position_asked_for_one_word_is_where_aligning_every_word_puts_it(body):
    """`Block.position` aligns only the words up to the one asked for; the answer is the
    same as with every word of the block aligned."""
    doc = PARSER.parse("content/guides/a.md", f"> {body}\n\n{body}", 3)
    for block in doc.blocks:
        offsets = range(-1, len(block.text) + 2)
        alone = [replace(block).position(offset) for offset in offsets]   # nothing aligned
        words = block.words
        whole = [(words[max(0, bisect.bisect_right(words, (o, 1 << 30, 0)) - 1)][1:]
                  if words else block.position(o)) for o in offsets]
        assert alone == whole, (body, block.text)


@seed(20261201)
@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.sampled_from(WORDS + PIECES), min_size=1, max_size=60).map(" ".join))
def test_a_document_sent_from_a_worker_reads_as_the_one_parsed(body):
    """A worker sends its `Document` pickled, and the build keeps the blocks packed
    (`PackedBlocks`); given back the body it parsed, packed too (as the load stage keeps
    it), they read as the parsed ones, with the same positions, every time they are read."""
    doc = PARSER.parse("content/guides/a.md", body, 3)
    sent = pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
    sent.attach(pack(body))
    assert isinstance(sent.blocks, PackedBlocks) and len(sent.blocks) == len(doc.blocks)

    def read(blocks):
        return [(b.kind, b.text, b.in_quote, b.lines, [b.position(o) for o in (0, len(b.text))])
                for b in blocks]

    assert read(sent.blocks) == read(sent.blocks) == read(doc.blocks), body
    assert sent == doc and sent.html == doc.html
    assert pickle.loads(pickle.dumps(sent)) == doc       # the cache keeps it as it came
