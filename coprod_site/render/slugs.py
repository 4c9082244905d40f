"""Heading ids as GitHub makes them, so a link that works on GitHub works on the site.

The rules are github-slugger's (the library GitHub's own ids are tested against), as
content.md spells them out: the heading text in lowercase; every character removed that is
other punctuation, a symbol, a separator, a control, format or private-use character, or a
number that is not a digit or a letter-number (Unicode general categories No, P* but `_`
(connector) and `-`, S*, Z* but the space, C*), unless it is alphabetic; then each space
becomes a hyphen. A repeated id gets `-1`, `-2`, … ("echo", "echo-1", and "echo 1" after
them is "echo-1-1"). github-slugger reads Unicode 13 tables and Python its own, newer ones:
they differ only on characters assigned since.
"""

from __future__ import annotations

import unicodedata

REMOVED = ("No", "Pe", "Pf", "Pi", "Ps", "Po", "Pd", "Sc", "Sk", "Sm", "So",
           "Cc", "Co", "Cf", "Cn", "Zl", "Zp", "Zs")
# Symbols that are also alphabetic (circled and squared Latin letters): kept, as letters are.
ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169),
                      (0x1F170, 0x1F189))


def _kept(char: str) -> bool:
    if char in " -":
        return True
    if unicodedata.category(char) not in REMOVED:
        return True
    return any(low <= ord(char) <= high for low, high in ALPHABETIC_SYMBOLS)


def slug(text: str) -> str:
    """One heading's id, before repeats are numbered: "Terms & conditions" ->
    "terms--conditions", "Performing a sauté" -> "performing-a-sauté"."""
    return "".join(c for c in text.lower() if _kept(c)).replace(" ", "-")


class Slugger:
    """Ids for the headings of one page, in order: a repeat gets `-1`, `-2`, …

    Called as Python-Markdown's `toc` `slugify(text, separator)`; `reset()` starts a page.
    """

    def __init__(self):
        self.occurrences: dict[str, int] = {}

    def reset(self) -> None:
        self.occurrences = {}

    def __call__(self, text: str, separator: str = "-") -> str:
        result = original = slug(text)
        while result in self.occurrences:
            self.occurrences[original] += 1
            result = f"{original}-{self.occurrences[original]}"
        self.occurrences[result] = 0
        return result
