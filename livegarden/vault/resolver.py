"""Link resolution exactly as Obsidian does it, with O(1) lookups.

Rule, for a link written in note N: (1) the exact vault path (`Folder/Note`, any case, `.md`
optional); (2) that path relative to N's folder (`./x`, `../x`, or a name in N's folder);
(3) every note whose path ends with what was written (`Note`, `AI/Note`), shortest path first,
ties broken alphabetically and reported as ambiguous; (4) a frontmatter alias.
Ordinary Markdown links (`[x](Note.md)`) try N's folder first, as Markdown means them.
Outcomes are values: `Resolved`, `ResolvedFile`, `Unpublished` or `Unresolved`.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from livegarden.vault.note import Note
from livegarden.vault.syntax import NOTE_SUFFIX, LinkTarget


@dataclass(frozen=True, slots=True)
class Resolved:
    """A published note; `fragment` is the id to link to ("" for the top of the page)."""

    note: Note
    fragment: str = ""
    problem: str | None = None  # e.g. a heading that does not exist or an ambiguous name


@dataclass(frozen=True, slots=True)
class ResolvedFile:
    """A non-note file of the vault (an image, a PDF)."""

    path: str
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Unpublished:
    """A note that exists but is not published: shown as plain text, never as a link."""

    note: Note


@dataclass(frozen=True, slots=True)
class UnpublishedFile:
    """A file of the vault that is not published (a notebook without `dg-publish`, say)."""

    path: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """Nothing in the vault matches what was written."""

    written: str


Resolution = Resolved | ResolvedFile | Unpublished | UnpublishedFile | Unresolved


def _key(path: str) -> str:
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if path.lower().endswith(NOTE_SUFFIX):
        path = path[: -len(NOTE_SUFFIX)]
    return path.casefold()


def _file_key(path: str) -> str:
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.casefold()


def _depth_order(path: str) -> tuple[int, int, str]:
    return (path.count("/"), len(path), path)


class Resolver:
    """Lookup tables over every note and file of the vault; built once by the index."""

    def __init__(self, notes: Iterable[Note], files: Iterable[str]) -> None:
        self._by_path: dict[str, Note] = {}
        self._by_name: dict[str, list[Note]] = {}
        self._by_alias: dict[str, list[Note]] = {}
        self._files: dict[str, str] = {}
        self._files_by_name: dict[str, list[str]] = {}
        for note in notes:
            self._by_path[_key(note.path)] = note
            self._by_name.setdefault(note.name.casefold(), []).append(note)
            for alias in note.aliases:
                self._by_alias.setdefault(alias.casefold(), []).append(note)
        for path in files:
            self._files[_file_key(path)] = path
            self._files_by_name.setdefault(path.rsplit("/", 1)[-1].casefold(), []).append(path)
        for same_name in self._by_name.values():
            same_name.sort(key=lambda note: _depth_order(note.path))
        for same_name_files in self._files_by_name.values():
            same_name_files.sort(key=_depth_order)
        self._suggester: _Suggester | None = None

    def resolve(
        self, target: LinkTarget, source: Note | None, *, markdown: bool = False
    ) -> Resolution:
        """Resolve `target` written in `source` (None: a link with no note, e.g. a tags page)."""
        if not target.path:
            if source is None:
                return Unresolved(target.path)
            return self._with_fragment(source, target, None)
        note, problem = self.find_note(target.path, source, relative_first=markdown)
        if note is None:
            found_file = self.find_file(target.path, source, relative_first=markdown)
            if found_file is not None:
                return ResolvedFile(found_file)
            return Unresolved(target.path)
        if not note.is_published:
            return Unpublished(note)
        return self._with_fragment(note, target, problem)

    def find_note(
        self, written: str, source: Note | None, *, relative_first: bool = False
    ) -> tuple[Note | None, str | None]:
        """The note a link path names, and a problem to report (ambiguity) if any."""
        key = _key(written)
        if not key:
            return None, None
        relative = None
        if source is not None:
            relative = posixpath.normpath(posixpath.join(source.folder.casefold(), key))
        if relative_first and relative is not None and relative in self._by_path:
            return self._by_path[relative], None
        if key in self._by_path:
            return self._by_path[key], None
        if relative is not None and relative in self._by_path:
            return self._by_path[relative], None
        name = key.rsplit("/", 1)[-1]
        candidates = [
            note
            for note in self._by_name.get(name, ())
            if "/" not in key or _key(note.path).endswith("/" + key.lstrip("/"))
        ]
        if candidates:
            best = candidates[0]
            tied = [n for n in candidates if n.path.count("/") == best.path.count("/")]
            problem = None
            if len(tied) > 1:
                others = ", ".join(n.path for n in tied[1:4])
                problem = (
                    f"is ambiguous: it matches {best.path} and {others}; linked to {best.path}"
                )
            return best, problem
        if "/" not in key:
            aliased = self._by_alias.get(key)
            if aliased:
                return aliased[0], None
        return None, None

    def find_file(
        self, written: str, source: Note | None, *, relative_first: bool = False
    ) -> str | None:
        """The vault path of a non-note file a link or embed names."""
        key = _file_key(written)
        if not key:
            return None
        relative = None
        if source is not None:
            relative = posixpath.normpath(posixpath.join(source.folder.casefold(), key))
        if relative_first and relative is not None and relative in self._files:
            return self._files[relative]
        if key in self._files:
            return self._files[key]
        if relative is not None and relative in self._files:
            return self._files[relative]
        name = key.rsplit("/", 1)[-1]
        for path in self._files_by_name.get(name, ()):
            if "/" not in key or path.casefold().endswith("/" + key.lstrip("/")):
                return path
        return None

    def suggest(self, written: str) -> str | None:
        """The published note name closest to what was written, for "did you mean".

        Only called for links that go nowhere, and kept near O(1): names one edit away come
        from an index of single-character deletions; otherwise difflib ranks the few names with
        the same first letter and a similar length.
        """
        if self._suggester is None:
            self._suggester = _Suggester(
                n.name for notes in self._by_name.values() for n in notes if n.is_published
            )
        return self._suggester.suggest(_key(written).rsplit("/", 1)[-1])

    def _with_fragment(self, note: Note, target: LinkTarget, problem: str | None) -> Resolution:
        if not note.is_published:
            return Unpublished(note)
        if target.block is not None:
            block = note.block(target.block)
            if block is None:
                return Resolved(
                    note, "", _join(problem, f"has no block ^{target.block} in {note.path}")
                )
            return Resolved(note, "^" + block.id, problem)
        if target.headings:
            heading = note.heading_by_path(target.headings)
            if heading is None and len(target.headings) == 1:  # `[x](Note.md#an-id)`
                heading = next((h for h in note.headings if h.id == target.headings[0]), None)
            if heading is None:
                shown = "#".join(target.headings)
                return Resolved(
                    note, "", _join(problem, f"has no heading '{shown}' in {note.path}")
                )
            return Resolved(note, heading.id, problem)
        return Resolved(note, "", problem)


def _join(first: str | None, second: str) -> str:
    return f"{first}; and {second}" if first else second


class _Suggester:
    """Near names for "did you mean": one-edit neighbours, then same-initial, similar-length."""

    def __init__(self, names: Iterable[str]) -> None:
        self._shown: dict[str, str] = {}
        self._deletions: dict[str, list[str]] = {}
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for name in sorted(names, key=str.casefold):
            key = name.casefold()
            if key in self._shown:
                continue
            self._shown[key] = name
            for variant in _deletions(key):
                self._deletions.setdefault(variant, []).append(key)
            self._buckets.setdefault((key[:1], len(key) // 4), []).append(key)

    def suggest(self, written: str) -> str | None:
        if written in self._shown:
            return self._shown[written]
        near = [
            key
            for variant in (written, *_deletions(written))
            for key in self._deletions.get(variant, ())
        ]
        if near:
            return self._shown[min(near)]
        band = len(written) // 4
        pool = [
            key
            for b in (band - 1, band, band + 1)
            for key in self._buckets.get((written[:1], b), ())
        ]
        close = difflib.get_close_matches(written, pool, n=1, cutoff=0.6)
        return self._shown[close[0]] if close else None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}
