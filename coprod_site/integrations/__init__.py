"""Our plain-English checks for sites built with other engines (MkDocs, Pelican).

A page from another engine becomes a `Resource` of kind page, parsed by the same `BodyParser`
and checked by the same rules (reading ease, long sentences, plain words, inclusive language,
acronyms), so the messages and positions are exactly those `coprod check` gives. The rules are
those of the readability and language modules, taken from the same registry `coprod check`
uses. Links are left as they are: each engine resolves its own. Content and consent rules are
not run: they belong to our content contract, which other sites do not follow.
"""

from __future__ import annotations

import logging
from pathlib import Path

from coprod_site.config import DEFAULT_READABILITY, SiteConfig
from coprod_site.diagnostics import RULES, Diagnostic, Severity

class SetupError(Exception):
    """A plugin setting that cannot be used; the message says what to change."""


def site_config(root: Path, kind: str = "page", ignore=()) -> SiteConfig:
    """Our defaults, with the thresholds of `kind` and the rules in `ignore` turned off."""
    if kind not in DEFAULT_READABILITY:
        raise SetupError(f"kind must be one of {', '.join(DEFAULT_READABILITY)}, not '{kind}'.")
    unknown = [code for code in ignore if code not in RULES]
    if unknown:
        raise SetupError(f"'{unknown[0]}' is not a rule code (like CP302).")
    limits = DEFAULT_READABILITY[kind]
    return SiteConfig(root=Path(root), readability={name: limits for name in DEFAULT_READABILITY},
                      severities={code: Severity.OFF for code in ignore})


def check_page(config: SiteConfig, rel: str, body: str, body_line: int = 1, title: str = "",
               summary: str = "") -> list[Diagnostic]:
    """The diagnostics for one Markdown page (`rel` is its path for messages), from the same
    parse stage `coprod check` runs, with the rules that apply inside other engines."""
    from coprod_site.checks.suppress import make_filter
    from coprod_site.content.model import Kind, Resource, SiteContent
    from coprod_site.diagnostics import apply_policy
    from coprod_site.parse import parse_site

    resource = Resource(rel=rel, kind=Kind.PAGE, slug="page", title=title, summary=summary,
                        body=body, body_line=body_line, key_lines={})
    parsed = parse_site(config, SiteContent((resource,), {}, {}, {}, {}), jobs=1,
                        use_cache=False, engines=True)
    found = [*parsed.diagnostics, *parsed.findings[rel]]
    return apply_policy(found, config.severities, make_filter(parsed.site.resources))


def describe(d: Diagnostic) -> str:
    """One diagnostic as `coprod check` prints it."""
    text = f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.name}: {d.message}"
    return text + (f"\n    What to do: {d.suggestion}" if d.suggestion else "")


def log_all(logger: logging.Logger, diagnostics: list[Diagnostic]) -> None:
    """Errors at ERROR level and warnings at WARNING, so the engine's strict modes apply."""
    for d in diagnostics:
        level = logging.ERROR if d.severity is Severity.ERROR else logging.WARNING
        logger.log(level, describe(d))


def body_start(source: str, body: str) -> int:
    """The file line where `body` (the text after any metadata) starts in `source`."""
    at = source.rfind(body) if body else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else 1
