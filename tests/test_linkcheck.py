"""`coprod linkcheck`: the real linkchecker over a small built site, failures traced to source."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

from conftest import make_site, page, run
from coprod_site.config import PACKAGE_THEME
from coprod_site.hosting import serving
from coprod_site.commands.linkcheck import explain, parse_failures

TODAY = "2026-06-01"
# `check` and `build` report these site links too (CP601, CP602); turned off for the build so
# the broken links reach the built site that linkcheck reads.
LINK_RULES_OFF = '[tool.coprod.rules]\nCP601 = "off"\nCP602 = "off"\n'


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in the text")


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """Another web site, on loopback: /rules/ works, every other address is 404."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "rules").mkdir()
    (folder / "rules" / "index.html").write_text("<!doctype html><title>Rules</title><p>Rules.",
                                                 encoding="utf-8")
    with serving(folder) as server:
        yield server.origin


@pytest.fixture(scope="module")
def built(tmp_path_factory, elsewhere):
    """A built site with a broken link in content, in a template, and to another site."""
    root = tmp_path_factory.mktemp("site")
    guide = page(
        title="Paying people",
        sources=[{"title": "A study of payment", "url": f"{elsewhere}/study/"}],
        body=("## What to do\n\n"
              "Ask people what they need. See [our old page](/old-page/) for more.\n\n"
              "Read [who we are](/about/#who-we-r) first.\n\n"
              f"The [payment rules]({elsewhere}/rules/) and the [old rules]({elsewhere}/gone/) "
              "are online.\n"))
    make_site(root, {
        "content/guides/paying.md": guide,
        "content/pages/about.md": page(title="About us", topics=None, published=None,
                                       body="## Who we are\n\nWe are a hub.\n"),
    }, pyproject=LINK_RULES_OFF)
    shutil.copytree(PACKAGE_THEME, root / "themes" / "hub")
    glossary = root / "themes" / "hub" / "templates" / "glossary.html"
    text = glossary.read_text(encoding="utf-8")
    cut = text.rindex("{% endblock %}")
    glossary.write_text(text[:cut] + '<p><a href="/no-such-page/">Old words</a></p>\n' + text[cut:],
                        encoding="utf-8")
    code, out, err = run(root, "build", "--today", TODAY)
    assert code == 0, out + err
    (root / "pyproject.toml").unlink()           # linkcheck itself uses the rules as shipped
    return root, guide, glossary.read_text(encoding="utf-8")


def test_broken_links_are_reported_where_they_can_be_fixed(built):
    root, guide, template = built
    code, out, err = run(root, "linkcheck", "--today", TODAY)
    old_line, old_col = position(guide, "[our old page]")
    who_line, who_col = position(guide, "[who we are]")
    theme_line, theme_col = position(template, 'href="/no-such-page/"')
    pages = sum(1 for _ in (root / "public").rglob("*.html"))
    assert out == (
        f"content/guides/paying.md:{old_line}:{old_col}: error CP601 broken-link: This link to "
        "/old-page/ leads nowhere on the built site: the server answered 404 Not Found.\n"
        "    What to do: Link to the content file instead, like ../pages/about.md, so that every "
        "build checks the link.\n"
        f"content/guides/paying.md:{who_line}:{who_col}: error CP602 broken-anchor: This link to "
        "/about/#who-we-r goes to a part called #who-we-r, but that page has no heading or id "
        "with that name.\n"
        "    What to do: Did you mean #who-we-are?\n"
        "\n"
        f"themes/hub/templates/glossary.html:{theme_line}:{theme_col}: error CP601 broken-link: "
        "The theme's link to /no-such-page/ (on /glossary/) leads nowhere on the built site: "
        "the server answered 404 Not Found.\n"
        "    What to do: Fix the link in this template, then run coprod build and coprod "
        "linkcheck again.\n"
        "\n"
        f"3 errors and 0 warnings in {pages} files checked.\n")
    assert code == 1
    assert err == ""


def test_links_to_other_sites_are_checked_only_when_asked(built, elsewhere):
    root, guide, _ = built
    code, out, _ = run(root, "linkcheck", "--today", TODAY, "--format", "json")
    assert code == 1
    assert {d["code"] for d in json.loads(out)["diagnostics"]} == {"CP601", "CP602"}

    code, out, _ = run(root, "linkcheck", "--today", TODAY, "--external", "--format", "json")
    external = [d for d in json.loads(out)["diagnostics"] if d["code"] == "CP604"]
    gone_line, gone_col = position(guide, "[old rules]")
    study_line, _ = position(guide, f"url: {elsewhere}/study/")
    advice = ("Open the link in a browser. If the page has moved, link to its new address; if it "
              "has gone, remove the link or link to a saved copy (web.archive.org).")
    assert external == [
        {"file": "content/guides/paying.md", "line": study_line, "column": 1,
         "severity": "warning", "code": "CP604", "name": "external-link",
         "message": f"This link to {elsewhere}/study/ did not work when it was checked: the "
                    "server answered 404 Not Found.", "suggestion": advice},
        {"file": "content/guides/paying.md", "line": gone_line, "column": gone_col,
         "severity": "warning", "code": "CP604", "name": "external-link",
         "message": f"This link to {elsewhere}/gone/ did not work when it was checked: the "
                    "server answered 404 Not Found.", "suggestion": advice},
    ]
    assert code == 1          # the content errors are still there


def test_a_clean_site_passes_and_strict_fails_on_external_warnings(tmp_path, elsewhere):
    root = make_site(tmp_path, {"content/guides/paying.md": page(
        body=f"## What to do\n\nRead the [old rules]({elsewhere}/gone/) first.\n")})
    assert run(root, "build", "--today", TODAY)[0] == 0
    code, out, _ = run(root, "linkcheck", "--today", TODAY)
    pages = sum(1 for _ in (root / "public").rglob("*.html"))
    assert (code, out) == (0, f"No problems found in {pages} files checked.\n")
    code, out, _ = run(root, "linkcheck", "--today", TODAY, "--external", "--strict")
    assert code == 1
    assert "warning CP604 external-link" in out


def test_a_link_only_in_the_built_file_points_at_the_built_file(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    assert run(root, "build", "--today", TODAY, "--out", str(root / "site"))[0] == 0
    built = root / "site" / "guides" / "paying" / "index.html"
    html = built.read_text(encoding="utf-8").replace(
        "</main>", '<p><a href="/lost/">Lost</a></p></main>')
    built.write_text(html, encoding="utf-8")
    code, out, _ = run(root, "linkcheck", "--today", TODAY, "--out", str(root / "site"))
    line, column = position(html, '<a href="/lost/">')
    assert code == 1
    assert out.splitlines()[:2] == [
        f"site/guides/paying/index.html:{line}:{column}: error CP601 broken-link: The link to "
        "/lost/ on /guides/paying/ leads nowhere on the built site: the server answered 404 Not Found.",
        "    What to do: The link is not in a content file or a template. Run coprod build "
        "again; if it is still there, ask the site's maintainers."]


def test_without_a_built_site_it_says_to_build_first(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    code, out, err = run(root, "linkcheck")
    assert (code, out) == (2, "")
    assert err == (f"coprod: There is no built site in {root / 'public'}. "
                   "Run coprod build first.\n")


def test_linkchecker_csv_is_read_into_failures():
    origin = "http://127.0.0.1:9"
    text = (
        "# created by LinkChecker\n"
        "urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;"
        "dltime;size;checktime;cached;level;modified\n"
        f"/a/;{origin}/x/index.html;;404 File not found;;;False;{origin}/a/;7;3;A;-1;1;0;0;1;\n"
        f"/b/#c;{origin}/;;200 OK;Anchor `c' (decoded: `c') not found. Available anchors: "
        f"`main', `cats'.;;True;{origin}/b/#c;9;1;B;-1;1;0;0;1;\n"
        f"/fine/;{origin}/;;200 OK;;;True;{origin}/fine/;2;1;F;-1;1;0;0;1;\n")
    failures = parse_failures(text, origin)
    assert [(f.page, f.href, f.line, f.column, f.missing_anchor, f.anchors) for f in failures] == [
        ("/x/", "/a/", 7, 3, None, ()), ("/", "/b/#c", 9, 1, "c", ("main", "cats"))]


@pytest.mark.parametrize("result, words", [
    ("404 File not found", "the server answered 404 Not Found"),
    ("410 Gone", "the server answered 410 Gone"),
    ("ConnectionError: HTTPSConnectionPool(host='x.invalid', port=443): Max retries exceeded "
     "(Caused by NameResolutionError(...))", "there is no web site with that name"),
    ("ConnectionError: ... [Errno 111] Connection refused", "the site could not be reached"),
    ("ReadTimeout: HTTPSConnectionPool(...)", "the site took too long to answer"),
    ("NameResolution: Temporary failure in name resolution",
     "no name server answered when asked for the site's address"),
])
def test_findings_are_explained_in_plain_words(result, words):
    assert explain(result) == words


@pytest.fixture
def moody(tmp_path):
    """Another site on loopback: /down/ always answers 503, /flaky/ only the first time."""
    asked: dict[str, int] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked[self.path] = asked.get(self.path, 0) + 1
            fails = self.path == "/down/" or (self.path == "/flaky/" and asked[self.path] == 1)
            self.send_response(503 if fails else 200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"busy" if fails else b"fine")

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()


def test_a_site_that_does_not_answer_is_checked_once_more_before_it_is_reported(tmp_path, moody):
    elsewhere, asked = moody
    guide = page(body=f"## What to do\n\nRead the [busy rules]({elsewhere}/flaky/) and the "
                      f"[old rules]({elsewhere}/down/) first.\n")
    root = make_site(tmp_path, {"content/guides/paying.md": guide})
    assert run(root, "build", "--today", TODAY)[0] == 0
    code, out, err = run(root, "linkcheck", "--today", TODAY, "--external", "--format", "json")
    line, column = position(guide, "[old rules]")
    assert [(d["line"], d["column"], d["message"]) for d in json.loads(out)["diagnostics"]] == [
        (line, column, f"This link to {elsewhere}/down/ did not work when it was checked: the "
                       "server answered 503 Service Unavailable.")]
    assert asked["/flaky/"] == 2 and asked["/down/"] == 2
    assert (code, err) == (0, "")


NOWHERE = page(body="## What to do\n\nRead the [pay rules](https://rules.example.invalid/pay/) "
                    "and the [old rules](https://old.example.invalid/) first.\n")


def test_a_link_to_a_site_that_does_not_exist_says_so(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": NOWHERE})
    assert run(root, "build", "--today", TODAY)[0] == 0
    code, out, err = run(root, "linkcheck", "--today", TODAY, "--external")
    line, column = position(NOWHERE, "[pay rules]")
    assert out.splitlines()[:2] == [
        f"content/guides/paying.md:{line}:{column}: warning CP604 external-link: This link to "
        "https://rules.example.invalid/pay/ did not work when it was checked: there is no web "
        "site with that name.",
        "    What to do: Check the address for a typing mistake. If the site has closed, remove "
        "the link or link to a saved copy (web.archive.org)."]
    assert "https://old.example.invalid/ did not work" in out
    assert (code, err) == (0, "")


def test_without_a_network_one_line_says_so_instead_of_one_warning_per_link(tmp_path):
    """In a network namespace of its own (unshare -n), only loopback exists: every name lookup
    fails as it does on a machine with no network."""
    root = make_site(tmp_path, {"content/guides/paying.md": NOWHERE})
    assert run(root, "build", "--today", TODAY)[0] == 0
    as_root = [] if os.geteuid() == 0 else ["sudo", "-n"]
    done = subprocess.run(
        as_root + ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                   sys.executable, "-m", "coprod_site", "-C", str(root), "linkcheck",
                   "--today", TODAY, "--external"],
        capture_output=True, text=True, timeout=300, env=dict(os.environ, NO_COLOR="1"))
    pages = sum(1 for _ in (root / "public").rglob("*.html"))
    assert done.stdout == f"No problems found in {pages} files checked.\n"
    assert done.stderr == (
        "coprod: Links to other sites were not checked: this computer cannot reach the internet "
        "(no name server answered). Connect to the internet, then run coprod linkcheck "
        "--external again.\n")
    assert done.returncode == 2


def test_refs_only_keeps_names_out_of_links_to_other_sites(tmp_path):
    people = [{"ref": "sam", "shown_as": "Sam Okafor", "anonymous": False,
               "consent": {"record": "CF-1", "given": "2026-02-10", "covers": ["story", "name"]}}]
    story = page(title="Training night", people=people,
                 body="## What happened\n\nSam Okafor [won a prize]"
                      "(https://news.example.invalid/sam-okafor-wins/) this year.\n")
    root = make_site(tmp_path, {"content/case-studies/night.md": story})
    assert run(root, "build", "--today", TODAY)[0] == 0
    code, out, _ = run(root, "linkcheck", "--today", TODAY, "--external", "--refs-only",
                       "--format", "json")
    assert [d["message"] for d in json.loads(out)["diagnostics"]] == [
        "This link to https://news.example.invalid/ref sam-wins/ did not work when it was "
        "checked: there is no web site with that name."]
