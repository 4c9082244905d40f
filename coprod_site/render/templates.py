"""The theme: Jinja2 templates with autoescaping on, and fingerprinted static assets."""

from __future__ import annotations

import hashlib
import re
import traceback
from pathlib import Path

import jinja2
import jinja2.bccache

from coprod_site import cachefile

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
STATIC_TEXT = {".svg", ".txt", ".json", ".webmanifest", ".xml", ".html"}   # not code: .css, .js


def template_ids(folder: Path, root: Path | None = None) -> frozenset[str]:
    """Every fixed id the theme's templates use: a heading in content must not take one.
    Raises TemplateError for a template that is not UTF-8 text (files shown from `root`)."""
    ids = set()
    for path in (folder / "templates").rglob("*.html"):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise TemplateError(
                _shown(path, root), data.count(b"\n", 0, error.start) + 1,
                "it is not saved as UTF-8 text",
                "Open it in a text editor and save it as UTF-8 (look for Encoding when you "
                "save it), then build again.") from None
        ids.update(re.findall(r'\bid="([^"{}]+)"', text))
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


class TemplateError(Exception):
    """A theme template that cannot be read, compiled or rendered: which file, which line,
    what is wrong (`said`: "Jinja said: …" or our own words) and what to do (exit 2)."""

    def __init__(self, file: str, line: int | None, said: str, advice: str | None = None):
        self.file, self.line, self.said = file, line, said
        self.where = f"{file}:{line}" if line else file
        self.advice = advice or (f"Fix {'that line of ' if line else ''}the template (check its "
                                 "{{ }} and {% %} parts), then build again.")
        super().__init__(f"The template {file} has an error{f' on line {line}' if line else ''} "
                         f"({said}). Nothing was published. The previous site is unchanged. "
                         f"{self.advice}")


def template_error(error: Exception, folder: Path, template: str,
                   root: Path | None = None) -> TemplateError | None:
    """`error`, raised while rendering `template` of the theme in `folder`, as the template's
    own error, at the innermost template line it passed through; None if it is not the
    template's (an error raised by coprod's own code). Files are shown relative to `root`."""
    templates = (Path(folder) / "templates").resolve()
    frames = traceback.extract_tb(error.__traceback__)
    if not isinstance(error, jinja2.TemplateError) and (
            not frames or Path(frames[-1].filename).is_relative_to(Path(__file__).parents[1])):
        return None
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        path, line = Path(error.filename), error.lineno
    else:
        inside = [f for f in frames if Path(f.filename).is_relative_to(templates)]
        if not inside and not isinstance(error, jinja2.TemplateError):
            return None
        path, line = (Path(inside[-1].filename), inside[-1].lineno) if inside \
            else (templates / template, None)
    if isinstance(error, jinja2.TemplateNotFound):
        from coprod_site.config import PACKAGE_THEME
        start = " (the hub's own theme has one to start from)" \
            if (PACKAGE_THEME / "templates" / error.name).is_file() else ""
        return TemplateError(_shown(path, root), line,
                             f"there is no template called {error.name}",
                             f"Add {error.name} to the theme's templates folder{start}, or ask "
                             "for a template the theme has, then build again.")
    said = " ".join((getattr(error, "message", None) or str(error)).split()).rstrip(".")
    return TemplateError(_shown(path, root), line,
                         f"Jinja said: {said or type(error).__name__}")


def _shown(path: Path, root: Path | None) -> str:
    """A template's path as a contributor finds it: from the site's folder where it is in it."""
    path = path.resolve()
    return path.relative_to(root.resolve()).as_posix() \
        if root and path.is_relative_to(root.resolve()) else str(path)


class Theme:
    """The templates in `folder/templates` and the assets in `folder/static`, as they are when
    it is made (one build). Compiled templates are kept in `cache` (the site's cache folder),
    else in the user's (`cachefile.user_folder`): Jinja's own bytecode cache, which compiles a
    template again whenever its source or Jinja's version changes. `root`: the site's folder,
    from which a template with an error is named."""

    def __init__(self, folder: Path, cache: Path | None = None, root: Path | None = None):
        self.folder, self.root = folder, root
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(cache or cachefile.user_folder()), auto_reload=False)
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
        if name not in self.assets:
            raise jinja2.TemplateRuntimeError(f"asset('{name}') names a file that is not in the "
                                              "theme's static/ folder")
        return self.assets[name][1]

    def render(self, template: str, **context) -> str:
        """Raises TemplateError for an error in the theme's templates."""
        try:
            return self.env.get_template(template).render(**context)
        except Exception as error:
            found = template_error(error, self.folder, template, self.root)
            if found is None:
                raise
            raise found from None


def _bytecode_cache(cache: Path | None) -> jinja2.BytecodeCache | None:
    if cache is None:
        return None
    folder = cache / f"templates-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CheckedBytecodeCache(folder)


class _CheckedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, a file each (named by Jinja's key for the template) of Jinja's own
    bytecode, in a folder named for Jinja's version. A file that cannot be read, is damaged
    (`cachefile.load_checked`: a byte changed could otherwise change what a page says), or
    that Jinja refuses only costs the time to compile the template; one that cannot be
    written is no error."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = cachefile.load_checked(self.folder / bucket.key)
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception:                   # what Jinja or marshal make of other bytes
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cachefile.save_checked(self.folder / bucket.key, bucket.bytecode_to_string())
