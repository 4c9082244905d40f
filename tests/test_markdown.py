"""Markdown bodies: the HTML readers get, and the outline checks use, with every word's line
and column in the file the contributor edits."""

from datetime import date

import pytest

from conftest import make_site, page, rendered
from coprod_site.build import Options, run as run_stages
from coprod_site.config import load_config

# page() writes 7 lines of front matter and a blank line, so body line 1 is file line 8.
FIRST = 9


def parsed(tmp_path, body, **extra_files):
    root = make_site(tmp_path, {
        "content/guides/paying.md": page(body=body),
        "content/toolkits/check-in.md": page(title="Check-in", body="## How to run it\n\nAsk.\n"),
        "content/media/dot.png": b"\x89PNG\r\n\x1a\n",
        **extra_files,
    })
    result = run_stages(load_config(root), Options(today=date(2026, 4, 1)))
    return next(r for r in result.site.resources if r.slug == "paying").doc, result


def word_at(block, word):
    return block.position(block.text.index(word))


def test_words_in_a_paragraph_after_front_matter(tmp_path):
    doc, _ = parsed(tmp_path, "Pay people on the day.\nThank them   for their time.\n")
    [block] = doc.blocks
    assert block.kind == "paragraph" and not block.in_quote
    assert block.text == "Pay people on the day. Thank them for their time."
    assert word_at(block, "Pay") == (FIRST, 1)
    assert word_at(block, "day") == (FIRST, 19)
    assert word_at(block, "for") == (FIRST + 1, 14)
    assert word_at(block, "time") == (FIRST + 1, 24)


def test_words_in_lists_and_emphasis(tmp_path):
    body = "Intro.\n\n- First **bold** item\n- Second [linked](https://example.org) item\n\n" \
           "1. One step\n2. Two `code` step\n"
    doc, _ = parsed(tmp_path, body)
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [("paragraph", "Intro."), ("list-item", "First bold item"),
                     ("list-item", "Second linked item"), ("list-item", "One step"),
                     ("list-item", "Two step")]
    assert word_at(doc.blocks[1], "bold") == (FIRST + 2, 11)
    assert word_at(doc.blocks[2], "item") == (FIRST + 3, 40)
    assert word_at(doc.blocks[4], "step") == (FIRST + 6, 15)


def test_repeated_words_are_found_in_order(tmp_path):
    doc, _ = parsed(tmp_path, "Ask. Ask again.\n\nAsk once more.\n")
    first, second = doc.blocks
    assert first.position(0) == (FIRST, 1)
    assert first.position(first.text.index("Ask again")) == (FIRST, 6)
    assert second.position(0) == (FIRST + 2, 1)


def test_reading_blocks_leave_out_quotes_headings_code_and_tables(tmp_path):
    body = "## Heading words\n\nRead this.\n\n> Quoted words.\n\n```\ncode words\n```\n\n" \
           "| a | b |\n|---|---|\n| c | d |\n"
    doc, _ = parsed(tmp_path, body)
    assert [b.text for b in doc.reading_blocks] == ["Read this."]
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph",
                                            "cell", "cell", "cell", "cell"]
    assert [b.in_quote for b in doc.blocks][:3] == [False, False, True]


def test_links_between_files_become_site_addresses(tmp_path):
    body = ("See [the toolkit](../toolkits/check-in.md) and [how to run it]"
            "(../toolkits/check-in.md#how-to-run-it).\n\n"
            "![Dana leads a warm-up](../media/dot.png) [site](https://example.org) "
            "[here](#top)\n")
    doc, result = parsed(tmp_path, body)
    assert [(l.kind, l.text, l.target, l.fragment, l.line, l.column) for l in doc.links] == [
        ("page", "the toolkit", "content/toolkits/check-in.md", "", FIRST, 5),
        ("page", "how to run it", "content/toolkits/check-in.md", "how-to-run-it", FIRST, 48),
        ("media", "Dana leads a warm-up", "content/media/dot.png", "", FIRST + 2, 1),
        ("external", "site", None, "", FIRST + 2, 43),
        ("anchor", "here", None, "top", FIRST + 2, 71),
    ]
    assert doc.images[0].image
    html = rendered(result, "content/guides/paying.md")
    assert '<a href="/toolkits/check-in/">the toolkit</a>' in html
    assert '<a href="/toolkits/check-in/#how-to-run-it">how to run it</a>' in html
    assert 'src="/media/dot.png"' in html
    assert '<a href="https://example.org">site</a>' in html
    assert "data-cp" not in html


def test_a_link_to_a_missing_file_is_reported_where_it_is(tmp_path):
    doc, result = parsed(tmp_path, "Read [this guide](../guides/nope.md) first.\n")
    assert (doc.links[0].kind, doc.links[0].target) == ("page", "content/guides/nope.md")
    [d] = [d for d in result.diagnostics if d.code == "CP601"]
    assert (d.file, d.line, d.column) == ("content/guides/paying.md", FIRST, 6)


def test_a_link_cannot_climb_out_of_content(tmp_path):
    doc, result = parsed(tmp_path, "[secret](../../pyproject.toml)\n",
                         **{"pyproject.toml": "[tool.coprod]\n"})
    assert (doc.links[0].kind, doc.links[0].target) == ("missing", None)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("CP601", FIRST, 1)]


def test_quote_attribution(tmp_path):
    body = "> Being paid changed how I felt.\n> — Sam\n\n> It felt fair.\n> -- Dana Smith\n\n" \
           "> Nobody said this.\n"
    doc, _ = parsed(tmp_path, body)
    assert [(q.text, q.attribution, q.line, q.column) for q in doc.quotes] == [
        ("Being paid changed how I felt. — Sam", "Sam", FIRST + 1, 5),
        ("It felt fair. -- Dana Smith", "Dana Smith", FIRST + 4, 6),
        ("Nobody said this.", None, FIRST + 6, 3),
    ]


def test_quote_of_several_paragraphs_keeps_one_attribution(tmp_path):
    doc, _ = parsed(tmp_path, "> First part.\n>\n> Second part.\n> – Sam\n")
    [quote] = doc.quotes
    assert (quote.text, quote.attribution) == ("First part. Second part. – Sam", "Sam")


def test_heading_ids(tmp_path):
    body = "## How to run it\n\nx\n\n### Café & co-production: a “guide”!\n\nx\n\n" \
           "## How to run it\n\nx\n"
    doc, _ = parsed(tmp_path, body)
    assert [(h.level, h.text, h.id, h.line, h.column) for h in doc.headings] == [
        (2, "How to run it", "how-to-run-it", FIRST, 4),
        (3, "Café & co-production: a “guide”!", "café--co-production-a-guide", FIRST + 4, 5),
        (2, "How to run it", "how-to-run-it-1", FIRST + 8, 4),
    ]
    assert doc.ids >= {"how-to-run-it", "café--co-production-a-guide", "how-to-run-it-1"}
    assert '<h2 id="how-to-run-it">How to run it</h2>' in doc.html


def test_a_link_to_a_heading_that_does_not_exist(tmp_path):
    _, result = parsed(tmp_path, "See [it](../toolkits/check-in.md#how-to-walk-it).\n")
    [d] = [d for d in result.diagnostics if d.code == "CP602"]
    assert (d.line, d.column) == (FIRST, 5)


def test_words_in_a_nested_list(tmp_path):
    doc, _ = parsed(tmp_path, "- Outer item\n    - Inner item word\n- Last\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list-item", "Outer item"), ("list-item", "Inner item word"), ("list-item", "Last")]
    assert word_at(doc.blocks[1], "word") == (FIRST + 1, 18)
    assert "<ul>\n<li>Outer item<ul>\n<li>Inner item word</li>" in doc.html


def test_a_body_too_deep_to_parse_leaves_the_parser_working_for_the_next():
    from coprod_site.render.markdown import BodyParser, TooDeep
    parser = BodyParser()
    deep = "".join("    " * level + "- item\n" for level in range(300))
    with pytest.raises(TooDeep):
        parser.parse("content/guides/deep.md", deep, 8)
    doc = parser.parse("content/guides/next.md", "Pay people on the day.\n", 8)
    assert [block.text for block in doc.blocks] == ["Pay people on the day."]


def test_every_unicode_dash_minus_and_tilde_starts_an_attribution():
    import sys
    import unicodedata
    from coprod_site.render.outline import attribution_line
    dashes = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"]
    for dash in dashes + ["\u2212", "~", "\uff5e", "\u2053", "--"]:
        assert attribution_line(f"{dash} Priya Shah") == ("Priya Shah", len(dash) + 1, True)
        assert attribution_line(f"{dash}Priya Shah") == ("Priya Shah", len(dash), True)
    assert attribution_line("— P. Shah.") == ("P. Shah", 2, False)
    assert attribution_line("“Walk.” — Priya Shah") == ("Priya Shah", 10, False)
    assert attribution_line("It ended. — and we left.") == ("and we left", 12, False)
    for line in ("— 5 of us", "—", "We went — Priya", "— Why?", "Walk — Priya Shah."):
        assert attribution_line(line) is None, line


def test_quote_attribution_in_emphasis_after_a_break_or_after_the_quote(tmp_path):
    body = ("> Paid.<br>*— Sam*\n\n> Fair.  \n> **― Dana Smith**\n\n"
            "> Kind.\n\n<cite>~Jo</cite>\n")
    doc, _ = parsed(tmp_path, body)
    assert [(q.text, q.attribution, q.line, q.column) for q in doc.quotes] == [
        ("Paid. — Sam", "Sam", FIRST, 15),
        ("Fair. ― Dana Smith", "Dana Smith", FIRST + 3, 7),
        ("Kind. ~Jo", "Jo", FIRST + 7, 8),
    ]


# -- GitHub's strikethrough, backslash line breaks and task lists ------------------------------

def test_strikethrough_and_a_backslash_line_break_as_on_github(tmp_path):
    body = ("## ~~Old~~ New plan\n\nKeep it ~~short~~ plain, not `~~code~~` or ~~~ three.\\\n"
            "Next line.\n")
    doc, result = parsed(tmp_path, body)
    assert doc.headings[0].id == "old-new-plan"          # github-slugger reads "Old New plan"
    heading, paragraph = doc.blocks
    assert paragraph.text == "Keep it short plain, not or ~~~ three. Next line."
    assert word_at(paragraph, "short") == (FIRST + 2, 11)
    assert word_at(paragraph, "Next") == (FIRST + 3, 1)
    html = rendered(result, "content/guides/paying.md")
    assert '<h2 id="old-new-plan"><del>Old</del> New plan</h2>' in html
    assert ("<p>Keep it <del>short</del> plain, not <code>~~code~~</code> or ~~~ three.<br>\n"
            "Next line.</p>") in html


def test_a_task_list_says_each_state_in_words_and_the_checks_see_the_contributors_words(
        tmp_path):
    body = ("- [ ] Print the forms\n- [x] Book the [room](../toolkits/check-in.md)\n"
            "- [] not a task\n\n1. [X] Numbered\n\n- [ ] Loose item\n\n- [x] Another\n")
    doc, result = parsed(tmp_path, body)
    assert [(b.text, b.position(0)) for b in doc.blocks] == [
        ("Print the forms", (FIRST, 7)), ("Book the room", (FIRST + 1, 7)),
        ("[] not a task", (FIRST + 2, 6)), ("Numbered", (FIRST + 4, 8)),
        ("Loose item", (FIRST + 6, 7)), ("Another", (FIRST + 8, 7))]
    html = rendered(result, "content/guides/paying.md")
    assert '<li><span class="task-state">To do:</span> Print the forms</li>' in html
    assert '<li><span class="task-state">Done:</span> Book the <a href="/toolkits/check-in/">' \
           'room</a></li>' in html
    assert "<li>[] not a task</li>" in html
    assert '<li>\n<p><span class="task-state">Done:</span> Another</p>\n</li>' in html
    assert "<input" not in html


def test_a_character_reference_is_the_character_the_reader_sees(tmp_path):
    doc, _ = parsed(tmp_path, "> Walking helps me a lot.\n> &mdash; Sam\n\n"
                              "Fish &amp; chips at Caf&eacute; Rouge&#33;\n")
    quote, paragraph = doc.blocks
    assert quote.text == "Walking helps me a lot. — Sam"
    assert [(q.attribution, q.line, q.column) for q in doc.quotes] == [("Sam", FIRST + 1, 11)]
    assert paragraph.text == "Fish & chips at Café Rouge!"
    assert word_at(paragraph, "Rouge") == (FIRST + 3, 33)


# -- positions after markup that makes the text shorter than its source ------------------

def _positions(body: str):
    from coprod_site.render.markdown import BodyParser
    return BodyParser().parse("content/guides/x.md", body, 7)


LINKED = "We read [one](a.md), [two](a.md), [three](a.md) and [four](a.md), and then\n"


@pytest.mark.parametrize("before", [
    LINKED,
    "We read [one](https://example.org/" + "a" * 80 + "), [two](b.md) and then\n",
    "We read ![one](one.png) and ![two](https://example.org/" + "b" * 80 + ".png) then\n",
    "We read <span class=\"x\" title=\"Money Money\">one</span> and <b>two</b> then\n",
    "We read [one][ref], [two][ref] and [three][ref] then\n",
    "We read `Money code` and `more Money` then\n",
])
def test_a_heading_after_a_paragraph_of_markup_is_where_it_is(before):
    body = ("\n" + before + "Money helped people. Money is what helps people.\n\n"
            "#### Money at the meeting\n\n[ref]: https://example.org/Money\n")
    doc = _positions(body)
    assert [(h.text, h.line, h.column) for h in doc.headings] == [("Money at the meeting", 11, 6)]


def test_a_heading_after_several_linked_paragraphs_is_where_it_is():
    body = "\n" + (LINKED + "Money helped people. Money is what helps people.\n\n") * 3 \
        + "## Money again\n"
    doc = _positions(body)
    assert [(h.line, h.column) for h in doc.headings] == [(17, 4)]
    assert [b.position(0) for b in doc.blocks] == [(8, 1), (11, 1), (14, 1), (17, 4)]


def test_a_quote_attribution_after_long_links_is_where_it_is():
    link = "[a](https://example.org/" + "a" * 56 + ")"
    body = ("\n> " + " ".join([link] * 6) + " one met. We met at the park and then one by one we"
            " all went home to\n> rest and eat and sleep and then the next day we all came back"
            " to the park to walk and talk\n> and it was good for us all and so on and so on and"
            " so on and so on till the end one met.\n>\n> **We** met at the park.\n> — Dana\n")
    doc = _positions(body)
    assert [(q.attribution, q.line, q.column) for q in doc.quotes] == [("Dana", 13, 5)]


def test_a_callout_title_does_not_move_the_blocks_after_it():
    body = "\n!!! warning\n    Take care.\n\nWarning signs matter.\n\n## Warning signs\n"
    doc = _positions(body)
    assert [(h.text, h.line, h.column) for h in doc.headings] == [("Warning signs", 13, 4)]
