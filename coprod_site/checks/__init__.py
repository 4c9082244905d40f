"""The checks: small rules that each yield diagnostics.

A page rule takes one resource and the `CheckContext`; a site rule takes only the context.
Rules report at their default severity; `diagnostics.apply_policy` decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from coprod_site.config import SiteConfig
from coprod_site.content.lifecycle import Plan
from coprod_site.content.model import Resource, SiteContent
from coprod_site.diagnostics import Diagnostic


@dataclass
class CheckContext:
    config: SiteConfig
    site: SiteContent
    plan: Plan

    @property
    def today(self):
        return self.plan.today


PageRule = Callable[[Resource, CheckContext], Iterable[Diagnostic]]
SiteRule = Callable[[CheckContext], Iterable[Diagnostic]]


def page_rules() -> list[PageRule]:
    from coprod_site.checks import (accessibility, capitals, consent, language, links,
                                    placeholders, readability, review, safety)
    return [consent.consent_rules, links.broken_links, links.front_matter_links,
            readability.page_readability, readability.summary,
            language.word_lists, capitals.acronyms, capitals.all_capitals,
            accessibility.image_alt, accessibility.heading_order, accessibility.link_text,
            accessibility.media_alternative, review.review_due,
            safety.unsafe_content, safety.unsafe_media, placeholders.placeholders]


def withdrawn_rules() -> list[PageRule]:
    """A withdrawn page is not published, so it gets only its CP207 notice: a withdrawal
    must never fail a build, not even under --strict."""
    from coprod_site.checks import consent
    return [consent.consent_rules]


def site_rules() -> list[SiteRule]:
    return []


def run_checks(ctx: CheckContext, only: set[str] | None = None) -> list[Diagnostic]:
    """Every rule over every page (or only the pages whose rel is in `only`)."""
    found: list[Diagnostic] = []
    for resource in ctx.site.resources:
        if resource.doc is None or (only is not None and resource.rel not in only):
            continue
        withdrawn = resource.rel in ctx.plan.withdrawn
        for rule in withdrawn_rules() if withdrawn else page_rules():
            found.extend(rule(resource, ctx))
    for rule in site_rules():
        found.extend(d for d in rule(ctx) if (only is None or d.file in only)
                     and d.file not in ctx.plan.withdrawn)
    return found
