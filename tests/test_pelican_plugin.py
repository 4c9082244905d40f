"""The Pelican plugin, run by a real `pelican` build on a small Pelican site."""

from __future__ import annotations

import subprocess
import sys

from conftest import make_site, page, run
from test_mkdocs_plugin import every_byte

from coprod_site.integrations.pelican_plugin import yaml_metadata

ARTICLE = ("Title: Paying people\nDate: 2026-03-14\nSummary: How to pay people\n    for their "
           "time.\n\nWe utilise a fair approach and the team and the people who come along to "
           "the sessions every week and the volunteers all agree that paying people for their "
           "time is the right thing to do.\n\nPeople who are hard to reach should be asked too.\n")
HARD_TEXT = ("Organisational interdependencies necessitate comprehensive consideration of "
             "institutional accountability mechanisms. ") * 12 + "\n"
HARD = "Title: Hard\nDate: 2026-03-14\n\n" + HARD_TEXT
STORY = ("Title: Running the club together\nDate: 2026-03-10\nCategory: Stories\nTags: members\n\n"
         "Tamsin joined the club two years ago. Now she helps run it.\n\n"
         "> I never thought I would lead a session.\n> — Tamsin\n")
HOME = ("Title: Welcome to the club\nDate: 2026-03-12\nTags: club\n\n"
        "We meet every week. Read [how one member found her place]({filename}stories/first-season.md)."
        "\n\n> Sport is for everyone.\n> — Einstein\n")
PEOPLE = ("stories/first-season.md:\n  - ref: tamsin\n    shown_as: Tamsin\n    consent:\n"
          "      record: CF-2026-014\n      given: 2026-02-10\n{extra}      covers: [{covers}]\n")
SETTINGS = 'COPROD = {"case_studies": ["stories"], "people": "people.yml"}\n'


def pelican_site(tmp_path, pages: dict[str, str], settings: str = "",
                 people: str | None = None) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "Test"\nSITEURL = "https://club.example"\nPATH = "content"\n'
        'TIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        'PLUGINS = ["coprod_site.integrations.pelican_plugin"]\n' + settings, encoding="utf-8")
    for name, text in pages.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if people is not None:
        (tmp_path / "people.yml").write_text(people, encoding="utf-8")


def pelican(tmp_path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                           "-o", "output", "--log-handler", "plain", *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def found(log: list[str]) -> list[str]:
    return [line for line in log if line.startswith(("content/", "people.yml", "coprod"))]


def test_each_finding_is_logged_at_its_line_in_the_source(tmp_path):
    pelican_site(tmp_path, {"paying.md": ARTICLE}, 'COPROD = {"kind": "guide"}\n')
    code, log = pelican(tmp_path)
    assert code == 0
    assert (tmp_path / "output" / "paying-people.html").is_file()
    assert found(log) == [
        "content/paying.md:6:1: warning CP302 long-sentence: This sentence has 36 words. Try to "
        "keep sentences under 25 words.",
        "content/paying.md:6:4: warning CP303 plain-words: \"utilise\" has a plainer "
        "alternative: use.",
        "content/paying.md:8:16: warning CP401 inclusive-language: Many people find \"hard to "
        "reach\" excluding. Try: seldom heard, or people services find it hard to reach.",
    ]
    assert "    What to do: When you write about someone, use the words they use for themselves." in log


def test_yaml_metadata_is_metadata_not_text(tmp_path):
    """The same page with `---` YAML metadata: the same findings, two lines further on, and
    nothing on the metadata lines (no acronym warning on `Title:`)."""
    yaml_article = ("---\nTitle: Paying people\nDate: 2026-03-14\nSummary: How to pay people "
                    "for their time.\n---\n\n" + ARTICLE.split("\n\n", 1)[1])
    pelican_site(tmp_path, {"paying.md": yaml_article}, 'COPROD = {"kind": "guide"}\n')
    code, log = pelican(tmp_path, "--fatal", "errors")
    assert code == 0
    assert [line.split(" ", 2)[:2] for line in found(log)] == [
        ["content/paying.md:7:1:", "warning"], ["content/paying.md:7:4:", "warning"],
        ["content/paying.md:9:16:", "warning"]]
    built = (tmp_path / "output" / "paying-people.html").read_text(encoding="utf-8")
    assert "Title:" not in built and "How to pay people for their time." in built


def test_a_hard_page_gives_the_figure_coprod_check_gives(tmp_path):
    pelican_site(tmp_path / "blog", {"paying.md": ARTICLE, "hard.md": HARD},
                 'COPROD = {"ignore": ["CP303"], "kind": "guide"}\n')
    code, log = pelican(tmp_path / "blog")
    error = ("content/hard.md:4:1: error CP301 reading-ease: This page is hard to read. It scores "
             "0 for reading ease (a reading age of about 47); a guide needs at least 45 and "
             "should aim for 60.")
    assert code == 1 and error in log
    assert not any("CP303" in line for line in log)
    hub = make_site(tmp_path / "hub", {"content/guides/hard.md": page(body=HARD_TEXT)})
    _, out, _ = run(hub, "check", "--today", "2026-04-01")
    assert error.replace("content/hard.md:4:1", "content/guides/hard.md:9:1") in out


def test_every_error_is_shown_before_the_build_stops(tmp_path):
    about = "Title: About\nDate: 2026-03-01\n\nSee [the rules](#rules).\n"
    pelican_site(tmp_path, {"hard.md": HARD, "welcome.md": HOME, "stories/first-season.md": STORY,
                            "about.md": about}, SETTINGS,
                 PEOPLE.format(covers="story, name", extra=""))
    expected = [
        "content/about.md:4:5: error CP602 broken-anchor: This link goes to #rules, but this "
        "page has no heading with that id.",
        "content/hard.md:4:1: error CP301 reading-ease: This page is hard to read. It scores 0 "
        "for reading ease (a reading age of about 47); a page needs at least 45 and should aim "
        "for 60.",
        "content/stories/first-season.md:9:5: error CP202 consent-scope: Tamsin is quoted here, but "
        "their consent does not cover quotes.",
        "coprod: the site was not built because of 3 errors (listed above).",
    ]
    for fatal in ((), ("--fatal", "errors")):
        code, log = pelican(tmp_path, *fatal)
        assert code == 1
        assert [line for line in found(log) if ": warning " not in line] == expected
        assert not any("Traceback" in line or "RuntimeError" in line for line in log)
        assert ("    What to do: This page has no headings. Link to it without the #rules "
                "part.") in log
        assert not (tmp_path / "output").exists()


def test_heading_links_are_checked_against_the_ids_pelican_gives(tmp_path):
    rules = ("Title: Rules\nDate: 2026-03-01\n\nSee [the rules](#the-rules) and [pay](#pay)."
             "\n\n## The rules\n\nBe kind.\n")
    pelican_site(tmp_path, {"rules.md": rules}, 'MARKDOWN = {"extension_configs": '
                 '{"markdown.extensions.toc": {}, "markdown.extensions.meta": {}}}\n')
    code, log = pelican(tmp_path)
    assert code == 1
    assert [line for line in found(log) if " CP602 " in line] == [
        "content/rules.md:4:33: error CP602 broken-anchor: This link goes to #pay, but this "
        "page has no heading with that id."]


def test_the_people_file_is_where_its_findings_are(tmp_path):
    pelican_site(tmp_path, {"welcome.md": HOME, "stories/first-season.md": STORY}, SETTINGS,
                 "stories/first-season.md:\n  - ref: tamsin\n    shown_as: Tamsin\n")
    code, log = pelican(tmp_path)
    assert code == 1
    assert found(log)[0] == ("people.yml:2:1: error CP201 consent-missing: Tamsin is listed in "
                             "people, but there is no consent block for them.")


def test_a_clean_site_builds(tmp_path):
    """People in the people file, and in YAML metadata; no consent record in the output."""
    yaml_story = ("---\ntitle: Coaching on Sundays\ndate: 2026-03-11\npeople:\n"
                  "  - ref: ravi\n    shown_as: Ravi\n    consent: {record: CF-2026-015, "
                  "given: 2026-02-11, covers: [story, name, quote]}\n---\n\n"
                  "Ravi coaches on Sundays.\n\n> The children keep me young.\n> — Ravi\n")
    pelican_site(tmp_path, {"welcome.md": HOME, "stories/first-season.md": STORY,
                            "sunday-coaching.md": yaml_story}, SETTINGS,
                 PEOPLE.format(covers="story, name, quote", extra=""))
    code, log = pelican(tmp_path, "--fatal", "warnings")
    assert code == 0, log
    assert found(log) == []
    output = every_byte(tmp_path / "output")
    assert b"Tamsin joined the club" in output and b"Ravi coaches on Sundays" in output
    assert b"CF-2026-01" not in output and b"covers" not in output


def test_withdrawn_content_is_in_no_output_file(tmp_path):
    """Consent withdrawn in the people file, and `status: withdrawn` in YAML metadata."""
    old = ("---\ntitle: Old news\ndate: 2026-01-05\ncategory: Zanzibar\ntags: [zanzibar-trip]\n"
           "status: withdrawn\n---\n\nThe Zanzibar trip is off.\n")
    pelican_site(tmp_path, {"welcome.md": HOME, "stories/first-season.md": STORY, "old.md": old,
                            "pages/about.md": "Title: About\n\nWe are a club. Read "
                                              "[an old post]({filename}/old.md).\n"},
                 SETTINGS.replace("}", ', "netlify": True}') + 'FEED_ALL_RSS = "feeds/all.rss"\n',
                 PEOPLE.format(covers="story, name, quote", extra="      withdrawn: 2026-03-01\n"))
    code, log = pelican(tmp_path, "--fatal", "warnings")
    assert code == 0, log
    output = tmp_path / "output"
    assert {"archives.html", "feeds/all.atom.xml", "feeds/all.rss", "tags.html",
            "categories.html", "pages/about.html"} <= {p.relative_to(output).as_posix()
                                                 for p in output.rglob("*")}
    everything = every_byte(output)
    for word in (b"Tamsin", b"tamsin", b"CF-2026-014", b"Zanzibar", b"zanzibar", b"Stories",
                 b"members", b"old-news"):
        assert word not in everything
    about = (output / "pages" / "about.html").read_text(encoding="utf-8")
    assert "Read <span>an old post</span>." in about
    welcome = (output / "welcome-to-the-club.html").read_text(encoding="utf-8")
    assert "Read <span>how one member found her place</span>." in welcome
    assert (output / "_redirects").read_text(encoding="utf-8") == "/* /404.html 410\n"


def test_a_bad_setting_is_one_clear_line(tmp_path):
    pelican_site(tmp_path, {"paying.md": ARTICLE}, 'COPROD = {"kinds": {"manual": {}}}\n')
    code, log = pelican(tmp_path)
    assert code == 1
    assert found(log) == []
    assert ("pelicanconf.py, COPROD: kinds has an unknown kind 'manual'. The kinds are: guide, "
            "toolkit, page, case-study, easy-read.") in log


def test_yaml_metadata_is_read_as_pelican_reads_metadata():
    not_yaml = "---\nTitle: A: b\ntags: [x, y]\n---\nText\n"
    assert yaml_metadata(not_yaml) == (None, not_yaml)
    meta, body = yaml_metadata("---\ntitle: A\ndate: 2026-03-14\ntags: [x, y]\npeople:\n"
                               "  - ref: a\n---\nText\n")
    assert (meta, body) == ({"title": ["A"], "date": ["2026-03-14"], "tags": ["x, y"]}, "Text\n")
