"""`coprod serve`: build, serve on 127.0.0.1, rebuild when a file is saved, reload the browser.

Changes are found by polling modification times (content/, the theme, pyproject.toml) ten
times a second, less often where listing the files takes more than a tenth of the time (a
site of 1,000 pages is listed in about 5 ms). Polling needs no extra package (watchdog ships
native parts), works the same on every system, and sees changes that file-system events miss
on network drives, Docker and WSL mounts.

Live reload works under the site's Content-Security-Policy (no inline scripts): only while
serving, HTML responses get `<script src="/__coprod/reload.js">`, which asks
`/__coprod/version?after=<its version>`, which the server answers as soon as a rebuild has
happened (or after `WAIT_SECONDS`, to be asked again), and reloads then (a tab out of view
asks every two seconds without `after`, so that tabs left open do not take all six connections
a browser opens to one server); the search
page also reloads when the search index, which is built after the pages are in place, is
ready (`/__coprod/version?search`). The built files never contain it. Responses carry the headers netlify.toml sets, Content-Security-Policy
included, so a page that breaks the policy breaks here first. When a rebuild fails, every page answers with a list of the problems (the
same words `coprod check` prints, each with its file:line:column and what to do), styled by the
theme's stylesheet, until they are fixed; the last good build stays on disk.
"""

from __future__ import annotations

import contextlib
import html
import os
import sys
import threading
import time
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from urllib.parse import parse_qs, urlsplit

from coprod_site import report
from coprod_site.config import PACKAGE_THEME
from coprod_site.content.readcache import file_stamp
from coprod_site.hosting import SiteHandler, SiteServer, netlify_headers
from coprod_site.swap import forget_kept, tidy_kept

POLL_SECONDS = 0.1               # between two looks at the files, at least
POLL_SHARE = 0.1                 # of the time, at most, spent looking (a large site: less often)
RELOAD_SCRIPT = b"""// Reloads the page after coprod serve rebuilds the site. Only served by coprod serve.
(function () {
  /* The search page also reloads when its index, built after the pages, is in place. */
  var search = location.pathname === "/search/";
  var loaded = document.currentScript &&
    document.currentScript.getAttribute(search ? "data-search-version" : "data-version");
  /* A tab in view asks with its version, and the server answers as soon as the site changes
     (or after a while). A tab out of view asks every two seconds and is answered at once:
     a browser opens only six connections to one server, and a held one is not free. */
  var asked = "/__coprod/version" + (search ? "?search" : "");
  var held = asked + (search ? "&" : "?") + "after=" + encodeURIComponent(loaded);
  var turn = 0, stop = null;
  function ask() {
    var mine = ++turn, inView = document.visibilityState !== "hidden";
    stop = window.AbortController ? new AbortController() : null;
    function later() { setTimeout(function () { if (mine === turn) { ask(); } }, 2000); }
    fetch(inView ? held : asked, {cache: "no-store", signal: stop ? stop.signal : undefined})
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (mine !== turn) { return; }
        if (version !== loaded) { window.location.reload(); } else if (inView) { ask(); }
        else { later(); }
      })
      .catch(function () { if (mine === turn) { later(); } });
  }
  document.addEventListener("visibilitychange", function () {
    if (stop) { stop.abort(); }
    ask();
  });
  ask();
}());
"""
WAIT_SECONDS = 25                # the longest a version request with `after` is held


@dataclass(frozen=True)
class Problem:
    """One line of the error page: a diagnostic, or an error that stopped the build."""

    where: str
    text: str
    advice: str | None = None


def snapshot(paths: list[Path]) -> dict[str, tuple]:
    """The `readcache.file_stamp` of every file under `paths` (one `stat` a file: a folder
    listing says which entries are files): a file put back with its old size and time
    (`cp -p`, a backup restored, an editor that keeps times) is still a change."""
    seen = {}
    for base in paths:
        if base.is_file():
            with contextlib.suppress(OSError):
                stat = base.stat()
                seen[str(base)] = file_stamp(stat)
            continue
        for folder, _, names in os.walk(base):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                if S_ISREG(stat.st_mode):
                    seen[path] = file_stamp(stat)
    return seen


class DevSite:
    """The site being edited: rebuilds it and remembers the outcome for the server."""

    def __init__(self, root: Path, options, out: Path | None = None, echo=print):
        self.root, self.options, self.out, self.echo = Path(root), options, out, echo
        self.version = 0
        self.search_version = 0             # builds whose search index is in place
        self.problems: list[Problem] = []
        self.site_dir = out or self.root / "public"
        self.watched: list[Path] = [self.root / "content", self.root / "pyproject.toml"]
        self.built_from: dict[str, tuple] = {}   # the watched files the last build read
        self.theme = PACKAGE_THEME          # the site's own theme once its settings are read
        self.withdrawn: list[str] = []      # the "Withdrawn:" lines last said
        self.changed = threading.Condition()  # notified when `versions` change, or at the end
        self.closed = False

    def rebuild(self, search_later: bool = True, seen: dict | None = None) -> None:
        """Build; with `search_later` (and the options') the pages are swapped in before the
        search index is made, which follows. `seen`: a `snapshot` of the watched files just
        taken, if there is one."""
        from coprod_site.build import build
        from coprod_site.config import ConfigError, load_config
        started = time.perf_counter()
        # a file saved from now on is built next
        self.built_from = seen if seen is not None else snapshot(self.watched)
        try:
            config = load_config(self.root)
            self.site_dir = self.out or config.root / config.output
            watched = [config.content_dir, config.theme, config.root / "pyproject.toml"]
            if watched != self.watched:                 # the first build, or another theme
                self.watched, seen = watched, self.built_from
                self.built_from = {path: seen.get(path, stamp)
                                   for path, stamp in snapshot(watched).items()}
            if (config.theme / "static" / "style.css").is_file():
                self.theme = config.theme
            result = build(config, replace(self.options, out=self.site_dir, builds_again=True,
                                           search_later=self.options.search_later
                                           and search_later))
        except ConfigError as error:
            self.failed([Problem("pyproject.toml", str(error))])
            return
        except Exception as error:           # a broken template or file: shown, never a crash
            self.failed([_problem(error, self.root)])
            return
        shown = [d for d in result.diagnostics if d.severity.value != "info"]
        if result.failed(self.options.strict):
            stopping = [d for d in shown if d.severity.value == "error" or self.options.strict]
            self.echo(report.text(shown, result.files_checked))
            self.failed([Problem(f"{d.file}:{d.line}:{d.column}",
                                 f"{d.severity.value} {d.code} {d.name}: {d.message}", d.suggestion)
                         for d in stopping], printed=True)
            return
        if shown:
            self.echo(report.text(shown, result.files_checked))
        withdrawn = report.withdrawn(result.plan)
        for line in withdrawn if withdrawn != self.withdrawn else []:
            self.echo(line)                     # said when they change, as `build` says them
        self.withdrawn = withdrawn
        self.problems = []
        self.version += 1
        self.notify()
        self.echo(f"Built the site in {time.perf_counter() - started:.1f} s.")
        if result.search_pending:               # else the index came with the pages
            try:
                result.search_pending()
            except Exception as error:          # search is not the page: report, go on
                self.echo(search_not_updated(error))
                return
        self.search_version += 1
        self.notify()

    def notify(self, closed: bool = False) -> None:
        """Wake the version requests waiting for a change (`wait_for`)."""
        with self.changed:
            self.closed = self.closed or closed
            self.changed.notify_all()

    def wait_for(self, search: bool, after: str, seconds: float = WAIT_SECONDS) -> str:
        """The version (`versions`) once it is not `after`, or after `seconds`."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.versions(search) != after, seconds)
            return self.versions(search)

    def failed(self, problems: list[Problem], printed: bool = False) -> None:
        if not printed:
            for problem in problems:
                self.echo(f"{problem.where}: {problem.text}")
        self.echo("The site was not rebuilt. The page in your browser lists the problems; "
                  "save a fix and it updates by itself.")
        self.problems = problems
        self.version += 1
        self.notify()

    def error_page(self) -> bytes:
        """The problems as a page in the hub's own style (`/__coprod/style.css`)."""
        items = "\n".join(
            f'<li class="card"><h2><code>{html.escape(p.where)}</code></h2>'
            f"<p>{html.escape(p.text)}</p><p><strong>What to do:</strong> "
            f"{html.escape(p.advice or 'Open the file at that line, fix it, and save.')}</p></li>"
            for p in self.problems)
        count = len(self.problems)
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>The site could not be rebuilt</title>\n"
            '<link rel="stylesheet" href="/__coprod/style.css">\n</head>\n<body>\n'
            '<header class="site-header"><div class="wrap"><p class="site-name">coprod serve</p>'
            '</div></header>\n<main class="wrap">\n'
            "<h1>The site could not be rebuilt</h1>\n"
            f"<p>{count} problem{'' if count == 1 else 's'} stopped the build. Fix "
            f"{'it' if count == 1 else 'them'} and save the file: this page updates by itself. "
            "Until then the last site that built is kept as it was.</p>\n"
            f'<ol class="cards compact">\n{items}\n</ol>\n</main>\n{self.reload_tag()}\n'
            "</body>\n</html>\n").encode("utf-8")

    def reload_tag(self) -> str:
        return (f'<script src="/__coprod/reload.js" data-version="{self.version}" '
                f'data-search-version="{self.versions(search=True)}"></script>')

    def versions(self, search: bool = False) -> str:
        """The site's version, with the search index's after a dot for the search page."""
        return f"{self.version}.{self.search_version}" if search else str(self.version)


def search_not_updated(error: Exception) -> str:
    """What to say when a rebuild's search index fails after its pages went live."""
    reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
    return (f"Search was not updated ({reason}): the pages show your change, but the search "
            "page only lists the pages until the index is built. Save again to try once more.")


def _problem(error: Exception, root: Path) -> Problem:
    from coprod_site.parse import WorkerStopped
    from coprod_site.render.templates import TemplateError
    if isinstance(error, TemplateError):
        return Problem(error.where, f"The build stopped: the template has an error "
                                    f"({error.said}).", error.advice)
    if isinstance(error, WorkerStopped):
        return Problem("the build", "The build stopped: a worker process reading the pages "
                       "stopped before it finished (the computer may be short of memory).",
                       "Nothing in the pages needs fixing: save any page to build again. If "
                       "it happens again, stop coprod serve and start it with --jobs 1, which "
                       "needs less memory.")
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    where = "the build"
    if name:
        path = Path(name)
        where = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) \
            else str(name)
        if getattr(error, "lineno", None):
            where += f":{error.lineno}"
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return Problem(where, f"The build stopped: {message}",
                   "Check the file named here. If it is a template, check the {{ }} and {% %} parts.")


class DevHandler(SiteHandler):
    """The built site, plus the reload script, the version, and the error page."""

    server: "DevServer"

    def send_head(self):
        path = urlsplit(self.path).path
        dev = self.server.dev
        if path == "/__coprod/reload.js":
            return self.send_bytes(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        if path == "/__coprod/style.css":
            return self.send_bytes((dev.theme / "static" / "style.css").read_bytes(),
                                   "text/css; charset=utf-8")
        if path == "/__coprod/version":
            asked = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            search, after = "search" in asked, asked.get("after", [None])[0]
            version = dev.versions(search) if after is None else dev.wait_for(search, after)
            return self.send_bytes(version.encode(), "text/plain; charset=utf-8")
        if dev.problems and (path.endswith(("/", ".html")) or not PurePosixPath(path).suffix):
            return self.send_bytes(dev.error_page(), "text/html; charset=utf-8",
                                   HTTPStatus.INTERNAL_SERVER_ERROR)
        return super().send_head()

    def html(self, data: bytes) -> bytes:
        if self.server.dev.problems:
            return self.server.dev.error_page()
        tag = self.server.dev.reload_tag().encode()
        at = data.rfind(b"</body>")
        return data[:at] + tag + b"\n" + data[at:] if at >= 0 else data + tag


class DevServer(SiteServer):
    """Serves a `DevSite` and rebuilds it when its files change, until `stop()`."""

    def __init__(self, dev: DevSite, port: int = 8000):
        self.dev = dev
        super().__init__(dev.site_dir, port, DevHandler, {"Cache-Control": "no-store"},
                         netlify_headers(dev.root))
        self._stopped = threading.Event()
        self._building = threading.Event()      # the watcher is rebuilding
        self._workers: list[threading.Thread] = []

    def start(self) -> None:
        self.dev.rebuild(search_later=False)  # nobody is looking yet: all or nothing (Ctrl-C)
        tidy_kept()
        self.site_dir = self.dev.site_dir
        self._workers = [threading.Thread(target=self.serve_forever, daemon=True),
                         threading.Thread(target=self.watch, daemon=True)]
        for thread in self._workers:
            thread.start()

    def watch(self) -> None:
        """Rebuild whenever the files differ from those the last build read."""
        pause = POLL_SECONDS
        while not self._stopped.wait(pause):
            started = time.perf_counter()
            now = snapshot(self.dev.watched)
            pause = max(POLL_SECONDS, (time.perf_counter() - started) / POLL_SHARE)
            if now == self.dev.built_from:
                continue
            for _ in range(8):               # let an editor finish saving before building
                if self._stopped.wait(0.1):
                    return
                settled = snapshot(self.dev.watched)
                if settled == now:
                    break
                now = settled
            self._building.set()
            try:
                self.dev.rebuild(seen=now)
                tidy_kept()                  # the page is shown: tidy before the next save
            finally:
                self._building.clear()
            self.site_dir = self.dev.site_dir

    def stop(self, echo=print) -> None:
        """Stop serving and watching; a rebuild in progress is let finish first (cut short,
        it would leave its temporary folder and Pagefind behind), saying so."""
        self._stopped.set()
        self.dev.notify(closed=True)
        if self._building.is_set():
            echo("Finishing the build in progress before stopping…")
        if self._workers:                    # else serving never started: nothing to shut
            self.shutdown()
        self.server_close()
        for thread in self._workers:
            thread.join()
        forget_kept()


def cmd_serve(args, config) -> int:
    """The `coprod serve` command: runs until Ctrl-C, then exits 0."""
    from coprod_site.commands.common import UsageError, options as build_options

    options = replace(build_options(args), out=None, search_later=True)
    dev = DevSite(config.root, options, Path(args.out).resolve() if args.out else None,
                  echo=(lambda text: None) if args.quiet else (lambda text: print(text, flush=True)))
    try:
        server = DevServer(dev, args.port)
    except OSError as error:
        raise UsageError(f"cannot serve on port {args.port} ({error.strerror}); "
                         "try another with --port") from None
    try:
        server.start()
        print(f"Serving the site on {server.origin}/ (press Ctrl-C to stop).", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop(echo=lambda text: print(text, file=sys.stderr, flush=True))
        print("Stopped.", file=sys.stderr)
    return 0


def add_parser(commands, dated) -> None:
    sub = dated(commands.add_parser(
        "serve", help="build, serve on 127.0.0.1 and rebuild when a file is saved"))
    sub.add_argument("--port", type=int, default=8000, help="the port to serve on (default 8000)")
    sub.add_argument("--out", type=Path, metavar="DIR", help="output folder (default public/)")
    sub.add_argument("--drafts", action="store_true", help="also build draft and review pages")
