"""A memory cap for a session and every process it starts, together.

`RLIMIT_AS` binds each process on its own: a session that starts a `multiprocessing.Pool` or
a DataLoader with workers could use the limit once per worker. So a thread in the session
process sums the proportional set size (PSS: shared pages split between the processes that
share them, so the warm interpreter's pages count once) of the session and all its descendants,
and stops the whole tree when it grows past the limit, leaving a note for the runner.
Hand-written over /proc (Linux): psutil would do the walk, but the session must not import it.
"""

# Plain os and open() on /proc: no pathlib objects in the polling loop.
# ruff: noqa: PTH123, PTH208

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
from pathlib import Path

NOTE_FILE = "memory.json"  # written in the session's work folder when the cap stops it
POLL_S = 0.2


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children first), from /proc/PID/task/TID/children."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    children = [int(child) for child in stream.read().split()]
            except (OSError, ValueError):
                continue
            found.extend(children)
            pending.extend(children)
    return found


def pss_bytes(pid: int) -> int:
    """A process's proportional set size (0 when it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def tree_bytes(pid: int) -> int:
    """PSS of `pid` and all its descendants."""
    return sum(pss_bytes(member) for member in (pid, *descendants(pid)))


def watch(limit_mb: int, workdir: Path) -> threading.Thread | None:
    """Start watching this process's tree: past `limit_mb` on top of what it holds now, the
    tree is killed and `NOTE_FILE` says why. None where /proc cannot tell (not Linux)."""
    me = os.getpid()
    baseline = tree_bytes(me)
    if limit_mb <= 0 or baseline == 0:
        return None
    limit = limit_mb * 1024 * 1024

    def loop() -> None:
        while True:
            time.sleep(POLL_S)
            used = tree_bytes(me) - baseline
            if used <= limit:
                continue
            note = {"limit_mb": limit_mb, "used_mb": round(used / 2**20)}
            with open(workdir / NOTE_FILE, "w") as stream:
                json.dump(note, stream)
            for member in reversed(descendants(me)):
                with contextlib.suppress(OSError):  # it may have ended meanwhile
                    os.kill(member, signal.SIGKILL)
            os.kill(me, signal.SIGKILL)

    thread = threading.Thread(target=loop, name="livegarden-memory", daemon=True)
    thread.start()
    return thread


def exceeded(workdir: Path) -> dict[str, int] | None:
    """What the cap recorded when it stopped the session, if it did."""
    try:
        data = json.loads((workdir / NOTE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
