"""Every exec block of every note in docs/ (published or not) and every snippets/*.py is a test.

Blocks run in their page's session, exactly as in a build (same engine, `LIVEGARDEN_MODE=test`,
no cache): the sessions of the selected items are all submitted at once and run in parallel,
and each block's item reports that block's own outcome.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, plan_note, request_for
from livegarden.execution.environment import current_environment
from livegarden.execution.results import SessionResult
from livegarden.execution.runner import BlockSpec, Runner, SessionRequest
from livegarden.execution.sessions import Session

REPO = Path(__file__).resolve().parents[2]
SETTINGS = EngineSettings(repo_root=REPO, cache_dir=None, frozen_dir=None, mode="test")
HAS_CUDA = current_environment().has_cuda
SCRIPT_TIMEOUT_S = 300.0
NO_CUDA = "needs a CUDA GPU and this machine has none (builds show the block's frozen result)"


@dataclass(frozen=True)
class Case:
    """One test item: a block of a note's session, or a whole snippets/*.py script."""

    id: str
    session: Session | None = None
    position: int = 0
    file: str | None = None
    problems: tuple[str, ...] = ()
    needs_gpu: bool = False
    earlier: tuple[str, ...] = field(default=())

    @property
    def session_id(self) -> str:
        return self.file or f"{self.session.note}#{self.session.name}"  # type: ignore[union-attr]


def _notes(docs: Path) -> Iterator[Path]:
    for path in sorted(docs.rglob("*.md")):
        if not any(part.startswith(".") for part in path.relative_to(docs).parts):
            yield path


def collect_cases(repo: Path = REPO) -> list[Case]:
    """Every exec block of every note under `repo/docs` and every `repo/snippets/*.py`."""
    cases: list[Case] = []
    for path in _notes(repo / "docs"):
        note = path.relative_to(repo / "docs").as_posix()
        plan = plan_note(note, path.read_text(encoding="utf-8-sig"), None, repo)
        for session in plan.sessions:
            for position, snippet in enumerate(session.snippets):
                cases.append(
                    Case(
                        id=snippet.label,
                        session=session,
                        position=position,
                        problems=snippet.problems,
                        needs_gpu=snippet.options.needs_gpu,
                        earlier=tuple(s.label for s in session.snippets[:position]),
                    )
                )
        for snippet in plan.snippets:
            if not snippet.is_closed:
                cases.append(Case(id=snippet.label, problems=snippet.problems))
    for script in sorted((repo / "snippets").glob("*.py")):
        cases.append(Case(id=f"snippets/{script.name}", file=f"snippets/{script.name}"))
    return cases


def as_params(cases: list[Case]) -> list[object]:
    params = []
    for case in cases:
        marks = [pytest.mark.gpu, pytest.mark.skipif(not HAS_CUDA, reason=NO_CUDA)]
        params.append(pytest.param(case, id=case.id, marks=marks if case.needs_gpu else []))
    return params


class VaultSessions:
    """Runs the sessions behind the selected items, all at once, each exactly once."""

    def __init__(self, runner: Runner, cases: list[Case]) -> None:
        self.runner = runner
        self.cases = cases
        self.futures: dict[str, Future[SessionResult]] = {}

    def _request(self, case: Case) -> SessionRequest:
        if case.file is not None:
            block = BlockSpec(code="", timeout_s=SCRIPT_TIMEOUT_S, file=case.file)
            return SessionRequest(case.file, (block,), REPO, mode="test")
        assert case.session is not None
        return request_for(case.session, SETTINGS, skip_gpu=not HAS_CUDA)

    def result(self, case: Case) -> SessionResult:
        # Under pytest-xdist each worker runs only some items: submit on demand there.
        everything = [] if os.environ.get("PYTEST_XDIST_WORKER") else self.cases
        if not self.futures or case.session_id not in self.futures:
            for selected in [case, *everything]:
                if selected.session is None and selected.file is None:
                    continue
                if selected.session_id not in self.futures:
                    self.futures[selected.session_id] = self.runner.submit(self._request(selected))
        return self.futures[case.session_id].result()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selected = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or not isinstance(callspec.params.get("case"), Case):
            continue
        if not any(mark.name == "skipif" and mark.args[0] for mark in item.iter_markers()):
            selected.append(callspec.params["case"])
    config.stash[_SELECTED] = selected


_SELECTED = pytest.StashKey[list[Case]]()


@pytest.fixture(scope="session")
def vault_sessions(request: pytest.FixtureRequest) -> Iterator[VaultSessions]:
    with Runner() as runner:
        yield VaultSessions(runner, request.config.stash.get(_SELECTED, []))
