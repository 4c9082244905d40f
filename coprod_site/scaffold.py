"""`coprod new`: a new content file with its front matter filled in for its kind.

New files start as drafts, so a half-written page is never published by accident. A case
study's file name leaves out words that look like names (a word ending in 's, or a capital
letter after the first word): its address is copied into feeds, sitemaps and search engines,
and outlives consent (content.md, "Consent across the hub"). The keys
written for a kind, and what each starts with, come from the field table (`schema.new_keys`):
the title given, a field's `new` text, today for a date, the site's first term for terms.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from coprod_site.config import SiteConfig
from coprod_site.content.contract import _slugify
from coprod_site.content.model import Kind
from coprod_site.content.schema import FIELD, Field, new_keys


# What a new file says until its writer replaces it; CP109 (checks.placeholders) reports
# either left in a page that is not a draft.
PLACEHOLDER_SUMMARY = FIELD["summary"].new
PLACEHOLDER_BODY = "Write the first paragraph here. Keep sentences short."


class ScaffoldError(Exception):
    pass


def _quote(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1000).strip()


def new_file(config: SiteConfig, kind_name: str, title: str, today: date) -> Path:
    from coprod_site.commands.common import UsageError
    kind = Kind(kind_name)
    title = " ".join(title.split())
    slug = _slugify(title)
    if kind is Kind.CASE_STUDY and names_left_out(title):
        slug = _slugify(" ".join(w for w in _kept(title))) or f"case-study-{today.isoformat()}"
    if not title or not slug:
        raise UsageError("the title needs at least one letter or number")
    limit = FIELD["title"].limit
    if len(title) > limit:
        raise UsageError(f"the title has {len(title)} characters; the most allowed is {limit}")
    path = config.content_dir / kind.folder / f"{slug}.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(config.root).as_posix()} already exists; "
                         "choose another title or edit that file")
    lines = ["---", *(f"{field.name}: {_start(field, title, config, today)}"
                      for field in new_keys(kind)), "---", "", PLACEHOLDER_BODY, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def _looks_like_a_name(word: str, first: bool) -> bool:
    bare = word.strip(".,:;!?\"()[]")
    return bool(re.search(r"['’]s$", bare)) or (not first and bare[:1].isupper())


def _kept(title: str) -> list[str]:
    words = [w for i, w in enumerate(title.split()) if not _looks_like_a_name(w, i == 0)]
    while words and words[-1].lower() in SMALL_WORDS:
        words.pop()
    while words and words[0].lower() in SMALL_WORDS:
        words.pop(0)
    return words


def names_left_out(title: str) -> list[str]:
    """The words of a case study's title its file name leaves out, as they look like names."""
    return [w.strip(".,:;!?\"()[]") for i, w in enumerate(title.split())
            if _looks_like_a_name(w, i == 0)]


def _start(field: Field, title: str, config: SiteConfig, today: date) -> str:
    """What a new file gives `field`, as YAML."""
    if field.name == "title":
        return _quote(title)
    if field.type == "date":
        return today.isoformat()
    if field.type == "terms":
        return f"[{_first_term(config, field.name)}]"
    return field.new if field.type == "choice" else _quote(field.new)


def _first_term(config: SiteConfig, key: str) -> str:
    path = config.content_dir / "_data" / f"{key}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return next(iter(data))
    except (OSError, yaml.YAMLError, StopIteration, TypeError, UnicodeDecodeError):
        return f"choose-a-{FIELD[key].item}"
