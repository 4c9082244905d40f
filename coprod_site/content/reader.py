"""Reading typed values out of front matter (the contract's reader, `content.contract`): each
value is read as the field table (`content.schema`) says, and each problem becomes a CP102 to
CP104 diagnostic at the line and column of the key or value to fix, saying what was found and
what to write instead.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from coprod_site.content.frontmatter import FrontMatter
from coprod_site.content.model import Kind
from coprod_site.content.schema import (A_DAY, Field, entry_lines, example_line, field_at,
                                        sample, sample_lines)
from coprod_site.content.wording import (closed, date_hint, entry_expected, expected, found,
                                         ordinal, subject)
from coprod_site.diagnostics import diagnostic


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
        advice = "Write it like:" + ("\n" if "\n" in lines else " ") + lines
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
