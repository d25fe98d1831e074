"""Cache files that a build killed at any moment leaves whole or untouched: each write goes
to a temporary file in the same folder, flushed to disk and renamed into place; a read that
finds no file, a damaged one or another version's gets None, never a half-trusted value."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def write_pickle(path: Path, format_tag: str, data: dict[str, Any]) -> None:
    """Pickle `data` with its format tag into `path`, atomically."""
    payload = {"format": format_tag, **data}
    write_atomically(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


def read_pickle(path: Path, format_tag: str) -> dict[str, Any] | None:
    """What `write_pickle` wrote with this format tag, or None (absent, truncated, another
    version's). Only files this plugin wrote in the project's cache folder are read."""
    try:
        data = pickle.loads(path.read_bytes())
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("format") != format_tag:
        return None
    return data
