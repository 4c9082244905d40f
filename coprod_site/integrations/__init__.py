"""Our checks and consent gating for sites built with other engines (MkDocs, Pelican).

Each plugin gives `check_site` every Markdown file of the engine's site at once, after the
engine has found them and before it writes anything. `check_site` runs the same stages
`coprod check` runs (`build.load_pages`, `parse`, `index`, `plan`, `check`), with the rules
whose registry entry says they apply inside other engines (consent, reading ease, plain and
inclusive words, acronyms, same-page heading links), so messages and positions are those
`coprod check` gives, and rules added to the registry or the plan reach both engines without
a change here. The plugins then leave out every page the plan withdraws, turn links to those
pages into plain text, and stop the build when there are errors.

Options mirror `[tool.coprod]` (see `setup`); where the engine has no `content/_data/`, the
glossary and the people file are named in the options, and messages name those files.
"""

from __future__ import annotations

import html as htmlcodec
import logging
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping

from coprod_site import build
from coprod_site.commands.common import UsageError, today
from coprod_site.checks.suppress import protected
from coprod_site.config import DEFAULT_READABILITY, ConfigError, SiteConfig, _from_table
from coprod_site.content.engines import EngineFile, EngineSite, located
from coprod_site.diagnostics import RULES, Diagnostic, Severity

__all__ = ["EngineFile", "SetupError", "Setup", "Checked", "setup", "check_site", "log_all",
           "summary_line", "failure_line", "unlink_markdown", "unlink_html", "resolve",
           "write_gone_rules"]

OPTIONS = ("kind", "kinds", "rules", "ignore", "plain_words", "inclusive_language", "glossary",
           "people", "case_studies", "netlify", "require_consent_expiry",
           "consent_warning_days")
TABLE_OPTIONS = ("kinds", "rules", "plain_words", "inclusive_language",
                 "require_consent_expiry", "consent_warning_days")


class SetupError(Exception):
    """A plugin setting that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Setup:
    """The plugin's options, read once: our configuration and where the engine keeps things."""

    config: SiteConfig
    engine: EngineSite
    netlify: bool = False                # write `_redirects` rules answering 410


def setup(root: Path, options: Mapping, where: str) -> Setup:
    """The plugin's options (as in `[tool.coprod]`, plus `kind`, `ignore`, `glossary`,
    `people`, `case_studies` and `netlify`) for the site at `root`; `where` names the
    engine's settings in messages ("mkdocs.yml, coprod plugin"). Raises SetupError."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise SetupError(f"{where}: unknown setting '{unknown[0]}'; the settings are "
                         f"{', '.join(OPTIONS)}.")
    kind = options.get("kind") or "page"
    if kind not in DEFAULT_READABILITY:
        raise SetupError(f"{where}: kind must be one of {', '.join(DEFAULT_READABILITY)}, "
                         f"not '{kind}'.")
    ignore = list(options.get("ignore") or ())
    for code in ignore:
        if code not in RULES:
            raise SetupError(f"{where}: '{code}' in ignore is not a rule code (like CP302).")
        if protected(code):
            raise SetupError(f"{where}: {code} cannot be ignored: consent and content rules "
                             "always apply.")
    try:
        config = _from_table(Path(root), {k: options[k] for k in TABLE_OPTIONS
                                          if options.get(k) is not None})
    except ConfigError as error:
        raise SetupError(_engine_words(str(error), where)) from None
    for name in ("glossary", "people"):
        if options.get(name) and not (Path(root) / options[name]).is_file():
            raise SetupError(f"{where}: {name} names {options[name]}, but there is no such "
                             "file.")
    severities = {**config.severities, **{code: Severity.OFF for code in ignore}}
    config = replace(config, severities=severities, glossary_file=options.get("glossary") or "")
    folders = tuple(str(f).strip("/") for f in options.get("case_studies") or ())
    engine = EngineSite(kind=kind, case_studies=folders, people_file=options.get("people") or "",
                        glossary_file=options.get("glossary") or "")
    return Setup(config, engine, bool(options.get("netlify")))


def _engine_words(message: str, where: str) -> str:
    """A `[tool.coprod]` message in the words of the engine's settings."""
    message = re.sub(r"pyproject\.toml: \[tool\.coprod\.(\w+)(?:\.([\w-]+))?\]",
                     lambda m: f"{where}: {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else ""),
                     message)
    message = re.sub(r"Write it like: ([\w-]+) = (.+)\.$", r"Set \1 to \2.", message)
    return message.replace("pyproject.toml: [tool.coprod]", f"{where}:")


@dataclass(frozen=True)
class Checked:
    """What the checks found and which pages the plan withdraws."""

    diagnostics: tuple[Diagnostic, ...]
    withdrawn: Mapping[str, str]         # source path in the content folder -> address

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def check_site(site_setup: Setup, sources: list[EngineFile],
               slugify: Callable[[str, str], str] | None = None,
               separator: str = "-") -> Checked:
    """Every stage up to the checks, once, over all of the engine's Markdown files, on the
    build date (today, or `SOURCE_DATE_EPOCH`; a bad one is a SetupError).
    `slugify(text, separator)` is the engine's own heading id function (None when the
    engine gives headings no ids)."""
    try:
        day = today(None)
    except UsageError as error:
        raise SetupError(f"coprod: {error}") from None
    config, options = site_setup.config, build.Options(today=day, cache=False, engines=True)
    site, loaded = build.load_pages(config.root, site_setup.engine, sources)
    parsed = build.parse(config, site, options)
    parsed = replace(parsed, site=parsed.site.with_resources(
        engine_ids(r, slugify, separator) for r in parsed.site.resources))
    site_index = build.index(config, parsed.site, engines=True)
    site_plan = build.plan(parsed.site, site_index, options)
    found = build.check(config, parsed, site_index, site_plan, loaded, engines=True)
    people_file = site_setup.engine.people_file
    found = sorted((located(d, people_file) for d in found), key=Diagnostic.sort_key)
    withdrawn = {r.source: r.url for r, _ in site_plan.withdrawn.values()}
    return Checked(tuple(found), withdrawn)


def engine_ids(resource, slugify, separator: str):
    """The resource with its heading ids as the engine writes them: ids written in the
    source (`{#id}`) as they are, every other heading `slugify(text)`, made unique the way
    Python-Markdown's toc does (`_1`, `_2`)."""
    from markdown.extensions.toc import unique
    lines = resource.body.split("\n")
    doc = resource.doc
    written = {h.id for h in doc.headings if h.id and f"#{h.id}" in
               lines[min(max(h.line - resource.body_line, 0), len(lines) - 1)]}
    ids = set(written)
    for heading in doc.headings:
        if heading.id not in written and slugify is not None:
            ids.add(unique(slugify(heading.text, separator), ids))
    return replace(resource, doc=replace(doc, ids=frozenset(ids)))


# -- what the plugins show --------------------------------------------------------------

def describe(d: Diagnostic) -> str:
    """One diagnostic as `coprod check` prints it."""
    text = f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.name}: {d.message}"
    return text + (f"\n    What to do: {d.suggestion}" if d.suggestion else "")


LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING,
          Severity.INFO: logging.INFO}


def log_all(logger: logging.Logger, diagnostics) -> None:
    """Errors at ERROR level, warnings at WARNING (so the engine's strict modes apply) and
    withdrawals (CP207) at INFO."""
    for d in diagnostics:
        logger.log(LEVELS[d.severity], describe(d))


def summary_line(checked: Checked) -> str:
    return (f"coprod: {_count(checked.errors, 'error')} and "
            f"{_count(checked.warnings, 'warning')}; {_count(len(checked.withdrawn), 'page')} "
            "withdrawn.")


def failure_line(checked: Checked, preview: bool = False) -> str:
    """Why the build stops: its errors, or (in the engine's strict mode) its warnings; for
    a preview that is built anyway, that a real build stops on them."""
    why = _count(checked.errors, "error") if checked.errors else \
        _count(checked.warnings, "warning")
    if preview:
        return (f"coprod: {why} (listed above). This preview is built anyway; a build without "
                "--autoreload stops on them.")
    return f"coprod: the site was not built because of {why} (listed above)."


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


# -- leaving withdrawn pages out ----------------------------------------------------------

INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^\s)>]+)>?"
                         r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t].*)?$", re.MULTILINE)
HTML_LINK = re.compile(r"<a\b[^>]*?\bhref=([\"'])(.*?)\1[^>]*>(.*?)</a>", re.DOTALL | re.IGNORECASE)


def unlink_markdown(markdown: str, gone: Callable[[str], bool]) -> str:
    """Markdown with every link whose href `gone(href)` says is withdrawn turned into its
    text, for inline links and reference links (whose definition is dropped too)."""
    refs = {m.group(1).lower() for m in REFERENCE.finditer(markdown) if gone(m.group(2))}
    markdown = INLINE_LINK.sub(lambda m: m.group(2) if not m.group(1) and gone(m.group(3))
                               else m.group(0), markdown)
    if refs:
        markdown = REFERENCE.sub(lambda m: "" if m.group(1).lower() in refs else m.group(0),
                                 markdown)
        markdown = re.sub(r"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\[([^\]\n]*)\]",
                          lambda m: m.group(1) if (m.group(2) or m.group(1)).lower() in refs
                          else m.group(0), markdown)
    return markdown


def unlink_html(html: str, gone: Callable[[str], bool]) -> str:
    """HTML with every `<a>` whose href `gone(href)` says is withdrawn turned into a span."""
    return HTML_LINK.sub(lambda m: f"<span>{m.group(3)}</span>"
                         if gone(htmlcodec.unescape(m.group(2))) else m.group(0), html)


def resolve(page: str, href: str) -> str:
    """An href written in the file `page` (both relative to the content folder), as a path
    in the content folder: `../stories/alex.md#top` from `guides/a.md` -> `stories/alex.md`."""
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def write_gone_rules(folder: Path, addresses) -> None:
    """Add `gone_rules` after any rules already in `folder/_redirects` (the first match
    wins on Netlify, so the site's own rules still come first)."""
    path = folder / "_redirects"
    before = path.read_text(encoding="utf-8").rstrip("\n") if path.is_file() else ""
    lines = ([before] if before else []) + gone_rules(addresses)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def gone_rules(addresses) -> list[str]:
    """Netlify `_redirects` lines answering 410 for withdrawn addresses: one rule per
    folder, not forced (it applies only where no file exists), so no withdrawn slug is
    written into the output (content.md, "Consent across the hub")."""
    folders = sorted({posixpath.dirname(a.rstrip("/")).rstrip("/") + "/*" for a in addresses})
    return [f"{folder} /404.html 410" for folder in folders]
