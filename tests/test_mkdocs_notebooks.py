"""`livegarden-notebooks`: mkdocs-jupyter stays unimported without notebooks, and with one it
gets every event it handles (the committed-notebook page itself is checked in tests/e2e)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs_jupyter.plugin import Plugin as JupyterPlugin

from livegarden.mkdocs_notebooks import FORWARDED_EVENTS, NotebookPagesPlugin, selects

CONFIG = """site_name: notebooks
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - livegarden:
      publish: all
  - livegarden-notebooks:
      include: ["*.ipynb"]
      ignore: ["*.md"]
      execute: false
      cache_dir: {cache}
"""
NOTEBOOK = """{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Lab book"]}],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"""
# Builds in-process and says which modules it ended up with.
BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir="site")
build(config)
print("mkdocs_jupyter.plugin" in sys.modules, "nbconvert" in sys.modules)
"""


def test_every_event_of_mkdocs_jupyter_is_forwarded():
    handled = {name for name, _ in inspect.getmembers(JupyterPlugin) if name.startswith("on_")}
    assert handled == set(FORWARDED_EVENTS)
    ours = {name for name, _ in inspect.getmembers(NotebookPagesPlugin) if name.startswith("on_")}
    assert set(FORWARDED_EVENTS) <= ours


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("Lab/Book.ipynb", True),
        ("Lab/Note.md", False),
        ("Lab/figure.png", False),
        ("drafts/Book.ipynb", False),
    ],
    ids=["notebook", "ignored-note", "other-file", "ignored-folder"],
)
def test_selects_like_mkdocs_jupyter(path, expected):
    assert selects(path, ["*.ipynb"], ["*.md", "drafts/*"]) is expected


@pytest.mark.parametrize("with_notebook", [False, True], ids=["no-notebook", "a-notebook"])
def test_mkdocs_jupyter_is_imported_only_for_a_vault_with_notebooks(
    tmp_path: Path, with_notebook: bool
):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    if with_notebook:
        (tmp_path / "docs" / "Lab book.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(cache=tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", BUILD],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(with_notebook)] * 2  # mkdocs-jupyter, nbconvert
    page = tmp_path / "site" / "Lab book" / "index.html"
    assert page.is_file() is with_notebook
    if with_notebook:
        assert "Lab book" in page.read_text(encoding="utf-8")


def test_bad_patterns_fail_at_once_and_bad_options_when_loaded():
    plugin = NotebookPagesPlugin()
    errors, _ = plugin.load_config({"include": "*.ipynb"})
    assert errors and errors[0][0] == "include"
    plugin = NotebookPagesPlugin()
    assert plugin.load_config({"execute": "sometimes"}) == ([], [])
    with pytest.raises(PluginError, match="'execute'"):
        plugin._load()
