"""Hostile content, generated: front matter and Markdown that are deeply nested, full of odd
Unicode, huge lines and unclosed brackets. Whatever a contributor writes, `coprod check` and
`coprod build` answer with diagnostics (exit 0 or 1), each at a file and a line, and never a
traceback or an internal error. Bounded: a fixed seed and about a minute in all."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import make_site, page, run

TODAY = "2026-04-01"
KEYS = ["title", "summary", "kind", "topics", "audiences", "published", "updated", "status",
        "consent", "people", "easy_read", "related", "reviewed", "lang", "image", "image_alt"]
ODD = ("\u200b\u200d\u202e\u2066\ufeff\u0301\u0000\u00a0\u3000\U0001f9d1\u200d\U0001f91d"
       "\u0627\u05d0\u0915\u094d\u0937\ud7ff\uffff\x85\u2028\r\t[]<>&*_`#!|\\\"':{}-")

text = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)),
                                  st.sampled_from(ODD)), max_size=60)
scalar = st.one_of(text, st.integers(), st.booleans(), st.none(), st.dates().map(str),
                   st.floats(allow_nan=True))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(text, inner, max_size=4)),
                     max_leaves=12)


def nested(depth: int, opener: str) -> str:
    return "".join("    " * level + opener + " item\n" for level in range(depth))


block = st.one_of(
    text,
    st.integers(1, 320).map(lambda depth: nested(depth, "-")),
    st.integers(1, 320).map(lambda depth: nested(depth, "1.")),
    st.integers(1, 2000).map(lambda depth: "> " * depth + "quoted\n"),
    st.integers(1, 3000).map(lambda count: "[" * count + "link" + "](" * (count // 2)),
    st.integers(1, 3000).map(lambda count: "<span " * count),
    st.integers(1, 200).map(lambda count: "*_" * count + "word"),
    st.tuples(text, st.integers(1000, 20_000)).map(lambda pair: (pair[0] or "word ") * pair[1]),
    st.sampled_from(["```\nunclosed code\n", "| a | b |\n|---|\n| 1 |\n", "<!-- unclosed",
                     "[^1]\n\n[^1]: note [^1]", "![](", "<script>", "{: #id .class", "---\n"]),
)
body = st.lists(block, max_size=6).map("\n\n".join)
front_matter = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(KEYS), text), value, max_size=8).map(
        lambda front: "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n"),
    st.lists(st.one_of(text, st.integers(1, 500).map(lambda d: "[" * d), st.just("---")),
             max_size=6).map(lambda lines: "---\n" + "\n".join(lines) + "\n---\n\n"),
    st.just(page(body="")),
)
content_file = st.tuples(front_matter, body).map("".join)

def bounded(examples: int) -> settings:
    """A fixed seed (the same examples every run), no example database, no per-example time
    limit (a huge line is slow on purpose): the time is bounded by the number of examples."""
    return settings(derandomize=True, database=None, deadline=None, max_examples=examples,
                    suppress_health_check=list(HealthCheck))


def answered_with_diagnostics(code: int, out: str, err: str, root: Path) -> None:
    assert code in (0, 1), err
    assert "Traceback" not in out + err and "went wrong inside coprod" not in err, err
    for found in json.loads(out)["diagnostics"]:
        assert (root / found["file"]).is_file(), found
        assert isinstance(found["line"], int) and found["line"] >= 1, found


@bounded(30)
@given(files=st.lists(content_file, min_size=1, max_size=3))
@example(files=[page(body=nested(300, "-")), page(body="[" * 5000), "---\n" + "[" * 400 + "\n---\n"])
def test_check_answers_any_content_with_diagnostics(files):
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder), {f"content/guides/g{n}.md": text_
                                        for n, text_ in enumerate(files)})
        answered_with_diagnostics(*run(root, "check", "--format", "json", "--today", TODAY),
                                  root)


@bounded(5)
@given(body=body)
def test_build_answers_any_body_with_diagnostics_or_a_site(body):
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder), {"content/guides/g.md": page(body=body)})
        code, out, err = run(root, "build", "--today", TODAY, "--quiet")
        assert code in (0, 1), err
        assert "Traceback" not in out + err and "went wrong inside coprod" not in err, err
        assert (root / "public/index.html").is_file() == (code == 0)
        assert [p.name for p in Path(folder).iterdir() if p.name.startswith(".public")] == []
