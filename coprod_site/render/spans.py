"""Where a block's text sits in its Markdown source: the span the parse stage gives each
outline block, from which every file line and column a contributor sees is worked out
(`outline.SourceMap`). The parser (`render.markdown`) hands over the block's text in runs as
written, with each piece of markup a reader does not see between them.
"""

from __future__ import annotations

import re
from typing import Callable

from coprod_site.render.outline import WORD, word_pattern

STASH = re.compile("\x02wzxhzdk:\\d+\x03")       # Python-Markdown's raw HTML placeholder
# What a block's source holds between the text before a piece of inline markup and the part
# of it no reader sees (a link's or image's address, code, raw HTML): see `block_span`.
BEFORE_HIDDEN = {
    "link": re.compile(r"[^\w\n]{0,8}\]\(\s*<?"),
    "image": re.compile(r"\W{0,8}!\[[^\]\n]*\]\(\s*<?"),
    "code": re.compile(r"[^\w\n]{0,8}`+\s*"),
    "html": re.compile(r"\W{0,8}"),
}
NEAR = 1000                        # characters: see `block_span`


def block_span(source: str, cursor: int, pieces: list, raw_html: Callable[[str], str],
               fold: bool = False) -> tuple[int, int]:
    """The span of source a block came from, from its first word at or after `cursor` (the
    end of the previous block) to its last word; `raw_html(placeholder)` is the raw HTML a
    stash placeholder in the text stands for ("" for one the reader sees as text).

    Markup makes the text shorter than its source, by any amount (a link's address,
    code, raw HTML), so the text's offsets say nothing about where a word is. Each run
    of text between two pieces of markup is written as it reads (the source only adds
    characters: line breaks, `>` and indents, escapes), so the runs are found in order,
    each from its first word and then its last word at least as far on as it is in the
    run; and the hidden part of a link, image, code or raw HTML just after the run
    before it is skipped, so its words are never taken for the next run's. A run after
    the first must start within `NEAR` characters of the one before (else its words are
    not the contributor's, such as a callout's "Warning:", and it is left out).
    `fold`: the first word may differ in case (a callout's title, `!!! warning`)."""
    pointer = cursor
    start, end = None, pointer
    for piece in pieces:
        if piece.__class__ is tuple:
            if start is not None and piece[1]:
                pointer = _skip(source, piece[0], piece[1], pointer)
            continue
        if "\x02" in piece:
            runs, stashed = STASH.split(piece), STASH.findall(piece)
        else:
            runs = (piece,)
        for index, run in enumerate(runs):
            if index and start is not None:           # raw HTML before this run
                item = raw_html(stashed[index - 1])
                if item:
                    pointer = _skip(source, "html", item, pointer)
            first = WORD.search(run)
            if first is None:
                continue
            if start is None:
                found = word_pattern(first.group(), re.IGNORECASE if fold else 0).search(
                    source, pointer)
            else:
                found = word_pattern(first.group()).search(source, pointer, pointer + NEAR)
            if found is None:
                continue
            at = found.start()
            if start is None:
                start = at
            last = _last_word(run, first)
            if last is not first:
                distance = last.start() - first.start()
                if run.find("  ", first.start(), last.start()) >= 0:   # tabs expanded
                    distance = len(" ".join(run[first.start():last.start()].split())) + 1
                found = word_pattern(last.group()).search(
                    source, at + distance, at + 2 * distance + NEAR)
                if found is None:
                    last = first
                else:
                    at = found.start()
            pointer = end = at + len(last.group())
    if start is None:
        start = end = cursor
    return start, end


def _last_word(run: str, first: re.Match) -> re.Match:
    """The first word of the last of a run's words between spaces that has one (at least
    as far on as the run's last word is, less its length): `first` if none is after it."""
    tail = run.rsplit(None, 1)[-1]
    found = WORD.search(tail)
    if found is not None:
        at = len(run.rstrip()) - len(tail) + found.start()
        return WORD.search(run, at) if at > first.start() else first
    stop = len(run)
    while stop > first.start():
        at = run.rfind(" ", 0, stop) + 1
        if "\n" in run[at:stop]:
            at = run.rfind("\n", at, stop) + 1
        found = WORD.search(run, at, stop)
        if found is not None:
            return found if found.start() > first.start() else first
        stop = at - 1
    return first


def _skip(source: str, kind: str, hidden: str, pointer: int) -> int:
    """Past `hidden` (what a link, image, code or raw HTML hides from the reader) when
    the source holds it right at `pointer`; else `pointer`."""
    found = source.find(hidden, pointer, pointer + len(hidden) + 200)
    if found >= 0 and BEFORE_HIDDEN[kind].fullmatch(source, pointer, found):
        return found + len(hidden)
    return pointer
