"""CP701: a page whose last content review is older than the site's `review_every` months.

Advice goes out of date (benefit rules, services, contacts), so each page carries the date it
was last checked. Pages with no `reviewed` date are not flagged: the contract makes the key
optional, and a site that wants every page reviewed can say so in its templates for new pages.
"""

from __future__ import annotations

import calendar
from datetime import date

from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter (31 Jan -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _written(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def review_due(resource: Resource, ctx: CheckContext):
    if resource.reviewed is None or resource.rel in ctx.plan.withdrawn:
        return
    months = ctx.config.review_every
    due = add_months(resource.reviewed, months)
    if due > ctx.today:
        return
    every = "every month" if months == 1 else f"every {months} months"
    yield diagnostic(
        "CP701", resource.rel, resource.line_of("reviewed"), 1,
        f"This page was last reviewed on {_written(resource.reviewed)}. Pages are reviewed "
        f"{every}, so a review was due on {_written(due)}.",
        "Check the page is still right (facts, contacts, links), then set reviewed: to the "
        "date you checked it.")
