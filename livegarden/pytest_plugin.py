"""pytest plugin: every exec block of the vault, and every `snippets/*.py`, is a test item.

Registered as the `livegarden` pytest11 entry point, so any project that installs livegarden
has it. It collects when asked: `pytest --livegarden`, or with `livegarden_collect = true` in
the pytest configuration whenever pytest runs without path arguments (a bare `pytest`). The
vault is the `docs_dir` of the `mkdocs.yml` at pytest's root directory (option
`livegarden_config` for another file); each item is named `note.md:LINE`, as build warnings
name blocks, and a whole script `snippets/NAME.py`.

Blocks run in their page's session exactly as in a build (the build's engine, mode `test`, no
cache): the sessions behind the selected items are submitted together and run in parallel, and
each item reports its own block's outcome. Blocks marked `gpu` are skipped, with the reason,
where no CUDA device is present. Why a plugin of our own: the items are blocks inside Markdown
notes that share sessions, which no existing pytest plugin (e.g. pytest-markdown-docs, which
runs each fence on its own) models.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from livegarden.execution.engine import EngineSettings, plan_note, request_for
from livegarden.execution.environment import current_environment
from livegarden.execution.render import traceback_text
from livegarden.execution.results import SessionResult
from livegarden.execution.runner import BlockSpec, Limits, Runner, SessionRequest
from livegarden.execution.sessions import Session

SCRIPT_TIMEOUT_S = 300.0
NO_CUDA = "needs a CUDA GPU and this machine has none (builds show the block's frozen result)"
_SESSIONS = pytest.StashKey["VaultSessions"]()


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


def collect_cases(repo: Path, docs_dir: str = "docs") -> list[Case]:
    """Every exec block of every note under `repo/docs_dir` (published or not) and every
    `repo/snippets/*.py`."""
    cases: list[Case] = []
    docs = repo / docs_dir
    for path in _notes(docs):
        note = path.relative_to(docs).as_posix()
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


class VaultSessions:
    """Runs the sessions behind the selected items, all at once, each exactly once."""

    def __init__(self, settings: EngineSettings, cases: list[Case], has_cuda: bool) -> None:
        self.repo = settings.repo_root
        self.cases = cases
        self.has_cuda = has_cuda
        self.settings = settings
        self._runner: Runner | None = None
        self.futures: dict[str, Future[SessionResult]] = {}

    def _request(self, case: Case) -> SessionRequest:
        if case.file is not None:
            block = BlockSpec(code="", timeout_s=SCRIPT_TIMEOUT_S, file=case.file)
            return SessionRequest(case.file, (block,), self.repo, mode="test")
        assert case.session is not None
        return request_for(case.session, self.settings, skip_gpu=not self.has_cuda)

    def result(self, case: Case) -> SessionResult:
        if self._runner is None:
            self._runner = Runner(jobs=self.settings.jobs, backend=self.settings.backend)
        # Under pytest-xdist each worker runs only some items: submit on demand there.
        everything = [] if os.environ.get("PYTEST_XDIST_WORKER") else self.cases
        if case.session_id not in self.futures:
            for selected in [case, *everything]:
                if selected.session is None and selected.file is None:
                    continue
                if selected.needs_gpu and not self.has_cuda:
                    continue
                if selected.session_id not in self.futures:
                    self.futures[selected.session_id] = self._runner.submit(self._request(selected))
        return self.futures[case.session_id].result()

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


class SnippetItem(pytest.Item):
    """One exec block (or script); it passes when the block ran as the note says it should."""

    def __init__(self, *, case: Case, has_cuda: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        if case.needs_gpu:
            self.add_marker(pytest.mark.gpu)
            if not has_cuda:
                self.add_marker(pytest.mark.skip(reason=NO_CUDA))

    def runtest(self) -> None:
        case = self.case
        sessions = self.config.stash[_SESSIONS]
        if case.problems:
            pytest.fail(f"{case.id}: " + "; ".join(case.problems), pytrace=False)
        block = sessions.result(case).blocks[case.position]
        if block.status == "not-run":
            pytest.fail(
                f"{case.id}: not run, because an earlier block of its session failed "
                f"({', '.join(case.earlier)})",
                pytrace=False,
            )
        if block.error is not None:
            snippets = case.session.snippets if case.session is not None else ()
            details = traceback_text(snippets, block.error)
            output = (block.stdout + block.stderr)[-3000:]
            pytest.fail(
                f"{case.id}: {block.error.summary}\n{details}\n--- output ---\n{output}",
                pytrace=False,
            )
        assert block.status == "ok", f"{case.id}: {block.status}"

    def reportinfo(self) -> tuple[Path, int, str]:
        line = self.case.id.rsplit(":", 1)[1] if self.case.file is None else "1"
        return self.path, int(line) - 1, self.case.id


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("livegarden")
    group.addoption(
        "--livegarden",
        action="store_true",
        help="collect every exec block of the vault (and snippets/*.py) as a test",
    )
    parser.addini(
        "livegarden_collect",
        "collect the vault's exec blocks whenever pytest runs without path arguments",
        type="bool",
        default=False,
    )
    parser.addini(
        "livegarden_config",
        "the MkDocs configuration naming the vault (default: mkdocs.yml at the root directory)",
        default="mkdocs.yml",
    )


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!ENV` or `!!python/name` tags: read them as plain values."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class VaultConfig:
    """What the items need from a MkDocs configuration that uses the plugin."""

    docs_dir: str
    options: dict[str, Any]  # the plugin's options as written (the build validates them)


def vault_of(config_file: Path) -> VaultConfig | None:
    """The vault of a MkDocs configuration that uses the livegarden plugin, else None."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    for plugin in data.get("plugins") or []:
        name = next(iter(plugin)) if isinstance(plugin, dict) and plugin else plugin
        if name == "livegarden":
            written = plugin.get(name) if isinstance(plugin, dict) else None
            options = written if isinstance(written, dict) else {}
            return VaultConfig(str(data.get("docs_dir") or "docs"), options)
    return None


def option_problems(options: dict[str, Any]) -> list[str]:
    """The plugin's options checked as `mkdocs build` checks them: an unknown name (with
    the one meant), a number out of range, a choice not offered."""
    from livegarden.config import LivegardenConfig  # imports MkDocs: only for a vault's run

    checked = LivegardenConfig()
    checked.load_dict(options)
    failed, _ = checked.validate()
    return [f"option '{key}': {message}" for key, message in failed]


def settings_for(repo: Path, options: dict[str, Any]) -> EngineSettings:
    """The engine settings the build would use for its limits, parallelism and server."""
    defaults = Limits()

    def number(key: str, default: int) -> int:
        try:
            return int(options.get(key, default))
        except (TypeError, ValueError):
            return default

    limits = Limits(
        memory_limit_mb=number("memory_limit_mb", defaults.memory_limit_mb),
        output_limit_bytes=number("output_limit_kb", defaults.output_limit_bytes // 1024) * 1024,
    )
    return EngineSettings(
        repo_root=repo,
        cache_dir=None,
        frozen_dir=None,
        mode="test",
        jobs=number("execution_jobs", 0) or None,
        limits=limits,
        backend=str(options.get("execution_backend") or "auto"),
    )


def _wanted(config: pytest.Config) -> bool:
    if config.getoption("livegarden"):
        return True
    bare = config.args_source != pytest.Config.ArgsSource.ARGS
    return bool(config.getini("livegarden_collect")) and bare


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the vault's items (before -k and -m select among all items)."""
    if not _wanted(config):
        return
    config_file = config.rootpath / str(config.getini("livegarden_config"))
    vault = vault_of(config_file)
    if vault is None:
        raise pytest.UsageError(
            f"livegarden: {config_file} is not a MkDocs configuration using the livegarden "
            "plugin; set livegarden_config to the one that is"
        )
    problems = option_problems(vault.options)
    if problems:  # what `mkdocs build` would refuse, said once rather than as failing items
        raise pytest.UsageError(f"livegarden: {config_file}: " + "; ".join(problems))
    repo, docs_dir = config_file.parent, vault.docs_dir
    cases = collect_cases(repo, docs_dir)
    has_cuda = current_environment().has_cuda
    config.stash[_SESSIONS] = VaultSessions(settings_for(repo, vault.options), cases, has_cuda)
    for case in cases:
        path = repo / case.file if case.file else repo / docs_dir / case.id.rsplit(":", 1)[0]
        items.append(
            SnippetItem.from_parent(
                session, name=case.id, nodeid=case.id, path=path, case=case, has_cuda=has_cuda
            )
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Only the sessions of the items left after -k, -m and node ids are run."""
    sessions = session.config.stash.get(_SESSIONS, None)
    if sessions is not None:
        sessions.cases = [item.case for item in session.items if isinstance(item, SnippetItem)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "gpu: needs a CUDA device (skipped without one)")


def pytest_unconfigure(config: pytest.Config) -> None:
    sessions = config.stash.get(_SESSIONS, None)
    if sessions is not None:
        sessions.close()
