"""Forked worker processes that parse a vault's notes and render their pages on every core.

Why not `multiprocessing.Pool` or `concurrent.futures`: they pickle each task's inputs and
results, and a note's tokens cost about as much to pickle and unpickle as to parse (3,000
notes: 4.6 s + 3.5 s against 4.8 s to parse). Here each worker is forked with the vault's texts
already in its memory, parses its share of the notes and keeps their tokens; only the index
facts travel back (13 MB, 0.5 s for 3,000 notes). Later each worker builds the same index from
every note's facts and renders the pages of the notes it parsed, sending back their HTML.

Where the OS cannot fork safely (Windows; macOS, where a forked process with threads may
crash), `NotePool.start` gives None and the caller does the work in its own process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from livegarden.reading.page_cache import PageRender
from livegarden.reading.parser import NoteParser
from livegarden.vault.index import (
    LazyDocuments,
    NoteFacts,
    VaultIndex,
    VaultSources,
    read_notes,
)
from livegarden.vault.publishing import PublishPolicy

#: Renders the named pages from the index (in a worker): None for a page it leaves to the
#: main process (one with live code). `extra` is what the main process sent along.
RenderPages = Callable[[VaultIndex, Any, Sequence[str]], dict[str, PageRender | None]]


class PoolFailed(Exception):
    """A worker failed or died; the caller does its share itself."""


def fork_is_safe() -> bool:
    """Whether workers can be forked here (Linux and the BSDs, not macOS or Windows)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    share: tuple[str, ...]  # the notes it parses (and whose tokens it keeps)
    done: bool = False


class NotePool:
    """Workers forked once per build: `facts()` gathers what they parsed, `render()` has
    them render pages, `close()` ends them."""

    def __init__(self, workers: list[_Worker]) -> None:
        self.workers = workers

    @classmethod
    def start(
        cls,
        count: int,
        sources: VaultSources,
        paths: Sequence[str],
        policy: PublishPolicy,
        parser: NoteParser,
        render: RenderPages,
    ) -> NotePool | None:
        """Fork `count` workers, each parsing a share of `paths` (balanced by text length)."""
        if count < 2 or not fork_is_safe():
            return None
        context = multiprocessing.get_context("fork")
        workers = []
        for share in _shares(paths, sources.texts, count):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_serve,
                args=(theirs, sources, share, policy, parser, render),
                name="livegarden-notes",
                daemon=True,
            )
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine, share))
        return cls(workers)

    def facts(self) -> dict[str, NoteFacts]:
        """Every parsed note's facts (PoolFailed when a worker failed)."""
        found: dict[str, NoteFacts] = {}
        for worker in self.workers:
            found.update(self._receive(worker))
        return found

    def render(
        self, facts: Mapping[str, NoteFacts], paths: Sequence[str], extra: Any
    ) -> dict[str, PageRender | None]:
        """Render `paths`: each worker the notes it parsed, the rest shared out. A page a
        failed worker had is missing from the result (the caller renders it)."""
        owner = {
            path: number for number, worker in enumerate(self.workers) for path in worker.share
        }
        wanted: list[list[str]] = [[] for _ in self.workers]
        for position, path in enumerate(paths):
            wanted[owner.get(path, position % len(self.workers))].append(path)
        payload = pickle.dumps(dict(facts), protocol=pickle.HIGHEST_PROTOCOL)
        for worker, share in zip(self.workers, wanted, strict=True):
            try:
                worker.connection.send_bytes(payload)
                worker.connection.send((extra, share))
            except OSError:
                worker.done = True
        rendered: dict[str, PageRender | None] = {}
        for worker in self.workers:
            try:
                rendered.update(self._receive(worker))
            except PoolFailed:
                continue
            worker.done = True  # it has exited
        return rendered

    def close(self) -> None:
        """End the workers (those still waiting are told to stop)."""
        for worker in self.workers:
            if not worker.done:
                with contextlib.suppress(OSError):
                    worker.connection.send_bytes(b"")
            worker.connection.close()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()

    def _receive(self, worker: _Worker) -> Any:
        try:
            status, value = worker.connection.recv()
        except (EOFError, OSError) as error:
            worker.done = True
            raise PoolFailed(f"a worker stopped: {error}") from error
        if status != "ok":
            worker.done = True
            raise PoolFailed(str(value))
        return value


def _shares(paths: Sequence[str], texts: Mapping[str, str], count: int) -> list[tuple[str, ...]]:
    """Split `paths` into `count` shares of about equal text length (longest first)."""
    shares: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for path in sorted(paths, key=lambda p: -len(texts[p])):
        lightest = loads.index(min(loads))
        shares[lightest].append(path)
        loads[lightest] += len(texts[path])
    return [tuple(sorted(share)) for share in shares]


def _serve(
    connection: Connection,
    sources: VaultSources,
    share: tuple[str, ...],
    policy: PublishPolicy,
    parser: NoteParser,
    render: RenderPages,
) -> None:
    """A worker: parse the share, send its facts; then build the index and render pages."""
    try:
        facts, known = read_notes(sources, share, policy, parser)
        connection.send(("ok", facts))
        payload = connection.recv_bytes()
        if not payload:
            return
        every: dict[str, NoteFacts] = pickle.loads(payload)
        extra, wanted = connection.recv()
        index = VaultIndex.from_facts(policy, sources, every, LazyDocuments(parser, every, known))
        connection.send(("ok", render(index, extra, wanted)))
    except Exception:
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()
