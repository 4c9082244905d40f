"""`coprod new KIND "Title"`: a new content file with its front matter filled in."""

from __future__ import annotations

from coprod_site.commands.common import today
from coprod_site.config import SiteConfig


def cmd_new(args, config: SiteConfig) -> int:
    from coprod_site.scaffold import new_file
    path = new_file(config, args.kind, args.title, today(args.today))
    print(path.relative_to(config.root).as_posix())
    return 0
