"""/admin/: the Decap CMS page and its config.yml, generated from the content contract."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import AUDIENCES, TOPICS, make_site, page, run
from coprod_site.content.contract import KEYS
from coprod_site.content.model import SCOPES, STATUSES, Kind
from coprod_site.site.admin import (DECAP_INTEGRITY, DECAP_URL, IDENTITY_INTEGRITY, IDENTITY_URL,
                                    NOT_IN_FORM)

STORY = page(
    title="Learning to coach together",
    summary="How a rugby club and its players planned training together.",
    body="## What happened\n\nZeynep and the coaches planned each session together.\n",
    people=[{"ref": "zeynep", "shown_as": "Zeynep", "anonymous": False,
             "consent": {"record": "CF-2026-914", "given": "2026-02-10",
                         "covers": ["story", "name"]}}])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("site"), {
        "content/guides/paying.md": page(),
        "content/case-studies/coaching.md": STORY,
    })
    code, out, err = run(root, "build", "--today", "2026-06-01")
    assert code == 0, out + err
    return root / "public"


@pytest.fixture(scope="module")
def cms(built):
    return yaml.safe_load((built / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_every_change_becomes_a_pull_request(cms):
    assert cms["backend"] == {"name": "git-gateway", "branch": "main"}
    assert cms["publish_mode"] == "editorial_workflow"
    assert (cms["media_folder"], cms["public_folder"]) == ("content/media", "/media")


def test_one_collection_per_kind_in_its_folder(cms):
    assert [(c["name"], c["label"], c["folder"]) for c in cms["collections"]] == [
        ("guides", "Guides", "content/guides"),
        ("case-studies", "Case studies", "content/case-studies"),
        ("toolkits", "Toolkits", "content/toolkits"),
        ("pages", "Pages", "content/pages")]
    for collection in cms["collections"]:
        assert collection["create"] is True
        # a case study is taken down by withdrawing consent, which the checks then act on
        assert collection["delete"] is (collection["name"] != "case-studies")
        assert collection["format"] == "yaml-frontmatter"
        # images in the body are written as ../media/x.jpg, the relative path the build resolves
        assert (collection["media_folder"], collection["public_folder"]) == ("../media", "../media")


def test_every_contract_key_has_a_field_with_a_plain_english_hint(cms):
    assert NOT_IN_FORM == {"kind": "the folder a file is in decides its kind, so the form "
                                   "cannot disagree"}
    for collection in cms["collections"]:
        names = [field["name"] for field in collection["fields"]]
        assert names == [key for key in KEYS if key != "kind"] + ["body"]
        for field in collection["fields"]:
            assert field["hint"].endswith((".", "'")), (collection["name"], field["name"])


@pytest.mark.parametrize("kind, required", [
    (Kind.GUIDE, ["title", "summary", "topics", "published"]),
    (Kind.CASE_STUDY, ["title", "summary", "topics", "published"]),
    (Kind.PAGE, ["title", "summary"]),
])
def test_only_the_keys_the_contract_requires_are_required(cms, kind, required):
    collection = next(c for c in cms["collections"] if c["name"] == kind.folder)
    # Decap treats a field as required unless told otherwise, so every field says which it is
    assert [f["name"] for f in collection["fields"] if f.get("required", True)] == required


def test_choices_come_from_the_data_files_and_the_contract(cms):
    fields = {f["name"]: f for f in cms["collections"][0]["fields"]}
    assert fields["topics"]["options"] == [{"label": t["label"], "value": slug}
                                           for slug, t in TOPICS.items()]
    assert fields["audiences"]["options"] == [{"label": a["label"], "value": slug}
                                              for slug, a in AUDIENCES.items()]
    assert fields["status"]["options"] == list(STATUSES)
    assert fields["status"]["default"] == "draft"
    people = {f["name"]: f for f in fields["people"]["fields"]}
    consent = {f["name"]: f for f in people["consent"]["fields"]}
    assert list(consent) == ["record", "given", "expires", "withdrawn", "covers", "under_18",
                             "guardian"]
    assert consent["covers"]["options"] == list(SCOPES)
    media = {f["name"]: f for f in fields["media"]["fields"]}
    assert list(media) == ["file", "alt", "caption", "shows"]
    assert (media["file"]["media_folder"], media["file"]["public_folder"]) == ("../media", "media")


def test_dates_are_written_as_the_contract_expects(cms):
    fields = {f["name"]: f for f in cms["collections"][0]["fields"]}
    for name in ("published", "updated", "reviewed"):
        assert (fields[name]["format"], fields[name]["time_format"]) == ("YYYY-MM-DD", False)


def test_the_public_config_holds_no_content_or_consent_data(built):
    text = (built / "admin" / "config.yml").read_text(encoding="utf-8")
    for private in ("CF-2026-914", "Zeynep", "2026-02-10", "Learning to coach"):
        assert private not in text


def test_the_admin_page_loads_decap_from_its_cdn_without_inline_script(built):
    html = (built / "admin" / "index.html").read_text(encoding="utf-8")
    style = "/assets/" + next((built / "assets").glob("style.*.css")).name
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert [(attrs.strip(), body) for attrs, body in scripts] == [
        (f'src="{IDENTITY_URL}" integrity="{IDENTITY_INTEGRITY}" crossorigin="anonymous"', ""),
        (f'src="{DECAP_URL}" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous"', ""),
        (f'src="/admin/admin.js" data-preview-style="{style}"', "")]
    assert (built / style.lstrip("/")).is_file()
    script = (built / "admin" / "admin.js").read_text(encoding="utf-8")
    assert 'window.CMS.registerPreviewStyle(style)' in script
    assert 'document.getElementById("loading")' in script and '<main id="loading">' in html
    assert DECAP_URL == "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"
    assert IDENTITY_URL == ("https://unpkg.com/netlify-identity-widget@1.9.2"
                            "/build/netlify-identity-widget.js")
    assert '<meta name="robots" content="noindex">' in html
    assert "<h1>Edit content</h1>" in html
    assert "/admin/" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_case_studies_cannot_be_deleted_and_people_have_other_names(cms):
    """People are withdrawn, never deleted (content.md, "Consent across the hub")."""
    assert [c["name"] for c in cms["collections"] if c.get("delete", True) is False] == [
        "case-studies"]
    case_studies = next(c for c in cms["collections"] if c["name"] == "case-studies")
    people = next(f for f in case_studies["fields"] if f["name"] == "people")
    assert [f["name"] for f in people["fields"]] == ["ref", "shown_as", "aliases", "anonymous",
                                                     "consent"]


def test_every_list_starts_empty(cms):
    """Decap fills a list with one blank item when a sub-field has a default, unless the list
    has its own default: a case study that names nobody must not start with a blank person."""
    def lists(fields):
        for field in fields:
            if field["widget"] == "list":
                yield field
            yield from lists(field.get("fields", []))
    found = [(c["name"], f["name"]) for c in cms["collections"] for f in lists(c["fields"])]
    assert {name for _, name in found} == {"co_producers", "content_warnings", "related",
                                           "sources", "people", "aliases", "media", "shows",
                                           "ignore"}
    for collection in cms["collections"]:
        for field in lists(collection["fields"]):
            assert field["default"] == [], (collection["name"], field["name"])
