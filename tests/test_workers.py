"""workers.py: the parse stage's pool ends however its workers end."""

import os
import signal
import time

import pytest

from coprod_site.workers import WorkerDied, WorkerError, WorkerPool


def ignore_stop_signals():
    for stop in (signal.SIGINT, signal.SIGTERM):       # as the parse workers do
        signal.signal(stop, signal.SIG_IGN)


def slow_square(n: int, seconds: float) -> int:
    time.sleep(seconds)
    return n * n


def pid_of_worker(_: int) -> int:
    return os.getpid()


def fail(n: int) -> int:
    raise ValueError(f"no square for {n}")


@pytest.fixture(params=["fork", "forkserver"])
def pool(request):
    pool = WorkerPool(2, request.param, ignore_stop_signals, ())
    yield pool
    pool.kill()


def test_results_come_in_the_order_of_the_tasks(pool):
    tasks = [(n, 0.05 if n % 3 == 0 else 0.0) for n in range(12)]
    assert list(pool.map(slow_square, tasks)) == [n * n for n in range(12)]
    assert len(set(pool.map(pid_of_worker, [(n,) for n in range(20)]))) == 2


def test_a_task_that_fails_raises_with_the_workers_traceback(pool):
    with pytest.raises(WorkerError, match=r"(?s)Traceback.*ValueError: no square for 3"):
        list(pool.map(fail, [(3,)]))


def test_a_worker_that_dies_is_worker_died_not_a_wait_for_ever(pool):
    [first, _] = [process.pid for process, _ in pool.workers]
    results = pool.map(slow_square, [(n, 1.0) for n in range(4)])
    time.sleep(0.3)
    os.kill(first, signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(WorkerDied):
        list(results)
    assert time.monotonic() - started < 5


def test_kill_ends_busy_workers_that_ignore_sigterm_at_once(pool):
    processes = [process for process, _ in pool.workers]
    results = pool.map(slow_square, [(n, 60.0) for n in range(4)])
    with pytest.raises(TimeoutError):
        with_timeout(results)
    started = time.monotonic()
    pool.kill()
    assert time.monotonic() - started < 5
    assert not [p for p in processes if p.is_alive()]


def with_timeout(results):
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError()))
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        next(results)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_close_lets_the_workers_end(pool):
    processes = [process for process, _ in pool.workers]
    assert list(pool.map(slow_square, [(2, 0.0)])) == [4]
    pool.close()
    assert [p.exitcode for p in processes] == [0, 0]


@pytest.mark.parametrize("then", ["", "del pool\n"], ids=["kept", "dropped"])
def test_workers_left_running_do_not_hold_pythons_exit(tmp_path, then):
    """Python's exit sends SIGTERM to child processes, which workers ignore, and waits. Also
    when the pool itself was dropped (its owner stopped by a second Ctrl-C before ending it)."""
    import subprocess
    import sys
    script = ("import signal, time\n"
              "from coprod_site.workers import WorkerPool\n"
              "def ignore():\n"
              "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "if __name__ == '__main__':\n"
              "    pool = WorkerPool(2, 'fork', ignore, ())\n"
              "    print(' '.join(str(p.pid) for p, _ in pool.workers), flush=True)\n"
              + (f"    {then}" if then else ""))
    (tmp_path / "left.py").write_text(script)
    done = subprocess.run([sys.executable, str(tmp_path / "left.py")], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    for pid in map(int, done.stdout.split()):
        assert not os.path.exists(f"/proc/{pid}") or \
            open(f"/proc/{pid}/stat").read().split()[2] == "Z"


def test_a_result_asked_for_after_the_pool_was_ended_is_worker_died():
    pool = WorkerPool(1, "fork", ignore_stop_signals, ())
    ticket = pool.submit(time.sleep, (5,))
    pool.submit(time.sleep, (0,))                       # queued behind it
    pool.kill()
    with pytest.raises(WorkerDied):
        pool.result(ticket)
