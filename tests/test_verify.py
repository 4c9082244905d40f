"""The last guard before the swap: consent records and withdrawn addresses never go live."""

from __future__ import annotations

import gzip
from datetime import date
import pytest

import media_samples

from coprod_site.content.lifecycle import Plan
from coprod_site.content.model import Consent, Kind, Person, Resource, SiteContent
from coprod_site.verify import VerifyError, verify_output
from coprod_site.write import Output

PRIVACY = Resource("content/pages/privacy.md", Kind.PAGE, "privacy", "Privacy", "How we keep "
                   "data.", "", 5, {}, status="withdrawn",
                   people=(Person("sam", "Sam", False, Consent(
                       "CF-2026-014", date(2026, 2, 10), None, None, frozenset({"story"})), 7),))
SITE = SiteContent([PRIVACY], {}, {}, {}, {})
PLAN = Plan(date(2026, 11, 23), False, {}, {PRIVACY.rel: (PRIVACY, "its status is withdrawn")},
            {})


@pytest.fixture
def output(tmp_path):
    out = Output(tmp_path / "public")
    yield out
    out.discard()


def test_a_record_inside_the_compressed_search_index_is_found(output):
    output.write("/pagefind/fragment/en_1.pf_fragment",
                 gzip.compress(b'pagefind_dcd{"content":"record CF-2026-014"}'))
    with pytest.raises(VerifyError) as error:
        verify_output(output, SITE)
    assert str(error.value) == ("The consent record reference CF-2026-014 was found in the "
                                "built file pagefind/fragment/en_1.pf_fragment. Nothing was "
                                "published.")


@pytest.mark.parametrize("text", ['<a href="/privacy/">', '{"url":"/privacy/#top"}',
                                  "<loc>https://hub.example/privacy/</loc>"])
def test_a_withdrawn_address_anywhere_but_redirects_stops_the_build(output, text):
    output.write("/_redirects", "/privacy/ /404.html 410\n")
    output.write("/index.html", text)
    with pytest.raises(VerifyError, match=r"^The address /privacy/ of a withdrawn page was "
                                          r"found in the built file index.html\."):
        verify_output(output, SITE, PLAN)


def test_an_address_that_only_ends_like_a_withdrawn_one_passes(output):
    output.write("/_redirects", "/privacy/ /404.html 410\n")
    output.write("/index.html", '<a href="/topics/privacy/">Privacy</a> '
                                "https://hub.example/topics/privacy/ CF-2026-0")
    verify_output(output, SITE, PLAN)


def test_a_record_in_any_file_is_found_even_in_media(output):
    output.write("/media/photo.jpg", b"\xff\xd8\xff\xe1Exif comment CF-2026-014\xff\xd9")
    with pytest.raises(VerifyError, match="CF-2026-014 was found in the built file "
                                          "media/photo.jpg"):
        verify_output(output, SITE)


def plan_without(*people) -> Plan:
    return Plan(date(2026, 11, 23), False, {}, {}, {}, absent=people)


@pytest.mark.parametrize("path, data", [
    ("/guides/a/index.html", "<p>We met PRIYA shah there.</p>"),
    ("/guides/a/index.html", '<img alt="Priya&#32;Shah walking" src="/media/x.jpg">'),
    ("/pagefind/fragment/en_2.pf_fragment", gzip.compress(b'{"content":"priya shah"}')),
    ("/media/priya-shah.jpg", b"\xff\xd8"),
    ("/guides/a/index.html", "<p>We met ＰＲＩＹＡ Šhah there.</p>"),
    ("/guides/a/index.html", "<p>We met Pr\u0456ya Sh\u0430h there.</p>"),   # Cyrillic і, а
    ("/guides/a/index.html", "<p>We met Priya&shy;Shah there.</p>"),
    ("/media/poster.pdf", media_samples.pdf("Priya Shah", "info")),
    ("/media/poster.pdf", media_samples.pdf("Priya Shah", "page")),
    ("/media/talk.mp3", media_samples.mp3("Priya Shah", 3)),
    ("/media/talk.ogg", media_samples.ogg("PRIYA SHAH")),
    ("/media/talk.wav", media_samples.wav("Priya Shah")),
    ("/media/talk.m4a", media_samples.m4a("Priya Shah")),
    ("/media/talk.webm", media_samples.webm("Priya Shah")),
    ("/media/poster.svg", media_samples.svg_split("Priya S", "hah")),
    ("/media/poster.pdf", media_samples.pdf_plain(b"BT (Pri) Tj (ya Shah) Tj ET")),
    ("/media/poster.pdf", media_samples.pdf_plain(media_samples.xmp("Priya Shah"))),
    ("/media/talk.mp3", media_samples.mp3("A talk", 3) + media_samples.ape_tag(b"Artist",
                                                                              b"Priya Shah")),
])
def test_a_withdrawn_persons_name_anywhere_stops_the_build(output, path, data):
    from coprod_site.people import Someone
    priya = Someone("content/case-studies/walk.md#priya", "Priya Shah", ("Priya Shah",),
                    "content/case-studies/walk.md", 7, PRIVACY.people[0])
    output.write(path, data)
    with pytest.raises(VerifyError) as error:
        verify_output(output, SITE, plan_without(priya))
    assert str(error.value) == (
        "The name of a person whose consent has ended (sam in content/case-studies/walk.md) "
        f"was found in the built file {path.lstrip('/')}. Nothing was published. Run coprod "
        "check to see where the name is written, and take it out; if check finds nothing, it "
        "may be in the site's settings or the theme.")


def test_a_name_inside_another_word_is_not_a_name(output):
    from coprod_site.people import Someone
    output.write("/index.html", "<p>Pree-school is Preeminent.</p>")
    pree = Someone("content/_data/withdrawn.yml#0", "Pree", ("Pree",),
                   "content/_data/withdrawn.yml", 1)
    with pytest.raises(VerifyError, match=r"\(entry at line 1 in content/_data/withdrawn.yml\)"):
        verify_output(output, SITE, plan_without(pree))
    output.write("/index.html", "<p>Preeminent people.</p>")
    verify_output(output, SITE, plan_without(pree))


def test_names_are_not_looked_for_in_code_or_the_editors_settings(output):
    from coprod_site.people import Someone
    mark = Someone("content/_data/withdrawn.yml#0", "Mark", ("Mark",),
                   "content/_data/withdrawn.yml", 1)
    output.write("/assets/style.1a2b3c4d5e.css", "mark { background: yellow; }")
    output.write("/pagefind/pagefind-ui.js", "const mark = document.createElement('mark');")
    output.write("/admin/config.yml", "hint: One word, like mark.\n")
    output.write("/media/photo.jpg", b"\xff\xd8\xff\xfeA comment by Mark\xff\xd9")
    output.write("/assets/font.woff2", b"wOF2\x00Mark\x00")
    verify_output(output, SITE, plan_without(mark))
    output.write("/media/poster.svg", "<svg><text>Mark</text></svg>")
    with pytest.raises(VerifyError, match="in the built file media/poster.svg"):
        verify_output(output, SITE, plan_without(mark))


def test_a_withdrawn_persons_name_in_an_empty_folder_stops_the_build(output):
    """A folder is an address even with no page in it (a page withdrawn since the folders
    were made)."""
    from coprod_site.people import Someone
    priya = Someone("content/case-studies/walk.md#priya", "Priya Shah", ("Priya Shah",),
                    "content/case-studies/walk.md", 7, PRIVACY.people[0])
    output.path("/case-studies/priya-shah/")               # makes the folder, writes nothing
    with pytest.raises(VerifyError) as error:
        verify_output(output, SITE, plan_without(priya))
    assert str(error.value).startswith(
        "The name of a person whose consent has ended (sam in content/case-studies/walk.md) "
        "was found in the built folder case-studies/priya-shah. Nothing was published.")
