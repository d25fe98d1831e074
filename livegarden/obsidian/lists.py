"""List nesting as Obsidian reads it: a line indented to an item's content column nests under it.

Obsidian follows CommonMark, where `- a` followed by `  - b` (two spaces) is a nested list;
Python-Markdown nests only at four spaces and flattens such lists. This preprocessor re-indents
list lines to four spaces per nesting level, computed with CommonMark's content-column rule, so
the page shows the structure the author sees in Obsidian. Lines outside lists are untouched, and
fenced code is already stashed when it runs. mdx-truly-sane-lists fixes the indent width to one
number for the whole page instead, which breaks notes that mix two- and four-space nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.preprocessors import Preprocessor

_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+|$)(?P<rest>.*)$"
)
_TAB_WIDTH = 4
_LEVEL_WIDTH = 4


@dataclass(frozen=True, slots=True)
class _OpenItem:
    content_column: int  # where the item's text starts in the author's indentation


def _width(whitespace: str) -> int:
    column = 0
    for char in whitespace:
        column = column + _TAB_WIDTH - column % _TAB_WIDTH if char == "\t" else column + 1
    return column


def normalise_list_indentation(lines: list[str]) -> list[str]:
    """Return `lines` with nested list items and their continuation lines at 4 spaces a level."""
    out: list[str] = []
    stack: list[_OpenItem] = []
    previous_blank = False
    for line in lines:
        if not line.strip():
            out.append(line)
            previous_blank = True
            continue
        stripped = line.lstrip(" \t")
        indent = _width(line[: len(line) - len(stripped)])
        item = _ITEM.match(line)
        if item and (stack or indent < _LEVEL_WIDTH):
            while stack and indent < stack[-1].content_column:
                stack.pop()
            marker, rest = item["marker"], item["rest"]
            gap = _width(item["gap"]) if rest else 1
            gap = gap if 1 <= gap <= 4 else 1  # five or more spaces: code inside the item
            stack.append(_OpenItem(indent + len(marker) + gap))
            new_indent = " " * (_LEVEL_WIDTH * (len(stack) - 1))
            out.append(f"{new_indent}{marker} {rest}" if rest else f"{new_indent}{marker}")
        elif stack and indent >= stack[0].content_column:
            while indent < stack[-1].content_column:
                stack.pop()
            extra = indent - stack[-1].content_column
            out.append(" " * (_LEVEL_WIDTH * len(stack) + extra) + stripped)
        else:
            if previous_blank:
                stack.clear()  # a paragraph after a blank line at the margin ends the list
            out.append(line)
        previous_blank = False
    return out


class ListIndentPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Re-indents nested lists so Python-Markdown nests them where Obsidian does."""

    def run(self, lines: list[str]) -> list[str]:
        return normalise_list_indentation(lines)
