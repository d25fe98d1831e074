"""Block-level Obsidian syntax found after inline parsing: `^block-id`s and note embeds.

- `text ^abc` ending a paragraph gives the paragraph (or the list item it opens) the id `^abc`;
  a paragraph holding only `^abc` names the block before it (a table, a quote, a list).
- `![[Note]]` (a note, a heading or a block: no media suffix) is a block, not inline content:
  a paragraph holding one is split around it into an `embed` token, as Obsidian shows it.
- `- [?] item`: any mark in a task's brackets makes a done task (Obsidian's custom states).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from livegarden.vault.syntax import MEDIA_SUFFIXES, LinkTarget, file_suffix

_TRAILING_ID_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")
_LONE_ID_RE = re.compile(r"^\s*\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")


def is_note_embed(target: LinkTarget) -> bool:
    """Whether `![[target]]` embeds a note (or a section of one) rather than a file."""
    return file_suffix(target.path) not in MEDIA_SUFFIXES


def _opens_paragraph(tokens: list[Token], position: int) -> bool:
    """Whether token `position` is the inline content of a paragraph."""
    return (
        tokens[position].type == "inline"
        and position > 0
        and tokens[position - 1].type == "paragraph_open"
    )


def block_id_rule(state: StateCore) -> None:
    """Move `^id`s from the text onto the blocks they name."""
    tokens = state.tokens
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if _opens_paragraph(tokens, position):
            opening = tokens[position - 1]
            lone = _LONE_ID_RE.match(token.content)
            if lone and _name_previous(tokens, position - 1, lone.group(1)):
                del tokens[position - 1 : position + 2]
                position -= 1
                continue
            block_id = _take_trailing_id(token)
            if block_id is not None:
                target = opening
                before = tokens[position - 2] if position >= 2 else None
                if before is not None and before.type == "list_item_open":
                    target = before
                target.attrSet("id", "^" + block_id)
        position += 1


def _name_previous(tokens: list[Token], opening: int, block_id: str) -> bool:
    """Give the block closing just before `opening` the id; False when there is none."""
    if opening == 0 or tokens[opening - 1].nesting != -1:
        return False
    closing = tokens[opening - 1]
    for index in range(opening - 2, -1, -1):
        candidate = tokens[index]
        if (
            candidate.nesting == 1
            and candidate.level == closing.level
            and candidate.tag == closing.tag
        ):
            candidate.attrSet("id", "^" + block_id)
            return True
    return False


def _take_trailing_id(inline: Token) -> str | None:
    children = inline.children or []
    if not children or children[-1].type != "text":
        return None
    last = children[-1]
    match = _TRAILING_ID_RE.search(last.content)
    if match is None:
        return None
    last.content = last.content[: match.start()].rstrip()
    inline.content = _TRAILING_ID_RE.sub("", inline.content).rstrip()
    while (children and children[-1].type in ("softbreak", "hardbreak")) or (
        children and children[-1].type == "text" and not children[-1].content
    ):
        children.pop()
    return match.group(1)


def embed_rule(state: StateCore) -> None:
    """Split paragraphs around note embeds: each becomes an `embed` block token."""
    tokens = state.tokens
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if _opens_paragraph(tokens, position) and any(
            _is_note_embed(child) for child in token.children or []
        ):
            pieces = _split(tokens[position - 1], token, tokens[position + 1])
            tokens[position - 1 : position + 2] = pieces
            position += len(pieces) - 2
            continue
        position += 1


def _is_note_embed(token: Token) -> bool:
    return token.type == "wikilink" and token.meta["embed"] and is_note_embed(token.meta["target"])


def _split(opening: Token, inline: Token, closing: Token) -> list[Token]:
    out: list[Token] = []
    run: list[Token] = []

    def flush() -> None:
        while run and run[0].type in ("softbreak", "hardbreak"):
            run.pop(0)
        while run and run[-1].type in ("softbreak", "hardbreak"):
            run.pop()
        if any(child.type != "text" or child.content.strip() for child in run):
            part = Token("inline", "", 0)
            part.children, part.map, part.level = list(run), inline.map, inline.level
            part.content = "".join(child.content for child in run)
            start = Token("paragraph_open", "p", 1)
            start.map, start.level, start.hidden = opening.map, opening.level, opening.hidden
            start.attrs = dict(opening.attrs)
            end = Token("paragraph_close", "p", -1)
            end.level, end.hidden = closing.level, closing.hidden
            out.extend((start, part, end))
        run.clear()

    for child in inline.children or []:
        if _is_note_embed(child):
            flush()
            embed = Token("embed", "", 0)
            embed.content, embed.meta = child.content, dict(child.meta)
            embed.map, embed.level = inline.map, opening.level
            out.append(embed)
        else:
            run.append(child)
    flush()
    return out


_TASK_RE = re.compile(r"^\[([^\s\]])\][ \t]")


def task_rule(state: StateCore) -> None:
    """`- [?] item`, `- [-] item`: Obsidian's custom task states, done tasks with their mark
    (`data-task`); markdown-it itself knows only `[ ]`, `[x]` and `[X]`."""
    tokens = state.tokens
    for position, token in enumerate(tokens):
        if token.type != "list_item_open" or (token.meta and "checked" in token.meta):
            continue
        if position + 2 >= len(tokens) or tokens[position + 2].type != "inline":
            continue
        inline = tokens[position + 2]
        children = inline.children or []
        match = _TASK_RE.match(inline.content)
        if match is None or not children or children[0].type != "text":
            continue
        if not children[0].content.startswith(match.group(0)):
            continue
        children[0].content = children[0].content[len(match.group(0)) :]
        inline.content = inline.content[len(match.group(0)) :]
        token.meta = {**(token.meta or {}), "checked": True}
        token.attrJoin("class", "task-list-item")
        token.attrSet("data-task", match.group(1))
        for opening in reversed(tokens[:position]):
            if (
                opening.type in ("bullet_list_open", "ordered_list_open")
                and opening.level == token.level - 1
            ):
                if "contains-task-list" not in str(opening.attrs.get("class", "")):
                    opening.attrJoin("class", "contains-task-list")
                break


def blocks_plugin(md: MarkdownIt) -> None:
    """Register both rules after inline parsing (embeds first: an id after one stays text)."""
    md.core.ruler.after("inline", "embed", embed_rule)
    md.core.ruler.after("embed", "block_id", block_id_rule)
    md.core.ruler.after("block_id", "custom_task", task_rule)
