"""The search index: Pagefind, fed each page's HTML from memory while the site is written.

Pagefind reads only the part of each page marked `data-pagefind-body` (a resource or content
page; never listings, drafts or navigation), less the labels marked `data-pagefind-ignore` and
table headers, so an excerpt is the page's own words; it keeps the `data-pagefind-filter`
values (kind, topic) and `data-pagefind-meta` (kind, topics) that a result shows. Withdrawn
pages are never rendered, so they can never be indexed. Pagefind runs in processes of its own
while Python renders and writes the pages and media (see `SearchIndexer`); the index is
written into the temporary output folder before the swap, so a failed index leaves the live
site as it was.

The Pagefind processes are driven by `site.pagefind`; this module decides which pages go to
which shard, when, and what is kept.

The finished index is kept in `.coprod-cache/search/`, keyed by a SHA-256 of every indexed
page (URL and HTML) and the Pagefind version: a build whose indexed text did not change
copies it instead of asking Pagefind again.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import functools
import hashlib
import json
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Iterable, Iterator

from coprod_site.site.pagefind import (BODY_MARK, INDEX_CONFIG, Batch, PagefindMissing,
                                       PagefindStopped, PagefindUnanswering, SearchIndexError,
                                       what_pagefind_reads)
from coprod_site.write import search_index_problem

SHARD_PAGES = 100                                # pages to a search index shard
MANIFEST = "coprod-kept.json"                    # a kept shard's files and their SHA-256


class SearchIndexer:
    """Indexes pages as they are rendered; `finish(folder)` writes the index there.

        indexer = SearchIndexer(paths, cache_dir, processes, into)
        indexer.add(path, html, key)       # each page, as it is rendered
        indexer.rendered()                 # every page is given
                                           # (or both: `index_each(files, keys)`)
        indexer.finish(out / "pagefind")   # or indexer.abandon(), if the build stops

    `paths`: the site paths ("/guides/x/") of the pages to search, the published pages; any
    other page is left out, whatever the theme marks. Of those, Pagefind reads the pages the
    theme marks. `processes`: Pagefind processes at most (None: one a core). `into`: the
    folder `finish` will be given, when it is known at the start; each shard's files are
    written there as Pagefind hands them over, instead of being kept in memory until `finish`.

    Shards: the pages make max(1, ceil(len(paths) / SHARD_PAGES)) Pagefind indexes, a page's
    shard fixed by a hash of its address (`shard_of`); shard 0 is `pagefind/` itself, shard n
    is `pagefind/shard-n/` (no scripts of its own), and `pagefind/indexes.json` lists the
    others for `search.js` to merge (Pagefind's `mergeIndex`, which shares the first index's
    WebAssembly). Each shard is cached on its own, so editing one page indexes about
    `SHARD_PAGES` pages again, not the whole site; the shards to index are shared among one
    Pagefind process a core, which index at once.

    When the cache holds no shard at all (a first build, or `--no-cache`), each page goes to
    Pagefind as soon as it is rendered, so indexing overlaps rendering, and is not kept; a
    shard's files are asked for as soon as its last page is given (the render stage gives
    pages in `shard_of` order, so most shards are done while the rest render). Otherwise a
    shard's pages wait until its last page is given, when its cache key is known, and go to
    Pagefind then only if no index is kept for it. Either way each shard gets its pages in
    the order they were rendered, so both ways give the same index.
    """

    def __init__(self, paths: Iterable[str], cache_dir: Path | None = None,
                 processes: int | None = None, into: Path | None = None):
        self.unseen = set(paths)                # the pages to search not given yet
        self.shards: list[list[tuple[str, str]]] = \
            [[] for _ in range(max(1, -(-len(self.unseen) // SHARD_PAGES)))]  # (path, SHA-256)
        self.left = [0] * len(self.shards)      # pages of each shard not given yet
        for path in self.unseen:
            self.left[self.shard_of(path)] += 1
        self.cache_dir, self.into = cache_dir, into
        self.processes = min(len(self.shards), processes or os.cpu_count() or 1)
        self.batches: list[Batch] = []
        self.cached: list[Path | None] = [None] * len(self.shards)   # each shard's kept index
        self.decided: set[int] = set()          # shards whose key is known
        self.todo: list[int] = []               # shards for Pagefind
        self.waiting: dict[str, str] = {}       # path -> HTML, until its shard's key is known
        self.built: dict[int, list[dict]] = {}  # shard -> files, when there is no `into`
        self.lock = _shared_lock(cache_dir)     # kept shards are read: none is removed
        if cache_dir is None or not any((cache_dir / "search").glob("*/pagefind-entry.json")):
            self.todo = list(range(len(self.shards)))
            self.batches = [Batch(self.todo[i::self.processes], self._deliver)
                            for i in range(self.processes)]
        self.streaming = bool(self.batches)

    def shard_of(self, path: str) -> int:
        return _shard_of(path, len(self.shards))

    def add(self, path: str, html, key: str = "") -> None:
        """`key`: the page's key in the rendered-pages cache (the same key, the same HTML),
        which saves hashing the page for its shard's key; "" to hash it."""
        if path not in self.unseen:
            return
        self.unseen.remove(path)
        shard = self.shard_of(path)
        self.left[shard] -= 1
        if isinstance(html, str) and BODY_MARK in html:
            digest = (key or hashlib.sha256(html.encode("utf-8")).hexdigest()) \
                if self.cache_dir else ""
            self.shards[shard].append((path, digest))
            html = what_pagefind_reads(html)
            if self.streaming:
                self.batches[shard % self.processes].add(shard, path, html)
            else:
                self.waiting[path] = html
        if not self.left[shard]:
            if self.streaming:
                self.batches[shard % self.processes].shard_done(shard)
            else:
                self._decide(shard)

    def _decide(self, shard: int) -> None:
        """With a kept index, once a shard has all its pages: unless an intact index is kept
        for it, it goes to Pagefind now, while the rest of the site renders."""
        self.decided.add(shard)
        self.cached[shard] = self._cache_folder(self.cache_dir, self.shards[shard])
        pages = [(path, self.waiting.pop(path)) for path, _ in self.shards[shard]]
        if _intact(self.cached[shard]):
            return
        if len(self.batches) < self.processes:
            self.batches.append(Batch([], self._deliver))
        batch = self.batches[len(self.todo) % len(self.batches)]
        self.todo.append(shard)
        for path, html in pages:
            batch.add(shard, path, html)
        batch.shard_done(shard)

    def index_each(self, files: Iterable[tuple[str, str | bytes]], keys: dict[str, str]
                   ) -> Iterator[tuple[str, str | bytes]]:
        """`files` (site path, content) as they pass, each page `add`ed with its key in
        `keys` (filled as they are rendered); after the last, `rendered()`."""
        for path, data in files:
            self.add(path, data, keys.get(path, ""))
            yield path, data
        self.rendered()

    def _deliver(self, shard: int, files: list[dict]) -> None:
        if self.into is None:
            self.built[shard] = files
        else:
            _write_files(self.into / shard_folder(shard), files, scripts=shard == 0)

    def rendered(self) -> None:
        """Every page is given: every shard not asked for yet is asked for. With
        no page to search, there is no index at all (the search page then lists every
        resource, as it does without JavaScript), not an empty one that never answers."""
        if not any(self.shards):
            self.abandon()
            self.shards, self.batches, self.todo = [], [], []
            return
        if self.streaming:
            self.cached = [self._cache_folder(self.cache_dir, shard) for shard in self.shards]
        else:
            for shard in sorted(set(range(len(self.shards))) - self.decided):
                self._decide(shard)      # some of its pages were never given
        for batch in self.batches:
            batch.close()

    def abandon(self) -> None:
        """End every Pagefind process without an index (the build stopped)."""
        for batch in self.batches:
            batch.abandon()
        self._unlock()

    def _unlock(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None

    @staticmethod
    def _cache_folder(cache_dir: Path | None, shard: list[tuple[str, str]]) -> Path | None:
        if cache_dir is None:
            return None
        digest = hashlib.sha256(f"{_pagefind_version()} {INDEX_CONFIG}".encode())
        for url, page in sorted(shard):
            digest.update(f"\0{url}\0{page}".encode("utf-8"))
        return cache_dir / "search" / digest.hexdigest()

    @property
    def pending(self) -> bool:
        """Is Pagefind still to be asked (no cached index for some of these pages)?"""
        return bool(self.batches)

    def finish(self, folder: Path) -> None:
        """Write the index into `folder` (normally `<output>/pagefind`, the `into` it was
        given if any), if there is one."""
        if not self.shards:
            return
        problems = []
        for batch in self.batches:                  # each waited for and closed, come what may
            try:
                batch.wait()
            except (OSError, SearchIndexError) as error:
                problems.append(error)
        full = [e for e in problems if getattr(e, "errno", None) in (errno.ENOSPC, errno.EDQUOT)]
        if full:
            raise full[0]                           # a full disk: the write stage says so
        whole = [e for e in problems
                 if isinstance(e, (PagefindMissing, PagefindStopped, PagefindUnanswering))]
        if whole:
            raise whole[0]                          # said whole, as it is
        if problems:
            raise _unwritten(folder, problems[0])
        for n, cached in enumerate(self.cached):
            target = folder / shard_folder(n)
            try:
                if n in self.built:
                    _write_files(target, self.built.pop(n), scripts=n == 0)
                elif n not in self.todo:
                    _copy(cached, target)
            except OSError as error:
                if error.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise                       # a full disk: the write stage says so
                raise _unwritten(folder, error) from None
        if not (folder / "pagefind.js").is_file():
            raise SearchIndexError("Pagefind ran but wrote no search index. Nothing was published.")
        self._keep(folder)
        self._unlock()
        (folder / "indexes.json").write_text(json.dumps(
            [f"/pagefind/{shard_folder(n)}" for n in range(1, len(self.shards))]))

    def _keep(self, folder: Path) -> None:
        """Keep each shard's index for the next build with the same pages in it, and drop
        the shards this build did not use, unless another build is running, which may be
        copying them (builds of one site into two folders, or `serve` and `build`); only a
        complete index is kept (a full disk can leave Pagefind's files empty)."""
        if self.cached[0] is None:
            return
        try:
            for n in self.todo:
                source, cached = folder / shard_folder(n), self.cached[n]
                if search_index_problem(source) or _intact(cached):  # or another kept it
                    continue
                partial = cached.with_name(f".{cached.name}.{os.getpid()}")
                shutil.rmtree(partial, ignore_errors=True)
                _copy(source, partial)
                (partial / MANIFEST).write_text(json.dumps(
                    {p.relative_to(partial).as_posix(): _digest(p)
                     for p in sorted(partial.rglob("*")) if p.is_file()}))
                shutil.rmtree(cached, ignore_errors=True)             # a damaged one
                os.rename(partial, cached)      # whole or not at all, even if killed
            if self.lock is None or not _only_build(self.lock):
                return
            used = {cached.name for cached in self.cached}
            for old in self.cached[0].parent.iterdir():
                if old.name not in used:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def _shared_lock(cache_dir: Path | None) -> int | None:
    """A shared lock on `<cache>/search.lock` (its descriptor), held while a build may read
    kept shards; None without a cache, or where locks cannot be had."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock = os.open(cache_dir / "search.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        os.close(lock)
        return None
    return lock


def _only_build(lock: int) -> bool:
    """Is this the only build holding the lock (which it then holds alone)?"""
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _intact(cached: Path | None) -> bool:
    """Is a kept shard whole: every file it had when it was kept, with the same bytes? (A
    file deleted or changed in the cache, or in a site's `pagefind/`, whose files are links
    to the same data, makes Pagefind index the shard again.)"""
    if cached is None:
        return False
    try:
        kept = json.loads((cached / MANIFEST).read_text(encoding="utf-8"))
        return bool(kept) and all(_digest(cached / rel) == digest for rel, digest in kept.items())
    except (OSError, ValueError, AttributeError, TypeError):
        return False


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shard_folder(n: int) -> str:
    """Shard n's folder inside `pagefind/` ("" for the first)."""
    return f"shard-{n}/" if n else ""


def _shard_of(url: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:4], "big") % count


def _copy(source: Path, target: Path) -> None:
    """Copy an index folder (not the shards inside the first, nor `indexes.json` or the
    manifest), as hard links where the file system allows (the files are never changed in
    place, only replaced). A failure is the system's own error (a full disk says so), not
    `shutil.copytree`'s list of them. Each folder is made once (a shard has a thousand files
    in a few folders)."""
    for folder, folders, names in os.walk(source, onerror=_raise):
        here = target / os.path.relpath(folder, source)
        if folder == str(source):
            folders[:] = [name for name in folders if not name.startswith("shard-")]
            names = [name for name in names if not name.startswith("shard-")]
        here.mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            if name in ("indexes.json", MANIFEST):
                continue
            try:
                os.link(os.path.join(folder, name), here / name)
            except OSError:
                shutil.copy2(os.path.join(folder, name), here / name)


def _raise(error: OSError) -> None:
    raise error


def _write_files(folder: Path, files: list[dict], scripts: bool = True) -> None:
    """Write the index Pagefind handed back (`{path, content}` with base64 content). We write
    it ourselves: Pagefind's own WriteFiles answers before its last file is on disk. A shard
    after the first gets no scripts or styles: the first one's are used. Paths are checked
    as text (`folder` is new, made by this build, so no link inside it can lead out)."""
    made: set[str] = set()
    for item in files:
        rel = posixpath.normpath(item["path"])
        if rel.startswith(("/", "../")) or rel in (".", ".."):
            raise SearchIndexError(f"Pagefind named a file outside the index: {item['path']}")
        if not scripts and rel.endswith((".js", ".css")):
            continue
        parent = posixpath.dirname(rel)
        if parent not in made:
            (folder / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        (folder / rel).write_bytes(base64.b64decode(item["content"]))


def _unwritten(folder: Path, error: Exception) -> SearchIndexError:
    return SearchIndexError(f"The search index could not be written into {folder} "
                            f"({_plain(error)}). Nothing was published.",
                            f"the index could not be written ({_plain(error)})")


def _plain(error: Exception) -> str:
    """Pagefind's failure in words: a system error by its name, else what Pagefind said."""
    code = re.search(r"Os \{ code: (\d+)", str(error))
    if code:
        return os.strerror(int(code.group(1)))
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"Pagefind said: {' '.join(str(error).split())[:300]}"


@functools.cache
def _pagefind_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"
