"""The MkDocs adapter links our assets once and sets up math for MathJax."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from livegarden.mkdocs_reader import ARITHMATEX, DISPLAY_MATH, register_assets, register_math


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
    ]


def test_math_is_set_up_when_the_config_forgot_it(tmp_path: Path) -> None:
    config = config_with(tmp_path, "  - toc\n")
    register_math(config)
    assert ARITHMATEX in config.markdown_extensions
    assert config.mdx_configs[ARITHMATEX] == {"generic": True}
    assert config.markdown_extensions.index(DISPLAY_MATH) > 0


@pytest.mark.parametrize(
    ("extensions", "warned"),
    [
        pytest.param("  - pymdownx.arithmatex\n", True, id="not-generic"),
        pytest.param("  - pymdownx.arithmatex:\n      generic: true\n", False, id="generic"),
    ],
)
def test_arithmatex_outside_generic_mode_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, extensions: str, warned: bool
) -> None:
    config = config_with(tmp_path, extensions)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.livegarden"):
        register_math(config)
    assert ("generic: true" in caplog.text) is warned
