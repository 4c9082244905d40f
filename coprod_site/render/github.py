"""GitHub's Markdown that Python-Markdown does not read by itself, so a body reads here as it
does on GitHub (README, "Writing a page"):

    ~~no longer true~~          strikethrough: <del>
    a line ending in \\          a line break, as two spaces at the end of a line are
    - [ ] print the forms       a task list: "To do:" and "Done:" in words
    - [x] book the room

A task's state is written as text, not as a checkbox: a disabled checkbox is announced as a
form control a reader cannot use, reads oddly outside a form, and is lost when styles are off;
"Done: book the room" is read the same way by everyone. The words are in a
`<span class="task-state">` that the outline leaves out, so the checks see the words the
contributor wrote, at their own lines and columns.

pymdown-extensions has strikethrough and task lists too, but its task lists are checkboxes;
these three rules on Python-Markdown's own API are all the hub needs.

Bare web addresses are not turned into links: link text that is an address means nothing
out of context (CP503), so a link is written with words, `[the guidance](https://...)`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor, SubstituteTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

STATE_CLASS = "task-state"
STRIKETHROUGH = r"(~~)(?!~)(.+?)(?<!~)~~"
BACKSLASH_BREAK = r"(?<!\\)\\\n"
TASK = re.compile(r"^\[([ xX])\][ \t]+(?=\S)")
STATES = {" ": "To do:", "x": "Done:", "X": "Done:"}


class TaskLists(Treeprocessor):
    """`[ ]` or `[x]` at the start of a list item, as the words of its state."""

    def run(self, root: ET.Element) -> None:
        for item in root.iter("li"):
            holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() \
                else item
            found = TASK.match(holder.text or "")
            if not found:
                continue
            state = ET.Element("span", {"class": STATE_CLASS})
            state.text = STATES[found.group(1)]
            state.tail = " " + holder.text[found.end():]
            holder.text = ""
            holder.insert(0, state)


class GitHubSyntax(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(STRIKETHROUGH, "del"),
                                   "coprod-strikethrough", 65)
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"),
                                   "coprod-backslash-break", 185)
        md.treeprocessors.register(TaskLists(md), "coprod-task-lists", 15)
