"""Callouts (`!!! note "Title"` and GitHub's `> [!NOTE]`) as labelled notes with a visible
title, read as body text by the checks; and fenced code highlighted with classes only."""

import pytest

from coprod_site.render.markdown import BodyParser

BODY_LINE = 10


def parse(body: str):
    return BodyParser().parse("content/toolkits/a.md", body, BODY_LINE)


def test_an_admonition_with_a_title():
    doc = parse('!!! warning "Check the date"\n    Ask before you share a photo.\n')
    assert doc.html == (
        '<div aria-labelledby="callout-1" class="callout callout-warning" role="note">\n'
        '<p class="callout-title" id="callout-1">Warning: Check the date</p>\n'
        '<p>Ask before you share a photo.</p>\n'
        '</div>')


def test_an_admonition_without_a_title_is_named_by_its_kind():
    assert parse("!!! note\n    Pay people on the day.\n").html == (
        '<div aria-labelledby="callout-1" class="callout callout-note" role="note">\n'
        '<p class="callout-title" id="callout-1">Note</p>\n'
        '<p>Pay people on the day.</p>\n'
        '</div>')
    assert parse('!!! tip ""\n    Bring snacks.\n').html == (
        '<div aria-labelledby="callout-1" class="callout callout-tip" role="note">\n'
        '<p class="callout-title" id="callout-1">Tip</p><p>Bring snacks.</p>\n'
        '</div>')


@pytest.mark.parametrize("marker, kind, label", [
    ("[!NOTE]", "note", "Note"), ("[!TIP]", "tip", "Tip"),
    ("[!IMPORTANT]", "important", "Important"), ("[!WARNING]", "warning", "Warning"),
    ("[!CAUTION]", "caution", "Caution"), ("[!caution]", "caution", "Caution"),
])
def test_github_alerts(marker, kind, label):
    doc = parse(f"> {marker}\n> Pay people on the day.\n>\n> Say thank you.\n")
    assert doc.html == (
        f'<div aria-labelledby="callout-1" class="callout callout-{kind}" role="note">\n'
        f'<p class="callout-title" id="callout-1">{label}</p>\n'
        '<p>Pay people on the day.</p>\n'
        '<p>Say thank you.</p>\n'
        '</div>')
    assert doc.quotes == ()


def test_an_ordinary_quote_stays_a_quote():
    doc = parse("> [!SHOUT] is not a kind.\n")
    assert doc.html == "<blockquote>\n<p>[!SHOUT] is not a kind.</p>\n</blockquote>"
    assert [q.text for q in doc.quotes] == ["[!SHOUT] is not a kind."]


def test_an_unknown_admonition_kind_keeps_its_name_and_looks_like_a_note():
    assert parse("!!! danger\n    Hot water.\n").html.splitlines()[:2] == [
        '<div aria-labelledby="callout-1" class="callout callout-note" role="note">',
        '<p class="callout-title" id="callout-1">Danger</p>']


def test_callout_ids_never_take_a_heading_id():
    doc = parse("## Callout 1\n\n> [!TIP]\n> Bring snacks.\n")
    assert doc.html.splitlines()[:3] == [
        '<h2 id="callout-1">Callout 1</h2>',
        '<div aria-labelledby="callout-2" class="callout callout-tip" role="note">',
        '<p class="callout-title" id="callout-2">Tip</p>']


def test_checks_read_a_callout_as_body_text_and_its_title_as_a_heading():
    doc = parse('Intro.\n\n!!! warning "Check the date"\n    Ask before you share a photo.\n\n'
                "> [!NOTE]\n> Pay people on the day.\n")
    assert [(b.kind, b.in_quote, b.text) for b in doc.blocks] == [
        ("paragraph", False, "Intro."),
        ("heading", False, "Warning: Check the date"),
        ("paragraph", False, "Ask before you share a photo."),
        ("heading", False, "Note"),
        ("paragraph", False, "Pay people on the day."),
    ]
    assert [b.text for b in doc.reading_blocks] == \
        ["Intro.", "Ask before you share a photo.", "Pay people on the day."]
    assert doc.headings == () and doc.quotes == ()
    words = doc.blocks[2]
    assert words.position(words.text.index("share")) == (BODY_LINE + 3, 20)
    assert doc.blocks[1].position(doc.blocks[1].text.index("date")) == (BODY_LINE + 2, 24)


def test_raw_html_cannot_fake_a_callout_role():
    assert parse('<div role="button" class="callout x" onclick="go()">Hi</div>\n').html == \
        '<div class="callout">Hi</div>'


# -- code ------------------------------------------------------------------------------

def test_fenced_code_is_highlighted_with_classes_and_keeps_its_language():
    assert parse('```python\nprint("hi")  # say hi\n```\n').html == (
        '<div class="codehilite"><pre><span></span><code class="language-python">'
        '<span class="nb">print</span><span class="p">(</span><span class="s2">"hi"</span>'
        '<span class="p">)</span>  <span class="c1"># say hi</span>\n'
        '</code></pre></div>')


def test_code_without_a_known_language_is_plain():
    assert parse("```\nplain & simple\n```\n").html == \
        '<div class="codehilite"><pre><span></span><code>plain &amp; simple\n</code></pre></div>'
    assert parse("```nosuchlanguage\nx\n```\n").html == \
        '<div class="codehilite"><pre><span></span><code>x\n</code></pre></div>'


def test_code_never_has_inline_styles_or_made_up_classes():
    html = parse('```html\n<p style="color: red">Hi</p>\n```\n\n'
                 '<span class="k evil" style="color: red">raw</span>\n').html
    assert "style=" not in html.replace("&quot;color: red&quot;", "")
    assert 'class="language-html"' in html
    assert '<span class="k">raw</span>' in html
