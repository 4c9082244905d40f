"""Diagnostics: what every check reports, and the list of rules.

Checks only *report*, at the rule's default severity. Deciding what a diagnostic means for a
run (a site's severity overrides, ignore comments, `--strict`) happens in one place,
`apply_policy`, as MkDocs keeps its checks apart from the counter that fails a build.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


_RULES = [
    ("CP100", "unreadable", "error", "The file cannot be read as UTF-8 text."),
    ("CP101", "yaml", "error", "Front matter is missing, is not valid YAML, or is not a mapping."),
    ("CP102", "required", "error", "A required key is missing or empty."),
    ("CP103", "unknown-key", "error", "A key that is not in the contract."),
    ("CP104", "bad-value", "error", "A value of the wrong type or form."),
    ("CP105", "unknown-term", "error", "A topic or audience that is not in the _data lists."),
    ("CP106", "duplicate-slug", "error", "Two resources of one kind share a slug."),
    ("CP107", "unsafe-content", "error", "Raw HTML, a link or a media file that could harm readers."),
    ("CP108", "media-file", "error", "A media file that is too large or of a type not allowed."),
    ("CP109", "placeholder", "error", "Text that coprod new wrote, left in a page that is not a draft."),
    ("CP201", "consent-missing", "error", "A person is used with no consent block, or a ref is undeclared."),
    ("CP202", "consent-scope", "error", "Consent does not cover the use found."),
    ("CP203", "anonymous-named", "error", "An anonymous person's name appears on the page."),
    ("CP204", "guardian", "error", "A person under 18 without guardian consent."),
    ("CP205", "undeclared-image", "error", "An image in a case study is not declared in media."),
    ("CP206", "consent-expiring", "warning", "Consent expires soon."),
    ("CP207", "withdrawn", "info", "The page is withdrawn and will not be published."),
    ("CP208", "withdrawn-person-mentioned", "info", "The page uses a person whose consent ended, so it is withdrawn too."),
    ("CP209", "slug-names-person", "warning", "A slug or file name contains a declared person's name."),
    ("CP301", "reading-ease", "error", "The page is hard to read."),
    ("CP302", "long-sentence", "warning", "A sentence is longer than the limit."),
    ("CP303", "plain-words", "warning", "A word or phrase has a plainer alternative."),
    ("CP304", "acronym", "warning", "An acronym is not explained."),
    ("CP305", "summary", "warning", "The summary is hard to read or too long."),
    ("CP401", "inclusive-language", "warning", "A phrase many people find excluding."),
    ("CP501", "image-alt", "error", "An image has no useful alt text."),
    ("CP502", "heading-order", "warning", "Heading levels skip, or a # heading is in the body."),
    ("CP503", "link-text", "warning", "Link text that means nothing out of context."),
    ("CP504", "media-alternative", "warning", "Audio, video or PDF with no text alternative."),
    ("CP505", "all-capitals", "warning", "Several words in a row written in capital letters."),
    ("CP601", "broken-link", "error", "A link to a file, page or media that does not exist."),
    ("CP602", "broken-anchor", "error", "A #fragment that names no heading on the target page."),
    ("CP603", "link-to-withdrawn", "warning", "A link to a withdrawn page."),
    ("CP604", "external-link", "warning", "An external link that fails."),
    ("CP701", "review-due", "warning", "The content review is overdue."),
]

RULES: dict[str, Rule] = {
    code: Rule(code, name, Severity(sev), summary) for code, name, sev, summary in _RULES
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding, with a position a contributor can go to (lines and columns from 1)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    name: str
    message: str
    suggestion: str | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)


def diagnostic(code: str, file: str, line: int, column: int, message: str,
               suggestion: str | None = None, severity: Severity | None = None) -> Diagnostic:
    """Make a diagnostic for `code` at the rule's default severity (or the one given)."""
    rule = RULES[code]
    return Diagnostic(file, max(1, line), max(1, column), severity or rule.severity,
                      code, rule.name, message, suggestion)


def apply_policy(diagnostics, severities: dict[str, Severity],
                 ignored=lambda d: False) -> list[Diagnostic]:
    """Apply a site's severity overrides and ignore rules; drop what is off; sort."""
    kept = []
    for d in diagnostics:
        if ignored(d):
            continue
        override = severities.get(d.code)
        if override is not None and d.severity != Severity.INFO:
            d = replace(d, severity=override)
        if d.severity != Severity.OFF:
            kept.append(d)
    return sorted(set(kept), key=Diagnostic.sort_key)


def count(diagnostics, severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
