"""The last stage: read back what was written, before it replaces the live site.

A guard behind the checks: if a consent record reference, a withdrawn page's address, or the
name of a person whose consent has ended has reached any output file through a path nobody
thought of, the build stops here and the previous site stays live. Every file is searched for
records, media and the admin configuration included; the search index too (Pagefind
compresses its files, so they are decompressed first). Addresses and names are looked for in
text files (character references and %-escapes decoded) and in every file's path (its
hyphens read as spaces), names in every folder's name too, empty or not; names as whole words however they are written (`names.fold`), as the plan matched
them (content.md, "Consent across the hub"). Names are not looked for inside style sheets and
scripts, nor in the content editor's files (`/admin/`): no page's content reaches them (they
are the theme's, Pagefind's and the editor's own code, and the editor's settings are made from
the contract, the site's title and the `_data` lists, which the check stage searches), and
"max" in a style sheet or "sam" in the editor's examples is not a person. The words inside
media files published as they are (SVG, PDF, audio and video tags, and the printable text in
their bytes) are decoded as the people register decodes them (`media_text`); pictures are saved
again from their pixels and are not read.
"""

from __future__ import annotations

import gzip
import html
import re
import zlib
from pathlib import Path

from coprod_site.content.model import SiteContent
from coprod_site.media_text import READ, media_text
from coprod_site.names import find_names, name_key, names_pattern
from coprod_site.write import Output

TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".css", ".js", ".webmanifest", ".yml",
                 ".svg", ".vtt", ".srt", ""}
CODE_SUFFIXES = {".css", ".js"}   # the theme's, Pagefind's and the editor's own code
EDITOR = "admin/"                 # made from the contract, the site's title and _data lists
REDIRECTS = "_redirects"        # may name a withdrawn page of content/pages (410 Gone)


class VerifyError(Exception):
    """The built output would break a promise; the message says which."""


def readable_bytes(path: Path) -> bytes:
    """A file's bytes as a search would see them (Pagefind's gzip files decompressed)."""
    data = path.read_bytes()
    if path.suffix.startswith(".pf_"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def readable_text(data: bytes) -> str:
    """A text file as the people register reads a page (`people.visible`): its words, tags
    inside a line left out and tags between blocks a space, then its attribute values, with
    character references ("&#235;") decoded, once more for markup escaped inside a feed, and
    the same again with %-escapes decoded ("Zo%C3%AB")."""
    from coprod_site.people import visible
    return visible(html.unescape(data.decode("utf-8", "replace")))


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES or path.suffix.startswith(".pf_")


def any_of(texts) -> re.Pattern | None:
    """One pattern for many strings: a single pass over each file, however many records."""
    texts = sorted({t.encode("utf-8") for t in texts if t}, key=len, reverse=True)
    return re.compile(b"|".join(re.escape(t) for t in texts)) if texts else None


PATH_CHARACTER = re.compile(rb"[\w/.%~-]")
HOST_BEFORE = re.compile(rb"//[^/\s\"'<>]+$")


def leaked_address(pattern: re.Pattern, data: bytes) -> str | None:
    """A withdrawn page's address as a link or web address holds it ("/privacy/", or
    "https://host/privacy/"), but not as the tail of another ("/topics/privacy/")."""
    for found in pattern.finditer(data):
        before = data[max(0, found.start() - 256):found.start()]
        if not before or not PATH_CHARACTER.fullmatch(before[-1:]) or HOST_BEFORE.search(before):
            return found.group().decode("utf-8")
    return None


def _others(site: SiteContent, register, absent: dict) -> list[str]:
    """The names of everyone else, and of organisations, searched for with the names of the
    people whose consent ended so that the longest name wins at each place, as in the people
    register: "Sam Okafor" on a page is not the withdrawn "Sam"."""
    return [n for n in (*(n for s in register.people.values() for n in s.names),
                        *site.organisations.values()) if name_key(n) not in absent]


def _no_name(names, absent: dict, text: str, where: str) -> None:
    """Raise VerifyError if `text` (of the built `where`) names someone `absent`."""
    found = next((f for f in find_names(names, text) if name_key(f.text) in absent), None)
    if found:
        raise VerifyError(
            f"The name of a person whose consent has ended ({absent[name_key(found.text)].label}) "
            f"was found in the built {where}. Nothing was published. Run coprod check to see "
            "where the name is written, and take it out; if check finds nothing, it may be in "
            "the site's settings or the theme.")


def verify_output(output: Output, site: SiteContent, plan=None, register=None) -> None:
    """`register`: the index stage's people register (made from `site` when not given)."""
    from coprod_site.people import name_register, records_pattern
    register = register if register is not None else name_register(site)
    all_records = tuple(register.records)
    records = any_of(all_records)
    folded_records = records_pattern(all_records)[0]    # "cf‑2026‑001", "CF%2D2026-001" too
    withdrawn = any_of(r.url for r, _ in plan.withdrawn.values()) if plan else None
    absent = {name_key(n): someone for someone in (plan.absent if plan else ())
              for n in someone.names}
    names = names_pattern([*(n for someone in (plan.absent if plan else ()) for n in someone.names),
                           *_others(site, register, absent)]) if absent else None
    if records is None and withdrawn is None and names is None:
        return
    for path in sorted(output.root.rglob("*")):
        name = path.relative_to(output.root).as_posix()
        if not path.is_file():
            if names and path.is_dir():          # an address, even with no page in it
                _no_name(names, absent, re.sub(r"[-_./]", " ", name), f"folder {name}")
            continue
        data = readable_bytes(path)
        if names:
            text = (readable_text(data) if is_text(path) and path.suffix not in CODE_SUFFIXES
                    and not name.startswith(EDITOR) else "")
            if path.suffix.lower().lstrip(".") in READ:
                text += "\n" + media_text(data, path.suffix)
            for where in (re.sub(r"[-_./]", " ", name), text):
                _no_name(names, absent, where, f"file {name}")
        found = records.search(data) if records else None
        if found is None and folded_records is not None and is_text(path):
            found = next(find_names(folded_records, readable_text(data)), None)
        if found:
            written = found.group().decode() if isinstance(found, re.Match) else found.text
            raise VerifyError(
                f"The consent record reference {written} was found in the built "
                f"file {name}. Nothing was published.")
        address = (leaked_address(withdrawn, data)
                   if withdrawn and is_text(path) and name != REDIRECTS else None)
        if address:
            raise VerifyError(
                f"The address {address} of a withdrawn page was found in the "
                f"built file {name}. Nothing was published. Remove any link to that page.")
