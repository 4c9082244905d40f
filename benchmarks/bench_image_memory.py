"""Peak memory of a build with very large pictures.

Run it with `python benchmarks/bench_image_memory.py`. It builds, each in a new process:

- a site with a 9,400 x 9,400 PNG (336 KB on disk, 337 MB decoded): refused with CP108
  before anything decodes it, so the build stops after the checks;
- a site with the largest picture the budget lets through (6,324 x 6,324, RGBA: 160 MB
  decoded), which is checked, decoded and saved again without metadata.

The peak is the largest resident set of the build process or the Pagefind process it runs
(`wait4` rusage). It must stay under 500 MB; the exit code is 1 if it does not.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

LIMIT_MB = 500
PAGE = """---
title: A very large picture
summary: A page that shows one very large picture.
topics:
  - payment
published: 2026-03-14
---

Ask people what they need. Pay them on the day.

![Nothing to see](../media/big.png)
"""
TOPICS = "payment:\n  label: Paying people\n  description: Paying people for their time.\n"


def blank_png(width: int, height: int) -> bytes:
    """An RGBA PNG of transparent pixels, written row by row (never held decoded)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    row, packer = b"\0" * (1 + width * 4), zlib.compressobj()
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def build(folder: Path, width: int, height: int) -> tuple[int, float, float, str]:
    """(exit code, peak MB, seconds, last line printed) of building a site with one picture."""
    (folder / "content/guides").mkdir(parents=True)
    (folder / "content/media").mkdir()
    (folder / "content/_data").mkdir()
    (folder / "content/_data/topics.yml").write_text(TOPICS)
    (folder / "content/_data/audiences.yml").write_text("{}\n")
    (folder / "content/guides/big.md").write_text(PAGE)
    (folder / "content/media/big.png").write_bytes(blank_png(width, height))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "coprod_site", "-C", str(folder), "build",
                                "--today", "2026-04-01"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.strip()]
    return (process.returncode, usage.ru_maxrss / 1024, time.perf_counter() - started,
            lines[-1] if lines else "")


def main() -> int:
    worst = 0.0
    for width, height in ((9400, 9400), (6324, 6324)):
        with tempfile.TemporaryDirectory() as folder:
            code, peak, seconds, last = build(Path(folder), width, height)
        worst = max(worst, peak)
        print(f"{width:,} x {height:,} PNG: exit {code}, peak {peak:5.0f} MB, {seconds:5.1f} s"
              f"  ({last[:100]})")
    verdict = "under" if worst < LIMIT_MB else "OVER"
    print(f"Largest peak {worst:.0f} MB: {verdict} the {LIMIT_MB} MB limit.")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
