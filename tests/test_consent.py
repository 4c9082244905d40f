"""Consent rules CP201 to CP207: every use of a person needs the matching consent.

Each test writes a small site, runs the checks as `coprod check` does, and asserts the exact
message, suggestion and position a contributor sees.
"""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from coprod_site.build import Options, run as run_stages
from coprod_site.config import load_config

TODAY = date(2026, 11, 23)
CASE = "content/case-studies/rugby.md"

SAM = """\
  - ref: sam
    shown_as: Sam
    consent:
      record: CF-2026-014
      given: 2026-02-10
      expires: 2029-02-10
      covers: [{covers}]
"""
ALL = "story, name, quote, photo"


def case_study(people: str = SAM.format(covers=ALL), body: str = "Sam started the club.\n",
               title: str = "How a rugby club opened up",
               summary: str = "A rugby club that changed how it trains.",
               media: str = "", extra: str = "") -> str:
    return ("---\n"
            f"title: {title}\n"
            f"summary: {summary}\n"
            "topics: [payment]\n"
            "published: 2026-03-14\n"
            f"{extra}"
            + (f"people:\n{people}" if people else "")
            + (f"media:\n{media}" if media else "")
            + "---\n\n" + body)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line containing `needle`."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return hits[nth - 1]


def column_of(text: str, needle: str, nth: int = 1) -> int:
    line = text.split("\n")[line_of(text, needle, nth) - 1]
    return line.index(needle) + 1


def image(root, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), "white").save(path)


def consent_findings(root, today: date = TODAY):
    """(code, line, column, message, suggestion) of every CP2xx diagnostic, in order; not
    CP209, which these fixtures (media/sam.jpg) would all get (see test_consent_hub.py)."""
    result = run_stages(load_config(root), Options(today=today))
    return [(d.code, d.line, d.column, d.message, d.suggestion)
            for d in result.diagnostics if d.code.startswith("CP2") and d.code != "CP209"]


def site(make_site, tmp_path, text: str, *, files: dict | None = None, pyproject=None):
    return make_site(tmp_path, {CASE: text, **(files or {})}, pyproject=pyproject)


# -- uses that consent covers ----------------------------------------------------------------

def test_a_case_study_with_every_use_covered_has_no_consent_findings(make_site, tmp_path):
    text = case_study(
        title="How Sam opened up the club", summary="Sam's club changed how it trains.",
        media="  - file: media/sam.jpg\n    alt: Sam coaching\n    caption: Sam at training\n"
              "    shows: [sam]\n",
        body="Sam started the club.\n\n> It changed my life.\n> — Sam\n\n"
             "![Sam with the team](../media/sam.jpg)\n")
    root = site(make_site, tmp_path, text)
    image(root, "content/media/sam.jpg")
    assert consent_findings(root) == []


# -- CP201 consent-missing ------------------------------------------------------------------

def test_a_person_with_no_consent_block_is_cp201_at_their_entry(make_site, tmp_path):
    text = case_study(people="  - ref: sam\n    shown_as: Sam\n")
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP201", line_of(text, "- ref: sam"), 1,
        "Sam is listed in people, but there is no consent block for them.",
        "Add consent: with the record reference, the date it was given and what it covers. "
        "Nobody can appear on the site without it.")]


def test_a_media_item_showing_an_undeclared_ref_is_cp201(make_site, tmp_path):
    text = case_study(media="  - file: media/team.jpg\n    alt: The team on the pitch\n"
                            "    shows: [sam, dana]\n",
                      body="Sam started the club.\n\n![The team](../media/team.jpg)\n")
    root = site(make_site, tmp_path, text)
    image(root, "content/media/team.jpg")
    assert consent_findings(root) == [(
        "CP201", line_of(text, "shows: [sam, dana]"), 1,
        "media/team.jpg shows 'dana', but nobody in people has ref: dana.",
        "Add the person to people with their consent, or correct the ref.")]


def test_a_quote_in_a_case_study_from_someone_not_in_people_is_cp201(make_site, tmp_path):
    text = case_study(body="Sam started the club.\n\n> We were never asked.\n> — Dana\n")
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP201", line_of(text, "— Dana"), 5,
        "This quote is from Dana, who is not listed in people or in "
        "content/_data/organisations.yml.",
        "If Dana is a person, add them to people with their consent, in the case study that "
        "tells their story. If Dana is an organisation, add it to "
        "content/_data/organisations.yml. Or check the spelling of the name after the dash.")]


def test_required_expiry_missing_is_cp201_at_the_consent_block(make_site, tmp_path):
    people = SAM.format(covers=ALL).replace("      expires: 2029-02-10\n", "")
    text = case_study(people=people)
    root = site(make_site, tmp_path, text,
                pyproject="[tool.coprod]\nrequire_consent_expiry = true\n")
    assert consent_findings(root) == [(
        "CP201", line_of(text, "consent:"), 1,
        "This site needs every consent to have an end date, and Sam's consent has no 'expires'.",
        "Add expires: YYYY-MM-DD with the end date agreed on the consent form.")]
    (root / "pyproject.toml").unlink()
    assert consent_findings(root) == []


def test_consent_given_after_the_build_date_is_not_consent_yet(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL).replace("2026-02-10", "2026-12-01"))
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP201", line_of(text, "given:"), 1,
        "Sam's consent is dated 2026-12-01, after the build date (2026-11-23), so it has not "
        "been given yet.", "Check the date on the consent form.")]


# -- CP202 consent-scope --------------------------------------------------------------------

def test_a_name_not_covered_is_cp202_at_the_word_in_the_body(make_site, tmp_path):
    body = "The club grew fast.\nIn the spring, Sam started a new session.\n"
    text = case_study(people=SAM.format(covers="story"), body=body)
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP202", line_of(text, "In the spring"), column_of(text, "Sam started"),
        "Sam is named here, but their consent does not cover their name.",
        'Add "name" to consent.covers only if Sam agreed to it.')]


def test_names_are_found_in_title_summary_caption_alt_text_and_quotes(make_site, tmp_path):
    text = case_study(
        people=SAM.format(covers="story, quote, photo"),
        title="How Sam opened up the club", summary="The club Sam runs changed.",
        media="  - file: media/sam.jpg\n    alt: Sam coaching\n    caption: Sam at training\n"
              "    shows: [sam]\n",
        body="The club grew.\n\n> Sam, we said, come and play.\n\n"
             "![Sam with the team](../media/sam.jpg)\n")
    root = site(make_site, tmp_path, text)
    image(root, "content/media/sam.jpg")
    where = [(code, line, column) for code, line, column, *_ in consent_findings(root)]
    assert where == [
        ("CP202", line_of(text, "title:"), 1),
        ("CP202", line_of(text, "summary:"), 1),
        ("CP202", line_of(text, "alt: Sam coaching"), 1),
        ("CP202", line_of(text, "caption: Sam at training"), 1),
        ("CP202", line_of(text, "> Sam, we said"), 3),
        ("CP202", line_of(text, "![Sam with the team]"), 1),
        ("CP202", line_of(text, "![Sam with the team]"), 1),      # the file name, sam.jpg
    ]


def test_whole_words_only_and_case_matters(make_site, tmp_path):
    people = (SAM.format(covers="story") +
              "  - ref: will\n    shown_as: Will\n    consent:\n      record: CF-2026-020\n"
              "      given: 2026-02-10\n      covers: [story]\n")
    body = ("Samantha and Samuel will help. Sam’s idea worked.\n"
            "Then Will spoke.\n")
    text = case_study(people=people, body=body)
    root = site(make_site, tmp_path, text)
    found = [(line, column, message) for _, line, column, message, _ in consent_findings(root)]
    assert found == [
        (line_of(text, "shown_as: Will"), column_of(text, "Will"),     # see test_consent_site.py
         "Will is also in the text the site prints on its pages (the theme's "
         "templates/home.html, line 10: \"What you will find here\"). Names are matched in any "
         "letter case, so if Will's consent ended, the site would still hold their name and the "
         "build would stop without publishing anything."),
        (line_of(text, "Samantha"), column_of(text, "Sam’s"),
         "Sam is named here, but their consent does not cover their name."),
        (line_of(text, "Then Will"), column_of(text, "Will spoke"),
         "Will is named here, but their consent does not cover their name."),
    ]


def test_names_with_apostrophes_match_either_apostrophe(make_site, tmp_path):
    people = ("  - ref: dara\n    shown_as: Dara O'Neill\n    consent:\n"
              "      record: CF-2026-021\n      given: 2026-02-10\n      covers: [story]\n")
    text = case_study(people=people, body="We met Dara O’Neill at the\nclub.\n")
    root = site(make_site, tmp_path, text)
    assert [(c, line, col) for c, line, col, *_ in consent_findings(root)] == [
        ("CP202", line_of(text, "We met"), column_of(text, "Dara O’Neill at"))]


def test_a_quote_not_covered_is_cp202_at_the_attribution(make_site, tmp_path):
    body = "Sam started the club.\n\n> It changed my life.\n> — Sam\n"
    text = case_study(people=SAM.format(covers="story, name"), body=body)
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP202", line_of(text, "> — Sam"), 5,
        "Sam is quoted here, but their consent does not cover quotes.",
        'Add "quote" to consent.covers only if Sam agreed to it.')]


@pytest.mark.parametrize("attribution", ["> -- Sam", "> — Sam, volunteer coach", "> — sam"])
def test_quote_attributions_by_double_hyphen_with_a_role_or_by_ref(make_site, tmp_path,
                                                                      attribution):
    body = f"Sam started the club.\n\n> It changed my life.\n{attribution}\n"
    text = case_study(people=SAM.format(covers="story, name"), body=body)
    root = site(make_site, tmp_path, text)
    assert [(c, line, m) for c, line, _, m, _ in consent_findings(root)] == [
        ("CP202", line_of(text, attribution),
         "Sam is quoted here, but their consent does not cover quotes.")]


def test_an_attribution_line_straight_after_a_quote_counts(make_site, tmp_path):
    body = "Sam started the club.\n\n> It changed my life.\n\n— Sam\n"
    text = case_study(people=SAM.format(covers="story, name"), body=body)
    root = site(make_site, tmp_path, text)
    assert [(c, line, col) for c, line, col, *_ in consent_findings(root)] == [
        ("CP202", line_of(text, "— Sam"), 3)]


ATTRIBUTION_FORMS = [
    "> *— Sam*", "> **— Sam**", "> _— Sam, coach_", "> — *Sam*", "> ― Sam", "> – Sam",
    "> ‒ Sam", "> ⸺ Sam", "> − Sam", "> ~ Sam", "> ～ Sam", "> —Sam", "> --Sam", "> - Sam",
    "> ‐ Sam", "> <cite>— Sam</cite>", "> <em>— Sam</em>", "> *<cite>— Sam</cite>*",
]


@pytest.mark.parametrize("attribution", ATTRIBUTION_FORMS)
def test_every_way_of_writing_an_attribution_line_is_one(make_site, tmp_path, attribution):
    body = f"Sam started the club.\n\n> It changed my life.\n{attribution}\n"
    text = case_study(people=SAM.format(covers="story, name"), body=body)
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP202", line_of(text, attribution), 1 + attribution.index("Sam"),
        "Sam is quoted here, but their consent does not cover quotes.",
        'Add "quote" to consent.covers only if Sam agreed to it.')]


@pytest.mark.parametrize("quote, at", [
    ("> It changed my life.<br>— Sam\n", "<br>— Sam"),
    ("> It changed my life.<br/>*— Sam*\n", "<br/>*— Sam*"),
    ("> It changed my life.  \n> — Sam\n", "> — Sam"),
    ("> It changed my life.\\\n> — Sam\n", "> — Sam"),
    ("> It changed my life.\n>\n> *— Sam*\n", "> *— Sam*"),
    ("> It changed my life.\n\n*— Sam*\n", "*— Sam*"),
    ("> It changed my life.\n\n<cite>― Sam</cite>\n", "<cite>― Sam</cite>"),
    ("> > It changed my life.\n> > — Sam\n", "> > — Sam"),
    ("- At the club:\n\n  > It changed my life.\n\n  ~ Sam\n", "~ Sam"),
])
def test_an_attribution_after_a_line_break_or_after_the_quote_is_one(make_site, tmp_path,
                                                                       quote, at):
    text = case_study(people=SAM.format(covers="story, name"),
                      body=f"Sam started the club.\n\n{quote}")
    root = site(make_site, tmp_path, text)
    assert [(c, line, col) for c, line, col, *_ in consent_findings(root)] == [
        ("CP202", line_of(text, at), column_of(text, at) + at.index("Sam"))]


@pytest.mark.parametrize("quote, at", [
    ("> “It changed my life.” — Sam\n", "> “It changed"),
    ("> It changed my life. -- Sam, coach.\n", "> It changed"),
    ("> It changed my life.\n> — Sam.\n", "> — Sam."),
    ("> It changed my life.\n\n— Sam.\n", "— Sam."),
    ("> It changed my life.\n>\n> - Sam\n", "> - Sam"),
])
def test_a_line_that_may_be_an_attribution_is_one_when_it_names_someone(make_site, tmp_path,
                                                                         quote, at):
    text = case_study(people=SAM.format(covers="story, name"),
                      body=f"Sam started the club.\n\n{quote}")
    root = site(make_site, tmp_path, text)
    line = text.split("\n")[line_of(text, at) - 1]
    assert [(c, n, col, m) for c, n, col, m, _ in consent_findings(root)] == [
        ("CP202", line_of(text, at), line.rindex("Sam") + 1,
         "Sam is quoted here, but their consent does not cover quotes.")]


@pytest.mark.parametrize("quote", [
    "> We went there — and we stayed\n",
    "> It ended. — and then we left.\n",
    "> “We stayed.” — Jo Bloggs\n",
    "> What we need:\n>\n> - more chairs\n",
    "> What we need:\n>\n> - Chairs\n> - Tables\n",
    "> We went there and we stayed —\n",
    "> We went there and we stayed —\n> and then — Sam said — we left.\n",
    "> We went there.\n> — and then we left.\n",
    "> We went there.\n> — 5 of us, then 10!\n",
    "> We kept going\n> --\n",
    "> We went there.\n\nThen — Sam says — we stayed.\n",
    "> We went there.\n\nWe stayed. — Sam\n",
    "We went there.\n\n— Sam\n",
])
def test_a_dash_that_does_not_start_the_last_line_of_a_quote_is_not_an_attribution(
        make_site, tmp_path, quote):
    text = case_study(people=SAM.format(covers="story, name"),
                      body=f"Sam started the club.\n\n{quote}")
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == []


def test_a_photo_not_covered_is_cp202_at_the_media_item(make_site, tmp_path):
    text = case_study(people=SAM.format(covers="story, name"),
                      media="  - file: media/sam.jpg\n    alt: A coach on the pitch\n"
                            "    shows: [sam]\n",
                      body="Sam started the club.\n\n![A coach on the pitch](../media/sam.jpg)\n")
    root = site(make_site, tmp_path, text)
    image(root, "content/media/sam.jpg")
    assert consent_findings(root) == [(
        "CP202", line_of(text, "- file: media/sam.jpg"), 1,
        "Sam is shown in this photo (media/sam.jpg), but their consent does not cover photos.",
        'Add "photo" to consent.covers only if Sam agreed to it.')]


def test_video_and_audio_need_their_own_scopes(make_site, tmp_path):
    text = case_study(media="  - file: media/session.mp4\n    shows: [sam]\n"
                            "  - file: media/interview.mp3\n    shows: [sam]\n")
    root = site(make_site, tmp_path, text,
                files={"content/media/session.mp4": b"\0" * 16,
                       "content/media/interview.mp3": b"\0" * 16})
    assert [(c, line, m) for c, line, _, m, _ in consent_findings(root)] == [
        ("CP202", line_of(text, "- file: media/session.mp4"),
         "Sam is shown in this video (media/session.mp4), but their consent does not cover video."),
        ("CP202", line_of(text, "- file: media/interview.mp3"),
         "Sam is heard in this recording (media/interview.mp3), but their consent does not "
         "cover audio recordings."),
    ]


def test_a_case_study_needs_story_consent_but_a_guide_does_not(make_site, tmp_path):
    text = case_study(people=SAM.format(covers="name"))
    root = site(make_site, tmp_path, text,
                files={"content/guides/club.md": text.replace("rugby club", "club")})
    result = run_stages(load_config(root), Options(today=TODAY))
    assert [(d.file, d.code, d.line, d.message, d.suggestion) for d in result.diagnostics
            if d.code.startswith("CP2")] == [(
        CASE, "CP202", line_of(text, "- ref: sam"),
        "Sam is in this case study, but their consent does not cover their story.",
        'Add "story" to consent.covers only if Sam agreed to it.')]


# -- CP203 anonymous-named ------------------------------------------------------------------

def test_an_anonymous_persons_name_on_the_page_is_cp203(make_site, tmp_path):
    people = SAM.format(covers=ALL).replace("    shown_as: Sam\n",
                                            "    shown_as: Sam\n    anonymous: true\n")
    text = case_study(people=people, body="The club grew.\nLater Sam joined us.\n")
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP203", line_of(text, "Later Sam"), column_of(text, "Sam joined"),
        "Sam is named here, but they are anonymous, so the page must not name them.",
        "Remove the name. Refer to them with a description such as \"a trainer\", and use "
        "that description as their shown_as.")]


def test_an_anonymous_persons_description_is_not_a_name_but_quotes_need_consent(
        make_site, tmp_path):
    people = ("  - ref: trainer\n    shown_as: a Trainer\n    anonymous: true\n    consent:\n"
              "      record: CF-2026-030\n      given: 2026-02-10\n      covers: [story]\n")
    body = "We met a Trainer at the club.\n\n> Nobody asked us before.\n> — a Trainer\n"
    text = case_study(people=people, body=body)
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP202", line_of(text, "> — a Trainer"), 5,
        "A Trainer is quoted here, but their consent does not cover quotes.",
        'Add "quote" to consent.covers only if a Trainer agreed to it.')]


# -- CP204 guardian -------------------------------------------------------------------------

def test_under_18_without_a_guardian_is_cp204(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL) + "      under_18: true\n")
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP204", line_of(text, "under_18: true"), 1,
        "Sam is under 18, but the consent does not say a parent or guardian agreed.",
        "Set guardian: true only if a parent or guardian signed the consent form.")]
    (root / CASE).write_text(text.replace("under_18: true\n",
                                          "under_18: true\n      guardian: true\n"))
    assert consent_findings(root) == []


# -- CP205 undeclared-image -----------------------------------------------------------------

def test_an_image_in_a_case_study_not_in_media_is_cp205(make_site, tmp_path):
    body = "Sam started the club.\n\nThe team: ![Players at training](../media/team.jpg)\n"
    text = case_study(body=body)
    root = site(make_site, tmp_path, text)
    image(root, "content/media/team.jpg")
    assert consent_findings(root) == [(
        "CP205", line_of(text, "The team:"), column_of(text, "![Players"),
        "This image (media/team.jpg) is not listed in media, so the build cannot tell who it "
        "shows.",
        "Add it to media with file: media/team.jpg, and shows: [the refs of everyone who can "
        "be identified], or shows: [] if nobody can.")]
    declared = case_study(body=body, media="  - file: media/team.jpg\n    shows: []\n")
    (root / CASE).write_text(declared)
    assert consent_findings(root) == []


def test_an_image_from_another_site_in_a_case_study_is_cp205(make_site, tmp_path):
    body = "Sam started the club.\n\n![Players](https://example.org/team.jpg)\n"
    text = case_study(body=body)
    root = site(make_site, tmp_path, text)
    assert consent_findings(root) == [(
        "CP205", line_of(text, "![Players]"), 1,
        "This image (https://example.org/team.jpg) is not listed in media, so the build "
        "cannot tell who it shows.",
        "Save the image in content/media, then add it to media with shows: [the refs of "
        "everyone who can be identified], or shows: [] if nobody can.")]


def test_a_video_linked_from_a_case_study_must_be_in_media(make_site, tmp_path):
    body = "Sam started the club.\n\nWatch [the session](../media/session.mp4).\n"
    text = case_study(body=body)
    root = site(make_site, tmp_path, text, files={"content/media/session.mp4": b"\0" * 16})
    assert [(c, line, col, m) for c, line, col, m, _ in consent_findings(root)] == [(
        "CP205", line_of(text, "Watch"), column_of(text, "[the session]"),
        "This video (media/session.mp4) is not listed in media, so the build cannot tell who "
        "it shows.")]


def test_images_in_guides_are_not_cp205(make_site, tmp_path):
    root = make_site(tmp_path, {"content/guides/pitch.md": case_study(
        people="", body="Look.\n\n![An empty pitch](../media/pitch.jpg)\n")})
    image(root, "content/media/pitch.jpg")
    assert consent_findings(root) == []


# -- CP206 consent-expiring -----------------------------------------------------------------

def test_consent_ending_within_the_window_is_a_cp206_warning(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL).replace("2029-02-10", "2027-01-10"))
    root = site(make_site, tmp_path, text)
    result = run_stages(load_config(root), Options(today=TODAY))
    found = [d for d in result.diagnostics if d.code.startswith("CP2")]
    assert [(d.severity.value, d.code, d.line, d.message, d.suggestion) for d in found] == [(
        "warning", "CP206", line_of(text, "expires:"),
        "Consent for Sam ends on 2027-01-10, in 48 days. The page will be withdrawn "
        "automatically after that day.",
        "Get in touch with Sam (consent record CF-2026-014) to ask whether they want to renew "
        "it, and update the dates if they do.")]
    assert result.errors == 0
    assert consent_findings(root, date(2026, 11, 10)) == []          # 61 days ahead
    assert len(consent_findings(root, date(2026, 11, 11))) == 1      # 60 days ahead


def test_the_warning_window_is_a_site_setting(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL).replace("2029-02-10", "2027-01-10"))
    root = site(make_site, tmp_path, text,
                pyproject="[tool.coprod]\nconsent_warning_days = 30\n")
    assert consent_findings(root) == []


def test_a_withdrawal_date_ahead_is_warned_about_too(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL) + "      withdrawn: 2026-11-24\n")
    root = site(make_site, tmp_path, text)
    assert [(c, line, m) for c, line, _, m, _ in consent_findings(root)] == [(
        "CP206", line_of(text, "withdrawn:"),
        "Consent for Sam is withdrawn on 2026-11-24, tomorrow. The page will be withdrawn "
        "automatically from that day.")]


# -- CP207 withdrawn ------------------------------------------------------------------------

def test_a_withdrawn_page_reports_only_cp207(make_site, tmp_path):
    people = SAM.format(covers="story") + "      withdrawn: 2026-05-01\n      under_18: true\n"
    text = case_study(people=people, body="Sam started the club.\n\n![Team](../media/t.jpg)\n")
    root = site(make_site, tmp_path, text)
    image(root, "content/media/t.jpg")
    result = run_stages(load_config(root), Options(today=TODAY))
    assert [(d.severity.value, d.code, d.line, d.message) for d in result.diagnostics
            if d.code.startswith("CP2")] == [(
        "info", "CP207", line_of(text, "withdrawn:"),
        "This page is withdrawn because consent for Sam was withdrawn on 2026-05-01. It is left "
        "out of the site, and its address /case-studies/rugby/ tells visitors the page has gone.")]
    assert result.errors == 0


def test_status_withdrawn_is_cp207_at_the_status_line(make_site, tmp_path):
    text = case_study(extra="status: withdrawn\n")
    root = site(make_site, tmp_path, text)
    assert [(c, line, m) for c, line, _, m, _ in consent_findings(root)] == [(
        "CP207", line_of(text, "status:"),
        "This page is withdrawn because its status is withdrawn. It is left out of the site, "
        "and its address /case-studies/rugby/ tells visitors the page has gone.")]


# -- consent rules cannot be turned off ------------------------------------------------------

def test_an_ignore_comment_does_not_turn_off_a_consent_rule(make_site, tmp_path):
    body = "<!-- coprod-ignore CP202 -->\nSam started the club.\n"
    text = case_study(people=SAM.format(covers="story"), body=body)
    root = site(make_site, tmp_path, text)
    assert [(c, line) for c, line, *_ in consent_findings(root)] == [
        ("CP202", line_of(text, "Sam started"))]


def test_a_page_cannot_ignore_a_consent_rule(make_site, tmp_path):
    text = case_study(people=SAM.format(covers="story"),
                      extra="checks:\n  ignore: [CP202]\n  reason: it is fine\n")
    root = site(make_site, tmp_path, text)
    result = run_stages(load_config(root), Options(today=TODAY))
    codes = [(d.code, d.line, d.message) for d in result.diagnostics]
    assert ("CP104", line_of(text, "ignore:"), "CP202 cannot be turned off for a page: "
            "consent and content rules always apply.") in codes
    assert ("CP202", line_of(text, "Sam started"),
            "Sam is named here, but their consent does not cover their name.") in codes


@pytest.mark.parametrize("setting", ['CP202 = "warning"', 'CP201 = "off"', 'CP206 = "off"'])
def test_a_site_cannot_weaken_a_consent_rule(make_site, tmp_path, run, setting):
    root = site(make_site, tmp_path, case_study(),
                pyproject=f"[tool.coprod.rules]\n{setting}\n")
    code, out, err = run(root, "check")
    assert code == 2
    assert err == (f"coprod: pyproject.toml:2:1: [tool.coprod.rules] {setting.split()[0]} is "
                   "a consent rule and cannot be made weaker. Remove the line.\n")


def test_a_site_can_make_the_expiry_warning_an_error(make_site, tmp_path):
    text = case_study(people=SAM.format(covers=ALL).replace("2029-02-10", "2027-01-10"))
    root = site(make_site, tmp_path, text,
                pyproject='[tool.coprod.rules]\nCP206 = "error"\n')
    result = run_stages(load_config(root), Options(today=TODAY))
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("CP206", "error")]


# -- what the contributor sees ---------------------------------------------------------------

def test_coprod_check_prints_the_consent_error_as_in_the_contract(make_site, tmp_path, run):
    body = "Sam started the club.\n\n> It changed my life.\n> — Sam\n"
    text = case_study(people=SAM.format(covers="story, name"), body=body)
    root = site(make_site, tmp_path, text)
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    line = line_of(text, "> — Sam")
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{CASE}:{line}:5: error CP202 consent-scope: Sam is quoted here, but their consent "
        "does not cover quotes.",
        '    What to do: Add "quote" to consent.covers only if Sam agreed to it.']


def test_a_consent_error_stops_the_build_and_keeps_the_old_site(make_site, tmp_path, run):
    root = site(make_site, tmp_path, case_study())
    assert run(root, "build", "--today", "2026-11-23")[0] == 0
    before = (root / "public/case-studies/rugby/index.html").read_bytes()
    (root / CASE).write_text(case_study(people=SAM.format(covers="story")))
    code, out, err = run(root, "build", "--today", "2026-11-23")
    assert code == 1
    assert "error CP202 consent-scope: Sam is named here" in out
    assert err == "Nothing was built because of the errors above. The previous site is unchanged.\n"
    assert (root / "public/case-studies/rugby/index.html").read_bytes() == before


def test_a_guide_using_a_photo_that_shows_people_is_checked_against_their_case_study(
        make_site, tmp_path):
    text = case_study(people=SAM.format(covers="story, name"),
                      media="  - file: media/team.jpg\n    alt: Sam coaching\n    shows: [sam]\n",
                      body="Sam started the club.\n\n![Sam coaching](../media/team.jpg)\n")
    guide = case_study(people="", body="Coaches matter.\n\n![A coach](../media/team.jpg)\n")
    root = site(make_site, tmp_path, text, files={"content/guides/coaching.md": guide})
    image(root, "content/media/team.jpg")
    result = run_stages(load_config(root), Options(today=TODAY))
    assert [(d.file, d.code, d.line, d.column, d.message, d.suggestion)
            for d in result.diagnostics if d.code == "CP202"][-1] == (
        "content/guides/coaching.md", "CP202", line_of(guide, "![A coach]"), 1,
        f"Sam is shown in this photo (media/team.jpg), but their consent ({CASE}) does not "
        "cover photos.",
        f'Take Sam out of this page, or add "photo" to their consent.covers in {CASE} only if '
        "they agreed to it.")


def test_a_lower_case_shown_as_is_still_a_name(make_site, tmp_path):
    people = SAM.format(covers="story").replace("shown_as: Sam", "shown_as: sam")
    text = case_study(people=people, body="Then sam joined.\n")
    root = site(make_site, tmp_path, text)
    assert [(c, line, col) for c, line, col, *_ in consent_findings(root)] == [
        ("CP202", line_of(text, "Then sam"), 6)]
