"""The words inside media files published as they are (media_text.py)."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

import media_samples
from coprod_site.media_text import media_text
from coprod_site import media_text_tags as tags
from coprod_site.media_text_pdf import pdf_text
from coprod_site.media_text_runs import printable_runs
from coprod_site.media_text_xml import xml_text

NAME = "Zoë Strauss"
SAMPLES = [
    (".svg", media_samples.svg(NAME)),
    (".pdf", media_samples.pdf(NAME, "info")),         # UTF-16BE, in the document information
    (".pdf", media_samples.pdf(NAME, "page")),         # compressed, drawn in two pieces
    (".mp3", media_samples.mp3(NAME, 3)),              # ID3v2.3, UTF-16
    (".mp3", media_samples.mp3(NAME, 4)),              # ID3v2.4, UTF-8
    (".ogg", media_samples.ogg(NAME)),
    (".wav", media_samples.wav(NAME)),
    (".m4a", media_samples.m4a(NAME)),
]


@pytest.mark.parametrize("suffix, data", SAMPLES)
def test_the_words_a_media_file_carries_are_read(suffix, data):
    assert NAME in media_text(data, suffix)


@pytest.mark.parametrize("suffix, data", SAMPLES)
def test_a_cut_off_file_is_read_as_far_as_it_goes_without_an_error(suffix, data):
    for end in range(0, len(data), 3):
        assert isinstance(media_text(data[:end], suffix), str)


def test_a_picture_is_not_read_here_and_no_name_is_made_up():
    assert media_text(media_samples.svg("Zoë Strauss"), ".jpg") == ""
    assert "Strauss" not in media_text(media_samples.pdf("Hello there", "page"), ".pdf")


DANA = "Dana Okafor"
XMP_STREAM = zlib.compress(media_samples.xmp(NAME))
V3, V4 = 3, 4


def _ogg_opus_over_pages():
    """Opus tags over three pages, the name cut by the third page's header."""
    head = b"OpusHead" + bytes([1, 1]) + b"\x00" * 9
    tags = media_samples.vorbis_comment("ENCODER=test", "X" * 710 + "=1", f"ARTIST={NAME}",
                                        magic=b"OpusTags")
    return media_samples.ogg_pages([head, tags], page_size=255 * 2)


def _ogg_flac():
    first = (b"\x7fFLAC\x01\x00\x00\x02fLaC" + b"\x00\x00\x00\x22" + bytes(34))
    comment = media_samples.vorbis_comment(f"ARTIST={DANA}", magic=b"")
    picture = media_samples.flac_picture(f"{DANA} at the launch")
    blocks = [bytes([4]) + len(comment).to_bytes(3, "big") + comment,
              bytes([0x86]) + len(picture).to_bytes(3, "big") + picture]
    return media_samples.ogg_pages([first, *blocks])


def _vorbis_picture():
    encoded = base64.b64encode(media_samples.flac_picture(NAME)).decode()
    return media_samples.ogg_pages([b"\x01vorbis" + bytes(23), media_samples.vorbis_comment(
        f"METADATA_BLOCK_PICTURE={encoded}")])


def _id3v1_extended(artist: str) -> bytes:
    """An ID3v1 tag whose artist goes on in the extended "TAG+" tag before it."""
    encoded = artist.encode("latin-1")
    extended = (b"TAG+" + b"A song".ljust(60, b"\x00") + encoded[30:].ljust(60, b"\x00")
                + bytes(60 + 1 + 30 + 12))
    return (b"\xff\xfb\x90\x00" + bytes(400) + extended + b"TAG" + b"A song".ljust(30, b"\x00")
            + encoded[:30] + bytes(30 + 4 + 30 + 1))


# Each file hides the name where a reader must decode it: `strings` alone would not find it.
DECODED = [
    ("svg, text split by a tspan", ".svg", media_samples.svg_split("Dana Ok", "afor"), DANA),
    ("pdf, one text object drawn by pieces", ".pdf",
     media_samples.pdf_plain(b"BT /F1 12 Tf (Da) Tj 0 -14 Td (na Okafor) Tj ET"), DANA),
    ("pdf, pieces of a compressed text object", ".pdf", media_samples.pdf_plain(
        b"", b" /Filter /FlateDecode",
        zlib.compress(b"BT (Zo\xeb ) Tj (Strauss) ' ET")), NAME),
    ("pdf, an escaped string in a plain stream", ".pdf",
     media_samples.pdf_plain(b"BT (Zo\\353\\040Strauss) Tj ET"), NAME),
    ("pdf, compressed XMP", ".pdf",
     media_samples.pdf_plain(b"", b" /Type /Metadata /Filter /FlateDecode", XMP_STREAM), NAME),
    ("pdf, XMP with a character reference", ".pdf",
     media_samples.pdf_plain(media_samples.xmp("Zo&#235; Strauss")), NAME),
    ("pdf, ASCII85 then Flate", ".pdf", media_samples.pdf_plain(
        b"", b" /Filter [/ASCII85Decode /FlateDecode]",
        base64.a85encode(zlib.compress(b"BT (Dana Okafor) Tj ET")) + b"~>"), DANA),
    ("mp3, a compressed ID3v2.3 frame", ".mp3", media_samples.id3_tag(media_samples.id3_frame(
        b"TPE1", struct.pack(">I", 12) + zlib.compress(b"\x03" + DANA.encode()), V3, 0x80)),
     DANA),
    ("mp3, a compressed ID3v2.4 frame", ".mp3", media_samples.id3_tag(media_samples.id3_frame(
        b"TIT2", b"\x00\x00\x00\x0c" + zlib.compress(b"\x03" + NAME.encode()), V4, 0x09), V4),
     NAME),
    ("mp3, a chapter's title", ".mp3", media_samples.id3_tag(media_samples.id3_frame(
        b"CHAP", b"ch1\x00" + bytes(16) + media_samples.id3_frame(
            b"TIT2", b"\x00" + NAME.encode("latin-1")), V3)), NAME),
    ("mp3, ID3v1 with its extended tag", ".mp3", _id3v1_extended(
        "The Harbour Community Choir, Dana Okafor"), DANA),
    ("ogg, Opus tags over three pages", ".ogg", _ogg_opus_over_pages(), NAME),
]


@pytest.mark.parametrize("case, suffix, data, name", DECODED, ids=[c[0] for c in DECODED])
def test_words_a_reader_must_decode_are_found(case, suffix, data, name):
    assert name not in "\n".join(printable_runs(data))
    assert name in media_text(data, suffix)


# Each part is read by its reader (`strings` would find these too, as a second guard).
PARTS = [
    ("svg, a comment, an instruction, CDATA", xml_text, media_samples.svg_hidden(DANA), 3),
    ("pdf, a plain stream", pdf_text, media_samples.pdf_plain(b"BT (Dana Okafor) Tj ET"), 1),
    ("pdf, plain XMP", pdf_text, media_samples.pdf_plain(media_samples.xmp(DANA)), 1),
    ("ogg, FLAC comments and a picture", tags.ogg, _ogg_flac(), 2),
    ("mp3, APEv2", tags.mp3, media_samples.mp3("Someone", 3)
     + media_samples.ape_tag(b"Artist", DANA.encode()), 1),
    ("mp3, GEOB, USER and PRIV frames", tags.mp3, media_samples.id3_tag(
        media_samples.id3_frame(b"GEOB", b"\x00text/plain\x00notes by Dana Okafor.txt\x00"
                                b"Dana Okafor\x00\x01\x02") +
        media_samples.id3_frame(b"USER", b"\x03eng" + b"Terms: ask Dana Okafor") +
        media_samples.id3_frame(b"PRIV", b"www.example.com\x00" + b"\x00Dana Okafor\x00")), 4),
    ("mp3, link frames: a user-defined one and a plain one", tags.mp3, media_samples.id3_tag(
        media_samples.id3_frame(b"W" + b"X" * 3, b"\x01" + "\ufeffDana Okafor's page".encode(
            "utf-16-le") + b"\x00\x00https://example.org")
        + media_samples.id3_frame(b"WOAR", b"https://example.org/Dana Okafor")), 2),
    ("mp3, synced lyrics", tags.mp3, media_samples.id3_tag(media_samples.id3_frame(
        b"SYLT", b"\x00eng\x02\x01words\x00Hello, \x00\x00\x00\x00\x01Dana Okafor\x00"
        b"\x00\x00\x03\xe8")), 1),
    ("wav, broadcast wave and iXML", tags.wav, media_samples.riff(
        media_samples.chunk(b"bext", b"Interview with Dana Okafor".ljust(256, b"\x00")
                            + bytes(346)),
        media_samples.chunk(b"iXML", b"<BWFXML><NOTE>Dana Okafor</NOTE></BWFXML>")), 2),
    ("m4a, XMP", tags.mp4, media_samples.box(b"moov", media_samples.box(
        b"uuid", bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC") + media_samples.xmp(DANA))), 1),
    ("webm, title and tag", tags.matroska, media_samples.webm(DANA, DANA), 2),
]


@pytest.mark.parametrize("case, reader, data, times", PARTS, ids=[c[0] for c in PARTS])
def test_each_part_is_read_by_its_reader(case, reader, data, times):
    assert sum(DANA in piece for piece in reader(data)) >= times


def test_a_name_in_a_part_no_reader_knows_is_found_in_the_bytes():
    unknown = struct.pack("<I", 2) + DANA.encode("utf-16-le") + DANA.encode("utf-16-be")
    data = media_samples.m4a("A talk") + media_samples.box(b"Xtra", unknown)
    assert media_text(data, ".m4a").splitlines()[-2:] == [DANA, DANA]
    assert DANA in media_text(media_samples.riff(media_samples.chunk(b"LGWV", b"\x01Dana Okafor")),
                              ".wav").splitlines()
    assert media_text(b"\x1aE\xdf\xa3\x84webm" + bytes(9) + b"Zo\xc3\xab Strauss\x00",
                      ".webm").splitlines() == [NAME]          # "webm": too short a run


def test_a_damaged_file_still_gives_its_readable_words():
    assert DANA in media_text(b"<svg><text>Dana Okafor</text>", ".svg").splitlines()
    assert DANA in media_text(media_samples.webm(DANA)[:-40], ".webm")


@pytest.mark.parametrize("suffix, data", [(c[1], c[2]) for c in DECODED] + [
    (".svg", media_samples.svg_hidden(DANA)), (".ogg", _ogg_flac()),
    (".webm", media_samples.webm(DANA, DANA))])
def test_a_cut_off_file_of_any_kind_is_read_without_an_error(suffix, data):
    for end in range(0, len(data), 5):
        assert isinstance(media_text(data[:end], suffix), str)


def test_chance_letters_in_compressed_bytes_are_no_words():
    import random
    noise = bytes(random.Random(7).randrange(256) for _ in range(1 << 20))
    runs = list(printable_runs(noise + b"\x00Interview with Sam Okafor\x00"))
    assert runs == ["Interview with Sam Okafor"]
