"""`coprod linkcheck`: linkchecker over the built site, each failure traced to where to fix it.

The build checks the links contributors write (CP601 to CP603). This is the independent check
of what readers get: every link in every built page, including those the theme adds, fetched
over HTTP from a loopback copy of the site (linkchecker checks anchors over HTTP, and as root
it drops to the user `nobody`, so it reads nothing from disk). A failure is reported where
someone can fix it: the content file and line of the link, else the template line that writes
it, else the built file.

Two things are set up for linkchecker. Our loopback server answers with a `LinkChecker`
header, linkchecker's documented way for a site to lift its politeness delay (without it a
small site takes ten seconds). And its AnchorCheck plugin is found by listing linkchecker's
package folder, which `nobody` cannot do when Python lives under /root; so when running as
root the plugin is imported first and offered from a plugin folder `nobody` can read.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from coprod_site.content.contract import closest
from coprod_site.content.model import Resource
from coprod_site.diagnostics import Diagnostic, diagnostic
from coprod_site.external_links import NO_SUCH_SITE, is_external, second_look
from coprod_site.report import REFS_ONLY_HELP

TIMEOUT_SECONDS = 600
ANCHOR_WARNING = re.compile(r"Anchor `(?P<name>[^']*)' .*? not found\.(?: Available anchors: (?P<anchors>.*)\.)?")
RUNNER = ("import linkcheck.plugins.anchorcheck\n"
          "from linkcheck.command.linkchecker import linkchecker\n"
          "linkchecker()\n")


class LinkcheckError(Exception):
    """The check could not run; the message says what to do (exit code 2)."""


@dataclass(frozen=True)
class Failure:
    """One link linkchecker found broken on one built page."""

    page: str          # site path of the page holding the link: "/guides/x/"
    href: str          # the link as the HTML has it
    line: int          # position in the built HTML
    column: int
    result: str        # linkchecker's finding: "404 File not found", "ConnectionError: ..."
    missing_anchor: str | None = None     # the page is there but this #fragment is not
    anchors: tuple[str, ...] = ()         # the ids the target page does have


def run_linkchecker(origin: str, ignore: list[str], external: bool,
                    only: list[str] | None = None) -> str:
    """Run linkchecker over the site at `origin` (or over the addresses `only`, without
    following their links); return its CSV output."""
    with tempfile.TemporaryDirectory(prefix="coprod-linkcheck-") as folder:
        os.chmod(folder, 0o755)
        config = Path(folder) / "linkcheckerrc"
        config.write_text("[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n", encoding="utf-8")
        os.chmod(config, 0o644)
        env = dict(os.environ, no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            plugins = Path(folder) / "linkchecker" / "plugins"
            plugins.mkdir(parents=True)
            (plugins / "coprod_anchors.py").write_text(
                "from linkcheck.plugins.anchorcheck import AnchorCheck  # noqa: F401\n", encoding="utf-8")
            for path in (plugins.parent, plugins, plugins / "coprod_anchors.py"):
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            env["XDG_DATA_HOME"] = folder
        command = [sys.executable, "-c", RUNNER, "-f", str(config), "--no-status",
                   "-o", "csv/utf-8", "--timeout", "20"]
        for pattern in ignore:
            command += ["--ignore-url", pattern]
        if external:
            command.append("--check-extern")
        if only:
            command += ["--recursion-level", "0"]
        start = only or [origin + "/"]
        try:
            done = subprocess.run(command + start, capture_output=True, env=env,
                                  timeout=TIMEOUT_SECONDS, cwd=folder)
        except subprocess.TimeoutExpired:
            raise LinkcheckError(f"linkchecker did not finish within {TIMEOUT_SECONDS // 60} "
                                 "minutes.") from None
    if done.returncode not in (0, 1):
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise LinkcheckError(f"linkchecker could not run (exit code {done.returncode}): {why[0]}")
    return done.stdout.decode("utf-8", "replace")


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if line and not line.startswith("#"))), delimiter=";"))


def parse_failures(text: str, origin: str) -> list[Failure]:
    """Broken links and missing anchors in linkchecker's CSV output."""
    failures = []
    for row in _rows(text):
        anchor = ANCHOR_WARNING.search(row.get("warningstring") or "")
        if row.get("valid") != "False" and not anchor:
            continue
        anchors = ()
        if anchor and anchor.group("anchors") and anchor.group("anchors") != "-":
            anchors = tuple(re.findall(r"`([^']*)'", anchor.group("anchors")))
        failures.append(Failure(
            page=_site_path(row.get("parentname") or "", origin), href=row.get("urlname") or "",
            line=_number(row.get("line")), column=_number(row.get("column")),
            result=row.get("result") or "", missing_anchor=anchor and anchor.group("name"),
            anchors=anchors))
    return failures


def _site_path(url: str, origin: str) -> str:
    path = url.removeprefix(origin) or "/"
    return path[:-len("index.html")] if path.endswith("/index.html") else path


def _number(value) -> int:
    return int(value) if value and value.lstrip("-").isdigit() and int(value) > 0 else 1


def explain(result: str) -> str:
    """linkchecker's finding in plain words."""
    code = re.match(r"(\d{3})\b", result)
    if code:
        try:
            return f"the server answered {code.group(1)} {HTTPStatus(int(code.group(1))).phrase}"
        except ValueError:
            return f"the server answered {code.group(1)}"
    if "Temporary failure in name resolution" in result:
        return "no name server answered when asked for the site's address"
    if "NameResolution" in result or "Name or service not known" in result:
        return "there is no web site with that name"
    if "Timeout" in result:
        return "the site took too long to answer"
    if "SSL" in result or "certificate" in result:
        return "the site's security certificate was not accepted"
    if "ConnectionError" in result or "Connection refused" in result:
        return "the site could not be reached"
    return result.split(":")[0][:80] or "it did not answer"


class Tracer:
    """Finds where each failure can be fixed: content, template, or built file."""

    def __init__(self, result, out: Path):
        from coprod_site.site import url_resolver
        self.config, self.out = result.config, out
        self.by_url: dict[str, Resource] = {r.url: r for r in result.site.resources}
        self.url_for = url_resolver(result.site, result.index, result.plan)
        self.templates = sorted((self.config.theme / "templates").rglob("*.html")) \
            if (self.config.theme / "templates").is_dir() else []

    def diagnostics(self, failures: list[Failure], origin: str) -> list[Diagnostic]:
        found: dict[tuple, Diagnostic] = {}
        in_templates: dict[tuple, tuple[Failure, list[str]]] = {}
        for failure in failures:
            code = "CP604" if is_external(failure.href, origin) else \
                "CP602" if failure.missing_anchor is not None else "CP601"
            resource = self.by_url.get(failure.page)
            places = self.in_content(resource, failure.href) if resource else []
            for line, column in places:
                d = self.message(code, resource.rel, line, column, failure)
                found[d.sort_key()] = d
            where = None if places else self.in_template(failure.href)
            if where:
                in_templates.setdefault((code, *where, failure.href), (failure, []))[1].append(
                    failure.page)
            elif not places:
                d = self.message(code, self.built_file(failure.page), failure.line,
                                 failure.column, failure, built=True)
                found[d.sort_key()] = d
        for (code, rel, line, column, _), (first, pages) in in_templates.items():
            d = self.message(code, rel, line, column, first, pages=sorted(set(pages)))
            found[d.sort_key()] = d
        return list(found.values())

    def in_content(self, resource: Resource, href: str) -> list[tuple[int, int]]:
        """Lines and columns of the links in `resource` that the build turned into `href`."""
        places = []
        for link in resource.doc.links if resource.doc else ():
            if (self.url_for(link) or link.href) == href:
                places.append((link.line, link.column))
        for i, source in enumerate(resource.sources):
            if source.url == href:
                places.append((resource.line_of(f"sources.{i}.url", resource.line_of("sources")), 1))
        return places

    def in_template(self, href: str) -> tuple[str, int, int] | None:
        pattern = re.compile(r"""\b(?:href|src)=["']""" + re.escape(href) + "[\"']")
        for path in self.templates:
            for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                          .splitlines(), start=1):
                match = pattern.search(text)
                if match:
                    return self.shown(path), number, match.start() + 1
        return None

    def built_file(self, page: str) -> str:
        relative = page.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return self.shown(self.out / relative)

    def shown(self, path: Path) -> str:
        path = path.resolve()
        root = self.config.root.resolve()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def message(self, code: str, file: str, line: int, column: int, failure: Failure,
                pages: list[str] | None = None, built: bool = False) -> Diagnostic:
        what = f"This link to {failure.href}"
        if pages:
            more = f" and {len(pages) - 1} other page{'s' if len(pages) > 2 else ''}" \
                if len(pages) > 1 else ""
            what = f"The theme's link to {failure.href} (on {pages[0]}{more})"
        elif built:
            what = f"The link to {failure.href} on {failure.page}"
        if code == "CP602":
            guess = closest(failure.missing_anchor, failure.anchors)
            return diagnostic(
                code, file, line, column,
                f"{what} goes to a part called #{failure.missing_anchor}, but that page has no "
                "heading or id with that name.",
                f"Did you mean #{guess}?" if guess else
                "A heading's id is its text in lowercase with hyphens for spaces.")
        if code == "CP604":
            first = ("Check the address for a typing mistake. If the site has closed, remove "
                     "the link" if failure.result == NO_SUCH_SITE else
                     "Open the link in a browser. If the page has moved, link to its new "
                     "address; if it has gone, remove the link")
            return diagnostic(
                code, file, line, column,
                f"{what} did not work when it was checked: {explain(failure.result)}.",
                f"{first} or link to a saved copy (web.archive.org).")
        if pages:
            hint = "Fix the link in this template, then run coprod build and coprod linkcheck again."
        elif built:
            hint = ("The link is not in a content file or a template. Run coprod build again; "
                    "if it is still there, ask the site's maintainers.")
        elif failure.href.startswith("/"):
            hint = ("Link to the content file instead, like ../pages/about.md, so that every "
                    "build checks the link.")
        else:
            hint = "Check the address, then run coprod build and coprod linkcheck again."
        return diagnostic(code, file, line, column,
                          f"{what} leads nowhere on the built site: {explain(failure.result)}.",
                          hint)


def linkcheck(config, out: Path, external: bool, options,
              refs_only: bool = False) -> tuple[list[Diagnostic], int, bool]:
    """Check the site built in `out`; return diagnostics (people named by ref with
    `refs_only`), the number of pages checked, and whether links to other sites went unchecked
    because this machine is offline.
    The build's stages up to the plan say where in the content each built link came from."""
    from coprod_site import report
    from coprod_site.build import run
    from coprod_site.checks.suppress import make_filter
    from coprod_site.diagnostics import apply_policy
    from coprod_site.hosting import serving

    out = Path(out)
    if not (out / "index.html").is_file():
        raise LinkcheckError(f"There is no built site in {out}. Run coprod build first.")
    result = run(config, options, until="plan")
    ignore = [f"^{re.escape(config.base_url)}"]
    with serving(out, headers={"LinkChecker": "coprod linkcheck", "Cache-Control": "no-store"}) as server:
        # /admin/ is the editor, an app whose #fragments are its own routes, not headings
        ignore.append(f"^{re.escape(server.origin)}/admin/")
        text = run_linkchecker(server.origin, ignore, external)
        failures, offline = parse_failures(text, server.origin), False
        if external:
            answered = any(row.get("valid") == "True" and is_external(row.get("urlname") or "",
                                                                      server.origin)
                           for row in _rows(text))
            failures, offline = second_look(failures, server.origin, answered, lambda urls: {
                f.href: f.result for f in parse_failures(
                    run_linkchecker(server.origin, ignore, True, only=urls), server.origin)})
        found = Tracer(result, out).diagnostics(failures, server.origin)
    pages = sum(1 for _ in out.rglob("*.html"))
    kept = apply_policy(found, config.severities, make_filter(result.site.resources))
    if refs_only:
        kept = report.refs_only(kept, result.index.people)
    return kept, pages, offline


def stale_sources(config, out: Path) -> bool:
    """True when a content file changed after the last build (line numbers may have moved)."""
    built = (out / "index.html").stat().st_mtime
    return any(p.stat().st_mtime > built for p in config.content_dir.rglob("*.md"))


def cmd_linkcheck(args, config) -> int:
    """The `coprod linkcheck` command."""
    from coprod_site import report
    from coprod_site.commands.common import options

    out = Path(args.out) if args.out else config.root / config.output
    if not out.is_absolute():
        out = Path.cwd() / out
    if sys.stderr.isatty() and not args.quiet:
        print(f"Checking every link in {out} ...", file=sys.stderr)
    try:
        diagnostics, pages, offline = linkcheck(config, out, args.external, options(args),
                                                args.refs_only)
    except LinkcheckError as error:
        print(f"coprod: {error}", file=sys.stderr)
        return 2
    if stale_sources(config, out):
        print("Note: content changed after the last build, so some line numbers may be out of "
              "date. Run coprod build, then coprod linkcheck again.", file=sys.stderr)
    shown = [d for d in diagnostics if d.severity.value != "info"]
    if args.format == "json":
        print(report.as_json(diagnostics, [], pages))
    elif args.format == "github":
        print(report.github(diagnostics))
    elif args.format == "sarif":
        print(report.sarif(diagnostics))
    elif shown or not args.quiet:
        print(report.text(shown, pages, sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    if offline:
        print("coprod: Links to other sites were not checked: this computer cannot reach the "
              "internet (no name server answered). Connect to the internet, then run coprod "
              "linkcheck --external again.", file=sys.stderr)
        return 2
    errors = sum(1 for d in shown if d.severity.value == "error")
    return 1 if errors or (args.strict and shown) else 0


def add_parser(commands, dated) -> None:
    sub = dated(commands.add_parser(
        "linkcheck", help="check every link in the built site and say where to fix it"))
    sub.add_argument("--out", type=Path, metavar="DIR", help="the built site (default public/)")
    sub.add_argument("--drafts", action="store_true",
                     help="the site was built with --drafts")
    sub.add_argument("--external", action="store_true",
                     help="also check links to other sites (needs the internet)")
    sub.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text")
    sub.add_argument("--refs-only", action="store_true", help=REFS_ONLY_HELP)
