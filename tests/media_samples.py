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


def box(kind: bytes, payload: bytes) -> bytes:
    """An MP4 box."""
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def svg_split(first: str, rest: str) -> bytes:
    """SVG text drawn in two pieces, the second in a `<tspan>`."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="5">{first}'
            f'<tspan font-weight="bold">{rest}</tspan>, 2026</text></svg>').encode()


def svg_hidden(text: str) -> bytes:
    """SVG with `text` only in a comment, a processing instruction and a CDATA section."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg"><!-- drawn by {text} -->'
            f'<?note made for {text}?><style><![CDATA[/* {text} */]]></style></svg>').encode()


def pdf_plain(page: bytes, dictionary: bytes = b"", stream: bytes | None = None) -> bytes:
    """A PDF whose one stream holds `page` as it is (or `stream`, with `dictionary`)."""
    body = page if stream is None else stream
    return (b"%PDF-1.4\n1 0 obj << /Title (A poster) >> endobj\n"
            b"2 0 obj << /Length " + str(len(body)).encode() + dictionary + b" >>\n"
            b"stream\n" + body + b"\nendstream\nendobj\ntrailer << /Info 1 0 R >>\n%%EOF\n")


def xmp(creator: str) -> bytes:
    """An XMP packet naming its creator as `creator`, the way Acrobat and Lightroom do."""
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def id3_frame(frame: bytes, body: bytes, version: int = 3, flags: int = 0) -> bytes:
    size = len(body)
    size_bytes = (size.to_bytes(4, "big") if version == 3 else
                  bytes([(size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127]))
    return frame + size_bytes + bytes([0, flags]) + body


def id3_tag(frames: bytes, version: int = 3) -> bytes:
    size = len(frames)
    return b"ID3" + bytes([version, 0, 0]) + bytes(
        [(size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127]) + frames


def ape_tag(key: bytes, value: bytes) -> bytes:
    """An APEv2 tag (items, then its footer) as MP3 players append it."""
    item = struct.pack("<II", len(value), 0) + key + b"\x00" + value
    footer = b"APETAGEX" + struct.pack("<IIII", 2000, len(item) + 32, 1, 0) + b"\x00" * 8
    return item + footer


def ogg_pages(packets: list[bytes], page_size: int = 255 * 4) -> bytes:
    """An Ogg stream of `packets`, cut into pages of at most `page_size` bytes."""
    out, sequence, data = b"", 0, b""
    lacing_all: list[tuple[bytes, bool]] = []
    for packet in packets:
        for start in range(0, len(packet) + 1, 255):
            piece = packet[start:start + 255]
            lacing_all.append((piece, len(piece) < 255))
            if len(piece) < 255:
                break
    continued = False
    while lacing_all:
        take, lacing_all = lacing_all[:page_size // 255], lacing_all[page_size // 255:]
        data = b"".join(piece for piece, _ in take)
        header = (b"OggS\x00" + bytes([1 if continued else 0]) + b"\x00" * 8
                  + struct.pack("<III", 7, sequence, 0) + bytes([len(take)])
                  + bytes(len(piece) for piece, _ in take))
        out += header + data
        continued, sequence = not take[-1][1], sequence + 1
    return out


def vorbis_comment(*comments: str, magic: bytes = b"\x03vorbis") -> bytes:
    encoded = [c.encode() for c in comments]
    return (magic + struct.pack("<I", 4) + b"test" + struct.pack("<I", len(encoded))
            + b"".join(struct.pack("<I", len(c)) + c for c in encoded))


def flac_picture(description: str) -> bytes:
    mime, text = b"image/png", description.encode()
    return (struct.pack(">II", 3, len(mime)) + mime + struct.pack(">I", len(text)) + text
            + struct.pack(">IIIII", 1, 1, 24, 0, 4) + b"\x89PNG")


def riff(*chunks: bytes) -> bytes:
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)


def ebml(element: int, payload: bytes) -> bytes:
    """A Matroska element: its ID's bytes, its size in 8 bytes, its payload."""
    ident = element.to_bytes((element.bit_length() + 7) // 8, "big")
    return ident + bytes([0x01]) + len(payload).to_bytes(7, "big") + payload


def webm(title: str = "", tag: str = "") -> bytes:
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    info = ebml(0x1549A966, ebml(0x2AD7B1, b"\x0f\x42\x40") + ebml(0x7BA9, title.encode()))
    cluster = ebml(0x1F43B675, ebml(0xE7, b"\x00") + ebml(0xA3, bytes(64)))
    tags = ebml(0x1254C367, ebml(0x7373, ebml(0x67C8, ebml(0x45A3, b"ARTIST")
                                                + ebml(0x4487, tag.encode()))))
    return header + ebml(0x18538067, info + cluster + tags)
