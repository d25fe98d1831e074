"""Typed options of the livegarden MkDocs plugin; nothing but configuration lives here."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt


class LivegardenConfig(base.Config):
    """Options under `plugins: - livegarden:` in mkdocs.yml."""

    publish = opt.Choice(("all", "digital-garden"), default="digital-garden")
    """Which notes become pages: every note, or only those with `dg-publish: true`."""
