"""The body of the weekly check's issue, made from the annotations the check printed.

Usage: python .github/weekly-issue.py DATE FILE... > issue.md

Each FILE holds GitHub workflow commands (`::warning file=...,line=...::message`) from
`coprod check --refs-only --format github` and `coprod linkcheck --external --refs-only
--format github`, so the issue says what the annotations say: files and refs, never a name or
a consent record. Prints nothing when there is nothing to do (the workflow then closes the
issue). Errors, consent ending soon (CP206), reviews due (CP701) and links to other sites that
failed (CP604) are listed; other warnings are for contributors, on their pull requests.
"""

from __future__ import annotations

import re
import sys

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")
SECTIONS = [
    ("CP206", "Consent ending within 60 days",
     "Get in touch with each person through the consent record named in the file. If they "
     "renew, update the dates; if not, nothing else is needed: the page is withdrawn on its "
     "day by the daily rebuild."),
    ("CP701", "Reviews due", "Check each page is still right, then set `reviewed:` to the date."),
    ("CP604", "Links to other sites that did not work",
     "Open each link; link to the page's new address, or remove the link."),
]


def unescape(value: str) -> str:
    """Undo the escaping of workflow command values (`%25`, `%0A`, `%3A`, ...)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def findings(lines) -> list[dict]:
    found = []
    for line in lines:
        match = COMMAND.match(line.rstrip("\n"))
        if not match:
            continue
        props = dict(part.split("=", 1) for part in match["props"].split(",") if "=" in part)
        title = unescape(props.get("title", ""))
        found.append({"level": match["level"], "file": unescape(props.get("file", "")),
                      "line": props.get("line", "1"), "code": title.split(" ")[0],
                      "message": unescape(match["message"]).replace("\n", " ")})
    return found


def body(day: str, found: list[dict]) -> str:
    sections = [("errors", "Errors", "Fix these first: they stop the next build or break a "
                 "page on the live site.")] + SECTIONS
    out = []
    for code, heading, advice in sections:
        items = [f for f in found if (f["level"] == "error" if code == "errors"
                                      else f["level"] == "warning" and f["code"] == code)]
        if items:
            out += [f"### {heading}", "", advice, ""]
            out += [f"- `{f['file']}` line {f['line']}: {f['message']}" for f in items] + [""]
    if not out:
        return ""
    return "\n".join([f"The weekly check on {day} found these. People are named by their "
                      "`ref`: the file says who they are.", ""] + out)


def main(argv: list[str]) -> int:
    day, files = argv[0], argv[1:]
    found = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            found += findings(handle)
    sys.stdout.write(body(day, found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
