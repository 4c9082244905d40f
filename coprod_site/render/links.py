"""The render stage's part of a body: links resolved against the site, ids kept clear of the
theme's, and the first use of each glossary term linked.

The parse stage marks every link and image it recorded with `data-cp="N"`, N being its index
in the outline; here each marked tag gets its address from `url_for(link)`, or becomes plain
text (a link) or loses its `src` (an image) when `url_for` returns None. Only addresses we
compute are written into the HTML, after it was sanitised.
"""

from __future__ import annotations

import html as htmlcodec
import re
from typing import Callable

from coprod_site.render.outline import Document, Link
from coprod_site.urls import AMP_SUBSTITUTE

MARKED = re.compile(r'<(a|img)\b([^>]*?) data-cp="(\d+)"([^>]*)>')
ADDRESS = re.compile(r'\s(href|src)="[^"]*"')
ID = re.compile(r' id="([^"]*)"')
THEME_ID_SUFFIX = "-section"


def written_address(href: str) -> str:
    """An href from the outline as the address to write: Python-Markdown hides an e-mail
    autolink (`<sam@example.org>`) in character references behind its own placeholder for
    `&`, which only its last step turns back."""
    if AMP_SUBSTITUTE not in href:
        return href
    return htmlcodec.unescape(href.replace(AMP_SUBSTITUTE, "&"))


def clear_id(anchor: str, reserved: frozenset[str]) -> str:
    """A heading id as the page has it: one the theme uses (`main`) gets `-section`."""
    return anchor + THEME_ID_SUFFIX if anchor in reserved else anchor


def resolve_links(doc: Document, url_for: Callable[[Link], str | None],
                  reserved: frozenset[str] = frozenset()) -> str:
    """The body HTML with every marked link resolved and every reserved id renamed."""
    out, pos, pending = [], 0, False         # pending: a link became a span, not yet closed
    source = doc.html
    for match in MARKED.finditer(source):
        tag, before, index, after = match.group(1), match.group(2), int(match.group(3)), match.group(4)
        text, pending = _close(source[pos:match.start()], pending)
        out.append(text)
        attrs = before + after
        link = doc.links[index] if index < len(doc.links) else None
        url = url_for(link) if link is not None else None
        if url is None and tag == "a":
            out.append("<span>")
            pending = True
        else:
            attrs = ADDRESS.sub("", attrs) if url is None else ADDRESS.sub(
                lambda m: f' {m.group(1)}="{htmlcodec.escape(url)}"', attrs)
            out.append(f"<{tag}{attrs}>")
        pos = match.end()
    out.append(_close(source[pos:], pending)[0])
    body = "".join(out)
    if reserved:
        body = ID.sub(lambda m: f' id="{htmlcodec.escape(clear_id(htmlcodec.unescape(m.group(1)), reserved))}"', body)
    return body


def _close(text: str, pending: bool) -> tuple[str, bool]:
    """`text` with its first `</a>` closing the span a link became; and whether one is still
    open (an image inside a link comes between the two)."""
    if pending and "</a>" in text:
        return text.replace("</a>", "</span>", 1), False
    return text, pending
