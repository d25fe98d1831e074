"""Live code you can trust: keys that tell notes apart, no hang on odd bytes, one output cap for
everything, a cache that cannot be written, and a session server that comes back after a crash.
Each runs real sessions in a real session server."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.runner import Limits, Runner, remove_stale_scratch


@pytest.fixture
def runner(new_runner) -> Iterator[Runner]:
    with new_runner(jobs=2) as shared:
        yield shared


def engine(
    tmp_path: Path, runner: Runner, log: logging.Logger, **changes: object
) -> ExecutionEngine:
    settings = EngineSettings(repo_root=tmp_path, cache_dir=tmp_path / "cache", frozen_dir=None)
    made = ExecutionEngine(replace(settings, **changes), log, runner_factory=lambda: runner)
    made.close = lambda: None  # type: ignore[method-assign]  # the runner outlives engines
    return made


def run(made: ExecutionEngine, note: str, text: str):
    made.add_note(note, text)
    return made.outcomes_for(note)


LOG = logging.getLogger("test-trust")
SAME = "```python exec\nimport sys\nprint('running for', sys.argv[0])\n```\n"


def test_the_same_block_in_two_notes_keeps_its_own_output(tmp_path, runner) -> None:
    for build in range(2):  # the second build is served from the cache
        made = engine(tmp_path, runner, LOG)
        (a,) = run(made, "A/Same.md", SAME)
        (b,) = run(made, "B/Same.md", SAME)
        assert a.result.blocks[0].stdout == "running for A/Same.md\n"
        assert b.result.blocks[0].stdout == "running for B/Same.md\n"
        assert (a.result.origin, b.result.origin) == (
            ("fresh",) * 2 if build == 0 else ("cached",) * 2
        )


def test_an_exception_message_with_lone_surrogates_ends_as_an_error(tmp_path, runner) -> None:
    text = (
        "```python exec\n"
        "print('nul \\x00 and', b'x\\xff'.decode('utf-8', 'surrogateescape'))\n"
        "raise ValueError(b'x\\xff'.decode('utf-8', 'surrogateescape'))\n```\n"
    )
    (outcome,) = run(engine(tmp_path, runner, LOG), "N.md", text)
    block = outcome.result.blocks[0]
    assert block.status == "error" and "\\udcff" in block.error.summary
    assert "\\x00" in block.stdout and "\x00" not in block.stdout
    (again,) = run(engine(tmp_path, runner, LOG), "N.md", text)
    assert again.result.origin == "cached", "the result was stored"


def test_rich_output_counts_against_the_output_limit(tmp_path, runner) -> None:
    text = (
        "```python exec\nclass Big:\n    def _repr_html_(self):\n        return 'x' * 300_000\n"
        "Big()\n```\n\n```python exec\nprint('not reached')\n```\n"
    )
    limits = Limits(output_limit_bytes=100 * 1024)
    (outcome,) = run(engine(tmp_path, runner, LOG, limits=limits), "N.md", text)
    first, second = outcome.result.blocks
    assert first.error is not None and "more output than the limit (100 KiB)" in first.error.summary
    assert first.displays == () and second.status == "not-run"


def test_a_read_only_cache_is_one_warning_and_no_traceback(tmp_path, runner, caplog) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "cache"
        blocked.write_text("a file where the cache folder should be")
    else:
        (tmp_path / "cache").mkdir()
        (tmp_path / "cache").chmod(stat.S_IRUSR | stat.S_IXUSR)
    made = engine(tmp_path, runner, logging.getLogger("mkdocs.plugins.livegarden"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.livegarden"):
        run(made, "A.md", "```python exec\nprint(1)\n```\n")
        run(made, "B.md", "```python exec\nprint(2)\n```\n")
        summary = made.finish(full_build=True)
    assert summary.executed == 2
    warned = [r.getMessage() for r in caplog.records if "not cached" in r.getMessage()]
    assert len(warned) == 1


def test_the_session_server_comes_back_after_a_session_kills_it(tmp_path, runner) -> None:
    killer = "```python exec\nimport os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n```\n"
    made = engine(tmp_path, runner, LOG, cache_dir=None)
    (killed,) = run(made, "Killer.md", killer)
    assert killed.result.blocks[0].status == "error"
    (later,) = run(made, "Later.md", "```python exec\nprint('still here')\n```\n")
    assert later.result.blocks[0].stdout == "still here\n"
    assert runner.restarts == 2, "the killer ran once more, alone, and killed that server too"


def test_the_memory_cap_holds_for_all_the_processes_of_a_session(tmp_path, runner) -> None:
    hog = (
        "```python exec\nimport multiprocessing as mp, time\n"
        "def hold(_):\n    block = bytearray(120 * 2**20)\n"
        "    block[::4096] = b'x' * len(block[::4096])\n"
        "    time.sleep(30)\n"
        "ctx = mp.get_context('fork')\n"
        "procs = [ctx.Process(target=hold, args=(i,)) for i in range(3)]\n"
        "[p.start() for p in procs]\n[p.join() for p in procs]\n```\n"
    )
    limits = Limits(memory_limit_mb=200)
    made = engine(tmp_path, runner, LOG, limits=limits, cache_dir=None)
    (outcome,) = run(made, "Hog.md", hog)
    error = outcome.result.blocks[0].error
    assert error is not None and error.kind == "memory"
    assert "limit 200 MiB for the session and the processes it started" in error.summary
    assert outcome.result.blocks[0].duration_s < 30


def test_nothing_a_session_started_outlives_its_dead_server(tmp_path, runner) -> None:
    escape = (
        "```python exec\nimport os, signal, subprocess\n"
        "sleeper = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "open('sleeper.pid', 'w').write(str(sleeper.pid))\n"
        "os.kill(os.getppid(), signal.SIGKILL)\n```\n"
    )
    made = engine(tmp_path, runner, LOG, cache_dir=None)
    run(made, "Escape.md", escape)
    pid = int((tmp_path / "sleeper.pid").read_text())
    for _ in range(150):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail("the sleeper outlived its session server")


def test_scratch_folders_of_killed_builds_are_removed(tmp_path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"lg-session-{dead.pid}-abc"
    live = tmp_path / f"lg-session-{os.getpid()}-def"
    stale.mkdir()
    live.mkdir()
    assert remove_stale_scratch(tmp_path) == 1
    assert not stale.exists() and live.exists()


def test_a_package_version_change_reruns_only_the_sessions_that_import_it(tmp_path, runner) -> None:
    uses = "```python exec\nimport markdown_it\nprint('uses it')\n```\n"
    plain = "```python exec\nprint('does not')\n```\n"
    first = engine(tmp_path, runner, LOG)
    (a,) = run(first, "Uses.md", uses)
    assert a.result.inputs.get("pkg:markdown-it-py") == first.inputs.packages["markdown-it-py"]
    run(first, "Plain.md", plain)
    second = engine(tmp_path, runner, LOG)
    second.inputs.packages["markdown-it-py"] = "0.0-another-version"
    second.inputs.packages["some-unrelated-package"] = "1.0"
    (again,) = run(second, "Uses.md", uses)
    (still,) = run(second, "Plain.md", plain)
    assert (again.result.origin, still.result.origin) == ("fresh", "cached")


def test_progress_opens_at_zero_and_names_a_long_session(tmp_path, runner, caplog, monkeypatch):
    import livegarden.execution.engine as engine_module

    monkeypatch.setattr(engine_module, "PROGRESS_EVERY_S", 0.3)
    logger = logging.getLogger("test-trust-progress")
    made = engine(tmp_path, runner, logger, cache_dir=None)
    with caplog.at_level(logging.INFO, logger="test-trust-progress"):
        made.add_note("Slow.md", "```python exec\nimport time\ntime.sleep(1.5)\n```\n")
        made.announce()
        made.summary()
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0] == (
        "livegarden: live code 0/1 sessions done; 0 from the cache or the frozen store, 1 to run"
    )
    assert any(m.startswith("livegarden: still running: Slow.md (main), for ") for m in messages)
