"""The Obsidian syntax shared by the index scanner and the Markdown processors, in one place.

Both layers must agree on what is a link, a tag or a block id, so the patterns live here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

#: `[[target]]` or `![[target]]`; the inner text holds no brackets (Obsidian's own rule).
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
#: An ordinary Markdown link or image with a relative target: `[text](Some%20Note.md#x)`.
MDLINK_RE = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^()<>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
#: `#tag` or `#nested/tag`: letters, digits, `_`, `-`, `/`, at least one non-digit; it must
#: start the line or follow white space or an opening bracket.
TAG_RE = re.compile(r"(?<![^\s(\[])#([\w/-]*?[^\W\d][\w/-]*)", re.UNICODE)
#: `^block-id` ending a paragraph or list item.
BLOCK_ID_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")
#: `![[image.png|200]]` or `|200x100`.
SIZE_RE = re.compile(r"^(\d+)(?:x(\d+))?$")

NOTE_SUFFIX = ".md"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".avif"})
AUDIO_SUFFIXES = frozenset({".mp3", ".wav", ".m4a", ".ogg", ".3gp", ".flac"})
VIDEO_SUFFIXES = frozenset({".webm", ".mp4", ".ogv", ".mov", ".mkv"})
#: What Obsidian embeds as a file (a player, a viewer, a picture) rather than as a note.
MEDIA_SUFFIXES = IMAGE_SUFFIXES | AUDIO_SUFFIXES | VIDEO_SUFFIXES | {".pdf"}


def file_suffix(path: str) -> str:
    """The lower-case suffix of a path's last part (`.png`), or "" without one."""
    name = path.rsplit("/", 1)[-1].lower()
    return name[name.rfind(".") :] if "." in name else ""


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """The parts of one link as written: `path#h1#h2|alias`, or `path#^block`."""

    path: str
    headings: tuple[str, ...] = ()
    block: str | None = None
    alias: str | None = None

    @property
    def display(self) -> str:
        """What Obsidian shows for an un-aliased link: `Note > Heading`."""
        if self.alias:
            return self.alias
        shown = self.path.rsplit("/", 1)[-1]
        if shown.lower().endswith(NOTE_SUFFIX):
            shown = shown[: -len(NOTE_SUFFIX)]
        parts = [shown] if shown else []
        if self.headings:
            parts.extend(self.headings)
        elif self.block is not None:
            parts.append("^" + self.block)
        return " > ".join(parts)


def parse_wikilink(inner: str) -> LinkTarget:
    """Split the text between `[[` and `]]`; a `\\|` (escaped pipe, as in tables) is a pipe."""
    target, pipe, alias = inner.partition("|")
    if target.endswith("\\"):
        target = target[:-1]
    path, _, fragment = target.partition("#")
    return _with_fragment(path.strip(), fragment, alias.strip() if pipe else None)


def parse_markdown_href(href: str) -> LinkTarget | None:
    """A relative Markdown href to a vault file, or None for external links and bare anchors."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith(("//", "#", "/")):
        return None
    path, _, fragment = href.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return None
    return _with_fragment(path, unquote(fragment), None)


def _with_fragment(path: str, fragment: str, alias: str | None) -> LinkTarget:
    if fragment.startswith("^"):
        return LinkTarget(path, (), fragment[1:].strip(), alias)
    headings = tuple(part.strip() for part in fragment.split("#") if part.strip())
    return LinkTarget(path, headings, None, alias)


def image_size(alias: str | None) -> tuple[str | None, int | None, int | None]:
    """Split an image embed's `|alt|200x100` into (alt text, width, height)."""
    if not alias:
        return None, None, None
    parts = alias.split("|")
    match = SIZE_RE.match(parts[-1].strip())
    if match:
        width = int(match.group(1))
        height = int(match.group(2)) if match.group(2) else None
        alt = "|".join(parts[:-1]).strip() or None
        return alt, width, height
    return alias, None, None
