"""Obsidian callouts: a blockquote whose first line is `[!type]` (then `+`/`-` and a title).

A core rule between block and inline parsing turns the quote's tokens into `callout_open` /
`callout_close` (meta: kind, fold, title) and gives the title its own inline token, so the
title keeps its Markdown and the body is parsed like any quote's. Nested callouts are quotes
inside the body and are found by the same pass.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: Obsidian's types and aliases; Material styles every one of these names.
CALLOUT_TYPES = frozenset(
    {
        "note",
        "abstract", "summary", "tldr",
        "info", "todo",
        "tip", "hint", "important",
        "success", "check", "done",
        "question", "help", "faq",
        "warning", "caution", "attention",
        "failure", "fail", "missing",
        "danger", "error",
        "bug",
        "example",
        "quote", "cite",
    }
)  # fmt: skip

_HEADER_RE = re.compile(r"^\[!([^\]\n]+)\]([+-]?)[ \t]*(.*)$")


def callout_classes(kind: str) -> str:
    """CSS classes for a callout type: known types as they are, others styled as `note`."""
    clean = re.sub(r"[^a-z0-9-]", "-", kind.strip().lower()).strip("-") or "note"
    return clean if clean in CALLOUT_TYPES else f"note lg-callout-{clean}"


def callout_rule(state: StateCore) -> None:
    """Mark every blockquote that starts with `[!type]` as a callout."""
    tokens = state.tokens
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.type == "blockquote_open" and _is_header(tokens, position):
            _convert(tokens, position)
        position += 1


def _is_header(tokens: list[Token], position: int) -> bool:
    return (
        position + 2 < len(tokens)
        and tokens[position + 1].type == "paragraph_open"
        and tokens[position + 2].type == "inline"
        and _HEADER_RE.match(tokens[position + 2].content.split("\n", 1)[0]) is not None
    )


def _convert(tokens: list[Token], position: int) -> None:
    opening = tokens[position]
    inline = tokens[position + 2]
    first, _, rest = inline.content.partition("\n")
    header = _HEADER_RE.match(first)
    assert header is not None  # _is_header matched it
    depth = opening.level
    closing = next(
        index
        for index in range(position + 1, len(tokens))
        if tokens[index].type == "blockquote_close" and tokens[index].level == depth
    )
    opening.type, opening.tag = "callout_open", "div"
    tokens[closing].type, tokens[closing].tag = "callout_close", "div"
    kind, fold, title = header.group(1).strip(), header.group(2), header.group(3).strip()
    opening.meta = {"kind": kind, "fold": fold}
    tokens[closing].meta = {"fold": fold}
    title_inline = Token("inline", "", 0)
    title_inline.content = title or kind.capitalize()
    title_inline.map = inline.map
    title_inline.level = opening.level + 1
    title_inline.children = []
    title_open = Token("callout_title_open", "p", 1)
    title_close = Token("callout_title_close", "p", -1)
    title_open.map = inline.map
    title_open.meta = title_close.meta = {"fold": fold}
    replacement = [title_open, title_inline, title_close]
    if rest.strip():
        inline.content = rest
        if inline.map is not None:
            inline.map = [inline.map[0] + 1, inline.map[1]]
        tokens[position + 1 : position + 1] = replacement
    else:
        tokens[position + 1 : position + 4] = replacement  # the header was the whole paragraph


def callouts_plugin(md: MarkdownIt) -> None:
    """Register the rule after block parsing, before inline parsing."""
    md.core.ruler.after("block", "callout", callout_rule)
