"""`coprod serve`: a real server on loopback, real file changes, pages fetched over HTTP."""

from __future__ import annotations

import html
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from conftest import make_site, page, run
from coprod_site.build import Options
from coprod_site.config import PACKAGE_THEME
from coprod_site.commands.serve import DevServer, DevSite, Problem
from coprod_site.site.pagefind import PagefindProcess

TODAY = date(2026, 6, 1)
REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


def fetch(url: str) -> tuple[int, str, str]:
    """Status, content type and text of `url` (error statuses included)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def wait_for_new_version(origin: str, old: str) -> str:
    """The version after `old`, asked for at most ten seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        version = fetch(origin + "/__coprod/version")[2]
        if version != old:
            return version
        time.sleep(0.1)
    raise AssertionError(f"the site was not rebuilt within 10 s (version still {old})")


def test_saving_a_file_rebuilds_reloads_and_shows_errors_until_fixed(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    said: list[str] = []
    options = Options(today=TODAY, search_later=True)           # as `coprod serve` builds
    server = DevServer(DevSite(root, options, echo=said.append), port=0)
    server.start()
    try:
        origin = server.origin
        status, ctype, text = fetch(origin + "/guides/paying/")
        assert (status, ctype) == (200, "text/html; charset=utf-8")
        assert "<title>Paying people | " in text
        assert ('<script src="/__coprod/reload.js" data-version="1" '
                'data-search-version="1.1"></script>\n</body>') in text
        on_disk = (root / "public" / "guides" / "paying" / "index.html").read_text(encoding="utf-8")
        assert "__coprod" not in on_disk
        status, ctype, script = fetch(origin + "/__coprod/reload.js")
        assert (status, ctype) == (200, "text/javascript; charset=utf-8")
        assert '(search ? "&" : "?") + "after="' in script
        assert "window.location.reload()" in script
        assert fetch(origin + "/__coprod/version")[2] == "1"
        assert fetch(origin + "/__coprod/version?search")[2] == "1.1"   # its index came after

        assert fetch(origin + "/__coprod/version?after=0")[2] == "1"     # at once
        source = root / "content" / "guides" / "paying.md"
        source.write_text(page(title="Paying people well"), encoding="utf-8")
        assert fetch(origin + "/__coprod/version?after=1")[2] == "2"     # held until then
        assert "<title>Paying people well | " in fetch(origin + "/guides/paying/")[2]
        deadline = time.monotonic() + 10
        while fetch(origin + "/__coprod/version?search")[2] != "2.2":
            assert time.monotonic() < deadline, "the search page was not told of its new index"
            time.sleep(0.05)

        source.write_text(page(title=None, **{"titel<script>": "Paying people"}), encoding="utf-8")
        assert wait_for_new_version(origin, "2") == "3"
        status, ctype, text = fetch(origin + "/guides/paying/")
        assert (status, ctype) == (500, "text/html; charset=utf-8")
        assert "<h1>The site could not be rebuilt</h1>" in text
        code, out, _ = run(root, "check", "--today", TODAY.isoformat(), "--format", "json")
        errors = [d for d in json.loads(out)["diagnostics"] if d["severity"] == "error"]
        assert [d["code"] for d in errors] == ["CP102", "CP103"]
        for d in errors:
            words = html.escape(f"error {d['code']} {d['name']}: {d['message']}")
            advice = html.escape(d["suggestion"] or "Open the file at that line, fix it, and save.")
            where = f"{d['file']}:{d['line']}:{d['column']}"
            assert (f'<li class="card"><h2><code>{where}</code></h2>'
                    f"<p>{words}</p><p><strong>What to do:</strong> {advice}</p></li>") in text
        assert '<link rel="stylesheet" href="/__coprod/style.css">' in text
        status, ctype, css = fetch(origin + "/__coprod/style.css")
        assert (status, ctype) == (200, "text/css; charset=utf-8")
        assert css == (PACKAGE_THEME / "static" / "style.css").read_text(encoding="utf-8")
        assert "&#x27;titel&lt;script&gt;&#x27; is not a key the hub knows." in text
        assert text.count("<script") == 1                  # only the reload script
        assert fetch(origin + "/no-such-page/")[2] == text  # every page shows the problems
        assert fetch(origin + "/")[0] == 500
        assert "<title>Paying people well | " in (
            root / "public" / "guides" / "paying" / "index.html").read_text(encoding="utf-8")
        assert any(line.startswith(f"{errors[1]['file']}:{errors[1]['line']}:") for line in
                   "\n".join(said).splitlines())
        assert said[-1] == ("The site was not rebuilt. The page in your browser lists the "
                            "problems; save a fix and it updates by itself.")

        source.write_text(page(title="Paying people fairly"), encoding="utf-8")
        assert wait_for_new_version(origin, "3") == "4"
        status, _, text = fetch(origin + "/guides/paying/")
        assert status == 200
        assert "<title>Paying people fairly | " in text
        assert fetch(origin + "/no-such-page/")[0] == 404
    finally:
        server.stop()


def test_a_version_request_is_held_until_the_version_changes_or_the_server_stops(tmp_path):
    """The reload script asks with its page's version; the answer comes as soon as a rebuild
    makes another, so the browser reloads without polling, or when the wait ends."""
    dev = DevSite(tmp_path, Options(today=TODAY), echo=lambda text: None)
    answers = []
    asking = threading.Thread(target=lambda: answers.append(dev.wait_for(False, "0")))
    asking.start()
    time.sleep(0.2)
    assert answers == []
    dev.version = 1
    dev.notify()
    asking.join(timeout=5)
    assert answers == ["1"]
    started = time.monotonic()
    assert dev.wait_for(False, "1", seconds=0.3) == "1"                 # the wait ended
    assert time.monotonic() - started >= 0.3
    asking = threading.Thread(target=lambda: answers.append(dev.wait_for(True, "1.0")))
    asking.start()
    dev.notify(closed=True)                                             # the server stops
    asking.join(timeout=5)
    assert answers == ["1", "1.0"]


def test_a_page_withdrawn_under_serve_is_said_once_as_build_says_it(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people"),
                                "content/guides/old.md": page(title="Old advice")})
    said: list[str] = []
    dev = DevSite(root, Options(today=TODAY), echo=said.append)
    dev.rebuild()
    (root / "content/guides/old.md").write_text(page(title="Old advice", status="withdrawn"),
                                                encoding="utf-8")
    dev.rebuild()
    dev.rebuild()                                      # nothing new: not said again
    withdrawn = [line for line in said if line.startswith("Withdrawn:")]
    code, out, _ = run(root, "build", "--today", TODAY.isoformat(), "--out", str(tmp_path / "b"))
    assert withdrawn == [line for line in out.splitlines() if line.startswith("Withdrawn:")]
    assert len(withdrawn) == 1 and withdrawn[0].startswith(
        "Withdrawn: content/guides/old.md is left out of the site because ")


@pytest.mark.parametrize("line, said", [
    ("{% if %}\n", "Expected an expression, got 'end of statement block'"),    # compiling
    ("{{ share_buttons() }}\n", "'share_buttons' is undefined"),                  # rendering
])
def test_a_broken_template_is_shown_in_the_page_at_its_line_not_a_crash(tmp_path, line, said):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    shutil.copytree(PACKAGE_THEME, root / "themes" / "hub")
    base = root / "themes" / "hub" / "templates" / "base.html"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, line)
    base.write_text("".join(lines), encoding="utf-8")
    dev = DevSite(root, Options(today=TODAY), echo=lambda text: None)
    dev.rebuild()
    assert dev.problems == [Problem(
        "themes/hub/templates/base.html:3",
        f"The build stopped: the template has an error (Jinja said: {said}).",
        "Fix that line of the template (check its {{ }} and {% %} parts), then build again.")]
    assert b"themes/hub/templates/base.html:3" in dev.error_page()
    assert dev.version == 1


def test_search_that_fails_after_the_pages_went_live_is_said_plainly(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    said: list[str] = []
    dev = DevSite(root, Options(today=TODAY, search_later=True), echo=said.append)
    dev.rebuild()
    started = PagefindProcess.__init__

    def started_then_killed(self):                  # as the out-of-memory killer would
        started(self)
        self.process.kill()

    monkeypatch.setattr(PagefindProcess, "__init__", started_then_killed)
    source = root / "content" / "guides" / "paying.md"
    source.write_text(page(title="Paying people on the day"), encoding="utf-8")
    dev.rebuild()
    assert said[-1] == ("Search was not updated (Pagefind stopped before it finished): the "
                        "pages show your change, but the search page only lists the pages "
                        "until the index is built. Save again to try once more.")
    shown = (root / "public" / "guides" / "paying" / "index.html").read_text(encoding="utf-8")
    assert "<title>Paying people on the day | " in shown
    assert not (root / "public" / "pagefind").exists()     # no index of what was there before
    assert not list((root / "public").glob(".pagefind-building-*"))
    monkeypatch.setattr(PagefindProcess, "__init__", started)
    source.write_text(page(title="Paying people on the day, in cash"), encoding="utf-8")
    dev.rebuild()
    assert said[-1].startswith("Built the site in ")
    assert (root / "public" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_file_saved_while_the_site_rebuilds_is_built_next(tmp_path):
    """Also one saved just as the first build ends, before the watcher's first look."""
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    dev = DevSite(root, Options(today=TODAY, search_later=True), echo=lambda text: None)
    source = root / "content" / "guides" / "paying.md"
    rebuild = dev.rebuild

    def saved_meanwhile(*args, **kwargs):
        rebuild(*args, **kwargs)
        if dev.version == 2:                          # the contributor saves again meanwhile
            source.write_text(page(title="Paying people in cash"), encoding="utf-8")

    dev.rebuild = saved_meanwhile
    server = DevServer(dev, port=0)
    server.start()
    try:
        source.write_text(page(title="Paying people well"), encoding="utf-8")
        assert wait_for_new_version(server.origin, "1") == "2"
        assert wait_for_new_version(server.origin, "2") == "3"
        assert "<title>Paying people in cash | " in fetch(server.origin + "/guides/paying/")[2]
    finally:
        server.stop(echo=lambda text: None)


def test_a_file_put_back_with_its_old_size_and_time_is_built_too(tmp_path):
    """As `cp -p` from a backup does: the same size and modification time, new text."""
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    server = DevServer(DevSite(root, Options(today=TODAY, search_later=True),
                               echo=lambda text: None), port=0)
    source = root / "content" / "guides" / "paying.md"
    before = source.stat()
    server.start()
    try:
        time.sleep(0.3)                               # the watcher has looked once
        source.write_text(page(title="Paying adults"), encoding="utf-8")     # same size
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert source.stat().st_size == before.st_size
        assert wait_for_new_version(server.origin, "1") == "2"
        assert "<title>Paying adults | " in fetch(server.origin + "/guides/paying/")[2]
    finally:
        server.stop(echo=lambda text: None)


def test_a_port_in_use_is_a_clear_error(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(root, "serve", "--port", str(port))
    assert (code, out) == (2, "")
    assert err == (f"coprod: cannot serve on port {port} (Address already in use); "
                   "try another with --port\n")


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    command = [sys.executable, "-c", "from coprod_site.cli import main; raise SystemExit(main())",
               "-C", str(root), "serve", "--port", "0", "--today", TODAY.isoformat()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not any(l.startswith("Serving") for l in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        serving = next(l for l in lines if l.startswith("Serving"))
        origin = serving.split(" on ")[1].split("/ ")[0]
        assert "<title>Paying people | " in fetch(origin + "/guides/paying/")[2]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(timeout=5)
    assert process.stderr.read() == "Stopped.\n"
    assert serving == f"Serving the site on {origin}/ (press Ctrl-C to stop).\n"


def wait_for_title(tab, start: str) -> None:
    """Wait (at most ten seconds) for the page to reload by itself with a new title. Polled
    from here: Playwright's in-page waiting needs eval, which the site's policy forbids."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if tab.title().startswith(start):
                return
        except Exception:       # the page is in the middle of reloading
            pass
        time.sleep(0.1)
    raise AssertionError(f"the page did not reload to '{start}' within 10 s")


def test_the_browser_reloads_by_itself_under_the_sites_content_security_policy(tmp_path):
    from playwright.sync_api import sync_playwright

    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    shutil.copy(REPO / "netlify.toml", root / "netlify.toml")
    server = DevServer(DevSite(root, Options(today=TODAY), echo=lambda text: None), port=0)
    server.start()
    source = root / "content" / "guides" / "paying.md"
    try:
        with urllib.request.urlopen(server.origin + "/guides/paying/", timeout=10) as response:
            policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            problems: list[str] = []
            tab.on("console", lambda message: problems.append(message.text)
                   if message.type == "error" and "Failed to load resource" not in message.text
                   else None)
            tab.on("pageerror", lambda error: problems.append(str(error)))
            tab.goto(server.origin + "/guides/paying/")
            assert tab.title().startswith("Paying people | ")
            source.write_text(page(title="Paying people well"), encoding="utf-8")
            wait_for_title(tab, "Paying people well | ")
            source.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
            wait_for_title(tab, "The site could not be rebuilt")
            problem = tab.locator("main li.card").first
            assert problem.locator("h2").inner_text().startswith("content/guides/paying.md:2:")
            assert "What to do:" in problem.inner_text()
            # the hub's stylesheet applies: its dark header band, its card panels
            assert tab.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor") \
                == "rgb(16, 48, 79)"
            assert tab.eval_on_selector("main li.card", "e => getComputedStyle(e).borderTopStyle") \
                == "solid"
            shots = REPO / "test-artifacts" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(shots / "serve-error-1280-light.png"), full_page=True)
            source.write_text(page(title="Paying people fairly"), encoding="utf-8")
            wait_for_title(tab, "Paying people fairly | ")
            browser.close()
        assert problems == []           # no script errors and nothing the policy refused
    finally:
        server.stop()


def test_tabs_out_of_view_hold_no_connection_so_another_tab_still_loads(tmp_path):
    """A browser opens six connections to one server: eight tabs left open in the
    background must not keep the ninth waiting; the tab in view still reloads at once."""
    from playwright.sync_api import sync_playwright

    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    server = DevServer(DevSite(root, Options(today=TODAY), echo=lambda text: None), port=0)
    server.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            hidden = browser.new_context()
            hidden.add_init_script("Object.defineProperty(document, 'visibilityState', "
                                   "{get: () => 'hidden'})")
            for _ in range(8):
                hidden.new_page().goto(server.origin + "/guides/paying/")
            time.sleep(1)
            tab = hidden.new_page()
            started = time.monotonic()
            tab.goto(server.origin + "/guides/paying/", timeout=10000)
            assert time.monotonic() - started < 3
            in_view = browser.new_context().new_page()
            in_view.goto(server.origin + "/guides/paying/")
            (root / "content/guides/paying.md").write_text(page(title="Paying people well"),
                                                           encoding="utf-8")
            wait_for_title(in_view, "Paying people well | ")
            browser.close()
    finally:
        server.stop()


def test_the_search_page_finds_an_edit_once_its_index_is_ready(tmp_path):
    from playwright.sync_api import sync_playwright

    root = make_site(tmp_path, {"content/guides/paying.md": page(title="Paying people")})
    options = Options(today=TODAY, search_later=True)           # as `coprod serve` builds
    server = DevServer(DevSite(root, options, echo=lambda text: None), port=0)
    server.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            tab.goto(server.origin + "/search/?q=wages")
            (root / "content/guides/paying.md").write_text(page(title="Paying wages on the day"),
                                                           encoding="utf-8")
            found, deadline = [], time.monotonic() + 20
            while not found and time.monotonic() < deadline:
                try:            # the page reloads by itself: after the pages, after the index
                    found = tab.eval_on_selector_all(
                        "#results-list a", "links => links.map(a => a.textContent.trim())")
                except Exception:
                    pass
                time.sleep(0.1)
            browser.close()
        assert found == ["Paying wages on the day"]
    finally:
        server.stop()


def pagefind_children() -> list[int]:
    """The Pagefind processes this test process started that are still there."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()) and \
                fields.get("Name", "").startswith("pagefind"):
            found.append(int(status.parent.name))
    return found


def test_stopping_before_the_first_build_is_served_returns_at_once(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    server = DevServer(DevSite(root, Options(today=TODAY), echo=lambda text: None), 0)
    stopping = threading.Thread(target=server.stop, daemon=True)   # Ctrl-C in the first build
    stopping.start()
    stopping.join(timeout=10)
    assert not stopping.is_alive()


def test_ctrl_c_while_the_first_build_makes_its_search_index_keeps_the_old_site(
        tmp_path, monkeypatch):
    """Nobody is looking at the site during the first build, so it is swapped in whole,
    search index and all, or not at all."""
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    assert run(root, "build", "--today", TODAY.isoformat())[0] == 0
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "public").rglob("*"))
    (root / "content/guides/paying.md").write_text(page(title="Paying people fairly"))

    def interrupted(self, folder):
        raise KeyboardInterrupt

    monkeypatch.setattr("coprod_site.site.search.SearchIndexer.finish", interrupted)
    options = Options(today=TODAY, search_later=True)          # as `coprod serve` builds
    server = DevServer(DevSite(root, options, echo=lambda text: None), 0)
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop(echo=lambda text: None)
    assert sorted(p.relative_to(tmp_path).as_posix()
                  for p in (tmp_path / "public").rglob("*")) == before
    assert "Paying people fairly" not in (tmp_path / "public/guides/paying/index.html").read_text()
    assert not list(tmp_path.glob(".public.building-*"))


def test_stopping_during_a_rebuild_lets_it_finish_and_leaves_nothing_behind(tmp_path):
    files = {f"content/guides/g{n:02d}.md": page(title=f"Guide {n}") for n in range(120)}
    root = make_site(tmp_path, files)
    said: list[str] = []
    server = DevServer(DevSite(root, Options(today=TODAY), echo=said.append), 0)
    server.start()
    try:
        time.sleep(1)                   # the watcher has taken its first look at the files
        (root / "content/_data/topics.yml").write_text(
            (root / "content/_data/topics.yml").read_text().replace("label: ", "label: New "))
        deadline = time.monotonic() + 20
        while not list(tmp_path.glob(".public.building-*")) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert list(tmp_path.glob(".public.building-*")), said
    finally:
        server.stop(echo=said.append)
    assert "Finishing the build in progress before stopping…" in said
    assert sum(s.startswith("Built the site in ") for s in said) == 2
    assert not list(tmp_path.glob(".public.building-*"))
    assert not list((tmp_path / "public").glob(".pagefind-building-*"))
    assert (tmp_path / "public/pagefind/pagefind.js").is_file()
    assert pagefind_children() == []


def test_a_worker_that_dies_during_a_rebuild_is_shown_with_what_to_do(tmp_path, monkeypatch):
    """Killed for lack of memory, say: nothing in the pages needs fixing, and serve goes on."""
    from coprod_site.workers import WorkerPool
    root = make_site(tmp_path, {f"content/guides/g{n}.md": page(title=f"Paying people, part {n}")
                                for n in range(30)})
    real = WorkerPool.submit

    def first_worker_killed(self, function, task):
        self.workers[0][0].kill()
        return real(self, function, task)

    monkeypatch.setattr(WorkerPool, "submit", first_worker_killed)
    dev = DevSite(root, Options(today=TODAY, jobs=2, cache=False), echo=lambda text: None)
    dev.rebuild()
    assert dev.problems == [Problem(
        "the build", "The build stopped: a worker process reading the pages stopped before it "
        "finished (the computer may be short of memory).",
        "Nothing in the pages needs fixing: save any page to build again. If it happens again, "
        "stop coprod serve and start it with --jobs 1, which needs less memory.")]
    monkeypatch.setattr(WorkerPool, "submit", real)
    dev.rebuild()
    assert dev.problems == [] and (root / "public" / "guides" / "g29" / "index.html").is_file()
