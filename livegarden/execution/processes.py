"""Process groups on every OS: start a process as the head of its own group, kill a whole group.

POSIX has sessions and `killpg`; Windows has neither, and its nearest equivalent for killing
a process with everything it started is `taskkill /T` (a tree walk by parent id). The session
servers and the runner go through these two functions so that they run on both.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

IS_WINDOWS = sys.platform == "win32"
GRACE_S = 3.0  # a block stuck in C code is killed by its server this long after its timeout
_PR_SET_CHILD_SUBREAPER = 36


def own_group() -> dict[str, Any]:
    """`Popen` keyword arguments that make the new process the head of a group of its own."""
    if sys.platform == "win32":  # not through IS_WINDOWS: the type checker narrows on this
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def kill_group(pid: int) -> bool:
    """Kill process `pid` and its group (POSIX) or its process tree (Windows); a process that
    has already gone is not an error. Whether `pid` itself was still there to be killed."""
    if sys.platform == "win32":
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(pid)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
                check=False,
            )
        try:
            os.kill(pid, signal.SIGTERM)  # TerminateProcess, should taskkill be missing
        except OSError:
            return False
        return True
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    try:
        os.kill(pid, signal.SIGKILL)  # a process that left its group (setsid)
    except OSError:
        return False
    return True


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux): a process that left the session's process group with
    `setsid` and lost its parent is re-parented here instead of to init, so it can be killed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return False  # not Linux: only the process group is killed


def serve_until_stopped(serve: Callable[[], None], kill_all: Callable[[], None]) -> None:
    """Run a session server's loop; however it ends (SIGTERM raises SystemExit), every session
    it started is killed, and an unexpected failure is printed before it propagates."""
    try:
        serve()
    except SystemExit:
        kill_all()
    except BaseException:
        traceback.print_exc()
        kill_all()
        raise


def reap_orphans(kill_strays: Callable[[], None], children: Callable[[], set[int]]) -> None:
    """After a server killed its sessions: kill what they left (orphans adopted by a subreaper
    die in turn, each may hand us its own children) and reap them, for up to a second."""
    for _ in range(100):
        kill_strays()
        if sys.platform != "win32":
            with contextlib.suppress(ChildProcessError):
                while os.waitpid(-1, os.WNOHANG)[0] > 0:
                    pass
        if not children():
            return
        time.sleep(0.01)
