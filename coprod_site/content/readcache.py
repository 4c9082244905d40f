"""Front matter read once: each file's `frontmatter.split` result kept by (file, size limit,
SHA-256 of the text), in `.coprod-cache/front-matter.pickle` and, within one process (`coprod
serve`), in memory. Reading YAML is most of the load stage's time; a file whose text is the same
gives the same result, and nothing changes a `FrontMatter` once read. A cache that cannot be
read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
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

    def split(self, text: str, rel: str, max_bytes: int):
        key = (rel, max_bytes, hashlib.sha256(text.encode("utf-8")).hexdigest())
        found = self.old.get(key) or split(text, rel, max_bytes)
        self.new[key] = found
        return found

    def save(self) -> None:
        _LAST.clear()
        _LAST.update(self.new)
        if self.path is None or self.new.keys() == self.old.keys():
            return
        cachefile.save(self.path, self.new)
