"""The backlinks section at the foot of a page: a pure function of the index's link graph."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from livegarden.vault.note import Note


def backlinks_html(sources: list[Note], href: Callable[[Note], str]) -> str:
    """`<section class="lg-backlinks">` listing published notes that link here ("" if none);
    left out of the search index, where other notes' titles would only be noise."""
    if not sources:
        return ""
    items = "".join(
        f'<li><a class="lg-wikilink" href="{escape(href(note), quote=True)}">'
        f"{escape(note.title)}</a></li>"
        for note in sources
    )
    return (
        '\n<section class="lg-backlinks" data-search-exclude>\n<h2>Backlinks</h2>\n'
        f"<ul>{items}</ul>\n</section>\n"
    )
