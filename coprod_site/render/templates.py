"""The theme: Jinja2 templates with autoescaping on, and fingerprinted static assets."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jinja2
import jinja2.bccache

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
STATIC_TEXT = {".svg", ".txt", ".json", ".webmanifest", ".xml", ".html"}   # not code: .css, .js


def template_ids(folder: Path) -> frozenset[str]:
    """Every fixed id the theme's templates use: a heading in content must not take one."""
    ids = set()
    for path in (folder / "templates").rglob("*.html"):
        ids.update(re.findall(r'\bid="([^"{}]+)"', path.read_text(encoding="utf-8")))
    return frozenset(ids)


def theme_text(folder: Path) -> tuple[tuple[str, str], ...]:
    """(file, text) of everything the theme itself puts into the built site, whatever the
    content, where the verify step looks for names: its templates' markup and words (Jinja
    tags blanked, lines kept), its static text files (not its style sheets and scripts, which
    are code), and its static files' names (they are part of addresses). `file` is relative
    to `folder` ("templates/base.html")."""
    found = []
    for path in sorted((folder / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        blanked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        found.append((path.relative_to(folder).as_posix(), blanked))
    static = folder / "static"
    files = sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() else []
    for path in files:
        if path.suffix.lower() in STATIC_TEXT:
            found.append((path.relative_to(folder).as_posix(),
                          path.read_text(encoding="utf-8", errors="replace")))
    if files:
        found.append(("static", "\n".join(p.relative_to(static).as_posix() for p in files)))
    return tuple(found)


class Theme:
    """The templates in `folder/templates` and the assets in `folder/static`. With `cache` (a
    folder), compiled templates are kept there (Jinja's own bytecode cache, which compiles a
    template again whenever its source changes)."""

    def __init__(self, folder: Path, cache: Path | None = None):
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(cache))
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


def _bytecode_cache(cache: Path | None) -> jinja2.BytecodeCache | None:
    if cache is None:
        return None
    folder = cache / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be read or written (a full disk, a cut-short file) only costs
    the time to compile the template."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
