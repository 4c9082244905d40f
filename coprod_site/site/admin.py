"""`/admin/`: Decap CMS, for contributors who do not use Git.

The editor's collections and fields are generated from the content contract (`contract.KEYS`,
the kinds, the topic and audience lists, the consent scopes), the same source the checks use,
so the form cannot offer a key the build rejects or miss one it needs. Every save goes through
the editorial workflow: a pull request that CI checks before a maintainer merges it.

The reader's browser fetches Decap from its CDN, pinned to one version with a Subresource
Integrity hash; the build downloads nothing. `config.yml` is public: it holds field
definitions and the public topic and audience labels only, never any content or consent data.
`/admin/admin.js` (a file, so the CSP needs no inline script) gives the preview the hub's
stylesheet and removes the loading message once Decap has loaded. Sign-in is Netlify Identity
(git-gateway). Public pages load no scripts, so Identity's invitation and password e-mails
must link to /admin/ (set in Netlify's e-mail templates).
"""

from __future__ import annotations

from html import escape

import yaml

from coprod_site.content.contract import KEYS, SUMMARY_MAX, TITLE_MAX
from coprod_site.content.model import SCOPES, STATUSES, Kind

DECAP_VERSION = "3.16.3"
DECAP_URL = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
DECAP_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
IDENTITY_VERSION = "1.9.2"     # the 1.x line that identity.netlify.com/v1/ serves, pinned
IDENTITY_URL = (f"https://unpkg.com/netlify-identity-widget@{IDENTITY_VERSION}"
                "/build/netlify-identity-widget.js")
IDENTITY_INTEGRITY = "sha384-dy2tW8xkhLIj8lZR42MCwZhhDb2cCewZiw0uA65CMpdHiJzL+iubx7HzHcCXU2rW"

# Keys the form leaves out on purpose, and why. Every other contract key must have a field.
NOT_IN_FORM = {"kind": "the folder a file is in decides its kind, so the form cannot disagree"}

DESCRIPTIONS = {
    Kind.GUIDE: "How-to guides: the steps to do one thing well.",
    Kind.CASE_STUDY: "Stories of real co-production work. Everyone named, quoted or shown "
                     "must have given consent for that use. To take a story down, set its "
                     "status to withdrawn (it cannot be deleted here).",
    Kind.TOOLKIT: "Checklists, templates and other things to use.",
    Kind.PAGE: "Pages about the hub: about us, accessibility statement, privacy.",
}


def _date(name: str, label: str, hint: str, required: bool = False) -> dict:
    return {"label": label, "name": name, "widget": "datetime", "required": required,
            "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
            "picker_utc": True, "hint": hint}


def _text(name: str, label: str, hint: str, required: bool = False, **more) -> dict:
    return {"label": label, "name": name, "widget": "string", "required": required,
            "hint": hint, **more}


def _list(name: str, label: str, hint: str, **more) -> dict:
    """A list that starts empty: without `default: []` Decap starts a new entry's list with
    one blank item whenever a sub-field has a default, which the contributor must delete."""
    return {"label": label, "name": name, "widget": "list", "required": False, "default": [],
            "hint": hint, **more}


def _strings(name: str, label: str, hint: str, item: str) -> dict:
    return _list(name, label, hint, field={"label": item, "name": "item", "widget": "string"})


def _choices(name: str, label: str, hint: str, terms: dict, required: bool) -> dict:
    options = [{"label": term.label, "value": slug} for slug, term in terms.items()]
    field = {"label": label, "name": name, "widget": "select", "multiple": True,
             "required": required, "options": options or [{"label": "(none yet)", "value": ""}],
             "hint": hint}
    if required:
        field["min"] = 1
    return field


def _people() -> dict:
    consent = [
        _text("record", "Consent form reference", "The reference of the signed consent form, "
              "such as the number on the form. The form itself is kept off the site.",
              required=True),
        _date("given", "Date consent was given", "The date on the signed form.", required=True),
        _date("expires", "Consent ends on", "Leave empty if the form gives no end date. The page "
              "is taken down on this date."),
        _date("withdrawn", "Consent withdrawn on", "Fill this in on the day the person asks to "
              "be taken off. The page is taken down."),
        {"label": "What they agreed to", "name": "covers", "widget": "select", "multiple": True,
         "required": True, "min": 1, "options": list(SCOPES),
         "hint": "Tick only what the form says: story, name, quote, photo, video or audio."},
        {"label": "Under 18", "name": "under_18", "widget": "boolean", "required": False,
         "default": False, "hint": "Turn on if the person was under 18 when they agreed."},
        {"label": "A parent or guardian agreed too", "name": "guardian", "widget": "boolean",
         "required": False, "default": False,
         "hint": "Needed for anyone under 18. Turn on only if a guardian signed the form."},
    ]
    return _list(
        "people", "People in this story",
        "Everyone this page names, quotes or shows, with what they agreed to.",
        summary="{{fields.shown_as}}",
        fields=[
            _text("ref", "Short name for the checks", "One word used below in 'Who the "
                  "photo shows', like sam.", required=True, pattern=["^[a-z0-9-]+$",
                  "Use lowercase letters, numbers and hyphens only."]),
            _text("shown_as", "Name on the page", "Exactly how the page names them, or "
                  "'a trainer' if they stay anonymous.", required=True),
            _strings("aliases", "Other names", "Other names any page might use for them. "
                     "Every page is searched for these too.", "Name"),
            {"label": "Anonymous", "name": "anonymous", "widget": "boolean",
             "required": False, "default": False,
             "hint": "Turn on if the page must never name this person."},
            {"label": "Consent", "name": "consent", "widget": "object", "required": True,
             "fields": consent},
        ])


def _media() -> dict:
    return _list(
        "media", "Images, audio and video", "Every image that shows a person, with who it shows.",
        summary="{{fields.file}}",
        fields=[
            {"label": "File", "name": "file", "widget": "file", "required": True,
             "media_folder": "../media", "public_folder": "media",
             "hint": "Upload it or choose one you uploaded before."},
            _text("alt", "What it shows (alt text)", "Say what the picture shows for "
                  "someone who cannot see it, like 'Sam coaching a rugby session'."),
            _text("caption", "Caption", "Shown under the picture."),
            _list("shows", "Who it shows", "The short names (from People) of everyone who can "
                  "be recognised. Leave empty if nobody can.",
                  field={"label": "Short name", "name": "ref", "widget": "string"}),
        ])


def fields_for(kind: Kind, site) -> list[dict]:
    """One field per contract key (except `NOT_IN_FORM`), then the body."""
    resource = kind is not Kind.PAGE
    by_key = {
        "title": _text("title", "Title", f"Up to {TITLE_MAX} characters. Say what the page "
                       "helps people do.", required=True,
                       pattern=[f"^.{{1,{TITLE_MAX}}}$", f"Use {TITLE_MAX} characters or fewer."]),
        "summary": {"label": "Summary", "name": "summary", "widget": "text", "required": True,
                    "hint": f"One or two short sentences, up to {SUMMARY_MAX} characters. "
                            "Shown in lists, search and link previews.",
                    "pattern": [f"^[\\s\\S]{{1,{SUMMARY_MAX}}}$",
                                f"Use {SUMMARY_MAX} characters or fewer."]},
        "topics": _choices("topics", "Topics", "Choose at least one." if resource else
                           "Optional for pages.", site.topics, required=resource),
        "audiences": _choices("audiences", "Who it is for", "Optional.", site.audiences,
                              required=False),
        "published": _date("published", "Date published", "The day it first goes live.",
                           required=resource),
        "updated": _date("updated", "Date updated", "Only after a real change to the content. "
                         "Not before the date published."),
        "reviewed": _date("reviewed", "Date last reviewed", "When someone last checked that "
                          "the page is still right."),
        "status": {"label": "Status", "name": "status", "widget": "select", "required": False,
                   "default": "draft", "options": list(STATUSES),
                   "hint": "Only published pages go on the site. Draft and review pages are "
                           "shown in the preview only. Withdrawn takes a page down."},
        "lang": _text("lang", "Language", "Leave empty for English. Otherwise a language "
                      "code, like cy for Welsh.", pattern=["^([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$",
                                                           "Use a language code like cy or en-GB."]),
        "co_producers": _list(
            "co_producers", "Who made this", "Everyone who made this together, people or groups.",
            summary="{{fields.name}}",
            fields=[_text("name", "Name", "A person or a group, like 'Trainers Group'.",
                          required=True),
                    _text("role", "Role", "What they did, like 'wrote it' or 'tested it'.",
                          required=True)]),
        "content_warnings": _strings("content_warnings", "Content warnings", "Short phrases, "
                                     "like 'mentions self-harm'. Shown before the content.",
                                     "Warning"),
        "easy_read": _text("easy_read", "Easy Read version", "The file of the Easy Read "
                           "version, like ../guides/paying-people-easy-read.md."),
        "related": _strings("related", "Related resources", "Files of other resources, like "
                            "../toolkits/check-in.md.", "File"),
        "sources": _list(
            "sources", "Sources", "What this page draws on.", summary="{{fields.title}}",
            fields=[_text("title", "Title", "The name of the source.", required=True),
                    _text("url", "Web address", "The full address, starting https://.",
                          required=True,
                          pattern=["^https?://", "Start the address with https://."])]),
        "people": _people(),
        "media": _media(),
        "checks": {"label": "Turn off a check", "name": "checks", "widget": "object",
                   "required": False, "collapsed": True,
                   "hint": "Rarely needed. Ask a maintainer first. Consent checks cannot be "
                           "turned off.",
                   "fields": [_strings("ignore", "Checks to turn off", "Rule codes, like CP302.",
                                       "Rule code"),
                              _text("reason", "Why", "So others know why, like 'quotes the law "
                                    "word for word'.")]},
        "slug": _text("slug", "Web address name", "Leave empty to use the file name. Lowercase "
                      "letters, numbers and hyphens only.",
                      pattern=["^([a-z0-9]+(-[a-z0-9]+)*)?$",
                               "Use lowercase letters, numbers and single hyphens."]),
    }
    fields = [by_key[key] for key in KEYS if key in by_key and key not in NOT_IN_FORM]
    fields.append({"label": "Body", "name": "body", "widget": "markdown", "required": False,
                   "hint": "Short sentences and plain words. Use headings (##) to break it up."})
    return fields


def decap_config(config, site) -> dict:
    """The Decap CMS configuration for this site."""
    collections = []
    for kind in Kind:
        url = "{{slug}}/" if kind is Kind.PAGE else f"{kind.folder}/{{{{slug}}}}/"
        collections.append({
            "name": kind.folder, "label": kind.plural, "label_singular": kind.label,
            "description": DESCRIPTIONS[kind], "folder": f"content/{kind.folder}",
            "create": True, "extension": "md", "format": "yaml-frontmatter",
            # people are withdrawn, never deleted: a story is taken down by withdrawing it
            "delete": kind is not Kind.CASE_STUDY,
            "slug": "{{slug}}", "preview_path": url,
            "media_folder": "../media", "public_folder": "../media",
            "summary": "{{title}}", "fields": fields_for(kind, site)})
    return {
        "backend": {"name": "git-gateway", "branch": "main"},
        "publish_mode": "editorial_workflow",
        "site_url": config.base_url, "display_url": config.base_url,
        "locale": "en",
        "media_folder": "content/media", "public_folder": "/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


ADMIN_SCRIPT = """// Runs after Decap CMS: styles its preview like the hub, and takes the loading
// message away. If Decap could not load, the message says so instead.
(function () {
  "use strict";
  var script = document.currentScript;
  var message = document.getElementById("loading");
  if (!window.CMS) {
    message.querySelector("p").textContent = "The content editor could not load. Check your " +
      "internet connection and reload the page.";
    return;
  }
  var style = script.getAttribute("data-preview-style");
  if (style) { window.CMS.registerPreviewStyle(style); }
  message.remove();
}());
"""


def admin_page(config, preview_style: str | None) -> str:
    """The page that loads Decap CMS; no inline script, so the site's CSP stays strict.
    `preview_style` is the hub's stylesheet (`/assets/style.1a2b3c4d5e.css`), for the preview."""
    style = f' data-preview-style="{escape(preview_style)}"' if preview_style else ""
    return (
        f'<!doctype html>\n<html lang="{escape(config.language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>Edit content | {escape(config.title)}</title>\n"
        f'<script src="{IDENTITY_URL}" integrity="{IDENTITY_INTEGRITY}" '
        'crossorigin="anonymous"></script>\n'
        '</head>\n<body>\n<main id="loading">\n<h1>Edit content</h1>\n'
        "<p>The content editor is loading. It needs JavaScript, and an account a maintainer "
        "has invited you to. You can also edit the files in the content folder on GitHub.</p>\n"
        "</main>\n"
        f'<script src="{DECAP_URL}" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous"></script>\n'
        f'<script src="/admin/admin.js"{style}></script>\n'
        "</body>\n</html>\n")


def render_admin(config, site, preview_style: str | None = None) -> dict[str, str]:
    """`/admin/index.html`, `/admin/admin.js` and `/admin/config.yml`."""
    text = yaml.safe_dump(decap_config(config, site), sort_keys=False, allow_unicode=True,
                          width=100)
    header = ("# Decap CMS settings, made by coprod build from the content contract. "
              "Do not edit: change the contract or content/_data instead.\n")
    return {"/admin/index.html": admin_page(config, preview_style),
            "/admin/admin.js": ADMIN_SCRIPT, "/admin/config.yml": header + text}
