"""The words inside a media file that is published as it is, where a person's name can hide:
the people register searches them before a build (as uses by every page that uses the file),
and the verify step after it, decoded the same way (content.md, "Consent across the hub").

Pictures are not read here: they are saved again from their pixels alone before publishing
(`site.media.clean_image`), which leaves EXIF, XMP, IPTC, comments and PNG text behind.

- captions (WebVTT `.vtt`, SubRip `.srt`): the whole text;
- SVG: every text node, comment, processing instruction and attribute value (titles,
  descriptions, labels, metadata), and each element's whole text (`<tspan>` pieces joined);
- PDF, audio and video: `media_text_pdf` and `media_text_tags`;
- every file but captions, in addition: the printable runs of its bytes, as `strings` finds
  them (at least 4 characters of UTF-8, UTF-16LE or UTF-16BE text), so a name in a part no
  decoder here reads (a tag of another kind, a chunk a player ignores) is still found.

Why our own decoders rather than pypdf or mutagen: this is a guard, and it must see every
string a file holds, including strings no reader shows (an unused font's name, a tag frame
a player ignores), with verify decoding exactly what the register searched. pypdf's text
extraction gives the page as laid out and mutagen the tags it knows; both would have to be
combined with a raw scan anyway. What is read is small and fixed by the formats'
specifications, and every decoder is tested on files built byte by byte. Every decoder stops
quietly at damaged data, keeping what it read before it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coprod_site import media_text_pdf, media_text_tags
from coprod_site.media_text_runs import guarded, printable_runs
from coprod_site.media_text_xml import xml_text

READ = {"svg", "pdf", "mp3", "ogg", "wav", "m4a", "mp4", "webm", "vtt", "srt"}


def file_text(path: Path) -> str:
    """The words inside the media file at `path` ("" for other files, or when unreadable)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _file_text(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1024)
def _file_text(path: Path, size: int, mtime: int) -> str:
    if path.suffix.lower().lstrip(".") not in READ:
        return ""
    try:
        return media_text(path.read_bytes(), path.suffix)
    except OSError:
        return ""


def media_text(data: bytes, suffix: str) -> str:
    """The words inside a media file's bytes, one piece a line; `suffix` is ".pdf" and so on
    ("" for a type not in `READ`, pictures among them)."""
    kind = suffix.lower().lstrip(".")
    if kind not in READ:
        return ""
    pieces: list[str] = []
    reader = {"svg": xml_text, "pdf": media_text_pdf.pdf_text, "mp3": media_text_tags.mp3,
              "ogg": media_text_tags.ogg, "wav": media_text_tags.wav,
              "m4a": media_text_tags.mp4, "mp4": media_text_tags.mp4,
              "webm": media_text_tags.matroska, "vtt": _captions, "srt": _captions}[kind]
    pieces.extend(guarded(reader(data)))
    if kind not in ("vtt", "srt"):
        pieces.extend(printable_runs(data))
    return "\n".join(t for t in pieces if t.strip())


# -- Captions ------------------------------------------------------------------------------

def _captions(data: bytes):
    """WebVTT and SubRip: the words spoken, as written (UTF-8, as both formats are)."""
    yield data.decode("utf-8", "replace")
