"""Problems an author must fix become one warning each (`note.md:LINE: … did you mean …`), fail
`--strict`, and no text, title, heading, tag, name or attachment of an unpublished note reaches
any file of the built site."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuildResult, run_mkdocs_build

FIXTURE = Path(__file__).parent / "problems_fixture"
MARKER = re.compile(rb"lgmark", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = run_mkdocs_build(
        FIXTURE / "mkdocs.yml", tmp_path_factory.mktemp("problems-site"), strict=False
    )
    assert result.returncode == 0, result.log
    return result


# the private note says dg-publish: false: the hint is that it keeps itself private
KEPT_PRIVATE = (
    "its frontmatter keeps it private (draft: true or publish: false); "
    "change that or remove the link"
)
EXPECTED_WARNINGS = [
    "Home.md:7: [[Publc Note]] matches no note; shown as plain text; did you mean [[Public Note]]?",
    "Home.md:8: [[Qwxz]] matches no note; shown as plain text; no similar note",
    "Home.md:9: [[Private LGMARK-FILENAME|a private thing]] points to an unpublished note; "
    "shown as plain text; " + KEPT_PRIVATE,
    "Home.md:12: ![[Private LGMARK-FILENAME]] points to an unpublished note; nothing is embedded; "
    + KEPT_PRIVATE,
    "Home.md:14: [md link](Private/Private%20LGMARK-FILENAME.md) points to an unpublished note; "
    "shown as plain text; " + KEPT_PRIVATE,
    "Home.md:15: [[Public Note#No Such Heading]] has no heading 'No Such Heading' "
    "in Notes/Public Note.md",
    "Home.md:19: [[Publc Note|in a table]] matches no note; shown as plain text; "
    "did you mean [[Public Note]]?",
    *(
        f"Home.md:21: {link} points to an unpublished note; shown as plain text; " + KEPT_PRIVATE
        for link in (
            "[[Private LGMARK-FILENAME#LGMARK-SECTION|section]]",
            "[[Private LGMARK-FILENAME#^lgmark-block|block]]",
            "[[LGMARK-ALIAS|by alias]]",
            "[to the file](Private/Private%20LGMARK-FILENAME.md#lgmark-section)",
        )
    ),
    "Home.md:21: [[Secret analysis.ipynb|notebook]] points to a file that is not published; "
    "shown as plain text",
    *(
        f"Home.md:{line}: {embed} points to an unpublished note; nothing is embedded; "
        + KEPT_PRIVATE
        for line, embed in (
            (23, "![[Private LGMARK-FILENAME#LGMARK-SECTION]]"),
            (25, "![[Private LGMARK-FILENAME#^lgmark-block]]"),
        )
    ),
    "Home.md:27: TeX error: Undefined control sequence \\fracc in $\\sqrt{x} + \\fracc{1}{2}$",
    "Home.md:27: TeX error: Missing close brace in $\\frac{1}{$",
]


def warnings(log: str) -> list[str]:
    return [line.split("-  ", 1)[1] for line in log.splitlines() if line.startswith("WARNING")]


def test_each_problem_is_one_warning_with_note_and_line(site):
    found = warnings(site.log)
    for expected in EXPECTED_WARNINGS:
        assert found.count(expected) == 1, (expected, found)
    assert any(w.startswith("Private/Broken.md:1: frontmatter is not valid YAML") for w in found)
    assert any(w.startswith("Private/Bad encoding.md:1: cannot be read: 'utf-8'") for w in found)
    assert len(found) == len(EXPECTED_WARNINGS) + 2


def test_unresolved_links_are_plain_text(site):
    soup = BeautifulSoup((site.site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    spans = [span.get_text() for span in soup.select("article span.lg-unresolved")]
    assert spans == [
        "Publc Note",
        "Qwxz",
        "a private thing",
        "md link",
        "in a table",
        "section",
        "block",
        "by alias",
        "notebook",
        "to the file",
    ]
    assert len(soup.select("tbody tr td")) == 2  # the table kept its columns
    heading_link = soup.select_one('article a.lg-wikilink[href="Notes/Public%20Note/"]')
    assert heading_link is not None  # a missing heading still links to the note


def test_strict_build_fails_on_them(tmp_path):
    result = run_mkdocs_build(FIXTURE / "mkdocs.yml", tmp_path / "site", strict=True)
    assert result.returncode != 0
    assert "Aborted with" in result.log and "in strict mode" in result.log


def test_nothing_of_an_unpublished_note_is_in_any_file(site):
    files = [path for path in site.site_dir.rglob("*") if path.is_file()]
    assert len(files) > 20
    for path in files:
        assert not MARKER.search(path.relative_to(site.site_dir).as_posix().encode()), path
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert not MARKER.search(data), path
    assert (site.site_dir / "attachments/shared.png").is_file()  # a published note uses it


def test_only_files_a_published_note_uses_are_published(site):
    files = {p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("*")}
    assert "attachments/shared.png" in files
    assert "CNAME" in files, "listed in publish_files"
    assert "Notes/Public analysis.ipynb" in files, "the notebook says dg-publish: true"
    for private in (
        "attachments/passport-scan.png",
        "data/table.csv",
        "data/tool.py",
        "Board.canvas",
        "Private/Secret analysis.ipynb",
    ):
        assert private not in files
    assert not any(name.startswith("Private/Bad encoding") for name in files)


def test_private_links_make_no_backlinks_and_no_graph_edges(site):
    public = (site.site_dir / "Notes/Public Note/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(public, "html.parser")
    assert [a.get_text() for a in soup.select("section.lg-backlinks a")] == [
        "Home"
    ]  # the note name, as Obsidian shows it
    graph = (site.site_dir / "livegarden/graph.json").read_text(encoding="utf-8")
    assert "Private" not in graph
