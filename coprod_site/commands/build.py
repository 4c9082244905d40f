"""`coprod build`: check, then build the site into public/ (or --out)."""

from __future__ import annotations

import sys
import time

from coprod_site import report
from coprod_site.build import build
from coprod_site.commands.common import colour, options
from coprod_site.config import SiteConfig


def cmd_build(args, config: SiteConfig) -> int:
    from coprod_site.swap import AGAIN, has_site
    from coprod_site.verify import VerifyError
    started = time.perf_counter()
    out = args.out or config.root / config.output
    kept = f" {AGAIN}" if has_site(out) else ""         # a first build has no site to keep
    try:
        result = build(config, options(args))
    except VerifyError as error:
        print(f"coprod: {error}{kept}", file=sys.stderr)
        return 1
    problems = [d for d in result.diagnostics if d.severity.value != "info"]
    if problems:
        print(report.text(problems, result.files_checked, colour()))
    if result.failed(args.strict):
        why = "errors" if result.errors else "warnings (--strict)"
        print(f"Nothing was built because of the {why} above.{kept}", file=sys.stderr)
        return 1
    for line in report.withdrawn(result.plan):
        print(line)
    pages = sum(1 for f in result.written if f.endswith(".html"))
    if not args.quiet:
        print(f"Built {pages} pages into {out} in {time.perf_counter() - started:.1f} s.")
    return 0
