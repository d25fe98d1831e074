"""Typed options of the livegarden MkDocs plugin; nothing but configuration lives here."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt


class LivegardenConfig(base.Config):
    """Options under `plugins: - livegarden:` in mkdocs.yml."""

    publish = opt.Choice(("all", "digital-garden"), default="digital-garden")
    """Which notes become pages: every note, or only those with `dg-publish: true`."""

    publish_files = opt.ListOfItems(opt.Type(str), default=[])
    """Files of the vault to publish even when no published note uses them (gitignore-style
    patterns, e.g. `CNAME`, `robots.txt`); mkdocs.yml's `extra_css`, `extra_javascript`, logo
    and favicon are always published."""

    navigation_per_folder = opt.Type(bool, default=True)
    """Render Material's navigation once per folder and reuse it for the folder's other pages
    (identical HTML, a fifth less build time on large vaults); off renders it for every page."""

    graph_depth = opt.Type(int, default=1)
    """How many links away from the current note the local graph on each page reaches."""

    execute = opt.Type(bool, default=True)
    """Run live code (`python exec` blocks) at build time; off shows the code without output."""

    execution_cache_dir = opt.Type(str, default=".livegarden-cache")
    """Folder of cached session results, relative to mkdocs.yml; empty string: no cache."""

    frozen_dir = opt.Type(str, default="snippets/.frozen")
    """Committed store of frozen results (`freeze`/`gpu` blocks), relative to mkdocs.yml."""

    execution_jobs = opt.Type(int, default=0)
    """Sessions run in parallel; 0 means one per CPU core."""

    memory_limit_mb = opt.Type(int, default=4096)
    """Address space a session may add on top of the warm interpreter; 0 means no cap."""

    output_limit_kb = opt.Type(int, default=2048)
    """Output a session may print before it is stopped as an output flood."""


class NotebookPagesConfig(base.Config):
    """Options under `plugins: - livegarden-notebooks:`: none of its own; mkdocs-jupyter's
    options are kept as written and checked by mkdocs-jupyter when a notebook loads it."""
