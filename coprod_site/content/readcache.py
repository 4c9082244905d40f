"""Front matter read once: each file's `frontmatter.split` result kept by (file, size limit,
SHA-256 of the text, the code that read it), in `.coprod-cache/front-matter.pickle` and,
within one process (`coprod serve`), in memory, where a file not changed since the last load
is not read at all (`Reused`). Reading YAML is most of the load stage's time; a file whose
text is the same gives the same result, and nothing changes a `FrontMatter` once read. A
cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from coprod_site import cachefile
from coprod_site.content.frontmatter import split

FILE = "front-matter.pickle"
_LAST: dict[tuple, tuple] = {}           # the last load in this process


class FrontMatterCache:
    """`split(text, rel, max_bytes)` as `frontmatter.split`, from the cache when it can;
    `save()` keeps what this load read. `folder`: the site's cache folder, or None."""

    def __init__(self, folder: Path | None):
        self.path = folder / FILE if folder else None
        self.old: dict[tuple, tuple] = dict(_LAST)
        if self.path is not None and not self.old:
            found = cachefile.load(self.path)
            self.old = found if isinstance(found, dict) else {}
        self.new: dict[tuple, tuple] = {}
        self.last_key: tuple | None = None

    def split(self, text: str, rel: str, max_bytes: int):
        """Also sets `last_key`: the entry this kept, for `keep`."""
        key = self.last_key = (rel, max_bytes, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                               cachefile.code())
        found = self.old.get(key) or split(text, rel, max_bytes)
        self.new[key] = found
        return found

    def keep(self, key: tuple | None) -> None:
        """Keep an entry as if its file were read again (the loader knew it unchanged)."""
        if key in self.old:
            self.new[key] = self.old[key]

    def save(self, again: bool) -> None:
        """`again`: this process loads the site again (`coprod serve`), so keep it in memory."""
        _LAST.clear()
        if again:
            _LAST.update(self.new)
        if self.path is None or self.new.keys() == self.old.keys():
            return
        cachefile.save(self.path, self.new)


_LAST_LOAD: dict[Path, tuple] = {}      # path -> what `Reused.load` keeps, last load
RECENT_NS = 1_000_000_000              # a file changed this recently is read again next time


def file_stamp(found: os.stat_result) -> tuple[int, int, int, int, int]:
    """What says a file is unchanged since it was last seen: its device, inode, size, and
    modification and change times (ns). The change time is set by the system on every write
    and cannot be set back, so a file put back with its old size and time still differs."""
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


class Reused:
    """A page file not changed since the last load in this process (`coprod serve`) is not
    read again: same device inode, size, modification and change times, read limits,
    topics and audiences. Its resource, findings and front matter entry are taken as they
    were. A file changed less than a second before it was read is always read again: a
    second change within the file system's clock tick would keep its times (as Git's
    "racily clean" entries)."""

    def __init__(self, read: FrontMatterCache, context: tuple):
        self.read, self.context = read, context
        self.kept: dict[Path, tuple] = {}

    def load(self, path: Path, diagnostics: list, load) -> object:
        """`load(path, its lstat or the error, diagnostics)` unless the file is unchanged."""
        try:
            found = os.lstat(path)
            stamp = (*file_stamp(found), self.context)
        except OSError as error:
            found, stamp = error, None
        last = _LAST_LOAD.get(path)
        if stamp is not None and last is not None and last[0] == stamp:
            _, resource, findings, front_matter = last
            self.read.keep(front_matter)
            diagnostics.extend(findings)
        else:
            start, self.read.last_key = len(diagnostics), None
            resource = load(path, found, diagnostics)
            findings, front_matter = tuple(diagnostics[start:]), self.read.last_key
            if stamp is None or time.time_ns() - max(found.st_mtime_ns, found.st_ctime_ns) \
                    < RECENT_NS:
                return resource
        self.kept[path] = (stamp, resource, findings, front_matter)
        return resource

    def save(self, again: bool) -> None:
        _LAST_LOAD.clear()
        if again:
            _LAST_LOAD.update(self.kept)
