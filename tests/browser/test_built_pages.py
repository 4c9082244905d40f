"""What the built files say, read back from disk: every page's <head>, the parts of a resource
page, listings and pagination, drafts, withdrawn pages, the feed, sitemap, robots.txt and
_redirects, the page weight of a resource page, and reproducible output."""

import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from browser_tools import REPO, RESOURCE_PATH, build
from coprod_site.config import load_config

PAGE_WEIGHT_LIMIT = 50 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Outline(HTMLParser):
    """The tags, attributes and text of a page, enough to check what it promises."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_code: list[str] = []
        self._open_script = None
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "style":
            self.inline_code.append("<style>")
        if tag == "script":
            self._open_script = attrs
        if "style" in attrs:
            self.inline_code.append(f"style= on <{tag}>")
        self.inline_code += [f"{a}= on <{tag}>" for a in attrs if a.startswith("on")]

    def handle_endtag(self, tag):
        self._open_script = None if tag == "script" else self._open_script

    def handle_data(self, data):
        if self._open_script is not None and data.strip():
            self.inline_code.append("<script> with code in it")
        self.text.append(data)

    def meta(self, key: str, value: str) -> str | None:
        for tag, attrs in self.tags:
            if tag == "meta" and attrs.get(key) == value:
                return attrs.get("content")
        return None

    def all(self, tag: str, **wanted) -> list[dict]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def outline(site, path: str) -> Outline:
    file = site.folder / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    return Outline(file.read_text(encoding="utf-8"))


def test_every_page_head_describes_it_and_no_page_has_inline_code(any_site):
    base = {"fixture": "https://fixture.example.org", "drafts": "https://fixture.example.org",
            "content": load_config(REPO).base_url.rstrip("/")}
    for path in any_site.paths:
        page = outline(any_site, path)
        assert page.meta("name", "description"), path
        assert page.meta("property", "og:title") and page.meta("property", "og:description"), path
        assert len(page.all("h1")) == 1, path
        assert page.all("html")[0].get("lang"), path
        assert page.inline_code == [], f"{path}: {page.inline_code}"
        canonical = page.all("link", rel="canonical")
        if path == "/404.html":
            assert canonical == [] and page.meta("name", "robots") == "noindex"
        else:
            assert len(canonical) == 1, path
            assert canonical[0]["href"] == base[any_site.name] + path
        scripts = [a["src"] for a in page.all("script")]
        assert scripts == ([s for s in scripts if "/assets/search." in s] if path == "/search/" else []), \
            f"{path} loads {scripts}: only the search page may load a script"
    if "/search/" in any_site.paths:
        assert len(outline(any_site, "/search/").all("script")) == 1


def test_resource_page_shows_everything_a_reader_needs(fixture_site):
    page = outline(fixture_site, "/guides/starting-out/")
    hrefs = [a.get("href") for a in page.all("a")]
    words = page.words
    assert "Guide" in words and "Starting out together" in words
    assert {"/topics/getting-started/", "/topics/paying-people/", "/audiences/groups/",
            "/audiences/staff/"} <= set(hrefs)
    assert words.index("Content warning") < words.index("Co-production starts with trust")
    assert "money worries" in words and "#after-content" in hrefs
    assert page.all("div", id="after-content")
    assert words.index("starts with trust") < words.index("Who made this")
    assert "Trainers Group : wrote the guide" in words
    assert "/guides/starting-out-easy-read/" in hrefs
    assert "Published 2 March 2026" in words and "Updated 10 April 2026" in words
    assert "Last reviewed 10 April 2026" in words and "About 1 minute" in words
    assert "https://example.org/ladder" in hrefs
    assert {"/toolkits/check-in/", "/case-studies/rugby-club/"} <= set(hrefs)
    assert "/glossary/#term-co-production" in hrefs
    assert page.all("p", lang="cy")
    assert page.all("img", alt="A group of five people sit in a circle and talk")
    assert page.meta("property", "og:image") == "https://fixture.example.org/media/circle.png"
    assert page.meta("property", "og:type") == "article"
    assert "data-pagefind-body" in page.all("article")[0]
    assert [a.get("data-pagefind-filter") for t, a in page.tags if "data-pagefind-filter" in a] == \
        ["kind", "topic", "topic"]


def test_easy_read_page_has_its_own_layout_and_links_back(fixture_site):
    page = outline(fixture_site, "/guides/starting-out-easy-read/")
    assert "easy-read" in page.all("article")[0]["class"].split()
    assert "/guides/starting-out/" in [a.get("href") for a in page.all("a")]
    assert len(page.all("img")) == 3 and all(i["alt"] for i in page.all("img"))
    css = next((fixture_site.folder / "assets").glob("style.*.css")).read_text()
    size = re.search(r"\.easy-read \.body \{ font-size: ([\d.]+)rem", css)
    assert size and float(size.group(1)) >= 1.25
    assert ".easy-read .body p:has(> img, > picture)" in css


def test_glossary_gives_every_term_an_id(fixture_site):
    page = outline(fixture_site, "/glossary/")
    ids = [a["id"] for a in page.all("dt")]
    assert ids == ["term-co-production", "term-easy-read", "term-lived-experience"]


def test_listings_paginate_twenty_to_a_page_newest_first(fixture_site):
    first, second = outline(fixture_site, "/guides/"), outline(fixture_site, "/guides/page/2/")
    cards = lambda page: [a["href"] for a in page.all("a") if RESOURCE_PATH.match(a.get("href", ""))]
    assert len(cards(first)) == 20 and len(cards(second)) == 3
    assert cards(first)[0] == "/guides/starting-out/"
    assert cards(second)[-1] == "/guides/practice-note-01/"
    assert first.all("a", rel="next")[0]["href"] == "/guides/page/2/"
    assert second.all("a", rel="prev")[0]["href"] == "/guides/"
    assert second.all("a", aria_current="page")[0]["href"] == "/guides/page/2/"
    assert "Guides, page 2 of 2" in second.words


def test_topic_and_audience_pages_list_their_resources(fixture_site):
    hrefs = lambda path: {a["href"] for a in outline(fixture_site, path).all("a")}
    assert "/case-studies/rugby-club/" in hrefs("/topics/sport/")
    assert "/guides/starting-out/" not in hrefs("/topics/sport/")
    assert "/guides/starting-out/" in hrefs("/audiences/staff/")
    assert {"/topics/getting-started/", "/topics/paying-people/", "/topics/sport/"} <= hrefs("/topics/")


def test_navigation_marks_the_current_page(fixture_site):
    nav = lambda path: [a["href"] for a in outline(fixture_site, path).all("a", aria_current="page")]
    assert "/search/" in nav("/search/")
    assert "/" in nav("/")
    current = outline(fixture_site, "/guides/starting-out/").all("a", aria_current="true")
    assert [a["href"] for a in current] == ["/guides/"]


def test_withdrawn_page_is_gone_everywhere_and_answers_410(fixture_site):
    folder = fixture_site.folder
    assert not (folder / "case-studies" / "old-story").exists()
    redirects = (folder / "_redirects").read_text().splitlines()
    assert "/case-studies/* /404.html 410" in redirects       # one rule per folder: no slug
    assert not any("old-story" in line for line in redirects)
    assert "/old-guide/ /guides/starting-out/ 301" in redirects
    for file in folder.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".xml", ".txt", ".json", ""):
            assert b"Withdrawnstoryword" not in file.read_bytes(), file
            assert b"CF-FIX-00" not in file.read_bytes(), file


def test_feed_sitemap_and_robots(fixture_site):
    folder = fixture_site.folder
    feed = ET.parse(folder / "feed.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert len(links) == 25 and links[0] == "https://fixture.example.org/guides/starting-out/"
    urls = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(folder / "sitemap.xml").getroot()]
    assert "https://fixture.example.org/guides/page/2/" in urls
    assert "https://fixture.example.org/404.html" not in urls
    robots = (folder / "robots.txt").read_text()
    assert "Sitemap: https://fixture.example.org/sitemap.xml" in robots


def test_drafts_are_marked_and_never_listed(drafts_site):
    folder = drafts_site.folder
    draft = outline(drafts_site, "/guides/draft-guide/")
    assert "Preview only: this page is a draft" in draft.words
    assert draft.meta("name", "robots") == "noindex"
    assert "data-pagefind-body" not in draft.all("article")[0]
    assert "a page in review" in outline(drafts_site, "/guides/review-guide/").words
    listed = [outline(drafts_site, p) for p in ("/", "/guides/", "/search/", "/topics/getting-started/")]
    for page in listed:
        hrefs = {a.get("href") for a in page.all("a")}
        assert "/guides/draft-guide/" not in hrefs and "/guides/review-guide/" not in hrefs
    for name in ("feed.xml", "sitemap.xml"):
        assert b"draft-guide" not in (folder / name).read_bytes()


@pytest.mark.parametrize("path", ["/guides/starting-out/", "/toolkits/check-in/"])
def test_a_resource_page_with_its_css_weighs_under_50_kb(fixture_site, path):
    html = (fixture_site.folder / path.strip("/") / "index.html").read_bytes()
    css = b"".join(f.read_bytes() for f in (fixture_site.folder / "assets").glob("*.css"))
    print(f"\npage weight of {path}: {len(html)} B HTML + {len(css)} B CSS "
          f"= {len(html) + len(css)} B")
    assert len(html) + len(css) < PAGE_WEIGHT_LIMIT


def test_the_same_content_builds_the_same_bytes(fixture_root, fixture_site, tmp_path):
    """Everything but Pagefind's filter index is byte-for-byte reproducible. Pagefind writes
    its filter chunks in a different order each run (so their hashed names, the .pf_meta and
    pagefind-entry.json that name them change too): that is Pagefind's, not ours."""
    def digests(folder):
        return {f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
                for f in sorted(folder.rglob("*")) if f.is_file()
                and not re.match(r"pagefind/(filter/|pagefind\.[\w-]+\.pf_meta|pagefind-entry\.json)",
                                 f.relative_to(folder).as_posix())}
    again = tmp_path / "public"
    build(fixture_root, again)
    assert digests(again) == digests(fixture_site.folder)
