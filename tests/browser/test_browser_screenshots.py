"""Screenshots for people to look at: home, a guide, a case study, search (with and without
results) and 404, on a phone (375 px) and a desktop (1280 px), in light and dark mode.
Written to test-artifacts/screenshots/."""

import pytest

from browser_tools import REPO

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


SEARCHED = {"fixture": "trust", "content": "paying"}


def pages(site) -> dict[str, str]:
    def first(kind):
        return next(p for p in site.paths if p.startswith(f"/{kind}/") and p.count("/") == 3
                    and "/page/" not in p)
    return {"home": "/", "guide": first("guides"), "case-study": first("case-studies"),
            "search": "/search/", "search-results": f"/search/?q={SEARCHED[site.name]}",
            "404": "/this-page-does-not-exist/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["fixture", "content"])
def test_screenshots(request, browser, name, width, scheme):
    site = request.getfixturevalue(f"{name}_site")
    folder = SCREENSHOTS / name
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        for shown, path in pages(site).items():
            response = page.goto(site.url(path))
            assert response.status == (404 if shown == "404" else 200)
            if shown.startswith("search"):
                page.wait_for_selector("#search-form:not([hidden])")
            if shown == "search-results":
                page.wait_for_selector("#results-list li")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide on a {width} px screen"
            target = folder / f"{shown}-{width}-{scheme}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 1000
    finally:
        context.close()
