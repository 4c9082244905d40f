"""The GitHub Actions workflow (.github/workflows/ci.yml) and the weekly issue it keeps."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from conftest import make_site, page

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
CI = yaml.safe_load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))
TOOLS = Path(sys.executable).parent
DAILY, WEEKLY = "7 0 * * *", "23 5 * * 1"


def steps(job: str) -> list[dict]:
    return CI["jobs"][job]["steps"]


def step(job: str, name: str) -> dict:
    return next(s for s in steps(job) if s.get("name") == name)


def runs(job: str) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def uses(job: str, action: str) -> dict:
    return next(s for s in steps(job) if s.get("uses", "").startswith(action + "@"))


def test_actionlint_and_shellcheck_find_nothing_wrong_in_the_workflows():
    done = subprocess.run([TOOLS / "actionlint", "-no-color", "-shellcheck", TOOLS / "shellcheck",
                           *sorted(WORKFLOWS.glob("*.yml"))],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_it_runs_on_pull_requests_pushes_and_two_schedules():
    triggers = CI.get("on", CI.get(True))          # YAML 1.1 reads a bare `on` as true
    assert {"pull_request", "push", "schedule", "workflow_dispatch"} <= set(triggers)
    assert [s["cron"] for s in triggers["schedule"]] == [DAILY, WEEKLY]
    assert CI["jobs"]["daily-rebuild"]["if"].startswith(f"github.event.schedule == '{DAILY}'")
    assert CI["jobs"]["weekly-report"]["if"].startswith(f"github.event.schedule == '{WEEKLY}'")


def test_pull_requests_and_pushes_check_build_linkcheck_and_test_with_caches():
    python = uses("checks", "actions/setup-python")["with"]
    assert (python["cache"], python["python-version"]) == ("pip", "3.11")
    assert uses("checks", "actions/cache")["with"]["path"] == ".coprod-cache"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"^(bash scripts/test)\s+#", readme, re.MULTILINE).group(1)
    commands = [s.get("run") for s in steps("checks")]
    for command in ("coprod check --format github", "coprod build",
                    "coprod linkcheck --format github", test_command):
        assert command in commands
    upload = uses("checks", "github/codeql-action/upload-sarif")
    assert upload["continue-on-error"] is True
    assert "github.event.repository.visibility == 'public'" in upload["if"]
    assert "vars.CODE_SCANNING == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "coprod.sarif"
    assert "coprod check --format sarif > coprod.sarif" in runs("checks")
    assert "::notice title=Code scanning skipped::" in runs("checks")


def test_the_daily_job_asks_netlify_to_build_and_can_delete_old_deploys():
    hook = step("daily-rebuild", "Ask Netlify for a production build")
    assert hook["env"]["HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    assert 'curl --fail' in hook["run"] and '-X POST' in hook["run"]
    assert "::notice title=Daily rebuild skipped::" in runs("daily-rebuild")
    assert "select(.code == \"CP207\" or .code == \"CP208\")" in runs("daily-rebuild")
    prune = step("daily-rebuild", "Delete Netlify deploys older than the new production deploy")
    assert prune["if"] == "steps.withdrawn.outputs.found == 'yes'"
    assert prune["env"]["NETLIFY_AUTH_TOKEN"] == "${{ secrets.NETLIFY_AUTH_TOKEN }}"
    assert 'api -X DELETE "$base/deploys/$id"' in prune["run"]


def test_the_weekly_job_checks_links_consent_and_reviews_and_keeps_one_issue():
    assert CI["jobs"]["weekly-report"]["permissions"]["issues"] == "write"
    commands = runs("weekly-report")
    for command in ("coprod check --refs-only --format github",
                    "coprod linkcheck --external --refs-only --format github",
                    "python .github/weekly-issue.py", "gh issue edit", "gh issue create",
                    "gh issue close"):
        assert command in commands


def scheduled_site(tmp_path):
    """A hub with a broken link, a review due and consent that ends 45 days from today (the
    scheduled run checks at the real date): (root, the case study's text, the end date)."""
    today = datetime.now(timezone.utc).date()
    ends = today + timedelta(days=45)
    people = [{"ref": "sam", "shown_as": "Sam Okafor", "anonymous": False,
               "consent": {"record": "CF-2026-014", "given": "2026-02-10",
                           "expires": ends.isoformat(), "covers": ["story", "name"]}}]
    text = page(title="Training night", people=people, reviewed="2024-01-10",
                body="## What happened\n\nSam Okafor runs the session. Read the "
                     "[pay guide](../guides/missing.md) first.\n")
    return make_site(tmp_path, {"content/case-studies/training-night.md": text}), text, ends


def where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def run_step(root: Path, script: str) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it (bash -e -o pipefail), with coprod on the PATH."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PATH=f"{TOOLS}{os.pathsep}{os.environ['PATH']}"))


def test_the_scheduled_check_annotates_files_and_refs_never_names(tmp_path):
    root, text, ends = scheduled_site(tmp_path)
    done = run_step(root, step("weekly-report", "Check consent and reviews at today's date")["run"])
    expires, reviewed = where(text, "expires:")[0], where(text, "reviewed:")[0]
    link, column = where(text, "[pay guide]")
    expiring = (f"Consent for ref sam ends on {ends}, in 45 days. The page will be withdrawn "
                "automatically after that day. Get in touch with ref sam (consent record on "
                "file) to ask whether they want to renew it, and update the dates if they do.")
    review = ("This page was last reviewed on 10 January 2024. Pages are reviewed every 12 "
              "months, so a review was due on 10 January 2025. Check the page is still right "
              "(facts, contacts, links), then set reviewed: to the date you checked it.")
    broken = ("This link points to ../guides/missing.md, but there is no file at "
              "content/guides/missing.md. Check the spelling and the ../ part of the path. "
              "Paths start from this file's folder.")
    file = "file=content/case-studies/training-night.md"
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"::warning {file},line={expires},col=1,title=CP206 consent-expiring::{expiring}",
        f"::warning {file},line={reviewed},col=1,title=CP701 review-due::{review}",
        f"::error {file},line={link},col={column},title=CP601 broken-link::{broken}"]
    for secret in ("sam okafor", "okafor", "cf-2026-014", "2026-02-10"):
        assert secret not in done.stdout.lower()

    (root / "check.txt").write_text(done.stdout, encoding="utf-8")
    (root / "links.txt").write_text("", encoding="utf-8")
    issue = run_step(root, f"{sys.executable} {REPO / '.github' / 'weekly-issue.py'} "
                           "2026-11-30 check.txt links.txt")
    item = "- `content/case-studies/training-night.md` line"
    assert issue.stdout == (
        "The weekly check on 2026-11-30 found these. People are named by their `ref`: the file "
        "says who they are.\n\n"
        "### Errors\n\nFix these first: they stop the next build or break a page on the live "
        f"site.\n\n{item} {link}: {broken}\n\n"
        "### Consent ending within 60 days\n\nGet in touch with each person through the consent "
        "record named in the file. If they renew, update the dates; if not, nothing else is "
        f"needed: the page is withdrawn on its day by the daily rebuild.\n\n"
        f"{item} {expires}: {expiring}\n\n"
        "### Reviews due\n\nCheck each page is still right, then set `reviewed:` to the date.\n\n"
        f"{item} {reviewed}: {review}\n")


def test_a_clean_week_makes_no_issue_so_the_workflow_closes_it(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    done = run_step(root, step("weekly-report", "Check consent and reviews at today's date")["run"])
    assert (done.returncode, done.stdout.strip()) == (0, "")
    (root / "check.txt").write_text(done.stdout, encoding="utf-8")
    issue = run_step(root, f"{sys.executable} {REPO / '.github' / 'weekly-issue.py'} "
                           "2026-11-30 check.txt")
    assert (issue.returncode, issue.stdout) == (0, "")
