"""Which pages a build publishes, and which it withdraws, on the build date.

Kept apart from the checks because every later stage (links, listings, feeds, sitemap, search,
media, redirects) must agree on one answer: a page left out anywhere is left out everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod_site.content.model import Resource, SiteContent


def withdrawal_reason(resource: Resource, today: date) -> str | None:
    """Why a page is withdrawn on `today`, or None if it is not."""
    if resource.status == "withdrawn":
        return "its status is withdrawn"
    for person in resource.people:
        consent = person.consent
        if consent is None:
            continue
        if consent.withdrawn and consent.withdrawn <= today:
            return f"consent for {person.shown_as} was withdrawn"
        if consent.expires and consent.expires < today:
            return f"consent for {person.shown_as} expired"
    return None


@dataclass
class Plan:
    """The build's decision about every page."""

    today: date
    drafts: bool
    published: dict[str, Resource]      # rel -> resource, in the built site
    withdrawn: dict[str, tuple[Resource, str]]   # rel -> (resource, reason)
    unpublished: dict[str, Resource]    # drafts and pages in review, not built this time

    def is_live(self, rel: str) -> bool:
        return rel in self.published


def plan_site(site: SiteContent, today: date, drafts: bool = False) -> Plan:
    published, withdrawn, unpublished = {}, {}, {}
    for r in site.resources:
        reason = withdrawal_reason(r, today)
        if reason:
            withdrawn[r.rel] = (r, reason)
        elif r.status == "published" or (drafts and r.status in ("draft", "review")):
            published[r.rel] = r
        else:
            unpublished[r.rel] = r
    return Plan(today, drafts, published, withdrawn, unpublished)
