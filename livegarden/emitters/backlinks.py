"""The backlinks section at the foot of a page: a pure function of the index's link graph.

Each backlink shows, under the linking note's title, the line where the link stands, as plain
text (Obsidian's backlinks pane shows that context too): wiki-links read as their text, markup
and embeds dropped, cut to about two lines. A handful of regular expressions do it, since the
line is only a hint of context and the full parse would cost more than the whole section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from livegarden.vault.note import Note

CONTEXT_CHARS = 200

_BLOCK_MARKERS = re.compile(
    r"^\s*(?:>\s*)*(?:\[![^\]]*\][+-]?\s*)?(?:#{1,6}\s+|(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?)?"
)
_EMBED = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_WIKILINK = re.compile(r"\[\[([^\]|#^]*)(?:#([^\]|^]*))?(?:\^[^\]|]*)?(?:\\?\|([^\]]*))?\]\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"==|\*\*|__|~~|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_BLOCK_ID = re.compile(r"\s\^[\w-]+\s*$")


def _wikilink_text(match: re.Match[str]) -> str:
    """How Obsidian shows a wiki-link: its alias, else `Note > Heading` or `Note`."""
    if match[3]:
        return match[3]
    name = match[1].rsplit("/", 1)[-1]
    return f"{name} > {match[2]}" if match[2] else name


def _plain(text: str) -> str:
    text = _EMBED.sub("", text)
    text = _WIKILINK.sub(_wikilink_text, text)
    text = _LINK.sub(lambda m: m[1], text)
    return " ".join(_MARKUP.sub("", text).split())


def context_text(line: str, link: str = "") -> str:
    """A note's line as the plain text a backlink shows under the title: about two lines
    around `link` (the link as written), so the link's own words are always in view."""
    text = _BLOCK_ID.sub("", _BLOCK_MARKERS.sub("", line))
    at = text.find(link) if link else -1
    if at < 0:
        plain = _plain(text)
        if len(plain) > CONTEXT_CHARS:
            plain = plain[:CONTEXT_CHARS].rsplit(" ", 1)[0] + " …"
        return plain
    before, rest = _plain(text[:at]), _plain(text[at:])
    if len(before) > CONTEXT_CHARS // 2:
        before = "… " + before[-(CONTEXT_CHARS // 2) :].split(" ", 1)[-1]
    room = max(CONTEXT_CHARS - len(before), 40)
    if len(rest) > room:
        rest = rest[:room].rsplit(" ", 1)[0] + " …"
    return f"{before} {rest}".strip()


_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]*?\S)\$(?!\d)")


def _with_math(text: str) -> str:
    """`text` escaped, its `$...$` formulas marked for MathJax as the page's own are."""
    out: list[str] = []
    position = 0
    for match in _INLINE_MATH.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f'<span class="arithmatex">\\({escape(match[1], quote=False)}\\)</span>')
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def backlinks_html(
    sources: list[Note],
    href: Callable[[Note], str],
    context: Callable[[Note], tuple[str, str]],
) -> str:
    """`<section class="lg-backlinks">` listing published notes that link here ("" if none),
    each with the line that links and the link as written (`context`); left out of the
    search index, where other notes' titles and lines would only be noise."""
    if not sources:
        return ""
    items = []
    for note in sources:
        shown = context_text(*context(note))
        extra = f'<span class="lg-backlink-context">{_with_math(shown)}</span>' if shown else ""
        items.append(
            f'<li><a class="lg-wikilink" href="{escape(href(note), quote=True)}">'
            f"{escape(note.title)}</a>{extra}</li>"
        )
    return (
        '\n<section class="lg-backlinks" data-search-exclude>\n<h2>Backlinks</h2>\n'
        f"<ul>{''.join(items)}</ul>\n</section>\n"
    )
