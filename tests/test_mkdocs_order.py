"""Reading order: `order:` in frontmatter sorts the navigation and previous/next (a learning
path may cross folders); an explicit `nav:` in mkdocs.yml stays the author's order. Real builds."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_mkdocs_build

CONFIG = """site_name: order
theme: {{name: material, features: [navigation.footer]}}
plugins:
  - livegarden:
      publish: all
      execute: false
      execution_cache_dir: ""
{nav}"""

NOTES = {
    "Home.md": "---\ndg-home: true\n---\n# Home\n",
    "Basics/Zebra.md": "---\norder: 1\n---\n# Zebra\n",
    "Basics/Apple.md": "---\norder: 3\n---\n# Apple\n",
    "Basics/Mango.md": "# Mango\n",
    "Advanced/Kiwi.md": "---\norder: 2\n---\n# Kiwi\n",
    "Advanced/Banana.md": "# Banana\n",
}


def build(tmp_path: Path, nav: str = "", notes: dict[str, str] = NOTES):
    for name, text in notes.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text)
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(nav=nav))
    return run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")


def footer(site: Path, url: str) -> tuple[str | None, str | None]:
    html = (site / url / "index.html").read_text()
    found = []
    for kind in ("prev", "next"):
        match = re.search(rf'md-footer__link--{kind}"[^>]*aria-label="[^:]*: ([^"]*)"', html)
        found.append(match[1] if match else None)
    return found[0], found[1]


def nav_titles(site: Path) -> list[str]:
    html = (site / "index.html").read_text()
    primary = html[html.index("md-nav--primary") :]
    return re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', primary)


def test_order_sorts_folders_and_pages_and_previous_next_follows_it(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.returncode == 0, result.log
    titles = nav_titles(result.site_dir)
    # Home first; Basics holds order 1, Advanced order 2; unordered entries after ordered ones.
    assert [t for t in titles if t in ("Home", "Basics", "Advanced")][:3] == [
        "Home",
        "Basics",
        "Advanced",
    ]
    basics = [t for t in titles if t in ("Zebra", "Apple", "Mango")]
    assert basics[:3] == ["Zebra", "Apple", "Mango"]
    site = result.site_dir
    assert footer(site, "") == (None, "Zebra")
    assert footer(site, "Basics/Zebra") == ("Home", "Kiwi")  # across folders, by order
    assert footer(site, "Advanced/Kiwi") == ("Zebra", "Apple")
    assert footer(site, "Basics/Apple")[1] in ("Banana", "Mango")  # then the unordered rest


def test_an_explicit_nav_is_the_authors_order(tmp_path: Path) -> None:
    nav = "nav:\n  - Home.md\n  - Advanced/Banana.md\n  - Basics/Apple.md\n  - Basics/Zebra.md\n"
    result = build(tmp_path, nav)
    site = result.site_dir
    assert footer(site, "Advanced/Banana") == ("Home", "Apple")
    assert footer(site, "Basics/Apple") == ("Banana", "Zebra")


def test_an_order_that_is_not_a_number_is_reported_and_ignored(tmp_path: Path) -> None:
    notes = {**NOTES, "Basics/Mango.md": "---\norder: first\n---\n# Mango\n"}
    result = build(tmp_path, notes=notes)
    assert result.returncode != 0  # a warning under --strict
    assert "Basics/Mango.md:1: order: 'first' is not a number" in result.log
