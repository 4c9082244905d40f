"""What every command shares: the build date, usage errors, options and colour."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date, datetime, timezone


class UsageError(Exception):
    """Bad arguments: one line, exit 2."""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a day of the calendar (the month "
                                         "is 01 to 12, and the day must be in that month)")
    raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD")


def today(given: date | None) -> date:
    """The build date: --today, else SOURCE_DATE_EPOCH, else today (UTC)."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not "
                             f"'{epoch}'.") from None
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH is {epoch} seconds, too far from 1970 to be "
                             "a date. Set it to the time of the last commit, such as: "
                             "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)") from None
    return datetime.now(timezone.utc).date()


def options(args, only=None):
    """The build's `Options` from a command's arguments."""
    from coprod_site.build import Options
    return Options(today=today(getattr(args, "today", None)),
                   drafts=getattr(args, "drafts", False), strict=getattr(args, "strict", False),
                   out=getattr(args, "out", None), base_url=getattr(args, "base_url", None),
                   only=frozenset(only) if only is not None else None,
                   jobs=getattr(args, "jobs", None), cache=not getattr(args, "no_cache", False))


def colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
