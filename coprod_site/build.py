"""The build, stage by stage. `run()` states the stages in order; every command and both
engine plugins call these stage functions, and nothing else puts them together.

    load    files -> `SiteContent` of frozen resources (front matter checked, positions kept)
            (`load_pages`: the same inside MkDocs or Pelican, from the engine's own files)
    parse   each body -> `Document` (HTML with unresolved links, and the outline), plus the
            file rules' findings; one file at a time, pure, in worker processes, cached;
            begun on each page as soon as the load stage has read it (`ParseAhead`)
    index   the site-wide facts, once (`index.SiteIndex`)
    plan    published, draft and withdrawn pages on the build date (`lifecycle.Plan`)
    check   the page and site rules, with the file rules' findings; the severity policy
    render  links resolved, glossary, templates -> each output file, as `write` asks for it
    write   each file into a temporary folder as it is rendered; search index; verify; swap

Each stage takes the previous stage's product and returns a new one; none changes what it was
given. Whether what the checks found stops the build is decided in one place, `Result.failed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from coprod_site.checks import CheckContext, page_checks
from coprod_site.checks.suppress import make_filter
from coprod_site.config import SiteConfig
from coprod_site.content.engines import EngineFile, EngineSite
from coprod_site.content.engines import load_pages as load_engine_pages
from coprod_site.content.lifecycle import Plan, plan_site
from coprod_site.content.loader import load_site
from coprod_site.content.model import SiteContent
from coprod_site.diagnostics import Diagnostic, Severity, apply_policy, count
from coprod_site.index import SiteIndex, index_site
from coprod_site.parse import CACHE_FOLDER, Parsed, ParseAhead, parse_site, workers
from coprod_site.render.templates import template_ids
from coprod_site.workers import WorkerPool


@dataclass(frozen=True)
class Options:
    today: date
    drafts: bool = False
    strict: bool = False
    out: Path | None = None
    base_url: str | None = None
    only: frozenset[str] | None = None   # check only these files (rel paths)
    jobs: int | None = None              # worker processes; None: one per core
    cache: bool = True                   # use .coprod-cache/
    search_later: bool = False           # swap the site in before the search index (serve)
    builds_again: bool = False           # this process builds again (serve): keep what it read
    engines: bool = False                # inside MkDocs or Pelican: only rules for engines


@dataclass(frozen=True)
class Result:
    """What a run produced: every stage's product that later code may read."""

    config: SiteConfig
    site: SiteContent | None
    index: SiteIndex | None
    plan: Plan | None
    diagnostics: tuple[Diagnostic, ...] = ()
    written: tuple[str, ...] = ()
    search_pending: Callable[[], None] | None = None   # see publish.publish

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


# -- the stages -------------------------------------------------------------------------

def load(config: SiteConfig, cache: bool = False, ahead: ParseAhead | None = None,
         again: bool = False) -> tuple[SiteContent, list[Diagnostic]]:
    """`cache`: read front matter already read from `.coprod-cache/`. `ahead`: the parse
    stage, begun; each page goes to it as it is loaded. `again`: see `Options.builds_again`."""
    return load_site(config, Path(config.root) / CACHE_FOLDER if cache else None, ahead, again)


def load_pages(root: Path, engine: EngineSite, sources: list[EngineFile]
               ) -> tuple[SiteContent, list[Diagnostic]]:
    """The load stage inside MkDocs or Pelican: the engine's Markdown files."""
    return load_engine_pages(root, engine, sources)


def parse(config: SiteConfig, site: SiteContent, options: Options,
          pool: WorkerPool | None = None, ahead: ParseAhead | None = None) -> Parsed:
    """`pool`: worker processes started before the load stage (`parse.workers`); `ahead`:
    the pages they were given during the load stage."""
    return parse_site(config, site, jobs=options.jobs, use_cache=options.cache,
                      engines=options.engines, pool=pool, ahead=ahead)


def index(config: SiteConfig, site: SiteContent, engines: bool = False) -> SiteIndex:
    """Inside another engine, its theme, not ours, decides which ids are taken."""
    return index_site(site, frozenset() if engines else template_ids(config.theme, config.root),
                      config.root)


def plan(site: SiteContent, site_index: SiteIndex, options: Options) -> Plan:
    return plan_site(site, site_index, options.today, options.drafts,
                     keep_pages=not options.engines)


def check(config: SiteConfig, parsed: Parsed, site_index: SiteIndex, site_plan: Plan,
          loaded: list[Diagnostic], only: frozenset[str] | None = None,
          engines: bool = False) -> list[Diagnostic]:
    """Every diagnostic of the run, after the site's severity policy and ignore comments.
    A withdrawn page gets only what the rules that run on withdrawn pages say: nothing else
    about a page that is not published may stop the build that takes it down."""
    chosen = only if only is not None else site_index.by_rel.keys()
    ctx = CheckContext(config, parsed.site, site_index, site_plan, engines)
    found = [d for d in (*loaded, *parsed.diagnostics) if d.file not in site_plan.withdrawn]
    for rel, findings in parsed.findings.items():
        if rel not in site_plan.withdrawn:
            found.extend(findings)
    found += page_checks(ctx, [rel for rel in chosen if rel in site_index.by_rel], engines)
    if only is not None:
        found = [d for d in found if d.file in only]
    return apply_policy(found, config.severities, make_filter(parsed.site.resources))


def run(config: SiteConfig, options: Options, until: str = "check") -> Result:
    """load -> parse -> index -> plan (`until="plan"` stops here) -> check, and with
    `until="write"` on to render, write, search index and verify, only when the checks let
    the build go on."""
    with workers(config, options.jobs, options.cache, options.engines) as pool:
        ahead = ParseAhead(config, pool, options.cache, options.engines) if pool else None
        site, loaded = load(config, options.cache, ahead, options.builds_again)
        parsed = parse(config, site, options, pool, ahead)  # the workers parse as it loads
        del site, ahead                 # the loaded resources: `parsed.site` has their heirs
    site_index = index(config, parsed.site)
    site_plan = plan(parsed.site, site_index, options)
    if until == "plan":
        return Result(config, parsed.site, site_index, site_plan, tuple(loaded))
    found = check(config, parsed, site_index, site_plan, loaded, options.only)
    result = Result(config, parsed.site, site_index, site_plan, tuple(found))
    if until == "check" or result.failed(options.strict):
        return result                                   # the old output is untouched
    from coprod_site.publish import publish
    written, search_pending = publish(config, result, options)
    return Result(config, parsed.site, site_index, site_plan, tuple(found), tuple(written),
                  search_pending)


def build(config: SiteConfig, options: Options) -> Result:
    """`coprod build`: every stage, writing only when the checks pass."""
    from coprod_site.swap import check_destination
    check_destination(options.out or config.root / config.output, config.root, config.theme)
    return run(config, options, until="write")
