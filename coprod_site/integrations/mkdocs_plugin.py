"""The `coprod` MkDocs plugin: our plain-English checks on every Markdown page of a MkDocs site.

In mkdocs.yml:

    plugins:
      - search
      - coprod:
          kind: guide          # whose thresholds to use: guide, toolkit, page, case-study, easy-read
          ignore: [CP304]      # rule codes to turn off for this site
          fail_on_error: true  # the default: errors stop the build, as in coprod build

Each finding is logged in our format (file:line:col, what is wrong, what to do): errors at
ERROR level, warnings at WARNING. As with `coprod build`, errors stop the build before any
page is written, and warnings stop it only under `mkdocs build --strict`. A page's
`description` is checked as its summary.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from coprod_site.integrations import SetupError, body_start, check_page, log_all, site_config

log = logging.getLogger("mkdocs.plugins.coprod")


class CoprodConfig(base.Config):
    kind = options.Type(str, default="page")
    ignore = options.ListOfItems(options.Type(str), default=[])
    fail_on_error = options.Type(bool, default=True)


class CoprodPlugin(BasePlugin[CoprodConfig]):
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            self.site = site_config(root, self.config.kind, self.config.ignore)
        except SetupError as error:
            raise PluginError(f"coprod plugin: {error}") from None
        self.docs = Path(config.docs_dir).resolve()
        self.found = []
        return config

    def on_page_markdown(self, markdown, page, config, files):
        path = Path(page.file.abs_src_path)
        source = path.read_text(encoding="utf-8-sig")
        root = self.site.root
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        diagnostics = check_page(self.site, rel, markdown, body_start(source, markdown),
                                 summary=str(page.meta.get("description") or ""))
        log_all(log, diagnostics)
        self.found.extend(diagnostics)
        return markdown

    def on_env(self, env, config, files):
        """After every page is read and before any is written: stop here on errors."""
        errors = sum(1 for d in self.found if d.severity.value == "error")
        warnings = len(self.found) - errors
        if self.found:
            log.info(f"coprod: {_count(errors, 'plain-English error')} and "
                     f"{_count(warnings, 'warning')}.")
        if errors and self.config.fail_on_error:
            raise PluginError(f"coprod: the site was not built because of "
                              f"{_count(errors, 'plain-English error')} (listed above).")
        return env


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
