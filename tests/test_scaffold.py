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
