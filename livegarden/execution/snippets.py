"""Find the runnable snippets of a note in its tokens: every fence whose info string says
`python exec`, wherever the parser found it (top level, callouts, quotes, list items).

The note is parsed once (livegarden.reading); a snippet is its fence token: the line is the
token's line map, the code is the token's content with container prefixes already removed.
Fences inside `%%comments%%` never reach the tokens, so they never run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

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
    is_refused: bool = False  # `file=` names a file outside the repository: never run or shown

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


def is_snippet_fence(token: Token) -> bool:
    """Whether a token is a `python exec` fence (the cheap test first: most fences are not)."""
    return (
        token.type == "fence"
        and "exec" in token.info
        and parse_info(token.info).options is not None
    )


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


def refuse_outside(snippets: list[Snippet], repo_root: Path) -> list[Snippet]:
    """The snippets, each `file=` that leaves the repository (absolute, `..`, or a symlink out
    of it) refused with a problem: it neither runs nor shows the file."""
    root = repo_root.resolve()
    checked: list[Snippet] = []
    for snippet in snippets:
        file = snippet.options.file
        problem = None
        if file is not None and not _inside(root, file):
            problem = f"file={file!r} is outside the repository; it was not run and is not shown"
        elif file is not None and not (root / file).is_file():
            problem = (
                f"file={file!r} is not a file of the repository (paths are relative to the "
                'repository root, e.g. file="snippets/tool.py"); it was not run'
            )
        elif file is not None and not os.access(root / file, os.R_OK):
            problem = f"file={file!r} cannot be read; it was not run"
        if problem is not None:
            snippet = replace(snippet, problems=(*snippet.problems, problem), is_refused=True)
        checked.append(snippet)
    return checked


def _inside(root: Path, file: str) -> bool:
    if not file or Path(file).is_absolute() or "\x00" in file:
        return False
    try:
        return (root / file).resolve().is_relative_to(root)
    except (OSError, ValueError):
        return False


def extract_snippets(note: str, text: str, parser: NoteParser | None = None) -> list[Snippet]:
    """The snippets of the note whose whole file content is `text` (parsed here)."""
    matter = parse_frontmatter(text)
    tokens = (parser or NoteParser()).parse(matter.body, matter.body_line)
    return snippets_from_tokens(note, tokens, text.split("\n"))
