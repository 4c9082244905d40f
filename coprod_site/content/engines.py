"""The load stage for pages of other engines (MkDocs, Pelican): each Markdown file to a frozen
`EnginePage`, the same `Resource` the hub's own loader makes, so every later stage and rule
reads it the same way.

An engine's page has no content contract: only the keys our rules read are taken from its
metadata (`title`, `description` or `summary`, `status`, `people`, `media`), any other key
belongs to the engine and is left alone. Metadata is either YAML between two `---` lines
(MkDocs; Pelican with YAML metadata) or Pelican's and MultiMarkdown's `Key: value` lines up to
the first blank line; keys are read in any letter case. The body starts after it, at its own
file line, so no metadata line is ever checked as text.

People are declared in a page's YAML `people:` and `media:` (the fields of content.md,
"Consent"), or in a people file for pages whose metadata cannot hold lists: YAML keyed by the
content file's path (relative to the engine's content folder), each value either a list of
people or a mapping with `people` and `media`. Positions in the people file are kept as lines
from `PEOPLE_FILE_LINES` on, and `located` turns a finding there back into the people file's
own path and line.

A page is a case study (consent's page rules for stories apply: each listed person needs
`story`, an unlisted quote attribution is a person) when it declares people or sits in one of
the configured case-study folders; any other page has the configured kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from coprod_site.content.contract import Reader, _media, _people
from coprod_site.content.frontmatter import FrontMatter, decode, split
from coprod_site.content.model import GlossaryEntry, Kind, Resource, SiteContent
from coprod_site.diagnostics import Diagnostic, diagnostic

PEOPLE_FILE_LINES = 10_000_000
META_LINE = re.compile(r"^([A-Za-z][\w-]*):\s?(.*)$")
STATUSES = {"withdrawn": "withdrawn", "draft": "draft"}     # any other status is published
SUMMARY_KEYS = ("summary", "description")


@dataclass(frozen=True)
class EnginePage(Resource):
    """A page of another engine; `address` is the engine's URL for it ("/alex/")."""

    address: str = ""
    source: str = ""              # the file's path in the engine's content folder

    @property
    def url(self) -> str:
        return self.address or "/" + self.source


@dataclass(frozen=True)
class EngineSite:
    """Where an engine keeps things, as the plugin's options say (paths from `root`)."""

    kind: str = "page"                          # guide, toolkit, page, case-study, easy-read
    case_studies: tuple[str, ...] = ()          # folders in the content folder ("stories")
    people_file: str = ""                       # "people.yml"
    glossary_file: str = ""                     # "glossary.yml"


@dataclass(frozen=True)
class EngineFile:
    """One Markdown file of the engine: `rel` names it in messages (from the site root),
    `source` is its path in the content folder, `address` its URL."""

    rel: str
    source: str
    address: str = ""


def load_pages(root: Path, engine: EngineSite, sources: list[EngineFile]
               ) -> tuple[SiteContent, list[Diagnostic]]:
    """The engine's pages, with its glossary, as a `SiteContent`, and what was wrong."""
    found: list[Diagnostic] = []
    people = _people_file(root, engine.people_file, found)
    pages = []
    for item in sources:
        page = _load(root, engine, item, people.get(item.source), found)
        if page is not None:
            pages.append(page)
    glossary = _glossary(root, engine.glossary_file, found)
    return SiteContent(tuple(pages), {}, {}, glossary, {}), found


def located(d: Diagnostic, people_file: str) -> Diagnostic:
    """A finding at a people-file line, at that file and line."""
    if d.line < PEOPLE_FILE_LINES:
        return d
    return replace(d, file=people_file, line=d.line - PEOPLE_FILE_LINES)


def _load(root: Path, engine: EngineSite, item: EngineFile, declared,
          found) -> EnginePage | None:
    try:
        raw = (root / item.rel).read_bytes()
    except OSError as error:
        found.append(diagnostic("CP100", item.rel, 1, 1, f"This file cannot be opened "
                                f"({error.strerror}).", "Check that the file is yours to read."))
        return None
    text, problem = decode(raw, item.rel)
    if problem:
        found.append(problem)
        return None
    fm = _metadata(text, item.rel, found)
    data = {str(k).lower(): v for k, v in fm.data.items()}
    positions = {_lower_key(path): at for path, at in fm.positions.items()}
    summary_key = next((k for k in SUMMARY_KEYS if data.get(k)), "summary")
    for suffix in ("", ":value"):
        if summary_key + suffix in positions:
            positions["summary" + suffix] = positions[summary_key + suffix]
    if declared is not None and "people" not in data:
        data.update(declared[0])
        positions.update(declared[1])
    reader = Reader(item.rel, FrontMatter(data, positions, fm.markdown, fm.body_line))
    people, media = _people(reader, data), _media(reader, data)
    found += reader.diagnostics
    story = people or any(PurePosixPath(item.source).is_relative_to(folder)
                          for folder in engine.case_studies)
    kind = Kind.CASE_STUDY if story else Kind.PAGE if engine.kind == "easy-read" \
        else Kind(engine.kind)
    return EnginePage(
        rel=item.rel, kind=kind, slug=PurePosixPath(item.source).stem,
        title=_text(data.get("title")), summary=_text(data.get(summary_key)),
        markdown=fm.markdown, body_line=fm.body_line,
        key_lines={path: pos[0] for path, pos in positions.items() if ":" not in path},
        status=STATUSES.get(_text(data.get("status")).lower(), "published"),
        people=people, media=media, is_easy_read=engine.kind == "easy-read" and not story,
        address=item.address, source=item.source)


def _lower_key(path: str) -> str:
    """"People.0.ref" -> "people.0.ref": top-level keys in any case, as Pelican reads them."""
    key, dot, rest = path.partition(".")
    key, colon, value = key.partition(":")
    return key.lower() + colon + value + dot + rest


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _metadata(text: str, rel: str, found: list[Diagnostic]) -> FrontMatter:
    """YAML between `---` lines, else `Key: value` lines; a YAML block that declares people
    but cannot be read is an error (their consent could not be checked)."""
    lines = text.split("\n")
    if lines[0].strip() == "---":
        fm, problem = split(text, rel, 64 * 1024)
        if fm is not None:
            return fm
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")),
                   None)
        if end is None:                  # not metadata: the engines read it as text
            return FrontMatter({}, {}, text, 1)
        block = lines[1:end]
        if any(re.match(r"(?i)(people|media)\s*:", line) for line in block):
            found.append(problem)
        data, positions = _key_values(block, 2)
        for key in ("people", "media"):
            data.pop(key, None)
        return FrontMatter(data, positions, "\n".join(lines[end + 1:]), end + 2)
    if not META_LINE.match(lines[0]):
        return FrontMatter({}, {}, text, 1)
    for index, line in enumerate(lines):
        if not line.strip() or not (META_LINE.match(line) or line[:1] in (" ", "\t")):
            data, positions = _key_values(lines[:index], 1)
            skip = 1 if not line.strip() else 0
            return FrontMatter(data, positions, "\n".join(lines[index + skip:]), index + 1 + skip)
    data, positions = _key_values(lines, 1)
    return FrontMatter(data, positions, "", len(lines) + 1)


def _key_values(lines: list[str], first: int) -> tuple[dict, dict]:
    """Pelican's `Key: value` lines (an indented line continues the value before it)."""
    data, positions, key = {}, {}, None
    for number, line in enumerate(lines, first):
        match = META_LINE.match(line)
        if match:
            key = match.group(1).lower()
            data[key] = match.group(2).strip()
            positions[key] = (number, 1)
            positions[key + ":value"] = (number, match.start(2) + 1)
        elif key and line.strip():
            data[key] += " " + line.strip()
    return data, positions


def _read_yaml(root: Path, rel: str, found: list[Diagnostic]) -> FrontMatter | None:
    """A YAML data file as front matter, with file lines; None when absent or broken."""
    if not rel:
        return None
    path = root / rel
    if not path.is_file():
        found.append(diagnostic("CP100", rel, 1, 1, "The coprod plugin options name this "
                                "file, but there is no such file.",
                                "Create it, or correct the path in the plugin options."))
        return None
    text, problem = decode(path.read_bytes(), rel)
    if problem is None:
        fm, problem = split(f"---\n{text}\n---\n", rel, 4 * 1024 * 1024)
    if problem:
        message = problem.message.replace("The front matter", "This file")
        found.append(replace(problem, line=max(1, problem.line - 1), message=message))
        return None
    fm.positions = {k: (line - 1, column) for k, (line, column) in fm.positions.items()}
    return fm


def _people_file(root: Path, rel: str, found) -> dict[str, tuple[dict, dict]]:
    """content path -> (data with `people` and `media`, their positions in the people file)."""
    fm = _read_yaml(root, rel, found)
    if fm is None:
        return {}
    declared = {}
    for key, value in fm.data.items():
        data = {"people": value} if isinstance(value, list) else value
        if not isinstance(data, dict):
            line = fm.line(str(key))
            found.append(diagnostic("CP104", rel, line, 1, f"'{key}' must be a list of people "
                                    "(the fields of people: in front matter).",
                                    "Write each person on a line starting '- ', as in people:."))
            continue
        start = len(f"{key}.")
        positions = {(f"people.{path[start:]}" if isinstance(value, list) else path[start:]):
                     (line + PEOPLE_FILE_LINES, column)
                     for path, (line, column) in fm.positions.items()
                     if path.startswith(f"{key}.")}
        if isinstance(value, list):
            positions["people"] = (fm.line(str(key)) + PEOPLE_FILE_LINES, 1)
        declared[str(key)] = ({k: data.get(k) for k in ("people", "media")}, positions)
    return declared


def _glossary(root: Path, rel: str, found) -> dict[str, GlossaryEntry]:
    fm = _read_yaml(root, rel, found)
    entries = {}
    for term, entry in (fm.data if fm else {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("definition"), str):
            found.append(diagnostic(
                "CP104", rel, fm.line(str(term)), 1, f"The term '{term}' needs a definition.",
                f"Write it as:\n{term}:\n  definition: ...\n  aliases: [other name, ...]"))
            continue
        aliases = entry.get("aliases") or []
        aliases = [aliases] if isinstance(aliases, str) else aliases
        entries[str(term)] = GlossaryEntry(str(term), entry["definition"].strip(),
                                           tuple(str(a) for a in aliases))
    return entries
