"""The load stage for MkDocs and Pelican pages: metadata in either style, people in front
matter or in a people file, findings at the file and line to fix."""

from __future__ import annotations

from datetime import date

from coprod_site.content.engines import EngineFile, EngineSite, load_pages, located
from coprod_site.content.model import Kind
from coprod_site.diagnostics import diagnostic

PEOPLE = ("# who is in which story\nstories/cai.md:\n  - ref: cai\n    shown_as: Cai\n"
          "    consent:\n      record: CF-1\n      given: 2026-01-01\n      covers: [story]\n")


def write(root, files: dict[str, str]):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def load(root, files, **engine):
    write(root, files)
    sources = [EngineFile(rel, rel.removeprefix("content/"), "") for rel in files
               if rel.startswith("content/")]
    return load_pages(root, EngineSite(**engine), sources)


def page_finding(rel, line):
    return diagnostic("CP201", rel, line, 1, "A finding.")


def test_key_value_metadata_and_its_lines(tmp_path):
    site, found = load(tmp_path, {"content/a.md": "Title: A page\nSummary: Short\n    and sweet."
                                                  "\nStatus: Withdrawn\n\nBody text here.\n"},
                       kind="guide")
    page, = site.resources
    assert found == []
    assert (page.kind, page.status, page.title, page.summary) == (
        Kind.GUIDE, "withdrawn", "A page", "Short and sweet.")
    assert (page.body, page.body_line) == ("Body text here.\n", 6)
    assert page.key_lines == {"title": 1, "summary": 2, "status": 4}


def test_yaml_metadata_with_a_description_as_summary(tmp_path):
    site, found = load(tmp_path, {"content/a.md": "---\ntitle: A\nhide: [toc]\n"
                                                  "description: What it is.\n---\n\nBody.\n"})
    page, = site.resources
    assert found == [] and page.kind is Kind.PAGE
    assert (page.summary, page.line_of("summary"), page.body_line) == ("What it is.", 4, 6)


def test_a_people_block_that_cannot_be_read_is_an_error(tmp_path):
    site, found = load(tmp_path, {"content/b.md": "---\nTitle: B\npeople:\n  - ref: x\n"
                                                  "    shown_as: [bad\n---\n\nBody.\n"})
    assert [(d.code, d.line, d.column) for d in found] == [("CP101", 5, 15)]
    assert site.resources[0].people == ()


def test_people_from_the_people_file_are_found_there(tmp_path):
    site, found = load(tmp_path, {"people.yml": PEOPLE, "content/stories/cai.md":
                                  "Title: Cai\n\nCai said hello.\n"}, people_file="people.yml")
    page, = site.resources
    assert found == [] and page.kind is Kind.CASE_STUDY
    person, = page.people
    assert (person.ref, person.consent.given, person.consent.covers) == (
        "cai", date(2026, 1, 1), frozenset({"story"}))
    at = located(page_finding(page.rel, person.line), "people.yml")
    assert (at.file, at.line) == ("people.yml", 3)
    assert located(page_finding(page.rel, 3), "people.yml").file == page.rel


def test_a_case_study_folder_makes_a_case_study(tmp_path):
    site, _ = load(tmp_path, {"content/stories/x.md": "Body.\n", "content/y.md": "Body.\n"},
                   case_studies=("stories",), kind="easy-read")
    assert [(r.kind, r.is_easy_read) for r in site.resources] == [
        (Kind.CASE_STUDY, False), (Kind.PAGE, True)]


def test_a_rule_line_that_never_closes_is_body_text(tmp_path):
    site, found = load(tmp_path, {"content/a.md": "---\n\nA page with a rule at the top.\n"})
    assert found == [] and site.resources[0].body_line == 1
