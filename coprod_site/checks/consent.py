"""CP201 to CP207 on one page: nobody is named, quoted or shown without consent (content.md,
"Consent"). Uses of a person on pages other than their case study are `consent_hub`'s.

Each rule finds the *uses* of a person on a page (listed in a case study, named, quoted, shown
in a photo, video or audio file) and compares each use with the scopes in their consent block.
Every error points at the use itself, so the contributor sees which sentence, quote or picture
needs the person's agreement.

Matching a name: `shown_as` as whole words, exactly as written (case matters), anywhere a
reader sees text: title, summary, every body block (headings, list items, table cells, and
quotes: a name inside a quote is still a name on the page), body image alt text, and the
captions and alt text of `media` items. Case matters because names are proper nouns and these
rules cannot be turned off: "Will", "Hope" or "Rose" must not turn every "will" into an error.
Straight and curly apostrophes are the same letter, and "Sam's" names Sam.

A `shown_as` that starts with "a", "an", "the", "one" and the like ("a Trainer") is a
description, not a name: it is how an anonymous person is referred to, so finding it is not
naming anyone. Any other `shown_as` is a name, and finding an anonymous person's name is CP203.

A quote is attributed by a line of its own starting with a dash (`— Sam`, `-- Sam, coach`, or
the ref, `— sam`), as the last line of a paragraph in the blockquote or as a paragraph right
after it; `people.attributions` gives them (which dashes, emphasis and line breaks count is
`render.outline.Quote`'s). A line that may be the quote's own words (`— and then we left.`,
`“Walk.” — Sam`) is a quote only of someone it names, never a CP201 for somebody unknown. On any page, a quote attributed to nobody in its `people`, to no person the hub
declares and to no organisation in `_data/organisations.yml` is CP201: everyone else quoted
is a person, and needs consent. Inside MkDocs or Pelican (no organisations list), only in a
case study.

A page withdrawn by its own front matter (or with its original) gets one CP207 and nothing
else: it is not published, so there is no use on the site for the other rules to stop. A page
withdrawn because it uses someone whose consent has ended gets CP208 (`consent_hub`).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from coprod_site.checks import CheckContext
from coprod_site.content.lifecycle import withdrawal
from coprod_site.content.model import Kind, Person, Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.people import (attribution_head, attributions, is_description, media_scope,
                                name_key)

# scope -> how "their consent does not cover ..." ends
SCOPE_NOUNS = {"story": "their story", "name": "their name", "quote": "quotes",
               "photo": "photos", "video": "video", "audio": "audio recordings"}
MEDIA_USE = {"photo": "shown in this photo", "video": "shown in this video",
             "audio": "heard in this recording"}


def _sentence(person: Person) -> str:
    """`shown_as` to start a sentence: "a Trainer" -> "A Trainer"."""
    return person.shown_as[:1].upper() + person.shown_as[1:]


@lru_cache(maxsize=1024)
def name_pattern(shown_as: str, ignore_case: bool = False) -> re.Pattern:
    """`shown_as` as whole words; any run of spaces between words; either apostrophe."""
    words = [re.sub("['’]", "['’]", re.escape(w)) for w in shown_as.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)",
                      re.IGNORECASE if ignore_case else 0)


def consent_rules(resource: Resource, ctx: CheckContext):
    """Every consent diagnostic for one page."""
    if resource.rel in ctx.plan.withdrawn:
        if resource.rel not in ctx.plan.because:
            yield _withdrawn(resource, ctx)
        return
    yield from _people(resource, ctx)
    yield from _names(resource)
    yield from _quotes(resource, ctx)
    yield from _media(resource)
    if resource.kind is Kind.CASE_STUDY:
        yield from _undeclared_images(resource, ctx.engines)


def _withdrawn(resource: Resource, ctx: CheckContext):
    _, reason = ctx.plan.withdrawn[resource.rel]
    found = withdrawal(resource, ctx.today)
    line = resource.line_of(found.key) if found and found.key else 1
    return diagnostic(
        "CP207", resource.rel, line, 1,
        f"This page is withdrawn because {reason}. It is left out of the site, and its "
        f"address {resource.url} tells visitors the page has gone.")


def _people(resource: Resource, ctx: CheckContext):
    """Each person's consent block on its own: present, complete, guardian, dates."""
    for index, person in enumerate(resource.people):
        path = f"people.{index}"
        consent = person.consent
        if consent is None:
            yield diagnostic(
                "CP201", resource.rel, person.line, 1,
                f"{_sentence(person)} is listed in people, but there is no consent block for them.",
                "Add consent: with the record reference, the date it was given and what it "
                "covers. Nobody can appear on the site without it.")
            continue
        if consent.under_18 and not consent.guardian:
            yield diagnostic(
                "CP204", resource.rel, resource.line_of(f"{path}.consent.under_18", person.line), 1,
                f"{_sentence(person)} is under 18, but the consent does not say a parent or "
                "guardian agreed.",
                "Set guardian: true only if a parent or guardian signed the consent form.")
        if ctx.config.require_consent_expiry and consent.expires is None:
            yield diagnostic(
                "CP201", resource.rel, resource.line_of(f"{path}.consent", person.line), 1,
                f"This site needs every consent to have an end date, and {person.shown_as}'s "
                "consent has no 'expires'.",
                "Add expires: YYYY-MM-DD with the end date agreed on the consent form.")
        if consent.given and consent.given > ctx.today:
            yield diagnostic(
                "CP201", resource.rel, resource.line_of(f"{path}.consent.given", person.line), 1,
                f"{_sentence(person)}'s consent is dated {consent.given.isoformat()}, after the "
                f"build date ({ctx.today.isoformat()}), so it has not been given yet.",
                "Check the date on the consent form.")
        yield from _expiring(resource, ctx, person, path)
        if resource.kind is Kind.CASE_STUDY:
            yield from _scope(resource, person, "story", person.line, 1,
                              f"{_sentence(person)} is in this case study")


def _expiring(resource: Resource, ctx: CheckContext, person: Person, path: str):
    consent = person.consent
    window = ctx.config.consent_warning_days
    for key, day, what in (("expires", consent.expires, "ends"),
                           ("withdrawn", consent.withdrawn, "is withdrawn")):
        if day is None or not 0 <= (day - ctx.today).days <= window:
            continue
        days = (day - ctx.today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        after = "after that day" if key == "expires" else "from that day"
        yield diagnostic(
            "CP206", resource.rel, resource.line_of(f"{path}.consent.{key}", person.line), 1,
            f"Consent for {person.shown_as} {what} on {day.isoformat()}, {when}. The page "
            f"will be withdrawn automatically {after}.",
            f"Get in touch with {person.shown_as} (consent record {consent.record}) to ask "
            "whether they want to renew it, and update the dates if they do.")


def _scope(resource: Resource, person: Person, scope: str, line: int, column: int,
           use: str):
    """CP202 when a use at (line, column) is not in the person's consent."""
    if person.consent is not None and scope not in person.consent.covers:
        yield diagnostic(
            "CP202", resource.rel, line, column,
            f"{use}, but their consent does not cover {SCOPE_NOUNS[scope]}.",
            f'Add "{scope}" to consent.covers only if {person.shown_as} agreed to it.')


def _texts(resource: Resource):
    """(text, offset -> (line, column)) for every piece of text a reader sees."""
    def fixed(line, column):
        return lambda offset: (line, column)
    yield resource.title, fixed(resource.line_of("title"), 1)
    yield resource.summary, fixed(resource.line_of("summary"), 1)
    for block in resource.doc.blocks:
        yield block.text, block.position
    for image in resource.doc.images:
        yield image.text, fixed(image.line, image.column)
    for index, item in enumerate(resource.media):
        for key in ("caption", "alt"):
            yield getattr(item, key), fixed(resource.line_of(f"media.{index}.{key}", item.line), 1)


def _names(resource: Resource):
    named = [p for p in resource.people if p.shown_as and not is_description(p.shown_as)
             and (p.anonymous or (p.consent and "name" not in p.consent.covers))]
    if not named:                         # nobody whose name would be a problem here
        return
    for text, position in _texts(resource):
        for person in named:
            for match in name_pattern(person.shown_as).finditer(text or ""):
                line, column = position(match.start())
                if person.anonymous:
                    yield diagnostic(
                        "CP203", resource.rel, line, column,
                        f"{person.shown_as} is named here, but they are anonymous, so the page "
                        "must not name them.",
                        "Remove the name. Refer to them with a description such as "
                        "\"a trainer\", and use that description as their shown_as.")
                else:
                    yield from _scope(resource, person, "name", line, column,
                                      f"{person.shown_as} is named here")


def _quoted(attribution: str, person: Person) -> bool:
    """Is the quote attributed to this person, by shown_as ("— Sam, coach", not "— Sam
    Foundation") or by ref?"""
    if attribution.strip() == person.ref:
        return True
    return bool(person.shown_as) and bool(
        name_pattern(person.shown_as, is_description(person.shown_as)).fullmatch(
            attribution_head(attribution)))


def _quotes(resource: Resource, ctx: CheckContext):
    register = ctx.index.people
    for attribution, line, column, sure in attributions(resource):
        people = [] if register.is_organisation(attribution) else \
            [p for p in resource.people if _quoted(attribution, p)]
        described = [] if people or ctx.engines else _described(attribution, register)
        known = people or described or register.by_name.get(
            name_key(attribution_head(attribution))) or register.is_organisation(attribution)
        known = known or not sure or _sentence_words(attribution)   # perhaps the quote's words
        for someone in described:
            yield from _described_quote(resource, someone, attribution, line, column, ctx)
        if not known and ctx.engines and resource.kind is Kind.CASE_STUDY:   # no organisations
            yield diagnostic(
                "CP201", resource.rel, line, column,
                f"This quote is from {attribution}, who is not listed in people.",
                f"Add {attribution} to people with their consent, or check the spelling "
                "of the name after the dash.")
        elif not known and not ctx.engines:
            where = ("people" if resource.kind is Kind.CASE_STUDY else
                     "the people of any case study")
            yield diagnostic(
                "CP201", resource.rel, line, column,
                f"This quote is from {attribution}, who is not listed in {where} or in "
                "content/_data/organisations.yml.",
                f"If {attribution} is a person, add them to people with their consent, in the "
                f"case study that tells their story. If {attribution} is an organisation, add "
                "it to content/_data/organisations.yml. Or check the spelling of the name after "
                "the dash.")
        for person in people:
            yield from _scope(resource, person, "quote", line, column,
                              f"{_sentence(person)} is quoted here")


CONNECTORS = {"of", "and", "the", "for", "de", "van", "von", "der", "den", "bin", "al", "la",
              "le", "da", "du", "di", "y", "e", "&"}


def _sentence_words(attribution: str) -> bool:
    """Is what follows the dash more likely words of the quote than a name ("— but we did
    it", "– from our survey", "— Jo said this at the first meeting")? A name, before any
    comma or bracket, has no word in lower case but "of", "and" and the like, unless it is a
    description ("a Trainer", checked as a person)."""
    head = attribution_head(attribution).split()
    if not head or is_description(" ".join(head)):
        return False
    return any(word[:1].islower() and word not in CONNECTORS for word in head)


def _described(attribution: str, register) -> list:
    """The declared people whose description (an anonymous person's shown_as, "a Trainer") is
    what the quote is attributed to, before any comma: a quote of them needs their consent,
    though their description is never searched for elsewhere (content.md)."""
    key = name_key(attribution_head(attribution))
    return [s for s in register.people.values() if s.person is not None
            and (s.person.anonymous or is_description(s.shown_as)) and name_key(s.shown_as) == key]


def _described_quote(resource: Resource, someone, attribution: str, line: int, column: int,
                     ctx: CheckContext):
    """CP202 when the quote of an anonymous person is not covered, or their consent ended."""
    use = f"This quote is from {attribution} ({someone.rel})"
    ended = someone.ended(ctx.today)
    if ended:
        yield diagnostic("CP202", resource.rel, line, column, f"{use}, and {ended}.",
                         f"Take the quote out of this page, or ask {attribution} again and "
                         f"update the consent in {someone.rel}.")
    else:
        yield from _scope(resource, someone.person, "quote", line, column, use)


def _media(resource: Resource):
    """Each person a media item shows (every person with that ref, should two share one)."""
    for index, item in enumerate(resource.media):
        scope = media_scope(item.file)
        for ref in item.shows:
            people = [p for p in resource.people if p.ref == ref]
            if not people:
                yield diagnostic(
                    "CP201", resource.rel, resource.line_of(f"media.{index}.shows", item.line),
                    1, f"{item.file} shows '{ref}', but nobody in people has ref: {ref}.",
                    "Add the person to people with their consent, or correct the ref.")
            for person in people:
                yield from _scope(resource, person, scope, item.line, 1,
                                  f"{_sentence(person)} is {MEDIA_USE[scope]} ({item.file})")


def _undeclared_images(resource: Resource, engines: bool = False):
    """CP205: images (and video or audio) in a case study's body that `media` does not
    describe. Missing and unsafe targets are left to CP601 and CP107. Inside another engine,
    whose files are not under content/, a local image is matched to `media` by file name."""
    declared = {f"content/{m.file}" for m in resource.media}
    named = {posixpath.basename(m.file) for m in resource.media}
    for link in resource.doc.links:
        if engines and link.image and link.kind in ("page", "media", "file", "missing"):
            name = posixpath.basename(link.href.split("#")[0].split("?")[0])
            if name and name not in named:
                yield _undeclared(resource, link, "image", link.href,
                                  f"Add it to media with file: {link.href}, and {SHOWS}")
        elif link.kind == "external" and link.image:
            yield _undeclared(resource, link, "image", link.href,
                              f"Save the image in content/media, then add it to media with "
                              f"{SHOWS}")
        elif link.kind == "media" and link.target not in declared:
            what = "image" if link.image else media_scope(link.target)
            if what == "photo":
                continue                  # a link to a PDF or an image, not shown on the page
            where = link.target.removeprefix("content/")
            yield _undeclared(resource, link, what, where,
                              f"Add it to media with file: {where}, and {SHOWS}")


SHOWS = "shows: [the refs of everyone who can be identified], or shows: [] if nobody can."


def _undeclared(resource: Resource, link, what: str, where: str, advice: str):
    return diagnostic(
        "CP205", resource.rel, link.line, link.column,
        f"This {what} ({where}) is not listed in media, so the build cannot tell who it shows.",
        advice)
