"""What the safety work costs, and what it protects against.

Run it with `python benchmarks/bench_safety.py`. It times, in this process:

- re-saving photos without their metadata (a 12-megapixel phone JPEG, a 3-megapixel PNG),
  and the media check that decodes each image once;
- parsing a 1 MB body of ordinary prose (the largest file the hub reads), against which the
  parse time limit in `render.budget` is set;
- Python-Markdown on a few kilobytes of never-closed `[` or `<a `, which grows with the
  square (or worse) of the length: the reason the time limit exists.

Nothing is asserted: the figures are for people to read.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import markdown
from PIL import ExifTags, Image

from coprod_site.render.markdown import BodyParser
from coprod_site.site.media import clean_image, inspect


def timed(label: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")


def images(folder: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Acme Phone"
    exif[ExifTags.Base.Orientation] = 6
    photo = Image.effect_noise((4000, 3000), 60).convert("RGB")
    photo.save(folder / "photo.jpg", quality=85, exif=exif)
    photo.resize((2000, 1500)).save(folder / "chart.png")
    size = (folder / "photo.jpg").stat().st_size / 1024 / 1024
    timed(f"check a 12 MP JPEG ({size:.1f} MB): decode once",
          lambda: inspect(folder / "photo.jpg", "photo.jpg", folder, 50 * 1024 * 1024))
    timed("re-save the 12 MP JPEG without metadata", lambda: clean_image(folder / "photo.jpg"))
    timed("re-save a 3 MP PNG without metadata", lambda: clean_image(folder / "chart.png"))


def bodies() -> None:
    parser = BodyParser()
    paragraph = ("Ask people what they need, and **pay them** on the day. See [the pay guide]"
                 "(https://example.org/pay) and `code` for more.\n\n")
    section = "## A heading\n\n" + paragraph * 5 + "- An item with a [link](https://example.org)\n\n"
    body = section * (1_000_000 // len(section))
    timed(f"parse and sanitise {len(body) / 1e6:.1f} MB of ordinary prose",
          lambda: parser.parse("content/guides/a.md", body, 1))
    for size in (2000, 4000, 8000):
        timed(f"Python-Markdown on {size} unclosed [", lambda: markdown.markdown("[" * size))
    for size in (2000, 4000, 8000):
        timed(f"Python-Markdown on {size} unclosed <a ", lambda: markdown.markdown("<a " * size))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        images(Path(folder))
    bodies()


if __name__ == "__main__":
    main()
