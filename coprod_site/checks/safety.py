"""CP107 and CP108: content that could harm readers, or the people in the stories.

Content comes from many hands, some through a web editor, and the site is public. These
rules tell a contributor, at the line to fix, about:
- raw HTML outside the short safe list in checks.md, and attributes that run code or restyle
  the page (written as HTML, or through Markdown's `{: ...}` attribute lists);
- links and images to `javascript:`, `vbscript:` or `data:` addresses, however disguised;
- invisible or control characters that can break the page, hide a name from the consent
  checks, or make text display backwards;
- media files that are links out of `content/`, too big, of a type not allowed, not what
  their name says, unreadable, or SVGs with scripts or references to other sites.

The body HTML is also sanitised when it is rendered (`render.sanitise`), so a case these
rules miss still cannot reach a reader; the rules are here so contributors hear about it.
Raw HTML is read from what Python-Markdown passed through to the page (`Document.raw_html`),
so the check sees exactly what a reader gets; attribute lists from the attributes Python-
Markdown set on the parsed elements (`Document.attributes`), so `{: ...}` inside code, which
Markdown leaves as text, is never reported.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path


from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.urls import SCHEME, as_browser_reads
from coprod_site.site import media as media_files

SAFE_TAGS = {"br", "abbr", "details", "summary", "kbd", "sub", "sup", "cite"}
SAFE_ATTRIBUTES = {"title", "lang", "dir"}
SAFE_TAG_ATTRIBUTES = {"details": {"open"}}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
ASK = "Remove it; if you need something special on the page, ask a maintainer."
MAX_LISTED = 50                  # problems listed one by one in one file, before a count

WHY_TAG = {
    "script": "it could run code in a reader's browser",
    "style": "it could change or hide parts of the page", "link": "it could change or hide parts "
    "of the page", "iframe": "it could put another website inside this page",
    "frame": "it could put another website inside this page", "object": "it could put another "
    "website or program inside this page", "embed": "it could put another website or program "
    "inside this page", "form": "it could collect what readers type and send it somewhere",
    "input": "it could collect what readers type and send it somewhere",
    "button": "it could collect what readers type and send it somewhere",
    "textarea": "it could collect what readers type and send it somewhere",
    "meta": "it could send readers to another website", "base": "it could send readers to "
    "another website", "svg": "it could run code in a reader's browser",
    "math": "it could run code in a reader's browser",
}
INSTEAD = {
    "img": "Use Markdown for pictures instead: ![what the picture shows](../media/file.jpg)",
    "a": "Use Markdown for links instead: [link text](https://example.org/page)",
    "video": "Put the file in content/media/ and link to it: [Watch the video](../media/file.mp4)",
    "audio": "Put the file in content/media/ and link to it: [Listen](../media/file.mp3)",
}


# Characters that are never wanted in text a reader sees. Zero-width joiners (used in emoji
# and many scripts), direction marks and embeddings (used in right-to-left writing) are fine.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060-\u2064\ufeff"
                    "\u202d\u202e\ufff9-\ufffb]")


# -- the rules -------------------------------------------------------------------------

def unsafe_content(resource: Resource, ctx: CheckContext):
    """Raw HTML, attribute lists, unsafe links and hidden characters in one page."""
    found = [*_hidden_in_front_matter(resource), *_raw_html(resource),
             *(_unsafe_link(resource, link.href, link.image, link.line, link.column)
               for link in resource.doc.links if link.kind == "unsafe"),
             *_attribute_lists(resource), *_hidden_in_body(resource)]
    seen: dict = {}                  # one report per problem and line, however it was found
    for d in found:
        seen.setdefault((d.line, d.message), d)
    listed = sorted(seen.values(), key=lambda d: (d.line, d.column))
    yield from listed[:MAX_LISTED]
    if len(listed) > MAX_LISTED:
        rest = listed[MAX_LISTED]
        yield diagnostic("CP107", resource.rel, rest.line, rest.column,
                         f"There are {len(listed) - MAX_LISTED} more problems like the ones "
                         "above from here on in this file; they are not listed one by one.",
                         "Fix the ones above, then check the file again. If the text was "
                         "pasted in from somewhere else, check it.")


def unsafe_media(resource: Resource, ctx: CheckContext):
    """Every media file the page uses: in the body, and in front matter `media`. A file that
    is not there is CP601's, not reported twice."""
    used: list[tuple[str, int, int]] = [
        (link.target, link.line, link.column) for link in resource.doc.links
        if link.kind == "media" and ctx.index.exists(link.target, ctx.site.media_files)]
    for index, item in enumerate(resource.media):
        rel = "content/" + item.file.removeprefix("content/")
        if item.file.removeprefix("content/") in ctx.site.media_files:
            line = resource.key_lines.get(f"media.{index}.file", item.line)
            used.append((rel, line, _column_of(ctx, resource, line, "file:")))
    for rel, line, column in used:
        path = ctx.config.root / rel
        for problem in media_files.inspect(path, rel, ctx.config.content_dir,
                                           ctx.config.media_max_bytes):
            yield diagnostic(problem.code, resource.rel, line, column, problem.message,
                             problem.suggestion)


# -- raw HTML --------------------------------------------------------------------------

class _StartTags(HTMLParser):
    """Every start tag in a piece of HTML, as (offset in the text, the tag as written, its
    name, its attributes with character references decoded)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[tuple[int, str, str, list]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.tags.append((self.starts[line - 1] + column, self.get_starttag_text(), tag, attrs))

    handle_startendtag = handle_starttag

    def parse_marked_section(self, i, report=1):
        """`<![...` other than CDATA: the standard library asserts; a browser reads a bogus
        comment up to the next `>`, and so do we."""
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1


def _raw_html(resource: Resource):
    """Each start tag of the raw HTML that Markdown let through, at its place in the file."""
    for fragment in resource.doc.raw_html:
        for inside, text, name, attributes in _StartTags(fragment.text).tags:
            line, column = _position(resource, max(0, fragment.offset) + inside)
            written = as_browser_reads(text[1:-1])
            if SCHEME.match(written) and ":" in text.split()[0]:      # <javascript:...>
                if SCHEME.match(written).group(1).lower() not in SAFE_SCHEMES:
                    yield _unsafe_link(resource, written, False, line, column)
                continue
            yield from _tag_problems(resource, name, attributes, line, column)


def _tag_problems(resource: Resource, name: str, attributes, line: int, column: int):
    if name not in SAFE_TAGS:
        why = WHY_TAG.get(name, "only a few simple tags are allowed in content "
                          "(<br>, <abbr>, <cite>, <details>, <summary>, <kbd>, <sub> and <sup>)")
        yield diagnostic("CP107", resource.rel, line, column,
                         f"<{name}> is not allowed in content, because {why}.",
                         INSTEAD.get(name, ASK))
        return
    allowed = SAFE_ATTRIBUTES | SAFE_TAG_ATTRIBUTES.get(name, set())
    for attribute, _ in attributes:
        if attribute not in allowed:
            yield _attribute_problem(resource, attribute, f"<{name}>", line, column,
                                     ", ".join(sorted(allowed)))


def _attribute_problem(resource, attribute: str, where: str, line: int, column: int,
                       allowed: str):
    if attribute.startswith("on"):
        why = "it could run code in a reader's browser"
    elif attribute == "style":
        why = "it could change or hide parts of the page"
    else:
        why = f"only {allowed} are allowed there"
    return diagnostic("CP107", resource.rel, line, column,
                      f"The {attribute} attribute on {where} is not allowed in content, "
                      f"because {why}.", f"Remove {attribute}=\"...\" from it.")


def _attribute_lists(resource: Resource):
    """Markdown's `{: #id .class key=value}` can set any attribute: the parse stage records
    those that only a script or a style would use, as Python-Markdown applied them."""
    for found in resource.doc.attributes:
        if found.name in ("href", "src"):
            scheme = SCHEME.match(as_browser_reads(found.value))
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                yield _unsafe_link(resource, found.value, found.name == "src", found.line,
                                   found.column)
        else:
            yield _attribute_problem(resource, found.name, "{: ... }", found.line,
                                     found.column, "")


def _unsafe_link(resource: Resource, href: str, image: bool, line: int, column: int):
    written = as_browser_reads(href)
    scheme = written.split(":", 1)[0].lower()
    what = "image" if image else "link"
    if scheme == "data":
        message = (f"This {what} has a whole file written into its address (data:), which "
                   "could hide a page or script from readers and from the checks.")
        suggestion = ("Save the file in content/media/ and link to it there, like "
                      "![what it shows](../media/file.png)." if image else
                      "Link to a web page (https://...) or to a file in content/ instead.")
    else:
        message = (f"This {what} uses a {scheme}: address, which could run code in a "
                   "reader's browser.")
        suggestion = ("Link to a web page (https://...) or to another file in content/ "
                      "instead; if you need something special on the page, ask a maintainer.")
    return diagnostic("CP107", resource.rel, line, column, message, suggestion)


# -- hidden characters ----------------------------------------------------------------

def _hidden_message(char: str) -> tuple[str, str]:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "").lower()
    if char in "\u202d\u202e":
        return (f"There is a hidden character here ({name}, {code}) that makes the text after "
                "it display in a different order, so what readers see is not what the "
                "checks read.", "Delete it. To mix right-to-left and left-to-right writing, "
                "ask a maintainer.")
    if unicodedata.category(char) == "Cc":
        return (f"There is a hidden control character ({code}) here. It can break the page "
                "and the news feed.", "Delete it. It usually comes from copying text out "
                "of another program.")
    return (f"There is an invisible character here ({name}, {code}). It can hide a word, such "
            "as a person's name, from the checks, and confuse screen readers.",
            "Delete it: retype the words around it. It usually comes from copying text out "
            "of another program.")


def _hidden_in_body(resource: Resource):
    seen = set()
    for match in HIDDEN.finditer(resource.body):
        line, column = _position(resource, match.start())
        if (line, match.group()) in seen:
            continue
        seen.add((line, match.group()))
        message, suggestion = _hidden_message(match.group())
        yield diagnostic("CP107", resource.rel, line, column, message, suggestion)


def _hidden_in_front_matter(resource: Resource):
    fields = [("title", resource.title), ("summary", resource.summary)]
    fields += [(f"content_warnings.{i}", w) for i, w in enumerate(resource.content_warnings)]
    fields += [(f"co_producers.{i}", f"{c.name} {c.role}")
               for i, c in enumerate(resource.co_producers)]
    fields += [(f"sources.{i}", s.title) for i, s in enumerate(resource.sources)]
    fields += [(f"people.{i}.shown_as", p.shown_as) for i, p in enumerate(resource.people)]
    fields += [(f"media.{i}", f"{m.alt} {m.caption}") for i, m in enumerate(resource.media)]
    for key, value in fields:
        found = HIDDEN.search(value)
        if found:
            message, suggestion = _hidden_message(found.group())
            where = key.split(".")[0] if key.split(".")[0] in ("title", "summary") else key
            yield diagnostic("CP107", resource.rel, resource.line_of(key), 1,
                             f"In '{where}': {message[0].lower()}{message[1:]}", suggestion)


# -- positions -------------------------------------------------------------------------

def _position(resource: Resource, offset: int) -> tuple[int, int]:
    starts = _line_starts(resource.body)
    index = bisect.bisect_right(starts, offset) - 1
    return resource.body_line + index, offset - starts[index] + 1


@lru_cache(maxsize=8)
def _line_starts(body: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", body)]


def _column_of(ctx: CheckContext, resource: Resource, line: int, text: str) -> int:
    """Column of `text` on a front-matter line (front matter keeps lines, not columns)."""
    try:
        lines = Path(ctx.config.root / resource.rel).read_text(encoding="utf-8-sig").split("\n")
        return lines[line - 1].find(text) + 1 or 1
    except (OSError, UnicodeDecodeError, IndexError):
        return 1
