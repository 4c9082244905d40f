"""CP601-CP603 (checks/links.py): links in the body and paths in front matter."""

import json

import markdown.util

from conftest import make_site, page, run
from findings import findings

from coprod_site.urls import AMP_SUBSTITUTE

CODES = ("CP601", "CP602", "CP603")


def test_a_link_to_a_missing_file_or_heading_is_an_error_at_the_link(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="See [the other guide](b.md#how-to-pay) and "
                                         "[nothing](gone.md).\n\n## How it works\n"),
        "content/guides/b.md": page(title="B", body="## How to plan\n\nPlan it well.\n"),
    })
    assert findings(root, codes=CODES) == [
        "content/guides/a.md:9:5: error CP602 broken-anchor: This link goes to #how-to-pay, "
        "but 'B' has no heading with that id.",
        "content/guides/a.md:9:44: error CP601 broken-link: This link points to gone.md, "
        "but there is no file at content/guides/gone.md.",
    ]


def test_a_link_to_a_real_heading_is_fine(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="See [how to plan](b.md#how-to-plan).\n"),
        "content/guides/b.md": page(title="B", body="## How to plan\n\nPlan it well.\n"),
    })
    assert findings(root, codes=CODES) == []


def test_related_and_easy_read_must_name_real_files(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(related=["b.md", "../toolkits/missing.md"],
                                    easy_read="a-easy.md"),
        "content/guides/b.md": page(title="B"),
    })
    assert findings(root, codes=CODES) == [
        "content/guides/a.md:9:1: error CP601 broken-link: 'related' names "
        "content/toolkits/missing.md, but there is no such file.",
        "content/guides/a.md:10:1: error CP601 broken-link: 'easy_read' names "
        "content/guides/a-easy.md, but there is no such file.",
    ]


def test_related_to_a_withdrawn_page_is_a_warning_and_left_out(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(related=["b.md"]),
        "content/guides/b.md": page(title="Old guide", status="withdrawn"),
    })
    assert findings(root, codes=CODES) == [
        "content/guides/a.md:8:1: warning CP603 link-to-withdrawn: 'related' names "
        "'Old guide', which is withdrawn. It is left out of this page.",
    ]
    assert run(root, "build", "--today", "2026-11-23")[0] == 0
    assert "Old guide" not in (root / "public/guides/a/index.html").read_text()


def test_a_heading_cannot_take_an_id_the_theme_uses(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="## Main\n\nSee [the main part](#main-section).\n"),
    })
    assert findings(root, codes=CODES) == []
    assert run(root, "build", "--today", "2026-11-23")[0] == 0
    html = (root / "public/guides/a/index.html").read_text()
    assert html.count('id="main"') == 1 and 'id="main-section"' in html


def test_a_link_to_a_site_address_is_checked_against_the_site(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body=(
            "See [the about page](/abot/), [about us](/about/), [who we are](/about/#who-we-r), "
            "[guides](/guides/), [a topic](/topics/payment/), [nowhere](/nowhere/) and "
            "[the draft](/guides/draft/).\n")),
        "content/pages/about.md": page(title="About us", topics=None, published=None,
                                       body="## Who we are\n\nA hub.\n"),
        "content/guides/draft.md": page(title="Draft guide", status="draft"),
    })
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    assert code == 1
    assert out.split("\n\n")[0] == (
        "content/guides/a.md:9:5: error CP601 broken-link: This link goes to /abot/, but the site "
        "has no page at /abot/.\n"
        "    What to do: Did you mean 'About us'? Link to its file instead, so every check follows "
        "it: ../pages/about.md\n"
        "content/guides/a.md:9:52: error CP602 broken-anchor: This link goes to #who-we-r, but "
        "'About us' has no heading with that id.\n"
        "    What to do: Did you mean #who-we-are?\n"
        "content/guides/a.md:9:133: error CP601 broken-link: This link goes to /nowhere/, but the "
        "site has no page at /nowhere/.\n"
        "    What to do: Link to the content file instead, like ../pages/about.md, so every check "
        "follows it.\n"
        "content/guides/a.md:9:158: error CP601 broken-link: This link goes to /guides/draft/, "
        "which is 'Draft guide', but that page is a draft and not on the site, so the link would "
        "lead nowhere.\n"
        "    What to do: Link to its file instead: draft.md. The link then shows as plain text "
        "until that page is published.")


def test_a_misspelt_file_gets_a_did_you_mean(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="See [paying people](../guides/payng.md) and "
                                         "[the cafe](notes.md).\n"),
        "content/guides/paying.md": page(title="Paying"),
        "content/guides/cases.md": page(title="Cases"),
    })
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    assert out.split("\n\n")[0] == (
        "content/guides/a.md:9:5: error CP601 broken-link: This link points to "
        "../guides/payng.md, but there is no file at content/guides/payng.md.\n"
        "    What to do: Did you mean paying.md? Check the spelling and the ../ part of the "
        "path. Paths start from this file's folder.\n"
        "content/guides/a.md:9:45: error CP601 broken-link: This link points to notes.md, but "
        "there is no file at content/guides/notes.md.\n"
        "    What to do: Check the spelling and the ../ part of the path. Paths start from this "
        "file's folder.")


def test_an_email_autolink_keeps_its_address(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body="Mail <sam@example.org>.\n")})
    assert run(root, "build", "--today", "2026-11-23")[0] == 0
    html = (root / "public/guides/a/index.html").read_text()
    assert '<a href="mailto:sam@example.org">sam@example.org</a>' in html
    assert AMP_SUBSTITUTE == markdown.util.AMP_SUBSTITUTE   # kept apart from Markdown's


def test_a_link_to_a_file_that_is_there_but_not_published_says_why(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(related=["b.md"],
                                    body="See [b](b.md) and [the notes](../_notes/c.md).\n"),
        "content/guides/b.md": "---\ntitle: [unclosed\n---\nText.\n",
        "content/_notes/c.md": "Notes kept out of the site.\n",
    })
    code, out, _ = run(root, "check", "--today", "2026-11-23", "--format", "json")
    found = [(d["line"], d["column"], d["message"], d["suggestion"])
             for d in json.loads(out)["diagnostics"]
             if d["code"] == "CP601" and d["file"] == "content/guides/a.md"]
    assert found == [
        (8, 1, "'related' names content/guides/b.md, but the hub could not read that file.",
         "Fix the problems reported for content/guides/b.md first: the link works once it can "
         "be read."),
        (11, 5, "This link points to b.md, but the hub could not read that file.",
         "Fix the problems reported for content/guides/b.md first: the link works once it can "
         "be read."),
        (11, 19, "This link points to ../_notes/c.md, but the hub does not publish files in "
         "that folder.",
         "Link to a page in content/guides, content/case-studies, content/toolkits or "
         "content/pages."),
    ]


def test_a_link_to_a_page_in_review_says_so(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="See [b](b.md).\n"),
        "content/guides/b.md": page(title="B", status="review"),
    })
    assert findings(root, codes=CODES) == [
        "content/guides/a.md:9:5: warning CP603 link-to-withdrawn: This link goes to 'B', "
        "which is in review and not published yet. It will show as plain text.",
    ]
