"""Every page with JavaScript off, on a 320 CSS pixel screen (the width of 1280 px at 400% zoom):
content, navigation and landmarks are there, in a sensible order, and nothing scrolls sideways."""

import pytest

from browser_tools import RESOURCE_PATH, describe, nojs_problems


@pytest.fixture
def plain_tab(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def test_every_page_works_without_javascript_at_320_pixels(any_site, plain_tab):
    problems = {}
    for path in any_site.paths:
        plain_tab.goto(any_site.url(path))
        found = nojs_problems(plain_tab)
        order = plain_tab.evaluate("""() => ['.skip-link', 'header', 'main', 'footer']
            .map(s => document.querySelector(s)).every((el, i, all) => i === 0 ||
            (all[i - 1] && el && all[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))""")
        if not order:
            found.append("the skip link, header, main and footer are not in that order")
        if found:
            problems[path] = found
    assert not problems, f"Problems with JavaScript off at 320 px:\n{describe(problems)}"


@pytest.mark.parametrize("name", ["fixture", "content"])
def test_search_page_lists_every_resource_without_javascript(name, request, plain_tab):
    site = request.getfixturevalue(f"{name}_site")
    resources = {p for p in site.paths if RESOURCE_PATH.match(p)}
    plain_tab.goto(site.url("/search/"))
    listed = plain_tab.eval_on_selector_all("#all-resources .card h3 a",
                                            "els => els.map(a => a.getAttribute('href'))")
    assert sorted(listed) == sorted(resources)
    assert plain_tab.is_hidden("#search-form"), "the search form shows, but cannot work without scripts"


def test_print_layout_keeps_the_resource_and_drops_navigation(fixture_site, tab):
    tab.goto(fixture_site.url("/guides/starting-out/"))
    tab.emulate_media(media="print")
    hidden = ["header nav", ".breadcrumbs", ".site-footer", ".skip-link", ".related"]
    assert all(tab.is_hidden(selector) for selector in hidden)
    assert tab.is_visible("h1") and tab.is_visible(".body table") and tab.is_visible(".credits")
    assert "(https://example.org/ladder)" in tab.evaluate(
        "getComputedStyle(document.querySelector('.sources a'), '::after').content").replace('"', "")
