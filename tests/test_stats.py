"""Per-page figures: the json `pages` array and the `coprod check --stats` table."""

from __future__ import annotations

import json

from conftest import make_site, page, run

SENTENCE = "Pay people for their time. "     # 5 words, 6 syllables: Pay(1) people(2) for their time
TODAY = ("--today", "2026-11-23")


def pages(root):
    code, out, _ = run(root, "check", *TODAY, "--format", "json")
    return json.loads(out)["pages"]


def test_figures_for_a_page(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=SENTENCE * 24 + "\n")})
    # 120 words, 24 sentences, 144 syllables
    # 206.835 - 1.015 * (120 / 24) - 84.6 * (144 / 120) = 206.835 - 5.075 - 101.52 = 100.24
    # grade 0.39 * 5 + 11.8 * 1.2 - 15.59 = 1.95 + 14.16 - 15.59 = 0.52
    assert pages(root) == [{
        "file": "content/guides/a.md", "url": "/guides/a/", "status": "published",
        "reading_ease": 100.0, "reading_ease_raw": 100.2, "grade": 0.5, "words": 120,
        "sentences": 24,
        "average_sentence_length": 5.0, "reading_time_minutes": 1}]


def test_status_of_each_page(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(status="draft"),
        "content/guides/b.md": page(status="review"),
        "content/guides/c.md": page(status="withdrawn"),
        "content/guides/d.md": page(),
        "content/pages/about.md": page(topics=None, published=None)})
    assert [(p["file"], p["url"], p["status"]) for p in pages(root)] == [
        ("content/guides/a.md", "/guides/a/", "draft"),
        ("content/guides/b.md", "/guides/b/", "review"),
        ("content/guides/c.md", "/guides/c/", "withdrawn"),
        ("content/guides/d.md", "/guides/d/", "published"),
        ("content/pages/about.md", "/about/", "published")]


def test_consent_withdrawn_page_shows_as_withdrawn(tmp_path):
    person = {"ref": "sam", "shown_as": "Sam", "anonymous": False,
              "consent": {"record": "CF-1", "given": "2026-01-01", "withdrawn": "2026-06-01",
                          "covers": ["story", "name"]}}
    root = make_site(tmp_path, {"content/case-studies/a.md": page(body="Sam plays.\n",
                                                                  people=[person])})
    assert pages(root)[0]["status"] == "withdrawn"


def test_stats_table(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/long.md": page(body=SENTENCE * 24 + "\n"),
        "content/guides/short.md": page(body="Say thank you.\n", status="draft")})
    code, out, _ = run(root, "check", *TODAY, "--stats")
    table = out.split("in 2 files checked.\n\n", 1)[1]
    assert table.splitlines()[:4] == [
        "Page                             Ease  Aim  Age  Words  Sentences  Average  Long  Minutes",
        "-------------------------------  ----  ---  ---  -----  ---------  -------  ----  -------",
        "content/guides/long.md            100   60    6    120         24      5.0     0        1",
        "content/guides/short.md (draft)     -   60    -      3          1      3.0     0        1"]
    assert "A dash: under 100 words, too short to score." in table


HARD = ("Organisational accountability necessitates comprehensive institutional "
        "transformation regarding participatory governance methodologies. ")   # 10 words


def test_one_reading_ease_figure_everywhere(tmp_path):
    root = make_site(tmp_path, {"content/guides/hard.md": page(body=HARD * 11 + "\n")})
    code, out, _ = run(root, "check", *TODAY, "--format", "json")
    data = json.loads(out)
    [row] = data["pages"]
    assert (row["reading_ease"], row["reading_ease_raw"] < 0) == (0.0, True)
    [cp301] = [d for d in data["diagnostics"] if d["code"] == "CP301"]
    assert "It scores 0 for reading ease" in cp301["message"]
    code, out, _ = run(root, "check", *TODAY, "--stats")
    row = next(line for line in out.splitlines() if line.startswith("content/guides/hard.md "))
    assert row.split()[:2] == ["content/guides/hard.md", "0"]


def test_stats_for_one_file_show_only_that_file(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/long.md": page(body=SENTENCE * 24 + "\n"),
        "content/guides/short.md": page(body="Say thank you.\n")})
    code, out, _ = run(root, "check", *TODAY, "--stats", "content/guides/short.md")
    assert out.startswith("No problems found in 1 file checked.\n\n")
    table = out.split("\n\n", 1)[1]
    assert table.splitlines()[2:3] == [
        "content/guides/short.md     -   60    -      3          1      3.0     0        1"]
    assert "long.md" not in table


def test_the_site_shows_the_same_reading_time(tmp_path):
    quote = "> " + SENTENCE * 40 + "\n>\n> — Mencap\n\n"     # an organisation: no consent
    root = make_site(tmp_path, {"content/guides/a.md": page(body=quote + SENTENCE * 24 + "\n"),
                                "content/_data/organisations.yml": "mencap:\n  name: Mencap\n"})
    [row] = pages(root)
    assert row["reading_time_minutes"] == 2          # 120 words measured, 321 read
    assert run(root, "build", *TODAY)[0] == 0
    html = (root / "public/guides/a/index.html").read_text()
    assert "About 2 minutes to read (321 words)" in html
