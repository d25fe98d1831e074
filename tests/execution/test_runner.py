"""The real runner under both session servers: every failure kind, outputs, isolation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from livegarden.execution.runner import BlockSpec, Limits, Runner, SessionRequest, truncate

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runner(new_runner) -> Iterator[Runner]:
    with new_runner(jobs=2) as warm:
        yield warm


def ends_soon(pid: int, within_s: float = 5.0) -> bool:
    """Whether process `pid` is gone (or a zombie) within `within_s` seconds."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def run(runner: Runner, *codes: str, timeout_s: float = 10.0, cwd: Path = REPO, **limits: int):
    request = SessionRequest(
        note="AI/Note.md",
        blocks=tuple(BlockSpec(code, timeout_s) for code in codes),
        cwd=cwd,
        mode="test",
        limits=Limits(**limits) if limits else Limits(),
    )
    return runner.run(request)


def test_blocks_share_globals_and_capture_stdout_stderr(runner: Runner) -> None:
    result = run(
        runner, "x = 41\nprint('out')\n", "import sys\nprint('err', file=sys.stderr)\nx + 1\n"
    )
    first, second = result.blocks
    assert (first.status, first.stdout) == ("ok", "out\n")
    assert second.stderr == "err\n"
    assert [(d.mime, d.data) for d in second.displays] == [("text/plain", "42")]


def test_c_level_writes_are_captured_in_order(runner: Runner) -> None:
    result = run(runner, "import os\nprint('a')\nos.write(1, b'b\\n')\nprint('c')\n")
    assert result.blocks[0].stdout == "a\nb\nc\n"


def test_rich_reprs_and_trailing_semicolon(runner: Runner) -> None:
    code = (
        "class Table:\n"
        "    def _repr_html_(self):\n        return '<table><tr><td>1</td></tr></table>'\n"
        "class Md:\n    def _repr_markdown_(self):\n        return '**bold**'\n"
    )
    result = run(runner, code + "Table()\n", "Md()\n", "1 + 1;\n", "None\n")
    html, markdown, silent, none = result.blocks
    assert html.displays[0].mime == "text/html" and "<table>" in html.displays[0].data
    assert markdown.displays[0].data == "**bold**"
    assert silent.displays == () and none.displays == ()


def test_matplotlib_figures_are_captured_as_svg_without_savefig(runner: Runner) -> None:
    result = run(
        runner,
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.figure()\nplt.plot([3, 1]);\n",
    )
    figures = result.blocks[0].figures
    assert len(figures) == 2
    assert all(f.mime == "image/svg+xml" and f.data.lstrip().startswith("<?xml") for f in figures)
    again = run(runner, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n")
    assert again.blocks[0].figures[0].digest == figures[0].digest, "SVG output is deterministic"


def test_environment_cwd_and_snippets_on_path(runner: Runner, tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "mymod.py").write_text("VALUE = 7\n")
    code = "import os, mymod\nprint(os.environ['LIVEGARDEN_MODE'], os.getcwd(), mymod.VALUE)\n"
    assert run(runner, code, cwd=tmp_path).blocks[0].stdout == f"test {tmp_path} 7\n"


def test_traceback_frames_point_into_the_block(runner: Runner) -> None:
    result = run(runner, "pass\n", "def f():\n    return 1 / 0\n\nf()\n")
    error = result.blocks[1].error
    assert error is not None and error.kind == "exception"
    assert error.summary == "ZeroDivisionError: division by zero"
    assert error.block_line == 2
    assert [(frame.file, frame.line) for frame in error.frames] == [
        ("<block 1>", 4),
        ("<block 1>", 2),
    ]


def test_syntax_error_names_its_line(runner: Runner) -> None:
    error = run(runner, "x = 1\ny = (\n").blocks[0].error
    assert error is not None and error.kind == "syntax" and error.block_line is not None


FAILURES = {
    "timeout in a Python loop": ("while True:\n    pass\n", "timeout", 1),
    "timeout stuck where signals cannot reach": (
        "import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])\n"
        "while True:\n    pass\n",
        "timeout",
        None,
    ),
    "sleeping forever": ("import time\ntime.sleep(1000)\n", "timeout", 2),
    "sys.exit": ("import sys\nsys.exit(3)\n", "exit", 2),
    "os._exit": ("import os\nos._exit(4)\n", "exit", None),
    "segfault via ctypes": ("import ctypes\nctypes.string_at(0)\n", "crash", 2),
    "os.abort": ("import os\nos.abort()\n", "crash", 2),
    "memory blow-up": ("blob = bytearray(64 * 1024**3)\n", "memory", 1),
    "memory blow-up in numpy": (
        "import numpy as np\na = np.ones((1 << 16, 1 << 16))\n",
        "memory",
        2,
    ),
    "output flood via print": ("while True:\n    print('x' * 80)\n", "output", 2),
    "output flood below Python": (
        "import os\nwhile True:\n    os.write(1, b'y' * 65536)\n",
        "output",
        3,
    ),
}


@pytest.mark.parametrize("name", FAILURES, ids=list(FAILURES))
def test_each_failure_kind_ends_as_an_error_and_the_runner_goes_on(
    runner: Runner, name: str
) -> None:
    code, kind, line = FAILURES[name]
    started = time.monotonic()
    result = run(runner, "print('before')\n", code, "print('after')\n", timeout_s=1.5)
    assert time.monotonic() - started < 15
    before, failed, after = result.blocks
    assert before.status == "ok" and before.stdout == "before\n"
    assert failed.status == "error" and failed.error is not None
    assert failed.error.kind == kind, failed.error
    if line is not None:
        assert failed.error.block_line == line
    assert after.status == "not-run"
    assert len(failed.stdout) < 200_000, "a flood is cut before it reaches the page"
    assert run(runner, "print('still alive')\n").blocks[0].stdout == "still alive\n"


def test_no_orphans_after_a_timeout(runner: Runner, tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    code = (
        "import subprocess, time\n"
        "child = subprocess.Popen(['sleep', '300'])\n"
        f"open({str(marker)!r}, 'w').write(str(child.pid))\n"
        "while True:\n    time.sleep(1)\n"
    )
    result = run(runner, code, timeout_s=1.0)
    assert result.blocks[0].error is not None and result.blocks[0].error.kind == "timeout"
    assert ends_soon(int(marker.read_text())), "the snippet's subprocess outlived its session"


ESCAPES = {
    "start_new_session=True": (
        "import subprocess\n"
        "child = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "open(MARKER, 'w').write(str(child.pid))\n"
    ),
    "daemon double fork, each with setsid": (
        "import os\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        os.setsid()\n"
        "        os.execvp('sleep', ['sleep', '300'])\n"
        "    open(MARKER, 'w').write(str(pid))\n"
        "    os._exit(0)\n"
        "import time\n"
        "while not os.path.exists(MARKER):\n"
        "    time.sleep(0.01)\n"
        "time.sleep(0.1)\n"
    ),
}


@pytest.mark.parametrize("name", ESCAPES, ids=list(ESCAPES))
def test_a_process_that_left_the_group_lives_as_long_as_its_session(
    runner: Runner, tmp_path: Path, name: str
) -> None:
    marker = tmp_path / "pid"
    alive = "import os\nos.kill(int(open(MARKER).read()), 0)\nprint('still running')\n"
    result = run(runner, f"MARKER = {str(marker)!r}\n" + ESCAPES[name], alive)
    assert result.is_ok, result.blocks
    assert result.blocks[1].stdout == "still running\n", "killed while its session was running"
    assert ends_soon(int(marker.read_text())), "a setsid process outlived its session"


def test_sessions_of_different_pages_run_in_parallel(runner: Runner) -> None:
    """Each session prints when it started and ended (the system clock every process shares):
    the two spans overlap, whatever either waited for before it began."""
    code = "import time\nprint(time.time())\ntime.sleep(1)\nprint(time.time())\n"
    futures = [runner.submit(SessionRequest("p.md", (BlockSpec(code, 5),), REPO)) for _ in range(2)]
    spans = []
    for future in futures:
        result = future.result()
        assert result.is_ok, result.blocks
        spans.append([float(line) for line in result.blocks[0].stdout.split()])
    (first_start, first_end), (second_start, second_end) = spans
    assert first_start < second_end and second_start < first_end, spans


def test_overhead_per_session_is_small() -> None:
    """The fork server's promise (the portable server's cost is in scripts/bench_exec.py)."""
    timings = []
    with Runner(jobs=2, backend="fork") as runner:
        for _ in range(15):
            started = time.perf_counter()
            run(runner, "pass\n")
            timings.append(time.perf_counter() - started)
    assert sorted(timings)[len(timings) // 2] < 0.25  # about 20 ms here; loose for a busy CI


def test_long_output_is_truncated_with_a_notice() -> None:
    text = "".join(f"line {n}\n" for n in range(5000))
    shown = truncate(text)
    assert shown.startswith("line 0\n") and "output truncated" in shown
    assert len(shown) < 25_000


def test_a_dead_server_fails_pending_sessions_as_engine_errors(tmp_path: Path, new_runner) -> None:
    """The session a dead server was running runs once more, alone, on a new server; when that
    one dies too, the session fails as an engine error and nothing of it survives."""
    from livegarden.execution.runner import EngineError

    marker = tmp_path / "pid"
    code = f"import os, time\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n"
    pids = []
    with new_runner(jobs=1) as doomed:
        future = doomed.submit(SessionRequest("n.md", (BlockSpec(code, 90),), REPO))
        for _ in range(2):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if marker.exists() and marker.read_text() and marker.read_text() not in pids:
                    break
                time.sleep(0.05)
            pids.append(marker.read_text())
            assert doomed._process is not None
            doomed._process.kill()
        with pytest.raises(EngineError):
            future.result(timeout=30)
    assert len(set(pids)) == 2, "it ran a second time, on a new server"
    assert all(ends_soon(int(pid)) for pid in pids), "a session outlived its server"


def test_a_file_snippet_runs_as_main_with_args_and_errors_name_the_file(
    runner: Runner, tmp_path: Path
) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "tool.py").write_text(
        "import sys\nRESULT = len(sys.argv)\nprint(__name__, sys.argv[1:])\n"
        "if '--fail' in sys.argv:\n    raise RuntimeError('tool failed')\n"
    )
    ok = SessionRequest(
        "n.md",
        (
            BlockSpec("", 5, file="snippets/tool.py", args=("--n", "3")),
            BlockSpec("print(RESULT)\n", 5),
        ),
        tmp_path,
    )
    first, second = runner.run(ok).blocks
    assert first.stdout == "__main__ ['--n', '3']\n"
    assert second.stdout == "3\n", "the script's globals are shared with later blocks"
    failing = SessionRequest(
        "n.md", (BlockSpec("", 5, file="snippets/tool.py", args=("--fail",)),), tmp_path
    )
    error = runner.run(failing).blocks[0].error
    assert error is not None and error.summary == "RuntimeError: tool failed"
    assert error.block_line == 5
    assert error.frames[-1].file == "snippets/tool.py"
