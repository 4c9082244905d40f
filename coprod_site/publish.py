"""The stages after the checks: render, write, search index, verify, and the swap.

Everything is written into a temporary folder; the live output is replaced only when the
search index is built and the verify stage has read every byte back (see `writer`).
"""

from __future__ import annotations

from coprod_site.site import render_site
from coprod_site.site.output import write_site
from coprod_site.parse import CACHE_FOLDER
from coprod_site.site.search import SearchIndexer
from coprod_site.verify import verify_output


def publish(config, result, options) -> list[str]:
    """Render, write, index, verify and swap into place; returns the files written."""
    out = options.out or config.root / config.output
    files, media, theme = render_site(config, result.site, result.index, result.plan, options)
    search = SearchIndexer(files, config.root / CACHE_FOLDER if options.cache else None)
    output = write_site(config, files, media, theme, out)         # into a temporary folder
    try:
        search.finish(output.root / "pagefind")                    # indexed while writing
        verify_output(output, result.site, result.plan)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return output.written
