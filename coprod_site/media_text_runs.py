"""Printable text in any bytes, as `strings` finds it, for `media_text`: the catch-all that
finds a name in a part of a file no decoder reads."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

DAMAGED = (ValueError, IndexError, KeyError, struct.error, zlib.error, ET.ParseError,
           RecursionError, OverflowError, MemoryError)
CHUNK = 1 << 20                          # bytes decoded at a time
UTF8_RUN = re.compile(r"[^\x00-\x08\x0a-\x1f\x7f-\x9f\ufffd]{6,}")
UTF16LE_RUN = re.compile(rb"\x00(?:[\x20-\x7e\xa0-\xff]\x00){5,}")      # after its 1st letter
UTF16BE_RUN = re.compile(rb"\x00[\x20-\x7e\xa0-\xff](?:\x00[\x20-\x7e\xa0-\xff]){5,}")
LATIN1_LETTER = re.compile(rb"[\x20-\x7e\xa0-\xff]")


def printable_runs(data: bytes):
    """Runs of at least 6 printable characters, most of them letters or spaces (`texty`):
    UTF-8 (ASCII among it), then UTF-16LE and UTF-16BE (letters up to U+00FF). Regular
    expressions on the bytes, a megabyte at a time: about 3 seconds for 100 MB of compressed
    video. Shorter or less word-like runs are left out: in compressed audio and video they
    are chance bytes, where a short name ("Sam") would turn up by chance about once in 100 MB;
    a name in a tag we cannot read sits among words ("Interview with Sam Okafor")."""
    return (run for run in _runs(data) if texty(run))


def texty(run: str) -> bool:
    return sum(c.isalpha() or c == " " for c in run) >= 0.7 * len(run)


def _runs(data: bytes):
    start = 0
    while start < len(data):
        end = min(len(data), start + CHUNK)
        if end < len(data):                                     # cut at a control byte
            cut = max(data.rfind(b"\x00", end - 4096, end), data.rfind(b"\n", end - 4096, end))
            end = cut + 1 if cut > start else end
        yield from UTF8_RUN.findall(data[start:end].decode("utf-8", "replace"))
        start = end
    for found in UTF16LE_RUN.finditer(data):
        first = data[found.start() - 1:found.start()]
        if LATIN1_LETTER.fullmatch(first):
            yield (first + found.group()).decode("utf-16-le", "replace")
    for found in UTF16BE_RUN.finditer(data):
        yield found.group().decode("utf-16-be", "replace")


def guarded(pieces):
    """The pieces a decoder yields, up to the damaged data where it stops."""
    try:
        yield from pieces
    except DAMAGED:
        return
