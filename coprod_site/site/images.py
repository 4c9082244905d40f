"""Pictures at the size a reader needs: resized copies, and the `<picture>` that offers them.

A JPEG, PNG, WebP or AVIF a page uses is published in copies 480, 960 and 1600 pixels wide,
never wider than the original (a narrower original gets one copy at its own width), each as
WebP and as a fallback every browser shows: PNG for a PNG or a picture with transparency,
JPEG otherwise. Like the full-size copy (media.clean_image), each is saved from its pixels
alone, the right way up, with no metadata but the colour profile. GIFs (they may move) and
SVGs (they draw at any size) are published as they are.

A copy's name carries the first ten hex digits of its original's SHA-256, so a changed photo
gets new addresses (`/media/dana-480.3f2a9c1e0b.webp`). Copies are kept in the site's cache
folder (`.coprod-cache/images/`) under that hash, so a rebuild resizes only what changed;
encoding is deterministic, so the output is the same with or without the cache.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from coprod_site.site.media import _pixels_only, publishable

WIDTHS = (480, 960, 1600)                   # CSS pixels x device pixel ratio of common screens
RESIZED = {"JPEG", "PNG", "WEBP", "AVIF"}
FALLBACK_WIDTH = 960                        # the `src` of browsers that ignore srcset
WEBP_QUALITY = 80
JPEG_QUALITY = 85
SETTINGS = f"v1-{WEBP_QUALITY}-{JPEG_QUALITY}"    # part of each cache key
CACHE = "images"                            # in the site's cache folder, .coprod-cache/
# The text column is at most about 40rem wide (the theme's 65ch measure); less the page's
# 1rem margins on a phone. An Easy Read picture sits in a 9rem column beside its words.
SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
EASY_READ_SIZES = "9rem"
EXTENSION = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
IMG = r'<img(?: [a-z-]+="[^"]*")*>'        # as the sanitiser writes it; values may hold ">"
IMAGE = re.compile(rf"<p>({IMG})</p>|{IMG}")    # alone in a paragraph, or not
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Copy:
    url: str                # site path, such as /media/dana-480.3f2a9c1e0b.webp
    width: int              # pixels
    height: int
    format: str             # WEBP, JPEG or PNG


@dataclass(frozen=True)
class Picture:
    """One published image: its size the right way up, and the copies made of it."""

    url: str                # site path of the full-size copy, such as /media/dana.jpg
    width: int              # pixels, after turning it the right way up
    height: int
    digest: str = ""        # SHA-256 of the original file, hex; "" when it is not resized
    fallback: str = ""      # JPEG or PNG; "" when it is not resized

    @property
    def copies(self) -> tuple[Copy, ...]:
        if not self.digest:
            return ()
        stem = self.url.rsplit(".", 1)[0]
        widths = sorted({min(width, self.width) for width in WIDTHS})
        return tuple(Copy(f"{stem}-{w}.{self.digest[:10]}.{EXTENSION[fmt]}", w,
                          max(1, round(self.height * w / self.width)), fmt)
                     for fmt in ("WEBP", self.fallback) for w in widths)


def measure(source: Path, url: str) -> Picture | None:
    """The `Picture` for the image file at `source`, published at `url`; None for an SVG or
    a file Pillow cannot read (the media checks report those)."""
    try:
        stat = source.stat()
        return _measure(source, url, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=1024)
def _measure(source: Path, url: str, size: int, mtime: int) -> Picture | None:
    from PIL import Image      # here, as in site/media.py: a site without pictures never needs it
    try:
        with Image.open(source) as image:
            width, height = image.size
            if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):     # EXIF: turned on its side
                width, height = height, width
            if image.format not in RESIZED:
                return Picture(url, width, height)
            clear = image.format == "PNG" or image.has_transparency_data
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    return Picture(url, width, height, digest, "PNG" if clear else "JPEG")


def resized(source: Path, picture: Picture, cache: Path | None) -> list[tuple[Copy, bytes]]:
    """Every copy of `picture`, from `cache` when it is there, made (and cached) when not.
    A cache that cannot be written is only slower, never an error."""
    made = []
    for copy in picture.copies:
        key = f"{picture.digest}-{copy.width}-{SETTINGS}.{EXTENSION[copy.format]}"
        data = _read(cache / key) if cache else None
        if data is None:
            data = _resize(source, copy)
            if cache:
                _write(cache / key, data)
        made.append((copy, data))
    return made


def _resize(source: Path, copy: Copy) -> bytes:
    from PIL import Image, ImageOps
    with Image.open(source) as image:
        icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
        ImageOps.exif_transpose(image, in_place=True)   # no copy of the whole picture
        mode = "RGBA" if copy.format != "JPEG" and image.has_transparency_data else "RGB"
        upright = image if image.mode == mode else image.convert(mode)
        pixels = _pixels_only(upright.resize((copy.width, copy.height),
                                             Image.Resampling.LANCZOS))
    options: dict = {"icc_profile": icc} if icc else {}
    if copy.format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=6)
    elif copy.format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        options.update(optimize=True)
    out = io.BytesIO()
    pixels.save(out, copy.format, **options)
    return out.getvalue()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a build stopped half-way leaves no broken copy behind."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


# -- HTML ----------------------------------------------------------------------------------

def picture_html(img: dict[str, str], picture: Picture | None, caption: str = "",
                 lazy: bool = False, sizes: str = SIZES) -> str:
    """One body image as HTML: `img` is its attributes (src, alt, title), already escaped.

    With copies: a `<picture>` with a WebP `<source>` and an `<img>` of the fallback copies,
    with `srcset`, `sizes`, `width` and `height` (of the largest copy, so the browser keeps
    its space before it loads). Without: the `<img>`, with `width` and `height` when known.
    `lazy` adds `loading="lazy"`. With a caption, all of it inside a `<figure>`."""
    attrs = dict(img)
    sources = ""
    if picture is not None:
        copies = picture.copies
        if copies:
            webp = [c for c in copies if c.format == "WEBP"]
            fallback = [c for c in copies if c.format != "WEBP"]
            sources = (f'<source type="image/webp" srcset="{_srcset(webp)}" '
                       f'sizes="{sizes}">')
            src = [c for c in fallback if c.width <= FALLBACK_WIDTH] or fallback
            attrs.update(src=src[-1].url, srcset=_srcset(fallback), sizes=sizes,
                         width=str(fallback[-1].width), height=str(fallback[-1].height))
        else:
            attrs.update(width=str(picture.width), height=str(picture.height))
    if lazy:
        attrs["loading"] = "lazy"
    tag = "<img " + " ".join(f'{name}="{value}"' for name, value in attrs.items()) + ">"
    shown = f"<picture>{sources}{tag}</picture>" if sources else tag
    if caption:
        return f"<figure>{shown}<figcaption>{html.escape(caption, quote=False)}</figcaption></figure>"
    return shown


def _srcset(copies: list[Copy]) -> str:
    return ", ".join(f"{c.url} {c.width}w" for c in copies)


def body_html(body: str, pictures: dict[str, Picture], captions: dict[str, str],
              sizes: str = SIZES) -> str:
    """A page body's HTML (as the sanitiser wrote it) with every `<img>` through
    `picture_html`; `pictures` and `captions` are keyed by the image's site path. The first
    image loads at once, later ones lazily. A captioned image that is a paragraph of its own
    becomes a `<figure>` in the paragraph's place; one inside a sentence keeps its place
    (a figure cannot sit inside a paragraph) and its caption is not shown."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        alone = match.group(1) is not None
        img = dict(ATTRIBUTE.findall(match.group(1) or match.group(0)))
        src = html.unescape(img.get("src", ""))
        caption = captions.get(src, "") if alone else ""
        shown = picture_html(img, pictures.get(src), caption, lazy=count > 1, sizes=sizes)
        return f"<p>{shown}</p>" if alone and not caption else shown

    return IMAGE.sub(replace, body)


def page_html(resource, body: str, root: Path) -> str:
    """`body`, the rendered HTML of `resource`, with its images as pictures, sized for its
    layout; `root` is the site's folder."""
    return body_html(body, *page_images(resource, root))


def page_images(resource, root: Path) -> tuple[dict[str, Picture], dict[str, str], str]:
    """All `page_html` adds to a body: (pictures, captions, sizes) for `body_html`."""
    pictures = {}
    for link in resource.doc.images:
        path = root / (link.target or "")
        if link.kind == "media" and link.target and publishable(path, root / "content"):
            url = "/" + link.target.removeprefix("content/")
            pictures[url] = measure(path, url)
    captions = {"/" + m.file.removeprefix("content/"): m.caption for m in resource.media}
    return pictures, captions, EASY_READ_SIZES if resource.is_easy_read else SIZES
