"""The parse stage: every body to a `Document`, with the file rules' findings, on every core.

Each file is parsed on its own (`render.markdown.BodyParser`) and checked by the rules whose
scope is `file` (they read only that file, the configuration and `_data/`). That work runs in
worker processes, a chunk of files to a task, each file under its own time limit (the timer
runs in the worker, whose main thread does the parsing); a worker sends back only the
`Document` and the findings, pickled once for both the build and the cache. Results are
cached in `.coprod-cache/parse/` (by the workers, side by side), keyed by the file's bytes,
the package version, the configuration and `_data/`, so an unchanged file is never parsed
twice. A file that cannot be parsed in time, or is nested too deeply, is CP100 at
that file with an empty body; the rest of the site goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import pickle
import signal
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

from coprod_site import cachefile
from coprod_site.checks import CheckContext, file_checks
from coprod_site.checks.readability import page_reading, use_dictionary
from coprod_site.config import SiteConfig
from coprod_site.content.loader import page_files
from coprod_site.content.model import Resource, SiteContent
from coprod_site.diagnostics import Diagnostic, diagnostic
from coprod_site.render.outline import EMPTY, Document
from coprod_site.workers import WorkerDied, WorkerPool
from coprod_site.swap import held_signals

CACHE_FOLDER = ".coprod-cache"
CACHE_FORMAT = "parse-12"      # change it whenever parsing gives different output
CHUNK = 16                      # files to a worker task
POOL_FROM = 24                  # fewer files than this are parsed in this process
PR_SET_PDEATHSIG = 1            # prctl(2): the signal a process gets when its parent ends
WORKER_GC = (50_000, 20, 100)   # gc.set_threshold in a worker: parsing makes many small
                                # objects and almost no cycles; collections took a third of
                                # the readability figures' time at the default (700, 10, 10)


@dataclass(frozen=True)
class Parsed:
    """The parse stage's product: the site with each resource's `doc`, the files that could
    not be parsed (CP100), and each file's file-rule findings."""

    site: SiteContent
    diagnostics: tuple[Diagnostic, ...]
    findings: Mapping[str, tuple[Diagnostic, ...]]


def parse_site(config: SiteConfig, site: SiteContent, jobs: int | None = None,
               use_cache: bool = True, engines: bool = False,
               pool: WorkerPool | None = None, ahead: "ParseAhead | None" = None) -> Parsed:
    """Parse and file-check every resource; `jobs` worker processes (None: one per core), or
    those of `pool` (`workers`), already started; `ahead`: the pages it was given as they
    were loaded, parsed or being parsed by then."""
    cache = (ahead.cache if ahead else ParseCache(config, site, engines)) if use_cache else None
    early = ahead.results(site) if ahead else {}
    done: dict[str, tuple[Document, tuple, tuple]] = {}
    todo = []
    for resource in site.resources:
        hit = early.get(resource.rel)       # its key is in `cache` already, if one
        if hit is None and cache:
            hit = cache.get(resource)
        if hit is not None:
            done[resource.rel] = hit
        else:
            todo.append(resource)
    ctx = _file_context(config, site)
    folder = Path(config.root) / CACHE_FOLDER if use_cache else None
    use_dictionary(folder, load=False)   # each worker loads it; this process if it needs it
    places = [cache.place(r) if cache else None for r in todo]
    with contextlib.nullcontext(pool) if pool else \
            workers(config, jobs, use_cache, engines, len(todo)) as started:
        if started is not None and todo:
            results = _in_pool(started, ctx, todo, places)
        elif todo:
            _start_worker(engines)
            results = [pickle.loads(result) for result in _work_and_keep(ctx, todo, places)]
        else:
            results = []
    for resource, result in zip(todo, results):
        done[resource.rel] = result
    if cache:
        cache.store(done)
    resources, problems, findings = [], [], {}
    for resource in site.resources:
        doc, problem, found = done[resource.rel]
        doc.attach(resource.markdown)
        resources.append(replace(resource, doc=doc))
        problems.extend(problem)
        findings[resource.rel] = found
    return Parsed(site.with_resources(resources), tuple(problems), MappingProxyType(findings))


class ParseAhead:
    """The parse stage begun while the load stage still reads pages: the workers parse each
    chunk of pages as soon as it is loaded, on the cores that would wait for the load.

        ahead = ParseAhead(config, pool, use_cache, engines)
        ahead.start(site)        # the load stage: the site before its pages (`_data/` lists)
        ahead.give(resource)     # each page as it is loaded
        parse_site(..., ahead=ahead)

    `parse_site` takes a result only for a resource given exactly as the load stage returns
    it (the same object): a page the load stage changed afterwards (an Easy Read version,
    known once the page naming it is read) is parsed then, as is a page never given. A page
    with a cache entry is left to `parse_site`, which reads it."""

    def __init__(self, config: SiteConfig, pool: WorkerPool, use_cache: bool, engines: bool):
        self.config, self.pool, self.use_cache, self.engines = config, pool, use_cache, engines
        self.chunk: list[Resource] = []
        self.given: list[tuple[int, list[Resource]]] = []      # (ticket, chunk)
        self.failed: BaseException | None = None

    def start(self, site: SiteContent) -> None:
        self.cache = ParseCache(self.config, site, self.engines) if self.use_cache else None
        self.context = pickle.dumps(_file_context(self.config, site), pickle.HIGHEST_PROTOCOL)

    def give(self, resource: Resource) -> None:
        """A chunk goes to the workers once it has `CHUNK` pages, or at once while a worker
        waits (a site with a few pages not in the cache has them parsed while it loads)."""
        if self.cache and self.cache.place(resource).is_file():
            return
        self.chunk.append(resource)
        if len(self.chunk) >= CHUNK or self._idle():
            self._send()

    def _idle(self) -> bool:
        try:
            return self.failed is None and self.pool.idle()
        except WorkerDied as error:
            self.failed = error
            return False

    def _send(self) -> None:
        chunk, self.chunk = self.chunk, []
        if self.failed is None:
            places = [self.cache.place(r) if self.cache else None for r in chunk]
            try:
                self.given.append((self.pool.submit(_work_and_keep,
                                                    (self.context, chunk, places)), chunk))
            except WorkerDied as error:
                self.failed = error

    def results(self, site: SiteContent) -> dict[str, tuple]:
        """rel -> (doc, problems, findings) of each resource of `site` given as it is there."""
        if self.chunk:
            self._send()
        same = {id(r) for r in site.resources}
        found = {}
        try:
            if self.failed is not None:
                raise self.failed
            given, self.given = self.given, []
            for ticket, chunk in given:
                for resource, result in zip(chunk, self.pool.result(ticket)):
                    if id(resource) in same:
                        found[resource.rel] = pickle.loads(result)
        except WorkerDied:
            raise WorkerStopped() from None
        return found


@contextlib.contextmanager
def workers(config: SiteConfig, jobs: int | None, use_cache: bool, engines: bool,
            files: int | None = None) -> Iterator[WorkerPool | None]:
    """Worker processes for `parse_site`, or None where it parses in this process: one
    worker (`jobs` None: one per core), fewer than `POOL_FROM` files (`files`, or the
    site's Markdown files), or a process with other threads (`coprod serve`). Started at
    once: a build starts them before its load stage, so that they parse the first pages (and
    make their Markdown parser) while this process reads the rest (`ParseAhead`), and hold
    none of the loaded site. Ended when the block ends; at once on Ctrl-C, SIGTERM or any
    error (their chunks' work is lost; cache files are written whole or not at all)."""
    count = jobs if jobs else (os.cpu_count() or 1)
    if files is None and count > 1 and threading.active_count() == 1:
        files = len(page_files(config.content_dir))
    if count < 2 or (files or 0) < POOL_FROM:
        yield None
        return
    # fork is quickest; a process with other threads (coprod serve) forks a clean server
    method = "fork" if threading.active_count() == 1 else "forkserver"
    folder = Path(config.root) / CACHE_FOLDER if use_cache else None
    pool = None
    try:
        with held_signals():                # workers start with Ctrl-C held, then ignore it
            pool = WorkerPool(min(count, -(-files // CHUNK)), method, _start_pool_worker,
                              (engines, folder, os.getpid() if method == "fork" else None))
        yield pool
        pool.close()
    except BaseException:                   # a Ctrl-C held while they started comes here too
        with held_signals():                # a second Ctrl-C waits the moment this takes
            if pool is not None:
                pool.kill()
        raise


def _in_pool(pool: WorkerPool, ctx: CheckContext, todo: list[Resource],
             places: list[Path | None]) -> list[tuple]:
    """Each chunk of `todo` parsed by a worker, its results unpickled as they come back."""
    shared = pickle.dumps(ctx, pickle.HIGHEST_PROTOCOL)     # pickled once, sent with each chunk
    chunks = [(shared, todo[i:i + CHUNK], places[i:i + CHUNK]) for i in range(0, len(todo), CHUNK)]
    try:
        return [pickle.loads(result) for chunk in pool.map(_work_and_keep, chunks)
                for result in chunk]
    except WorkerDied:
        raise WorkerStopped() from None


class WorkerStopped(Exception):
    """A worker process died before it finished (killed for lack of memory, say)."""

    def __init__(self):
        super().__init__(
            "A worker process reading the pages stopped before it finished (the computer may "
            "be short of memory), so nothing half-built was published. Nothing in the pages "
            "needs fixing: try again, and if it happens again, use --jobs 1, which needs less "
            "memory.")


def _file_context(config: SiteConfig, site: SiteContent) -> CheckContext:
    """What file rules may read: the configuration and `_data/`, none of the other pages."""
    return CheckContext(config, site.with_resources(()))


_WORKER: tuple[object, bool] | None = None   # (render.markdown.BodyParser, engines)
_CONTEXT: list = [b"", None]               # the last file context given, pickled and as is
_STARTING: list = []                       # a pool worker's (engines, cache), until it starts


def _start_worker(engines: bool, cache: Path | None = None) -> None:
    global _WORKER
    from coprod_site.render.markdown import BodyParser   # in the workers only, mostly
    _WORKER = (BodyParser(), engines)
    use_dictionary(cache)


def _start_pool_worker(engines: bool, cache: Path | None, parent: int | None) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the build (which ends the pool) and ends when
    its parent does, even if that is killed (Linux: PR_SET_PDEATHSIG); `parent`: the build's
    process, when the worker was forked from it (else a fork server)."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:     # it ended before that took hold
        os._exit(1)
    _STARTING[:] = [engines, cache]      # the parser is made for the first task: a build
                                         # whose pages are all cached gives none


def _ready_worker() -> None:
    """A pool worker's first task makes its parser and reads the syllable table."""
    if _WORKER is None and _STARTING:
        _start_worker(*_STARTING)
        gc.freeze()                      # what the worker starts with is never garbage
        gc.set_threshold(*WORKER_GC)


def _work(ctx: CheckContext, resources: list[Resource]) -> list[tuple[Document, tuple, tuple]]:
    """(doc, parse problems, file-rule findings) for each resource."""
    parser, engines = _WORKER
    results = []
    for resource in resources:
        doc, problems = parse_body(parser, resource)
        found = []
        if doc is not EMPTY:                 # measured once, here: checks, stats and site
            reading = page_reading(replace(resource, doc=doc))
            found = file_checks(replace(resource, doc=replace(doc, reading=reading)), ctx,
                                engines)
            doc = replace(doc, reading=reading.figures)   # the sentences stay here
        results.append((doc, tuple(problems), tuple(found)))
    return results


def _work_and_keep(ctx: CheckContext | bytes, resources: list[Resource],
                   places: list[Path | None]) -> list[bytes]:
    """`_work`, each result pickled once: handed back so, and written to its place in the
    cache (in the workers, side by side, not one after another in the build's process).
    `ctx` comes pickled to a worker, which unpickles it once for all the chunks it gets."""
    _ready_worker()
    if isinstance(ctx, bytes):
        if ctx != _CONTEXT[0]:
            _CONTEXT[:] = [ctx, pickle.loads(ctx)]
        ctx = _CONTEXT[1]
    results = [pickle.dumps(result, pickle.HIGHEST_PROTOCOL) for result in _work(ctx, resources)]
    for place, data in zip(places, results):
        if place is not None and not cachefile.save_bytes(place, data):
            break                                         # a full disk: the rest go uncached
    return results


def parse_body(parser, resource: Resource) -> tuple[Document, list[Diagnostic]]:
    """One body's `Document`, or an empty one and the CP100 that says why."""
    from coprod_site.render.markdown import TooComplex, TooDeep
    try:
        return parser.parse(resource.rel, resource.body, resource.body_line), []
    except TooComplex as error:
        return EMPTY, [diagnostic(
            "CP100", resource.rel, resource.body_line, 1,
            f"This page would take too long to read: the hub gave up after {error.args[0]:g} "
            "seconds. This usually means many [ brackets or < signs that are never closed.",
            "Close each [ with ] and each <tag with >, or write \\[ and \\< for the signs "
            "themselves. If the text was pasted in from somewhere else, check it.")]
    except TooDeep:
        return EMPTY, [diagnostic(
            "CP100", resource.rel, resource.body_line, 1,
            "This page is nested too deeply to read: it has lists or quotes inside one another "
            "hundreds of levels deep.",
            "Keep lists and quotes to a few levels. If the text was pasted in from somewhere "
            "else, check it.")]


_LAST_BUILD: dict[str, tuple] = {}     # key -> result of the last build in this process


class ParseCache:
    """`.coprod-cache/parse/<key>.pickle`: one file's (doc, problems, findings). The last
    build's results also stay in memory, so `coprod serve` never reads its own cache back.

    The key is a SHA-256 of the code (`cachefile.code`), the cache format, the configuration,
    the `_data/` lists, the file's path, its bytes and whether it is an Easy Read version (which
    sets its readability limits). Anything else a page depends on (other pages, the build
    date, the plan) is not in a cached product: the index, plan and page rules run anew on
    every build. A cache that cannot be read or written is ignored, never an error.
    """

    def __init__(self, config: SiteConfig, site: SiteContent, engines: bool = False):
        self.folder = Path(config.root) / CACHE_FOLDER / "parse"
        shared = repr((cachefile.code(), CACHE_FORMAT, engines, config,
                       sorted(site.glossary.items()), sorted(site.topics.items()),
                       sorted(site.audiences.items())))
        self.shared = hashlib.sha256(shared.encode("utf-8")).hexdigest()
        self.keys: dict[str, str] = {}         # rel -> key, for every file looked up

    def key(self, resource: Resource) -> str:
        text = f"{self.shared}\0{resource.rel}\0{resource.digest}\0{resource.is_easy_read}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, resource: Resource):
        key = self.keys[resource.rel] = self.key(resource)
        if key in _LAST_BUILD:
            return _LAST_BUILD[key]
        return cachefile.load(self.place(resource))

    def place(self, resource: Resource) -> Path:
        """The file of a resource's entry; its key is noted as in use (for `get`, kept)."""
        if resource.rel not in self.keys:
            self.keys[resource.rel] = self.key(resource)
        return self.folder / f"{self.keys[resource.rel]}.pickle"

    def store(self, done: dict[str, tuple]) -> None:
        """Remove the entries this build did not use (`_work_and_keep` wrote the new ones);
        keep this build's products (`done`, rel -> result) in memory for the next build in
        this process."""
        _LAST_BUILD.clear()
        _LAST_BUILD.update((self.keys[rel], result) for rel, result in done.items())
        try:
            used = set(self.keys.values())
            for path in self.folder.iterdir():
                if path.stem not in used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass
