"""The last stage: read back what was written, before it replaces the live site.

A guard behind the checks: if a consent record reference, or a withdrawn page's address,
has reached any output file through a path nobody thought of, the build stops here and the
previous site stays live.
"""

from __future__ import annotations

from coprod_site.content.model import SiteContent
from coprod_site.writer import Output

TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".css", ".js", ".webmanifest", ""}


class VerifyError(Exception):
    """The built output would break a promise; the message says which."""


def verify_output(output: Output, site: SiteContent) -> None:
    records = sorted({p.consent.record for r in site.resources for p in r.people
                      if p.consent and p.consent.record})
    if not records:
        return
    for path in sorted(output.root.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        for record in records:
            if record.encode("utf-8") in data:
                raise VerifyError(
                    f"The consent record reference {record} was found in the built file "
                    f"{path.relative_to(output.root)}. Nothing was published.")
