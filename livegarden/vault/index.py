"""The vault index: one pass over every file builds a complete record per note before any page
renders; every later question (links, embeds, backlinks, tags, graph, privacy) asks it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from livegarden.reading.comments import strip_comments
from livegarden.reading.document import NoteDocument, read_document
from livegarden.reading.parser import NoteParser
from livegarden.vault.frontmatter import parse_frontmatter, string_list
from livegarden.vault.note import Note
from livegarden.vault.publishing import (
    PublishPolicy,
    is_hidden,
    is_home,
    notebook_keys,
    permalink_of,
    reading_order,
)
from livegarden.vault.resolver import Resolved, ResolvedFile, Resolver
from livegarden.vault.slugs import unsafe_permalink


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the author must fix, with its place: `path:line: message`."""

    path: str
    line: int
    message: str
    is_error: bool = False  # the build cannot go on (two pages at one URL)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class VaultIndex:
    """Every note and file of the vault, the lookups over them, and the link graph."""

    policy: PublishPolicy
    notes: dict[str, Note]
    files: tuple[str, ...]
    resolver: Resolver
    bodies: dict[str, str] = field(repr=False)
    problems: tuple[Problem, ...] = ()
    links_out: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    links_in: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: (source, target) -> file line and text of the source's first link to the target
    link_lines: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict, repr=False)
    #: a note's body lines without comments, made once when a backlink first needs them
    _plain_lines: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    files_in_published: frozenset[str] = frozenset()
    documents: Mapping[str, NoteDocument] = field(default_factory=dict, repr=False)
    published_notebooks: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        docs_dir: Path,
        policy: PublishPolicy,
        paths: Iterable[str] | None = None,
        parser: NoteParser | None = None,
    ) -> VaultIndex:
        """Read every note under `docs_dir` (or only `paths`, vault-relative POSIX paths),
        each parsed once by `parser`; its tokens stay in `documents` for the page render."""
        if parser is None:
            parser = NoteParser()
        sources = VaultSources.read(docs_dir, policy, paths)
        facts, documents = read_notes(sources, list(sources.texts), policy, parser)
        return cls.from_facts(policy, sources, facts, LazyDocuments(parser, facts, documents))

    @classmethod
    def from_facts(
        cls,
        policy: PublishPolicy,
        sources: VaultSources,
        facts: Mapping[str, NoteFacts],
        documents: Mapping[str, NoteDocument],
    ) -> VaultIndex:
        """The index of notes read elsewhere (another process, a cache): the same value as
        `build` gives for the same files; `documents` may parse a note when first asked."""
        notes: dict[str, Note] = {}
        bodies: dict[str, str] = {}
        problems: list[Problem] = []
        for path in sorted(facts.keys() | sources.unreadable.keys()):
            if path in sources.unreadable:
                problems.append(Problem(path, 1, sources.unreadable[path]))
                continue
            found = facts[path]
            notes[path] = found.note
            bodies[path] = found.body
            problems.extend(found.problems)
        resolver = Resolver(notes.values(), sources.files)
        index = cls(policy, notes, sources.files, resolver, bodies, tuple(problems))
        index.documents = documents
        index.published_notebooks = sources.notebooks
        index._link_graph()
        index._check_urls()
        return index

    def published_notes(self) -> list[Note]:
        """The notes that become pages, in path order."""
        return [note for note in self.notes.values() if note.is_published]

    def home(self) -> Note | None:
        """The published `dg-home` note, if any."""
        return next((n for n in self.notes.values() if n.is_home and n.is_published), None)

    def backlinks(self, note: Note) -> list[Note]:
        """Published notes that link to or embed `note`, by title."""
        sources = [self.notes[path] for path in self.links_in.get(note.path, ())]
        return sorted(sources, key=lambda source: (source.title.casefold(), source.path))

    def link_context(self, source: Note, target: Note) -> tuple[str, str]:
        """The source's line holding its first link to `target`, comments taken out, and
        the link as written (empty when unknown): what a backlink shows of where it stands."""
        found = self.link_lines.get((source.path, target.path))
        body = self.bodies.get(source.path)
        if found is None or body is None:
            return "", ""
        line, raw = found
        lines = self._plain_lines.get(source.path)
        if lines is None:  # a note that links many notes is stripped once, not once for each
            lines = self._plain_lines[source.path] = strip_comments(body).split("\n")
        offset = line - source.body_line
        return (lines[offset], raw) if 0 <= offset < len(lines) else ("", "")

    def is_file_published(self, path: str) -> bool:
        """Whether a file of the vault that is not a note goes into the site: a notebook by its
        own metadata, read as a note's frontmatter is, any other file when a published note
        uses it."""
        if path.lower().endswith(".ipynb"):
            return path in self.published_notebooks
        return path in self.files_in_published

    def tags(self) -> dict[str, list[Note]]:
        """Every tag of a published note, sorted, with its notes by title. Tags are one tag
        whatever their letter case (`#ML` is `#ml`, as in Obsidian), shown as first written."""
        by_tag: dict[str, list[Note]] = {}
        shown: dict[str, str] = {}
        for note in self.published_notes():
            for tag in note.tags:
                key = shown.setdefault(tag.casefold(), tag)
                by_tag.setdefault(key, []).append(note)
        return {
            tag: sorted(by_tag[tag], key=lambda n: (n.title.casefold(), n.path))
            for tag in sorted(by_tag, key=str.casefold)
        }

    def _link_graph(self) -> None:
        out: dict[str, dict[str, None]] = {}
        incoming: dict[str, dict[str, None]] = {}
        used_public: set[str] = set()
        lines: dict[tuple[str, str], tuple[int, str]] = {}
        for note in self.published_notes():  # what only private notes use or link stays private
            for link in note.links:
                outcome = self.resolver.resolve(link.target, note, markdown=not link.is_wikilink)
                if isinstance(outcome, ResolvedFile):
                    used_public.add(outcome.path)
                elif isinstance(outcome, Resolved) and outcome.note.path != note.path:
                    out.setdefault(note.path, {})[outcome.note.path] = None
                    incoming.setdefault(outcome.note.path, {})[note.path] = None
                    lines.setdefault((note.path, outcome.note.path), (link.line, link.raw))
        self.links_out = {path: tuple(targets) for path, targets in out.items()}
        self.links_in = {path: tuple(sources) for path, sources in incoming.items()}
        self.link_lines = lines
        self.files_in_published = frozenset(used_public)

    def _check_urls(self) -> None:
        """Two pages at one URL, or folders of the site whose names differ only in letter case
        (`Garden/` and `garden/`): one folder on macOS and Windows, so a copy of the site
        there loses pages."""
        seen: dict[str, str] = {}
        folders: dict[str, tuple[str, str]] = {}  # case-folded prefix -> (as written, note)
        problems = list(self.problems)
        for note in self.published_notes():
            other = seen.setdefault(note.url, note.path)
            if other != note.path:
                shown = note.url or "/"
                problems.append(
                    Problem(
                        note.path,
                        1,
                        f"has the same URL '{shown}' as {other}; change its permalink",
                        is_error=True,
                    )
                )
                continue
            parts = note.url.strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                prefix = "/".join(parts[:depth])
                written, owner = folders.setdefault(prefix.casefold(), (prefix, note.path))
                if written != prefix:
                    problems.append(
                        Problem(
                            note.path,
                            1,
                            f"its URL '{note.url}' has '{prefix}/' where {owner} has "
                            f"'{written}/': they differ only in letter case, which macOS and "
                            "Windows take for one folder; write its permalink in the same case",
                        )
                    )
                    break
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What the index keeps of one note, without its tokens: small enough to pass between
    processes and to cache (a note's tokens cost as much to unpickle as to parse)."""

    note: Note
    body: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class VaultSources:
    """The vault's files as read from disk, before any note is parsed."""

    texts: dict[str, str]  # note path -> its text, in path order
    files: tuple[str, ...]  # every other file, in path order
    unreadable: dict[str, str]  # note path -> why it cannot be read
    notebooks: frozenset[str]  # notebooks whose own metadata publishes them

    @classmethod
    def read(
        cls, docs_dir: Path, policy: PublishPolicy, paths: Iterable[str] | None = None
    ) -> VaultSources:
        """Read every note under `docs_dir` (or only `paths`), and each notebook's metadata."""
        texts: dict[str, str] = {}
        files: list[str] = []
        unreadable: dict[str, str] = {}
        notebooks: set[str] = set()
        for path in sorted(_walk(docs_dir) if paths is None else paths):
            if not path.lower().endswith(".md"):
                files.append(path)
                if path.lower().endswith(".ipynb") and _notebook_published(docs_dir / path, policy):
                    notebooks.add(path)
                continue
            try:
                texts[path] = (docs_dir / path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                unreadable[path] = f"cannot be read: {error}"
        return cls(texts, tuple(files), unreadable, frozenset(notebooks))


class LazyDocuments(Mapping[str, NoteDocument]):
    """Each note's tokens, parsed when first asked for unless given: a page rendered in
    another process, or from the cache, never needs its tokens here."""

    def __init__(
        self,
        parser: NoteParser,
        facts: Mapping[str, NoteFacts],
        known: dict[str, NoteDocument] | None = None,
    ) -> None:
        self.parser = parser
        self.facts = facts
        self.known = known if known is not None else {}

    def __getitem__(self, path: str) -> NoteDocument:
        document = self.known.get(path)
        if document is None:
            found = self.facts[path]  # KeyError: not a note
            document = parse_body(self.parser, found.body, found.note.body_line)[0]
            self.known[path] = document
        return document

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def parse_body(
    parser: NoteParser, body: str, body_line: int
) -> tuple[NoteDocument, list[tuple[int, str]]]:
    """A note body's tokens and facts, and the problems the parser found (line, message)."""
    found: list[tuple[int, str]] = []
    tokens = parser.parse(body, body_line, found)
    return read_document(tokens, body_line + body.count("\n")), found


def read_notes(
    sources: VaultSources, paths: Iterable[str], policy: PublishPolicy, parser: NoteParser
) -> tuple[dict[str, NoteFacts], dict[str, NoteDocument]]:
    """Parse the notes of `paths` in this process: their facts, and their tokens."""
    facts: dict[str, NoteFacts] = {}
    documents: dict[str, NoteDocument] = {}
    for path in paths:
        facts[path], documents[path] = read_note(path, sources.texts[path], policy, parser)
    return facts, documents


def read_note(
    path: str, text: str, policy: PublishPolicy, parser: NoteParser
) -> tuple[NoteFacts, NoteDocument]:
    """Parse one note's text: what the index keeps of it, and its tokens."""
    matter = parse_frontmatter(text)
    data = matter.data
    problems = [Problem(path, 1, matter.error)] if matter.error else []
    permalink = permalink_of(data)
    why = unsafe_permalink(permalink) if permalink is not None else None
    if why is not None:
        problems.append(
            Problem(path, 1, f"permalink '{permalink}' {why}; the note keeps its own URL")
        )
    scanned, found = parse_body(parser, matter.body, matter.body_line)
    problems.extend(Problem(path, line, message) for line, message in found)
    order, order_problem = reading_order(data)
    if order_problem is not None:
        problems.append(Problem(path, 1, order_problem))
    name = path.rsplit("/", 1)[-1][:-3]
    title = data.get("title")
    tags = _tags(data.get("tags"), scanned.tags)
    note = Note(
        path=path,
        title=str(title).strip() if title is not None and str(title).strip() else name,
        is_published=policy.is_published(data),
        url=policy.url(path, data),
        tags=tags,
        frontmatter=data,
        aliases=string_list(data.get("aliases", data.get("alias")), split_spaces=False),
        headings=scanned.headings,
        blocks=scanned.blocks,
        links=scanned.links,
        body_line=matter.body_line,
        is_home=is_home(data),
        is_hidden=is_hidden(data),
        order=order,
    )
    return NoteFacts(note, matter.body, tuple(problems)), scanned


def _tags(frontmatter_tags: object, inline: tuple[str, ...]) -> tuple[str, ...]:
    found: dict[str, str] = {}  # case-folded -> as first written: one tag whatever its case
    for tag in (*string_list(frontmatter_tags, split_spaces=True), *inline):
        clean = tag.strip().lstrip("#").strip("/")
        if clean:
            found.setdefault(clean.casefold(), clean)
    return tuple(found.values())


def _notebook_published(path: Path, policy: PublishPolicy) -> bool:
    """Read only what a notebook says about publishing (its metadata); unreadable: private."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and policy.is_published(notebook_keys(data.get("metadata")))


def _walk(docs_dir: Path) -> list[str]:
    """Every file under `docs_dir`, skipping hidden files and folders (as MkDocs does)."""
    found: list[str] = []
    for root, folders, names in os.walk(docs_dir):
        folders[:] = [folder for folder in folders if not folder.startswith(".")]
        base = Path(root).relative_to(docs_dir).as_posix()
        for name in names:
            if not name.startswith("."):
                found.append(name if base == "." else f"{base}/{name}")
    return found
