"""The portable session server: one fresh worker process per session, warmed up ahead of time.

Run as `python -m livegarden.execution.spawner --preimport numpy,torch --spares 2`. It speaks
the fork server's protocol (`zygote.py`): one JSON request per line on stdin, one JSON report
per finished session on stdout. Where `fork` is missing (Windows) or unsafe after the system's
libraries have started threads (macOS: Accelerate and the Objective-C runtime), each session
runs in its own process started with `subprocess`; `--spares` workers (`worker.py`) import
the libraries and make the shell before a session needs them, so a session waits only when
sessions start faster than workers warm up. Isolation is the fork server's: a new process per
session, killed with its process group (POSIX) or process tree (Windows) on a deadline or when
it ends; on Linux the server is a child subreaper and kills orphans, as the zygote does.

Pipes are read by one thread per worker (Windows cannot `select` on pipes); every event goes
through one queue to the main thread, which owns all state.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Any

from livegarden.execution.processes import (
    GRACE_S,
    become_subreaper,
    kill_group,
    own_group,
    reap_orphans,
    serve_until_stopped,
)
from livegarden.execution.zygote import own_children

WARM_UP_LIMIT_S = 600.0  # a worker that has not warmed up by then is stuck: killed


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    spawned: float
    ready: bool = False
    request: dict[str, Any] | None = None
    started: float = 0.0  # when its session started (it was ready and had a request)
    deadline: float = math.inf
    killed_for: str | None = None
    reported: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid


class Spawner:
    def __init__(self, python: str, preimport: str, spares: int) -> None:
        self.python = python
        self.preimport = preimport
        self.spares = max(1, spares)
        self.workers: dict[int, _Worker] = {}
        self.events: queue.Queue[tuple[str, Any, Any]] = queue.Queue()
        self.began = time.monotonic()
        self.announced = False
        become_subreaper()

    def send(self, message: dict[str, Any]) -> None:
        os.write(1, (json.dumps(message) + "\n").encode())

    # -- workers ----------------------------------------------------------------------------

    def start_worker(self) -> _Worker:
        process = subprocess.Popen(
            [self.python, "-m", "livegarden.execution.worker", "--preimport", self.preimport],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            **own_group(),
        )
        worker = _Worker(process, time.monotonic(), deadline=time.monotonic() + WARM_UP_LIMIT_S)
        self.workers[worker.pid] = worker
        threading.Thread(target=self._listen, args=(worker,), daemon=True).start()
        return worker

    def _listen(self, worker: _Worker) -> None:
        """The worker's control lines, then its exit, as events (runs in its own thread)."""
        stream = worker.process.stdout
        assert stream is not None
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                self.events.put(("line", worker, line.strip()))
        self.events.put(("exit", worker, worker.process.wait()))

    def top_up(self) -> None:
        """Keep `spares` workers without a session, warm or warming."""
        idle = sum(1 for w in self.workers.values() if w.request is None)
        for _ in range(self.spares - idle):
            self.start_worker()

    def assign(self, request: dict[str, Any]) -> None:
        idle = [w for w in self.workers.values() if w.request is None]
        idle.sort(key=lambda w: (not w.ready, w.spawned))  # a warm one first, else the oldest
        worker = idle[0] if idle else self.start_worker()
        worker.request = request
        if worker.ready:
            self._begin(worker)
        data = (json.dumps(request) + "\n").encode()
        threading.Thread(target=self._write, args=(worker, data), daemon=True).start()
        self.top_up()

    def _write(self, worker: _Worker, data: bytes) -> None:
        stream: IO[bytes] | None = worker.process.stdin
        with contextlib.suppress(OSError, ValueError):
            assert stream is not None
            stream.write(data)
            stream.flush()  # stdin stays open: its end tells the worker that we are gone

    def _begin(self, worker: _Worker) -> None:
        """The worker is warm and has its request: the session's clock starts."""
        assert worker.request is not None
        blocks = worker.request["blocks"]
        first_timeout = blocks[0]["timeout_s"] if blocks else 1.0
        worker.started = time.monotonic()
        worker.deadline = worker.started + first_timeout + GRACE_S + 5.0

    # -- events -----------------------------------------------------------------------------

    def on_line(self, worker: _Worker, line: bytes) -> None:
        if line == b"ready":
            worker.ready = True
            if not self.announced:
                self.announced = True
                startup = time.monotonic() - self.began
                self.send({"ready": True, "preimported": [], "startup_s": startup})
            if worker.request is not None:
                self._begin(worker)
            else:
                worker.deadline = math.inf
            return
        if line == b"done" and worker.request is not None and not worker.reported:
            worker.reported = True  # results are written; report now, reap when it exits
            worker.deadline = time.monotonic() + 10.0
            self.send(self._report(worker, exit_code=0, signal_number=None))
            return
        with contextlib.suppress(ValueError):
            worker.deadline = float(line)

    def on_exit(self, worker: _Worker, returncode: int) -> None:
        self.workers.pop(worker.pid, None)
        kill_group(worker.pid)  # leftovers the session started
        self.kill_strays()
        if worker.request is not None and not worker.reported:
            exit_code = returncode if returncode >= 0 else None
            signal_number = -returncode if returncode < 0 else None
            self.send(self._report(worker, exit_code, signal_number))
        for stream in (worker.process.stdin, worker.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def _report(
        self, worker: _Worker, exit_code: int | None, signal_number: int | None
    ) -> dict[str, Any]:
        assert worker.request is not None
        return {
            "id": worker.request["id"],
            "pid": worker.pid,
            "exit_code": exit_code,
            "signal": signal_number,
            "killed_for": worker.killed_for,
            "wall_s": time.monotonic() - (worker.started or time.monotonic()),
        }

    def enforce_deadlines(self) -> None:
        now = time.monotonic()
        for worker in self.workers.values():
            if worker.killed_for is None and now >= worker.deadline:
                if worker.request is None or not worker.ready:
                    worker.killed_for = "warm-up took too long"
                else:
                    worker.killed_for = "timeout" if not worker.reported else "exit took too long"
                kill_group(worker.pid)

    def kill_strays(self) -> None:
        """Kill children of ours that are not workers: orphans adopted from ended sessions."""
        for pid in own_children() - set(self.workers):
            kill_group(pid)

    def kill_all(self) -> None:
        for worker in list(self.workers.values()):
            kill_group(worker.pid)
        for worker in list(self.workers.values()):
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                worker.process.wait(timeout=10)
        self.workers.clear()
        reap_orphans(self.kill_strays, own_children)

    def _read_requests(self) -> None:
        """Requests from the runner as events; the end of stdin as the last one (a thread)."""
        with contextlib.suppress(OSError, ValueError):
            for line in sys.stdin.buffer:
                if line.strip():
                    self.events.put(("request", json.loads(line), None))
        self.events.put(("end", None, None))

    def serve(self) -> None:
        threading.Thread(target=self._read_requests, daemon=True).start()
        self.top_up()
        open_stdin = True
        while open_stdin or any(w.request is not None for w in self.workers.values()):
            deadlines = [w.deadline for w in self.workers.values() if w.killed_for is None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            with contextlib.suppress(queue.Empty):
                kind, subject, detail = self.events.get(timeout=min(timeout or 1.0, 1.0))
                if kind == "request":
                    self.assign(subject)
                elif kind == "line" and subject.pid in self.workers:
                    self.on_line(subject, detail)
                elif kind == "exit":
                    self.on_exit(subject, detail)
                    if open_stdin:
                        self.top_up()
                elif kind == "end":
                    open_stdin = False
                    break
            self.enforce_deadlines()
        self.kill_all()


def _terminate(*_: object) -> None:
    raise SystemExit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preimport", default="numpy,torch,matplotlib.pyplot")
    parser.add_argument("--spares", type=int, default=1, help="workers kept warm for sessions")
    arguments = parser.parse_args()
    if sys.platform != "win32":
        signal.signal(signal.SIGTERM, _terminate)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when we stop
    spawner = Spawner(sys.executable, arguments.preimport, arguments.spares)
    serve_until_stopped(spawner.serve, spawner.kill_all)


if __name__ == "__main__":
    main()
