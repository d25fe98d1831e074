"""Thin MkDocs hooks: each one creates or asks a collaborator from the MkDocs-free layers."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from livegarden.config import LivegardenConfig

log = logging.getLogger("mkdocs.plugins.livegarden")


def _frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    _, _, rest = text.partition("\n")
    block, sep, _ = rest.partition("\n---")
    data = yaml.safe_load(block) if sep else None
    return data if isinstance(data, dict) else {}


class LivegardenPlugin(BasePlugin[LivegardenConfig]):
    """Publishes the vault in `docs_dir` and runs its live code."""

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for file in files.documentation_pages():
            if _frontmatter(Path(file.abs_src_path or "")).get("dg-home") is True:
                file.dest_uri = "index.html"
                file.url = "./"
        return files
