"""MkDocs adapter: where the pages the plugin generates (tags, execution report) go, and how
a written page reaches the site's root."""

from __future__ import annotations

import logging
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.livegarden")


def generated_page(
    files: Files, config: MkDocsConfig, source: str, content: str, *, in_nav: bool = True
) -> File:
    """A page the plugin generates, at `source`'s URL unless a note has it: the note keeps its
    URL and the generated page moves under `livegarden/` (said in the log). A page with
    `in_nav=False` (one per tag) is built but not listed in the navigation."""
    taken = {file.dest_uri for file in files}
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    candidate = File.generated(config, source, content=content, inclusion=inclusion)
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
        candidate = File.generated(config, moved, content=content, inclusion=inclusion)
    return candidate


def site_root(page: Page) -> str:
    """Relative path from the page's HTML file to the site root, e.g. `../../`."""
    folder = posixpath.dirname(page.file.dest_uri)
    if not folder:
        return ""
    return "../" * (folder.count("/") + 1)
