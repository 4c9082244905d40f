"""The front-matter contract (content.md): from parsed YAML to a validated `Resource`.

What each key is (type, which kinds need it, limit, pattern, example) comes from the field
table in `content.schema`; `content.reader` reads each value as its type says. Each problem
becomes a CP102 to CP105 diagnostic at the line of the key (or value) to fix. A resource is
still returned when it has errors, with the bad field left at its default, so a contributor
sees every problem in one run rather than one at a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from posixpath import normpath

from coprod_site.content.frontmatter import FrontMatter
from coprod_site.content.model import (Consent, Credit, Kind, MediaItem, Person, Resource,
                                       Source, Term)
from coprod_site.content.reader import Reader, closest
from coprod_site.content.schema import FIELD, KEYS, SLUG, Field, example_line
from coprod_site.diagnostics import RULES, Diagnostic, diagnostic

__all__ = ["KEYS", "SLUG", "Reader", "closest", "resource_from"]

TERMS_LISTED = 12                 # topics or audiences a CP105 hint lists, before "and N more"


def resource_from(rel: str, kind: Kind, fm: FrontMatter, topics: dict[str, Term],
                  audiences: dict[str, Term]) -> tuple[Resource, list[Diagnostic]]:
    """Validate front matter against the contract for a file of `kind`."""
    r = Reader(rel, fm, kind)
    d = fm.data
    r.unknown_keys(d, KEYS)
    if "kind" in d and d["kind"] != kind.value:
        r.report("CP104", "kind", f"'kind' says {d['kind']!r}, but the file is in the "
                 f"{kind.folder}/ folder, which holds {kind.value} files.",
                 "Move the file to the right folder, or remove the kind line.")
    stem = rel.rsplit("/", 1)[-1][:-3]
    slug = r.text(d, FIELD["slug"]) or stem
    if not SLUG.match(slug):
        better = _slugify(slug)
        message = (f"The slug '{slug}' can only use lowercase letters a to z, numbers and "
                   "single hyphens (-).")
        if "slug" in d:
            r.report("CP104", "slug", message, f"Try '{better}'." if better else
                     f"Write it like: {example_line(FIELD['slug'])}")
        else:
            r.diagnostics.append(diagnostic(
                "CP104", rel, 1, 1, f"The file name '{stem}.md' can only use lowercase letters "
                "a to z, numbers and single hyphens (-), because it becomes the page's address.",
                f"Rename the file to {better}.md." if better else "Rename the file to "
                "lowercase words joined by hyphens, like paying-people.md."))
        slug = _slugify(slug) or "invalid"
    statuses = FIELD["status"]
    status = r.text(d, statuses) or "published"
    if status not in statuses.choices:
        guess = closest(status, statuses.choices)
        r.report("CP104", "status", f"'status' must be one of {statuses.choices_text}, "
                 f"not '{status}'.", f"Did you mean '{guess}'?" if guess else
                 "Write one of those words, or delete the line to publish the page.")
        status = "draft"
    resource = Resource(
        rel=rel, kind=kind, slug=slug,
        title=r.text(d, FIELD["title"]),
        summary=r.text(d, FIELD["summary"]),
        markdown=fm.markdown, body_line=fm.body_line,
        key_lines={path: pos[0] for path, pos in fm.positions.items() if ":" not in path},
        topics=_terms(r, d, FIELD["topics"], topics),
        audiences=_terms(r, d, FIELD["audiences"], audiences),
        published=r.when(d, FIELD["published"]),
        updated=r.when(d, FIELD["updated"]),
        reviewed=r.when(d, FIELD["reviewed"]),
        status=status,
        lang=_lang(r, d),
        co_producers=tuple(Credit(*p) for p in _pairs(r, d, FIELD["co_producers"])),
        content_warnings=r.strings(d, FIELD["content_warnings"]),
        easy_read=_path(r, d.get("easy_read"), "easy_read", rel),
        related=tuple(p for i, v in enumerate(_list(r, d, "related"))
                      if (p := _path(r, v, f"related.{i}", rel))),
        sources=tuple(Source(*p) for p in _pairs(r, d, FIELD["sources"])),
        people=_people(r, d),
        media=_media(r, d),
    )
    if resource.published and resource.updated and resource.updated < resource.published:
        r.report("CP104", "updated", f"'updated' ({resource.updated}) is before 'published' "
                 f"({resource.published}).", "Check both dates: 'updated' is the day of the "
                 "last real change, on or after the day the page was first published.")
    ignore, reason = _checks(r, d)
    if ignore or reason:
        resource = replace(resource, ignore=ignore, ignore_reason=reason)
    return resource, r.diagnostics


def _slugify(text: str) -> str:
    """"Café: a guide" -> "cafe-a-guide" (accents dropped rather than the letters); a word with
    an apostrophe in it stays one word ("O'Brien's tips" -> "obriens-tips")."""
    text = re.sub(r"(?<=\w)['’‘ʼ＇](?=\w)", "", text)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def _terms(r: Reader, d: dict, field: Field, known: dict[str, Term]):
    key = field.name
    values = r.strings(d, field)
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
    field = FIELD["lang"]
    lang = r.text(d, field)
    if lang and not field.pattern.match(lang):
        hyphen = lang.replace("_", "-")
        r.report("CP104", "lang", f"'lang' must be a language tag such as en-GB or "
                 f"{field.example}, not '{lang}'.", f"Use a hyphen, not an underscore: lang: "
                 f"{hyphen}" if hyphen != lang and field.pattern.match(hyphen) else
                 f"Write the language code, like {example_line(field)} for Welsh, or delete "
                 "the line if the page is in the site's language.")
        return ""
    return lang


def _list(r: Reader, d: dict, key: str) -> list:
    value = d.get(key) or []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        r.wrong_type(key, FIELD[key], value)
        return []
    return value


def _path(r: Reader, value, path: str, rel: str) -> str | None:
    """A path to another content file, written relative to this one (as on GitHub)."""
    if value in (None, ""):
        return None
    field = FIELD[path.split(".")[0]]
    if not isinstance(value, str):
        r.wrong_type(path.split(".")[0], field, value, *map(int, path.split(".")[1:]))
        return None
    if not value.endswith(".md"):
        r.report("CP104", path, f"{r.subject(path)} must be the path of another content file, "
                 f"ending in .md, not '{value}'.", "Write the path from this file to the other "
                 f"one, as you would link to it, like: {example_line(field)}")
        return None
    base = rel.rsplit("/", 1)[0]
    return normpath(f"{base}/{value}") if not value.startswith("/") else normpath("content" + value)


def _pairs(r: Reader, d: dict, field: Field) -> list[tuple[str, ...]]:
    """The complete entries of `co_producers` or `sources`, as tuples in the table's order."""
    out = []
    for i, item in r.records(d, field):
        values = r.entry(item, field, f"{field.name}.{i}")
        for sub in field.fields:
            value, path = values[sub.name], f"{field.name}.{i}.{sub.name}"
            if value and sub.pattern and not sub.pattern.match(value):
                r.report("CP104", path, f"{r.subject(path)} must be a full web address starting "
                         f"with https://, not '{value}'.", "Copy the address from the "
                         f"browser's address bar, like: {example_line(sub)}")
        if all(values.values()):
            out.append(tuple(values.values()))
    return out


PERSON, MEDIA = FIELD["people"], FIELD["media"]
CONSENT = PERSON.sub("consent")
SCOPES = CONSENT.sub("covers").choices


def _people(r: Reader, d: dict) -> tuple[Person, ...]:
    people, seen = [], {}                 # seen: ref -> path of the first person with it
    for i, item in r.records(d, PERSON):
        path = f"people.{i}"
        called = item.get("shown_as") or item.get("ref")
        if isinstance(called, str) and called.strip() and not item.get("anonymous"):
            r.names[path] = " ".join(called.split())
        consent = None
        raw = item.get("consent")
        if isinstance(raw, dict):
            r.unknown_keys(raw, CONSENT.keys, f"{path}.consent")
            values = r.entry(raw, CONSENT, f"{path}.consent")
            for j, scope in enumerate(values["covers"]):
                if scope not in SCOPES:
                    guess = closest(scope, SCOPES)
                    r.report("CP104", f"{path}.consent.covers.{j}", f"'{scope}' is not a kind "
                             f"of consent. Use any of: {', '.join(SCOPES)}.",
                             f"Did you mean '{guess}'?" if guess else "Write each thing the "
                             "signed form agrees to with one of those words, or delete this one.")
            consent = Consent(**{**values, "covers": frozenset(values["covers"]) & set(SCOPES)})
        elif raw is not None:
            r.wrong_type(f"{path}.consent", CONSENT, raw)
        values = r.entry(item, PERSON, path)
        ref = values["ref"]
        if ref and not PERSON.sub("ref").pattern.match(ref):
            r.report("CP104", f"{path}.ref", f"{r.subject(f'{path}.ref')} can only use "
                     f"lowercase letters a to z, numbers and hyphens, not '{ref}'.",
                     f"Try '{_slugify(ref) or 'sam'}', and use it in 'shows' too.")
        elif ref and ref in seen:
            _repeated_ref(r, path, ref, seen[ref], {p.ref for p in people})
        seen.setdefault(ref or None, path)
        people.append(Person(**values, consent=consent, line=r.fm.line(path)))
    return tuple(people)


def _repeated_ref(r: Reader, path: str, ref: str, first: str, taken: set[str]) -> None:
    """CP104 at the second person with a ref: `shows: [ref]` and messages naming the ref
    would mean both of them, and the hub would know only the first (content.md, "Consent")."""
    who = r.names.get(first, "another person")
    mine = r.names.get(path)
    other = next(c for c in (_slugify(mine or ""), *(f"{ref}-{n}" for n in range(2, 99)))
                 if c and c not in taken and c != ref)
    r.report("CP104", f"{path}.ref", f"The ref '{ref}' is already used by {who} "
             f"(line {r.fm.line(first + '.ref', r.fm.line(first))}). Each person needs a ref "
             f"of their own, or 'shows: [{ref}]' would mean both of them.",
             f"Give {mine or 'this person'} a ref of their own, such as '{other}', and use "
             "that ref in shows: for each picture of them.")


def _media(r: Reader, d: dict) -> tuple[MediaItem, ...]:
    items = []
    for i, item in r.records(d, MEDIA):
        values = r.entry(item, MEDIA, f"media.{i}")
        items.append(MediaItem(**{**values, "file": normpath(values["file"] or ".")},
                               line=r.fm.line(f"media.{i}")))
    return tuple(items)


def _checks(r: Reader, d: dict) -> tuple[frozenset[str], str]:
    """The rule codes a page turns off, and why."""
    field = FIELD["checks"]
    raw = d.get("checks")
    if raw is None:
        return frozenset(), ""
    if not isinstance(raw, dict):
        r.wrong_type("checks", field, raw)
        return frozenset(), ""
    r.unknown_keys(raw, field.keys, "checks")
    codes = r.strings(raw, field.sub("ignore"), "checks.ignore")
    reason = r.text(raw, field.sub("reason"), "checks.reason")
    for i, code in enumerate(codes):
        if code not in RULES:
            guess = closest(code, RULES)
            r.report("CP104", f"checks.ignore.{i}", f"'{code}' is not a rule code.",
                     f"Did you mean '{guess}'?" if guess else "Copy the code from the "
                     "message you want to turn off, like CP302.")
        elif code.startswith("CP2") or code.startswith("CP1"):
            r.report("CP104", f"checks.ignore.{i}", f"{code} cannot be turned off for a page: "
                     "consent and content rules always apply.", f"Remove {code} from ignore, "
                     "and fix what it reports instead.")
    if codes and not reason:
        r.report("CP102", "checks", "Turning checks off needs a reason, so others know why.",
                 "Add reason: \"...\" inside checks.", at_value=False)
    return frozenset(c for c in codes if c in RULES and c[:3] not in ("CP1", "CP2")), reason
