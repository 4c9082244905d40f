"""Each check of this suite must be able to fail: on a deliberately broken page, each one
reports what is wrong, so a check that silently stopped working would show up here."""

import pytest

from browser_tools import (SiteServer, axe_violations, focus_problems, nojs_problems,
                           skip_link_problems, vnu_errors)

BROKEN = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken</title>
<style>.faint { color: #c8c8c8; background: #ffffff; } a.plain:focus { outline: none; }
.wide { width: 2000px; }</style>
</head>
<body>
<a class="plain" href="#nowhere">Skip to main content</a>
<main>
<p class="faint">This text is far too faint to read.</p>
<img src="photo.png">
<p><div>A block inside a paragraph.</div></p>
<ul><p>A paragraph where a list item should be.</p></ul>
<a class="plain" href="/somewhere">A link with no focus style</a>
<div class="wide">Too wide.</div>
</main>
</body>
</html>
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    (folder / "index.html").write_text(BROKEN, encoding="utf-8")
    server = SiteServer(folder)
    yield server, folder
    server.close()


def test_axe_reports_missing_alt_and_low_contrast(broken, tab):
    server, _ = broken
    tab.goto(server.url + "/")
    found = {v["id"] for v in axe_violations(tab)}
    assert {"image-alt", "color-contrast", "page-has-heading-one", "list"} <= found


def test_vnu_reports_invalid_nesting(broken):
    _, folder = broken
    errors = [e for found in vnu_errors([folder / "index.html"]).values() for e in found]
    assert any("No “p” element in scope" in e for e in errors), errors
    assert any("“img” element must have an “alt” attribute" in e for e in errors), errors


def test_focus_check_reports_links_without_a_focus_style(broken, tab):
    server, _ = broken
    tab.goto(server.url + "/")
    problems = focus_problems(tab)
    assert any("no visible focus on a 'A link with no focus style'" in p for p in problems), problems


def test_skip_link_check_reports_a_skip_link_that_goes_nowhere(broken, tab):
    server, _ = broken
    tab.goto(server.url + "/")
    assert skip_link_problems(tab) == ["following the skip link put focus on <a>, not <main>"]


def test_page_check_reports_missing_parts_and_sideways_scrolling(broken, browser):
    server, _ = broken
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server.url + "/")
    problems = nojs_problems(page)
    context.close()
    assert "0 h1 headings (want exactly 1)" in problems
    assert "the main navigation has no links" in problems
    assert "missing landmarks: header, nav, footer" in problems
    assert any(p.startswith("the page scrolls sideways") for p in problems), problems
