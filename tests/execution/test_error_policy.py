"""The author's error policy: a block may be expected to raise (its traceback is output, no
warning), and a note may keep going after an unexpected error, as Jupyter does. Real sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.options import parse_info
from livegarden.execution.render import block_parts, note_warnings, placements
from livegarden.execution.runner import Runner

LOG = logging.getLogger("test-error-policy")


@pytest.fixture(scope="module")
def runner(new_runner) -> Iterator[Runner]:
    with new_runner(jobs=2) as shared:
        yield shared


def outcome(tmp_path: Path, runner: Runner, text: str):
    settings = EngineSettings(repo_root=tmp_path, cache_dir=None, frozen_dir=None)
    engine = ExecutionEngine(settings, LOG, runner_factory=lambda: runner)
    plan = engine.add_note("N.md", text)
    (done,) = engine.outcomes_for("N.md")
    return plan, done


@pytest.mark.parametrize(
    ("info", "raises"),
    [
        ("python exec raises", ""),
        ("python exec raises=ValueError", "ValueError"),
        ("python exec raises=json.JSONDecodeError", "json.JSONDecodeError"),
        ("python exec", None),
    ],
)
def test_the_raises_option(info: str, raises: str | None) -> None:
    parsed = parse_info(info)
    assert parsed.options is not None and parsed.options.raises == raises
    assert parsed.problems == ()


def test_an_expected_error_is_output_and_the_session_goes_on(tmp_path, runner) -> None:
    text = (
        "```python exec raises=ValueError\nint('seven')\n```\n\n"
        "```python exec raises=LookupError\n{}['missing']\n```\n\n"  # KeyError is a LookupError
        "```python exec\nprint('after both')\n```\n"
    )
    plan, done = outcome(tmp_path, runner, text)
    first, second, third = done.result.blocks
    assert (first.status, second.status, third.status) == ("ok", "ok", "ok")
    assert third.stdout == "after both\n"
    assert note_warnings(plan, [done]) == [], "no warning: --strict passes"
    parts = block_parts(placements(plan, [done])[0], "text", None)
    shown = "".join(html for _, html in parts)
    assert "Raised, as expected: ValueError: invalid literal" in shown
    assert "lg-exec-error" not in shown


def test_a_raises_block_that_does_not_raise_or_raises_another_error_fails(tmp_path, runner):
    for body, line in (("x = 1", 1), ("raise TypeError('not the one')", 2)):
        text = f"```python exec raises=ValueError\n{body}\n```\n\n```python exec\nprint(2)\n```\n"
        plan, done = outcome(tmp_path, runner, text)
        assert done.result.blocks[0].status == "error"
        assert done.result.blocks[1].status == "not-run"
        (warning,) = note_warnings(plan, [done])
        assert warning.line == line and "live code failed" in warning.message


def test_a_note_that_keeps_going_runs_every_block_and_warns_for_each_error(tmp_path, runner):
    text = (
        "---\nlivegarden-keep-going: true\n---\n"
        "```python exec\n1 / 0\n```\n\n"  # 4
        "```python exec\nprint('ran anyway')\n```\n\n"
        "```python exec\nundefined_name\n```\n"  # 12
    )
    plan, done = outcome(tmp_path, runner, text)
    statuses = [block.status for block in done.result.blocks]
    assert statuses == ["error", "ok", "error"]
    assert done.result.blocks[1].stdout == "ran anyway\n"
    assert [w.line for w in note_warnings(plan, [done])] == [5, 13]
