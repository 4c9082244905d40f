"""Pictures, highlighted code and callouts as Chromium shows them, on the fixture's check-in
toolkit (a captioned photo 2000 px wide, a tip, an "Important" alert and a YAML template)
and its Easy Read guide (three pictures). Screenshots at 375 and 1280 px, light and dark,
go to test-artifacts/screenshots/fixture/toolkit-*.png for people to look at."""

import pytest
from playwright.sync_api import expect

from browser_tools import REPO

TOOLKIT = "/toolkits/check-in/"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots" / "fixture"
IMAGE = """() => { const img = document.querySelector('.body figure picture img');
  const source = img.parentElement.querySelector('source');
  return {srcset: img.getAttribute('srcset'), sizes: img.getAttribute('sizes'),
          width: img.getAttribute('width'), height: img.getAttribute('height'),
          loading: img.getAttribute('loading'), webp: source && source.type,
          webpSrcset: source && source.getAttribute('srcset'),
          shown: img.currentSrc.split('/').pop(), loaded: img.complete && img.naturalWidth,
          box: [Math.round(img.getBoundingClientRect().width), Math.round(img.getBoundingClientRect().height)],
          caption: img.closest('figure').querySelector('figcaption').textContent}; }"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_a_photo_comes_in_sizes_with_webp_its_size_and_its_caption(fixture_site, tab, phone):
    tab.goto(fixture_site.url(TOOLKIT))
    wide = tab.evaluate(IMAGE)
    assert wide["webp"] == "image/webp"
    assert [entry.split()[1] for entry in wide["webpSrcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert [entry.split()[1] for entry in wide["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert (wide["width"], wide["height"]) == ("1600", "1067")
    assert wide["sizes"] and wide["loading"] is None          # the first picture loads at once
    assert wide["caption"] == "Set the chairs out before people arrive."
    assert wide["loaded"] and wide["shown"].startswith("meeting-room-960.") \
        and wide["shown"].endswith(".webp")
    assert abs(wide["box"][0] / wide["box"][1] - 1600 / 1067) < 0.02
    phone.goto(fixture_site.url(TOOLKIT))
    small = phone.evaluate(IMAGE)
    assert small["shown"].startswith("meeting-room-480.") and small["box"][0] <= 375 - 32
    assert not tab.csp_errors, tab.csp_errors


def test_the_space_for_a_picture_is_kept_before_it_loads(fixture_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/media/**", lambda route: None)     # pictures are asked for, never arrive
    try:
        page.goto(fixture_site.url(TOOLKIT), wait_until="domcontentloaded")
        page.wait_for_function("() => getComputedStyle(document.querySelector('.body figure img'))"
                               ".maxWidth === '100%'")          # the stylesheet has arrived
        width, height = page.evaluate("() => { const r = document.querySelector('.body figure img')"
                                      ".getBoundingClientRect(); return [r.width, r.height]; }")
        assert 100 < width < 1280 and abs(width / height - 1600 / 1067) < 0.02
    finally:
        context.close()


def test_pictures_after_the_first_load_lazily(fixture_site, tab):
    tab.goto(fixture_site.url("/guides/starting-out-easy-read/"))
    assert tab.eval_on_selector_all(".body picture img", "els => els.map(e => e.loading)") == \
        ["auto", "lazy", "lazy"]
    assert tab.eval_on_selector_all(".body picture img", "els => els.map(e => e.sizes)") == \
        ["9rem"] * 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_code_has_colours_from_the_stylesheet_only(fixture_site, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(fixture_site.url(TOOLKIT))
        code = page.locator(".body .codehilite code.language-yaml")
        assert code.count() == 1
        assert page.eval_on_selector_all(".body .codehilite [style]", "els => els.length") == 0
        colours = page.evaluate("""() => ({
          key: getComputedStyle(document.querySelector('.codehilite .nt')).color,
          comment: getComputedStyle(document.querySelector('.codehilite .c1')).fontStyle,
          text: getComputedStyle(document.querySelector('.codehilite code')).color})""")
        assert colours["key"] != colours["text"] and colours["comment"] == "italic"
        assert not errors, errors
    finally:
        context.close()


def test_callouts_are_notes_named_by_their_visible_titles(fixture_site, tab):
    tab.goto(fixture_site.url(TOOLKIT))
    expect(tab.locator(".body")).to_match_aria_snapshot("""
      - heading "How to run it" [level=2]
      - list
      - 'note "Tip: Keep it short"':
        - paragraph: "Tip: Keep it short"
        - paragraph: One or two words is fine. Thank each person when they finish.
      - note "Important":
        - paragraph: Important
        - paragraph: Nobody has to say why they feel the way they do.
      - heading "The questions" [level=2]
    """, timeout=2000)
    assert tab.locator(".callout-title").evaluate_all(
        "els => els.map(e => getComputedStyle(e).fontWeight)") == ["700", "700"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_a_page_with_a_picture_code_and_callouts(fixture_site, browser, width, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(fixture_site.url(TOOLKIT))
        page.evaluate("() => Promise.all(Array.from(document.images).map(i => i.decode()))")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("() => { const pre = document.querySelector('.codehilite pre');"
                             " return pre.scrollWidth <= pre.clientWidth; }"), "code scrolls sideways"
        target = SCREENSHOTS / f"toolkit-{width}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000
    finally:
        context.close()
