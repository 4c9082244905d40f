"""The front-matter contract: CP102 (required), CP103 (unknown key), CP104 (bad value),
CP105 (unknown term), each at the line and column a contributor has to fix."""

from datetime import date

import pytest

from conftest import load, make_site, page

GOOD = """---
title: How to pay people for their time
summary: What to pay, how to pay, and how to keep it fair.
topics: [payment]
published: 2026-03-14
"""


def problems(tmp_path, text, rel="content/guides/paying.md", **site):
    """Every diagnostic for one file as (line, column, code, message, suggestion)."""
    root = make_site(tmp_path, {rel: text}, **site)
    _, found = load(root)
    assert all(d.file == rel for d in found), found
    return sorted((d.line, d.column, d.code, d.message, d.suggestion) for d in found)


def test_a_valid_guide_has_no_problems_and_typed_values(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": GOOD + """\
updated: 2026-04-02
audiences: [staff]
lang: cy
co_producers:
  - name: Trainers Group
    role: wrote it
sources:
  - title: NIHR guidance
    url: https://example.org/nihr
---

Body.
"""})
    site, found = load(root)
    assert found == []
    [r] = site.resources
    assert (r.slug, r.url, r.kind.value) == ("paying", "/guides/paying/", "guide")
    assert (r.published, r.updated, r.status, r.lang) == (date(2026, 3, 14), date(2026, 4, 2),
                                                          "published", "cy")
    assert r.topics == ("payment",) and r.audiences == ("staff",)
    assert r.co_producers[0].name == "Trainers Group"
    assert r.sources[0].url == "https://example.org/nihr"
    assert r.line_of("audiences") == 7 and r.body_line == 16


def test_missing_required_keys(tmp_path):
    assert problems(tmp_path, "---\ntitle: A guide\n---\n\nBody.\n") == [
        (1, 1, "CP102", "The required key 'published' is missing.",
         "Add a line like: published: 2026-03-14"),
        (1, 1, "CP102", "The required key 'summary' is missing.",
         "Add a line like: summary: What to pay, how to pay, and how to keep it fair."),
        (1, 1, "CP102", "The required key 'topics' is missing.",
         "Add a line like: topics: [power-sharing]"),
    ]


def test_empty_required_key_points_at_its_line(tmp_path):
    text = GOOD.replace("title: How to pay people for their time", "title:") + "---\n"
    assert problems(tmp_path, text) == [
        (2, 1, "CP102", "The required key 'title' is empty.",
         "Add a line like: title: How to pay people for their time")]


def test_pages_need_only_title_and_summary(tmp_path):
    text = "---\ntitle: About us\nsummary: Who we are.\n---\n\nBody.\n"
    assert problems(tmp_path, text, rel="content/pages/about.md") == []


def test_unknown_key_names_the_closest_known_key(tmp_path):
    assert problems(tmp_path, GOOD + "sumary: typo\n---\n") == [
        (6, 1, "CP103", "'sumary' is not a key the hub knows. Did you mean 'summary'?",
         "Rename it to 'summary'.")]


def test_unknown_key_with_nothing_close(tmp_path):
    assert problems(tmp_path, GOOD + "zzqx: 1\n---\n") == [
        (6, 1, "CP103", "'zzqx' is not a key the hub knows.",
         "Check the spelling, or delete the line if the hub does not need it. The keys it "
         "knows are: title, summary, topics, audiences, published, updated, reviewed, status, "
         "lang, co_producers, content_warnings, easy_read, related, sources, people, media, "
         "checks, kind, slug.")]


def test_unknown_nested_key_points_at_it(tmp_path):
    text = GOOD + "co_producers:\n  - name: Sam\n    rol: trainer\n---\n"
    found = problems(tmp_path, text)
    assert (8, 5, "CP103", "'rol' is not a key the hub knows. Did you mean 'role'?",
            "Rename it to 'role'.") in found


@pytest.mark.parametrize("value, suggestion", [
    ("2026-13-45", "There is no month 13: the month comes second and goes from 01 to 12. "
                   "Write it as year-month-day, like 2026-03-14."),
    ("2026-02-30", "February 2026 has 28 days, so there is no day 30. Write it as "
                   "year-month-day, like 2026-03-14."),
    ("14/03/2026", "Write it year first: 2026-03-14, if that is the day you meant."),
    ("March 2026", "Write it as year-month-day, like 2026-03-14."),
])
def test_bad_dates(tmp_path, value, suggestion):
    text = GOOD.replace("published: 2026-03-14", f"published: {value}") + "---\n"
    assert problems(tmp_path, text) == [
        (5, 12, "CP104", f"'published' must be a real date written as YYYY-MM-DD, like "
         f"2026-03-14. '{value}' is not.", suggestion)]


def test_updated_before_published(tmp_path):
    assert problems(tmp_path, GOOD + "updated: 2026-01-02\n---\n") == [
        (6, 10, "CP104", "'updated' (2026-01-02) is before 'published' (2026-03-14).",
         "Check both dates: 'updated' is the day of the last real change, on or after the day "
         "the page was first published.")]


def test_unknown_topic_names_the_closest(tmp_path):
    text = GOOD.replace("topics: [payment]", "topics:\n  - involvement\n  - payments") + "---\n"
    assert problems(tmp_path, text) == [
        (6, 5, "CP105", "'payments' is not in the topics list (content/_data/topics.yml). "
         "Did you mean 'payment'?",
         "Use 'payment', or add 'payments' to content/_data/topics.yml.")]


def test_unknown_audience_with_nothing_close(tmp_path):
    assert problems(tmp_path, GOOD + "audiences: [zebras]\n---\n") == [
        (6, 13, "CP105", "'zebras' is not in the audiences list "
         "(content/_data/audiences.yml).",
         "Use one of: people-with-lived-experience, staff; or add 'zebras' to "
         "content/_data/audiences.yml.")]


def test_kind_must_agree_with_the_folder(tmp_path):
    assert problems(tmp_path, GOOD + "kind: toolkit\n---\n") == [
        (6, 7, "CP104", "'kind' says 'toolkit', but the file is in the guides/ folder, "
         "which holds guide files.", "Move the file to the right folder, or remove the kind line.")]


def test_kind_that_agrees_is_fine(tmp_path):
    assert problems(tmp_path, GOOD + "kind: guide\n---\n") == []


@pytest.mark.parametrize("slug, hint", [("../../etc/passwd", "Try 'etc-passwd'."),
                                        ("..", "Write it like: slug: paying-people"), ("Paying People", "Try 'paying-people'.")])
def test_bad_slug_in_front_matter(tmp_path, slug, hint):
    assert problems(tmp_path, GOOD + f'slug: "{slug}"\n---\n') == [
        (6, 7, "CP104", f"The slug '{slug}' can only use lowercase letters a to z, numbers and "
         "single hyphens (-).", hint)]


def test_bad_file_name(tmp_path):
    assert problems(tmp_path, page(), rel="content/guides/Paying People.md") == [
        (1, 1, "CP104", "The file name 'Paying People.md' can only use lowercase letters a to "
         "z, numbers and single hyphens (-), because it becomes the page's address.",
         "Rename the file to paying-people.md.")]


def test_dots_as_a_file_name(tmp_path):
    assert problems(tmp_path, page(), rel="content/guides/...md") == [
        (1, 1, "CP104", "The file name '...md' can only use lowercase letters a to z, numbers "
         "and single hyphens (-), because it becomes the page's address.",
         "Rename the file to lowercase words joined by hyphens, like paying-people.md.")]


def test_title_and_summary_too_long(tmp_path):
    text = page(title="T" * 91, summary="word " * 60)
    assert problems(tmp_path, text) == [
        (2, 8, "CP104", "'title' has 91 characters; the most allowed is 90.",
         "Make it shorter; the page itself can say more."),
        (3, 10, "CP104", "'summary' has 299 characters; the most allowed is 280.",
         "Make it shorter; the page itself can say more."),
    ]


def test_wrong_types(tmp_path):
    text = GOOD.replace("title: How to pay people for their time", "title: [a, b]") + (
        "status: publish\nlang: English (UK)\ncontent_warnings: {a: 1}\n"
        "sources:\n  - title: A\n    url: example.org\n---\n")
    assert problems(tmp_path, text) == [
        (2, 8, "CP104", "'title' must be text, but a list is written here.",
         "Write it like: title: How to pay people for their time"),
        (6, 9, "CP104", "'status' must be one of draft, review, published or withdrawn, "
         "not 'publish'.", "Did you mean 'published'?"),
        (7, 7, "CP104", "'lang' must be a language tag such as en-GB or cy, not 'English (UK)'.",
         "Write the language code, like lang: cy for Welsh, or delete the line if the page is "
         "in the site's language."),
        (8, 19, "CP104", "'content_warnings' must be a list of content warnings, but a set of "
         "keys is written here.", "Write it like: content_warnings: [\"mentions self-harm\"]"),
        (11, 10, "CP104", "The web address of the first source must be a full web address "
         "starting with https://, not 'example.org'.",
         "Copy the address from the browser's address bar, like: url: https://example.org/nihr"),
    ]


def test_checks_ignore_needs_a_reason_and_cannot_turn_off_consent(tmp_path):
    text = GOOD + "checks:\n  ignore: [CP302, CP202]\n---\n"
    assert problems(tmp_path, text) == [
        (6, 1, "CP102", "Turning checks off needs a reason, so others know why.",
         "Add reason: \"...\" inside checks."),
        (7, 19, "CP104", "CP202 cannot be turned off for a page: consent and content rules "
         "always apply.", "Remove CP202 from ignore, and fix what it reports instead."),
    ]


def test_relative_paths_resolve_from_the_file(tmp_path):
    text = GOOD + "easy_read: ../guides/paying-easy.md\nrelated: [../toolkits/check-in.md]\n---\n"
    root = make_site(tmp_path, {"content/guides/paying.md": text})
    site, _ = load(root)
    assert site.resources[0].easy_read == "content/guides/paying-easy.md"
    assert site.resources[0].related == ("content/toolkits/check-in.md",)


# -- messages a contributor can act on --------------------------------------------------------

PERSON = """people:
  - ref: sam
    shown_as: Sam
    consent:
      record: CF-1
      given: {given}
      covers: [story]
"""


def test_a_person_key_is_named_as_a_person_would_say_it(tmp_path):
    text = GOOD + PERSON.format(given="2026-13-45") + "---\n"
    assert problems(tmp_path, text, rel="content/case-studies/sam.md") == [
        (11, 14, "CP104", "The consent date of the first person, Sam, must be a real date "
         "written as YYYY-MM-DD, like 2026-03-14. '2026-13-45' is not.",
         "There is no month 13: the month comes second and goes from 01 to 12. Write it as "
         "year-month-day, like 2026-03-14.")]


def test_a_missing_person_key_is_named_too(tmp_path):
    text = GOOD + PERSON.format(given="").replace("      given: \n", "") + "---\n"
    found = problems(tmp_path, text, rel="content/case-studies/sam.md")
    assert [f[3] for f in found if f[2] == "CP102"] == [
        "The consent date of the first person, Sam, is missing."]


def test_an_unknown_topic_suggests_only_a_close_match(tmp_path):
    text = GOOD.replace("topics: [payment]", "topics: [walking]") + "---\n"
    assert problems(tmp_path, text) == [
        (4, 10, "CP105", "'walking' is not in the topics list (content/_data/topics.yml).",
         "Use one of: involvement, payment, power-sharing; or add 'walking' to "
         "content/_data/topics.yml.")]


def test_a_missing_key_inside_an_entry_says_what_to_fill_in(tmp_path):
    """Not the example of the top-level key of the same name ("title: How to pay ...")."""
    text = GOOD + PERSON.format(given="2026-02-10").replace("      record: CF-1\n", "") + \
        "sources:\n  - url: https://example.org\n---\n"
    found = problems(tmp_path, text, rel="content/case-studies/sam.md")
    assert [(f[3], f[4]) for f in found if f[2] == "CP102"] == [
        ("The consent record of the first person, Sam, is missing.",
         "Give the consent record of the first person, Sam, a value."),
        ("The title of the first source is missing.", "Give the title of the first source a value.")]


# -- a value of the wrong type, anywhere: the field, what was found, what to write ----------

def test_an_empty_person_is_named_at_its_line_and_the_others_are_still_read(tmp_path):
    text = GOOD + "people: [null, {ref: sam, shown_as: Sam}]\n---\n"
    root = make_site(tmp_path, {"content/case-studies/x.md": text})
    site, found = load(root)
    assert [(d.line, d.column, d.code, d.message, d.suggestion) for d in found] == [
        (6, 10, "CP104", "The first person must be a set of keys such as ref, shown_as and "
         "consent, but nothing is written here.",
         "Delete the empty '-' line, or fill it in like:\n- ref: coach\n  shown_as: Coach A.")]
    assert [p.ref for p in site.resources[0].people] == ["sam"]


def test_wrong_types_inside_a_person(tmp_path):
    text = GOOD + ("people:\n  -\n  - ref: sam\n    shown_as: [Sam, Sammy]\n"
                   "    anonymous: 'no'\n    consent: [CF-1]\n---\n")
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (7, 4, "CP104", "The first person must be a set of keys such as ref, shown_as and "
         "consent, but nothing is written here.",
         "Delete the empty '-' line, or fill it in like:\n- ref: coach\n  shown_as: Coach A."),
        (9, 15, "CP104", "The name shown of the second person must be text, but a list is "
         "written here.", "Write it like: shown_as: Coach A."),
        (10, 16, "CP104", "The anonymous setting of the second person must be true or false, "
         "but text is written here.", "Write it like: anonymous: false"),
        (11, 14, "CP104", "The consent of the second person must be a set of keys such as "
         "record, given and covers, but a list is written here.",
         "Write it like:\nconsent:\n  record: CF-2026-014\n  given: 2026-02-10\n"
         "  covers: [story, name]"),
    ]


def test_yes_or_no_read_as_a_setting_and_a_date_written_as_a_list(tmp_path):
    text = GOOD + ("people:\n  - ref: sam\n    shown_as: no\n    consent:\n      record: CF-1\n"
                   "      given: [2026-01-01]\n      covers: story\n---\n")
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (8, 15, "CP104", "The name shown of the first person, sam, must be text, but a "
         "yes-or-no value (false) is written here.",
         "Put the words in double quotes: without them, YAML reads yes, no, on, off, true "
         "and false as a setting. Like: shown_as: \"Coach A.\""),
        (11, 14, "CP104", "The consent date of the first person, sam, must be a date written "
         "as YYYY-MM-DD, but a list is written here.", "Write it like: given: 2026-02-10"),
    ]


def test_wrong_types_in_media_credits_and_sources(tmp_path):
    text = GOOD + ("co_producers: [Trainers Group]\nsources:\n  - title: {a: 1}\n"
                   "    url: https://example.org\nmedia:\n  - null\n  - file: [media/a.jpg]\n"
                   "    alt: A dog on the grass\n    shows: {sam: yes}\n---\n")
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (6, 16, "CP104", "The first co-producer must be a set of keys such as name and role, "
         "but text is written here.", "Write it like:\n- name: Trainers Group\n  role: wrote it"),
        (8, 12, "CP104", "The title of the first source must be text, but a set of keys is "
         "written here.", "Write it like: title: NIHR guidance"),
        (11, 5, "CP104", "The first media file must be a set of keys such as file and shows, "
         "but nothing is written here.", "Delete the empty '-' line, or fill it in like:\n"
         "- file: media/coaching.jpg\n  alt: A coach leading a mixed ability rugby session\n"
         "  caption: Training night in Bradford\n  shows: [coach]"),
        (12, 11, "CP104", "The file of the second media file must be the path of a file in "
         "content/media, but a list is written here.",
         "Write it like: file: media/coaching.jpg"),
        (14, 12, "CP104", "The list of who it shows of the second media file must be a list of "
         "short names, but a set of keys is written here.", "Write it like: shows: [coach]"),
    ]


def test_a_list_where_entries_belong_and_a_bad_item_in_a_list(tmp_path):
    text = GOOD.replace("topics: [payment]", "topics: [payment, [involvement]]") + (
        "people: Sam\neasy_read: [a.md]\n---\n")
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (4, 19, "CP104", "'topics' must be a list of topics, but a list is written as its "
         "second item.", "Write it like: topics: [power-sharing]"),
        (6, 9, "CP104", "'people' must be a list of people, each starting with '- ' on its own "
         "line, but text is written here.",
         "Write it like:\npeople:\n  - ref: coach\n    shown_as: Coach A."),
        (7, 12, "CP104", "'easy_read' must be the path of another content file, but a list is "
         "written here.", "Write it like: easy_read: ../guides/paying-people-easy-read.md"),
    ]


def test_one_related_path_written_without_a_list_is_read_as_a_list_of_one(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": GOOD + "related: ../toolkits/a.md\n"
                                "---\n", "content/toolkits/a.md": page()})
    site, found = load(root)
    assert found == []
    assert site.resources[0].related == ("content/toolkits/a.md",)


def test_a_related_path_that_is_not_a_content_file(tmp_path):
    assert problems(tmp_path, GOOD + "related: [notes.txt]\n---\n") == [
        (6, 11, "CP104", "The first related page must be the path of another content file, "
         "ending in .md, not 'notes.txt'.", "Write the path from this file to the other one, "
         "as you would link to it, like: related: [../toolkits/check-in.md]")]


@pytest.mark.parametrize("extra, expected", [
    ("status: finished\n", (6, 9, "CP104", "'status' must be one of draft, review, published "
                            "or withdrawn, not 'finished'.", "Write one of those words, or "
                            "delete the line to publish the page.")),
    ("checks: {ignore: [XX1], reason: quoted law}\n",
     (6, 19, "CP104", "'XX1' is not a rule code.",
      "Copy the code from the message you want to turn off, like CP302.")),
    ("checks: [CP302]\n", (6, 9, "CP104", "'checks' must be a set of keys such as ignore and "
                           "reason, but a list is written here.", "Write it like: checks: "
                           "{ignore: [CP302], reason: \"quotes the law word for word\"}")),
])
def test_every_bad_value_says_what_to_do(tmp_path, extra, expected):
    assert problems(tmp_path, GOOD + extra + "---\n") == [expected]


def test_an_unknown_consent_scope_with_nothing_close_says_what_to_do(tmp_path):
    text = GOOD + ("people:\n  - ref: sam\n    shown_as: Sam\n    consent: {record: CF-1, "
                   "given: 2026-01-01, covers: [story, everything]}\n---\n")
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (9, 64, "CP104", "'everything' is not a kind of consent. Use any of: story, name, "
         "quote, photo, video, audio.", "Write each thing the signed form agrees to with one "
         "of those words, or delete this one.")]


def test_a_language_tag_written_with_an_underscore(tmp_path):
    assert problems(tmp_path, GOOD + "lang: en_GB\n---\n") == [
        (6, 7, "CP104", "'lang' must be a language tag such as en-GB or cy, not 'en_GB'.",
         "Use a hyphen, not an underscore: lang: en-GB")]


# -- one person per ref -------------------------------------------------------------------

def test_a_ref_used_twice_in_one_file_is_cp104_at_the_second(tmp_path):
    """`shows: [priya]` would mean both, and the hub would know only the first of them."""
    people = "".join(PERSON.replace("people:\n", "").replace("ref: sam", f"ref: {ref}")
                     .replace("shown_as: Sam", f"shown_as: {name}").format(given="2026-02-10")
                     + extra for ref, name, extra in [
                         ("priya", "Priya Shah", ""), ("priya", "Priya Patel", ""),
                         ("priya", "a volunteer", "    anonymous: true\n"), ("sam", "Sam", "")])
    text = GOOD + "people:\n" + people + "---\n"
    assert problems(tmp_path, text, rel="content/case-studies/x.md") == [
        (13, 10, "CP104", "The ref 'priya' is already used by Priya Shah (line 7). Each person "
         "needs a ref of their own, or 'shows: [priya]' would mean both of them.",
         "Give Priya Patel a ref of their own, such as 'priya-patel', and use that ref in "
         "shows: for each picture of them."),
        (19, 10, "CP104", "The ref 'priya' is already used by Priya Shah (line 7). Each person "
         "needs a ref of their own, or 'shows: [priya]' would mean both of them.",
         "Give this person a ref of their own, such as 'priya-2', and use that ref in "
         "shows: for each picture of them.")]


def test_two_people_with_no_ref_are_each_missing_one_not_a_repeat(tmp_path):
    text = GOOD + "people:\n  - shown_as: Sam\n  - shown_as: Jo\n---\n"
    found = problems(tmp_path, text, rel="content/case-studies/x.md")
    assert [(f[0], f[2], f[3]) for f in found if "ref" in f[3]] == [
        (1, "CP102", "The ref of the first person, Sam, is missing."),
        (1, "CP102", "The ref of the second person, Jo, is missing.")]
