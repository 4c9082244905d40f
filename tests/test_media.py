"""Media: photos lose their hidden metadata (GPS, camera) on the way to the site, and files
that are links out of content/, of the wrong type, too big, unreadable or unsafe SVGs are
reported (CP107, CP108) and never copied."""

import hashlib
import io
import json
import os
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageSequence, PngImagePlugin

from conftest import make_site, page, run
from coprod_site.site.media import clean_image

TODAY = "2026-04-01"
ALT = "Dana leads a warm-up with the team"
SRT = "1\r\n00:00:01,000 --> 00:00:04,000\r\nWelcome to the warm-up.\r\n"
INTRO = "## What to do\n\nAsk people what they need. Pay them on the day.\n\n"
LINE = 13           # the first line after INTRO in a file written by page()
LIMIT_MB = 5.0


def photo_with_location() -> bytes:
    """A JPEG as a phone makes it: GPS position, camera make and model, turned on its side."""
    image = Image.new("RGB", (60, 30), (200, 40, 40))
    for x in range(60):
        for y in range(10):
            image.putpixel((x, y), (20, 20, 220))        # a blue band along the top
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.Model] = "Acme Phone 12 Pro"
    exif[ExifTags.Base.Orientation] = 6                  # shown turned 90 degrees clockwise
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (53.0, 47.0, 31.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (1.0, 45.0, 12.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def site_with(tmp_path, in_media: dict, body: str, pyproject=None, **keys):
    files = {"content/guides/a.md": page(body=INTRO + body, **keys)}
    files.update({f"content/media/{name}": data for name, data in in_media.items()})
    return make_site(tmp_path, files, pyproject=pyproject)


def problems(root, codes=("CP107", "CP108")):
    code, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    found = [(d["line"], d["column"], d["code"], d["message"], d["suggestion"])
             for d in json.loads(out)["diagnostics"] if d["code"] in codes]
    assert (code == 1) == bool(found)
    return found


def build(root):
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    return root / "public"


def assert_clean_and_upright(published: bytes, size: tuple[int, int]) -> None:
    with Image.open(io.BytesIO(published)) as image:
        assert not image.getexif()                                 # no EXIF: no GPS, no camera
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info and "xmp" not in image.info
        assert image.size == size                                  # turned the right way up
        image = image.convert("RGB")
        top_right, top_left = image.getpixel((size[0] - 5, 2)), image.getpixel((2, 2))
        assert top_right[2] > 150 and top_left[0] > 150            # the blue band is on the right
    assert b"Acme" not in published and b"GPS" not in published


def test_a_photo_is_published_without_location_or_camera_and_the_right_way_up(tmp_path):
    original = photo_with_location()
    root = site_with(tmp_path, {"dana.jpg": original}, f"![{ALT}](../media/dana.jpg)\n")
    with Image.open(root / "content/media/dana.jpg") as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)      # the fixture has a location
    public = build(root)
    assert_clean_and_upright((public / "media/dana.jpg").read_bytes(), (30, 60))
    digest = hashlib.sha256(original).hexdigest()[:10]
    copies = sorted(p.name for p in (public / "media").glob("dana-*"))
    assert copies == [f"dana-30.{digest}.jpg", f"dana-30.{digest}.webp"]   # no wider than it is
    for name in copies:
        assert_clean_and_upright((public / "media" / name).read_bytes(), (30, 60))
    assert (root / "content/media/dana.jpg").read_bytes() == original   # source untouched
    assert (f'<img alt="{ALT}" src="/media/dana-30.{digest}.jpg" srcset="/media/dana-30.{digest}'
            '.jpg 30w" sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)" width="30" '
            'height="60"></picture>') in (public / "guides/a/index.html").read_text()


def test_the_same_photo_always_gives_the_same_bytes(tmp_path):
    (tmp_path / "a.jpg").write_bytes(photo_with_location())
    assert clean_image(tmp_path / "a.jpg") == clean_image(tmp_path / "a.jpg")


def test_jpeg_quality_and_colour_profile_are_kept(tmp_path):
    image = Image.new("RGB", (64, 64), (120, 160, 200))
    icc = b"\x00\x00\x02\x0cfake-but-harmless-colour-profile" * 4
    image.save(tmp_path / "a.jpg", quality=95, icc_profile=icc)
    with Image.open(io.BytesIO(clean_image(tmp_path / "a.jpg"))) as cleaned:
        assert cleaned.info.get("icc_profile") == icc
        red, green, blue = cleaned.getpixel((32, 32))
        assert abs(red - 120) <= 3 and abs(green - 160) <= 3 and abs(blue - 200) <= 3


def test_png_text_chunks_and_exif_are_removed(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Sam Jones, 14 Acacia Road")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 53.79 -1.75</x:xmpmeta>")
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Acme Phone"
    Image.new("RGBA", (8, 8), (10, 20, 30, 128)).save(tmp_path / "a.png", pnginfo=info, exif=exif)
    cleaned = clean_image(tmp_path / "a.png")
    assert b"Acacia" not in cleaned and b"xmpmeta" not in cleaned and b"Acme" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1)) == (10, 20, 30, 128)
        assert not image.text and not image.getexif()


def test_gif_comments_go_and_animation_stays(tmp_path):
    frames = [Image.new("RGB", (6, 6), (80 * i, 0, 0)) for i in range(3)]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:],
                   duration=[50, 60, 70], loop=0, comment=b"taken at 14 Acacia Road")
    cleaned = clean_image(tmp_path / "a.gif")
    assert b"Acacia" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 3
        assert [f.info["duration"] for f in ImageSequence.Iterator(image)] == [50, 60, 70]


@pytest.mark.parametrize("fmt, name", [("WEBP", "a.webp"), ("AVIF", "a.avif")])
def test_webp_and_avif_lose_their_exif(tmp_path, fmt, name):
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Acme Phone 12 Pro"
    Image.new("RGB", (16, 16), (0, 128, 0)).save(tmp_path / name, fmt, exif=exif)
    assert b"Acme" in (tmp_path / name).read_bytes()
    cleaned = clean_image(tmp_path / name)
    assert b"Acme" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == fmt and image.size == (16, 16) and not image.getexif()


def test_an_image_that_cannot_be_opened_is_a_clear_error(tmp_path):
    root = site_with(tmp_path, {"broken.jpg": b"\xff\xd8\xff\xe0" + b"not really a photo" * 20},
                     f"![{ALT}](../media/broken.jpg)\n")
    assert problems(root) == [(LINE, 1, "CP108", "content/media/broken.jpg is not a picture "
                               "file that can be opened.",
                               "Open it in a photo app, save it again as JPG or PNG, and "
                               "replace the file.")]


RETYPE = "Save it again in the type its name says, or give it the right ending."


@pytest.mark.parametrize("files, body, found", [
    ({"chart.png": photo_with_location(),
      "guide.pdf": b"<html><script>alert(1)</script></html>"},
     f"![{ALT}](../media/chart.png)\n\n[The printable guide](../media/guide.pdf)\n",
     ["content/media/chart.png is named .png, but it is really a JPEG file.",
      "content/media/guide.pdf is named .pdf, but it is not really a PDF file."]),
    ({"clip.vtt": SRT, "clip.srt": "Welcome to the warm-up.\n"},        # captions too
     "[Captions](../media/clip.vtt)\n\n[Subtitles](../media/clip.srt)\n",
     ["content/media/clip.vtt is named .vtt, but it is really an SRT file.",
      "content/media/clip.srt is named .srt, but it is not really an SRT file."]),
])
def test_a_file_whose_contents_do_not_match_its_name(tmp_path, files, body, found):
    root = site_with(tmp_path, files, body)
    assert problems(root) == [(LINE, 1, "CP108", found[0], RETYPE),
                              (LINE + 2, 1, "CP108", found[1], RETYPE)]


def test_a_type_that_is_not_allowed_is_an_error_and_never_copied(tmp_path):
    body = "[The sign-up page](../media/signup.html)\n"
    root = site_with(tmp_path, {"signup.html": "<script>alert(1)</script>"}, body)
    assert problems(root) == [(LINE, 1, "CP108", "content/media/signup.html is not a type of "
                               "file the hub publishes.",
                               "Use pictures (JPG, PNG, GIF, WebP, AVIF, SVG), sound (MP3, OGG, "
                               "WAV, M4A), video (MP4, WebM), captions for them (WebVTT, "
                               "SRT) or PDF. Other files can be shared by a link to where they "
                               "are kept.")]
    root = site_with(tmp_path / "off", {"signup.html": "<script>alert(1)</script>"}, body,
                     pyproject='[tool.coprod.rules]\nCP108 = "off"\n')
    assert not (build(root) / "media/signup.html").exists()


def test_a_file_over_the_size_limit(tmp_path):
    pdf = b"%PDF-1.7\n" + b"0" * 30_000
    root = site_with(tmp_path, {"report.pdf": pdf}, "[The full report](../media/report.pdf)\n",
                     pyproject="[tool.coprod]\nmedia_max_mb = 0.02\n")
    assert problems(root) == [(LINE, 1, "CP108", "content/media/report.pdf is 29 KB; the most "
                               "the hub publishes is 20 KB, so pages stay quick on slow "
                               "connections.",
                               "Make it smaller: save photos about 2000 pixels wide, or shorten "
                               "or compress sound and video.")]


def test_the_default_limit_is_five_megabytes(tmp_path):
    big = b"%PDF-1.7\n" + b"0" * int(LIMIT_MB * 1024 * 1024)
    root = site_with(tmp_path, {"report.pdf": big}, "[The full report](../media/report.pdf)\n")
    assert [p[3] for p in problems(root)] == [
        "content/media/report.pdf is 5.0 MB; the most the hub publishes is 5.0 MB, so pages "
        "stay quick on slow connections."]


SYMLINK_MESSAGE = ("content/media/{} is a link to another file (a symbolic link), so it is not "
                   "published: it could expose files from the computer that builds the site.")
SYMLINK_ADVICE = "Replace the link with a copy of the file itself, inside content/media/."


def test_a_media_file_that_links_outside_content_is_reported_and_never_copied(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7\nthe build machine's private file")
    body = "[The full report](../media/report.pdf)\n"
    root = site_with(tmp_path / "site", {}, body)
    (root / "content/media").mkdir()
    os.symlink(secret, root / "content/media/report.pdf")
    assert problems(root) == [(LINE, 1, "CP107", SYMLINK_MESSAGE.format("report.pdf"),
                               SYMLINK_ADVICE)]
    (root / "pyproject.toml").write_text('[tool.coprod.rules]\nCP107 = "off"\n')
    public = build(root)
    assert not (public / "media/report.pdf").exists()
    assert not any(b"private file" in p.read_bytes() for p in public.rglob("*") if p.is_file())


def test_a_media_folder_that_is_a_link_is_reported(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.pdf").write_bytes(b"%PDF-1.7\nfrom outside the site")
    root = site_with(tmp_path / "site", {}, "[The notes](../media/notes.pdf)\n")
    os.symlink(elsewhere, root / "content/media")
    assert problems(root) == [(LINE, 1, "CP107", SYMLINK_MESSAGE.format("notes.pdf"),
                               SYMLINK_ADVICE)]


def test_a_media_item_in_front_matter_is_reported_at_its_line(tmp_path):
    media = [{"file": "media/broken.jpg", "alt": ALT, "shows": []}]
    root = site_with(tmp_path, {"broken.jpg": b"\xff\xd8\xffnot a photo"}, "Fine.\n", media=media)
    # page() writes: ---, title, summary, topics, - payment, published, media:, - file: ...
    assert problems(root) == [(8, 3, "CP108", "content/media/broken.jpg is not a picture file "
                               "that can be opened.", "Open it in a photo app, save it again "
                               "as JPG or PNG, and replace the file.")]


SVG_ADVICE = ("Export the picture again as a plain SVG without scripts or links to other files "
              "(or as a PNG), or ask a maintainer.")
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize("inside, reason", [
    ("<script>alert(1)</script>", "has a script in it, which could run code in a reader's browser"),
    ('<rect width="5" height="5" onload="alert(1)"/>',
     "has an event handler (onload=), which could run code in a reader's browser"),
    ("<foreignObject><p>hi</p></foreignObject>", "has a foreignObject (a web page inside the "
     "picture) in it, which could run code in a reader's browser"),
    ('<image href="https://tracker.example/pixel.png"/>',
     "loads something from another place (https://tracker.example/pixel.png), which could "
     "track readers or change the picture"),
    ('<use xlink:href="file:///etc/passwd#x"/>',
     "loads something from another place (file:///etc/passwd#x), which could track readers "
     "or change the picture"),
    ('<image href="data:image/jpeg;base64,/9j/4AAQ"/>',
     "has another file written inside it (a data: address), which can hide anything, "
     "including a photo's location"),
    ('<a xlink:href="javascript:alert(1)"><text>x</text></a>',
     "has a javascript: address, which could run code in a reader's browser"),
    ('<a><set attributeName="href" to="javascript:alert(1)"/></a>',
     "has an animation (<set>) that changes a link or event handler, which could run code in "
     "a reader's browser"),
    ("<style>rect { fill: url(https://tracker.example/x.svg#g) }</style>",
     "loads something from another place (https://tracker.example/x.svg#g), which could track "
     "readers or change the picture"),
])
def test_unsafe_svgs_are_errors(tmp_path, inside, reason):
    svg = f'<?xml version="1.0"?>\n{SVG_OPEN}{inside}</svg>\n'
    root = site_with(tmp_path, {"logo.svg": svg}, f"![{ALT}](../media/logo.svg)\n")
    assert (LINE, 1, "CP107", f"content/media/logo.svg {reason}.", SVG_ADVICE) in problems(root)


def test_an_svg_with_entities_is_refused(tmp_path):
    svg = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
           f'{SVG_OPEN}<text>&a;</text></svg>')
    root = site_with(tmp_path, {"logo.svg": svg}, f"![{ALT}](../media/logo.svg)\n")
    assert [p[3] for p in problems(root)] == [
        "content/media/logo.svg defines its own XML entities, which can hide what the file "
        "really contains."]


def test_a_plain_svg_is_copied_exactly(tmp_path):
    svg = (f'{SVG_OPEN}<defs><linearGradient id="g"/></defs>'
           '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>\n')
    root = site_with(tmp_path, {"logo.svg": svg}, f"![{ALT}](../media/logo.svg)\n")
    assert problems(root) == []
    assert (build(root) / "media/logo.svg").read_text() == svg


def test_an_unsafe_svg_is_never_copied_even_with_the_rule_off(tmp_path):
    svg = f"{SVG_OPEN}<script>alert(1)</script></svg>"
    root = site_with(tmp_path, {"logo.svg": svg}, f"![{ALT}](../media/logo.svg)\n",
                     pyproject='[tool.coprod.rules]\nCP107 = "off"\n')
    assert not (build(root) / "media/logo.svg").exists()


def test_sound_video_and_pdf_are_checked_by_their_first_bytes(tmp_path):
    files = {"talk.mp3": b"ID3\x04\x00" + b"\x00" * 64, "talk.ogg": b"OggS" + b"\x00" * 64,
             "talk.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64,
             "clip.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
             "clip.webm": b"\x1a\x45\xdf\xa3" + b"\x00" * 64, "notes.pdf": b"%PDF-1.4\n%%EOF\n"}
    body = "\n\n".join(f"[Get {name.split('.')[1]} of the talk](../media/{name})" for name in files)
    root = site_with(tmp_path, files, body + "\n")
    assert problems(root) == []
    public = build(root)
    for name, data in files.items():
        assert (public / "media" / name).read_bytes() == data


def box(kind: bytes, payload: bytes) -> bytes:
    """One MP4 box: size, type, contents."""
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def test_a_video_that_says_where_it_was_filmed_is_an_error(tmp_path):
    ftyp = box(b"ftyp", b"mp42\0\0\0\0mp42isom")
    where = box(b"\xa9xyz", b"\0\x12\x15\xc7+53.7900-001.7500/")
    filmed_at_home = ftyp + box(b"moov", box(b"mvhd", b"\0" * 100) + box(b"udta", where)) \
        + box(b"mdat", b"\0" * 64)
    no_location = ftyp + box(b"moov", box(b"mvhd", b"\0" * 100)) + box(b"mdat", b"\0" * 64)
    root = site_with(tmp_path, {"home.mp4": filmed_at_home, "club.mp4": no_location},
                     "[Watch Dana at home](../media/home.mp4)\n\n"
                     "[Watch the training night](../media/club.mp4)\n")
    assert problems(root) == [(LINE, 1, "CP107", "content/media/home.mp4 has the place where "
                               "it was recorded written inside it (a GPS location), which "
                               "could show where someone lives.",
                               "Export it again with location turned off (on a phone: share "
                               "it with 'Location' unticked), or ask a maintainer to remove "
                               "the location.")]


def test_an_image_that_cannot_be_saved_again_stops_the_build_with_a_clear_message(
        tmp_path, monkeypatch):
    from coprod_site.site import media

    def fails(path):
        raise OSError("encoder error -2")

    photo = photo_with_location()
    root = site_with(tmp_path, {"dana.jpg": photo}, f"![{ALT}](../media/dana.jpg)\n")
    monkeypatch.setattr(media, "clean_image", fails)
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 2 and "Traceback" not in out + err
    assert err == ("coprod: content/media/dana.jpg could not be saved again without its hidden "
                   "details (encoder error -2), so nothing was published and the previous site "
                   "is unchanged. Open it in a photo app, save it again as JPG or PNG, and "
                   "replace the file.\n")
    assert not (root / "public").exists()


def test_a_photo_cut_off_part_way_is_caught_when_checking(tmp_path):
    photo = photo_with_location()
    root = site_with(tmp_path, {"cut.jpg": photo[: len(photo) // 2]},
                     f"![{ALT}](../media/cut.jpg)\n")
    assert [p[3] for p in problems(root)] == [
        "content/media/cut.jpg is not a picture file that can be opened."]


def blank_png(width: int, height: int) -> bytes:
    """An RGBA PNG of transparent pixels, written row by row (never held decoded): 9,400 by
    9,400 pixels is a 336 KB file that takes 337 MB once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    row, packer = b"\0" * (1 + width * 4), zlib.compressobj()
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6,
                                                             0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def test_a_picture_too_big_to_decode_is_refused_with_the_size_to_aim_for(tmp_path):
    huge = blank_png(9400, 9400)
    assert len(huge) // 1024 == 335
    root = site_with(tmp_path, {"huge.png": huge}, "![Nothing to see](../media/huge.png)\n")
    assert problems(root) == [(LINE, 1, "CP108", "content/media/huge.png is 9,400 by 9,400 "
                               "pixels, which take 337.1 MB of memory to publish; the most the "
                               "hub publishes is 40 million pixels and 160.0 MB.",
                               "Save it at most 6,324 by 6,324 pixels (about 2000 pixels wide "
                               "is plenty for a web page), and replace the file.")]


def test_an_animation_is_measured_by_all_its_frames(tmp_path):
    frames = [Image.new("P", (2000, 2000), n) for n in range(11)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    root = site_with(tmp_path, {"moving.gif": out.getvalue()},
                     "![Colours changing](../media/moving.gif)\n")
    assert problems(root) == [(LINE, 1, "CP108", "content/media/moving.gif is 2,000 by 2,000 "
                               "pixels in 11 frames, which take 156.4 MB of memory to publish; the "
                               "most the hub publishes is 40 million pixels and 160.0 MB.",
                               "Save it at most 1,906 by 1,906 pixels a frame, or with fewer "
                               "frames (about 2000 pixels wide is plenty for a web page), and "
                               "replace the file.")]


def test_a_missing_media_file_is_one_broken_link_not_a_media_problem_too(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(
        body="![A room set out for a meeting](../media/room.jpg)\n")})
    code, out, _ = run(root, "check", "--today", "2026-06-01", "--format", "json")
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["CP601"]


VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the warm-up.\n"


def test_captions_for_a_video_are_published_beside_it(tmp_path):
    files = {"clip.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
             "clip.vtt": VTT.encode(), "clip-cy.srt": ("\ufeff" + SRT).encode()}
    body = ("[Watch the warm-up](../media/clip.mp4), with [captions](../media/clip.vtt) and "
            "[Welsh subtitles](../media/clip-cy.srt).\n")
    root = site_with(tmp_path, files, body)
    assert problems(root, codes=("CP107", "CP108", "CP504")) == []
    public = build(root)
    for name, data in files.items():
        assert (public / "media" / name).read_bytes() == data


def test_a_withdrawn_name_in_captions_withdraws_the_page_that_uses_them(tmp_path):
    from test_consent_hub import PRIYA, WALKING, case_study, guide
    files = {WALKING: case_study(PRIYA, "Priya Shah walks.\n"),
             "content/guides/talk.md": guide("[Watch the talk](../media/talk.mp4) with "
                                             "[captions](../media/talk.vtt).\n"),
             "content/media/talk.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
             "content/media/talk.vtt": VTT.replace("Welcome", "<v Priya Shah>Welcome")}
    root = make_site(tmp_path, files)
    code, out, err = run(root, "build", "--today", "2026-11-23", "--strict")
    assert (code, err) == (0, "")
    assert "it uses media/talk.vtt, which names Priya Shah inside it" in out
    assert not (root / "public/guides/talk").exists()
    assert not (root / "public/media/talk.vtt").exists()
    assert not [p for p in (root / "public").rglob("*")
                if p.is_file() and b"priya" in p.read_bytes().lower()]
