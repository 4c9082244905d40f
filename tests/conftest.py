"""Shared helpers for tests: small fixture sites built in `tmp_path`.

Use the fixtures (they work from any test folder):

    def test_something(make_site, page, load, tmp_path):
        root = make_site(tmp_path, {
            "content/guides/paying-people.md": page(title="Paying people"),
            "content/guides/broken.md": "no front matter here\n",
        })
        site, diagnostics = load(root)          # or run coprod: main(["-C", str(root), "check"])

Or import them as plain functions: `from conftest import make_site, page, run` always means
this file (pyproject.toml runs pytest in importlib mode with tests/ on the path, because
tests/browser/ has a conftest.py of its own).

`make_site(root, files, topics=..., audiences=..., pyproject=...)` writes each file
(str is written as UTF-8 exactly as given, bytes as they are) and, unless `files` already has
them, `content/_data/topics.yml` and `content/_data/audiences.yml` with the entries in
`TOPICS` and `AUDIENCES`. It returns `root`.

`page(title=..., summary=..., body=..., **keys)` returns the text of a valid guide, toolkit or
case-study file; extra keys follow `published` in the order given. A key set to None is left
out (pages in content/pages/ may drop `topics=None, published=None`); lists and dicts are
written as YAML. With no extra keys the front matter is lines 1-7 (`topics` takes two lines),
line 8 is blank and the body starts on line 9.

`load(root)` loads config and content and returns `(SiteContent, diagnostics)`.
`run(root, *args)` runs `coprod -C root args...` in-process and returns
`(exit_code, stdout, stderr)`, capturing the output itself.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

TOPICS = {
    "power-sharing": {"label": "Power sharing", "description": "Sharing decisions fairly."},
    "payment": {"label": "Paying people", "description": "Paying people for their time."},
    "involvement": {"label": "Involvement", "description": "Getting people involved."},
}
AUDIENCES = {
    "staff": {"label": "Staff", "description": "People who work in services."},
    "people-with-lived-experience": {"label": "People with lived experience",
                                     "description": "People who use services."},
}

BODY = ("## What to do\n\nAsk people what they need. Pay them on the day. "
        "Say thank you.\n")


def make_site(root: Path, files: dict[str, str | bytes], *, topics: dict | None = None,
              audiences: dict | None = None, pyproject: str | None = None) -> Path:
    """Write a small site under `root` and return `root`."""
    root = Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    defaults = {
        "content/_data/topics.yml": yaml.safe_dump(TOPICS if topics is None else topics,
                                                   sort_keys=False),
        "content/_data/audiences.yml": yaml.safe_dump(AUDIENCES if audiences is None else audiences,
                                                      sort_keys=False),
    }
    if pyproject is not None:
        defaults["pyproject.toml"] = pyproject
    for rel, text in {**defaults, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return root


def page(title: str = "How to pay people for their time",
         summary: str = "What to pay, how to pay, and how to keep it fair.",
         body: str = BODY, **keys) -> str:
    """The text of a valid content file; extra keys go into the front matter in order."""
    front = {"title": title, "summary": summary, "topics": ["payment"],
             "published": "2026-03-14"}
    front.update(keys)
    front = {k: v for k, v in front.items() if v is not None}
    yaml_text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{yaml_text}---\n\n{body}"


def load(root: Path, again: bool = False):
    """Config and content of the site at `root`: `(SiteContent, diagnostics)`. `again`: as
    `coprod serve` loads, keeping what it read for the next load."""
    from coprod_site.config import load_config
    from coprod_site.content.loader import load_site
    return load_site(load_config(root), again=again)


def rendered(result, rel: str) -> str:
    """The body HTML of the page `rel` as the render stage makes it for `result`'s plan."""
    from coprod_site.site import render_bodies
    return render_bodies(result.site, result.index, result.plan)[rel]


def run(root: Path | None, *args: str) -> tuple[int, str, str]:
    """Run the coprod command in-process; `root=None` leaves out `-C`."""
    from coprod_site.cli import main
    out, err = io.StringIO(), io.StringIO()
    argv = (["-C", str(root)] if root is not None else []) + [str(a) for a in args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as done:          # --help and --version exit through argparse
            code = done.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(name="make_site")
def make_site_fixture():
    return make_site


@pytest.fixture(name="page")
def page_fixture():
    return page


@pytest.fixture(name="load")
def load_fixture():
    return load


@pytest.fixture(name="run")
def run_fixture():
    return run
