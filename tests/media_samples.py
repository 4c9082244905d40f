"""Small media files made byte by byte, each carrying `text` where its format keeps words:
for tests of media_text.py, the people register and the verify step."""

from __future__ import annotations

import struct
import zlib


def svg(text: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" aria-label="{text}">'
            f"<title>A poster</title><text x=\"1\" y=\"5\">{text}</text></svg>").encode()


def pdf(text: str, where: str = "info") -> bytes:
    """A one-page PDF with `text` in its information (as UTF-16) or drawn on its page (in a
    compressed stream, in pieces)."""
    if where == "info":
        info = b"<< /Author <" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b"> >>"
        page = b"BT /F1 12 Tf (Hello) Tj ET"
    else:
        info = b"<< /Title (A poster) >>"
        half = len(text) // 2
        pieces = [text[:half].encode("latin-1"), text[half:].encode("latin-1")]
        page = b"BT /F1 12 Tf [(" + pieces[0] + b") -20 (" + pieces[1] + b")] TJ ET"
    stream = zlib.compress(page)
    return (b"%PDF-1.4\n1 0 obj " + info + b" endobj\n"
            b"2 0 obj << /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\n"
            b"stream\n" + stream + b"\nendstream\nendobj\ntrailer << /Info 1 0 R >>\n%%EOF\n")


def mp3(text: str, version: int = 3) -> bytes:
    """An ID3v2 tag with the artist in UTF-16 (v2.3) or UTF-8 (v2.4), then one silent frame."""
    body = (b"\x01" + "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
            if version == 3 else b"\x03" + text.encode("utf-8"))
    size = len(body)
    size_bytes = (size.to_bytes(4, "big") if version == 3 else
                  bytes([(size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127]))
    frame = b"TPE1" + size_bytes + b"\x00\x00" + body
    tag_size = len(frame)
    header = b"ID3" + bytes([version, 0, 0]) + bytes(
        [(tag_size >> 21) & 127, (tag_size >> 14) & 127, (tag_size >> 7) & 127, tag_size & 127])
    return header + frame + b"\xff\xfb\x90\x00" + b"\x00" * 413


def ogg(text: str) -> bytes:
    comment = f"ARTIST={text}".encode()
    packet = (b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 1)
              + struct.pack("<I", len(comment)) + comment + b"\x01")
    return b"OggS\x00\x00" + b"\x00" * 20 + bytes([1, len(packet)]) + packet


def wav(text: str) -> bytes:
    name = text.encode("utf-8") + b"\x00"
    info = b"INFO" + b"IART" + struct.pack("<I", len(name)) + name + b"\x00" * (len(name) & 1)
    chunks = b"LIST" + struct.pack("<I", len(info)) + info
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8)
    data = b"data" + struct.pack("<I", 2) + b"\x80\x80"
    body = b"WAVE" + fmt + chunks + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def m4a(text: str) -> bytes:
    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    data = box(b"data", struct.pack(">II", 1, 0) + text.encode("utf-8"))
    meta = box(b"meta", b"\x00\x00\x00\x00" + box(b"ilst", box(b"\xa9ART", data)))
    return box(b"ftyp", b"M4A \x00\x00\x00\x00M4A ") + box(b"moov", box(b"udta", meta))
