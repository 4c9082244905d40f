"""The stages after the checks: render, write, search index, verify, and the swap.

Everything is written into a temporary folder; the live output is replaced only when the
search index is built and the verify stage has read every byte back (see `write`). The
site is never held whole in memory. On a first build (no search index kept from an earlier
one, or `--no-cache`) each page goes to Pagefind and to the write stage as it is rendered,
and Pagefind's index is written as each shard of it comes back. With a kept index, a shard's
key is known once all its pages are rendered, and a changed shard goes to Pagefind then; the
render stage runs up to `RENDER_AHEAD` of pages ahead of the write stage, so that Pagefind
has the changed shards sooner and indexes them while the pages are written (with no lead, a
CI build of 1,000 pages took 0.13 to 0.2 s longer; with every page held, 150 MiB more at
5,000 pages).
"""

from __future__ import annotations

import collections
import os
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from coprod_site.parse import CACHE_FOLDER
from coprod_site.site import render_site
from coprod_site.site.search import SearchIndexer
from coprod_site.verify import verify_output
from coprod_site.write import Output, write_site

RENDER_AHEAD = 16 << 20          # characters of pages rendered before they are written


def publish(config, result, options):
    """Render, write, index, verify and swap into place. Returns the files written, and a
    function that finishes the search index when `options.search_later` let the swap go
    first (`coprod serve`: the page shows at once, search follows), else None."""
    out = options.out or config.root / config.output
    cache = config.root / CACHE_FOLDER if options.cache else None
    searched = [r.url for r in result.plan.published.values() if r.status == "published"]
    output = Output(out, options.builds_again)                  # a temporary folder
    with output.stage():
        output.make_folders(r.url for r in result.plan.published.values())
        search = SearchIndexer(searched, cache, options.jobs,
                               None if options.search_later else output.root / "pagefind")
        try:
            rendered = render_site(config, result.site, result.index, result.plan, options,
                                   order=search.shard_of)
            files = search.index_each(rendered.files, rendered.keys)
            if not search.streaming:
                files = _ahead(files, RENDER_AHEAD)
            write_site(config, replace(rendered, files=files), output, cache)
            later = options.search_later and search.pending
            if not later:
                search.finish(output.root / "pagefind")            # indexed while writing
            verify_output(output, result.site, result.plan, result.index.people)
        except BaseException:
            search.abandon()      # no Pagefind is left running or writing, come what may
            raise
    output.commit()
    if not later:
        return output.written, None
    return output.written, lambda: _index_later(search, Path(out), result)


def _index_later(search, out: Path, result) -> None:
    """Write the index into a hidden folder of the live site, verify it, then move it into
    place (a kill on the way leaves that folder inside the site, which the next build
    replaces whole)."""
    folder = out / f".pagefind-building-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        search.finish(folder)
        verify_output(SimpleNamespace(root=folder), result.site, result.plan,
                      result.index.people)
        os.replace(folder, out / "pagefind")
    except BaseException:
        search.abandon()
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _ahead(files, limit: int):
    """`files` (site path, page) in order, each taken from the render stage once `limit`
    characters of pages wait after it, or once there are no more."""
    waiting: collections.deque = collections.deque()
    size = 0
    for item in files:
        waiting.append(item)
        size += len(item[1])
        while size > limit:
            path, data = waiting.popleft()
            size -= len(data)
            yield path, data
    yield from waiting
