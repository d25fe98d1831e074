"""Find the runnable snippets of a note in its tokens: every fence whose info string says
`python exec`, wherever the parser found it (top level, callouts, quotes, list items).

The note is parsed once (livegarden.reading); a snippet is its fence token: the line is the
token's line map, the code is the token's content with container prefixes already removed.
Fences inside `%%comments%%` never reach the tokens, so they never run.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from livegarden.execution.options import SnippetOptions, parse_info
from livegarden.reading.parser import NoteParser
from livegarden.vault.frontmatter import parse_frontmatter


@dataclass(frozen=True, slots=True)
class Snippet:
    """One runnable block of a note. `line` is the 1-based line of its opening fence."""

    note: str
    index: int
    line: int
    code: str
    options: SnippetOptions
    problems: tuple[str, ...] = ()
    is_closed: bool = True

    @property
    def body_line(self) -> int:
        """The note line holding the first line of code."""
        return self.line + 1

    @property
    def label(self) -> str:
        """The test id and warning prefix, e.g. `Mainfolder/AI/Note.md:42`."""
        return f"{self.note}:{self.line}"


def _is_closed(fence: Token, lines: list[str]) -> bool:
    """Whether the fence ends with a closing fence line (an unclosed one runs to its container's
    end, and never runs)."""
    if fence.map is None:
        return False
    start, end = fence.map
    if end - 1 <= start or end - 1 >= len(lines):
        return False
    stripped = lines[end - 1].lstrip(" \t>").strip()
    marker = fence.markup
    return bool(stripped) and stripped.startswith(marker) and not stripped.strip(marker[0])


def snippets_from_tokens(note: str, tokens: list[Token], lines: list[str]) -> list[Snippet]:
    """The snippets of the note at vault path `note`: `tokens` come from its one parse (0-based
    file lines), `lines` are the note file's lines."""
    snippets: list[Snippet] = []
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        parsed = parse_info(token.info)
        if parsed.options is None:
            continue
        is_closed = _is_closed(token, lines)
        problems = parsed.problems
        if not is_closed:
            problems = (*problems, "this exec block is never closed; it was not run")
        snippets.append(
            Snippet(
                note=note,
                index=len(snippets),
                line=token.map[0] + 1,
                code=token.content,
                options=parsed.options,
                problems=problems,
                is_closed=is_closed,
            )
        )
    return snippets


def extract_snippets(note: str, text: str, parser: NoteParser | None = None) -> list[Snippet]:
    """The snippets of the note whose whole file content is `text` (parsed here)."""
    matter = parse_frontmatter(text)
    tokens = (parser or NoteParser()).parse(matter.body, matter.body_line)
    return snippets_from_tokens(note, tokens, text.split("\n"))
