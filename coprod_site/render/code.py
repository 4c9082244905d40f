"""Fenced code with a language, highlighted by Pygments as CSS classes.

Python-Markdown's codehilite extension runs Pygments over each fenced block. The formatter
here writes tokens as `<span class="k">` (the theme colours them, light and dark) and keeps
the language as a class on `<code>` (`language-python`). No inline style is written: the
site's Content-Security-Policy forbids them. `TOKEN_CLASSES` and `LANGUAGE_CLASSES` are all
the classes it can write, for the sanitiser's allow list.
"""

from __future__ import annotations

from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers
from pygments.token import STANDARD_TYPES

PLAIN = "language-text"       # what codehilite calls a block with no language
TOKEN_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)
LANGUAGE_CLASSES = frozenset(f"language-{alias}" for _, aliases, _, _ in get_all_lexers()
                             for alias in aliases) - {PLAIN}


class CodeFormatter(HtmlFormatter):
    """Pygments' HTML with `<code class="language-x">` inside `<pre>`; no class for plain
    text or a language Pygments does not know."""

    def __init__(self, lang_str: str = "", **options):
        super().__init__(**options)
        self.lang_str = lang_str

    def _wrap_code(self, inner):
        known = self.lang_str in LANGUAGE_CLASSES
        yield 0, f'<code class="{self.lang_str}">' if known else "<code>"
        yield from inner
        yield 0, "</code>"


CODEHILITE = {"css_class": "codehilite", "guess_lang": False, "noclasses": False,
              "pygments_formatter": CodeFormatter}
