"""MkDocs adapter: where the pages the plugin generates (tags, execution report) go."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.livegarden")


def generated_page(files: Files, config: MkDocsConfig, source: str, content: str) -> File:
    """A page the plugin generates, at `source`'s URL unless a note has it: the note keeps its
    URL and the generated page moves under `livegarden/` (said in the log)."""
    taken = {file.dest_uri for file in files}
    candidate = File.generated(config, source, content=content)
    number = 0
    while candidate.dest_uri in taken:
        number += 1
        moved = f"livegarden/{source}" if number == 1 else f"livegarden/{number}/{source}"
        log.info(
            "livegarden: a note has the URL '%s'; the generated page %s moves to %s",
            candidate.url,
            source,
            moved,
        )
        candidate = File.generated(config, moved, content=content)
    return candidate
