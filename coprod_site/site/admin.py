"""`/admin/`: Decap CMS, for contributors who do not use Git.

The editor's collections and fields are generated from the field table (`content.schema`: label,
help, which kinds need a key, limits, patterns, choices) and the topic and audience lists, the
same source the checks use, so the form cannot offer a key the build rejects or miss one it
needs. Only Decap's own settings (widget names, folders) are written here. Every save goes through
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

from coprod_site.content.model import Kind
from coprod_site.content.schema import FIELDS, LISTS, Field

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


WIDGETS = {"text": "string", "paragraph": "text", "date": "datetime", "flag": "boolean",
           "terms": "select", "choice": "select", "choices": "select", "strings": "list",
           "paths": "list", "path": "string", "file": "file", "records": "list",
           "object": "object"}


def _widget(field: Field, kind: Kind, site) -> dict:
    """The Decap field for one schema field: its widget follows from the field's type."""
    required = field.required_for(kind) or bool(field.enforced_by)
    hint = field.hint
    if field.required and not field.required_for(kind):
        hint += f" Optional for {kind.plural.lower()}."
    out = {"label": field.label, "name": field.name, "widget": WIDGETS[field.type],
           "required": required and (field.type not in LISTS or field.least > 0)}
    if field.type == "date":
        out.update(format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False,
                   picker_utc=True)
    elif field.type == "flag":
        out["default"] = False
    elif field.type == "terms":
        options = [{"label": t.label, "value": slug}
                   for slug, t in getattr(site, field.name).items()]
        out.update(multiple=True, options=options or [{"label": "(none yet)", "value": ""}])
    elif field.type == "choices":
        out.update(multiple=True, options=list(field.choices))
    elif field.type == "choice":
        out.update(options=list(field.choices), default=field.new)
    # every list starts empty: without `default: []` Decap starts a new entry's list with one
    # blank item whenever a sub-field has a default, which the contributor must delete
    elif field.type in ("strings", "paths"):
        out.update(default=[], field={"label": field.item.capitalize(), "name": "item",
                                      "widget": "string"})
    elif field.type == "records":
        out.update(default=[], summary=f"{{{{fields.{field.entry}}}}}")
    elif field.type == "file":
        out.update(media_folder="../media", public_folder="media")
    elif field.type == "object" and not required:
        out["collapsed"] = True
    if out.get("multiple") and out["required"]:
        out["min"] = field.least
    if field.fields:
        out["fields"] = [_widget(sub, kind, site) for sub in field.fields]
    if field.limit:
        any_char = "[\\s\\S]" if field.type == "paragraph" else "."
        out["pattern"] = [f"^{any_char}{{1,{field.limit}}}$",
                          f"Use {field.limit} characters or fewer."]
    elif field.pattern and field.type != "date":     # the date picker writes the format
        regex = field.pattern.regex
        if not required and regex.endswith("$"):
            regex = f"^({regex[1:-1]})?$"
        out["pattern"] = [regex, field.pattern.description]
    out["hint"] = hint
    return out


def fields_for(kind: Kind, site) -> list[dict]:
    """One field per schema field (except `NOT_IN_FORM`), then the body."""
    fields = [_widget(field, kind, site) for field in FIELDS if field.name not in NOT_IN_FORM]
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
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)     # libyaml's: the same text, faster
    text = yaml.dump(decap_config(config, site), Dumper=dumper, sort_keys=False,
                     allow_unicode=True, width=100)
    header = ("# Decap CMS settings, made by coprod build from the content contract. "
              "Do not edit: change the contract or content/_data instead.\n")
    return {"/admin/index.html": admin_page(config, preview_style),
            "/admin/admin.js": ADMIN_SCRIPT, "/admin/config.yml": header + text}
