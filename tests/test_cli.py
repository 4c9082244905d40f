"""The `coprod` command: exit codes 0/1/2, one clear line on stderr when it cannot run, never a
traceback."""

import json
import re
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_site, page, run
from coprod_site.config import PACKAGE_THEME

TODAY = "2026-04-01"
REVIEWED_LONG_AGO = page(reviewed="2025-01-10")


def one_clear_line(code, out, err):
    assert code == 2
    assert out == ""
    assert err.startswith("coprod: ") and err.endswith("\n") and err.count("\n") == 1
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("args, message", [
    ([], "coprod: the following arguments are required: COMMAND. "
         "Run 'coprod --help' to see the commands.\n"),
    (["publish"], "coprod: argument COMMAND: invalid choice: 'publish' (choose from "),
    (["check", "--colour"], "coprod: unrecognized arguments: --colour. "
                            "Run 'coprod --help' to see the commands.\n"),
    (["check", "--today", "14/03/2026"],
     "coprod: argument --today: '14/03/2026' is not a date written as YYYY-MM-DD. "
     "Run 'coprod --help' to see the commands.\n"),
    (["build", "--today", "2026-13-45"],
     "coprod: argument --today: '2026-13-45' is not a day of the calendar (the month is 01 to "
     "12, and the day must be in that month). Run 'coprod --help' to see the commands.\n"),
    (["build", "--today", "2026-02-30"],
     "coprod: argument --today: '2026-02-30' is not a day of the calendar (the month is 01 to "
     "12, and the day must be in that month). Run 'coprod --help' to see the commands.\n"),
    (["build", "--today", "2026-3-4"],
     "coprod: argument --today: '2026-3-4' is not a date written as YYYY-MM-DD. "
     "Run 'coprod --help' to see the commands.\n"),
    (["check", "--format", "xml"], "coprod: argument --format: invalid choice: 'xml' "),
    (["new", "guid", "Title"], "coprod: argument kind: invalid choice: 'guid' "),
    (["new", "guide"], "coprod: the following arguments are required: title. "),
    (["check", "nope.md"], "coprod: there is no file nope.md\n"),
])
def test_bad_arguments(tmp_path, args, message):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    err = one_clear_line(*run(root, *args))
    assert err.startswith(message)


def test_a_path_outside_the_site(tmp_path):
    root = make_site(tmp_path / "site", {"content/guides/paying.md": page()})
    (tmp_path / "other.md").write_text("x")
    err = one_clear_line(*run(root, "check", str(tmp_path / "other.md")))
    assert err == f"coprod: {tmp_path / 'other.md'} is not inside the site folder {root}\n"


def test_missing_content_folder(tmp_path):
    err = one_clear_line(*run(tmp_path, "build"))
    assert err == (f"coprod: There is no content/ folder in {tmp_path}. Run coprod in the site's "
                   "folder, or point at it with -C DIR.\n")
    err = one_clear_line(*run(tmp_path / "nowhere", "check"))
    assert err == (f"coprod: The folder {tmp_path / 'nowhere'} does not exist. Check the folder "
                   "given with -C, or run coprod in the site's folder.\n")


@pytest.mark.parametrize("toml, message", [
    ("[tool.coprod]\ntitel = 'Hub'\n",
     "coprod: pyproject.toml:2:1: [tool.coprod] has an unknown setting 'titel'. "
     "Did you mean 'title'?\n"),
    ("[tool.coprod]\nreview_every = '12'\n",
     'coprod: pyproject.toml:2:1: [tool.coprod] review_every must be a whole number, not "12". '
     "Write it like: review_every = 12.\n"),
    ("[tool.coprod.rules]\nCP201 = 'off'\n",
     "coprod: pyproject.toml:2:1: [tool.coprod.rules] CP201 is a consent rule and cannot be "
     "made weaker. Remove the line.\n"),
])
def test_bad_configuration(tmp_path, toml, message):
    root = make_site(tmp_path, {"content/guides/paying.md": page()}, pyproject=toml)
    for command in ("check", "build", "new"):
        args = [command, "guide", "A title"] if command == "new" else [command]
        assert one_clear_line(*run(root, *args)) == message
    assert not (root / "public").exists()
    assert not (root / "content/guides/a-title.md").exists()


def test_check_exit_codes_and_report(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    assert run(root, "check", "--today", TODAY) == (
        0, "No problems found in 1 file checked.\n", "")
    (root / "content/guides/broken.md").write_text(page(topics=["payments"]))
    code, out, err = run(root, "check", "--today", TODAY)
    assert (code, err) == (1, "")
    assert out == (
        "content/guides/broken.md:5:3: error CP105 unknown-term: 'payments' is not in the topics "
        "list (content/_data/topics.yml). Did you mean 'payment'?\n"
        "    What to do: Use 'payment', or add 'payments' to content/_data/topics.yml.\n"
        "\n"
        "1 error and 0 warnings in 2 files checked.\n")


def test_a_build_with_errors_says_whether_a_previous_site_is_kept(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(),
                                "content/guides/broken.md": page(body="[Oops](missing.md)\n")})
    code, _, err = run(root, "build", "--today", TODAY)
    assert (code, err) == (1, "Nothing was built because of the errors above.\n")
    (root / "public").mkdir()                                  # an empty folder is no site
    assert run(root, "build", "--today", TODAY)[2] == err
    (root / "content/guides/broken.md").unlink()
    assert run(root, "build", "--today", TODAY)[0] == 0
    (root / "content/guides/broken.md").write_text(page(body="[Oops](missing.md)\n"))
    code, _, err = run(root, "build", "--today", TODAY)
    assert (code, err) == (1, "Nothing was built because of the errors above. The previous "
                              "site is unchanged.\n")


def test_check_only_some_files(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(),
                                "content/guides/broken.md": ""})
    assert run(root, "check", "content/guides/paying.md", "--today", TODAY) == (
        0, "No problems found in 1 file checked.\n", "")
    assert run(root, "check", "content/guides", "--today", TODAY)[0] == 1


def test_today_decides_what_is_due(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": REVIEWED_LONG_AGO})
    code, out, _ = run(root, "check", "--today", "2026-04-01")
    assert code == 0 and "CP701" in out
    assert run(root, "check", "--today", "2025-06-01")[1] == "No problems found in 1 file checked.\n"
    assert run(root, "check", "--strict", "--today", "2026-04-01")[0] == 1
    assert run(root, "check", "--strict", "--today", "2025-06-01")[0] == 0


def test_source_date_epoch_is_the_build_date(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"content/guides/paying.md": REVIEWED_LONG_AGO})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748779200")           # 2025-06-01
    assert run(root, "check", "--strict")[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775044800")           # 2026-04-01
    assert run(root, "check", "--strict")[0] == 1
    assert run(root, "check", "--strict", "--today", "2025-06-01")[0] == 0   # --today wins
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert one_clear_line(*run(root, "check")) == (
        "coprod: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'soon'.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    assert one_clear_line(*run(root, "check")) == (
        "coprod: SOURCE_DATE_EPOCH is 99999999999999 seconds, too far from 1970 to be a date. "
        "Set it to the time of the last commit, such as: "
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)\n")


def test_json_report(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": REVIEWED_LONG_AGO})
    code, out, _ = run(root, "check", "--format", "json", "--today", TODAY)
    report = json.loads(out)
    assert code == 0
    assert report["summary"] == {"errors": 0, "warnings": 1, "files": 1}
    [d] = report["diagnostics"]
    assert (d["file"], d["line"], d["column"], d["severity"], d["code"], d["name"]) == (
        "content/guides/paying.md", 7, 1, "warning", "CP701", "review-due")
    assert report["pages"][0]["url"] == "/guides/paying/"


def test_github_report(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page(titel="x")})
    code, out, _ = run(root, "check", "--format", "github", "--today", TODAY)
    assert code == 1
    assert out == ("::error file=content/guides/paying.md,line=7,col=1,title=CP103 unknown-key::"
                   "'titel' is not a key the hub knows. Did you mean 'title'? Rename it to "
                   "'title'.\n")


def test_build_refuses_an_output_folder_that_would_destroy_something(tmp_path):
    root = make_site(tmp_path / "site", {"content/guides/paying.md": page()},
                     pyproject='[tool.coprod]\ntheme = "themes/hub"\n')
    shutil.copytree(PACKAGE_THEME, root / "themes/hub")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/letter.txt").write_text("keep me")
    cases = {
        str(root / "content"): f"coprod: The output folder {root / 'content'} is inside "
                               "content/. Choose a folder of its own, such as public/.\n",
        str(root): f"coprod: The output folder {root} holds the site itself. Choose a folder "
                   "of its own, such as public/.\n",
        str(tmp_path / "documents"): f"coprod: The output folder {tmp_path / 'documents'} has "
                                     "files in it that this hub did not build (it has no "
                                     ".coprod-site file), and a build replaces the whole folder. "
                                     "Choose a new or empty folder, so nothing in it is lost.\n",
        str(root / "content/_data/topics.yml"): None,
        str(root / ".coprod-cache/site"): f"coprod: The output folder {root / '.coprod-cache/site'}"
                                          " is inside .coprod-cache/. Choose a folder of its "
                                          "own, such as public/.\n",
        str(root / "themes/hub/out"): f"coprod: The output folder {root / 'themes/hub/out'} is "
                                      "inside the theme's folder. Choose a folder of its own, "
                                      "such as public/.\n",
    }
    for out, message in cases.items():
        err = one_clear_line(*run(root, "build", "--out", out, "--today", TODAY))
        assert message is None or err == message
    assert (tmp_path / "documents/letter.txt").read_text() == "keep me"
    assert (root / "content/guides/paying.md").read_text() == page()
    assert (root / "content/_data/topics.yml").is_file()


def test_build_into_a_folder_that_cannot_be_written(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    (tmp_path / "a-file").write_text("x")
    err = one_clear_line(*run(root, "build", "--out", str(tmp_path / "a-file/public"),
                              "--today", TODAY))
    assert err.startswith(f"coprod: The output folder {tmp_path / 'a-file/public'} cannot be "
                          "written (")


def test_new_writes_a_file_that_passes_check(tmp_path):
    root = make_site(tmp_path, {})
    assert run(root, "new", "guide", "How to pay people") == (
        0, "content/guides/how-to-pay-people.md\n", "")
    text = (root / "content/guides/how-to-pay-people.md").read_text()
    assert text.startswith('---\ntitle: "How to pay people"\n')
    assert "status: draft\n" in text
    assert run(root, "check") == (0, "No problems found in 1 file checked.\n", "")
    assert one_clear_line(*run(root, "new", "guide", "How to pay people")) == (
        "coprod: content/guides/how-to-pay-people.md already exists; choose another title or "
        "edit that file\n")
    assert (root / "content/guides/how-to-pay-people.md").read_text() == text


def test_version_and_help(tmp_path):
    root = make_site(tmp_path, {})
    code, out, _ = run(root, "--version")
    assert (code, out) == (0, "coprod 0.1.0\n")
    code, out, _ = run(root, "--help")
    assert code == 0 and "check" in out and "build" in out and "new" in out


def coprod_script() -> str:
    beside_python = Path(sys.executable).parent / "coprod"
    return str(beside_python) if beside_python.exists() else shutil.which("coprod")


def test_the_installed_coprod_script(tmp_path):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})
    script = coprod_script()
    assert script, "the coprod script is not installed: run pip install -e ."
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1775044800", "NO_COLOR": "1"}
    done = subprocess.run([script, "build"], cwd=root, capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Built ") and f"into {root / 'public'}" in done.stdout
    assert (root / "public/guides/paying/index.html").is_file()
    done = subprocess.run([script, "-C", str(root), "check", "--today", "01/09/2026"],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr == ("coprod: argument --today: '01/09/2026' is not a date written as "
                           "YYYY-MM-DD. Run 'coprod --help' to see the commands.\n")


def test_an_unexpected_error_is_one_line_naming_a_log_with_the_details(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"content/guides/paying.md": page()})

    def broken_check(*stage_products, **options):
        raise ValueError("a bug in a rule")

    monkeypatch.setattr("coprod_site.build.check", broken_check)
    err = one_clear_line(*run(root, "check", "--today", TODAY))
    found = re.fullmatch(r"coprod: something went wrong inside coprod \(ValueError\)\. The "
                         r"details are in (\S+coprod-error-\w+\.log): please send that file to "
                         r"the hub's maintainers\. Nothing half-built was published\.\n", err)
    assert found, err
    log = Path(found.group(1))
    details = log.read_text(encoding="utf-8")
    log.unlink()
    assert "Traceback (most recent call last)" in details
    assert "ValueError: a bug in a rule" in details


def piped_coprod(root: Path, *args: str, **pipes) -> subprocess.Popen:
    """coprod run as a shell runs it in a pipe, on this checkout's package."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "NO_COLOR": "1",
           "TMPDIR": str(root / "tmp")}
    (root / "tmp").mkdir()
    return subprocess.Popen([sys.executable, "-m", "coprod_site", "-C", str(root), *args],
                            env=env, stdin=subprocess.DEVNULL, text=True, **pipes)


def test_a_reader_that_stops_early_ends_coprod_quietly_with_its_own_exit_code(tmp_path):
    """`coprod check --format github | head -1`: far more than a pipe holds (64 KB) is left
    unread, and coprod ends with 1 for the errors, not a crash message and a log."""
    missing = page(published=None)
    root = make_site(tmp_path, {f"content/guides/g{i:03}.md": missing for i in range(500)})
    proc = piped_coprod(root, "check", "--today", TODAY, "--format", "github",
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == 1
    assert first.startswith("::error file=content/guides/g000.md,line=1,col=1,title=CP102 ")
    assert proc.stderr.read() == ""
    proc.stderr.close()
    assert list((root / "tmp").iterdir()) == []


@pytest.mark.parametrize("text, code", [(page(), 0), (page(published=None), 1)])
def test_a_reader_gone_before_anything_is_printed(tmp_path, text, code):
    """`coprod check 2>&1 | true`: stdout and stderr both closed before the first line."""
    root = make_site(tmp_path, {"content/guides/paying.md": text})
    proc = piped_coprod(root, "check", "--today", TODAY, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT)
    proc.stdout.close()
    assert proc.wait(timeout=120) == code
    assert list((root / "tmp").iterdir()) == []


STOPPED_TWICE = """
import os, signal
from coprod_site.cli import stopped_once
with stopped_once():
    pass
assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
try:
    with stopped_once():
        os.kill(os.getpid(), signal.{first})
        signal.pause()
except KeyboardInterrupt:
    os.kill(os.getpid(), signal.SIGINT)
    os.kill(os.getpid(), signal.SIGTERM)
    print("cleaned up")
"""


@pytest.mark.parametrize("first", ["SIGINT", "SIGTERM"])
def test_a_second_ctrl_c_or_sigterm_cannot_cut_the_clean_up_short(first):
    """The first stops the command (KeyboardInterrupt, cleaning up as it unwinds); after it,
    both are ignored, so a second cannot print a traceback or leave workers running."""
    done = subprocess.run([sys.executable, "-c", STOPPED_TWICE.format(first=first)],
                          capture_output=True, text=True, timeout=30,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert (done.returncode, done.stdout, done.stderr) == (0, "cleaned up\n", "")


def test_a_ctrl_c_as_coprod_exits_is_ignored(tmp_path):
    """Once the command is done, Python's exit may still take a moment (its threads, its exit
    functions): a Ctrl-C then changes nothing, and prints nothing."""
    root = make_site(tmp_path, {"content/guides/a.md": page()})
    script = ("import atexit, os, signal, sys\n"
              "atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))\n"
              f"sys.argv = ['coprod', '-C', {str(root)!r}, 'check', '--today', '{TODAY}']\n"
              "from coprod_site.cli import command\n"
              "command()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                                       signal.SIG_DFL))
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "No problems found in 1 file checked.\n", "")


LOST_THEN_AGAIN = """
import os, signal, time
from coprod_site import cli
cli.GRACE_SECONDS = 0.3
try:
    with cli.stopped_once():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
        except KeyboardInterrupt:
            pass                  # as Python drops one that lands in a finaliser
        os.kill(os.getpid(), signal.SIGINT)       # within the grace: taken as the same stop
        time.sleep(0.5)
        print("went on")
        os.kill(os.getpid(), signal.SIGINT)       # later: stops it
        time.sleep(5)
        print("went on again")
except KeyboardInterrupt:
    print("stopped")
"""


def test_a_stop_that_python_dropped_can_be_asked_for_again():
    done = subprocess.run([sys.executable, "-c", LOST_THEN_AGAIN], capture_output=True,
                          text=True, timeout=30,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert (done.returncode, done.stdout, done.stderr) == (0, "went on\nstopped\n", "")
