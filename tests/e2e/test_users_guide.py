"""The user's guide shows a working project: its smallest mkdocs.yml and its first note, taken
from the page itself, build with --strict into a page with the block's output, and
`pytest --livegarden` passes with the item id the guide names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_mkdocs_build, run_pytest_livegarden

GUIDE = REPO / "docs" / "Garden" / "Using livegarden.md"


def fenced(text: str, info: str) -> list[str]:
    """The bodies of the guide's fences with this info string (``` or ````)."""
    pattern = re.compile(rf"^(`{{3,}}){re.escape(info)}\n(.*?)^\1$", re.M | re.S)
    return [match[2] for match in pattern.finditer(text)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    guide = GUIDE.read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("guide")
    (root / "mkdocs.yml").write_text(fenced(guide, "yaml")[0], encoding="utf-8")
    (note,) = fenced(guide, "markdown")
    (root / "docs").mkdir()
    (root / "docs" / "Start.md").write_text(note, encoding="utf-8")
    linked = re.search(r"\[\[([^\]|]+)\]\]", note)
    assert linked, "the guide's note links another note"
    (root / "docs" / f"{linked[1]}.md").write_text("---\ndg-publish: true\n---\n# Other\n")
    return root


@pytest.mark.slow
def test_the_guides_project_builds_with_the_blocks_output(project: Path) -> None:
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.log
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "mean 4.0" in home
    assert 'href="Another%20note/"' in home


@pytest.mark.slow
def test_pytest_livegarden_passes_with_the_id_the_guide_names(project: Path) -> None:
    named = re.search(r"\(`(Start\.md:\d+)`", GUIDE.read_text(encoding="utf-8"))
    assert named, "the guide names an item id"
    done = run_pytest_livegarden(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"PASSED {named[1]}" in done.stdout, done.stdout
