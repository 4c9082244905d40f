"""CP501 to CP504: content that works for people using screen readers, captions or no PDF reader.

These apply inside blockquotes too: a quote's words are the speaker's, but its images, links
and headings are the editor's, and a screen reader user meets them all the same.
"""

from __future__ import annotations

import re
from posixpath import basename

from coprod_site.checks import CheckContext
from coprod_site.content.model import Resource
from coprod_site.content.schema import FIELD, example_line
from coprod_site.diagnostics import diagnostic

IMAGE_FILE = re.compile(r"^[\w\-. ()]*\.(?:jpe?g|png|gif|webp|avif|svg|heic|tiff?|bmp)$", re.I)
CAMERA_NAME = re.compile(r"^(?:img|dsc|dscn|dcim|pxl|photo|image|screenshot)[\s_-]*\d", re.I)
SAYS_NOTHING = frozenset({"image", "photo", "picture", "img", "graphic", "pic", "photograph"})
VAGUE_LINK_TEXT = frozenset({
    "click here", "here", "click", "read more", "more", "this link", "link", "this", "this page",
    "more info", "more information", "find out more", "learn more", "go", "see here"})
AUDIO = (".mp3", ".m4a", ".wav", ".ogg", ".oga", ".aac", ".flac", ".opus")
VIDEO = (".mp4", ".webm", ".mov", ".m4v", ".ogv", ".avi", ".mkv")
VIDEO_HOSTS = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/", re.I)
CAPTION_FILES = (".vtt", ".srt")


def image_alt(resource: Resource, ctx: CheckContext):
    """CP501: every image says what it shows, in the body and in `media`: alt text that
    is missing, empty, a file name (a camera's, or the image's own in any case, with hyphens
    or underscores for spaces, with or without its extension) or just "photo" says nothing."""
    for image in resource.doc.images:
        problem = _alt_problem(image.text, image.href)
        if problem:
            yield diagnostic("CP501", resource.rel, image.line, image.column, problem,
                             "Write what the image shows, as you would describe it to someone "
                             "on the phone: ![Sam coaching a rugby session](../media/sam.jpg)")
    for index, item in enumerate(resource.media):
        if not IMAGE_FILE.match(basename(item.file)):
            continue                            # audio, video and PDFs have no alt text
        problem = _alt_problem(item.alt, item.file)
        if problem:
            line = resource.key_lines.get(f"media.{index}.alt", item.line)
            yield diagnostic("CP501", resource.rel, line, 1, problem,
                             "Write what the image shows in alt:, like: "
                             + example_line(FIELD["media"].sub("alt")))


def _alt_problem(alt: str, href: str) -> str | None:
    alt = alt.strip()
    name = basename(href.split("#")[0].split("?")[0])
    if not alt:
        return (f"The image {name} has no alt text, so screen reader users will not know "
                "what it shows.")
    if IMAGE_FILE.match(alt) or CAMERA_NAME.match(alt) or _words_of(alt) == _words_of(
            name.rsplit(".", 1)[0]):
        return (f'The alt text of the image {name} is a file name ("{alt}"), which tells '
                "screen reader users nothing.")
    if alt.lower().rstrip(".") in SAYS_NOTHING:
        return (f'The alt text of the image {name} is just "{alt}", which tells screen reader '
                "users nothing.")
    return None


def _words_of(name: str) -> str:
    """"Room-set-up_Day  2" -> "room set up day 2": a name with hyphens and underscores read
    as spaces, in lower case."""
    return re.sub(r"[-_\s]+", " ", name.lower()).strip()


def heading_order(resource: Resource, ctx: CheckContext):
    """CP502: headings go down one level at a time; the title is the page's only `#` heading."""
    previous = 1
    for heading in resource.doc.headings:
        hashes = "#" * heading.level
        if heading.level == 1:
            yield diagnostic(
                "CP502", resource.rel, heading.line, heading.column,
                f'The heading "{heading.text}" is a # heading, but the page title is already '
                "the main heading.", "Use ## for the main sections of the page.")
        elif heading.level > previous + 1:
            yield diagnostic(
                "CP502", resource.rel, heading.line, heading.column,
                f'The heading "{heading.text}" jumps from level {previous} to level '
                f"{heading.level}. Screen reader users move around a page by its heading levels.",
                f"Use {'#' * (previous + 1)} here instead of {hashes}, or add the missing "
                "level above it.")
        previous = heading.level


def link_text(resource: Resource, ctx: CheckContext):
    """CP503: link text that still makes sense when read out on its own, as screen readers do."""
    for link in resource.doc.links:
        if link.image or link.kind == "footnote":
            continue
        text = " ".join(link.text.split())
        plain = text.lower().strip(" .:!?…>»→")
        if not text:
            message = "This link has no text, so screen reader users will not know where it goes."
        elif plain in VAGUE_LINK_TEXT:
            message = (f'The link text "{text}" does not say where the link goes. Screen reader '
                       "users often hear links on their own, out of context.")
        elif re.match(r"^(?:https?://|www\.)\S+$", text, re.I) or text == link.href:
            message = ("The link text is a web address. Screen readers read it out letter by "
                       "letter, and it does not say what the page is.")
        else:
            continue
        yield diagnostic("CP503", resource.rel, link.line, link.column, message,
                         "Use words that say where the link goes, like "
                         "[how to pay people for their time](../guides/paying-people.md).")


def media_alternative(resource: Resource, ctx: CheckContext):
    """CP504: audio and video have a transcript nearby; a PDF has a web page version nearby.

    "Nearby" means in the same paragraph or list item as the link, or in the one just after
    it. A transcript is a link whose text or address says "transcript" (for video, also
    "captions" or "subtitles", or a .vtt or .srt file). A web page version is a link to a
    page of the hub, or to a web address that is not itself a PDF or a media file.
    """
    links = [link for link in resource.doc.links if link.kind != "unsafe"]
    spans = _block_spans(resource)
    for link in links:
        what = _media_kind(link)
        if what is None:
            continue
        near = [other for other in links
                if other is not link and _nearby(spans, link.line, other.line)]
        if what == "pdf":
            if not any(_is_web_page(other) for other in near):
                yield diagnostic(
                    "CP504", resource.rel, link.line, link.column,
                    f"This links to a PDF ({basename(link.href)}) with no web page version "
                    "nearby. Many people cannot open or read PDFs on their phone or with a "
                    "screen reader.",
                    "Put the same content on a page of the hub and link to it in the same "
                    "paragraph, like: [read it as a web page](../guides/x.md).")
        elif not any(_is_transcript(other, what) for other in near):
            yield diagnostic(
                "CP504", resource.rel, link.line, link.column,
                f"This {what} has no transcript nearby. Deaf people, and people who cannot "
                "play sound, need the words as text.",
                "Add a link to a transcript in the same paragraph or the next one, like: "
                "[read the transcript](../pages/x-transcript.md).")


def _media_kind(link) -> str | None:
    address = link.href.split("#")[0].split("?")[0].lower()
    if address.endswith(".pdf"):
        return "pdf"
    if address.endswith(AUDIO):
        return "recording"
    if address.endswith(VIDEO) or VIDEO_HOSTS.match(link.href):
        return "video"
    return None


def _is_transcript(link, what: str) -> bool:
    words = f"{link.text} {link.href}".lower()
    if "transcript" in words:
        return True
    return what == "video" and ("caption" in words or "subtitle" in words
                                or link.href.lower().endswith(CAPTION_FILES))


def _is_web_page(link) -> bool:
    if link.kind in ("page", "site", "anchor"):
        return True
    return link.kind == "external" and _media_kind(link) is None \
        and not link.href.lower().startswith(("mailto:", "tel:"))


def _block_spans(resource: Resource) -> list[tuple[int, int]]:
    """(first line, last line) of each block of text, in order."""
    return [block.lines for block in resource.doc.blocks if block.text]


def _nearby(spans: list[tuple[int, int]], line: int, other: int) -> bool:
    """Is `other` in the block holding `line` (or the next block after it), or the one after?"""
    for index, (first, last) in enumerate(spans):
        if last >= line:
            start = min(first, line)
            end = spans[index + 1][1] if index + 1 < len(spans) else last
            return start <= other <= max(end, line)
    return other == line
