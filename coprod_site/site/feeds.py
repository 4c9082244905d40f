"""Machine-readable files: the Atom feed, sitemap, robots.txt and Netlify's _redirects.

Written with the standard library's XML tools so every value is escaped. Dates come from the
content (never the clock), so the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from xml.sax.saxutils import escape

from coprod_site.content.model import RESOURCE_KINDS, Kind
from coprod_site.site.model import SiteView

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 50


def _stamp(day: date | None) -> str:
    return f"{(day or date(2000, 1, 1)).isoformat()}T00:00:00Z"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def atom(view: SiteView) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": view.config.language})
    entries = view.entries[:FEED_SIZE]
    ET.SubElement(feed, f"{{{ATOM}}}title").text = view.config.title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = view.config.description
    ET.SubElement(feed, f"{{{ATOM}}}id").text = view.absolute("/")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": view.absolute("/feed.xml"), "rel": "self"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": view.absolute("/")})
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(max((e.date for e in entries if e.date), default=None))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = view.config.title
    for e in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(item, f"{{{ATOM}}}link", {"href": view.absolute(e.url)})
        ET.SubElement(item, f"{{{ATOM}}}id").text = view.absolute(e.url)
        ET.SubElement(item, f"{{{ATOM}}}published").text = _stamp(e.published)
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _stamp(e.date)
        ET.SubElement(item, f"{{{ATOM}}}summary").text = e.summary
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": e.kind.value, "label": e.kind.label})
        for topic in e.topics:
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": topic.slug, "label": topic.label})
    return _xml(feed)


def sitemap(view: SiteView, paths: list[str]) -> bytes:
    """As ElementTree writes it (indented), an entry at a time: the tree of 5,000 pages'
    entries took 5 MiB."""
    dates = {e.url: e.date for e in view.entries + view.pages}
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<urlset xmlns="{SITEMAP}"{">" if paths else " />"}']
    for path in paths:
        lines += ["  <url>", f"    <loc>{escape(view.absolute(path))}</loc>"]
        if dates.get(path):
            lines.append(f"    <lastmod>{dates[path].isoformat()}</lastmod>")
        lines.append("  </url>")
    if paths:
        lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def redirects(view: SiteView) -> str:
    """Netlify rules: the site's own redirects, then 410 Gone. One rule per kind folder, not
    forced, so it answers only where no page exists: no withdrawn slug (which may hold a
    person's name) is written anywhere. A withdrawn page of content/pages, which may name
    nobody, gets a rule of its own, since a rule for every address would hide every 404."""
    lines = [f"{r.source} {r.target} {r.status}" for r in view.config.redirects]
    lines += [f"/{kind.folder}/* /404.html 410" for kind in RESOURCE_KINDS]
    for resource, _ in sorted(view.plan.withdrawn.values(), key=lambda item: item[0].url):
        if resource.kind is Kind.PAGE:
            lines += [f"{resource.url} /404.html 410", f"{resource.url}* /404.html 410"]
    return "\n".join(lines) + "\n"


def render_feeds(view: SiteView) -> dict[str, str | bytes]:
    return {
        "/feed.xml": atom(view),
        "/_redirects": redirects(view),
        "/robots.txt": f"User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: {view.absolute('/sitemap.xml')}\n",
    }
