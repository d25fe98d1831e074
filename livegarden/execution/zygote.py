"""The warm fork server: imports the heavy libraries once, then forks one child per session.

Run as `python -m livegarden.execution.zygote --preimport numpy,torch,matplotlib.pyplot`.
It also makes the IPython shell sessions run in (see `shell.py`), once, before any fork.
Protocol: one JSON request per line on stdin; one JSON line per finished session on stdout.
The zygote never runs user code or torch work itself (a fork after threaded torch work can
hang the child), keeps torch at one thread, and is single-threaded: a select loop over stdin,
a SIGCHLD wake-up pipe and each child's control pipe (on which the child announces the hard
deadline of the block it starts). Each child leads its own process group; the zygote kills the
group on a deadline, after the child ends (no orphans) and when its stdin closes.

A snippet's process can leave that group (`setsid`, `start_new_session=True`, a daemon's double
fork). So on Linux the zygote and every session are child subreapers (`prctl`): an orphan is
re-parented to its session while the session lives, and to the zygote once the session has
ended; the zygote kills every child of its own that is not a session (a stray) whenever a child
ends. Only a zygote killed with SIGKILL leaves such escaped processes behind.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livegarden.execution.processes import (
    GRACE_S,
    become_subreaper,
    reap_orphans,
    serve_until_stopped,
)
from livegarden.execution.warm import warm_up


@dataclass
class _Child:
    request_id: int
    control_fd: int
    started: float
    deadline: float
    killed_for: str | None = None
    pending: bytes = field(default=b"")
    reported: bool = False


def own_children() -> set[int]:
    """Process ids whose parent is this process (Linux /proc; empty elsewhere)."""
    children: set[int] = set()
    try:
        for task in Path("/proc/self/task").iterdir():
            children.update(int(pid) for pid in (task / "children").read_text().split())
    except OSError:
        return _children_by_scan()
    return children


def _children_by_scan() -> set[int]:
    """The slow way, for kernels without /proc/PID/task/TID/children: every process's parent."""
    children: set[int] = set()
    me = os.getpid()
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == me:
                    children.add(int(entry.name))
    return children


class Zygote:
    def __init__(self) -> None:
        self.children: dict[int, _Child] = {}
        self.buffer = b""
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, self._terminate)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when we stop
        become_subreaper()  # orphans of ended sessions come to us (see kill_strays)

    def _terminate(self, *_: object) -> None:
        raise SystemExit(0)

    def send(self, message: dict[str, Any]) -> None:
        os.write(1, (json.dumps(message) + "\n").encode())

    def spawn(self, request: dict[str, Any]) -> None:
        from livegarden.execution import child

        control_read, control_write = os.pipe()
        now = time.monotonic()
        first_timeout = request["blocks"][0]["timeout_s"] if request["blocks"] else 1.0
        pid = os.fork()
        if pid == 0:  # the child: never returns
            try:
                os.close(control_read)
                os.close(self.wake_read)
                child.run_session(request, control_write)
            finally:
                os._exit(70)
        os.close(control_write)
        os.set_blocking(control_read, False)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        deadline = now + first_timeout + GRACE_S + 5.0
        self.children[pid] = _Child(request["id"], control_read, now, deadline)

    def read_requests(self) -> bool:
        """Start every complete request on stdin; False once stdin is closed."""
        chunk = os.read(0, 1 << 20)
        if not chunk:
            return False
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            if line.strip():
                self.spawn(json.loads(line))
        return True

    def read_control(self, pid: int) -> None:
        state = self.children[pid]
        try:
            chunk = os.read(state.control_fd, 4096)
        except BlockingIOError:
            return
        state.pending += chunk
        *lines, state.pending = state.pending.split(b"\n")
        for line in lines:
            if line == b"done" and not state.reported:
                # The child finished writing its results; report now, reap when it has exited.
                state.reported = True
                state.deadline = time.monotonic() + 10.0
                self.send(self._report(pid, state, exit_code=0, signal_number=None))
                continue
            with contextlib.suppress(ValueError):
                state.deadline = float(line)

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            state = self.children.pop(pid, None)
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)  # leftovers the snippet started
            self.kill_strays()  # the ended session's orphans are ours now
            if state is None:
                continue
            os.close(state.control_fd)
            if not state.reported:
                exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
                signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
                self.send(self._report(pid, state, exit_code, signal_number))

    def _report(
        self, pid: int, state: _Child, exit_code: int | None, signal_number: int | None
    ) -> dict[str, Any]:
        return {
            "id": state.request_id,
            "pid": pid,
            "exit_code": exit_code,
            "signal": signal_number,
            "killed_for": state.killed_for,
            "wall_s": time.monotonic() - state.started,
        }

    def enforce_deadlines(self) -> None:
        now = time.monotonic()
        for pid, state in self.children.items():
            if state.killed_for is None and now >= state.deadline:
                state.killed_for = "timeout" if not state.reported else "exit took too long"
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)

    def kill_strays(self) -> None:
        """Kill children of ours that are not sessions: orphans adopted from ended sessions."""
        for pid in own_children() - set(self.children):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)  # its group, if it made one with setsid

    def kill_all(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.children.clear()
        reap_orphans(self.kill_strays, own_children)

    def serve(self) -> None:
        open_stdin = True
        while open_stdin or self.children:
            pending = [s.deadline for s in self.children.values() if s.killed_for is None]
            timeout = max(0.0, min(pending) - time.monotonic()) if pending else None
            watched = [self.wake_read, *(s.control_fd for s in self.children.values())]
            if open_stdin:
                watched.append(0)
            try:
                ready, _, _ = select.select(watched, [], [], timeout)
            except InterruptedError:
                ready = []
            if self.wake_read in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(self.wake_read, 4096)
            for pid, state in list(self.children.items()):
                if state.control_fd in ready:
                    self.read_control(pid)
            self.reap()
            self.enforce_deadlines()
            if 0 in ready and not self.read_requests():
                open_stdin = False
                self.kill_all()
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preimport", default="numpy,torch,matplotlib.pyplot")
    arguments = parser.parse_args()
    started = time.perf_counter()
    # the libraries, the session code and IPython's shell: copied into every session by fork
    loaded = warm_up([name for name in arguments.preimport.split(",") if name])

    zygote = Zygote()
    zygote.send({"ready": True, "preimported": loaded, "startup_s": time.perf_counter() - started})
    serve_until_stopped(zygote.serve, zygote.kill_all)


if __name__ == "__main__":
    main()
