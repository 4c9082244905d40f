"""One file of `.coprod-cache/`: read whole or not at all, written whole or not at all.

`load(path)` is the object pickled there, or None when the file is missing, cut short or from
another version; `save(path, value)` (`save_bytes` for other formats) writes a temporary file
and renames it over the old one, so a kill or a full disk never leaves half a file.
`save_checked` and `load_checked` keep bytes after a SHA-256 of the file's name and the bytes,
for what would be used as it is (a rendered page, a compiled template): a file cut short,
changed or copied over another's is None, never used. Neither ever raises: a cache that cannot
be read or written only costs the time to do the work again. `code()` goes into every key:
what the cache keeps was made by this code and no other.

`user_folder()` is the user's cache folder, for what depends on the installed packages and
the theme's own files alone, never on a site's content (the syllable table, compiled
templates): kept there too, a clean build (`--no-cache`, a fresh clone) need not make them
again, as Python keeps its compiled modules.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from coprod_site import __version__

UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
              IndexError, TypeError, ValueError, MemoryError)


@functools.cache
def code() -> str:
    """The package version and a SHA-256 of the package's own files (its code and word
    lists), hex: a cache kept between builds (CI, Netlify) is then never read by other code,
    even under the same version number (an install from a branch, a local edit). About 5 ms,
    once a process."""
    digest = hashlib.sha256(__version__.encode("utf-8"))
    package = os.path.dirname(os.path.abspath(__file__))
    found = []
    for folder, folders, names in os.walk(package):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [os.path.join(folder, n) for n in names if n.endswith((".py", ".yml"))]
    for path in sorted(found):
        with open(path, "rb") as file:
            digest.update(f"\0{os.path.relpath(path, package)}\0".encode("utf-8") + file.read())
    return f"{__version__}-{digest.hexdigest()}"


def load(path: Path):
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except UNREADABLE:
        return None


def save(path: Path, value) -> bool:
    return save_bytes(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def save_bytes(path: Path, data: bytes) -> bool:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return True
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:                  # the cache folder is not a folder at all
            pass
        return False


def save_checked(path: Path, data: bytes) -> bool:
    return save_bytes(path, _checksum(path, data) + data)


def load_checked(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data[32:] if _checksum(path, data[32:]) == data[:32] else None


def _checksum(path: Path, data: bytes) -> bytes:
    return hashlib.sha256(path.name.encode("utf-8") + b"\0" + data).digest()


def user_folder() -> Path | None:
    """`$XDG_CACHE_HOME/coprod-site`, else `~/.cache/coprod-site`; None without a home. A
    relative path is no cache folder (the XDG Base Directory rules: it is ignored)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or "")
    if not base.is_absolute():
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):
            return None
    return base / "coprod-site" if base.is_absolute() else None
