"""What a rebuild may reuse: each note's parse facts and rendered page, kept in memory across
`mkdocs serve` rebuilds and in one file on disk across builds.

A page is reused when its key is unchanged. The key holds the note's own text and URL and
every fact of the index its HTML is made from: how each of its links resolves now (target
path, URL, title, fragment, problem; the "did you mean" hint of a broken one), the text and
links of each note it embeds (followed through nested embeds), the pages of its tags and the
generated pages. So a prose edit re-renders the edited note and the notes that embed it; a
renamed heading, a retitled or unpublished note, or a new note that a broken link now finds,
re-renders exactly the pages whose links read it. Backlinks and tags at the foot of a page
are not cached: they are added after the render, from the current index, on every build.

The file is a pickle written by this plugin into the project's own cache folder (as Jupyter's
and MkDocs' caches are); it holds the index facts of every note, private ones included, and
never goes into the site. A file written by other code, or by another livegarden, is ignored.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from livegarden.atomic import read_pickle, write_pickle
from livegarden.reading.context import PageContext, Recorder, SiteLinks
from livegarden.reading.html import MAX_EMBED_DEPTH, RenderedPage
from livegarden.vault.index import NoteFacts, VaultIndex
from livegarden.vault.note import Note
from livegarden.vault.publishing import PublishPolicy, how_to_publish
from livegarden.vault.resolver import (
    Resolved,
    ResolvedFile,
    Unpublished,
    UnpublishedFile,
    Unresolved,
)

_FORMAT = "livegarden-pages-v1"
_CACHE_FILE = "pages.pickle"
_CODE = Path(__file__).resolve().parent.parent  # the package: its parse and render code
_CODE_FOLDERS = ("reading", "vault")

Warning = tuple[str, int, str]  # path, line, message
GENERATED = "generated:"  # how a generated page's entry is named, apart from the notes


@dataclass(frozen=True, slots=True)
class PageRender:
    """A note's page as rendered, and the warnings its render gave (replayed on reuse)."""

    page: RenderedPage
    warnings: tuple[Warning, ...] = ()


@dataclass
class PageCache:
    """Parse facts by (path, text) and rendered pages by key, for one vault's settings."""

    folder: Path | None = None
    salt: str = ""
    facts: dict[str, tuple[str, NoteFacts]] = field(default_factory=dict)  # path -> text key
    pages: dict[str, tuple[str, PageRender]] = field(default_factory=dict)  # path -> page key
    hits: int = 0
    misses: int = 0
    _generated: set[str] = field(default_factory=set)  # generated pages made this build
    _changed: bool = False  # something to write since the file was read or written

    def start_build(self, folder: Path | None, salt: str) -> None:
        """A build with these settings: entries of other settings go; the first build of a
        `serve` session (or of a `build`) reads the folder's file."""
        if salt != self.salt or folder != self.folder:
            self.facts.clear()
            self.pages.clear()
            self.salt, self.folder = salt, folder
            self._load()
        self.hits = self.misses = 0
        self._generated.clear()

    def known_facts(self, path: str, text: str) -> NoteFacts | None:
        """The facts of `path` parsed from exactly `text` before, if kept."""
        kept = self.facts.get(path)
        return kept[1] if kept is not None and kept[0] == text_key(text) else None

    def keep_facts(self, path: str, text: str, facts: NoteFacts) -> None:
        self.facts[path] = (text_key(text), facts)
        self._changed = True

    def page(self, path: str, key: str) -> PageRender | None:
        """The page of `path` rendered under `key` before, if kept."""
        kept = self.pages.get(path)
        if kept is not None and kept[0] == key:
            self.hits += 1
            return kept[1]
        self.misses += 1
        return None

    def keep_page(self, path: str, key: str, render: PageRender) -> None:
        self.pages[path] = (key, render)
        self._changed = True

    def forget_facts_but(self, paths: set[str]) -> None:
        """Drop the facts of notes that are no longer in the vault."""
        for path in [p for p in self.facts if p not in paths]:
            del self.facts[path]
            self._changed = True

    def forget_pages_but(self, published: set[str]) -> None:
        """Drop the pages of notes that are gone or no longer published: what a note said
        while it was public leaves the cache when it becomes private (generated pages go
        when the cache is saved after a build that did not make them)."""
        for path in [p for p in self.pages if p not in published and not p.startswith(GENERATED)]:
            del self.pages[path]
            self._changed = True

    def generated_page(self, source: str, key: str) -> PageRender | None:
        """A generated page (tags) rendered under `key` before, if kept."""
        self._generated.add(GENERATED + source)
        return self.page(GENERATED + source, key)

    def keep_generated_page(self, source: str, key: str, render: PageRender) -> None:
        self._generated.add(GENERATED + source)
        self.keep_page(GENERATED + source, key, render)

    def save(self) -> None:
        """Write the file atomically (a build killed midway leaves the old one)."""
        if self.folder is None:
            return
        for path in [p for p in self.pages if p.startswith(GENERATED)]:
            if path not in self._generated:
                del self.pages[path]
                self._changed = True
        if not self._changed:  # the file already holds exactly this
            return
        self._changed = False
        data = {"salt": self.salt, "facts": self.facts, "pages": self.pages}
        write_pickle(self.folder / _CACHE_FILE, _FORMAT, data)

    def _load(self) -> None:
        data = read_pickle(self.folder / _CACHE_FILE, _FORMAT) if self.folder else None
        if data is not None and data.get("salt") == self.salt:
            self.facts = data["facts"]
            self.pages = data["pages"]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cache_salt(policy: PublishPolicy, settings: object) -> str:
    """What every entry depends on: the parse and render code, the vault's reading settings
    and how it is published."""
    shared = f"{_FORMAT}|{policy!r}|{settings!r}|{_code_digest()}"
    return hashlib.sha256(shared.encode()).hexdigest()


@functools.cache
def _code_digest() -> str:
    """The parse and render code of this process (read once: it does not change)."""
    digest = hashlib.sha256()
    for folder in _CODE_FOLDERS:
        for source in sorted((_CODE / folder).glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


def generated_page_key(markdown: str, page_url: str, site: SiteLinks) -> str | None:
    """The key of a page the plugin generates (a tag's page), or None when its Markdown
    holds a link or an embed (`[`), whose outcome only the index knows: such a page is
    rendered on every build. Without one, its HTML reads nothing but its text and the tag
    pages' URLs."""
    if "[" in markdown:
        return None
    shared = (markdown, page_url, sorted(site.tag_urls.items()), site.tags_url)
    return hashlib.sha256(repr(shared).encode("utf-8", "surrogatepass")).hexdigest()


class PageKeys:
    """The key of each page of one build (see the module's docstring). Each note's own facts
    are hashed once; a page's key adds those of the notes it embeds, as deep as embeds are
    rendered."""

    def __init__(self, index: VaultIndex, site: SiteLinks) -> None:
        self.index = index
        self.site = site
        self._own: dict[str, tuple[str, tuple[Note, ...]]] = {}  # note -> (hash, embeds)
        self.shown: dict[str, frozenset[str]] = {}  # page -> the notes its HTML shows

    def key(self, note: Note) -> str:
        """The key of `note`'s page."""
        digest = hashlib.sha256()
        site = self.site
        shared = (note.url, note.title, sorted(site.generated_pages.items()), site.tags_url)
        digest.update(repr(shared).encode("utf-8", "surrogatepass"))
        level = [note]
        seen: set[str] = set()
        for _ in range(MAX_EMBED_DEPTH + 2):  # the render cuts embeds deeper than this
            following: list[Note] = []
            for current in level:
                if current.path in seen:
                    continue
                seen.add(current.path)
                own, embeds = self._facts(current)
                digest.update(own.encode())
                following.extend(embeds)
            level = following
        self.shown[note.path] = frozenset(seen)
        return digest.hexdigest()

    def _facts(self, note: Note) -> tuple[str, tuple[Note, ...]]:
        """The hash of what `note` itself contributes, and the notes it embeds."""
        kept = self._own.get(note.path)
        if kept is not None:
            return kept
        index, site = self.index, self.site
        digest = hashlib.sha256()

        def add(*parts: object) -> None:
            digest.update(repr(parts).encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

        add("note", note.path, note.name, note.title, index.bodies.get(note.path))
        add("tags", [(tag, site.tag_urls.get(tag.casefold())) for tag in note.tags])
        context = PageContext(index, note, note.url, Recorder(), site)
        embeds: list[Note] = []
        for link in note.links:
            outcome = context.resolve(link.target, markdown=not link.is_wikilink)
            if isinstance(outcome, Resolved):
                target = outcome.note
                add("to", target.path, target.url, target.title, outcome.fragment, outcome.problem)
                if link.is_embed:
                    embeds.append(target)
            elif isinstance(outcome, ResolvedFile):
                add("file", outcome.path, outcome.problem)
            elif isinstance(outcome, UnpublishedFile):
                add("private file", outcome.path)
            elif isinstance(outcome, Unpublished):
                hint = how_to_publish(index.policy.mode, outcome.note.frontmatter)
                add("private", outcome.note.path, hint, context.suggest(outcome.note.name))
            elif isinstance(outcome, Unresolved):
                add("nowhere", outcome.written, context.suggest(outcome.written))
        kept = self._own[note.path] = (digest.hexdigest(), tuple(embeds))
        return kept
