"""The words inside media files published as they are (media_text.py)."""

from __future__ import annotations

import pytest

import media_samples
from coprod_site.media_text import media_text

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
