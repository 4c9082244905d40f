"""CP601 to CP603: links to files, headings, site addresses and withdrawn pages.

A link to a page withdrawn because of consent is reported as info, not a warning: a
withdrawal must never fail a build, even with `--strict` (content.md, "Consent across the hub").
"""

from __future__ import annotations

import difflib
from posixpath import dirname, relpath
from urllib.parse import unquote

from coprod_site.checks import CheckContext
from coprod_site.content.contract import closest
from coprod_site.content.loader import kind_of
from coprod_site.content.model import Resource
from coprod_site.diagnostics import Severity, diagnostic
from coprod_site.render.links import clear_id

STATE = {"draft": "a draft", "review": "in review", "published": "published",
         "withdrawn": "withdrawn"}
IDS_LISTED = 8                   # heading ids a CP602 hint lists, before "and N more"
CHECK_PATH = ("Check the spelling and the ../ part of the path. Paths start from this file's "
              "folder.")


def _not_published(target: str | None, ctx: CheckContext) -> tuple[str, str] | None:
    """(why, what to do) when `target` is a content file that is there but not on the site,
    else None: one in a folder the hub leaves out, or one it could not read (its own
    problems are reported where it is)."""
    path = ctx.config.root / target if target else None
    if path is None or path.suffix != ".md" or not path.is_file():
        return None
    inside = path.is_relative_to(ctx.config.content_dir)
    if not inside or kind_of(path.relative_to(ctx.config.content_dir).parts) is None:
        return ("the hub does not publish files in that folder",
                "Link to a page in content/guides, content/case-studies, content/toolkits or "
                "content/pages.")
    return ("the hub could not read that file",
            f"Fix the problems reported for {target} first: the link works once it can be read.")


def _did_you_mean(resource: Resource, target: str | None, ctx: CheckContext) -> str:
    """"Did you mean ../guides/paying.md? " for a path one slip away from a real file."""
    if not target:
        return ""
    here = dirname(resource.rel)
    files = [relpath(f, here) for f in (*ctx.index.by_rel,
                                         *(f"content/{m}" for m in ctx.site.media_files))]
    guess = closest(relpath(target, here), files)       # as written, not the shared folders
    return f"Did you mean {guess}? " if guess else ""


def broken_links(resource: Resource, ctx: CheckContext):
    by_rel = ctx.index.by_rel
    for link in resource.doc.links:
        what = "image" if link.image else "link"
        if link.kind in ("page", "media", "file", "missing") and \
                not ctx.index.exists(link.target, ctx.site.media_files):
            target = link.target or link.href
            unread = _not_published(link.target, ctx)
            if unread:
                yield diagnostic("CP601", resource.rel, link.line, link.column,
                                 f"This {what} points to {link.href}, but {unread[0]}.", unread[1])
                continue
            yield diagnostic(
                "CP601", resource.rel, link.line, link.column,
                f"This {what} points to {link.href}, but there is no file at {target}.",
                _did_you_mean(resource, link.target, ctx) + CHECK_PATH)
        elif link.kind == "page":
            target = by_rel[link.target]
            if link.target in ctx.plan.withdrawn:
                yield diagnostic(
                    "CP603", resource.rel, link.line, link.column,
                    f"This link goes to '{target.title}', which is withdrawn. It will show as "
                    "plain text.", "Remove the link, or link to another page.",
                    _quiet(link.target, ctx))
            elif not ctx.plan.is_live(link.target) and ctx.plan.is_live(resource.rel):
                yield diagnostic(
                    "CP603", resource.rel, link.line, link.column,
                    f"This link goes to '{target.title}', which is {STATE[target.status]} and not "
                    "published yet. It will show as plain text.",
                    "Publish that page first, or remove the link for now.")
            elif link.fragment and unquote(link.fragment) not in ctx.index.anchors[link.target]:
                yield _anchor(resource, link, target, ctx, f"'{target.title}'")
        elif link.kind == "site":
            yield from _site_link(resource, link, ctx)


def same_page_anchors(resource: Resource, ctx: CheckContext):
    """CP602 for `#heading` links to this page, against the ids the page really has
    (inside another engine, the ids that engine gives)."""
    for link in resource.doc.links:
        if link.kind == "anchor" and link.fragment and \
                unquote(link.fragment) not in ctx.index.anchors[resource.rel]:
            yield _anchor(resource, link, resource, ctx, "this page")


def _anchor(resource, link, target: Resource, ctx: CheckContext, where: str):
    """CP602, with the ids the target page really has: the closest, or else all of them."""
    fragment = link.href.partition("#")[2]
    anchors = ctx.index.anchors[target.rel]
    headings = [clear_id(h.id, ctx.index.reserved_ids) for h in target.doc.headings if h.id]
    guesses = difflib.get_close_matches(unquote(fragment), sorted(anchors), n=3, cutoff=0.6)
    if guesses:
        hint = "Did you mean " + " or ".join(f"#{g}" for g in guesses) + "?"
    elif headings:
        listed = ", ".join(f"#{h}" for h in headings[:IDS_LISTED])
        more = f" and {len(headings) - IDS_LISTED} more" if len(headings) > IDS_LISTED else ""
        hint = f"The headings on {where} have these ids: {listed}{more}."
    elif target.doc.headings:
        hint = "No heading there has an id to link to, so link to the page without the # part."
    else:
        hint = f"{where[0].upper()}{where[1:]} has no headings. Link to it without the #{fragment} part."
    return diagnostic(
        "CP602", resource.rel, link.line, link.column,
        f"This link goes to #{fragment}, but {where} has no heading with that id.", hint)


def _site_link(resource: Resource, link, ctx: CheckContext):
    """A link written as a site address (`/about/`): it must be an address the site has."""
    path, _, fragment = link.href.partition("#")
    path = unquote(path.split("?")[0])
    addresses = ctx.addresses
    known = next((p for p in (path, path + "/", path.removesuffix("index.html"))
                  if p in addresses), None)
    found = addresses.get(known)
    if known is None:
        guess = difflib.get_close_matches(path, sorted(addresses), n=1, cutoff=0.6)
        target = addresses[guess[0]] if guess else None
        if isinstance(target, Resource):
            hint = (f"Did you mean '{target.title}'? Link to its file instead, so every check "
                    f"follows it: {relpath(target.rel, dirname(resource.rel))}")
        elif guess:
            hint = f"Did you mean {guess[0]}?"
        else:
            hint = ("Link to the content file instead, like ../pages/about.md, so every check "
                    "follows it.")
        yield diagnostic("CP601", resource.rel, link.line, link.column,
                         f"This link goes to {link.href}, but the site has no page at {path}.",
                         hint)
    elif isinstance(found, Resource) and found.rel in ctx.plan.by_consent:
        yield diagnostic(
            "CP603", resource.rel, link.line, link.column,
            f"This link goes to '{found.title}', which is withdrawn. It will show as plain text.",
            "Remove the link, or link to another page.", Severity.INFO)
    elif isinstance(found, Resource) and not ctx.plan.is_live(found.rel):
        if ctx.plan.is_live(resource.rel):
            state = "withdrawn" if found.rel in ctx.plan.withdrawn else STATE[found.status]
            yield diagnostic(
                "CP601", resource.rel, link.line, link.column,
                f"This link goes to {link.href}, which is '{found.title}', but that page is "
                f"{state} and not on the site, so the link would lead nowhere.",
                f"Link to its file instead: {relpath(found.rel, dirname(resource.rel))}. "
                "The link then shows as plain text until that page is published.")
    elif isinstance(found, Resource) and fragment \
            and unquote(fragment) not in ctx.index.anchors[found.rel]:
        yield _anchor(resource, link, found, ctx, f"'{found.title}'")


def front_matter_links(resource: Resource, ctx: CheckContext):
    """`related:` and `easy_read:` name other content files: they must exist, and a
    withdrawn one is left out of the page (CP603) just as a link in the body is."""
    by_rel = ctx.index.by_rel
    paths = [(f"related.{i}", path) for i, path in enumerate(resource.related)]
    if resource.easy_read:
        paths.append(("easy_read", resource.easy_read))
    for key, path in paths:
        line = resource.line_of(key, resource.line_of(key.split(".")[0]))
        unread = path not in by_rel and _not_published(path, ctx)
        if unread:
            yield diagnostic("CP601", resource.rel, line, 1,
                             f"'{key.split('.')[0]}' names {path}, but {unread[0]}.", unread[1])
        elif path not in by_rel:
            yield diagnostic(
                "CP601", resource.rel, line, 1,
                f"'{key.split('.')[0]}' names {path}, but there is no such file.",
                _did_you_mean(resource, path, ctx) + CHECK_PATH)
        elif path in ctx.plan.withdrawn:
            yield diagnostic(
                "CP603", resource.rel, line, 1,
                f"'{key.split('.')[0]}' names '{by_rel[path].title}', which is withdrawn. "
                "It is left out of this page.", "Remove it, or name another page.",
                _quiet(path, ctx))


def _quiet(target: str, ctx: CheckContext) -> Severity | None:
    """Info for a page withdrawn because of consent; the rule's warning otherwise."""
    return Severity.INFO if target in ctx.plan.by_consent else None
