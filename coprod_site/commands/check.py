"""`coprod check`: every check, and the problems printed for people or for CI."""

from __future__ import annotations

from pathlib import Path

from coprod_site import report
from coprod_site.build import run
from coprod_site.commands.common import UsageError, colour, options
from coprod_site.config import SiteConfig


def chosen_files(args, config: SiteConfig) -> set[str] | None:
    """The rel paths named on the command line (folders: their .md files), or None."""
    if not args.paths:
        return None
    chosen = set()
    for name in args.paths:
        in_site = config.root / name            # with -C, paths are the site's own first
        path = (in_site if in_site.exists() else Path(name)).resolve()
        if not path.exists():
            raise UsageError(f"there is no file {name}")
        if not path.is_relative_to(config.root):
            raise UsageError(f"{name} is not inside the site folder {config.root}")
        files = [path] if path.is_file() else sorted(path.rglob("*.md"))
        chosen.update(f.relative_to(config.root).as_posix() for f in files)
    return chosen


def print_diagnostics(result, args, files: int) -> None:
    fmt = getattr(args, "format", "text")
    diagnostics = result.diagnostics
    if getattr(args, "refs_only", False):
        diagnostics = report.refs_only(diagnostics, result.index.people)
    if fmt == "text":
        # CP208 says where a withdrawn person is used, so the page can be edited and return
        shown = [d for d in diagnostics if d.severity.value != "info" or d.code == "CP208"]
        if shown or not args.quiet:
            print(report.text(shown, files, colour()))
    elif fmt == "json":
        from coprod_site.report.stats import page_rows
        only = chosen_files(args, result.config)
        print(report.as_json(diagnostics, page_rows(result, only), files))
    elif fmt == "github":
        print(report.github(diagnostics))
    else:
        print(report.sarif(diagnostics))


def cmd_check(args, config: SiteConfig) -> int:
    only = chosen_files(args, config)
    result = run(config, options(args, only))
    files = len(only) if only is not None else result.files_checked
    print_diagnostics(result, args, files)
    if args.stats and args.format == "text":
        from coprod_site.report.stats import stats_table
        print()
        print(stats_table(result, only))
    return 1 if result.failed(args.strict) else 0
