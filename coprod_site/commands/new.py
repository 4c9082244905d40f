"""`coprod new KIND "Title"`: a new content file with its front matter filled in."""

from __future__ import annotations

import sys

from coprod_site.commands.common import today
from coprod_site.config import SiteConfig


def cmd_new(args, config: SiteConfig) -> int:
    """Print the new file's path, and on stderr what to know about its file name."""
    from coprod_site.scaffold import new_file
    notes: list[str] = []
    path = new_file(config, args.kind, args.title, today(args.today), args.slug, notes)
    print(path.relative_to(config.root).as_posix())
    for note in notes:
        print(note, file=sys.stderr)
    return 0
