"""Withdrawn pages: decided once on the build date, then left out of everything a reader sees.

The plan is tested on its own first; then whole builds, whose output is searched byte by byte
(the Pagefind index decompressed) for anything of the withdrawn page or of any consent record.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from coprod_site.build import Options, run as run_stages
from coprod_site.config import PACKAGE_THEME, load_config
from coprod_site.content.lifecycle import withdrawal

TODAY = "2026-11-23"
STORY = "content/case-studies/ravenscliffe-rugby.md"
EASY = "content/case-studies/ravenscliffe-rugby-easy-read.md"
GUIDE = "content/guides/welcoming-players.md"
KITCHEN = "content/case-studies/community-kitchen.md"

TITLE = "Ravenscliffe Rugby Welcomes Everyone"
PERSON = "Tamsin Okonkwo-Reyes"
RECORDS = ["CF-2026-777", "CF-2026-778", "CF-2026-100"]
CONSENT_DATES = ["2026-02-11", "2026-05-02", "2029-02-12", "2026-02-12",
                 "11 February 2026", "2 May 2026", "12 February 2029", "12 February 2026"]


def story(consent_end: str = "      withdrawn: 2026-05-02\n", status: str = "") -> str:
    return f"""---
title: {TITLE}
summary: How {PERSON} opened the club up to everyone.
topics: [involvement]
audiences: [staff]
published: 2026-03-14
{status}easy_read: ravenscliffe-rugby-easy-read.md
people:
  - ref: tamsin
    shown_as: {PERSON}
    consent:
      record: CF-2026-777
      given: 2026-02-11
{consent_end}      covers: [story, name, photo]
media:
  - file: media/tamsin-only.jpg
    alt: {PERSON} coaching
    shows: [tamsin]
  - file: media/shared-pitch.jpg
    alt: An empty rugby pitch
    shows: []
---

{PERSON} started a mixed ability session on Tuesday nights.

![{PERSON} coaching](../media/tamsin-only.jpg)

![An empty rugby pitch](../media/shared-pitch.jpg)
"""


EASY_READ = """---
title: Rugby for everyone (Easy Read)
summary: A rugby club that welcomes everyone.
topics: [involvement]
published: 2026-03-14
people:
  - ref: tamsin
    shown_as: Tamsin
    consent:
      record: CF-2026-778
      given: 2026-02-12
      covers: [story, name]
---

Tamsin runs a rugby club. Everyone can play.
"""

GUIDE_TEXT = """---
title: Welcoming new players
summary: Simple ways to make new players feel welcome.
topics: [involvement]
audiences: [staff]
published: 2026-03-20
related: [../case-studies/ravenscliffe-rugby.md]
---

Say hello and learn names. Read [the club story](../case-studies/ravenscliffe-rugby.md) too.

![An empty rugby pitch](../media/shared-pitch.jpg)
"""

KITCHEN_TEXT = """---
title: A kitchen run by its volunteers
summary: How volunteers took over the community kitchen.
topics: [involvement]
published: 2026-03-10
people:
  - ref: priya
    shown_as: Priya
    consent:
      record: CF-2026-100
      given: 2026-01-05
      covers: [story, name]
---

Priya asked the volunteers what they wanted to cook.
"""


def jpeg(root: Path, rel: str, colour: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), colour).save(path)


def hub(make_site, tmp_path, story_text: str | None = None) -> Path:
    root = make_site(tmp_path / "site", {
        STORY: story_text or story(), EASY: EASY_READ, GUIDE: GUIDE_TEXT, KITCHEN: KITCHEN_TEXT})
    jpeg(root, "content/media/tamsin-only.jpg", "red")
    jpeg(root, "content/media/shared-pitch.jpg", "green")
    return root


def plan(root: Path, today: str, drafts: bool = False):
    result = run_stages(load_config(root), Options(today=date.fromisoformat(today),
                                                   drafts=drafts, cache=False), until="plan")
    return result.site, result.plan


def readable(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":                 # Pagefind's .pf_* files are gzip
        data = gzip.decompress(data)
    return data


# -- the plan --------------------------------------------------------------------------------

@pytest.mark.parametrize("today, withdrawn", [("2026-05-01", False), ("2026-05-02", True)])
def test_withdrawn_on_or_before_the_build_date_withdraws_the_page(make_site, tmp_path,
                                                                    today, withdrawn):
    root = hub(make_site, tmp_path)
    _, result = plan(root, today)
    assert (STORY in result.withdrawn) is withdrawn
    assert (STORY in result.published) is not withdrawn


@pytest.mark.parametrize("today, withdrawn", [("2029-02-12", False), ("2029-02-13", True)])
def test_consent_that_expired_before_the_build_date_withdraws_the_page(make_site, tmp_path,
                                                                        today, withdrawn):
    root = hub(make_site, tmp_path, story("      expires: 2029-02-12\n"))
    site, result = plan(root, today)
    assert (STORY in result.withdrawn) is withdrawn
    if withdrawn:
        assert result.withdrawn[STORY][1] == f"consent for {PERSON} expired on 2029-02-12"
        assert withdrawal(site.by_rel()[STORY], date.fromisoformat(today)).key == \
            "people.0.consent.expires"


def test_status_withdrawn_withdraws_the_page(make_site, tmp_path):
    root = hub(make_site, tmp_path, story("", status="status: withdrawn\n"))
    _, result = plan(root, TODAY)
    assert result.withdrawn[STORY][1] == "its status is withdrawn"


def test_the_easy_read_version_is_withdrawn_with_its_original(make_site, tmp_path):
    root = hub(make_site, tmp_path)
    _, result = plan(root, TODAY)
    assert result.withdrawn[STORY][1] == f"consent for {PERSON} was withdrawn on 2026-05-02"
    assert result.withdrawn[EASY][1] == (f"it is the Easy Read version of {STORY}, which is "
                                         "withdrawn")
    assert set(result.published) == {GUIDE, KITCHEN}


def test_a_draft_whose_consent_is_withdrawn_is_not_built_even_with_drafts(make_site, tmp_path):
    root = hub(make_site, tmp_path, story(status="status: draft\n"))
    _, result = plan(root, TODAY, drafts=True)
    assert STORY in result.withdrawn and STORY not in result.published


# -- --today and SOURCE_DATE_EPOCH -----------------------------------------------------------

def test_a_page_fine_today_is_withdrawn_on_a_later_build_date(make_site, tmp_path, run):
    root = hub(make_site, tmp_path, story("      expires: 2027-01-10\n"))
    code, out, _ = run(root, "build", "--today", TODAY)
    assert code == 0
    assert (root / "public/case-studies/ravenscliffe-rugby/index.html").is_file()
    assert "Withdrawn:" not in out
    assert "warning CP206 consent-expiring: Consent for Tamsin Okonkwo-Reyes ends on " \
           "2027-01-10, in 48 days." in out

    code, out, _ = run(root, "build", "--today", "2027-01-11")
    assert code == 0
    assert not (root / "public/case-studies/ravenscliffe-rugby").exists()
    assert [line for line in out.splitlines() if line.startswith("Withdrawn:")] == [
        f"Withdrawn: {EASY} is left out of the site because it is the Easy Read version of "
        f"{STORY}, which is withdrawn. Its address /case-studies/ravenscliffe-rugby-easy-read/ "
        "now tells visitors the page has gone (410 Gone).",
        f"Withdrawn: {STORY} is left out of the site because consent for {PERSON} expired on "
        "2027-01-10. Its address /case-studies/ravenscliffe-rugby/ now tells visitors the page "
        "has gone (410 Gone).",
    ]


def test_source_date_epoch_sets_the_build_date(make_site, tmp_path, run, monkeypatch):
    root = hub(make_site, tmp_path, story("      expires: 2027-01-10\n"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1799625600")          # 2027-01-11 00:00 UTC
    assert run(root, "build")[0] == 0
    assert not (root / "public/case-studies/ravenscliffe-rugby").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")          # 2026-11-23 00:00 UTC
    assert run(root, "build")[0] == 0
    assert (root / "public/case-studies/ravenscliffe-rugby/index.html").is_file()


# -- the build -------------------------------------------------------------------------------

def test_a_withdrawn_page_does_not_stop_the_build(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    withdrawn_lines = [line for line in out.splitlines() if line.startswith("Withdrawn:")]
    assert withdrawn_lines == [
        f"Withdrawn: {EASY} is left out of the site because it is the Easy Read version of "
        f"{STORY}, which is withdrawn. Its address /case-studies/ravenscliffe-rugby-easy-read/ "
        "now tells visitors the page has gone (410 Gone).",
        f"Withdrawn: {STORY} is left out of the site because consent for {PERSON} was "
        "withdrawn on 2026-05-02. Its address /case-studies/ravenscliffe-rugby/ now tells "
        "visitors the page has gone (410 Gone).",
    ]
    assert (root / "public/guides/welcoming-players/index.html").is_file()
    assert (root / "public/case-studies/community-kitchen/index.html").is_file()


def test_withdrawn_addresses_answer_410_gone(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    assert (root / "public/_redirects").read_text() == (
        "/guides/* /404.html 410\n"
        "/case-studies/* /404.html 410\n"
        "/toolkits/* /404.html 410\n")


def test_a_link_to_a_page_withdrawn_for_consent_is_info_and_plain_text(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    result = run_stages(load_config(root), Options(today=date.fromisoformat(TODAY)))
    line = next(n for n, text in enumerate(GUIDE_TEXT.split("\n"), start=1)
                if text.startswith("Say hello"))
    assert [(d.line, d.column, d.severity.value, d.message) for d in result.diagnostics
            if d.code == "CP603" and d.file == GUIDE] == [
        (line - 3, 1, "info", f"'related' names '{TITLE}', which is withdrawn. It is left out "
                              "of this page."),
        (line, 33, "info", f"This link goes to '{TITLE}', which is withdrawn. It will show as "
                           "plain text.")]
    html = (root / "public/guides/welcoming-players/index.html").read_text()
    assert "<span>the club story</span>" in html
    assert "ravenscliffe" not in html


def test_media_used_only_by_a_withdrawn_page_is_not_copied(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    assert not (root / "public/media/tamsin-only.jpg").exists()


def test_media_shared_with_a_published_page_stays(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    assert (root / "public/media/shared-pitch.jpg").is_file()
    html = (root / "public/guides/welcoming-players/index.html").read_text()
    [copy] = re.findall(r'<img alt="An empty rugby pitch" src="/media/([^"]+)"', html)
    assert (root / "public/media" / copy).is_file() and copy.startswith("shared-pitch-")


def test_nothing_of_a_withdrawn_page_or_any_consent_record_is_in_the_output(
        make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    public = root / "public"
    files = sorted(p for p in public.rglob("*") if p.is_file())
    for listed in ("index.html", "case-studies/index.html", "topics/involvement/index.html",
                   "audiences/staff/index.html", "feed.xml", "sitemap.xml", "search/index.html"):
        assert public / listed in files                        # every listing was searched
    assert any(p.suffix == ".pf_fragment" for p in files), "the search index was searched"
    fragments = b"".join(readable(p) for p in files if p.suffix == ".pf_fragment")
    assert b"Priya asked the volunteers" in fragments          # the index is really readable
    needles = [TITLE, PERSON, "Tamsin", "ravenscliffe", "Ravenscliffe", *RECORDS, *CONSENT_DATES]
    found = []
    for path in files:
        data = readable(path)
        found += [(path.relative_to(public).as_posix(), n) for n in needles
                  if n.encode() in data or n.lower().encode() in data.lower()]
    assert found == []


def theme_copy(root: Path) -> Path:
    """The hub theme copied into the site, where a site may change it."""
    theme = root / "themes" / "hub"
    shutil.copytree(PACKAGE_THEME, theme)
    return theme


def test_a_template_that_leaks_a_consent_record_fails_the_build(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    assert run(root, "build", "--today", TODAY)[0] == 0
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    base = theme_copy(root) / "templates" / "base.html"
    leak = ("{% for r in view.site.resources %}{% for p in r.people %}"
            "<!-- {{ p.consent.record }} -->{% endfor %}{% endfor %}</body>")
    base.write_text(base.read_text().replace("</body>", leak))
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1
    assert err.startswith("coprod: The consent record reference CF-2026-")
    assert err.endswith(". Nothing was published. The previous site is unchanged.\n")
    after = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_a_leaked_address_of_a_withdrawn_page_fails_the_build(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    (root / KITCHEN).write_text(KITCHEN_TEXT.replace("published: 2026-03-10\n",
                                                     "published: 2026-03-10\nstatus: withdrawn\n"))
    (root / GUIDE).write_text(
        GUIDE_TEXT + "\nAlso see [the old page](/case-studies/community-kitchen/).\n")
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1 and "error CP601 broken-link: This link goes to " \
        "/case-studies/community-kitchen/, which is " in out      # the checks see it first
    assert not (root / "public").exists()
    # With CP601 turned off, the last guard before publishing still stops it.
    (root / "pyproject.toml").write_text('[tool.coprod.rules]\nCP601 = "off"\n')
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1
    assert err == ("coprod: The address /case-studies/community-kitchen/ of a withdrawn page "
                   "was found in the built file guides/welcoming-players/index.html. Nothing was "
                   "published. Remove any link to that page.\n")     # a first build: no site
    assert not (root / "public").exists()


def test_a_site_address_of_a_page_withdrawn_for_consent_is_plain_text(make_site, tmp_path, run):
    root = hub(make_site, tmp_path)
    (root / GUIDE).write_text(
        GUIDE_TEXT + "\nAlso see [the old page](/case-studies/ravenscliffe-rugby/).\n")
    assert run(root, "build", "--today", TODAY)[0] == 0      # a withdrawal never fails a build
    html = (root / "public/guides/welcoming-players/index.html").read_text()
    assert "<span>the old page</span>" in html and "ravenscliffe" not in html


def test_a_published_page_does_not_link_to_its_withdrawn_easy_read_version(
        make_site, tmp_path, run):
    original = story("      expires: 2029-02-12\n")
    withdrawn_easy_read = EASY_READ.replace("published: 2026-03-14\n",
                                            "published: 2026-03-14\nstatus: withdrawn\n")
    root = make_site(tmp_path, {STORY: original, EASY: withdrawn_easy_read})
    jpeg(root, "content/media/tamsin-only.jpg", "red")
    jpeg(root, "content/media/shared-pitch.jpg", "green")
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    html = (root / "public/case-studies/ravenscliffe-rugby/index.html").read_text()
    assert TITLE in html
    assert "/case-studies/ravenscliffe-rugby-easy-read/" not in html


def test_a_withdrawn_page_gets_only_its_cp207_notice(make_site, tmp_path, run):
    """Other checks skip it, so a withdrawal can never fail a build, even with --strict."""
    with_problems = story().replace(
        f"{PERSON} started a mixed ability session on Tuesday nights.",
        "Read the [Easy Read version](ravenscliffe-rugby-easy-read.md) and [this](missing.md). "
        "We utilise a very, very long sentence that goes on and on and on well past any limit "
        "that the checks would usually allow for a page on this site.")
    root = hub(make_site, tmp_path, with_problems)
    (root / GUIDE).write_text(GUIDE_TEXT.replace(
        " Read [the club story](../case-studies/ravenscliffe-rugby.md) too.", "")
        .replace("related: [../case-studies/ravenscliffe-rugby.md]\n", ""))
    code, out, err = run(root, "check", "--strict", "--format", "json", "--today", TODAY)
    found = [(d["file"], d["code"]) for d in json.loads(out)["diagnostics"]
             if d["file"] in (STORY, EASY)]
    assert found == [(EASY, "CP207"), (STORY, "CP207")]


def test_an_address_that_only_ends_like_a_withdrawn_one_is_not_a_leak(make_site, tmp_path, run):
    root = make_site(tmp_path, {
        "content/pages/payment.md": "---\ntitle: Payment\nsummary: How we pay.\n"
                                    "status: withdrawn\n---\n\nWe pay on the day.\n",
        GUIDE: GUIDE_TEXT.replace("topics: [involvement]", "topics: [payment]")
                         .replace("related: [../case-studies/ravenscliffe-rugby.md]\n", "")
                         .replace(" Read [the club story](../case-studies/ravenscliffe-rugby.md) "
                                  "too.", "")})
    jpeg(root, "content/media/shared-pitch.jpg", "green")
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    assert 'href="/topics/payment/"' in (root / "public/topics/index.html").read_text()
    assert "/payment/ /404.html 410\n" in (root / "public/_redirects").read_text()


def test_the_spec_example_record_can_be_used_by_a_real_site(make_site, tmp_path, run):
    """No file the hub itself writes (admin configuration, theme, scripts) may hold text that
    could be a consent record, or the guard would stop a site that uses such a record."""
    root = make_site(tmp_path, {KITCHEN: KITCHEN_TEXT.replace("CF-2026-100", "CF-2026-014")})
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
