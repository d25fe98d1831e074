"""Repository files and folders a session read: recorded while it runs, checked before reuse.

The static import scan in `keys.py` sees the `snippets/` modules a session runs or imports; it
cannot see that a snippet reads `docs/**/*.md`. So the session process installs an audit hook
(PEP 578) that records every file under the repository it opens for reading and every folder it
lists, each with a digest taken at that moment. A cached or frozen result is trusted only while
every recorded input still has its digest. Hand-written: no library records a process's reads
from inside the process, and tracing system calls (strace, fanotify) would need privileges.

Input names are repository-relative POSIX paths; a folder listing ends in `/` (`./` is the
repository root). Paths with a component starting with `.` (`.git`, `.venv`, `.obsidian`, the
cache), `__pycache__` and `*.egg-info` folders, the interpreter's own trees, and what the import
system and package-metadata discovery read are never inputs.
"""

# The audit hook runs on every open() of the session, so paths stay plain strings: os.path and
# os.stat, no pathlib objects (and no Path.resolve, which would follow links with more syscalls).
# ruff: noqa: PTH100, PTH116, PTH123, PTH206, PTH208

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

MISSING = "missing"  # the path did not exist (creating it later changes the input)
PACKAGE_PREFIX = "pkg:"  # an input that is an installed distribution, its digest its version
NOT_A_FILE = "not-a-file"  # a folder, a pipe or a device opened as a file: not hashed
UNKNOWN = "unknown"  # could not be read; never equal to a later digest, so the input re-runs

_WATCHED = frozenset({"open", "os.listdir", "os.scandir"})
# Callers whose reads are the environment's business, not the snippet's: the import system
# filling its folder caches, zipimport probing path entries, and package-metadata discovery
# (entry points), all covered by the environment fingerprint. Module sources the import system
# opens stay inputs.
_LISTING_CALLERS = ("<frozen importlib", "<frozen zipimport")
_PROBING_CALLERS = ("<frozen zipimport",)
_METADATA_CALLERS = (f"importlib{os.sep}metadata{os.sep}", "importlib_metadata", "pkg_resources")
_STACK_DEPTH = 12  # frames searched for those callers (zipfile sits between metadata and open)


def file_digest(path: str) -> str:
    """SHA-256 of a regular file's bytes, or one of MISSING / NOT_A_FILE / UNKNOWN."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return MISSING
    except OSError:
        return UNKNOWN
    if not stat.S_ISREG(info.st_mode):
        return NOT_A_FILE  # never open a pipe to hash it: that would block
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except FileNotFoundError:
        return MISSING
    except OSError:
        return UNKNOWN


def visible_name(name: str) -> bool:
    """Whether an entry counts in a folder listing (hidden files and caches do not)."""
    return not name.startswith(".") and name != "__pycache__"


def listing_digest(path: str) -> str:
    """SHA-256 of a folder's visible entry names, or MISSING / NOT_A_FILE / UNKNOWN."""
    try:
        names = os.listdir(path)
    except FileNotFoundError:
        return MISSING
    except NotADirectoryError:
        return NOT_A_FILE
    except OSError:
        return UNKNOWN
    text = "\n".join(sorted(name for name in names if visible_name(name)))
    return hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def _is_metadata(part: str) -> bool:
    return part.endswith((".egg-info", ".dist-info"))


def input_name(root: str, absolute: str, *, is_listing: bool) -> str | None:
    """The input name of `absolute` (normalised, absolute) under `root`, or None if not one."""
    if absolute != root and not absolute.startswith(root + os.sep):
        return None
    relative = absolute[len(root) + 1 :] if absolute != root else ""
    parts = relative.split(os.sep) if relative else []
    if any(part.startswith(".") or part == "__pycache__" or _is_metadata(part) for part in parts):
        return None
    posix = "/".join(parts)
    if is_listing:
        return f"{posix}/" if posix else "./"
    return posix or None


def current_digest(root: Path, name: str) -> str:
    """The digest input `name` has now (same function the recorder used)."""
    if name.endswith("/"):
        folder = root if name == "./" else root / name[:-1]
        return listing_digest(str(folder))
    return file_digest(str(root / name))


class DigestMemo:
    """Current digests, hashed once per file version (keyed by the file's stat signature).

    A session that reads the whole vault and the sessions sharing its inputs cost one hash per
    file per process, and `mkdocs serve` rebuilds re-hash only what was touched.
    """

    def __init__(self, root: Path, packages: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.packages = {name.lower(): version for name, version in (packages or {}).items()}
        self._known: dict[str, tuple[tuple[int, ...], str]] = {}
        self._lock = threading.Lock()

    def digest(self, name: str) -> str:
        if name.startswith(PACKAGE_PREFIX):
            return self.packages.get(name[len(PACKAGE_PREFIX) :], MISSING)
        path = self.root if name == "./" else self.root / name.rstrip("/")
        try:
            info = os.stat(path)
        except OSError:
            return current_digest(self.root, name)
        signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
        with self._lock:
            known = self._known.get(name)
        if known is not None and known[0] == signature:
            return known[1]
        value = current_digest(self.root, name)
        with self._lock:
            self._known[name] = (signature, value)
        return value

    def changed(self, inputs: Mapping[str, str]) -> list[str]:
        """The recorded inputs whose digest differs now, in name order."""
        return [name for name in sorted(inputs) if self.digest(name) != inputs[name]]


def describe_changes(names: Iterable[str], limit: int = 3) -> str:
    """`docs/a.md, docs/ (folder listing) and 2 more` for a log line."""
    shown = [name if not name.endswith("/") else f"{name} (folder listing)" for name in names]
    if len(shown) <= limit:
        return ", ".join(shown)
    return ", ".join(shown[:limit]) + f" and {len(shown) - limit} more"


class InputRecorder:
    """The audit hook of a session process: writes one JSON line per new input to `sink_fd`.

    Installed after the session's limits and working directory are set; it must never raise
    (an exception in an audit hook would fail the snippet's own `open`), so an input it cannot
    hash is recorded as UNKNOWN and the result is re-run next time rather than trusted.
    """

    def __init__(self, root: Path, sink_fd: int, ignored: Iterable[Path] = ()) -> None:
        self.root = os.path.normpath(os.path.abspath(root))
        self.sink_fd = sink_fd
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, *map(str, ignored)}
        self.ignored = tuple(os.path.normpath(os.path.abspath(p)) for p in prefixes if p)
        self.seen: set[str] = set()
        self.written: set[str] = set()
        self._busy = threading.local()

    def install(self) -> None:
        sys.addaudithook(self.hook)

    def _is_ignored(self, absolute: str) -> bool:
        return any(absolute == p or absolute.startswith(p + os.sep) for p in self.ignored)

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if event not in _WATCHED or getattr(self._busy, "active", False):
            return
        self._busy.active = True
        try:
            self._observe(event, args)
        except Exception:  # an audit hook must not fail the snippet's call
            pass
        finally:
            self._busy.active = False

    def _observe(self, event: str, args: tuple[object, ...]) -> None:
        target = args[0] if args else None
        if isinstance(target, int):
            return  # a file descriptor: what it refers to was opened (and seen) before
        if event != "open":
            path = "." if target is None else os.fsdecode(target)  # type: ignore[arg-type]
            self._record(os.path.normpath(os.path.abspath(path)), is_listing=True)
            return
        if target is None:
            return
        path = os.path.normpath(os.path.abspath(os.fsdecode(target)))  # type: ignore[arg-type]
        mode, flags = args[1], args[2] if len(args) > 2 else 0
        if isinstance(mode, str):
            writes = any(letter in mode for letter in "wax+")
        else:
            writes = isinstance(flags, int) and flags & os.O_ACCMODE != os.O_RDONLY
        if writes:
            self.written.add(path)  # what the session writes before reading is its own output
            return
        if f"{os.sep}__pycache__{os.sep}" in path:
            try:
                path = importlib.util.source_from_cache(path)  # the module's source is the input
            except ValueError:
                return
        if path not in self.written:
            self._record(path, is_listing=False)

    def _record(self, absolute: str, *, is_listing: bool) -> None:
        name = input_name(self.root, absolute, is_listing=is_listing)
        if name is None or name in self.seen or self._is_ignored(absolute):
            return
        if _environment_caller(is_listing=is_listing):
            return  # not marked seen: the snippet itself may read it later
        self.seen.add(name)
        try:
            digest = listing_digest(absolute) if is_listing else file_digest(absolute)
        except Exception:  # recorded as unknown: the result will not be reused
            digest = UNKNOWN
        os.write(self.sink_fd, (json.dumps({"input": name, "digest": digest}) + "\n").encode())


def _environment_caller(*, is_listing: bool) -> bool:
    """Whether the read under way comes from the import system or package-metadata discovery."""
    frame = sys._getframe(4)  # above _environment_caller, _record, _observe and hook
    for _ in range(_STACK_DEPTH):
        if frame is None:
            return False
        filename = frame.f_code.co_filename
        if filename.startswith(_LISTING_CALLERS if is_listing else _PROBING_CALLERS):
            return True
        if any(marker in filename for marker in _METADATA_CALLERS):
            return True
        frame = frame.f_back  # type: ignore[assignment]  # None ends the walk above
    return False


def read_inputs(path: Path) -> dict[str, str]:
    """The inputs a recorder wrote to `path` (first record of a name wins); {} if none."""
    inputs: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return inputs
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash: the names before it still count
        if isinstance(record, dict):
            name, digest = record.get("input"), record.get("digest")
            if isinstance(name, str) and isinstance(digest, str):
                inputs.setdefault(name, digest)
    return inputs
