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


def test_the_search_index_script_runs_before_materials_bundle() -> None:
    from livegarden.mkdocs_reader import defer_search_index

    page = (
        '<script id="__config" type="application/json">{}</script>'
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
        '<script src="../livegarden/graph.js"></script>'
    )
    out = defer_search_index(page)
    inline = out.index("search_index")
    assert out.index("__config") < inline < out.index("bundle.a5f9d56c") < out.index("graph.js")
    assert out.count("<script>") == 1
    redirect = "<html><head><meta http-equiv=refresh content='0;url=x'></head></html>"
    assert defer_search_index(redirect) == redirect
