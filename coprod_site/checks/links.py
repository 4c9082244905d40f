"""CP601 to CP603: links to files, headings and withdrawn pages."""

from __future__ import annotations

from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic


def broken_links(resource: Resource, ctx: CheckContext):
    by_rel = ctx.index.by_rel
    for link in resource.doc.links:
        what = "image" if link.image else "link"
        if link.kind in ("page", "media", "file", "missing") and \
                not ctx.index.exists(link.target, ctx.site.media_files):
            target = link.target or link.href
            yield diagnostic(
                "CP601", resource.rel, link.line, link.column,
                f"This {what} points to {link.href}, but there is no file at {target}.",
                "Check the spelling and the ../ part of the path. Paths start from this file's folder.")
        elif link.kind == "page":
            target = by_rel[link.target]
            if link.target in ctx.plan.withdrawn:
                yield diagnostic(
                    "CP603", resource.rel, link.line, link.column,
                    f"This link goes to '{target.title}', which is withdrawn. It will show as "
                    "plain text.", "Remove the link, or link to another page.")
            elif not ctx.plan.is_live(link.target) and ctx.plan.is_live(resource.rel):
                yield diagnostic(
                    "CP603", resource.rel, link.line, link.column,
                    f"This link goes to '{target.title}', which is a {target.status} and not "
                    "published yet. It will show as plain text.",
                    "Publish that page first, or remove the link for now.")
            elif link.fragment and link.fragment not in ctx.index.anchors[link.target]:
                yield _anchor(resource, link, ctx.index.anchors[link.target], f"'{target.title}'")
        elif link.kind == "anchor" and link.fragment and \
                link.fragment not in ctx.index.anchors[resource.rel]:
            yield _anchor(resource, link, ctx.index.anchors[resource.rel], "this page")


def _anchor(resource, link, ids, where):
    from coprod_site.content.contract import closest
    fragment = link.href.partition("#")[2]
    guess = closest(fragment, ids)
    return diagnostic(
        "CP602", resource.rel, link.line, link.column,
        f"This link goes to #{fragment}, but {where} has no heading with that id.",
        f"Did you mean #{guess}?" if guess else
        "A heading's id is its text in lowercase with hyphens for spaces.")


def front_matter_links(resource: Resource, ctx: CheckContext):
    """`related:` and `easy_read:` name other content files: they must exist, and a
    withdrawn one is left out of the page (CP603) just as a link in the body is."""
    by_rel = ctx.index.by_rel
    paths = [(f"related.{i}", path) for i, path in enumerate(resource.related)]
    if resource.easy_read:
        paths.append(("easy_read", resource.easy_read))
    for key, path in paths:
        line = resource.line_of(key, resource.line_of(key.split(".")[0]))
        if path not in by_rel:
            yield diagnostic(
                "CP601", resource.rel, line, 1,
                f"'{key.split('.')[0]}' names {path}, but there is no such file.",
                "Check the spelling and the ../ part of the path. Paths start from this file's folder.")
        elif path in ctx.plan.withdrawn:
            yield diagnostic(
                "CP603", resource.rel, line, 1,
                f"'{key.split('.')[0]}' names '{by_rel[path].title}', which is withdrawn. "
                "It is left out of this page.", "Remove it, or name another page.")
