"""URLs that cannot collide: generated pages step aside for notes, aliases become redirects
that never cover a page, and configured Markdown extensions that do not apply are named."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import run_mkdocs_build

CONFIG = """site_name: urls
site_url: https://example.org/garden/
docs_dir: docs
theme: {name: material, font: false}
plugins:
  - search
  - livegarden:
      execute: false
      execution_cache_dir: ""
"""
PUBLISHED = "---\ndg-publish: true\n{extra}---\n"


HOME = {"Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n"}


def _vault(root: Path, notes: dict[str, str], config: str = CONFIG) -> None:
    for path, text in {**HOME, **notes}.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def test_a_note_keeps_the_url_tags_and_the_tags_page_moves(tmp_path: Path) -> None:
    _vault(
        tmp_path,
        {
            "My Tags.md": PUBLISHED.format(extra="permalink: tags\n") + "# My Tags\n\nMINE #t\n",
            "Other.md": PUBLISHED.format(extra="") + "See [the tag list](tags.md). #t\n",
        },
    )
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.log
    site = result.site_dir
    assert "MINE" in (site / "tags/index.html").read_text(encoding="utf-8")
    moved = (site / "livegarden/tags/index.html").read_text(encoding="utf-8")
    assert '<a href="../../tags/t/">#t</a>' in moved  # the index, moved, links the tag's page
    assert "My Tags" in (site / "tags/t/index.html").read_text(encoding="utf-8")
    other = BeautifulSoup((site / "Other/index.html").read_text(encoding="utf-8"), "html.parser")
    link = other.select_one("article a[href*='tags']")
    assert link is not None and link["href"] == "../livegarden/tags/"
    tag = other.select_one("article a.lg-tag")
    assert tag is not None and tag["href"] == "../tags/t/"


def test_aliases_become_redirects_that_cover_no_page(tmp_path: Path) -> None:
    _vault(
        tmp_path,
        {
            "AI/Network.md": PUBLISHED.format(extra="aliases: [Old Name, Taken]\n") + "# Network\n",
            "AI/Taken.md": PUBLISHED.format(extra="") + "# Taken\n\nKEEP\n",
        },
    )
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.log
    site = result.site_dir
    redirect = (site / "AI/Old Name/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../Network/"' in redirect
    assert 'href="https://example.org/garden/AI/Network/"' in redirect  # canonical
    assert "KEEP" in (site / "AI/Taken/index.html").read_text(encoding="utf-8")
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any("Old Name" in doc["location"] for doc in index["docs"])
    assert "Old%20Name" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_markdown_extensions_that_do_not_apply_are_named(tmp_path: Path) -> None:
    config = CONFIG + "markdown_extensions:\n  - toc:\n      permalink: true\n  - attr_list\n"
    _vault(tmp_path, {"N.md": PUBLISHED.format(extra="") + "# N\n"}, config)
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1, "a warning under --strict"
    assert "markdown_extensions attr_list do not apply to notes" in result.log
    assert "toc" not in result.log.split("markdown_extensions", 1)[1].split("do not")[0]


def test_two_notes_at_one_url_stop_the_build_naming_both(tmp_path: Path) -> None:
    _vault(
        tmp_path,
        {
            "A.md": PUBLISHED.format(extra="permalink: /same/\n") + "# A\n",
            "B.md": PUBLISHED.format(extra="permalink: /same/\n") + "# B\n",
        },
    )
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 1
    assert "B.md:1: has the same URL 'same/' as A.md; change its permalink" in result.log


def test_permalinks_that_leave_the_site_are_refused(tmp_path: Path) -> None:
    _vault(
        tmp_path,
        {
            "Up.md": PUBLISHED.format(extra="permalink: /../../x/\n") + "# Up\n",
            "Off.md": PUBLISHED.format(extra="permalink: https://evil.example/\n") + "# Off\n",
            "Js.md": PUBLISHED.format(extra="permalink: 'javascript:alert(1)//x'\n") + "# Js\n",
        },
    )
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.log
    for note, why in (
        ("Up.md", "has a `.` or `..` segment"),
        ("Off.md", "is not a path on this site"),
        ("Js.md", "is not a path on this site"),
    ):
        assert f"{note}:1: permalink" in result.log and why in result.log
    assert not (tmp_path.parent / "x").exists() and not (tmp_path / "x").exists()
    for name in ("Up", "Off", "Js"):
        assert (result.site_dir / name / "index.html").is_file(), "the note keeps its own URL"
    graph = json.loads((result.site_dir / "livegarden/graph.json").read_text(encoding="utf-8"))
    assert all(
        ":" not in node["url"] and not node["url"].startswith("/") for node in graph["nodes"]
    )


def test_an_empty_site_and_a_site_without_home_say_what_to_add(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "Draft.md").write_text("# Draft\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    empty = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert empty.returncode == 1
    assert "no note of 1 is published: add `dg-publish: true`" in empty.log
    assert "`publish: all`" in empty.log
    (tmp_path / "docs" / "Draft.md").write_text(PUBLISHED.format(extra="") + "# D\n")
    homeless = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site2")
    assert homeless.returncode == 1
    assert "no published note is the home page: add `dg-home: true`" in homeless.log


def test_symbolic_links_out_of_the_vault_or_looping_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("lgmark-host-file", encoding="utf-8")
    (outside / "Host note.md").write_text(PUBLISHED.format(extra="") + "lgmark-host-note\n")
    _vault(
        tmp_path / "repo",
        {
            "Notes/Public.md": PUBLISHED.format(extra="")
            + "# Public\n\n![[passwd.txt]] ![[inside.png]] [[Host note]]\n",
            "attachments/real.png": "png",
        },
    )
    docs = tmp_path / "repo" / "docs"
    (docs / "attachments" / "passwd.txt").symlink_to(outside / "secret.txt")
    (docs / "attachments" / "inside.png").symlink_to(docs / "attachments" / "real.png")
    (docs / "up").symlink_to(outside)
    (docs / "Notes" / "back").symlink_to(docs)
    result = run_mkdocs_build(tmp_path / "repo" / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.log
    for link, reason in (
        ("attachments/passwd.txt", "points outside the vault"),
        ("up", "points outside the vault"),
        ("Notes/back", "points back to a folder that holds it"),
    ):
        assert f"{link}: this symbolic link {reason}; nothing of it is published" in result.log
    every = [p for p in result.site_dir.rglob("*") if p.is_file()]
    assert not any(b"lgmark" in p.read_bytes() for p in every if p.suffix != ".gz")
    assert (result.site_dir / "attachments/inside.png").read_text() == "png", "inside: followed"


def test_search_indexes_a_page_whose_embed_holds_indented_code(tmp_path: Path) -> None:
    # Material's search parser matched the embed's exclusion by tag name: a `</div>` of the
    # embedded code block ended it, and a later `</li>` crashed the build
    _vault(
        tmp_path,
        {
            "A.md": PUBLISHED.format(extra="") + "# A\n\n![[B]]\n\nAfter.\n",
            "B.md": PUBLISHED.format(extra="")
            + "# B\n\n1. item\n\n   ```python\n   x = 1\n   ```\n",
        },
    )
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.log
    index = json.loads((result.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    a_page = [doc for doc in index["docs"] if doc["location"].startswith("A/")]
    assert a_page and "After." in " ".join(doc["text"] for doc in a_page)
    assert not any("x = 1" in doc["text"] for doc in a_page), "embedded text stays out of A"


def test_an_alias_differing_only_in_case_from_a_page_makes_no_redirect(tmp_path: Path) -> None:
    _vault(tmp_path, {"Aliases.md": PUBLISHED.format(extra="aliases: [aliases]\n") + "# A\n"})
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.log
    pages = {p.name for p in result.site_dir.iterdir()}
    assert "Aliases" in pages and "aliases" not in pages, "one folder on macOS and Windows"
