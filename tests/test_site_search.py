"""site/search.py: Pagefind indexes only the marked body of pages, from memory, keeps the
index for the next build with the same pages, or fails with a clear message."""

import gzip

import pytest

from coprod_site.site.search import SearchIndexer, SearchIndexError

PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Navigation words</nav>{body}</body></html>"""
PAGES = {
    "/guide/": PAGE.format(title="Paying people", body='<main data-pagefind-body><h1>Paying '
                           'people</h1><p data-pagefind-filter="kind">Guide</p><p>Pay people '
                           'on the day.</p></main>'),
    "/": PAGE.format(title="Home", body="<main>Listing</main>"),
}


def test_only_pages_with_a_marked_body_are_indexed(tmp_path):
    SearchIndexer(PAGES).finish(tmp_path / "pagefind")
    fragments = list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(fragments) == 1
    text = gzip.decompress(fragments[0].read_bytes())
    assert b"Pay people on the day" in text and b'"kind":["Guide"]' in text
    assert b'"url":"/guide/"' in text
    assert b"Navigation words" not in text


def test_the_same_pages_reuse_the_index_and_a_change_does_not(tmp_path):
    cache = tmp_path / "cache"
    first = SearchIndexer(PAGES, cache)
    assert first.pending
    first.finish(tmp_path / "one")
    again = SearchIndexer(PAGES, cache)
    assert not again.pending
    again.finish(tmp_path / "two")
    assert sorted(p.name for p in (tmp_path / "two").rglob("*")) == \
        sorted(p.name for p in (tmp_path / "one").rglob("*"))
    changed = SearchIndexer({**PAGES, "/guide/": PAGES["/guide/"].replace("day", "week")}, cache)
    assert changed.pending
    changed.finish(tmp_path / "three")
    text = b"".join(gzip.decompress(f.read_bytes())
                    for f in (tmp_path / "three" / "fragment").glob("*"))
    assert b"on the week" in text


def test_a_folder_pagefind_cannot_write_is_a_clear_error(tmp_path):
    (tmp_path / "taken").write_text("a file where the folder should go")
    with pytest.raises(SearchIndexError) as error:
        SearchIndexer(PAGES).finish(tmp_path / "taken" / "pagefind")
    message = str(error.value)
    assert message.startswith(f"The search index could not be written into {tmp_path}/taken/"
                              "pagefind (")
    assert message.endswith("). Nothing was published.")
