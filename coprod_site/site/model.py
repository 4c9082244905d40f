"""What the templates see: only published pages, sorted and grouped, with nothing private.

Templates never receive a `Resource` with its consent data: `Entry` copies across only what a
reader may see, so no template change can leak a consent record, date or scope.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Callable

from coprod_site.content.model import RESOURCE_KINDS, Kind, Resource, Term
from coprod_site.site.images import page_html, page_images
from coprod_site.urls import absolute

@dataclass(frozen=True)
class Entry:
    """A published resource as the site shows it."""

    rel: str
    kind: Kind
    url: str
    title: str
    summary: str
    body: Callable[[], str] = field(repr=False, compare=False)   # see `html`
    body_key: Callable[[], str] = field(repr=False, compare=False)   # equal keys, equal `html`
    lang: str
    status: str
    published: date | None
    updated: date | None
    reviewed: date | None
    topics: tuple[Term, ...]
    audiences: tuple[Term, ...]
    credits: tuple                  # (name, role) from co_producers
    content_warnings: tuple[str, ...]
    sources: tuple                  # (title, url)
    reading_minutes: int
    words: int
    is_easy_read: bool
    image: str | None               # first image, for link previews
    image_alt: str = ""
    easy_read: "Entry | None" = None
    full_version: "Entry | None" = None   # on an Easy Read page: the resource it is made from
    related: tuple["Entry", ...] = ()

    @property
    def html(self) -> str:
        """The page's body HTML, rendered each time it is asked for (by its own page, and
        for the rendered-pages cache's key), never kept."""
        try:
            return self.body()
        except AttributeError as error:     # a template would take it for a missing `html`
            raise RuntimeError(f"rendering the body of {self.rel} failed") from error

    @property
    def is_preview(self) -> bool:
        """A draft or a page in review, built only with --drafts: marked, never listed."""
        return self.status != "published"

    @property
    def date(self) -> date | None:
        return self.updated or self.published


def _entry(resource: Resource, site, bodies, root) -> Entry:
    from coprod_site.checks.readability import page_reading
    reading = page_reading(resource)
    images = [l for l in resource.doc.images if l.kind == "media"
              and l.target.removeprefix("content/") in site.media_files]
    return Entry(
        rel=resource.rel, kind=resource.kind, url=resource.url, title=resource.title,
        summary=resource.summary, body=partial(_page_html, resource, bodies, root),
        body_key=partial(_page_key, resource, bodies, root), lang=resource.lang,
        status=resource.status, published=resource.published, updated=resource.updated,
        reviewed=resource.reviewed,
        topics=tuple(site.topics[t] for t in resource.topics),
        audiences=tuple(site.audiences[a] for a in resource.audiences),
        credits=tuple((c.name, c.role) for c in resource.co_producers),
        content_warnings=resource.content_warnings,
        sources=tuple((s.title, s.url) for s in resource.sources),
        reading_minutes=reading.reading_time_minutes, words=reading.read_words,
        is_easy_read=resource.is_easy_read,
        image=("/" + images[0].target.removeprefix("content/")) if images else None,
        image_alt=images[0].text if images else "")


def _page_html(resource: Resource, bodies, root) -> str:
    return page_html(resource, bodies[resource.rel], root)


def _page_key(resource: Resource, bodies, root) -> str:
    """A digest of what `_page_html` is made from, besides the glossary and the theme
    (which `site.rendered` keys apart): far quicker than rendering and hashing the body."""
    made_from = f"{bodies.key(resource.rel)}\0{page_images(resource, root)!r}"
    return hashlib.sha256(made_from.encode("utf-8")).hexdigest()


@dataclass
class SiteView:
    config: object
    site: object
    plan: object
    options: object
    entries: list[Entry] = field(default_factory=list)     # published resources, newest first
    pages: list[Entry] = field(default_factory=list)       # published content pages, by title
    previews: list[Entry] = field(default_factory=list)    # drafts and reviews (--drafts only)
    build_date: date | None = None

    @classmethod
    def make(cls, config, site, plan, options, bodies) -> "SiteView":
        """`bodies`: rel -> rendered body HTML of every published page."""
        view = cls(config, site, plan, options, build_date=plan.today)
        base = {rel: _entry(r, site, bodies, config.root) for rel, r in plan.published.items()}
        made_from = {r.easy_read: rel for rel, r in plan.published.items() if r.easy_read}

        def shown(rel: str | None, on: Entry) -> Entry | None:
            """A link target, if it may be shown on `on`: previews only link to previews."""
            target = base.get(rel) if rel else None
            return target if target and (not target.is_preview or on.is_preview) else None

        linked = {}
        for rel, entry in base.items():
            r = plan.published[rel]
            related = (shown(x, entry) for x in r.related)
            linked[rel] = Entry(**{**entry.__dict__,
                                   "easy_read": shown(r.easy_read, entry),
                                   "full_version": shown(made_from.get(rel), entry),
                                   "related": tuple(x for x in related if x)})
        everything = sorted(linked.values(), key=lambda e: (e.date or date.min, e.url), reverse=True)
        view.entries = [e for e in everything if e.kind is not Kind.PAGE and not e.is_preview]
        view.pages = sorted((e for e in everything if e.kind is Kind.PAGE and not e.is_preview),
                            key=lambda e: e.title)
        view.previews = [e for e in everything if e.is_preview]
        return view

    @property
    def unlisted(self) -> set[str]:
        """Pages built for preview (drafts, pages in review) that must not be listed."""
        return {e.url for e in self.previews}

    def absolute(self, path: str) -> str:
        return absolute(self.options.base_url or self.config.base_url, path)

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries if e.kind is kind]

    def on_topic(self, slug: str) -> list[Entry]:
        return [e for e in self.entries if any(t.slug == slug for t in e.topics)]

    def for_audience(self, slug: str) -> list[Entry]:
        return [e for e in self.entries if any(a.slug == slug for a in e.audiences)]

    def audiences_in_use(self):
        return [(a, len(self.for_audience(a.slug))) for a in self.site.audiences.values()
                if self.for_audience(a.slug)]

    def topics_in_use(self):
        return [(t, len(self.on_topic(t.slug))) for t in self.site.topics.values()
                if self.on_topic(t.slug)]

    @property
    def kinds(self):
        return [(k, self.of_kind(k)) for k in RESOURCE_KINDS]

    def media_to_copy(self) -> list[tuple[str, str]]:
        """(rel path under the site root, site path) of media that a published page uses."""
        used = set()
        for r in self.plan.published.values():
            used.update(l.target for l in r.doc.links if l.kind == "media" and l.target
                        and l.target.removeprefix("content/") in self.site.media_files)
            used.update(f"content/{m.file}" for m in r.media
                        if m.file.removeprefix("content/") in self.site.media_files)
        return [(rel, "/" + rel.removeprefix("content/")) for rel in sorted(used)]
