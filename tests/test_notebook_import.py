"""A notebook turned into a note: prose as is, code cells as live blocks, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from livegarden.execution.snippets import extract_snippets
from livegarden.notebook_import import main, note_from_notebook
from tests.reading.helpers import make_vault


def notebook(*cells: dict) -> dict:
    return dict(nbformat.v4.new_notebook(cells=list(cells)))


def test_cells_become_prose_and_live_blocks_in_order() -> None:
    text = note_from_notebook(
        notebook(
            nbformat.v4.new_markdown_cell("# Title\n\nSome *prose*."),
            nbformat.v4.new_code_cell("x = 1\nx"),
            nbformat.v4.new_raw_cell("raw text for nbconvert"),
            nbformat.v4.new_code_cell("print('```')\n```odd```"),
            nbformat.v4.new_code_cell("   "),
        )
    )
    snippets = extract_snippets("N.md", text)
    assert [s.code for s in snippets] == ["x = 1\nx\n", "print('```')\n```odd```\n"]
    assert text.startswith("# Title\n\nSome *prose*.\n\n```python exec\n")
    assert "%%\nraw text for nbconvert\n%%" in text


def test_a_cell_whose_saved_output_is_an_error_is_expected_to_raise() -> None:
    failing = nbformat.v4.new_code_cell("int('x')")
    failing.outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="bad")]
    (snippet,) = extract_snippets("N.md", note_from_notebook(notebook(failing)))
    assert snippet.options.raises == "ValueError"


def test_a_fence_left_open_by_a_markdown_cell_ends_with_the_cell() -> None:
    text = note_from_notebook(
        notebook(
            nbformat.v4.new_markdown_cell("Heading\n~~~~~~~"),  # reStructuredText underline
            nbformat.v4.new_code_cell("print(1)"),
        )
    )
    assert [s.code for s in extract_snippets("N.md", text)] == ["print(1)\n"]


def test_the_command_reads_any_notebook_version(tmp_path: Path) -> None:
    source = tmp_path / "old.ipynb"
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "2 + 2",
                        "outputs": [],
                        "language": "python",
                        "metadata": {},
                    }
                ]
            }
        ],
    }
    source.write_text(json.dumps(v3))
    target = tmp_path / "Note.md"
    assert main([str(source), str(target)]) == 0
    assert target.read_text() == "```python exec\n2 + 2\n```\n"


def test_what_the_notebook_says_about_publishing_becomes_the_notes_frontmatter(
    tmp_path: Path,
) -> None:
    book = notebook(nbformat.v4.new_code_cell("print(1)"))
    book["metadata"] = {
        "kernelspec": {"name": "python3"},  # not a frontmatter key: left behind
        "dg-publish": True,
        "livegarden": {"permalink": "/Labs/Analysis/", "tags": ["lab"]},
    }
    text = note_from_notebook(book)
    assert text.startswith("---\ndg-publish: true\npermalink: /Labs/Analysis/\ntags:\n- lab\n---\n")
    assert "kernelspec" not in text
    index = make_vault(tmp_path, {"Analysis.md": text})
    (note,) = index.published_notes()
    assert note.url == "Labs/Analysis/" and note.tags == ("lab",)
    assert [s.code for s in extract_snippets("Analysis.md", text)] == ["print(1)\n"]


def test_a_notebook_that_says_nothing_about_publishing_gives_a_note_without_frontmatter() -> None:
    assert note_from_notebook(notebook(nbformat.v4.new_markdown_cell("# T"))) == "# T\n"
