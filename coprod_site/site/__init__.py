"""The render stage: every page, feed and file of the site, as a map of site path to content."""

from __future__ import annotations

from types import MappingProxyType
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


def render_bodies(site, index, plan) -> MappingProxyType:
    """rel -> body HTML of every page the plan publishes: links resolved against the site,
    theme ids kept clear, and the first use of each glossary term linked."""
    link_terms = glossary_linker(site.glossary)
    url_for = url_resolver(site, index, plan)
    return MappingProxyType({
        rel: link_terms(resolve_links(r.doc, url_for, index.reserved_ids))
        for rel, r in plan.published.items()})


def render_site(config, site, index, plan, options, on_page=None):
    """Return (files, media, theme): site path -> text or bytes, and (source, site path) to
    copy. `on_page(path, html)` is called with each HTML page as soon as it is rendered."""
    from coprod_site.site import feeds, pages
    from coprod_site.site.admin import render_admin
    from coprod_site.site.model import SiteView

    view = SiteView.make(config, site, plan, options, render_bodies(site, index, plan))
    cache = config.root / CACHE_FOLDER if options.cache else None
    theme = Theme(config.theme, cache)
    files: dict[str, str | bytes] = {}
    files.update(pages.render_pages(view, theme, cache, on_page))
    files.update(feeds.render_feeds(view))
    listed = [path for path in files if path.endswith("/") and path not in view.unlisted]
    files["/sitemap.xml"] = feeds.sitemap(view, sorted(listed))
    style = theme.assets.get("style.css")
    files.update(render_admin(config, site, style and style[1]))
    if "favicon.ico" in theme.assets:      # asked for at the root by browsers and feed readers
        files["/favicon.ico"] = theme.assets["favicon.ico"][0].read_bytes()
    return files, view.media_to_copy(), theme
