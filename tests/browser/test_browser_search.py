"""Search in the browser: the Pagefind index built by `coprod build`, searched through our
script under the site's real Content-Security-Policy, with kind and topic filters."""

import gzip
import json
import re

import pytest

from browser_tools import RESOURCE_PATH


def results(tab) -> list[str]:
    tab.wait_for_function("() => !/Searching/.test(document.getElementById('search-status').textContent)"
                          " && document.getElementById('search-status').textContent !== ''")
    return tab.eval_on_selector_all("#results-list a", "els => els.map(a => new URL(a.href).pathname)")


@pytest.fixture
def search(fixture_site, tab):
    tab.goto(fixture_site.url("/search/"))
    tab.wait_for_selector("#search-form:not([hidden])")
    return tab


def test_words_find_the_resource_that_uses_them(search):
    search.fill("#search-query", "trust")
    search.press("#search-query", "Enter")
    assert results(search)[0] == "/guides/starting-out/"
    assert "result" in search.inner_text("#search-status")
    assert search.locator("#results-list mark").count() >= 1
    assert search.url.endswith("?q=trust")
    assert not search.csp_errors, search.csp_errors


def test_kind_and_topic_filters(search):
    search.select_option("#search-kind", "Toolkit")
    assert results(search) == ["/toolkits/check-in/"]
    search.select_option("#search-kind", "")
    search.select_option("#search-topic", "Sport")
    assert results(search) == ["/case-studies/rugby-club/"]


def test_a_search_in_the_address_runs_on_load(fixture_site, tab):
    tab.goto(fixture_site.url("/search/?q=buddy"))
    tab.wait_for_selector("#search-form:not([hidden])")
    assert tab.input_value("#search-query") == "buddy"
    assert results(tab) == ["/case-studies/rugby-club/"]


def test_withdrawn_pages_are_not_in_the_index(search, fixture_site):
    search.fill("#search-query", "Jo told us about the club")
    search.press("#search-query", "Enter")
    assert "/case-studies/old-story/" not in results(search)
    search.fill("#search-query", "zzqx")
    search.press("#search-query", "Enter")
    assert results(search) == []
    assert search.inner_text("#search-status").startswith("No results")
    fragments = list((fixture_site.folder / "pagefind" / "fragment").glob("*.pf_fragment"))
    text = b"".join(gzip.decompress(f.read_bytes()) for f in fragments)
    assert b"/guides/starting-out/" in text
    assert b"old-story" not in text and b"Withdrawnstoryword" not in text


def test_only_resource_and_page_bodies_are_indexed(fixture_site):
    fragments = list((fixture_site.folder / "pagefind" / "fragment").glob("*.pf_fragment"))
    text = b"".join(gzip.decompress(f.read_bytes()) for f in fragments)
    resources = [p for p in fixture_site.paths if RESOURCE_PATH.match(p)]
    pages = ["/about/", "/accessibility/", "/croeso/"]
    assert len(fragments) == len(resources) + len(pages)
    assert b"Skip to main content" not in text
    assert b'"kind":["Guide"]' in text and b'"topic":["Getting started","Paying people"]' in text


def test_drafts_are_not_indexed(drafts_site):
    fragments = list((drafts_site.folder / "pagefind" / "fragment").glob("*.pf_fragment"))
    text = b"".join(gzip.decompress(f.read_bytes()) for f in fragments)
    assert b"draft-guide" not in text and b"review-guide" not in text


def test_results_show_kind_and_topics_and_hide_the_plain_list(search):
    assert search.is_visible("#all-resources")
    search.fill("#search-query", "trust")
    search.press("#search-query", "Enter")
    assert results(search) == ["/guides/starting-out/"]
    card = search.locator("#results-list li").first
    assert card.locator(".meta").inner_text() == "Guide · Getting started, Paying people"
    assert not search.is_visible("#all-resources")
    search.fill("#search-query", "")
    search.press("#search-query", "Enter")
    search.wait_for_selector("#all-resources", state="visible")
    assert not search.is_visible("#search-results")


def test_excerpts_are_body_text_not_labels(search):
    """Labels around the body (kind, the details box, content warning, headings of the credits,
    table headers) are left out of the index, so no excerpt starts with them."""
    for words, path in [("trust", "/guides/starting-out/"), ("buddy", "/case-studies/rugby-club/"),
                        ("tea", "/guides/starting-out-easy-read/")]:
        search.fill("#search-query", words)
        search.press("#search-query", "Enter")
        assert path in results(search)
        for excerpt in search.locator("#results-list li > p:not(.meta)").all_inner_texts():
            found = [label for label in ("Guide", "Case study", "Topics", "For:", "Updated",
                                         "Reading time", "Content warning", "Who made this",
                                         "Sources", "How much")
                     if label in excerpt]
            assert found == [], excerpt
    for label in ("much", "edit"):           # only in a table header; only in the edit links
        search.fill("#search-query", label)
        search.press("#search-query", "Enter")
        assert results(search) == [], label


def test_a_search_finds_pages_in_every_shard_of_a_large_site(large_site, tab):
    shards = json.loads((large_site.folder / "pagefind/indexes.json").read_text())
    assert shards == ["/pagefind/shard-1/", "/pagefind/shard-2/"]
    where = {}
    for fragment in large_site.folder.glob("pagefind/**/fragment/*.pf_fragment"):
        text = gzip.decompress(fragment.read_bytes()).decode()
        where[fragment.parent.parent.name] = re.search(r"Its mark is (zq\w+)", text) or \
            where.get(fragment.parent.parent.name)
    assert sorted(where) == ["pagefind", "shard-1", "shard-2"]
    tab.goto(large_site.url("/search/"))
    tab.wait_for_selector("#search-form:not([hidden])")
    for shard, found in sorted(where.items()):
        word = found.group(1)
        number = (ord(word[2]) - 97) * 26 + ord(word[3]) - 97
        tab.fill("#search-query", word)
        tab.press("#search-query", "Enter")
        assert results(tab) == [f"/guides/group-note-{number:03d}/"], shard
    tab.fill("#search-query", "")
    tab.select_option("#search-kind", "Toolkit")
    assert results(tab) == ["/toolkits/check-in/"]
    assert not tab.csp_errors, tab.csp_errors
