"""Block ids (`^id` ending a paragraph or list item) become element ids; and `#tag` at the start
of a line stays a tag, not a heading (Obsidian needs a space after the `#`s of a heading)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import HashHeaderProcessor
from markdown.treeprocessors import Treeprocessor

from livegarden.vault.syntax import BLOCK_ID_RE

_LONE_ID_RE = re.compile(r"^\s*\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")
_NESTED = frozenset({"ul", "ol", "p", "div", "blockquote", "pre", "table", "details"})


class ObsidianHashHeaderProcessor(HashHeaderProcessor):  # type: ignore[misc]  # Markdown ships no types
    """`# Heading` is a heading; `#tag` is not."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)")


class BlockIdTreeprocessor(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types
    """`text ^abc` -> `<p id="^abc">text</p>`; a lone `^abc` names the block before it."""

    def run(self, root: etree.Element) -> None:
        if not getattr(self.md, "lg_block_pass", True):
            return
        for parent in list(root.iter()):
            children = list(parent)
            for position, element in enumerate(children):
                if element.tag == "p" and element.text and not len(element):
                    lone = _LONE_ID_RE.match(element.text)
                    if lone and position > 0:
                        children[position - 1].set("id", "^" + lone.group(1))
                        parent.remove(element)
                        continue
                if element.tag in ("p", "li"):
                    _take_trailing_id(element)


def _take_trailing_id(element: etree.Element) -> None:
    """Strip a trailing `^id` from the element's own text and make it the element's id."""
    inline = [child for child in element if child.tag not in _NESTED]
    if inline:
        last = inline[-1]
        text = last.tail or ""
        match = BLOCK_ID_RE.search(text)
        if match:
            last.tail = text[: match.start()].rstrip() + ("\n" if text.endswith("\n") else "")
            element.set("id", "^" + match.group(1))
        return
    text = element.text or ""
    match = BLOCK_ID_RE.search(text)
    if match:
        element.text = text[: match.start()].rstrip()
        element.set("id", "^" + match.group(1))
