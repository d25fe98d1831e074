"""Limits on how deep lists, quotes and callouts nest, so no note can make the parser drop text.

markdown-it stops parsing (and silently drops the rest of a block) past its nesting limit, and
its parser recurses once per level. Lines nested deeper than the limits here are shown flat at
the deepest allowed level instead, and the author is told where: nothing is lost. Written by
hand: it counts leading `>` markers and indentation, which no library exposes as a step.
"""

from __future__ import annotations

MAX_QUOTE_DEPTH = 20  # `>` markers (quotes and callouts) on one line
MAX_INDENT_COLUMNS = 40  # leading white space: 20 levels of two-space lists, 10 of four
# markdown-it's token nesting limit; the two above stay below it. It also bounds how far the
# inline parser looks ahead for a link label at every `[`, so it is kept low (linear time).
MAX_NESTING = 50
_TAB = 4


def _quote_depth(line: str) -> tuple[int, int]:
    """How many `>` markers start `line`, and where the markers end."""
    depth = position = 0
    end = 0
    while position < len(line) and line[position] in " \t>":
        if line[position] == ">":
            depth += 1
            end = position + 1
        position += 1
    return depth, end


def _indent(line: str) -> tuple[int, int]:
    """Columns of leading white space (tabs to 4) and its length in characters."""
    columns = 0
    for position, char in enumerate(line):
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += _TAB - columns % _TAB
        else:
            return columns, position
    return columns, len(line)


def flatten_deep_nesting(text: str) -> tuple[str, int | None]:
    """`text` with over-deep lines flattened, and the 0-based index of the first one (None
    when every line is within the limits: the text comes back unchanged)."""
    lines = text.split("\n")
    first: int | None = None
    for number, line in enumerate(lines):
        if not line or line[0] not in " \t>":
            continue
        depth, end = _quote_depth(line)
        if depth > MAX_QUOTE_DEPTH:
            line = "> " * MAX_QUOTE_DEPTH + line[end:].lstrip(" ")
        columns, length = _indent(line)
        if columns > MAX_INDENT_COLUMNS:
            line = " " * MAX_INDENT_COLUMNS + line[length:]
        if line != lines[number]:
            lines[number] = line
            first = number if first is None else first
    if first is None:
        return text, None
    return "\n".join(lines), first
