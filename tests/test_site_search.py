"""site/search.py: Pagefind indexes only the marked body of pages, from memory, keeps the
index for the next build with the same pages, or fails with a clear message."""

import gzip
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from coprod_site.site.pagefind import BODY_MARK, what_pagefind_reads
from coprod_site.site.search import SearchIndexer, SearchIndexError, shard_folder
from coprod_site.write import MARKER_NAME, Output

PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Navigation words</nav>{body}</body></html>"""
PAGES = {
    "/guide/": PAGE.format(title="Paying people", body='<main data-pagefind-body><h1>Paying '
                           'people</h1><p data-pagefind-filter="kind">Guide</p><p>Pay people '
                           'on the day.</p></main>'),
    "/": PAGE.format(title="Home", body="<main>Listing</main>"),
}


def indexer(pages: dict[str, str], cache=None) -> SearchIndexer:
    """An indexer given `pages` as the render stage gives them."""
    search = SearchIndexer(pages, cache)
    for path, html in pages.items():
        search.add(path, html)
    search.rendered()
    return search


def test_only_pages_with_a_marked_body_are_indexed(tmp_path):
    indexer(PAGES).finish(tmp_path / "pagefind")
    fragments = list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(fragments) == 1
    text = gzip.decompress(fragments[0].read_bytes())
    assert b"Pay people on the day" in text and b'"kind":["Guide"]' in text
    assert b'"url":"/guide/"' in text
    assert b"Navigation words" not in text


def test_the_same_pages_reuse_the_index_and_a_change_does_not(tmp_path):
    cache = tmp_path / "cache"
    first = indexer(PAGES, cache)
    assert first.pending
    first.finish(tmp_path / "one")
    again = indexer(PAGES, cache)
    assert not again.pending
    again.finish(tmp_path / "two")
    assert sorted(p.name for p in (tmp_path / "two").rglob("*")) == \
        sorted(p.name for p in (tmp_path / "one").rglob("*"))
    changed = indexer({**PAGES, "/guide/": PAGES["/guide/"].replace("day", "week")}, cache)
    assert changed.pending
    changed.finish(tmp_path / "three")
    text = b"".join(gzip.decompress(f.read_bytes())
                    for f in (tmp_path / "three" / "fragment").glob("*"))
    assert b"on the week" in text


def test_a_folder_pagefind_cannot_write_is_a_clear_error(tmp_path):
    (tmp_path / "taken").write_text("a file where the folder should go")
    with pytest.raises(SearchIndexError) as error:
        indexer(PAGES).finish(tmp_path / "taken" / "pagefind")
    message = str(error.value)
    assert message.startswith(f"The search index could not be written into {tmp_path}/taken/"
                              "pagefind (")
    assert message.endswith("). Nothing was published.")


def many_pages(count: int, changed: int | None = None) -> dict[str, str]:
    return {f"/guides/g{n}/": PAGE.format(
        title=f"Guide {n}", body=f'<main data-pagefind-body><h1>Guide {n}</h1><p>Word{n} '
        f'{"edited" if n == changed else "here"}.</p></main>') for n in range(count)}


def shard_urls(folder) -> dict[str, set[str]]:
    """Shard folder -> the page addresses its fragments hold."""
    found = {}
    for fragment in folder.rglob("*.pf_fragment"):
        shard = fragment.parent.parent.relative_to(folder).as_posix()
        text = gzip.decompress(fragment.read_bytes()).decode()
        found.setdefault(shard, set()).add(text.split('"url":"')[1].split('"')[0])
    return found


def test_a_large_site_is_indexed_in_shards_that_search_merges(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    indexer(many_pages(10)).finish(tmp_path / "pagefind")
    folder = tmp_path / "pagefind"
    assert json.loads((folder / "indexes.json").read_text()) == ["/pagefind/shard-1/",
                                                                "/pagefind/shard-2/"]
    shards = shard_urls(folder)
    assert sorted(shards) == [".", "shard-1", "shard-2"]
    assert sorted(u for urls in shards.values() for u in urls) == sorted(many_pages(10))
    for shard in ("shard-1", "shard-2"):
        assert (folder / shard / "pagefind-entry.json").is_file()
        assert not list((folder / shard).glob("*.js")) and not list((folder / shard).glob("*.css"))
    assert (folder / "pagefind.js").is_file()


def test_one_changed_page_indexes_only_its_shard_again(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    indexer(many_pages(10), cache).finish(tmp_path / "one")
    before = shard_urls(tmp_path / "one")
    changed = indexer(many_pages(10, changed=7), cache)
    assert len(changed.todo) == 1
    changed.finish(tmp_path / "two")
    assert shard_urls(tmp_path / "two") == before
    shard = next(s for s, urls in before.items() if "/guides/g7/" in urls)
    text = b"".join(gzip.decompress(f.read_bytes())
                    for f in (tmp_path / "two" / shard / "fragment").glob("*"))
    assert b"Word7 edited" in text
    assert len(list((cache / "search").iterdir())) == 3


def files_of(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_first_build_streams_pages_to_pagefind_and_the_index_is_the_same(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    first = indexer(many_pages(10), cache)
    assert first.streaming and first.todo == [0, 1, 2]
    first.finish(tmp_path / "streamed")
    cache_before = files_of(cache)
    for entry in (cache / "search").iterdir():           # the shards' cache keys change
        entry.rename(entry.with_name("0" * 64))
        break
    collected = indexer(many_pages(10), cache)
    assert not collected.streaming and len(collected.todo) == 1
    collected.finish(tmp_path / "collected")
    assert files_of(tmp_path / "collected") == files_of(tmp_path / "streamed")
    assert files_of(cache) == cache_before


def test_given_its_folder_at_the_start_each_shard_is_written_as_it_comes(tmp_path,
                                                                         monkeypatch):
    """The index is not kept in memory until `finish` (at 5,000 pages it is 50 MB)."""
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    direct = tmp_path / "direct"
    search = SearchIndexer(many_pages(10), None, None, direct)
    for path, html in many_pages(10).items():
        search.add(path, html)
    search.rendered()
    for batch in search.batches:
        batch.wait()
    assert search.built == {}
    assert sorted(u for urls in shard_urls(direct).values() for u in urls) == \
        sorted(many_pages(10))                          # on disk before `finish`
    search.finish(direct)
    indexer(many_pages(10)).finish(tmp_path / "kept")
    assert files_of(direct) == files_of(tmp_path / "kept")


def test_an_abandoned_index_ends_every_pagefind_process(tmp_path):
    search = SearchIndexer(PAGES)
    search.add("/guide/", PAGES["/guide/"])
    search.abandon()
    assert search.batches and not any(b.worker.is_alive() for b in search.batches)
    assert all(b.pagefind.process.returncode is not None and not b.delivered
               for b in search.batches)


def test_an_index_abandoned_after_every_page_was_given_ends_too(tmp_path):
    search = indexer(many_pages(10))
    search.abandon()
    assert not any(b.worker.is_alive() for b in search.batches)
    assert all(b.pagefind.process.returncode is not None for b in search.batches)


@pytest.mark.parametrize("damage", ["delete", "change"])
def test_a_damaged_kept_shard_is_indexed_again(tmp_path, monkeypatch, damage):
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    indexer(many_pages(10), cache).finish(tmp_path / "one")
    fragment = sorted((tmp_path / "one" / "fragment").glob("*.pf_fragment"))[0]
    if damage == "delete":       # from the cache
        next((cache / "search").rglob(fragment.name)).unlink()
    else:                        # in the site, in place: its files are links to the cache's
        with open(fragment, "r+b") as file:
            file.write(b"\0")
    again = indexer(many_pages(10), cache)
    assert again.todo == [0]                         # the first shard: pagefind/ itself
    again.finish(tmp_path / "two")
    assert shard_urls(tmp_path / "two") == shard_urls(tmp_path / "one" if damage == "delete"
                                                      else tmp_path / "two")
    assert sorted(u for urls in shard_urls(tmp_path / "two").values() for u in urls) == \
        sorted(many_pages(10))                       # every fragment reads (gzip) and is there
    assert indexer(many_pages(10), cache).todo == []


@pytest.mark.parametrize("named", ["../outside.js", "/etc/outside", "fragment/../../outside",
                                   ".."])
def test_a_file_pagefind_names_outside_the_index_is_refused(tmp_path, named):
    from coprod_site.site.search import _write_files
    with pytest.raises(SearchIndexError) as error:
        _write_files(tmp_path / "pagefind", [{"path": named, "content": "eA=="}])
    assert str(error.value) == f"Pagefind named a file outside the index: {named}"
    assert not (tmp_path / "outside.js").exists() and not (tmp_path / "pagefind").exists()


def test_a_shard_is_written_as_soon_as_its_last_page_is_given(tmp_path, monkeypatch):
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    pages = many_pages(10)
    search = SearchIndexer(pages, None, 1, tmp_path / "pagefind")
    in_order = sorted(pages, key=search.shard_of)
    first = [path for path in in_order if search.shard_of(path) == 0]
    for path in first:
        search.add(path, pages[path])
    entry = tmp_path / "pagefind" / "pagefind-entry.json"
    for _ in range(500):                     # up to 10 s: Pagefind finishes shard 0 meanwhile
        if entry.is_file():
            break
        time.sleep(0.02)
    assert entry.is_file() and not (tmp_path / "pagefind" / "shard-1").exists()
    for path in in_order[len(first):]:
        search.add(path, pages[path])
    search.rendered()
    search.finish(tmp_path / "pagefind")
    assert sorted(u for urls in shard_urls(tmp_path / "pagefind").values() for u in urls) == \
        sorted(pages)


def test_with_a_kept_index_a_changed_shard_goes_to_pagefind_once_its_last_page_is_given(
        tmp_path, monkeypatch):
    """Pagefind indexes it while the rest of the site renders, not after the last page."""
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    indexer(many_pages(10), cache).finish(tmp_path / "before")
    pages = many_pages(10, changed=7)
    search = SearchIndexer(pages, cache, 1, tmp_path / "pagefind")
    assert not search.streaming
    changed = search.shard_of("/guides/g7/")
    in_order = sorted(pages, key=lambda path: (search.shard_of(path) != changed, path))
    given = [path for path in in_order if search.shard_of(path) == changed]
    for path in given:
        search.add(path, pages[path])
    entry = tmp_path / "pagefind" / shard_folder(changed) / "pagefind-entry.json"
    for _ in range(500):                     # up to 10 s: Pagefind indexes it meanwhile
        if entry.is_file():
            break
        time.sleep(0.02)
    assert entry.is_file() and search.todo == [changed]
    for path in in_order[len(given):]:
        search.add(path, pages[path])
    search.rendered()
    search.finish(tmp_path / "pagefind")
    assert search.todo == [changed]
    fresh = indexer(pages)
    fresh.finish(tmp_path / "fresh")
    assert files_of(tmp_path / "pagefind") == files_of(tmp_path / "fresh")


def test_only_the_pages_it_was_given_to_search_are_indexed(tmp_path):
    """A theme's mark on another page (a listing, or a page whose text shows the words
    `data-pagefind-body`) does not put it in the index."""
    search = SearchIndexer(["/guide/"])
    search.add("/guide/", PAGES["/guide/"])
    search.add("/other/", PAGES["/guide/"].replace("/guide/", "/other/"))
    search.rendered()
    search.finish(tmp_path / "pagefind")
    assert shard_urls(tmp_path / "pagefind") == {".": {"/guide/"}}


def test_ctrl_c_while_the_index_is_written_stops_every_write_before_the_build_cleans_up(
        tmp_path, monkeypatch):
    """Ctrl-C during `finish` (as on a slow disk), then `abandon`: when it returns, nothing
    is writing into the folder the build is about to remove, and nothing writes later."""
    import signal
    import threading
    from coprod_site.site import search as search_module
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 2)
    writing, log = threading.Event(), []
    write = search_module._write_files

    def slow_write(folder, files, scripts=True):
        writing.set()
        log.append("start")
        time.sleep(0.3)
        write(folder, files, scripts)
        log.append("end")

    monkeypatch.setattr(search_module, "_write_files", slow_write)
    search = SearchIndexer(many_pages(10), None, 1, tmp_path / "pagefind")
    for path, html in many_pages(10).items():
        search.add(path, html)
    search.rendered()
    threading.Thread(target=lambda: (writing.wait(10), time.sleep(0.05),
                                     signal.pthread_kill(threading.main_thread().ident,
                                                         signal.SIGINT))).start()
    with pytest.raises(KeyboardInterrupt):
        search.finish(tmp_path / "pagefind")
    search.abandon()
    done = list(log)
    assert done and done[-1] == "end"               # the write under way ended first
    time.sleep(0.5)
    assert log == done                              # and none began after


def test_a_build_never_removes_kept_shards_another_build_may_be_copying(tmp_path,
                                                                        monkeypatch):
    """Two builds of one site at once (into two folders, or `serve` and `build`)."""
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    indexer(many_pages(10), cache).finish(tmp_path / "one")
    other = SearchIndexer(many_pages(10), cache)            # another build, rendering
    indexer(many_pages(10, changed=7), cache).finish(tmp_path / "two")
    assert len(list((cache / "search").iterdir())) == 4     # the old shard is still there
    for path, html in many_pages(10).items():
        other.add(path, html)
    other.rendered()
    assert other.todo == []
    other.finish(tmp_path / "three")
    assert files_of(tmp_path / "three") == files_of(tmp_path / "one")
    indexer(many_pages(10, changed=7), cache).finish(tmp_path / "four")   # alone again
    assert len(list((cache / "search").iterdir())) == 3


def test_pagefind_not_installed_is_said_once_plainly(tmp_path, monkeypatch):
    from conftest import make_site, page, run
    monkeypatch.setattr("coprod_site.site.pagefind.pagefind_binary", lambda: None)
    root = make_site(tmp_path / "site", {"content/guides/paying.md": page()})
    code, out, err = run(root, "build", "--today", "2026-04-01")
    assert (code, out) == (2, "")
    assert err == ("coprod: The search index could not be built: Pagefind is not installed. "
                   "Run: pip install 'pagefind[bin]'. Nothing was published.\n")
    assert not (root / "public").exists() and not list(root.glob(".public.*"))


@pytest.mark.parametrize("program, why", [
    ("missing", "No such file or directory"),
    ("not-a-program", "Permission denied"),
])
def test_a_pagefind_that_cannot_be_started_is_named(tmp_path, monkeypatch, program, why):
    """PAGEFIND_BINARY_PATH naming no program, or a file that is not one: the message says
    which and where to look, not that the index could not be written."""
    from conftest import make_site, page, run
    (tmp_path / "not-a-program").write_text("not a program\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / program))
    root = make_site(tmp_path / "site", {"content/guides/paying.md": page()})
    code, out, err = run(root, "build", "--today", "2026-04-01")
    assert (code, out) == (2, "")
    assert err == (f"coprod: The search index could not be built: Pagefind could not be "
                   f"started ({tmp_path / program}: {why}). Check the program "
                   "PAGEFIND_BINARY_PATH names. Nothing was published.\n")
    assert not (root / "public").exists()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])   # the OOM killer, pkill
def test_pagefind_ended_part_way_is_said_plainly_and_nothing_is_published(tmp_path, how):
    public = tmp_path / "public"
    first = Output(public)
    first.write("/", "the previous site")
    first.commit()
    pages = many_pages(40)
    output = Output(public)
    with pytest.raises(SearchIndexError) as raised, output.stage():
        search = SearchIndexer(pages, None, 1, output.root / "pagefind")
        paths = list(pages)
        for path in paths[:20]:
            search.add(path, pages[path])
        batch = search.batches[0]
        while batch.pagefind is None:
            time.sleep(0.01)
        os.kill(batch.pagefind.process.pid, how)
        batch.pagefind.process.wait()
        for path in paths[20:]:
            search.add(path, pages[path])
        search.rendered()
        search.finish(output.root / "pagefind")
    assert str(raised.value) == (
        "The search index could not be built: Pagefind stopped before it finished. Nothing "
        "was published. The previous site is unchanged. Build again; if it happens again, "
        "check that the computer has enough free memory.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert sorted(p.name for p in public.iterdir()) == [MARKER_NAME, "index.html"]
    assert (public / "index.html").read_text() == "the previous site"


def big_pages(count: int, size: int = 20_000) -> dict[str, str]:
    """`count` marked pages of about `size` bytes of text each."""
    words = " ".join(f"word{n}" for n in range(size // 8))
    return {f"/guides/g{n}/": PAGE.format(
        title=f"Guide {n}", body=f'<main data-pagefind-body><h1>Guide {n}</h1><p>{words} '
        f'page{n}.</p></main>') for n in range(count)}


def finish_within(search: SearchIndexer, folder, seconds: float):
    """`search.finish(folder)` in a thread: (the error it raised or None, seconds taken);
    fails the test if it has not returned within `seconds`."""
    import threading
    ended: dict = {}

    def finish():
        try:
            search.finish(folder)
        except BaseException as error:      # handed to the test
            ended["error"] = error

    started = time.monotonic()
    thread = threading.Thread(target=finish, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"finish did not return within {seconds} seconds"
    return ended.get("error"), time.monotonic() - started


def test_pagefind_that_stops_reading_ends_the_build_once_nothing_moves_for_the_timeout(
        tmp_path, monkeypatch):
    """A stopped (or wedged) Pagefind fills the pipe and the page writes block: the build
    still ends, TIMEOUT_SECONDS after Pagefind's last sign of life, and Pagefind is ended."""
    monkeypatch.setattr("coprod_site.site.pagefind.TIMEOUT_SECONDS", 2)
    public = tmp_path / "public"
    first = Output(public)
    first.write("/", "the previous site")
    first.commit()
    pages = big_pages(300)                  # about 6 MB: far more than a pipe holds
    output = Output(public)
    with pytest.raises(SearchIndexError) as raised, output.stage():
        search = SearchIndexer(pages, None, 1, output.root / "pagefind")
        batch = search.batches[0]
        while batch.pagefind is None:
            time.sleep(0.01)
        process = batch.pagefind.process
        try:
            os.kill(process.pid, signal.SIGSTOP)
            for path, html in pages.items():
                search.add(path, html)
            search.rendered()
            error, took = finish_within(search, output.root / "pagefind", 20)
            assert process.returncode is not None           # ended, and waited for
            assert 2 <= took < 10
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGCONT)
                process.kill()
                search.abandon()
        raise error
    assert str(raised.value) == (
        "The search index could not be built: Pagefind stopped answering (nothing for 2 "
        "seconds). Nothing was published. The previous site is unchanged. Build again; if it "
        "happens again, check that the computer is not overloaded or short of memory.")
    assert raised.value.reason == "Pagefind stopped answering"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert sorted(p.name for p in public.iterdir()) == [MARKER_NAME, "index.html"]
    assert (public / "index.html").read_text() == "the previous site"


def test_pagefind_that_reads_but_never_answers_ends_the_build(tmp_path, monkeypatch):
    """`coprod build` with a Pagefind that takes every page and answers nothing: exit 2, one
    plain message, nothing published, no process left."""
    from conftest import make_site, page, run
    monkeypatch.setattr("coprod_site.site.pagefind.TIMEOUT_SECONDS", 1)
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\nexec cat > /dev/null\n")
    fake.chmod(0o755)
    monkeypatch.setattr("coprod_site.site.pagefind.pagefind_binary", lambda: fake)
    root = make_site(tmp_path / "site", {"content/guides/paying.md": page()})
    code, out, err = run(root, "build", "--today", "2026-04-01")
    assert (code, out) == (2, "")
    assert err == ("coprod: The search index could not be built: Pagefind stopped answering "
                   "(nothing for 1 seconds). Nothing was published. The previous site is "
                   "unchanged. Build again; if it happens again, check that the computer is "
                   "not overloaded or short of memory.\n")
    assert not (root / "public").exists() and not list(root.glob(".public.*"))
    with pytest.raises(ProcessLookupError):
        os.kill(int((tmp_path / "pid").read_text()), 0)


def test_a_slow_pagefind_that_keeps_answering_is_never_cut_off(tmp_path, monkeypatch):
    """Pagefind paused again and again (as on an overloaded machine) takes several times the
    timeout in all, but never stays silent that long: the index is built whole. (Small pages:
    each step Pagefind takes alone, paused so, stays well inside the timeout.)"""
    import threading
    monkeypatch.setattr("coprod_site.site.pagefind.TIMEOUT_SECONDS", 2)
    pages = big_pages(1000, 2_000)
    search = SearchIndexer(pages, None, 1, tmp_path / "pagefind")
    batch = search.batches[0]
    while batch.pagefind is None:
        time.sleep(0.01)
    process, done = batch.pagefind.process, threading.Event()

    def throttle():                     # paused 0.4 s in every 0.5 s
        while not done.is_set() and process.poll() is None:
            process.send_signal(signal.SIGSTOP)
            done.wait(0.4)
            process.send_signal(signal.SIGCONT)
            done.wait(0.1)

    slow = threading.Thread(target=throttle, daemon=True)
    slow.start()
    try:
        for path, html in pages.items():
            search.add(path, html)
        search.rendered()
        error, took = finish_within(search, tmp_path / "pagefind", 120)
    finally:
        done.set()
        slow.join()
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
    assert error is None
    assert took > 4                     # twice the timeout, at least
    assert sorted(u for urls in shard_urls(tmp_path / "pagefind").values() for u in urls) == \
        sorted(pages)


def test_a_kept_shard_that_vanishes_before_it_is_copied_stops_the_index(tmp_path, monkeypatch):
    """Never an index with a shard's files missing: a kept shard taken away after it was
    found whole (by hand: builds hold a lock) is an error, not an empty copy."""
    monkeypatch.setattr("coprod_site.site.search.SHARD_PAGES", 4)
    cache = tmp_path / "cache"
    indexer(many_pages(10), cache).finish(tmp_path / "one")
    again = indexer(many_pages(10), cache)
    assert again.todo == []
    shutil.rmtree(again.cached[1])
    with pytest.raises(SearchIndexError) as error:
        again.finish(tmp_path / "two")
    assert str(error.value) == (f"The search index could not be written into {tmp_path / 'two'} "
                                "(No such file or directory). Nothing was published.")


@pytest.mark.parametrize("site", [".", "tests/browser/fixture_site"])
def test_pagefind_is_given_only_what_it_reads_and_makes_the_same_index(site, tmp_path,
                                                                       monkeypatch):
    from conftest import run
    code, _, _ = run(Path(__file__).resolve().parent.parent / site, "build", "--no-cache",
                     "--quiet", "--out", str(tmp_path / "hub"))
    assert code == 0
    pages = {"/" + p.parent.relative_to(tmp_path / "hub").as_posix().strip(".") + "/":
             p.read_text(encoding="utf-8") for p in (tmp_path / "hub").rglob("index.html")}
    pages = {path.replace("//", "/"): html for path, html in pages.items()}
    marked = [html for html in pages.values() if BODY_MARK in html]
    assert len(marked) >= 5 and all(what_pagefind_reads(html) != html for html in marked)
    indexer(pages).finish(tmp_path / "given-less")
    monkeypatch.setattr("coprod_site.site.search.what_pagefind_reads", lambda html: html)
    indexer(pages).finish(tmp_path / "given-whole")
    assert _comparable(tmp_path / "given-less") == _comparable(tmp_path / "given-whole")


def _comparable(folder) -> tuple[dict[str, bytes], list[bytes]]:
    """Every file of an index, byte for byte (each page's fragment, the word index), but
    for the files Pagefind writes in an order that changes from run to run for the same
    pages (its filters, and the files named after their hash): those by what they hold."""
    files, unstable = {}, []
    for rel, data in files_of(folder).items():
        if rel.startswith("filter/"):
            unstable.append(bytes(sorted(gzip.decompress(data))))
        elif not rel.endswith((".pf_meta", "pagefind-entry.json")):
            files[rel] = data
    return files, sorted(unstable)


WHOLE = '<html lang="cy"><head><title>T</title>{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize("head, body", [
    ("", "<main data-pagefind-body>Words</main><aside data-pagefind-body>More</aside>"),
    ('<meta data-pagefind-default-meta="image[content]" content="/a.png">',
     "<main data-pagefind-body>Words</main>"),
    ("", '<main data-pagefind-body>Words</main><p data-pagefind-filter="kind">Guide</p>'),
    ("", "<div data-pagefind-body><div>Words</div></div>"),
    ("", "<main data-pagefind-body>Words"),
    ("", "<main>Words</main>"),
    ("", "<header><h1>The title</h1></header><main data-pagefind-body>Words</main>"),
    ("", '<main data-pagefind-body><h2>Words</h2></main><footer><img src="/a.png" alt=""></footer>'),
], ids=["two marks", "metadata in the head", "a filter outside", "nested", "never closed",
        "no mark", "the first h1 outside", "an image outside"])
def test_a_page_of_another_shape_is_given_to_pagefind_whole(head, body):
    html = WHOLE.format(head=head, body=body)
    assert what_pagefind_reads(html) == html


def test_pagefind_is_given_the_language_the_title_and_the_marked_element():
    html = WHOLE.format(head='<meta charset="utf-8"><link rel="stylesheet" href="/a.css">',
                        body='<nav>Menu</nav><article class="x" data-pagefind-body><h1>Hi</h1>'
                             '<p data-pagefind-filter="kind">Guide</p></article><footer>F</footer>')
    assert what_pagefind_reads(html) == (
        '<html lang="cy"><head><title>T</title></head><body><article class="x" '
        'data-pagefind-body><h1>Hi</h1><p data-pagefind-filter="kind">Guide</p></article>'
        '</body></html>')


def test_pagefind_is_found_where_its_own_package_finds_it(tmp_path, monkeypatch):
    """`pagefind_binary` looks where `pagefind.service.get_executable` does, without
    importing it (and asyncio with it) into the build."""
    from pagefind.service import get_executable
    from coprod_site.site.pagefind import pagefind_binary
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert pagefind_binary() == get_executable() and pagefind_binary().is_file()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "pagefind"))
    assert pagefind_binary() == get_executable() == tmp_path / "pagefind"
