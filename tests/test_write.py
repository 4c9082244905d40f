"""The write stage: nothing is written outside the output folder, and it changes only when a
build is complete and checked, in one swap; folders that are not ours are never replaced.
At the end, real builds against real faults: a full disk (a small tmpfs), builds killed or
stopped with Ctrl-C at random moments."""

import hashlib
import io
import json
import errno
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import make_site, page

from coprod_site import swap, write
from coprod_site.swap import forget_kept, remove_stale, tidy_kept
from coprod_site.write import MARKER_NAME, MARKER_TEXT, Output, OutputError, UnsafePath


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def output(tmp_path):
    out = Output(tmp_path / "site" / "public")
    yield out
    out.discard()


def test_site_paths_map_to_files_inside_the_temporary_folder(output):
    assert output.path("/") == output.root / "index.html"
    assert output.path("/guides/paying/") == output.root / "guides/paying/index.html"
    assert output.path("media/a.jpg") == output.root / "media/a.jpg"
    assert output.root.parent == output.destination.parent
    assert output.root.name.startswith(".public.building-")


@pytest.mark.parametrize("bad", [
    "../escape.html", "/../escape.html", "guides/../../escape.html", "a/b/../../../escape.html",
    "..", "/..", "../public/index.html", "guides\\..\\..\\escape.html", "x\0.html", ".",
])
def test_paths_that_climb_out_are_refused(output, tmp_path, bad):
    before = files_under(tmp_path)
    with pytest.raises(UnsafePath):
        output.write(bad, "<p>x</p>")
    assert files_under(tmp_path) == before


def test_absolute_paths_stay_inside_the_output(output, tmp_path):
    target = output.write("/etc/passwd", "harmless")
    assert target == output.root / "etc/passwd"
    assert not (tmp_path / "etc").exists()
    target = output.write(str(tmp_path / "outside.html"), "x")
    assert target.is_relative_to(output.root)
    assert not (tmp_path / "outside.html").exists()


def test_a_symlink_inside_cannot_lead_outside(output, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", output.root / "media")
    with pytest.raises(UnsafePath):
        output.write("media/x.jpg", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_copy_is_checked_too(output, tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8")
    with pytest.raises(UnsafePath):
        output.copy(source, "../photo-copy.jpg")
    output.copy(source, "media/photo.jpg")
    assert (output.root / "media/photo.jpg").read_bytes() == b"\xff\xd8"
    assert output.written == ["media/photo.jpg"]


def test_nothing_reaches_the_destination_before_commit(tmp_path):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    out = Output(destination)
    out.write("/", "new")
    out.write("/guides/a/", "page")
    assert files_under(destination) == ["index.html"]
    assert (destination / "index.html").read_text() == "old"
    out.commit()
    assert files_under(destination) == [MARKER_NAME, "guides", "guides/a",
                                        "guides/a/index.html", "index.html"]
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_commit_replaces_stale_files(tmp_path):
    destination = tmp_path / "public"
    (destination / "old-page").mkdir(parents=True)
    (destination / "old-page/index.html").write_text("withdrawn page")
    out = Output(destination)
    out.write("/", "home")
    out.commit()
    assert files_under(destination) == [MARKER_NAME, "index.html"]


def built(destination, pages: dict[str, str]) -> dict[str, int]:
    """Build `pages` into `destination`, as serve does: the inode of each file written."""
    out = Output(destination, again=True)
    for path, text in pages.items():
        out.write(path, text)
    out.commit()
    return {path: (destination / path.lstrip("/") / "index.html").stat().st_ino
            for path in pages}


def test_a_page_built_again_with_the_same_bytes_is_linked_from_the_live_site(tmp_path):
    """`coprod serve` rebuilds in one process: a page whose bytes this process wrote into the
    live site, unchanged since, is linked into the new site instead of written again."""
    destination = tmp_path / "public"
    first = built(destination, {"/a/": "same", "/b/": "old"})
    second = built(destination, {"/a/": "same", "/b/": "new"})
    assert second["/a/"] == first["/a/"] and second["/b/"] != first["/b/"]
    assert (destination / "b/index.html").read_text() == "new"
    live = destination / "a/index.html"
    when = live.stat().st_mtime_ns
    live.write_text("SAME")                          # changed in place by hand, same size
    os.utime(live, ns=(when, when + 10**9))          # (and a tick later, whatever the clock)
    third = built(destination, {"/a/": "same", "/b/": "new"})
    assert third["/a/"] != second["/a/"] and third["/b/"] == second["/b/"]
    assert (destination / "a/index.html").read_text() == "same"


def test_folders_made_ahead_are_only_plain_ones_inside_the_site(output):
    """`make_folders` runs `mkdir -p` on the published pages' folders while pages render;
    anything else is made by the write stage as it goes, with its checks."""
    output.make_folders(["/guides/a/", "/guides/b/", "/../../escaped/", "/pagefind/x/",
                         "/Odd Name/", "/toolkits/c/"])
    output.write("/guides/a/", "A")
    output.write("/Odd Name/", "O")
    assert files_under(output.root) == [MARKER_NAME, "Odd Name", "Odd Name/index.html",
                                        "guides", "guides/a", "guides/a/index.html",
                                        "guides/b", "toolkits", "toolkits/c"]
    assert not (output.destination.parent.parent / "escaped").exists()
    output.prune()
    output.commit()
    assert files_under(output.destination) == [MARKER_NAME, "Odd Name", "Odd Name/index.html",
                                               "guides", "guides/a", "guides/a/index.html",
                                               "guides/b", "toolkits", "toolkits/c"]


def test_a_build_stopped_while_its_folders_are_made_leaves_nothing(tmp_path):
    output = Output(tmp_path / "public")
    output.make_folders([f"/guides/g{n}/" for n in range(3000)])
    output.discard()                        # waits for mkdir, which it ends first
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def kept_build(destination, pages: dict[str, str]) -> None:
    out = Output(destination, again=True)
    for path, text in pages.items():
        out.write(path, text)
    out.prune()
    out.commit()


def test_serve_writes_into_the_old_sites_folders_emptied_and_publishes_only_its_own(tmp_path):
    """With `again` the old site's folders are kept after the swap, with no file in
    them, and the next build writes into them; a folder it does not use (a page withdrawn
    since) is removed, so the site holds this build's files and folders only."""
    destination = tmp_path / "public"
    kept_build(destination, {"/a/": "A", "/case-studies/sam/": "Sam's story", "/c/d/": "D"})
    first = (destination / "a").stat().st_ino
    kept_build(destination, {"/a/": "A2", "/e/": "E"})
    assert files_under(destination) == [MARKER_NAME, "a", "a/index.html", "e", "e/index.html"]
    spare = [p for p in tmp_path.iterdir() if p.name != "public"]
    assert [p.name[:len(".public.building-")] for p in spare] == [".public.building-"]
    tidy_kept()                                       # as serve does, once the page shows
    assert files_under(spare[0]) == [MARKER_NAME, "a", "c", "c/d", "case-studies",
                                     "case-studies/sam"]           # folders only
    kept_build(destination, {"/a/": "A3"})
    assert (destination / "a").stat().st_ino == first               # the folder was kept
    assert files_under(destination) == [MARKER_NAME, "a", "a/index.html"]
    assert (destination / "a/index.html").read_text() == "A3"
    forget_kept()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_file_found_in_the_kept_folders_is_removed_never_published(tmp_path):
    """Whatever is in the kept folders (the old site, a file put there by hand, or one a
    build cut short left) is removed before the next build writes there."""
    destination = tmp_path / "public"
    kept_build(destination, {"/a/": "A", "/b/": "B"})
    kept_build(destination, {"/a/": "A2"})
    spare = next(p for p in tmp_path.iterdir() if p.name != "public")
    (spare / "a" / "stray.html").write_text("not from this build")
    kept_build(destination, {"/a/": "A3"})
    assert files_under(destination) == [MARKER_NAME, "a", "a/index.html"]
    assert (destination / "a/index.html").read_text() == "A3"
    forget_kept()


def test_discard_leaves_the_previous_output_and_no_temporary_folder(tmp_path):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    out = Output(destination)
    out.write("/", "new")
    out.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert (destination / "index.html").read_text() == "old"


def test_output_folder_is_readable_by_the_web_server(tmp_path):
    out = Output(tmp_path / "public")
    out.write("/", "x")
    out.commit()
    assert (tmp_path / "public").stat().st_mode & 0o755 == 0o755


def old_site(tmp_path):
    destination = tmp_path / "public"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    (destination / MARKER_NAME).write_text(MARKER_TEXT)
    return destination


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    destination = old_site(tmp_path)
    out = Output(destination)
    out.write("/", "new")

    def exchange(one, other):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "exchange", exchange)
    with pytest.raises(OutputError) as raised:
        out.commit()
    assert str(raised.value) == (f"The disk is full, so the new site could not be written next "
                                 f"to {destination}. The previous site is unchanged. Free some "
                                 "space, then build again.")
    assert files_under(destination) == [MARKER_NAME, "index.html"]
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_every_folder_a_build_makes_is_marked(tmp_path):
    out = Output(tmp_path / "public")
    assert (out.root / MARKER_NAME).read_text() == MARKER_TEXT
    out.write("/", "x")
    out.commit()
    assert (tmp_path / "public" / MARKER_NAME).read_text() == (
        "Built by coprod-site. Each build replaces this whole folder.\n")


@pytest.mark.parametrize("files, ours", [
    ({}, True),
    ({MARKER_NAME: MARKER_TEXT, "thesis.txt": "my thesis"}, True),
    ({"index.html": "x", "thesis.txt": "my thesis"}, False),
    ({"index.html": "x", "guides/a/index.html": "x"}, False),          # no search index
    ({"index.html": "x", "sitemap.xml": "x", "_redirects": "x", "guides/a/index.html": "x",
      "pagefind/pagefind-entry.json": "{}"}, True),                    # built before markers
    ({"index.html": "x", "notes.docx": "x", "pagefind/pagefind-entry.json": "{}"}, False),
])
def test_a_folder_is_ours_if_marked_or_built_by_the_hub_before_markers(tmp_path, files, ours):
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert swap.ours(tmp_path) is ours


def test_a_folder_built_before_markers_is_replaced_and_marked(tmp_path):
    destination = tmp_path / "public"
    (destination / "pagefind").mkdir(parents=True)
    (destination / "index.html").write_text("old")
    (destination / "pagefind/pagefind-entry.json").write_text("{}")
    swap.check_destination(destination, tmp_path / "site")
    out = Output(destination)
    out.write("/", "new")
    out.commit()
    assert files_under(destination) == [MARKER_NAME, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_folder_someone_else_made_is_never_replaced(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "index.html").write_text("my page")
    (victim / "thesis.txt").write_text("three years of work")
    with pytest.raises(OutputError) as raised:
        swap.check_destination(victim, tmp_path / "site")
    assert str(raised.value) == (
        f"The output folder {victim} has files in it that this hub did not build (it has no "
        ".coprod-site file), and a build replaces the whole folder. Choose a new or empty "
        "folder, so nothing in it is lost.")
    assert (victim / "thesis.txt").read_text() == "three years of work"


def test_a_build_starts_by_removing_the_temporary_folders_of_earlier_builds(tmp_path):
    destination = old_site(tmp_path)
    for name in (".public.building-killed", ".public.old-killed"):
        (tmp_path / name / "guides").mkdir(parents=True)
        (tmp_path / name / "guides/index.html").write_text("half written")
        (tmp_path / name / MARKER_NAME).write_text(MARKER_TEXT)
    (tmp_path / ".public.building-empty").mkdir()              # killed before its marker
    (tmp_path / ".public.building-mine").mkdir()               # not ours: kept
    (tmp_path / ".public.building-mine/notes.txt").write_text("mine")
    (tmp_path / ".other.building-x").mkdir()                   # another output's: kept
    (tmp_path / ".other.building-x" / MARKER_NAME).write_text(MARKER_TEXT)
    out = Output(destination)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".other.building-x", ".public.building-mine", out.root.name, ".public.lock", "public"])
    out.discard()


def test_a_second_build_into_the_same_folder_waits_its_turn(tmp_path):
    first = Output(tmp_path / "public")
    with pytest.raises(OutputError) as raised:
        Output(tmp_path / "public")
    assert str(raised.value) == (f"Another build is writing to {tmp_path / 'public'} right now. "
                                 "Wait for it to finish, then build again.")
    first.discard()
    Output(tmp_path / "public").discard()
    assert list(tmp_path.iterdir()) == []


def test_builds_into_folders_side_by_side_go_on_at_the_same_time(tmp_path):
    one, other = Output(tmp_path / "x" / "a"), Output(tmp_path / "x" / "b")
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == sorted(
        [".a.lock", ".b.lock", one.root.name, other.root.name])
    one.write("/", "site a")
    other.write("/", "site b")
    other.commit()
    one.commit()
    assert (tmp_path / "x/a/index.html").read_text() == "site a"
    assert (tmp_path / "x/b/index.html").read_text() == "site b"
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a", "b"]


def test_the_lock_a_killed_build_left_does_not_stop_the_next(tmp_path):
    destination = old_site(tmp_path)
    (tmp_path / ".public.lock").write_text("")
    out = Output(destination)
    out.write("/", "new")
    out.commit()
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_file_system_without_locks_builds_unlocked(tmp_path, monkeypatch):
    """Some network file systems refuse locks (ENOLCK): that is not another build."""
    def no_locks(descriptor, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    destination = old_site(tmp_path)
    monkeypatch.setattr("coprod_site.swap.fcntl.flock", no_locks)
    out = Output(destination)
    out.write("/", "new")
    out.commit()
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_two_sites_built_at_once_into_folders_side_by_side_both_publish(tmp_path):
    roots = [fault_site(tmp_path / f"site-{v}", v) for v in "AB"]
    outs = [tmp_path / "x" / "a", tmp_path / "x" / "b"]
    builds = [subprocess.Popen(coprod(root, out), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
              for root, out in zip(roots, outs)]
    assert [b.communicate(timeout=120) + (b.returncode,) for b in builds] == [("", "", 0)] * 2
    for out, version in zip(outs, "AB"):
        assert f"This is version {version}." in (out / "guides/guide-1/index.html").read_text()
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a", "b"]


def test_without_a_one_step_exchange_the_swap_takes_two_journalled_steps(tmp_path, monkeypatch):
    destination = old_site(tmp_path)
    monkeypatch.setattr(write, "exchange", lambda one, other: False)
    out = Output(destination)
    out.write("/", "new")
    out.commit()
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def half_done_swap(tmp_path, moved_in: bool):
    """What a build killed between the two steps of a two-step swap leaves."""
    new, old = tmp_path / ".public.building-1", tmp_path / ".public.old-1"
    for folder, text in ((new, "new"), (old, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
        (folder / MARKER_NAME).write_text(MARKER_TEXT)
    (tmp_path / ".public.swap").write_text(json.dumps({"old": old.name, "new": new.name}))
    if moved_in:
        new.rename(tmp_path / "public")
    return tmp_path / "public"


@pytest.mark.parametrize("moved_in", [False, True])
def test_the_next_build_finishes_a_swap_a_killed_build_left_half_done(tmp_path, moved_in):
    destination = half_done_swap(tmp_path, moved_in)
    out = Output(destination)
    assert (destination / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.root.name, ".public.lock", "public"])
    out.discard()


def test_a_half_done_swap_whose_new_folder_is_gone_is_undone(tmp_path):
    destination = half_done_swap(tmp_path, moved_in=False)
    write.remove_ours(tmp_path / ".public.building-1")
    Output(destination).discard()
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_file_written_short_stops_the_swap(tmp_path):
    destination = old_site(tmp_path)
    out = Output(destination)
    out.write("/", "<p>the whole page</p>")
    (out.root / "index.html").write_text("<p>the wh")          # as a full disk leaves it
    with pytest.raises(OutputError) as raised:
        out.commit()
    assert str(raised.value) == (
        "The new site was not written completely (index.html has only 9 of its 21 bytes). "
        "The previous site is unchanged. Check there is free space and that you may "
        "write there, then build again.")
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


ENTRY = {"version": "1.5.2", "languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": 1}}}


@pytest.mark.parametrize("files, problem", [
    ({"pagefind-entry.json": '{"version": "1.5.2", "langu'},
     "pagefind/pagefind-entry.json cannot be read"),
    ({"pagefind-entry.json": json.dumps(ENTRY), "wasm.en.pagefind": "w"},
     "pagefind/pagefind.en_1.pf_meta is missing"),
    ({"pagefind-entry.json": json.dumps(ENTRY), "pagefind.en_1.pf_meta": "m",
      "wasm.en.pagefind": ""}, "pagefind/wasm.en.pagefind is empty"),
    ({"pagefind-entry.json": json.dumps(ENTRY), "pagefind.en_1.pf_meta": "m",
      "wasm.en.pagefind": "w", "index/en_2.pf_index": ""}, "pagefind/index/en_2.pf_index is empty"),
])
def test_an_incomplete_search_index_stops_the_swap(tmp_path, files, problem):
    destination = old_site(tmp_path)
    out = Output(destination)
    out.write("/", "new")
    for name, text in files.items():
        (out.root / "pagefind" / name).parent.mkdir(parents=True, exist_ok=True)
        (out.root / "pagefind" / name).write_text(text)
    with pytest.raises(OutputError) as raised:
        out.commit()
    assert str(raised.value) == (
        f"The new site was not written completely (the search index is incomplete: {problem}). "
        "The previous site is unchanged. Check there is free space and that you may write "
        "there, then build again.")
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_complete_search_index_is_published(tmp_path):
    out = Output(tmp_path / "public")
    out.write("/", "new")
    for name, text in {"pagefind-entry.json": json.dumps(ENTRY), "pagefind.en_1.pf_meta": "m",
                       "wasm.en.pagefind": "w"}.items():
        out.write(f"pagefind/{name}", text)
    out.commit()
    assert (tmp_path / "public/pagefind/wasm.en.pagefind").read_text() == "w"


# -- Real builds against real faults --------------------------------------------------------

TODAY = "2026-04-01"
UNSTABLE = re.compile(r"pagefind/(filter/.+|index/.+|pagefind\..+\.pf_meta)")


def fault_site(root: Path, version: str) -> Path:
    """A small site with a photo-sized picture; `version` changes one page's text."""
    noise = Image.frombytes("RGB", (320, 320), random.Random(7).randbytes(320 * 320 * 3))
    picture = io.BytesIO()
    noise.save(picture, "PNG")
    files = {f"content/guides/guide-{n}.md": page(
        title=f"How to run session {n} well", body=f"## What to do\n\nAsk people what they "
        f"need. Pay them on the day. This is version {version}.\n\n" + "Say thank you. " * 300)
        for n in range(6)}
    files["content/guides/guide-0.md"] = page(body="## What to do\n\nPay people on the day.\n\n"
                                              "![Coloured dots](../media/dots.png)\n")
    files["content/media/dots.png"] = picture.getvalue()
    return make_site(root, files)


def coprod(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "coprod_site", "-C", str(root), "build", "--out", str(out),
            "--today", TODAY, "--quiet"]


def build_into(root: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(coprod(root, out), capture_output=True, text=True, timeout=120)


def fingerprint(folder: Path) -> tuple[dict, dict]:
    """What makes a site complete: every file's bytes, except Pagefind's run-to-run unstable
    files (see test_build.same_bytes), which are counted and must not be empty."""
    stable, unstable = {}, {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel, data = path.relative_to(folder).as_posix(), path.read_bytes()
        if UNSTABLE.fullmatch(rel):
            assert data, f"{rel} is empty"
            unstable[rel.rsplit("/", 1)[0]] = unstable.get(rel.rsplit("/", 1)[0], 0) + 1
        else:
            stable[rel] = hashlib.sha256(re.sub(rb'"hash":"[^"]+"', b"", data)).hexdigest()
    return stable, unstable


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs: a real disk that fills up. Mounting needs root, as CI has."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.fail("The disk-full tests need a small tmpfs and mounting one was refused "
                    f"({(mounted.stderr or mounted.stdout).strip()}). Run them as root.")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def blocks(folder: Path) -> int:
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("fill_at", ["pages", "media", "search index"])
def test_a_full_disk_never_replaces_a_good_site(tmp_path, small_disk, fill_at):
    root, public = fault_site(tmp_path / "site", "A"), small_disk / "public"
    assert build_into(root, public).returncode == 0
    good = fingerprint(public)
    media, search = blocks(public / "media"), blocks(public / "pagefind")
    pages = blocks(public) - media - search
    free = {"pages": pages // 2, "media": pages + media // 2,
            "search index": pages + media + search // 2}[fill_at]
    ballast = fill(small_disk, leaving=free)
    fault_site(tmp_path / "site", "B")
    said_disk_full(build_into(root, public), public)
    assert fingerprint(public) == good
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast", "public"]
    ballast.unlink()
    assert build_into(root, public).returncode == 0
    assert fingerprint(public) != good
    assert sorted(p.name for p in small_disk.iterdir()) == ["public"]


def test_a_full_disk_on_a_first_build_says_nothing_was_published(tmp_path, small_disk):
    """Not that "the previous site is unchanged": there was none."""
    root, public = fault_site(tmp_path / "site", "A"), small_disk / "public"
    fill(small_disk, leaving=64 * 1024)
    done = build_into(root, public)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"coprod: The disk is full, so the new site could not be written "
                           f"next to {public}. Nothing was published. Free some space, then "
                           "build again.\n")
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]


def test_a_full_disk_while_kept_search_shards_are_copied_is_said_plainly(tmp_path,
                                                                         small_disk):
    """The cache is on another disk than the output, so kept shards are copied, not linked."""
    root = make_site(tmp_path / "site", {
        f"content/guides/g{n}.md": page(title=f"Guide number {n}", body="Pay people on the day.\n")
        for n in range(150)})
    public = small_disk / "public"
    assert build_into(root, public).returncode == 0
    good = fingerprint(public)
    fill(small_disk, leaving=blocks(public) - 64 * 1024)    # short at the very end
    (root / "content/guides/g7.md").write_text(page(title="Guide number 7", body="Pay on time.\n"))
    said_disk_full(build_into(root, public), public)
    assert fingerprint(public) == good


def fill(disk: Path, leaving: int) -> Path:
    """Take all but `leaving` bytes of `disk`, with a file (returned)."""
    ballast = disk / "ballast"
    with ballast.open("wb") as handle:
        os.posix_fallocate(handle.fileno(), 0, write.free_bytes(disk) - leaving)
    return ballast


def said_disk_full(done: subprocess.CompletedProcess, public: Path) -> None:
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"coprod: The disk is full, so the new site could not be written "
                           f"next to {public}. The previous site is unchanged. Free some space, "
                           "then build again.\n")


@pytest.fixture
def mount():
    """`mount(*arguments)` runs mount(8); each mount is undone after the test. Mounting needs
    root, as CI has."""
    points = []

    def mount_it(*arguments: str) -> None:
        done = subprocess.run(["mount", *map(str, arguments)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail("The mount point tests need to mount a folder and mounting was refused "
                        f"({(done.stderr or done.stdout).strip()}). Run them as root.")
        points.append(str(arguments[-1]))

    yield mount_it
    for point in reversed(points):
        subprocess.run(["umount", "-l", point], check=True)


def cannot_replace(destination: Path) -> str:
    return (f"The output folder {destination} cannot be replaced: it is a mount point, or on "
            "another disk than the folder it is in, and a build replaces the whole folder. The "
            "previous site is unchanged. Build into a folder that is not a mount point (such as "
            f"--out public), then copy the site into {destination} or point the web server at "
            "the new folder.")


@pytest.mark.parametrize("one_step", [True, False])
def test_an_output_folder_that_is_a_mount_point_is_not_replaced(tmp_path, mount, monkeypatch,
                                                                one_step):
    """A bind mount from the same disk, which only the swap itself finds out (EBUSY)."""
    shared = old_site(tmp_path)
    (tmp_path / "site" / "public").mkdir(parents=True)
    destination = tmp_path / "site" / "public"
    mount("--bind", shared, destination)
    if not one_step:
        monkeypatch.setattr(write, "exchange", lambda one, other: False)
    out = Output(destination)
    out.write("/", "new")
    with pytest.raises(OutputError) as raised:
        out.commit()
    assert str(raised.value) == cannot_replace(destination)
    assert files_under(destination) == [MARKER_NAME, "index.html"]
    assert (destination / "index.html").read_text() == "old"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["public"]


def test_a_build_into_a_disk_of_its_own_is_refused_before_it_starts(tmp_path, small_disk):
    root, public = fault_site(tmp_path / "site", "A"), tmp_path / "public"
    assert build_into(root, public).returncode == 0
    subprocess.run(["cp", "-a", f"{public}/.", str(small_disk)], check=True)
    good = fingerprint(small_disk)
    done = build_into(root, small_disk)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"coprod: {cannot_replace(small_disk)}\n"
    assert fingerprint(small_disk) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disk", "public", "site"]


def test_a_disk_mounted_inside_the_output_folder_is_never_deleted(tmp_path, mount):
    root, public = fault_site(tmp_path / "site", "A"), tmp_path / "public"
    assert build_into(root, public).returncode == 0
    (public / "extra").mkdir()
    mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", public / "extra")
    (public / "extra" / "precious.txt").write_text("keep me")
    good = fingerprint(public)
    done = build_into(root, public)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"coprod: The output folder {public} has another disk mounted inside it "
        f"({public / 'extra'}), and a build replaces the whole folder, which would delete what "
        "is on that disk. Unmount it, or choose another folder with --out.\n")
    assert fingerprint(public) == good
    assert (public / "extra" / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "site"]


def ctrl_c_works():
    """As in a terminal: a test runner started in the background has Ctrl-C turned off."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_coprod(pid: int) -> None:
    """Wait until Python has started and coprod is running (its SIGTERM handler is set): a
    Ctrl-C while Python itself is starting ends in Python's own error, before coprod runs."""
    for _ in range(2000):
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(re.search(r"SigCgt:\s*(\w+)", status).group(1), 16)
        if caught & (1 << (signal.SIGTERM - 1)) or "State:\tZ" in status:
            return
        time.sleep(0.005)


def test_a_read_only_disk_is_said_plainly(tmp_path, small_disk):
    root, public = fault_site(tmp_path / "site", "A"), small_disk / "public"
    assert build_into(root, public).returncode == 0
    good = fingerprint(public)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = build_into(root, public)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"coprod: The new site could not be written next to {public}: the "
                           "disk there is read-only. The previous site is unchanged. Choose "
                           "another folder with --out.\n")
    assert fingerprint(public) == good


def stop_builds_at_random(tmp_path, how: signal.Signals, builds: int):
    """Start builds of two versions of a site in turn and stop each at a random moment; after
    each, the output is the complete old or new site. Yields each build's result."""
    sites = {v: fault_site(tmp_path / f"site-{v}", v) for v in "AB"}
    out = tmp_path / "out" / "public"
    complete = []
    for version, root in sites.items():
        assert build_into(root, out).returncode == 0
        complete.append(fingerprint(out))
    started = time.monotonic()
    assert build_into(sites["B"], out).returncode == 0     # as the builds below: from cache
    took = time.monotonic() - started
    chance = random.Random(12)
    deadline = time.monotonic() + 120
    for n in range(builds):
        assert time.monotonic() < deadline, f"only {n} of {builds} stopped builds in 120 s"
        running = subprocess.Popen(coprod(sites["AB"[n % 2]], out), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_works)
        if how != signal.SIGKILL:
            wait_for_coprod(running.pid)
        time.sleep(chance.uniform(0.0, took))
        running.send_signal(how)
        stdout, stderr = running.communicate(timeout=60)
        assert fingerprint(out) in complete, f"build {n} left an incomplete site"
        yield running.returncode, stdout, stderr
    done = build_into(sites["A"], out)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.parent.iterdir()] == ["public"]
    assert fingerprint(out) == complete[0]


def test_builds_killed_at_random_moments_always_leave_a_complete_site(tmp_path):
    codes = [code for code, _, _ in stop_builds_at_random(tmp_path, signal.SIGKILL, 20)]
    assert set(codes) <= {0, -signal.SIGKILL}
    assert codes.count(-signal.SIGKILL) >= 7            # many were stopped part way


@pytest.mark.parametrize("how, builds", [(signal.SIGINT, 6), (signal.SIGTERM, 4)])
def test_builds_stopped_by_ctrl_c_or_sigterm_leave_a_complete_site_and_clean_up(tmp_path, how,
                                                                                builds):
    stopped = 0
    # SIGTERM is turned into the same interrupt as Ctrl-C, so a signal that lands as Python
    # exits ends the process as SIGINT does: -SIGINT is one of the outcomes for both.
    dying = (-how, -signal.SIGINT)
    for code, stdout, stderr in stop_builds_at_random(tmp_path, how, builds):
        assert (code, stdout) in ((0, ""), (2, ""), *((c, "") for c in dying))
        stopped += code != 0
        assert stderr in ("", "coprod: stopped. Nothing half-built was published.\n")
        assert (stderr == "") == (code == 0) or code in dying
        left = [p for p in (tmp_path / "out").iterdir() if p.name not in ("public", ".public.lock")]
        assert all((p / MARKER_NAME).is_file() for p in left)   # the next build removes them
    assert stopped >= builds // 3


def test_a_kept_folder_removed_by_another_build_is_no_error(tmp_path):
    """`coprod build` (or a second `serve`) into the same folder removes the folder serve
    keeps, as stale: serve's next build, its tidying and its stopping go on without it."""
    destination = tmp_path / "public"
    kept_build(destination, {"/a/": "A"})
    kept_build(destination, {"/a/": "A2"})
    remove_stale(destination.resolve())              # what another process's build does
    tidy_kept()
    kept_build(destination, {"/a/": "A3"})
    remove_stale(destination.resolve())
    kept_build(destination, {"/a/": "A4"})
    assert files_under(destination) == [MARKER_NAME, "a", "a/index.html"]
    assert (destination / "a/index.html").read_text() == "A4"
    remove_stale(destination.resolve())
    forget_kept()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
