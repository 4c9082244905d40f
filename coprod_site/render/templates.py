"""The theme: Jinja2 templates with autoescaping on, and fingerprinted static assets."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jinja2


def template_ids(folder: Path) -> frozenset[str]:
    """Every fixed id the theme's templates use: a heading in content must not take one."""
    ids = set()
    for path in (folder / "templates").rglob("*.html"):
        ids.update(re.findall(r'\bid="([^"{}]+)"', path.read_text(encoding="utf-8")))
    return frozenset(ids)


class Theme:
    def __init__(self, folder: Path):
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.assets = self._fingerprint(folder / "static")
        self.env.globals["asset"] = self.asset_url

    @staticmethod
    def _fingerprint(static: Path) -> dict[str, tuple[Path, str]]:
        """`style.css` -> (file, `/assets/style.1a2b3c4d.css`): a new name whenever it changes."""
        assets = {}
        if static.is_dir():
            for path in sorted(p for p in static.rglob("*") if p.is_file()):
                name = path.relative_to(static).as_posix()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                stem, dot, suffix = name.rpartition(".")
                assets[name] = (path, f"/assets/{stem}.{digest}.{suffix}" if dot else f"/assets/{name}")
        return assets

    def asset_url(self, name: str) -> str:
        return self.assets[name][1]

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)
