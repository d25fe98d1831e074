"""Inline Obsidian marks: `==highlight==` and `#tags` (linked to the tags page)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from re import Match

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor

from livegarden.obsidian.context import RenderContext
from livegarden.vault.syntax import TAG_RE

HIGHLIGHT_PATTERN = r"(?<!=)==(?![=\s])(.+?)(?<![=\s])==(?!=)"


class HighlightProcessor(InlineProcessor):  # type: ignore[misc]  # Markdown ships no types
    """`==text==` -> `<mark>text</mark>` (the text keeps its own inline Markdown)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(HIGHLIGHT_PATTERN, md)

    def handleMatch(self, m: Match[str], data: str) -> tuple[etree.Element, int, int]:
        mark = etree.Element("mark")
        mark.text = m.group(1)
        return mark, m.start(0), m.end(0)


class TagProcessor(InlineProcessor):  # type: ignore[misc]  # Markdown ships no types
    """`#tag` or `#nested/tag` -> `<a class="lg-tag" href="…tags/#tag">#tag</a>`."""

    def __init__(self, md: Markdown, context: RenderContext) -> None:
        super().__init__(TAG_RE.pattern, md)
        self.context = context

    def handleMatch(self, m: Match[str], data: str) -> tuple[etree.Element, int, int]:
        tag = m.group(1).strip("/")
        anchor = etree.Element(
            "a", {"class": "lg-tag", "href": "", "data-lg-href": self.context.tag_href(tag)}
        )
        anchor.text = "#" + m.group(1)
        return anchor, m.start(0), m.end(0)
