"""CP201, CP202, CP203, CP206, CP208 and CP209 across the hub (content.md, "Consent across the
hub"): a person's consent, declared once in their case study, is their consent everywhere.

The uses come from the index stage's people register (`people.Register`), found once per
build; these rules only judge them:

- on a page other than the person's case study, each use needs the scope it would need there
  (CP202), a consent block (CP201), and an anonymous person's alias is never allowed (CP203);
  on their own case study `consent` checks `shown_as` as written, and only aliases, other
  spellings ("ZOE STRAUSS"), the address, file names and media are checked here;
- `content/pages/` may name, quote or show nobody from the case studies (CP201): those pages
  must never disappear with somebody's consent;
- two people may not share a name or alias (CP201), unless both entries give the same consent
  record (the same person in two stories): a withdrawal must never take down somebody else;
- a page that uses someone whose consent ends within the warning window: CP206, once per person;
- a page the plan withdrew because of a use: CP208 at each use (info: it never fails a build);
- an address or file name that holds a person's name: CP209 (slug words against name words,
  accents and a trailing "s" ignored).
"""

from __future__ import annotations

import re

from coprod_site.checks import CheckContext
from coprod_site.checks.consent import MEDIA_USE, SCOPE_NOUNS, name_pattern
from coprod_site.content.model import Kind, Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.people import Someone, Use, name_key, plain_words


def hub_rules(resource: Resource, ctx: CheckContext):
    """Every diagnostic about the people of the hub on one page."""
    register = ctx.index.people
    if resource.rel in ctx.plan.because:
        yield from _withdrawn_with(resource, ctx)
        return
    if resource.rel in ctx.plan.withdrawn:
        return
    yield from _shared_names(resource, ctx)
    expiring = set()
    for use in register.uses.get(resource.rel, ()):
        someone = register.people[use.who]
        if resource.kind is Kind.PAGE and not ctx.engines:   # our content/pages/ only
            yield _on_a_page(resource, use, someone, ctx)
        elif someone.rel != resource.rel:
            yield from _use(resource, use, someone, ctx)
            if someone.key not in expiring:
                expiring.add(someone.key)
                yield from _expiring(resource, use, someone, ctx)
        elif use.where != "text" or (use.how == "name"
                                     and not _as_written(someone.shown_as, use.found)):
            yield from _use(resource, use, someone, ctx)  # an alias, another spelling, the address
    yield from _slug_names(resource, ctx)


def _as_written(shown_as: str, found: str) -> bool:
    """Is `found` the `shown_as` that `consent` matches on its own page (in any letter case:
    there, case decides whether "will" is a name)? Other spellings are checked here."""
    return bool(name_pattern(shown_as, ignore_case=True).fullmatch(found))


def what(use: Use, someone: Someone, url: str) -> str:
    """The use, as the start of a sentence: "Priya is named here"."""
    if use.where == "address":
        return f"This page's address, {url}, holds the name of {someone.shown_as}"
    if use.where == "file name":
        return f"The file name {use.found} holds the name of {someone.shown_as}"
    if use.where == "media text":
        return f"The file {use.found} names {someone.shown_as} inside it (in its words or details)"
    found = use.found[:1].upper() + use.found[1:]
    if use.how == "name":
        return f"{found} is named here"
    if use.how == "quote":
        return f"{found} is quoted here"
    return f"{someone.shown_as} is {MEDIA_USE[use.how]} ({use.found})"


def _withdrawn_with(resource: Resource, ctx: CheckContext):
    """CP208 at each use that withdrew this page."""
    register = ctx.index.people
    for use in ctx.plan.because[resource.rel]:
        someone = register.people[use.who]
        yield diagnostic(
            "CP208", resource.rel, use.line, use.column,
            f"{what(use, someone, resource.url)}, and {someone.ended(ctx.today)}, so this page "
            f"is withdrawn too: it is left out of the site, and its address {resource.url} "
            "tells visitors the page has gone.",
            f"To publish this page again, take {someone.shown_as} out of it: their name, any "
            "other name they go by, quotes and photos, and the address or file names if they "
            "hold the name. The next build puts the page back." + _word_hint(use, someone))


def _use(resource: Resource, use: Use, someone: Someone, ctx: CheckContext):
    """A use on a page that is not the person's own case study."""
    person = someone.person
    if person is None:
        return                            # withdrawn.yml: the plan withdrew the page
    missing = [s for s in ((use.how, "name") if use.how == "quote" else (use.how,))
               if person.consent and s not in person.consent.covers]
    if person.anonymous and use.how == "name":
        yield diagnostic(
            "CP203", resource.rel, use.line, use.column,
            f"{use.found} is named here, but they are anonymous ({someone.rel}), so no page "
            "may name them.",
            f"Remove the name. Refer to them as {someone.shown_as} instead.")
    elif person.consent is None:
        yield diagnostic(
            "CP201", resource.rel, use.line, use.column,
            f"{what(use, someone, resource.url)}, but {someone.rel} has no consent block for "
            "them.", f"Take {someone.shown_as} out of this page until their consent is recorded "
                     f"in {someone.rel}." + _word_hint(use, someone))
    elif missing:
        yield diagnostic(
            "CP202", resource.rel, use.line, use.column,
            f"{what(use, someone, resource.url)}, but their consent ({someone.rel}) does not "
            f"cover {SCOPE_NOUNS[missing[0]]}.",
            f'Take {someone.shown_as} out of this page, or add "{missing[0]}" to their '
            f"consent.covers in {someone.rel} only if they agreed to it."
            + _word_hint(use, someone))


def _on_a_page(resource: Resource, use: Use, someone: Someone, ctx: CheckContext):
    """CP201: content/pages/ are never withdrawn, so nobody may be on them."""
    ended = someone.ended(ctx.today)
    message = (f"{what(use, someone, resource.url)}, and {ended} ({someone.rel}). Pages in "
               "content/pages are never withdrawn with anyone, so the site cannot be "
               "published until this page no longer uses them." if ended else
               f"{what(use, someone, resource.url)}. Pages in content/pages may not name, "
               f"quote or show anyone from the case studies ({someone.rel}): if their consent "
               "ended, this page would have to be withdrawn with them.")
    return diagnostic(
        "CP201", resource.rel, use.line, use.column, message,
        f"Take {someone.shown_as} out of this page. The case study can tell their story."
        + _word_hint(use, someone))


def _word_hint(use: Use, someone: Someone) -> str:
    """For a name found in lower case ("will", "hope"): it may be an everyday word."""
    if use.how != "name" or use.where != "text" or not use.found.islower() \
            or re.search(r"[\s._+-]", use.found) or use.found == someone.shown_as:
        return ""
    return (f' If "{use.found}" is an everyday word here, not a name, give {someone.shown_as} '
            f"a fuller name in {someone.rel} (such as a surname initial): names are matched in "
            "any letter case, so a withdrawal would take down every page with this word.")


def _expiring(resource: Resource, use: Use, someone: Someone, ctx: CheckContext):
    """CP206 once per person on a page that uses someone whose consent ends soon."""
    consent = someone.person.consent if someone.person else None
    window = ctx.config.consent_warning_days
    for day, ends, after in ((consent and consent.expires, "ends", "after that day"),
                             (consent and consent.withdrawn, "is withdrawn", "from that day")):
        if day is None or not 0 <= (day - ctx.today).days <= window:
            continue
        days = (day - ctx.today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        yield diagnostic(
            "CP206", resource.rel, use.line, use.column,
            f"{what(use, someone, resource.url)}, and their consent {ends} on "
            f"{day.isoformat()}, {when}. This page will be withdrawn automatically {after}, "
            f"with {someone.rel}.",
            f"Ask whoever keeps the consent forms to get in touch with {someone.shown_as} "
            f"about renewing it (see {someone.rel}), or take them out of this page.")
        return


def _shared_names(resource: Resource, ctx: CheckContext):
    """CP201 at a declaration whose name or alias another person of the hub also has."""
    register = ctx.index.people
    for index, person in enumerate(resource.people):
        key = f"{resource.rel}#{person.ref}"
        someone = register.people.get(key)
        if someone is None:
            continue
        for name in someone.names:
            field = "shown_as" if name == person.shown_as else "aliases"
            line = resource.line_of(f"people.{index}.{field}", person.line)
            yield from _organisation_named(resource, name, line, ctx)
            others = [register.people[k] for k in register.by_name[name_key(name)] if k != key]
            others = [o for o in others if not _same_record(someone, o)]
            if others:
                other = others[0]
                where = f"{other.rel}, line {other.line}"
                yield diagnostic(
                    "CP201", resource.rel, line, 1,
                    f"{name} is also the name of another person ({where}). Two people may not "
                    "share a name or alias: if one of them withdrew, every page naming the "
                    "other would be taken down too.",
                    "Give one of them a fuller shown_as, such as a first name and a surname "
                    "initial. If they are the same person, give the same consent record in "
                    "both places.")


def _organisation_named(resource: Resource, name: str, line: int, ctx: CheckContext):
    """CP201: an organisation in `_data/organisations.yml` with a declared person's name (a
    quote from an organisation needs no consent, so no person may be listed as one)."""
    for slug, organisation in ctx.site.organisations.items():
        if name_key(organisation) == name_key(name):
            yield diagnostic(
                "CP201", resource.rel, line, 1,
                f"{name} is declared here as a person, but content/_data/organisations.yml "
                f"also lists {organisation} as an organisation ({slug}). Quotes from an "
                "organisation need no consent, so a person may not be on that list.",
                f"Take {slug} out of content/_data/organisations.yml if it is this person. "
                "If an organisation really has the same name, give the person a fuller "
                "shown_as, such as a first name and a surname initial.")


def _same_record(a: Someone, b: Someone) -> bool:
    records = [s.person.consent.record if s.person and s.person.consent else None for s in (a, b)]
    return records[0] is not None and records[0] == records[1]


def _slug_names(resource: Resource, ctx: CheckContext):
    """CP209: the slug, the file name or a media file name holds a declared name."""
    register = ctx.index.people
    stem = resource.rel.rsplit("/", 1)[-1].removesuffix(".md")
    places = [(resource.slug, resource.line_of("slug"), 1, "address")]
    if stem != resource.slug:
        places.append((stem, 1, 1, "file"))
    for link in resource.doc.links:
        if link.kind == "media" and link.target:
            places.append((link.target.removeprefix("content/"), link.line, link.column, "media"))
    for index, item in enumerate(resource.media):
        places.append((item.file, resource.line_of(f"media.{index}.file", item.line), 1, "media"))
    seen = set()
    for text, line, column, kind in places:
        base = text.rsplit("/", 1)[-1].rsplit(".", 1)[0] if kind == "media" else text
        words = plain_words(base.replace("-", " ").replace("_", " "))
        found = list(register.in_slug(words))
        for someone, start, length, whole in found:
            if (text, someone.key) in seen:
                continue
            seen.add((text, someone.key))
            parts = base.lower().replace("_", "-").split("-")
            parts = parts if len(parts) == len(words) else words
            named = {i for _, s, n, _ in found for i in range(s, s + n)}
            rest = "-".join(w for i, w in enumerate(parts) if i not in named
                            and not (i - 1 in named and w == "s"))
            word = None if whole else "-".join(parts[start:start + length])
            yield _slug_message(resource, text, kind, someone, word, rest, line, column)


def _slug_message(resource, text, kind, someone, word, rest, line, column):
    """`word`: the one word of the name the slug holds, or None for the whole name."""
    named = (f"the name {someone.shown_as} ({someone.rel})" if word is None else
             f'"{word}", part of the name {someone.shown_as} ({someone.rel})')
    why = "Addresses are copied into feeds, sitemaps and search engines, and outlive consent."
    if kind == "media":
        return diagnostic(
            "CP209", resource.rel, line, column,
            f"The file name {text} holds {named}. File names are part of the address. {why}",
            "Rename the file to something that names nobody, and change the pages that use it.")
    day = resource.published.isoformat() if resource.published else "story"
    neutral = rest or f"{resource.kind.value}-{day}"
    if kind == "file":
        return diagnostic(
            "CP209", resource.rel, line, column,
            f"The file name {resource.rel} holds {named}. {why}",
            f"Rename the file to {neutral}.md, or to another name that names nobody.")
    how = ("change slug: to" if "slug" in resource.key_lines else "rename the file to")
    to = neutral if how.startswith("change") else f"{neutral}.md"
    return diagnostic(
        "CP209", resource.rel, line, column,
        f"This page's address, {resource.url}, holds {named}. {why}",
        f"To keep their name out of it, {how} {to}, or to another name that names nobody.")
