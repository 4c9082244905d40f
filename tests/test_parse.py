"""parse.py: the worker processes that parse a site end with the build, however it ends."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_site, page

TEXT = "Ask people what they need, then plan the work with them. " * 40


def parsing_site(root: Path) -> Path:
    """Enough pages to be parsed by worker processes for a good part of a second."""
    return make_site(root, {f"content/guides/g{n}.md": page(
        title=f"How to run session {n} well", body=f"## Session {n}\n\n{TEXT}\n\n{TEXT}\n")
        for n in range(400)})


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def start_and_wait_for_workers(root: Path) -> tuple[subprocess.Popen, list[int]]:
    build = subprocess.Popen([sys.executable, "-m", "coprod_site", "-C", str(root), "build",
                              "--no-cache", "--jobs", "2", "--today", "2026-04-01", "--quiet"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for _ in range(3000):
        workers = children(build.pid)
        if len(workers) >= 2:
            return build, workers
        time.sleep(0.005)
    build.kill()
    pytest.fail("the build started no worker processes")


def finished(build: subprocess.Popen) -> tuple[str, str]:
    """The build's output once it ends; if it hangs, it is killed and the test fails."""
    try:
        return build.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        pytest.fail("the build waited for ever")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_to_the_whole_terminal_while_parsing_stops_the_build_cleanly(tmp_path, how):
    """A terminal's Ctrl-C (and a CI job's cancel) reaches every process of the build."""
    build, workers = start_and_wait_for_workers(parsing_site(tmp_path / "site"))
    time.sleep(0.1)
    os.killpg(build.pid, how)
    stdout, stderr = build.communicate(timeout=30)
    assert (build.returncode, stdout, stderr) == (
        2, "", "coprod: stopped. Nothing half-built was published.\n")
    assert not [pid for pid in workers if alive(pid)]
    assert not (tmp_path / "site" / "public").exists()


def test_workers_end_when_the_build_is_killed(tmp_path):
    """A killed build leaves no worker behind holding its output open (a CI step that reads
    the build's output would wait for ever)."""
    build, workers = start_and_wait_for_workers(parsing_site(tmp_path / "site"))
    build.kill()
    build.communicate(timeout=30)
    for _ in range(500):
        if not [pid for pid in workers if alive(pid)]:
            break
        time.sleep(0.01)
    assert not [pid for pid in workers if alive(pid)]


def test_a_worker_that_dies_while_parsing_stops_the_build_with_a_message(tmp_path):
    """Killed for lack of memory, say: the build says so and ends (it used to wait for
    ever), leaving no worker and no half-built site."""
    build, workers = start_and_wait_for_workers(parsing_site(tmp_path / "site"))
    time.sleep(0.3)
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = finished(build)
    assert (build.returncode, stdout, stderr) == (2, "", (
        "coprod: A worker process reading the pages stopped before it finished (the computer "
        "may be short of memory), so nothing half-built was published. Nothing in the pages "
        "needs fixing: try again, and if it happens again, use --jobs 1, which needs less "
        "memory.\n"))
    assert not [pid for pid in workers if alive(pid)]
    assert not (tmp_path / "site" / "public").exists()


@pytest.mark.parametrize("gap", [0.0, 0.005, 0.02, 0.05])
def test_a_second_ctrl_c_while_the_build_stops_ends_it_too(tmp_path, gap):
    """It used to wait for ever for workers that were waiting for work, or print a
    traceback."""
    build, workers = start_and_wait_for_workers(parsing_site(tmp_path / "site"))
    time.sleep(0.2)
    os.killpg(build.pid, signal.SIGINT)
    time.sleep(gap)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = finished(build)
    assert build.returncode in (2, -signal.SIGINT)      # the second may end Python's exit
    assert (stdout, stderr) == ("", "coprod: stopped. Nothing half-built was published.\n")
    assert not [pid for pid in workers if alive(pid)]


COUNT_WORKERS = """
import os, sys
from datetime import date
from pathlib import Path
from coprod_site import build
from coprod_site.config import load_config

def forked():
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        pids += (task / "children").read_text().split()
    return len(pids)

seen, real = [], build.load_site
build.load_site = lambda *args, **kwargs: (seen.append(forked()), real(*args, **kwargs))[1]
result = build.run(load_config(Path(sys.argv[1])), build.Options(date(2026, 4, 1), jobs=2,
                                                                 cache=False))
print(seen, len(result.site.resources), result.errors, forked())
"""


@pytest.mark.parametrize("pages, started", [(400, 2), (5, 0)])
def test_workers_are_started_before_the_pages_are_read(tmp_path, pages, started):
    """So they parse the first pages while the build reads the rest, and hold no copy of
    them. A small site is parsed in the build's process, with no workers. (In a process of
    its own, as `coprod build` runs: one with other threads, such as `coprod serve`, starts
    its workers when it parses.)"""
    root = make_site(tmp_path / "site", {f"content/guides/g{n}.md": page(
        title=f"How to run session {n} well", body=f"## Session {n}\n\n{TEXT}\n")
        for n in range(pages)})
    found = subprocess.run([sys.executable, "-c", COUNT_WORKERS, str(root)],
                           capture_output=True, text=True, timeout=120)
    assert found.stdout == f"[{started}] {pages} 0 0\n", found.stderr


GIVEN_WHILE_LOADING = """
import sys
from datetime import date
from pathlib import Path
from coprod_site import build, parse
from coprod_site.config import load_config

loading, given = [False], []
real_load, real_submit = build.load_site, parse.WorkerPool.submit

def load_site(*args, **kwargs):
    loading[0] = True
    try:
        return real_load(*args, **kwargs)
    finally:
        loading[0] = False

def submit(self, function, task):
    given.append((loading[0], len(task[1])))
    return real_submit(self, function, task)

build.load_site, parse.WorkerPool.submit = load_site, submit
result = build.run(load_config(Path(sys.argv[1])), build.Options(date(2026, 4, 1), jobs=2,
                                                                 cache=sys.argv[2] == "cache"))
print(sum(count for loading, count in given if loading), max(count for _, count in given),
      len(result.site.resources), result.errors)
"""


def test_the_workers_parse_pages_while_the_rest_are_still_being_read(tmp_path):
    """In a process of its own, as `coprod build` runs."""
    root = make_site(tmp_path, {f"content/guides/g{n:03}.md": page(
        title=f"How to run session {n} well", body=f"## Session {n}\n\n{TEXT}\n")
        for n in range(100)})
    found = subprocess.run([sys.executable, "-c", GIVEN_WHILE_LOADING, str(root), "none"],
                           capture_output=True, text=True, timeout=120)
    given_while_loading, biggest, pages, errors = map(int, found.stdout.split())
    assert (pages, errors, biggest) == (100, 0, 16), found.stderr
    assert given_while_loading > 100 - 16       # all but the last chunk, at most


def test_the_few_pages_not_in_the_cache_are_parsed_while_the_rest_load(tmp_path):
    """As in CI with the cache kept: each goes to a waiting worker as soon as it is read."""
    root = make_site(tmp_path, {f"content/guides/g{n:03}.md": page(
        title=f"How to run session {n} well", body=f"## Session {n}\n\n{TEXT}\n")
        for n in range(100)})
    run = [sys.executable, "-c", GIVEN_WHILE_LOADING, str(root), "cache"]
    assert subprocess.run(run, capture_output=True, text=True, timeout=120).returncode == 0
    for n in (10, 60, 90):
        path = root / f"content/guides/g{n:03}.md"
        path.write_text(path.read_text() + "\nAsk people what they need.\n")
    found = subprocess.run(run, capture_output=True, text=True, timeout=120)
    # one at a time; the first two while loading (the third, if both workers are still busy
    # with the first two, as soon as the load ends)
    assert found.stdout in ("2 1 100 0\n", "3 1 100 0\n"), found.stderr


def test_an_easy_read_version_read_before_the_page_naming_it_is_held_to_its_own_scale(
        tmp_path):
    """Its chunk went to a worker before the load stage knew it was an Easy Read version."""
    from conftest import run
    sixteen = " ".join(["people"] * 16) + "."
    root = make_site(tmp_path, {
        "content/guides/a-easy.md": page(title="Easy Read", body=sixteen + "\n"),
        "content/guides/b.md": page(body="Pay people.\n", easy_read="a-easy.md"),
        **{f"content/guides/g{n:03}.md": page(title=f"How to run session {n} well")
           for n in range(40)}})
    code, out, _ = run(root, "check", "--jobs", "2", "--no-cache", "--today", "2026-04-01")
    assert "content/guides/a-easy.md:9:1: warning CP302 long-sentence: This sentence has 16 " \
           "words. Try to keep sentences under 15 words." in out
