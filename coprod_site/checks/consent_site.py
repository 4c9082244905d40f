"""CP201 for what the verify step (`verify.py`) would stop a build for, reported first where it
is written (content.md, "Consent across the hub"; "Nothing from `people[].consent` ever
appears in the built site"), so `coprod check` and `coprod build` agree:

- a consent record reference written in a page that is published: verify finds it in the
  built files, and nothing is published.
"""

from __future__ import annotations

import re

from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.people import front_matter_texts, line_col


def consent_site_rules(resource: Resource, ctx: CheckContext):
    """Every CP201 of this module on one page."""
    if resource.rel in ctx.plan.withdrawn:
        return
    yield from _records(resource, ctx)


def _records(resource: Resource, ctx: CheckContext):
    """CP201 once per consent record reference a published page holds: at its first place in
    the body, or at the front-matter key that renders it."""
    records = ctx.index.people.records
    if not records:
        return
    pattern = re.compile("|".join(re.escape(r) for r in sorted(records, key=len, reverse=True)))
    places = {}
    for text, line in front_matter_texts(resource):
        for found in pattern.finditer(text or ""):
            places.setdefault(found.group(), (line, 1))
    for found in pattern.finditer(resource.body):
        places.setdefault(found.group(), line_col(resource, found.start()))
    for found in pattern.finditer(resource.doc.html or ""):
        places.setdefault(found.group(), (resource.body_line, 1))
    for record, (line, column) in sorted(places.items(), key=lambda p: p[1]):
        yield diagnostic(
            "CP201", resource.rel, line, column,
            f"{record} is a consent record reference (from {records[record]}). Consent "
            "records are kept off the site, so the build would stop here and publish nothing.",
            f"Take {record} out of this page. It belongs only in the consent: block of "
            f"{records[record]}.")
