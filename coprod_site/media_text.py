"""The words inside a media file that is published as it is, where a person's name can hide:
the people register searches them before a build (as uses by every page that uses the file),
and the verify step after it, decoded the same way (content.md, "Consent across the hub").

Pictures are not read here: they are saved again from their pixels alone before publishing
(`site.media.clean_image`), which leaves EXIF, XMP, IPTC, comments and PNG text behind.

- captions (WebVTT `.vtt`, SubRip `.srt`): the whole text;
- SVG: every text node and attribute value (titles, descriptions, labels, metadata);
- PDF: every string, in the file and in its compressed (FlateDecode) streams, as the document
  information (author, title, subject, keywords) and the text drawn on pages hold them;
  UTF-16 strings with their byte-order mark, others as PDFDocEncoding (Latin-1 for letters);
  strings a page draws in pieces for spacing (`[(Zo) -20 (ë)] TJ`) joined;
- MP3: ID3v2.2 to 2.4 text, comment, lyrics, link and picture-description frames in any of
  their four encodings, and an ID3v1 tag;
- OGG: Vorbis and Opus comments; WAV: RIFF INFO chunks and an embedded ID3 tag;
- MP4 and M4A: iTunes-style tags (`moov/udta/meta/ilst`) and QuickTime text boxes (`©nam`).

Why our own decoders rather than pypdf or mutagen: this is a guard, and it must see every
string a file holds, including strings no reader shows (an unused font's name, a tag frame
a player ignores), with verify decoding exactly what the register searched. pypdf's text
extraction gives the page as laid out and mutagen the tags it knows; both would have to be
combined with a raw scan anyway. What is read here is small and fixed by the formats'
specifications (PDF 1.7 section 7.3 and 7.9.2, ID3v2.3/2.4, Vorbis comment, RIFF INFO,
ISO/IEC 14496-12), and every decoder is tested on files built byte by byte.

Text a PDF draws through a font with no Unicode map (glyph numbers only) is not readable
without rendering the page, and is not found. Every decoder stops quietly at damaged data.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from functools import lru_cache
from pathlib import Path

MAX_INFLATED = 64 * 1024 * 1024          # bytes a PDF's streams may inflate to, all together
READ = {"svg", "pdf", "mp3", "ogg", "wav", "m4a", "mp4", "vtt", "srt"}


def file_text(path: Path) -> str:
    """The words inside the media file at `path` ("" for other files, or when unreadable)."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _file_text(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1024)
def _file_text(path: Path, size: int, mtime: int) -> str:
    if path.suffix.lower().lstrip(".") not in READ:
        return ""
    try:
        return media_text(path.read_bytes(), path.suffix)
    except OSError:
        return ""


def media_text(data: bytes, suffix: str) -> str:
    """The words inside a media file's bytes, one piece a line; `suffix` is ".pdf" and so on."""
    kind = suffix.lower().lstrip(".")
    reader = {"svg": _svg, "pdf": _pdf, "mp3": _id3, "ogg": _vorbis, "wav": _riff,
              "m4a": _mp4, "mp4": _mp4, "vtt": _captions, "srt": _captions}.get(kind)
    if reader is None:
        return ""
    try:
        return "\n".join(t for t in reader(data) if t.strip())
    except (ValueError, IndexError, struct.error, zlib.error, ET.ParseError, RecursionError):
        return ""


# -- Captions ------------------------------------------------------------------------------

def _captions(data: bytes):
    """WebVTT and SubRip: the words spoken, as written (UTF-8, as both formats are)."""
    yield data.decode("utf-8", "replace")


# -- SVG -----------------------------------------------------------------------------------

def _svg(data: bytes):
    for element in ET.fromstring(data).iter():
        yield element.text or ""
        yield element.tail or ""
        yield from element.attrib.values()


# -- PDF -----------------------------------------------------------------------------------

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
SIMPLE_LITERAL = re.compile(rb"\(([^()\\]*)\)")           # no escapes, no nested brackets
KERNING = re.compile(rb"\s*(?:-?[\d.]+\s*)*")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
           ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def _pdf(data: bytes):
    outside = STREAM.sub(b" ", data)
    yield from _pdf_strings(outside)
    budget = MAX_INFLATED
    for stream in STREAM.finditer(data):
        if budget <= 0:
            break
        try:
            inflated = zlib.decompressobj().decompress(stream.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if _texty(inflated):
            yield from _pdf_strings(inflated)


def _texty(data: bytes) -> bool:
    """Page content and object streams are text; pictures and fonts are not."""
    sample = data[:4096]
    return bool(sample) and sum(32 <= b < 127 or b in b"\r\n\t" for b in sample) > 0.9 * len(sample)


def _pdf_strings(data: bytes):
    """The strings of PDF syntax, each decoded; strings with only spacing numbers between
    them (one `TJ` array) joined into one."""
    found = []                                  # (start, end, text)
    index, hexa = 0, HEX_STRING.search(data)
    while index < len(data):
        while hexa is not None and (hexa.start() < index
                                    or data[hexa.start() - 1:hexa.start()] == b"<"):
            hexa = HEX_STRING.search(data, max(index, hexa.start() + 1))
        literal = data.find(b"(", index)
        if literal < 0 and hexa is None:
            break
        if hexa is not None and (literal < 0 or hexa.start() < literal):
            digits = re.sub(rb"\s", b"", hexa.group(1))
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            found.append((hexa.start(), hexa.end(), _decode_pdf(raw)))
            index = hexa.end()
        else:
            simple = SIMPLE_LITERAL.match(data, literal)
            raw, index = (simple.group(1), simple.end()) if simple else _literal(data, literal + 1)
            found.append((literal, index, _decode_pdf(raw)))
    joined, previous_end = [], None
    for start, end, text in found:
        if joined and KERNING.fullmatch(data[previous_end:start]):
            joined[-1] += text
        else:
            joined.append(text)
        previous_end = end
    return joined


def _literal(data: bytes, index: int) -> tuple[bytes, int]:
    """A literal string's bytes from just after its "(", and the index after its ")"."""
    out, depth = bytearray(), 1
    while index < len(data):
        byte = data[index]
        index += 1
        if byte == 0x5C and index < len(data):                  # backslash
            following = data[index]
            index += 1
            if following in ESCAPES:
                out += ESCAPES[following]
            elif 0x30 <= following <= 0x37:
                digits = data[index - 1:index + 2]
                octal = re.match(rb"[0-7]{1,3}", digits).group()
                out.append(int(octal, 8) & 0xFF)
                index += len(octal) - 1
            elif following == 0x0D and data[index:index + 1] == b"\n":
                index += 1
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                break
        out.append(byte)
    return bytes(out), index


def _decode_pdf(raw: bytes) -> str:
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


# -- MP3: ID3 ------------------------------------------------------------------------------

ENCODINGS = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}
WORDS_FRAMES = {"COMM", "COM", "USLT", "ULT", "APIC", "PIC"}   # and every T… and W… frame


def _syncsafe(four: bytes) -> int:
    return (four[0] << 21) | (four[1] << 14) | (four[2] << 7) | four[3]


def _id3(data: bytes):
    start = data.find(b"ID3")
    if start >= 0 and start + 10 <= len(data):
        yield from _id3v2(data[start:])
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        yield from data[-125:-3].decode("latin-1").split("\x00")


def _id3v2(data: bytes):
    version, flags = data[3], data[5]
    end = min(len(data), 10 + _syncsafe(data[6:10]))
    tag = data[10:end]
    if flags & 0x80 and version < 4:
        tag = tag.replace(b"\xff\x00", b"\xff")                 # unsynchronisation
    position = 0
    if flags & 0x40 and version >= 3:                           # an extended header
        size = int.from_bytes(tag[:4], "big")
        position = _syncsafe(tag[:4]) if version == 4 else size + 4
    short = version == 2
    header = 6 if short else 10
    while position + header <= len(tag):
        frame = tag[position:position + (3 if short else 4)]
        if not frame.strip(b"\x00"):
            break
        size_bytes = tag[position + 3:position + 6] if short else tag[position + 4:position + 8]
        size = (_syncsafe(size_bytes) if version == 4 else int.from_bytes(size_bytes, "big"))
        body = tag[position + header:position + header + size]
        position += header + size
        yield from _id3_frame(frame.decode("latin-1"), body)


def _id3_frame(frame: str, body: bytes):
    if not body or (frame[:1] not in ("T", "W") and frame not in WORDS_FRAMES):
        return
    if frame[:1] == "W" and frame not in ("WXXX", "WXX"):
        yield body.decode("latin-1")
        return
    encoding, rest = ENCODINGS.get(body[0], "latin-1"), body[1:]
    if frame in ("COMM", "COM", "USLT", "ULT"):
        rest = rest[3:]                                         # the language
    elif frame == "APIC":
        rest = rest[rest.index(b"\x00") + 2:]                   # the type and kind of picture
    elif frame == "PIC":
        rest = rest[4:]
    if encoding == "utf-16":
        yield from (_utf16(piece) for piece in _split16(rest))
    else:
        yield from rest.decode(encoding, "replace").split("\x00")


def _split16(data: bytes):
    """UTF-16 strings ended by two zero bytes on a character boundary."""
    start = 0
    for index in range(0, len(data) - 1, 2):
        if data[index:index + 2] == b"\x00\x00":
            yield data[start:index]
            start = index + 2
    yield data[start:]


def _utf16(data: bytes) -> str:
    return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le",
                       "replace")


# -- OGG, WAV, MP4 ------------------------------------------------------------------------

def _vorbis(data: bytes):
    for magic in (b"\x03vorbis", b"OpusTags"):
        at = data.find(magic)
        if at < 0:
            continue
        position = at + len(magic)
        vendor = struct.unpack_from("<I", data, position)[0]
        position += 4 + vendor
        count = struct.unpack_from("<I", data, position)[0]
        position += 4
        for _ in range(min(count, 10_000)):
            length = struct.unpack_from("<I", data, position)[0]
            yield data[position + 4:position + 4 + length].decode("utf-8", "replace")
            position += 4 + length


def _riff(data: bytes):
    position = 12
    while position + 8 <= len(data):
        chunk, size = data[position:position + 4], struct.unpack_from("<I", data, position + 4)[0]
        body = data[position + 8:position + 8 + size]
        if chunk == b"LIST" and body[:4] == b"INFO":
            inner = 4
            while inner + 8 <= len(body):
                length = struct.unpack_from("<I", body, inner + 4)[0]
                yield _utf8_or_latin(body[inner + 8:inner + 8 + length]).rstrip("\x00")
                inner += 8 + length + (length & 1)
        elif chunk.lower() == b"id3 ":
            yield from _id3(body)
        position += 8 + size + (size & 1)


def _utf8_or_latin(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


CONTAINERS = {b"moov", b"udta", b"meta", b"ilst", b"trak", b"mdia"}


def _mp4(data: bytes, start: int = 0, end: int | None = None, depth: int = 0,
         parent: bytes = b""):
    end = len(data) if end is None else end
    position = start
    while position + 8 <= end and depth < 8:
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif size == 0:
            size = end - position
        if size < header:
            break
        body_start, body_end = position + header, min(end, position + size)
        if kind == b"meta":
            body_start += 4                                     # version and flags
        if kind in CONTAINERS or parent == b"ilst":
            yield from _mp4(data, body_start, body_end, depth + 1, kind)
        elif kind == b"data":
            yield _utf8_or_latin(data[body_start + 8:body_end])
        elif kind in (b"name", b"mean") and parent == b"----":
            yield _utf8_or_latin(data[body_start + 4:body_end])
        elif kind[:1] == b"\xa9" and parent == b"udta":         # QuickTime: size, language
            yield _utf8_or_latin(data[body_start + 4:body_end])
        position += size
