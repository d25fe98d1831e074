"""Obsidian callouts (`> [!tip]+ Title`) rendered as Material admonitions.

`-`/`+` make a collapsible `<details>` (closed/open), as pymdownx.details renders them; without
them a `<div class="admonition">`. Nested callouts are callouts inside the body.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor

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

_HEADER_RE = re.compile(r"^[ ]{0,3}>[ ]?\[!([^\]\n]+)\]([+-]?)[ \t]*(.*)$")
_QUOTE_RE = re.compile(r"^[ ]{0,3}>[ ]?")


def callout_classes(kind: str) -> str:
    """CSS classes for a callout type: known types as they are, others styled as `note`."""
    clean = re.sub(r"[^a-z0-9-]", "-", kind.strip().lower()).strip("-") or "note"
    return clean if clean in CALLOUT_TYPES else f"note lg-callout-{clean}"


class CalloutProcessor(BlockProcessor):  # type: ignore[misc]  # Markdown ships no types
    """A blockquote whose first line is `[!type]` becomes an admonition."""

    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)

    def test(self, parent: etree.Element, block: str) -> bool:
        return _callout_start(block.split("\n")) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        start = _callout_start(lines)
        assert start is not None  # test() found it
        if start:
            self.parser.parseBlocks(parent, ["\n".join(lines[:start])])
        end = start + 1
        while end < len(lines) and _QUOTE_RE.match(lines[end]):
            end += 1
        if end < len(lines):
            blocks.insert(0, "\n".join(lines[end:]))
        header = _HEADER_RE.match(lines[start])
        assert header is not None  # _callout_start matched this line
        kind, fold, title = header.group(1), header.group(2), header.group(3).strip()
        body = _separate_nested(
            [_QUOTE_RE.sub("", line, count=1) for line in lines[start + 1 : end]]
        )
        classes = callout_classes(kind)
        shown = title or kind.strip().capitalize()
        if fold:
            box = etree.SubElement(parent, "details", {"class": classes})
            if fold == "+":
                box.set("open", "open")
            heading = etree.SubElement(box, "summary")
        else:
            box = etree.SubElement(parent, "div", {"class": f"admonition {classes}"})
            heading = etree.SubElement(box, "p", {"class": "admonition-title"})
        heading.text = shown
        if body.strip():
            self.parser.parseChunk(box, body)


def _callout_start(lines: list[str]) -> int | None:
    """The line where a callout starts: a `> [!type]` line that does not continue a quote."""
    for number, line in enumerate(lines):
        if _HEADER_RE.match(line) and (number == 0 or not _QUOTE_RE.match(lines[number - 1])):
            return number
    return None


def _separate_nested(lines: list[str]) -> str:
    """Put a blank line before a nested quote or callout that follows text directly, so it
    starts a block of its own (Obsidian does not need the blank line; Markdown does)."""
    out: list[str] = []
    for number, line in enumerate(lines):
        if (
            number
            and _QUOTE_RE.match(line)
            and out[-1].strip()
            and not _QUOTE_RE.match(lines[number - 1])
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)
