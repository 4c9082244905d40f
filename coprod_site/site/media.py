"""Media files: what may be published, and images re-saved without their hidden metadata.

A photo straight from a phone carries EXIF: the camera, the time and often the GPS position
where it was taken, which for a photo taken at home is where a person in the story lives.
Every image copied to the site is therefore decoded and saved again by Pillow from its pixels
alone, after turning it the right way up, so nothing hidden can ride along: EXIF, GPS, XMP,
IPTC, maker notes, PNG text chunks and comments are all left behind. Only the ICC colour
profile is kept (it says how colours look, nothing about people). The same input always
gives the same bytes, and the file in `content/` is only ever read.

`inspect()` is shared by the CP107/CP108 check and by the copy: a file that fails it is
reported when checking and is never copied, even where a site has turned those rules down.
"""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING


from coprod_site.urls import as_browser_reads

if TYPE_CHECKING:
    from PIL import Image

IMAGES = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP",
          "avif": "AVIF"}
KINDS = {**{ext: "image" for ext in IMAGES}, "svg": "svg",
         "mp3": "audio", "ogg": "audio", "wav": "audio", "m4a": "audio",
         "mp4": "video", "webm": "video", "pdf": "pdf", "vtt": "captions", "srt": "captions"}
ALLOWED = ("pictures (JPG, PNG, GIF, WebP, AVIF, SVG), sound (MP3, OGG, WAV, M4A), "
           "video (MP4, WebM), captions for them (WebVTT, SRT) or PDF")
SRT_START = re.compile(rb"^\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{3}[ \t]*-->")
MAX_PIXELS = 40_000_000                # in all frames: a 40-megapixel photo, 20 times what a page needs
MAX_DECODED_BYTES = 160 * 1024 * 1024  # memory for those pixels decoded; publishing takes twice that
JPEG_QUALITY = 90
WEBP_QUALITY = 90
DANGEROUS_SVG_TAGS = {"script": "a script", "foreignobject": "a foreignObject (a web page "
                      "inside the picture)", "iframe": "an iframe", "embed": "an embed",
                      "object": "an object", "handler": "a script handler",
                      "listener": "an event listener"}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)\s*([^'")\s]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    code: str          # CP107 (unsafe) or CP108 (media file)
    message: str
    suggestion: str


def sniff(head: bytes) -> str | None:
    """The type a file's first bytes say it is, as one of our extensions' types."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[4:8] == b"ftyp":
        brands = head[8:64]
        if b"avif" in brands or b"avis" in brands:
            return "AVIF"
        return "M4A" if head[8:12] in (b"M4A ", b"M4B ") else "MP4"
    if head.startswith(b"OggS"):
        return "OGG"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "WEBM"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"%PDF-":
        return "PDF"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.match(rb"webvtt(?:[ \t\r\n]|$)", text):
        return "VTT"
    if SRT_START.match(text):
        return "SRT"
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "SVG"
    return None


EXPECTED = {"jpg": {"JPEG"}, "jpeg": {"JPEG"}, "png": {"PNG"}, "gif": {"GIF"}, "webp": {"WEBP"},
            "avif": {"AVIF"}, "svg": {"SVG"}, "mp3": {"MP3"}, "ogg": {"OGG"}, "wav": {"WAV"},
            "m4a": {"M4A", "MP4"}, "mp4": {"MP4", "M4A"}, "webm": {"WEBM"}, "pdf": {"PDF"},
            "vtt": {"VTT"}, "srt": {"SRT"}}


def outside_content(path: Path, content_dir: Path) -> bool:
    """Is `path` a symbolic link, or inside one, or somewhere outside `content/`?"""
    content = content_dir.resolve()
    try:
        parts = path.relative_to(content_dir).parts
    except ValueError:
        return True
    current = content_dir
    for part in parts:
        current = current / part
        if current.is_symlink():
            return True
    return not path.resolve().is_relative_to(content)


def inspect(path: Path, rel: str, content_dir: Path, max_bytes: int) -> tuple[Problem, ...]:
    """Everything wrong with one media file, as the contributor should hear it."""
    if outside_content(path, content_dir):
        return (Problem("CP107", f"{rel} is a link to another file (a symbolic link), so it "
                        "is not published: it could expose files from the computer that "
                        "builds the site.",
                        "Replace the link with a copy of the file itself, inside content/media/."),)
    try:
        stat = path.stat()
        return _inspect(path, rel, max_bytes, stat.st_size, stat.st_mtime_ns)
    except OSError as error:
        return (Problem("CP108", f"{rel} cannot be read ({error.strerror or error}).",
                        "Check that the file is there and can be opened, then try again."),)


@lru_cache(maxsize=4096)
def _inspect(path: Path, rel: str, max_bytes: int, size: int, mtime: int) -> tuple[Problem, ...]:
    extension = path.suffix.lower().lstrip(".")
    if extension not in KINDS:
        return (Problem("CP108", f"{rel} is not a type of file the hub publishes.",
                        f"Use {ALLOWED}. Other files can be shared by a link to where they "
                        "are kept."),)
    problems = []
    if size > max_bytes:
        problems.append(Problem(
            "CP108", f"{rel} is {_size(size)}; the most the hub publishes is "
            f"{_size(max_bytes)}, so pages stay quick on slow connections.",
            "Make it smaller: save photos about 2000 pixels wide, or shorten or compress "
            "sound and video."))
    with path.open("rb") as handle:
        head = handle.read(1024)
    actual = sniff(head)
    if actual not in EXPECTED[extension]:
        really = f"really {_a(actual)} file" if actual else f"not really {_a(extension.upper())} file"
        problems.append(Problem(
            "CP108", f"{rel} is named .{extension}, but it is {really}.",
            "Save it again in the type its name says, or give it the right ending."))
        return tuple(problems)
    if extension == "svg" and size <= max_bytes:
        problems += svg_problems(path.read_bytes(), rel)
    elif actual in ("MP4", "M4A") and size <= max_bytes and _has_location(path.read_bytes()):
        problems.append(Problem(
            "CP107", f"{rel} has the place where it was recorded written inside it (a GPS "
            "location), which could show where someone lives.",
            "Export it again with location turned off (on a phone: share it with 'Location' "
            "unticked), or ask a maintainer to remove the location."))
    elif KINDS[extension] == "image" and size <= max_bytes:
        problem = _image_problem(path, rel)
        if problem:
            problems.append(problem)
    return tuple(problems)


def _has_location(data: bytes, start: int = 0, end: int | None = None, depth: int = 0) -> bool:
    """Does an MP4 or M4A file hold a recording location (a ©xyz or loci box)? Phones write
    one into most videos; unlike a photo's, it cannot be removed here."""
    end = len(data) if end is None else end
    position = start
    while position + 8 <= end and depth < 8:
        size = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        header = 8
        if size == 1 and position + 16 <= end:
            size, header = int.from_bytes(data[position + 8:position + 16], "big"), 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            return False
        if kind in (b"\xa9xyz", b"loci"):
            return True
        if kind in (b"moov", b"udta", b"trak", b"ilst", b"meta"):
            skip = 4 if kind == b"meta" and data[position + header:position + header + 4] \
                == b"\0\0\0\0" else 0
            if _has_location(data, position + header + skip, position + size, depth + 1):
                return True
        position += size
    return False


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 100 * 1024 else f"{count / 1024:.0f} KB"


def _a(name: str) -> str:
    return ("an " if name in ("AVIF", "SVG", "MP3", "MP4", "M4A", "OGG", "SRT") else "a ") + name


def publishable(path: Path, content_dir: Path) -> bool:
    """May this file be copied to the site at all? (Size is a site's choice; safety is not.)"""
    if outside_content(path, content_dir) or not path.is_file():
        return False
    problems = inspect(path, path.name, content_dir, max(path.stat().st_size, 1))
    return not problems


def _unopenable(rel: str) -> Problem:
    return Problem("CP108", f"{rel} is not a picture file that can be opened.",
                   "Open it in a photo app, save it again as JPG or PNG, and replace the file.")


def _image_problem(path: Path, rel: str) -> Problem | None:
    from PIL import Image, ImageSequence      # here: a site without pictures never needs it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # budget below
            with Image.open(path) as image:
                if image.format != IMAGES[path.suffix.lower().lstrip(".")]:
                    return _unopenable(rel)
                problem = _over_budget(image, rel)
                if problem:
                    return problem
                if image.format == "JPEG":    # decode at 1/8 scale: all the data, 20x faster
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                for frame in ImageSequence.Iterator(image):
                    frame.load()
    except Image.DecompressionBombError:
        return Problem("CP108", f"{rel} has too many pixels to publish.",
                       "Save it smaller, about 2000 pixels wide, and replace the file.")
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
        return _unopenable(rel)
    return None


def decoded_size(image: Image.Image) -> tuple[int, int]:
    """(pixels, bytes) an opened image takes once decoded, from its header alone: all frames,
    at the bytes a pixel takes in Pillow's memory (1 for 1, L and P; 2 for 16-bit; else 4,
    RGB included), and frames after the first of an animation as RGBA."""
    frames = getattr(image, "n_frames", 1)
    per_pixel = 1 if image.mode in ("1", "L", "P") else 2 if image.mode.startswith("I;16") else 4
    pixels = image.width * image.height
    return pixels * frames, pixels * (per_pixel + 4 * (frames - 1))


def _over_budget(image: Image.Image, rel: str) -> Problem | None:
    """CP108 for an image over the decoded-size budget, with the largest size at its shape
    that fits (so no one image can take more than a few hundred MB to publish)."""
    pixels, size = decoded_size(image)
    if pixels <= MAX_PIXELS and size <= MAX_DECODED_BYTES:
        return None
    scale = min(MAX_PIXELS / pixels, MAX_DECODED_BYTES / size) ** 0.5
    frames = getattr(image, "n_frames", 1)
    return Problem(
        "CP108", f"{rel} is {image.width:,} by {image.height:,} pixels"
        + (f" in {frames} frames" if frames > 1 else "")
        + f", which take {_size(size)} of memory to publish; the most the hub publishes is "
        f"{MAX_PIXELS // 1_000_000} million pixels and {_size(MAX_DECODED_BYTES)}.",
        f"Save it at most {int(image.width * scale):,} by {int(image.height * scale):,} pixels"
        + (" a frame, or with fewer frames" if frames > 1 else "")
        + " (about 2000 pixels wide is plenty for a web page), and replace the file.")


# -- SVG -------------------------------------------------------------------------------

def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problems(data: bytes, rel: str) -> list[Problem]:
    """CP107 for anything in an SVG that could run code or reach out to another site."""
    if b"<!entity" in data.lower():
        return [_svg(rel, "defines its own XML entities, which can hide what the file "
                     "really contains")]
    try:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_pis=True))
        parser.feed(data)
        root = parser.close()
    except ET.ParseError:
        return [_unopenable(rel)]
    if not isinstance(root.tag, str) or _local(root.tag) != "svg":
        return [_unopenable(rel)]
    reasons: list[str] = []
    for element in root.iter():
        if element.tag is ET.ProcessingInstruction:
            if "stylesheet" in (element.text or ""):
                reasons.append("loads a style sheet from another file")
            continue
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if tag in DANGEROUS_SVG_TAGS:
            reasons.append(f"has {DANGEROUS_SVG_TAGS[tag]} in it, which could run code in a "
                           "reader's browser")
        if tag == "style":
            reasons += _css_reasons(element.text or "")
        if tag in ("animate", "set") and (
                _local(element.get("attributeName", "")).startswith("on")
                or _local(element.get("attributeName", "")) == "href"):
            reasons.append(f"has an animation (<{tag}>) that changes a link or event "
                           "handler, which could run code in a reader's browser")
        for name, value in element.attrib.items():
            reasons += _attribute_reasons(_local(name), value)
    return [_svg(rel, reason) for reason in dict.fromkeys(reasons)]


def _attribute_reasons(name: str, value: str) -> list[str]:
    target = as_browser_reads(value)
    scheme = target.split(":", 1)[0].lower() if ":" in target else ""
    if name.startswith("on"):
        return [f"has an event handler ({name}=), which could run code in a reader's browser"]
    if scheme in ("javascript", "vbscript"):
        return [f"has a {scheme}: address, which could run code in a reader's browser"]
    if name == "href":
        if scheme == "data":
            return ["has another file written inside it (a data: address), which can hide "
                    "anything, including a photo's location"]
        if EXTERNAL.match(target):
            return [f"loads something from another place ({target[:60]}), which could track "
                    "readers or change the picture"]
    if name == "style" or "url(" in target.lower():
        return _css_reasons(value)
    return []


def _css_reasons(css: str) -> list[str]:
    found = []
    for url in CSS_URL.findall(css):
        if EXTERNAL.match(as_browser_reads(url)):
            found.append(f"loads something from another place ({url[:60]}), which could "
                         "track readers or change the picture")
    return found


def _svg(rel: str, reason: str) -> Problem:
    return Problem("CP107", f"{rel} {reason}.",
                   "Export the picture again as a plain SVG without scripts or links to "
                   "other files (or as a PNG), or ask a maintainer.")


# -- Re-saving images ------------------------------------------------------------------

def clean_image(path: Path) -> bytes:
    """The image at `path` saved again from its pixels, the right way up, with no metadata."""
    from PIL import Image, ImageOps, ImageSequence
    with Image.open(path) as image:
        fmt = image.format
        icc = image.info.get("icc_profile")
        options: dict = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            from PIL import JpegImagePlugin
            sampling = JpegImagePlugin.get_sampling(image)
            options.update(quality=JPEG_QUALITY, optimize=True,
                           progressive=bool(image.info.get("progressive")))
            if sampling != -1:
                options["subsampling"] = sampling
        elif fmt in ("WEBP", "AVIF"):
            options["quality"] = WEBP_QUALITY
        frames = getattr(image, "n_frames", 1)
        if frames > 1:
            pictures, durations = [], []
            for frame in ImageSequence.Iterator(image):
                pictures.append(_pixels_only(frame))
                durations.append(frame.info.get("duration", 100))
            options.update(save_all=True, append_images=pictures[1:], duration=durations,
                           loop=image.info.get("loop", 0))
            first = pictures[0]
        else:
            ImageOps.exif_transpose(image, in_place=True)
            first = _pixels_only(image)
            if "transparency" in image.info and first.mode in ("P", "L", "RGB"):
                options["transparency"] = image.info["transparency"]
        out = io.BytesIO()
        first.save(out, fmt, **options)
        return out.getvalue()


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels (and palette) and no `info` at all: one copy of the
    pixels, so publishing takes at most twice the decoded size."""
    from PIL import Image
    fresh = Image.new(image.mode, image.size)
    fresh.paste(image)
    if image.mode in ("P", "PA"):
        fresh.putpalette(image.getpalette() or [])
    return fresh
