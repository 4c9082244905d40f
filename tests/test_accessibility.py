"""Accessible content: image alt (CP501), heading order (CP502), link text (CP503) and text
alternatives for audio, video and PDFs (CP504)."""

from __future__ import annotations

import pytest

from conftest import make_site, page
from findings import findings

# page() puts the body on line 9


def site(tmp_path, body, media_files=("media/sam.jpg",), **keys):
    files = {"content/guides/a.md": page(body=body, **keys),
             "content/pages/about-us.md": page(title="About us", body="Hello.\n", topics=None,
                                               published=None)}
    for name in media_files:
        files[f"content/{name}"] = b"x"
    return make_site(tmp_path, files)


# -- CP501 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("markdown, message", [
    ("![](../media/sam.jpg)",
     "The image sam.jpg has no alt text, so screen reader users will not know what it shows."),
    ("![IMG_1234.jpg](../media/sam.jpg)",
     'The alt text of the image sam.jpg is a file name ("IMG_1234.jpg"), which tells screen '
     "reader users nothing."),
    ("![photo.png](../media/sam.jpg)",
     'The alt text of the image sam.jpg is a file name ("photo.png"), which tells screen '
     "reader users nothing."),
    ("![DSC 0042](../media/sam.jpg)",
     'The alt text of the image sam.jpg is a file name ("DSC 0042"), which tells screen '
     "reader users nothing."),
    ("![Image](../media/sam.jpg)",
     'The alt text of the image sam.jpg is just "Image", which tells screen reader users '
     "nothing."),
])
def test_image_alt_hit(tmp_path, markdown, message):
    root = site(tmp_path, f"Look:\n{markdown}\n")
    assert findings(root, codes=("CP501",)) == [
        f"content/guides/a.md:10:1: error CP501 image-alt: {message}"]


def test_image_alt_applies_inside_quotes(tmp_path):
    root = site(tmp_path, "> ![](../media/sam.jpg)\n> We did it.\n")
    assert findings(root, codes=("CP501",)) == [
        "content/guides/a.md:9:3: error CP501 image-alt: The image sam.jpg has no alt text, so "
        "screen reader users will not know what it shows."]


def test_image_alt_near_miss(tmp_path):
    root = site(tmp_path, "![Sam holds the photo.png printout of the team](../media/sam.jpg)\n"
                          "![A photo of the team at the 2024 awards](../media/sam.jpg)\n")
    assert findings(root, codes=("CP501",)) == []


def test_media_alt_in_front_matter(tmp_path):
    # line 7 media:, line 8 - file: ..., line 9 alt: sam.jpg
    root = site(tmp_path, "Hello.\n", media=[{"file": "media/sam.jpg", "alt": "sam.jpg",
                                              "caption": "Sam", "shows": []}])
    found = findings(root, codes=("CP501",))
    assert found == ['content/guides/a.md:9:1: error CP501 image-alt: The alt text of the '
                     'image sam.jpg is a file name ("sam.jpg"), which tells screen reader users '
                     "nothing."]


# -- CP502 -----------------------------------------------------------------------------------

def test_heading_skips_a_level(tmp_path):
    root = site(tmp_path, "## Before you start\n\nHello.\n\n#### What to bring\n\nTea.\n")
    assert findings(root, codes=("CP502",)) == [
        'content/guides/a.md:13:6: warning CP502 heading-order: The heading "What to bring" '
        "jumps from level 2 to level 4. Screen reader users move around a page by its heading "
        "levels."]


def test_first_heading_must_be_level_2(tmp_path):
    root = site(tmp_path, "### Before you start\n\nHello.\n")
    assert findings(root, codes=("CP502",)) == [
        'content/guides/a.md:9:5: warning CP502 heading-order: The heading "Before you start" '
        "jumps from level 1 to level 3. Screen reader users move around a page by its heading "
        "levels."]


def test_level_1_heading_in_the_body(tmp_path):
    root = site(tmp_path, "# Paying people\n\nHello.\n")
    assert findings(root, codes=("CP502",)) == [
        'content/guides/a.md:9:3: warning CP502 heading-order: The heading "Paying people" is '
        "a # heading, but the page title is already the main heading."]


def test_heading_order_near_miss(tmp_path):
    # going back up any number of levels is fine; so is one level down at a time
    root = site(tmp_path, "## A\n\n### B\n\n#### C\n\n## D\n\n### E\n")
    assert findings(root, codes=("CP502",)) == []


# -- CP503 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["click here", "Here", "read more", "More…", "this link"])
def test_vague_link_text(tmp_path, text):
    root = site(tmp_path, f"For the rules, [{text}](../pages/about-us.md).\n")
    assert findings(root, codes=("CP503",)) == [
        f'content/guides/a.md:9:16: warning CP503 link-text: The link text "{text}" does not '
        "say where the link goes. Screen reader users often hear links on their own, out of "
        "context."]


def test_bare_address_as_link_text(tmp_path):
    root = site(tmp_path, "Go to <https://www.gov.uk/pip> now.\n")
    assert findings(root, codes=("CP503",)) == [
        "content/guides/a.md:9:8: warning CP503 link-text: The link text is a web address. "
        "Screen readers read it out letter by letter, and it does not say what the page is."]


def test_link_text_near_miss(tmp_path):
    root = site(tmp_path, "Read [more about us](../pages/about-us.md) and "
                          "[where to get help](https://www.gov.uk/pip).\n")
    assert findings(root, codes=("CP503",)) == []


# -- CP504 -----------------------------------------------------------------------------------

def test_audio_without_transcript(tmp_path):
    root = site(tmp_path, "Listen to [Sam's story](../media/sam.mp3).\n\nMore text.\n",
                media_files=("media/sam.mp3",))
    assert findings(root, codes=("CP504",)) == [
        "content/guides/a.md:9:11: warning CP504 media-alternative: This recording has no "
        "transcript nearby. Deaf people, and people who cannot play sound, need the words as "
        "text."]


def test_video_on_youtube_without_transcript(tmp_path):
    root = site(tmp_path, "Watch [our film](https://www.youtube.com/watch?v=abc).\n")
    assert findings(root, codes=("CP504",)) == [
        "content/guides/a.md:9:7: warning CP504 media-alternative: This video has no "
        "transcript nearby. Deaf people, and people who cannot play sound, need the words as "
        "text."]


def test_pdf_without_web_page(tmp_path):
    root = site(tmp_path, "Download [the form](../media/form.pdf).\n",
                media_files=("media/form.pdf",))
    assert findings(root, codes=("CP504",)) == [
        "content/guides/a.md:9:10: warning CP504 media-alternative: This links to a PDF "
        "(form.pdf) with no web page version nearby. Many people cannot open or read PDFs on "
        "their phone or with a screen reader."]


def test_media_alternatives_nearby(tmp_path):
    body = ("Listen to [Sam's story](../media/sam.mp3).\n\n"
            "You can also [read the transcript](../pages/about-us.md).\n\n"
            "Watch [our film](../media/film.mp4) with [captions](../media/film.vtt).\n\n"
            "Read [the form as a web page](../pages/about-us.md) or "
            "[download it](../media/form.pdf).\n")
    root = site(tmp_path, body, media_files=("media/sam.mp3", "media/film.mp4",
                                             "media/film.vtt", "media/form.pdf"))
    assert findings(root, codes=("CP504",)) == []


def test_transcript_too_far_away_does_not_count(tmp_path):
    body = ("Listen to [Sam's story](../media/sam.mp3).\n\nA paragraph.\n\nAnother.\n\n"
            "[Read the transcript](../pages/about-us.md).\n")
    root = site(tmp_path, body, media_files=("media/sam.mp3",))
    assert [f.split(": ")[1] for f in findings(root, codes=("CP504",))] == \
        ["warning CP504 media-alternative"]


@pytest.mark.parametrize("alt", ["room-set-up-day-2", "Room_Set_Up_Day_2", "ROOM SET UP DAY 2",
                                 "room-set-up-day-2.JPG"])
def test_alt_text_that_is_the_images_own_name(tmp_path, alt):
    root = site(tmp_path, f"![{alt}](../media/room-set-up-day-2.jpg)\n")
    assert findings(root, codes=("CP501",)) == [
        "content/guides/a.md:9:1: error CP501 image-alt: The alt text of the image "
        f'room-set-up-day-2.jpg is a file name ("{alt}"), which tells screen reader users '
        "nothing."]


def test_alt_text_that_only_shares_words_with_the_name_is_fine(tmp_path):
    root = site(tmp_path, "![The room set up for day 2, with chairs in a circle]"
                          "(../media/room-set-up-day-2.jpg)\n")
    assert findings(root, codes=("CP501",)) == []


@pytest.mark.parametrize("alt", ["", None])
def test_empty_or_missing_alt_in_media(tmp_path, alt):
    item = {"file": "media/sam.jpg", "alt": alt, "caption": "Sam", "shows": []}
    root = site(tmp_path, "Hello.\n", media=[item])
    assert findings(root, codes=("CP501",)) == [
        "content/guides/a.md:9:1: error CP501 image-alt: The image sam.jpg has no alt text, so "
        "screen reader users will not know what it shows."]


def test_a_recording_in_media_needs_no_alt(tmp_path):
    root = site(tmp_path, "Hello.\n", media=[{"file": "media/talk.mp3", "caption": "Sam's talk",
                                              "shows": []}])
    assert findings(root, codes=("CP501",)) == []
