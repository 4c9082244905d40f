"""Turning links as contributors write them (relative file paths) into site URLs."""

from __future__ import annotations

from coprod_site.content.lifecycle import Plan
from coprod_site.content.model import SiteContent
from coprod_site.render.markdown import Resolved, classify, resolve_path


def media_url(path: str) -> str:
    """`content/media/x.jpg` -> `/media/x.jpg`."""
    return "/" + path.removeprefix("content/")


def make_resolver(site: SiteContent, plan: Plan):
    by_rel = site.by_rel()

    def resolve(page_rel: str, href: str) -> Resolved:
        if classify(href) == "unsafe":
            return Resolved("unsafe", None)
        found = resolve_path(page_rel, href)
        if found is None:
            return Resolved("missing", href)
        path, fragment = found
        if path.endswith(".md"):
            if path not in by_rel:
                return Resolved("missing", href, path, fragment)
            if not plan.is_live(path):
                return Resolved("page", None, path, fragment)
            return Resolved("page", by_rel[path].url + (f"#{fragment}" if fragment else ""),
                            path, fragment)
        if path.removeprefix("content/") in site.media_files and path.startswith("content/media/"):
            return Resolved("media", media_url(path), path, fragment)
        return Resolved("missing", href, path, fragment)

    return resolve
