"""Serving a built site on 127.0.0.1 the way the host (Netlify) serves it.

`coprod linkcheck` and `coprod serve` both need the built folder over HTTP: linkchecker and
browsers see pages exactly as readers get them, with the site's absolute links (`/guides/`)
working. The standard library's `ThreadingHTTPServer` is enough for one person or one checker
on loopback, so no web server is added as a dependency. What it lacks from the host is added
here: the `_redirects` rules the build writes (a moved page, and 410 Gone for withdrawn pages),
the site's own 404 page, and (for `coprod serve`) the headers netlify.toml sets, so a page
that breaks the Content-Security-Policy breaks while it is being written, not after deploy.
"""

from __future__ import annotations

import contextlib
import fnmatch
import re
import io
import mimetypes
import sys
import threading
import tomllib
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Rule:
    """One `_redirects` line: `/from /to status`, where `/from*` matches a prefix."""

    source: str
    target: str
    status: int

    def matches(self, path: str) -> bool:
        if self.source.endswith("*"):
            return path.startswith(self.source[:-1])
        return path in (self.source, self.source.rstrip("/") or "/")


def read_redirects(site_dir: Path) -> list[Rule]:
    """The rules in `site_dir/_redirects` that name a path, a target and a status."""
    path = site_dir / "_redirects"
    rules = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].startswith("/") and not line.lstrip().startswith("#"):
                status = parts[2].rstrip("!") if len(parts) > 2 else "301"
                rules.append(Rule(parts[0], parts[1], int(status) if status.isdigit() else 301))
    return rules


def netlify_headers(root: Path) -> list[tuple[str, dict[str, str]]]:
    """The `[[headers]]` rules of `root/netlify.toml` (pattern, headers), in order."""
    path = root / "netlify.toml"
    if not path.is_file():
        return []
    try:
        rules = tomllib.loads(path.read_text(encoding="utf-8")).get("headers", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    return [(str(rule["for"]), {str(k): str(v) for k, v in rule.get("values", {}).items()})
            for rule in rules if isinstance(rule, dict) and "for" in rule]


def headers_for(path: str, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """The headers the host sends for `path`: every matching rule, later ones winning. A
    `:name` part of a pattern stands for one part of the path, as on Netlify."""
    chosen: dict[str, str] = {}
    for pattern, values in rules:
        pattern = re.sub(r"/:\w+(?=/|$)", "/*", pattern)
        if fnmatch.fnmatchcase(path, pattern) or (pattern.endswith("/*") and path == pattern[:-1]):
            chosen.update(values)
    return chosen


class SiteServer(ThreadingHTTPServer):
    """A loopback server for one built folder; `site_dir` may be swapped by a rebuild."""

    daemon_threads = True

    def __init__(self, site_dir: Path, port: int = 0, handler=None, headers: dict | None = None,
                 rules: list[tuple[str, dict[str, str]]] = ()):
        self.site_dir = Path(site_dir)
        self.extra_headers = dict(headers or {})
        self.rules = list(rules)
        super().__init__(("127.0.0.1", port), handler or SiteHandler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection early (a tab closed, a page left while it
        loads) is no error worth a traceback; anything else is said in one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"coprod: a request could not be answered ({error!r}).", file=sys.stderr)


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, `_redirects` rules and the site's 404 page; HTML passes through `html()`."""

    server: SiteServer

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.site_dir))

    def log_message(self, format, *args):       # noqa: A002 (the base class's name)
        """Quiet: a request log would bury the diagnostics people need to read."""

    def html(self, data: bytes) -> bytes:
        """Hook for serve mode; the built file as it is otherwise."""
        return data

    def send_head(self):
        path = urlsplit(self.path).path
        found = self.file_for(path)
        status = HTTPStatus.OK
        if isinstance(found, str):
            return self.redirect(found, HTTPStatus.MOVED_PERMANENTLY)
        if found is None:
            rule = next((r for r in read_redirects(self.server.site_dir) if r.matches(path)), None)
            if rule and 300 <= rule.status < 400:
                return self.redirect(rule.target, rule.status)
            status = rule.status if rule else HTTPStatus.NOT_FOUND
            target = self.file_for(rule.target) if rule else None
            found = target if isinstance(target, Path) else self.file_for("/404.html")
            if not isinstance(found, Path):
                self.send_error(status)
                return None
        return self.send_file(found, status)

    def file_for(self, path: str) -> Path | str | None:
        """The file for a URL path; a str is where to redirect (a folder without its `/`)."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return path + "/"
            local = local / "index.html"
        return local if local.is_file() else None

    def redirect(self, location: str, status: int):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def send_file(self, file: Path, status: int):
        data = file.read_bytes()
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = self.html(data)
        if ctype.startswith("text/") or ctype in ("application/xml", "application/javascript"):
            ctype += "; charset=utf-8"
        return self.send_bytes(data, ctype, status)

    def send_bytes(self, data: bytes, ctype: str, status: int = HTTPStatus.OK):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        path = urlsplit(self.path).path
        for name, value in {**headers_for(path, self.server.rules),
                            **self.server.extra_headers}.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serving(site_dir: Path, port: int = 0, handler=None, headers: dict | None = None):
    """Serve `site_dir` in a background thread for the length of a `with` block."""
    server = SiteServer(site_dir, port, handler, headers)
    thread = threading.Thread(target=server.serve_forever, name="coprod-http", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
