"""The render stage: every page, feed and file of the site, each as the write stage asks for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterator, Mapping
from urllib.parse import unquote

from coprod_site.parse import CACHE_FOLDER
from coprod_site.render.glossary import glossary_linker
from coprod_site.render.links import resolve_links, written_address
from coprod_site.urls import media_url
from coprod_site.render.templates import Theme


def url_resolver(site, index, plan):
    """`url_for(link)`: the address a link gets on the built site, or None when it is shown
    as plain text (a link to a page that is not live)."""

    def url_for(link):
        if link.kind == "page" and link.target in index.by_rel:
            if not plan.is_live(link.target):
                return None
            fragment = f"#{link.fragment}" if link.fragment else ""
            return index.by_rel[link.target].url + fragment
        if link.kind == "media" and index.exists(link.target, site.media_files):
            return media_url(link.target)
        if link.kind == "site" and withdrawn_address(link.href, index, plan):
            return None
        return written_address(link.href)

    return url_for


def withdrawn_address(href: str, index, plan) -> bool:
    """Is a site address (`/guides/x/`, `/guides/x`, `/guides/x/index.html#part`) that of a
    page withdrawn for consent? Such a link is shown as plain text, as a file link is."""
    path = unquote(href.partition("#")[0].split("?")[0])
    return any(index.by_url.get(p) in plan.by_consent
               for p in (path, path + "/", path.removesuffix("index.html")))


class Bodies(Mapping):
    """rel -> body HTML of every page the plan publishes: links resolved against the site,
    theme ids kept clear, and the first use of each glossary term linked. Each body is
    rendered when it is asked for and not kept, so the site's bodies are never all in
    memory at once (at 5,000 pages they took 55 MiB)."""

    def __init__(self, site, index, plan):
        self.link_terms = glossary_linker(site.glossary)
        self.url_for = url_resolver(site, index, plan)
        self.index, self.published = index, plan.published

    def __getitem__(self, rel: str) -> str:
        return self.link_terms(resolve_links(self.published[rel].doc, self.url_for,
                                             self.index.reserved_ids))

    def key(self, rel: str) -> str:
        """A digest of what `self[rel]` is made from, besides the glossary and the theme's
        ids: the page's parse (its packed HTML) and the address each of its links gets."""
        doc = self.published[rel].doc
        addresses = repr([self.url_for(link) for link in doc.links]).encode("utf-8")
        return hashlib.sha256(doc.packed + b"\0" + addresses).hexdigest()

    def __iter__(self) -> Iterator[str]:
        return iter(self.published)

    def __len__(self) -> int:
        return len(self.published)


def render_bodies(site, index, plan) -> Bodies:
    return Bodies(site, index, plan)


@dataclass(frozen=True)
class Rendered:
    """The render stage's product. `files` yields (site path, text or bytes) for every page,
    feed and file, each rendered as the write stage asks for it, so a site's pages are never
    all in memory at once (it can be read once); `media` is (source, site path) of each media
    file to copy; `theme` gives the assets; `keys` fills with each page's key in the
    rendered-pages cache as it is rendered (`site.rendered`: the same key, the same HTML)."""

    files: Iterator[tuple[str, str | bytes]]
    media: list[tuple[str, str]]
    theme: Theme
    keys: dict[str, str] = field(default_factory=dict)   # page path -> its rendered-pages key


def render_site(config, site, index, plan, options, order=None) -> Rendered:
    """`order(path)`: see `pages.render_pages`."""
    from coprod_site.site.model import SiteView

    view = SiteView.make(config, site, plan, options, render_bodies(site, index, plan))
    cache = config.root / CACHE_FOLDER if options.cache else None
    theme = Theme(config.theme, cache, config.root)
    keys: dict[str, str] = {}
    return Rendered(_files(config, site, view, theme, cache, order, keys), view.media_to_copy(),
                    theme, keys)


def _files(config, site, view, theme, cache, order, keys) -> Iterator[tuple[str, str | bytes]]:
    from coprod_site.site import feeds, pages
    from coprod_site.site.admin import render_admin

    listed = []
    for path, html in pages.render_pages(view, theme, cache, order, keys):
        if path.endswith("/") and path not in view.unlisted:
            listed.append(path)
        yield path, html
    yield from feeds.render_feeds(view).items()
    yield "/sitemap.xml", feeds.sitemap(view, sorted(listed))
    style = theme.assets.get("style.css")
    yield from render_admin(config, site, style and style[1]).items()
    if "favicon.ico" in theme.assets:      # asked for at the root by browsers and feed readers
        yield "/favicon.ico", theme.assets["favicon.ico"][0].read_bytes()
