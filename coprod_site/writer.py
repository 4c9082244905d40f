"""Writing the site: everything goes into a temporary folder that is swapped into place only
when the whole build has succeeded, so a failed build leaves the previous output exactly as it
was. Every path is checked to stay inside the output folder, whatever a slug or path says.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def check_destination(destination: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else.

    A build replaces the whole output folder, so `--out content` or `--out ~` must be refused
    before anything is written, not discovered afterwards.
    """
    dest, root = Path(destination).resolve(), Path(site_root).resolve()
    if root.is_relative_to(dest):
        raise OutputError(f"The output folder {destination} holds the site itself. "
                          "Choose a folder of its own, such as public/.")
    if dest.is_relative_to(root / "content"):
        raise OutputError(f"The output folder {destination} is inside content/. "
                          "Choose a folder of its own, such as public/.")
    if dest.exists() and not dest.is_dir():
        raise OutputError(f"{destination} is a file, not a folder. "
                          "Choose a folder of its own, such as public/.")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / "index.html").is_file():
        raise OutputError(f"The output folder {destination} has files in it that are not a "
                          "built site, and a build replaces the whole folder. Choose a new or "
                          "empty folder, so nothing in it is lost.")


class Output:
    """A folder being written; `commit()` swaps it into place."""

    def __init__(self, destination: Path):
        self.destination = Path(destination).resolve()
        try:
            self.destination.parent.mkdir(parents=True, exist_ok=True)
            self.root = Path(tempfile.mkdtemp(prefix=f".{self.destination.name}.building-",
                                              dir=self.destination.parent)).resolve()
        except OSError as error:
            raise OutputError(f"The output folder {destination} cannot be written "
                              f"({error.strerror}). Choose another folder with --out.") from None
        os.chmod(self.root, 0o755)
        self.written: list[str] = []

    def path(self, url_path: str) -> Path:
        """The file for a site path such as `/guides/x/` or `media/a.jpg`."""
        relative = url_path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if "\\" in relative or "\0" in relative:
            raise UnsafePath(url_path)
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or target == self.root:
            raise UnsafePath(url_path)
        return target

    def write(self, url_path: str, data: bytes | str) -> Path:
        target = self.path(url_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.written.append(target.relative_to(self.root).as_posix())
        return target

    def copy(self, source: Path, url_path: str) -> Path:
        target = self.path(url_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.written.append(target.relative_to(self.root).as_posix())
        return target

    def commit(self) -> None:
        """Swap the new folder into place; the old one is removed only after the swap."""
        old = None
        if self.destination.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.destination.name}.old-",
                                        dir=self.destination.parent))
            os.replace(self.destination, old / "site")
        try:
            os.replace(self.root, self.destination)
        except OSError as error:
            if old:
                os.replace(old / "site", self.destination)     # put the previous site back
                old.rmdir()
            self.discard()
            raise OutputError(f"The new site could not be moved into {self.destination} "
                              f"({error.strerror}). The previous site is unchanged.") from None
        if old:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
