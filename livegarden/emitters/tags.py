"""The tags index page (`tags/`) and the tag list shown on each page, from the index alone."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from livegarden.reading.slugs import Slugger
from livegarden.vault.note import Note

TAGS_SOURCE = "tags.md"


def tag_ids(tags: dict[str, list[Note]]) -> dict[str, str]:
    """The heading id each tag gets on the tags page (the page's H1 `Tags` comes first): the
    page is rendered by the same slugger, over the same heading texts."""
    ids = Slugger()
    ids.take("Tags")
    return {tag: ids.take(tag) for tag in tags}


def tags_page_markdown(
    tags: dict[str, list[Note]], ids: dict[str, str], href: Callable[[Note], str]
) -> str:
    """Markdown of the tags page: one heading per tag, then its notes."""
    lines = ["# Tags", ""]
    for tag, notes in tags.items():
        lines.append(f"## {_escape_markdown(tag)}")
        lines.append("")
        lines.extend(f"- [{_escape_markdown(note.title)}]({href(note)})" for note in notes)
        lines.append("")
    return "\n".join(lines)


def note_tags_html(note: Note, href: Callable[[str], str]) -> str:
    """`<p class="lg-tags">` with a link per tag of the note ("" if it has none)."""
    if not note.tags:
        return ""
    links = " ".join(
        f'<a class="lg-tag" href="{escape(href(tag), quote=True)}">#{escape(tag)}</a>'
        for tag in note.tags
    )
    return f'\n<p class="lg-tags">{links}</p>\n'


def _escape_markdown(text: str) -> str:
    return "".join("\\" + char if char in "\\`*_[]#<>|" else char for char in text)
