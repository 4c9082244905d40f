"""site/search.py: Pagefind indexes only the marked body of pages, or fails with a clear message."""

import gzip

import pytest

from coprod_site.site.search import SearchIndexError, index_search

PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Navigation words</nav>{body}</body></html>"""


def test_only_pages_with_a_marked_body_are_indexed(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(PAGE.format(
        title="Paying people", body='<main data-pagefind-body><h1>Paying people</h1>'
        '<p data-pagefind-filter="kind">Guide</p><p>Pay people on the day.</p></main>'))
    (tmp_path / "index.html").write_text(PAGE.format(title="Home", body="<main>Listing</main>"))
    index_search(tmp_path)
    fragments = list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(fragments) == 1
    text = gzip.decompress(fragments[0].read_bytes())
    assert b"Pay people on the day" in text and b'"kind":["Guide"]' in text
    assert b"Navigation words" not in text


def test_a_folder_pagefind_cannot_index_is_a_clear_error(tmp_path):
    with pytest.raises(SearchIndexError) as error:
        index_search(tmp_path)
    message = str(error.value)
    assert message.startswith("The search index could not be built: Error: Pagefind was not able "
                              "to build an index.")
    assert message.endswith("Nothing was published.")
