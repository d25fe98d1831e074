"""A real note gives the same page under both session servers: every block's text, rich
outputs and figures (byte for byte) from the fork server and from the portable one, each with
the default libraries preloaded (torch among them)."""

from __future__ import annotations

from pathlib import Path

from livegarden.execution.engine import EngineSettings, plan_note, request_for
from livegarden.execution.results import SessionResult
from livegarden.execution.runner import Runner

REPO = Path(__file__).resolve().parents[2]
NOTE = "Mainfolder/AI/Calculus for Deep Learning.md"  # torch, numpy and figures; no timings


def _run_note(backend: str) -> list[SessionResult]:
    text = (REPO / "docs" / NOTE).read_text(encoding="utf-8")
    plan = plan_note(NOTE, text, repo_root=REPO)
    settings = EngineSettings(repo_root=REPO, cache_dir=None, frozen_dir=None)
    with Runner(jobs=2, backend=backend) as runner:
        futures = [runner.submit(request_for(s, settings)) for s in plan.sessions]
        return [future.result() for future in futures]


def _page_of(results: list[SessionResult]) -> list[object]:
    return [
        (
            block.status,
            block.stdout,
            block.stderr,
            [(d.mime, d.data, d.position) for d in block.displays],
            [(f.mime, f.digest, f.position, f.alt) for f in block.figures],
            block.error,
        )
        for result in results
        for block in result.blocks
    ]


def test_a_note_runs_the_same_under_the_fork_and_the_portable_server() -> None:
    forked, spawned = _run_note("fork"), _run_note("spawn")
    assert all(r.is_ok for r in forked), [b.error for r in forked for b in r.blocks if b.error]
    assert sum(len(block.figures) for r in forked for block in r.blocks) >= 2
    assert _page_of(spawned) == _page_of(forked)
    assert [r.inputs for r in spawned] == [r.inputs for r in forked]
