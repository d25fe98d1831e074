"""The one markdown-it-py parser a vault's notes are read with: CommonMark, GFM tables,
strikethrough and task lists, footnotes, dollar math, and Obsidian's own syntax.

Obsidian's reading view is CommonMark + GFM + its own syntax, and so is this parser; the
vault's `.obsidian/app.json` decides what Obsidian leaves to a setting (`strictLineBreaks`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from livegarden.reading.blocks import blocks_plugin
from livegarden.reading.callouts import callouts_plugin
from livegarden.reading.comments import strip_comments
from livegarden.reading.marks import marks_plugin
from livegarden.reading.nesting import MAX_NESTING, flatten_deep_nesting
from livegarden.reading.wikilinks import wikilinks_plugin

#: Inline tokens whose line in the note is worth knowing (for warnings and the index).
_LINED = frozenset({"wikilink", "link_open", "image", "tag"})
_MULTILINE = frozenset({"math_inline", "math_inline_double", "html_inline"})


@dataclass(frozen=True, slots=True)
class ReadingSettings:
    """The vault settings that change how a note reads."""

    strict_line_breaks: bool = False  # Obsidian's default: a single newline is a line break

    @classmethod
    def from_vault(cls, docs_dir: Path) -> ReadingSettings:
        """Read `.obsidian/app.json` (absent or unreadable: Obsidian's defaults)."""
        try:
            data = json.loads((docs_dir / ".obsidian" / "app.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(strict_line_breaks=data.get("strictLineBreaks") is True)


def _line_rule(state: StateCore) -> None:
    """Give links, embeds and tags the 0-based line they sit on (`meta["line"]`)."""
    for token in state.tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        line = token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in _LINED:
                child.meta["line"] = line
            elif child.type in _MULTILINE:  # their line breaks are inside their content
                line += child.content.count("\n")


def _math_blocks_close_on_their_own_line(md: MarkdownIt) -> None:
    """A `$$` block is one only when its closing `$$` ends a line: `$$ a $$and text` stays a
    paragraph, where the inline rule shows the math and then the text (as Obsidian does)."""
    rules = md.block.ruler.__rules__
    rule = next(r for r in rules if r.name == "math_block")
    original = rule.fn

    def math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        if line.startswith("$$") and not line.rstrip().endswith("$$", 2):
            for number in range(start + 1, end):
                text = state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]
                if not text.strip():
                    break
                if "$$" in text:
                    if not text.rstrip().endswith("$$"):
                        return False  # closed mid-line: inline display math
                    break
        result: bool = original(state, start, end, silent)
        return result

    rule.fn = math_block
    md.block.ruler.__cache__ = None  # the rule chains are rebuilt on next use


def make_parser(settings: ReadingSettings) -> MarkdownIt:
    """A parser for notes read under `settings`."""
    md = MarkdownIt(
        "commonmark",
        {"breaks": not settings.strict_line_breaks, "html": True, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough"])
    md.options["tasklists"] = True
    md.use(footnote_plugin)
    md.use(gfm_autolink_plugin)  # bare URLs are links in Obsidian, as in GFM
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        double_inline=True,
    )
    _math_blocks_close_on_their_own_line(md)
    md.use(wikilinks_plugin)
    md.use(marks_plugin)
    md.use(callouts_plugin)
    md.use(blocks_plugin)  # its rules go after `inline`; lines are found before they run
    md.core.ruler.after("inline", "lg_lines", _line_rule)
    return md


class NoteParser:
    """Parses note bodies into tokens whose line maps are file lines (0-based)."""

    def __init__(self, settings: ReadingSettings | None = None) -> None:
        self.settings = settings or ReadingSettings()
        self.md = make_parser(self.settings)

    def parse(
        self, body: str, first_line: int = 1, problems: list[tuple[int, str]] | None = None
    ) -> list[Token]:
        """Tokens of `body`, whose first line is file line `first_line` (1-based); what the
        author should know (a nesting too deep to show) goes to `problems` as (line, message)."""
        text, flattened = flatten_deep_nesting(strip_comments(body))
        if flattened is not None and problems is not None:
            problems.append(
                (
                    first_line + flattened,
                    "lists, quotes or callouts nest deeper than livegarden shows (20 levels); "
                    "the deeper lines are shown flat",
                )
            )
        tokens = self.md.parse(text, {})
        offset = first_line - 1
        if offset:
            _shift(tokens, offset)
        return tokens


def _shift(tokens: list[Token], offset: int) -> None:
    for token in tokens:
        if token.map is not None:
            token.map = [token.map[0] + offset, token.map[1] + offset]
        if "line" in token.meta:  # an embed (a block made from an inline token)
            token.meta["line"] += offset
        if token.children:
            for child in token.children:
                if "line" in child.meta:
                    child.meta["line"] += offset
