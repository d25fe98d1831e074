"""Inline Obsidian marks: `==highlight==` (nested Markdown allowed) and `#tags`.

A tag is `#` then letters, digits, `_`, `-` or `/` with at least one non-digit, at the start of
the text or after white space or an opening bracket (Obsidian's rule); inside a link's URL or
a code span markdown-it never offers the text to this rule.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_TAG_RE = re.compile(r"#([\w/-]*?[^\W\d][\w/-]*)", re.UNICODE)


def highlight_rule(state: StateInline, silent: bool) -> bool:
    """`==text==`: the text between is parsed as inline Markdown."""
    start = state.pos
    src = state.src
    if not src.startswith("==", start) or src.startswith("===", start):
        return False
    if start + 2 >= state.posMax or src[start + 2].isspace():
        return False
    end = src.find("==", start + 3)
    while end >= 0 and (src[end - 1].isspace() or src.startswith("===", end)):
        end = src.find("==", end + 1)
    if end < 0 or end + 2 > state.posMax:
        return False
    if silent:  # markdown-it skipping over a token (a link label): it must still advance
        state.pos = end + 2
        return True
    old_max = state.posMax
    state.push("mark_open", "mark", 1).markup = "=="
    state.pos, state.posMax = start + 2, end
    state.md.inline.tokenize(state)
    state.push("mark_close", "mark", -1).markup = "=="
    state.pos, state.posMax = end + 2, old_max
    return True


def tag_rule(state: StateInline, silent: bool) -> bool:
    """`#tag` or `#nested/tag` after white space, an opening bracket or the text's start."""
    start = state.pos
    src = state.src
    if src[start] != "#":
        return False
    if start > 0 and not (src[start - 1].isspace() or src[start - 1] in "(["):
        return False
    match = _TAG_RE.match(src, start, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("tag", "", 0)
        token.content = match.group(1)
        token.meta = {"tag": match.group(1).strip("/")}
    state.pos = match.end()
    return True


def marks_plugin(md: MarkdownIt) -> None:
    """Register highlights (before emphasis) and tags (before entities, which take `#`)."""
    md.inline.ruler.before("emphasis", "mark", highlight_rule)
    md.inline.ruler.before("entity", "tag", tag_rule)
