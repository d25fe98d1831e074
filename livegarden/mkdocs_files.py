"""MkDocs adapter: the vault's files are collected without following a symbolic link that
leaves the vault or loops.

MkDocs walks `docs_dir` following every link before any plugin event, so a link to the host's
files would be copied into the site and a link to a parent folder crashes the build. The smallest
override: `mkdocs.commands.build.get_files` is wrapped once; when the vault holds no refused
link it is MkDocs' own walk, unchanged; otherwise the same `File` objects are made from a walk
that skips the refused links (each named in one warning), and MkDocs' exclusions still apply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs.commands.build as build_module
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, set_exclusions

from livegarden.vault.links_on_disk import refused_links, vault_files

log = logging.getLogger("mkdocs.plugins.livegarden")
_MARK = "_livegarden_safe_walk"


def install_safe_walk() -> None:
    """Wrap MkDocs' file collection (once per process)."""
    original: Callable[[MkDocsConfig], Files] = getattr(build_module, "get_files")  # noqa: B009
    if getattr(original, _MARK, False):
        return

    def get_files(config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        refused = refused_links(docs_dir)
        if not refused:
            return original(config)
        for link in refused:
            log.warning(
                "%s: this symbolic link %s; nothing of it is published", link.path, link.reason
            )
        files = [
            File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
            for path in vault_files(docs_dir, refused)
        ]
        set_exclusions(files, config)
        return Files(files)

    wrapped: Any = get_files
    setattr(wrapped, _MARK, True)
    setattr(build_module, "get_files", wrapped)  # noqa: B010  # not exported: mypy
