"""What the verify step would stop a build for, reported first by the check stage where it is
written (checks/consent_site.py): names the site prints whatever the content, names in the
`_data` lists, everyday words used as names, consent records in pages."""

from __future__ import annotations

import json

import pytest

import media_samples

from test_consent_hub import TODAY, build_site, case_study, every_byte, guide, person

CLUB = "content/case-studies/club.md"
WITHDRAWN = "      withdrawn: 2026-11-01\n"


def findings(root, run, code="CP201"):
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    return [(d["file"], d["line"], d["column"], d["severity"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"] if d["code"] == code]


SKIP_MESSAGE = (
    "Skip is also in the text the site prints on its pages (the theme's templates/base.html, "
    "line 35: \"Skip to main content\"). Names are matched in any letter case, so if Skip "
    "Jones's consent ended, the site would still hold their name and the build would stop "
    "without publishing anything.")
SKIP_ADVICE = ("Use a longer alias than Skip, or the full name, such as a first name and a "
               "surname initial.")


@pytest.mark.parametrize("extra", ["", WITHDRAWN])
def test_an_alias_the_theme_prints_on_every_page_is_cp201_where_it_is_declared(
        make_site, tmp_path, run, extra):
    files = {CLUB: case_study(person("skip", "Skip Jones", aliases="Skip", extra=extra),
                              "Skip Jones runs the club.\n", title="A club")}
    root = make_site(tmp_path, files)
    assert findings(root, run) == [(CLUB, 9, 15, "error", SKIP_MESSAGE, SKIP_ADVICE)]
    code, out, err = run(root, "check", "--today", TODAY)
    assert code == 1 and f"{CLUB}:9:15: error CP201 consent-missing: {SKIP_MESSAGE}" in out
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1 and "Nothing was published" not in out + err
    assert f"{CLUB}:9:15: error CP201" in out


def test_a_name_in_the_sites_title_is_cp201(make_site, tmp_path, run):
    files = {CLUB: case_study(person("rose", "Rose"), "Rose runs the club.\n", title="A club")}
    root = make_site(tmp_path, files, pyproject="[tool.coprod]\ntitle = \"Rose's walking hub\"\n")
    assert findings(root, run) == [(
        CLUB, 8, 15, "error",
        "Rose is also in the text the site prints on its pages (the site's title in "
        "pyproject.toml: \"Rose's walking hub\"). Names are matched in any letter case, "
        "so if Rose's consent ended, the site would still hold their name and the build would "
        "stop without publishing anything.",
        f"Give Rose a fuller shown_as in {CLUB}, such as a first name and a surname initial.")]


def test_a_name_that_is_a_word_no_page_uses_and_code_words_are_no_alarm(make_site, tmp_path,
                                                                         run):
    # "mark" and "max" are in the theme's style sheet and Pagefind's scripts: code, not text.
    files = {CLUB: case_study(person("rose", "Rose") + person("mark", "Mark", extra=WITHDRAWN)
                              + person("max", "Max"), "Rose, Mark and Max run the club.\n",
                              title="A club"),
             "content/guides/garden.md": guide("Plant roses in spring. Skip the weeding; we will "
                                              "see what may grow.\n", title="Gardens"),
             "content/guides/mark.md": guide("Ask Mark about it.\n", title="Ask")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert findings(root, run) == []
    assert not (root / "public/guides/mark").exists()
    assert "Plant roses" in every_byte(root / "public")["guides/garden/index.html"]


def test_an_everyday_word_pages_write_in_lower_case_is_a_warning_at_the_name(
        make_site, tmp_path, run):
    files = {CLUB: case_study(person("rose", "Rose"), "Rose runs the club.\n", title="A club"),
             "content/guides/prices.md": guide("Prices rose last year.\n", title="Prices"),
             "content/guides/more.md": guide("The river rose.\n", title="Rivers")}
    root = make_site(tmp_path, files)
    assert findings(root, run) == [(
        CLUB, 8, 15, "warning",
        'Rose is also an everyday word, and pages write "rose" in lower case '
        "(content/guides/more.md:8:11 and 1 more page). Names are matched in any letter case, "
        "so if Rose's consent ended, those pages would be withdrawn too.",
        f"Give Rose a fuller shown_as in {CLUB}, such as a first name and a surname initial.")]


GLOSSARY = ("peer-support:\n  definition: Help from people who have been there, like Zoë "
            "Strauss.\n")


@pytest.mark.parametrize("extra", ["", WITHDRAWN])
def test_a_declared_name_in_the_glossary_or_topics_is_cp201_at_the_word(make_site, tmp_path,
                                                                        run, extra):
    files = {"content/case-studies/photos.md": case_study(
                 person("zoe", "Zoë Strauss", extra=extra), "Zoë Strauss takes photos.\n"),
             "content/_data/glossary.yml": GLOSSARY}
    topics = {"involvement": {"label": "Involvement",
                              "description": "Getting people involved, as ZOE STRAUSS did."}}
    root = make_site(tmp_path, files, topics=topics)
    message = ("is named here (content/case-studies/photos.md). This file appears across the "
               "site and cannot be withdrawn page by page: if their consent ended, the build "
               "would stop without publishing anything.")
    assert findings(root, run) == [
        ("content/_data/glossary.yml", 2, 58, "error", f"Zoë Strauss {message}",
         "Take Zoë Strauss out of content/_data/glossary.yml. A case study can tell their "
         "story."),
        ("content/_data/topics.yml", 3, 44, "error", f"ZOE STRAUSS {message}",
         "Take ZOE STRAUSS out of content/_data/topics.yml. A case study can tell their story."),
    ]
    code, out, _ = run(root, "build", "--today", TODAY)
    assert code == 1 and "content/_data/glossary.yml:2:58: error CP201" in out


def test_an_ordinary_word_that_is_nobodys_name_changes_nothing(make_site, tmp_path, run):
    files = {CLUB: case_study(person("zoe", "Zoë Strauss"), "Zoë Strauss runs it.\n"),
             "content/_data/glossary.yml": "skip:\n  definition: A large bin for waste.\n",
             "content/guides/bins.md": guide("Hire a skip. We will tidy up.\n", title="Bins")}
    root = make_site(tmp_path, files)
    assert findings(root, run) == []


def test_a_consent_record_inside_a_media_file_or_in_the_glossary_is_cp201(make_site, tmp_path,
                                                                         run):
    files = {CLUB: case_study(person("skip", "Skip Jones"), "Skip Jones runs the club.\n",
                              title="A club"),
             "content/guides/poster.md": guide("Look.\n\n![A poster](../media/poster.svg)\n",
                                               title="Poster"),
             "content/media/poster.svg": media_samples.svg("Form CF-skip"),
             "content/_data/glossary.yml": "consent:\n  definition: Agreement, as in CF-skip.\n"}
    root = make_site(tmp_path, files)
    assert findings(root, run) == [
        ("content/_data/glossary.yml", 2, 32, "error",
         f"CF-skip is a consent record reference (from {CLUB}). Consent records are kept off "
         "the site, so the build would stop here and publish nothing.",
         f"Take CF-skip out of content/_data/glossary.yml. It belongs only in the consent: "
         f"block of {CLUB}."),
        ("content/guides/poster.md", 10, 1, "error",
         f"media/poster.svg has the consent record reference CF-skip (from {CLUB}) inside it, "
         "in its words or details. Consent records are kept off the site, so the build would "
         "stop here and publish nothing.",
         "Take CF-skip out of media/poster.svg (open it and remove it from its text or its "
         "details), or use another file."),
    ]


def test_a_month_name_a_page_shows_in_its_date_is_cp201(make_site, tmp_path, run):
    files = {CLUB: case_study(person("june", "June"), "June runs the club.\n", title="A club")
             .replace("published: 2026-03-14", "published: 2026-06-14")}
    root = make_site(tmp_path, files)
    assert findings(root, run) == [(
        CLUB, 8, 15, "error",
        "June is also in the text the site prints on its pages (the date "
        f"{CLUB} shows: \"14 June 2026\"). Names are matched in any letter case, so if June's "
        "consent ended, the site would still hold their name and the build would stop "
        "without publishing anything.",
        f"Give June a fuller shown_as in {CLUB}, such as a first name and a surname initial.")]
