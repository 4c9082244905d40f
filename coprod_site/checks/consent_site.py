"""CP201 for what the verify step (`verify.py`) would stop a build for, reported first where it
is written (content.md, "Consent across the hub"; "Nothing from `people[].consent` ever
appears in the built site"), so `coprod check` and `coprod build` agree:

- a consent record reference written in a published page, inside a media file it uses, or in
  a rendered `_data/` file;
- a declared name or alias that the theme itself prints (`render.templates.theme_text`: "Skip"
  in "Skip to main content"), that the site's title, description or address holds, or that is
  a month in a date pages show ("May"): if that person's consent ended, the built site would
  still hold their name. An error at the declaration, on a withdrawn case study too;
- a declared name in `_data/` files the site renders (topics, audiences, glossary, at the
  words): they appear across the site and cannot be withdrawn page by page;
- a one-word name or alias that is an everyday word ("Hope", "Rose") and that pages write in
  lower case ("prices rose"): a warning at the declaration, with the first such place (only
  where a page really has it: a "Rose" that no page uses as a word is not reported).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import yaml

from coprod_site.checks import CheckContext
from coprod_site.checks.readability import is_word
from coprod_site.content.model import Resource
from coprod_site.diagnostics import Severity, diagnostic
from coprod_site.names import find_names, name_key
from coprod_site.people import (Someone, front_matter_texts, line_col, media_places,
                                records_pattern, visible)
from coprod_site.render.templates import theme_text

RENDERED_DATA = ("topics", "audiences", "glossary")
KEPT_OFF = ("Consent records are kept off the site, so the build would stop here and publish "
            "nothing.")


def consent_site_rules(resource: Resource, ctx: CheckContext):
    """Every CP201 of this module about one page."""
    if resource.rel in ctx.plan.withdrawn:
        return
    yield from _records(resource, ctx)


def site_names(ctx: CheckContext):
    """CP201 at each declaration of a name the theme or the site's title prints, and at each
    declared name or consent record in the rendered `_data/` files; the everyday-word
    warning."""
    register = ctx.index.people
    if register.pattern is not None:
        yield from _declarations(ctx, register)
    if register.pattern is not None or register.records:
        for rel in (f"content/_data/{n}.yml" for n in RENDERED_DATA):
            yield from _data_names(ctx, rel)


def _declarations(ctx: CheckContext, register):
    printed = {} if ctx.engines else _printed(ctx, register.pattern)
    absent = {s.key for s in ctx.plan.absent}
    for someone in register.people.values():
        for name in someone.names:
            line, column = _declared_at(ctx, someone, name)
            where = printed.get(name_key(name))
            if where:
                yield _printed_message(someone, name, line, column, where)
            elif someone.key not in absent and " " not in name.strip():
                yield from _everyday(ctx, someone, name, line, column)


def _escaped(resource: Resource, pattern, record_of: dict, record: str) -> tuple[int, int]:
    """Where the body holds `record` only %-escaped or as character references: the first
    line that does, once decoded, and the place it starts there (else the body's first
    line)."""
    for index, line in enumerate(resource.body.split("\n")):
        for found in find_names(pattern, unquote(html.unescape(line))):
            if record_of[name_key(found.text)] == record:
                return resource.body_line + index, found.start + 1
    return resource.body_line, 1


def _records(resource: Resource, ctx: CheckContext):
    """CP201 once per consent record reference a published page holds: at its first place in
    the body, or at the front-matter key that renders it."""
    records = ctx.index.people.records
    if not records:
        return
    pattern, record_of = records_pattern(tuple(records))
    places = {}
    for text, line in front_matter_texts(resource):
        for found in find_names(pattern, text or ""):
            places.setdefault(record_of[name_key(found.text)], (line, 1))
    for found in find_names(pattern, resource.body):
        places.setdefault(record_of[name_key(found.text)], line_col(resource, found.start))
    for found in find_names(pattern, visible(resource.doc.html)):
        record = record_of[name_key(found.text)]
        if record not in places:
            places[record] = _escaped(resource, pattern, record_of, record)
    inside = {}
    for path, (line, column) in media_places(resource).items():
        for found in find_names(pattern, ctx.index.media_texts.get(path, "")):
            inside.setdefault((record_of[name_key(found.text)], path), (line, column))
    for record, (line, column) in sorted(places.items(), key=lambda p: p[1]):
        yield diagnostic(
            "CP201", resource.rel, line, column,
            f"{record} is a consent record reference (from {records[record]}). {KEPT_OFF}",
            f"Take {record} out of this page. It belongs only in the consent: block of "
            f"{records[record]}.")
    for (record, path), (line, column) in sorted(inside.items(), key=lambda p: p[1]):
        file = path.removeprefix("content/")
        yield diagnostic(
            "CP201", resource.rel, line, column,
            f"{file} has the consent record reference {record} (from {records[record]}) "
            f"inside it, in its words or details. {KEPT_OFF}",
            f"Take {record} out of {file} (open it and remove it from its text or its "
            "details), or use another file.")


# -- names the site prints whatever the content ------------------------------------------------

def _printed(ctx: CheckContext, pattern) -> dict[str, tuple[str, str]]:
    """name_key -> (where, the words around it) of each name `pattern` finds in the theme's
    own text, the site's title, description and address, or the dates pages show (the theme
    writes the month's name: "14 May 2026")."""
    texts = [(f"the theme's {file}", text, True) for file, text in _theme_text(ctx.config.theme)]
    config = ctx.config
    texts += [(f"the site's {what} in pyproject.toml", value or "", False) for what, value in
              (("title", config.title), ("description", config.description),
               ("address", config.base_url))]
    for r in ctx.site.resources:
        for day in {d for d in (r.published, r.updated, r.reviewed) if d}:
            texts.append((f"the date {r.rel} shows", f"{day.day} {day:%B %Y}", False))
    found = {}
    for where, text, lines in texts:
        for name in find_names(pattern, text):
            start = text.rfind("\n", 0, name.start) + 1
            end = text.find("\n", name.end)
            source = text[start:end if end >= 0 else len(text)]
            words = " ".join(re.sub(r"<[^>]*>", " ", source).split()) or " ".join(source.split())
            line = f", line {text.count(chr(10), 0, name.start) + 1}" if lines else ""
            found.setdefault(name_key(name.text), (where + line, _shorten(words, name.text)))
    return found


def _theme_text(folder: Path):
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))
                  if p.is_file())
    return _cached_theme_text(folder, stamp)


@lru_cache(maxsize=8)
def _cached_theme_text(folder: Path, stamp) -> tuple:
    return theme_text(folder)


def _shorten(words: str, name: str, room: int = 60) -> str:
    if len(words) <= room:
        return words
    at = max(0, words.casefold().find(name.casefold()) - 20)
    return ("…" if at else "") + words[at:at + room].strip() + "…"


def _printed_message(someone: Someone, name: str, line: int, column: int, where):
    source, words = where
    return diagnostic(
        "CP201", someone.rel, line, column,
        f"{name} is also in the text the site prints on its pages ({source}: \"{words}\"). "
        "Names are matched in any letter case, so if "
        f"{someone.shown_as}'s consent ended, the site would still hold their name and the "
        "build would stop without publishing anything.",
        _fuller(someone, name))


def _fuller(someone: Someone, name: str) -> str:
    if someone.person is None:
        return (f"The site itself uses the word {name}, so it cannot be kept off the site: "
                f"list in {someone.rel} only names that are theirs alone, such as their first "
                "name and surname.")
    if name != someone.shown_as:
        return (f"Use a longer alias than {name}, or the full name, such as a first name and a "
                "surname initial.")
    return (f"Give {name} a fuller shown_as in {someone.rel}, such as a first name and a "
            "surname initial.")


def _declared_at(ctx: CheckContext, someone: Someone, name: str) -> tuple[int, int]:
    """The line and column where `name` is written in the declaring file (the entry's line,
    column 1, when it cannot be found there)."""
    line = someone.line
    if someone.person is not None:
        resource = ctx.index.by_rel.get(someone.rel)
        index = next((i for i, p in enumerate(resource.people) if p.ref == someone.person.ref),
                     None) if resource else None
        if index is not None:
            person = someone.person
            key = (f"people.{index}.shown_as" if name == person.shown_as else
                   f"people.{index}.aliases.{person.aliases.index(name)}"
                   if name in person.aliases else f"people.{index}")
            line = resource.line_of(key, someone.line)
    try:
        text = (ctx.config.root / someone.rel).read_text(encoding="utf-8").split("\n")[line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return line, 1
    at = text.find(name)
    return line, at + 1 if at >= 0 else 1


def _everyday(ctx: CheckContext, someone: Someone, name: str, line: int, column: int):
    """The warning for a one-word name that pages write in lower case, as a word."""
    key = name_key(name)
    places = [u for rel, uses in sorted(ctx.index.people.uses.items()) for u in uses
              if u.who == someone.key and u.how == "name" and u.where == "text"
              and u.found.islower() and u.found != name and name_key(u.found) == key
              and is_word(u.found)]
    if not places:
        return
    first = places[0]
    pages = len({u.rel for u in places})
    more = f" and {pages - 1} more page{'s' if pages > 2 else ''}" if pages > 1 else ""
    yield diagnostic(
        "CP201", someone.rel, line, column,
        f"{name} is also an everyday word, and pages write \"{first.found}\" in lower case "
        f"({first.rel}:{first.line}:{first.column}{more}). Names are matched in any letter "
        f"case, so if {someone.shown_as}'s consent ended, those pages would be withdrawn too.",
        _fuller(someone, name), severity=Severity.WARNING)


# -- names in the _data files the site renders -------------------------------------------------

def _data_names(ctx: CheckContext, rel: str):
    """CP201 at each declared name in a rendered `_data/` file's keys and values."""
    register = ctx.index.people
    path = ctx.config.root / rel
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return                                       # the load stage reports the file
    for node in _scalars(root):
        raw = text[node.start_mark.index:node.end_mark.index]
        found = [(name, node.start_mark.index + name.start)
                 for name in find_names(register.pattern, raw)]
        if not found:
            found = [(name, node.start_mark.index)
                     for name in find_names(register.pattern, str(node.value))]
        pattern, record_of = records_pattern(tuple(register.records))
        for record in dict.fromkeys(record_of[name_key(f.text)]
                                    for f in find_names(pattern, raw)):
            at = next(f.start for f in find_names(pattern, raw)
                      if record_of[name_key(f.text)] == record)
            if at >= 0:
                line, column = _line_column(text, node.start_mark.index + at)
                yield diagnostic(
                    "CP201", rel, line, column,
                    f"{record} is a consent record reference (from {register.records[record]}). "
                    f"{KEPT_OFF}",
                    f"Take {record} out of {rel}. It belongs only in the consent: block of "
                    f"{register.records[record]}.")
        for name, offset in found:
            keys = register.by_name.get(name_key(name.text), ())
            for key in keys:
                someone = register.people[key]
                line, column = _line_column(text, offset)
                yield diagnostic(
                    "CP201", rel, line, column,
                    f"{name.text} is named here ({someone.rel}). This file appears across the "
                    "site and cannot be withdrawn page by page: if their consent ended, the "
                    "build would stop without publishing anything.",
                    f"Take {name.text} out of {rel}"
                    + (f" (it is a name of {someone.shown_as})" if name_key(name.text)
                       != name_key(someone.shown_as) else "")
                    + ". A case study can tell their story.")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _scalars(node):
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
