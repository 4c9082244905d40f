"""`coprod new`: a new content file with its front matter filled in for its kind.

New files start as drafts, so a half-written page is never published by accident. The keys
written for a kind, and what each starts with, come from the field table (`schema.new_keys`):
the title given, a field's `new` text, today for a date, the site's first term for terms.
"""

from __future__ import annotations

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
