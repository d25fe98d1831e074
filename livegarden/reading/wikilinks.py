"""`[[Note#Heading|shown]]` and `![[embed]]` as inline tokens of type `wikilink`.

The rule runs before markdown-it's own `link` and `image` rules, at the inline level, so a
wiki-link inside a code span or math is never seen. What the link names is decided later,
against the vault index; a token only records what was written (`meta["target"]`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from livegarden.vault.syntax import parse_wikilink

_INNER_RE = re.compile(r"[^\[\]\n]+")


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    """`[[inner]]` or `![[inner]]`; the inner text holds no bracket and no line break."""
    start = state.pos
    src = state.src
    is_embed = src.startswith("![[", start)
    if not is_embed and not src.startswith("[[", start):
        return False
    inner_start = start + (3 if is_embed else 2)
    # the inner text holds no bracket nor line break: stop at the first one (linear time)
    inner_match = _INNER_RE.match(src, inner_start, state.posMax)
    end = inner_match.end() if inner_match else inner_start
    if not src.startswith("]]", end) or end + 2 > state.posMax:
        return False
    inner = src[inner_start:end]
    if not inner.strip():
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = src[start : end + 2]
        token.meta = {"target": parse_wikilink(inner), "embed": is_embed}
    state.pos = end + 2
    return True


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Register the rule ahead of Markdown links and images."""
    md.inline.ruler.before("link", "wikilink", wikilink_rule)
