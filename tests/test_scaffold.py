"""`coprod new`: a file that starts as a draft, with front matter that passes the checks."""

from datetime import date

import pytest

from conftest import make_site, run
from coprod_site.commands.common import UsageError
from coprod_site.config import load_config
from coprod_site.scaffold import new_file

TODAY = date(2026, 4, 1)


def test_new_guide_has_front_matter_for_its_kind(tmp_path):
    config = load_config(make_site(tmp_path, {}))
    path = new_file(config, "guide", "  How to pay   people: a guide ", TODAY)
    assert path == config.root / "content/guides/how-to-pay-people-a-guide.md"
    assert path.read_text(encoding="utf-8") == (
        '---\n'
        'title: "How to pay people: a guide"\n'
        'summary: "Say in one or two short sentences who this is for and what it helps them do."\n'
        'topics: [power-sharing]\n'
        'published: 2026-04-01\n'
        'status: draft\n'
        '---\n'
        '\n'
        'Write the first paragraph here. Keep sentences short.\n')


def test_new_page_has_no_topics_or_date(tmp_path):
    config = load_config(make_site(tmp_path, {}))
    text = new_file(config, "page", "About us", TODAY).read_text(encoding="utf-8")
    assert "topics:" not in text and "published:" not in text
    assert text.startswith('---\ntitle: "About us"\n')


def test_titles_with_quotes_and_accents_stay_valid_yaml(tmp_path):
    root = make_site(tmp_path, {})
    config = load_config(root)
    new_file(config, "toolkit", 'Café "check-in" cards: #1', TODAY)
    code, out, _ = run(root, "check", "--today", "2026-04-01")
    assert (code, out) == (0, "No problems found in 1 file checked.\n")
    assert 'title: "Caf\u00e9 \\"check-in\\" cards: #1"' in \
        (root / "content/toolkits/cafe-check-in-cards-1.md").read_text(encoding="utf-8")


def test_first_topic_comes_from_the_site_list(tmp_path):
    config = load_config(make_site(tmp_path, {}, topics={"involvement": {"label": "In"}}))
    assert "topics: [involvement]" in new_file(config, "case-study", "Rugby", TODAY).read_text()


@pytest.mark.parametrize("title, message", [
    ("!!!", "the title needs at least one letter or number"),
    ("", "the title needs at least one letter or number"),
    ("x" * 91, "the title has 91 characters; the most allowed is 90"),
])
def test_titles_that_cannot_work(tmp_path, title, message):
    config = load_config(make_site(tmp_path, {}))
    with pytest.raises(UsageError) as raised:
        new_file(config, "guide", title, TODAY)
    assert str(raised.value) == message
    assert not (config.content_dir / "guides").exists()


def test_never_overwrites(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": "my work\n"})
    config = load_config(root)
    with pytest.raises(UsageError) as raised:
        new_file(config, "guide", "Paying", TODAY)
    assert str(raised.value) == ("content/guides/paying.md already exists; choose another title "
                                 "or edit that file")
    assert (root / "content/guides/paying.md").read_text() == "my work\n"


# -- file names that name nobody (CP209) and addresses the hub makes itself -----------------

PRIYA = ("---\ntitle: A walk\nsummary: How a walking group began.\ntopics: [involvement]\n"
         "published: 2026-03-14\npeople:\n  - ref: priya\n    shown_as: Priya Shah\n"
         "    aliases: [Pree]\n    consent:\n      record: CF-1\n      given: 2026-01-10\n"
         "      covers: [story, name]\n---\n\nPriya Shah walks.\n")
WHY = "its address is copied into feeds, sitemaps and search engines, and outlives consent."


def left_out(words):
    return f"The file name leaves out {words}: {WHY} Rename the file if it still names anyone.\n"


def maybe(words):
    return (f"If {words} is someone's name, rename the file to one that names nobody, such as "
            f"case-study-2026-04-01.md: {WHY} (coprod new --slug chooses the file name.)\n")


def new_names_nobody(tmp_path, case_study, kind, title, path, err):
    """`coprod new` beside `case_study` makes `path`, says `err`, and CP209 finds no name."""
    root = make_site(tmp_path, {"content/case-studies/walk.md": case_study})
    code, out, error = run(root, "new", kind, title, "--today", "2026-04-01")
    assert (code, out, error) == (0, f"content/{path}\n", err)
    _, out, _ = run(root, "check", "--today", "2026-04-01", "--format", "json")
    assert '"CP209"' not in out


@pytest.mark.parametrize("kind, title, path, err", [
    ("case-study", "Priya", "case-studies/case-study-2026-04-01.md", left_out('"priya"')),
    ("case-study", "Priya's walking group", "case-studies/walking-group.md",
     left_out("\"Priya's\"")),
    ("case-study", "PRIYA’S WALKING GROUP", "case-studies/walking-group.md",
     left_out("\"PRIYA’S\"")),
    ("case-study", "Priyas walking group", "case-studies/walking-group.md", left_out('"priyas"')),
    ("case-study", "How the Shah family walks", "case-studies/how-the-family-walks.md",
     left_out('"Shah"')),
    ("case-study", "Dana and Pree walk together", "case-studies/dana-and-walk-together.md",
     left_out('"Pree"') + maybe('"Dana"')),
    ("case-study", "Dana", "case-studies/dana.md", maybe('"Dana"')),
    ("case-study", "Walking Together In The Park", "case-studies/walking-together-in-the-park.md",
     ""),
    ("case-study", "Dana Okafor Walks Again", "case-studies/dana-okafor-walks-again.md",
     maybe('"Dana"')),
    ("case-study", "A walking group in the park", "case-studies/a-walking-group-in-the-park.md",
     ""),
    ("guide", "Walking with Priya Shah", "guides/walking.md", left_out('"priya" and "shah"')),
    ("guide", "Dana's tips", "guides/danas-tips.md", ""),
])
def test_new_leaves_declared_names_and_names_it_can_see_out_of_the_file_name(
        tmp_path, kind, title, path, err):
    new_names_nobody(tmp_path, PRIYA, kind, title, path, err)


OBRIEN = PRIYA.replace("Priya Shah", "Siobhán O’Brien").replace("[Pree]", "[Shiv]")


@pytest.mark.parametrize("kind, title, path, err", [
    ("guide", "O'Brien's walking tips", "guides/walking-tips.md", left_out('"obriens"')),
    ("guide", "Walking with Siobhán O’Brien", "guides/walking.md",
     left_out('"siobhan" and "obrien"')),
    ("case-study", "O'Brien's walking tips", "case-studies/walking-tips.md",
     left_out("\"O'Brien's\"")),
    ("guide", "D'Arcy's walking tips", "guides/darcys-walking-tips.md", ""),
])
def test_new_keeps_a_word_joined_by_an_apostrophe_whole(tmp_path, kind, title, path, err):
    """No stray "o" or "s" left in the file name when a name such as O’Brien is left out."""
    new_names_nobody(tmp_path, OBRIEN, kind, title, path, err)


def test_a_slug_given_with_a_name_split_at_its_apostrophe(tmp_path):
    root = make_site(tmp_path, {"content/case-studies/walk.md": OBRIEN})
    code, out, err = run(root, "new", "guide", "Walks", "--slug", "o-brien-walks")
    assert (code, out, err) == (2, "", (
        "coprod: the slug 'o-brien-walks' holds \"o-brien\", part of the name Siobhán O’Brien "
        f"(content/case-studies/walk.md): {WHY[:-1]}. Choose a slug that names nobody\n"))


def test_slug_chooses_the_file_name_but_not_one_that_names_someone(tmp_path):
    root = make_site(tmp_path, {"content/case-studies/walk.md": PRIYA})
    code, out, err = run(root, "new", "case-study", "Priya", "--slug", "morning-walks",
                         "--today", "2026-04-01")
    assert (code, out, err) == (0, "content/case-studies/morning-walks.md\n", "")
    assert 'title: "Priya"' in (root / "content/case-studies/morning-walks.md").read_text()
    code, out, err = run(root, "new", "guide", "Walks", "--slug", "shah-walks")
    assert (code, out, err) == (2, "", (
        "coprod: the slug 'shah-walks' holds \"shah\", part of the name Priya Shah "
        f"(content/case-studies/walk.md): {WHY[:-1]}. Choose a slug that names nobody\n"))
    code, out, err = run(root, "new", "guide", "Walks", "--slug", "Walks_2")
    assert (code, out, err) == (2, "", (
        "coprod: the slug 'Walks_2' can have only lowercase letters a-z, numbers and hyphens, "
        "such as walking-group\n"))
    assert not (root / "content/guides").exists()


@pytest.mark.parametrize("title", ["Search", "Topics", "Glossary", "Admin", "404", "Guides",
                                   "Media", "Audiences"])
def test_a_page_cannot_take_an_address_the_hub_makes_itself(tmp_path, title):
    root = make_site(tmp_path, {})
    slug = title.lower()
    code, out, err = run(root, "new", "page", title)
    assert (code, out, err) == (2, "", (
        f"coprod: /{slug}/ is the address of a page the hub makes itself, so a page cannot "
        f"have it; choose another title, or give the page another address with --slug, such "
        f"as about-{slug}\n"))
    code, out, err = run(root, "new", "page", "Find things", "--slug", slug)
    assert (code, out, err) == (2, "", (
        f"coprod: /{slug}/ is the address of a page the hub makes itself, so a page cannot "
        f"have it; choose another slug, such as about-{slug}\n"))
    assert not (root / "content/pages").exists()
    code, out, err = run(root, "new", "page", title, "--slug", f"about-{slug}")
    assert (code, out) == (0, f"content/pages/about-{slug}.md\n")
    code, out, err = run(root, "new", "guide", title)             # /guides/search/ is free
    assert (code, out) == (0, f"content/guides/{slug}.md\n")
