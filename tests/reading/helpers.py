"""Build a real vault in a temporary folder and render its notes with the real renderer."""

from __future__ import annotations

import logging
from pathlib import Path

from livegarden.reading.context import PageContext, Reporter, SiteLinks
from livegarden.reading.document import read_document
from livegarden.reading.html import NoteRenderer
from livegarden.reading.parser import NoteParser
from livegarden.vault.index import VaultIndex
from livegarden.vault.publishing import PublishMode, PublishPolicy


def make_vault(
    root: Path, notes: dict[str, str], mode: PublishMode = "digital-garden"
) -> VaultIndex:
    """Write `notes` (path -> text; other suffixes are written as bytes of the text) and index."""
    for path, text in notes.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return VaultIndex.build(root, PublishPolicy(mode=mode))


class Renderer:
    """Renders notes of one index as pages, collecting the warnings logged."""

    def __init__(self, index: VaultIndex) -> None:
        self.index = index
        self.records: list[str] = []
        handler = _ListHandler(self.records)
        logger = logging.getLogger(f"livegarden-test-{id(self)}")
        logger.propagate = False
        logger.addHandler(handler)
        self.reporter = Reporter(logger)
        self.parser = NoteParser()
        self.renderer = NoteRenderer(self.parser)

    def render(self, path: str, text: str | None = None) -> str:
        """HTML of note `path` (its body from the index unless `text` is given)."""
        note = self.index.notes[path]
        context = PageContext(self.index, note, note.url, self.reporter, SiteLinks())
        if text is None:
            tokens = self.index.documents[path].tokens
        else:
            tokens = self.parser.parse(text, note.body_line)
            read_document(tokens, note.body_line + text.count("\n"))
        return self.renderer.render_page(context, tokens).html


class _ListHandler(logging.Handler):
    def __init__(self, records: list[str]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


PUBLISHED = "---\ndg-publish: true\n---\n"
