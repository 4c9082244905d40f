"""The content schema: one table of front-matter fields (content.md, "Front matter", "Consent").

Everything the hub knows about a key is written here once: its type, which kinds need it, its
limit and pattern, how the editor labels and explains it, the example contributors are shown
and what a new file starts with. The contract (`content.contract`) validates against it, the
`/admin/` editor (`site.admin`) is generated from it, `coprod new` (`scaffold`) writes it and
messages (`content.wording`) name its keys from it.

Shapes: `FIELDS` is a tuple of `Field`s in the order the editor shows them; a `records` field
holds a list of entries and an `object` field one entry, each with its own `fields`. Types:

    text        one line of text              paragraph  a few sentences of text
    date        YYYY-MM-DD                    flag       true or false
    terms       slugs from _data/<key>.yml    choice     one of `choices`
    choices     any of `choices`              strings    a list of short texts
    path        another content file          paths      a list of content files
    file        a file under content/media    records    a list of entries with `fields`
    object      one entry with `fields`

A field's `help` may hold `{limit}`, `{example}` and `{choices}`, filled in by `Field.hint`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coprod_site.content.model import RESOURCE_KINDS, SCOPES, STATUSES, Kind

ALL = frozenset(Kind)
RESOURCES = frozenset(RESOURCE_KINDS)
LISTS = ("terms", "choices", "strings", "paths", "records")


@dataclass(frozen=True)
class Pattern:
    """A regular expression a value must match, and what it means in plain English."""

    regex: str
    description: str

    def match(self, text: str) -> re.Match | None:
        return re.match(self.regex, text)


@dataclass(frozen=True)
class Field:
    """One front-matter key.

    required     the kinds whose files must give it (inside an entry, `ALL`: every entry)
    enforced_by  the rule that reports it missing instead of CP102 (the consent rules say
                 which block or scope is missing, so the contract does not say it twice)
    least        for a required list, how many items it needs (0: present, maybe `[]`)
    called       how a message names it inside a list entry ("consent date")
    item         what one item of a list is called ("person")
    entry        the sub-field that names an entry of `records` in the editor ("shown_as")
    new          what `coprod new` writes; for a choice, also the editor's default
    """

    name: str
    type: str
    label: str
    help: str
    required: frozenset = frozenset()
    limit: int | None = None
    pattern: Pattern | None = None
    example: object = None
    choices: tuple[str, ...] = ()
    fields: tuple["Field", ...] = ()
    new: str | None = None
    called: str = ""
    item: str = ""
    entry: str = ""
    enforced_by: str = ""
    least: int = 1

    def required_for(self, kind: Kind) -> bool:
        return kind in self.required

    @property
    def hint(self) -> str:
        """`help` with its limit, example and choices filled in."""
        example = self.example[0] if isinstance(self.example, list) else self.example
        return self.help.format(limit=self.limit, example=example, choices=self.choices_text)

    @property
    def choices_text(self) -> str:
        """"draft, review, published or withdrawn"."""
        return ", ".join(self.choices[:-1]) + f" or {self.choices[-1]}" if self.choices else ""

    def sub(self, name: str) -> "Field":
        return next(f for f in self.fields if f.name == name)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def example_line(field: Field) -> str:
    """The field's example as a line of front matter: "topics: [power-sharing]"."""
    return f"{field.name}: {_flow(field.example, top=True)}"


def sample(field: Field) -> object:
    """A value to show for `field` in advice: its example, or one its type allows."""
    if field.example is not None:
        return field.example
    return {"date": A_DAY, "flag": False, "choice": field.new or field.choices[0]
            if field.choices else None}.get(field.type)


def sample_lines(field: Field) -> str:
    """The field written out as in a file, for "Write it like:" advice: one line for a value
    ("shown_as: Sam"), indented lines for a list of entries or a set of keys:

        people:
          - ref: sam
            shown_as: Sam
    """
    if field.type not in ("records", "object") or field.example is not None:
        return f"{field.name}: {_flow(sample(field), top=True)}"
    lines = entry_lines(field)
    if field.type == "records":
        lines = [("  - " if i == 0 else "    ") + line for i, line in enumerate(lines)]
    else:
        lines = ["  " + line for line in lines]
    return "\n".join([f"{field.name}:", *lines])


def entry_lines(field: Field) -> list[str]:
    """One entry of a `records` or `object` field, a line per sub-field worth showing."""
    shown = [f for f in field.fields if f.type not in ("records", "object")
             and f.example is not None
             and (f.required or f.enforced_by or f.type in ("text", "date"))]
    return [f"{f.name}: {_flow(f.example, top=True)}" for f in shown]


def _flow(value, top: bool = False) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    return text if top or " " not in text else f'"{text}"'


A_DAY = date(2026, 3, 14)
DATE = Pattern(r"^\d{4}-\d{2}-\d{2}$", f"Write it as year-month-day, like {A_DAY}.")
SLUG = Pattern(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lowercase letters, numbers and single hyphens.")
LANG = Pattern(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", "Use a language code like cy or en-GB.")
WEB = Pattern(r"^https?://", "Start the address with https://.")
REF = Pattern(r"^[a-z0-9-]+$", "Use lowercase letters, numbers and hyphens only.")
TAKEN_DOWN = "The page is taken down"

CONSENT = (
    Field("record", "text", "Consent form reference", "The reference of the signed consent "
          "form, such as the number on the form. The form itself is kept off the site.",
          ALL, example="CF-2026-014", called="consent record"),
    Field("given", "date", "Date consent was given", "The date on the signed form.", ALL,
          pattern=DATE, example=date(2026, 2, 10), called="consent date"),
    Field("expires", "date", "Consent ends on", "Leave empty if the form gives no end date. "
          f"{TAKEN_DOWN} on this date.", pattern=DATE, called="consent end date"),
    Field("withdrawn", "date", "Consent withdrawn on", "Fill this in on the day the person "
          f"asks to be taken off. {TAKEN_DOWN}.", pattern=DATE,
          called="date consent was withdrawn"),
    Field("covers", "choices", "What they agreed to", "Tick only what the form says: "
          "{choices}.", choices=SCOPES, example=["story", "name"], enforced_by="CP202",
          called="list of what consent covers"),
    Field("under_18", "flag", "Under 18", "Turn on if the person was under 18 when they "
          "agreed.", called="under_18 setting"),
    Field("guardian", "flag", "A parent or guardian agreed too", "Needed for anyone under 18. "
          "Turn on only if a guardian signed the form.", called="guardian setting"),
)

PERSON = (
    Field("ref", "text", "Short name for the checks", "One word used below in 'Who the photo "
          "shows', like {example}.", ALL, pattern=REF, example="coach", called="ref"),
    Field("shown_as", "text", "Name on the page", "Exactly how the page names them, or "
          "'a trainer' if they stay anonymous.", ALL, example="Coach A.", called="name shown"),
    Field("aliases", "strings", "Other names", "Other names any page might use for them. "
          "Every page is searched for these too.", example=["A. the coach"], item="name",
          called="list of other names"),
    Field("anonymous", "flag", "Anonymous", "Turn on if the page must never name this person.",
          called="anonymous setting"),
    Field("consent", "object", "Consent", "What the signed form says.", fields=CONSENT,
          enforced_by="CP201", called="consent"),
)

MEDIA = (
    Field("file", "file", "File", "Upload it or choose one you uploaded before.", ALL,
          example="media/coaching.jpg", called="file"),
    Field("alt", "text", "What it shows (alt text)", "Say what the picture shows for someone "
          "who cannot see it, like '{example}'.", example="A coach leading a mixed ability rugby session",
          called="alt text"),
    Field("caption", "text", "Caption", "Shown under the picture.",
          example="Training night in Bradford", called="caption"),
    Field("shows", "strings", "Who it shows", "The short names (from People) of everyone who "
          "can be recognised. Leave empty if nobody can.", ALL, example=["coach"], least=0,
          called="list of who it shows", item="short name"),
)

FIELDS = (
    Field("title", "text", "Title", "Up to {limit} characters. Say what the page helps people "
          "do.", ALL, limit=90, example="How to pay people for their time"),
    Field("summary", "paragraph", "Summary", "One or two short sentences, up to {limit} "
          "characters. Shown in lists, search and link previews.", ALL, limit=280,
          example="What to pay, how to pay, and how to keep it fair.",
          new="Say in one or two short sentences who this is for and what it helps them do."),
    Field("topics", "terms", "Topics", "What it is about, from the hub's list of topics.",
          RESOURCES, example=["power-sharing"], item="topic"),
    Field("audiences", "terms", "Who it is for", "Who it is written for, from the hub's list.",
          example=["staff"], item="audience"),
    Field("published", "date", "Date published", "The day it first goes live.", RESOURCES,
          pattern=DATE, example=A_DAY),
    Field("updated", "date", "Date updated", "Only after a real change to the content. Not "
          "before the date published.", pattern=DATE),
    Field("reviewed", "date", "Date last reviewed", "When someone last checked that the page "
          "is still right.", pattern=DATE),
    Field("status", "choice", "Status", "Only published pages go on the site. Draft and review "
          "pages are shown in the preview only. Withdrawn takes a page down.",
          choices=STATUSES, new="draft"),
    Field("lang", "text", "Language", "Leave empty for English. Otherwise a language code, "
          "like {example} for Welsh.", pattern=LANG, example="cy"),
    Field("co_producers", "records", "Who made this", "Everyone who made this together, "
          "people or groups.", item="co-producer", entry="name", fields=(
              Field("name", "text", "Name", "A person or a group, like '{example}'.", ALL,
                    example="Trainers Group", called="name"),
              Field("role", "text", "Role", "What they did, like 'wrote it' or 'tested it'.",
                    ALL, example="wrote it", called="role"))),
    Field("content_warnings", "strings", "Content warnings", "Short phrases, like "
          "'{example}'. Shown before the content.", example=["mentions self-harm"],
          item="content warning"),
    Field("easy_read", "path", "Easy Read version", "The file of the Easy Read version, like "
          "{example}.", example="../guides/paying-people-easy-read.md"),
    Field("related", "paths", "Related resources", "Files of other resources, like {example}.",
          example=["../toolkits/check-in.md"], item="related page"),
    Field("sources", "records", "Sources", "What this page draws on.", item="source",
          entry="title", fields=(
              Field("title", "text", "Title", "The name of the source.", ALL,
                    example="NIHR guidance", called="title"),
              Field("url", "text", "Web address", "The full address, starting https://.",
                    ALL, pattern=WEB, example="https://example.org/nihr",
                    called="web address"))),
    Field("people", "records", "People in this story", "Everyone this page names, quotes or "
          "shows, with what they agreed to.", item="person", entry="shown_as", fields=PERSON),
    Field("media", "records", "Images, audio and video", "Every image that shows a person, "
          "with who it shows.", item="media file", entry="file", fields=MEDIA),
    Field("checks", "object", "Turn off a check", "Rarely needed. Ask a maintainer first. "
          "Consent checks cannot be turned off.",
          example={"ignore": ["CP302"], "reason": "quotes the law word for word"}, fields=(
              Field("ignore", "strings", "Checks to turn off", "Rule codes, like {example}.",
                    example=["CP302"], item="rule code"),
              Field("reason", "text", "Why", "So others know why, like '{example}'.",
                    example="quotes the law word for word"))),
    Field("kind", "choice", "Kind", "The kind of file; the folder it is in decides it.",
          choices=tuple(k.value for k in Kind)),
    Field("slug", "text", "Web address name", "Leave empty to use the file name. Lowercase "
          "letters, numbers and hyphens only.", pattern=SLUG, example="paying-people"),
)

# `_data/withdrawn.yml`, read as one `names` key of front matter (content.md, "Consent across
# the hub"); the loader says itself when an entry has no name.
WITHDRAWN = Field("names", "records", "Withdrawn names", "Names kept off the site for good.",
                  item="entry", entry="name", fields=(
                      Field("name", "text", "Name", "The name to keep off the site.",
                            example="Priya Shah", called="name"),
                      Field("since", "date", "Since", "The day consent was withdrawn.",
                            pattern=DATE, example=date(2026, 5, 1), called="'since' date"),))

FIELD = {f.name: f for f in FIELDS}
KEYS = tuple(FIELD)


def field_at(path: str) -> Field | None:
    """The field a dotted front-matter path names: "people.0.consent.given" -> `given`."""
    first, *rest = [p for p in path.split(".") if not p.isdigit()]
    found = FIELD.get(first)
    for part in rest:
        found = found and next((f for f in found.fields if f.name == part), None)
    return found


def new_keys(kind: Kind) -> tuple[Field, ...]:
    """The keys `coprod new` writes for `kind`: the ones it requires, and any with a start."""
    return tuple(f for f in FIELDS if f.required_for(kind) or f.new is not None)
