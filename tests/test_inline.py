"""`render.inline.QuickInline` gives exactly Python-Markdown's HTML, for every body: the
pages of the hub and the test sites, and random Markdown built from every mark-up character
an inline pattern looks for."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor

from coprod_site.render.inline import NEEDS, QuickInline
from coprod_site.render.markdown import BodyParser

ROOT = Path(__file__).resolve().parent.parent
BODIES = sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("tests/**/*.md")])
PIECES = [
    "word", "Consent", " ", "  ", "\n", "\n\n", "`", "``", "\\", "\\\n", "\\`", "\\*", "[",
    "]", "(", ")", "![", "[^1]", "[^1]: a note\n", "[text](page.md)", "[text][ref]",
    "[ref]: /x/\n", "![alt](pic.png)", "<", ">", "<b>", "</b>", "<!-- x -->", "<?x?>",
    "<![CDATA[x]]>", "<https://example.org>", "<sam@example.org>", "&", "&amp;", "&#38;",
    "&x;", ";", "~", "~~", "*", "**", "_", "__", "  \n", "- ", "> ", "## ", "    ", "```\n",
    "| a | b |\n|---|---|\n", "{: #x }", "Term\n: ", "!!! note\n    ", "'", '"',
]


def _stock(parser: BodyParser) -> BodyParser:
    """The same parser with Python-Markdown's own inline step."""
    parser.md.treeprocessors.register(InlineProcessor(parser.md), "inline", 20)
    return parser


def _both(body: str) -> tuple:
    quick, stock = BodyParser().parse("x.md", body, 1), _STOCK.parse("x.md", body, 1)
    return (quick.html, quick.blocks, quick.links), (stock.html, stock.blocks, stock.links)


_STOCK = _stock(BodyParser())


def test_our_parser_uses_it():
    assert isinstance(BodyParser().md.treeprocessors["inline"], QuickInline)


def test_every_inline_pattern_of_ours_is_known_so_none_is_tried_in_vain():
    unknown = [name for name, pattern in zip(
        [item.name for item in BodyParser().md.inlinePatterns._priority],
        BodyParser().md.inlinePatterns) if pattern.pattern not in NEEDS]
    assert unknown == []


@pytest.mark.parametrize("path", BODIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_same_html_and_outline_for_every_page_we_have(path):
    quick, stock = _both(path.read_text(encoding="utf-8", errors="replace"))
    assert quick == stock


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_same_html_and_outline_for_random_markdown(body):
    quick, stock = _both(body)
    assert quick == stock


def test_a_pattern_it_does_not_know_is_always_tried():
    md = markdown.Markdown()
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"(==)(.+?)==", "mark"), "mark", 65)
    md.treeprocessors.register(QuickInline(md), "inline", 20)
    assert md.convert("a ==marked== word") == "<p>a <mark>marked</mark> word</p>"
