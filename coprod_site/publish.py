"""The stages after the checks: render, write, search index, verify, and the swap.

Everything is written into a temporary folder; the live output is replaced only when the
search index is built and the verify stage has read every byte back (see `writer`).
"""

from __future__ import annotations

from coprod_site.site import render_site
from coprod_site.site.output import write_site
from coprod_site.site.search import index_search
from coprod_site.verify import verify_output


def publish(config, result, options) -> list[str]:
    """Render, write, index, verify and swap into place; returns the files written."""
    out = options.out or config.root / config.output
    files, media, theme = render_site(config, result.site, result.index, result.plan, options)
    output = write_site(config, files, media, theme, out)         # into a temporary folder
    try:
        index_search(output.root)
        verify_output(output, result.site, result.plan)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return output.written
