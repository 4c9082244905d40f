"""The words of an XML document: an SVG picture, or an XML packet inside a PDF, a sound or a
video (XMP metadata, iXML); for `media_text`."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET


def svg_text(data: bytes):
    """An XML document's words: each element's text, tail and attribute values, its whole
    text (`itertext`, joined with nothing between), comments and processing instructions.
    Raises ET.ParseError on XML that is not well formed."""
    builder = ET.TreeBuilder(insert_comments=True, insert_pis=True)
    parser = ET.XMLParser(target=builder)
    parser.feed(data)
    for element in parser.close().iter():
        yield element.text or ""
        yield element.tail or ""
        yield from element.attrib.values()
        if isinstance(element.tag, str):
            yield "".join(element.itertext())


def xml_text(data: bytes):
    """The words of an XML packet inside another file (XMP metadata and the like): as
    `svg_text`, or when it does not parse, the text between its tags and its attribute values."""
    try:
        yield from list(svg_text(data))
    except (ET.ParseError, ValueError, RecursionError):
        text = data.decode("utf-8", "replace")
        yield from (html.unescape(t) for t in re.findall(r">([^<]+)<", text))
        for double, single in re.findall(r"=\s*\"([^\"]*)\"|=\s*'([^']*)'", text):
            yield html.unescape(double or single)
