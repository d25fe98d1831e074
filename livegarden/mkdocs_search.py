"""MkDocs adapter: Material's search entries of a page, reused while the page is unchanged.

Material's search plugin reads every page's HTML with Python's HTMLParser on every build, a
fifth of a large vault's build time. Its entries depend only on what `add_entry_from_context`
reads: the page's URL, title, content, table of contents and its `title`, `tags` and `search`
metadata. So the plugin's index gets a wrapped `add_entry_from_context` that answers a page
with those inputs unchanged from memory (across `mkdocs serve` rebuilds) or from the cache
folder (across builds), and asks Material for every other page. Material 9 is in maintenance
mode; if its index no longer has that method, nothing is wrapped and search works as before.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from livegarden.atomic import read_pickle, write_pickle

_FORMAT = "livegarden-search-v1"
SEARCH_CACHE = "search.pickle"
Entries = list[dict[str, Any]]


class SearchEntryCache:
    """Kept across `serve` rebuilds: page -> (key of its inputs, its entries)."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, Entries]] = {}
        self.file: Path | None = None
        self.used: set[str] = set()
        self.changed = False
        self.reused = 0

    def install(self, config: MkDocsConfig, cache_dir: Path | None) -> None:
        """Wrap the search index Material made for this build (its on_config ran first)."""
        file = cache_dir / SEARCH_CACHE if cache_dir is not None else None
        if file != self.file:
            self.file, self.entries = file, _load(file)
        self.used.clear()
        self.reused = 0
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            module = type(plugin).__module__
            adds = getattr(index, "add_entry_from_context", None)
            if module.startswith("material.plugins.search") and callable(adds):
                index.add_entry_from_context = self._cached(index, adds)  # type: ignore[union-attr]

    def _cached(self, index: Any, adds: Callable[[Page], None]) -> Callable[[Page], None]:
        def add_entry_from_context(page: Page) -> None:
            key = _key(page, index)
            self.used.add(page.url)
            kept = self.entries.get(page.url)
            if kept is not None and kept[0] == key:
                index.entries.extend(copy.deepcopy(kept[1]))
                self.reused += 1
                return
            before = len(index.entries)
            adds(page)
            self.entries[page.url] = (key, copy.deepcopy(index.entries[before:]))
            self.changed = True

        return add_entry_from_context

    def save(self) -> None:
        """Write the entries of this build's pages, if any changed or went."""
        gone = [url for url in self.entries if url not in self.used]
        for url in gone:
            del self.entries[url]
        if self.file is None or not (self.changed or gone):
            return
        write_pickle(self.file, _FORMAT, {"entries": self.entries})
        self.changed = False


def _load(file: Path | None) -> dict[str, tuple[str, Entries]]:
    data = read_pickle(file, _FORMAT) if file is not None else None
    entries: dict[str, tuple[str, Entries]] = data["entries"] if data is not None else {}
    return entries


def _key(page: Page, index: Any) -> str:
    """Everything Material's `add_entry_from_context` reads of the page (and its settings)."""
    meta = page.meta
    inputs = (
        page.url,
        page.title,
        repr(meta.get("title")),
        repr(meta.get("tags")),
        repr(meta.get("search")),
        repr(getattr(index, "config", None)),
        _toc(page.toc.items if page.toc is not None else []),
    )
    digest = hashlib.sha256(repr(inputs).encode("utf-8", "surrogatepass"))
    digest.update((page.content or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _toc(items: list[AnchorLink]) -> list[tuple[str, str, str, int, list[Any]]]:
    return [(i.id, i.url, i.title, i.level, _toc(i.children)) for i in items]
