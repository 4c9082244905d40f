"""`coprod consent`: the register maintainers read, print or open as a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

TODAY = "2026-11-23"


def person(ref, shown_as, record, covers, given="2026-02-10", expires=None, withdrawn=None,
           anonymous=False):
    lines = [f"  - ref: {ref}", f"    shown_as: {shown_as}"]
    if anonymous:
        lines.append("    anonymous: true")
    lines += ["    consent:", f"      record: {record}", f"      given: {given}"]
    if expires:
        lines.append(f"      expires: {expires}")
    if withdrawn:
        lines.append(f"      withdrawn: {withdrawn}")
    lines.append(f"      covers: [{covers}]")
    return "\n".join(lines) + "\n"


def case_study(title, people):
    return ("---\n"
            f"title: {title}\n"
            "summary: A short story of real work.\n"
            "topics: [involvement]\n"
            "published: 2026-03-14\n"
            f"people:\n{people}"
            "---\n\nThe club grew.\n")


def register_site(make_site, tmp_path):
    return make_site(tmp_path, {
        "content/case-studies/rugby.md": case_study("Rugby for everyone",
            person("sam", "Sam", "CF-2026-014", "story, quote, name", expires="2029-02-10")
            + person("trainer", "a Trainer", "CF-2026-015", "story", anonymous=True)),
        "content/case-studies/kitchen.md": case_study("A kitchen run by volunteers",
            person("sam", "Sam", "CF-2026-016", "story", expires="2027-01-10")
            + person("priya", "Priya", "CF-2026-017", "story, name", expires="2026-10-01")),
        "content/case-studies/garden.md": case_study("A shared garden",
            "  - ref: jo\n    shown_as: Jo\n"
            + person("dana", "Dana", "CF-2026-018", "story", expires="2028-01-01",
                     withdrawn="2026-06-01")),
    })


def test_text_lists_everyone_soonest_expiry_first(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    code, out, err = run(root, "consent", "--today", TODAY)
    assert (code, err) == (0, "")
    assert out == """\
Priya, ref priya: expired
    page     content/case-studies/kitchen.md (/case-studies/kitchen/)
    record   CF-2026-017
    covers   story, name
    dates    given 2026-02-10, expires 2026-10-01

Sam, ref sam: expiring soon
    page     content/case-studies/kitchen.md (/case-studies/kitchen/)
    record   CF-2026-016
    covers   story
    dates    given 2026-02-10, expires 2027-01-10

Dana, ref dana: withdrawn
    page     content/case-studies/garden.md (/case-studies/garden/)
    record   CF-2026-018
    covers   story
    dates    given 2026-02-10, expires 2028-01-01, withdrawn 2026-06-01

Sam, ref sam: active
    page     content/case-studies/rugby.md (/case-studies/rugby/)
    record   CF-2026-014
    covers   story, name, quote
    dates    given 2026-02-10, expires 2029-02-10

Jo, ref jo: no consent
    page     content/case-studies/garden.md (/case-studies/garden/)
    consent  none: add a consent block before this page is published

a Trainer (anonymous), ref trainer: active
    page     content/case-studies/rugby.md (/case-studies/rugby/)
    record   CF-2026-015
    covers   story
    dates    given 2026-02-10, expires not set

6 entries on 3 pages on 2026-11-23: 2 active, 1 expired, 1 expiring soon, 1 no consent, 1 withdrawn.
"""


def test_csv_opens_as_a_table_with_one_row_per_person_per_page(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    code, out, _ = run(root, "consent", "--format", "csv", "--today", TODAY)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["file", "url", "ref", "shown_as", "anonymous", "record", "covers",
                       "given", "expires", "withdrawn", "status", "used_on"]
    assert rows[1:] == [
        ["content/case-studies/kitchen.md", "/case-studies/kitchen/", "priya", "Priya", "no",
         "CF-2026-017", "story name", "2026-02-10", "2026-10-01", "", "expired", ""],
        ["content/case-studies/kitchen.md", "/case-studies/kitchen/", "sam", "Sam", "no",
         "CF-2026-016", "story", "2026-02-10", "2027-01-10", "", "expiring soon", ""],
        ["content/case-studies/garden.md", "/case-studies/garden/", "dana", "Dana", "no",
         "CF-2026-018", "story", "2026-02-10", "2028-01-01", "2026-06-01", "withdrawn", ""],
        ["content/case-studies/rugby.md", "/case-studies/rugby/", "sam", "Sam", "no",
         "CF-2026-014", "story name quote", "2026-02-10", "2029-02-10", "", "active", ""],
        ["content/case-studies/garden.md", "/case-studies/garden/", "jo", "Jo", "no",
         "", "", "", "", "", "no consent", ""],
        ["content/case-studies/rugby.md", "/case-studies/rugby/", "trainer", "a Trainer", "yes",
         "CF-2026-015", "story", "2026-02-10", "", "", "active", ""],
    ]
    as_dicts = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [(r["file"], r["ref"]) for r in as_dicts if r["ref"] == "sam"] == [
        ("content/case-studies/kitchen.md", "sam"), ("content/case-studies/rugby.md", "sam")]


def test_csv_cells_never_start_a_spreadsheet_formula(make_site, tmp_path, run):
    root = make_site(tmp_path, {"content/case-studies/x.md": case_study(
        "A story", person("x", '"=HYPERLINK(1)"', "CF-1", "story"))})
    _, out, _ = run(root, "consent", "--format", "csv", "--today", TODAY)
    row = list(csv.DictReader(io.StringIO(out, newline="")))[0]
    assert row["shown_as"] == "'=HYPERLINK(1)"


def test_json_holds_the_same_rows(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    code, out, _ = run(root, "consent", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    assert code == 0 and data["today"] == TODAY
    assert data["people"][0] == {
        "file": "content/case-studies/kitchen.md", "url": "/case-studies/kitchen/",
        "ref": "priya", "shown_as": "Priya", "anonymous": False, "record": "CF-2026-017",
        "covers": ["story", "name"], "given": "2026-02-10", "expires": "2026-10-01",
        "withdrawn": None, "status": "expired", "used_on": []}
    assert [p["status"] for p in data["people"]] == [
        "expired", "expiring soon", "withdrawn", "active", "no consent", "active"]


def test_today_shows_the_register_as_it_will_stand(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    _, out, _ = run(root, "consent", "--format", "json", "--today", "2026-01-01")
    assert [(p["ref"], p["status"]) for p in json.loads(out)["people"]] == [
        ("priya", "active"), ("sam", "active"), ("dana", "active"), ("sam", "active"),
        ("jo", "no consent"), ("trainer", "active")]


def test_the_warning_window_comes_from_the_site_settings(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    (root / "pyproject.toml").write_text("[tool.coprod]\nconsent_warning_days = 30\n")
    _, out, _ = run(root, "consent", "--format", "json", "--today", TODAY)
    assert json.loads(out)["people"][1]["status"] == "active"


def test_a_file_that_cannot_be_read_makes_the_register_incomplete(make_site, tmp_path, run):
    root = register_site(make_site, tmp_path)
    (root / "content/case-studies/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    code, out, err = run(root, "consent", "--today", TODAY)
    assert code == 1
    assert "Priya, ref priya: expired" in out
    assert err.startswith("content/case-studies/broken.md:2:")
    assert err.endswith("The register above may be incomplete: fix the errors above and run "
                        "it again.\n")


def test_a_site_with_nobody_in_it(make_site, tmp_path, run):
    root = make_site(tmp_path, {})
    assert run(root, "consent", "--today", TODAY) == (
        0, "Nobody is listed in people on any page (register on 2026-11-23).\n", "")
