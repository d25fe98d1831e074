"""MkDocs adapter of the reader experience: asset links, last-update dates, and Material's
search index fetched on demand."""

from __future__ import annotations

import logging
import re
from functools import cache

import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from livegarden.emitters.assets import ASSETS, SCRIPTS, SITE_FOLDER, STYLESHEETS
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


_MATERIAL_BUNDLE = re.compile(
    r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>'
)


@cache
def _search_on_demand() -> str:
    return str(rjsmin.jsmin((ASSETS / "search-on-demand.js").read_text(encoding="utf-8")))


def defer_search_index(output: str) -> str:
    """Put `search-on-demand.js` in the page, inline, just before Material's bundle (it has to
    run first); a page without the bundle (a redirect, another theme) is left as it is."""
    match = _MATERIAL_BUNDLE.search(output)
    if match is None:
        return output
    script = f"<script>{_search_on_demand()}</script>"
    return output[: match.start()] + script + output[match.start() :]
