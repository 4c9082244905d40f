"""Screenshots for people to look at: home, a case study, search and 404, on a phone (375 px)
and a desktop (1280 px), in light and dark mode. Written to test-artifacts/screenshots/."""

import pytest

from conftest import SCREENSHOTS

PAGES = {"home": "/", "case-study": "/case-studies/rugby-club/", "search": "/search/",
         "404": "/this-page-does-not-exist/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(fixture_site, browser, width, scheme):
    folder = SCREENSHOTS / "fixture"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        for name, path in PAGES.items():
            response = page.goto(fixture_site.url(path))
            assert response.status == (404 if name == "404" else 200)
            if name == "search":
                page.wait_for_selector("#search-form:not([hidden])")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide on a {width} px screen"
            target = folder / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 1000
    finally:
        context.close()
