"""The `coprod` MkDocs plugin, run by a real `mkdocs build` on a small MkDocs site."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys

from conftest import make_site, page, run

EASY = ("---\ndescription: A short page about paying people.\n---\n\n# Paying people\n\n"
        "We utilise a fair approach and the team and the people who come along to the sessions "
        "every week and the volunteers all agree that paying people for their time is the right "
        "thing to do.\n\nPeople who are hard to reach should be asked too.\n")
HARD_TEXT = ("Organisational interdependencies necessitate comprehensive consideration of "
             "institutional accountability mechanisms. ") * 12 + "\n"
HARD = "# Hard\n\n" + HARD_TEXT
CONSENT = ("people:\n  - ref: tamsin\n    shown_as: Tamsin\n    consent:\n"
           "      record: CF-2026-014\n      given: 2026-02-10\n{extra}"
           "      covers: [{covers}]\n")
STORY = ("---\ntitle: Running the club together\n{people}---\n\n# Running the club together\n\n"
         "Tamsin joined the club two years ago. Now she helps run it.\n\n"
         "> I never thought I would lead a session.\n> — Tamsin\n")
HOME = ("---\ndescription: What the club does and how to join.\n---\n\n# Welcome\n\n"
        "We meet every week. Read [how one member found her place](stories/first-season.md).\n\n"
        "> Sport is for everyone.\n> — Einstein\n")


def story(covers="story, name, quote", extra=""):
    return STORY.format(people=CONSENT.format(covers=covers, extra=extra))


def mkdocs_site(tmp_path, pages: dict[str, str], options: str = "", extra: str = "") -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test docs\nplugins:\n  - search\n  - coprod"
        + (f":\n{options}" if options else "") + f"\n{extra}", encoding="utf-8")
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def mkdocs(tmp_path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stderr.splitlines()


def coprod_lines(log: list[str]) -> list[str]:
    return [line for line in log if " CP" in line or "coprod" in line]


def every_byte(folder) -> bytes:
    """Every file under `folder`, gzip files unpacked."""
    data = b""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        data += path.relative_to(folder).as_posix().encode() + b"\0" + (
            gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return data


def test_warnings_are_logged_where_the_writer_can_fix_them(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY})
    code, log = mkdocs(tmp_path)
    assert code == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert [line for line in log if "CP" in line] == [
        "WARNING -  docs/index.md:7:1: warning CP302 long-sentence: This sentence has 36 words. "
        "Try to keep sentences under 25 words.",
        "WARNING -  docs/index.md:7:4: warning CP303 plain-words: \"utilise\" has a plainer "
        "alternative: use.",
        "    What to do: Use the plainer word if it fits. If \"utilise\" is the right word here, "
        "add <!-- coprod-ignore CP303 --> on the line before.",
        "WARNING -  docs/index.md:9:16: warning CP401 inclusive-language: Many people find "
        "\"hard to reach\" excluding. Try: seldom heard, or people services find it hard to reach.",
    ]
    assert "    What to do: Split it into two or more sentences, or leave out words it does not need." in log
    assert "INFO    -  coprod: 0 errors and 3 warnings; 0 pages withdrawn." in log
    code, log = mkdocs(tmp_path, "--strict")
    assert code == 1


def test_a_hard_page_stops_the_build_with_the_figure_coprod_check_gives(tmp_path):
    mkdocs_site(tmp_path / "docs-site", {"index.md": EASY, "hard.md": HARD},
                options="      kind: guide")
    code, log = mkdocs(tmp_path / "docs-site")
    assert code == 1
    assert [line for line in log if line.startswith("ERROR")] == [
        "ERROR   -  docs/hard.md:3:1: error CP301 reading-ease: This page is hard to read. It "
        "scores 0 for reading ease (a reading age of about 47); a guide needs at least 45 and "
        "should aim for 60.",
        "ERROR   -  coprod: the site was not built because of 1 error (listed above).",
    ]
    assert not (tmp_path / "docs-site" / "site").exists()
    hub = make_site(tmp_path / "hub", {"content/guides/hard.md": page(body=HARD_TEXT)})
    _, out, _ = run(hub, "check", "--today", "2026-04-01")
    assert ("content/guides/hard.md:9:1: error CP301 reading-ease: This page is hard to read. "
            "It scores 0 for reading ease (a reading age of about 47); a guide needs at least "
            "45 and should aim for 60.") in out


def test_settings_turn_rules_off_and_errors_into_logged_only(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY.replace("People who", "<!-- coprod-ignore CP401 -->\n"
                                                                  "People who"),
                           "hard.md": HARD},
                options="      ignore: [CP302, CP303]\n      fail_on_error: false")
    code, log = mkdocs(tmp_path)
    assert code == 0
    assert [line.split(": ")[0] for line in log if " CP" in line] == [
        "ERROR   -  docs/hard.md:3:1"]


def test_messages_name_the_sites_own_files_and_lines(tmp_path):
    mkdocs_site(tmp_path, {"index.md": "---\ntitle: Welcome\ndescription: >-\n  "
                           + "Organisational interdependencies necessitate comprehensive "
                             "consideration of accountability.\n---\n\n# Welcome\n\n"
                             "Ask the PCN team. See [the end](#the-end) and [terms]"
                             "(#terms--conditions).\n\n## The end\n\n## Terms & conditions\n"},
                options="      kind: toolkit\n      glossary: glossary.yml\n"
                        "      ignore: [CP302, CP303]")
    (tmp_path / "glossary.yml").write_text("NHS:\n  definition: National Health Service\n",
                                           encoding="utf-8")
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert coprod_lines(log) == [
        "WARNING -  docs/index.md:3:1: warning CP305 summary: The summary is hard to read. It "
        "scores 0 for reading ease; aim for 60 or more.",
        "WARNING -  docs/index.md:9:9: warning CP304 acronym: \"PCN\" is not explained. "
        "Readers may not know what it stands for.",
        "ERROR   -  docs/index.md:9:47: error CP602 broken-anchor: This link goes to "
        "#terms--conditions, but this page has no heading with that id.",
        "INFO    -  coprod: 1 error and 2 warnings; 0 pages withdrawn.",
        "ERROR   -  coprod: the site was not built because of 1 error (listed above).",
    ]
    assert "    What to do: Did you mean #terms-conditions?" in log
    assert ("    What to do: Spell it out where it is first used, like \"National Health "
            "Service (NHS)\", or add it to glossary.yml.") in log


def test_a_clean_site_with_a_consented_story_builds(tmp_path):
    mkdocs_site(tmp_path, {"index.md": HOME, "stories/first-season.md": story()},
                options="      case_studies: [stories]")
    code, log = mkdocs(tmp_path, "--strict")
    assert code == 0, log
    assert coprod_lines(log) == ["INFO    -  coprod: 0 errors and 0 warnings; 0 pages withdrawn."]
    built = (tmp_path / "site" / "stories" / "first-season" / "index.html").read_text(encoding="utf-8")
    assert "Tamsin joined the club" in built and "CF-2026-014" not in built


def test_a_quote_without_consent_fails_the_build_at_the_quote(tmp_path):
    mkdocs_site(tmp_path, {"index.md": HOME, "stories/first-season.md": story("story, name")})
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert coprod_lines(log) == [
        "ERROR   -  docs/stories/first-season.md:17:5: error CP202 consent-scope: Tamsin is quoted "
        "here, but their consent does not cover quotes.",
        "INFO    -  coprod: 1 error and 0 warnings; 0 pages withdrawn.",
        "ERROR   -  coprod: the site was not built because of 1 error (listed above).",
    ]
    assert not (tmp_path / "site").exists()


def test_an_unlisted_attribution_is_a_person_only_in_case_studies(tmp_path):
    mkdocs_site(tmp_path, {"index.md": HOME, "stories/club.md": HOME.replace("stories/", "")},
                options="      case_studies: [stories]")
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert coprod_lines(log)[0] == (
        "ERROR   -  docs/stories/club.md:10:5: error CP201 consent-missing: This quote is from "
        "Einstein, who is not listed in people.")


def test_a_withdrawn_story_is_in_no_output_file(tmp_path):
    mkdocs_site(tmp_path, {"index.md": HOME,
                           "stories/first-season.md": story(extra="      withdrawn: 2026-03-01\n"),
                           "stories/old.md": "---\nstatus: withdrawn\n---\n\n# Old news\n\n"
                                             "The Zanzibar trip is off.\n",
                           "about.md": "# About\n\nWe are a [club](index.md). [Old news]"
                                       "(/stories/old/) is gone.\n"},
                options="      netlify: true",
                extra="nav:\n  - Home: index.md\n  - About: about.md\n  - Stories:\n"
                      "    - stories/first-season.md\n    - Old news: stories/old.md\n")
    code, log = mkdocs(tmp_path, "--strict")
    assert code == 0, log
    assert coprod_lines(log) == [
        "INFO    -  docs/stories/first-season.md:9:1: info CP207 withdrawn: This page is "
        "withdrawn because consent for Tamsin was withdrawn on 2026-03-01. It is left out of "
        "the site, and its address /stories/first-season/ tells visitors the page has gone.",
        "INFO    -  docs/stories/old.md:2:1: info CP207 withdrawn: This page is withdrawn "
        "because its status is withdrawn. It is left out of the site, and its address "
        "/stories/old/ tells visitors the page has gone.",
        "INFO    -  coprod: 0 errors and 0 warnings; 2 pages withdrawn.",
    ]
    site = tmp_path / "site"
    assert (site / "search" / "search_index.json").is_file() and (site / "sitemap.xml").is_file()
    output = every_byte(site)
    for word in (b"Tamsin", b"tamsin", b"CF-2026-014", b"Zanzibar", b"stories/old", b"Stories"):
        assert word not in output
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Read how one member found her place." in re.sub(r"</?span>", "", home)
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../">club</a>. Old news is gone.' in re.sub(r"</?span>", "", about)
    assert (site / "_redirects").read_text(encoding="utf-8") == "/stories/* /404.html 410\n"


def test_a_bad_setting_is_one_clear_line(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY}, options="      kind: manual")
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert ("ERROR   -  mkdocs.yml, coprod plugin: kind must be one of guide, toolkit, page, "
            "case-study, easy-read, not 'manual'.") in log
    mkdocs_site(tmp_path, {"index.md": EASY}, options="      rules: {CP202: warning}")
    code, log = mkdocs(tmp_path)
    assert ("ERROR   -  mkdocs.yml, coprod plugin: rules CP202 is a consent rule and cannot be "
            "made weaker. Remove the line.") in log


def test_a_local_photo_in_a_story_must_say_who_it_shows(tmp_path):
    photo = "\n![Tamsin leads a warm-up](../img/warm-up.jpg)\n"
    mkdocs_site(tmp_path, {"index.md": HOME, "stories/first-season.md": story() + photo},
                options="      case_studies: [stories]")
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert coprod_lines(log)[0] == (
        "ERROR   -  docs/stories/first-season.md:19:1: error CP205 undeclared-image: This image "
        "(../img/warm-up.jpg) is not listed in media, so the build cannot tell who it shows.")
    listed = story().replace("---\n\n#", "media:\n  - file: ../img/warm-up.jpg\n    alt: Tamsin "
                             "leads a warm-up\n    shows: []\n---\n\n#", 1) + photo
    mkdocs_site(tmp_path, {"index.md": HOME, "stories/first-season.md": listed},
                options="      case_studies: [stories]")
    code, log = mkdocs(tmp_path)
    assert "CP205" not in " ".join(coprod_lines(log)), log


def test_a_page_that_names_a_withdrawn_person_goes_with_their_story(tmp_path):
    mkdocs_site(tmp_path, {"index.md": HOME,
                           "stories/first-season.md": story(extra="      withdrawn: 2026-03-01\n"),
                           "coaching.md": "# Coaching\n\nTamsin coaches on Tuesdays.\n"},
                options="      case_studies: [stories]")
    code, log = mkdocs(tmp_path, "--strict")
    assert code == 0, log
    assert ("INFO    -  docs/coaching.md:3:1: info CP208 withdrawn-person-mentioned: "
            in " ".join(coprod_lines(log))), log
    site = tmp_path / "site"
    assert not (site / "coaching").exists()
    assert b"Tamsin" not in every_byte(site) and b"tamsin" not in every_byte(site)
