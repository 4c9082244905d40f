"""The last stage: read back what was written, before it replaces the live site.

A guard behind the checks: if a consent record reference, or a withdrawn page's address,
has reached any output file through a path nobody thought of, the build stops here and the
previous site stays live. The search index is read too: Pagefind compresses its files, so
they are decompressed before they are searched.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from coprod_site.content.model import SiteContent
from coprod_site.writer import Output

TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".css", ".js", ".webmanifest", ""}
REDIRECTS = "_redirects"        # the one file that must name withdrawn pages (410 Gone)


class VerifyError(Exception):
    """The built output would break a promise; the message says which."""


def readable_bytes(path: Path) -> bytes | None:
    """A file's bytes as a search would see them (Pagefind's gzip files decompressed);
    None for binary files such as images."""
    if path.suffix.startswith(".pf_"):
        data = path.read_bytes()
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    if path.suffix in TEXT_SUFFIXES:
        return path.read_bytes()
    return None


def verify_output(output: Output, site: SiteContent, plan=None) -> None:
    records = sorted({p.consent.record for r in site.resources for p in r.people
                      if p.consent and p.consent.record})
    withdrawn = sorted(r.url for r, _ in plan.withdrawn.values()) if plan else []
    if not records and not withdrawn:
        return
    for path in sorted(output.root.rglob("*")):
        if not path.is_file():
            continue
        data = readable_bytes(path)
        if data is None:
            continue
        name = path.relative_to(output.root).as_posix()
        for record in records:
            if record.encode("utf-8") in data:
                raise VerifyError(
                    f"The consent record reference {record} was found in the built file "
                    f"{name}. Nothing was published.")
        if name == REDIRECTS:
            continue
        for url in withdrawn:
            if url.encode("utf-8") in data:
                raise VerifyError(
                    f"The address {url} of a withdrawn page was found in the built file "
                    f"{name}. Nothing was published. Remove any link to that page.")
