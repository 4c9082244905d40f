"""The write stage: the new site is written into a temporary folder beside the output folder,
checked, and only then put in place of the old one, so readers, Netlify and the next build
always find a complete site: the old one or the new one, never a mix and never none.

For an output folder `public/` the folders are:

    public/                      the live site (a real folder, as Netlify publishes it)
    .public.building-a1b2c3d4/   the site being written
    .public.old-a1b2c3d4/        the previous site, while it is removed (two-step swap only)
    .public.swap                 the journal of a two-step swap in progress
    .public.lock                 held by the build writing to public/

Every folder a build makes holds MARKER_NAME first, which is how a build knows a folder is its
own: it never replaces, or removes, a folder that is not empty and has no marker. The swap
(`swap.py`) is one `renameat2(RENAME_EXCHANGE)` call (Linux 3.15 or later). Where that is not
available it is two renames, recorded first in the journal: the next build finishes the swap
(the new folder was complete before the journal was written) or undoes it. Ctrl-C and SIGTERM
are held back during the swap, so they cannot split it; a killed build leaves temporary
folders that the next build removes. One build at a time writes to a folder (a lock on
`.public.lock` beside it, removed when the build ends; builds into other folders, even beside
it, go on side by side). Every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import posixpath
import shutil
import re
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from coprod_site.swap import (KEPT, MARKER_NAME, MARKER_TEXT, SEARCH_ENTRY, OutputError,
                              cannot_replace, emptied_folders, exchange, finish_swap,
                              held_signals, lock_path, remove_ours, remove_stale,
                              swap_in_two_steps, take_lock, unchanged)

SPACE = "Check there is free space and that you may write there, then build again."
PLAIN_FOLDER = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")   # see make_folders
NEARLY_FULL = 1024 * 1024        # bytes free below which a short file means a full disk
_WRITTEN: dict[str, dict[str, tuple]] = {}   # live folder -> its files this process wrote


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class Output:
    """A folder being written; `commit()` checks it and swaps it into place, `discard()`
    removes it. Creating one clears what earlier, interrupted builds left behind.

    `again` (`coprod serve`, which builds the same folder again and again in one process):
    a page with the same bytes as the live copy this process wrote is linked (`_link_live`),
    and the old site is kept after the swap, and the next build of this folder in the process removes
    every file in it (`swap.tidy_kept` may do so first) and writes into its folders;
    `prune()` then removes those it left empty. Making a thousand folders takes longer than
    rendering their pages."""

    def __init__(self, destination: Path, again: bool = False):
        self.destination = Path(destination).resolve()
        self.again = again
        self._spare: list[str] = []             # folders of the kept ones, in the site
        self.written: list[str] = []            # paths in the site, in the order written
        self.sizes: dict[str, int] = {}         # path in the site: size in bytes
        self.root: Path | None = None
        self._folders: dict[str, str] = {}       # folder in the site -> its path, made
        self._wrote: dict[str, tuple] = {}      # path in the site -> (SHA-256, inode, size, time)
        self._making: tuple[subprocess.Popen, set[str]] | None = None    # see make_folders
        parent, name = self.destination.parent, self.destination.name
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"The output folder {destination} cannot be written "
                              f"({error.strerror}). Choose another folder with --out.") from None
        self._lock_path = lock_path(self.destination)
        try:
            self._lock = take_lock(self._lock_path)
        except OSError as error:
            raise failed(error, destination) from None
        if self._lock is None:
            raise OutputError(f"Another build is writing to {destination} right now. Wait for it "
                              "to finish, then build again.")
        try:
            finish_swap(self.destination)
            kept = KEPT.pop(str(self.destination), None)
            remove_stale(self.destination, keep=kept)
            with held_signals():            # a folder made is a folder marked and known
                self._spare = emptied_folders(kept) if kept else None
                if self._spare is None:
                    if kept:
                        remove_ours(Path(kept))
                    self._spare = []
                    kept = tempfile.mkdtemp(prefix=f".{name}.building-", dir=parent)
                self.root = Path(kept)
                self._folders.update((rel, f"{kept}/{rel}") for rel in self._spare)
                self._folders[""] = str(self.root)
                os.chmod(self.root, 0o755)
                (self.root / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")
        except OSError as error:
            self.discard()
            raise failed(error, destination) from None
        except BaseException:
            self.discard()
            raise

    def make_folders(self, url_paths: Iterable[str]) -> None:
        """Start making the folders of these site paths ("/guides/x/") in a process of its
        own (`mkdir -p`), which runs on another core while this one renders the pages; the
        first page written into one of them waits for it. A path that is not plain slugs
        ("guides/x", never under pagefind/), and every other folder, is made as it is
        written to; so is every folder when `mkdir` cannot run or fails (the write stage then
        says why). A thousand folders took 0.06 to 0.25 s to make on the benchmark machine."""
        mkdir = shutil.which("mkdir")
        if self.again or mkdir is None or self._making is not None:
            return                       # serve writes into the folders it kept
        folders = sorted({folder for url in url_paths
                          if PLAIN_FOLDER.fullmatch(folder := url.strip("/"))
                          and folder.split("/")[0] != "pagefind"})
        try:
            process = subprocess.Popen([mkdir, "-p", "--", *folders], cwd=self.root,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL) if folders else None
        except OSError:                  # such as too many folders for one command line
            return
        if process is not None:
            self._making = process, set(folders)

    def _made(self) -> None:
        """Wait for `make_folders`; if it made every folder, they are known as made."""
        if self._making is None:
            return
        process, folders = self._making
        self._making = None
        if process.wait() == 0:
            self._folders.update((rel, f"{self.root}/{rel}") for rel in folders)

    def path(self, url_path: str) -> Path:
        """The file for a site path such as `/guides/x/` or `media/a.jpg`; its folder is made."""
        return Path(self._place(url_path)[1])

    def _place(self, url_path: str) -> tuple[str, str]:
        """(path in the site, file path) for a site path, its folder made if need be."""
        relative = url_path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if "\\" in relative or "\0" in relative:
            raise UnsafePath(url_path)
        folder, _, name = posixpath.normpath(relative).rpartition("/")
        if name in ("", ".", "..") or folder.split("/")[0] == "..":
            raise UnsafePath(url_path)
        return (f"{folder}/{name}" if folder else name), f"{self._folder(folder, url_path)}/{name}"

    def _folder(self, folder: str, url_path: str) -> str:
        """A folder of the new site, made the first time it is asked for. One that was there
        already (made by Pagefind, say) must not be a symbolic link, which could lead out."""
        if self._making is not None and folder in self._making[1]:
            self._made()
        if folder not in self._folders:
            parent, _, name = folder.rpartition("/")
            path = f"{self._folder(parent, url_path)}/{name}"
            try:
                os.mkdir(path)
            except FileExistsError:
                if os.path.islink(path):
                    raise UnsafePath(url_path) from None
            self._folders[folder] = path
        return self._folders[folder]

    def write(self, url_path: str, data: bytes | str) -> Path:
        rel, target = self._place(url_path)
        data = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(data).digest() if self.again else None
        if digest is None or not self._link_live(rel, target, digest):
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW,
                                 0o666)
            with open(descriptor, "wb") as file:
                file.write(data)
                if digest is not None:
                    file.flush()
                    found = os.fstat(descriptor)
                    self._wrote[rel] = (digest, found.st_ino, found.st_size, found.st_mtime_ns)
        self._record(rel, len(data))
        return Path(target)

    def _link_live(self, rel: str, target: str, digest: bytes) -> bool:
        """Link the live site's copy of a file this process wrote with the same bytes, and
        not changed since (same inode, size and modification time), instead of writing it:
        `coprod serve` then writes only what an edit changed, besides the folders. (A change
        by hand that keeps a file's size and time is not seen, as by rsync or make; `build`
        has no `again`, and writes every file.)"""
        kept = _WRITTEN.get(str(self.destination), {}).get(rel)
        if kept is None or kept[0] != digest:
            return False
        live = os.path.join(self.destination, rel)
        try:
            found = os.lstat(live)
            if (found.st_ino, found.st_size, found.st_mtime_ns) != kept[1:] \
                    or not stat.S_ISREG(found.st_mode):
                return False
            os.link(live, target)
        except OSError:
            return False
        self._wrote[rel] = kept
        return True

    def copy(self, source: Path, url_path: str) -> Path:
        rel, target = self._place(url_path)
        if os.path.islink(target):
            raise UnsafePath(url_path)
        shutil.copyfile(source, target)
        self._record(rel, source.stat().st_size)
        return Path(target)

    def _record(self, rel: str, size: int) -> None:
        self.written.append(rel)
        self.sizes[rel] = size

    def incomplete(self) -> str | None:
        """What is missing from the new folder, or None: every file written must have its full
        size, and the search index's entry file must parse and name files that are there,
        with no file of the index empty (a full disk can leave files short or empty while the
        program writing them reports success)."""
        for rel, size in self.sizes.items():
            actual = (self.root / rel).stat().st_size
            if actual != size:
                return f"{rel} has only {actual} of its {size} bytes"
        return search_index_problem(self.root / "pagefind")

    @contextlib.contextmanager
    def stage(self):
        """Run a step that writes into the new folder (pages, search index, verify): on any
        failure, Ctrl-C included, the new folder is removed; a system error becomes
        OutputError."""
        try:
            yield self
        except OSError as error:
            self.discard()
            raise failed(error, self.destination) from None
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        """Check the new folder, then swap it into place and remove the old site.

        Raises OutputError (the old site still in place, the new folder removed) if the new
        folder is incomplete or cannot be moved."""
        with self.stage():
            problem = self.incomplete()
            if problem and free_bytes(self.root) < NEARLY_FULL:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            if problem:
                raise OutputError(f"The new site was not written completely ({problem}). "
                                  f"{unchanged(self.destination)} {SPACE}")
            with held_signals():
                if self.destination.is_dir():
                    if not (self.destination / MARKER_NAME).exists():   # an unmarked site
                        (self.destination / MARKER_NAME).write_text(MARKER_TEXT)   # of ours
                    try:
                        if not exchange(self.root, self.destination):
                            swap_in_two_steps(self.root, self.destination)
                    except OSError as error:
                        if error.errno in (errno.EBUSY, errno.EXDEV):
                            raise OutputError(cannot_replace(self.destination)) from None
                        raise
                else:
                    os.rename(self.root, self.destination)
                    self.root = None
                _WRITTEN[str(self.destination)] = self._wrote     # ({} unless `again`)
            if self.again and self.root is not None:
                KEPT[str(self.destination)], self.root = str(self.root), None
        self.discard()                          # the old site, now in the temporary folder

    def prune(self) -> None:
        """Remove the kept folders this build left empty, deepest first."""
        for rel in sorted(self._spare, reverse=True):
            try:
                os.rmdir(self._folders[rel])
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                    raise
        self._spare = []

    def discard(self) -> None:
        """Remove the temporary folder (whatever it holds) and let other builds in; Ctrl-C
        waits until both are done (it came just after the swap, and left the lock file)."""
        with held_signals():
            if self._making is not None:        # nothing may make folders in what is removed
                self._making[0].kill()
                self._made()
            if self.root is not None:
                remove_ours(self.root)
                self.root = None
            if getattr(self, "_lock", None) is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self._lock_path)      # while it is held: see take_lock
                os.close(self._lock)
                self._lock = None


def search_index_problem(folder: Path) -> str | None:
    """What is wrong with the Pagefind index in `folder` (a site's `pagefind/`), or None: its
    entry file must parse and name files that are there, and no file may be empty. No index
    at all is not a problem here (a site may have nothing to search)."""
    sizes = {f"pagefind/{rel}": size for rel, size in file_sizes(folder)}
    if not sizes:
        return None
    try:
        languages = json.loads((folder / "pagefind-entry.json").read_bytes())["languages"].values()
        named = [f"pagefind/pagefind.{language['hash']}.pf_meta" for language in languages]
        named += [f"pagefind/wasm.{language['wasm']}.pagefind" for language in languages
                  if language.get("wasm")]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"the search index is incomplete: {SEARCH_ENTRY} cannot be read"
    for rel in sorted(named) + sorted(sizes):
        if not sizes.get(rel):
            return (f"the search index is incomplete: {rel} is "
                    f"{'empty' if rel in sizes else 'missing'}")
    return None


def file_sizes(folder: Path) -> Iterator[tuple[str, int]]:
    """(path from `folder`, with "/", size in bytes) of each file under it (followed links
    too), as `Path.rglob` finds them, in a fifth of the time."""
    for top, _, names in os.walk(folder):
        base = os.path.relpath(top, folder).replace(os.sep, "/")
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                found = os.stat(os.path.join(top, name))
                if stat.S_ISREG(found.st_mode):
                    yield (name if base == "." else f"{base}/{name}"), found.st_size


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


def failed(error: OSError, destination) -> OutputError:
    """The one line for a system error while writing: what happened and what to do."""
    kept = unchanged(destination)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"The disk is full, so the new site could not be written next to "
                           f"{destination}. {kept} Free some space, then build again.")
    if error.errno == errno.EROFS:
        return OutputError(f"The new site could not be written next to {destination}: the disk "
                           f"there is read-only. {kept} Choose another folder with --out.")
    if error.errno in (errno.EACCES, errno.EPERM):
        return OutputError(f"The new site could not be written next to {destination}: "
                           f"permission denied. {kept} Choose a folder you may write to with "
                           "--out, or ask whoever manages this computer.")
    where = f" ({error.filename})" if error.filename else ""
    return OutputError(f"The new site could not be written next to {destination}: "
                       f"{error.strerror or error}{where}. {kept} {SPACE}")


# -- Writing the site ---------------------------------------------------------------------

def write_site(config, rendered, output: Output, cache: Path | None = None) -> None:
    """Theme assets, media, then each page and file as the render stage gives it, into
    `output` (a new temporary folder, in its `stage()`). `cache` is the site's cache folder
    (resized images are kept in it), or None."""
    for source, url in sorted(rendered.theme.assets.values(), key=lambda item: item[1]):
        output.copy(source, url)
    for rel, url in rendered.media:
        copy_media(config.root / rel, output, url, config.content_dir, cache)
    for path, data in rendered.files:
        output.write(path, data)
    output.prune()


def copy_media(source: Path, output: Output, url: str, content_dir: Path,
               cache: Path | None = None) -> None:
    """Publish one media file a published page uses. Images are saved again without hidden
    metadata (a photo's GPS position can show where someone lives); a file that is a link
    out of content/, not what its name says, or an unsafe SVG is never copied, even where a
    site has turned CP107 or CP108 down. An image also gets its resized copies (images.py)."""
    from coprod_site.site import images, media as media_files
    if not media_files.publishable(source, content_dir):
        return
    if media_files.KINDS[source.suffix.lower().lstrip(".")] == "image":
        try:
            cleaned = media_files.clean_image(source)
            picture = images.measure(source, url)
            copies = images.resized(source, picture, cache and cache / images.CACHE) \
                if picture else []
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as error:
            rel = source.relative_to(content_dir.parent).as_posix()
            raise OutputError(
                f"{rel} could not be saved again without its hidden details ({error}), so "
                "nothing was published and the previous site is unchanged. Open it in a "
                "photo app, save it again as JPG or PNG, and replace the file.") from None
        output.write(url, cleaned)
        for copy, data in copies:
            output.write(copy.url, data)
    else:
        output.copy(source, url)
