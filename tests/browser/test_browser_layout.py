"""Layout on a phone and a desktop: the compact header and its Menu disclosure, the details
box of a resource page, "Edit this page" links, the favicon, and the glossary's A to Z."""

import pytest

from browser_tools import RESOURCE_PATH

PHONE = {"width": 375, "height": 800}
HEADER_MAX = 80       # px at 375 px wide (issue 15; it was about 145)
FACTS_MAX = 160       # px at 375 px wide (it was about 330)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", ["fixture", "content"])
def test_on_a_phone_the_header_and_details_box_are_compact(request, phone, name):
    site = request.getfixturevalue(f"{name}_site")
    resources = [p for p in site.paths if RESOURCE_PATH.match(p)]
    assert resources
    tall = {}
    for path in ["/", "/search/", "/glossary/", *resources]:
        phone.goto(site.url(path))
        header = phone.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")
        if header > HEADER_MAX:
            tall[path] = f"header {header:.0f} px"
        if path in resources:
            facts = phone.eval_on_selector(".facts", "e => e.getBoundingClientRect().height")
            if facts > FACTS_MAX:
                tall[path] = f"details box {facts:.0f} px"
    assert tall == {}


def test_each_fact_keeps_its_label_on_the_line_of_its_first_value(phone, fixture_site):
    phone.goto(fixture_site.url("/guides/starting-out/"))
    rows = phone.eval_on_selector_all(".facts > div", """els => els.map(row => {
        const dt = row.querySelector('dt').getBoundingClientRect();
        const first = row.querySelector('dd').getClientRects()[0];
        return [row.querySelector('dt').textContent, Math.abs(dt.top - first.top) < 4]; })""")
    assert rows == [["Topics", True], ["For", True], ["Updated", True]]


@pytest.mark.parametrize("scripts", [True, False])
def test_the_menu_opens_on_a_phone_without_javascript(browser, fixture_site, scripts):
    context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)
    page = context.new_page()
    try:
        page.goto(fixture_site.url("/guides/starting-out/"))
        links = page.locator("nav[aria-label=Main] a")
        assert links.count() == 6 and not links.first.is_visible()
        summary = page.locator(".site-header summary")
        assert summary.inner_text() == "Menu"
        summary.focus()
        page.keyboard.press("Enter")
        assert [links.nth(i).is_visible() for i in range(6)] == [True] * 6
        assert page.locator("nav[aria-label=Main] a[aria-current]").inner_text() == "Guides"
    finally:
        context.close()


def test_on_a_desktop_every_link_shows_without_a_menu_button(tab, fixture_site):
    tab.goto(fixture_site.url("/"))
    assert not tab.locator(".site-header summary").is_visible()
    links = tab.locator("nav[aria-label=Main] a")
    assert [links.nth(i).is_visible() for i in range(links.count())] == [True] * 6
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(6)}
    assert len(tops) == 1                    # one row
    assert tab.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height") <= 80


def test_edit_links_go_to_the_editor_and_never_to_a_case_studys_file(fixture_site, tab):
    def edit_links(path):
        tab.goto(fixture_site.url(path))
        return tab.eval_on_selector_all(".edit-links a", "els => els.map(a => [a.textContent, "
                                        "a.getAttribute('href')])")
    assert edit_links("/guides/starting-out/") == [
        ["Edit this page", "/admin/#/collections/guides/entries/starting-out"],
        ["edit its Markdown file", "https://github.com/example/fixture-hub/edit/main/"
                                   "content/guides/starting-out.md"]]
    assert edit_links("/case-studies/rugby-club/") == [
        ["Edit this page", "/admin/#/collections/case-studies/entries/rugby-club"]]
    assert edit_links("/about/") == [
        ["Edit this page", "/admin/#/collections/pages/entries/about"],
        ["edit its Markdown file", "https://github.com/example/fixture-hub/edit/main/"
                                   "content/pages/about.md"]]


def test_the_favicon_loads_and_no_request_fails(tab, fixture_site):
    failed = []
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ["/", "/guides/starting-out/", "/case-studies/rugby-club/", "/glossary/"]:
        tab.goto(fixture_site.url(path))
        tab.wait_for_load_state("networkidle")
    icons = tab.eval_on_selector_all("link[rel~=icon]", "els => els.map(e => e.href)")
    assert len(icons) == 2
    for url in [*icons, fixture_site.url("/favicon.ico")]:
        response = tab.request.get(url)
        assert response.status == 200 and response.headers["content-type"].startswith("image/")
    assert failed == []


def test_the_glossary_jumps_to_each_letter(tab, fixture_site):
    tab.goto(fixture_site.url("/glossary/"))
    nav = tab.locator("nav[aria-label='Words by first letter']")
    letters = nav.locator("a").all_inner_texts()
    terms = tab.locator("dl.glossary dt").all_inner_texts()
    assert letters == sorted({t[0].upper() for t in terms}) == ["C", "E", "L"]
    tab.set_viewport_size({"width": 1280, "height": 300})
    for letter in letters:
        nav.get_by_role("link", name=letter, exact=True).click()
        assert tab.url.endswith(f"#letter-{letter.lower()}")
        heading = tab.locator(f"#letter-{letter.lower()}")
        assert heading.inner_text() == letter
        assert heading.evaluate("e => e.tagName") == "H2"
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 100, f"{letter} is {top} px from the top after the jump"
        first = heading.locator("xpath=following-sibling::dl[1]/dt[1]").inner_text()
        assert first[0].upper() == letter
        tab.evaluate("window.scrollTo(0, 0)")
