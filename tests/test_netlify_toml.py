"""netlify.toml: how Netlify builds and serves the hub (see site.md, "Netlify")."""

import tomllib
from pathlib import Path

from coprod_site.hosting import headers_for, netlify_headers

ROOT = Path(__file__).resolve().parents[1]
NETLIFY = tomllib.loads((ROOT / "netlify.toml").read_text())
SECURITY = {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
            "Permissions-Policy", "Strict-Transport-Security"}


def rule(pattern: str) -> dict:
    return next(h["values"] for h in NETLIFY["headers"] if h["for"] == pattern)


def test_build_installs_the_package_runs_coprod_and_publishes_public():
    build = NETLIFY["build"]
    assert build["publish"] == "public"
    assert build["command"].startswith("pip install . && coprod build")
    assert build["environment"]["PYTHON_VERSION"] == "3.11"


def test_a_broken_link_fails_the_production_deploy():
    assert NETLIFY["build"]["command"].endswith("&& coprod build && coprod linkcheck")
    assert "production" not in NETLIFY.get("context", {})     # [build] is what production runs


def test_deploy_previews_build_drafts_at_their_own_address():
    preview = NETLIFY["context"]["deploy-preview"]
    assert "coprod build --drafts" in preview["command"]
    assert "$DEPLOY_PRIME_URL" in preview["command"]


def test_every_response_has_the_security_headers():
    everything = rule("/*")
    assert SECURITY <= set(everything)
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in everything["Strict-Transport-Security"]


def test_the_site_policy_forbids_inline_script_and_style():
    policy = dict(part.strip().split(" ", 1) for part in rule("/*")["Content-Security-Policy"].split(";"))
    assert "unsafe-inline" not in rule("/*")["Content-Security-Policy"]
    assert "unsafe-eval" not in policy["script-src"].replace("wasm-unsafe-eval", "")
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_admin_has_its_own_policy_after_the_site_wide_one():
    patterns = [h["for"] for h in NETLIFY["headers"]]
    assert patterns.index("/admin/*") > patterns.index("/*")
    assert "https://unpkg.com" in rule("/admin/*")["Content-Security-Policy"]


def test_fingerprinted_files_are_cached_for_a_year():
    for pattern in ("/assets/*", "/pagefind/index/*", "/pagefind/fragment/*", "/pagefind/filter/*",
                    "/pagefind/:shard/index/*", "/pagefind/:shard/fragment/*",
                    "/pagefind/:shard/filter/*"):
        assert rule(pattern)["Cache-Control"] == "public, max-age=31536000, immutable"
    rules = netlify_headers(ROOT)
    assert headers_for("/pagefind/shard-2/fragment/en_1a.pf_fragment", rules)["Cache-Control"] \
        == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in headers_for("/pagefind/shard-2/pagefind-entry.json", rules)
    assert all("Cache-Control" not in h["values"] for h in NETLIFY["headers"]
               if h["for"] in ("/*", "/pagefind/*"))
