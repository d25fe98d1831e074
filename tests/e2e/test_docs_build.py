"""The repository's own vault builds with --strict into a site a reader can open."""

from __future__ import annotations

from tests.conftest import BuildResult


def test_home_page_is_the_dg_home_note(docs_site: BuildResult) -> None:
    home = (docs_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert "Where to start" in home


def test_seed_note_is_published_at_its_permalink(docs_site: BuildResult) -> None:
    page = docs_site.site_dir / "Mainfolder/AI/Linear Algebra for Deep Learning/index.html"
    html = page.read_text(encoding="utf-8")
    assert "Linear Algebra for Deep Learning" in html
    assert "Singular Value Decomposition" in html


def test_site_loads_nothing_from_a_cdn(docs_site: BuildResult) -> None:
    for page in docs_site.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, page
        assert "cdn.jsdelivr.net" not in html, page


def test_search_finds_prose_not_tex_sources_or_interface_text(docs_site: BuildResult) -> None:
    import json

    index = json.loads((docs_site.site_dir / "search" / "search_index.json").read_text())
    texts = [entry["text"] + " " + entry["title"] for entry in index["docs"]]
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    whole = "\n".join(texts)
    for leftover in ("\\(", "\\[", "\\frac", "Download this page as a Jupyter notebook"):
        assert leftover not in whole, leftover
    assert "ran at this build ·" not in whole and "frozen ·" not in whole  # provenance lines
    assert not any(location.startswith("livegarden/execution-report") for location in locations)
    assert "singular value" in whole.lower(), "the prose is still found"
