"""The same picture under another file name (media_people.py)."""

from __future__ import annotations

from PIL import Image

from coprod_site.media_people import digests, same_picture


def test_a_copy_is_the_same_picture_by_bytes_or_pixels_and_others_are_not(tmp_path):
    media = tmp_path / "content/media"
    media.mkdir(parents=True)
    photo = Image.new("RGB", (6, 4), "green")
    photo.save(media / "priya.png")
    (media / "walk.png").write_bytes((media / "priya.png").read_bytes())
    photo.save(media / "again.png", compress_level=0)             # other bytes, same pixels
    assert (media / "again.png").read_bytes() != (media / "priya.png").read_bytes()
    photo.putpixel((0, 0), (0, 0, 0))
    photo.save(media / "other.png")
    Image.new("RGB", (4, 6), "green").save(media / "turned.png")  # other size: not decoded
    (media / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    shown = {"content/media/priya.png": (("content/case-studies/x.md", "priya"),)}
    used = ["content/media/" + n for n in ("priya.png", "walk.png", "again.png",
                                            "other.png", "turned.png", "notes.pdf", "gone.jpg")]
    assert same_picture(tmp_path, shown, used) == {
        "content/media/walk.png": "content/media/priya.png",
        "content/media/again.png": "content/media/priya.png"}
    assert [d.split(":")[0] for d in sorted(digests(media / "turned.png", {(6, 4)}))] == ["bytes"]
    assert digests(media / "gone.jpg") == frozenset()
