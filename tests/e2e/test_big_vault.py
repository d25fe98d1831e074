"""Big-vault builds: worker processes and the page cache change how fast a site is made,
never what it holds. Every test compares every file of two real builds and their warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from scripts.synthetic_vault import generate_vault
from tests.conftest import BuildResult, run_mkdocs_build

WARNING = re.compile(r"^WARNING\s+-\s+(.*)$", re.MULTILINE)


def _config(root: Path, docs: Path, **options: object) -> Path:
    config = {
        "site_name": "big vault",
        "docs_dir": str(docs),
        "theme": {"name": "material", "features": ["navigation.prune"]},
        "plugins": ["search", {"livegarden": {"execute": False, **options}}],
    }
    path = root / f"mkdocs-{len(list(root.glob('mkdocs-*.yml')))}.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _build(config: Path, site: Path) -> BuildResult:
    result = run_mkdocs_build(config, site, strict=False)
    assert result.returncode == 0, result.log
    return result


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _same_site(left: BuildResult, right: BuildResult) -> None:
    one, other = _files(left.site_dir), _files(right.site_dir)
    assert sorted(one) == sorted(other)
    differing = [path for path in one if one[path] != other[path]]
    assert differing == []
    assert sorted(WARNING.findall(left.log)) == sorted(WARNING.findall(right.log))


def _rendered(log: str) -> tuple[int, int, int]:
    found = re.search(r"(\d+) pages from the page cache, (\d+) to render \((\d+) process", log)
    assert found is not None, log
    reused, rendered, processes = found.groups()
    return int(reused), int(rendered), int(processes)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("synthetic") / "vault"
    generate_vault(docs, 160, seed=3)
    return docs


def test_two_workers_build_the_same_site_as_one(synthetic: Path, tmp_path: Path) -> None:
    serial = _build(_config(tmp_path, synthetic, workers=1, page_cache_dir=""), tmp_path / "one")
    pooled = _build(_config(tmp_path, synthetic, workers=2, page_cache_dir=""), tmp_path / "two")
    assert _rendered(serial.log)[2] == 1
    assert _rendered(pooled.log)[2] == 2  # the pages really were rendered in two workers
    assert WARNING.findall(serial.log)  # the vault links unpublished notes: warnings compared
    _same_site(serial, pooled)


def test_a_warm_build_reuses_every_page_and_changes_nothing(
    synthetic: Path, tmp_path: Path
) -> None:
    config = _config(tmp_path, synthetic, workers=2, page_cache_dir=str(tmp_path / "cache"))
    cold = _build(config, tmp_path / "cold")
    warm = _build(config, tmp_path / "warm")
    reused, rendered, _ = _rendered(warm.log)
    assert rendered == 0 and reused == _rendered(cold.log)[1]
    assert "search entries of 0 pages reused" in cold.log
    searched = re.search(r"search entries of (\d+) pages reused", warm.log)
    assert searched is not None and int(searched.group(1)) >= reused  # tag pages too
    _same_site(cold, warm)


NOTES = {
    "Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n\nSee [[Target#Method]] "
    "and [[Later]] and [[Retitled]].\n",
    "Target.md": "---\ndg-publish: true\n---\n# Target\n\n## Method\n\nThe method works.\n\n"
    "## Result\n\nIt holds. ^result\n",
    "Embedder.md": "---\ndg-publish: true\n---\n# Embedder\n\n![[Target#Result]]\n",
    "Deep.md": "---\ndg-publish: true\n---\n# Deep\n\n![[Embedder]]\n",
    "Retitled.md": "---\ndg-publish: true\ntitle: First title\n---\nBody of retitled.\n",
    "Linker.md": "---\ndg-publish: true\ntags: [topic]\n---\n# Linker\n\n[[Secretive]] "
    "and [[Retitled]] #inline\n",
    "Secretive.md": "---\ndg-publish: true\n---\n# Secretive\n\nOpen for now.\n",
    "Bystander.md": "---\ndg-publish: true\n---\n# Bystander\n\nLinks nothing.\n",
}

EDITS = {
    # a heading another note links to is renamed: the link now reports it missing
    "Target.md": "---\ndg-publish: true\n---\n# Target\n\n## Approach\n\nThe method works.\n\n"
    "## Result\n\nIt holds firmly. ^result\n",
    # a note that links point to is made private
    "Secretive.md": "---\ndg-publish: false\n---\n# Secretive\n\nClosed now.\n",
    # a new note that an unresolved link now finds
    "Later.md": "---\ndg-publish: true\n---\n# Later\n\nWritten afterwards.\n",
    # a new title (shown in embeds, the navigation and search)
    "Retitled.md": "---\ndg-publish: true\ntitle: Second title\n---\nBody of retitled.\n",
}


def _write(docs: Path, notes: dict[str, str]) -> None:
    for path, text in notes.items():
        (docs / path).write_text(text, encoding="utf-8")


def test_after_edits_a_cached_build_equals_a_clean_one(tmp_path: Path) -> None:
    docs = tmp_path / "vault"
    docs.mkdir()
    _write(docs, NOTES)
    cached = _config(tmp_path, docs, page_cache_dir=str(tmp_path / "cache"))
    first = _build(cached, tmp_path / "first")
    assert _rendered(first.log)[:2] == (0, 8)
    assert "Later" in first.log  # the unresolved link is reported
    _write(docs, EDITS)
    again = _build(cached, tmp_path / "again")
    clean = _build(_config(tmp_path, docs, page_cache_dir=""), tmp_path / "clean")
    _same_site(again, clean)
    # re-rendered: the edited notes and the notes whose HTML reads them: Home (heading,
    # new note, title), Embedder (embedded section) and Deep (embeds Embedder), Linker
    # (private and retitled links); reused: Bystander alone. Secretive is no longer a page.
    reused, rendered, _ = _rendered(again.log)
    assert (reused, rendered) == (1, 7)
    kept = b"".join(path.read_bytes() for path in (tmp_path / "cache").iterdir())
    assert b"Closed now" not in kept  # a private note's prose is not kept in the cache
    assert b"Open for now" not in kept  # nor what it said while published
    linker = (again.site_dir / "Linker" / "index.html").read_text("utf-8")
    assert 'title="This note is not published">Secretive</span>' in linker


def test_a_deleted_note_leaves_the_cache_and_the_site(tmp_path: Path) -> None:
    docs = tmp_path / "vault"
    docs.mkdir()
    _write(docs, NOTES)
    cached = _config(tmp_path, docs, page_cache_dir=str(tmp_path / "cache"))
    _build(cached, tmp_path / "first")
    (docs / "Secretive.md").unlink()
    shutil.rmtree(tmp_path / "first")
    again = _build(cached, tmp_path / "again")
    clean = _build(_config(tmp_path, docs, page_cache_dir=""), tmp_path / "clean")
    _same_site(again, clean)
    assert not (again.site_dir / "Secretive").exists()


def test_a_page_embedding_live_code_shows_its_new_output(tmp_path: Path) -> None:
    """The embedding note's text is unchanged, but the script its embed runs is not: the
    page is never taken from the page cache."""
    docs = tmp_path / "vault"
    docs.mkdir()
    (tmp_path / "snippets").mkdir()
    script = tmp_path / "snippets" / "say.py"
    script.write_text("print('first answer')\n", encoding="utf-8")
    _write(
        docs,
        {
            "Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n\n![[Runs#Output]]\n",
            "Runs.md": "---\ndg-publish: true\n---\n# Runs\n\n## Output\n\n"
            '```python exec file="snippets/say.py"\n```\n',
        },
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "site_name": "live embed",
                "docs_dir": "vault",
                "theme": {"name": "material"},
                "plugins": ["search", {"livegarden": {"page_cache_dir": "cache"}}],
            }
        ),
        encoding="utf-8",
    )
    first = _build(config, tmp_path / "first")
    assert "first answer" in (first.site_dir / "index.html").read_text("utf-8")
    script.write_text("print('second answer')\n", encoding="utf-8")
    again = _build(config, tmp_path / "again")
    home = (again.site_dir / "index.html").read_text("utf-8")
    assert "second answer" in home and "first answer" not in home
