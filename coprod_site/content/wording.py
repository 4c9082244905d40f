"""Front-matter keys as a contributor would say them: `people.0.consent.given` is "the
consent date of the first person, Sam", not a data path. The words for each key (`called`,
`item`) come from the field table in `content.schema`."""

from __future__ import annotations

import calendar
import re

from coprod_site.content.schema import DATE, FIELDS as SCHEMA

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


def _called(fields, prefix: str = ""):
    for field in fields:
        if field.called:
            yield prefix + field.name, field.called
        yield from _called(field.fields, f"{prefix}{field.name}.")


# "people" -> "person"; "consent.given" -> "consent date" (a path inside a list entry)
LISTS = {f.name: f.item for f in SCHEMA if f.item}
FIELDS = {path: called for f in SCHEMA for path, called in _called(f.fields)}


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"


def key_name(path: str, names: dict[str, str]) -> str:
    """How to name the key at `path` in a sentence; `names` maps "people.0" to a name to add.

    "published" -> "'published'"; "people.0.consent.given" -> "the consent date of the first
    person, Sam"; "media.1.alt" -> "the alt text of the second media file".
    """
    parts = path.split(".")
    if len(parts) < 2 or parts[0] not in LISTS or not parts[1].isdigit():
        return f"'{path}'"
    item = f"the {_ordinal(int(parts[1]))} {LISTS[parts[0]]}"
    name = names.get(".".join(parts[:2]))
    if name:
        item += f", {name}"
    rest = ".".join(p for p in parts[2:] if not p.isdigit())
    if not rest:
        return item
    field = FIELDS.get(rest, f"'{parts[-1]}'")
    return f"the {field} of {item}"


def closed(path: str, names: dict[str, str]) -> str:
    """`key_name` inside a sentence: "the consent date of the first person, Sam," (a name in
    apposition is closed with a comma)."""
    name = key_name(path, names)
    return name + "," if names.get(".".join(path.split(".")[:2])) else name


def subject(path: str, names: dict[str, str]) -> str:
    """`closed` to start a sentence: "The consent date of the first person, Sam,"."""
    name = closed(path, names)
    return name if name.startswith("'") else name[0].upper() + name[1:]


def date_hint(text: str) -> str:
    """What to do about a date that is not a real YYYY-MM-DD date."""
    found = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
    example = DATE.description
    if not found:
        return example
    year, month, day = (int(n) for n in found.groups())
    if not 1 <= month <= 12:
        return (f"There is no month {month:02d}: the month comes second and goes from 01 to "
                f"12. {example}")
    last = calendar.monthrange(year, month)[1]
    return (f"{calendar.month_name[month]} {year} has {last} days, so there is no day "
            f"{day:02d}. {example}")
