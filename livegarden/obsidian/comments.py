"""`%%comments%%`, inline or spanning lines, removed before anything else reads the text; and a
first look at the text saying which tree passes it needs.

Runs after fenced code is stashed (so `%%` in code blocks stays) and skips code spans; an
unclosed `%%` hides the rest of the note, as in Obsidian. Nothing of a comment reaches any output.
"""

from __future__ import annotations

from markdown.preprocessors import Preprocessor

from livegarden.vault.scanner import strip_comments


class PassesPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Notes on the Markdown instance which tree passes this text needs: most pages hold no
    Markdown link (`](`, `]:`, raw `<a`) and no `^block-id`, and skip walking the whole tree."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.md.lg_link_pass = "](" in text or "]:" in text or "<" in text
        self.md.lg_block_pass = "^" in text
        return lines


class CommentPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Drops every `%%…%%` span from the page's Markdown."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "%%" not in text:
            return lines
        stripped, _ = strip_comments(text)
        return stripped.split("\n")
