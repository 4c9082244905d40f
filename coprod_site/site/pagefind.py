"""Talking to `pagefind --service`: one process, and a batch of shards indexed by it.

We talk to `pagefind --service` (the binary that ships in the `pagefind[bin]` wheel) with its
documented message format, base64-encoded JSON requests and responses each ended by a comma,
rather than through the package's asyncio wrapper: that wrapper reads at most one answer every
100 ms, which made 1,000 pages take over 100 seconds. Ours sends each page from a thread as
soon as it has it, and reads answers as fast as Pagefind writes them. The index comes back in
memory (GetFiles) and the caller writes it: Pagefind's own WriteFiles answers before its files
are complete, and left empty files behind when the process ended. Pagefind answers messages
one after another, in the order they were sent.

However long Pagefind takes in all, it is given time while it shows signs of life (it reads
what we send, or writes an answer); once it owes us something and shows none for
TIMEOUT_SECONDS (stopped, wedged), it is ended and the index fails (`PagefindUnanswering`).
A page write blocked on a full pipe cannot see the time pass, so a thread of its own watches.

Pagefind is given only what it reads of a page (`what_pagefind_reads`): its language and title,
and the element marked `data-pagefind-body`. The rest of the head and the theme's header,
navigation and footer, over a quarter of a resource page, are not sent: Pagefind took a tenth
less CPU time on 1,000 generated pages, and made the same fragments and word index.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import importlib
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterator

BODY_MARK = "data-pagefind-body"
ATTRIBUTES = "data-pagefind-"
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)[\s>]")
HTML_TAG = re.compile(r"<html(?:\s[^>]*)?>", re.IGNORECASE)
TITLE = re.compile(r"<title>.*?</title>", re.IGNORECASE | re.DOTALL)
PAGE_WIDE = re.compile(r"<(?:h1|img)[\s/>]", re.IGNORECASE)   # Pagefind's title and image
TIMEOUT_SECONDS = 300                            # without a sign of life from Pagefind
WRITE_BYTES = 1 << 16                            # a message is written in pieces of this size
INDEX_CONFIG = {"exclude_selectors": ["th"]}     # table headers are labels, not text to search
INDEXED = MappingProxyType({"type": "IndexedFile"})  # every page's answer, as kept: its words
                                                 # and meta held 7 MiB at 5,000 pages


def what_pagefind_reads(html: str) -> str:
    """The page as Pagefind needs it: the `<html>` tag (the language), the `<title>`, and the
    one element marked `data-pagefind-body`, the only part of such a page Pagefind indexes.
    A page of any other shape is given whole: two marks, the element's tag nested in itself,
    no `<html>` or `</head>`, a `data-pagefind-` attribute outside the element (metadata in
    the head, say), or an `<h1>` or `<img>` outside it (Pagefind takes a result's title from
    the page's first `<h1>`, and its image from the first `<img>` after that, wherever they
    are)."""
    mark, head_end = html.find(BODY_MARK), html.find("</head>")
    if mark < 0 or head_end < 0 or html.find(BODY_MARK, mark + 1) >= 0:
        return html
    start = html.rfind("<", 0, mark)
    tag = START_TAG.match(html, start)
    if start < head_end or tag is None or ">" in html[start:mark]:
        return html
    name = tag.group(1)
    end = html.find(f"</{name}>", mark)
    if end < 0 or re.compile(rf"<{name}[\s/>]").search(html, mark, end):
        return html
    end += len(name) + 3
    opening = HTML_TAG.search(html, 0, head_end)
    if opening is None or html.find(ATTRIBUTES, 0, start) >= 0 or html.find(ATTRIBUTES, end) >= 0 \
            or PAGE_WIDE.search(html, head_end, start) or PAGE_WIDE.search(html, end):
        return html
    title = TITLE.search(html, opening.end(), head_end)
    return (f"{opening.group()}<head>{title.group() if title else ''}</head>"
            f"<body>{html[start:end]}</body></html>")


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do. `reason`
    says only what happened (for `coprod serve`, whose pages are live already)."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


class PagefindMissing(SearchIndexError):
    """Pagefind is not installed, or cannot be started: the message is whole, to be passed
    on as it is."""


class PagefindStopped(SearchIndexError):
    """Pagefind was ended part way (killed, or out of memory): the message is whole."""

    def __init__(self):
        super().__init__("The search index could not be built: Pagefind stopped before it "
                         "finished. Nothing was published. The previous site is unchanged. "
                         "Build again; if it happens again, check that the computer has enough "
                         "free memory.", "Pagefind stopped before it finished")


class PagefindUnanswering(SearchIndexError):
    """Pagefind owed us something and showed no sign of life for TIMEOUT_SECONDS, so it was
    ended: the message is whole."""

    def __init__(self):
        super().__init__("The search index could not be built: Pagefind stopped answering "
                         f"(nothing for {TIMEOUT_SECONDS:g} seconds). Nothing was published. "
                         "The previous site is unchanged. Build again; if it happens again, "
                         "check that the computer is not overloaded or short of memory.",
                         "Pagefind stopped answering")


def pagefind_binary() -> Path | None:
    """Pagefind's program, looked for as `pagefind.service.get_executable` does (the
    PAGEFIND_BINARY_PATH variable, the `pagefind_bin_extended` then `pagefind_bin` package,
    then PATH), without importing that module: it imports asyncio and ssl, 4.4 MiB of the
    build's memory."""
    if (named := os.getenv("PAGEFIND_BINARY_PATH")) is not None:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        with contextlib.suppress(ImportError, FileNotFoundError):
            return importlib.import_module(package).get_executable()
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


class PagefindProcess:
    """One `pagefind --service` process: `send(payload)` returns a message id at once;
    `answer(id)` waits for its reply. A reader thread drains Pagefind's output all along, so
    neither side can block the other. A watchdog thread ends the process (`timed_out`) once
    Pagefind owes us something (a message being written, or one sent and not answered) and
    has shown no sign of life for TIMEOUT_SECONDS: that ends any write or wait on it."""

    def __init__(self):
        binary = pagefind_binary()
        if binary is None:
            raise PagefindMissing("The search index could not be built: Pagefind is not "
                                   "installed. Run: pip install 'pagefind[bin]'. Nothing was "
                                   "published.", "Pagefind is not installed (run: pip install "
                                   "'pagefind[bin]')")
        try:
            self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as error:
            why = f"{binary}: {error.strerror or error}"
            fix = ("Check the program PAGEFIND_BINARY_PATH names" if os.getenv(
                "PAGEFIND_BINARY_PATH") is not None else "Run: pip install --force-reinstall "
                "'pagefind[bin]'")
            raise PagefindMissing(f"The search index could not be built: Pagefind could not be "
                                  f"started ({why}). {fix}. Nothing was published.",
                                  f"Pagefind could not be started ({why})") from None
        self.answers: dict[int, dict] = {}
        self.ready = threading.Condition()
        self.failure = ""
        self.next_id = 0
        self.wanted = 0                         # the message id `answer` waits for
        self.flushed = 0                        # every message up to this id is in the pipe
        self.answered = 0                       # the last message id answered
        self.writing = False                    # a write to Pagefind is under way
        self.alive = time.monotonic()           # Pagefind's last sign of life
        self.timed_out = False                  # ended by the watchdog
        self.closed = threading.Event()
        self.reader = threading.Thread(target=self._read, name="coprod-search-read", daemon=True)
        self.reader.start()
        self.watchdog = threading.Thread(target=self._watch, name="coprod-search-watch",
                                         daemon=True)
        self.watchdog.start()

    def send(self, payload: dict, flush: bool = True) -> int:
        self.next_id += 1
        message = {"message_id": self.next_id, "payload": payload}
        data = memoryview(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        with self._writing():
            for start in range(0, len(data), WRITE_BYTES):   # each piece taken is a sign of life
                self.process.stdin.write(data[start:start + WRITE_BYTES])
                self.alive = time.monotonic()
        if flush:
            self.flush()
        return self.next_id

    def flush(self) -> None:
        with self._writing():
            self.process.stdin.flush()
        self.alive = time.monotonic()
        self.flushed = self.next_id

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        if self.answered >= self.flushed:       # Pagefind owed nothing: its time starts now
            self.alive = time.monotonic()
        self.writing = True
        try:
            yield
        finally:
            self.writing = False

    def _watch(self) -> None:
        while not self.closed.wait(min(5.0, TIMEOUT_SECONDS / 10)):
            owed = self.writing or self.answered < self.flushed
            if owed and time.monotonic() - self.alive > TIMEOUT_SECONDS:
                self.timed_out = True
                self._fail(f"Pagefind gave no answer in {TIMEOUT_SECONDS:g} seconds.")
                self.process.kill()             # ends a blocked write, and the reader
                return

    def answer(self, message_id: int) -> dict:
        with self.ready:
            self.wanted = message_id            # the reader wakes us for this one only
            self.ready.wait_for(lambda: message_id in self.answers or self.failure)
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
            self.alive = time.monotonic()
            *complete, rest = chunk.split(b",")
            if complete:
                complete[0] = b"".join((*unfinished, complete[0]))
                unfinished.clear()
            if rest:
                unfinished.append(rest)
            complete.reverse()
            while complete:                     # each let go once read: an index's answer
                part = complete.pop()           # is megabytes
                try:
                    reply = json.loads(base64.b64decode(part, validate=True).decode("utf-8"))
                except ValueError:
                    self._fail(part.decode("utf-8", "replace").strip() or "unreadable output")
                    continue
                del part
                message_id = reply.get("message_id") or 0
                payload = reply.get("payload") or {}
                if payload.get("type") == "IndexedFile":   # what a page gave: read by nobody
                    payload = INDEXED
                with self.ready:
                    self.answered = max(self.answered, message_id)
                    self.answers[message_id] = payload
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
            with self._writing():               # what is left in the buffer goes now
                self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.closed.set()
        self.reader.join(timeout=5)


class Batch:
    """Some shards (those given at the start, and any a page is `add`ed for later), indexed
    by a Pagefind process of their own. A thread of their own sends
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

            def index_of(shard: int) -> int:        # a shard not given at the start
                if shard not in index_ids:
                    index_ids[shard] = pagefind.answer(pagefind.send(
                        {"type": "NewIndex", "config": INDEX_CONFIG}))["index_id"]
                return index_ids[shard]

            sent, files = [], {}           # AddFile ids; shard -> its GetFiles id, in order
            while (message := self._next(pagefind, files))[0] in ("page", "done"):
                if message[0] == "page":
                    _, shard, url, html = message
                    sent.append(pagefind.send({"type": "AddFile", "index_id": index_of(shard),
                                               "file_path": None, "url": url,
                                               "file_contents": html},
                                              flush=self.messages.empty()))
                else:
                    files[message[1]] = pagefind.send(
                        {"type": "GetFiles", "index_id": index_of(message[1])})
            if message[0] == "abandon":
                return
            for n in [n for n in index_ids if n not in files]:
                files[n] = pagefind.send({"type": "GetFiles", "index_id": index_ids[n]},
                                         flush=False)
            pagefind.flush()
            pagefind.answers_to(sent)
            self._deliver(pagefind, files, wait=True)
            self.delivered = True
        except (OSError, SearchIndexError) as error:
            self.error = error
        finally:
            try:
                if pagefind is not None:
                    pagefind.close()
                    if self.error is not None and pagefind.timed_out:
                        self.error = PagefindUnanswering()  # not the broken pipe it left
                    elif self.error is not None and pagefind.process.returncode and \
                            getattr(self.error, "errno", None) not in (errno.ENOSPC, errno.EDQUOT):
                        self.error = PagefindStopped()      # not the broken pipe it left
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
