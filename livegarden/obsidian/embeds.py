"""Note transclusion: a line holding only `![[Note]]`, `![[Note#Heading]]` or `![[Note#^block]]`
becomes that note's (section's, block's) rendered HTML, guarded against recursion.

A preprocessor (after fenced code is stashed) because an embed is a block: it must not end up
inside a paragraph. An embed of an unpublished note embeds nothing. Embeds are left out of the
search index (`data-search-exclude`): their text is found on the page it comes from.
"""

from __future__ import annotations

import re
from html import escape

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from livegarden.obsidian.context import RenderContext
from livegarden.obsidian.links import report, resolve_link
from livegarden.vault.note import Note
from livegarden.vault.resolver import Resolved, Unpublished
from livegarden.vault.syntax import parse_wikilink

#: A line holding only an embed, possibly inside a quote or callout (`> ![[Note]]`).
_EMBED_LINE_RE = re.compile(
    r"^(?P<quote>(?:[ ]{0,3}>[ ]?)*)[ \t]{0,3}!\[\[(?P<inner>[^\[\]\n]+?)\]\][ \t]*$"
)


def embedded_text(context: RenderContext, note: Note, fragment: str) -> str:
    """The Markdown an embed shows: the whole body, one heading's section, or one block."""
    if context.index is None:
        return ""
    body = context.index.bodies.get(note.path, "")
    if not fragment:
        return body
    lines = body.split("\n")
    first = note.body_line
    if fragment.startswith("^"):
        block = note.block(fragment[1:])
        if block is None:
            return body
        chosen = lines[block.start_line - first : block.end_line - first + 1]
        chosen[-1] = re.sub(r"\s*\^[A-Za-z0-9-]+\s*$", "", chosen[-1])
        return "\n".join(chosen)
    heading = next((h for h in note.headings if h.id == fragment), None)
    if heading is None:
        return body
    return "\n".join(lines[heading.line - first : heading.end_line - first + 1])


class EmbedPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Replaces block-level note embeds with their rendered HTML (stashed as a raw block)."""

    def __init__(self, md: Markdown, context: RenderContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        if self.context.index is None:
            return lines
        out: list[str] = []
        for line in lines:
            match = _EMBED_LINE_RE.match(line) if "![[" in line else None
            replaced = self._embed(match) if match else None
            if match is None or replaced is None:
                out.append(line)
            else:
                quote = match.group("quote")
                out.extend((quote.rstrip(), quote + replaced, quote.rstrip()))
        return out

    def _embed(self, match: re.Match[str]) -> str | None:
        context = self.context
        target = parse_wikilink(match.group("inner"))
        outcome = resolve_link(context, target, markdown=False)
        if not isinstance(outcome, (Resolved, Unpublished)):
            return None  # images, files and unresolved names: the inline processor handles them
        raw = match.group(0)[len(match.group("quote")) :].strip()
        line = context.line_of(raw)
        report(context, line, raw.replace("\\|", "|"), outcome)
        if isinstance(outcome, Unpublished):
            return ""
        note = outcome.note
        html = context.render_embed(
            note, outcome.fragment, embedded_text(context, note, outcome.fragment)
        )
        href = escape(context.mark(context.note_href(note, outcome.fragment)), quote=True)
        title = escape(target.alias or (note.title if target.block else target.display))
        if html is None:
            context.warn(line, f"{raw} embeds a note that embeds this one; shown as a link")
            html = ""
        block = (
            f'<div class="lg-embed" data-search-exclude><p class="lg-embed-title">'
            f'<a class="lg-wikilink" href="{href}">{title}</a></p>\n{html}\n</div>'
        )
        return str(self.md.htmlStash.store(block))
