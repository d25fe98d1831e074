"""Build a real vault in a temporary folder and render its notes with the real extensions."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown

from livegarden.obsidian.context import RenderContext, Reporter
from livegarden.obsidian.extension import ObsidianExtension
from livegarden.vault.index import VaultIndex
from livegarden.vault.publishing import PublishMode, PublishPolicy

EXTENSIONS: list[object] = [
    "toc",
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.arithmatex",
    "livegarden.obsidian.math",
]
CONFIGS = {"pymdownx.arithmatex": {"generic": True}}


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
        self.context = RenderContext(index=index, reporter=Reporter(logger))
        extension = ObsidianExtension(self.context)
        self.extensions = [*EXTENSIONS, extension]
        self.context.markdown_factory = self._markdown

    def _markdown(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=self.extensions, extension_configs=CONFIGS)

    def render(self, path: str, text: str | None = None) -> str:
        """HTML of note `path` (its body from the index unless `text` is given)."""
        note = self.index.notes[path]
        self.context.start_page(note, note.url)
        body = self.index.bodies[path] if text is None else text
        return str(self._markdown().convert(body))


class _ListHandler(logging.Handler):
    def __init__(self, records: list[str]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


PUBLISHED = "---\ndg-publish: true\n---\n"
