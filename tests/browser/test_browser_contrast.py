"""Contrast in both colour schemes: one page of every template meets WCAG's enhanced contrast
(7:1 for body text, 4.5:1 for large text), in light and in dark mode, as axe-core measures it
in Chromium. (The main axe run checks 4.5:1 on every page.)"""

import pytest

from browser_tools import axe_runner, describe

RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "color-contrast-enhanced"]},
         "resultTypes": ["violations"]}
ONE_OF_EACH = ["/", "/guides/", "/guides/page/2/", "/guides/starting-out/",
               "/guides/starting-out-easy-read/", "/case-studies/rugby-club/", "/topics/",
               "/topics/sport/", "/audiences/staff/", "/glossary/", "/search/", "/about/",
               "/croeso/", "/404.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_seven_to_one_in_light_and_dark(fixture_site, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    try:
        for path in ONE_OF_EACH:
            page.goto(fixture_site.url(path))
            found = axe_runner().run(page, options=RULES).response["violations"]
            if found:
                problems[path] = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3],
                                   "why": v["nodes"][0]["any"][0]["message"]} for v in found]
    finally:
        context.close()
    assert not problems, f"Contrast below 7:1 in {scheme} mode:\n{describe(problems)}"
