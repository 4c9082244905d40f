"""Rendered pages kept between builds: a page is rendered again only when what it shows changed.

A template's output depends only on the template files and what it is given. The key of a
page is a SHA-256 of

- the build's shared key: the code (`cachefile.code`), the theme's templates and asset
  names, the configuration, the build date and options, `_data/` (glossary, topics,
  audiences), and every published entry's facts except its body and reading figures (title,
  address, summary, dates, topics, links between versions), so a new title or a withdrawn
  page renders every page anew;
- the page's own address, template and context, each entry in it by all its facts and a
  digest of what its body HTML is made from (`Entry.body_key`: the parse's packed HTML, the
  address each of its links gets from the plan, its pictures and captions), which is quicker
  than rendering every body to hash it.

So an edit to one page's text renders that page and the pages that list or link it again
(listings, topics, search, related), not the rest.

`.coprod-cache/rendered/<key>.html` holds each page the last build used (`cachefile.save_checked`:
a file cut short, changed, or copied over another page's is rendered again, never published),
written as it is
rendered (whole or not at all) and read as it is asked for: a build never holds the site's
pages together (one file of them all took 150 MiB at 5,000 pages, read whole by every build).
A cache that cannot be read or written is ignored, never an error.

A theme must show an entry's reading time or word count only from what the page is given
(`entry`, `entries`, `newest`), not from `view`, and read no more of the site than `view`
offers; otherwise build it with `--no-cache`.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import fields
from pathlib import Path

from coprod_site import cachefile
from coprod_site.site.model import Entry

FOLDER = "rendered"
READING = frozenset(("words", "reading_minutes"))


def fingerprint(value, known: dict[int, str]) -> str:
    """A stable text for `value`: entries by their facts and a digest of their body (each
    worked out once a build, in `known`), the rest by repr."""
    if isinstance(value, Entry):
        if id(value) not in known:
            known[id(value)] = _entry_print(value)[1]
        return known[id(value)]
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(fingerprint(v, known) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{fingerprint(v, known)}" for k, v in value.items()) + "}"
    return repr(value)


def facts(entry: Entry) -> tuple[str, str]:
    """An entry as other pages may show it, every field but its body: (the fields but the
    reading figures, the reading figures). An entry it links to (`related`, `easy_read`,
    `full_version`) is there by its address, whose other facts are in the shared key, and
    its reading figures, which its card shows."""
    shown, reading = [], []
    for item in fields(entry):
        value = getattr(entry, item.name)
        if item.name in ("body", "body_key"):
            continue
        if isinstance(value, Entry) or (isinstance(value, tuple) and value
                                        and isinstance(value[0], Entry)):
            linked = value if isinstance(value, tuple) else (value,)
            value = [e.url for e in linked]
            reading.append(f"{item.name}={[(e.words, e.reading_minutes) for e in linked]!r}")
        (reading if item.name in READING else shown).append(f"{item.name}={value!r}")
    return ";".join(shown), ";".join(reading)


def _entry_print(entry: Entry) -> tuple[str, str]:
    """(the entry's facts but its reading figures, its fingerprint)."""
    shown, reading = facts(entry)
    return shown, f"E({shown};{reading},{entry.body_key()})"


class RenderedPages:
    """`get(key)`/`put(key, html)` over `<cache>/rendered/`; `key(...)` makes a page's key;
    `save()` keeps only the pages this build rendered or reused."""

    def __init__(self, cache: Path | None, view, theme, extra: tuple = ()):
        self.path = cache / FOLDER if cache else None
        self.used: set[str] = set()
        self.writable = True               # till a write fails (a full disk): then none
        self.known: dict[int, str] = {}    # id(entry) -> fingerprint (the view keeps entries)
        self.shared = ""
        if self.path is None:              # nothing to keep: no page needs a key
            return
        shared = hashlib.sha256()
        for part in (cachefile.code(), repr(view.config), repr(view.build_date),
                     repr((view.options.drafts, view.options.base_url)),
                     repr(sorted(view.site.glossary.items())), repr(sorted(view.site.topics.items())),
                     repr(sorted(view.site.audiences.items())), repr(extra)):
            shared.update(part.encode("utf-8") + b"\0")
        for source in sorted((theme.folder / "templates").rglob("*")):
            if source.is_file():
                shared.update(source.as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
        shared.update(repr(sorted((n, u) for n, (_, u) in theme.assets.items())).encode())
        for entry in (*view.entries, *view.pages, *view.previews):
            shown, self.known[id(entry)] = _entry_print(entry)
            shared.update(shown.encode("utf-8") + b"\0")
        self.shared = shared.hexdigest()

    def key(self, path: str, template: str, context: dict) -> str:
        """The page's key, or "" with no cache (nothing is kept)."""
        if self.path is None:
            return ""
        text = f"{self.shared}\0{path}\0{template}\0{fingerprint(context, self.known)}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        data = cachefile.load_checked(self.path / f"{key}.html") if self.path else None
        if data is None:
            return None
        self.used.add(key)
        return data.decode("utf-8")

    def put(self, key: str, html: str) -> None:
        if key and self.writable:
            self.writable = cachefile.save_checked(self.path / f"{key}.html",
                                                   html.encode("utf-8"))
            if self.writable:
                self.used.add(key)

    def save(self) -> None:
        """Remove the pages this build did not use (and the one file of every page that
        earlier code kept, which a cache kept by CI or Netlify may still hold)."""
        if self.path is None:
            return
        for path in [self.path.parent / "rendered.pickle", *_listed(self.path)]:
            if path.name.removesuffix(".html") not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)       # a folder stays: the rest go


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
