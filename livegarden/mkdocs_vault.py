"""MkDocs adapter of the vault engine: builds the index from MkDocs' files, keeps unpublished
notes (and attachments only they use) out of the build, places permalinks and the home page,
points the Obsidian Markdown layer at each page, and adds tags, backlinks and graph data.
The engine itself (livegarden.vault, .obsidian, .emitters) knows nothing of MkDocs."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jinja2
import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from livegarden.emitters.backlinks import backlinks_html
from livegarden.emitters.graph import write_graph
from livegarden.emitters.tags import TAGS_SOURCE, note_tags_html, tag_ids, tags_page_markdown
from livegarden.mkdocs_nav import NavCache
from livegarden.obsidian.context import RenderContext, Reporter
from livegarden.obsidian.extension import ObsidianExtension
from livegarden.vault.index import VaultIndex
from livegarden.vault.publishing import PublishPolicy, shows_backlinks
from livegarden.vault.slugs import Slugify, dest_path, toc_slugify

log = logging.getLogger("mkdocs.plugins.livegarden")


class VaultHooks:
    """Everything the plugin does for the vault, one method per MkDocs hook."""

    def __init__(self) -> None:
        self.reporter = Reporter(log)
        self.context = RenderContext(reporter=self.reporter)
        self.extension = ObsidianExtension(self.context)
        self.index: VaultIndex | None = None
        self.nav_cache = NavCache()
        self.mode = "digital-garden"

    def configure(self, config: MkDocsConfig, options: Any) -> None:
        """Register the Obsidian Markdown extension (once, also across `serve` rebuilds)."""
        self.mode = str(options.publish)
        self.reporter.reset()
        if self.extension not in config.markdown_extensions:
            config.markdown_extensions.append(self.extension)
        extensions = config.markdown_extensions
        extension_configs = config.mdx_configs
        self.context.markdown_factory = lambda: markdown.Markdown(
            extensions=extensions, extension_configs=extension_configs
        )

    def files(self, files: Files, config: MkDocsConfig) -> tuple[Files, VaultIndex]:
        """Index the vault; drop what is not published; place permalinks and the home page."""
        started = time.perf_counter()
        slugify, separator = _toc_slugify(config)
        policy = PublishPolicy(
            mode="all" if self.mode == "all" else "digital-garden",
            use_directory_urls=config.use_directory_urls,
            slugify=slugify,
            separator=separator,
        )
        docs_dir = Path(config.docs_dir)
        index = VaultIndex.build(docs_dir, policy, [file.src_uri for file in files])
        for problem in index.problems:
            self.reporter.warn(problem.path, problem.line, problem.message)
        private = index.private_files()
        for file in list(files):
            note = index.notes.get(file.src_uri)
            if note is None:
                if file.src_uri in private:
                    files.remove(file)
                continue
            if not note.is_published:
                files.remove(file)
                continue
            dest = dest_path(note.url)
            if dest != file.dest_uri:
                file.dest_uri = dest
                file.url = quote(note.url) if note.url else "./"
                file.abs_dest_path = os.path.normpath(Path(config.site_dir) / dest)
        tags = index.tags()
        self.context.tag_ids, self.context.generated_pages = {}, frozenset()
        if tags and TAGS_SOURCE not in files.src_uris:
            ids = tag_ids(tags, slugify, separator)
            content = tags_page_markdown(tags, ids, lambda note: quote(note.path))
            files.append(File.generated(config, TAGS_SOURCE, content=content))
            self.context.tag_ids = ids
            self.context.generated_pages = frozenset({TAGS_SOURCE})
            self.context.tags_url = "tags/" if config.use_directory_urls else "tags.html"
        self.context.start_build(index)
        self.index = index
        published = len(index.published_notes())
        log.info(
            "livegarden: %d of %d notes published, %d links, indexed in %.2f s",
            published,
            len(index.notes),
            sum(len(n.links) for n in index.notes.values()),
            time.perf_counter() - started,
        )
        return files, index

    def env(self, env: jinja2.Environment) -> None:
        """Render Material's navigation once per folder (see livegarden.mkdocs_nav)."""
        self.nav_cache.install(env)

    def nav(self, nav: Navigation) -> Navigation:
        """Leave `dg-hide` notes out of the navigation (they stay pages)."""
        if self.index is None:
            return nav
        hidden = {n.path for n in self.index.published_notes() if n.is_hidden}
        if hidden:
            nav.items = _without(nav.items, hidden)
        return nav

    def page_markdown(self, page: Page) -> None:
        """Point the Obsidian layer at the page about to render."""
        note = self.index.notes.get(page.file.src_uri) if self.index is not None else None
        self.context.start_page(note, note.url if note is not None else unquote(page.url))

    def page_content(self, html: str, page: Page) -> str:
        """Add the note's tags at the foot of the page."""
        note = self.index.notes.get(page.file.src_uri) if self.index is not None else None
        if note is None:
            return html
        self.context.start_page(note, note.url)
        return html + note_tags_html(note, self.context.tag_href)

    def page_context(self, page: Page) -> None:
        """Add the backlinks section, once the search plugin has read the page: it would only
        parse it to leave it out (`data-search-exclude`), a sixth of its work on a large vault."""
        note = self.index.notes.get(page.file.src_uri) if self.index is not None else None
        if note is None or self.index is None or not shows_backlinks(note.frontmatter):
            return
        self.context.start_page(note, note.url)
        page.content = (page.content or "") + backlinks_html(
            self.index.backlinks(note), self.context.note_href
        )

    def post_build(self, config: MkDocsConfig) -> None:
        """Write the graph data (published notes only)."""
        if self.index is not None:
            write_graph(Path(config.site_dir), self.index)
        cache = self.nav_cache
        if cache.hits:
            log.info(
                "livegarden: navigation rendered %d times for %d pages",
                cache.misses,
                cache.hits + cache.misses,
            )


def _toc_slugify(config: MkDocsConfig) -> tuple[Slugify, str]:
    """The slugify function and separator the `toc` extension is configured with."""
    toc = config.mdx_configs.get("toc", {})
    slugify: Callable[[str, str], str] = toc.get("slugify") or toc_slugify
    return slugify, str(toc.get("separator", "-"))


def _without(items: list[Any], hidden: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in hidden:
            continue
        if isinstance(item, Section):
            item.children = _without(item.children, hidden)
        kept.append(item)
    return kept
