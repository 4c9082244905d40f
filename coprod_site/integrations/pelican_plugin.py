"""Our plain-English checks on every Markdown article and page of a Pelican site.

In pelicanconf.py:

    PLUGINS = ["coprod_site.integrations.pelican_plugin"]
    COPROD = {"kind": "guide", "ignore": ["CP304"]}     # both optional

Each finding is logged in our format (file:line:col, what is wrong, what to do): errors at
ERROR level and warnings at WARNING, so Pelican's own switch decides what fails a build:
`pelican --fatal errors` fails on errors as `coprod build` does (use it in CI), and
`--fatal warnings` as `coprod build --strict` does. (Raising from a plugin would make Pelican
print a traceback and would end `pelican --autoreload`.) The checks read the source file, so
lines and columns are those the writer sees; a `Summary:` in the metadata is checked as the
summary.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pelican import signals

from coprod_site.integrations import SetupError, check_page, log_all, site_config

log = logging.getLogger(__name__)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
META_LINE = re.compile(r"^([A-Za-z][\w-]*):\s?(.*)$")


def split_metadata(source: str) -> tuple[dict[str, str], str, int]:
    """Pelican Markdown metadata (`Key: value` lines up to the first blank line), the body,
    and the file line where the body starts."""
    lines = source.split("\n")
    meta: dict[str, str] = {}
    if not lines or not META_LINE.match(lines[0]):
        return meta, source, 1
    key = None
    for index, line in enumerate(lines):
        if not line.strip():
            return meta, "\n".join(lines[index + 1:]), index + 2
        match = META_LINE.match(line)
        if match:
            key = match.group(1).lower()
            meta[key] = match.group(2).strip()
        elif key and line[:1] in (" ", "\t"):
            meta[key] += " " + line.strip()
        else:
            return meta, "\n".join(lines[index:]), index + 1
    return meta, "", len(lines) + 1


class Checker:
    """Checks each Markdown source once and remembers what it found."""

    def __init__(self):
        self.found = []
        self.seen: set[str] = set()
        self.config = None

    def start(self, pelican) -> None:
        settings = dict(pelican.settings.get("COPROD") or {})
        unknown = set(settings) - {"kind", "ignore"}
        if unknown:
            raise SetupError(f"COPROD has an unknown setting '{sorted(unknown)[0]}'; use kind "
                             "or ignore.")
        self.config = site_config(Path.cwd(), settings.get("kind", "page"),
                                  tuple(settings.get("ignore", ())))
        self.found, self.seen = [], set()

    def check(self, content) -> None:
        path = Path(content.source_path or "").resolve()
        if self.config is None or path.suffix.lower() not in MARKDOWN_SUFFIXES \
                or str(path) in self.seen or not path.is_file():
            return
        self.seen.add(str(path))
        meta, body, body_line = split_metadata(path.read_text(encoding="utf-8-sig"))
        cwd = Path.cwd()
        rel = path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else str(path)
        diagnostics = check_page(self.config, rel, body, body_line, title=meta.get("title", ""),
                                 summary=meta.get("summary", ""))
        log_all(log, diagnostics)
        self.found.extend(diagnostics)

CHECKER = Checker()


def register() -> None:
    signals.initialized.connect(CHECKER.start)
    signals.content_object_init.connect(CHECKER.check)
