"""The search index: Pagefind, run over the finished pages in the temporary output folder.

Pagefind reads only the part of each page marked `data-pagefind-body` (a resource or content
page; never listings, drafts or navigation), less the labels marked `data-pagefind-ignore` and
table headers, so an excerpt is the page's own words; it keeps the `data-pagefind-filter`
values (kind, topic) and `data-pagefind-meta` (kind, topics) that a result shows. Withdrawn pages are never rendered, so they can never be indexed. It runs before the
output is swapped into place, so a failed index leaves the live site as it was. The index is
written to `/pagefind/` and is loaded only by the search page's script.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TIMEOUT_SECONDS = 300


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


def index_search(site_root: Path) -> None:
    """Write the Pagefind index for the site in `site_root` into `site_root/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_root), "--silent",
               "--exclude-selectors", "th"]   # table headers are labels, not text to search
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"The search index could not be built ({error}). "
                               "Nothing was published.") from None
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split())[-400:]
        if "No module named pagefind" in detail:
            detail = "Pagefind is not installed. Run: pip install 'pagefind[bin]'"
        raise SearchIndexError(f"The search index could not be built: {detail}. "
                               "Nothing was published.")
    if not (site_root / "pagefind" / "pagefind.js").is_file():
        raise SearchIndexError("Pagefind ran but wrote no search index. Nothing was published.")
