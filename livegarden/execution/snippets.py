"""Find the runnable snippets of a note: a line-based fence scanner that knows note line numbers.

Hand-written because we need exact source lines (for `note.md:LINE` warnings and tracebacks) and
the same view of fences as the Markdown renderer: a longer fence hides shorter ones inside it,
an unclosed fence swallows the rest of the note, and YAML front matter is not Markdown.
Like the vault scanner, it reads `%%comments%%` outside fences (a fence inside a comment is
comment text: it is never shown, so it never runs) and fences inside callouts and quotes (`> `
lines), which run like any other: a callout is only a container.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livegarden.execution.options import SnippetOptions, parse_info
from livegarden.vault.scanner import strip_comments

_OPENING = re.compile(
    r"^(?P<quote>(?: {0,3}>[ ]?)*)(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)


@dataclass(frozen=True, slots=True)
class Fence:
    """One fenced code block; lines are 0-based indices into the scanned text's lines."""

    start: int
    end: int  # index of the closing fence line, or of the fence's last line when never closed
    indent: int
    marker: str
    info: str
    body: str
    is_closed: bool
    quote: str = ""  # the `> ` prefix of a fence inside a callout or quote ("" at top level)

    def prefixed(self, line: str) -> str:
        """`line` (of a replacement) put back inside the fence's container and indentation."""
        if not line:
            return self.quote.rstrip()
        return self.quote + " " * self.indent + line


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
    """Every fenced code block of `text` outside comments, outermost only, in order.

    A fence inside a quote ends with its closing fence or, unclosed, where the quote ends.
    """
    return _scan(text, skip_front_matter=skip_front_matter).fences


def commented_fence_lines(text: str, *, skip_front_matter: bool = True) -> list[int]:
    """0-based indices of lines inside `%%comments%%` that look like fence lines.

    Python-Markdown's fence matching does not know comments, so such a line could pair with a
    fence outside the comment; blanking them (the comment is removed anyway) keeps pages whole.
    """
    return _scan(text, skip_front_matter=skip_front_matter).commented


def uncommented_lines(text: str) -> list[str]:
    """The lines of `text` with `%%comments%%` removed outside fences (as many lines as before)."""
    return _scan(text, skip_front_matter=True).visible


@dataclass(frozen=True, slots=True)
class _Scan:
    fences: list[Fence]
    commented: list[int]  # fence-like lines wholly inside comments
    visible: list[str]  # every line, with comments outside fences removed


def _scan(text: str, *, skip_front_matter: bool) -> _Scan:
    lines = text.split("\n")
    fences: list[Fence] = []
    commented: list[int] = []
    visible = list(lines)
    number = _front_matter_end(lines) if skip_front_matter else 0
    in_comment = False
    while number < len(lines):
        opening = _OPENING.match(lines[number])
        if in_comment and opening is not None:
            if strip_comments(lines[number], in_comment=True)[1]:
                commented.append(number)  # wholly inside the comment (no `%%` closes it here)
            opening = None
        if opening is None or ("`" in opening["info"] and opening["fence"][0] == "`"):
            if in_comment or "%%" in lines[number]:  # most lines hold no comment at all
                visible[number], in_comment = strip_comments(lines[number], in_comment=in_comment)
            number += 1
            continue
        marker = opening["fence"]
        indent = len(opening["indent"])
        depth = opening["quote"].count(">")
        container = re.compile(rf"^(?: {{0,3}}>[ ]?){{{depth}}}")
        closing = re.compile(rf"^ *{re.escape(marker[0])}{{{len(marker)},}}\s*$")
        end = number + 1
        body_lines = []
        ended_by_container = False
        while end < len(lines):
            inside = container.match(lines[end])
            if inside is None:
                ended_by_container = True
                break
            content = lines[end][inside.end() :]
            if closing.match(content):
                break
            body_lines.append(_dedent(content, indent))
            end += 1
        is_closed = end < len(lines) and not ended_by_container
        fences.append(
            Fence(
                start=number,
                end=end if is_closed else end - 1,
                indent=indent,
                marker=marker,
                info=opening["info"].strip(),
                body="\n".join(body_lines) + ("\n" if body_lines else ""),
                is_closed=is_closed,
                quote=opening["quote"],
            )
        )
        number = end + 1 if is_closed else end
    return _Scan(fences, commented, visible)


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
