"""The front-matter contract (content.md): from parsed YAML to a validated `Resource`.

What each key is (type, which kinds need it, limit, pattern, example) comes from the field
table in `content.schema`; this module turns a file's values into typed ones. Each problem becomes a CP102 to CP105 diagnostic at the line of the key (or value) to fix.
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
from coprod_site.content.schema import (A_DAY, FIELD, KEYS, SLUG, Field, entry_lines,
                                        example_line, field_at, sample, sample_lines)
from coprod_site.content.wording import (closed, date_hint, entry_expected, expected, found,
                                         ordinal, subject)
from coprod_site.content.model import (Consent, Credit, Kind, MediaItem, Person, Resource,
                                       Source, Term)
from coprod_site.diagnostics import RULES, Diagnostic, diagnostic

__all__ = ["KEYS", "SLUG", "closest", "resource_from"]

TERMS_LISTED = 12                 # topics or audiences a CP105 hint lists, before "and N more"


def closest(word: str, choices) -> str | None:
    """The one choice close enough to `word` to be what was meant, or None: a wild guess
    ("walking" -> "power-sharing") misleads more than no guess."""
    match = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.75)
    return match[0] if match else None


class Reader:
    """Reads typed values out of front matter, collecting diagnostics as it goes. Each reading
    method takes the schema `Field` (its name is the key in `data`) and the dotted path to
    report at; `kind` decides which top-level fields are required."""

    def __init__(self, rel: str, fm: FrontMatter, kind: Kind = Kind.CASE_STUDY):
        self.rel, self.fm, self.kind, self.diagnostics = rel, fm, kind, []
        self.names: dict[str, str] = {}      # "people.0" -> the name to call that person by

    def subject(self, path: str) -> str:
        return subject(path, self.names)

    def needs(self, field: Field) -> bool:
        """Whether a missing `field` is CP102 here (not when another rule reports it)."""
        return field.required_for(self.kind) and not field.enforced_by

    def report(self, code: str, path: str, message: str, suggestion: str | None = None,
               at_value: bool = True) -> None:
        line, column = self.where(path, at_value)
        self.diagnostics.append(diagnostic(code, self.rel, line, column, message, suggestion))

    def wrong_type(self, path: str, field: Field, value, item: int | None = None) -> None:
        """CP104: `value` at `path` is not of `field`'s type; `item`: the index of the bad
        item of a list, reported at that item."""
        where = "written here" if item is None else f"written as its {ordinal(item)} item"
        lines = sample_lines(field)
        advice = f"Write it like:{chr(10) if chr(10) in lines else ' '}{lines}"
        if isinstance(value, bool) and field.type in ("text", "paragraph"):
            advice = ("Put the words in double quotes: without them, YAML reads yes, no, on, "
                      f'off, true and false as a setting. Like: {field.name}: "{sample(field)}"')
        at = path if item is None else f"{path}.{item}"
        self.report("CP104", at, f"{self.subject(path)} must be {expected(field)}, but "
                    f"{found(value)} is {where}.", advice)

    def where(self, path: str, at_value: bool = True) -> tuple[int, int]:
        """(line, column) of the value (or key) at `path`; of the nearest key above it when
        it is not written out (`related: x.md` read as a list of one)."""
        while path:
            for key in (f"{path}:value", path) if at_value else (path,):
                if key in self.fm.positions:
                    return self.fm.positions[key]
            path = path.rpartition(".")[0]
        return 1, 1

    def text(self, data: dict, field: Field, path: str | None = None) -> str:
        path = path or field.name
        value = data.get(field.name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            if self.needs(field):
                self.missing(path)
            return ""
        if not isinstance(value, str):
            self.wrong_type(path, field, value)
            return ""
        value = " ".join(value.split())
        if field.limit and len(value) > field.limit:
            self.report("CP104", path, f"{self.subject(path)} has {len(value)} characters; the "
                        f"most allowed is {field.limit}.",
                        "Make it shorter; the page itself can say more.")
        return value

    def missing(self, path: str) -> None:
        field = field_at(path)
        example = "." not in path and field is not None and field.example is not None
        where = "is missing" if path not in self.fm.positions else "is empty"
        self.diagnostics.append(diagnostic(
            "CP102", self.rel, self.fm.line(path, 1) if where == "is empty" else 1, 1,
            f"The required key '{path}' {where}." if "." not in path else
            f"{self.subject(path)} {where}.",
            f"Add a line like: {example_line(field)}" if example else
            f"Give {closed(path, self.names)} a value."))

    def when(self, data: dict, field: Field, path: str | None = None) -> date | None:
        path = path or field.name
        value = data.get(field.name)
        if value is None or value == "":
            if self.needs(field):
                self.missing(path)
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.wrong_type(path, field, value)
            return None
        text = str(value).strip()
        try:
            if not field.pattern.match(text):
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
                        f"YYYY-MM-DD, like {A_DAY}. '{text}' is not.",
                        hint or date_hint(text))
            return None

    def strings(self, data: dict, field: Field, path: str | None = None) -> tuple[str, ...]:
        path = path or field.name
        value = data.get(field.name)
        if value is None or value == [] or value == "":
            if self.needs(field) and (value is None or field.least):
                self.missing(path)
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            self.wrong_type(path, field, value)
            return ()
        bad = [i for i, v in enumerate(value) if not isinstance(v, (str, int)) or v is True
               or v is False or not str(v).strip()]
        for i in bad:
            self.wrong_type(path, field, value[i], item=i)
        return tuple(" ".join(str(v).split()) for i, v in enumerate(value) if i not in bad)

    def flag(self, data: dict, field: Field, path: str | None = None) -> bool:
        path = path or field.name
        value = data.get(field.name, False)
        if not isinstance(value, bool):
            self.wrong_type(path, field, value)
            return False
        return value

    def read(self, data: dict, field: Field, path: str | None = None):
        """A value of any type but `records` and `object`, read as its type says."""
        reader = {"date": self.when, "flag": self.flag, "strings": self.strings,
                  "terms": self.strings, "choices": self.strings}.get(field.type, self.text)
        return reader(data, field, path)

    def entry(self, data: dict, field: Field, path: str) -> dict:
        """{name: value} for the sub-fields of `field` in one entry `data` at `path`
        ("people.0"), leaving out the ones that hold entries of their own."""
        return {f.name: self.read(data, f, f"{path}.{f.name}") for f in field.fields
                if f.type not in ("records", "object")}

    def records(self, data: dict, field: Field):
        """(index, entry) for each entry of a top-level `records` field, its unknown keys
        reported as it is reached."""
        value = data.get(field.name)
        if value is None:
            return
        if not isinstance(value, list):
            self.wrong_type(field.name, field, value)
            return
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.wrong_entry(f"{field.name}.{i}", field, item)
                continue
            self.unknown_keys(item, field.keys, f"{field.name}.{i}")
            yield i, item

    def wrong_entry(self, path: str, field: Field, value) -> None:
        """CP104: one entry of a list of entries that is not a set of keys."""
        lines = [f"{field.entry}: {value}" if isinstance(value, str) and value.strip()
                 and line.startswith(f"{field.entry}: ") else line for line in entry_lines(field)]
        example = "\n".join(("- " if i == 0 else "  ") + line for i, line in enumerate(lines))
        self.report("CP104", path, f"{self.subject(path)} must be {entry_expected(field)}, but "
                    f"{found(value)} is written here.",
                    ("Delete the empty '-' line, or fill it in" if value is None else
                     "Write it") + f" like:\n{example}", at_value=False)

    def unknown_keys(self, data: dict, known, path: str = "") -> None:
        for key in data:
            if key not in known:
                where = f"{path}.{key}" if path else str(key)
                guess = closest(key, known)
                hint = f" Did you mean '{guess}'?" if guess else ""
                listed = ", ".join(known)
                self.report("CP103", where, f"'{key}' is not a key the hub knows.{hint}",
                            f"Rename it to '{guess}'." if guess else "Check the spelling, or "
                            f"delete the line if the hub does not need it. The keys it knows "
                            f"{'here ' if path else ''}are: {listed}.", at_value=False)


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
        body=fm.body, body_line=fm.body_line,
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
    """"Café: a guide" -> "cafe-a-guide" (accents dropped rather than the letters)."""
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
        r.report("CP104", "lang", f"'lang' must be a language tag such as en-GB or "
                 f"{field.example}, not '{lang}'.", f"Write the language code, like "
                 f"{example_line(field)} for Welsh, or delete the line if the page is in the "
                 "site's language.")
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
    people = []
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
        people.append(Person(**values, consent=consent, line=r.fm.line(path)))
    return tuple(people)


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
