"""Runs one session in a warm process (forked from the zygote, or a spawned worker), then exits
with `os._exit`.

Everything the process writes lands in a work folder the client reads afterwards:
`out` and `err` (file descriptors 1 and 2, so C-level writes are kept too), and
`progress.jsonl` (a line when each block starts and ends, so a crash still tells which block
was running) and `inputs.jsonl` (the repository files and folders the session read, see
`inputs.py`). Limits are set with `setrlimit` before any user code runs, where the OS has it:
on Linux all of them; on macOS the file size and core limits (it does not enforce an address
space limit); on Windows none (the server's timeouts and the output cap still hold). A block's
timeout interrupts it with SIGALRM where there is one, else from a timer thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import faulthandler
import io
import json
import os
import runpy
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from livegarden.execution import memory
from livegarden.execution.inputs import InputRecorder
from livegarden.execution.processes import GRACE_S, become_subreaper
from livegarden.execution.shell import BACKEND, SessionShell, create_shell, is_engine_file

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

_PR_SET_PDEATHSIG = 1


class SnippetTimeout(BaseException):
    """Raised inside the snippet when its block runs past its timeout (not an `Exception`)."""


class OutputFlood(BaseException):
    """Raised inside the snippet when the session prints more than its output limit."""


class _CappedStream(io.TextIOBase):
    """A text stream over a file descriptor that stops the snippet once the budget is spent."""

    def __init__(self, fd: int, budget: list[int]) -> None:
        self._raw = io.TextIOWrapper(
            io.FileIO(fd, "w", closefd=False),
            encoding="utf-8",
            errors="backslashreplace",
            line_buffering=True,
        )
        self._budget = budget
        self._fd = fd

    def writable(self) -> bool:
        return True

    @property
    def buffer(self) -> io.BufferedIOBase:
        """The byte stream below (bytes written here bypass the output budget, like C code)."""
        self._raw.flush()
        return self._raw.buffer  # type: ignore[return-value]  # a BufferedWriter at run time

    def fileno(self) -> int:
        return self._fd

    @property
    def encoding(self) -> str:  # type: ignore[override]  # TextIOBase declares it read-only
        return "utf-8"

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self._budget[0] < 0:
            return len(text)  # already over: the snippet was stopped once, drop the rest
        self._budget[0] -= len(text)
        if self._budget[0] < 0:
            self._raw.write(text[: len(text) + self._budget[0]])
            self._raw.flush()
            raise OutputFlood
        return self._raw.write(text)

    def flush(self) -> None:
        self._raw.flush()


def _mapped_bytes() -> int | None:
    """The address space this process maps now (Linux /proc; None elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return None


def _set_limits(request: dict[str, Any]) -> None:
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    size_limit = int(request["file_size_limit_bytes"])
    if size_limit > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size_limit, size_limit))
    memory_mb = int(request["memory_limit_mb"])
    mapped = _mapped_bytes()
    if memory_mb > 0 and mapped is not None:
        # The limit is on top of what the warm parent already maps (torch alone maps a lot).
        limit = mapped + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class BlockTimer:
    """Raises `SnippetTimeout` in the main thread when a block runs past its timeout: with
    SIGALRM where the OS has it (it also cuts short a `sleep` or a blocking read), else from a
    timer thread that sets an asynchronous exception (seen at the next Python instruction; a
    block stuck in C code is then left to the server's hard deadline)."""

    def __init__(self, *, use_signal: bool = hasattr(signal, "setitimer")) -> None:
        self.use_signal = use_signal
        self._main = threading.main_thread().ident
        self._thread: threading.Timer | None = None
        self._lock = threading.Lock()  # an interrupt lands only while a block is armed
        if use_signal:
            signal.signal(signal.SIGALRM, _alarm)

    def arm(self, seconds: float) -> None:
        if self.use_signal:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return
        thread = threading.Timer(seconds, self._interrupt)
        thread.daemon = True
        with self._lock:
            self._thread = thread
        thread.start()

    def disarm(self) -> None:
        if self.use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        with self._lock:
            if self._thread is not None:
                self._thread.cancel()
            self._thread = None

    def _interrupt(self) -> None:
        with self._lock:
            if self._thread is None or self._thread is not threading.current_thread():
                return  # disarmed (or re-armed) meanwhile
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._main or 0), ctypes.py_object(SnippetTimeout)
            )


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        pass  # not Linux: the zygote still kills the group when it ends


def _redirect(workdir: Path) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "out"), (2, "err")):
        target = os.open(workdir / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(target, fd)
        os.close(target)
    os.close(null)


def _public_path(filename: str) -> str:
    """A path fit for a published page: relative to the repository or to site-packages."""
    if filename.startswith("<"):
        return filename
    marker = "site-packages/"
    if marker in filename:
        return filename[filename.index(marker) :]
    with contextlib.suppress(ValueError):
        return Path(filename).relative_to(Path.cwd()).as_posix()
    with contextlib.suppress(ValueError):
        return "<python>/" + Path(filename).relative_to(sys.base_prefix).as_posix()
    return filename


def _frames(error: BaseException, files: dict[str, str]) -> list[dict[str, Any]]:
    """User-visible frames: the engine's own and runpy's are dropped."""
    frames = []
    for frame in traceback.extract_tb(error.__traceback__):
        filename = frame.filename
        if is_engine_file(filename):
            continue
        frames.append(
            {
                "file": files.get(filename) or _public_path(filename),
                "line": frame.lineno or 0,
                "function": frame.name,
                "text": (frame.line or "").strip(),
            }
        )
    return frames


def _exception_text(error: BaseException) -> str:
    """The exception's last traceback lines, its class named as Jupyter names it: by
    `__name__` (`JSONDecodeError`, or numpy's public `UFuncTypeError` for its private
    subclasses), not Python's module-qualified `__qualname__`."""
    lines = traceback.format_exception_only(type(error), error)
    kind = type(error)
    qualified = kind.__qualname__
    if kind.__module__ not in ("builtins", "__main__"):
        qualified = f"{kind.__module__}.{qualified}"
    for number, line in enumerate(lines):
        if line.startswith(qualified) and line[len(qualified) : len(qualified) + 1] in (":", "\n"):
            lines[number] = kind.__name__ + line[len(qualified) :]
            break
    return "".join(lines).strip()


def _describe(
    error: BaseException, number: int, block: dict[str, Any], files: dict[str, str]
) -> dict[str, Any]:
    frames = _frames(error, files)
    own = f"<block {number}>" if block["file"] is None else block["file"]
    block_line = None
    for frame in frames:
        if frame["file"] == own:
            block_line = frame["line"]
    exception = _exception_text(error)
    kind = "exception"
    if isinstance(error, SnippetTimeout):
        kind, summary = "timeout", f"timed out after {block['timeout_s']:g} s"
        exception = f"TimeoutError: the block ran longer than timeout={block['timeout_s']:g}"
    elif isinstance(error, OutputFlood) or (
        isinstance(error, OSError) and error.errno == errno.EFBIG
    ):
        kind = "output"
        summary = "printed more output than the limit allows; stopped"
        exception = "OutputLimitExceeded: the session's output limit was reached"
    elif isinstance(error, MemoryError):
        kind, summary = "memory", f"ran out of memory (limit {block['memory_limit_mb']} MiB)"
    elif isinstance(error, SystemExit):
        kind, summary = "exit", f"called sys.exit({error.code!r}); that ends the session"
    elif isinstance(error, SyntaxError):
        kind, summary = "syntax", exception.splitlines()[-1]
        if error.filename == own or (error.filename in files and files[error.filename] == own):
            block_line = error.lineno
    else:
        summary = exception.splitlines()[-1] if exception else type(error).__name__
    return {
        "kind": kind,
        "summary": summary,
        "frames": frames,
        "exception": exception,
        "block_line": block_line,
    }


def _run_block(number: int, block: dict[str, Any], shell: SessionShell, cwd: Path) -> None:
    """Run one block; raise what it raised (a `file=` script) or returns as its error."""
    namespace = shell.user_ns
    if block["file"] is not None:
        path = cwd / block["file"]
        sys.argv = [block["file"], *block["args"]]
        try:
            result = runpy.run_path(str(path), init_globals=dict(namespace), run_name="__main__")
        except SystemExit as done:
            if done.code not in (None, 0):
                raise
            return
        namespace.update({k: v for k, v in result.items() if not k.startswith("__")})
        return
    shell.compile.block_name = f"<block {number}>"  # type: ignore[attr-defined]  # ours
    outcome = shell.run_cell(block["code"], store_history=True)  # type: ignore[no-untyped-call]
    failure = outcome.error_before_exec or outcome.error_in_exec
    if failure is not None:
        raise failure


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise SnippetTimeout


MODULES_FILE = "modules.json"


def _is_expected(failure: BaseException, wanted: str) -> bool:
    """Whether `failure` is what a `raises` block expects: any exception for "", else one of
    that class (by name or dotted name, subclasses too); never a timeout, exit or flood."""
    if not isinstance(failure, Exception) or isinstance(failure, (SnippetTimeout, OutputFlood)):
        return False
    if not wanted:
        return True
    names = {wanted, wanted.rsplit(".", 1)[-1]}
    return any(
        cls.__name__ in names or f"{cls.__module__}.{cls.__qualname__}" in names
        for cls in type(failure).__mro__
    )


def _imported_top_level() -> list[str]:
    """Top-level names of the modules loaded now, the standard library left out."""
    names = {name.partition(".")[0] for name in list(sys.modules)}
    return sorted(name for name in names if name not in sys.stdlib_module_names)


def run_session(request: dict[str, Any], control_fd: int) -> None:
    """Run every block of `request` in this (forked) process and exit; never returns."""
    if hasattr(os, "setpgid") and os.getpgid(0) != os.getpid():
        os.setpgid(0, 0)  # forked: leave the zygote's group (a spawned worker leads its own)
    for name in ("SIGCHLD", "SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    _die_with_parent()
    become_subreaper()  # while the session lives, its daemonised descendants stay its children
    workdir = Path(request["workdir"])
    cwd = Path(request["cwd"])
    _redirect(workdir)
    budget = [int(request["output_limit_bytes"])]
    sys.stdout = _CappedStream(1, budget)
    sys.stderr = _CappedStream(2, budget)
    fault_stream = io.FileIO(2, "w", closefd=False)
    faulthandler.enable(file=fault_stream, all_threads=False)
    progress: TextIO = (workdir / "progress.jsonl").open("a", encoding="utf-8")

    def emit(event: dict[str, Any]) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        event["out"] = os.fstat(1).st_size
        event["err"] = os.fstat(2).st_size
        progress.write(json.dumps(event) + "\n")
        progress.flush()

    try:
        _set_limits(request)
        memory.watch(int(request["memory_limit_mb"]), workdir)  # all its processes together
        os.chdir(cwd)
        sys.path[:0] = [*request["sys_path"], ""]  # "": the working folder, as in Jupyter
        os.environ["MPLBACKEND"] = BACKEND  # for a matplotlib imported by the session itself
        os.environ.update(request["env"])
        torch = sys.modules.get("torch")
        if torch is not None:
            torch.set_num_threads(int(request["threads"]))
        timer = BlockTimer()
        sink = os.open(workdir / "inputs.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        ignored = [workdir, *map(Path, request.get("ignored_inputs", ()))]
        InputRecorder(cwd, sink, ignored).install()  # from here on, reads under cwd are inputs
        files = {str(cwd / b["file"]): b["file"] for b in request["blocks"] if b["file"]}
        shell = SessionShell.instance() if SessionShell.initialized() else create_shell()
        log = shell.outputs
        sys.argv = [request["note"]]
        for number, block in enumerate(request["blocks"]):
            block = {**block, "memory_limit_mb": request["memory_limit_mb"]}
            log.clear()
            emit({"event": "start", "block": number})
            os.write(control_fd, f"{time.monotonic() + block['timeout_s'] + GRACE_S}\n".encode())
            started = time.perf_counter()
            error: dict[str, Any] | None = None
            try:
                timer.arm(block["timeout_s"])
                try:
                    _run_block(number, block, shell, cwd)
                finally:
                    timer.disarm()
            except BaseException as failure:
                error = _describe(failure, number, block, files)
                if block.get("raises") is not None and _is_expected(failure, block["raises"]):
                    error["expected"] = True
            else:
                if block.get("raises") is not None:
                    wanted = block["raises"] or "an exception"
                    error = {
                        "kind": "exception",
                        "summary": f"was expected to raise {wanted} (raises=...), but did not",
                        "frames": [],
                        "exception": f"AssertionError: the block did not raise {wanted}",
                        "block_line": None,
                    }
            try:
                log.add_open_figures()
            except BaseException as failure:
                error = error or _describe(failure, number, block, files)
            emit(
                {
                    "event": "end",
                    "block": number,
                    "duration_s": time.perf_counter() - started,
                    "displays": list(log.displays),
                    "figures": list(log.figures),
                    "error": error,
                }
            )
            if error is not None and not error.get("expected") and not block.get("keep_going"):
                break
            if error is not None and error["kind"] in ("timeout", "output", "memory", "exit"):
                break  # the session cannot go on after these, whatever the note says
    finally:
        progress.close()
        with contextlib.suppress(Exception):  # what it imported: the packages it depends on
            (workdir / MODULES_FILE).write_text(json.dumps(_imported_top_level()))
        with contextlib.suppress(OSError):
            os.write(control_fd, b"done\n")  # results are complete: the client need not wait
        os._exit(0)  # for the exit itself, which unmaps the big inherited address space
