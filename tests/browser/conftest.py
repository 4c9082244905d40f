"""Sites built once per test session, served over HTTP, and one Chromium for every test.

Four sites are built:
- `fixture`: tests/browser/fixture_site plus 21 generated guides (so listings paginate);
  it uses every template and feature of the theme.
- `drafts`: the same site built with --drafts, to check preview pages.
- `content`: the hub's own content/ folder, built with the real `coprod build` on today's date;
- `large`: `fixture` with 240 more guides, so its search index comes in shards (searched only).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_tools import REPO, SiteServer, build, html_pages, launch, netlify_header_rules

FIXTURE = Path(__file__).resolve().parent / "fixture_site"
GENERATED_GUIDES = 21


@dataclass
class Site:
    name: str
    folder: Path
    server: SiteServer
    paths: list[str] = field(default_factory=list)    # the HTML pages the checks visit

    def url(self, path: str) -> str:
        return self.server.url + path

    def files(self) -> list[Path]:
        return [self.folder / (p.lstrip("/") + ("index.html" if p.endswith("/") else ""))
                for p in self.paths]


def generated_guide(number: int) -> str:
    return (f"---\ntitle: Practice note {number}\n"
            "summary: A short note from a group about one thing that worked for them.\n"
            f"topics: [getting-started]\npublished: 2026-01-{number:02d}\n---\n\n"
            "This note is about one small thing that worked. We tried it and it helped.\n")


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fixture") / "site"
    shutil.copytree(FIXTURE, root)
    for number in range(1, GENERATED_GUIDES + 1):
        (root / "content" / "guides" / f"practice-note-{number:02d}.md").write_text(
            generated_guide(number), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def header_rules():
    return netlify_header_rules()


def _serve(name, folder, rules, paths=None) -> Site:
    return Site(name, folder, SiteServer(folder, rules), paths or html_pages(folder))


@pytest.fixture(scope="session")
def fixture_site(fixture_root, tmp_path_factory, header_rules):
    out = tmp_path_factory.mktemp("fixture-out") / "public"
    build(fixture_root, out)
    site = _serve("fixture", out, header_rules)
    yield site
    site.server.close()


@pytest.fixture(scope="session")
def drafts_site(fixture_root, tmp_path_factory, header_rules):
    out = tmp_path_factory.mktemp("drafts-out") / "public"
    build(fixture_root, out, "--drafts")
    site = _serve("drafts", out, header_rules,
                  ["/guides/draft-guide/", "/guides/review-guide/", "/guides/", "/"])
    yield site
    site.server.close()


def marker(number: int) -> str:
    """A made-up word for each note: "zqaa", "zqab" and so on (Pagefind splits off digits)."""
    return "zq" + chr(97 + number // 26) + chr(97 + number % 26)


@pytest.fixture(scope="session")
def large_site(fixture_root, tmp_path_factory, header_rules):
    """The fixture site with 240 more guides: its search index comes in three shards."""
    root = tmp_path_factory.mktemp("large") / "site"
    shutil.copytree(fixture_root, root)
    for number in range(240):
        (root / "content" / "guides" / f"group-note-{number:03d}.md").write_text(
            f"---\ntitle: Group note {number}\nsummary: A short note from a group about one "
            f"thing that worked for them.\ntopics: [getting-started]\npublished: 2026-02-01\n"
            f"---\n\nThis note is about one small thing that worked. Its mark is "
            f"{marker(number)}. We tried it and it helped.\n", encoding="utf-8")
    out = root.parent / "public"
    build(root, out)
    site = _serve("large", out, header_rules, ["/search/"])
    yield site
    site.server.close()


@pytest.fixture(scope="session")
def content_site(tmp_path_factory, header_rules):
    if not (REPO / "content").is_dir():
        raise AssertionError(f"The hub's own content folder {REPO / 'content'} is missing.")
    out = tmp_path_factory.mktemp("content-out") / "public"
    build(REPO, out, today=None)
    site = _serve("content", out, header_rules)
    yield site
    site.server.close()


@pytest.fixture(params=["fixture", "drafts", "content"])
def any_site(request) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="package")
def browser():
    # Package scope (tests/browser/ is a package): Playwright's sync API allows one instance
    # at a time, so this one closes before tests elsewhere start their own.
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh page with scripts on, 1280 px wide, that reports CSP violations it sees."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: page.csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    yield page
    context.close()
