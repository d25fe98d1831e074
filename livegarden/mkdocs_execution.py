"""MkDocs adapter of the live-code engine: plans sessions when the files are known, rewrites
each page's exec blocks, fills in outputs after rendering, and writes figures, notebooks and
the execution report. The engine itself (livegarden.execution) knows nothing of MkDocs."""

from __future__ import annotations

import logging
import posixpath
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from livegarden.emitters.figures import emit_figures
from livegarden.emitters.notebooks import NotebookEmitter, notebook_url
from livegarden.emitters.report import REPORT_SOURCE, report_markdown
from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.render import (
    PageRender,
    blank_commented_fences,
    fill_slots,
    note_warnings,
    rewrite_page,
)
from livegarden.execution.runner import Limits

log = logging.getLogger("mkdocs.plugins.livegarden")

STYLESHEET = "livegarden/execution.css"  # shipped in livegarden/assets/, copied into the site


def _site_root(page: Page) -> str:
    """Relative path from the page's HTML file to the site root, e.g. `../../`."""
    folder = posixpath.dirname(page.file.dest_uri)
    if not folder:
        return ""
    return "../" * (folder.count("/") + 1)


class ExecutionHooks:
    """Everything the plugin does for live code, one method per MkDocs hook."""

    def __init__(self) -> None:
        self.engine: ExecutionEngine | None = None
        self.page_urls: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.renders: dict[str, PageRender] = {}
        self.report_file: File | None = None

    def configure(self, config: MkDocsConfig, options: Any) -> None:
        if options.execute and STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        repo_root = Path(config.config_file_path or ".").resolve().parent
        cache = options.execution_cache_dir
        frozen = options.frozen_dir
        settings = EngineSettings(
            repo_root=repo_root,
            enabled=bool(options.execute),
            cache_dir=(repo_root / cache) if cache else None,
            frozen_dir=(repo_root / frozen) if frozen else None,
            jobs=options.execution_jobs or None,
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

    def files(self, files: Files, config: MkDocsConfig, published: list[str] | None) -> Files:
        """Plan and start every session of the notes that become pages."""
        assert self.engine is not None
        self.engine.reset()  # a new build: fresh counts and clock; the warm runner stays
        self.page_urls.clear()
        self.texts.clear()
        self.renders.clear()
        wanted = set(published) if published is not None else None
        for file in files.documentation_pages():
            note = file.src_uri
            if wanted is not None and note not in wanted:
                continue
            if file.abs_src_path is None or not note.endswith(".md"):
                continue
            text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
            plan = self.engine.add_note(note, text)
            if plan.snippets:
                self.texts[note] = text
                self.page_urls[note] = file.url
        if REPORT_SOURCE not in files.src_uris:
            self.report_file = File.generated(config, REPORT_SOURCE, content="# Execution report\n")
            files.append(self.report_file)
        return files

    def page_markdown(self, markdown: str, page: Page) -> str:
        engine = self.engine
        if engine is None:
            return markdown
        note = page.file.src_uri
        if self.report_file is not None and note == REPORT_SOURCE:
            page.meta.setdefault("title", "Execution report")
            page.meta.setdefault("hide", ["toc"])  # no headings: the table gets the width
            return report_markdown(
                engine.all_outcomes(), engine.summary(), self.page_urls, _site_root(page)
            )
        plan = engine.plans.get(note)
        if plan is None or not plan.snippets:
            return blank_commented_fences(markdown)  # a lone commented-out block, say
        outcomes = engine.outcomes_for(note)
        for warning in note_warnings(plan, outcomes):
            log.warning("%s:%d: %s", note, warning.line, warning.message)
        render = rewrite_page(
            markdown, plan, outcomes, engine.settings.repo_root, executed=engine.settings.enabled
        )
        if engine.settings.enabled:
            render.slots["notebook"] = (
                f'<a class="lg-notebook-download" href="{{{{lg-site-root}}}}{notebook_url(note)}" '
                "download>Download this page as a Jupyter notebook</a>"
            )
            render.markdown = _after_title(
                render.markdown, '<div class="lg-exec-slot" data-lg-slot="notebook"></div>'
            )
        self.renders[note] = render
        return render.markdown

    def page_content(self, html: str, page: Page) -> str:
        render = self.renders.get(page.file.src_uri)
        if render is None:
            return html
        return fill_slots(html, render.slots, _site_root(page))

    def post_build(self, config: MkDocsConfig, *, full_build: bool = True) -> None:
        engine = self.engine
        if engine is None or not engine.settings.enabled:
            return
        site_dir = Path(config.site_dir)
        stylesheet = site_dir / STYLESHEET
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).parent / "assets" / "execution.css", stylesheet)
        outcomes = engine.all_outcomes()
        emit_figures(site_dir, outcomes)
        notebooks = NotebookEmitter(engine.settings.cache_dir)
        for note, text in self.texts.items():
            notebooks.emit(site_dir, note, text, engine.plans[note], engine.outcomes_for(note))
        summary = engine.finish(full_build=full_build)
        if full_build:
            notebooks.collect()
        log.info("livegarden: %s", summary.line())

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None


def _after_title(markdown: str, line: str) -> str:
    """Insert `line` as its own block after the first `# ` heading (or at the top)."""
    lines = markdown.split("\n")
    for number, text in enumerate(lines):
        if text.startswith("# "):
            return "\n".join([*lines[: number + 1], "", line, "", *lines[number + 1 :]])
    return "\n".join([line, "", markdown])
