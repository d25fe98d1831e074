"""The reader's assets land in the site, MathJax with its fonts, and none points at a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from livegarden.emitters.assets import (
    ASSETS,
    MATHJAX_FONTS,
    MATHJAX_SCRIPT,
    SCRIPTS,
    STYLESHEETS,
    ReaderSettings,
    emit_assets,
    mathjax_root,
)


def test_every_asset_and_mathjax_is_written(tmp_path: Path) -> None:
    written = emit_assets(tmp_path, ReaderSettings(graph_depth=2), browser_mathjax=True)
    site = tmp_path / "livegarden"
    for name in (*STYLESHEETS, *SCRIPTS):
        assert (site / name) in written and (site / name).stat().st_size > 0
    script = site / "mathjax" / MATHJAX_SCRIPT
    assert script.read_bytes() == mathjax_root().joinpath(MATHJAX_SCRIPT).read_bytes()
    emit_assets(tmp_path, ReaderSettings(graph_depth=2), browser_mathjax=False)
    assert not script.exists()  # math typeset at build time: 1.3 MB less in the site
    fonts = sorted(path.name for path in (site / "mathjax" / MATHJAX_FONTS).iterdir())
    assert "MathJax_Main-Regular.woff" in fonts and "MathJax_Size4-Regular.woff" in fonts
    assert len(fonts) >= 20


@pytest.mark.parametrize("depth", [1, 3])
def test_settings_carry_the_graph_depth(tmp_path: Path, depth: int) -> None:
    emit_assets(tmp_path, ReaderSettings(graph_depth=depth), browser_mathjax=False)
    settings = (tmp_path / "livegarden" / "settings.js").read_text(encoding="utf-8")
    assert f'{{"graphDepth": {depth}}}' in settings


def test_our_scripts_and_styles_are_written_minified(tmp_path: Path) -> None:
    emit_assets(tmp_path, ReaderSettings(), browser_mathjax=False)
    for name in ("graph.js", "livegarden.css"):
        source = (ASSETS / name).read_text(encoding="utf-8")
        written = (tmp_path / "livegarden" / name).read_text(encoding="utf-8")
        assert len(written) < 0.8 * len(source) and "/*" not in written, name


@pytest.mark.parametrize("name", [*STYLESHEETS, *(s for s in SCRIPTS if s != "settings.js")])
def test_our_assets_load_nothing_from_another_host(name: str) -> None:
    text = (ASSETS / name).read_text(encoding="utf-8")
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), name
