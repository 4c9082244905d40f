"""`coprod consent`: the consent register, for the people who look after consent.

One row per person per page: who, where, the record reference, what they agreed to, and when
it ends, with the soonest end first so the next conversation to have is at the top; then every
other page that uses them and how (from the index stage's people register), and the pages the
plan withdraws because they use someone whose consent has ended, so a maintainer can edit them
and bring them back. The register is for the maintainers' terminal or spreadsheet, never for
the built site.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import date

from coprod_site.config import SiteConfig
from coprod_site.content.model import SCOPES, Resource
from coprod_site.diagnostics import Severity

COLUMNS = ("file", "url", "ref", "shown_as", "anonymous", "record", "covers", "given",
           "expires", "withdrawn", "status", "used_on")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    file: str
    url: str
    ref: str
    shown_as: str
    anonymous: bool
    record: str
    covers: tuple[str, ...]          # in the contract's order: story, name, quote, ...
    given: date | None
    expires: date | None
    withdrawn: date | None
    status: str                      # active, expiring soon, expired, withdrawn, no consent
    used_on: tuple[dict, ...] = ()   # {file, line, column, how, withdrawn} on other pages

    def as_dict(self) -> dict:
        return {"file": self.file, "url": self.url, "ref": self.ref, "shown_as": self.shown_as,
                "anonymous": self.anonymous, "record": self.record, "covers": list(self.covers),
                "given": _iso(self.given), "expires": _iso(self.expires),
                "withdrawn": _iso(self.withdrawn), "status": self.status,
                "used_on": list(self.used_on)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def status(consent, today: date, warning_days: int) -> str:
    """Where a person's consent stands on `today`, in the words of the register."""
    if consent is None:
        return "no consent"
    if consent.withdrawn and consent.withdrawn <= today:
        return "withdrawn"
    if consent.expires and consent.expires < today:
        return "expired"
    ends = [d for d in (consent.expires, consent.withdrawn) if d]
    if ends and (min(ends) - today).days <= warning_days:
        return "expiring soon"
    return "active"


HOW = {"name": "named", "quote": "quoted", "photo": "in a photo", "video": "in a video",
       "audio": "in a recording"}


def register(resources: list[Resource], today: date, warning_days: int = 60, index=None,
             plan=None) -> list[Row]:
    """Every person on every page, soonest expiry first, no expiry last; with `index` and
    `plan`, each row also lists the other pages that use them."""
    uses: dict[str, list[dict]] = {}
    if index is not None:
        for rel, found in sorted(index.people.uses.items()):
            for use in found:
                if rel != index.people.people[use.who].rel:
                    uses.setdefault(use.who, []).append({
                        "file": rel, "line": use.line, "column": use.column,
                        "how": HOW[use.how] if use.where == "text" else f"in the {use.where}",
                        "withdrawn": rel in plan.withdrawn})
    rows = []
    for resource in resources:
        for person in resource.people:
            consent = person.consent
            rows.append(Row(
                file=resource.rel, url=resource.url, ref=person.ref, shown_as=person.shown_as,
                anonymous=person.anonymous, record=consent.record if consent else "",
                covers=tuple(s for s in SCOPES if consent and s in consent.covers),
                given=consent.given if consent else None,
                expires=consent.expires if consent else None,
                withdrawn=consent.withdrawn if consent else None,
                status=status(consent, today, warning_days),
                used_on=tuple(uses.get(f"{resource.rel}#{person.ref}", ()))))
    return sorted(rows, key=lambda r: (r.expires is None, r.expires or date.max, r.file, r.ref))


def as_text(rows: list[Row], today: date, plan=None) -> str:
    if not rows:
        return f"Nobody is listed in people on any page (register on {today.isoformat()})."
    out = []
    for row in rows:
        who = row.shown_as + (" (anonymous)" if row.anonymous else "")
        out.append(f"{who}, ref {row.ref}: {row.status}")
        out.append(f"    page     {row.file} ({row.url})")
        if row.status == "no consent":
            out.append("    consent  none: add a consent block before this page is published")
        else:
            out.append(f"    record   {row.record}")
            out.append(f"    covers   {', '.join(row.covers) or 'nothing'}")
            dates = [f"given {_iso(row.given) or 'not set'}",
                     f"expires {_iso(row.expires) or 'not set'}"]
            if row.withdrawn:
                dates.append(f"withdrawn {_iso(row.withdrawn)}")
            out.append(f"    dates    {', '.join(dates)}")
        for use in row.used_on:
            gone = ", withdrawn with them" if use["withdrawn"] else ""
            out.append(f"    used on  {use['file']}:{use['line']}:{use['column']} "
                       f"({use['how']}{gone})")
        out.append("")
    because = sorted(plan.because.items()) if plan else []
    if because:
        out.append("Pages withdrawn because they use someone whose consent has ended (take "
                   "the person out of the page to bring it back):")
        out += [f"    {rel}: {plan.withdrawn[rel][1]}" for rel, _ in because]
        out.append("")
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    pages = len({row.file for row in rows})
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    out.append(f"{len(rows)} {'entry' if len(rows) == 1 else 'entries'} on "
               f"{pages} {'page' if pages == 1 else 'pages'} on {today.isoformat()}: {summary}.")
    return "\n".join(out)


def _cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula: such text starts with a quote mark."""
    return "'" + value if value.startswith(FORMULA_START) else value


def as_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = row.as_dict()
        values["covers"] = " ".join(row.covers)
        values["anonymous"] = "yes" if row.anonymous else "no"
        values["used_on"] = "; ".join(f"{u['file']}:{u['line']} ({u['how']})" for u in row.used_on)
        writer.writerow([_cell(str(values[c] or "")) for c in COLUMNS])
    return buffer.getvalue()


def as_json(rows: list[Row], today: date) -> str:
    return json.dumps({"today": today.isoformat(), "people": [r.as_dict() for r in rows]},
                      indent=2, ensure_ascii=False)


def _in_people(site, found) -> bool:
    """Is this problem inside a page's people list (so the register may be missing data)?"""
    for resource in site.resources:
        if resource.rel == found.file:
            lines = [n for key, n in resource.key_lines.items()
                     if key == "people" or key.startswith("people.")]
            return bool(lines) and min(lines) <= found.line <= max(lines)
    return False


def add_parser(commands) -> None:
    from coprod_site.commands.common import parse_date as _date
    sub = commands.add_parser("consent", help="list who consented to what, soonest expiry first")
    sub.add_argument("--format", choices=["text", "csv", "json"], default="text")
    sub.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                     help="show the register as it will stand on this date")


def cmd_consent(args, config: SiteConfig) -> int:
    """Print the register; exit 1 when a file could not be read, since its people are
    missing from the register and a short register must never look complete."""
    from coprod_site import report
    from coprod_site.build import run
    from coprod_site.commands.common import options
    result = run(config, options(args), until="plan")
    site, diagnostics, day = result.site, result.diagnostics, result.plan.today
    rows = register(site.resources, day, config.consent_warning_days, result.index, result.plan)
    if args.format == "csv":
        sys.stdout.write(as_csv(rows))
    elif args.format == "json":
        print(as_json(rows, day))
    else:
        print(as_text(rows, day, result.plan))
    unreadable = [d for d in diagnostics if d.severity is Severity.ERROR
                  and (d.code in ("CP100", "CP101") or _in_people(site, d))]
    if unreadable:
        print(report.text(unreadable, len(site.resources)), file=sys.stderr)
        print("The register above may be incomplete: fix the errors above and run it again.",
              file=sys.stderr)
        return 1
    return 0
