"""The `coprod` MkDocs plugin, run by a real `mkdocs build` on a tiny MkDocs site."""

from __future__ import annotations

import subprocess
import sys

EASY = ("---\ndescription: A short page about paying people.\n---\n\n# Paying people\n\n"
        "We utilise a fair approach and the team and the people who come along to the sessions "
        "every week and the volunteers all agree that paying people for their time is the right "
        "thing to do.\n\nPeople who are hard to reach should be asked too.\n")
HARD = "# Hard\n\n" + ("Organisational interdependencies necessitate comprehensive consideration "
                       "of institutional accountability mechanisms. ") * 12 + "\n"


def mkdocs_site(tmp_path, pages: dict[str, str], options: str = "") -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test docs\nplugins:\n  - coprod" + (f":\n{options}" if options else "") + "\n",
        encoding="utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")


def mkdocs(tmp_path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stderr.splitlines()


def test_warnings_are_logged_where_the_writer_can_fix_them(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY})
    code, log = mkdocs(tmp_path)
    assert code == 0
    assert (tmp_path / "site" / "index.html").is_file()
    found = [line for line in log if "CP" in line]
    assert found == [
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
    assert "INFO    -  coprod: 0 plain-English errors and 3 warnings." in log
    code, log = mkdocs(tmp_path, "--strict")
    assert code == 1


def test_an_error_stops_the_build_before_pages_are_written(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY, "hard.md": HARD})
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert [line for line in log if line.startswith("ERROR")] == [
        "ERROR   -  docs/hard.md:3:1: error CP301 reading-ease: This page is hard to read. It "
        "scores 0 for reading ease (a reading age of about 47); a page needs at least 45 and "
        "should aim for 60.",
        "ERROR   -  coprod: the site was not built because of 1 plain-English error (listed above).",
    ]
    assert not (tmp_path / "site" / "hard" / "index.html").exists()


def test_settings_turn_rules_off_and_errors_into_logged_only(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY.replace("People who", "<!-- coprod-ignore CP401 -->\n"
                                                                  "People who"),
                           "hard.md": HARD},
                options="      ignore: [CP302, CP303]\n      fail_on_error: false")
    code, log = mkdocs(tmp_path)
    assert code == 0
    assert [line.split(": ")[0] for line in log if " CP" in line] == [
        "ERROR   -  docs/hard.md:3:1"]


def test_a_bad_setting_is_one_clear_line(tmp_path):
    mkdocs_site(tmp_path, {"index.md": EASY}, options="      kind: manual")
    code, log = mkdocs(tmp_path)
    assert code == 1
    assert ("ERROR   -  coprod plugin: kind must be one of guide, toolkit, page, case-study, "
            "easy-read, not 'manual'.") in log
