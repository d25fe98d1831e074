"""Display math `$$…$$` wherever Obsidian accepts it, kept intact for the math renderer.

pymdownx.arithmatex (generic mode) handles `$…$` and `$$…$$` blocks that stand alone between
blank lines. Obsidian also renders `$$…$$` that touches the text around it (no blank line before
or after, or in the middle of a line, also inside callouts); arithmatex leaves those as raw
dollars and lets `\\` and `_` be eaten as Markdown. This inline processor, registered just above
arithmatex's, takes them first and emits the same generic `\\[…\\]` form in display mode.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from re import Match
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

# `$$`, then escapes or anything but a backslash, dollar or stash marker, lazily, then `$$`.
DISPLAY_MATH_PATTERN = r"(?<!\\)\$\$(?!\$)(?P<math>(?:\\.|[^\\$\x02\x03])+?)\$\$"

# Between pymdownx's backtick (190: code spans win) and arithmatex-inline (189.9).
PRIORITY = 189.95


class DisplayMathProcessor(InlineProcessor):  # type: ignore[misc]  # Markdown ships no types
    """`$$ … $$` inside a paragraph -> `<span class="arithmatex lg-display">\\[ … \\]</span>`."""

    def handleMatch(self, m: Match[str], data: str) -> tuple[etree.Element, int, int]:
        element = etree.Element("span", {"class": "arithmatex lg-display"})
        element.text = AtomicString("\\[" + m.group("math").strip() + "\\]")
        return element, m.start(0), m.end(0)


class DisplayMathExtension(Extension):  # type: ignore[misc]  # Markdown ships no types
    """Registers `DisplayMathProcessor`; use together with arithmatex in generic mode."""

    def extendMarkdown(self, md: Markdown) -> None:
        processor = DisplayMathProcessor(DISPLAY_MATH_PATTERN, md)
        md.inlinePatterns.register(processor, "livegarden-display-math", PRIORITY)


def makeExtension(**kwargs: Any) -> DisplayMathExtension:  # Markdown's entry point name
    """Lets mkdocs.yml name this module under `markdown_extensions`."""
    return DisplayMathExtension(**kwargs)
