"""The typed record the index keeps for each note: one pass, one complete value per note."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from livegarden.vault.syntax import LinkTarget


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: its level, plain text, the id the page will give it, and its lines."""

    level: int
    text: str
    id: str
    line: int
    end_line: int  # last line of its section (before the next heading of the same or higher level)
    source: str = ""  # the heading as written, Markdown included (`[[#`move`]]` matches it)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or list item that ends with `^id`, and the lines it spans."""

    id: str
    start_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One link or embed as written in a note, with its file line number."""

    line: int
    raw: str
    target: LinkTarget
    is_embed: bool
    is_wikilink: bool


@dataclass(frozen=True, slots=True)
class Note:
    """One Markdown file of the vault, everything the site needs to know about it."""

    path: str  # vault-relative POSIX path, "Mainfolder/AI/Note.md"
    title: str
    is_published: bool
    url: str  # site-relative and unquoted, "Mainfolder/AI/Note/" ("" is the site root)
    tags: tuple[str, ...] = ()
    frontmatter: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    aliases: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    blocks: tuple[Block, ...] = ()
    links: tuple[LinkRef, ...] = ()
    body_line: int = 1  # file line of the body's first line (after the frontmatter)
    is_home: bool = False
    is_hidden: bool = False  # `dg-hide`: a page, but not in the navigation
    order: float | None = None  # frontmatter `order`: place in the navigation's reading order

    @property
    def name(self) -> str:
        """The basename without `.md`, what `[[Note]]` matches."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base

    @property
    def folder(self) -> str:
        """The vault folder holding the note ("" at the root)."""
        return self.path.rpartition("/")[0]

    def heading_by_path(self, texts: tuple[str, ...]) -> Heading | None:
        """The heading `#H1#H2` names: the last text, nested under the earlier ones, any case."""
        wanted = [_comparable(text) for text in texts]
        for index, heading in enumerate(self.headings):
            if wanted[-1] not in (_comparable(heading.text), _comparable(heading.source)):
                continue
            if _has_ancestors(self.headings[:index], heading.level, wanted[:-1]):
                return heading
        return None

    def block(self, block_id: str) -> Block | None:
        """The block with `^block_id`, any case."""
        wanted = block_id.casefold()
        return next((block for block in self.blocks if block.id.casefold() == wanted), None)


_LINK_UNSAFE = str.maketrans({char: " " for char in ":#|^\\[]%"})


def _comparable(text: str) -> str:
    """Heading text as a link names it: Obsidian writes `:`, `#`, `|`, `^`, `\\`, brackets and
    `%` of a heading as spaces in links; any case; runs of white space as one space."""
    return " ".join(text.translate(_LINK_UNSAFE).split()).casefold()


def _has_ancestors(before: tuple[Heading, ...], level: int, wanted: list[str]) -> bool:
    """Whether the headings enclosing position `len(before)` include `wanted`, in order."""
    if not wanted:
        return True
    remaining = list(wanted)
    current = level
    for heading in reversed(before):
        if heading.level < current:
            current = heading.level
            if remaining[-1] in (_comparable(heading.text), _comparable(heading.source)):
                remaining.pop()
                if not remaining:
                    return True
    return False
