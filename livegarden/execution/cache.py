"""Content-addressed store of session results: atomic writes, checksummed entries, safe GC.

Each entry is one file `<root>/<key[:2]>/<key>.json` whose first line holds a format tag and the
SHA-256 of the rest. It is written to a temporary file in the same folder, flushed to disk and
renamed into place, so a build killed at any moment leaves either no entry or a whole one; an
entry whose checksum or JSON does not hold is reported as corrupt and never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livegarden.atomic import write_atomically

_TAG = "livegarden-cache-v1"


@dataclass(frozen=True, slots=True)
class Hit:
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Miss:
    pass


@dataclass(frozen=True, slots=True)
class Corrupt:
    path: Path
    reason: str


Lookup = Hit | Miss | Corrupt


def encode_entry(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"{_TAG} {hashlib.sha256(body).hexdigest()}\n".encode() + body


def decode_entry(data: bytes) -> dict[str, Any]:
    """The payload of an encoded entry; ValueError saying what is wrong otherwise."""
    header, newline, body = data.partition(b"\n")
    parts = header.decode("ascii", errors="replace").split(" ")
    if not newline or len(parts) != 2 or parts[0] != _TAG:
        raise ValueError("unrecognised header")
    if hashlib.sha256(body).hexdigest() != parts[1]:
        raise ValueError("checksum mismatch (truncated or altered)")
    payload = json.loads(body.decode("utf-8"))
    if not isinstance(payload, dict):
        raise ValueError("payload is not an object")
    return payload


class CacheStore:
    """Session results addressed by session key, under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def load(self, key: str) -> Lookup:
        path = self.path_for(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return Miss()
        except OSError as error:
            return Corrupt(path, f"unreadable: {error}")
        try:
            return Hit(decode_entry(data))
        except (ValueError, UnicodeDecodeError) as error:
            return Corrupt(path, str(error))

    def store(self, key: str, payload: dict[str, Any]) -> None:
        write_atomically(self.path_for(key), encode_entry(payload))

    def discard(self, key: str) -> None:
        with contextlib.suppress(OSError):  # gone already, or a cache that cannot be written
            self.path_for(key).unlink()

    def keys(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {path.stem for path in self.root.glob("??/*.json")}

    def collect(self, keep: set[str]) -> int:
        """Delete entries not in `keep` and leftover temporary files; call after a full build."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for path in self.root.glob("??/*"):
            if path.name.startswith(".tmp-") or (path.suffix == ".json" and path.stem not in keep):
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                removed += 1
        return removed
