"""The MkDocs adapter links our assets once."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from livegarden.mkdocs_reader import register_assets


def config_with(tmp_path: Path, extensions: str) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nmarkdown_extensions:\n{extensions}", encoding="utf-8"
    )
    return load_config(str(tmp_path / "mkdocs.yml"))


def test_assets_are_linked_once_across_rebuilds(tmp_path: Path) -> None:
    config = config_with(tmp_path, "  - toc\n")
    register_assets(config)
    register_assets(config)
    assert config.extra_css == ["livegarden/livegarden.css"]
    assert [str(s) for s in config.extra_javascript] == [
        "livegarden/settings.js",
        "livegarden/math.js",
        "livegarden/graph.js",
        "livegarden/preview.js",
        "livegarden/figures.js",
        "livegarden/anchors.js",
    ]
