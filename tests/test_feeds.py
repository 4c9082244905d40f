"""The sitemap (site/feeds.py) is written an entry at a time, exactly as ElementTree writes
the same tree: escaped, indented, and empty when no page is listed."""

import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

import pytest

from coprod_site.site.feeds import SITEMAP, sitemap


def as_element_tree_writes(view, paths) -> bytes:
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    dates = {e.url: e.date for e in view.entries + view.pages}
    for path in paths:
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = view.absolute(path)
        if dates.get(path):
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = dates[path].isoformat()
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


@pytest.mark.parametrize("paths", [[], ["/"], ["/", "/guides/paying/", "/q?a=1&b=<2>/", "/é/"]])
def test_the_sitemap_is_what_element_tree_writes(paths):
    view = SimpleNamespace(
        entries=[SimpleNamespace(url="/guides/paying/", date=date(2026, 4, 1))],
        pages=[SimpleNamespace(url="/", date=None)],
        absolute=lambda path: "https://hub.example.org" + path)
    assert sitemap(view, paths) == as_element_tree_writes(view, paths)
