"""The last word on a page body's HTML: only what our Markdown makes reaches a reader.

The CP107 check tells a contributor about raw HTML and unsafe links at the line to fix. This
is the safety net behind it: whatever a rule forgot, or a site turned off, the body HTML is
cleaned by nh3 (the Ammonia sanitiser, a well-kept parser-based library) against an allow
list of the tags and attributes Python-Markdown and our extensions produce. Scripts, styles,
event handlers, comments and `javascript:` / `data:` addresses cannot survive it.
"""

from __future__ import annotations

import re

import nh3

from coprod_site.render import callouts, code, github

# What Python-Markdown (tables, footnotes, def_list, toc, attr_list, fenced_code) produces,
# plus the raw tags content may use (checks.md: br, abbr, details, summary, kbd, sub, sup),
# plus `span`, which a link to a withdrawn page becomes, the parse stage's `data-cp` link
# markers, which the render stage replaces (render.links), and the classes of highlighted
# code (code.py) and callouts (callouts.py), and GitHub's strikethrough and task states
# (github.py).
TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "blockquote", "pre", "code",
    "em", "strong", "hr", "br", "sup", "sub", "div", "span", "abbr", "details", "summary", "kbd",
    "del", "cite",
}
ATTRIBUTES = {
    "*": {"id", "lang", "dir"},
    "a": {"href", "title", "data-cp"},
    "img": {"src", "alt", "title", "width", "height", "data-cp"},
    "abbr": {"title"},
    "details": {"open"},
    "ol": {"start"},
    "div": {"aria-labelledby"},
}
ATTRIBUTE_VALUES = {"div": {"role": {"note"}}}
CLASSES = {
    "a": {"footnote-ref", "footnote-backref", "term"},
    "div": {"footnote", "toc", "codehilite", *callouts.CLASSES},
    "p": {callouts.TITLE_CLASS},
    "span": code.TOKEN_CLASSES | {github.STATE_CLASS},
    "code": code.LANGUAGE_CLASSES,
    "th": {"align-left", "align-center", "align-right"},
    "td": {"align-left", "align-center", "align-right"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with everything inside them, so no script text is left on the page either.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object",
                        "svg", "math", "textarea", "select", "title"}

# The tables extension aligns cells with style="text-align: ..."; inline styles are not
# allowed (and a Content-Security-Policy without 'unsafe-inline' would block them), so the
# alignment becomes a class the theme styles.
_ALIGN = re.compile(r'<(th|td) style="text-align: (left|center|right);">')

_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    allowed_classes=CLASSES, url_schemes=SCHEMES, strip_comments=True, link_rel=None)


def clean_html(html: str) -> str:
    """The body HTML with everything outside the allow list removed."""
    return _CLEANER.clean(_ALIGN.sub(r'<\1 class="align-\2">', html))
