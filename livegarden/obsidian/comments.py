"""`%%comments%%`, inline or spanning lines, removed before anything else reads the text.

Runs after fenced code is stashed (so `%%` in code blocks stays) and skips code spans; an
unclosed `%%` hides the rest of the note, as in Obsidian. Nothing of a comment reaches any output.
"""

from __future__ import annotations

from markdown.preprocessors import Preprocessor

from livegarden.vault.scanner import strip_comments


class CommentPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Drops every `%%…%%` span from the page's Markdown."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "%%" not in text:
            return lines
        stripped, _ = strip_comments(text)
        return stripped.split("\n")
