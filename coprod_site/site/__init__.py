"""Rendering the whole site: every page, feed and file, as a map of site path to content."""

from __future__ import annotations

from coprod_site.render.templates import Theme


def render_site(config, site, plan, options):
    """Return (files, media): site path -> text or bytes, and (source, site path) to copy."""
    from coprod_site.site import feeds, pages
    from coprod_site.site.admin import render_admin
    from coprod_site.site.model import SiteView

    view = SiteView.make(config, site, plan, options)
    theme = Theme(config.theme)
    files: dict[str, str | bytes] = {}
    files.update(pages.render_pages(view, theme))
    files.update(feeds.render_feeds(view))
    listed = [path for path in files if path.endswith("/") and path not in view.unlisted]
    files["/sitemap.xml"] = feeds.sitemap(view, sorted(listed))
    style = theme.assets.get("style.css")
    files.update(render_admin(config, site, style and style[1]))
    if "favicon.ico" in theme.assets:      # asked for at the root by browsers and feed readers
        files["/favicon.ico"] = theme.assets["favicon.ico"][0].read_bytes()
    return files, view.media_to_copy(), theme
