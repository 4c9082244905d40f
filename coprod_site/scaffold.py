"""`coprod new`: a new content file with its front matter filled in for its kind.

New files start as drafts, so a half-written page is never published by accident.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from coprod_site.config import SiteConfig
from coprod_site.content.contract import TITLE_MAX, _slugify
from coprod_site.content.model import Kind


# What a new file says until its writer replaces it; CP109 (checks.placeholders) reports
# either left in a page that is not a draft.
PLACEHOLDER_SUMMARY = "Say in one or two short sentences who this is for and what it helps them do."
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
    if len(title) > TITLE_MAX:
        raise UsageError(f"the title has {len(title)} characters; the most allowed is {TITLE_MAX}")
    path = config.content_dir / kind.folder / f"{slug}.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(config.root).as_posix()} already exists; "
                         "choose another title or edit that file")
    lines = ["---", f"title: {_quote(title)}",
             f"summary: {_quote(PLACEHOLDER_SUMMARY)}"]
    if kind is not Kind.PAGE:
        topics = _first_topic(config)
        lines += [f"topics: [{topics}]", f"published: {today.isoformat()}"]
    lines += ["status: draft", "---", "", PLACEHOLDER_BODY, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _first_topic(config: SiteConfig) -> str:
    path = config.content_dir / "_data" / "topics.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return next(iter(data))
    except (OSError, yaml.YAMLError, StopIteration, TypeError, UnicodeDecodeError):
        return "choose-a-topic"
