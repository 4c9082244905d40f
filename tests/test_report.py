"""The output formats: text for people, json, GitHub annotations and SARIF for machines."""

from __future__ import annotations

import io
import json

from PIL import Image

from conftest import make_site, page, run
from coprod_site import report
from coprod_site.diagnostics import RULES, Severity, diagnostic

TODAY = ("--today", "2026-11-23")


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "JPEG")
    return out.getvalue()


def broken_site(tmp_path):
    return make_site(tmp_path, {
        "content/guides/a.md": page(body="We utilise it.\n\n![](../media/sam.jpg)\n"),
        "content/guides/b.md": page(title="Clean", body="Pay people.\n"),
        "content/toolkits/c.md": page(title="Tools", body="Ask your GP.\n"),
        "content/media/sam.jpg": jpeg()})


def test_text_is_grouped_by_file_with_counts_and_no_colour_off_a_terminal(tmp_path):
    code, out, _ = run(broken_site(tmp_path), "check", *TODAY)
    assert code == 1
    assert out == (
        'content/guides/a.md:9:4: warning CP303 plain-words: "utilise" has a plainer '
        "alternative: use.\n"
        '    What to do: Use the plainer word if it fits. If "utilise" is the right word here, '
        "add <!-- coprod-ignore CP303 --> on the line before.\n"
        "content/guides/a.md:11:1: error CP501 image-alt: The image sam.jpg has no alt text, so "
        "screen reader users will not know what it shows.\n"
        "    What to do: Write what the image shows, as you would describe it to someone on the "
        "phone: ![Sam coaching a rugby session](../media/sam.jpg)\n"
        "\n"
        'content/toolkits/c.md:9:10: warning CP304 acronym: "GP" is not explained. Readers may '
        "not know what it stands for.\n"
        '    What to do: Spell it out where it is first used, like "National Health Service '
        '(NHS)", or add it to content/_data/glossary.yml.\n'
        "\n"
        "1 error and 2 warnings in 3 files checked.\n")
    assert "\033[" not in out


def test_text_colour_only_when_asked():
    d = diagnostic("CP302", "content/guides/a.md", 3, 1, "Long.")
    assert "\033[33mwarning\033[0m" in report.text([d], 1, colour=True)
    assert "\033[" not in report.text([d], 1, colour=False)


def test_clean_text(tmp_path):
    root = make_site(tmp_path, {"content/guides/b.md": page(body="Pay people.\n")})
    assert run(root, "check", *TODAY) == (0, "No problems found in 1 file checked.\n", "")


def test_json_matches_the_schema_in_checks_md(tmp_path):
    code, out, _ = run(broken_site(tmp_path), "check", *TODAY, "--format", "json")
    data = json.loads(out)
    assert code == 1 and list(data) == ["diagnostics", "pages", "summary"]
    assert data["diagnostics"][0] == {
        "file": "content/guides/a.md", "line": 9, "column": 4, "severity": "warning",
        "code": "CP303", "name": "plain-words",
        "message": '"utilise" has a plainer alternative: use.',
        "suggestion": 'Use the plainer word if it fits. If "utilise" is the right word here, '
                      "add <!-- coprod-ignore CP303 --> on the line before."}
    assert [d["code"] for d in data["diagnostics"]] == ["CP303", "CP501", "CP304"]
    assert data["pages"][1] == {
        "file": "content/guides/b.md", "url": "/guides/b/", "status": "published",
        "reading_ease": None, "reading_ease_raw": None, "grade": None, "words": 2,
        "sentences": 1, "average_sentence_length": 2.0, "reading_time_minutes": 1}
    assert data["summary"] == {"errors": 1, "warnings": 2, "files": 3}


def test_github_annotations(tmp_path):
    code, out, _ = run(broken_site(tmp_path), "check", *TODAY, "--format", "github")
    lines = out.splitlines()
    assert lines[0] == (
        "::warning file=content/guides/a.md,line=9,col=4,title=CP303 plain-words::"
        '"utilise" has a plainer alternative: use. Use the plainer word if it fits. If '
        '"utilise" is the right word here, add <!-- coprod-ignore CP303 --> on the line before.')
    assert lines[1].startswith("::error file=content/guides/a.md,line=11,col=1,title=CP501 "
                               "image-alt::")
    assert len(lines) == 3


def test_github_escapes_what_would_break_an_annotation():
    d = diagnostic("CP302", "content/a,b:c.md", 1, 1, "100% long\nreally")
    assert report.github([d]) == ("::warning file=content/a%2Cb%3Ac.md,line=1,col=1,"
                                  "title=CP302 long-sentence::100%25 long%0Areally")


def test_sarif_2_1_0_with_stable_rule_ids(tmp_path):
    code, out, _ = run(broken_site(tmp_path), "check", *TODAY, "--format", "sarif")
    data = json.loads(out)
    assert data["version"] == "2.1.0" and "sarif-2.1.0" in data["$schema"]
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)           # every rule, always the same order
    assert run_["columnKind"] == "unicodeCodePoints"
    first = run_["results"][0]
    assert first["ruleId"] == "CP303" and rules[first["ruleIndex"]]["id"] == "CP303"
    assert first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "content/guides/a.md", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 9, "startColumn": 4}}
    assert [r["level"] for r in run_["results"]] == ["warning", "error", "warning"]
    assert rules[sorted(RULES).index("CP501")]["defaultConfiguration"] == {"level": "error"}


def test_sarif_columns_count_characters_not_bytes(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body="Café – we utilise it.\n")})
    code, out, _ = run(root, "check", *TODAY, "--format", "sarif")
    region = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 11}


def test_severity_override_from_config(tmp_path):
    root = make_site(tmp_path, {"content/guides/a.md": page(body="We utilise it.\n")},
                     pyproject='[tool.coprod.rules]\nCP303 = "error"\n')
    code, out, _ = run(root, "check", *TODAY, "--format", "json")
    assert code == 1 and json.loads(out)["diagnostics"][0]["severity"] == Severity.ERROR.value


def register_of(tmp_path, people, withdrawn=None):
    """The people register of a small site whose one case study declares `people`."""
    from datetime import date
    from coprod_site.build import Options, run as run_stages
    from coprod_site.config import load_config
    files = {"content/case-studies/story.md": page(title="A story", people=people)}
    if withdrawn:
        files["content/_data/withdrawn.yml"] = withdrawn
    result = run_stages(load_config(make_site(tmp_path, files)), Options(today=date(2026, 6, 1)),
                        until="plan")
    return result.index.people


def test_refs_only_names_people_by_ref_and_leaves_out_consent_records(tmp_path):
    def consent(record):
        return {"record": record, "given": "2026-02-10", "covers": ["story"]}
    register = register_of(tmp_path, [
        {"ref": "sam", "shown_as": "Sam O'Neill", "anonymous": False,
         "consent": consent("CF-2026-014")},
        {"ref": "trainer", "shown_as": "a Trainer", "anonymous": True,
         "consent": consent("CF-2026-015")}])
    found = [diagnostic("CP206", "content/case-studies/x.md", 4, 1,
                        "Consent for Sam O’Neill ends soon; SAM O'NEILL's page and "
                        "media/sam-o-neill.jpg too. A trainer said so.",
                        "Get in touch with Sam O'Neill (consent record CF-2026-014)."),
             diagnostic("CP701", "content/guides/samuel.md", 1, 1, "Samuel and CF-2026-0145.")]
    assert [(d.message, d.suggestion) for d in report.refs_only(found, register)] == [
        ("Consent for ref sam ends soon; ref sam's page and media/ref sam.jpg too. "
         "ref trainer said so.", "Get in touch with ref sam (consent record on file)."),
        ("Samuel and CF-2026-0145.", None)]


def test_refs_only_finds_names_written_as_slugs_and_names_kept_off_the_site(tmp_path):
    consent = {"record": "CF-1", "given": "2026-02-10", "covers": ["story"]}
    register = register_of(
        tmp_path, [{"ref": "zoe", "shown_as": "Zoë Adebayo", "anonymous": False,
                    "consent": consent}],
        withdrawn="- name: Quillon Zarkovsky\n  since: 2026-01-05\n")
    found = [diagnostic("CP205", "content/case-studies/x.md", 1, 1,
                        "See zoe-adebayo.md, media/ZOË_ADEBAYO.png and Zoe Adebayo; "
                        "Ｚｏë Adebayo, Z\u043e\u00eb ADEBAYO and Zoe\u0308 Adebayo."),
             diagnostic("CP208", "content/guides/y.md", 3, 1, "Quillon Zarkovsky is named here.")]
    assert [d.message for d in report.refs_only(found, register)] == [
        "See ref zoe.md, media/ref zoe.png and ref zoe; ref zoe, ref zoe and ref zoe.",
        "the name on line 1 of content/_data/withdrawn.yml is named here."]
