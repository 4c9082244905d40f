"""Our checks and consent gating on every Markdown article and page of a Pelican site.

In pelicanconf.py (every setting optional; they mirror `[tool.coprod]`):

    PLUGINS = ["coprod_site.integrations.pelican_plugin"]
    COPROD = {
        "kind": "guide",              # whose thresholds pages use: guide, toolkit, page, ...
        "case_studies": ["stories"],  # folders of the content folder holding case studies
        "people": "people.yml",       # people of each file, keyed by its path in content/
        "glossary": "glossary.yml",   # terms readers may not know
        "ignore": ["CP304"],          # rule codes to turn off (not consent rules)
        "netlify": True,              # add `_redirects` rules answering 410 when withdrawn
    }

Files may use Pelican's own `Key: value` metadata or YAML between `---` lines; either way the
body is checked from its own first line. People are declared in YAML metadata (`people:`,
`media:`) or, for `Key: value` files, in the people file.

Once the articles are read (`article_generator_pretaxonomy`, before any category, tag, archive
or feed is made), every Markdown file of the site is checked at once and each finding is
logged as file:line:col with what to do. When there are errors (or warnings, under
`pelican --fatal warnings`), the build stops after all of them are shown, before anything is
written, with exit code 1 and no traceback, with or without `--fatal`; under `--autoreload`
the preview is built anyway, with the errors shown. A withdrawn article or
page (`Status: withdrawn` too) is dropped from every list Pelican writes from, and links to it
become plain text.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import yaml
from pelican import readers, signals
from pelican.utils import pelican_open

from coprod_site.integrations import (EngineFile, SetupError, check_site, failure_line,
                                      log_all, resolve, setup, summary_line, unlink_html,
                                      write_gone_rules)

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
WHERE = "pelicanconf.py, COPROD"
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")

# Pelican's loggers raise at the first message under `--fatal`; ours only logs, so every
# finding is shown, and the plugin decides when to stop.
log = logging.Logger("coprod")
log.parent = logging.getLogger()


class Gate:
    """Checks the site once, remembers what was withdrawn, and stops the build on errors."""

    def __init__(self):
        self.setup = None
        self.withdrawn: dict[str, str] = {}      # source path in content/ -> address

    def start(self, pelican) -> None:
        try:
            self.setup = setup(Path.cwd(), dict(pelican.settings.get("COPROD") or {}), WHERE)
        except SetupError as error:
            _stop(str(error))
        self.withdrawn = {}

    def read(self, generator, metadata) -> None:
        """Pelican knows no `withdrawn` status (the plugin drops those pages itself), and
        nothing from people or media may reach a template."""
        if str(metadata.get("status", "")).lower() == "withdrawn":
            metadata["status"] = "hidden"
        for key in ("people", "media"):
            metadata.pop(key, None)

    def check(self, generator) -> None:
        """Every Markdown file of the site, checked at once, before taxonomies are made."""
        if self.setup is None:
            return
        settings = generator.settings
        files = generator.get_files(settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]) \
            | generator.get_files(settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"])
        content = Path(generator.path)
        addresses = {a.get_relative_source_path(): "/" + a.url
                     for name in ARTICLE_LISTS for a in getattr(generator, name, [])}
        sources = [EngineFile(_rel(content / f), Path(f).as_posix(), addresses.get(f, ""))
                   for f in sorted(files) if f.lower().endswith(MARKDOWN_SUFFIXES)]
        try:
            checked = check_site(self.setup, sources, *_toc(settings))
        except SetupError as error:
            _stop(str(error))
        log_all(log, checked.diagnostics)
        log.info(summary_line(checked))
        if checked.errors or (_fatal_level() <= logging.WARNING and checked.warnings):
            if not _previewing():
                _stop(failure_line(checked))
            log.error(failure_line(checked, preview=True))
        self.withdrawn = dict(checked.withdrawn)
        self.leave_out(generator, ARTICLE_LISTS)

    def leave_out(self, generator, lists) -> None:
        """Withdrawn content out of the generator's lists (and so of the context, which
        holds the same lists), and links to it turned into plain text."""
        if not self.withdrawn:
            return
        for name in lists:
            for item in getattr(generator, name, None) or []:
                if item.get_relative_source_path() in self.withdrawn:
                    self.withdrawn[item.get_relative_source_path()] = "/" + item.url
        for name in lists:
            items = getattr(generator, name, None)
            if isinstance(items, list):
                items[:] = [c for c in items if c.get_relative_source_path() not in self.withdrawn]
        for path in self.withdrawn:
            generator.context["generated_content"].pop(path, None)
        for name in lists:
            for item in getattr(generator, name, None) or []:
                item._content = unlink_html(item._content, self._gone(item))

    def pages_read(self, generator) -> None:
        self.leave_out(generator, PAGE_LISTS)

    def _gone(self, item):
        """Does an href in `item` lead to a withdrawn file ({filename}) or address?"""
        here = item.get_relative_source_path()
        addresses = {a.strip("/") for a in self.withdrawn.values() if a.strip("/")}
        site = item.settings.get("SITEURL", "").rstrip("/")

        def gone(href: str) -> bool:
            for marker in ("{filename}", "{static}", "|filename|"):
                if href.startswith(marker):
                    return resolve(here, href[len(marker):]) in self.withdrawn
            address = href.removeprefix(site).split("#")[0].strip("/")
            return address in addresses or resolve(item.url, href).strip("/") in addresses
        return gone

    def finish(self, pelican) -> None:
        if self.setup is not None and self.setup.netlify and self.withdrawn:
            write_gone_rules(Path(pelican.output_path), self.withdrawn.values())


class YamlMarkdownReader(readers.MarkdownReader):
    """Pelican's Markdown reader, also for metadata written as YAML between `---` lines
    (Pelican's own reader takes those for `Key: value` lines, and shows a nested `people:`
    list as body text). People and media are never passed on as metadata."""

    def read(self, source_path):
        with pelican_open(source_path) as text:
            meta, body = yaml_metadata(text)
        if meta is None:
            return super().read(source_path)
        self._source_path = source_path
        self._md = readers.Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert("\n" + body)
        if "meta" not in self._md.preprocessors:    # _parse_metadata removes it
            self._md.preprocessors.register(lambda lines: lines, "meta", 0)
        return content, self._parse_metadata(meta)


def yaml_metadata(text: str) -> tuple[dict[str, list[str]] | None, str]:
    """(metadata as Pelican's Markdown reader gives it, body) of a file starting with YAML
    between `---` lines; (None, text) for any other file."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if lines[0].strip() != "---" or end is None:
        return None, text
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict):
        return None, text
    meta = {str(key): [", ".join(map(str, value)) if isinstance(value, list) else str(value)]
            for key, value in data.items()
            if str(key).lower() not in ("people", "media") and value is not None}
    return meta, "\n".join(lines[end + 1:])


def _use_yaml_reader(pelican_readers) -> None:
    for extension, reader in list(pelican_readers.reader_classes.items()):
        if reader is readers.MarkdownReader:
            pelican_readers.reader_classes[extension] = YamlMarkdownReader


def _rel(path: Path) -> str:
    cwd = Path.cwd()
    path = path.resolve()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else str(path)


def _toc(settings) -> tuple:
    """The heading id function Pelican's Markdown uses: toc's, when MARKDOWN turns it on;
    otherwise headings get no ids (only those written as `{#id}`)."""
    markdown = settings.get("MARKDOWN") or {}
    configs = markdown.get("extension_configs") or {}
    names = [str(e) for e in markdown.get("extensions") or []] + list(configs)
    for name in ("markdown.extensions.toc", "toc"):
        if name in names:
            from markdown.extensions.toc import slugify
            toc = configs.get(name) or {}
            return toc.get("slugify", slugify), toc.get("separator", "-")
    return None, "-"


def _fatal_level() -> int:
    from pelican.log import FatalLogger
    return FatalLogger.fatal_lvl


def _stop(message: str):
    """End the build here: the message, then exit code 1, with no traceback."""
    log.error(message)
    raise SystemExit(1)


def _previewing() -> bool:
    """Under `pelican --autoreload`, which would run a stopped build again at once, in a
    loop: the preview is built with its errors shown, and a real build stops on them."""
    return any(arg == "--autoreload" or re.fullmatch(r"-[a-zA-Z]*r[a-zA-Z]*", arg)
               for arg in sys.argv[1:])


GATE = Gate()


def register() -> None:
    signals.initialized.connect(GATE.start)
    signals.readers_init.connect(_use_yaml_reader)
    signals.article_generator_context.connect(GATE.read)
    signals.page_generator_context.connect(GATE.read)
    signals.article_generator_pretaxonomy.connect(GATE.check)
    signals.page_generator_finalized.connect(GATE.pages_read)
    signals.finalized.connect(GATE.finish)
