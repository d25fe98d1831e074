"""The forked note workers: the facts they send equal a serial parse, pages come back from
the worker that parsed them, and a worker that fails costs its pages, not the build."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from livegarden.reading.context import SiteLinks
from livegarden.reading.html import RenderedPage
from livegarden.reading.page_cache import PageRender
from livegarden.reading.parser import NoteParser
from livegarden.reading.pool import NotePool, fork_is_safe
from livegarden.vault.index import VaultIndex, VaultSources
from livegarden.vault.publishing import PublishPolicy

pytestmark = pytest.mark.skipif(not fork_is_safe(), reason="workers are forked (Linux)")

POLICY = PublishPolicy(mode="all")


def _vault(root: Path, count: int) -> VaultSources:
    for number in range(count):
        text = f"# Note {number}\n\nSee [[Note {(number + 1) % count}]] and #tag{number % 3}.\n"
        (root / f"Note {number}.md").write_text(text, encoding="utf-8")
    return VaultSources.read(root, POLICY)


def _pid_pages(index: VaultIndex, extra: Any, paths: Sequence[str]) -> dict[str, PageRender | None]:
    """Each page says which process rendered it and what it knows of the whole index."""
    made: dict[str, PageRender | None] = {}
    for path in paths:
        links = index.links_out.get(path, ())
        html = f"{os.getpid()}|{extra}|{len(index.notes)}|{','.join(links)}"
        made[path] = PageRender(RenderedPage(html, [], frozenset(), path))
    return made


def test_workers_send_the_facts_a_serial_parse_gives(tmp_path: Path) -> None:
    sources = _vault(tmp_path, 12)
    paths = list(sources.texts)
    pool = NotePool.start(2, sources, paths, POLICY, NoteParser(), _pid_pages)
    assert pool is not None
    try:
        facts = pool.facts()
    finally:
        pool.close()
    serial = VaultIndex.build(tmp_path, POLICY)
    assert sorted(facts) == sorted(serial.notes)
    for path, found in facts.items():
        assert found.note == serial.notes[path]
        assert found.body == serial.bodies[path]


def test_each_page_is_rendered_by_a_worker_holding_the_whole_index(tmp_path: Path) -> None:
    sources = _vault(tmp_path, 12)
    pool = NotePool.start(2, sources, list(sources.texts), POLICY, NoteParser(), _pid_pages)
    assert pool is not None
    try:
        facts = pool.facts()
        pages = pool.render(facts, list(facts), SiteLinks(tags_url="t/"))
    finally:
        pool.close()
    serial = VaultIndex.build(tmp_path, POLICY)
    processes = set()
    for path, made in pages.items():
        assert made is not None
        pid, extra, count, links = made.page.html.split("|")
        processes.add(pid)
        assert "tags_url='t/'" in extra and int(count) == 12
        assert links == ",".join(serial.links_out.get(path, ()))  # the same link graph
    assert len(processes) == 2 and str(os.getpid()) not in processes


def _failing(index: VaultIndex, extra: Any, paths: Sequence[str]) -> dict[str, PageRender | None]:
    if "Note 0.md" in paths:
        raise RuntimeError("this worker breaks")
    return _pid_pages(index, extra, paths)


def test_a_failing_worker_loses_only_its_own_pages(tmp_path: Path) -> None:
    sources = _vault(tmp_path, 12)
    pool = NotePool.start(2, sources, list(sources.texts), POLICY, NoteParser(), _failing)
    assert pool is not None
    try:
        facts = pool.facts()
        pages = pool.render(facts, list(facts), None)
    finally:
        pool.close()
    assert "Note 0.md" not in pages  # left to the caller, which renders it itself
    assert 0 < len(pages) < 12


def test_one_worker_means_no_pool(tmp_path: Path) -> None:
    sources = _vault(tmp_path, 3)
    assert NotePool.start(1, sources, list(sources.texts), POLICY, NoteParser(), _pid_pages) is None
