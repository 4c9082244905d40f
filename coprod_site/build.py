"""The build, stage by stage: load, check, render, write, verify.

`check()` is the first half (what `coprod check` runs); `build()` goes on to render and write.
Each stage is a module with one job; this file only states the order and decides, in one
place, whether what the checks found stops the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coprod_site.checks import CheckContext, run_checks
from coprod_site.checks.suppress import make_filter
from coprod_site.config import SiteConfig
from coprod_site.content.lifecycle import Plan, plan_site
from coprod_site.content.loader import load_site
from coprod_site.content.model import SiteContent
from coprod_site.diagnostics import Diagnostic, Severity, apply_policy, count, diagnostic
from coprod_site.render.links import make_resolver
from coprod_site.render.markdown import BodyParser, TooComplex
from coprod_site.render.templates import template_ids


@dataclass
class Options:
    today: date
    drafts: bool = False
    strict: bool = False
    out: Path | None = None
    base_url: str | None = None
    only: set[str] | None = None       # check only these files (rel paths)


@dataclass
class Result:
    config: SiteConfig
    site: SiteContent | None
    plan: Plan | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.diagnostics, Severity.ERROR)

    @property
    def warnings(self) -> int:
        return count(self.diagnostics, Severity.WARNING)

    @property
    def files_checked(self) -> int:
        """Content files read, including those too broken to load."""
        loaded = {r.rel for r in self.site.resources} if self.site else set()
        return len(loaded | {d.file for d in self.diagnostics if d.file.endswith(".md")})

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def parse_bodies(site: SiteContent, plan: Plan, config: SiteConfig) -> list[Diagnostic]:
    """Parse every body once, resolving links against the whole site. A body that would take
    too long, or nest too deeply, to parse (a broken or hostile file) is reported and left
    empty."""
    from coprod_site.render.glossary import glossary_step
    parser = BodyParser(make_resolver(site, plan), [glossary_step(site.glossary)],
                        template_ids(config.theme))
    found = []
    for resource in site.resources:
        try:
            resource.doc = parser.parse(resource.rel, resource.body, resource.body_line)
        except TooComplex as error:
            found.append(diagnostic(
                "CP100", resource.rel, resource.body_line, 1,
                f"This page would take too long to read: the hub gave up after {error.args[0]:g} "
                "seconds. This usually means many [ brackets or < signs that are never closed.",
                "Close each [ with ] and each <tag with >, or write \\[ and \\< for the signs "
                "themselves. If the text was pasted in from somewhere else, check it."))
            resource.doc = parser.parse(resource.rel, "", resource.body_line)
        except RecursionError:
            found.append(diagnostic(
                "CP100", resource.rel, resource.body_line, 1,
                "This page is too deeply nested to read: it has lists inside lists (or > "
                "quotes inside quotes) too many levels deep.",
                "Use no more than a few levels of lists inside lists, or quotes inside quotes; "
                "start a new list or add a heading instead. If the text was pasted in from "
                "somewhere else, check it."))
            resource.doc = parser.parse(resource.rel, "", resource.body_line)
    return found


def check(config: SiteConfig, options: Options) -> Result:
    site, diagnostics = load_site(config)                       # load
    plan = plan_site(site, options.today, options.drafts)
    diagnostics += parse_bodies(site, plan, config)
    ctx = CheckContext(config, site, plan)
    diagnostics += run_checks(ctx, options.only)                # check
    if options.only is not None:
        diagnostics = [d for d in diagnostics if d.file in options.only]
    diagnostics = apply_policy(diagnostics, config.severities, make_filter(site.resources))
    return Result(config, site, plan, diagnostics)


def build(config: SiteConfig, options: Options) -> Result:
    from coprod_site.site import render_site
    from coprod_site.site.search import index_search
    from coprod_site.verify import verify_output
    from coprod_site.write import check_destination, write_site

    out = options.out or config.root / config.output
    check_destination(out, config.root)
    result = check(config, options)
    if result.failed(options.strict):
        return result                                           # the old output is untouched
    files, media, theme = render_site(config, result.site, result.plan, options)   # render
    output = write_site(config, files, media, theme, out)       # write, into a temporary folder
    with output.stage():
        index_search(output.root)                               # search index
        verify_output(output, result.site, result.plan)         # verify, before the swap
    output.commit()
    result.written = output.written
    return result
