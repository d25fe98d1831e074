"""Typed options of the livegarden MkDocs plugin; nothing but configuration lives here."""

from __future__ import annotations

import difflib
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.base import ValidationError

from livegarden.vault.publishing import PUBLISH_MODES


class AtLeast(opt.Type[int]):
    """An integer option with a lower bound, saying what to write when it is below."""

    def __init__(self, minimum: int, default: int, meaning: str) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum
        self.meaning = meaning

    def run_validation(self, value: object) -> int:
        number: int = super().run_validation(value)
        if number < self.minimum:
            raise ValidationError(f"must be {self.minimum} or more ({self.meaning}); got {number}")
        return number


class LivegardenConfig(base.Config):
    """Options under `plugins: - livegarden:` in mkdocs.yml."""

    publish = opt.Choice(PUBLISH_MODES, default="digital-garden")
    """Which notes become pages: `digital-garden` (those with `dg-publish: true`), `explicit`
    (those with `publish: true` or `dg-publish: true`, as Obsidian Publish and Quartz's
    ExplicitPublish read them) or `all`; a note with `draft: true`, `publish: false` or
    `dg-publish: false` stays private in every mode."""

    publish_files = opt.ListOfItems(opt.Type(str), default=[])
    """Files of the vault to publish even when no published note uses them (gitignore-style
    patterns, e.g. `CNAME`, `robots.txt`); mkdocs.yml's `extra_css`, `extra_javascript`, logo
    and favicon are always published."""

    navigation_per_folder = opt.Type(bool, default=True)
    """Render Material's navigation once per folder and reuse it for the folder's other pages
    (identical HTML, a fifth less build time on large vaults); off renders it for every page."""

    graph_depth = AtLeast(0, 1, "0 shows the current note alone")
    """How many links away from the current note the local graph on each page reaches."""

    workers = AtLeast(0, 0, "0 means one per CPU core")
    """Processes that parse notes and render pages on a large vault; 0 means one per CPU
    core, 1 does everything in the build's own process."""

    page_cache_dir = opt.Type(str, default=".livegarden-cache/pages")
    """Folder of the page cache (each note's parse and page, reused while nothing they
    depend on changed), relative to mkdocs.yml; empty string: no cache on disk."""

    execute = opt.Type(bool, default=True)
    """Run live code (`python exec` blocks) at build time; off shows the code without output."""

    execution_cache_dir = opt.Type(str, default=".livegarden-cache")
    """Folder of cached session results, relative to mkdocs.yml; empty string: no cache."""

    frozen_dir = opt.Type(str, default="snippets/.frozen")
    """Committed store of frozen results (`freeze`/`gpu` blocks), relative to mkdocs.yml."""

    execution_jobs = AtLeast(0, 0, "0 means one per CPU core")
    """Sessions run in parallel; 0 means one per CPU core."""

    execution_backend = opt.Choice(("auto", "fork", "spawn"), default="auto")
    """The session server: `fork` (Linux: a session starts in a millisecond), `spawn` (every
    OS: a fresh, pre-warmed process per session), `auto` (fork on Linux, spawn elsewhere;
    the environment variable LIVEGARDEN_BACKEND overrides auto)."""

    memory_limit_mb = AtLeast(0, 4096, "0 means no cap")
    """Address space a session may add on top of the warm interpreter; 0 means no cap."""

    output_limit_kb = AtLeast(1, 2048, "kibibytes a session may produce")
    """Output a session may print before it is stopped as an output flood."""

    def validate(self) -> tuple[Any, Any]:
        """MkDocs' checks, and an unknown option is an error naming the closest one (a typo
        such as `publsh: all` would otherwise leave the default in force with a warning)."""
        failed, warnings = super().validate()
        kept = []
        for key, message in warnings:
            if str(message).startswith("Unrecognised configuration name"):
                close = difflib.get_close_matches(key, sorted(self._schema_keys), n=1)
                hint = f"did you mean {close[0]}?" if close else "see the options in the README"
                failed.append((key, ValidationError(f"unknown livegarden option; {hint}")))
            else:
                kept.append((key, message))
        return failed, kept


class NotebookPagesConfig(base.Config):
    """Options under `plugins: - livegarden-notebooks:`: none of its own; mkdocs-jupyter's
    options are kept as written and checked by mkdocs-jupyter when a notebook loads it."""
