"""One file of `.coprod-cache/`: read whole or not at all, written whole or not at all.

`load(path)` is the object pickled there, or None when the file is missing, cut short or from
another version; `save(path, value)` (`save_bytes` for other formats) writes a temporary file
and renames it over the old one,
so a kill or a full disk never leaves half a file. Neither ever raises: a cache that cannot
be read or written only costs the time to do the work again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
              IndexError, TypeError, ValueError, MemoryError)


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
