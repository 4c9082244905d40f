"""The HTML pages of site.md's table, each rendered through the theme."""

from __future__ import annotations

from dataclasses import dataclass

from coprod_site.content.model import RESOURCE_KINDS, Kind
from coprod_site.site.model import SiteView

NAV = [("/", "Home"), ("/guides/", "Guides"), ("/case-studies/", "Case studies"),
       ("/toolkits/", "Toolkits"), ("/topics/", "Topics"), ("/search/", "Search")]


@dataclass
class Meta:
    """What the <head> says about a page."""

    title: str
    description: str
    path: str
    image: str | None = None
    image_alt: str = ""
    feed: bool = True


def paginate(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def render_pages(view: SiteView, theme) -> dict[str, str]:
    site = view.config
    pages: dict[str, str] = {}

    def page(path: str, template: str, meta: Meta, **context) -> None:
        pages[path] = theme.render(
            template, site=site, view=view, nav=NAV, meta=meta, current=path,
            canonical=view.absolute(meta.path), absolute=view.absolute,
            image_url=view.absolute(meta.image) if meta.image else None, **context)

    page("/", "home.html", Meta(site.title, site.description, "/"),
         newest=view.entries[:6], topics=_topics_in_use(view))
    for kind in RESOURCE_KINDS:
        entries = view.of_kind(kind)
        chunks = paginate(entries, site.page_size)
        for number, chunk in enumerate(chunks, start=1):
            path = f"/{kind.folder}/" + (f"page/{number}/" if number > 1 else "")
            page(path, "listing.html",
                 Meta(kind.plural + (f", page {number} of {len(chunks)}" if len(chunks) > 1 else ""),
                      f"All {kind.plural.lower()} on {site.title}, newest first.", path),
                 kind=kind, entries=chunk, number=number, count=len(chunks),
                 base=f"/{kind.folder}/", total=len(entries))
    for entry in view.entries + view.pages:
        page(entry.url, "page.html" if entry.kind is Kind.PAGE else "resource.html",
             Meta(entry.title, entry.summary, entry.url, entry.image, entry.image_alt),
             entry=entry)
    page("/topics/", "topics.html",
         Meta("Topics", f"Every topic on {site.title}.", "/topics/"),
         topics=[(t, view.on_topic(t.slug)) for t in view.site.topics.values()])
    for term in view.site.topics.values():
        path = f"/topics/{term.slug}/"
        page(path, "term.html", Meta(term.label, term.description or term.label, path),
             term=term, group="Topic", entries=view.on_topic(term.slug))
    for term in view.site.audiences.values():
        path = f"/audiences/{term.slug}/"
        page(path, "term.html", Meta(f"For {term.label.lower()}", term.description or term.label, path),
             term=term, group="Audience", entries=view.for_audience(term.slug))
    page("/glossary/", "glossary.html",
         Meta("Glossary", "Plain-English meanings of words used on this site.", "/glossary/"),
         entries=sorted(view.site.glossary.values(), key=lambda g: g.term.lower()))
    page("/search/", "search.html",
         Meta("Search", f"Search {site.title}, or browse every resource.", "/search/"),
         entries=view.entries)
    page("/404.html", "404.html",
         Meta("Page not found", "We could not find that page.", "/404.html"))
    return pages


def _topics_in_use(view: SiteView):
    return [(t, len(view.on_topic(t.slug))) for t in view.site.topics.values()
            if view.on_topic(t.slug)]
