"""A time limit for parsing one page body.

Python-Markdown takes time that grows with the square (or worse) of some odd inputs: a long
run of `[` or `<a ` that never closes takes minutes or hours, so one broken or hostile file
could hold up every build. No simple limit on the text catches every such pattern, so the
parse of each body gets a generous time limit instead: 5 seconds plus 30 seconds per MB of
text, where ordinary pages take milliseconds and a 1 MB page of real prose about 7 seconds
on a slow machine. It uses a timer signal, which only the main thread can
receive; elsewhere the parse runs without a limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading


class TooSlow(Exception):
    """The parse ran out of time."""


@contextlib.contextmanager
def time_limit(seconds: float):
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def out_of_time(signum, frame):
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
