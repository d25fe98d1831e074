"""Find the runnable snippets of a note: a line-based fence scanner that knows note line numbers.

Hand-written because we need exact source lines (for `note.md:LINE` warnings and tracebacks) and
the same view of fences as the Markdown renderer: a longer fence hides shorter ones inside it,
an unclosed fence swallows the rest of the note, and YAML front matter is not Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livegarden.execution.options import SnippetOptions, parse_info

_OPENING = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True, slots=True)
class Fence:
    """One fenced code block; lines are 0-based indices into the scanned text's lines."""

    start: int
    end: int  # index of the closing fence line, or len(lines) when the fence is never closed
    indent: int
    marker: str
    info: str
    body: str
    is_closed: bool


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


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            return number + 1
    return 0


def scan_fences(text: str, *, skip_front_matter: bool = True) -> list[Fence]:
    """Every fenced code block of `text`, outermost only, in order."""
    lines = text.split("\n")
    fences: list[Fence] = []
    number = _front_matter_end(lines) if skip_front_matter else 0
    while number < len(lines):
        opening = _OPENING.match(lines[number])
        if opening is None or ("`" in opening["info"] and opening["fence"][0] == "`"):
            number += 1
            continue
        marker = opening["fence"]
        indent = len(opening["indent"])
        closing = re.compile(rf"^ *{re.escape(marker[0])}{{{len(marker)},}}\s*$")
        end = number + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body_lines = [_dedent(line, indent) for line in lines[number + 1 : end]]
        fences.append(
            Fence(
                start=number,
                end=end,
                indent=indent,
                marker=marker,
                info=opening["info"].strip(),
                body="\n".join(body_lines) + ("\n" if body_lines else ""),
                is_closed=end < len(lines),
            )
        )
        number = end + 1
    return fences


def _dedent(line: str, indent: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(indent, stripped) :]


def extract_snippets(note: str, text: str) -> list[Snippet]:
    """The runnable snippets of the note at vault path `note`, whose content is `text`."""
    snippets: list[Snippet] = []
    for fence in scan_fences(text):
        parsed = parse_info(fence.info)
        if parsed.options is None:
            continue
        problems = parsed.problems
        if not fence.is_closed:
            problems = (*problems, "this exec block is never closed; it was not run")
        snippets.append(
            Snippet(
                note=note,
                index=len(snippets),
                line=fence.start + 1,
                code=fence.body,
                options=parsed.options,
                problems=problems,
                is_closed=fence.is_closed,
            )
        )
    return snippets


def snippet_fences(text: str, *, skip_front_matter: bool = True) -> list[Fence]:
    """The fences of `text` that are snippets, in the order `extract_snippets` numbers them."""
    return [
        fence
        for fence in scan_fences(text, skip_front_matter=skip_front_matter)
        if parse_info(fence.info).options is not None
    ]
