"""Real builds: blocks in comments never run, blocks in callouts run in place, and a session that
reads the vault is re-run when a note it read (or a folder it listed) changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BuildResult, run_mkdocs_build

FIXTURE = Path(__file__).parent / "live_vault"
MARKER = Path("comment-block-ran.txt")  # written by the commented-out block if it ever runs

CONTAINERS = f"""# Containers

%%
```python exec
open({str(MARKER)!r}, "w").write("a block inside a comment ran")
print("commented out")
```
%%

> [!tip] Inside a callout
> The block below runs; its output stays in the callout.
>
> ```python exec title="In a callout"
> for n in range(3):
>     print("callout line", n)
> ```
>
> ```python exec source="folded"
> print("folded in a callout")
> ```

After the callout.

```python exec
print("top level after", n)
```
"""

ONLY_COMMENTED = """# Only a commented-out block

%%
```python exec
print("never")
```
%%

Prose after the comment.

```python
shown = "a plain block after the comment"
```
"""

CENSUS = """# Census

```python exec
from pathlib import Path

notes = sorted(p.stem for p in Path("docs").rglob("*.md"))
print(f"{len(notes)} notes: {', '.join(notes)}")
```
"""


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("containers") / "vault"
    shutil.copytree(FIXTURE, target)
    (target / "docs" / "Lab" / "Containers.md").write_text(CONTAINERS, encoding="utf-8")
    (target / "docs" / "Lab" / "Census.md").write_text(CENSUS, encoding="utf-8")
    (target / "docs" / "Lab" / "Commented.md").write_text(ONLY_COMMENTED, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def first(vault: Path) -> BuildResult:
    result = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-1")
    assert result.returncode == 0, result.log
    return result


def page(result: BuildResult, path: str) -> str:
    return (result.site_dir / path).read_text(encoding="utf-8")


def test_a_block_inside_a_comment_never_runs_nor_shows(vault: Path, first: BuildResult) -> None:
    html = page(first, "Lab/Containers/index.html")
    assert not (vault / MARKER).exists(), "the commented-out block ran"
    assert "commented out" not in html and "comment-block-ran" not in html


def test_a_page_whose_only_block_is_commented_out_keeps_its_prose(first: BuildResult) -> None:
    html = page(first, "Lab/Commented/index.html")
    assert "never" not in html
    assert "Prose after the comment." in html and "a plain block after the comment" in html


def test_a_block_inside_a_callout_runs_and_its_output_stays_in_it(first: BuildResult) -> None:
    html = page(first, "Lab/Containers/index.html")
    callout = re.search(r'<div class="admonition tip">.*?</div>\s*<p>After the callout', html, re.S)
    assert callout is not None, html
    inside = callout.group(0)
    assert "callout line 0" in inside and "callout line 2" in inside
    assert "folded in a callout" in inside and "<details" in inside
    assert "lg-exec-slot" not in html, "every placeholder was filled"
    assert "top level after 2" in html, "the callout's blocks share the page's session"


def test_adding_a_note_reruns_the_session_that_lists_the_vault(
    vault: Path, first: BuildResult
) -> None:
    before = page(first, "Lab/Census/index.html")
    assert "notes: Census, Commented, Containers, Home, Live" in before
    (vault / "docs" / "Lab" / "Added.md").write_text("# Added\n", encoding="utf-8")
    try:
        second = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-2")
        third = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-3")
    finally:
        (vault / "docs" / "Lab" / "Added.md").unlink()
    assert second.returncode == 0, second.log
    assert "notes: Added, Census, Commented, Containers, Home, Live" in page(
        second, "Lab/Census/index.html"
    )
    assert (
        "Lab/Census.md (main): re-run, since files it reads changed: docs/Lab/ (folder listing)"
        in second.log
    )
    assert "1 executed, 2 cached" in second.log, "only the session that read the vault re-ran"
    assert "0 executed, 3 cached" in third.log
