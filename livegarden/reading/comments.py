"""`%%comments%%` removed from a note before it is parsed, line numbers kept.

Hand-written as a pre-pass (not a markdown-it rule) because Obsidian recognises a comment
before block structure: one may span paragraphs, lists and fences (a fence inside a comment is
comment text), while `%%` inside a fenced block or an inline code span is ordinary text. The
first of those three to open wins, scanning left to right, which no block or inline rule sees.
An unclosed `%%` hides the rest of the note, as in Obsidian. Every newline is kept, so each
later token's line map still points at the author's line.
"""

from __future__ import annotations

import re

_FENCE_RE = re.compile(
    r"^(?P<prefix>(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*)"
    r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_TOKEN_RE = re.compile(r"`+|%%")


def strip_comments(text: str) -> str:
    """`text` without its comments; every line break stays where it was."""
    if "%%" not in text:
        return text
    out: list[str] = []
    fence: str | None = None
    in_comment = False
    for line in text.split("\n"):
        if fence is not None:
            out.append(line)
            stripped = line.lstrip(" \t>")
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]).strip():
                fence = None
            continue
        if not in_comment:
            opening = _FENCE_RE.match(line)
            if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
                fence = opening["fence"]
                out.append(line)
                continue
        kept, in_comment = _strip_line(line, in_comment)
        out.append(kept)
    return "\n".join(out)


def _strip_line(line: str, in_comment: bool) -> tuple[str, bool]:
    """One line without its comment parts, and whether a comment is still open at its end."""
    out: list[str] = []
    position = 0
    while position <= len(line):
        if in_comment:
            end = line.find("%%", position)
            if end < 0:
                return "".join(out), True
            position, in_comment = end + 2, False
            continue
        match = _TOKEN_RE.search(line, position)
        if match is None:
            out.append(line[position:])
            break
        if match.group(0) == "%%":
            out.append(line[position : match.start()])
            position, in_comment = match.end(), True
            continue
        ticks = match.group(0)  # a code span: its content is kept whole, `%%` included
        closing = re.compile(rf"(?<!`){ticks}(?!`)").search(line, match.end())
        stop = match.end() if closing is None else closing.end()
        out.append(line[position:stop])
        position = stop
    return "".join(out), False
