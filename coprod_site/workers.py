"""Worker processes: a small pool of our own, for the parse stage.

`WorkerPool(count, method, initializer, initargs)` starts `count` processes at once (each
runs `initializer(*initargs)` first); `submit(function, task)` queues a task and returns at
once, each idle worker taking the next; `result(ticket)` waits for one; `map(function, tasks)`
yields the results in the order of `tasks`; `close()` lets them end; `kill()` ends them at
once. A worker that dies (killed for lack of memory, say) is `WorkerDied` in `submit`,
`result` or `map`.

Why not `concurrent.futures.ProcessPoolExecutor`, as before: on Python 3.11, when a worker
died it ended the others with SIGTERM, which ours ignore (Ctrl-C and SIGTERM are the build's
to handle), and waited for them for ever; a worker killed while sending its results left the
pool's thread reading the rest for ever; and Ctrl-C during `map` cancelled futures that the
pool's thread then failed to mark (InvalidStateError), leaving threads that Python's exit
waits for. Here each worker has one pipe and no thread runs anywhere, so a dead worker is an
end of file, and `kill()` always returns.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import traceback
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator


class WorkerDied(Exception):
    """A worker process ended before it sent its result."""


class WorkerError(Exception):
    """What a task raised in a worker, with the worker's traceback as its text."""


_LIVE: set = set()       # pools with workers, killed at exit if any are (one dropped too)


@atexit.register
def _kill_left() -> None:
    """Python's exit ends child processes with SIGTERM, which workers ignore, then waits for
    them: a pool not ended by its owner would hold the exit for ever."""
    for pool in list(_LIVE):
        pool.kill()


class WorkerPool:
    def __init__(self, count: int, method: str, initializer: Callable, initargs: tuple):
        """`method`: "fork" or "forkserver" (a process with other threads)."""
        context = get_context(method)
        self.workers: list[tuple[object, Connection]] = []
        self._queued: collections.deque = collections.deque()   # (ticket, function, task)
        self._busy: dict[int, int] = {}         # worker -> ticket of the task it has
        self._done: dict[int, object] = {}      # ticket -> result, until `result` takes it
        self._tickets = 0
        _LIVE.add(self)
        try:
            for _ in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, initializer, initargs),
                                          daemon=True)
                process.start()
                theirs.close()
                self.workers.append((process, ours))
        except BaseException:
            self.kill()
            raise

    def map(self, function: Callable, tasks: list[tuple]) -> Iterator:
        """`function(*task)` for each task, in the workers; results in the order of `tasks`."""
        tickets = [self.submit(function, task) for task in tasks]
        for ticket in tickets:
            yield self.result(ticket)

    def submit(self, function: Callable, task: tuple) -> int:
        """Queue `function(*task)`, give it to a worker if one is idle, and return at once
        with a ticket for `result`. Results ready by then are taken in."""
        self._tickets += 1
        self._queued.append((self._tickets, function, task))
        self._pump(block=False)
        return self._tickets

    def idle(self) -> bool:
        """Is a worker waiting for a task (results ready are taken in first)?"""
        self._pump(block=False)
        return len(self._busy) < len(self.workers) and not self._queued

    def result(self, ticket: int):
        """The result of a task `submit`ted, once a worker has done it (the rest go on)."""
        while ticket not in self._done:
            if not self.workers:                # ended (`kill`) with the task not done
                raise WorkerDied()
            self._pump(block=True)
        return self._done.pop(ticket)

    def _pump(self, block: bool) -> None:
        """Give queued tasks to idle workers, and take in the results that are ready (with
        `block`, wait for at least one)."""
        while True:
            for worker in range(len(self.workers)):
                if worker not in self._busy and self._queued:
                    ticket, function, task = self._queued.popleft()
                    self._send(worker, (function, task))
                    self._busy[worker] = ticket
            ready = self._ready(block)
            for worker in ready:
                self._done[self._busy.pop(worker)] = self._receive(worker)
            if not ready or not self._queued:
                return
            block = False

    def _send(self, worker: int, task: tuple) -> None:
        try:
            self.workers[worker][1].send(task)
        except OSError:
            raise WorkerDied() from None

    def _ready(self, block: bool) -> list[int]:
        """The busy workers with something to read (a result, or the end of a dead one)."""
        if not self._busy:
            return []
        connections = {self.workers[w][1]: w for w in self._busy}
        sentinels = {self.workers[w][0].sentinel: w for w in self._busy}
        ready = wait([*connections, *sentinels], timeout=None if block else 0)
        return sorted({connections.get(r, sentinels.get(r)) for r in ready})

    def _receive(self, worker: int):
        try:
            ok, value = self.workers[worker][1].recv()
        except (EOFError, OSError):
            raise WorkerDied() from None
        if not ok:
            raise WorkerError(value)
        return value

    def close(self) -> None:
        """Tell each worker to end, and wait for it."""
        for process, connection in self.workers:
            with contextlib.suppress(OSError):
                connection.send(None)
            process.join()
            connection.close()
        self.workers, self._busy = [], {}
        _LIVE.discard(self)

    def kill(self) -> None:
        """End every worker now (SIGKILL) and wait for it: its task's work is lost."""
        for process, _ in self.workers:
            with contextlib.suppress(OSError, ValueError):
                process.kill()
        for process, connection in self.workers:
            with contextlib.suppress(OSError, ValueError, AssertionError):
                process.join()
            connection.close()
        self.workers, self._busy = [], {}
        _LIVE.discard(self)


def _serve(connection: Connection, initializer: Callable, initargs: tuple) -> None:
    """A worker's life: start, then do each task sent until None comes, or the pipe ends."""
    initializer(*initargs)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        function, args = task
        try:
            reply = (True, function(*args))
        except Exception:
            reply = (False, traceback.format_exc())
        connection.send(reply)
