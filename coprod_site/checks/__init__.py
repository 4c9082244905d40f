"""The check stage: small rules that each yield diagnostics, declared in one registry.

Every rule is a function `rule(resource, ctx) -> Iterable[Diagnostic]` (a page rule) or
`rule(ctx) -> Iterable[Diagnostic]` (a site rule), listed once in `REGISTRY` with:

- `codes`: the rule codes it reports (diagnostics.RULES holds their names and severities);
- `family`: schema, consent, readability, language, accessibility, safety, links or review;
- `scope`: `file` (reads one parsed file, the configuration and `_data/`: runs in worker
  processes and is cached by the file's bytes), `page` (one page, but also the site index and
  the plan: runs in the main process on every build) or `site` (the whole site at once);
- `on_withdrawn`: whether it runs on a withdrawn page (only the consent rules do: a withdrawn
  page is not published, so there is nothing on the site for other rules to stop);
- `engines`: whether it applies inside other engines (MkDocs, Pelican), outside our layout.

Rules report at their rule's default severity; `diagnostics.apply_policy` decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable

from coprod_site.config import SiteConfig
from coprod_site.content.lifecycle import Plan
from coprod_site.content.model import SiteContent
from coprod_site.diagnostics import Diagnostic


@dataclass(frozen=True)
class CheckContext:
    """What a rule may read. File rules get `index` and `plan` as None."""

    config: SiteConfig
    site: SiteContent
    index: "object | None" = None       # index.SiteIndex
    plan: Plan | None = None
    engines: bool = False               # inside MkDocs or Pelican

    @property
    def today(self):
        return self.plan.today

    @cached_property
    def addresses(self) -> dict:
        """Every address the built site will have (`checks.addresses`), once per build."""
        from coprod_site.checks.addresses import site_addresses
        return site_addresses(self)


@dataclass(frozen=True)
class Rule:
    function: Callable[..., Iterable[Diagnostic]]
    codes: tuple[str, ...]
    family: str
    scope: str                          # file, page or site
    on_withdrawn: bool = False
    engines: bool = False


def _registry() -> tuple[Rule, ...]:
    from coprod_site.checks import (accessibility, capitals, consent, consent_hub,
                                    consent_site, language, links, placeholders, readability,
                                    review, safety)
    return (
        Rule(consent.consent_rules, ("CP201", "CP202", "CP203", "CP204", "CP205", "CP206",
                                     "CP207"), "consent", "page", on_withdrawn=True,
             engines=True),
        Rule(consent_hub.hub_rules, ("CP201", "CP202", "CP203", "CP206", "CP208", "CP209"),
             "consent", "page", on_withdrawn=True, engines=True),
        Rule(consent_site.consent_site_rules, ("CP201",), "consent", "page", engines=True),
        Rule(consent_site.site_names, ("CP201",), "consent", "site", on_withdrawn=True,
             engines=True),
        Rule(links.broken_links, ("CP601", "CP602", "CP603"), "links", "page"),
        Rule(links.front_matter_links, ("CP601", "CP603"), "links", "page"),
        Rule(links.same_page_anchors, ("CP602",), "links", "page", engines=True),
        Rule(readability.page_readability, ("CP301", "CP302"), "readability", "file",
             engines=True),
        Rule(readability.summary, ("CP305",), "readability", "file", engines=True),
        Rule(language.word_lists, ("CP303", "CP401"), "language", "file", engines=True),
        Rule(capitals.acronyms, ("CP304",), "language", "file", engines=True),
        Rule(capitals.all_capitals, ("CP505",), "language", "file", engines=True),
        Rule(accessibility.image_alt, ("CP501",), "accessibility", "file"),
        Rule(accessibility.heading_order, ("CP502",), "accessibility", "file"),
        Rule(accessibility.link_text, ("CP503",), "accessibility", "file"),
        Rule(accessibility.media_alternative, ("CP504",), "accessibility", "file"),
        Rule(review.review_due, ("CP701",), "review", "page"),
        Rule(safety.unsafe_content, ("CP107",), "safety", "file"),
        Rule(safety.unsafe_media, ("CP107", "CP108"), "safety", "page"),
        Rule(placeholders.placeholders, ("CP109",), "schema", "file"),
    )


_RULES: tuple[Rule, ...] | None = None
DATA_FOLDER = "content/_data/"          # a site rule's findings there are always reported


def registry() -> tuple[Rule, ...]:
    global _RULES
    if _RULES is None:
        _RULES = _registry()
    return _RULES


def rules(scope: str, engines: bool = False) -> list[Rule]:
    return [r for r in registry() if r.scope == scope and (r.engines or not engines)]


def file_checks(resource, ctx: CheckContext, engines: bool = False) -> list[Diagnostic]:
    """The file rules on one parsed resource (worker processes run this)."""
    return [d for rule in rules("file", engines) for d in rule.function(resource, ctx)]


def page_checks(ctx: CheckContext, rels: Iterable[str], engines: bool = False) -> list[Diagnostic]:
    """The page and site rules, with the index and the plan, for the pages in `rels`."""
    found: list[Diagnostic] = []
    chosen = set(rels)
    for rel in sorted(chosen):
        resource = ctx.index.by_rel[rel]
        withdrawn = rel in ctx.plan.withdrawn
        for rule in rules("page", engines):
            if rule.on_withdrawn or not withdrawn:
                found.extend(rule.function(resource, ctx))
    for rule in rules("site", engines):
        found.extend(d for d in rule.function(ctx)
                     if (d.file in chosen or d.file.startswith(DATA_FOLDER))
                     and (rule.on_withdrawn or d.file not in ctx.plan.withdrawn))
    return found
