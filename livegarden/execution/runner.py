"""Client of a warm session server: submits sessions, enforces parallelism, assembles results.

One `Runner` owns one server process (started lazily on the first submit, so a build whose
sessions are all cached never pays the ~2 s import of torch). Sessions run in parallel up to
`jobs`; a reader thread turns the server's completion lines into `SessionResult`s. The server
is the fork server (`zygote.py`, Linux: a session starts in about a millisecond) or the
portable one (`spawner.py`, every OS: a fresh process per session, warmed up ahead of time);
`backend` picks one (see `choose_backend`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from livegarden.execution import memory
from livegarden.execution.environment import Environment, current_environment
from livegarden.execution.inputs import PACKAGE_PREFIX, read_inputs
from livegarden.execution.processes import become_subreaper, kill_group, own_group
from livegarden.execution.results import (
    BlockResult,
    Display,
    ErrorInfo,
    Figure,
    Frame,
    Provenance,
    SessionResult,
)
from livegarden.execution.zygote import own_children

DEFAULT_PREIMPORT = ("numpy", "torch", "matplotlib", "matplotlib.pyplot")
BACKENDS = ("fork", "spawn")
BACKEND_VARIABLE = "LIVEGARDEN_BACKEND"
_SERVERS = {"fork": "livegarden.execution.zygote", "spawn": "livegarden.execution.spawner"}
DISPLAY_CHARS = 20_000
DISPLAY_LINES = 400
_FAULT_FRAME = re.compile(r'File "<block (\d+)>", line (\d+)')


class EngineError(RuntimeError):
    """The execution machinery itself failed (not the snippet); such results are not cached."""


@dataclass(frozen=True, slots=True)
class BlockSpec:
    """What the child runs for one snippet."""

    code: str
    timeout_s: float
    file: str | None = None
    args: tuple[str, ...] = ()
    raises: str | None = None  # expected to raise ("" any exception)
    keep_going: bool = False  # after an unexpected error, the next blocks still run


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied to every session process."""

    memory_limit_mb: int = 4096
    output_limit_bytes: int = 2 * 1024 * 1024
    file_size_limit_bytes: int = 64 * 1024 * 1024
    threads: int = 1

    def as_key(self) -> dict[str, object]:
        return {
            "memory_limit_mb": self.memory_limit_mb,
            "output_limit_bytes": self.output_limit_bytes,
            "threads": self.threads,
        }


@dataclass(frozen=True, slots=True)
class SessionRequest:
    """A session as the runner sees it: code, where it runs, and under which mode."""

    note: str
    blocks: tuple[BlockSpec, ...]
    cwd: Path
    mode: str = "build"
    limits: Limits = field(default_factory=Limits)
    needs_gpu: bool = False
    ignored_inputs: tuple[Path, ...] = ()  # folders under `cwd` whose reads are not inputs


def truncate(text: str) -> str:
    """Keep long output readable: at most DISPLAY_LINES lines / DISPLAY_CHARS characters."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= DISPLAY_LINES and len(text) <= DISPLAY_CHARS:
        return text
    kept = "".join(lines[:DISPLAY_LINES])[:DISPLAY_CHARS]
    hidden_lines = len(lines) - kept.count("\n")
    return (
        kept.rstrip("\n")
        + f"\n… output truncated: {hidden_lines} more lines ({len(text) - len(kept)} characters)"
        + " not shown\n"
    )


def safe_text(value: Any) -> Any:
    """`value` with every string made safe to store and show: lone surrogates (from
    `surrogateescape` decoding) and NUL characters written as escapes."""
    if isinstance(value, str):
        if value.isascii() and "\x00" not in value:
            return value
        return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    if isinstance(value, list):
        return [safe_text(item) for item in value]
    if isinstance(value, dict):
        return {key: safe_text(item) for key, item in value.items()}
    return value


_READ_LIMIT = DISPLAY_CHARS * 4 + 1024  # bytes of one block's stream that are ever shown


def _read(path: Path, start: int, end: int | None) -> tuple[bytes, int]:
    """A block's bytes of a stream file, from `start` to `end` (None: to the file's end) and
    at most `_READ_LIMIT` of them, and how many bytes the block wrote in all."""
    try:
        with path.open("rb") as stream:
            stream.seek(start)
            wanted = _READ_LIMIT if end is None else min(end - start, _READ_LIMIT)
            data = stream.read(max(0, wanted))
            total = (path.stat().st_size if end is None else end) - start
    except OSError:
        return b"", 0
    return data, total


def _decoded(data: bytes) -> str:
    return str(safe_text(data.decode("utf-8", errors="replace")))


def _text(data: bytes, total: int) -> str:
    """What the page shows of a block's stream, given its bytes read by `_read`."""
    text = _decoded(data)
    if total > len(data):
        text += f"\n… output truncated: {total - len(data)} more bytes not shown\n"
    return truncate(text)


def _slice(path: Path, start: int, end: int | None) -> str:
    return _text(*_read(path, start, end))


def _position(
    item: dict[str, Any], streams: tuple[tuple[bytes, int, str], tuple[bytes, int, str]]
) -> tuple[int, int, int] | None:
    """A rich output's place among its block's text: the child gives the byte sizes of the
    stream files when it came (`after`); `streams` gives, for stdout and stderr, the block's
    bytes, where they start in the file, and the text shown."""
    after = item.get("after")
    if after is None:
        return None
    chars = [
        min(len(text), len(_decoded(data[: max(0, int(at) - begin)])))
        for (data, begin, text), at in zip(streams, after, strict=False)
    ]
    return chars[0], chars[1], int(item.get("order", 0))


def provenance(environment: Environment, duration_s: float) -> Provenance:
    now = datetime.datetime.now(datetime.UTC)
    versions = environment.key_versions()
    return Provenance(
        cpu=environment.cpu,
        gpu=", ".join(environment.gpus) or None,
        python=versions.pop("python"),
        versions=versions,
        date=now.strftime("%Y-%m-%d %H:%M UTC"),
        duration_s=round(duration_s, 3),
    )


def _crash_error(
    report: dict[str, Any], request: SessionRequest, err_tail: str, workdir: Path
) -> ErrorInfo:
    block_line = None
    for match in _FAULT_FRAME.finditer(err_tail):
        block_line = int(match[2])
        break  # faulthandler lists the most recent call first
    number = report.get("signal")
    capped = memory.exceeded(workdir)
    if capped is not None:
        summary = (
            f"ran out of memory (limit {capped.get('limit_mb')} MiB for the session and the "
            f"processes it started; they used {capped.get('used_mb')} MiB)"
        )
        return ErrorInfo("memory", summary, exception=summary, block_line=block_line)
    if report.get("killed_for") == "timeout":
        return ErrorInfo(
            "timeout",
            "timed out and was killed (stuck outside Python, so it could not be interrupted)",
            exception="TimeoutError: killed after the block's timeout",
            block_line=block_line,
        )
    if number is not None:
        name = signal.Signals(number).name
        if number == signal.SIGKILL:
            summary = f"killed by {name} (out of memory?)"
            return ErrorInfo("memory", summary, exception=summary, block_line=block_line)
        meaning = {"SIGSEGV": "segmentation fault", "SIGABRT": "aborted", "SIGBUS": "bus error"}
        summary = f"crashed: {name} ({meaning.get(name, 'signal')})"
        return ErrorInfo(
            "crash", summary, exception=err_tail.strip()[-4000:], block_line=block_line
        )
    code = report.get("exit_code")
    summary = f"the process exited with status {code} (os._exit or a C library)"
    return ErrorInfo("exit", summary, exception=summary, block_line=block_line)


def assemble(
    request: SessionRequest, workdir: Path, report: dict[str, Any], environment: Environment
) -> SessionResult:
    """Turn a finished child's work folder and exit report into a result."""
    events: dict[tuple[str, int], dict[str, Any]] = {}
    progress = workdir / "progress.jsonl"
    with contextlib.suppress(OSError):
        for line in progress.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                event = safe_text(json.loads(line))
                events[(event["event"], event["block"])] = event
    out, err = workdir / "out", workdir / "err"
    blocks: list[BlockResult] = []
    failed = False
    budget = request.limits.output_limit_bytes or None  # for rich output and figures
    for number in range(len(request.blocks)):
        start = events.get(("start", number))
        end = events.get(("end", number))
        if start is None or (failed and not request.blocks[number].keep_going):
            blocks.append(BlockResult("not-run"))  # the session stopped, or should have
            continue
        if end is not None:
            error = end["error"]
            if budget is not None:
                budget -= sum(
                    len(d["data"]) + sum(map(len, d.get("alternatives", {}).values()))
                    for d in (*end["displays"], *end["figures"])
                )
                if budget < 0:
                    limit_kib = request.limits.output_limit_bytes // 1024
                    end = {**end, "displays": [], "figures": []}
                    error = {
                        "kind": "output",
                        "summary": f"produced more output than the limit ({limit_kib} KiB); "
                        "its displays and figures are not shown",
                        "frames": [],
                        "exception": "the session's output limit was reached",
                        "block_line": None,
                    }
            expected = error is not None and bool(error.get("expected"))
            out_data, out_total = _read(out, start["out"], end["out"])
            err_data, err_total = _read(err, start["err"], end["err"])
            stdout, stderr = _text(out_data, out_total), _text(err_data, err_total)
            streams = ((out_data, start["out"], stdout), (err_data, start["err"], stderr))
            blocks.append(
                BlockResult(
                    status="ok" if error is None or expected else "error",
                    stdout=stdout,
                    stderr=stderr,
                    displays=tuple(
                        Display(
                            d["mime"],
                            truncate(d["data"]) if d["mime"] == "text/plain" else d["data"],
                            _position(d, streams),
                            {
                                str(mime): truncate(str(text))
                                for mime, text in d.get("alternatives", {}).items()
                            },
                        )
                        for d in end["displays"]
                    ),
                    figures=tuple(
                        Figure(f["mime"], f["data"], f["digest"], _position(f, streams), f["alt"])
                        for f in end["figures"]
                    ),
                    error=None
                    if error is None
                    else ErrorInfo(
                        kind=error["kind"],
                        summary=error["summary"],
                        frames=tuple(Frame(**f) for f in error["frames"]),
                        exception=error["exception"],
                        block_line=error["block_line"],
                    ),
                    duration_s=round(float(end["duration_s"]), 4),
                )
            )
            failed = error is not None and not expected
            continue
        stderr = _slice(err, start["err"], None)
        blocks.append(
            BlockResult(
                status="error",
                stdout=_slice(out, start["out"], None),
                stderr=stderr,
                error=_crash_error(report, request, stderr, workdir),
            )
        )
        failed = True
    if not failed and report.get("killed_for") == "timeout":
        raise EngineError("session killed after its last block finished")
    inputs = read_inputs(workdir / "inputs.jsonl")
    inputs.update(packages_used(workdir, environment))
    return SessionResult(
        tuple(blocks), provenance(environment, float(report["wall_s"])), "fresh", inputs
    )


@functools.lru_cache(maxsize=1)
def _distributions() -> dict[str, tuple[str, ...]]:
    """Top-level module name -> the distributions that provide it (read once per process)."""
    return {name: tuple(found) for name, found in metadata.packages_distributions().items()}


def packages_used(workdir: Path, environment: Environment) -> dict[str, str]:
    """`pkg:NAME` -> version for every installed distribution the session imported from: a
    cached result is reused only while those versions stay (unrelated packages do not count)."""
    try:
        names = json.loads((workdir / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    versions = {name.lower(): version for name, version in environment.packages}
    used: dict[str, str] = {}
    providers = _distributions()
    for module in names if isinstance(names, list) else []:
        for dist in providers.get(str(module), ()):
            key = dist.lower()
            if key in versions:
                used[PACKAGE_PREFIX + key] = versions[key]
    return used


_SCRATCH = "lg-session-"
_MAX_RESTARTS = 20  # a session that kills every new server cannot loop for ever
_TOKEN_VARIABLE = "LIVEGARDEN_RUNNER"


def choose_backend(wanted: str | None = None) -> str:
    """The session server to use: `wanted`, unless it is None or "auto"; then
    `LIVEGARDEN_BACKEND` if set; else `fork` on Linux and `spawn` elsewhere (macOS has `fork`,
    but its system libraries are not safe to use in a forked child; Windows has none)."""
    chosen = wanted if wanted not in (None, "auto") else os.environ.get(BACKEND_VARIABLE)
    chosen = chosen or "auto"
    if chosen == "auto":
        chosen = "fork" if sys.platform.startswith("linux") else "spawn"
    if chosen not in BACKENDS:
        raise ValueError(
            f"unknown execution backend {chosen!r}: write one of auto, {', '.join(BACKENDS)}"
        )
    if chosen == "fork" and not hasattr(os, "fork"):
        raise ValueError("the fork backend needs os.fork, which this OS lacks: use spawn")
    return chosen


def _carries(pid: int, token: str) -> bool:
    """Whether process `pid` has this runner's token in its environment."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"{_TOKEN_VARIABLE}={token}".encode() in environ.split(b"\0")


def remove_stale_scratch(scratch: Path | None) -> int:
    """Remove session folders left by builds that were killed (kill -9): their owner is gone."""
    folder = Path(scratch or tempfile.gettempdir())
    removed = 0
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = re.match(rf"{_SCRATCH}(\d+)-", entry.name)
            if match is None or not entry.is_dir():
                continue
            try:
                os.kill(int(match[1]), 0)
                continue  # its build is still running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue  # someone else's
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


class Runner:
    """Runs sessions in warm processes of one session server (see the module docstring)."""

    def __init__(
        self,
        *,
        jobs: int | None = None,
        preimport: tuple[str, ...] = DEFAULT_PREIMPORT,
        python: str = sys.executable,
        scratch: Path | None = None,
        backend: str | None = None,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.backend = choose_backend(backend)
        self.preimport = preimport
        self.python = python
        self.scratch = scratch
        self.startup_s: float | None = None
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._queue: deque[tuple[int, SessionRequest, Path]] = deque()
        self._running: dict[int, tuple[SessionRequest, Path, Future[SessionResult]]] = {}
        self._futures: dict[int, Future[SessionResult]] = {}
        self._next_id = 0
        self._ready = threading.Event()
        self._dead: str | None = None
        self.restarts = 0
        self._armed = False
        self._closing = False
        self._retried: set[int] = set()  # requests already run once more after a crash
        self._token = uuid.uuid4().hex  # in the environment of everything the sessions start

    def _start(self) -> None:
        if not self._armed:  # once: adopt what sessions leave behind, tidy up at exit
            self._armed = True
            become_subreaper()
            remove_stale_scratch(self.scratch)
            atexit.register(self.close)
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", _TOKEN_VARIABLE: self._token}
        preimport = ",".join(self.preimport)
        command = [self.python, "-m", _SERVERS[self.backend], "--preimport", preimport]
        if self.backend == "spawn":
            command += ["--spares", str(self.jobs)]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
            **own_group(),
        )
        self._reader = threading.Thread(
            target=self._read, args=(self._process,), name="livegarden-runner", daemon=True
        )
        self._reader.start()

    def submit(self, request: SessionRequest) -> Future[SessionResult]:
        """Queue a session; the future resolves to its result (or raises EngineError)."""
        future: Future[SessionResult] = Future()
        with self._lock:
            if self._dead is not None:  # the server died (a session killed it): a new one
                self._discard_dead_server()
            if self._process is None:
                self._start()
            workdir = self._new_workdir()
            request_id = self._next_id
            self._next_id += 1
            self._futures[request_id] = future
            self._queue.append((request_id, request, workdir))
            self._pump()
        return future

    def run(self, request: SessionRequest) -> SessionResult:
        return self.submit(request).result()

    def _pump(self) -> None:
        """Send queued sessions while fewer than `jobs` run (caller holds the lock). A session
        run again after a crash runs alone, so the one that killed the server spares the rest."""
        assert self._process is not None and self._process.stdin is not None
        while self._queue and len(self._running) < self.jobs:
            if any(running in self._retried for running in self._running):
                return
            if self._queue[0][0] in self._retried and self._running:
                return
            request_id, request, workdir = self._queue.popleft()
            limits = request.limits
            message = {
                "id": request_id,
                "note": request.note,
                "workdir": str(workdir),
                "cwd": str(request.cwd),
                "sys_path": [str(request.cwd / "snippets")],
                "env": {"LIVEGARDEN_MODE": request.mode},
                "blocks": [
                    {
                        "code": b.code,
                        "file": b.file,
                        "args": list(b.args),
                        "timeout_s": b.timeout_s,
                        "raises": b.raises,
                        "keep_going": b.keep_going,
                    }
                    for b in request.blocks
                ],
                "memory_limit_mb": 0 if request.needs_gpu else limits.memory_limit_mb,
                "output_limit_bytes": limits.output_limit_bytes,
                "file_size_limit_bytes": limits.file_size_limit_bytes,
                "threads": limits.threads,
                "ignored_inputs": [str(path) for path in request.ignored_inputs],
            }
            self._running[request_id] = (request, workdir, self._futures.pop(request_id))
            try:
                self._process.stdin.write((json.dumps(message) + "\n").encode())
                self._process.stdin.flush()
            except OSError as error:
                self._server_died(f"the session server is gone: {error}")
                return

    def _new_workdir(self) -> Path:
        """A session's scratch folder, named after this process (see remove_stale_scratch)."""
        return Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-", dir=self.scratch))

    def _discard_dead_server(self) -> None:
        """Forget a server that stopped (caller holds the lock); the next start makes one."""
        process = self._process
        if process is not None and process.poll() is None:
            kill_group(process.pid)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                process.wait(timeout=5)
        self._process = None
        self._dead = None
        self._ready.clear()
        self.restarts += 1

    def sweep(self) -> int:
        """Kill what sessions left running after their server went away: processes that were
        re-parented to us (we are a subreaper) and carry this runner's token. Returns how many."""
        killed = 0
        with self._lock:  # not while a new server starts: it carries the token too
            server = self._process.pid if self._process is not None else None
            strays = [p for p in own_children() if p != server and _carries(p, self._token)]
        for pid in strays:
            killed += kill_group(pid)  # and its group, if it made one with setsid
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        return killed

    def _sweep_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.sweep()
            time.sleep(0.1)

    def _server_died(self, reason: str) -> None:
        """The server is gone (caller holds the lock): sessions it was running fail, except
        that each may run once more (it may not be the one that killed the server); queued
        sessions run on a new server. On close, or after too many restarts, everything fails."""
        retry: list[tuple[int, SessionRequest, Future[SessionResult]]] = []
        for request_id, (request, workdir, future) in self._running.items():
            shutil.rmtree(workdir, ignore_errors=True)
            if not self._closing and request_id not in self._retried:
                self._retried.add(request_id)
                retry.append((request_id, request, future))
            elif not future.done():
                future.set_exception(EngineError(reason))
        self._running.clear()
        for request_id, request, future in reversed(retry):
            workdir = self._new_workdir()
            self._futures[request_id] = future
            self._queue.appendleft((request_id, request, workdir))
        if self._closing or self.restarts >= _MAX_RESTARTS or not self._queue:
            for request_id, _, workdir in self._queue:
                self._futures.pop(request_id).set_exception(EngineError(reason))
                shutil.rmtree(workdir, ignore_errors=True)
            self._queue.clear()
            self._dead = reason  # the next submit starts a new server
            return
        self._dead = reason
        self._discard_dead_server()
        self._start()
        self._pump()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        """Turn the server's reports into results. When it stops (or this thread fails), the
        sessions it was running fail, or run once more on a new server; queued ones go on."""
        try:
            self._read_reports(process)
        finally:
            with self._lock:
                if self._process is process:  # not a server that was replaced meanwhile
                    self._server_died("the session server stopped unexpectedly")
                closing = self._closing
            if not closing:  # close() sweeps itself
                # nothing the server started may outlive it: its sessions die with it, and
                # what they started comes to us over the next moments
                threading.Thread(target=self._sweep_for, args=(10.0,), daemon=True).start()

    def _read_reports(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        stream: IO[bytes] = process.stdout
        environment = current_environment()
        for line in stream:
            try:
                report = json.loads(line)
            except ValueError:
                continue  # not a report (a stray write to the server's stdout)
            if report.get("ready"):
                self.startup_s = float(report["startup_s"])
                self._ready.set()
                continue
            with self._lock:
                running = self._running.pop(report.get("id"), None)
            if running is None:
                continue
            request, workdir, future = running
            try:
                future.set_result(assemble(request, workdir, report, environment))
            except Exception as error:
                future.set_exception(EngineError(f"could not read the session's result: {error}"))
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
                with self._lock:
                    if self._process is process:
                        self._pump()

    def close(self) -> None:
        """Stop the server; it kills any session still running."""
        process = self._process
        if process is None:
            return
        self._closing = True
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)
        self._process = None
        self.sweep()
        with self._lock:
            for _, workdir, _ in self._running.values():
                shutil.rmtree(workdir, ignore_errors=True)
        self._closing = False

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
