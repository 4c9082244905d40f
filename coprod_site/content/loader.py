"""Finding and loading everything under `content/` into a `SiteContent`.

Front matter only: bodies are parsed later by `render.markdown`, once the whole site is known,
so that links between pages can be resolved in the same single pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from stat import S_ISLNK

from coprod_site.config import SiteConfig
from coprod_site.content.contract import SLUG, resource_from
from coprod_site.content.reader import Reader
from coprod_site.content.schema import DATE, WITHDRAWN, entry_lines
from coprod_site.content.frontmatter import decode, split
from coprod_site.content.readcache import FrontMatterCache, Reused
from coprod_site.content.wording import found
from coprod_site.content.model import (GlossaryEntry, Kind, Resource, SiteContent, Term,
                                       WithdrawnName)
from coprod_site.diagnostics import Diagnostic, diagnostic

# URLs the site itself builds: a page may not take one of these slugs.
RESERVED_SLUGS = {"guides", "case-studies", "toolkits", "topics", "audiences", "glossary",
                  "search", "media", "admin", "assets", "pagefind", "feed-xml", "sitemap-xml",
                  "robots-txt", "404"}


# One entry of each `_data/<name>.yml` mapping, for advice (content.md, "Folders").
DATA_EXAMPLES = {
    "topics": "payment:\n  label: Paying people\n  description: Paying people for their time.",
    "audiences": "staff:\n  label: Staff\n  description: People who work in services.",
    "glossary": "co-production:\n  definition: Working together as equals.\n"
                "  aliases: [coproduction]",
    "organisations": "sport-england:\n  name: Sport England",
}


BESIDE = (".#", "._")        # the start of an editor's lock's name, and of macOS's copies


def page_files(content: Path) -> list[Path]:
    """The Markdown files under `content`, sorted (a folder whose name ends in .md holds no
    page itself, and neither do the files an editor or system keeps beside a page: Emacs's
    lock `.#page.md`, macOS's `._page.md`; any other odd name is reported)."""
    return [path for path in sorted(content.rglob("*.md"))
            if not path.name.startswith(BESIDE) and (not path.is_dir() or path.is_symlink())]


def load_site(config: SiteConfig, cache: Path | None = None, ahead=None, again: bool = False
              ) -> tuple[SiteContent, list[Diagnostic]]:
    """`cache`: the site's cache folder, where front matter already read is kept
    (`readcache`), or None. `ahead` (`parse.ParseAhead`), if any, is told the site before
    its pages (`start`), then given each page as it is loaded (`give`). `again`: this
    process loads the site again (`coprod serve`): what it read stays in memory for then."""
    content = config.content_dir
    diagnostics: list[Diagnostic] = []
    topics = _terms(content, "topics", diagnostics)
    audiences = _terms(content, "audiences", diagnostics)
    glossary = _glossary(content, diagnostics)
    withdrawn_names = _withdrawn_names(content, diagnostics)
    organisations = _organisations(content, diagnostics)
    media = {}
    if (content / "media").is_dir():
        for path in sorted((content / "media").rglob("*")):
            if path.is_file() or path.is_symlink():
                media[path.relative_to(content).as_posix()] = path.lstat().st_size
    site = SiteContent((), topics, audiences, glossary, media, withdrawn_names, organisations)
    if ahead is not None:
        ahead.start(site)
    resources = []
    read = FrontMatterCache(cache)
    reused = Reused(read, (str(config.root), str(content), config.max_markdown_bytes,
                           config.max_front_matter_bytes,
                           repr(sorted(topics.items())), repr(sorted(audiences.items()))))
    for path in page_files(content):
        resource = reused.load(path, diagnostics, lambda path, found, diagnostics: _load_file(
            config, path, found, topics, audiences, diagnostics, read))
        if resource:
            resources.append(resource)
            if ahead is not None:
                ahead.give(resource)
    read.save(again)
    reused.save(again)
    diagnostics += _duplicate_slugs(resources)
    easy_read = {r.easy_read for r in resources if r.easy_read}
    resources = [replace(r, is_easy_read=True) if r.rel in easy_read else r for r in resources]
    return site.with_resources(tuple(resources)), diagnostics


def _rel(config: SiteConfig, path: Path) -> str:
    return path.relative_to(config.root).as_posix()


def left_out(parts: tuple[str, ...]) -> bool:
    """Is a file at these parts of its path inside content/ never a page, without a word:
    `_data/`, other folders starting with _ or ., and content/README.md?"""
    return parts[0].startswith(("_", ".")) or parts == ("README.md",)


def kind_of(parts: tuple[str, ...]) -> Kind | None:
    """The kind of page a file at these parts of its path inside content/ is, if any (a file
    `left_out` or loose in content/, or in another folder, is none)."""
    if not parts or left_out(parts) or len(parts) < 2:
        return None
    return Kind.from_folder(parts[0])


def _load_file(config, path, found, topics, audiences, diagnostics, read) -> Resource | None:
    """`found`: the file's `os.lstat`, or the OSError it raised."""
    rel = _rel(config, path)
    parts = path.relative_to(config.content_dir).parts
    if left_out(parts):
        return None
    kind = kind_of(parts)
    if kind is None:
        diagnostics.append(diagnostic(
            "CP104", rel, 1, 1, "This file is not in a folder the hub publishes, so it will "
            "not appear on the site.",
            "Move it into content/guides, content/case-studies, content/toolkits or content/pages."))
        return None
    if isinstance(found, OSError):
        diagnostics.append(_unreadable(rel, found))
        return None
    if S_ISLNK(found.st_mode):
        diagnostics.append(diagnostic(
            "CP107", rel, 1, 1, "This file is a link to another file. Content files must be "
            "real files inside content/.", "Replace the link with a copy of the file."))
        return None
    size = found.st_size
    if size > config.max_markdown_bytes:
        diagnostics.append(diagnostic(
            "CP100", rel, 1, 1, f"This file is {_size(size)}; the most the hub "
            f"reads is {_size(config.max_markdown_bytes)}.",
            "Split it into several pages, or check that nothing was pasted in by mistake."))
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        diagnostics.append(_unreadable(rel, error))
        return None
    text, problem = decode(raw, rel)
    if problem is None:
        fm, problem = read.split(text, rel, config.max_front_matter_bytes)
    if problem:
        diagnostics.append(problem)
        return None
    resource, found = resource_from(rel, kind, fm, topics, audiences)
    resource = replace(resource, digest=hashlib.sha256(raw).hexdigest())
    diagnostics += found
    if kind is Kind.PAGE and resource.slug in RESERVED_SLUGS:
        slug = resource.slug
        diagnostics.append(diagnostic(
            "CP106", rel, resource.line_of("slug"), 1,
            f"The slug '{slug}' is used by a page the hub makes itself (/{slug}/), so this "
            "page cannot have it.",
            f"Change slug: to another address, such as about-{slug}." if "slug" in
            resource.key_lines else f"Rename the file, for example to about-{slug}.md."))
    return resource


def _unreadable(rel: str, error: OSError) -> Diagnostic:
    return diagnostic("CP100", rel, 1, 1, f"This file cannot be opened ({error.strerror}).",
                      "Check that the file is yours to read, then run coprod again.")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _duplicate_slugs(resources: list[Resource]) -> list[Diagnostic]:
    seen: dict[tuple, Resource] = {}
    found = []
    for r in resources:
        key = (r.kind, r.slug)
        if key in seen:
            first = seen[key]
            found.append(diagnostic(
                "CP106", r.rel, r.line_of("slug"), 1,
                f"Another {r.kind.label.lower()} already uses the slug '{r.slug}' "
                f"({first.rel}), so both would have the address {r.url}.",
                "Give one of them a different slug, or rename one file."))
        else:
            seen[key] = r
    return found


def _read_data(content: Path, name: str, diagnostics) -> tuple[dict, dict[str, int]]:
    """A `_data/<name>.yml` list, and the line in that file of each entry."""
    path = content / "_data" / f"{name}.yml"
    rel = f"content/_data/{name}.yml"
    if not path.is_file():
        return {}, {}
    text, problem = decode(path.read_bytes(), rel)
    if problem is None:
        fm, problem = split(f"---\n{text}\n---\n", rel, 1024 * 1024)
    if problem:
        message = problem.message.replace("The front matter", "This file")
        if message.endswith("must be a list of 'key: value' lines."):
            message = ("This file must be a list of entries, each starting with its name and a "
                       "colon at the beginning of a line, not with '- '.")
            problem = replace(problem, suggestion=f"Write each entry like:\n{DATA_EXAMPLES[name]}")
        diagnostics.append(replace(problem, line=max(1, problem.line - 1), message=message))
        return {}, {}
    return fm.data, {str(key): fm.line(str(key), 2) - 1 for key in fm.data}


def _terms(content: Path, name: str, diagnostics) -> dict[str, Term]:
    terms = {}
    data, lines = _read_data(content, name, diagnostics)
    for slug, entry in data.items():
        if (not SLUG.match(str(slug)) or not isinstance(entry, dict)
                or not isinstance(entry.get("label"), str) or not entry["label"].strip()):
            diagnostics.append(diagnostic(
                "CP104", f"content/_data/{name}.yml", lines[str(slug)], 1,
                f"The entry '{slug}' must be a lowercase slug with a label and a description.",
                f"Write it as:\n{slug}:\n  label: ...\n  description: ..."))
            continue
        terms[str(slug)] = Term(str(slug), entry["label"].strip(),
                                str(entry.get("description") or ""))
    return terms


def _glossary(content: Path, diagnostics) -> dict[str, GlossaryEntry]:
    entries = {}
    data, lines = _read_data(content, "glossary", diagnostics)
    for term, entry in data.items():
        aliases = entry.get("aliases") or [] if isinstance(entry, dict) else []
        if isinstance(aliases, str):
            aliases = [aliases]
        problem = None
        if (not isinstance(entry, dict) or not isinstance(entry.get("definition"), str)
                or not entry["definition"].strip()):
            problem = f"The term '{term}' needs a definition."
        elif not isinstance(aliases, list):
            problem = (f"The aliases of '{term}' must be a list, but {found(aliases)} is "
                       "written here.")
        if problem:
            diagnostics.append(diagnostic(
                "CP104", "content/_data/glossary.yml", lines[str(term)], 1, problem,
                f"Write it as:\n{term}:\n  definition: ...\n  aliases: [other name, ...]"))
            continue
        entries[str(term)] = GlossaryEntry(str(term), entry["definition"].strip(),
                                           tuple(str(a) for a in aliases))
    return entries


def _withdrawn_names(content: Path, diagnostics) -> tuple[WithdrawnName, ...]:
    """`_data/withdrawn.yml`: a list of `{name, since}`, names kept off the site for good."""
    path = content / "_data" / "withdrawn.yml"
    rel = "content/_data/withdrawn.yml"
    if not path.is_file():
        return ()
    text, problem = decode(path.read_bytes(), rel)
    if problem is None:                 # the list under a key of its own, two lines down
        indented = "\n".join("  " + line for line in text.split("\n"))
        fm, problem = split(f"---\nnames:\n{indented}\n---\n", rel, 1024 * 1024)
    if problem:
        diagnostics.append(replace(problem, line=max(1, problem.line - 2), column=1,
                                   message=problem.message.replace("The front matter",
                                                                   "This file")))
        return ()
    fm.positions = {key: (line - 2, max(1, column - 2))
                    for key, (line, column) in fm.positions.items()}
    reader = Reader(rel, fm)
    names = _loose_names(fm)
    example = _entry_example(names[0] if names else None)
    for index, entry in reader.records(fm.data, WITHDRAWN):
        key = f"names.{index}"
        name, since = reader.entry(entry, WITHDRAWN, key).values()
        if not name:
            if entry.get("name") in (None, ""):
                meant = _meant(fm, entry, key)
                reader.report("CP104", key, "Each entry needs the name to keep off the site.",
                              f"Write it as:\n{_entry_example(meant[0] if meant else None)}",
                              at_value=False)
            continue
        names.append(WithdrawnName(name, since, fm.line(key)))
    for problem in reader.diagnostics:              # the file is the list, not a 'names' key
        if problem.message.startswith("'names' must"):
            problem = replace(problem, suggestion=f"Write each name like:\n{example}",
                              message="This file must" + problem.message[len("'names' must"):])
        diagnostics.append(problem)
    return tuple(sorted(names, key=lambda n: n.line))


def _entry_example(meant: WithdrawnName | None) -> str:
    """One `- name: ... / since: ...` entry: for the name meant when there is one."""
    lines = entry_lines(WITHDRAWN)
    if meant:
        lines = [f"name: {meant.name}",
                 f"since: {meant.since.isoformat()}" if meant.since else lines[1]]
    return "\n".join(("- " if i == 0 else "  ") + line for i, line in enumerate(lines))


def _loose_names(fm) -> list[WithdrawnName]:
    """Names in withdrawn.yml written in another shape than `- name: ...` entries: reported as
    CP104 by the reader, and the names the writer meant kept off the site all the same. A plain
    line (`- Jo Bloggs`, or the whole file), a name as a key (`Jo Bloggs: 2026-05-01`), or an
    entry or list of names under a key of the writer's own (`jo: {name: Jo Bloggs}`,
    `names: [Jo Bloggs]`); such a key is not a name."""
    written, found = fm.data["names"], []
    items = enumerate(written) if isinstance(written, list) else [(None, written)]
    for index, item in items:
        if index is None or not (isinstance(item, dict) and isinstance(item.get("name"), str)
                                 and item["name"].strip()):   # `- name: ...`: the reader's
            found += _meant(fm, item, "names" if index is None else f"names.{index}")
    return found


def _meant(fm, value, path: str, since=None) -> list[WithdrawnName]:
    """The names written in `value` at the dotted `path`, in any of `_loose_names`' shapes."""
    if isinstance(value, list):
        return [n for i, item in enumerate(value) for n in _meant(fm, item, f"{path}.{i}", since)]
    if isinstance(value, str):
        text = " ".join(value.split())
        return [WithdrawnName(text, since, max(1, fm.line(path)))] if text else []
    if not isinstance(value, dict):
        return []
    since = _day(value.get("since")) or since
    if value.get("name") not in (None, "", []):
        return _meant(fm, value["name"], f"{path}.name", since)
    found = []
    for key, inner in value.items():
        if key in ("name", "since") or not str(key).strip():
            continue
        child = f"{path}.{key}"
        names = [] if _day(inner) else _meant(fm, inner, child, since)
        if isinstance(inner, str) and not SLUG.match(str(key)):
            names = []                  # `Jo Bloggs: a note`: the key is the name
        found += names or [WithdrawnName(" ".join(str(key).split()), _day(inner) or since,
                                         fm.line(child))]
    return found


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and DATE.match(value) \
            else None
    except ValueError:
        return None


def _organisations(content: Path, diagnostics) -> dict[str, str]:
    """`_data/organisations.yml`: slug -> name of each organisation quotes may come from."""
    names = {}
    data, lines = _read_data(content, "organisations", diagnostics)
    for slug, entry in data.items():
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            diagnostics.append(diagnostic(
                "CP104", "content/_data/organisations.yml", lines[str(slug)], 1,
                f"The entry '{slug}' needs the organisation's name, as quotes give it.",
                f"Write it as:\n{slug}:\n  name: Sport England"))
            continue
        names[str(slug)] = " ".join(name.split())
    return names
