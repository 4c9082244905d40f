"""Limits that keep one bad file, careless or hostile, from taking the build down: each is
refused quickly with a clear message, and the other pages are still checked."""

import os

from conftest import make_site, page, run

TODAY = "2026-04-01"


def check(root):
    code, out, err = run(root, "check", "--today", TODAY)
    assert "Traceback" not in out + err
    return code, out


def test_a_markdown_file_over_the_size_limit_is_not_read(tmp_path):
    huge = page(body="Ask people what they need.\n\n" * 40_000)      # about 1.1 MB
    root = make_site(tmp_path, {"content/guides/huge.md": huge, "content/guides/ok.md": page()})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/huge.md:1:1: error CP100 unreadable: This file is 1.1 MB; the most "
            "the hub reads is 1.0 MB.\n    What to do: Split it into several pages, or check "
            "that nothing was pasted in by mistake.") in out
    assert "1 error and 0 warnings in 2 files checked." in out    # ok.md was still checked


def test_front_matter_over_the_size_limit_is_not_read(tmp_path):
    text = "---\ntitle: Big\nsummary: Big.\nnotes: |\n" + "  a line of notes\n" * 5000 + "---\n"
    root = make_site(tmp_path, {"content/guides/big.md": text})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/big.md:2:1: error CP101 yaml: The front matter is larger than "
            "64 KB, so it was not read.\n    What to do: Front matter holds short details only; "
            "move long text into the body.") in out


BILLION_LAUGHS = """---
title: Laughs
summary: A small file that would grow to gigabytes.
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
Body.
"""


def test_a_yaml_alias_bomb_is_refused_with_a_clear_message(tmp_path):
    root = make_site(tmp_path, {"content/guides/laughs.md": BILLION_LAUGHS})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/laughs.md:4:4: error CP101 yaml: The front matter uses a YAML "
            "anchor (&name), which is not allowed.\n    What to do: Write the value out in "
            "full where it is needed.") in out


def test_front_matter_nested_too_deeply_is_refused(tmp_path):
    text = "---\ntitle: Deep\nsummary: Deep.\ntopics: " + "[" * 20_000 + "\n---\nBody.\n"
    root = make_site(tmp_path, {"content/guides/deep.md": text})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/deep.md:2:1: error CP101 yaml: The front matter has lists or "
            "groups nested so deeply that it cannot be read.") in out


def test_a_raw_control_character_in_front_matter_is_pointed_at(tmp_path):
    text = page().replace("title: How to pay", "title: How\x00 to pay")
    root = make_site(tmp_path, {"content/guides/nul.md": text})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/nul.md:2:11: error CP101 yaml: The front matter has a hidden "
            "control character (U+0000) here, which YAML does not allow.\n    What to do: "
            "Delete it. It usually comes from copying text out of another program.") in out


def test_a_body_that_would_take_minutes_to_parse_is_refused(tmp_path, monkeypatch):
    import coprod_site.render.markdown as markdown_module
    monkeypatch.setattr(markdown_module, "PARSE_SECONDS", (2, 0))
    root = make_site(tmp_path, {"content/guides/brackets.md": page(body="[" * 100_000 + "\n"),
                                "content/guides/ok.md": page()})
    code, out = check(root)
    assert code == 1
    assert ("content/guides/brackets.md:8:1: error CP100 unreadable: This page would take too "
            "long to read: the hub gave up after 2 seconds. This usually means many [ brackets "
            "or < signs that are never closed.\n    What to do: Close each [ with ] and each "
            "<tag with >, or write \\[ and \\< for the signs themselves. If the text was pasted "
            "in from somewhere else, check it.") in out
    assert "1 error and 0 warnings in 2 files checked." in out


def test_a_list_nested_hundreds_of_levels_deep_is_refused_and_the_rest_checked(tmp_path):
    deep = page(body="".join("    " * level + "- item\n" for level in range(250)))  # 126 KB
    root = make_site(tmp_path, {"content/guides/deep.md": deep,
                                "content/guides/ok.md": page(titel="x")})
    expected = (
        "content/guides/deep.md:8:1: error CP100 unreadable: This page is nested too deeply to "
        "read: it has lists or quotes inside one another hundreds of levels deep.\n"
        "    What to do: Keep lists and quotes to a few levels. If the text was pasted in from "
        "somewhere else, check it.")
    code, out = check(root)
    assert code == 1
    assert expected in out
    assert "content/guides/ok.md:7:1: error CP103 unknown-key" in out   # still checked
    assert "2 errors and 0 warnings in 2 files checked." in out
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 1 and expected in out and "Traceback" not in out + err
    assert not (root / "public").exists()


def test_a_few_unclosed_brackets_in_ordinary_text_are_fine(tmp_path):
    body = "## What to do\n\nAsk people [what they need. Pay them (on the day. Say <thank you.\n"
    root = make_site(tmp_path, {"content/guides/ok.md": page(body=body)})
    code, out = check(root)
    assert "CP100" not in out and "CP107" not in out


def test_a_content_file_that_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "private.md"
    outside.write_text(page(title="Private notes"))
    root = make_site(tmp_path / "site", {"content/guides/ok.md": page()})
    os.symlink(outside, root / "content/guides/notes.md")
    code, out = check(root)
    assert code == 1
    assert ("content/guides/notes.md:1:1: error CP107 unsafe-content: This file is a link to "
            "another file. Content files must be real files inside content/.\n    What to do: "
            "Replace the link with a copy of the file.") in out
