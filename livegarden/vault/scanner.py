"""A light, line-based lexer that reads what the index needs from a note body in one pass.

It knows fences, inline code spans and `%%comments%%`, so links and tags inside code or comments
are not seen; the Markdown processors that render pages use the same patterns (`syntax.py`).
A full Markdown parse per note at index time would double the build's cost for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livegarden.vault.note import Block, Heading, LinkRef
from livegarden.vault.slugs import HeadingIds, heading_text
from livegarden.vault.syntax import (
    BLOCK_ID_RE,
    MDLINK_RE,
    TAG_RE,
    WIKILINK_RE,
    parse_markdown_href,
    parse_wikilink,
)

_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(`{3,}|~{3,})(.*)$")
_QUOTE_PREFIX_RE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_INLINE_MATH_RE = re.compile(r"\$[^$\n]+\$")
_CODE_OR_COMMENT_RE = re.compile(r"`+|%%")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_PLAIN_START_RE = re.compile(r"^ {0,3}(?![-*+>|#]|\d+[.)]|<|\$\$)\S")
_ATTR_LIST_RE = re.compile(r"[ \t]*\{:?[ \t]*([^}]*)\}[ \t]*$")


@dataclass(frozen=True, slots=True)
class ScannedBody:
    """What one pass over a note body found."""

    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    tags: tuple[str, ...]
    links: tuple[LinkRef, ...]


def strip_comments(text: str, *, in_comment: bool = False) -> tuple[str, bool]:
    """Remove `%%comments%%` (skipping code spans); returns the text and whether a comment is
    still open at its end. An unclosed `%%` comments out the rest, as in Obsidian."""
    out: list[str] = []
    position = 0
    while True:
        if in_comment:
            end = text.find("%%", position)
            if end < 0:
                return "".join(out), True
            position = end + 2
            in_comment = False
            continue
        match = _CODE_OR_COMMENT_RE.search(text, position)
        if match is None:
            out.append(text[position:])
            return "".join(out), False
        token = match.group(0)
        if token == "%%":
            out.append(text[position : match.start()])
            position = match.end()
            in_comment = True
            continue
        paragraph_end = text.find("\n\n", match.end())
        closing = re.compile(rf"(?<!`){token}(?!`)").search(
            text, match.end(), len(text) if paragraph_end < 0 else paragraph_end
        )
        if closing is None:
            out.append(text[position : match.end()])
            position = match.end()
        else:
            out.append(text[position : closing.end()])
            position = closing.end()


def blank_code_spans(text: str) -> str:
    """Replace inline code spans and inline math with spaces, keeping other positions."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", blank, text)
    return _INLINE_MATH_RE.sub(blank, text)


def scan_body(body: str, first_line: int, ids: HeadingIds) -> ScannedBody:
    """Scan `body`, whose first line is file line `first_line`."""
    headings: list[tuple[int, str, str, int]] = []
    blocks: list[Block] = []
    tags: dict[str, None] = {}
    links: list[LinkRef] = []
    fence: str | None = None
    in_comment = False
    paragraph_start = first_line
    setext: tuple[int, str] | None = None  # a block's first line, which `===` may make a heading
    previous_start = first_line
    lines = body.split("\n")
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if fence is not None:
            match = _FENCE_RE.match(raw)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not match.group(2).strip()
            ):
                fence = None
            continue
        if not in_comment and ("```" in raw or "~~~" in raw):
            match = _FENCE_RE.match(raw)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                continue
        if in_comment or "%%" in raw:
            line, in_comment = strip_comments(raw, in_comment=in_comment)
        else:
            line = raw
        content = _QUOTE_PREFIX_RE.sub("", line) if ">" in line else line
        if not content.strip():
            setext = None
            if paragraph_start <= number - 1:
                previous_start = paragraph_start
            paragraph_start = number + 1
            continue
        indented = raw.startswith((" " * 4, "\t"))
        if setext is not None and not indented and _SETEXT_RE.match(content):
            level = 1 if content.lstrip().startswith("=") else 2
            headings.append((level, *_heading(setext[1], ids), setext[0]))
            setext = None
            continue
        setext = None
        heading = _HEADING_RE.match(content)
        if heading and not indented:
            headings.append((len(heading.group(1)), *_heading(heading.group(2) or "", ids), number))
        elif paragraph_start == number and content == line and _PLAIN_START_RE.match(content):
            setext = (number, content)
        # cheap substring tests first: most lines hold no link, tag or block id at all
        visible = blank_code_spans(content) if "`" in content or "$" in content else content
        if "[[" in visible:
            for match in WIKILINK_RE.finditer(visible):
                target = parse_wikilink(match.group(2))
                links.append(LinkRef(number, match.group(0), target, bool(match.group(1)), True))
        if "](" in visible:
            for match in MDLINK_RE.finditer(visible):
                md_target = parse_markdown_href(match.group(3))
                if md_target is not None:
                    links.append(
                        LinkRef(number, match.group(0), md_target, bool(match.group(1)), False)
                    )
        if "#" in visible:
            for match in TAG_RE.finditer(WIKILINK_RE.sub(" ", MDLINK_RE.sub(" ", visible))):
                tags.setdefault(match.group(1), None)
        block = BLOCK_ID_RE.search(visible) if "^" in visible else None
        if block:
            stripped = content.strip()
            is_item = bool(re.match(r"^(?:[-*+]|\d+[.)])\s", stripped))
            if stripped == "^" + block.group(1) and paragraph_start == number:
                # `^id` alone after a blank line names the block before it (tables, quotes)
                blocks.append(Block(block.group(1), previous_start, number))
            else:
                blocks.append(Block(block.group(1), number if is_item else paragraph_start, number))
    last_line = first_line + len(lines) - 1
    return ScannedBody(
        headings=_with_section_ends(headings, last_line),
        blocks=tuple(blocks),
        tags=tuple(tags),
        links=tuple(links),
    )


def _heading(markdown: str, ids: HeadingIds) -> tuple[str, str]:
    """A heading's plain text and id: `{#custom}` (attr_list) wins over the slug."""
    attrs = _ATTR_LIST_RE.search(markdown)
    if attrs:
        markdown = markdown[: attrs.start()]
        custom = re.search(r"(?:^|\s)#([\w-]+)", attrs.group(1))
        if custom:
            return heading_text(markdown), ids.take(custom.group(1))
    text = heading_text(markdown)
    return text, ids.next_id(text)


def _with_section_ends(
    found: list[tuple[int, str, str, int]], last_line: int
) -> tuple[Heading, ...]:
    result: list[Heading] = []
    for index, (level, text, heading_id, line) in enumerate(found):
        end = last_line
        for later_level, _, _, later_line in found[index + 1 :]:
            if later_level <= level:
                end = later_line - 1
                break
        result.append(Heading(level, text, heading_id, line, end))
    return tuple(result)
