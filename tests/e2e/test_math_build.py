"""Math typeset at build time, and what a build without Node.js does instead."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_mkdocs_build

FIXTURE = Path(__file__).parent / "vault_fixture"
SCRIPT = Path("livegarden/mathjax/tex-chtml-full.js")


def test_pages_arrive_typeset_and_the_browser_script_is_not_shipped(tmp_path: Path) -> None:
    result = run_mkdocs_build(FIXTURE / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.log
    html = (result.site_dir / "Garden/Syntax/index.html").read_text(encoding="utf-8")
    assert "<mjx-container" in html and "\\(" not in html
    assert not (result.site_dir / SCRIPT).exists()
    assert any((result.site_dir / "livegarden/mathjax").rglob("MathJax_Main-Regular.woff"))


def test_without_node_the_build_says_so_and_ships_mathjax_for_the_browser(tmp_path: Path) -> None:
    result = run_mkdocs_build(
        FIXTURE / "mkdocs.yml", tmp_path / "site", strict=False, env={"LIVEGARDEN_NODE": "none"}
    )
    assert result.returncode == 0, result.log
    assert result.log.count("math is left to the reader's browser: no Node.js found") == 1
    html = (result.site_dir / "Garden/Syntax/index.html").read_text(encoding="utf-8")
    assert '<span class="arithmatex" data-search-exclude>\\(x_i\\)</span>' in html
    assert "<mjx-container" not in html
    assert (result.site_dir / SCRIPT).stat().st_size > 1_000_000
