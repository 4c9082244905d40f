"""What a media file carries that can show or name a person, for the people register and the
verify step (content.md, "Consent across the hub").

- `same_picture`: the same photo under another file name is the same person. Files are
  compared by the SHA-256 of their bytes, and pictures Pillow can open also by the SHA-256 of
  their decoded pixels (a photo saved again without changes, or as PNG), and by a difference
  hash (`look`: Krawetz's dHash, 64 bits from a 9×8 grey thumbnail), so a copy resized or
  saved again at another quality (the hub's own 400-pixel copy, downloaded) is the same
  picture too: at most `LOOK_BITS` of the 64 bits differ, the shapes match within 2%, and
  neither picture is so plain (fewer than 12 bits of either value) that unrelated plain
  pictures would look alike.
- `media_text`: the words a published file carries. Pictures are saved again from their
  pixels alone (`site.media.clean_image`), so only the files published as they are carry
  text: SVG (`media_text_xml`), PDF (`media_text_pdf`), audio and video tags
  (`media_text_tags`), and the printable text in their bytes (`media_text_runs`).
"""

from __future__ import annotations

import hashlib
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from coprod_site.site.media import IMAGES, MAX_DECODED_BYTES, MAX_PIXELS, decoded_size


def digests(path: Path, sizes=None) -> frozenset[str]:
    """The SHA-256 of a file's bytes ("bytes:…"), and for a picture Pillow opens within the
    decoded-size budget, of its pixels ("pixels:…", only when its width and height are in
    `sizes`, if given: decoding is the slow part); empty when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return frozenset()
    found = set(_bytes_digest(path, stat.st_size, stat.st_mtime_ns))
    if found and path.suffix.lower().lstrip(".") in IMAGES:
        size = _picture_size(path, stat.st_size, stat.st_mtime_ns)
        if size and (sizes is None or size in sizes):
            pixels = _pixel_digest(path, stat.st_size, stat.st_mtime_ns)
            if pixels:
                found.add(pixels)
    return frozenset(found)


@lru_cache(maxsize=4096)
def _bytes_digest(path: Path, size: int, mtime: int) -> tuple[str, ...]:
    try:
        return ("bytes:" + hashlib.sha256(path.read_bytes()).hexdigest(),)
    except OSError:
        return ()


@lru_cache(maxsize=4096)
def _picture_size(path: Path, size: int, mtime: int) -> tuple[int, int] | None:
    """(width, height) from an image's header, without decoding it."""
    from PIL import Image      # here, as in site/media.py: a site without pictures never needs it
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return None


@lru_cache(maxsize=1024)
def _pixel_digest(path: Path, size: int, mtime: int) -> str | None:
    from PIL import Image
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                pixels, size = decoded_size(image)
                if pixels > MAX_PIXELS or size > MAX_DECODED_BYTES:
                    return None
                rgba = image.convert("RGBA")
                digest = hashlib.sha256(f"{rgba.width}x{rgba.height}".encode())
                digest.update(rgba.tobytes())
                return "pixels:" + digest.hexdigest()
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, Image.DecompressionBombError):
        return None


LOOK_BITS = 4


def same_picture(root: Path, shown: Mapping[str, tuple], used) -> dict[str, str]:
    """Each media path in `used` (relative to the site's `root`) that is not in `shown` but is
    the same file or picture as one that is: copy -> the path of the file it is the same as
    ("content/media/x.jpg"). Pixels are compared only for pictures as wide and high as a
    shown one; looks (`look`) for every picture."""
    if not shown:
        return {}
    by_digest = {}
    for path in sorted(shown):
        for digest in digests(root / path):
            by_digest.setdefault(digest, path)
    sizes = {_size_of(root / path) for path in shown} - {None}
    looks = [(found, path) for path in sorted(shown) if (found := look(root / path))]
    copies = {}
    for path in sorted(set(used) - set(shown)):
        originals = [by_digest[d] for d in sorted(digests(root / path, sizes))
                     if d in by_digest]
        mine = look(root / path) if not originals else None
        if mine:
            originals = [p for other, p in looks if _alike(mine, other)]
        if originals:
            copies[path] = originals[0]
    return copies


def look(path: Path) -> tuple[int, float] | None:
    """(dHash, width / height) of a picture, or None for a file that is not one."""
    if path.suffix.lower().lstrip(".") not in IMAGES or path.suffix.lower() == ".svg":
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return _look(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _look(path: Path, size: int, mtime: int) -> tuple[int, float] | None:
    from PIL import Image
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                pixels, decoded = decoded_size(image)
                if pixels > MAX_PIXELS or decoded > MAX_DECODED_BYTES or not image.height:
                    return None
                shape = image.width / image.height
                image.draft("L", (64, 64))            # JPEG: decode at a fraction of the size
                grey = image.convert("L").resize((9, 8), Image.LANCZOS)
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, Image.DecompressionBombError):
        return None
    values = list(grey.tobytes())                      # one byte a pixel ("L")
    bits = 0
    for row in range(8):
        for column in range(8):
            bits = bits << 1 | (values[row * 9 + column] > values[row * 9 + column + 1])
    return bits, shape


def _alike(one: tuple[int, float], other: tuple[int, float]) -> bool:
    (a, shape_a), (b, shape_b) = one, other
    plain = min(bin(a).count("1"), 64 - bin(a).count("1"), bin(b).count("1"),
                64 - bin(b).count("1")) < 12
    return not plain and abs(shape_a - shape_b) <= 0.02 * shape_b \
        and bin(a ^ b).count("1") <= LOOK_BITS


def _size_of(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _picture_size(path, stat.st_size, stat.st_mtime_ns)
