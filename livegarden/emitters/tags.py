"""The tag pages (`tags/`, an index with counts, and `tags/<tag>/`, one page per tag) and the
tag list shown on each page, from the index alone.

Tags nest as in Obsidian: `#ai/nlp` is a tag of its own and a child of `#ai`, so the page of
`#ai` lists its notes and links each child tag. A tag's page lives at its path, each part
slugged (`tags/ai/nlp/`).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import quote

from livegarden.reading.slugs import slugify
from livegarden.vault.note import Note
from livegarden.vault.slugs import relative_url

TAGS_SOURCE = "tags.md"
TAGS_FOLDER = "tags"


def tag_source(tag: str) -> str:
    """The generated source path of the tag's page: each part of the tag slugged."""
    parts = [slugify(part) or "tag" for part in tag.split("/") if part]
    return f"{TAGS_FOLDER}/{'/'.join(parts) or 'tag'}.md"


def _count(number: int) -> str:
    return f"{number} note" if number == 1 else f"{number} notes"


def _link(text: str, target_url: str | None, page_url: str) -> str:
    """A link from the page at `page_url` to the page at `target_url` (site URLs), as inline
    HTML: the page renderer reads Markdown links as links to notes, and these are URLs.
    Plain text when there is no such page."""
    if target_url is None:
        return _escape_markdown(text)
    href = escape(quote(relative_url(target_url, page_url)) or "./", quote=True)
    return f'<a href="{href}">{escape(text)}</a>'


def tags_page_markdown(tags: dict[str, list[Note]], urls: dict[str, str], page_url: str) -> str:
    """Markdown of the tags index at `page_url`: the tags as a tree, as Obsidian's tag pane
    shows them (`#ai/nlp` under `#ai`), each with the number of notes that have it or a tag
    nested under it, linking its page (`urls`: tag -> the URL of its page)."""
    lines = ["# Tags", "", f"{len(tags)} tags; each leads to the notes that have it.", ""]
    notes_under: dict[str, dict[str, None]] = {}  # casefolded path -> its notes, in order
    written: dict[str, str] = {}  # casefolded path -> the path as first written
    for tag, notes in tags.items():
        parts = [part for part in tag.split("/") if part]
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            written.setdefault(path.casefold(), path)
            under = notes_under.setdefault(path.casefold(), {})
            under.update((note.path, None) for note in notes)
    real = {tag.casefold(): tag for tag in tags}
    for key in sorted(written, key=lambda key: key.split("/")):
        path = written[key]
        depth = path.count("/")
        known = real.get(key)
        name = "#" + (path if depth == 0 else path.rsplit("/", 1)[1])
        link = _link(name, urls.get(known) if known is not None else None, page_url)
        lines.append(f"{'  ' * depth}- {link} · {_count(len(notes_under[key]))}")
    lines.append("")
    return "\n".join(lines)


def tag_page_markdown(
    tag: str, tags: dict[str, list[Note]], urls: dict[str, str], index_url: str
) -> str:
    """One tag's page: its notes (with their other tags), then the tags nested under it."""
    page_url = urls[tag]
    name = _escape_markdown(tag)
    lines = [f"# Tag: {name}", "", f"{_count(len(tags[tag]))} with the tag {name}.", ""]
    shown = {known.casefold(): known for known in urls}  # a note may write `ml` for `ML`
    for note in tags[tag]:
        others = [
            _link("#" + shown[other.casefold()], urls[shown[other.casefold()]], page_url)
            for other in note.tags
            if other.casefold() != tag.casefold() and other.casefold() in shown
        ]
        extra = f" ({' · '.join(others)})" if others else ""
        lines.append(f"- {_link(note.title, note.url, page_url)}{extra}")
    children = [other for other in tags if other.casefold().startswith(tag.casefold() + "/")]
    if children:
        lines += ["", "Nested tags:", ""]
        lines += [
            f"- {_link('#' + child, urls.get(child), page_url)} · {_count(len(tags[child]))}"
            for child in children
        ]
    lines += ["", _link("All tags", index_url, page_url), ""]
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
