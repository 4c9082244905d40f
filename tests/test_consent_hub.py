"""Consent across the hub (people.py, checks/consent_hub.py, the plan, verify): a withdrawal
reaches every page that names, quotes or shows the person, and nothing of them stays online.

The main site has a withdrawn person (Priya Shah, alias Pree), an expired one (Omar Haddad),
a person with the same first name (Priya Patel) and an anonymous one ("a volunteer"). Every
test builds it for real and reads every output byte back, Pagefind's fragments decompressed.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

import media_samples
from coprod_site.hosting import serving

TODAY = "2026-11-23"
WALKING = "content/case-studies/walking.md"


def person(ref, shown_as, covers="story, name, quote, photo", extra="", aliases=None,
           anonymous=False):
    return (f"  - ref: {ref}\n    shown_as: {shown_as}\n"
            + (f"    aliases: [{aliases}]\n" if aliases else "")
            + ("    anonymous: true\n" if anonymous else "")
            + f"    consent:\n      record: CF-{ref}\n      given: 2026-01-10\n{extra}"
            f"      covers: [{covers}]\n")


def case_study(people, body, title="A walking group in the park", media=""):
    return ("---\n"
            f"title: {title}\n"
            "summary: How a walking group began.\n"
            "topics: [involvement]\n"
            "published: 2026-03-14\n"
            f"people:\n{people}"
            + (f"media:\n{media}" if media else "")
            + f"---\n\n{body}")


def guide(body, title="Starting a group", **keys):
    extra = "".join(f"{k}: {v}\n" for k, v in keys.items())
    return ("---\n"
            f"title: {title}\n"
            "summary: What to do first.\n"
            "topics: [involvement]\n"
            f"published: 2026-03-14\n{extra}"
            f"---\n\n{body}")


PRIYA = person("priya", "Priya Shah", aliases="Pree", extra="      withdrawn: 2026-11-01\n")
OMAR = person("omar", "Omar Haddad", extra="      expires: 2026-10-01\n")
PATEL = person("patel", "Priya Patel")
VOLUNTEER = person("vol", "a volunteer", covers="story, quote", anonymous=True,
                   extra="      withdrawn: 2026-11-01\n")

SITE = {
    WALKING: case_study(PRIYA, "Priya Shah started a walking group.\n\n"
                               "![The group walking](../media/group.jpg)\n",
                        media="  - file: media/group.jpg\n    alt: The group walking\n"
                              "    shows: [priya]\n"),
    "content/case-studies/cafe.md": case_study(OMAR, "Omar Haddad opened a cafe.\n",
                                               title="A cafe run by its customers"),
    "content/case-studies/kitchen.md": case_study(
        PATEL, "Priya Patel runs the kitchen.\n", title="A kitchen that feeds the street"),
    "content/case-studies/helpers.md": case_study(
        VOLUNTEER, "A volunteer cooks on Fridays.\n", title="Friday helpers"),
    "content/case-studies/another.md": case_study(
        "", "Our group met Priya Shah at the park.\n", title="Another group"),
    "content/guides/naming.md": guide("Ask people what time suits them.\n\n"
                                      "Priya Shah started a group like this.\n"),
    "content/toolkits/steps.md": guide("- Pick a place.\n- Walk at the back, as priya "
                                       "shah did.\n", title="Walk steps"),
    "content/guides/quoting.md": guide("Start small.\n\n> Just start walking.\n>\n"
                                       "> — Omar Haddad\n", title="Start small"),
    "content/guides/linking.md": guide("Read [how Priya Shah began](../case-studies/walking.md) "
                                       "today.\n", title="Read more"),
    "content/guides/photo.md": guide("Walk together.\n\n![People walking](../media/group.jpg)\n",
                                     title="Walk together"),
    "content/guides/alias.md": guide("Ask Pree about it.\n", title="Ask about it"),
    "content/guides/food.md": guide("Priya Patel can help with food.\n", title="Food"),
    "content/guides/volunteer.md": guide("A volunteer cooks each week.\n", title="Cooking"),
    "content/guides/plain.md": guide("Say thank you every week.\n", title="Say thanks"),
}
WITHDRAWN = {WALKING, "content/case-studies/cafe.md", "content/case-studies/another.md",
             "content/case-studies/helpers.md",
             "content/guides/naming.md", "content/toolkits/steps.md", "content/guides/quoting.md",
             "content/guides/linking.md", "content/guides/photo.md", "content/guides/alias.md"}
NEEDLES = ["priya shah", "pree", "omar haddad", "walking.md", "/case-studies/walking/",
           "cf-priya", "cf-omar"]


def gone(url):
    return (f"so this page is withdrawn too: it is left out of the site, and its address {url} "
            "tells visitors the page has gone.")


def build_site(make_site, tmp_path, files, run, *args):
    root = make_site(tmp_path / "site", files)
    for name in ("group.jpg", "kitchen.jpg"):
        (root / "content/media").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8, 8), "green").save(root / "content/media" / name)
    code, out, err = run(root, "build", "--today", TODAY, *args)
    return root, code, out, err


def every_byte(public: Path) -> dict[str, str]:
    """Each output file's text (paths included), Pagefind's gzip files decompressed."""
    found = {}
    for path in sorted(public.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            rel = path.relative_to(public).as_posix()
            found[rel] = rel + "\n" + data.decode("utf-8", "replace")
    return found


def leaks(public: Path, needles) -> list[tuple[str, str]]:
    return [(rel, n) for rel, text in every_byte(public).items() for n in needles
            if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)]


def diagnostics(root, run, code="CP208"):
    import json
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    return [(d["file"], d["line"], d["column"], d["severity"], d["message"])
            for d in json.loads(out)["diagnostics"] if d["code"] == code]


# -- the withdrawal reaches every page ------------------------------------------------------

def test_every_page_using_a_withdrawn_or_expired_person_is_withdrawn_and_reported(
        make_site, tmp_path, run):
    root, code, out, err = build_site(make_site, tmp_path, SITE, run, "--strict")
    assert (code, err) == (0, "")
    assert diagnostics(root, run) == [
        ("content/case-studies/another.md", 9, 15, "info",
         "Priya Shah is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/case-studies/another/")),
        ("content/guides/alias.md", 8, 5, "info",
         "Pree is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/alias/")),
        ("content/guides/linking.md", 8, 11, "info",
         "Priya Shah is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/linking/")),
        ("content/guides/naming.md", 10, 1, "info",
         "Priya Shah is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/naming/")),
        ("content/guides/photo.md", 10, 1, "info",
         "Priya Shah is shown in this photo (media/group.jpg), and their consent was withdrawn "
         "on 2026-11-01, " + gone("/guides/photo/")),
        ("content/guides/quoting.md", 12, 5, "info",
         "Omar Haddad is quoted here, and their consent expired on 2026-10-01, "
         + gone("/guides/quoting/")),
        ("content/toolkits/steps.md", 9, 24, "info",
         "Priya shah is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/toolkits/steps/")),
    ]
    withdrawn_lines = [line for line in out.splitlines() if line.startswith("Withdrawn:")]
    assert len(withdrawn_lines) == len(WITHDRAWN)
    assert ("Withdrawn: content/guides/quoting.md is left out of the site because it quotes "
            "Omar Haddad, and their consent expired on 2026-10-01. Its address /guides/quoting/ "
            "now tells visitors the page has gone (410 Gone).") in withdrawn_lines
    public = root / "public"
    for rel in SITE:
        folder, slug = rel.removeprefix("content/").removesuffix(".md").split("/")
        assert (public / folder / slug / "index.html").is_file() is (rel not in WITHDRAWN), rel
    assert leaks(public, NEEDLES) == []
    texts = every_byte(public)
    assert any("Priya Patel" in t for rel, t in texts.items() if rel.endswith(".pf_fragment"))
    assert "A volunteer cooks each week." in texts["guides/volunteer/index.html"]
    assert not (public / "media/group.jpg").exists()        # shows Priya, used only by withdrawn
    assert (public / "_redirects").read_text() == (
        "/guides/* /404.html 410\n/case-studies/* /404.html 410\n/toolkits/* /404.html 410\n")


def test_withdrawn_addresses_answer_410_and_live_ones_200(make_site, tmp_path, run):
    root, code, _, _ = build_site(make_site, tmp_path, SITE, run)
    assert code == 0

    def status(server, path):
        try:
            return urllib.request.urlopen(server.origin + path).status
        except urllib.error.HTTPError as error:
            return error.code

    with serving(root / "public") as server:
        assert [status(server, p) for p in ("/guides/naming/", "/case-studies/walking/",
                                            "/toolkits/steps/", "/guides/plain/",
                                            "/case-studies/kitchen/", "/guides/")] == \
            [410, 410, 410, 200, 200, 200]


def test_a_withdrawal_never_fails_a_strict_build_even_with_a_link_to_the_page(
        make_site, tmp_path, run):
    files = {**SITE, "content/guides/plain.md": guide(
        "Say thank you. Read [their story](../case-studies/walking.md) and [the steps]"
        "(/toolkits/steps/).\n", title="Say thanks")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    html = (root / "public/guides/plain/index.html").read_text()
    assert "<span>their story</span>" in html and "<span>the steps</span>" in html
    assert [(line, column, severity, message) for f, line, column, severity, message
            in diagnostics(root, run, "CP603")] == [
        (8, 21, "info", "This link goes to 'A walking group in the park', which is withdrawn. "
                        "It will show as plain text."),
        (8, 67, "info", "This link goes to 'Walk steps', which is withdrawn. It will show as "
                        "plain text.")]


def test_a_mistake_on_a_page_being_withdrawn_cannot_keep_it_live(make_site, tmp_path, run):
    # A front-matter error on a withdrawn page must not stop the build that takes it down:
    # the previous site, with the person on it, would stay live.
    files = {WALKING: case_study(PRIYA, "Priya Shah walks.\n").replace(
                 "topics: [involvement]", "topics: [walking]"),
             "content/guides/named.md": guide("Priya Shah started it.\n").replace(
                 "topics: [involvement]", "topics: [involvment]")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert "CP105" not in out
    assert not (root / "public/case-studies/walking").exists()
    assert not (root / "public/guides/named").exists()


def test_a_name_in_withdrawn_yml_stays_off_after_its_case_study_is_deleted(
        make_site, tmp_path, run):
    # Nobody can say who a photo shows once its case study is gone: the maintainer deletes
    # the photo (README, "When someone withdraws"), and lists every name they went by.
    files = {k: v for k, v in SITE.items() if k not in (WALKING, "content/guides/photo.md")}
    files["content/_data/withdrawn.yml"] = ("- name: Priya Shah\n  since: 2026-11-01\n"
                                            "- name: Pree\n  since: 2026-11-01\n")
    root, code, _, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    found = diagnostics(root, run)
    assert ("content/guides/naming.md", 10, 1, "info",
            "Priya Shah is named here, and their name is in content/_data/withdrawn.yml "
            "(since 2026-11-01), " + gone("/guides/naming/")) in found
    assert {f for f, *_ in found} == WITHDRAWN - {WALKING, "content/guides/photo.md",
                                                  "content/case-studies/cafe.md",
                                                  "content/case-studies/helpers.md"}
    assert leaks(root / "public", NEEDLES) == []


def test_a_person_restored_brings_their_pages_back(make_site, tmp_path, run):
    files = {**SITE, WALKING: SITE[WALKING].replace("      withdrawn: 2026-11-01\n", "")}
    root, code, _, _ = build_site(make_site, tmp_path, files, run)
    assert code == 0
    assert (root / "public/guides/naming/index.html").is_file()
    assert (root / "public/guides/alias/index.html").is_file()


# -- what the checks say on pages that stay ----------------------------------------------

def test_consent_ending_in_30_days_is_cp206_on_a_guide_that_names_them(make_site, tmp_path, run):
    files = {WALKING: SITE[WALKING].replace("withdrawn: 2026-11-01", "expires: 2026-12-23"),
             "content/guides/naming.md": SITE["content/guides/naming.md"]}
    root = make_site(tmp_path, files)
    assert ("content/guides/naming.md", 10, 1, "warning",
            "Priya Shah is named here, and their consent ends on 2026-12-23, in 30 days. This "
            f"page will be withdrawn automatically after that day, with {WALKING}.") in \
        diagnostics(root, run, "CP206")


def test_a_use_on_another_page_needs_the_same_scope(make_site, tmp_path, run):
    files = {WALKING: case_study(person("priya", "Priya Shah", covers="story"),
                                 "Our walking group met on Mondays.\n"),
             "content/guides/naming.md": SITE["content/guides/naming.md"]}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP202") == [
        ("content/guides/naming.md", 10, 1, "error",
         f"Priya Shah is named here, but their consent ({WALKING}) does not cover their name.")]


def test_an_organisation_quote_passes_and_an_unknown_attribution_fails(make_site, tmp_path, run):
    quote = "> Walking is one of the easiest ways to get people moving.\n>\n> — {}\n"
    files = {"content/case-studies/kitchen.md": case_study(
                 PATEL, "Priya Patel runs the kitchen.\n\n" + quote.format("Sport England")),
             "content/guides/quotes.md": guide(quote.format("Jo Bloggs")),
             "content/_data/organisations.yml": "sport-england:\n  name: Sport England\n"}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP201") == [
        ("content/guides/quotes.md", 10, 5, "error",
         "This quote is from Jo Bloggs, who is not listed in the people of any case study or in "
         "content/_data/organisations.yml.")]


@pytest.mark.parametrize("attribution", [
    "Sport England (2024)", "Sport England (Active Lives survey)", "Sport England: Active Lives",
    "Sport England’s report", "Sport England's 2024 survey", "but we did it anyway",
    "from our survey", "Jo said this at the first meeting"])
def test_an_organisation_with_more_after_it_or_words_of_the_quote_are_no_alarm(
        make_site, tmp_path, run, attribution):
    files = {"content/guides/quotes.md": guide(f"> Walk every day.\n>\n> — {attribution}\n"),
             "content/_data/organisations.yml": "sport-england:\n  name: Sport England\n"}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP201") == []


def test_a_quote_of_an_anonymous_person_needs_their_consent_under_their_description(
        make_site, tmp_path, run):
    trainer = person("trainer", "a Trainer", covers="story, quote", anonymous=True)
    cook = person("cook", "a cook", covers="story", anonymous=True)
    coach = person("coach", "a coach", covers="story, quote", anonymous=True,
                   extra="      withdrawn: 2026-11-01\n")
    files = {"content/case-studies/training.md": case_study(
                 trainer + cook, "A trainer and a cook run the sessions.\n", title="Training"),
             "content/case-studies/coaching.md": case_study(
                 coach, "A coach runs the sessions.\n", title="Coaching"),
             "content/guides/quotes.md": guide(
                 "> Come as you are.\n>\n> — a Trainer\n\n> Bring a friend.\n>\n> — a cook\n\n"
                 "> Stay for tea.\n>\n> — a volunteer\n\n> Run.\n>\n> — a coach\n")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP202") == [
        ("content/guides/quotes.md", 14, 5, "error",
         "This quote is from a cook (content/case-studies/training.md), but their consent does "
         "not cover quotes."),
        ("content/guides/quotes.md", 22, 5, "error",
         "This quote is from a coach (content/case-studies/coaching.md), and their consent was "
         "withdrawn on 2026-11-01.")]
    assert diagnostics(root, run, "CP201") == [
        ("content/guides/quotes.md", 18, 5, "error",
         "This quote is from a volunteer, who is not listed in the people of any case study or "
         "in content/_data/organisations.yml.")]


QUOTED = ["> Walk every day.\n> *— {}*\n", "> Walk every day.\n> **— {}**\n",
          "> Walk every day.\n> ― {}\n", "> Walk every day.<br>~{}\n",
          "> Walk every day.  \n> <cite>−{}</cite>\n", "> Walk every day.\n\n_-- {}_\n"]


MAYBE_QUOTED = ["> “Walk every day.” — {}\n", "> Walk every day.\n> — {}.\n",
                "> Walk every day.\n>\n> - {}\n"]


@pytest.mark.parametrize("quote", QUOTED + MAYBE_QUOTED)
def test_a_withdrawn_person_quoted_in_any_form_withdraws_the_page(make_site, tmp_path, run,
                                                                   quote):
    body = "Start small.\n\n" + quote.format("Priya Shah")
    files = {WALKING: SITE[WALKING], "content/guides/quoting.md": guide(body)}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    line = 10 + body.count("\n", body.index("Walk"), body.index("Priya"))
    column = body.index("Priya") - body.rfind("\n", 0, body.index("Priya"))
    assert diagnostics(root, run) == [
        ("content/guides/quoting.md", line, column, "info",
         "Priya Shah is quoted here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/quoting/"))]
    assert leaks(root / "public", ["priya", "shah"]) == []


@pytest.mark.parametrize("quote", QUOTED)
def test_an_undeclared_person_quoted_in_any_form_is_cp201_and_an_organisation_passes(
        make_site, tmp_path, run, quote):
    files = {"content/guides/quotes.md": guide("Start small.\n\n" + quote.format("Jo Bloggs")),
             "content/guides/sport.md": guide("Start small.\n\n" + quote.format("Sport England"),
                                              title="Sport"),
             "content/_data/organisations.yml": "sport-england:\n  name: Sport England\n"}
    root = make_site(tmp_path, files)
    assert [(f, m) for f, _, _, _, m in diagnostics(root, run, "CP201")] == [
        ("content/guides/quotes.md",
         "This quote is from Jo Bloggs, who is not listed in the people of any case study or in "
         "content/_data/organisations.yml.")]


def test_a_blockquote_ending_in_a_dash_inside_a_sentence_is_not_a_quote_of_anyone(
        make_site, tmp_path, run):
    body = ("> We walked and walked —\n> and then we stopped for tea.\n\n"
            "> The best bit — the tea\n\n> Nobody asked us —\n\n"
            "> It ended. — and then we left.\n\n> We need:\n>\n> - more chairs\n")
    root = make_site(tmp_path, {"content/guides/walks.md": guide(body)})
    assert diagnostics(root, run, "CP201") == []


def test_two_people_may_not_share_a_name_or_alias(make_site, tmp_path, run):
    files = {"content/case-studies/kitchen.md": case_study(PATEL, "Priya Patel runs it.\n"),
             "content/case-studies/garden.md": case_study(
                 person("pp", "Priya P", aliases="Priya Patel"), "Priya P digs.\n",
                 title="A garden")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP201") == [
        ("content/case-studies/garden.md", 9, 1, "error",
         "Priya Patel is also the name of another person (content/case-studies/kitchen.md, "
         "line 7). Two people may not share a name or alias: if one of them withdrew, every "
         "page naming the other would be taken down too."),
        ("content/case-studies/kitchen.md", 8, 1, "error",
         "Priya Patel is also the name of another person (content/case-studies/garden.md, "
         "line 7). Two people may not share a name or alias: if one of them withdrew, every "
         "page naming the other would be taken down too."),
    ]


def test_a_page_in_pages_may_not_name_a_declared_person(make_site, tmp_path, run):
    files = {"content/case-studies/kitchen.md": case_study(PATEL, "Priya Patel runs it.\n"),
             "content/pages/about.md": "---\ntitle: About us\nsummary: Who we are.\n---\n\n"
                                       "We thank Priya Patel.\n"}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP201") == [
        ("content/pages/about.md", 6, 10, "error",
         "Priya Patel is named here. Pages in content/pages may not name, quote or show anyone "
         "from the case studies (content/case-studies/kitchen.md): if their consent ended, "
         "this page would have to be withdrawn with them.")]


def test_a_slug_holding_a_declared_name_is_cp209_and_new_leaves_names_out(
        make_site, tmp_path, run):
    root = make_site(tmp_path, {
        "content/case-studies/priyas-walking-group.md": case_study(PATEL.replace(
            "Priya Patel", "Priya"), "Priya walks.\n")})
    assert diagnostics(root, run, "CP209") == [
        ("content/case-studies/priyas-walking-group.md", 1, 1, "warning",
         "This page's address, /case-studies/priyas-walking-group/, holds the name Priya "
         "(content/case-studies/priyas-walking-group.md). Addresses are copied into feeds, "
         "sitemaps and search engines, and outlive consent.")]
    code, out, err = run(root, "new", "case-study", "Priya's walking group", "--today", TODAY)
    assert code == 0
    assert out == "content/case-studies/walking-group.md\n"
    assert err == ("The file name leaves out \"Priya's\": its address is copied into feeds, "
                   "sitemaps and search engines, and outlives consent. Rename the file if it "
                   "still names anyone.\n")


def suggestions(root, run, code):
    import json
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    return [(d["file"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"] if d["code"] == code]


WHY = "Addresses are copied into feeds, sitemaps and search engines, and outlive consent."


def test_a_slug_holding_one_word_of_a_name_or_alias_is_cp209(make_site, tmp_path, run):
    live = person("priya", "Priya Shah", aliases="Pree, Priya van Dijk")
    root = make_site(tmp_path, {
        "content/case-studies/priya.md": case_study(live, "Priya walks.\n"),
        "content/guides/shah-family-walks.md": guide("Walk often.\n"),
        "content/toolkits/dijks-route.md": guide("Walk often.\n", title="Route"),
        "content/guides/walks.md": guide("Walk often.\n", title="Walks", slug="pree-s-walks")})
    case = "content/case-studies/priya.md"
    assert suggestions(root, run, "CP209") == [
        (case, f'This page\'s address, /case-studies/priya/, holds "priya", part of the name '
               f"Priya Shah ({case}). {WHY}",
         "To keep their name out of it, rename the file to case-study-2026-03-14.md, or to "
         "another name that names nobody."),
        ("content/guides/shah-family-walks.md",
         f'This page\'s address, /guides/shah-family-walks/, holds "shah", part of the name '
         f"Priya Shah ({case}). {WHY}",
         "To keep their name out of it, rename the file to family-walks.md, or to another name "
         "that names nobody."),
        ("content/guides/walks.md",
         f"This page's address, /guides/pree-s-walks/, holds the name Priya Shah ({case}). {WHY}",
         "To keep their name out of it, change slug: to walks, or to another name that names "
         "nobody."),
        ("content/toolkits/dijks-route.md",
         f'This page\'s address, /toolkits/dijks-route/, holds "dijks", part of the name '
         f"Priya Shah ({case}). {WHY}",
         "To keep their name out of it, rename the file to route.md, or to another name that "
         "names nobody."),
    ]


def test_a_name_joined_across_an_apostrophe_is_one_word_or_two_in_a_slug(
        make_site, tmp_path, run):
    """"O’Brien" is "obrien" in a slug, or "o-brien" (the apostrophe made a hyphen)."""
    case = "content/case-studies/story.md"
    root = make_site(tmp_path, {
        case: case_study(person("siobhan", "Siobhán O’Brien"), "We walk.\n"),
        "content/guides/obrien-tips.md": guide("Walk.\n", title="Tips"),
        "content/guides/obriens.md": guide("Walk.\n", title="Walks"),
        "content/guides/o-brien-tips.md": guide("Walk.\n", title="Tips"),
        "content/guides/siobhan-obrien.md": guide("Walk.\n", title="Walks"),
        "content/guides/o-tips.md": guide("Walk.\n", title="Tips")})
    part = "part of the name Siobhán O’Brien (content/case-studies/story.md)"
    assert [(f, m, s) for f, m, s in suggestions(root, run, "CP209")] == [
        ("content/guides/o-brien-tips.md", "This page's address, /guides/o-brien-tips/, holds "
         f'"o-brien", {part}. {WHY}', "To keep their name out of it, rename the file to "
         "tips.md, or to another name that names nobody."),
        ("content/guides/obrien-tips.md", "This page's address, /guides/obrien-tips/, holds "
         f'"obrien", {part}. {WHY}', "To keep their name out of it, rename the file to "
         "tips.md, or to another name that names nobody."),
        ("content/guides/obriens.md", "This page's address, /guides/obriens/, holds "
         f'"obriens", {part}. {WHY}', "To keep their name out of it, rename the file to "
         "guide-2026-03-14.md, or to another name that names nobody."),
        ("content/guides/siobhan-obrien.md", "This page's address, /guides/siobhan-obrien/, "
         "holds the name Siobhán O’Brien (content/case-studies/story.md). " + WHY,
         "To keep their name out of it, rename the file to guide-2026-03-14.md, or to another "
         "name that names nobody."),
    ]


def test_a_name_with_an_apostrophe_written_without_it_is_still_the_person(
        make_site, tmp_path, run):
    files = {WALKING: case_study(person("siobhan", "Siobhán O’Brien",
                                        extra="      withdrawn: 2026-11-01\n"), "We walk.\n"),
             "content/guides/naming.md": guide("Thanks to Siobhan OBrien.\n")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run) == [
        ("content/guides/naming.md", 8, 11, "info",
         "Siobhan OBrien is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/naming/"))]


def test_everyday_words_short_words_and_particles_of_a_name_are_not_taken_for_it(
        make_site, tmp_path, run):
    people = (person("bear", "Walking Bear") + person("park", "Priya Park")
              + person("jo", "Jo Van Dam") + person("rose", "Rose"))
    root = make_site(tmp_path, {
        "content/case-studies/story.md": case_study(people, "We walk.\n"),
        "content/guides/walking-group.md": guide("Walk.\n"),
        "content/guides/park-walks.md": guide("Walk.\n", title="Parks"),
        "content/guides/jo-van-walks.md": guide("Walk.\n", title="Jo"),
        "content/guides/walking-bear-tips.md": guide("Walk.\n", title="Tips"),
        "content/guides/rose-garden.md": guide("Walk.\n", title="Roses")})
    assert [(f, m.split(",")[1]) for f, m, _ in suggestions(root, run, "CP209")] == [
        ("content/guides/rose-garden.md", " /guides/rose-garden/"),
        ("content/guides/walking-bear-tips.md", " /guides/walking-bear-tips/"),
    ]


def test_the_consent_register_lists_every_use_and_every_page_withdrawn_with_someone(
        make_site, tmp_path, run):
    root = make_site(tmp_path, SITE)
    code, out, err = run(root, "consent", "--today", TODAY)
    assert (code, err) == (0, "")
    assert """\
    dates    given 2026-01-10, expires not set, withdrawn 2026-11-01
    used on  content/case-studies/another.md:9:15 (named, withdrawn with them)
    used on  content/guides/alias.md:8:5 (named, withdrawn with them)
    used on  content/guides/linking.md:8:11 (named, withdrawn with them)
    used on  content/guides/naming.md:10:1 (named, withdrawn with them)
    used on  content/guides/photo.md:10:1 (in a photo, withdrawn with them)
    used on  content/toolkits/steps.md:9:24 (named, withdrawn with them)

Pages withdrawn because they use someone whose consent has ended (take the person out of the \
page to bring it back):
    content/case-studies/another.md: it names Priya Shah, and their consent was withdrawn on \
2026-11-01
""" in out
    assert ("    content/guides/quoting.md: it quotes Omar Haddad, and their consent expired on "
            "2026-10-01\n") in out
    assert "    used on  content/guides/food.md:8:1 (named)\n" in out


def test_a_name_that_is_also_an_everyday_word_gets_a_clear_way_out(make_site, tmp_path, run):
    import json
    files = {"content/case-studies/club.md": case_study(person("hope", "Hope", covers="story"),
                                                        "Our club grew.\n"),
             "content/guides/meet.md": guide("We hope to meet on Monday.\n", title="Meet")}
    root = make_site(tmp_path, files)
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    assert [(d["file"], d["line"], d["column"], d["code"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"] if d["code"].startswith("CP2")] == [(
        "content/case-studies/club.md", 8, 15, "CP201",
        'Hope is also an everyday word, and pages write "hope" in lower case '
        "(content/guides/meet.md:8:4). Names are matched in any letter case, so if Hope's "
        "consent ended, those pages would be withdrawn too.",
        "Give Hope a fuller shown_as in content/case-studies/club.md, such as a first name and "
        "a surname initial."), (
        "content/guides/meet.md", 8, 4, "CP202",
        "Hope is named here, but their consent (content/case-studies/club.md) does not cover "
        "their name.",
        'Take Hope out of this page, or add "name" to their consent.covers in '
        'content/case-studies/club.md only if they agreed to it. If "hope" is an everyday word '
        "here, not a name, give Hope a fuller name in content/case-studies/club.md (such as a "
        "surname initial): names are matched in any letter case, so a withdrawal would take "
        "down every page with this word.")]


@pytest.mark.parametrize("body, keys, line, column", [
    ("Read on.\n\n<details>\n<summary>About Priya Shah</summary>\n\nMore.\n\n</details>\n", {},
     11, 16),                                                    # raw HTML
    ("Type `Pree` in the box.\n", {}, 8, 7),                       # code
    ("We met Priya *Shah* there.\n", {}, 8, 8),                    # a tag between the words
    ("Hello.\n", {"co_producers": "[{name: Priya Shah, role: writer}]"}, 6, 1),
    ("Hello.\n", {"sources": "[{title: Priya Shah's notes, url: 'https://example.org/'}]"},
     6, 1),
    ("Hello.\n", {"content_warnings": "[what happened to Pree]"}, 6, 1),
    ("[Walk](https://example.org/ \"Priya Shah's walk\") here.\n", {}, 8, 1),   # link title
])
def test_a_name_anywhere_the_page_renders_withdraws_it(make_site, tmp_path, run, body, keys,
                                                        line, column):
    root = make_site(tmp_path, {WALKING: SITE[WALKING],
                                "content/guides/g.md": guide(body, **keys)})
    assert [(f, n, c) for f, n, c, *_ in diagnostics(root, run)] == [
        ("content/guides/g.md", line, column)]


def test_check_prints_where_a_withdrawn_person_is_used_and_still_passes(make_site, tmp_path,
                                                                        run):
    root = make_site(tmp_path, {WALKING: SITE[WALKING],
                                "content/guides/naming.md": SITE["content/guides/naming.md"]})
    code, out, _ = run(root, "check", "--today", TODAY, "--strict")
    assert code == 0
    assert out == (
        "content/guides/naming.md:10:1: info CP208 withdrawn-person-mentioned: Priya Shah is "
        "named here, and their consent was withdrawn on 2026-11-01, " + gone("/guides/naming/")
        + "\n    What to do: To publish this page again, take Priya Shah out of it: their name, "
        "any other name they go by, quotes and photos, and the address or file names if they "
        "hold the name. The next build puts the page back.\n\n"
        "No problems found in 2 files checked.\n")


def test_an_address_holding_the_name_is_cp209_and_goes_with_the_person(make_site, tmp_path, run):
    live = SITE[WALKING].replace("      withdrawn: 2026-11-01\n", "")
    files = {WALKING: live, "content/guides/priya-shah-tips.md": guide("Walk often.\n")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP209") == [
        ("content/guides/priya-shah-tips.md", 1, 1, "warning",
         f"This page's address, /guides/priya-shah-tips/, holds the name Priya Shah ({WALKING}). "
         "Addresses are copied into feeds, sitemaps and search engines, and outlive consent.")]
    (root / WALKING).write_text(SITE[WALKING])
    assert diagnostics(root, run) == [
        ("content/guides/priya-shah-tips.md", 1, 1, "info",
         "This page's address, /guides/priya-shah-tips/, holds the name of Priya Shah, and their "
         "consent was withdrawn on 2026-11-01, " + gone("/guides/priya-shah-tips/"))]


def test_withdrawn_yml_mistakes_are_explained_where_they_are(make_site, tmp_path, run):
    import json
    files = {"content/_data/withdrawn.yml": "- name: Priya Shah\n  since: 1/5/2026\n"
                                            "- since: 2026-01-01\n",
             "content/_data/organisations.yml": "sport-england:\n  title: Sport England\n"}
    root = make_site(tmp_path, files)
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    assert [(d["file"], d["line"], d["column"], d["code"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"]] == [
        ("content/_data/organisations.yml", 1, 1, "CP104",
         "The entry 'sport-england' needs the organisation's name, as quotes give it.",
         "Write it as:\nsport-england:\n  name: Sport England"),
        ("content/_data/withdrawn.yml", 2, 10, "CP104",
         "The 'since' date of the first entry must be a real date written as YYYY-MM-DD, "
         "like 2026-03-14. '1/5/2026' is not.",
         "Write it year first: 2026-05-01, if that is the day you meant."),
        ("content/_data/withdrawn.yml", 3, 3, "CP104",
         "Each entry needs the name to keep off the site.",
         "Write it as:\n- name: Priya Shah\n  since: 2026-05-01"),
    ]


@pytest.mark.parametrize("text, kept", [
    ("- Priya Shah\n- Tom Jones\n", ["Priya Shah", "Tom Jones"]),
    ("Priya Shah: 2026-05-01\n", ["Priya Shah"]),
])
def test_withdrawn_names_written_in_another_shape_are_explained_and_still_kept_off(
        make_site, tmp_path, run, text, kept):
    import json
    from conftest import load
    root = make_site(tmp_path, {"content/_data/withdrawn.yml": text})
    site, _ = load(root)
    assert [n.name for n in site.withdrawn_names] == kept
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    found = [(d["line"], d["column"], d["code"], d["message"], d["suggestion"])
             for d in json.loads(out)["diagnostics"]]
    if text.startswith("-"):
        assert found == [
            (1, 3, "CP104", "The first entry must be a set of keys such as name and since, but "
             "text is written here.", "Write it like:\n- name: Priya Shah\n  since: 2026-05-01"),
            (2, 3, "CP104", "The second entry must be a set of keys such as name and since, but "
             "text is written here.", "Write it like:\n- name: Tom Jones\n  since: 2026-05-01")]
    else:
        assert found == [
            (1, 1, "CP104", "This file must be a list of entries, each starting with '- ' on its "
             "own line, but a set of keys is written here.",
             "Write each name like:\n- name: Priya Shah\n  since: 2026-05-01")]


@pytest.mark.parametrize("text, kept", [
    ("jo: {name: Jo Bloggs, since: 2026-05-01}\n", [("Jo Bloggs", "2026-05-01")]),
    ("jo:\n  name: Jo Bloggs\n  since: 2026-05-01\nsam:\n  name: [Sam Lee]\n",
     [("Jo Bloggs", "2026-05-01"), ("Sam Lee", None)]),
    ("names:\n  - Jo Bloggs\n  - Sam Lee\n", [("Jo Bloggs", None), ("Sam Lee", None)]),
    ("names:\n  - name: Jo Bloggs\n    since: 2026-05-01\n", [("Jo Bloggs", "2026-05-01")]),
    ("jo: Jo Bloggs\n", [("Jo Bloggs", None)]),
    ("name: Jo Bloggs\nsince: 2026-05-01\n", [("Jo Bloggs", "2026-05-01")]),
    ("Jo Bloggs: gave notice in May\n", [("Jo Bloggs", None)]),
    ("Jo Bloggs\n", [("Jo Bloggs", None)]),
])
def test_a_key_of_the_writers_own_in_withdrawn_yml_is_not_a_name(make_site, tmp_path, run,
                                                                  text, kept):
    import json
    from conftest import load
    files = {"content/_data/withdrawn.yml": text,
             "content/guides/jo.md": guide("Jo runs the names table.\n", title="Jo's table"),
             "content/guides/bloggs.md": guide("Jo Bloggs set up the table.\n")}
    root = make_site(tmp_path, files)
    site, _ = load(root)
    assert [(n.name, n.since and n.since.isoformat()) for n in site.withdrawn_names] == kept
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    found = [(d["file"], d["line"], d["column"], d["code"], d["message"], d["suggestion"])
             for d in json.loads(out)["diagnostics"]]
    shape = "text" if text == "Jo Bloggs\n" else "a set of keys"
    assert found[0] == (
        "content/_data/withdrawn.yml", 1, 1, "CP104",
        f"This file must be a list of entries, each starting with '- ' on its own line, but "
        f"{shape} is written here.",
        "Write each name like:\n- name: Jo Bloggs\n  since: " + (kept[0][1] or "2026-05-01"))
    assert [(f, c) for f, _, _, c, *_ in found[1:]] == [("content/guides/bloggs.md", "CP208")]


def test_a_nameless_withdrawn_entry_is_shown_with_the_name_it_gives(make_site, tmp_path, run):
    import json
    from conftest import load
    root = make_site(tmp_path, {"content/_data/withdrawn.yml":
                                "- name: Priya Shah\n- Jo Bloggs: 2026-05-01\n"})
    site, _ = load(root)
    assert [n.name for n in site.withdrawn_names] == ["Priya Shah", "Jo Bloggs"]
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    assert [(d["line"], d["column"], d["code"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"]][-1] == (
        2, 3, "CP104", "Each entry needs the name to keep off the site.",
        "Write it as:\n- name: Jo Bloggs\n  since: 2026-05-01")


def test_an_empty_or_nameless_withdrawn_entry(make_site, tmp_path, run):
    import json
    root = make_site(tmp_path, {"content/_data/withdrawn.yml":
                                "- name: [Priya Shah]\n-\n- since: 2026-05-01\n"})
    _, out, _ = run(root, "check", "--today", TODAY, "--format", "json")
    assert [(d["line"], d["column"], d["message"], d["suggestion"])
            for d in json.loads(out)["diagnostics"]] == [
        (1, 9, "The name of the first entry must be text, but a list is written here.",
         "Write it like: name: Priya Shah"),
        (2, 2, "The second entry must be a set of keys such as name and since, but nothing is "
         "written here.", "Delete the empty '-' line, or fill it in like:\n- name: Priya Shah\n"
         "  since: 2026-05-01"),
        (3, 3, "Each entry needs the name to keep off the site.",
         "Write it as:\n- name: Priya Shah\n  since: 2026-05-01")]


def test_an_organisation_with_a_declared_persons_name_is_cp201(make_site, tmp_path, run):
    files = {WALKING: case_study(PATEL, "Priya Patel walks.\n"),
             "content/_data/organisations.yml": "sport-england:\n  name: Sport England\n"
                                                "patel-trust:\n  name: priya  patel\n"}
    root = make_site(tmp_path, files)
    code, out, _ = run(root, "check", "--today", TODAY)
    assert code == 1
    assert out == (
        f"{WALKING}:8:1: error CP201 consent-missing: Priya Patel is declared here as a person, "
        "but content/_data/organisations.yml also lists priya patel as an organisation "
        "(patel-trust). Quotes from an organisation need no consent, so a person may not be on "
        "that list.\n    What to do: Take patel-trust out of content/_data/organisations.yml if "
        "it is this person. If an organisation really has the same name, give the person a "
        "fuller shown_as, such as a first name and a surname initial.\n\n"
        "1 error and 0 warnings in 1 file checked.\n")


@pytest.mark.parametrize("text", [
    "We walked with Priya-Shah last year.", "Email priya.shah@example.org to join.",
    "Follow @priya_shah for news.", "Follow #PriyaShah for news.",
    "See https://example.org/priya-shah for the route.", "Ask PriyaShah2 about it.",
    "Walk slowly.[^priya-shah]\n\n[^priya-shah]: A note."])
def test_a_name_joined_by_punctuation_or_in_an_address_is_still_the_name(
        make_site, tmp_path, run, text):
    files = {WALKING: case_study(PRIYA, "Priya Shah walks.\n"),
             "content/guides/joined.md": guide(text + "\n")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert not (root / "public/guides/joined").exists()
    assert leaks(root / "public", [b"priya", b"shah"]) == []


# -- a name however it is written ------------------------------------------------------------

ZOE = person("zoe", "Zoë Strauss", extra="      withdrawn: 2026-11-01\n")
PHOTOS = "content/case-studies/photos.md"


@pytest.mark.parametrize("written", [
    "ZOË STRAUSS", "Zoe Strauss", "Zoë Strauß", "ZOË STRAUẞ", "Ｚｏë Strauss",
    "Z\u043e\u00eb Strauss",                      # a Cyrillic o
    "\u0396\u039f\u00cb STRAUSS",                # Greek capitals Z and O
    "Zoe\u0308 Strauss",                         # the diaeresis as a mark of its own
    "Zo\u00ad\u00eb Str\u200bauss",              # a soft hyphen and a zero-width space
])
def test_a_name_written_with_other_letters_is_still_the_name(make_site, tmp_path, run,
                                                              written):
    files = {PHOTOS: case_study(ZOE, "Zoë Strauss takes photos.\n", title="Street photos"),
             "content/guides/variant.md": guide(f"We met {written} at the park.\n"),
             "content/guides/other.md": guide("We met Zoe Stratton at the park.\n",
                                              title="Another walk")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert diagnostics(root, run) == [
        ("content/guides/variant.md", 8, 8, "info",
         f"{written} is named here, and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/variant/"))]
    assert not (root / "public/guides/variant").exists()
    assert (root / "public/guides/other/index.html").is_file()
    from coprod_site.names import folded
    texts = every_byte(root / "public")
    assert [rel for rel, text in texts.items() if "strauss" in folded(text)] == []
    assert any("Zoe Stratton" in text for text in texts.values())


def test_a_copy_of_a_photo_under_another_name_shows_the_same_person(make_site, tmp_path, run):
    files = {WALKING: SITE[WALKING],
             "content/guides/copy.md": guide("Walk together.\n\n![People walking]"
                                             "(../media/walk.jpg)\n", title="Walk together"),
             "content/guides/resaved.md": guide("Walk on.\n\n![People walking](../media/"
                                                "walk-again.png)\n", title="Walk on"),
             "content/guides/other.md": guide("Walk far.\n\n![A park](../media/park.jpg)\n",
                                              title="Walk far")}
    root = make_site(tmp_path / "site", files)
    media = root / "content/media"
    media.mkdir(parents=True)
    photo = Image.new("RGB", (8, 8), "green")
    photo.putpixel((0, 0), (200, 10, 10))
    photo.save(media / "group.jpg")
    (media / "walk.jpg").write_bytes((media / "group.jpg").read_bytes())
    Image.open(media / "group.jpg").save(media / "walk-again.png")
    photo.putpixel((1, 1), (10, 10, 200))
    photo.save(media / "park.jpg")
    code, out, err = run(root, "build", "--today", TODAY, "--strict")
    assert (code, err) == (0, "")
    assert diagnostics(root, run) == [
        ("content/guides/copy.md", 10, 1, "info",
         "Priya Shah is shown in this photo (media/walk.jpg, the same picture as "
         "media/group.jpg), and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/copy/")),
        ("content/guides/resaved.md", 10, 1, "info",
         "Priya Shah is shown in this photo (media/walk-again.png, the same picture as "
         "media/group.jpg), and their consent was withdrawn on 2026-11-01, "
         + gone("/guides/resaved/"))]
    public = root / "public"
    assert not (public / "guides/copy").exists() and not (public / "guides/resaved").exists()
    assert [p.name for p in (public / "media").iterdir() if p.name.startswith(("walk", "group"))
            ] == []
    assert (public / "guides/other/index.html").is_file()


# -- what verify would stop, check reports first ----------------------------------------------

@pytest.mark.parametrize("body, keys, line, column", [
    ("Ask for form CF-priya if you need it.\n", {}, 8, 14),
    ("Hello.\n\n<p title=\"CF-priya\">Hi</p>\n", {}, 10, 11),
    ("Hello.\n", {"content_warnings": "[form CF-priya]"}, 6, 1),
    ("Ask for form cf\u2011PRIYA if you need it.\n", {}, 8, 14),
    ("See [the form](https://example.org/CF%2Dpriya).\n", {}, 8, 36),
])
def test_a_consent_record_written_in_a_page_is_cp201_where_it_is(make_site, tmp_path, run,
                                                                  body, keys, line, column):
    live = SITE[WALKING].replace("      withdrawn: 2026-11-01\n", "")
    root = make_site(tmp_path, {WALKING: live, "content/guides/form.md": guide(body, **keys)})
    assert diagnostics(root, run, "CP201") == [
        ("content/guides/form.md", line, column, "error",
         f"CF-priya is a consent record reference (from {WALKING}). Consent records are kept "
         "off the site, so the build would stop here and publish nothing.")]
    code, _, _ = run(root, "build", "--today", TODAY)
    assert code == 1 and not (root / "public").exists()


def test_two_escaped_records_are_each_reported_on_their_own_line(make_site, tmp_path, run):
    walking = SITE[WALKING].replace("      withdrawn: 2026-11-01\n", "")
    cafe = SITE["content/case-studies/cafe.md"].replace("      expires: 2026-10-01\n", "")
    body = "The record is CF%2Dpriya here.\n\nSee [the form](https://example.org/cf%2domar).\n"
    root = make_site(tmp_path, {WALKING: walking, "content/case-studies/cafe.md": cafe,
                                "content/guides/form.md": guide(body)})
    assert [(line, column, message.split(" ")[0])
            for _, line, column, _, message in diagnostics(root, run, "CP201")] == [
        (8, 15, "CF-priya"), (10, 36, "CF-omar")]


def test_a_record_on_a_withdrawn_page_is_not_reported(make_site, tmp_path, run):
    root = make_site(tmp_path, {WALKING: SITE[WALKING] + "\nForm CF-priya.\n"})
    assert diagnostics(root, run, "CP201") == []


@pytest.mark.parametrize("file, data, link", [
    ("poster.svg", media_samples.svg("ZOË STRAUSS"), "![A poster](../media/poster.svg)"),
    ("poster.pdf", media_samples.pdf("Zoë Strauss", "info"), "[The poster](../media/poster.pdf)"),
    ("poster.pdf", media_samples.pdf("Zoë Strauss", "page"), "[The poster](../media/poster.pdf)"),
    ("talk.mp3", media_samples.mp3("Zoë Strauss", 3), "[Our talk](../media/talk.mp3)"),
    ("talk.m4a", media_samples.m4a("Zoe Strauss"), "[Our talk](../media/talk.m4a)"),
    ("talk.webm", media_samples.webm(tag="Zoë Strauss"), "[Our talk](../media/talk.webm)"),
    ("poster.svg", media_samples.svg_split("Zoë St", "rauss"), "![A poster](../media/poster.svg)"),
    ("poster.pdf", media_samples.pdf_plain(media_samples.xmp("Zoë Strauss")),
     "[The poster](../media/poster.pdf)"),
    ("talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello, I am Zo\xc3\xab Strauss.\n",
     "[Captions](../media/talk.vtt)"),
    ("talk.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHello, I am Zoe Strauss.\n",
     "[Captions](../media/talk.srt)"),
])
def test_a_name_inside_a_media_file_withdraws_every_page_using_it(make_site, tmp_path, run,
                                                                    file, data, link):
    files = {PHOTOS: case_study(ZOE, "Zoë Strauss takes photos.\n", title="Street photos"),
             "content/guides/poster.md": guide(f"Look at this.\n\n{link}\n", title="Poster"),
             f"content/media/{file}": data}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert diagnostics(root, run) == [
        ("content/guides/poster.md", 10, 1, "info",
         f"The file media/{file} names Zoë Strauss inside it (in its words or details), and "
         "their consent was withdrawn on 2026-11-01, " + gone("/guides/poster/"))]
    assert "it uses media/" + file + ", which names Zoë Strauss inside it" in out
    assert not (root / "public/guides/poster").exists()
    assert not (root / "public/media" / file).exists()


def test_a_name_inside_a_media_file_needs_the_name_scope_on_another_page(make_site, tmp_path,
                                                                          run):
    files = {PHOTOS: case_study(person("zoe", "Zoë Strauss", covers="story"),
                                "Our group takes photos.\n", title="Street photos"),
             "content/guides/poster.md": guide("Look.\n\n![A poster](../media/poster.svg)\n",
                                               title="Poster"),
             "content/media/poster.svg": media_samples.svg("Zoë Strauss")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP202") == [
        ("content/guides/poster.md", 10, 1, "error",
         "The file media/poster.svg names Zoë Strauss inside it (in its words or details), but "
         f"their consent ({PHOTOS}) does not cover their name.")]


@pytest.mark.parametrize("written", ["Zoe Strauss", "Zoë-Strauss", "Z\u043e\u00eb Strauss"])
def test_another_spelling_on_their_own_case_study_needs_the_name_scope(make_site, tmp_path,
                                                                        run, written):
    files = {PHOTOS: case_study(person("zoe", "Zoë Strauss", covers="story"),
                                f"Our group takes photos.\n\nThanks to {written}.\n",
                                title="Street photos")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP202") == [
        (PHOTOS, 17, 11, "error",
         f"{written} is named here, but their consent ({PHOTOS}) does not cover their name.")]


def test_a_name_in_a_photos_hidden_details_is_never_published(make_site, tmp_path, run):
    # Pictures are saved again from their pixels alone: EXIF and PNG text stay behind, so the
    # page that uses the picture stays up and the name is in no byte of the site.
    from PIL import PngImagePlugin
    files = {PHOTOS: case_study(ZOE, "Zoë Strauss takes photos.\n", title="Street photos"),
             "content/guides/park.md": guide("Look.\n\n![A park](../media/park.jpg)\n\n"
                                             "![A pond](../media/pond.png)\n", title="Park")}
    root = make_site(tmp_path / "site", files)
    media = root / "content/media"
    media.mkdir()
    exif = Image.Exif()
    exif[0x013B] = "Zoe Strauss"                         # Artist
    Image.new("RGB", (8, 8), "green").save(media / "park.jpg", exif=exif)
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Zoë Strauss")
    Image.new("RGB", (8, 8), "blue").save(media / "pond.png", pnginfo=text)
    code, out, err = run(root, "build", "--today", TODAY, "--strict")
    assert (code, err) == (0, "")
    assert (root / "public/guides/park/index.html").is_file()
    from coprod_site.names import folded
    assert [rel for rel, t in every_byte(root / "public").items() if "strauss" in folded(t)] == []


def test_a_name_in_an_address_with_percent_escapes_is_still_the_name(make_site, tmp_path, run):
    files = {PHOTOS: case_study(ZOE, "Zoë Strauss takes photos.\n", title="Street photos"),
             "content/guides/link.md": guide("See [her photos](https://example.org/Zo%C3%AB_"
                                             "Strauss) today.\n", title="Photos")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, "")
    assert [(f, n, c) for f, n, c, *_ in diagnostics(root, run)] == [
        ("content/guides/link.md", 8, 38)]
    assert not (root / "public/guides/link").exists()


# -- a longer name, an organisation or a fingerprint is not the withdrawn name ---------------

def test_a_longer_name_an_organisation_or_a_file_fingerprint_holding_the_name_stays(
        make_site, tmp_path, run):
    dee = person("dee", "Dee", extra="      withdrawn: 2026-11-01\n")
    files = {"content/case-studies/dee.md": case_study(dee, "Dee runs a choir.\n",
                                                       title="A choir on Mondays"),
             "content/case-studies/runners.md": case_study(
                 person("deeo", "Dee Okafor"), "Dee Okafor runs with us.\n",
                 title="Runners in the rain"),
             "content/guides/choirs.md": guide(
                 "The Dee Foundation pays for the hall.\n\n> Sing every week.\n>\n"
                 "> — Dee Foundation\n\n![Singers](../media/as-png.png)\n\n"
                 "Thanks to *Dee* Okafor, the `Dee` Foundation, Dee [Foundation](https://example."
                 "org/) and Dee\\\nOkafor.\n", title="Choirs"),
             "content/_data/organisations.yml": "dee-foundation:\n  name: Dee Foundation\n"}
    root = make_site(tmp_path / "site", files)
    (root / "content/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (900, 600), "green").save(root / "content/media/as-png.png")
    code, out, err = run(root, "build", "--today", TODAY, "--strict")
    assert (code, err) == (0, ""), out
    assert (root / "public/case-studies/runners/index.html").exists()
    assert (root / "public/guides/choirs/index.html").exists()
    assert not (root / "public/case-studies/dee").exists()
    assert diagnostics(root, run, "CP202") == []


@pytest.mark.parametrize("declared, written", [
    ("Søren Dahl", "Soren Dahl"), ("Søren Dahl", "Søren\u2011Dahl"),
    ("Mary-Jane Obi", "MaryJane Obi"), ("Ирина Павлова", "ИРИНА ПАВЛОВА"),
    ("Işıl Kaya", "Isil Kaya"), ("Dana Okafor", "Da\u034fna Okafor"),
    ("Dana Okafor", "[walk](https://example.org/?who=Dana+Okafor)"),
])
def test_a_name_written_with_other_letters_or_joiners_is_withdrawn_with_them(
        make_site, tmp_path, run, declared, written):
    files = {PHOTOS: case_study(person("p", declared, extra="      withdrawn: 2026-11-01\n"),
                                f"{declared} takes photos.\n", title="Street photos"),
             "content/guides/thanks.md": guide(f"Thanks to {written} for the map.\n",
                                               title="Thanks")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, ""), out
    assert not (root / "public/guides/thanks").exists()
    assert (root / "public/index.html").exists()


def test_a_link_to_a_page_whose_file_holds_the_name_is_not_a_use_but_a_source_address_is(
        make_site, tmp_path, run):
    dana = person("dana", "Dana Okafor", extra="      withdrawn: 2026-11-01\n")
    files = {"content/case-studies/dana-okafor-walks.md": case_study(
                 dana, "Dana Okafor walks.\n", title="Walks by the river"),
             "content/guides/plan-walks.md": guide(
                 "See [the walks page](../case-studies/dana-okafor-walks.md).\n", title="Plans"),
             "content/guides/reports.md": guide(
                 "Read the report.\n", title="Reports",
                 sources="\n  - title: A report\n    url: https://example.org/reports/"
                         "dana-okafor-walks")}
    root, code, out, err = build_site(make_site, tmp_path, files, run, "--strict")
    assert (code, err) == (0, ""), out
    assert (root / "public/guides/plan-walks/index.html").exists()
    assert not (root / "public/guides/reports").exists()
    assert [(f, line) for f, line, *_ in diagnostics(root, run)] == [
        ("content/guides/reports.md", 8)]                  # at the source's url


def test_a_page_in_pages_is_never_withdrawn_with_someone_it_shows(make_site, tmp_path, run):
    files = {**SITE, "content/pages/about.md": "---\ntitle: About us\nsummary: Who we are.\n"
                                               "---\n\n![Our group](../media/group.jpg)\n"}
    root, code, out, err = build_site(make_site, tmp_path, files, run)
    assert code == 1 and not (root / "public").exists()
    assert diagnostics(root, run, "CP201") == [
        ("content/pages/about.md", 6, 1, "error",
         "Priya Shah is shown in this photo (media/group.jpg), and their consent was withdrawn "
         "on 2026-11-01 (content/case-studies/walking.md). Pages in content/pages are never "
         "withdrawn with anyone, so the site cannot be published until this page no longer "
         "uses them.")]


def test_an_unlisted_organisation_starting_with_a_name_is_not_a_quote_of_that_person(
        make_site, tmp_path, run):
    grace = person("grace", "Grace", covers="story")
    files = {"content/case-studies/garden.md": case_study(grace, "A garden group.\n",
                                                          title="A garden"),
             "content/guides/funding.md": guide("> Apply in spring.\n>\n> — Grace Foundation\n",
                                                title="Funding")}
    root = make_site(tmp_path, files)
    assert diagnostics(root, run, "CP201") == [
        ("content/guides/funding.md", 10, 5, "error",
         "This quote is from Grace Foundation, who is not listed in the people of any case "
         "study or in content/_data/organisations.yml.")]
    assert [m for *_, m in diagnostics(root, run, "CP202") if "quoted" in m] == []
