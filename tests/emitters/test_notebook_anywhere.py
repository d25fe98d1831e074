"""A page's downloaded notebook runs on its own, outside the repository, in a real Jupyter
kernel, and shows what the page showed: the helper code it imports comes with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.conftest import run_mkdocs_build

CONFIG = """site_name: anywhere
theme: {name: material}
plugins:
  - livegarden:
      publish: all
      execution_cache_dir: ""
"""

NOTE = """---
dg-home: true
---
# Helpers

```python exec
from helper import answer
print(answer())
```

```python exec file="snippets/tool.py" args="3"
```

```python exec output="markdown"
print("| n | n² |\\n|---|---|\\n| 3 | 9 |")
```
"""


def test_a_downloaded_notebook_runs_elsewhere_with_the_pages_outputs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "snippets").mkdir()
    (repo / "snippets" / "helper.py").write_text("def answer():\n    return 6 * 7\n")
    (repo / "snippets" / "tool.py").write_text("import sys\nprint('tool', int(sys.argv[1]) ** 2)\n")
    (repo / "snippets" / "unused.py").write_text("SECRET = 'not used by the page'\n")
    (repo / "docs" / "Helpers.md").write_text(NOTE)
    (repo / "mkdocs.yml").write_text(CONFIG)
    result = run_mkdocs_build(repo / "mkdocs.yml", repo / "site")
    assert result.returncode == 0, result.log

    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    downloaded = elsewhere / "Helpers.ipynb"
    shutil.copy(repo / "site" / "livegarden" / "notebooks" / "Helpers.ipynb", downloaded)
    assert "not used by the page" not in downloaded.read_text(), "only the code the page used"

    notebook = nbformat.read(downloaded, as_version=4)
    page = [cell.outputs for cell in notebook.cells if cell.cell_type == "code"][1:]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(elsewhere)}},
    ).execute()  # raises on any error
    ran = [cell.outputs for cell in notebook.cells if cell.cell_type == "code"][1:]
    assert ran[0][0]["text"] == page[0][0]["text"] == "42\n"
    assert ran[1][0]["text"] == page[1][0]["text"] == "tool 9\n"
    assert page[2][0]["data"]["text/markdown"].startswith("| n | n² |")  # Markdown, not pipes
    assert (elsewhere / "snippets" / "helper.py").is_file()
