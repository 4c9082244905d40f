"""CP107: raw HTML, unsafe links, attribute lists and hidden characters, reported where the
contributor can fix them, and never reaching a reader even when a rule is turned down."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BODY, make_site, page, run
from coprod_site.urls import as_browser_reads
from coprod_site.site.media import svg_problems

TODAY = "2026-04-01"
INTRO = "## What to do\n\nAsk people what they need. Pay them on the day.\n\n"
ASK = "Remove it; if you need something special on the page, ask a maintainer."
LINK_ADVICE = ("Link to a web page (https://...) or to another file in content/ instead; if "
               "you need something special on the page, ask a maintainer.")


def unsafe(tmp_path, body, **keys):
    """(line, column, message, suggestion) of every CP107 for a guide with this body."""
    root = make_site(tmp_path, {"content/guides/a.md": page(body=INTRO + body, **keys)})
    code, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    found = [(d["line"], d["column"], d["message"], d["suggestion"])
             for d in json.loads(out)["diagnostics"] if d["code"] == "CP107"]
    assert (code == 1) == bool(found)
    return found


def built_page(tmp_path, body, pyproject=None, **keys):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=INTRO + body, **keys)},
                     pyproject=pyproject)
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    return (root / "public/guides/a/index.html").read_text(encoding="utf-8")


# The front matter written by `page()` takes lines 1 to 7 and a blank line follows: INTRO
# starts at line 9, so the first line of `body` is line 13.
FIRST = 13


def test_script_is_reported_at_its_line_and_column(tmp_path):
    assert unsafe(tmp_path, "Say thank you. <script>alert(1)</script>\n") == [
        (FIRST, 16, "<script> is not allowed in content, because it could run code in a "
                    "reader's browser.", ASK)]


def test_the_text_output_reads_as_the_contract_says(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        body=INTRO + "<script>alert(1)</script>\n")})
    code, out, _ = run(root, "check", "--today", TODAY)
    assert code == 1
    assert (f"content/guides/a.md:{FIRST}:1: error CP107 unsafe-content: <script> is not "
            "allowed in content, because it could run code in a reader's browser.\n"
            f"    What to do: {ASK}") in out


@pytest.mark.parametrize("html, why, advice", [
    ('<iframe src="https://example.org"></iframe>',
     "it could put another website inside this page", ASK),
    ("<style>p { display: none }</style>", "it could change or hide parts of the page", ASK),
    ('<form action="https://example.org"><input name="pin"></form>',
     "it could collect what readers type and send it somewhere", ASK),
    ('<img src="../media/a.jpg" alt="A photo">',
     "only a few simple tags are allowed in content (<br>, <abbr>, <cite>, <details>, "
     "<summary>, <kbd>, <sub> and <sup>)",
     "Use Markdown for pictures instead: ![what the picture shows](../media/file.jpg)"),
    ('<a href="https://example.org">a site</a>',
     "only a few simple tags are allowed in content (<br>, <abbr>, <cite>, <details>, "
     "<summary>, <kbd>, <sub> and <sup>)",
     "Use Markdown for links instead: [link text](https://example.org/page)"),
    ("<svg/onload=alert(1)>", "it could run code in a reader's browser", ASK),
])
def test_tags_outside_the_safe_list_are_errors(tmp_path, html, why, advice):
    name = html[1:].split(" ")[0].split(">")[0].split("/")[0]
    found = unsafe(tmp_path, f"{html}\n")
    assert found[0] == (FIRST, 1, f"<{name}> is not allowed in content, because {why}.", advice)


def test_the_safe_list_with_harmless_attributes_is_fine(tmp_path):
    body = ('Press <kbd>Ctrl</kbd> and <kbd>P</kbd>.<br>\nH<sub>2</sub>O and 10<sup>th</sup> '
            'with <abbr title="Care Quality Commission" lang="en">CQC</abbr>.\n\n'
            '<details open><summary>More about pay</summary>Pay on the day.</details>\n\n'
            'Read <cite>Fair Pay in Practice</cite> for more.\n')
    assert unsafe(tmp_path, body) == []


def test_event_handlers_and_styles_on_safe_tags_are_errors(tmp_path):
    found = unsafe(tmp_path, 'Read <abbr title="x" onmouseover="alert(1)" style="color:red">'
                             "CQC</abbr>.\n")
    assert found == [
        (FIRST, 6, "The onmouseover attribute on <abbr> is not allowed in content, because it "
                   "could run code in a reader's browser.", 'Remove onmouseover="..." from it.'),
        (FIRST, 6, "The style attribute on <abbr> is not allowed in content, because it could "
                   "change or hide parts of the page.", 'Remove style="..." from it.')]


def test_html_in_code_comments_and_escapes_is_not_reported(tmp_path):
    body = ("Use `<script>` and ``<iframe>`` in code.\n\n"
            "```html\n<script>alert(1)</script>\n```\n\n"
            "    <form action=x></form>\n\n"
            "<!-- coprod-ignore CP302 -->\n<!-- an old <iframe> we took out -->\n"
            "Write &lt;b> for a tag. 3 < 4 and 5 > 2. Mail <me@example.org> or see "
            "<https://example.org>.\n")
    assert unsafe(tmp_path, body) == []


def test_a_backslash_does_not_stop_a_tag(tmp_path):
    # Markdown does not treat \< as an escape, so the page would get a live <b>.
    found = unsafe(tmp_path, "Write \\<b> for a tag.\n")
    assert [f[:3] for f in found] == [
        (FIRST, 8, "<b> is not allowed in content, because only a few simple tags are allowed "
                   "in content (<br>, <abbr>, <cite>, <details>, <summary>, <kbd>, <sub> and "
                   "<sup>).")]


def test_html_indented_under_a_list_item_is_not_code(tmp_path):
    found = unsafe(tmp_path, "- Ask first.\n\n    <script>alert(1)</script>\n")
    assert [f[:2] for f in found] == [(FIRST + 2, 5)]


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
    "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "<javascript:alert(1)>", "vbscript:msgbox(1)",
])
def test_script_addresses_are_errors_however_they_are_disguised(tmp_path, href):
    found = unsafe(tmp_path, f"Read [the guide]({href}) today.\n")
    scheme = "vbscript" if "vb" in href else "javascript"
    assert found == [(FIRST, 6, f"This link uses a {scheme}: address, which could run code in "
                                "a reader's browser.", LINK_ADVICE)]


def test_a_reference_link_is_reported_at_the_address_to_fix(tmp_path):
    found = unsafe(tmp_path, "Read [the guide][g] today.\n\n[g]: javascript:alert(1)\n")
    assert [f[:2] for f in found] == [(FIRST + 2, 1)]


def test_data_image_is_an_error_that_says_where_pictures_go(tmp_path):
    found = unsafe(tmp_path, "![A chart of pay rates](data:image/png;base64,iVBORw0KGgo=)\n")
    assert found == [(FIRST, 1, "This image has a whole file written into its address "
                                "(data:), which could hide a page or script from readers and "
                                "from the checks.",
                      "Save the file in content/media/ and link to it there, like "
                      "![what it shows](../media/file.png).")]


def test_autolink_with_a_script_address_is_an_error(tmp_path):
    found = unsafe(tmp_path, "See <javascript:alert(1)> now.\n")
    assert found == [(FIRST, 5, "This link uses a javascript: address, which could run code "
                                "in a reader's browser.", LINK_ADVICE)]


def test_attribute_lists_cannot_add_handlers_or_script_links(tmp_path):
    body = ('## Pay people {: onclick="alert(1)" }\n\n'
            '[Read more about pay](https://example.org){: href="javascript:alert(1)"}\n\n'
            "Fine words.\n{: #pay .note lang=cy }\n")
    found = unsafe(tmp_path, body)
    assert found == [
        (FIRST, 15, "The onclick attribute on {: ... } is not allowed in content, because it "
                    "could run code in a reader's browser.", 'Remove onclick="..." from it.'),
        (FIRST + 2, 1, "This link uses a javascript: address, which could run code in a "
                       "reader's browser.", LINK_ADVICE)]


def test_hidden_characters_in_the_body(tmp_path):
    found = unsafe(tmp_path, "Ask S\u200bam first.\nThen \u202eyap\u202c them.\nA\x00B.\n"
                             "Emoji 👩\u200d👩\u200d👧 and \u200fRTL marks are fine.\n")
    assert [(f[0], f[1], f[2].split(".")[0]) for f in found] == [
        (FIRST, 6, "There is an invisible character here (zero width space, U+200B)"),
        (FIRST + 1, 6, "There is a hidden character here (right-to-left override, U+202E) "
                       "that makes the text after it display in a different order, so what "
                       "readers see is not what the checks read"),
        (FIRST + 2, 2, "There is a hidden control character (U+0000) here")]
    assert found[0][3] == ("Delete it: retype the words around it. It usually comes from "
                           "copying text out of another program.")


def test_hidden_characters_in_the_title(tmp_path):
    found = unsafe(tmp_path, "Fine.\n", title="Paying\u202e people")
    assert found == [(2, 1, "In 'title': there is a hidden character here (right-to-left "
                            "override, U+202E) that makes the text after it display in a "
                            "different order, so what readers see is not what the checks read.",
                      "Delete it. To mix right-to-left and left-to-right writing, ask a "
                      "maintainer.")]


def test_a_nul_written_as_a_yaml_escape_in_the_title_is_an_error(tmp_path):
    text = page(body=INTRO).replace("title: How to pay people for their time",
                                    'title: "How to pay\\0 people"')
    root = make_site(tmp_path, {"content/guides/a.md": text})
    code, out, _ = run(root, "check", "--today", TODAY)
    assert code == 1
    assert ("content/guides/a.md:2:1: error CP107 unsafe-content: In 'title': there is a "
            "hidden control character (U+0000) here. It can break the page and the news "
            "feed.") in out


def test_right_to_left_writing_and_joiners_in_a_title_are_fine(tmp_path):
    assert unsafe(tmp_path, "Fine.\n", title="Paying people \u200fفي الوقت\u200f 👨\u200d👩") == []


def test_html_in_a_title_is_shown_as_text_not_run(tmp_path):
    html = built_page(tmp_path, BODY, title="Pay <script>alert('x')</script> people")
    assert "<script>alert" not in html
    assert "Pay &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; people" in html


TURNED_OFF = '[tool.coprod.rules]\nCP107 = "off"\nCP601 = "off"\nCP501 = "off"\n'


def test_nothing_unsafe_reaches_the_page_even_with_the_rule_turned_off(tmp_path):
    body = ("Say thank you. <script>alert('s')</script>\n\n"
            '<img src="x" onerror="alert(\'i\')">\n\n'
            '<iframe src="https://example.org/frame"></iframe>\n\n'
            "<style>body { display: none }</style>\n\n"
            '<p style="color:red" onclick="alert(\'p\')">Styled</p>\n\n'
            "[Click me](java&#x09;script:alert('j')) and [data](data:text/html,hi)\n\n"
            '## Heading {: onmouseover="alert(\'h\')" }\n\n'
            "<!-- a secret note -->\n")
    html = built_page(tmp_path, body, pyproject=TURNED_OFF)
    main = html[html.index('<div class="body">'):html.index("</article>")]
    for bad in ("<script", "alert(", "onerror", "onclick", "onmouseover", "<iframe", "<style",
                "style=", "javascript", "data:text", "a secret note"):
        assert bad not in main, bad
    assert "<h2 id=\"heading\">Heading</h2>" in main


def test_headings_keep_their_ids_and_links_their_addresses(tmp_path):
    files = {"content/guides/a.md": page(body=INTRO + "## How to run it\n\n"
                                         "See [the other guide](b.md#pay-on-the-day), "
                                         "[this part](#how-to-run-it), "
                                         "[the law](https://example.org/law) and a note.[^1]\n\n"
                                         "| When | Pay |\n|:--|--:|\n| Day | 20 |\n\n"
                                         "[^1]: A note.\n"),
             "content/guides/b.md": page(title="Another guide",
                                         body="## Pay on the day\n\nPay people on the day.\n")}
    root = make_site(tmp_path, files)
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    html = (root / "public/guides/a/index.html").read_text(encoding="utf-8")
    assert '<h2 id="how-to-run-it">How to run it</h2>' in html
    assert '<a href="/guides/b/#pay-on-the-day">the other guide</a>' in html
    assert '<a href="#how-to-run-it">this part</a>' in html
    assert '<a href="https://example.org/law">the law</a>' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'class="footnote-backref" href="#fnref:1"' in html
    assert '<th class="align-left">When</th>' in html and '<td class="align-right">20</td>' in html


# -- every built page, from every fixture site ---------------------------------------------

HOSTILE = {
    "content/guides/a.md": page(body=INTRO + (
        "Say thank you. <script>alert('s')</script> <SCRIPT SRC=//evil.example/x.js></SCRIPT>\n\n"
        '<img src=x onerror="alert(1)"> <svg/onload=alert(1)> <body onload=alert(1)>\n\n'
        '<a href="javascript:alert(1)">a</a> <a href="  JaVaScRiPt:alert(1)">b</a>\n\n'
        '<iframe srcdoc="<script>alert(1)</script>"></iframe> <object data="x.swf"></object>\n\n'
        '<abbr title="x" onclick="alert(1)">CQC</abbr> <details ontoggle=alert(1) open>x</details>\n\n'
        "[a](java&#x09;script:alert(1)) [b](&#x6A;avascript:alert(1)) [c](vbscript:x) "
        "[d](data:text/html;base64,PHNjcmlwdD4=) ![e](javascript:alert(1))\n\n"
        "[f][ref] <javascript:alert(1)>\n\n[ref]: javascript:alert(2)\n\n"
        '## Heading {: onclick="alert(1)" style="x" }\n\n'
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></math>\n\n"
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>\n\n"
        "![Dana leads a warm-up](../media/logo.svg)\n"),
        title="<script>alert('title')</script>", summary='"><img src=x onerror=alert(1)>'),
    "content/media/logo.svg": ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                               "</script></svg>"),
}
# Scripts the site itself adds: the theme's (search) and, on /admin/ only, the content editor.
THEME_SCRIPTS = ("/assets/", "/pagefind/")
CMS_SCRIPTS = ("https://unpkg.com/netlify-identity-widget@", "https://unpkg.com/decap-cms@", "/admin/admin.js")
EVERYTHING_OFF = ("[tool.coprod.rules]\n" + "".join(
    f'{code} = "off"\n' for code in ("CP107", "CP108", "CP501", "CP503", "CP601", "CP301",
                                     "CP302", "CP304")))


class _Findings(HTMLParser):
    """Scripts the theme did not add, event handlers and script addresses in one page."""

    def __init__(self, allowed_scripts):
        super().__init__(convert_charrefs=True)
        self.allowed_scripts = allowed_scripts
        self.found = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith(self.allowed_scripts):
            self.found.append(f"<script> {values}")
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            address = as_browser_reads(value or "").lower()
            if address.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"{name}={value} on <{tag}>")


def _scan(public):
    found = {}
    pages = sorted(public.rglob("*.html"))
    for path in pages:
        finder = _Findings(THEME_SCRIPTS + (CMS_SCRIPTS if path == public / "admin/index.html"
                                            else ()))
        finder.feed(path.read_text(encoding="utf-8"))
        if finder.found:
            found[path.relative_to(public).as_posix()] = finder.found
    for path in sorted(public.rglob("*.svg")):
        if svg_problems(path.read_bytes(), path.name):
            found[path.name] = ["unsafe svg"]
    return pages, found


def test_no_built_page_from_any_fixture_site_has_scripts_handlers_or_script_links(tmp_path):
    tests = Path(__file__).resolve().parent
    hostile = make_site(tmp_path / "hostile", HOSTILE, pyproject=EVERYTHING_OFF)
    sites = [hostile, tests / "browser" / "fixture_site", tests.parent]
    for number, root in enumerate(sites):
        out = tmp_path / f"out-{number}"
        code, stdout, stderr = run(root, "build", "--today", TODAY, "--drafts", "--no-cache",
                                   "--out", out)
        assert code == 0, f"{root}: {stdout}{stderr}"
        pages, found = _scan(out)
        assert len(pages) > 5
        assert found == {}, root
    hostile_page = (tmp_path / "out-0/guides/a/index.html").read_text(encoding="utf-8")
    assert "alert(" not in hostile_page.split('<div class="body">')[1].split("</article>")[0]
    assert not (tmp_path / "out-0/media/logo.svg").exists()


def test_an_ignore_comment_cannot_turn_cp107_off(tmp_path):
    found = unsafe(tmp_path, "<!-- coprod-ignore CP107 -->\n<script>alert(1)</script>\n")
    assert [f[:2] for f in found] == [(FIRST + 1, 1)]


def test_a_flood_of_problems_is_listed_up_to_fifty_then_counted(tmp_path):
    found = unsafe(tmp_path, "<script>alert(1)</script>\n" * 120)
    assert len(found) == 51
    assert found[49][:2] == (FIRST + 49, 1)
    assert found[50] == (FIRST + 50, 1, "There are 70 more problems like the ones above from "
                         "here on in this file; they are not listed one by one.",
                         "Fix the ones above, then check the file again. If the text was "
                         "pasted in from somewhere else, check it.")


def test_the_check_sees_the_html_markdown_lets_through(tmp_path):
    # The backtick on the first line is never closed, so "<p>" starts an HTML block that runs
    # to the end: the page would hold a live <img> with no alt text.
    body = ("Some code runs over two lines, like `one two\n<p>` here.\n\n"
            'Use `<img src="photo.png">` to show a picture.\n')
    assert [f[:3] for f in unsafe(tmp_path, body)] == [
        (FIRST + 1, 1, "<p> is not allowed in content, because only a few simple tags are "
                       "allowed in content (<br>, <abbr>, <cite>, <details>, <summary>, <kbd>, <sub> "
                       "and <sup>)."),
        (FIRST + 3, 6, "<img> is not allowed in content, because only a few simple tags are "
                       "allowed in content (<br>, <abbr>, <cite>, <details>, <summary>, <kbd>, <sub> "
                       "and <sup>).")]


def test_a_marked_section_that_is_not_cdata_is_read_as_a_browser_reads_it(tmp_path):
    # The standard library's HTML parser stops with an AssertionError on `<![alt]`; a
    # browser reads a bogus comment, and the check goes on to the tags after it.
    found = unsafe(tmp_path, "<p>\\<![alt]> then <b>bold</b>\n")
    assert [(message.split(" is not allowed")[0]) for _, _, message, _ in found] == [
        "<p>", "<b>"]


def test_an_attribute_list_in_code_is_only_text(tmp_path):
    body = ("Write `{: onclick=\"x\" }` after a heading to add a handler, which the hub refuses.\n\n"
            "```\n## Heading {: style=\"color:red\" }\n```\n\n"
            "Some code runs over two lines, like `one\n{: onclick=\"y\" }` here.\n\n"
            "## Real {: onclick=\"z\" }\n")
    found = unsafe(tmp_path, body)
    assert found == [(FIRST + 9, 9, "The onclick attribute on {: ... } is not allowed in "
                                    "content, because it could run code in a reader's "
                                    "browser.", 'Remove onclick="..." from it.')]
