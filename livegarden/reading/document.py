"""A parsed note: its tokens and the facts the vault index keeps, all read off those tokens.

Headings get their ids here, once (the page renders the same ids); links, embeds, tags and
block ids carry the file line the parser mapped them to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from livegarden.reading.slugs import Slugger, plain_text
from livegarden.vault.note import Block, Heading, LinkRef
from livegarden.vault.syntax import parse_markdown_href


@dataclass(frozen=True, slots=True)
class NoteDocument:
    """One note's tokens (line maps are 0-based file lines) and what they hold."""

    tokens: list[Token]
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    links: tuple[LinkRef, ...]
    tags: tuple[str, ...]
    last_line: int  # 1-based file line of the body's last line


def read_document(tokens: list[Token], last_line: int) -> NoteDocument:
    """Collect the facts of `tokens` and give every heading its id (in `attrs["id"]`)."""
    slugger = Slugger()
    for token in tokens:
        block_id = token.attrs.get("id")
        if isinstance(block_id, str):
            slugger.reserve(block_id)
    found: list[tuple[int, str, str, str, int]] = []
    blocks: list[Block] = []
    links: list[LinkRef] = []
    tags: dict[str, None] = {}
    for position, token in enumerate(tokens):
        block_id = token.attrs.get("id")
        if token.nesting == 1 and isinstance(block_id, str) and block_id.startswith("^"):
            start, end = token.map if token.map is not None else (0, 1)
            blocks.append(Block(block_id[1:], start + 1, end))
        if token.type == "heading_open":
            inline = tokens[position + 1]
            text = plain_text(inline)
            heading_id = slugger.take(text)
            token.attrSet("id", heading_id)
            line = token.map[0] + 1 if token.map is not None else 1
            found.append((int(token.tag[1]), text, inline.content, heading_id, line))
        elif token.type == "embed":
            line = token.meta.get("line", token.map[0] if token.map else 0) + 1
            links.append(LinkRef(line, token.content, token.meta["target"], True, True))
        elif token.type == "inline":
            _inline_facts(token, links, tags)
    return NoteDocument(
        tokens=tokens,
        headings=_with_section_ends(found, last_line),
        blocks=tuple(blocks),
        links=tuple(links),
        tags=tuple(tags),
        last_line=last_line,
    )


def _inline_facts(inline: Token, links: list[LinkRef], tags: dict[str, None]) -> None:
    children = inline.children or []
    for position, child in enumerate(children):
        line = int(child.meta.get("line", 0)) + 1
        if child.type == "wikilink":
            links.append(
                LinkRef(line, child.content, child.meta["target"], child.meta["embed"], True)
            )
        elif child.type == "tag":
            tags.setdefault(child.meta["tag"], None)
        elif child.type in ("link_open", "image"):
            href = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
            target = parse_markdown_href(href)
            if target is not None:
                text = link_text(children, position)
                written = f"{'!' if child.type == 'image' else ''}[{text}]({href})"
                links.append(LinkRef(line, written, target, child.type == "image", False))


def link_text(children: Sequence[Token], position: int) -> str:
    """The text of the link opened (or the image) at `position`."""
    opening = children[position]
    if opening.type == "image":
        return opening.content
    parts: list[str] = []
    for child in children[position + 1 :]:
        if child.type == "link_close":
            break
        parts.append(child.content)
    return "".join(parts)


def _with_section_ends(
    found: list[tuple[int, str, str, str, int]], last_line: int
) -> tuple[Heading, ...]:
    result: list[Heading] = []
    for index, (level, text, source, heading_id, line) in enumerate(found):
        end = last_line
        for later in found[index + 1 :]:
            if later[0] <= level:
                end = later[4] - 1
                break
        result.append(Heading(level, text, heading_id, line, end, source))
    return tuple(result)
