"""What the renderer knows about the page being rendered, and where problems go.

One `PageContext` per page render (a fresh one for each embedded note), created by the caller:
no module state. Links inside embeds are rendered relative to the site root behind a marker
that each host page swaps for its own path to the root, so an embed renders once per build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from livegarden.vault.index import VaultIndex
from livegarden.vault.note import Note
from livegarden.vault.publishing import PublishMode, how_to_publish
from livegarden.vault.resolver import (
    Resolution,
    Resolved,
    ResolvedFile,
    Unpublished,
    UnpublishedFile,
    Unresolved,
)
from livegarden.vault.slugs import relative_url
from livegarden.vault.syntax import LinkTarget

LOGGER_NAME = "mkdocs.plugins.livegarden"
ROOT_MARK = "lg-root:"


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


class Recorder(Reporter):
    """Keeps a render's warnings instead of logging them: the render may run in a worker
    process or be reused from the cache, and its warnings are logged when its page is built."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[tuple[str, int, str]] = []

    def warn(self, path: str, line: int, message: str) -> None:
        self.warnings.append((path, line, message))


@dataclass
class SiteLinks:
    """Where the generated pages are, per build: the tags index and each tag's page."""

    tags_url: str = "tags/"
    tag_urls: dict[str, str] = field(default_factory=dict)  # case-folded tag -> its page
    generated_pages: dict[str, str] = field(default_factory=dict)  # "tags.md" -> its URL


@dataclass
class PageContext:
    """The note whose tokens are being rendered, and the page they end up on."""

    index: VaultIndex | None
    note: Note | None
    page_url: str
    reporter: Reporter
    site: SiteLinks
    at_root: bool = False  # rendering an embed once for every page that shows it
    embed_stack: tuple[
        tuple[str, str], ...
    ] = ()  # (note, fragment) being embedded, outermost first
    id_prefix: str = ""
    exec_html: Callable[[str, int], str | None] | None = None  # (note path, line) -> HTML
    cuts: list[tuple[str, str]] = field(default_factory=list)  # embeds cut as cycles, shared

    def warn(self, line: int, message: str) -> None:
        """Report a problem at `line` of the note being read."""
        path = self.note.path if self.note is not None else "(generated page)"
        self.reporter.warn(path, line, message)

    def resolve(self, target: LinkTarget, *, markdown: bool) -> Resolution:
        """Resolve `target` as written in the note being read."""
        if self.index is None:
            return Unresolved(target.path)
        outcome = self.index.resolver.resolve(target, self.note, markdown=markdown)
        if isinstance(outcome, ResolvedFile) and not self.index.is_file_published(outcome.path):
            return UnpublishedFile(outcome.path)
        return outcome

    def suggest(self, written: str) -> str | None:
        """A published note name close to `written`, for "did you mean"."""
        return self.index.resolver.suggest(written) if self.index is not None else None

    def href(self, url: str, fragment: str = "") -> str:
        """The href to the site-relative `url` (and `#fragment`) from this page."""
        if url == self.page_url and fragment and not self.at_root:
            return "#" + fragment
        if self.at_root:
            base = ROOT_MARK + (quote(url) if url else "./")
        else:
            base = quote(relative_url(url, self.page_url))
        return f"{base}#{fragment}" if fragment else base

    def note_href(self, note: Note, fragment: str = "") -> str:
        """The href to `note` (and `#fragment`) from this page."""
        if self.note is not None and note.path == self.note.path and fragment and self.id_prefix:
            return "#" + self.id_prefix + fragment  # a section of the embedded note itself
        return self.href(note.url, fragment)

    def tag_href(self, tag: str) -> str:
        """The href to the tag's page (the tags index when it has none)."""
        return self.href(self.site.tag_urls.get(tag.casefold(), self.site.tags_url))

    def _mode(self) -> PublishMode:
        return self.index.policy.mode if self.index is not None else "digital-garden"

    def report(self, line: int, shown: str, outcome: Resolution) -> None:
        """One warning per unresolved, unpublished or imprecise link, naming the line."""
        if isinstance(outcome, Unresolved):
            suggestion = self.suggest(outcome.written)
            hint = f"did you mean [[{suggestion}]]?" if suggestion else "no similar note"
            self.warn(line, f"{shown} matches no note; shown as plain text; {hint}")
        elif isinstance(outcome, UnpublishedFile):
            self.warn(line, f"{shown} points to a file that is not published; shown as plain text")
        elif isinstance(outcome, Unpublished):
            suggestion = self.suggest(outcome.note.name)
            hint = (
                f"did you mean [[{suggestion}]]?"
                if suggestion and suggestion != outcome.note.name
                else how_to_publish(self._mode(), outcome.note.frontmatter) + " or remove the link"
            )
            shown_as = "nothing is embedded" if shown.startswith("!") else "shown as plain text"
            self.warn(line, f"{shown} points to an unpublished note; {shown_as}; {hint}")
        elif isinstance(outcome, (Resolved, ResolvedFile)) and outcome.problem:
            self.warn(line, f"{shown} {outcome.problem}")


def at_page(html: str, page_url: str) -> str:
    """Root-relative HTML of an embed, with its links made relative to `page_url`."""
    return html.replace(ROOT_MARK, relative_url("", page_url)) if ROOT_MARK in html else html
