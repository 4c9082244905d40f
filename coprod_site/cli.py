"""The `coprod` command: arguments in, exit codes out (0 fine, 1 content errors, 2 cannot run).

Nothing here decides about content; it parses arguments, calls the pipeline and prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from coprod_site import __version__, report
from coprod_site.config import ConfigError, SiteConfig, load_config
from coprod_site.writer import OutputError


class UsageError(Exception):
    """Bad arguments: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message}. Run 'coprod --help' to see the commands.")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def today(given: date | None) -> date:
    """The build date: --today, else SOURCE_DATE_EPOCH, else today (UTC)."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'.") from None
    return datetime.now(timezone.utc).date()


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="coprod", description="Check and build a co-produced resource hub.")
    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    parser.add_argument("-C", dest="root", default=".", metavar="DIR",
                        help="the site's folder (the one holding content/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def dated(sub):
        sub.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                         help="build as if today were this date")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        return sub

    check = dated(commands.add_parser("check", help="check the content and report problems"))
    check.add_argument("paths", nargs="*", metavar="PATHS", help="only these files")
    check.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text")
    check.add_argument("--stats", action="store_true", help="print each page's readability")
    check.add_argument("--drafts", action="store_true", help=argparse.SUPPRESS)
    check.add_argument("--refs-only", action="store_true", help=report.REFS_ONLY_HELP)

    build = dated(commands.add_parser("build", help="check, then build the site into public/"))
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default public/)")
    build.add_argument("--drafts", action="store_true", help="also build draft and review pages")
    build.add_argument("--base-url", metavar="URL", help="the site's address, for links and feeds")

    new = commands.add_parser("new", help="start a new page with its front matter filled in")
    new.add_argument("kind", choices=["guide", "case-study", "toolkit", "page"])
    new.add_argument("title")
    new.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

    from coprod_site.commands import register_extra
    register_extra(commands, dated)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
        config = load_config(Path(args.root))
        return COMMANDS[args.command](args, config)
    except (UsageError, ConfigError, OutputError) as error:
        print(f"coprod: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coprod: stopped.", file=sys.stderr)
        return 2


def _options(args, config: SiteConfig, only=None):
    from coprod_site.build import Options
    return Options(today=today(args.today), drafts=getattr(args, "drafts", False),
                   strict=args.strict, out=getattr(args, "out", None),
                   base_url=getattr(args, "base_url", None), only=only)


def _only(args, config: SiteConfig) -> set[str] | None:
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


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _print_diagnostics(result, args, files: int) -> None:
    colour = _colour()
    fmt = getattr(args, "format", "text")
    diagnostics = result.diagnostics
    if getattr(args, "refs_only", False):
        people = [person for r in result.site.resources for person in r.people]
        diagnostics = report.refs_only(diagnostics, people)
    if fmt == "text":
        shown = [d for d in diagnostics if d.severity.value != "info"]
        if shown or not args.quiet:
            print(report.text(shown, files, colour))
    elif fmt == "json":
        from coprod_site.stats import page_rows
        print(report.as_json(diagnostics, page_rows(result), files))
    elif fmt == "github":
        print(report.github(diagnostics))
    else:
        print(report.sarif(diagnostics))


def cmd_check(args, config: SiteConfig) -> int:
    from coprod_site.build import check
    only = _only(args, config)
    result = check(config, _options(args, config, only))
    files = len(only) if only is not None else result.files_checked
    _print_diagnostics(result, args, files)
    if args.stats and args.format == "text":
        from coprod_site.stats import stats_table
        print()
        print(stats_table(result))
    return 1 if result.failed(args.strict) else 0


def cmd_build(args, config: SiteConfig) -> int:
    from coprod_site.build import build
    from coprod_site.site.search import SearchIndexError
    from coprod_site.verify import VerifyError
    started = time.perf_counter()
    try:
        result = build(config, _options(args, config))
    except (VerifyError, SearchIndexError) as error:
        print(f"coprod: {error} The previous site is unchanged.", file=sys.stderr)
        return 1
    files = result.files_checked
    problems = [d for d in result.diagnostics if d.severity.value != "info"]
    if problems:
        print(report.text(problems, files, _colour()))
    for rel, (resource, reason) in sorted(result.plan.withdrawn.items()):
        print(f"Withdrawn: {rel} is left out of the site because {reason}. "
              f"Its address {resource.url} now tells visitors the page has gone (410 Gone).")
    if result.failed(args.strict):
        why = "errors" if result.errors else "warnings (--strict)"
        print(f"Nothing was built because of the {why} above. The previous site is unchanged.",
              file=sys.stderr)
        return 1
    out = args.out or config.root / config.output
    pages = sum(1 for f in result.written if f.endswith(".html"))
    if not args.quiet:
        print(f"Built {pages} pages into {out} in {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_new(args, config: SiteConfig) -> int:
    from coprod_site.scaffold import new_file
    path = new_file(config, args.kind, args.title, today(args.today))
    print(path.relative_to(config.root).as_posix())
    return 0


def cmd_consent(args, config: SiteConfig) -> int:
    from coprod_site.consent_register import cmd_consent as print_register
    return print_register(args, config)


def cmd_linkcheck(args, config: SiteConfig) -> int:
    from coprod_site.linkcheck import cmd_linkcheck as check_links
    return check_links(args, config)


def cmd_serve(args, config: SiteConfig) -> int:
    from coprod_site.serve import cmd_serve as serve_site
    return serve_site(args, config)


COMMANDS = {"check": cmd_check, "build": cmd_build, "new": cmd_new, "consent": cmd_consent,
            "linkcheck": cmd_linkcheck, "serve": cmd_serve}
