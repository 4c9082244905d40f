"""Where a setting is written in a TOML file, for messages: `tomllib` gives values, not lines.

A light reading of the usual layout: table headers (`[tool.coprod.kinds.guide]`, and
`[[tool.coprod.redirects]]`, numbered from 0) and `key = value` lines, dotted and quoted keys
included. Lines inside a multi-line string or array are not told apart, which only matters when
one looks like `key = value`.
"""

from __future__ import annotations

import re

_PART = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]")
_KEY = re.compile(rf"^(\s*)({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(rf"{_PART}", dotted))


def places(text: str) -> dict[tuple, tuple[int, int]]:
    """(line, column) of every table and key in `text`, by its full path of keys."""
    found: dict[tuple, tuple[int, int]] = {}
    table: tuple = ()
    arrays: dict[tuple, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        header = _HEADER.match(line)
        if header:
            table = _parts(header[2])
            if header[1] == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                table = (*table, arrays[table])
            found.setdefault(table, (number, header.start(1) + 1))
            continue
        key = _KEY.match(line)
        if key:
            parts = _parts(key[2])
            for end in range(1, len(parts) + 1):        # a.b = 1 also writes the table a
                found.setdefault((*table, *parts[:end]), (number, len(key[1]) + 1))
    return found


def position(text: str, path: tuple) -> tuple[int, int]:
    """(line, column) of the setting at `path`, or of the nearest table or key above it that
    is written in `text`; (1, 1) when none is."""
    found = places(text)
    path = tuple(path)
    while path:
        if path in found:
            return found[path]
        path = path[:-1]
    return 1, 1
