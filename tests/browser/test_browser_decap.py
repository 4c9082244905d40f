"""The web editor at /admin/ with the real Decap CMS in Chromium, offline.

Decap is the npm package's own `dist/decap-cms.js`, which `scripts/test` installs into
`.cache/decap/`; the page's CDN address is answered with that file, so nothing downloads (and
the browser still checks it against the page's Subresource Integrity hash). The editor runs on
Decap's `test-repo` backend, which keeps saved entries in memory (`window.repoFilesUnpublished`
under the editorial workflow), so the test reads the saved file from the page.
"""

import base64
import hashlib
import json
import shutil
import subprocess
import sys

import pytest
import yaml
from playwright.sync_api import expect

from browser_tools import REPO, SiteServer
from coprod_site.site.admin import DECAP_INTEGRITY, DECAP_URL, DECAP_VERSION, IDENTITY_URL

DECAP = REPO / ".cache" / "decap" / f"decap-cms-{DECAP_VERSION}.js"
SAVED = """() => Object.values(window.repoFilesUnpublished)
  .flatMap(entry => entry.diffs.map(diff => [diff.path, diff.content]))"""


@pytest.fixture(scope="module")
def editor(fixture_site, tmp_path_factory, header_rules):
    """The built fixture site, its /admin/config.yml switched to the test-repo backend."""
    if not DECAP.is_file():
        raise AssertionError(f"Decap CMS is not installed at {DECAP}. Run `bash scripts/test`, "
                             "which installs it from npm.")
    digest = base64.b64encode(hashlib.sha384(DECAP.read_bytes()).digest()).decode()
    assert f"sha384-{digest}" == DECAP_INTEGRITY, "the npm copy is not the file the page pins"
    folder = tmp_path_factory.mktemp("editor") / "public"
    shutil.copytree(fixture_site.folder, folder)
    settings = folder / "admin" / "config.yml"
    config = yaml.safe_load(settings.read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    settings.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    server = SiteServer(folder, header_rules)
    yield server
    server.close()


@pytest.fixture
def admin(browser, editor):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.route(DECAP_URL, lambda route: route.fulfill(path=DECAP,
                                                      content_type="application/javascript"))
    page.route(IDENTITY_URL, lambda route: route.fulfill(body="", content_type="application/javascript"))
    yield page
    context.close()


def sign_in(admin, editor, repo_files: dict[str, str] | None = None) -> None:
    """Open the editor, with `repo_files` (path -> text) already in the repository."""
    if repo_files:
        tree: dict = {}
        for path, text in repo_files.items():
            *folders, name = path.split("/")
            here = tree
            for folder in folders:
                here = here.setdefault(folder, {})
            here[name] = {"content": text}
        admin.add_init_script(f"window.repoFiles = {json.dumps(tree)};")
    admin.goto(editor.url + "/admin/")
    admin.get_by_role("button", name="Login").click()


def test_the_loading_message_goes_once_the_editor_has_loaded(admin, editor):
    sign_in(admin, editor)
    assert admin.locator("#loading").count() == 0
    assert admin.get_by_text("The content editor is loading").count() == 0
    assert admin.errors == []


def test_a_new_case_study_saved_with_only_the_required_fields_passes_check(admin, editor,
                                                                           fixture_root, tmp_path):
    sign_in(admin, editor)
    admin.goto(editor.url + "/admin/#/collections/case-studies/new")
    admin.wait_for_selector("input[id^=title-field]")
    # lists start empty: no blank person or image to find and delete before saving
    assert admin.get_by_role("button", name="Add people in this story").is_visible()
    assert admin.locator("input[id^=shown_as-field], input[id^=ref-field]").count() == 0
    assert admin.locator("input[id^=alt-field]").count() == 0
    admin.fill("input[id^=title-field]", "A lunch club run by its members")
    admin.fill("textarea[id^=summary-field]", "Members of a lunch club plan the menu together.")
    admin.click("input[id^=topics-field]")
    admin.keyboard.type("Sport")
    admin.keyboard.press("Enter")
    admin.fill("input[id^=published-field]", "2026-05-01")

    # the preview pane is styled by the hub's own stylesheet
    preview = next(f for f in admin.frames if f is not admin.main_frame)
    preview.wait_for_selector("h1")
    sheets = preview.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.href)")
    assert [s for s in sheets if "/assets/style." in s]
    assert preview.eval_on_selector("h1", "e => getComputedStyle(e).lineHeight") == "40px"

    admin.get_by_role("button", name="Save", exact=True).click()
    admin.get_by_text("Entry saved").wait_for()
    saved = admin.evaluate(SAVED)
    assert [path for path, _ in saved] == ["content/case-studies/a-lunch-club-run-by-its-members.md"]

    site = tmp_path / "site"
    shutil.copytree(fixture_root, site)
    (site / saved[0][0]).write_text(saved[0][1], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "coprod_site", "-C", str(site), "check",
                           "--today", "2026-06-01", saved[0][0]],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "No problems found in 1 file checked.\n"), \
        saved[0][1] + done.stdout + done.stderr
    assert admin.errors == []


def test_a_published_case_study_cannot_be_deleted_from_the_editor(admin, editor, fixture_root):
    """Taking a case study down is done by withdrawing consent, which the checks act on."""
    files = ["content/case-studies/rugby-club.md", "content/guides/starting-out.md"]
    sign_in(admin, editor, {f: (fixture_root / f).read_text(encoding="utf-8") for f in files})
    delete = admin.get_by_role("button", name="Delete published entry")
    title = admin.locator("input[id^=title-field]").first
    admin.goto(editor.url + "/admin/#/collections/guides/entries/starting-out")
    expect(title).to_have_value("Starting out together")
    expect(delete).to_have_count(1)
    admin.goto(editor.url + "/admin/#/collections/case-studies/entries/rugby-club")
    admin.reload()                  # Decap keeps the open entry on a change of #fragment only
    expect(title).to_have_value("A rugby club run by its players")
    expect(delete).to_have_count(0)
