"""Addresses: how an href is read, where a relative path leads, and the site's own URLs.

One module for every URL rule, so the checks, the render stage, the feeds and `coprod
linkcheck` agree on them.
"""

from __future__ import annotations

import html as htmlcodec
import re
from posixpath import normpath
from urllib.parse import urljoin

AMP_SUBSTITUTE = "\x02amp\x03"   # Python-Markdown's stand-in for & (markdown.util's), kept
                                  # here: this module is read where Markdown is not
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
URL_NOISE = re.compile(r"[\t\n\r]")
PLAIN_PATH = re.compile(r"(?:[\w~%-][\w~%.-]*/)*(?:[\w~%-][\w~%.-]*)?")  # no . or .. parts
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def resolve_path(page_rel: str, href: str) -> tuple[str, str] | None:
    """A relative href written in `page_rel`, as a site-root path and fragment; None if it
    climbs out of `content/`."""
    path, _, fragment = href.partition("#")
    base = page_rel.rsplit("/", 1)[0]
    joined = normpath(f"{base}/{path}")
    if not joined.startswith("content/") or "/../" in f"/{joined}/":
        return None
    return joined, fragment


def as_browser_reads(href: str) -> str:
    """An href as a browser will follow it: character references decoded, tabs and newlines
    dropped, leading and trailing control characters and spaces trimmed. So
    `java&#x09;script:` is seen for the `javascript:` it is."""
    href = href.replace(AMP_SUBSTITUTE, "&")
    return URL_NOISE.sub("", htmlcodec.unescape(href)).strip(C0_AND_SPACE)


def classify(href: str) -> str:
    """What sort of target an href is, before looking anything up."""
    href = as_browser_reads(href)
    scheme = SCHEME.match(href)
    if scheme:
        return "external" if scheme.group(1).lower() in ("http", "https", "mailto", "tel") \
            else "unsafe"
    if href.startswith("//"):
        return "external"
    if href.startswith("#"):
        return "anchor"
    if href.startswith("/"):
        return "site"
    return "relative"


def target_of(page_rel: str, href: str) -> tuple[str, str | None, str]:
    """(kind, target, fragment) of an href written in `page_rel`, without looking anything up."""
    kind = classify(href)
    if kind != "relative":
        fragment = href.partition("#")[2] if kind == "anchor" else ""
        return kind, None, fragment
    found = resolve_path(page_rel, href)
    if found is None:
        return "missing", None, ""
    path, fragment = found
    if path.endswith(".md"):
        return "page", path, fragment
    if path.startswith("content/media/"):
        return "media", path, fragment
    return "file", path, fragment


def media_url(path: str) -> str:
    """`content/media/x.jpg` -> `/media/x.jpg`."""
    return "/" + path.removeprefix("content/")


def page_path(base: str, number: int) -> str:
    """`/guides/` for page 1 of a listing, `/guides/page/2/` after it."""
    return base + (f"page/{number}/" if number > 1 else "")


def absolute(base_url: str, path: str) -> str:
    """A site path as a full address on the site at `base_url`: the same as `urljoin`, which
    the plain paths of the site's own pages skip (a tenth of a rebuild of 5,000 pages)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    relative = path.lstrip("/")
    if PLAIN_PATH.fullmatch(relative) and "?" not in base and "#" not in base:
        return base + relative
    return urljoin(base, relative)
