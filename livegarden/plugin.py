"""Thin MkDocs hooks: each one creates or asks a collaborator from the MkDocs-free layers."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from livegarden.config import LivegardenConfig
from livegarden.emitters.assets import ReaderSettings, emit_assets
from livegarden.history import History
from livegarden.mkdocs_execution import ExecutionHooks
from livegarden.mkdocs_files import install_safe_walk
from livegarden.mkdocs_maths import MathHooks
from livegarden.mkdocs_reader import defer_search_index, register_assets, set_last_update
from livegarden.mkdocs_search import SearchEntryCache
from livegarden.mkdocs_vault import VaultHooks
from livegarden.vault.index import VaultIndex

log = logging.getLogger("mkdocs.plugins.livegarden")


class LivegardenPlugin(BasePlugin[LivegardenConfig]):
    """Publishes the vault in `docs_dir` and runs its live code."""

    history: History | None = None
    vault: VaultHooks | None = None  # index, publishing, Obsidian Markdown, tags, backlinks, graph
    index: VaultIndex | None = None  # set in on_files, before any page renders
    execution: ExecutionHooks | None = None  # live code; kept across `mkdocs serve` rebuilds
    maths: MathHooks | None = None  # build-time MathJax; kept across rebuilds too
    search: SearchEntryCache | None = None  # Material's search entries of unchanged pages

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        install_safe_walk()  # before MkDocs collects the files: no link out of the vault
        register_assets(config)  # reader experience: our CSS/JS on every page
        if self.execution is None:
            self.execution = ExecutionHooks()
        self.execution.configure(config, self.config)
        if self.vault is None:
            self.vault = VaultHooks()
        self.vault.configure(config, self.config, self.execution)
        self.history = History.read(Path(config.docs_dir))
        if self.maths is None:
            self.maths = MathHooks()
        self.maths.start_build(self.vault.cache_dir, self.vault.workers)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.vault is not None:  # first: unpublished notes leave the build here
            files, self.index = self.vault.files(files, config)
        if self.execution is not None:  # last: sessions start once the published notes are known
            files = self.execution.files(files, config, self.index)
        if self.search is None:
            self.search = SearchEntryCache()
        self.search.install(config, self.vault.cache_dir if self.vault is not None else None)
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.execution is not None:
            markdown = self.execution.page_markdown(
                markdown, page
            )  # report page; live-code warnings
        if self.vault is not None:
            self.vault.page_markdown(page)  # the page renders from its note's one parse
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.execution is not None:
            html = self.execution.page_content(html, page)  # figure and notebook paths
        if self.vault is not None:
            html = self.vault.page_content(html, page)  # the note's tags at the foot
        if self.maths is not None:
            self.maths.prefetch(html, page)  # typeset while the other pages render
        return html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.vault is not None and self.config.navigation_per_folder:
            self.vault.env(env)  # Material's navigation: rendered once per folder
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.vault is not None:
            self.vault.prerender()  # live code is planned by now: every other page, on all cores
            # `dg-hide` notes leave the navigation; `order:` sorts it and previous/next
            nav = self.vault.nav(nav, explicit_nav=config.nav is not None)
        return nav

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.history is not None:
            set_last_update(page, self.history)  # shown by Material at the foot of the page
        if self.vault is not None:  # after search (listed first) indexed the page: no noise
            self.vault.page_context(page)  # backlinks at the foot
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.maths is not None:  # last: backlinks and live-code output may hold math too
            output = self.maths.post_page(output, page)
        return defer_search_index(output)  # most visits never search: no index until they do

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        emit_assets(
            Path(config.site_dir),
            ReaderSettings(graph_depth=self.config.graph_depth),
            browser_mathjax=self.maths is None or self.maths.left_to_browser,
        )
        if self.vault is not None:
            self.vault.post_build(config)  # livegarden/graph.json
        if self.search is not None:
            log.info("livegarden: search entries of %d pages reused", self.search.reused)
        if not getattr(self, "_serving", False):  # `serve` keeps them in memory until it stops
            self._save_caches()
        if self.execution is not None:  # figures, notebooks, summary; cache GC after full builds
            self.execution.post_build(
                config,
                # a serve rebuild may leave pages out: entries it did not use stay cached
                full_build=not getattr(self, "_dirty", False)
                and not getattr(self, "_serving", False),
                prose=self.vault.notebook_prose if self.vault is not None else None,
            )

    def _save_caches(self) -> None:
        """Pages, typeset math and search entries to the page cache folder (each file only
        when its build changed it)."""
        if self.vault is not None:
            self.vault.cache.save()
        if self.maths is not None:
            self.maths.save()
        if self.search is not None:
            self.search.save()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._dirty = dirty  # defining on_startup also keeps this plugin alive across rebuilds
        self._serving = command == "serve"

    def on_shutdown(self) -> None:
        self._save_caches()  # what `serve` made, for the next build
        if self.execution is not None:
            self.execution.close()  # stops the warm session server
        if self.maths is not None:
            self.maths.close()
