"""CP109: text that `coprod new` wrote, left in a page that is not a draft.

A new file starts as a draft with a placeholder summary and first paragraph
(`scaffold.PLACEHOLDER_SUMMARY`, `scaffold.PLACEHOLDER_BODY`). If its `status: draft` line
goes before the placeholders do, the page would publish them.
"""

from __future__ import annotations

from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.diagnostics import diagnostic
from coprod_site.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY

ADVICE = "Replace it with your own words, or put status: draft back until the page is ready."


def placeholders(resource: Resource, ctx: CheckContext):
    if resource.status == "draft":
        return
    if " ".join(resource.summary.split()) == PLACEHOLDER_SUMMARY:
        yield diagnostic("CP109", resource.rel, resource.line_of("summary"), 1,
                         "The summary is still the example that coprod new wrote: "
                         f'"{PLACEHOLDER_SUMMARY}"', ADVICE)
    first_sentence = PLACEHOLDER_BODY.split(". ")[0] + "."
    offset = resource.body.find(first_sentence)
    if offset >= 0:
        before = resource.body[:offset]
        line = resource.body_line + before.count("\n")
        column = offset - (before.rfind("\n") + 1) + 1
        yield diagnostic("CP109", resource.rel, line, column,
                         f'"{first_sentence}" is still here from coprod new, so the page '
                         "has no real first paragraph yet.", ADVICE)
