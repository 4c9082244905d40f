"""Reading a file and its front matter: CP100 (unreadable) and CP101 (yaml)."""

import pytest

from coprod_site.content.frontmatter import decode, split

REL = "content/guides/x.md"


def read(raw: bytes):
    """decode + split as the loader does; returns (front matter, diagnostic)."""
    text, problem = decode(raw, REL)
    if problem:
        return None, problem
    return split(text, REL, 64 * 1024)


def where(d):
    return (d.file, d.line, d.column, d.code, d.name, d.message, d.suggestion)


def test_utf8_front_matter_is_read_with_key_positions():
    fm, problem = read(b"---\ntitle: Paying people\ntopics:\n  - payment\n---\n\nBody text\n")
    assert problem is None
    assert fm.data == {"title": "Paying people", "topics": ["payment"]}
    assert fm.position("title") == (2, 1)
    assert fm.position("title:value") == (2, 8)
    assert fm.position("topics.0") == (4, 5)
    assert fm.body == "\nBody text\n"
    assert fm.body_line == 6


def test_bom_and_windows_line_endings_are_accepted():
    fm, problem = read("\ufeff---\r\ntitle: Café\r\nsummary: Short\r\n---\r\nBody\r\n".encode())
    assert problem is None
    assert fm.data == {"title": "Café", "summary": "Short"}
    assert fm.position("summary") == (3, 1)
    assert fm.body == "Body\n"
    assert fm.body_line == 5


def test_old_mac_line_endings_are_accepted():
    fm, problem = read(b"---\rtitle: A\r---\rBody\r")
    assert problem is None
    assert fm.data == {"title": "A"}


def test_non_utf8_file_names_the_first_bad_byte():
    raw = "---\ntitle: ok\n---\n\nna\xefve words\n".encode("latin-1")
    _, problem = read(raw)
    assert where(problem) == (
        REL, 5, 3, "CP100", "unreadable",
        "This file is not saved as UTF-8 text, so it cannot be read.",
        "Open it in your editor and save it again with the encoding set to UTF-8.")


def test_empty_file():
    for raw in (b"", b"   \n\n"):
        _, problem = read(raw)
        assert where(problem) == (
            REL, 1, 1, "CP101", "yaml", "This file is empty.",
            "Start it with front matter: a line of ---, then lines such as title: and "
            "summary:, then another line of ---. Or run coprod new to make one.")


def test_file_with_no_front_matter():
    _, problem = read(b"# How to pay people\n\nSome text.\n")
    assert where(problem) == (
        REL, 1, 1, "CP101", "yaml", "This file has no front matter at the top.",
        "The first line must be --- on its own, followed by lines such as title: and "
        "summary:, and then another line of ---.")


def test_front_matter_that_never_ends():
    _, problem = read(b"---\ntitle: A\n\nBody\n")
    assert (problem.line, problem.column, problem.code) == (1, 1, "CP101")
    assert problem.message == "The front matter starts with --- but never ends."


def test_unclosed_quote_points_at_the_quote():
    _, problem = read(b'---\ntitle: A guide\nsummary: "What to pay\ntopics: [payment]\n---\n')
    assert where(problem) == (
        REL, 3, 10, "CP101", "yaml",
        "The front matter is not valid YAML: a quote opened here is never closed.",
        "Add the matching closing quote at the end of the value, on the same line.")


def test_a_quote_left_open_until_a_later_quote_points_at_where_it_opened():
    """YAML lets a quoted value run on over lines: it stops at the next quote, further
    down, and the error comes there."""
    _, problem = read(b'---\ntitle: "Paying people\nsummary: What to pay\nsources:\n'
                      b'  - title: "Pay guide"\n    url: https://example.org\n---\n')
    assert where(problem) == (
        REL, 2, 8, "CP101", "yaml",
        "The front matter is not valid YAML: a quote opened here is only closed on line 5, "
        "so the lines between became part of this value.",
        "Add the matching closing quote at the end of the value, on the same line.")


def test_a_value_quoted_over_two_lines_is_still_read():
    data, problem = read(b'---\ntitle: "Paying people\n  fairly"\nsummary: What to pay\n---\n')
    assert problem is None and data.data["title"] == "Paying people fairly"


def test_colon_in_a_value_explains_quoting():
    _, problem = read(b"---\ntitle: Step 1: ask\n---\n")
    assert (problem.line, problem.column) == (2, 14)
    assert problem.message == ("The front matter is not valid YAML: there is a colon (:) "
                               "where YAML does not expect one.")
    assert problem.suggestion.startswith(
        'If the value contains a colon or starts with a symbol, put the whole value in double '
        'quotes, like: title: "Step 1: ask people first".')


@pytest.mark.parametrize("text, where, problem, suggestion", [
    (b"---\ntitle: A\ntopics: [payment, , power]\n---\n", (3, 19),
     "a list has two commas with nothing between them",
     "Delete one comma, or write the missing item between them, like: "
     "topics: [payment, power-sharing]"),
    (b"---\ntitle: , and then\n---\n", (2, 8), "a value cannot start with ','",
     'If the value contains a colon or starts with a symbol, put the whole value in double '
     'quotes, like: title: "Step 1: ask people first".'),
], ids=["in a list", "at the start"])
def test_a_comma_where_yaml_wants_a_value(text, where, problem, suggestion):
    _, found = read(text)
    assert (found.line, found.column, found.message, found.suggestion) == (
        *where, f"The front matter is not valid YAML: {problem}.", suggestion)


QUOTES = ('If the value contains a colon or starts with a symbol, put the whole value in double '
          'quotes, like: title: "Step 1: ask people first".')
INDENT = ("Line it up with the lines above it: each item of a list starts with '- ', and the "
          "details under an item line up with the first one.")


@pytest.mark.parametrize("front, where, problem, suggestion", [
    ('title: "Paying" people', (2, 17), "there is more text after the closing quote",
     'Put the whole value inside the quotes, like: title: "Paying people for their time", or '
     'take the quotes away.'),
    ("title: 'Paying' people", (2, 17), "there is more text after the closing quote",
     'Put the whole value inside the quotes, like: title: "Paying people for their time", or '
     'take the quotes away.'),
    ('title: "Paying \\q people"', (2, 17),
     "a backslash (\\) inside double quotes starts a special character, and \\q is not one",
     "Put the value in single quotes instead of double quotes, or write two backslashes (\\\\) "
     "for one."),
    ("title: *Paying* people", (2, 8), "a value cannot start with '*'", QUOTES),
    ("title: | paying", (2, 8), "a value cannot start with '|'", QUOTES),
    ("co_producers:\n  - name: A\n   role: B", (4, 4),
     "this line is indented differently from the lines around it", INDENT),
    ("co_producers:\n  - name: A\n    role: B\n  Written: by", (5, 3),
     "this line is indented differently from the lines around it", INDENT),
], ids=["text after double quotes", "text after single quotes", "unknown escape", "asterisk",
        "bar", "indented too little", "no dash"])
def test_more_yaml_mistakes_in_plain_words(front, where, problem, suggestion):
    _, found = read(f"---\n{front}\n---\n".encode())
    assert (found.line, found.column, found.message, found.suggestion) == (
        *where, f"The front matter is not valid YAML: {problem}.", suggestion)


def test_unclosed_list():
    _, problem = read(b"---\ntitle: A\ntopics: [payment, involvement\nsummary: B\n---\n")
    assert (problem.line, problem.column) == (3, 9)
    assert problem.message == ("The front matter is not valid YAML: a list opened here "
                               "with [ is not closed with ].")


def test_tab_indentation():
    _, problem = read(b"---\ntitle: A\n\tsummary: B\n---\n")
    assert where(problem) == (REL, 3, 1, "CP101", "yaml",
                              "The front matter is not valid YAML: this line has a tab in it.",
                              "Use spaces instead of tabs to indent.")


def test_yaml_tags_are_refused():
    _, problem = read(b"---\ntitle: !!python/object:os.system x\n---\n")
    assert (problem.line, problem.column, problem.code) == (2, 8, "CP101")
    assert "YAML tag" in problem.message


def test_yaml_aliases_and_anchors_are_refused():
    _, problem = read(b"---\ntitle: A\ntopics: &t [payment]\naudiences: *t\n---\n")
    assert where(problem) == (
        REL, 3, 9, "CP101", "yaml",
        "The front matter uses a YAML anchor (&name), which is not allowed.",
        "Write the value out in full where it is needed.")


def test_an_alias_alone_is_refused_at_the_star():
    _, problem = read(b"---\ntitle: A\nsummary: *intro\n---\n")
    assert where(problem) == (
        REL, 3, 10, "CP101", "yaml",
        "The front matter uses a YAML alias (*name), which is not allowed.",
        "Write the value out in full where it is needed.")


def test_billion_laughs_is_refused_before_expanding():
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
              for i in range(8)]
    _, problem = read(("\n".join(lines) + "\n---\n").encode())
    assert (problem.line, problem.column, problem.code) == (2, 4, "CP101")


def test_duplicate_key_is_refused_rather_than_losing_a_value():
    _, problem = read(b"---\ntitle: First\nsummary: S\ntitle: Second\n---\n")
    assert where(problem) == (
        REL, 4, 1, "CP101", "yaml",
        "The key 'title' is written twice, so one of its values would be lost.",
        "Delete one of the two lines, keeping the value you want.")


def test_front_matter_must_be_key_value_lines():
    _, problem = read(b"---\n- title\n- summary\n---\n")
    assert where(problem) == (
        REL, 2, 1, "CP101", "yaml", "The front matter must be a list of 'key: value' lines.",
        "Write each detail on its own line, like: title: How to pay people for their time")


def test_oversized_front_matter_is_not_parsed():
    text = "---\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(2000)) + "---\n"
    fm, problem = split(text, REL, 64 * 1024)
    assert fm is None
    assert (problem.line, problem.code) == (2, "CP101")
    assert problem.message == "The front matter is larger than 64 KB, so it was not read."


@pytest.mark.parametrize("value", ["2026-03-14", "2026-13-45", "14/03/2026"])
def test_dates_stay_text_for_the_contract_to_judge(value):
    fm, problem = read(f"---\npublished: {value}\n---\n".encode())
    assert problem is None
    assert fm.data["published"] == value
