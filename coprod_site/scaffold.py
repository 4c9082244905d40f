"""`coprod new`: a new content file with its front matter filled in for its kind.

New files start as drafts, so a half-written page is never published by accident. A file name
(its slug, the page's address) is copied into feeds, sitemaps and search engines, and outlives
consent (content.md, "Consent across the hub"), so `new` never suggests one that CP209 would
find a name in: it leaves out every word of a name the hub declares (`people.Register.in_slug`)
and, in a case study, words that look like names (a word ending in 's, or a capital letter after
the first word, unless the whole title is in capitals). A case study's first word may be a name
nobody has declared yet ("Priya"): `new` keeps it and says how to change the file name. `--slug`
chooses the file name; a page may not take the address of a page the hub makes itself. The keys
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
from coprod_site.content.loader import RESERVED_SLUGS
from coprod_site.content.model import Kind
from coprod_site.content.schema import FIELD, SLUG, Field, new_keys
from coprod_site.people import (DESCRIPTION_WORDS, Register, everyday_words, name_register,
                                plain_words)


# What a new file says until its writer replaces it; CP109 (checks.placeholders) reports
# either left in a page that is not a draft.
PLACEHOLDER_SUMMARY = FIELD["summary"].new
PLACEHOLDER_BODY = "Write the first paragraph here. Keep sentences short."


class ScaffoldError(Exception):
    pass


def _quote(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1000).strip()


def new_file(config: SiteConfig, kind_name: str, title: str, today: date,
             slug: str | None = None, notes: list[str] | None = None) -> Path:
    """Write the new file and return its path; `notes` gets what the contributor should know
    about its file name. Raises UsageError when it cannot be written."""
    from coprod_site.commands.common import UsageError
    kind = Kind(kind_name)
    title = " ".join(title.split())
    if not title or not _slugify(title):
        raise UsageError("the title needs at least one letter or number")
    limit = FIELD["title"].limit
    if len(title) > limit:
        raise UsageError(f"the title has {len(title)} characters; the most allowed is {limit}")
    from coprod_site.build import load
    register = name_register(load(config)[0])
    notes = [] if notes is None else notes
    given = slug is not None
    slug = _given(slug, register) if given else _from_title(kind, title, today, register, notes)
    if kind is Kind.PAGE and slug in RESERVED_SLUGS:
        how = ("choose another slug, such as" if given else
               "choose another title, or give the page another address with --slug, such as")
        raise UsageError(f"/{slug}/ is the address of a page the hub makes itself, so a page "
                         f"cannot have it; {how} about-{slug}")
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
START_WORDS = SMALL_WORDS | DESCRIPTION_WORDS | {
    "how", "what", "why", "when", "where", "who", "which", "we", "us", "you", "they", "my",
    "your", "these", "those", "all", "every", "each", "making", "getting", "after", "before",
    "again", "up", "down", "out", "new", "more", "less", "it", "is", "are", "was"}
WHY = "its address is copied into feeds, sitemaps and search engines, and outlives consent"


def _bare(word: str) -> str:
    return word.strip(".,:;!?\"“”‘’()[]")


def _looks_like_a_name(word: str, first: bool, capitals: bool = True) -> bool:
    """A possessive ("Priya's", "James'"), or, when `capitals` say something, a word with a
    capital letter after the first word."""
    bare = _bare(word)
    return bool(re.search(r"['’][sS]$|[sS]['’]$", word.strip(".,:;!?\"“”()[]"))) or (
        capitals and not first and bare[:1].isupper())


def _capitals_tell(words: list[str]) -> bool:
    """Do capitals mark names in this title? Not in one written all in capitals, nor in Title
    Case (every word after the first that is not a small word starts with a capital)."""
    later = [_bare(w) for w in words[1:] if _bare(w).lower() not in SMALL_WORDS and _bare(w)]
    title_case = len(later) >= 2 and all(w[:1].isupper() for w in later)
    return not (title_case or " ".join(words).isupper())


def _trimmed(parts: list[str]) -> list[str]:
    while parts and parts[-1] in SMALL_WORDS:
        parts.pop()
    while parts and parts[0] in SMALL_WORDS:
        parts.pop(0)
    return parts


def _from_title(kind: Kind, title: str, today: date, register: Register,
                notes: list[str]) -> str:
    """A slug from the title's words, less those that are (or, in a case study, look like)
    names; `notes` gets what was left out, and a case study's first word when it may be a
    name nobody has declared yet (not a word such as "How" or "Walking")."""
    words = title.split()
    capitals = _capitals_tell(words)
    case_study = kind is Kind.CASE_STUDY
    kept = [w for i, w in enumerate(words)
            if not (case_study and _looks_like_a_name(w, i == 0, capitals))]
    left_out = [_bare(w) for w in words if w not in kept]
    parts = [p for p in _slugify(" ".join(kept)).split("-") if p]
    named = {i for _, start, length, _ in register.in_slug([plain_words(p)[0] for p in parts])
             for i in range(start, start + length)}
    left_out += [p for i, p in enumerate(parts) if i in named]
    parts = [p for i, p in enumerate(parts) if i not in named and not (i - 1 in named and p == "s")]
    parts = _trimmed(parts) if left_out else parts
    slug = "-".join(parts) or f"{kind.value}-{today.isoformat()}"
    if left_out:
        notes.append(f"The file name leaves out {_listed(left_out)}: {WHY}. Rename the file "
                     "if it still names anyone.")
    first = _bare(words[0])
    if case_study and words[0] in kept and _may_be_a_name(first) \
            and set(_slugify(first).split("-")) <= set(parts):
        notes.append(f'If "{first}" is someone\'s name, rename the file to one that names '
                     f"nobody, such as {kind.value}-{today.isoformat()}.md: {WHY}. "
                     "(coprod new --slug chooses the file name.)")
    return slug


def _may_be_a_name(word: str) -> bool:
    """A title's first word, capitalised as every title's is: a name, perhaps, unless it is a
    word such as "How", "Our" or "Walking" (`people.everyday_words`)."""
    return word[:1].isupper() and word.lower() not in START_WORDS \
        and not set(plain_words(word)) <= everyday_words()


def _listed(words: list[str]) -> str:
    quoted = [f'"{w}"' for w in dict.fromkeys(words)]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _given(slug: str, register: Register) -> str:
    """A slug given with --slug, if it is one and holds no declared name."""
    from coprod_site.commands.common import UsageError
    if not SLUG.match(slug):
        raise UsageError(f"the slug '{slug}' can have only lowercase letters a-z, numbers and "
                         "hyphens, such as walking-group")
    parts = slug.split("-")
    for someone, start, length, whole in register.in_slug([plain_words(p)[0] for p in parts]):
        found = ("the name" if whole else
                 f'"{"-".join(parts[start:start + length])}", part of the name')
        raise UsageError(f"the slug '{slug}' holds {found} {someone.shown_as} ({someone.rel}): "
                         f"{WHY}. Choose a slug that names nobody")
    return slug


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
