"""The people register, part of the index stage: who is declared, and every use of each of
them on every page, found once per build (content.md, "Consent across the hub").

Who: every person in a case study's `people` (their names: `shown_as` unless they are
anonymous or `shown_as` is a description such as "a Trainer", and their `aliases`), and every
name in `_data/withdrawn.yml`. Where: everything a page renders, looked up with one pattern of
all the names (whole words, however they are written: any letter case, accents, full-width
or look-alike letters, either apostrophe; `names.fold`):

- title, summary, media captions and alt text, `co_producers`, `sources` titles,
  `content_warnings` (at the key's line, column 1);
- the body's text blocks, image alt text and link titles (at the word);
- the body as rendered (raw HTML and code included), so nothing the parse stage outlines
  differently can hide a name (at the name's first place in the source);
- the page's address and the media file names it uses;
- quote attributions (`— Name`, `*~Name*`: `attributions`), and media files that any page
  says show someone (or that are the same picture as one), and the words inside media files
  (`media_text`).

A `Use` is one find; `Register.uses[rel]` lists a page's, in file order. The plan withdraws
the pages that use someone whose consent has ended; the consent rules check the rest.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from posixpath import splitext
from types import MappingProxyType
from typing import Mapping
from urllib.parse import quote, unquote

import yaml

from coprod_site.content.model import Kind, Person, Resource, SiteContent
from coprod_site.names import (Found, NamesPattern, apostrophe_parts, find_names,  # noqa: F401
                                 name_key, names_pattern, plain_words)

WITHDRAWN_FILE = "content/_data/withdrawn.yml"
VIDEO = {".mp4", ".webm", ".mov", ".m4v", ".ogv"}
AUDIO = {".mp3", ".m4a", ".wav", ".ogg", ".oga", ".opus", ".flac", ".aac"}
NAME_WORDS = Path(__file__).resolve().parent / "data" / "name_words.yml"
SLUG_WORD_LETTERS = 3             # the shortest word of a name CP209 finds on its own
PARTICLES = {"van", "von", "der", "den", "del", "della", "dos", "das", "bin", "ibn", "bint",
             "abu", "mac", "san", "ter", "ten", "les", "los"}
DESCRIPTION_WORDS = {"a", "an", "the", "one", "another", "our", "their", "some", "someone",
                     "this", "that", "two", "three", "several"}


def is_description(shown_as: str) -> bool:
    """True for "a Trainer", "one of the parents", "our volunteer": not a name."""
    words = shown_as.split()
    return not words or words[0].lower() in DESCRIPTION_WORDS


def media_scope(file: str) -> str:
    """The consent a media file needs: video and audio by extension; anything else that
    shows a person (an image, a PDF) needs `photo`."""
    extension = splitext(file.lower())[1]
    return "video" if extension in VIDEO else "audio" if extension in AUDIO else "photo"


def attribution_head(attribution: str) -> str:
    """Who a quote is from: its attribution before a comma, bracket or colon ("Sam" of "Sam,
    coach" and of "Sam (2024)")."""
    return re.split(r"[,(:;]", attribution)[0].strip()


def attributions(resource: Resource) -> list[tuple[str, int, int, bool]]:
    """(name, line, column, sure) of every quote attribution on the page, in file order: the
    parse stage's `Quote`s (`render.outline.Quote` says which lines are attributions). One
    that is not sure is a quote only of someone it names: it is never reported as a quote of
    somebody unknown. A dash in the middle of a sentence ("we went there — and stayed") is
    not an attribution."""
    return sorted(((q.attribution, q.line, q.column, q.sure) for q in resource.doc.quotes
                   if q.attribution), key=lambda found: found[1:3])


@dataclass(frozen=True)
class Someone:
    """A person of the register: declared in a case study, or listed in withdrawn.yml."""

    key: str                      # "content/case-studies/x.md#sam" or "...withdrawn.yml#2"
    shown_as: str
    names: tuple[str, ...]        # what pages are searched for
    rel: str                      # the file that declares them
    line: int
    person: Person | None = None  # None for a withdrawn.yml entry
    since: date | None = None     # withdrawn.yml: since when

    @property
    def label(self) -> str:
        """How messages meant for outside the repository name them: ref and file."""
        ref = self.person.ref if self.person else f"entry at line {self.line}"
        return f"{ref} in {self.rel}"

    def ended(self, today: date) -> str | None:
        """Why nobody may use this person on `today` ("their consent was withdrawn on
        2026-05-01"), or None while they may."""
        if self.person is None:
            since = f" (since {self.since.isoformat()})" if self.since else ""
            return f"their name is in {WITHDRAWN_FILE}{since}"
        consent = self.person.consent
        if consent and consent.withdrawn and consent.withdrawn <= today:
            return f"their consent was withdrawn on {consent.withdrawn.isoformat()}"
        if consent and consent.expires and consent.expires < today:
            return f"their consent expired on {consent.expires.isoformat()}"
        return None


@dataclass(frozen=True)
class Use:
    """One place a page uses a person."""

    who: str                      # Someone.key
    rel: str
    line: int
    column: int
    how: str                      # name, quote, photo, video or audio
    where: str                    # text, address, file name
    found: str                    # the words as the page has them, or the media file


@dataclass(frozen=True)
class Register:
    people: Mapping[str, Someone]
    uses: Mapping[str, tuple[Use, ...]]           # rel -> uses on that page, in file order
    by_name: Mapping[str, tuple[str, ...]]        # name_key -> keys of everyone with that name
    organisations: frozenset[str]                 # name_key of each organisation's name
    pattern: NamesPattern | None = None
    by_first_word: Mapping[str, tuple] = field(default_factory=dict)  # word -> ((words), key)
    by_word: Mapping[str, tuple] = field(default_factory=dict)  # word -> ((parts), key)
    records: Mapping[str, str] = field(default_factory=dict)  # consent record -> rel declaring it

    def in_slug(self, words: list[str]):
        """(someone, start, length, whole) for each declared name in a slug's `plain_words`:
        a whole name whose words run together there, or else (`whole` False) one word of a
        name (`slug_words`), or its parts ("o-brien" for O’Brien)."""
        covered = set()
        for start, word in enumerate(words):
            for target, key in self.by_first_word.get(word, ()):
                if tuple(words[start:start + len(target)]) == target:
                    covered.update((key, i) for i in range(start, start + len(target)))
                    yield self.people[key], start, len(target), True
        for start, word in enumerate(words):
            for parts, key in self.by_word.get(word, ()):
                if tuple(words[start:start + len(parts)]) == parts and (key, start) not in covered:
                    yield self.people[key], start, len(parts), False

    def named_in(self, text: str) -> list[tuple[Found, tuple[str, ...]]]:
        """Each name found in `text` (however it is written: `names.fold`), with the keys of
        the people it names."""
        found = find_names(self.pattern, text)
        return [(f, keys) for f in found if (keys := self.by_name.get(name_key(f.text)))]

    def is_organisation(self, attribution: str) -> bool:
        """An attribution that is an organisation's name, or starts with it and a comma, a
        bracket, a colon or "'s" ("Sport England, Active Lives survey", "Sport England
        (2024)", "Sport England's report")."""
        key = name_key(attribution).rstrip(" .")
        return key in self.organisations or \
            re.split(r"[,(:;]|'s", key)[0].strip() in self.organisations


EMPTY_REGISTER = Register(MappingProxyType({}), MappingProxyType({}), MappingProxyType({}),
                          frozenset())


def register_people(site: SiteContent, showing: Mapping[str, tuple[tuple[str, str], ...]],
                    copies: Mapping[str, str] = MappingProxyType({}),
                    texts: Mapping[str, str] = MappingProxyType({})) -> Register:
    """The register of a parsed site. `showing`: media path -> (rel, ref) of every person
    a page's `media` says the file shows (or a file that is the same picture: `copies`, media
    path -> the path of that picture); `texts`: media path -> the words inside the file."""
    register = name_register(site)
    people = register.people
    restated = {}                         # (rel, ref) -> register key, for people a guide restates
    by_shown_as = {name_key(s.shown_as): s.key for s in people.values() if s.person}
    for r in site.resources:
        for person in r.people:
            key = f"{r.rel}#{person.ref}"
            restated[(r.rel, person.ref)] = key if key in people else \
                by_shown_as.get(name_key(person.shown_as))
    if register.pattern is None and not showing:
        return register                   # nobody declared, nobody shown: no page uses anyone
    media = (showing, copies, texts)
    uses = {r.rel: tuple(_uses(r, register, media, restated)) for r in site.resources}
    return replace(register, uses=MappingProxyType({k: v for k, v in uses.items() if v}))


def name_register(site: SiteContent) -> Register:
    """Who the register knows and by which names, with no uses: it needs only the front
    matter (`coprod new` uses it before anything is parsed)."""
    people: dict[str, Someone] = {}
    for r in site.resources:
        if r.kind is not Kind.CASE_STUDY:
            continue
        for person in r.people:
            names = [] if person.anonymous or is_description(person.shown_as) else [person.shown_as]
            key = f"{r.rel}#{person.ref}"
            people.setdefault(key, Someone(key, person.shown_as,
                                           tuple(dict.fromkeys(names + list(person.aliases))),
                                           r.rel, person.line, person))
    for index, entry in enumerate(site.withdrawn_names):
        key = f"{WITHDRAWN_FILE}#{index}"
        people[key] = Someone(key, entry.name, (entry.name,), WITHDRAWN_FILE, entry.line,
                              since=entry.since)
    by_name: dict[str, list[str]] = {}
    for someone in people.values():
        for name in someone.names:
            by_name.setdefault(name_key(name), []).append(someone.key)
    by_first_word: dict[str, list] = {}
    by_word: dict[str, list] = {}
    for someone in people.values():
        for name, joined in ((n, j) for n in someone.names for j in _apostrophe_forms(n)):
            words = tuple(plain_words(name, joined))
            if words:
                by_first_word.setdefault(words[0], []).append((words, someone.key))
            for parts in _slug_word_parts(name, joined):
                if (parts, someone.key) not in by_word.get(parts[0], ()):
                    by_word.setdefault(parts[0], []).append((parts, someone.key))
    return Register(MappingProxyType(people), MappingProxyType({}),
                    MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
                    frozenset(name_key(n) for n in site.organisations.values()),
                    # organisations too, so "Grace Foundation" is not Grace: the longest wins
                    names_pattern([*(n for s in people.values() for n in s.names),
                                   *site.organisations.values()]),
                    MappingProxyType({k: tuple(v) for k, v in by_first_word.items()}),
                    MappingProxyType({k: tuple(v) for k, v in by_word.items()}),
                    MappingProxyType({p.consent.record: r.rel for r in site.resources
                                      for p in r.people if p.consent and p.consent.record}))


def front_matter_texts(resource: Resource):
    """(text, line) of every front-matter value the page renders."""
    yield resource.title, resource.line_of("title")
    yield resource.summary, resource.line_of("summary")
    for i, credit in enumerate(resource.co_producers):
        yield f"{credit.name} {credit.role}", resource.line_of(f"co_producers.{i}")
    for i, source in enumerate(resource.sources):
        yield source.title, resource.line_of(f"sources.{i}.title",
                                             resource.line_of(f"sources.{i}"))
        yield unquote(source.url or ""), resource.line_of(f"sources.{i}.url",
                                                          resource.line_of(f"sources.{i}"))
    for i, warning in enumerate(resource.content_warnings):
        yield warning, resource.line_of(f"content_warnings.{i}",
                                        resource.line_of("content_warnings"))
    for i, item in enumerate(resource.media):
        for key in ("caption", "alt"):
            yield getattr(item, key), resource.line_of(f"media.{i}.{key}", item.line)


def _uses(resource: Resource, register: Register, media, restated):
    found: list[Use] = []

    def add(text, how, where, position):
        for name, keys in register.named_in(text):
            line, column = position(name.start)
            found.extend(Use(k, resource.rel, line, column, how, where, name.text)
                         for k in keys)

    for text, line in front_matter_texts(resource):
        add(text, "name", "text", lambda _, line=line: (line, 1))
    add(resource.slug.replace("-", " "), "name", "address",
        lambda _: (resource.line_of("slug"), 1))
    for block in resource.doc.blocks:
        add(block.text, "name", "text", block.position)
    for link in resource.doc.links:
        at = lambda _, link=link: (link.line, link.column)
        if link.image:
            add(link.text, "name", "text", at)
        add(link.title, "name", "text", at)
    for attribution, line, column, _ in attributions(resource):
        whole = name_key(attribution_head(attribution))
        for name, keys in register.named_in(attribution):     # "— Grace Foundation" names
            how = "quote" if name_key(name.text) == whole else "name"   # Grace, quotes not
            found.extend(Use(k, resource.rel, line, column, how, "text", name.text)
                         for k in keys)
    found.extend(_rendered(resource, register, found))
    found.extend(_media(resource, register, media, restated))
    quoted = {(u.who, u.line) for u in found if u.how == "quote"}
    kept = {}
    for use in found:                   # a quote's attribution is not also a separate name
        if not (use.how == "name" and (use.who, use.line) in quoted):
            kept.setdefault((use.who, use.line, use.column, use.how, use.where), use)
    return sorted(kept.values(), key=lambda u: (u.line, u.column, u.how))


def _rendered(resource: Resource, register: Register, found: list[Use]):
    """Names the rendered body holds that the outline did not (raw HTML, code), each at the
    first place its words are in the source."""
    seen = {u.who for u in found}
    text = visible(resource.doc.html)
    for name, keys in register.named_in(text):
        missed = [k for k in keys if k not in seen]
        if not missed:
            continue
        seen.update(missed)
        place = next(find_names(names_pattern([name.text]), resource.body), None)
        escaped = resource.body.find(quote(name.text, safe=""))
        offset = place.start if place else escaped if escaped >= 0 else None
        line, column = (line_col(resource, offset) if offset is not None
                        else (resource.body_line, 1))
        yield from (Use(k, resource.rel, line, column, "name", "text", name.text)
                    for k in missed)


@lru_cache(maxsize=8)
def records_pattern(records: tuple[str, ...]) -> tuple[NamesPattern | None, dict[str, str]]:
    """A pattern of consent record references, found as names are (`names.fold`): in any
    letter case, with any dash or space, %-escaped or as character references (`visible`):
    "cf‑2026‑001" is CF-2026-001; and name_key -> the record as declared."""
    return names_pattern(records), {name_key(r): r for r in records}


def media_places(resource: Resource) -> dict[str, tuple[int, int]]:
    """Media path ("content/media/x.jpg") -> where the page first uses it."""
    places = {}
    for link in resource.doc.links:
        if link.kind == "media" and link.target:
            places.setdefault(link.target, (link.line, link.column))
    for item in resource.media:
        places.setdefault(f"content/{item.file}", (item.line, 1))
    return places


def line_col(resource: Resource, offset: int) -> tuple[int, int]:
    before = resource.body[:offset]
    return resource.body_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _media(resource: Resource, register: Register, media, restated):
    """Who each media file the page uses shows (by any page's `media`, or as the same picture
    as a file that does), and names in the file names and inside the files themselves."""
    showing, copies, texts = media
    for path, (line, column) in media_places(resource).items():
        file = path.removeprefix("content/")
        stem = splitext(file.rsplit("/", 1)[-1])[0]
        for _, keys in register.named_in(re.sub(r"[-_.]", " ", stem)):
            yield from (Use(k, resource.rel, line, column, "name", "file name", file)
                        for k in keys)
        for _, keys in register.named_in(texts.get(path, "")):
            yield from (Use(k, resource.rel, line, column, "name", "media text", file)
                        for k in keys)
        for rel, ref in showing.get(path, ()):
            key = restated.get((rel, ref))
            if key:
                same = copies.get(path, "").removeprefix("content/")
                yield Use(key, resource.rel, line, column, media_scope(file), "text",
                          f"{file}, the same picture as {same}" if same else file)


ATTRIBUTE_VALUE = re.compile(r'=\s*"([^"]*)"')
TAG = re.compile(r"<[^>]*>")
# Tags inside a line of text: a name marked up in part ("Oka<em>for</em>", "*Sam* Okafor")
# is read whole, as the outline's blocks have it.
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|cite|code|del|em|i|kbd|mark|q|s|small|span|strong|"
                        r"sub|sup|u|wbr)\b[^>]*>", re.IGNORECASE)
PAGE_HREF = re.compile(r'\shref="[^"]*?\.md(?:#[^"]*)?"')


def visible(markup: str) -> str:
    """The text of sanitised HTML as a reader gets it, and every attribute value it carries
    (alt and title text, addresses, ids such as a footnote's; not the file a link to another
    page names, which the render stage replaces): each tag between blocks a space, a tag
    inside a line nothing (`INLINE_TAG`), character
    references decoded; then all of it again with %-escapes decoded ("Zo%C3%AB"), as the
    verify step reads built files. (A tag inside a word splits it here; the outline's blocks, searched first,
    have such words whole.)"""
    if not markup:
        return ""
    markup = PAGE_HREF.sub("", markup)     # the other page's address: its own (CP209, plan)
    words = TAG.sub(" ", INLINE_TAG.sub("", markup))
    text = html.unescape(words + " " + " ".join(ATTRIBUTE_VALUE.findall(markup)))
    return text + (" " + unquote(text) if "%" in text else "")


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """`data/name_words.yml`, as `plain_words`: everyday words that are also names."""
    rows = yaml.safe_load(NAME_WORDS.read_text(encoding="utf-8"))
    return frozenset(w for row in rows for entry in row for w in plain_words(str(entry)))


def _apostrophe_forms(name: str) -> tuple[bool, ...]:
    """How a slug may write a name's words: "obrien" (joined) and, for a name with an
    apostrophe inside a word, "o-brien" too (`plain_words`)."""
    split = plain_words(name, joined=False)
    return (True,) if split == plain_words(name) else (True, False)


def _slug_word_parts(name: str, joined: bool) -> list[tuple[str, ...]]:
    """Each `slug_words` word as a tuple of one, and for the joined form the parts of each of
    them that has an apostrophe inside ("obrien" is also ("o", "brien"))."""
    words = slug_words(name, joined)
    split = [p for p in apostrophe_parts(name) if "".join(p) in words] if joined else []
    return list(dict.fromkeys([(w,) for w in words] + split))


def slug_words(name: str, joined: bool = True) -> list[str]:
    """The words of a name that CP209 finds on their own in a slug, as `plain_words`: those
    of at least `SLUG_WORD_LETTERS` letters that are neither a particle ("van", "bin") nor an
    everyday word (`everyday_words`: "walking" in a slug does not name Walking Bear). So
    "priya.md" and "shah-family-walks.md" hold Priya Shah's name; "jo-walks.md" does not hold
    Jo Khan's (two letters: too many words would match), though a name of one word, such as
    "Jo", is a whole name and always counts."""
    everyday = everyday_words()
    return [w for w in plain_words(name, joined) if len(w) >= SLUG_WORD_LETTERS
            and not w.isdigit() and w not in PARTICLES and w not in everyday]
