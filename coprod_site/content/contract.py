"""The front-matter contract (content.md): from parsed YAML to a validated `Resource`.

Each problem becomes a CP102 to CP105 diagnostic at the line of the key (or value) to fix.
A resource is still returned when it has errors, with the bad field left at its default, so a
contributor sees every problem in one run rather than one at a time.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from dataclasses import replace
from posixpath import normpath

from coprod_site.content.frontmatter import FrontMatter
from coprod_site.content.wording import date_hint, key_name, subject
from coprod_site.content.model import (SCOPES, STATUSES, Consent, Credit, Kind, MediaItem,
                                       Person, Resource, Source, Term)
from coprod_site.diagnostics import RULES, Diagnostic, diagnostic

KEYS = ("title", "summary", "topics", "audiences", "published", "updated", "reviewed", "status",
        "lang", "co_producers", "content_warnings", "easy_read", "related", "sources", "people",
        "media", "checks", "kind", "slug")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLE_MAX, SUMMARY_MAX = 90, 280
TERMS_LISTED = 12                 # topics or audiences a CP105 hint lists, before "and N more"


def closest(word: str, choices) -> str | None:
    """The one choice close enough to `word` to be what was meant, or None: a wild guess
    ("walking" -> "power-sharing") misleads more than no guess."""
    match = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.75)
    return match[0] if match else None


class Reader:
    """Reads typed values out of front matter, collecting diagnostics as it goes."""

    def __init__(self, rel: str, fm: FrontMatter):
        self.rel, self.fm, self.diagnostics = rel, fm, []
        self.names: dict[str, str] = {}      # "people.0" -> the name to call that person by

    def subject(self, path: str) -> str:
        return subject(path, self.names)

    def report(self, code: str, path: str, message: str, suggestion: str | None = None,
               at_value: bool = True) -> None:
        line, column = self.fm.position(f"{path}:value" if at_value else path)
        if (line, column) == (1, 1):
            line, column = self.fm.position(path)
        self.diagnostics.append(diagnostic(code, self.rel, line, column, message, suggestion))

    def text(self, data: dict, key: str, path: str, required: bool = False,
             limit: int | None = None) -> str:
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(path)
            return ""
        if not isinstance(value, str):
            self.report("CP104", path, f"{self.subject(path)} must be plain text, not a list or "
                        "a set of keys.")
            return ""
        value = " ".join(value.split())
        if limit and len(value) > limit:
            self.report("CP104", path, f"{self.subject(path)} has {len(value)} characters; the most allowed "
                        f"is {limit}.", "Make it shorter; the page itself can say more.")
        return value

    def missing(self, path: str) -> None:
        example = {"title": "title: How to pay people for their time",
                   "summary": "summary: What to pay, how to pay, and how to keep it fair.",
                   "topics": "topics: [power-sharing]",
                   "published": "published: 2026-03-14"}.get(path.split(".")[-1])
        where = "is missing" if path not in self.fm.positions else "is empty"
        self.diagnostics.append(diagnostic(
            "CP102", self.rel, self.fm.line(path, 1) if where == "is empty" else 1, 1,
            f"The required key '{path}' {where}." if "." not in path else
            f"{self.subject(path)} {where}.",
            f"Add a line like: {example}" if example else
            f"Give {key_name(path, self.names)} a value."))

    def when(self, data: dict, key: str, path: str, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.missing(path)
            return None
        text = str(value).strip()
        try:
            if not DATE.match(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            day_first = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", text)
            hint = None
            if day_first:
                day, month, year = (int(n) for n in day_first.groups())
                if 1 <= month <= 12 and 1 <= day <= 31:
                    hint = (f"Write it year first: {year:04d}-{month:02d}-{day:02d}, "
                            "if that is the day you meant.")
            self.report("CP104", path, f"{self.subject(path)} must be a real date written as "
                        f"YYYY-MM-DD, like 2026-03-14. '{text}' is not.", hint or date_hint(text))
            return None

    def strings(self, data: dict, key: str, path: str, required: bool = False) -> tuple[str, ...]:
        value = data.get(key)
        if value is None or value == [] or value == "":
            if required:
                self.missing(path)
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.report("CP104", path, f"{self.subject(path)} must be a list of short pieces of text, "
                        "like [first, second].")
            return ()
        return tuple(" ".join(str(v).split()) for v in value)

    def flag(self, data: dict, key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.report("CP104", path, f"{self.subject(path)} must be true or false.")
            return False
        return value

    def records(self, data: dict, key: str, path: str) -> list[tuple[int, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.report("CP104", path, f"{self.subject(path)} must be a list of entries, each starting "
                        "with '- ' on its own line.")
            return []
        return list(enumerate(value))

    def unknown_keys(self, data: dict, known, path: str = "") -> None:
        for key in data:
            if key not in known:
                where = f"{path}.{key}" if path else str(key)
                guess = closest(key, known)
                hint = f" Did you mean '{guess}'?" if guess else ""
                self.report("CP103", where, f"'{key}' is not a key the hub knows.{hint}",
                            guess and f"Rename it to '{guess}'.", at_value=False)


def resource_from(rel: str, kind: Kind, fm: FrontMatter, topics: dict[str, Term],
                  audiences: dict[str, Term]) -> tuple[Resource, list[Diagnostic]]:
    """Validate front matter against the contract for a file of `kind`."""
    r = Reader(rel, fm)
    d = fm.data
    r.unknown_keys(d, KEYS)
    if "kind" in d and d["kind"] != kind.value:
        r.report("CP104", "kind", f"'kind' says {d['kind']!r}, but the file is in the "
                 f"{kind.folder}/ folder, which holds {kind.value} files.",
                 "Move the file to the right folder, or remove the kind line.")
    stem = rel.rsplit("/", 1)[-1][:-3]
    slug = r.text(d, "slug", "slug") or stem
    if not SLUG.match(slug):
        where = "slug" if "slug" in d else None
        message = (f"The slug '{slug}' can only use lowercase letters a to z, numbers and "
                   "single hyphens (-).")
        hint = f"Try '{_slugify(slug)}'." if _slugify(slug) else None
        if where:
            r.report("CP104", "slug", message, hint)
        else:
            r.diagnostics.append(diagnostic(
                "CP104", rel, 1, 1, f"The file name '{stem}.md' can only use lowercase letters "
                "a to z, numbers and single hyphens (-), because it becomes the page's address.",
                "Rename the file" + (f" to {_slugify(slug)}.md." if hint else ".")))
        slug = _slugify(slug) or "invalid"
    is_page = kind is Kind.PAGE
    status = r.text(d, "status", "status") or "published"
    if status not in STATUSES:
        guess = closest(status, STATUSES)
        r.report("CP104", "status", f"'status' must be one of draft, review, published or "
                 f"withdrawn, not '{status}'.", guess and f"Did you mean '{guess}'?")
        status = "draft"
    resource = Resource(
        rel=rel, kind=kind, slug=slug,
        title=r.text(d, "title", "title", required=True, limit=TITLE_MAX),
        summary=r.text(d, "summary", "summary", required=True, limit=SUMMARY_MAX),
        body=fm.body, body_line=fm.body_line,
        key_lines={path: pos[0] for path, pos in fm.positions.items() if ":" not in path},
        topics=_terms(r, d, "topics", topics, required=not is_page),
        audiences=_terms(r, d, "audiences", audiences),
        published=r.when(d, "published", "published", required=not is_page),
        updated=r.when(d, "updated", "updated"),
        reviewed=r.when(d, "reviewed", "reviewed"),
        status=status,
        lang=_lang(r, d),
        co_producers=tuple(Credit(*p) for p in _pairs(r, d, "co_producers", ("name", "role"))),
        content_warnings=r.strings(d, "content_warnings", "content_warnings"),
        easy_read=_path(r, d.get("easy_read"), "easy_read", rel),
        related=tuple(p for i, v in enumerate(_list(r, d, "related"))
                      if (p := _path(r, v, f"related.{i}", rel))),
        sources=tuple(Source(*p) for p in _pairs(r, d, "sources", ("title", "url"))),
        people=_people(r, d),
        media=_media(r, d),
    )
    if resource.published and resource.updated and resource.updated < resource.published:
        r.report("CP104", "updated", f"'updated' ({resource.updated}) is before 'published' "
                 f"({resource.published}).", "Check both dates.")
    ignore, reason = _checks(r, d)
    if ignore or reason:
        resource = replace(resource, ignore=ignore, ignore_reason=reason)
    return resource, r.diagnostics


def _slugify(text: str) -> str:
    """"Café: a guide" -> "cafe-a-guide" (accents dropped rather than the letters)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def _terms(r: Reader, d: dict, key: str, known: dict[str, Term], required=False):
    values = r.strings(d, key, key, required=required)
    for i, slug in enumerate(values):
        if slug not in known:
            guess = closest(slug, known)
            hint = f" Did you mean '{guess}'?" if guess else ""
            listed = ", ".join(sorted(known)[:TERMS_LISTED])
            more = f" and {len(known) - TERMS_LISTED} more" if len(known) > TERMS_LISTED else ""
            r.report("CP105", f"{key}.{i}", f"'{slug}' is not in the {key} list "
                     f"(content/_data/{key}.yml).{hint}",
                     f"Use '{guess}', or add '{slug}' to content/_data/{key}.yml." if guess
                     else f"Use one of: {listed}{more}; or add '{slug}' to "
                     f"content/_data/{key}.yml." if known
                     else f"Add '{slug}' to content/_data/{key}.yml.")
    return tuple(v for v in values if v in known)


def _lang(r: Reader, d: dict) -> str:
    lang = r.text(d, "lang", "lang")
    if lang and not LANG.match(lang):
        r.report("CP104", "lang", f"'lang' must be a language tag such as en-GB or cy, not '{lang}'.")
        return ""
    return lang


def _list(r: Reader, d: dict, key: str) -> list:
    value = d.get(key) or []
    if not isinstance(value, list):
        r.report("CP104", key, f"'{key}' must be a list, with each item on a line starting '- '.")
        return []
    return value


def _path(r: Reader, value, path: str, rel: str) -> str | None:
    """A path to another content file, written relative to this one (as on GitHub)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.endswith(".md"):
        r.report("CP104", path, f"'{path}' must be the path of another content file, "
                 "like ../toolkits/check-in.md.")
        return None
    base = rel.rsplit("/", 1)[0]
    return normpath(f"{base}/{value}") if not value.startswith("/") else normpath("content" + value)


def _pairs(r: Reader, d: dict, key: str, fields: tuple[str, str]) -> list[tuple[str, str]]:
    out = []
    for i, item in r.records(d, key, key):
        r.unknown_keys(item, fields, f"{key}.{i}")
        values = tuple(r.text(item, f, f"{key}.{i}.{f}", required=True) for f in fields)
        if key == "sources" and values[1] and not values[1].startswith(("https://", "http://")):
            r.report("CP104", f"{key}.{i}.url", "A source's url must be a full web address "
                     "starting with https://.")
        if all(values):
            out.append(values)
    return out


PERSON_KEYS = ("ref", "shown_as", "aliases", "anonymous", "consent")
CONSENT_KEYS = ("record", "given", "expires", "withdrawn", "covers", "under_18", "guardian")
MEDIA_KEYS = ("file", "alt", "caption", "shows")


def _people(r: Reader, d: dict) -> tuple[Person, ...]:
    people = []
    for i, item in r.records(d, "people", "people"):
        path = f"people.{i}"
        r.unknown_keys(item, PERSON_KEYS, path)
        called = item.get("shown_as") or item.get("ref")
        if isinstance(called, str) and called.strip() and not item.get("anonymous"):
            r.names[path] = " ".join(called.split())
        consent = None
        raw = item.get("consent")
        if isinstance(raw, dict):
            r.unknown_keys(raw, CONSENT_KEYS, f"{path}.consent")
            covers = r.strings(raw, "covers", f"{path}.consent.covers")
            for j, scope in enumerate(covers):
                if scope not in SCOPES:
                    guess = closest(scope, SCOPES)
                    r.report("CP104", f"{path}.consent.covers.{j}", f"'{scope}' is not a kind "
                             f"of consent. Use any of: {', '.join(SCOPES)}.",
                             guess and f"Did you mean '{guess}'?")
            consent = Consent(
                record=r.text(raw, "record", f"{path}.consent.record", required=True),
                given=r.when(raw, "given", f"{path}.consent.given", required=True),
                expires=r.when(raw, "expires", f"{path}.consent.expires"),
                withdrawn=r.when(raw, "withdrawn", f"{path}.consent.withdrawn"),
                covers=frozenset(s for s in covers if s in SCOPES),
                under_18=r.flag(raw, "under_18", f"{path}.consent.under_18"),
                guardian=r.flag(raw, "guardian", f"{path}.consent.guardian"))
        elif raw is not None:
            r.report("CP104", f"{path}.consent", "'consent' must be a set of keys: record, "
                     "given, covers and the others in the contract.")
        ref = r.text(item, "ref", f"{path}.ref", required=True)
        people.append(Person(ref=ref, shown_as=r.text(item, "shown_as", f"{path}.shown_as",
                                                      required=True),
                             anonymous=r.flag(item, "anonymous", f"{path}.anonymous"),
                             consent=consent, line=r.fm.line(path),
                             aliases=r.strings(item, "aliases", f"{path}.aliases")))
    return tuple(people)


def _media(r: Reader, d: dict) -> tuple[MediaItem, ...]:
    items = []
    for i, item in r.records(d, "media", "media"):
        path = f"media.{i}"
        r.unknown_keys(item, MEDIA_KEYS, path)
        shows = item.get("shows")
        if shows is None:
            r.missing(f"{path}.shows")
        items.append(MediaItem(
            file=normpath(r.text(item, "file", f"{path}.file", required=True) or "."),
            alt=r.text(item, "alt", f"{path}.alt"),
            caption=r.text(item, "caption", f"{path}.caption"),
            shows=r.strings(item, "shows", f"{path}.shows"),
            line=r.fm.line(path)))
    return tuple(items)


def _checks(r: Reader, d: dict) -> tuple[frozenset[str], str]:
    """The rule codes a page turns off, and why."""
    raw = d.get("checks")
    if raw is None:
        return frozenset(), ""
    if not isinstance(raw, dict):
        r.report("CP104", "checks", "'checks' must have 'ignore' and 'reason', like: "
                 "checks: {ignore: [CP302], reason: \"quotes the law word for word\"}")
        return frozenset(), ""
    r.unknown_keys(raw, ("ignore", "reason"), "checks")
    codes = r.strings(raw, "ignore", "checks.ignore")
    reason = r.text(raw, "reason", "checks.reason")
    for i, code in enumerate(codes):
        if code not in RULES:
            guess = closest(code, RULES)
            r.report("CP104", f"checks.ignore.{i}", f"'{code}' is not a rule code.",
                     guess and f"Did you mean '{guess}'?")
        elif code.startswith("CP2") or code.startswith("CP1"):
            r.report("CP104", f"checks.ignore.{i}", f"{code} cannot be turned off for a page: "
                     "consent and content rules always apply.")
    if codes and not reason:
        r.report("CP102", "checks", "Turning checks off needs a reason, so others know why.",
                 "Add reason: \"...\" inside checks.", at_value=False)
    return frozenset(c for c in codes if c in RULES and c[:3] not in ("CP1", "CP2")), reason
