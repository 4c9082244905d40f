"""The Pelican plugin, run by a real `pelican` build on a tiny Pelican site."""

from __future__ import annotations

import subprocess
import sys

from coprod_site.integrations.pelican_plugin import split_metadata

ARTICLE = ("Title: Paying people\nDate: 2026-03-14\nSummary: How to pay people\n    for their "
           "time.\n\nWe utilise a fair approach and the team and the people who come along to "
           "the sessions every week and the volunteers all agree that paying people for their "
           "time is the right thing to do.\n\nPeople who are hard to reach should be asked too.\n")
HARD = "Title: Hard\nDate: 2026-03-14\n\n" + (
    "Organisational interdependencies necessitate comprehensive consideration of institutional "
    "accountability mechanisms. ") * 12 + "\n"


def pelican_site(tmp_path, pages: dict[str, str], settings: str = "") -> None:
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "Test"\nPATH = "content"\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        'FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n'
        'PLUGINS = ["coprod_site.integrations.pelican_plugin"]\n' + settings, encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    for name, text in pages.items():
        (tmp_path / "content" / name).write_text(text, encoding="utf-8")


def pelican(tmp_path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                           "-o", "output", "--log-handler", "plain", *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def test_each_finding_is_logged_at_its_line_in_the_source(tmp_path):
    pelican_site(tmp_path, {"paying.md": ARTICLE}, 'COPROD = {"kind": "guide"}\n')
    code, log = pelican(tmp_path)
    assert code == 0
    assert (tmp_path / "output" / "paying-people.html").is_file()
    assert [line for line in log if line.startswith("content/")] == [
        "content/paying.md:6:1: warning CP302 long-sentence: This sentence has 36 words. Try to "
        "keep sentences under 25 words.",
        "content/paying.md:6:4: warning CP303 plain-words: \"utilise\" has a plainer "
        "alternative: use.",
        "content/paying.md:8:16: warning CP401 inclusive-language: Many people find \"hard to "
        "reach\" excluding. Try: seldom heard, or people services find it hard to reach.",
    ]
    assert "    What to do: When you write about someone, use the words they use for themselves." in log


def test_fatal_errors_fails_the_build_on_a_hard_page(tmp_path):
    pelican_site(tmp_path, {"paying.md": ARTICLE, "hard.md": HARD}, 'COPROD = {"ignore": ["CP303"]}\n')
    code, log = pelican(tmp_path)
    error = ("content/hard.md:4:1: error CP301 reading-ease: This page is hard to read. It scores "
             "0 for reading ease (a reading age of about 47); a page needs at least 45 and should "
             "aim for 60.")
    assert code == 0 and error in log
    assert not any("CP303" in line for line in log)
    code, log = pelican(tmp_path, "--fatal", "errors")
    assert code == 1 and error in log


def test_metadata_is_read_the_way_pelican_reads_it():
    assert split_metadata(ARTICLE)[0] == {"title": "Paying people", "date": "2026-03-14",
                                          "summary": "How to pay people for their time."}
    assert split_metadata(ARTICLE)[2] == 6
    assert split_metadata("No metadata here.\n") == ({}, "No metadata here.\n", 1)
