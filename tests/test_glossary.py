"""The first use of a glossary term on a page links to its entry on /glossary/."""

from __future__ import annotations

from datetime import date

from conftest import make_site, page, rendered
from findings import findings
from coprod_site.build import Options, run as run_stages
from coprod_site.config import load_config

GLOSSARY = ("co-production:\n  definition: Working together as equals.\n"
            "  aliases: [co-produce, coproduction]\n"
            "lived experience:\n  definition: Knowing something because you lived it.\n")


def html_of(tmp_path, body):
    root = make_site(tmp_path, {"content/guides/a.md": page(body=body),
                                "content/_data/glossary.yml": GLOSSARY})
    result = run_stages(load_config(root), Options(today=date(2026, 11, 23)))
    return rendered(result, result.site.resources[0].rel)


def test_first_use_links_to_the_entry(tmp_path):
    html = html_of(tmp_path, "Co-production needs trust. Co-production takes time.\n\n"
                             "People with Lived Experience lead it.\n")
    assert html == (
        '<p><a class="term" href="/glossary/#term-co-production">Co-production</a> needs '
        "trust. Co-production takes time.</p>\n"
        '<p>People with <a class="term" href="/glossary/#term-lived-experience">Lived '
        "Experience</a> lead it.</p>")


def test_an_alias_counts_as_the_term(tmp_path):
    html = html_of(tmp_path, "We co-produce it. Co-production is hard.\n")
    assert html.count('href="/glossary/#term-co-production"') == 1
    assert '<a class="term" href="/glossary/#term-co-production">co-produce</a>' in html


def test_not_in_headings_links_code_or_quotes(tmp_path):
    html = html_of(tmp_path, "## Co-production\n\n> Co-production changed my life.\n\n"
                             "See [co-production](https://example.org) and `co-production`.\n\n"
                             "Then co-production again.\n")
    assert html.count('class="term"') == 1
    assert '<p>Then <a class="term" href="/glossary/#term-co-production">co-production</a> ' \
           "again.</p>" in html


def test_part_of_a_longer_word_is_not_a_use(tmp_path):
    html = html_of(tmp_path, "Coproductions and co-productionist ideas.\n")
    assert 'class="term"' not in html


def test_positions_after_a_glossary_link_stay_right(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body="Co-production, we utilise.\n"),
                                "content/_data/glossary.yml": GLOSSARY})
    assert [f.split(": ")[0] for f in findings(root, codes=("CP303",))] == ["content/guides/a.md:9:19"]


def test_an_acronym_links_only_in_capitals(tmp_path):
    root = make_site(tmp_path, {
        "content/guides/a.md": page(body="Send the form. Please send it today. SEND support "
                                         "helps.\n"),
        "content/_data/glossary.yml": "SEND:\n  definition: Special educational needs and "
                                      "disabilities.\n"})
    result = run_stages(load_config(root), Options(today=date(2026, 11, 23)))
    html = rendered(result, "content/guides/a.md")
    assert html == ('<p>Send the form. Please send it today. <a class="term" '
                    'href="/glossary/#term-send">SEND</a> support helps.</p>')
