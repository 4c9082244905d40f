"""The search index: Pagefind, fed each page's HTML from memory while the site is written.

Pagefind reads only the part of each page marked `data-pagefind-body` (a resource or content
page; never listings, drafts or navigation), less the labels marked `data-pagefind-ignore` and
table headers, so an excerpt is the page's own words; it keeps the `data-pagefind-filter`
values (kind, topic) and `data-pagefind-meta` (kind, topics) that a result shows. Withdrawn pages are never rendered, so they can never be indexed. The pages go to
Pagefind's own process through its Python API (`pagefind.index.PagefindIndex`) as soon as they
are rendered, so it indexes while Python writes the pages and media; the index is written into
the temporary output folder before the swap, so a failed index leaves the live site as it was.

The finished index is kept in `.coprod-cache/search/`, keyed by a SHA-256 of every indexed
page (URL and HTML) and the Pagefind version: a build whose indexed text did not change
copies it instead of asking Pagefind again.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import threading
from importlib import metadata
from pathlib import Path

TIMEOUT_SECONDS = 300
MARK = "data-pagefind-body"
INDEX_CONFIG = {"exclude_selectors": ["th"]}     # table headers are labels, not text to search


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


class SearchIndexer:
    """Indexes pages as they are given; `finish(folder)` writes the index there.

    Use as `indexer = SearchIndexer(pages, cache_dir)`, then `indexer.finish(out / "pagefind")`.
    `pages` maps a site path ("/guides/x/") to its HTML; only pages marked for Pagefind count.
    """

    def __init__(self, pages: dict[str, str], cache_dir: Path | None = None):
        self.pages = sorted((url, html) for url, html in pages.items()
                            if isinstance(html, str) and MARK in html)
        digest = hashlib.sha256(f"{_pagefind_version()} {INDEX_CONFIG}".encode())
        for url, html in self.pages:
            digest.update(f"\0{url}\0{html}".encode("utf-8"))
        self.cached = cache_dir / "search" / digest.hexdigest() if cache_dir else None
        self.error: BaseException | None = None
        self.thread = None
        if self.cached is None or not (self.cached / "pagefind.js").is_file():
            self.loop = asyncio.new_event_loop()
            self.thread = threading.Thread(target=self.loop.run_forever, name="coprod-search",
                                           daemon=True)
            self.thread.start()
            self.job = asyncio.run_coroutine_threadsafe(self._index(), self.loop)

    async def _index(self):
        from pagefind.index import PagefindIndex
        index = await PagefindIndex(INDEX_CONFIG)._start()
        for url, html in self.pages:
            await index.add_html_file(content=html, url=url)
        return index

    @property
    def pending(self) -> bool:
        """Is Pagefind still to be asked (no cached index for these pages)?"""
        return self.thread is not None

    def finish(self, folder: Path) -> None:
        """Write the index into `folder` (normally `<output>/pagefind`)."""
        if self.thread is None:
            shutil.copytree(self.cached, folder)
            return
        try:
            index = self.job.result(TIMEOUT_SECONDS)
            asyncio.run_coroutine_threadsafe(
                index.write_files(output_path=str(folder)), self.loop).result(TIMEOUT_SECONDS)
            asyncio.run_coroutine_threadsafe(index._service.close(), self.loop).result(30)
        except FileNotFoundError:
            raise SearchIndexError("The search index could not be built: Pagefind is not "
                                   "installed. Run: pip install 'pagefind[bin]'. Nothing was "
                                   "published.") from None
        except Exception as error:            # Pagefind's own failures, of any kind
            raise SearchIndexError(f"The search index could not be built ({error}). "
                                   "Nothing was published.") from None
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)
        if not (folder / "pagefind.js").is_file():
            raise SearchIndexError("Pagefind ran but wrote no search index. Nothing was published.")
        self._keep(folder)

    def _keep(self, folder: Path) -> None:
        """Keep this index for the next build with the same pages; only the newest is kept."""
        if self.cached is None:
            return
        try:
            shutil.rmtree(self.cached.parent, ignore_errors=True)
            shutil.copytree(folder, self.cached)
        except OSError:
            shutil.rmtree(self.cached, ignore_errors=True)


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"
