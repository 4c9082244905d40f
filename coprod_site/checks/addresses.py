"""The addresses a built site has, so links written as site paths (`/about/`) are checked at
`check` time, not only by `coprod linkcheck` after a build (site.md lists the pages)."""

from __future__ import annotations

import math

from coprod_site.content.model import RESOURCE_KINDS

FIXED = ("/", "/topics/", "/glossary/", "/search/", "/feed.xml", "/sitemap.xml",
         "/robots.txt", "/404.html", "/admin/")


def site_addresses(ctx) -> dict:
    """Site path -> the `Resource` served there (live or not), or None for a page the site
    makes itself (home, listings and their pages, topics, audiences, glossary, search,
    feeds, media). Worked out once per check run: `CheckContext.addresses` keeps it."""
    site, plan = ctx.site, ctx.plan
    found: dict = dict.fromkeys(FIXED)
    for kind in RESOURCE_KINDS:
        base = f"/{kind.folder}/"
        found[base] = None
        listed = sum(1 for r in plan.published.values() if r.kind is kind)
        for number in range(2, math.ceil(listed / ctx.config.page_size) + 1):
            found[f"{base}page/{number}/"] = None
    found.update((f"/topics/{slug}/", None) for slug in site.topics)
    found.update((f"/audiences/{slug}/", None) for slug in site.audiences)
    found.update((f"/{name}", None) for name in site.media_files)
    found.update((r.url, ctx.index.by_rel[r.rel]) for r in site.resources)
    return found
