"""Turning a check off: for a line, a block, or a page (checks.md, "Turning a check off").

Content (CP1xx) and consent (CP2xx) rules cannot be turned off this way.
"""

from __future__ import annotations

import re

from coprod_site.content.model import Resource
from coprod_site.diagnostics import Diagnostic

COMMENT = re.compile(r"<!--\s*coprod-ignore(-start|-end)?\s*((?:CP\d{3}[\s,]*)*)\s*-->")
CODE = re.compile(r"CP\d{3}")


def protected(code: str) -> bool:
    return code.startswith(("CP1", "CP2"))


def ignored_lines(resource: Resource) -> dict[int, set[str]]:
    """File line -> codes turned off on that line by comments in the body."""
    lines = resource.body.split("\n")
    result: dict[int, set[str]] = {}
    open_codes: set[str] = set()
    pending: set[str] = set()
    pending_from = 0
    for index, text in enumerate(lines):
        number = resource.body_line + index
        if open_codes:
            result.setdefault(number, set()).update(open_codes)
        if pending:
            if not text.strip() and number > pending_from:
                pending = set()
            else:
                result.setdefault(number, set()).update(pending)
        for match in COMMENT.finditer(text):
            codes = set(CODE.findall(match.group(2)))
            if match.group(1) == "-start":
                open_codes |= codes
            elif match.group(1) == "-end":
                open_codes = open_codes - codes if codes else set()
            else:
                pending, pending_from = codes, number + 1
    return result


def make_filter(resources: list[Resource]):
    """A predicate: is this diagnostic turned off by its page?"""
    by_rel = {r.rel: r for r in resources}
    lines = {r.rel: ignored_lines(r) for r in resources if "coprod-ignore" in r.body}

    def is_ignored(d: Diagnostic) -> bool:
        if protected(d.code):
            return False
        resource = by_rel.get(d.file)
        if resource is None:
            return False
        return d.code in resource.ignore or d.code in lines.get(d.file, {}).get(d.line, ())

    return is_ignored
