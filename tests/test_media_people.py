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


def scene(seed: int, size=(1200, 800)) -> Image.Image:
    """A made-up photo: coloured shapes at places fixed by `seed`."""
    import random
    from PIL import ImageDraw
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse((x, y, x + rng.randrange(80, 400), y + rng.randrange(80, 400)),
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    return image


def test_a_copy_resized_or_saved_at_another_quality_looks_the_same_and_others_do_not(
        tmp_path):
    media = tmp_path / "content/media"
    media.mkdir(parents=True)
    photo = scene(1)
    photo.save(media / "priya.jpg", quality=95)
    photo.resize((400, 267)).save(media / "walk-400.jpg", quality=70)      # the hub's own copy
    photo.save(media / "smaller.webp", quality=50)
    scene(2).save(media / "other.jpg", quality=95)
    Image.new("RGB", (1200, 800), "green").save(media / "plain.png")
    Image.new("RGB", (1200, 800), "blue").save(media / "plain-too.png")
    shown = {"content/media/priya.jpg": (("content/case-studies/x.md", "priya"),),
             "content/media/plain.png": (("content/case-studies/x.md", "priya"),)}
    used = ["content/media/" + n for n in ("walk-400.jpg", "smaller.webp", "other.jpg",
                                            "plain-too.png")]
    assert same_picture(tmp_path, shown, used) == {
        "content/media/walk-400.jpg": "content/media/priya.jpg",
        "content/media/smaller.webp": "content/media/priya.jpg"}
    for seed in range(3, 23):                          # twenty other pictures: none alike
        scene(seed).save(media / f"scene{seed}.jpg", quality=80)
    assert same_picture(tmp_path, shown, [f"content/media/scene{s}.jpg"
                                          for s in range(3, 23)]) == {}
