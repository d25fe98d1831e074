"""MkDocs adapter of the live-code engine: plans sessions when the files are known, rewrites
each page's exec blocks, fills in outputs after rendering, and writes figures, notebooks and
the execution report. The engine itself (livegarden.execution) knows nothing of MkDocs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from livegarden.emitters.assets import ASSETS, write_minified
from livegarden.emitters.figures import emit_figures
from livegarden.emitters.notebooks import (
    LinkMarkdown,
    NotebookEmitter,
    notebook_url,
)
from livegarden.emitters.report import REPORT_SOURCE, report_markdown
from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.render import (
    ROOT_PLACEHOLDER,
    CodeHtml,
    MarkdownHtml,
    Placed,
    note_warnings,
    placements,
    snippet_html,
)
from livegarden.execution.runner import Limits, choose_backend
from livegarden.execution.snippets import is_snippet_fence, snippets_from_tokens
from livegarden.mkdocs_pages import generated_page, site_root
from livegarden.vault.index import VaultIndex

log = logging.getLogger("mkdocs.plugins.livegarden")

STYLESHEET = "livegarden/execution.css"
#: A note's tokens and how its wiki-links read in a notebook (from the vault adapter).
NotebookProse = Callable[
    [str], tuple[list[Token] | None, LinkMarkdown | None]
]  # shipped in livegarden/assets/, copied into the site


class ExecutionHooks:
    """Everything the plugin does for live code, one method per MkDocs hook."""

    def __init__(self) -> None:
        self.engine: ExecutionEngine | None = None
        self.page_urls: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.placed: dict[str, dict[int, Placed]] = {}  # note -> fence line -> its block
        self.report_file: File | None = None

    def configure(self, config: MkDocsConfig, options: Any) -> None:
        if options.execute and STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        repo_root = Path(config.config_file_path or ".").resolve().parent
        try:
            backend = choose_backend(options.execution_backend)
        except ValueError as error:  # fork where the OS has none, or a bad LIVEGARDEN_BACKEND
            raise PluginError(f"livegarden: execution_backend: {error}") from error
        cache = options.execution_cache_dir
        frozen = options.frozen_dir
        settings = EngineSettings(
            repo_root=repo_root,
            enabled=bool(options.execute),
            cache_dir=(repo_root / cache) if cache else None,
            frozen_dir=(repo_root / frozen) if frozen else None,
            jobs=options.execution_jobs or None,
            backend=backend,
            limits=Limits(
                memory_limit_mb=options.memory_limit_mb,
                output_limit_bytes=options.output_limit_kb * 1024,
            ),
        )
        snippets = repo_root / "snippets"
        if snippets.is_dir() and str(snippets) not in config.watch:
            config.watch.append(
                str(snippets)
            )  # `mkdocs serve` re-runs what a script change affects
        if self.engine is not None and self.engine.settings == settings:
            self.engine.reset()  # `mkdocs serve`: keep the warm runner across rebuilds
            return
        self.close()
        self.engine = ExecutionEngine(settings, log)

    def files(self, files: Files, config: MkDocsConfig, index: VaultIndex | None) -> Files:
        """Plan and start every session of the notes that become pages; their snippets are
        the `python exec` fences of each note's one parse (kept by the index)."""
        assert self.engine is not None
        self.engine.reset()  # a new build: fresh counts and clock; the warm runner stays
        self.page_urls.clear()
        self.texts.clear()
        self.placed.clear()
        for file in files.documentation_pages():
            note = file.src_uri
            if file.abs_src_path is None or not note.endswith(".md"):
                continue
            if index is not None and note not in index.notes:
                continue
            if index is not None and "exec" not in index.bodies.get(note, ""):
                self.engine.add_note(note, "", [])  # no `exec` fence can be in its text
                continue
            document = index.documents.get(note) if index is not None else None
            if index is not None and document is None:
                continue
            if document is not None and not any(map(is_snippet_fence, document.tokens)):
                self.engine.add_note(note, "", [])  # no live code: the file need not be read
                continue
            text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
            found = None
            if document is not None:
                found = snippets_from_tokens(note, document.tokens, text.split("\n"))
            plan = self.engine.add_note(note, text, found)
            if plan.snippets:
                self.texts[note] = text
                self.page_urls[note] = file.url
        if REPORT_SOURCE not in files.src_uris:
            self.report_file = generated_page(files, config, REPORT_SOURCE, "# Execution report\n")
            files.append(self.report_file)
        if self.engine.outcomes:
            self.engine.announce()
        return files

    def page_markdown(self, markdown: str, page: Page) -> str:
        """The report page's Markdown; for a note, log what its live code asks the author."""
        engine = self.engine
        if engine is None:
            return markdown
        note = page.file.src_uri
        if self.report_file is not None and page.file is self.report_file:
            page.meta.setdefault("title", "Execution report")
            page.meta.setdefault("hide", ["toc"])  # no headings: the table gets the width
            page.meta.setdefault("search", {"exclude": True})  # a build log, not reading
            return report_markdown(
                engine.all_outcomes(), engine.summary(), self.page_urls, ROOT_PLACEHOLDER
            )
        plan = engine.plans.get(note)
        if plan is not None and plan.snippets:
            outcomes = engine.outcomes_for(note)
            for warning in note_warnings(plan, outcomes):
                log.warning("%s:%d: %s", note, warning.line, warning.message)
        return markdown

    def block_html(
        self, note: str, line: int, code_html: CodeHtml, markdown_html: MarkdownHtml
    ) -> str | None:
        """The HTML standing in for the exec block whose fence is at `line` of `note`."""
        engine = self.engine
        plan = engine.plans.get(note) if engine is not None else None
        if engine is None or plan is None or not plan.snippets:
            return None
        placed = self.placed.get(note)
        if placed is None:
            by_index = placements(plan, engine.outcomes_for(note))
            placed = self.placed[note] = {p.snippet.line: p for p in by_index.values()}
        entry = placed.get(line)
        if entry is None:
            return None
        return snippet_html(
            entry,
            engine.settings.repo_root,
            code_html,
            markdown_html,
            executed=engine.settings.enabled,
        )

    def live_lines(self) -> frozenset[tuple[str, int]]:
        """(note, fence line) of every live-code block: the pages that show one are rendered
        in this process, on every build, with its output."""
        engine = self.engine
        if engine is None:
            return frozenset()
        return frozenset(
            (note, snippet.line) for note, plan in engine.plans.items() for snippet in plan.snippets
        )

    def after_title(self, note: str) -> str:
        """The notebook download link of a page with live code ("" for others)."""
        engine = self.engine
        plan = engine.plans.get(note) if engine is not None else None
        if engine is None or not engine.settings.enabled or plan is None or not plan.snippets:
            return ""
        return (
            f'<p class="lg-notebook" data-search-exclude><a class="lg-notebook-download" '
            f'href="{ROOT_PLACEHOLDER}{notebook_url(note)}" download>'
            "Download this page as a Jupyter notebook</a></p>"
        )

    def page_content(self, html: str, page: Page) -> str:
        """Figures and notebook links point at the site root: the page's path to it."""
        if ROOT_PLACEHOLDER not in html:
            return html
        return html.replace(ROOT_PLACEHOLDER, site_root(page))

    def post_build(
        self,
        config: MkDocsConfig,
        *,
        full_build: bool = True,
        prose: NotebookProse | None = None,
    ) -> None:
        """Write figures, notebooks (prose from `prose`: the note's tokens and how its links
        read) and the summary; collect the cache after a full build."""
        engine = self.engine
        if engine is None or not engine.settings.enabled:
            return
        site_dir = Path(config.site_dir)
        stylesheet = site_dir / STYLESHEET
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        write_minified(ASSETS / "execution.css", stylesheet)
        outcomes = engine.all_outcomes()
        emit_figures(site_dir, outcomes)
        notebooks = NotebookEmitter(engine.settings.cache_dir)
        for note, text in self.texts.items():
            tokens, links = prose(note) if prose is not None else (None, None)
            notebooks.emit(
                site_dir,
                note,
                text,
                engine.plans[note],
                engine.outcomes_for(note),
                tokens,
                links,
                engine.settings.repo_root,
            )
        summary = engine.finish(full_build=full_build)
        if full_build:
            notebooks.collect()
        log.info("livegarden: %s", summary.line())

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None
