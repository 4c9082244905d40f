"""The `coprod` command: arguments in, exit codes out (0 fine, 1 content errors, 2 cannot run).

Nothing here decides about content; it parses arguments, calls the pipeline and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from coprod_site import __version__, report
from coprod_site.commands.common import UsageError, parse_date
from coprod_site.config import ConfigError, SiteConfig, load_config
from coprod_site.parse import WorkerStopped
from coprod_site.render.templates import TemplateError
from coprod_site.site.search import SearchIndexError
from coprod_site.write import OutputError


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message}. Run 'coprod --help' to see the commands.")


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1 or more)")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="coprod", description="Check and build a co-produced resource hub.")
    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    parser.add_argument("-C", dest="root", default=".", metavar="DIR",
                        help="the site's folder (the one holding content/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def dated(sub):
        sub.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD",
                         help="build as if today were this date")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        sub.add_argument("--no-cache", action="store_true",
                         help="do all the work again, without .coprod-cache/")
        sub.add_argument("--jobs", type=_jobs, metavar="N",
                         help="worker processes (default: one per core)")
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
    new.add_argument("--slug", help="the file name and address to use, such as walking-group "
                                    "(lowercase letters, numbers and hyphens)")
    new.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

    from coprod_site.commands import register_extra
    register_extra(commands, dated)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; never a traceback: an unexpected error is one line naming a log."""
    try:
        with stopped_once(), reader_may_leave():
            args = make_parser().parse_args(argv)
            config = load_config(Path(args.root))
            return COMMANDS[args.command](args, config)
    except (UsageError, ConfigError, OutputError, SearchIndexError, TemplateError,
            WorkerStopped) as error:
        print(f"coprod: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coprod: stopped. Nothing half-built was published.", file=sys.stderr)
        return 2
    except Exception:
        print(f"coprod: something went wrong inside coprod ({sys.exc_info()[0].__name__}). "
              f"{crash_log()} Nothing half-built was published.", file=sys.stderr)
        return 2


def command() -> None:
    """The `coprod` program (`python -m coprod_site` too): `main`, then Python's exit, during
    which a Ctrl-C or SIGTERM is ignored: the command's work and exit code are settled, and
    the signal would only end it by a traceback or by the signal."""
    give_back_large_buffers()
    code = main()
    ignore_stops()
    raise SystemExit(code)


def give_back_large_buffers() -> None:
    """Let each buffer of 128 KiB or more go back to the system when it is freed. glibc
    does so at first, then raises that threshold to the size of each such buffer freed, so
    a build's later ones (Pagefind's answers, a listing page) stayed in its memory: 2 to 4
    MiB more at its peak, at 5,000 pages. Setting the threshold (mallopt(3)) keeps it;
    elsewhere than glibc, nothing is done."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 128 * 1024)


def ignore_stops() -> None:
    if threading.current_thread() is threading.main_thread():
        for each in STOPS:
            signal.signal(each, signal.SIG_IGN)


@contextlib.contextmanager
def stopped_once():
    """Ctrl-C (SIGINT) and SIGTERM (a cancelled CI job) stop a command as KeyboardInterrupt,
    which cleans up as it goes. Another within GRACE_SECONDS is ignored: a second Ctrl-C used
    to cut that clean-up short, print a traceback, or leave worker processes that Python's
    exit then waited for. A later one stops the command again, as Python drops an interrupt
    that lands in an object's finaliser or an import lock's callback, and the command would
    go on. Once the command has stopped, both are ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    first: list[float] = []               # when the first arrived

    def stop(signum, frame):
        if first and time.monotonic() - first[0] < GRACE_SECONDS:
            return
        first[:] = [time.monotonic()]
        raise KeyboardInterrupt

    previous = {each: signal.signal(each, stop) for each in STOPS}
    try:
        yield
    finally:
        if first:
            ignore_stops()
        else:
            for each, handler in previous.items():
                signal.signal(each, handler)


STOPS = (signal.SIGINT, signal.SIGTERM)
M_MMAP_THRESHOLD = -3               # mallopt(3)
GRACE_SECONDS = 2.0


@contextlib.contextmanager
def reader_may_leave():
    """Let whoever reads stdout or stderr stop early (`coprod check | head -3`): what they no
    longer read is dropped, quietly, and the command still finishes and gives its own exit
    code. Not 0 and not 141 (killed by SIGPIPE): a CI step run with `set -o pipefail` must
    still fail on errors the reader did not see, and must not fail because it stopped reading."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (_ReaderMayLeave(s) for s in streams)
    try:
        yield
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdout, sys.stderr = streams


class _ReaderMayLeave:
    """A text stream that, once its reader has closed the pipe (BrokenPipeError), sends the
    rest to the null device (the way Python's documentation advises for SIGPIPE)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def crash_log() -> str:
    """Write the current traceback to a new file in the system's temporary folder and say
    where, for a bug report; the contributor sees one line, not the traceback."""
    try:
        handle, path = tempfile.mkstemp(prefix="coprod-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(f"coprod {__version__}, Python {sys.version.split()[0]}, "
                      f"{' '.join(sys.argv)}\n\n{traceback.format_exc()}")
    except OSError:
        return "The details could not be saved either (the disk may be full)."
    return f"The details are in {path}: please send that file to the hub's maintainers."


def cmd_consent(args, config: SiteConfig) -> int:
    from coprod_site.commands.consent import cmd_consent as print_register
    return print_register(args, config)


def cmd_linkcheck(args, config: SiteConfig) -> int:
    from coprod_site.commands.linkcheck import cmd_linkcheck as check_links
    return check_links(args, config)


def cmd_serve(args, config: SiteConfig) -> int:
    from coprod_site.commands.serve import cmd_serve as serve_site
    return serve_site(args, config)


def cmd_check(args, config: SiteConfig) -> int:
    from coprod_site.commands.check import cmd_check as check
    return check(args, config)


def cmd_build(args, config: SiteConfig) -> int:
    from coprod_site.commands.build import cmd_build as build
    return build(args, config)


def cmd_new(args, config: SiteConfig) -> int:
    from coprod_site.commands.new import cmd_new as new
    return new(args, config)


COMMANDS = {"check": cmd_check, "build": cmd_build, "new": cmd_new, "consent": cmd_consent,
            "linkcheck": cmd_linkcheck, "serve": cmd_serve}
