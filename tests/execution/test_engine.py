"""Where a session's result comes from: cache, frozen store or a fresh run; warnings replayed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, ExecutionEngine, plan_note
from livegarden.execution.frozen import FrozenStore
from livegarden.execution.keys import code_key, session_inputs
from livegarden.execution.render import note_warnings
from livegarden.execution.runner import Runner

log = logging.getLogger("test-engine")

NOTE = (
    "# N\n\n```python exec\nx = 6 * 7\nprint(x)\n```\n\n"
    "```python exec\nimport missing_module_xyz\n```\n"
)
GOOD = "# N\n\n```python exec freeze\nprint('computed here')\n```\n"
GPU = "# N\n\n```python exec gpu\nprint('on the gpu')\n```\n"


@pytest.fixture(scope="module")
def shared_runner() -> Iterator[Runner]:
    with Runner(jobs=2) as runner:
        yield runner


def make_engine(tmp_path: Path, runner: Runner, **changes: object) -> ExecutionEngine:
    settings = EngineSettings(
        repo_root=tmp_path, cache_dir=tmp_path / "cache", frozen_dir=tmp_path / "frozen"
    )
    engine = ExecutionEngine(replace(settings, **changes), log, runner_factory=lambda: runner)
    engine.close = lambda: None  # type: ignore[method-assign]  # the runner outlives engines
    return engine


def outcome_of(engine: ExecutionEngine, text: str, note: str = "AI/N.md"):
    engine.add_note(note, text)
    return engine.outcomes_for(note)


def test_second_build_is_all_cache_hits_with_warnings_replayed(tmp_path, shared_runner) -> None:
    first = make_engine(tmp_path, shared_runner)
    (fresh,) = outcome_of(first, NOTE)
    assert fresh.result.origin == "fresh"
    assert first.summary().failed == 1
    warnings_first = note_warnings(first.plans["AI/N.md"], [fresh])
    second = make_engine(tmp_path, shared_runner)
    (cached,) = outcome_of(second, NOTE.replace("# N", "# N\n\nNew prose."))
    assert cached.result.origin == "cached"
    assert cached.result.blocks == fresh.result.blocks
    assert second.summary().executed == 0, "a hit runs nothing"
    warnings_second = note_warnings(second.plans["AI/N.md"], [cached])
    assert [w.message for w in warnings_second] == [w.message for w in warnings_first]
    assert "ModuleNotFoundError" in warnings_first[0].message
    assert warnings_second[0].line == warnings_first[0].line + 2, "lines follow the prose edit"


def test_corrupt_entry_is_warned_about_and_rerun(tmp_path, shared_runner, caplog) -> None:
    first = make_engine(tmp_path, shared_runner)
    (fresh,) = outcome_of(first, GOOD.replace(" freeze", ""))
    assert fresh.key is not None
    path = first.cache.path_for(fresh.key)  # type: ignore[union-attr]
    path.write_bytes(path.read_bytes()[:-10])
    second = make_engine(tmp_path, shared_runner)
    with caplog.at_level(logging.WARNING, logger="test-engine"):
        (rerun,) = outcome_of(second, GOOD.replace(" freeze", ""))
    assert rerun.result.origin == "fresh"
    assert "corrupt" in caplog.text
    assert second.cache.load(fresh.key).__class__.__name__ == "Hit"  # type: ignore[union-attr]


def test_collection_only_after_a_full_build_keeps_what_was_used(tmp_path, shared_runner) -> None:
    first = make_engine(tmp_path, shared_runner)
    outcome_of(first, GOOD.replace(" freeze", ""), "a.md")
    outcome_of(first, NOTE, "b.md")
    assert first.finish(full_build=True).collected == 0
    partial = make_engine(tmp_path, shared_runner)
    outcome_of(partial, NOTE, "b.md")
    assert partial.finish(full_build=False).collected == 0
    assert len(partial.cache.keys()) == 2  # type: ignore[union-attr]
    full = make_engine(tmp_path, shared_runner)
    outcome_of(full, NOTE, "b.md")
    assert full.finish(full_build=True).collected == 1
    assert len(full.cache.keys()) == 1  # type: ignore[union-attr]


def freeze(tmp_path: Path, text: str, printed: str) -> None:
    """Store a frozen result for the note's session as if made elsewhere."""
    plan = plan_note("AI/N.md", text)
    (session,) = plan.sessions
    from livegarden.execution.results import BlockResult, Provenance, SessionResult

    result = SessionResult(
        (BlockResult("ok", stdout=printed),),
        Provenance("Elsewhere CPU", "NVIDIA H100", "3.11", {}, "2026-01-01 00:00 UTC", 1.0),
    )
    digest = code_key(session, session_inputs(session, tmp_path))
    FrozenStore(tmp_path / "frozen").store(session, digest, result)


def test_matching_frozen_result_is_used(tmp_path, shared_runner) -> None:
    freeze(tmp_path, GOOD, "frozen elsewhere\n")
    (outcome,) = outcome_of(make_engine(tmp_path, shared_runner), GOOD)
    assert outcome.result.origin == "frozen"
    assert outcome.result.blocks[0].stdout == "frozen elsewhere\n"
    assert outcome.result.provenance.gpu == "NVIDIA H100"


def test_frozen_result_whose_code_changed_is_rerun_where_possible(tmp_path, shared_runner) -> None:
    freeze(tmp_path, GOOD, "frozen elsewhere\n")
    (outcome,) = outcome_of(make_engine(tmp_path, shared_runner), GOOD.replace("here", "there"))
    assert outcome.result.origin == "fresh"
    assert outcome.result.blocks[0].stdout == "computed there\n"


def test_gpu_session_without_cuda_uses_frozen_or_is_stale_or_fails(tmp_path, shared_runner) -> None:
    engine = make_engine(tmp_path, shared_runner)
    if engine.environment.has_cuda:
        pytest.skip("this machine has CUDA: a gpu session simply runs here")
    (missing,) = outcome_of(engine, GPU)
    assert missing.result.failure is not None and missing.result.failure[1].kind == "no-gpu"
    freeze(tmp_path, GPU, "ran on an H100\n")
    (frozen,) = outcome_of(make_engine(tmp_path, shared_runner), GPU)
    assert frozen.result.origin == "frozen"
    changed = GPU.replace("on the gpu", "on the GPU")
    engine = make_engine(tmp_path, shared_runner)
    (stale,) = outcome_of(engine, changed)
    assert stale.result.origin == "stale" and stale.notice is not None
    warnings = note_warnings(engine.plans["AI/N.md"], [stale])
    assert any("stale" in w.message for w in warnings)
