"""`coprod new KIND "Title"`: a new content file with its front matter filled in."""

from __future__ import annotations

import sys

from coprod_site.commands.common import today
from coprod_site.config import SiteConfig


def cmd_new(args, config: SiteConfig) -> int:
    from coprod_site.scaffold import names_left_out, new_file
    path = new_file(config, args.kind, args.title, today(args.today))
    print(path.relative_to(config.root).as_posix())
    left_out = names_left_out(args.title) if args.kind == "case-study" else []
    if left_out:
        print(f"The file name leaves out {', '.join(repr_quote(w) for w in left_out)}: a case "
              "study's address is copied into feeds, sitemaps and search engines, and outlives "
              "consent. Rename the file if it still names anyone.", file=sys.stderr)
    return 0


def repr_quote(word: str) -> str:
    return f'"{word}"'
