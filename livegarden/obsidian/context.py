"""What the Obsidian Markdown layer needs to know while a page renders, and where problems go.

The MkDocs adapter owns one `RenderContext` per build and points it at each page before the page
renders; the processors only read it. No module singletons: the context is passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from markdown import Markdown

from livegarden.vault.index import VaultIndex
from livegarden.vault.note import Note
from livegarden.vault.slugs import relative_url

LOGGER_NAME = "mkdocs.plugins.livegarden"
_ROOT_MARK = "lg-root:"


@dataclass
class Reporter:
    """Logs each problem once as `path:line: message` (warnings fail `mkdocs build --strict`)."""

    logger: logging.Logger = field(default_factory=lambda: logging.getLogger(LOGGER_NAME))
    seen: set[tuple[str, int, str]] = field(default_factory=set)

    def warn(self, path: str, line: int, message: str) -> None:
        """Log `path:line: message` unless this exact problem was logged already."""
        key = (path, line, message)
        if key in self.seen:
            return
        self.seen.add(key)
        self.logger.warning("%s:%d: %s", path, line, message)

    def reset(self) -> None:
        """Forget what was logged (a new build under `mkdocs serve`)."""
        self.seen.clear()


@dataclass
class RenderContext:
    """The page being rendered and the note whose text is being read (differs inside embeds)."""

    index: VaultIndex | None = None
    reporter: Reporter = field(default_factory=Reporter)
    note: Note | None = None
    page_url: str = ""
    tags_url: str = "tags/"
    tag_ids: dict[str, str] = field(default_factory=dict)
    generated_pages: frozenset[str] = frozenset()  # e.g. "tags.md": links to them are fine
    markdown_factory: Callable[[], Markdown] | None = None
    embed_stack: list[str] = field(default_factory=list)
    max_embed_depth: int = 4
    _lines: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _seen: dict[str, int] = field(default_factory=dict, repr=False)
    _children: list[Markdown] = field(default_factory=list, repr=False)
    _embeds: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _root_mode: bool = False
    _cycle_cut: bool = False

    def start_build(self, index: VaultIndex) -> None:
        """A new build (also a `mkdocs serve` rebuild): new index, no cached embeds."""
        self.index = index
        self._embeds.clear()
        self._children.clear()

    def start_page(self, note: Note | None, page_url: str) -> None:
        """Point the context at the page about to render (`note` None: a generated page)."""
        self.page_url = page_url
        self._root_mode = False
        self._cycle_cut = False
        self.embed_stack = [note.path] if note is not None else []
        self._enter(note)

    def _enter(self, note: Note | None) -> None:
        self.note = note
        self._lines = {}
        self._seen = {}
        if note is not None:
            for link in note.links:
                self._lines.setdefault(link.raw, []).append(link.line)

    def line_of(self, raw: str) -> int:
        """The file line of the next occurrence of the link text `raw` in the current note."""
        if self.note is None:
            return 1
        lines = self._lines.get(raw)
        if not lines:
            return self.note.body_line
        count = self._seen.get(raw, 0)
        self._seen[raw] = count + 1
        return lines[min(count, len(lines) - 1)]

    def warn(self, line: int, message: str) -> None:
        """Report a problem in the current note."""
        path = self.note.path if self.note is not None else "(generated page)"
        self.reporter.warn(path, line, message)

    def suggest(self, written: str) -> str | None:
        """A published note name close to `written`, for "did you mean"."""
        return self.index.resolver.suggest(written) if self.index is not None else None

    def note_href(self, note: Note, fragment: str = "") -> str:
        """The href from the current page to `note` (and `#fragment`)."""
        if note.url == self.page_url and fragment:
            return "#" + fragment
        href = quote(relative_url(note.url, self.page_url))
        return f"{href}#{fragment}" if fragment else href

    def file_href(self, path: str) -> str:
        """The href from the current page to a vault file copied into the site."""
        return quote(relative_url(path, self.page_url))

    def tag_href(self, tag: str) -> str:
        """The href from the current page to the tag's entry on the tags page."""
        tag_id = self.tag_ids.get(tag, "")
        href = quote(relative_url(self.tags_url, self.page_url))
        return f"{href}#{tag_id}" if tag_id else href

    def mark(self, href: str) -> str:
        """An href as it goes into the HTML: inside a cached embed, relative to the site root
        behind a marker that `render_embed` turns into the page's path to the root."""
        if self._root_mode and not href.startswith("#"):
            return _ROOT_MARK + href
        return href

    def render_embed(self, note: Note, fragment: str, markdown_text: str) -> str | None:
        """`markdown_text` of `note` (its `fragment`) as HTML for the current page; None when
        the note is already being embedded (a cycle) or embeds are nested too deep.

        Each (note, fragment) renders once per build, with links relative to the site root;
        every page then only swaps in its own path to the root, so embeds cost O(1) per use.
        """
        if note.path in self.embed_stack or len(self.embed_stack) > self.max_embed_depth:
            self._cycle_cut = True
            return None
        key = (note.path, fragment)
        html = self._embeds.get(key)
        if html is None:
            html = self._render_at_root(note, markdown_text, key)
            if html is None:
                return None
        if self._root_mode:
            return html
        return html.replace(_ROOT_MARK, relative_url("", self.page_url))

    def _render_at_root(self, note: Note, markdown_text: str, key: tuple[str, str]) -> str | None:
        if self.markdown_factory is None:
            return None
        depth = len(self.embed_stack)
        while len(self._children) <= depth:
            self._children.append(self.markdown_factory())
        child = self._children[depth]
        outer = (self.note, self._lines, self._seen, self.page_url, self._root_mode)
        outer_cut = self._cycle_cut
        self._cycle_cut = False
        self.embed_stack.append(note.path)
        self._enter(note)
        self.page_url, self._root_mode = "", True
        try:
            child.reset()
            html = str(child.convert(markdown_text))
        finally:
            self.embed_stack.pop()
            self.note, self._lines, self._seen, self.page_url, self._root_mode = outer
        if not self._cycle_cut:  # what a cycle cut depends on the path taken: never cached
            self._embeds[key] = html
        self._cycle_cut = self._cycle_cut or outer_cut
        return html
