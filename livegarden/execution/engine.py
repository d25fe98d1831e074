"""Decides, for every session of a build, where its result comes from, and collects results.

Order of preference: a frozen result whose code key matches (sessions marked `freeze` or
`gpu`), the cache (session key), a fresh run in the warm runner. A frozen or cached result is
used only while the repository files it read still have the digests recorded with it. A `gpu`
session on a machine without CUDA can only be served frozen; a frozen result whose code (or
input files) changed is re-run where possible and otherwise shown marked stale. Sessions are
submitted as soon as the notes are planned and run in parallel while MkDocs goes on; a page
waits only for its own sessions.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from livegarden.execution.cache import CacheStore, Corrupt, Hit
from livegarden.execution.environment import Environment, current_environment
from livegarden.execution.frozen import FrozenStore
from livegarden.execution.inputs import PACKAGE_PREFIX, DigestMemo, describe_changes
from livegarden.execution.keys import code_key, session_inputs, session_key
from livegarden.execution.results import BlockResult, ErrorInfo, SessionResult
from livegarden.execution.runner import (
    BlockSpec,
    Limits,
    Runner,
    SessionRequest,
    provenance,
)
from livegarden.execution.sessions import Session, plan_sessions
from livegarden.execution.snippets import Snippet, extract_snippets, refuse_outside
from livegarden.vault.frontmatter import parse_frontmatter


@dataclass(frozen=True, slots=True)
class EngineSettings:
    repo_root: Path
    enabled: bool = True
    cache_dir: Path | None = None  # None: no cache
    frozen_dir: Path | None = None
    jobs: int | None = None
    limits: Limits = field(default_factory=Limits)
    mode: str = "build"
    backend: str = "auto"  # the session server (see runner.choose_backend)


@dataclass(frozen=True, slots=True)
class NotePlan:
    note: str
    snippets: tuple[Snippet, ...]
    sessions: tuple[Session, ...]


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    session: Session
    result: SessionResult
    key: str | None
    notice: str | None = None  # e.g. why a frozen result is stale


@dataclass(frozen=True, slots=True)
class Summary:
    sessions: int
    executed: int
    cached: int
    frozen: int
    failed: int
    seconds: float
    collected: int = 0

    def line(self) -> str:
        return (
            f"live code: {self.sessions} sessions: {self.executed} executed, {self.cached} cached, "
            f"{self.frozen} frozen, {self.failed} failed in {self.seconds:.2f} s"
        )


def request_for(
    session: Session, settings: EngineSettings, *, skip_gpu: bool = False
) -> SessionRequest:
    """The runner's view of a session. With `skip_gpu`, `gpu` blocks become no-ops."""
    blocks = []
    for snippet in session.snippets:
        skipped = skip_gpu and snippet.options.needs_gpu
        blocks.append(
            BlockSpec(
                code="pass\n" if skipped else snippet.code,
                timeout_s=snippet.options.timeout_s,
                file=None if skipped else snippet.options.file,
                args=snippet.options.args,
                raises=snippet.options.raises,
                keep_going=snippet.options.keep_going,
            )
        )
    return SessionRequest(
        note=session.note,
        blocks=tuple(blocks),
        cwd=settings.repo_root,
        mode=settings.mode,
        limits=settings.limits,
        needs_gpu=session.needs_gpu,
        ignored_inputs=tuple(p for p in (settings.cache_dir, settings.frozen_dir) if p),
    )


KEEP_GOING_KEY = "livegarden-keep-going"


def keeps_going(text: str) -> bool:
    """The note's frontmatter says `livegarden-keep-going: true`."""
    value = parse_frontmatter(text).data.get(KEEP_GOING_KEY)
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes"))


def plan_note(
    note: str, text: str, found: list[Snippet] | None = None, repo_root: Path | None = None
) -> NotePlan:
    """The note's snippets (`found`, else read from `text`) and its sessions; with `repo_root`,
    a `file=` outside it is refused."""
    listed = extract_snippets(note, text) if found is None else found
    if listed and keeps_going(text):  # it runs on after an unexpected error, as in Jupyter
        listed = [replace(s, options=replace(s.options, keep_going=True)) for s in listed]
    snippets = tuple(refuse_outside(listed, repo_root) if repo_root is not None else listed)
    return NotePlan(note, snippets, tuple(plan_sessions(list(snippets))))


PROGRESS_EVERY_S = 5.0  # a line for a session still running after this long, and as often


def _files_only(inputs: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in inputs.items() if not name.startswith(PACKAGE_PREFIX)}


def _error_result(session: Session, error: ErrorInfo, environment: Environment) -> SessionResult:
    blocks = [BlockResult("error", error=error)]
    blocks += [BlockResult("not-run")] * (len(session.snippets) - 1)
    return SessionResult(tuple(blocks), provenance(environment, 0.0), "fresh")


class ExecutionEngine:
    """Runs and caches the sessions of one build (or of a `mkdocs serve` lifetime)."""

    def __init__(
        self,
        settings: EngineSettings,
        log: logging.Logger,
        *,
        runner_factory: Callable[[], Runner] | None = None,
    ) -> None:
        self.settings = settings
        self.log = log
        self.environment = current_environment()
        self.cache = CacheStore(settings.cache_dir) if settings.cache_dir else None
        self.frozen = FrozenStore(settings.frozen_dir) if settings.frozen_dir else None
        self.inputs = DigestMemo(  # kept across `mkdocs serve` rebuilds
            settings.repo_root, dict(self.environment.packages)
        )
        self._runner_factory = runner_factory or (
            lambda: Runner(jobs=settings.jobs, backend=settings.backend)
        )
        self._runner: Runner | None = None
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget the previous build's bookkeeping (the warm runner stays)."""
        self.plans: dict[str, NotePlan] = {}
        self.outcomes: dict[tuple[str, str], Future[SessionOutcome]] = {}
        self.used_keys: set[str] = set()
        self.counts = {"executed": 0, "cached": 0, "frozen": 0, "failed": 0, "done": 0}
        self.started = time.perf_counter()
        self.last_done = self.started  # when the latest session finished (or was looked up)
        self.cache_failed = False
        self.running: dict[str, float] = {}  # session label -> when it started
        self._watcher: threading.Thread | None = getattr(self, "_watcher", None)

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            self._runner = self._runner_factory()
        return self._runner

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    # -- planning and submission -------------------------------------------------------------

    def add_note(self, note: str, text: str, snippets: list[Snippet] | None = None) -> NotePlan:
        """Plan the note's sessions and start resolving them (in the background); `snippets`
        are the note's, found in its tokens by the caller (else read from `text`)."""
        plan = plan_note(note, text, snippets, self.settings.repo_root)
        self.plans[note] = plan
        if self.settings.enabled:
            for session in plan.sessions:
                self.outcomes[(note, session.name)] = self._resolve(session)
        return plan

    def _limits_key(self) -> dict[str, object]:
        return self.settings.limits.as_key()

    def _resolve(self, session: Session) -> Future[SessionOutcome]:
        inputs = session_inputs(session, self.settings.repo_root)
        digest = code_key(session, inputs)
        key = session_key(digest, self.environment, self.settings.mode, self._limits_key())
        can_run = not session.needs_gpu or self.environment.has_cuda
        notice = None
        if session.is_freezable and self.frozen is not None:
            try:
                entry = self.frozen.load(session)
            except ValueError as unreadable:
                self.log.warning("%s: %s", session.note, unreadable)
                entry = None
            # made on another machine on purpose: its files count, its package versions not
            changed = [] if entry is None else self.inputs.changed(_files_only(entry.result.inputs))
            if entry is not None and entry.code_key == digest and not changed:
                return self._done(session, entry.result.with_origin("frozen"), None, "frozen")
            what = (
                "the code changed"
                if entry is None or entry.code_key != digest
                else (f"files it reads changed: {describe_changes(changed)}")
            )
            if entry is not None and not can_run:
                notice = (
                    f"stale: {what} since this result was frozen on "
                    f"{entry.result.provenance.date}; it needs a GPU to re-run"
                )
                return self._done(
                    session, entry.result.with_origin("stale"), None, "frozen", notice
                )
            if entry is not None:
                self.log.info(
                    "livegarden: %s: the frozen result is out of date (%s); showing a "
                    "fresh run. Run `python -m livegarden.execution.freeze` to update it.",
                    session.label,
                    what,
                )
        if not can_run:
            missing = ErrorInfo(
                "no-gpu",
                "needs a CUDA GPU, none is present and there is no frozen result; "
                "run `python -m livegarden.execution.freeze` on a machine with a GPU and "
                "commit the result",
            )
            return self._done(
                session, _error_result(session, missing, self.environment), None, "failed"
            )
        if self.cache is not None:
            lookup = self.cache.load(key)
            if isinstance(lookup, Hit):
                try:
                    result = SessionResult.from_json(lookup.payload["result"])
                except (KeyError, TypeError, ValueError):
                    lookup = Corrupt(self.cache.path_for(key), "unreadable result")
                else:
                    changed = self.inputs.changed(result.inputs)
                    if not changed:
                        with self._lock:
                            self.used_keys.add(key)
                        return self._done(session, result.with_origin("cached"), key, "cached")
                    self.log.info(
                        "livegarden: %s: re-run, since files it reads changed: %s",
                        session.label,
                        describe_changes(changed),
                    )
            if isinstance(lookup, Corrupt):
                self.log.warning(
                    "%s: cache entry %s is corrupt (%s); discarded and re-run",
                    session.label,
                    lookup.path,
                    lookup.reason,
                )
                self.cache.discard(key)
        return self._execute(session, key)

    def _done(
        self,
        session: Session,
        result: SessionResult,
        key: str | None,
        counter: str,
        notice: str | None = None,
    ) -> Future[SessionOutcome]:
        future: Future[SessionOutcome] = Future()
        future.set_result(SessionOutcome(session, result, key, notice))
        self._count(counter if result.is_ok or counter == "failed" else "failed")
        return future

    def _count(self, counter: str) -> None:
        with self._lock:
            self.counts[counter] += 1
            self.counts["done"] += 1
            self.last_done = time.perf_counter()

    def _execute(self, session: Session, key: str) -> Future[SessionOutcome]:
        outcome: Future[SessionOutcome] = Future()
        with self._lock:
            self.running[session.label] = time.perf_counter()
            watching = self._watcher is not None and self._watcher.is_alive()
        if not watching:
            self._watcher = threading.Thread(target=self._watch, name="livegarden-progress")
            self._watcher.daemon = True
            self._watcher.start()
        started = self.runner.submit(request_for(session, self.settings))
        started.add_done_callback(lambda _: self._stopped(session))

        def finished(future: Future[SessionResult]) -> None:
            """Never raises and always settles `outcome`: a build waits on it."""
            result: SessionResult | None = None
            try:
                try:
                    result = future.result()
                except Exception as error:  # EngineError, or anything a bug could raise
                    info = ErrorInfo("engine", f"the execution engine failed: {error}")
                    result = _error_result(session, info, self.environment)
                else:
                    self._store(session, key, result)
                self._count("executed" if result.is_ok else "failed")
                self._progress()
            except Exception as error:  # counting or logging failed: the session still ends
                info = ErrorInfo("engine", f"the execution engine failed: {error!r}")
                result = result or _error_result(session, info, self.environment)
            finally:
                if result is None:
                    info = ErrorInfo("engine", "the execution engine stopped")
                    result = _error_result(session, info, self.environment)
                if not outcome.done():
                    outcome.set_result(SessionOutcome(session, result, key))

        started.add_done_callback(finished)
        return outcome

    def _stopped(self, session: Session) -> None:
        with self._lock:
            self.running.pop(session.label, None)

    def _watch(self) -> None:
        """Every few seconds, name the sessions that have run for longer than a few seconds;
        ends when none runs."""
        while True:
            time.sleep(PROGRESS_EVERY_S)
            now = time.perf_counter()
            with self._lock:
                running = dict(self.running)
            if not running:
                return
            for label, since in sorted(running.items()):
                if now - since >= PROGRESS_EVERY_S:
                    self.log.info("livegarden: still running: %s, for %.0f s", label, now - since)

    def announce(self) -> None:
        """The line that opens a build's live code: how many sessions, how many to run."""
        with self._lock:
            counts = dict(self.counts)
        self.log.info(
            "livegarden: live code 0/%d sessions done; %d from the cache or the frozen store, "
            "%d to run",
            len(self.outcomes),
            counts["cached"] + counts["frozen"],
            len(self.outcomes) - counts["done"],
        )

    def _store(self, session: Session, key: str, result: SessionResult) -> None:
        """Keep a result in the cache; a cache that cannot be written is one warning a build
        (the results are simply not cached)."""
        if self.cache is None:
            return
        try:
            self.cache.store(key, {"session": session.label, "result": result.to_json()})
        except (OSError, ValueError) as problem:
            with self._lock:
                first = not self.cache_failed
                self.cache_failed = True
            if first:
                self.log.warning(
                    "livegarden: results are not cached: the cache folder %s cannot be written "
                    "(%s)",
                    self.cache.root,
                    problem,
                )
            return
        with self._lock:
            self.used_keys.add(key)

    def _progress(self) -> None:
        with self._lock:
            counts = dict(self.counts)
        self.log.info(
            "livegarden: live code %d/%d sessions done (%d cached, %d frozen, %d failed)",
            counts["done"],
            len(self.outcomes),
            counts["cached"],
            counts["frozen"],
            counts["failed"],
        )

    # -- results ------------------------------------------------------------------------------

    def outcomes_for(self, note: str) -> list[SessionOutcome]:
        """The note's session outcomes, waiting for those still running."""
        plan = self.plans.get(note)
        if plan is None:
            return []
        return [
            self.outcomes[(note, session.name)].result()
            for session in plan.sessions
            if (note, session.name) in self.outcomes
        ]

    def all_outcomes(self) -> list[SessionOutcome]:
        return [future.result() for future in self.outcomes.values()]

    def summary(self) -> Summary:
        """Counts so far, after waiting for every session."""
        self.all_outcomes()
        with self._lock:
            counts = dict(self.counts)
        return Summary(
            sessions=len(self.outcomes),
            executed=counts["executed"],
            cached=counts["cached"],
            frozen=counts["frozen"],
            failed=counts["failed"],
            seconds=self.last_done - self.started,
        )

    def finish(self, *, full_build: bool) -> Summary:
        """Wait for everything; after a full build, collect cache entries this build did not use."""
        summary = self.summary()
        if full_build and self.cache is not None and self.settings.enabled:
            with self._lock:
                keep = set(self.used_keys)
            try:
                summary = replace(summary, collected=self.cache.collect(keep))
            except OSError as problem:
                self.log.warning(
                    "livegarden: old cache entries were not removed from %s (%s)",
                    self.cache.root,
                    problem,
                )
        return summary
