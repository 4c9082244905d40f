"""CP109 (checks/placeholders.py): what `coprod new` wrote, left in a page that is published."""

from conftest import make_site, run
from findings import findings


def new_guide(tmp_path):
    root = make_site(tmp_path, {})
    code, out, err = run(root, "new", "guide", "Paying people")
    assert code == 0, err
    return root, root / "content/guides/paying-people.md"


def test_a_draft_may_keep_its_placeholders(tmp_path):
    root, _ = new_guide(tmp_path)
    assert findings(root, codes=("CP109",)) == []


def test_placeholders_left_when_the_draft_line_goes(tmp_path):
    root, path = new_guide(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", ""),
                    encoding="utf-8")
    code, out, _ = run(root, "check", "--today", "2026-11-23")
    assert code == 1
    assert out == (
        "content/guides/paying-people.md:3:1: error CP109 placeholder: The summary is still the "
        'example that coprod new wrote: "Say in one or two short sentences who this is for and '
        'what it helps them do."\n'
        "    What to do: Replace it with your own words, or put status: draft back until the page "
        "is ready.\n"
        'content/guides/paying-people.md:8:1: error CP109 placeholder: "Write the first '
        'paragraph here." is still here from coprod new, so the page has no real first '
        "paragraph yet.\n"
        "    What to do: Replace it with your own words, or put status: draft back until the page "
        "is ready.\n"
        "\n"
        "2 errors and 0 warnings in 1 file checked.\n")


def test_own_words_are_fine(tmp_path):
    root, path = new_guide(tmp_path)
    text = path.read_text(encoding="utf-8").replace("status: draft\n", "")
    text = text.replace("Say in one or two short sentences who this is for and what it helps "
                        "them do.", "How to pay people for their time.")
    text = text.replace("Write the first paragraph here.", "Pay people on the day.")
    path.write_text(text, encoding="utf-8")
    assert findings(root, codes=("CP109",)) == []
