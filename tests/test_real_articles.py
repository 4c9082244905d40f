"""Real published articles about co-production (tests/fixtures/articles/, as fetched), made
into guides at test time: the word-level checks raise no false alarms on them. No CP304 for
an ordinary word in capitals ("WHAT IS THE VALUE OF CO-PRODUCTION?", "NOT", "FREE"), and no
CP303 inside a web address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import make_site, page, run

ARTICLES = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))
URL = re.compile(r"(?:https?://|www\.)\S+")


def as_guide(text: str) -> str:
    """An article's text as a guide body: each line a paragraph, bullets as list items, and
    what is left of a WordPress export (a JSON wrapper, escaped end tags) taken out."""
    lines = text.splitlines()
    if lines and lines[0].startswith("{"):
        lines = lines[1:-1]
    body = []
    for line in lines:
        line = re.sub(r"<\\/\w+>|(?:\\n)+|»", "", line).strip()
        line = re.sub(r"^[•·]\s*", "- ", line)
        if line:
            body.append(line)
    return "\n\n".join(body) + "\n"


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    files = {f"content/guides/article-{i}.md": page(title=f"Article {i}", body=as_guide(
        path.read_text(encoding="utf-8"))) for i, path in enumerate(ARTICLES)}
    root = make_site(tmp_path_factory.mktemp("articles"), files)
    code, out, err = run(root, "check", "--today", "2026-11-23", "--format", "json")
    assert code in (0, 1), err
    return root, json.loads(out)["diagnostics"]


def test_there_are_five_articles():
    assert len(ARTICLES) == 5


def test_no_acronym_warning_for_ordinary_words(checked):
    _, found = checked
    acronyms = sorted({re.match(r'"([^"]+)"', d["message"]).group(1)
                       for d in found if d["code"] == "CP304"})
    assert acronyms == ["BME", "COVID", "EUARENAS", "HIV", "IMAS", "LGBTQI", "NHS", "SEND",
                        "UKRI", "VCSE"]


def test_no_plain_words_warning_inside_a_web_address(checked):
    root, found = checked
    for d in (d for d in found if d["code"] == "CP303"):
        line = (root / d["file"]).read_text(encoding="utf-8").splitlines()[d["line"] - 1]
        assert not any(m.start() < d["column"] <= m.end() for m in URL.finditer(line)), d


def test_shouted_lines_get_their_own_warning(checked):
    _, found = checked
    shouted = [d["message"].split('" is written')[0][1:] for d in found if d["code"] == "CP505"]
    assert "WHAT IS THE VALUE OF CO-PRODUCTION" in shouted
