"""The swap of a new site for the old one: one atomic exchange of the two folders' names
(Linux's renameat2 with RENAME_EXCHANGE), or where the file system cannot, two renames with
a journal first, so a build killed between them is finished (or undone) by the next one.
And which output folders a build may replace (`check_destination`), the lock that lets one
build at a time write to an output folder, the mounts that no swap may carry away, the
marker that makes a folder a build's own, and the removal of the folders that interrupted
builds left."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import stat
from pathlib import Path

MARKER_NAME = ".coprod-site"
MARKER_TEXT = "Built by coprod-site. Each build replaces this whole folder.\n"
TOP_LEVEL_FILES = {"index.html", "404.html", "_redirects", "_headers", "feed.xml",
                   "robots.txt", "sitemap.xml"}    # what the hub writes beside its folders
SEARCH_ENTRY = "pagefind/pagefind-entry.json"
AGAIN = "The previous site is unchanged."
RENAME_EXCHANGE = 2              # from <linux/fs.h>
AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be used or the new site could not be written: one line that
    says what happened and what to do (exit 2)."""


def check_destination(destination: Path, site_root: Path, theme: Path | None = None) -> None:
    """Refuse an output folder whose replacement would destroy something else.

    A build replaces the whole output folder, so `--out content`, `--out ~` or a folder of
    someone's documents must be refused before anything is written; so is one inside the
    build's cache or its theme (`theme`, the theme's folder), which a build reads. A folder
    is ours if it holds the marker, or is an earlier build's output from before the marker
    existed.
    """
    dest, root = Path(destination).resolve(), Path(site_root).resolve()
    if root.is_relative_to(dest):
        raise OutputError(f"The output folder {destination} holds the site itself. "
                          "Choose a folder of its own, such as public/.")
    inside = [(root / "content", "content/"), (root / ".coprod-cache", ".coprod-cache/"),
              *([(Path(theme).resolve(), "the theme's folder")] if theme else [])]
    for folder, name in inside:
        if dest.is_relative_to(folder):
            raise OutputError(f"The output folder {destination} is inside {name}. "
                              "Choose a folder of its own, such as public/.")
    if dest.exists() and not dest.is_dir():
        raise OutputError(f"{destination} is a file, not a folder. "
                          "Choose a folder of its own, such as public/.")
    if dest.is_dir() and os.path.ismount(dest):
        raise OutputError(cannot_replace(destination))
    inside = mounted_inside(dest)
    if inside:
        raise OutputError(f"The output folder {destination} has another disk mounted inside it "
                          f"({inside[0]}), and a build replaces the whole folder, which would "
                          "delete what is on that disk. Unmount it, or choose another folder "
                          "with --out.")
    if dest.is_dir() and not ours(dest):
        raise OutputError(f"The output folder {destination} has files in it that this hub did "
                          f"not build (it has no {MARKER_NAME} file), and a build replaces the "
                          "whole folder. Choose a new or empty folder, so nothing in it is lost.")


def ours(folder: Path) -> bool:
    """Is `folder` empty, marked as a build's own, or a build's output from before markers
    (index.html, the search index, and at the top only the files the hub writes)?"""
    names = {entry.name: entry.is_dir() for entry in os.scandir(folder)}
    if not names or MARKER_NAME in names:
        return True
    return ("index.html" in names and (folder / SEARCH_ENTRY).is_file()
            and all(is_dir or name in TOP_LEVEL_FILES for name, is_dir in names.items()))


def cannot_replace(destination) -> str:
    """The output folder cannot be swapped: a mount point (or on another disk)."""
    return (f"The output folder {destination} cannot be replaced: it is a mount point, or on "
            "another disk than the folder it is in, and a build replaces the whole folder. "
            f"{AGAIN} Build into a folder that is not a mount point (such as --out public), "
            f"then copy the site into {destination} or point the web server at the new folder.")



def unchanged(destination) -> str:
    """What a build that failed says of the live site: that it is unchanged, or, on a first
    build (no site there, though maybe an empty folder), that nothing was published."""
    return AGAIN if has_site(destination) else "Nothing was published."


def has_site(destination) -> bool:
    return (Path(destination) / "index.html").is_file()


def exchange(one: Path, other: Path) -> bool:
    """Swap two folders' names in one step; False where the system cannot."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(other))


_LIBC = ctypes.CDLL(None, use_errno=True)


def journal_path(destination: Path) -> Path:
    return destination.parent / f".{destination.name}.swap"


def swap_in_two_steps(new: Path, destination: Path) -> None:
    """Swap by two renames, journalled first; afterwards `new` holds the old site."""
    old = new.with_name(new.name.replace(".building-", ".old-"))
    journal = journal_path(destination)
    with journal.open("w", encoding="utf-8") as handle:
        json.dump({"old": old.name, "new": new.name}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.rename(destination, old)
    except OSError:
        journal.unlink()
        raise
    try:
        os.rename(new, destination)
    except OSError:
        os.rename(old, destination)
        journal.unlink()
        raise
    os.rename(old, new)
    journal.unlink()


def finish_swap(destination: Path) -> None:
    """Finish a two-step swap an earlier build left half done, or undo it if the new
    folder is gone; the folder left over is removed as stale."""
    journal = journal_path(destination)
    try:
        names = json.loads(journal.read_text(encoding="utf-8"))
        old, new = (destination.parent / Path(names[key]).name for key in ("old", "new"))
    except FileNotFoundError:
        return
    except (ValueError, KeyError, TypeError):
        journal.unlink()
        return
    if not destination.exists():
        for folder in (new, old):               # the new site was complete before the journal
            if folder.is_dir():
                os.rename(folder, destination)
                break
    journal.unlink()


def lock_path(destination: Path) -> Path:
    """The lock of one output folder: beside it, not in it (the folder itself is swapped)."""
    return destination.parent / f".{destination.name}.lock"


def take_lock(path: Path) -> int | None:
    """An exclusive lock on the file at `path`, made if need be (its descriptor), or None if
    another build holds it (where the file system has no locks, the file is opened unlocked).
    The holder removes the file before it lets go, so a lock taken on a file that is no
    longer at `path` is given up and taken again on the new one."""
    while True:
        lock = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            return None
        except OSError:                 # a file system without locks: go on, unlocked
            return lock
        try:
            now = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            now = None
        held = os.fstat(lock)
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return lock
        os.close(lock)


def mounted_inside(folder: Path) -> list[str]:
    """The mount points inside `folder` (from Linux's /proc/self/mountinfo, whose fifth field
    is the mount point with spaces and the like written as octal escapes; none where it
    cannot be read)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    points = (re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
              for line in lines if len(line.split()) > 4)
    return sorted(point for point in points
                  if Path(point) != folder and Path(point).is_relative_to(folder))


def remove_stale(destination: Path, keep: str | None = None) -> None:
    """Remove temporary folders that earlier builds into `destination` left (only ours), but
    `keep`."""
    for prefix in (f".{destination.name}.building-", f".{destination.name}.old-"):
        for folder in destination.parent.glob(prefix + "*"):
            if str(folder) == keep:
                continue
            if folder.is_dir() and not folder.is_symlink() and ours_by_marker(folder):
                remove_ours(folder)


def ours_by_marker(folder: Path) -> bool:
    return (folder / MARKER_NAME).is_file() or not any(folder.iterdir())


def remove_ours(folder: Path) -> None:
    """Remove a folder, its marker last, so a removal cut short is still recognised; one
    already gone (another build removed it as stale) is no error."""
    if folder.is_symlink():
        folder.unlink()
        return
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name == MARKER_NAME:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
    with contextlib.suppress(OSError):
        (folder / MARKER_NAME).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def held_signals():
    """Hold Ctrl-C (SIGINT) and SIGTERM back until the block is done; they arrive after."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


KEPT: dict[str, str] = {}        # live folder -> its previous site, to empty and reuse (serve)


def emptied_folders(root: str) -> list[str] | None:
    """Remove every file under `root` but its marker, keeping the folders: the folders (paths
    inside it), or None if `root` is not a folder or something could not be removed."""
    found, todo = [], [""]
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            return None
        with held_signals():
            while todo:
                rel = todo.pop()
                with os.scandir(f"{root}/{rel}" if rel else root) as entries:
                    for entry in entries:
                        inner = f"{rel}/{entry.name}" if rel else entry.name
                        if entry.is_dir(follow_symlinks=False):
                            found.append(inner)
                            todo.append(inner)
                        elif inner != MARKER_NAME:
                            os.unlink(entry.path)
    except OSError:
        return None
    return found


def tidy_kept() -> None:
    """Empty the folders this process kept, now rather than when the next build needs them
    (`coprod serve`, once the page and its search index are in place)."""
    for destination, folder in list(KEPT.items()):
        if emptied_folders(folder) is None:
            del KEPT[destination]
            remove_ours(Path(folder))


def forget_kept() -> None:
    """Remove the folders this process kept (`coprod serve` stops)."""
    while KEPT:
        remove_ours(Path(KEPT.popitem()[1]))
