"""MkDocs adapter of the vault engine: builds the index from MkDocs' files, keeps unpublished
notes (and attachments only they use) out of the build, places permalinks and the home page,
renders each page from its note's one parse, and adds tags, backlinks and graph data.
The engine itself (livegarden.vault, .reading, .emitters) knows nothing of MkDocs.

MkDocs has no hook for a page's renderer: `Page.render` always runs Python-Markdown. The
smallest override is per page: before it renders, the page's `render` attribute is set to ours,
which fills exactly what `Page.render` fills (content, toc, title, anchor ids). Every plugin
event still runs; a plugin that changes `page.markdown` gets its text parsed again.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import quote, unquote

import jinja2
import pathspec
from markdown_it.token import Token
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from livegarden.emitters.backlinks import backlinks_html
from livegarden.emitters.graph import GLOBAL_GRAPH_CLASS, write_graph
from livegarden.emitters.notebooks import LinkMarkdown, notebook_path
from livegarden.emitters.redirects import Redirect, plan_redirects, write_redirects
from livegarden.emitters.tags import (
    TAGS_SOURCE,
    note_tags_html,
    tag_page_markdown,
    tag_source,
    tags_page_markdown,
)
from livegarden.mkdocs_nav import NavCache
from livegarden.mkdocs_order import apply_reading_order
from livegarden.mkdocs_pages import generated_page
from livegarden.reading.context import PageContext, Recorder, Reporter, SiteLinks
from livegarden.reading.document import NoteDocument, read_document
from livegarden.reading.highlight import code_html
from livegarden.reading.html import NoteRenderer, RenderedPage, TocEntry, wikilink_markdown
from livegarden.reading.page_cache import (
    PageCache,
    PageKeys,
    PageRender,
    cache_salt,
    generated_page_key,
)
from livegarden.reading.parser import NoteParser, ReadingSettings
from livegarden.reading.pool import NotePool, PoolFailed
from livegarden.vault.index import (
    LazyDocuments,
    NoteFacts,
    VaultIndex,
    VaultSources,
    read_notes,
)
from livegarden.vault.note import Note
from livegarden.vault.publishing import (
    PublishMode,
    PublishPolicy,
    publish_key,
    shows_backlinks,
)
from livegarden.vault.slugs import dest_path

log = logging.getLogger("mkdocs.plugins.livegarden")

#: Fewer notes to parse or render than this: one process does it (forking costs more).
POOL_MIN_NOTES = 100


class VaultHooks:
    """Everything the plugin does for the vault, one method per MkDocs hook."""

    def __init__(self) -> None:
        self.reporter = Reporter(log)
        self.site = SiteLinks()
        self.index: VaultIndex | None = None
        self.nav_cache = NavCache()
        self.mode: PublishMode = "digital-garden"
        self.parser = NoteParser()
        self.renderer = NoteRenderer(self.parser)
        self.blocks: ExecBlocks | None = None
        self.redirects: list[Redirect] = []
        self.publish_files: tuple[str, ...] = ()
        self.unsearched: set[str] = set()  # generated pages left out of the search index
        # the page drawing the whole garden's graph (kept across `serve --dirty` rebuilds)
        self.global_graph_url: str | None = None
        self.workers = 1  # processes that parse and render notes
        self.cache = PageCache()  # kept across `serve` rebuilds; on disk across builds
        self.cache_dir: Path | None = None
        self.sources: VaultSources | None = None
        self.facts: dict[str, NoteFacts] = {}  # this build's facts of every note
        self.pool: NotePool | None = None  # this build's workers, until the pages are rendered
        self.keys: dict[str, str] = {}  # note -> its page's cache key, this build
        self.rendered: dict[str, PageRender] = {}  # pages made before MkDocs asks for them

    def configure(self, config: MkDocsConfig, options: Any, blocks: ExecBlocks | None) -> None:
        """Read the vault's settings; a new parser only when they changed (`serve` rebuilds)."""
        self.mode = options.publish
        self.publish_files = tuple(str(pattern) for pattern in options.publish_files)
        self.reporter.reset()
        self.blocks = blocks
        settings = ReadingSettings.from_vault(Path(config.docs_dir))
        if settings != self.parser.settings:
            self.parser = NoteParser(settings)
            self.renderer = NoteRenderer(self.parser)
        warn_unused_extensions(config)
        self.workers = options.workers or os.cpu_count() or 1
        folder = options.page_cache_dir
        repo_root = Path(config.config_file_path or ".").resolve().parent
        self.cache_dir = repo_root / folder if folder else None

    def files(self, files: Files, config: MkDocsConfig) -> tuple[Files, VaultIndex]:
        """Index the vault; drop what is not published; place permalinks and the home page."""
        started = time.perf_counter()
        policy = PublishPolicy(
            mode=self.mode,
            use_directory_urls=config.use_directory_urls,
        )
        docs_dir = Path(config.docs_dir)
        in_vault = [file for file in files if _is_vault_file(file, docs_dir)]
        index = self._index(docs_dir, policy, [file.src_uri for file in in_vault])
        errors = [str(problem) for problem in index.problems if problem.is_error]
        if errors:  # one page would silently replace the other
            raise PluginError("livegarden: " + "\n".join(errors))
        for problem in index.problems:
            self.reporter.warn(problem.path, problem.line, problem.message)
        always = _always_published(config, self.publish_files)
        held_back = 0
        for file in in_vault:
            note = index.notes.get(file.src_uri)
            if note is None:
                if file.src_uri.lower().endswith(".md"):  # unreadable: warned, left out
                    files.remove(file)
                elif not (index.is_file_published(file.src_uri) or always(file.src_uri)):
                    files.remove(file)
                    held_back += 1
                continue
            if not note.is_published:
                files.remove(file)
                continue
            dest = dest_path(note.url)
            if dest != file.dest_uri:
                file.dest_uri = dest
                file.url = quote(note.url) if note.url else "./"
                file.abs_dest_path = os.path.normpath(Path(config.site_dir) / dest)
        _warn_if_empty(index, self.mode)
        if held_back:
            log.info(
                "livegarden: %d files of the vault are not published (no published note uses "
                "them; `publish_files` in mkdocs.yml lists files to publish anyway)",
                held_back,
            )
        tags = index.tags()
        self.site = SiteLinks()
        if tags and TAGS_SOURCE not in files.src_uris:
            self._add_tag_pages(files, config, tags)
        taken = {unquote(file.url) for file in files.documentation_pages()}
        self.redirects, skipped = plan_redirects(
            index, taken, use_directory_urls=config.use_directory_urls
        )
        for reason in skipped:
            log.info("livegarden: no redirect for %s", reason)
        self.renderer.start_build()
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

    def _index(self, docs_dir: Path, policy: PublishPolicy, paths: list[str]) -> VaultIndex:
        """Read the vault; parse the notes whose text the cache does not know, in worker
        processes when there are many (they keep the tokens and later render the pages)."""
        sources = self.sources = VaultSources.read(docs_dir, policy, paths)
        self.cache.start_build(self.cache_dir, cache_salt(policy, self.parser.settings))
        self.cache.forget_facts_but(set(sources.texts))
        facts: dict[str, NoteFacts] = {}
        missing: list[str] = []
        for path, text in sources.texts.items():
            known_facts = self.cache.known_facts(path, text)
            if known_facts is None:
                missing.append(path)
            else:
                facts[path] = known_facts
        self.pool = None
        if len(missing) >= POOL_MIN_NOTES:
            self.pool = NotePool.start(
                self.workers, sources, missing, policy, self.parser, self._render_in_worker
            )
        documents: dict[str, NoteDocument] = {}
        parsed: dict[str, NoteFacts] = {}
        if self.pool is not None:
            try:
                parsed = self.pool.facts()
            except PoolFailed as error:
                log.info("livegarden: parsing in one process (%s)", error)
                self._close_pool()
        if self.pool is None:
            parsed, documents = read_notes(sources, missing, policy, self.parser)
        for path, found in parsed.items():  # a private note's prose stays out of the file
            kept = found if found.note.is_published else replace(found, body="")
            self.cache.keep_facts(path, sources.texts[path], kept)
        facts.update(parsed)
        self.facts = facts  # what the workers build their index from, for the render
        return VaultIndex.from_facts(
            policy, sources, facts, LazyDocuments(self.parser, facts, documents)
        )

    def prerender(self) -> None:
        """Make every page MkDocs will ask for, before it asks: from the cache where its key
        is unchanged, the rest in the worker processes (one process for a few)."""
        index = self.index
        self.keys, self.rendered = {}, {}
        if index is None:
            self._close_pool()
            return
        live = self.blocks.live_lines() if self.blocks is not None else frozenset()
        missing: list[str] = []
        published = index.published_notes()
        self.cache.forget_pages_but({note.path for note in published})
        keys = PageKeys(index, self.site)
        with_live_code = {path for path, _ in live}
        for note in published:
            if not note.path.lower().endswith(".md") or note.path in with_live_code:
                continue  # its live code's output is placed on every build
            key = keys.key(note)
            if keys.shown[note.path] & with_live_code:
                continue  # it embeds live code, whose output may change with the same text
            self.keys[note.path] = key
            kept = self.cache.page(note.path, key)
            if kept is not None:
                self.rendered[note.path] = kept
            else:
                missing.append(note.path)
        if self.pool is None and len(missing) >= POOL_MIN_NOTES and self.sources is not None:
            self.pool = NotePool.start(
                self.workers, self.sources, [], index.policy, self.parser, self._render_in_worker
            )
        if self.pool is not None:
            made = self.pool.render(self.facts, missing, (self.site, live)) if missing else {}
            for path, render in made.items():
                if render is not None:
                    self.rendered[path] = render
                    self.cache.keep_page(path, self.keys[path], render)
        workers = len(self.pool.workers) if self.pool is not None else 1
        self._close_pool()
        if self.keys:
            log.info(
                "livegarden: %d pages from the page cache, %d to render (%d %s)",
                len(self.keys) - len(missing),
                len(missing),
                workers,
                "process" if workers == 1 else "processes",
            )

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _render_in_worker(
        self, index: VaultIndex, extra: object, paths: Sequence[str]
    ) -> dict[str, PageRender | None]:
        """In a worker: the pages of `paths`; None for one that shows live code."""
        site, live = cast(tuple[SiteLinks, frozenset[tuple[str, int]]], extra)  # prerender's
        self.index, self.site, self.blocks = index, site, None
        self.renderer.start_build()
        made: dict[str, PageRender | None] = {}
        for path in paths:
            note = index.notes[path]
            try:
                made[path] = self._render_note(note, note.url, index.documents[path].tokens, live)
            except _LiveCode:
                made[path] = None
        return made

    def _render_note(
        self,
        note: Note | None,
        page_url: str,
        tokens: list[Token],
        live: frozenset[tuple[str, int]] | None = None,
    ) -> PageRender:
        """A page from tokens, its warnings kept. With `live` (in a worker), a block of live
        code stops the render (_LiveCode): the page is left to the main process."""
        recorder = Recorder()
        context = self._context(note, page_url, recorder)
        if live is not None:

            def no_live_code(path: str, line: int) -> str | None:
                if (path, line) in live:
                    raise _LiveCode
                return None

            context.exec_html = no_live_code
        after_title = self.blocks.after_title(note.path) if self.blocks and note else ""
        rendered = self.renderer.render_page(context, tokens, after_title)
        return PageRender(rendered, tuple(recorder.warnings))

    def _add_tag_pages(
        self, files: Files, config: MkDocsConfig, tags: dict[str, list[Note]]
    ) -> None:
        """The tags index (in the navigation) and one page per tag (not in it); the URLs are
        settled first, since each page links the others relative to itself."""
        index_file = generated_page(files, config, TAGS_SOURCE, "")
        files.append(index_file)
        self.site.tags_url = unquote(index_file.url)
        self.site.generated_pages = {TAGS_SOURCE: self.site.tags_url}
        tag_files: dict[str, File] = {}
        for tag in tags:
            source = tag_source(tag)
            if source in files.src_uris:
                continue  # a note of the vault is there: it keeps its place
            tag_files[tag] = generated_page(files, config, source, "", in_nav=False)
            files.append(tag_files[tag])
        urls = {tag: unquote(file.url) for tag, file in tag_files.items()}
        index_file.content_string = tags_page_markdown(tags, urls, self.site.tags_url)
        for tag, file in tag_files.items():
            file.content_string = tag_page_markdown(tag, tags, urls, self.site.tags_url)
            self.site.tag_urls[tag.casefold()] = urls[tag]
        self.unsearched = {file.src_uri for file in tag_files.values()}

    def env(self, env: jinja2.Environment) -> None:
        """Render Material's navigation once per folder (see livegarden.mkdocs_nav)."""
        self.nav_cache.install(env)

    def nav(self, nav: Navigation, *, explicit_nav: bool) -> Navigation:
        """Leave `dg-hide` notes out of the navigation (they stay pages) and put it, and
        previous/next, in the notes' reading order (see livegarden.mkdocs_order)."""
        if self.index is None:
            return nav
        published = self.index.published_notes()
        hidden = {n.path for n in published if n.is_hidden}
        if hidden:
            nav.items = _without(nav.items, hidden)
        orders = {n.path: n.order for n in published if n.order is not None}
        for note in published:
            if note.is_home and note.order is None:
                orders[note.path] = -math.inf
        return apply_reading_order(nav, orders, hidden, explicit_nav=explicit_nav)

    def page_markdown(self, page: Page) -> None:
        """Make a note's page render with our renderer when MkDocs asks it to (a notebook page
        keeps mkdocs-jupyter's)."""
        if not page.file.src_uri.endswith(".md"):
            return
        if page.file.src_uri in self.unsearched:
            # a tag's page lists titles the search finds on the notes (and the tags index)
            page.meta.setdefault("search", {"exclude": True})
        page.render = functools.partial(self._render, page)  # type: ignore[method-assign]

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Does what `Page.render` does, from the note's one parse (or the page made for it
        before, from the same text)."""
        markdown = page.markdown or ""
        index = self.index
        note = index.notes.get(page.file.src_uri) if index is not None else None
        body = index.bodies.get(note.path, "") if index is not None and note else ""
        skipped = len(body) - len(body.lstrip("\n"))  # MkDocs drops blank lines after the YAML
        own_text = note is not None and markdown in (body, body[skipped:])
        page_url = note.url if note is not None else unquote(page.url)
        made = self.rendered.pop(note.path, None) if own_text and note is not None else None
        generated_key = (
            generated_page_key(markdown, page_url, self.site)
            if note is None and page.file.generated_by is not None
            else None
        )
        if generated_key is not None:
            made = self.cache.generated_page(page.file.src_uri, generated_key)
        if made is None:
            document = index.documents.get(note.path) if index is not None and note else None
            if own_text and document is not None:
                tokens = document.tokens
            else:  # a generated page, or another plugin changed the text: parse what it gave
                first = note.body_line + skipped if note is not None else 1
                tokens = self.parser.parse(markdown, first)
                read_document(tokens, first + markdown.count("\n"))
            made = self._render_note(note, page_url, tokens)
            key = self.keys.get(note.path) if own_text and note is not None else None
            if key is not None and note is not None:
                self.cache.keep_page(note.path, key, made)
            elif generated_key is not None:
                self.cache.keep_generated_page(page.file.src_uri, generated_key, made)
        for warning in made.warnings:
            self.reporter.warn(*warning)
        rendered = made.page
        page.content = rendered.html
        page.toc = TableOfContents([_anchor(entry) for entry in rendered.toc])
        if page.toc.items:
            page.toc.items[0].active = True  # type: ignore[attr-defined]  # as MkDocs does
        page._title_from_render = rendered.title or _first_h1(rendered)
        page.present_anchor_ids = set(rendered.anchor_ids)
        page.links_to_anchors = {}

    def _context(
        self, note: Note | None, page_url: str, reporter: Reporter | None = None
    ) -> PageContext:
        blocks = self.blocks
        context = PageContext(self.index, note, page_url, reporter or self.reporter, self.site)
        if blocks is None:
            return context

        def exec_html(path: str, line: int) -> str | None:
            def markdown_html(text: str) -> str:
                return self.renderer.render_markdown(text, context)

            return blocks.block_html(path, line, code_html, markdown_html)

        context.exec_html = exec_html
        return context

    def notebook_prose(self, path: str) -> tuple[list[Token] | None, LinkMarkdown | None]:
        """The note's tokens, and its wiki-links as Markdown relative to its notebook."""
        note = self.index.notes.get(path) if self.index is not None else None
        document = self.index.documents.get(path) if self.index is not None else None
        if note is None or document is None:
            return None, None
        context = self._context(note, notebook_path(path))

        def link_markdown(token: Token) -> str:
            return wikilink_markdown(context, token)

        return document.tokens, link_markdown

    def page_content(self, html: str, page: Page) -> str:
        """Add the note's tags at the foot of the page."""
        note = self.index.notes.get(page.file.src_uri) if self.index is not None else None
        if note is None:
            return html
        if GLOBAL_GRAPH_CLASS in html:
            self.global_graph_url = note.url
        context = self._context(note, note.url)
        return html + note_tags_html(note, context.tag_href)

    def page_context(self, page: Page) -> None:
        """Add the backlinks section, once the search plugin has read the page: it would only
        parse it to leave it out (`data-search-exclude`), a sixth of its work on a large vault."""
        note = self.index.notes.get(page.file.src_uri) if self.index is not None else None
        if note is None or self.index is None or not shows_backlinks(note.frontmatter):
            return
        context = self._context(note, note.url)
        index = self.index
        page.content = (page.content or "") + backlinks_html(
            index.backlinks(note),
            context.note_href,
            lambda source: index.link_context(source, note),
        )

    def post_build(self, config: MkDocsConfig) -> None:
        """Write the graph data (published notes only)."""
        if self.index is not None:
            write_graph(Path(config.site_dir), self.index, self.global_graph_url)
        write_redirects(Path(config.site_dir), self.redirects, config.site_url)
        cache = self.nav_cache
        if cache.hits:
            log.info(
                "livegarden: navigation rendered %d times for %d pages",
                cache.misses,
                cache.hits + cache.misses,
            )


class _LiveCode(Exception):
    """A page shows live code: rendered in the main process, where its output is."""


def _is_vault_file(file: File, docs_dir: Path) -> bool:
    """A file of `docs_dir` (not one of the theme's, nor one a plugin generated)."""
    source = getattr(file, "src_dir", None)
    return source is not None and os.path.normpath(source) == os.path.normpath(docs_dir)


def _always_published(config: MkDocsConfig, patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """Files published whether or not a note uses them: `publish_files` patterns (gitignore
    style) and the stylesheets, scripts, logo and favicon mkdocs.yml names."""
    named = {str(path) for path in [*config.extra_css, *config.extra_javascript]}
    for key in ("logo", "favicon"):
        value = config.theme.get(key) if config.theme is not None else None
        if isinstance(value, str):
            named.add(value)
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return lambda path: path in named or spec.match_file(path)


def _warn_if_empty(index: VaultIndex, mode: PublishMode) -> None:
    """An empty site or one without a home page: say what to add (`--strict` fails on it)."""
    published = index.published_notes()
    if not published:
        other_modes = (
            "`publish: explicit` (to read `publish: true`) or `publish: all`"
            if mode == "digital-garden"
            else "`publish: all`"
        )
        how = (
            f"add `{publish_key(mode)}` to the frontmatter of the notes to publish, or set "
            f"{other_modes} under the livegarden plugin in mkdocs.yml"
            if mode != "all"
            else "every note that could be read opts out (draft: true or publish: false)"
        )
        log.warning("livegarden: no note of %d is published: %s", len(index.notes), how)
    elif index.home() is None and not any(note.url == "" for note in published):
        log.warning(
            "livegarden: no published note is the home page: add `dg-home: true` to the "
            "frontmatter of the note to show at the site's root, or publish an `index.md` at "
            "the top of the vault"
        )


class ExecBlocks(Protocol):
    """What the page renderer asks the live-code adapter for."""

    def block_html(
        self,
        note: str,
        line: int,
        code_html: Callable[[str, str, str | None], str],
        markdown_html: Callable[[str], str],
    ) -> str | None: ...

    def after_title(self, note: str) -> str: ...

    def live_lines(self) -> frozenset[tuple[str, int]]: ...


#: `markdown_extensions` whose effect on notes the renderer reproduces itself.
EMULATED_EXTENSIONS = frozenset(
    {
        "toc",  # heading ids and permalinks
        "tables",
        "fenced_code",
        "admonition",  # callouts are Material admonitions
        "pymdownx.details",  # folded callouts
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.arithmatex",  # math reaches MathJax in its generic markup
        "pymdownx.tasklist",
        "footnotes",
    }
)


def warn_unused_extensions(config: MkDocsConfig) -> None:
    """Say which configured Markdown extensions do not shape notes (they read as in Obsidian)."""
    unused = []
    for extension in config.markdown_extensions:
        name = extension if isinstance(extension, str) else type(extension).__module__
        if isinstance(name, str) and name not in EMULATED_EXTENSIONS:
            unused.append(name)
    if unused:
        log.warning(
            "mkdocs.yml: markdown_extensions %s do not apply to notes (livegarden reads them as "
            "Obsidian does, see the Writing notes page); remove them from mkdocs.yml",
            ", ".join(sorted(set(unused))),
        )


def _anchor(entry: TocEntry) -> AnchorLink:
    link = AnchorLink(entry.title, entry.id, entry.level)
    link.children = [_anchor(child) for child in entry.children]
    return link


def _first_h1(rendered: RenderedPage) -> str | None:
    return rendered.toc[0].title if rendered.toc and rendered.toc[0].level == 1 else None


def _without(items: list[Any], hidden: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in hidden:
            continue
        if isinstance(item, Section):
            item.children = _without(item.children, hidden)
        kept.append(item)
    return kept
