"""Front-matter keys as a contributor would say them: `people.0.consent.given` is "the
consent date of the first person, Sam", not a data path. The words for each key (`called`,
`item`) come from the field table in `content.schema`."""

from __future__ import annotations

import calendar
import re

from coprod_site.content.schema import DATE, FIELDS as SCHEMA, WITHDRAWN, Field

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


def _called(fields, prefix: str = ""):
    for field in fields:
        if field.called:
            yield prefix + field.name, field.called
        yield from _called(field.fields, f"{prefix}{field.name}.")


# "people" -> "person"; "consent.given" -> "consent date" (a path inside a list entry)
LISTS = {f.name: f.item for f in (*SCHEMA, WITHDRAWN) if f.item}
FIELDS = {path: called for f in (*SCHEMA, WITHDRAWN) for path, called in _called(f.fields)}


def ordinal(index: int) -> str:
    """0 -> "first"."""
    return ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"


def key_name(path: str, names: dict[str, str]) -> str:
    """How to name the key at `path` in a sentence; `names` maps "people.0" to a name to add.

    "published" -> "'published'"; "people.0.consent.given" -> "the consent date of the first
    person, Sam"; "media.1.alt" -> "the alt text of the second media file".
    """
    parts = path.split(".")
    if len(parts) < 2 or parts[0] not in LISTS or not parts[1].isdigit():
        return f"'{path}'"
    item = f"the {ordinal(int(parts[1]))} {LISTS[parts[0]]}"
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


def found(value) -> str:
    """What a YAML value is, in plain words: "nothing", "a list", "a set of keys"."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return f"a yes-or-no value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys"
    return "text"


def plural(item: str) -> str:
    """"person" -> "people", "topic" -> "topics"."""
    if item == "person":
        return "people"
    return item[:-1] + "ies" if item.endswith("y") else item + "s"


FIXED_EXPECTED = {"text": "text", "paragraph": "text", "date": "a date written as YYYY-MM-DD",
                  "flag": "true or false", "path": "the path of another content file",
                  "file": "the path of a file in content/media",
                  "paths": "a list of paths of other content files"}


def expected(field: Field) -> str:
    """What `field` must hold, in plain words: "text", "a list of topics"."""
    kind = field.type
    if kind in FIXED_EXPECTED:
        return FIXED_EXPECTED[kind]
    if kind == "choice":
        return f"one of {field.choices_text}"
    if kind == "object":
        return entry_expected(field)
    if kind == "records":
        return f"a list of {plural(field.item)}, each starting with '- ' on its own line"
    if kind == "choices":
        return "a list of words from: " + ", ".join(field.choices)
    return f"a list of {plural(field.item or 'short piece')}" + ("" if field.item else " of text")


def entry_expected(field: Field) -> str:
    """What one entry of a `records` field must be: "a set of keys such as ref and shown_as"."""
    return f"a set of keys such as {_keys(field)}"


def _keys(field: Field) -> str:
    names = [f.name for f in field.fields if f.required or f.enforced_by] or [f.name for f in field.fields[:3]]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
