"""The content model: typed, validated once at load, never re-parsed.

Everything later stages need is here, already checked against the contract, with the source
line of each front-matter key kept so that later checks can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import PurePosixPath

from coprod_site.packed import unpack


class Kind(str, Enum):
    GUIDE = "guide"
    CASE_STUDY = "case-study"
    TOOLKIT = "toolkit"
    PAGE = "page"

    @property
    def folder(self) -> str:
        return {"guide": "guides", "case-study": "case-studies",
                "toolkit": "toolkits", "page": "pages"}[self.value]

    @property
    def label(self) -> str:
        return {"guide": "Guide", "case-study": "Case study",
                "toolkit": "Toolkit", "page": "Page"}[self.value]

    @property
    def plural(self) -> str:
        return {"guide": "Guides", "case-study": "Case studies",
                "toolkit": "Toolkits", "page": "Pages"}[self.value]

    @classmethod
    def from_folder(cls, folder: str) -> "Kind | None":
        return {k.folder: k for k in cls}.get(folder)


RESOURCE_KINDS = (Kind.GUIDE, Kind.CASE_STUDY, Kind.TOOLKIT)
STATUSES = ("draft", "review", "published", "withdrawn")
SCOPES = ("story", "name", "quote", "photo", "video", "audio")


@dataclass(frozen=True)
class Term:
    """An entry of a controlled list (topics, audiences)."""

    slug: str
    label: str
    description: str


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return "term-" + "-".join("".join(c if c.isalnum() else " " for c in self.term.lower()).split())


@dataclass(frozen=True)
class Consent:
    record: str
    given: date | None
    expires: date | None
    withdrawn: date | None
    covers: frozenset[str]
    under_18: bool = False
    guardian: bool = False


@dataclass(frozen=True)
class Person:
    ref: str
    shown_as: str
    anonymous: bool
    consent: Consent | None
    line: int
    aliases: tuple[str, ...] = ()  # other names pages may use for them (matched hub-wide)


@dataclass(frozen=True)
class MediaItem:
    file: str            # as written, relative to content/ ("media/sam.jpg")
    alt: str
    caption: str
    shows: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Credit:
    name: str
    role: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Resource:
    """One content file: a guide, case study, toolkit or page, as the load stage read it.

    Frozen: later stages make new resources with `dataclasses.replace` (the parse stage adds
    `doc`), never change one that another stage holds.
    """

    rel: str                       # "content/guides/x.md", relative to the site root
    kind: Kind
    slug: str
    title: str
    summary: str
    markdown: str | bytes          # the body: Markdown after the front matter (`body`), as
                                   # text; packed (`packed.pack`) once parsed
    body_line: int                 # file line where the body starts
    key_lines: dict[str, int]      # front-matter key (or dotted path) -> file line
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    published: date | None = None
    updated: date | None = None
    reviewed: date | None = None
    status: str = "published"
    lang: str = ""
    co_producers: tuple[Credit, ...] = ()
    content_warnings: tuple[str, ...] = ()
    easy_read: str | None = None   # rel path of the Easy Read version
    related: tuple[str, ...] = ()  # rel paths
    sources: tuple[Source, ...] = ()
    people: tuple[Person, ...] = ()
    media: tuple[MediaItem, ...] = ()
    ignore: frozenset[str] = frozenset()
    ignore_reason: str = ""
    is_easy_read: bool = False     # another resource names this one as its easy_read
    digest: str = ""               # SHA-256 of the file's bytes, for the parse cache
    doc: "object | None" = field(default=None, repr=False, compare=False)  # parse.Document

    @property
    def body(self) -> str:
        return unpack(self.markdown)

    @property
    def url(self) -> str:
        if self.kind is Kind.PAGE:
            return f"/{self.slug}/"
        return f"/{self.kind.folder}/{self.slug}/"

    @property
    def folder(self) -> PurePosixPath:
        return PurePosixPath(self.rel).parent

    @property
    def readability_kind(self) -> str:
        return "easy-read" if self.is_easy_read else self.kind.value

    def line_of(self, key: str, default: int = 1) -> int:
        return self.key_lines.get(key, default)

    @property
    def date(self) -> date | None:
        return self.updated or self.published


@dataclass(frozen=True)
class WithdrawnName:
    """An entry of `_data/withdrawn.yml`: a name kept off the site after its case study has
    gone (content.md, "Consent across the hub")."""

    name: str
    since: date | None
    line: int


@dataclass(frozen=True)
class SiteContent:
    """All the content of a site, loaded and validated (the load stage's product)."""

    resources: tuple[Resource, ...]
    topics: dict[str, Term]
    audiences: dict[str, Term]
    glossary: dict[str, GlossaryEntry]
    media_files: dict[str, int]    # "media/x.jpg" -> size in bytes, every file under content/media
    withdrawn_names: tuple[WithdrawnName, ...] = ()   # _data/withdrawn.yml
    organisations: dict[str, str] = field(default_factory=dict)  # organisations.yml: slug -> name

    def by_rel(self) -> dict[str, Resource]:
        return {r.rel: r for r in self.resources}

    def with_resources(self, resources) -> "SiteContent":
        return replace(self, resources=tuple(resources))
