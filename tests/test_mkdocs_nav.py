"""Golden test of the per-folder navigation and header: every page of a real build is byte for
byte the page Material renders on its own (`navigation_per_folder: false`), under several feature
sets, and the caches really served the pages they should (a cache that always fell back to
Material would pass the first part).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from livegarden.plugin import LivegardenPlugin
from tests.conftest import BuildResult, run_mkdocs_build

# (folder, note name, front matter lines, body): every branch of Material's leaf entry
NOTES = [
    ("", "Home", ["dg-home: true", "title: Nav garden"], "# Nav garden\n\nStart.\n"),
    ("Alpha", "Plain Words", [], "No heading at all, so no table of contents.\n"),
    ("Alpha", "Only Title", [], "# Only Title\n\nAn h1 without sections.\n"),
    ("Alpha", "Full Outline", [], "# Full Outline\n\n## One\n\n### One A\n\n## Two\n\ntext\n"),
    ("Alpha", "Sections", [], "## First\n\ntext\n\n## Second\n\ntext\n"),
    ("Alpha", "R&D Notes", ["title: R&D <notes>"], "# R&D\n\n## Budget & plans\n\ntext\n"),
    ("Alpha", "Starred", ["icon: material/star"], "# Starred\n\n## Why\n\ntext\n"),
    ("Alpha", "Explained", ["subtitle: with a subtitle"], "## Part\n\ntext\n"),
    ("Alpha/Beta", "Deep One", [], "# Deep One\n\n## Section\n\ntext\n"),
    ("Alpha/Beta", "Deep Two", [], "## Section\n\ntext\n"),
    ("Alpha/Beta", "Deep Three", [], "plain\n"),
    ("Alpha/Beta/Gamma", "Deepest One", [], "# Deepest One\n\n## A\n\ntext\n"),
    ("Alpha/Beta/Gamma", "Deepest Two", [], "# Deepest Two\n\n## B\n\ntext\n"),
    ("Zeta", "Last One", [], "# Last One\n\n## A\n\ntext\n"),
    ("Zeta", "Last Two", [], "# Last Two\n\n## B\n\ntext\n"),
    ("Zeta", "Last Three", [], "# Last Three\n\n## C\n\ntext\n"),
]

CONFIG = """site_name: nav golden
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  font: false
  features: [{features}]
  palette:
    - scheme: default
      toggle: {{icon: material/weather-night, name: Dark}}
    - scheme: slate
      toggle: {{icon: material/weather-sunny, name: Light}}
plugins:
  - search
  - livegarden:
      publish: digital-garden
      execute: false
      execution_cache_dir: ""
      navigation_per_folder: {per_folder}
"""

REPO_FEATURES = (
    "navigation.instant, navigation.instant.progress, navigation.tracking, navigation.prune,"
    " navigation.top, navigation.footer, search.highlight, search.suggest, toc.follow,"
    " content.code.copy"
)
# id -> (features, full renders of the navigation expected with the cache). 18 renders: 404, home,
# the execution report and 15 notes. Full ones: 404, home, report (no folder mate); Alpha: the
# subtitle and icon pages (not the plain shape), its first plain page, and the first page of each
# shape of active entry not yet checked against Material's (the home page checked "h1 alone");
# Beta, Gamma, Zeta: their first page each. Every page is headed by its note's title (as Obsidian
# shows it), so a note without an H1 has the shape of one with an H1: 9 full renders, 9 spliced.
FEATURE_SETS = {
    "repo features": (REPO_FEATURES, 9),
    "prune only": ("navigation.prune", 9),
    "no prune": ("", 9),
    "sections, indexes, integrated toc": (
        "navigation.prune, navigation.sections, navigation.indexes, toc.integrate",
        9,
    ),
    "sticky tabs": ("navigation.prune, navigation.tabs, navigation.tabs.sticky", 9),
}


def _write_vault(root: Path) -> None:
    for folder, name, front, body in NOTES:
        path = root / "docs" / folder / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "\n".join(["---", "dg-publish: true", *front, "---", ""])
        path.write_text(header + body, encoding="utf-8")


def _build(root: Path, features: str, per_folder: bool) -> BuildResult:
    name = "cached" if per_folder else "material"
    config = root / f"mkdocs-{name}.yml"
    text = CONFIG.format(features=features, per_folder=str(per_folder).lower())
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(config, root / f"site-{name}")
    assert result.returncode == 0, result.log
    return result


@pytest.mark.parametrize(
    ("features", "full_renders"), list(FEATURE_SETS.values()), ids=list(FEATURE_SETS)
)
def test_every_page_is_materials_own(tmp_path: Path, features: str, full_renders: int) -> None:
    _write_vault(tmp_path)
    cached = _build(tmp_path, features, per_folder=True)
    material = _build(tmp_path, features, per_folder=False)
    pages = sorted(p.relative_to(cached.site_dir) for p in cached.site_dir.rglob("*.html"))
    assert pages == sorted(
        p.relative_to(material.site_dir) for p in material.site_dir.rglob("*.html")
    )
    assert len(pages) == 18  # 17 pages and 404.html
    for page in pages:
        ours = (cached.site_dir / page).read_text(encoding="utf-8")
        theirs = (material.site_dir / page).read_text(encoding="utf-8")
        assert ours == theirs, page
    counts = re.search(r"navigation rendered (\d+) times for (\d+) pages", cached.log)
    assert counts is not None, cached.log
    assert (int(counts[1]), int(counts[2])) == (full_renders, 18)


def test_active_entry_keeps_its_table_of_contents(tmp_path: Path) -> None:
    """A spliced page (not its folder's first) still has its own TOC in the nav and the sidebar."""
    _write_vault(tmp_path)
    site = _build(tmp_path, "navigation.prune", per_folder=True).site_dir
    html = (site / "Zeta/Last Three/index.html").read_text(encoding="utf-8")
    active = html[html.index("md-nav__item--active md-nav__item--nested") :]
    active = active[active.index('<li class="md-nav__item md-nav__item--active">') :]
    assert 'for="__toc"' in active.split("</li>")[0]
    assert html.count('<a href="#c" class="md-nav__link">') == 2  # narrow-screen nav + sidebar
    assert html.count("md-nav__link--active") == 2  # its label toggle and its link


def test_header_is_spliced_for_every_page_but_each_folders_first(tmp_path: Path) -> None:
    """In-process build (the plugin's own counters): Material renders one header per folder and
    kind of title (front matter or not), the cache the other pages' (404 has no page)."""
    _write_vault(tmp_path)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(CONFIG.format(features="navigation.prune", per_folder="true"))
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    build(config)
    plugin = config.plugins["livegarden"]
    assert isinstance(plugin, LivegardenPlugin) and plugin.vault is not None
    cache = plugin.vault.nav_cache
    # home, report, Beta, Gamma, Zeta: one each; Alpha: two (R&D Notes has a front-matter title)
    assert len(cache.headers) == 7
    assert cache.header_hits == 17 - 7
    assert cache.hits == 9
    build(config)  # as `mkdocs serve` rebuilds: the counters are this build's, not a running sum
    assert (cache.hits, cache.header_hits, len(cache.headers)) == (9, 17 - 7, 7)
