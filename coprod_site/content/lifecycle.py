"""Which pages a build publishes, and which it withdraws, on the build date.

Kept apart from the checks because every later stage (links, listings, feeds, sitemap, search,
media, redirects) must agree on one answer: a page left out anywhere is left out everywhere.

A page is withdrawn when its status says so, when a person's consent was withdrawn on or before
the build date, or when it expired before the build date (content.md, "Consent"). A page that
names, quotes or shows someone whose consent has ended, or whose name is in
`_data/withdrawn.yml`, is withdrawn with them, whatever its kind (content.md, "Consent across
the hub"). An Easy Read version tells the same story as
its original, so it is withdrawn with it. Withdrawal is decided here, never by a diagnostic,
so no severity and no `--strict` can stop it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coprod_site.content.model import Kind, Resource, SiteContent


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
    because: dict = field(default_factory=dict)  # rel -> uses of people whose consent ended
    absent: tuple = ()                  # people.Someone whose names may be in no output byte
    by_consent: frozenset[str] = frozenset()   # withdrawn for consent, not by status

    def is_live(self, rel: str) -> bool:
        return rel in self.published


USE_VERBS = {"name": "names", "quote": "quotes", "photo": "shows", "video": "shows",
             "audio": "has a recording of"}


def use_reason(use, someone, ended: str) -> str:
    """ "it names Priya, and their consent was withdrawn on 2026-05-01" """
    if use.where == "address":
        what = f"its address names {someone.shown_as}"
    elif use.where == "file name":
        what = f"it uses {use.found}, whose file name names {someone.shown_as}"
    elif use.where == "media text":
        what = f"it uses {use.found}, which names {someone.shown_as} inside it"
    else:
        what = f"it {USE_VERBS[use.how]} {someone.shown_as}"
    return f"{what}, and {ended}"


def plan_site(site: SiteContent, index, today: date, drafts: bool = False,
              keep_pages: bool = True) -> Plan:
    """Published, withdrawn and unpublished pages on `today`; `index` is the site's
    `SiteIndex`, whose people register says who each page uses. With `keep_pages`, our
    `content/pages/` are never withdrawn for someone's consent (CP201 says why instead);
    inside another engine every page can be."""
    by_rel = site.by_rel()
    register = index.people
    ended = {k: why for k, s in register.people.items() if (why := s.ended(today))}
    withdrawn: dict[str, tuple[Resource, str]] = {}
    because: dict[str, tuple] = {}
    for r in site.resources:
        found = withdrawal(r, today)
        if found:
            withdrawn[r.rel] = (r, found.reason)
            continue
        uses = tuple(u for u in register.uses.get(r.rel, ()) if u.who in ended)
        if uses and not (keep_pages and r.kind is Kind.PAGE):
            first = uses[0]
            withdrawn[r.rel] = (r, use_reason(first, register.people[first.who], ended[first.who]))
            because[r.rel] = uses
    by_consent = {rel for rel, (r, _) in withdrawn.items() if r.status != "withdrawn"}
    pending = list(withdrawn)
    while pending:                      # an Easy Read version goes with its original
        original = by_rel[pending.pop()]
        version = by_rel.get(original.easy_read or "")
        if version is not None and version.rel not in withdrawn:
            withdrawn[version.rel] = (version, f"it is the Easy Read version of {original.rel}, "
                                               "which is withdrawn")
            pending.append(version.rel)
            if original.rel in by_consent:
                by_consent.add(version.rel)
    published, unpublished = {}, {}
    for r in site.resources:
        if r.rel in withdrawn:
            continue
        if r.status == "published" or (drafts and r.status in ("draft", "review")):
            published[r.rel] = r
        else:
            unpublished[r.rel] = r
    return Plan(today, drafts, published, withdrawn, unpublished, because,
                tuple(register.people[k] for k in ended), frozenset(by_consent))
