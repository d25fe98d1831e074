"""Real builds of a small vault with live code: outputs, figures, notebook, cache, failures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BuildResult, run_mkdocs_build

FIXTURE = Path(__file__).parent / "live_vault"
BROKEN = """# Broken

```python exec
x = 1
```

```python exec
def explode():
    raise RuntimeError("kaboom")

explode()
```
"""


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("live") / "vault"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="module")
def cold(vault: Path) -> BuildResult:
    result = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-cold")
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="module")
def warm(vault: Path, cold: BuildResult) -> BuildResult:
    result = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-warm")
    assert result.returncode == 0, result.log
    return result


def page(result: BuildResult, path: str = "Lab/Live/index.html") -> str:
    return (result.site_dir / path).read_text(encoding="utf-8")


def test_outputs_are_embedded_under_their_code(cold: BuildResult) -> None:
    html = page(cold)
    assert "the answer is 42" in html
    assert "tool says 10" in html
    assert re.search(r"<th>n</th>\s*<th>n²</th>", html), "markdown output rendered as a table"
    assert 'class="lg-exec-provenance"' in html and "ran at this build" in html
    assert "lg-exec-slot" not in html, "every placeholder was filled"
    assert "Shared state" in html


def test_figure_is_written_as_svg_into_the_site(cold: BuildResult) -> None:
    (src,) = re.findall(r'<img src="([^"]+\.svg)"', page(cold))
    figure = (cold.site_dir / "Lab/Live" / src).resolve()
    assert figure.is_file()
    assert "<svg" in figure.read_text(encoding="utf-8")


def test_page_offers_itself_as_a_notebook(cold: BuildResult) -> None:
    (href,) = re.findall(r'<a class="lg-notebook-download" href="([^"]+)"', page(cold))
    notebook = json.loads((cold.site_dir / "Lab/Live" / href).resolve().read_text())
    setup, *code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert setup["metadata"]["tags"] == ["livegarden-setup"]  # helpers for running elsewhere
    assert "snippets/fixture_tool.py" in "".join(setup["source"])
    assert len(code) == 4
    assert "".join(code[0]["outputs"][0]["text"]) == "the answer is 42\n"
    assert "image/svg+xml" in code[1]["outputs"][0]["data"]
    assert "%run snippets/fixture_tool.py 5" in code[3]["source"]


def test_report_lists_every_session(cold: BuildResult) -> None:
    report = page(cold, "livegarden/execution-report/index.html")
    assert "Lab/Live" in report and "executed" in report


def test_second_build_is_all_cache_hits(warm: BuildResult) -> None:
    assert "0 executed, 1 cached, 0 frozen, 0 failed" in warm.log
    assert "cached" in page(warm)
    assert "the answer is 42" in page(warm)


def test_failing_block_shows_an_error_box_and_fails_strict(vault: Path, warm: BuildResult) -> None:
    broken = vault / "docs" / "Lab" / "Broken.md"
    broken.write_text(BROKEN, encoding="utf-8")
    try:
        strict = run_mkdocs_build(vault / "mkdocs.yml", vault.parent / "site-strict")
        relaxed = run_mkdocs_build(
            vault / "mkdocs.yml", vault.parent / "site-relaxed", strict=False
        )
    finally:
        broken.unlink()
    assert strict.returncode != 0
    warnings = [line for line in strict.log.splitlines() if line.startswith("WARNING")]
    assert warnings == ["WARNING -  Lab/Broken.md:9: live code failed: RuntimeError: kaboom"]
    html = page(relaxed, "Lab/Broken/index.html")
    assert "lg-exec-error" in html and "Lab/Broken.md:9" in html
    assert "line 11, in &lt;module&gt;" in html, "traceback mapped to note lines"
    assert "0 executed, 2 cached" in relaxed.log or "1 cached" in relaxed.log


def test_committed_notebook_in_the_vault_becomes_a_page(cold: BuildResult) -> None:
    html = page(cold, "Lab/Committed notebook/index.html")
    assert "A committed notebook" in html
    assert "total: 45" in html, "the committed output is shown (execution is off)"


def test_downloadable_notebook_is_valid_nbformat(cold: BuildResult) -> None:
    import nbformat

    (path,) = (cold.site_dir / "livegarden" / "notebooks").rglob("*.ipynb")
    nbformat.validate(nbformat.read(path, as_version=4))
