"""The words in the tags of sound and video files, for `media_text`.

- MP3: ID3v2.2 to 2.4 tags anywhere in the file (every text, comment, lyrics, link,
  terms-of-use, object, private and chapter frame, compressed or not, in any of their four
  encodings), ID3v1 with its extended "TAG+" fields, and APEv2 tags;
- OGG: Vorbis, Opus, Theora and FLAC comments, read from the stream's packets (a comment
  packet often spans pages), with the descriptions of pictures they embed;
- WAV: RIFF INFO and adtl chunks, the broadcast-wave description, iXML and XMP, and an
  embedded ID3 tag;
- MP4 and M4A: iTunes-style tags (`moov/udta/meta/ilst`), QuickTime text boxes (`©nam`) and
  XMP (`uuid`, `XMP_`);
- WebM (Matroska): the segment title, track names, tags (SimpleTag names and strings),
  chapter names and attachments' names and descriptions.

Specifications: ID3v2.3 and 2.4, ID3v1 and the extended tag, APEv2, Vorbis comment, Ogg
(RFC 3533), FLAC metadata blocks, RIFF INFO and EBU Tech 3285, ISO/IEC 14496-12, Matroska
(RFC 9559).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib

from coprod_site.media_text_runs import guarded, printable_runs
from coprod_site.media_text_xml import xml_text

# -- MP3: ID3 and APE -----------------------------------------------------------------------

ID3_HEADER = re.compile(rb"ID3[\x02-\x04][\x00-\xfe][\x00-\xff][\x00-\x7f]{4}")
FRAME_ID = re.compile(rb"[A-Z0-9]{3,4}")
ENCODINGS = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}
WORDS_FRAMES = {"COMM", "COM", "USLT", "ULT", "APIC", "PIC", "USER", "IPLS", "IPL"}
APE_BINARY = 1


def _syncsafe(four: bytes) -> int:
    return (four[0] << 21) | (four[1] << 14) | (four[2] << 7) | four[3]


def mp3(data: bytes):
    for header in ID3_HEADER.finditer(data):
        yield from guarded(_id3v2(data[header.start():]))
    yield from guarded(_id3v1(data))
    for found in re.finditer(rb"APETAGEX", data):
        yield from guarded(_ape(data, found.start()))


def _id3v1(data: bytes):
    """ID3v1's title, artist, album and comment, each joined with the "TAG+" field that goes
    on with it."""
    if len(data) < 128 or data[-128:-125] != b"TAG":
        return
    tag = data[-128:]
    extended = data[-355:-128] if data[-355:-351] == b"TAG+" else b""
    fields = [(tag[3:33], extended[4:64]), (tag[33:63], extended[64:124]),
              (tag[63:93], extended[124:184]), (tag[97:127], b""), (b"", extended[185:215])]
    for first, rest in fields:
        yield (first.rstrip(b"\x00") + rest.rstrip(b"\x00")).decode("latin-1")


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
    yield from _frames(tag, position, version)


def _frames(tag: bytes, position: int, version: int):
    short = version == 2
    header = 6 if short else 10
    while position + header <= len(tag):
        frame = tag[position:position + (3 if short else 4)]
        if not FRAME_ID.fullmatch(frame):
            break
        size_bytes = tag[position + 3:position + 6] if short else tag[position + 4:position + 8]
        size = (_syncsafe(size_bytes) if version == 4 else int.from_bytes(size_bytes, "big"))
        flags = 0 if short else tag[position + 9]
        body = tag[position + header:position + header + size]
        position += header + size
        body = _frame_body(body, flags, version)
        if body is not None:
            yield from guarded(_id3_frame(frame.decode("latin-1"), body, version))


def _frame_body(body: bytes, flags: int, version: int) -> bytes | None:
    """A frame's body with its extra header bytes removed, unsynchronised and inflated; None
    when it is encrypted."""
    if version == 3:
        compressed, encrypted = flags & 0x80, flags & 0x40
        body = body[(4 if compressed else 0) + (1 if encrypted else 0) + (flags & 0x20 and 1):]
    elif version == 4:
        compressed, encrypted = flags & 0x08, flags & 0x04
        body = body[(flags & 0x40 and 1) + (1 if encrypted else 0) + (4 if flags & 0x01 else 0):]
        if flags & 0x02:
            body = body.replace(b"\xff\x00", b"\xff")
    else:
        return body
    if encrypted:
        return None
    return zlib.decompressobj().decompress(body, 16 * 1024 * 1024) if compressed else body


def _id3_frame(frame: str, body: bytes, version: int):
    if not body:
        return
    if frame in ("CHAP", "CTOC"):                               # frames inside frames
        at = body.index(b"\x00") + 1
        if frame == "CHAP":
            at += 16
        else:
            at += 2
            for _ in range(body[at - 1]):
                at = body.index(b"\x00", at) + 1
        yield from _frames(body, at, version)
    elif frame == "PRIV":
        owner, _, private = body.partition(b"\x00")
        yield owner.decode("latin-1")
        yield from printable_runs(private)
    elif frame[:1] == "W" and not _user_link(frame):
        yield body.decode("latin-1")
    elif frame[:1] == "T" or frame in WORDS_FRAMES or _user_link(frame):
        yield from _encoded(body[0], _after_header(frame, body[1:]))
    elif frame in ("GEOB", "GEO"):
        rest = body[1:]
        rest = rest[rest.index(b"\x00") + 1:] if frame == "GEOB" else rest[3:]
        yield from _encoded(body[0], rest, 2)                   # its file name, description
    elif frame in ("SYLT", "SLT"):
        yield from _synced_lyrics(body)
    else:
        yield from printable_runs(body)


def _user_link(frame: str) -> bool:
    """The user-defined link frame (ID3v2.3/2.4 section 4.3.2, and its v2.2 form): a "W"
    followed only by "X"s. Unlike the other link frames it starts with a text encoding and a
    description, as text frames do."""
    return frame[:1] == "W" and len(frame) in (3, 4) and set(frame[1:]) == {"X"}


def _after_header(frame: str, rest: bytes) -> bytes:
    if frame in ("COMM", "COM", "USLT", "ULT", "USER"):
        return rest[3:]                                         # the language
    if frame == "APIC":
        return rest[rest.index(b"\x00") + 2:]                   # the type and kind of picture
    if frame == "PIC":
        return rest[4:]
    return rest


def _encoded(encoding_byte: int, data: bytes, most: int | None = None):
    """Strings in an ID3 encoding, each ended by a zero (two in UTF-16)."""
    encoding = ENCODINGS.get(encoding_byte, "latin-1")
    if encoding in ("utf-16", "utf-16-be"):
        pieces = list(_split16(data))
        decode = _utf16 if encoding == "utf-16" else (lambda b: b.decode("utf-16-be", "replace"))
        yield from (decode(piece) for piece in pieces[:most])
    else:
        yield from data.decode(encoding, "replace").split("\x00")[:most]


def _synced_lyrics(body: bytes):
    """SYLT: a description, then each line of words followed by its 4-byte time."""
    encoding, wide = body[0], body[0] in (1, 2)
    zero = b"\x00\x00" if wide else b"\x00"
    position = 6
    while position < len(body):
        end = body.find(zero, position)
        while wide and end >= 0 and (end - position) % 2:
            end = body.find(zero, end + 1)
        end = len(body) if end < 0 else end
        yield from _encoded(encoding, body[position:end])
        position = end + len(zero) + (4 if position > 6 else 0)


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


def _ape(data: bytes, at: int):
    """An APEv2 tag from its header or footer at `at`: each item's key and, unless binary,
    its UTF-8 value; a binary item's file name (cover art: name, zero, picture)."""
    size, count, flags = struct.unpack_from("<III", data, at + 12)
    position = at + 32 if flags & (1 << 29) else at + 32 - size
    if position < 0:
        return
    for _ in range(min(count, 10_000)):
        length, item_flags = struct.unpack_from("<II", data, position)
        key_end = data.index(b"\x00", position + 8)
        yield data[position + 8:key_end].decode("latin-1")
        value = data[key_end + 1:key_end + 1 + length]
        if (item_flags >> 1) & 3 == APE_BINARY:
            value = value.partition(b"\x00")[0]
        yield from value.decode("utf-8", "replace").split("\x00")
        position = key_end + 1 + length


# -- OGG and FLAC ---------------------------------------------------------------------------

OGG_PAGE = re.compile(rb"OggS\x00")
HEADER_PACKETS = 64                      # packets read from each stream: its headers


def ogg(data: bytes):
    for packet in _ogg_packets(data):
        if packet.startswith((b"\x03vorbis", b"\x81theora")):
            yield from guarded(vorbis_comment(packet, 7))
        elif packet.startswith(b"OpusTags"):
            yield from guarded(vorbis_comment(packet, 8))
        elif packet.startswith(b"\x7fFLAC"):
            yield from guarded(flac_blocks(packet, 13, one=True))
        elif packet[:1] and packet[0] & 0x7F in (4, 6) and len(packet) >= 4 \
                and int.from_bytes(packet[1:4], "big") == len(packet) - 4:
            yield from guarded(flac_blocks(packet, 0, one=True))   # Ogg FLAC's metadata


def _ogg_packets(data: bytes):
    """The first packets of each logical stream, put together across pages (RFC 3533)."""
    partial: dict[int, bytes] = {}
    done: dict[int, int] = {}
    for page in OGG_PAGE.finditer(data):
        at = page.start()
        if at + 27 > len(data):
            break
        kind, segments = data[at + 5], data[at + 26]
        serial = struct.unpack_from("<I", data, at + 14)[0]
        if done.get(serial, 0) >= HEADER_PACKETS:
            continue
        table = data[at + 27:at + 27 + segments]
        position = at + 27 + segments
        packet = partial.pop(serial, b"") if kind & 1 else b""
        for lacing in table:
            packet += data[position:position + lacing]
            position += lacing
            if lacing < 255:
                yield packet
                done[serial] = done.get(serial, 0) + 1
                packet = b""
        partial[serial] = packet
    yield from (packet for packet in partial.values() if packet)


def vorbis_comment(data: bytes, position: int):
    """A Vorbis comment from `position`: the vendor and each "NAME=value", with the
    description of a picture one embeds (METADATA_BLOCK_PICTURE)."""
    vendor = struct.unpack_from("<I", data, position)[0]
    yield data[position + 4:position + 4 + vendor].decode("utf-8", "replace")
    position += 4 + vendor
    count = struct.unpack_from("<I", data, position)[0]
    position += 4
    for _ in range(min(count, 10_000)):
        length = struct.unpack_from("<I", data, position)[0]
        comment = data[position + 4:position + 4 + length].decode("utf-8", "replace")
        position += 4 + length
        name, _, value = comment.partition("=")
        if name.upper() == "METADATA_BLOCK_PICTURE":
            try:
                yield from guarded(_flac_picture(base64.b64decode(value)))
            except (binascii.Error, ValueError):
                pass
        else:
            yield comment


def flac_blocks(data: bytes, position: int, one: bool = False):
    """FLAC metadata blocks from `position` (after "fLaC"): Vorbis comments and pictures'
    descriptions; `one` block only (Ogg FLAC keeps one a packet, after its first)."""
    while position + 4 <= len(data):
        kind, length = data[position] & 0x7F, int.from_bytes(data[position + 1:position + 4], "big")
        body = data[position + 4:position + 4 + length]
        if kind == 4:
            yield from vorbis_comment(body, 0)
        elif kind == 6:
            yield from _flac_picture(body)
        if one or data[position] & 0x80:
            return
        position += 4 + length


def _flac_picture(block: bytes):
    mime = struct.unpack_from(">I", block, 4)[0]
    length = struct.unpack_from(">I", block, 8 + mime)[0]
    yield block[12 + mime:12 + mime + length].decode("utf-8", "replace")


# -- WAV ------------------------------------------------------------------------------------

def wav(data: bytes):
    position = 12
    while position + 8 <= len(data):
        chunk, size = data[position:position + 4], struct.unpack_from("<I", data, position + 4)[0]
        body = data[position + 8:position + 8 + size]
        yield from guarded(_riff_chunk(chunk, body))
        position += 8 + size + (size & 1)


def _riff_chunk(chunk: bytes, body: bytes):
    if chunk == b"LIST" and body[:4] in (b"INFO", b"adtl"):
        inner = 4
        while inner + 8 <= len(body):
            kind, length = body[inner:inner + 4], struct.unpack_from("<I", body, inner + 4)[0]
            skip = {b"labl": 4, b"note": 4, b"ltxt": 20}.get(kind, 0) if body[:4] == b"adtl" else 0
            yield _utf8_or_latin(body[inner + 8 + skip:inner + 8 + length]).rstrip("\x00")
            inner += 8 + length + (length & 1)
    elif chunk == b"bext":                  # description, originator, its reference; history
        for start, end in ((0, 256), (256, 288), (288, 320), (602, len(body))):
            yield _utf8_or_latin(body[start:end]).rstrip("\x00")
    elif chunk in (b"iXML", b"_PMX", b"XMP "):
        yield from xml_text(body.rstrip(b"\x00"))
    elif chunk.lower() == b"id3 ":
        yield from mp3(body)


def _utf8_or_latin(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# -- MP4 and M4A ----------------------------------------------------------------------------

CONTAINERS = {b"moov", b"udta", b"meta", b"ilst", b"trak", b"mdia"}
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")


def mp4(data: bytes, start: int = 0, end: int | None = None, depth: int = 0,
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
            yield from mp4(data, body_start, body_end, depth + 1, kind)
        elif kind == b"data":
            yield _utf8_or_latin(data[body_start + 8:body_end])
        elif kind in (b"name", b"mean") and parent == b"----":
            yield _utf8_or_latin(data[body_start + 4:body_end])
        elif kind[:1] == b"\xa9" and parent == b"udta":         # QuickTime: size, language
            yield _utf8_or_latin(data[body_start + 4:body_end])
        elif (kind == b"uuid" and data[body_start:body_start + 16] == XMP_UUID) or kind == b"XMP_":
            yield from guarded(xml_text(data[body_start + (16 if kind == b"uuid" else 0):body_end]))
        position += size


# -- WebM (Matroska) ------------------------------------------------------------------------

EBML_MASTERS = {0x18538067, 0x1549A966, 0x1654AE6B, 0xAE, 0x1254C367, 0x7373, 0x67C8,
                0x1043A770, 0x45B9, 0xB6, 0x80, 0x1941A469, 0x61A7}
EBML_WORDS = {0x7BA9, 0x536E, 0x45A3, 0x4487, 0x85, 0x467E, 0x466E, 0x4D80, 0x5741}
UNKNOWN_SIZE = -1


def matroska(data: bytes, start: int = 0, end: int | None = None, depth: int = 0):
    """The words of Matroska elements: titles, names, tags, chapters (RFC 9559)."""
    end = len(data) if end is None else end
    position = start
    while position < end and depth < 12:
        element, position = _vint(data, position, keep_marker=True)
        size, position = _vint(data, position, keep_marker=False)
        stop = end if size == UNKNOWN_SIZE else min(end, position + size)
        if element in EBML_MASTERS:
            yield from matroska(data, position, stop, depth + 1)
        elif element in EBML_WORDS:
            yield data[position:stop].decode("utf-8", "replace").rstrip("\x00")
        elif size == UNKNOWN_SIZE:
            return                                              # a cluster that runs on
        position = stop


def _vint(data: bytes, position: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-size integer at `position`, and the index after it."""
    first = data[position]
    if first == 0:
        raise ValueError("not EBML")
    length = 9 - first.bit_length()
    value = int.from_bytes(data[position:position + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
        if value == (1 << (7 * length)) - 1:
            value = UNKNOWN_SIZE
    return value, position + length
