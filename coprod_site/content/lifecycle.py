"""Which pages a build publishes, and which it withdraws, on the build date.

Kept apart from the checks because every later stage (links, listings, feeds, sitemap, search,
media, redirects) must agree on one answer: a page left out anywhere is left out everywhere.

A page is withdrawn when its status says so, when a person's consent was withdrawn on or before
the build date, or when it expired before the build date (content.md, "Consent"). An Easy Read
version tells the same story as its original, so it is withdrawn with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod_site.content.model import Resource, SiteContent


@dataclass(frozen=True)
class Withdrawal:
    """Why a page is withdrawn, and the front-matter key that says so."""

    reason: str          # finishes the sentence "... because <reason>"
    key: str             # "status", "people.0.consent.withdrawn", ... ("" when inherited)


def withdrawal(resource: Resource, today: date) -> Withdrawal | None:
    """Why `resource` is withdrawn on `today` by its own front matter, or None."""
    if resource.status == "withdrawn":
        return Withdrawal("its status is withdrawn", "status")
    for index, person in enumerate(resource.people):
        consent = person.consent
        if consent is None:
            continue
        if consent.withdrawn and consent.withdrawn <= today:
            return Withdrawal(f"consent for {person.shown_as} was withdrawn on "
                              f"{consent.withdrawn.isoformat()}",
                              f"people.{index}.consent.withdrawn")
        if consent.expires and consent.expires < today:
            return Withdrawal(f"consent for {person.shown_as} expired on "
                              f"{consent.expires.isoformat()}",
                              f"people.{index}.consent.expires")
    return None


def withdrawal_reason(resource: Resource, today: date) -> str | None:
    """Why a page is withdrawn on `today`, or None if it is not."""
    found = withdrawal(resource, today)
    return found.reason if found else None


@dataclass(frozen=True)
class Plan:
    """The plan stage's product: the build's decision about every page."""

    today: date
    drafts: bool
    published: dict[str, Resource]      # rel -> resource, in the built site
    withdrawn: dict[str, tuple[Resource, str]]   # rel -> (resource, reason)
    unpublished: dict[str, Resource]    # drafts and pages in review, not built this time

    def is_live(self, rel: str) -> bool:
        return rel in self.published


def plan_site(site: SiteContent, today: date, drafts: bool = False) -> Plan:
    """Published, withdrawn and unpublished pages on `today`."""
    by_rel = site.by_rel()
    withdrawn: dict[str, tuple[Resource, str]] = {}
    for r in site.resources:
        found = withdrawal(r, today)
        if found:
            withdrawn[r.rel] = (r, found.reason)
    pending = list(withdrawn)
    while pending:                      # an Easy Read version goes with its original
        original = by_rel[pending.pop()]
        version = by_rel.get(original.easy_read or "")
        if version is not None and version.rel not in withdrawn:
            withdrawn[version.rel] = (version, f"it is the Easy Read version of {original.rel}, "
                                               "which is withdrawn")
            pending.append(version.rel)
    published, unpublished = {}, {}
    for r in site.resources:
        if r.rel in withdrawn:
            continue
        if r.status == "published" or (drafts and r.status in ("draft", "review")):
            published[r.rel] = r
        else:
            unpublished[r.rel] = r
    return Plan(today, drafts, published, withdrawn, unpublished)
