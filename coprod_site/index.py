"""The index stage: site-wide facts, computed once per build from the parsed pages.

Every later stage asks the index rather than scanning the site again: which file a path names,
the address of each page, the anchors each page really has (after the render stage has kept
them clear of the theme's ids), which pages use each media file, which media files show people,
which resource each Easy Read version is made from, and the people register: every declared
person and every use of them on every page (`people.Register`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from coprod_site.content.model import Resource, SiteContent
from coprod_site.media_people import same_picture
from coprod_site.media_text import file_text
from coprod_site.people import EMPTY_REGISTER, Register, register_people
from coprod_site.render.links import clear_id


@dataclass(frozen=True)
class SiteIndex:
    by_rel: Mapping[str, Resource]                 # rel -> resource, with its parsed `doc`
    by_url: Mapping[str, str]                      # "/guides/x/" -> rel
    anchors: Mapping[str, frozenset[str]]          # rel -> heading ids, as the page has them
    media_users: Mapping[str, tuple[str, ...]]     # "content/media/x.jpg" -> rels using it
    showing: Mapping[str, tuple[tuple[str, str], ...]]  # media path -> (rel, ref) of who it shows
    copies: Mapping[str, str]                      # media path -> the shown file it is the same as
    media_texts: Mapping[str, str]                 # media path -> the words inside the file
    made_from: Mapping[str, str]                   # Easy Read rel -> rel of its original
    reserved_ids: frozenset[str]                   # ids the theme's templates use
    people: Register = EMPTY_REGISTER              # who is declared, and every use of them

    def exists(self, target: str | None, media_files: Mapping[str, int]) -> bool:
        """Is `target` (a rel path from a link) a content file or a media file?"""
        if not target:
            return False
        return target in self.by_rel or target.removeprefix("content/") in media_files


def index_site(site: SiteContent, reserved_ids: frozenset[str] = frozenset(),
               root: Path | None = None) -> SiteIndex:
    """The index of a site whose resources have been parsed (each has its `doc`). With the
    site's `root`, a media file that is the same picture as one a page says shows someone
    shows them too (`media_people.same_picture`), and the words inside each media file a page
    uses are searched for names (`media_text`)."""
    media_users: dict[str, list[str]] = {}
    showing: dict[str, list[tuple[str, str]]] = {}
    for r in site.resources:
        used = {l.target for l in r.doc.links if l.kind == "media" and l.target}
        used.update(f"content/{m.file}" for m in r.media)
        for path in sorted(used):
            media_users.setdefault(path, []).append(r.rel)
        for item in r.media:
            if item.shows:
                showing.setdefault(f"content/{item.file}", []).extend(
                    (r.rel, ref) for ref in item.shows)
    copies = same_picture(root, showing, media_users) if root else {}
    for copy, original in copies.items():
        showing[copy] = showing[original]
    texts = {path: text for path in media_users if root and (text := file_text(root / path))}
    frozen = MappingProxyType
    return SiteIndex(
        by_rel=frozen({r.rel: r for r in site.resources}),
        by_url=frozen({r.url: r.rel for r in site.resources}),
        anchors=frozen({r.rel: frozenset(clear_id(i, reserved_ids) for i in r.doc.ids)
                        for r in site.resources}),
        media_users=frozen({k: tuple(v) for k, v in media_users.items()}),
        showing=frozen({k: tuple(v) for k, v in showing.items()}),
        copies=frozen(copies),
        media_texts=frozen(texts),
        made_from=frozen({r.easy_read: r.rel for r in site.resources if r.easy_read}),
        reserved_ids=reserved_ids,
        people=register_people(site, {k: tuple(v) for k, v in showing.items()}, copies,
                               texts))
