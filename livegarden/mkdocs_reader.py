"""MkDocs adapter of the reader experience: asset links and last-update dates."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from livegarden.emitters.assets import SCRIPTS, SITE_FOLDER, STYLESHEETS
from livegarden.history import History

log = logging.getLogger("mkdocs.plugins.livegarden")


def register_assets(config: MkDocsConfig) -> None:
    """Link our stylesheet and scripts from every page (once, also across `serve` rebuilds)."""
    for name in STYLESHEETS:
        path = f"{SITE_FOLDER}/{name}"
        if path not in config.extra_css:
            config.extra_css.append(path)
    present = {str(script) for script in config.extra_javascript}
    for name in SCRIPTS:
        path = f"{SITE_FOLDER}/{name}"
        if path not in present:
            config.extra_javascript.append(path)


def set_last_update(page: Page, history: History) -> None:
    """Fill `revision_date`, which Material shows at the foot of the page."""
    if page.file.src_uri and "revision_date" not in page.meta:
        page.meta["revision_date"] = history.last_update(page.file.src_uri).strftime("%B %-d, %Y")
