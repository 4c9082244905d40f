"""Pictures at the size a reader needs: resized WebP and JPEG/PNG copies without metadata,
cached by content hash, and the exact `<picture>` / `<figure>` HTML a page gets."""

import hashlib
import io

from PIL import ExifTags, Image

from conftest import make_site, page, run
from coprod_site.site import images
from coprod_site.site.images import Copy, Picture, body_html, measure, picture_html, resized

SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
DIGEST = "0123456789abcdef" * 4


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def phone_photo(width: int = 2000, height: int = 1000) -> bytes:
    """A JPEG with GPS and camera details, stored on its side (EXIF orientation 6)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N",
                                  ExifTags.GPS.GPSLatitude: (53.0, 47.0, 31.0)}
    return saved(Image.new("RGB", (width, height), (200, 40, 40)), "JPEG", exif=exif)


# -- which copies ----------------------------------------------------------------------

def test_a_large_photo_gets_three_widths_in_webp_and_jpeg():
    picture = Picture("/media/dana.jpg", 2000, 1334, DIGEST, "JPEG")
    assert [(c.url, c.width, c.height) for c in picture.copies] == [
        ("/media/dana-480.0123456789.webp", 480, 320),
        ("/media/dana-960.0123456789.webp", 960, 640),
        ("/media/dana-1600.0123456789.webp", 1600, 1067),
        ("/media/dana-480.0123456789.jpg", 480, 320),
        ("/media/dana-960.0123456789.jpg", 960, 640),
        ("/media/dana-1600.0123456789.jpg", 1600, 1067),
    ]


def test_copies_are_never_wider_than_the_original():
    assert [c.width for c in Picture("/media/a.png", 700, 350, DIGEST, "PNG").copies] == \
        [480, 700, 480, 700]
    assert [(c.url, c.width) for c in Picture("/media/a.png", 300, 200, DIGEST, "PNG").copies] == \
        [("/media/a-300.0123456789.webp", 300), ("/media/a-300.0123456789.png", 300)]


def test_measure_reads_the_size_the_right_way_up_and_the_fallback(tmp_path):
    (tmp_path / "side.jpg").write_bytes(phone_photo())
    (tmp_path / "clear.webp").write_bytes(saved(Image.new("RGBA", (40, 20)), "WEBP"))
    (tmp_path / "solid.webp").write_bytes(saved(Image.new("RGB", (40, 20)), "WEBP"))
    (tmp_path / "flat.png").write_bytes(saved(Image.new("RGB", (40, 20)), "PNG"))
    (tmp_path / "moving.gif").write_bytes(saved(Image.new("P", (40, 20)), "GIF"))
    (tmp_path / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff not really")
    digest = hashlib.sha256((tmp_path / "side.jpg").read_bytes()).hexdigest()
    assert measure(tmp_path / "side.jpg", "/media/side.jpg") == \
        Picture("/media/side.jpg", 1000, 2000, digest, "JPEG")
    assert measure(tmp_path / "clear.webp", "/m/c.webp").fallback == "PNG"
    assert measure(tmp_path / "solid.webp", "/m/s.webp").fallback == "JPEG"
    assert measure(tmp_path / "flat.png", "/m/f.png").fallback == "PNG"
    assert measure(tmp_path / "moving.gif", "/m/g.gif") == Picture("/m/g.gif", 40, 20)
    assert measure(tmp_path / "drawing.svg", "/m/d.svg") is None
    assert measure(tmp_path / "broken.jpg", "/m/b.jpg") is None
    assert measure(tmp_path / "missing.jpg", "/m/x.jpg") is None


# -- making them -----------------------------------------------------------------------

def test_copies_are_resized_upright_and_without_metadata(tmp_path):
    (tmp_path / "side.jpg").write_bytes(phone_photo())
    picture = measure(tmp_path / "side.jpg", "/media/side.jpg")
    made = resized(tmp_path / "side.jpg", picture, None)
    assert [(c.width, c.format) for c, _ in made] == \
        [(480, "WEBP"), (960, "WEBP"), (1000, "WEBP"), (480, "JPEG"), (960, "JPEG"), (1000, "JPEG")]
    for copy, data in made:
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == copy.format
            assert image.size == (copy.width, copy.height)
            assert image.size[1] == 2 * image.size[0]                  # stood up, not lying down
            assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
        assert b"Acme" not in data and b"GPS" not in data


def test_transparency_is_kept_in_a_png_fallback(tmp_path):
    clear = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    (tmp_path / "logo.png").write_bytes(saved(clear, "PNG"))
    picture = measure(tmp_path / "logo.png", "/media/logo.png")
    for copy, data in resized(tmp_path / "logo.png", picture, None):
        with Image.open(io.BytesIO(data)) as image:
            assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0, copy


def test_copies_are_cached_by_content_hash_and_the_same_either_way(tmp_path):
    (tmp_path / "a.jpg").write_bytes(phone_photo(1200, 800))
    picture = measure(tmp_path / "a.jpg", "/media/a.jpg")
    cache = tmp_path / ".coprod-cache" / "images"
    first = resized(tmp_path / "a.jpg", picture, cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        f"{picture.digest}-{w}-{images.SETTINGS}.{ext}" for w in (480, 800) for ext in ("webp", "jpg"))
    assert resized(tmp_path / "a.jpg", picture, None) == first       # no cache: same bytes
    marked = cache / f"{picture.digest}-480-{images.SETTINGS}.webp"
    marked.write_bytes(b"from the cache")
    assert resized(tmp_path / "a.jpg", picture, cache)[0][1] == b"from the cache"


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    (tmp_path / "a.png").write_bytes(saved(Image.new("RGB", (100, 50)), "PNG"))
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    picture = measure(tmp_path / "a.png", "/media/a.png")
    assert [c.width for c, _ in resized(tmp_path / "a.png", picture, tmp_path / "cache")] == [100, 100]


def test_a_rebuild_takes_copies_from_the_cache(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="Ask people what they need.\n\n"
                                    "![Dana leads a warm-up](../media/dana.jpg)\n"),
        "content/media/dana.jpg": phone_photo(1200, 600)})
    assert run(root, "build", "--today", "2026-04-01")[0] == 0
    first = {p.name: p.read_bytes() for p in (root / "public" / "media").iterdir()}
    assert len(first) == 5                          # the full-size copy and 2 x (480, 600)
    cached = sorted((root / ".coprod-cache" / "images").iterdir())
    assert len(cached) == 4
    for path in cached:
        path.write_bytes(path.read_bytes() + b"cached")
    assert run(root, "build", "--today", "2026-04-01")[0] == 0
    again = {p.name: p.read_bytes() for p in (root / "public" / "media").iterdir()}
    assert sorted(again) == sorted(first)
    assert sum(data.endswith(b"cached") for data in again.values()) == 4
    assert run(root, "build", "--today", "2026-04-01", "--no-cache")[0] == 0
    fresh = {p.name: p.read_bytes() for p in (root / "public" / "media").iterdir()}
    assert fresh == first                           # made again, byte for byte the same


# -- the HTML --------------------------------------------------------------------------

PICTURE = Picture("/media/dana.jpg", 2000, 1000, DIGEST, "JPEG")
WEBP = ("/media/dana-480.0123456789.webp 480w, /media/dana-960.0123456789.webp 960w, "
        "/media/dana-1600.0123456789.webp 1600w")
JPEG = ("/media/dana-480.0123456789.jpg 480w, /media/dana-960.0123456789.jpg 960w, "
        "/media/dana-1600.0123456789.jpg 1600w")


def test_picture_html_offers_webp_and_a_fallback_with_its_size():
    assert picture_html({"alt": "Dana &amp; Sam", "src": "/media/dana.jpg"}, PICTURE) == (
        f'<picture><source type="image/webp" srcset="{WEBP}" sizes="{SIZES}">'
        f'<img alt="Dana &amp; Sam" src="/media/dana-960.0123456789.jpg" srcset="{JPEG}" '
        f'sizes="{SIZES}" width="1600" height="800"></picture>')


def test_picture_html_with_a_caption_is_a_figure_and_can_load_lazily():
    assert picture_html({"alt": "A cup", "src": "/media/cup.gif"},
                        Picture("/media/cup.gif", 40, 20), caption="Tea <first>", lazy=True) == (
        '<figure><img alt="A cup" src="/media/cup.gif" width="40" height="20" loading="lazy">'
        '<figcaption>Tea &lt;first&gt;</figcaption></figure>')
    assert picture_html({"alt": "A map", "src": "/media/map.svg"}, None, lazy=True) == \
        '<img alt="A map" src="/media/map.svg" loading="lazy">'


def test_body_html_first_image_eager_later_lazy_and_captions_only_on_their_own():
    body = ('<p>Intro.</p>\n<p><img alt="Dana" src="/media/dana.jpg"></p>\n'
            '<p><img alt="A map" src="/media/map.svg"> Where we meet.</p>\n'
            '<p><img alt="A map" src="/media/map.svg"></p>')
    captions = {"/media/dana.jpg": "Dana at training", "/media/map.svg": "The way in"}
    assert body_html(body, {"/media/dana.jpg": PICTURE}, captions) == (
        '<p>Intro.</p>\n'
        f'<figure><picture><source type="image/webp" srcset="{WEBP}" sizes="{SIZES}">'
        f'<img alt="Dana" src="/media/dana-960.0123456789.jpg" srcset="{JPEG}" sizes="{SIZES}" '
        'width="1600" height="800"></picture><figcaption>Dana at training</figcaption></figure>\n'
        '<p><img alt="A map" src="/media/map.svg" loading="lazy"> Where we meet.</p>\n'
        '<figure><img alt="A map" src="/media/map.svg" loading="lazy">'
        '<figcaption>The way in</figcaption></figure>')


def test_body_html_reads_alt_text_with_angle_brackets():
    assert body_html('<p><img alt="Score > 5 <b>" src="/media/cup.gif"></p>',
                     {"/media/cup.gif": Picture("/media/cup.gif", 40, 20)}, {}) == \
        '<p><img alt="Score > 5 <b>" src="/media/cup.gif" width="40" height="20"></p>'


def test_body_html_keeps_an_uncaptioned_image_in_its_paragraph():
    assert body_html('<p><img alt="Cup" src="/media/cup.gif"></p>',
                     {"/media/cup.gif": Picture("/media/cup.gif", 40, 20)}, {}, sizes="9rem") == \
        '<p><img alt="Cup" src="/media/cup.gif" width="40" height="20"></p>'


def test_copy_names_say_what_they_are():
    assert Picture("/media/a.b.png", 100, 100, DIGEST, "PNG").copies[1] == \
        Copy("/media/a.b-100.0123456789.png", 100, 100, "PNG")
