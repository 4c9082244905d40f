"""The words inside a PDF, for `media_text` (PDF 1.7, sections 7.3, 7.4, 7.8 and 9.4).

Every string, outside streams and in every stream, compressed (FlateDecode, ASCII85Decode,
ASCIIHexDecode, in any order) or not, as the document information (author, title, subject,
keywords) and the text drawn on pages hold them: UTF-16 strings with their byte-order mark,
others as PDFDocEncoding (Latin-1 for letters). Strings a page draws in pieces are joined
twice: those with only spacing numbers between them (one `[(Zo) -20 (ë)] TJ` array), and all
the strings of one text object (`BT (Da) Tj (na) Tj ET`), with nothing between them. A
stream that is an XML packet (XMP metadata: `dc:creator` and so on) is read as XML.

Text drawn through a font with no Unicode map (glyph numbers only) is not readable without
rendering the page, and is not found.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from bisect import bisect_right

from coprod_site.media_text_xml import xml_text

MAX_INFLATED = 64 * 1024 * 1024          # bytes a PDF's streams may inflate to, all together
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
SIMPLE_LITERAL = re.compile(rb"\(([^()\\]*)\)")           # no escapes, no nested brackets
KERNING = re.compile(rb"\s*(?:-?[\d.]+\s*)*")
TEXT_OBJECT = re.compile(rb"(?<![^\s\]\)>])(BT|ET)(?![^\s\[(<\/%])")
FILTERS = re.compile(rb"/(FlateDecode|Fl|ASCII85Decode|A85|ASCIIHexDecode|AHx)\b")
XML_PACKET = re.compile(rb"<\?xpacket|<x:xmpmeta|<rdf:RDF|<\?xml")
ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
           ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def pdf_text(data: bytes):
    """The words of a PDF's bytes, one piece at a time."""
    yield from _texts(STREAM.sub(b" ", data))
    budget = MAX_INFLATED
    for stream in STREAM.finditer(data):
        if budget <= 0:
            break
        header = data[max(0, stream.start() - 1024):stream.start()]
        header = header[header.rfind(b"obj") + 1:]
        body = stream.group(1)
        for decoded in _decoded(body, FILTERS.findall(header), budget):
            budget -= 0 if decoded is body else len(decoded)
            packet = XML_PACKET.search(decoded[:4096])
            if packet:
                yield from xml_text(decoded[packet.start():])
            elif _texty(decoded):
                yield from _texts(decoded)


def _decoded(body: bytes, filters: list[bytes], budget: int) -> list[bytes]:
    """A stream's bytes as they are, and decoded by the filters its dictionary names (and
    inflated when it inflates, whatever its dictionary says)."""
    found = [body]
    try:
        for name in filters:
            if name in (b"ASCII85Decode", b"A85"):
                body = base64.a85decode(body.strip().removesuffix(b"~>").removeprefix(b"<~"),
                                        adobe=False, ignorechars=b" \t\n\r\f\v\x00")
            elif name in (b"ASCIIHexDecode", b"AHx"):
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", body.split(b">")[0])
                body = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            else:
                body = zlib.decompressobj().decompress(body, budget)
            found.append(body)
    except (ValueError, zlib.error, binascii.Error):
        pass
    if not filters:
        try:
            found.append(zlib.decompressobj().decompress(body, budget))
        except zlib.error:
            pass
    return found


def _texty(data: bytes) -> bool:
    """Page content and object streams are text; pictures and fonts are not."""
    sample = data[:4096]
    return bool(sample) and sum(32 <= b < 127 or b in b"\r\n\t" for b in sample) > 0.9 * len(sample)


def _texts(data: bytes):
    """The strings of PDF syntax, each decoded: each `TJ` array's strings joined, then each
    text object's."""
    found = _strings(data)
    joined, previous_end = [], None
    for start, end, text in found:
        if joined and KERNING.fullmatch(data[previous_end:start]):
            joined[-1] += text
        else:
            joined.append(text)
        previous_end = end
    yield from joined
    yield from _text_objects(data, found)


def _text_objects(data: bytes, found: list[tuple[int, int, str]]):
    """All the strings between each `BT` and its `ET` (operators outside strings), joined."""
    starts = [start for start, _, _ in found]
    events = [(start, "", text) for start, _, text in found]
    for operator in TEXT_OBJECT.finditer(data):
        before = bisect_right(starts, operator.start()) - 1
        if before < 0 or found[before][1] <= operator.start():
            events.append((operator.start(), operator.group().decode(), ""))
    current = None
    for _, operator, text in sorted(events):
        if operator == "BT":
            current = []
        elif operator == "ET" and current is not None:
            yield "".join(current)
            current = None
        elif not operator and current is not None:
            current.append(text)


def _strings(data: bytes) -> list[tuple[int, int, str]]:
    """Each literal and hex string: where it starts and ends, and its text."""
    found = []
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
    return found


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
