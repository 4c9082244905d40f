"""Keyboard use: the skip link comes first and moves focus to main; every link and control
shows a visible focus style; Tab never gets stuck; the content-warning skip link works."""

import pytest

from browser_tools import focus_problems, skip_link_problems

PAGES = ["/", "/guides/", "/guides/page/2/", "/guides/starting-out/",
         "/guides/starting-out-easy-read/", "/case-studies/rugby-club/", "/search/",
         "/glossary/", "/topics/", "/404.html"]


@pytest.mark.parametrize("path", PAGES)
def test_skip_link_first_and_focus_visible_everywhere(fixture_site, tab, path):
    def open_page():
        tab.goto(fixture_site.url(path))
        if path == "/search/":
            tab.wait_for_selector("#search-form:not([hidden])")

    open_page()
    assert skip_link_problems(tab) == []
    open_page()
    assert focus_problems(tab) == []


def test_content_warning_skip_link_moves_past_the_body(fixture_site, tab):
    tab.goto(fixture_site.url("/guides/starting-out/"))
    warning = tab.locator(".content-warning")
    assert "money worries" in warning.inner_text()
    body_top = tab.eval_on_selector(".body", "el => el.getBoundingClientRect().top")
    warning_top = warning.evaluate("el => el.getBoundingClientRect().top")
    assert warning_top < body_top, "the content warning must come before the body"
    warning.get_by_role("link").focus()
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "after-content"
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.closest('.after-content') !== null")
