"""The `coprod` MkDocs plugin: our checks and consent gating on every page of a MkDocs site.

In mkdocs.yml (every setting optional; they mirror `[tool.coprod]`):

    plugins:
      - search
      - coprod:
          kind: guide              # whose thresholds pages use: guide, toolkit, page, ...
          case_studies: [stories]  # folders of docs/ whose pages are case studies
          kinds: {guide: {reading_ease_floor: 50}}
          rules: {CP302: error}
          ignore: [CP304]          # rule codes to turn off (not consent rules)
          plain_words: {add: {commence: start}}
          glossary: glossary.yml   # terms readers may not know (paths from mkdocs.yml)
          people: people.yml       # people of pages that do not declare them in front matter
          netlify: true            # add `_redirects` rules answering 410 for withdrawn pages
          fail_on_error: true      # the default: errors stop the build

People are declared in a page's YAML front matter (`people:` and `media:`, as in content.md).
Once MkDocs has found the files (`on_files`), every page is checked at once; each finding is
logged as file:line:col with what to do (errors at ERROR, warnings at WARNING, so
`mkdocs build --strict` fails on warnings), and errors stop the build before any page is
written. A withdrawn page is removed from the files, so it is in no page, navigation,
sitemap or search index; links to it become plain text.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from coprod_site.integrations import (EngineFile, SetupError, check_site, failure_line,
                                      log_all, resolve, setup, summary_line, unlink_markdown,
                                      write_gone_rules)

log = logging.getLogger("mkdocs.plugins.coprod")
WHERE = "mkdocs.yml, coprod plugin"


class CoprodConfig(base.Config):
    kind = options.Type(str, default="page")
    case_studies = options.ListOfItems(options.Type(str), default=[])
    kinds = options.Type(dict, default={})
    rules = options.Type(dict, default={})
    ignore = options.ListOfItems(options.Type(str), default=[])
    plain_words = options.Type(dict, default={})
    inclusive_language = options.Type(dict, default={})
    glossary = options.Type(str, default="")
    people = options.Type(str, default="")
    netlify = options.Type(bool, default=False)
    require_consent_expiry = options.Type(bool, default=False)
    consent_warning_days = options.Type(int, default=60)
    fail_on_error = options.Type(bool, default=True)


class CoprodPlugin(BasePlugin[CoprodConfig]):
    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        settings = {k: v for k, v in self.config.items() if k != "fail_on_error"}
        try:
            self.setup = setup(self.root, settings, WHERE)
        except SetupError as error:
            raise PluginError(str(error)) from None
        self.withdrawn: dict[str, str] = {}
        return config

    def on_files(self, files, config):
        """Check every page at once; stop on errors; leave withdrawn pages out."""
        pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md")]
        sources = [EngineFile(self._rel(f.abs_src_path), f.src_uri, "/" + f.url.lstrip("/"))
                   for f in pages]
        toc = config.mdx_configs.get("toc", {})
        try:
            checked = check_site(self.setup, sources, _toc_slugify(toc),
                                 toc.get("separator", "-"))
        except SetupError as error:
            raise PluginError(str(error)) from None
        log_all(log, checked.diagnostics)
        log.info(summary_line(checked))
        if checked.errors and self.config.fail_on_error:
            raise PluginError(failure_line(checked))
        self.withdrawn = dict(checked.withdrawn)
        for file in pages:
            if file.src_uri in self.withdrawn:
                files.remove(file)
        if config.nav is not None:
            config.nav = _without(config.nav, self.withdrawn)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        for key in ("people", "media"):
            page.meta.pop(key, None)
        if not self.withdrawn:
            return markdown
        return unlink_markdown(markdown, self._gone(page))

    def on_post_build(self, config):
        if self.setup.netlify and self.withdrawn:
            write_gone_rules(Path(config.site_dir), self.withdrawn.values())

    def _gone(self, page):
        """Does an href written in `page` lead to a withdrawn page, by its file or by its
        address from the site root?"""
        addresses = {a.strip("/") for a in self.withdrawn.values()}
        here = page.file.src_uri
        return lambda href: resolve(here, href) in self.withdrawn or (
            href.startswith("/") and resolve(here, href).strip("/") in addresses)

    def _rel(self, path: str) -> str:
        path = Path(path).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else str(path)


def _toc_slugify(toc: dict):
    """MkDocs gives every heading an id with toc's slugify (mkdocs.yml can choose another)."""
    from markdown.extensions.toc import slugify
    return toc.get("slugify", slugify)


def _without(nav, withdrawn):
    """The `nav` setting without entries for withdrawn pages."""
    if isinstance(nav, list):
        kept = [_without(item, withdrawn) for item in nav]
        return [item for item in kept if item not in (None, {}, [])]
    if isinstance(nav, dict):
        kept = {title: _without(value, withdrawn) for title, value in nav.items()}
        return {title: value for title, value in kept.items() if value not in (None, {}, [])}
    return None if isinstance(nav, str) and posixpath.normpath(nav) in withdrawn else nav
