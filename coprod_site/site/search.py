"""The search index: Pagefind, fed each page's HTML from memory while the site is written.

Pagefind reads only the part of each page marked `data-pagefind-body` (a resource or content
page; never listings, drafts or navigation), less the labels marked `data-pagefind-ignore` and
table headers, so an excerpt is the page's own words; it keeps the `data-pagefind-filter`
values (kind, topic) and `data-pagefind-meta` (kind, topics) that a result shows. Withdrawn
pages are never rendered, so they can never be indexed. Pagefind runs in processes of its own
while Python renders and writes the pages and media (see `SearchIndexer`); the index is
written into the temporary output folder before the swap, so a failed index leaves the live
site as it was.

We talk to `pagefind --service` (the binary that ships in the `pagefind[bin]` wheel) with its
documented message format, base64-encoded JSON requests and responses each ended by a comma,
rather than through the package's asyncio wrapper: that wrapper reads at most one answer every
100 ms, which made 1,000 pages take over 100 seconds. Ours sends each page from a thread as
soon as it has it, and reads answers as fast as Pagefind writes them. The index comes back in
memory (GetFiles) and we write it: Pagefind's own WriteFiles answers before its files are
complete, and left empty files behind when the process ended.

The finished index is kept in `.coprod-cache/search/`, keyed by a SHA-256 of every indexed
page (URL and HTML) and the Pagefind version: a build whose indexed text did not change
copies it instead of asking Pagefind again.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import hashlib
import json
import os
import posixpath
import queue
import re
import shutil
import subprocess
import threading
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from coprod_site.write import search_index_problem

TIMEOUT_SECONDS = 300
MARK = "data-pagefind-body"
INDEX_CONFIG = {"exclude_selectors": ["th"]}     # table headers are labels, not text to search
SHARD_PAGES = 100                                # pages to a search index shard
MANIFEST = "coprod-kept.json"                    # a kept shard's files and their SHA-256


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


class PagefindProcess:
    """One `pagefind --service` process: `send(payload)` returns a message id at once;
    `answer(id)` waits for its reply. A reader thread drains Pagefind's output all along, so
    neither side can block the other."""

    def __init__(self):
        from pagefind.service import get_executable
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("The search index could not be built: Pagefind is not "
                                   "installed. Run: pip install 'pagefind[bin]'. Nothing was "
                                   "published.")
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.answers: dict[int, dict] = {}
        self.ready = threading.Condition()
        self.failure = ""
        self.next_id = 0
        self.wanted = 0                         # the message id `answer` waits for
        self.reader = threading.Thread(target=self._read, name="coprod-search-read", daemon=True)
        self.reader.start()

    def send(self, payload: dict, flush: bool = True) -> int:
        self.next_id += 1
        message = {"message_id": self.next_id, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        if flush:
            self.process.stdin.flush()
        return self.next_id

    def answer(self, message_id: int) -> dict:
        with self.ready:
            self.wanted = message_id            # the reader wakes us for this one only
            if not self.ready.wait_for(lambda: message_id in self.answers or self.failure,
                                       timeout=TIMEOUT_SECONDS):
                raise SearchIndexError(f"Pagefind gave no answer in {TIMEOUT_SECONDS} seconds.")
            if message_id not in self.answers:
                raise SearchIndexError(self.failure)
            payload = self.answers.pop(message_id)
        if payload.get("type") == "Error":
            raise SearchIndexError(payload.get("message") or "an unknown error")
        return payload

    def has_answered(self, message_id: int) -> bool:
        with self.ready:
            return message_id in self.answers or bool(self.failure)

    def answers_to(self, message_ids: list[int]) -> list[dict]:
        """The answers to many messages, waiting for the last sent first: the answers come
        in order, so one wake-up is enough (a wake-up for each would hand the interpreter
        back and forth between threads, slowing every thread of the build)."""
        return [self.answer(message_id) for message_id in reversed(message_ids)][::-1]

    def _read(self) -> None:
        stream = self.process.stdout
        unfinished: list[bytes] = []            # the pieces of an answer not yet ended
        while chunk := stream.read1(1 << 16):
            *complete, rest = chunk.split(b",")
            if complete:
                complete[0] = b"".join((*unfinished, complete[0]))
                unfinished.clear()
            if rest:
                unfinished.append(rest)
            for part in complete:
                try:
                    reply = json.loads(base64.b64decode(part, validate=True))
                except ValueError:
                    self._fail(part.decode("utf-8", "replace").strip() or "unreadable output")
                    continue
                message_id = reply.get("message_id") or 0
                with self.ready:
                    self.answers[message_id] = reply.get("payload") or {}
                    if message_id == self.wanted:
                        self.ready.notify_all()
        self._fail(" ".join(b"".join(unfinished).decode("utf-8", "replace").split())
                   or "Pagefind stopped before it finished")

    def _fail(self, text: str) -> None:
        with self.ready:
            self.failure = self.failure or text
            self.ready.notify_all()

    def close(self) -> None:
        """Let Pagefind finish writing and end on its own (its answer to WriteFiles can come
        before the last file is on disk); end it only if it does not."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)


class Batch:
    """Some shards, indexed by a Pagefind process of their own. A thread of their own sends
    each page as it is `add`ed, asks for a shard's files once it is told the shard has all its
    pages (`shard_done`, or `close` for every shard not done yet) and hands them to
    `deliver(shard, files)` as they come, one shard at a time; `wait()` waits for the end.
    Pagefind answers its messages one after another, in the order they were sent, so a
    shard's files are asked for after its last page without waiting for the answers.
    Batches run side by side, each to its end."""

    def __init__(self, shards: list[int], deliver: Callable[[int, list[dict]], None]):
        self.shards, self.deliver = shards, deliver
        self.messages: queue.SimpleQueue = queue.SimpleQueue()
        self.delivered = False
        self.stopped = False                    # abandoned: hand nothing more on
        self.ended = threading.Event()          # the thread's work is over
        self.error: Exception | None = None
        self.pagefind: PagefindProcess | None = None
        self.worker = threading.Thread(target=self._index, name="coprod-search", daemon=True)
        self.worker.start()

    def add(self, shard: int, url: str, html: str) -> None:
        self.messages.put(("page", shard, url, html))

    def shard_done(self, shard: int) -> None:
        self.messages.put(("done", shard))

    def close(self) -> None:
        """No more pages: ask for the index of every shard not asked for yet."""
        self.messages.put(("close",))

    def abandon(self) -> None:
        """End Pagefind now, whatever it is doing, and wait until the thread writes nothing
        more. (An event, not `join`: a `join` cut short by Ctrl-C leaves Python 3.11 taking
        the thread for ended, so a second one returns while it still writes.)"""
        self.stopped = True
        self.messages.put(("abandon",))
        if self.pagefind is not None:
            self.pagefind.process.kill()
        self.ended.wait()

    def _index(self) -> None:
        pagefind = None
        try:
            pagefind = self.pagefind = PagefindProcess()
            asked = {n: pagefind.send({"type": "NewIndex", "config": INDEX_CONFIG})
                     for n in self.shards}
            index_ids = dict(zip(asked, (a["index_id"] for a in pagefind.answers_to(
                list(asked.values())))))
            sent, files = [], {}           # AddFile ids; shard -> its GetFiles id, in order
            while (message := self._next(pagefind, files))[0] in ("page", "done"):
                if message[0] == "page":
                    _, shard, url, html = message
                    sent.append(pagefind.send({"type": "AddFile", "index_id": index_ids[shard],
                                               "file_path": None, "url": url,
                                               "file_contents": html},
                                              flush=self.messages.empty()))
                else:
                    files[message[1]] = pagefind.send(
                        {"type": "GetFiles", "index_id": index_ids[message[1]]})
            if message[0] == "abandon":
                return
            for n in [n for n in index_ids if n not in files]:
                files[n] = pagefind.send({"type": "GetFiles", "index_id": index_ids[n]},
                                         flush=False)
            pagefind.process.stdin.flush()
            pagefind.answers_to(sent)
            self._deliver(pagefind, files, wait=True)
            self.delivered = True
        except (OSError, SearchIndexError) as error:
            self.error = error
        finally:
            try:
                if pagefind is not None:
                    pagefind.close()
            finally:
                self.ended.set()

    def wait(self) -> None:
        self.ended.wait()
        if self.error:
            raise self.error

    def _next(self, pagefind: PagefindProcess, files: dict[int, int | None]) -> tuple:
        """The next message; while waiting for it, each shard's files as they come."""
        while True:
            self._deliver(pagefind, files, wait=False)
            try:
                return self.messages.get(timeout=0.05 if any(files.values()) else None)
            except queue.Empty:
                pass

    def _deliver(self, pagefind: PagefindProcess, files: dict[int, int | None],
                 wait: bool) -> None:
        """Hand on the files of each shard asked for, in order; with `wait`, all of them,
        else those already answered."""
        for shard, message_id in list(files.items()):
            if message_id is None:
                continue
            if not wait and not pagefind.has_answered(message_id):
                return
            files_of_shard = pagefind.answer(message_id)["files"]
            if self.stopped:
                return
            self.deliver(shard, files_of_shard)
            files[shard] = None


class SearchIndexer:
    """Indexes pages as they are rendered; `finish(folder)` writes the index there.

        indexer = SearchIndexer(paths, cache_dir, processes, into)
        indexer.add(path, html)            # each page, as it is rendered
        indexer.rendered()                 # every page is given
                                           # (or both: `index_each(files)`)
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
    shard's pages wait until every page is rendered, when its cache key is known, and only
    the shards with no cached index go to Pagefind. Either way each shard gets its pages in
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
        self.cached: list[Path | None] = []
        self.todo: list[int] = []
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

    def add(self, path: str, html) -> None:
        if path not in self.unseen:
            return
        self.unseen.remove(path)
        shard = self.shard_of(path)
        self.left[shard] -= 1
        if isinstance(html, str) and MARK in html:
            digest = hashlib.sha256(html.encode("utf-8")).hexdigest() if self.cache_dir else ""
            self.shards[shard].append((path, digest))
            if self.streaming:
                self.batches[shard % self.processes].add(shard, path, html)
            else:
                self.waiting[path] = html
        if self.streaming and not self.left[shard]:
            self.batches[shard % self.processes].shard_done(shard)

    def index_each(self, files: Iterable[tuple[str, str | bytes]]
                   ) -> Iterator[tuple[str, str | bytes]]:
        """`files` (site path, content) as they pass, each page `add`ed; after the last,
        `rendered()`."""
        for path, data in files:
            self.add(path, data)
            yield path, data
        self.rendered()

    def _deliver(self, shard: int, files: list[dict]) -> None:
        if self.into is None:
            self.built[shard] = files
        else:
            _write_files(self.into / shard_folder(shard), files, scripts=shard == 0)

    def rendered(self) -> None:
        """Every page is given: the shards not streamed and not cached go to Pagefind. With
        no page to search, there is no index at all (the search page then lists every
        resource, as it does without JavaScript), not an empty one that never answers."""
        if not any(self.shards):
            self.abandon()
            self.shards, self.batches, self.todo = [], [], []
            return
        self.cached = [self._cache_folder(self.cache_dir, shard) for shard in self.shards]
        if not self.streaming:
            self.todo = [n for n, cached in enumerate(self.cached) if not _intact(cached)]
            processes = min(len(self.todo), self.processes)
            self.batches = [Batch(self.todo[i::processes], self._deliver)
                            for i in range(processes)]
            for i, n in enumerate(self.todo):
                for path, _ in self.shards[n]:
                    self.batches[i % processes].add(n, path, self.waiting[path])
            self.waiting = {}
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
        if problems:
            raise SearchIndexError(f"The search index could not be written into {folder} "
                                   f"({_plain(problems[0])}). Nothing was published.")
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
                raise SearchIndexError(f"The search index could not be written into {folder} "
                                       f"({_plain(error)}). Nothing was published.") from None
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
    `shutil.copytree`'s list of them."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if rel.parts[0].startswith("shard-") or rel.name in ("indexes.json", MANIFEST):
            continue
        copy = target / rel
        if path.is_dir():
            copy.mkdir(parents=True, exist_ok=True)
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, copy)
        except OSError:
            shutil.copy2(path, copy)


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


def _plain(error: Exception) -> str:
    """Pagefind's failure in words: a system error by its name, else what Pagefind said."""
    code = re.search(r"Os \{ code: (\d+)", str(error))
    if code:
        return os.strerror(int(code.group(1)))
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"Pagefind said: {' '.join(str(error).split())[:300]}"


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"
