"""The HTML pages of site.md's table, each rendered through the theme.

Every page gets a `Meta` (what its <head> says to search engines and link previews) and the
path it is served at. Drafts and pages in review (built only with --drafts) are rendered so
their authors can preview them, but nothing lists them and they ask not to be indexed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from coprod_site.content.model import RESOURCE_KINDS, Kind
from coprod_site.site.model import SiteView
from coprod_site.site.rendered import RenderedPages
from coprod_site.urls import page_path

NAV = [("/", "Home"), ("/guides/", "Guides"), ("/case-studies/", "Case studies"),
       ("/toolkits/", "Toolkits"), ("/topics/", "Topics"), ("/search/", "Search")]

KIND_INTROS = {
    Kind.GUIDE: "How to do something, step by step.",
    Kind.CASE_STUDY: "Stories of co-production from the people who did it.",
    Kind.TOOLKIT: "Checklists, templates and activities to use with your group.",
}
NEWEST_ON_HOME = 6


@dataclass
class Meta:
    """What the <head> says about a page."""

    title: str
    description: str
    path: str
    image: str | None = None
    image_alt: str = ""
    index: bool = True              # False: ask search engines not to index (previews, 404)
    canonical: bool = True          # False for the 404 page, which is served at any address
    scripts: tuple[str, ...] = ()   # theme scripts this page loads (only the search page has one)


def paginate(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def render_pages(view: SiteView, theme, cache: Path | None = None,
                 order: Callable[[str], int] | None = None, keys: dict[str, str] | None = None
                 ) -> Iterator[tuple[str, str]]:
    """(site path, HTML) of every page, each rendered as it is asked for; with `cache` (the
    `.coprod-cache/` folder) a page whose key is unchanged since the last build is taken from
    there (`site.rendered`), which is saved once the last page is asked for. `order(path)`
    groups the pages of resources and content pages (the search index's shards), keeping
    their order within each group. `keys`, if given, gets each page's key ("" without a
    cache) before the page is yielded."""
    site = view.config
    kept = RenderedPages(cache, view, theme, (NAV, KIND_INTROS))

    def page(path: str, template: str, meta: Meta, crumbs=(), **context) -> tuple[str, str]:
        key = kept.key(path, template, {"meta": meta, "crumbs": crumbs, **context})
        if keys is not None:
            keys[path] = key
        html = kept.get(key)
        if html is None:
            html = theme.render(
                template, site=site, view=view, nav=NAV, meta=meta, current=path,
                canonical=view.absolute(meta.path), crumbs=[("/", "Home"), *crumbs],
                image_url=view.absolute(meta.image) if meta.image else None,
                kind_intros=KIND_INTROS, page_path=page_path, **context)
            kept.put(key, html)
        return path, html

    yield page("/", "home.html", Meta(site.title, site.description, "/"),
               newest=view.entries[:NEWEST_ON_HOME], topics=view.topics_in_use(),
               audiences=view.audiences_in_use())
    for kind in RESOURCE_KINDS:
        yield from _listing(view, page, kind)
    for entry in sorted(view.entries + view.pages + view.previews,
                        key=lambda e: order(e.url) if order else 0):
        crumbs = [] if entry.kind is Kind.PAGE else [(f"/{entry.kind.folder}/", entry.kind.plural)]
        yield page(entry.url, "page.html" if entry.kind is Kind.PAGE else "resource.html",
                   Meta(entry.title, entry.summary, entry.url, entry.image, entry.image_alt,
                        index=not entry.is_preview),
                   crumbs=crumbs, entry=entry)
    yield page("/topics/", "topics.html",
               Meta("Topics", f"Every topic on {site.title}, with the resources on each.",
                    "/topics/"),
               topics=[(t, view.on_topic(t.slug)) for t in view.site.topics.values()])
    for term in view.site.topics.values():
        path = f"/topics/{term.slug}/"
        yield page(path, "term.html", Meta(term.label, term.description or term.label, path),
                   crumbs=[("/topics/", "Topics")], term=term, group="Topic",
                   entries=view.on_topic(term.slug))
    for term in view.site.audiences.values():
        path = f"/audiences/{term.slug}/"
        yield page(path, "term.html",
                   Meta(f"For {term.label[:1].lower() + term.label[1:]}",
                        term.description or term.label, path),
                   term=term, group="Audience", entries=view.for_audience(term.slug))
    yield page("/glossary/", "glossary.html",
               Meta("Glossary", "Plain-English meanings of words used on this site.",
                    "/glossary/"),
               entries=sorted(view.site.glossary.values(), key=lambda g: g.term.lower()))
    yield page("/search/", "search.html",
               Meta("Search", f"Search {site.title}, or browse every resource.", "/search/",
                    scripts=("search.js",) if view.entries or view.pages else ()),
               entries=view.entries, kinds=[k for k, entries in view.kinds if entries],
               topics=view.topics_in_use())
    yield page("/404.html", "404.html",
               Meta("Page not found", "We could not find that page.", "/404.html",
                    index=False, canonical=False))
    kept.save()


def _listing(view: SiteView, page, kind: Kind) -> Iterator[tuple[str, str]]:
    """One kind's resources, newest first, `page_size` to a page."""
    entries = view.of_kind(kind)
    chunks = paginate(entries, view.config.page_size)
    base = f"/{kind.folder}/"
    for number, chunk in enumerate(chunks, start=1):
        path = page_path(base, number)
        of = f", page {number} of {len(chunks)}" if len(chunks) > 1 else ""
        crumbs = [(base, kind.plural)] if number > 1 else []
        yield page(path, "listing.html",
                   Meta(kind.plural + of, f"{KIND_INTROS[kind]} All {kind.plural.lower()} on "
                        f"{view.config.title}, newest first{of}.", path),
                   crumbs=crumbs, kind=kind, entries=chunk, number=number, count=len(chunks),
                   base=base, total=len(entries))
