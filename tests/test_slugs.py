"""Heading ids (render/slugs.py): the ids GitHub gives headings, so links written for GitHub
work on the site. Expected ids are github-slugger's own test fixtures, and headings from
real writing worked out by its rules."""

import pytest

from conftest import make_site, page, run
from findings import findings
from coprod_site.render.markdown import BodyParser
from coprod_site.render.slugs import Slugger, slug

# (heading text, id), in order on one page: repeats are numbered as GitHub numbers them.
HEADINGS = [
    ("alpha", "alpha"),
    ("alpha", "alpha-1"),
    ("bravoCharlieDelta", "bravocharliedelta"),
    ("__proto__", "__proto__"),
    ("__proto__", "__proto__-1"),
    ("echo", "echo"),
    ("echo", "echo-1"),
    ("echo 1", "echo-1-1"),
    ("echo-1", "echo-1-2"),
    ("echo", "echo-2"),
    ("foxtrot-1", "foxtrot-1"),
    ("foxtrot", "foxtrot"),
    ("foxtrot", "foxtrot-2"),
    ("heading with a - dash", "heading-with-a---dash"),
    ("heading with an _ underscore", "heading-with-an-_-underscore"),
    ("heading with a period.txt", "heading-with-a-periodtxt"),
    ("exchange.bind_headers(exchange, routing [, bindCallback])",
     "exchangebind_headersexchange-routing--bindcallback"),
    ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
    ("I ♥ unicode", "i--unicode"),
    ("en–dash", "endash"),
    ("😄 unicode emoji", "-unicode-emoji"),
    ("😄_😄 unicode emoji", "_-unicode-emoji"),
    (":smile: - a gemoji", "smile---a-gemoji"),
    ("Привет", "привет"),
    ("Профили пользователей", "профили-пользователей"),
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    (":ok_hand: :hatched_chick: Two in a row", "ok_hand-hatched_chick-two-in-a-row"),
    ("日本語の見出し", "日本語の見出し"),
    ("Performing a sauté", "performing-a-sauté"),
    ("Café à la carte", "café-à-la-carte"),
    ("How to run it", "how-to-run-it"),
    ("Check-in", "check-in"),
    ("Terms & conditions", "terms--conditions"),
    ("Über uns", "über-uns"),
    ("Who we are", "who-we-are"),
    ("Who we are", "who-we-are-1"),
    ("What is co-production?", "what-is-co-production"),
    ("Paying people: £25 an hour (2026)", "paying-people-25-an-hour-2026"),
    ("Step 1 — plan the day", "step-1--plan-the-day"),
    ("“Nothing about us without us”", "nothing-about-us-without-us"),
    ("Q&A", "qa"),
    ("Gwneud cais – Cymraeg", "gwneud-cais--cymraeg"),
    ("NHS England’s 10-year plan", "nhs-englands-10-year-plan"),
    ("100% of people", "100-of-people"),
    ("¾ of the group", "-of-the-group"),
    ("Ⓐ circled", "ⓐ-circled"),
    ("ما هو الإنتاج المشترك؟", "ما-هو-الإنتاج-المشترك"),
]


def test_heading_ids_are_githubs():
    slugger = Slugger()
    assert [(text, slugger(text)) for text, _ in HEADINGS] == HEADINGS


def test_the_rendered_page_has_the_same_ids():
    escaped = [text.replace("_", "\\_") for text, _ in HEADINGS]      # as Markdown text
    body = "\n\n".join(f"## {text}" for text in escaped) + "\n"
    parser = BodyParser()
    doc = parser.parse("content/guides/a.md", body, 1)
    assert [h.id for h in doc.headings] == [expected for _, expected in HEADINGS]
    again = parser.parse("content/guides/b.md", "## alpha\n", 1)       # each page starts afresh
    assert [h.id for h in again.headings] == ["alpha"]
    assert '<h2 id="performing-a-sauté">Performing a sauté</h2>' in doc.html


def test_markup_in_a_heading_is_not_part_of_its_id():
    assert slug("Run `coprod check` **first**") == "run-coprod-check-first"
    parser = BodyParser()
    doc = parser.parse("content/guides/a.md", "## Run `coprod check` **first**\n", 1)
    assert [h.id for h in doc.headings] == ["run-coprod-check-first"]


def test_links_written_as_on_github_work(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body=(
            "See [the sauté](b.md#performing-a-sauté), [the same](b.md#performing-a-saut%C3%A9), "
            "[the title](b.md#日本語の見出し) and [the menu](b.md#café-à-la-carte).\n")),
        "content/guides/b.md": page(title="B", body=(
            "## 日本語の見出し\n\nx\n\n## Performing a sauté\n\nx\n\n## Café à la carte\n\nx\n")),
    })
    assert findings(root, codes=("CP601", "CP602")) == []


@pytest.mark.parametrize("fragment, hint", [
    ("performing-a-saute", "Did you mean #performing-a-sauté?"),
    ("menu", "The headings on 'B' have these ids: #日本語の見出し, #performing-a-sauté, "
             "#café-à-la-carte."),
])
def test_a_broken_heading_link_names_the_ids_the_page_has(tmp_path, fragment, hint):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body=f"See [it](b.md#{fragment}).\n"),
        "content/guides/b.md": page(title="B", body=(
            "## 日本語の見出し\n\nx\n\n## Performing a sauté\n\nx\n\n## Café à la carte\n\nx\n")),
    })
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    assert code == 1
    assert (f"content/guides/a.md:9:5: error CP602 broken-anchor: This link goes to #{fragment}, "
            f"but 'B' has no heading with that id.\n    What to do: {hint}\n") in out
