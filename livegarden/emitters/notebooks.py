"""Write each page with live code as a Jupyter notebook: prose and code cells, outputs included.

The cells are assembled as plain dictionaries in the nbformat 4 layout; nbformat (the reference
implementation) then checks and serialises them. That costs ~0.3 s of imports, so the finished
notebook text is kept in the cache, addressed by the note's text and its results: a warm build
copies it and never imports nbformat. A `file=` snippet becomes `%run snippets/x.py args`, so
the notebook runs beside the repository.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from livegarden.execution.cache import write_atomically
from livegarden.execution.engine import NotePlan, SessionOutcome
from livegarden.execution.options import parse_info
from livegarden.execution.render import placements, traceback_text
from livegarden.execution.snippets import scan_fences, uncommented_lines

NOTEBOOKS_FOLDER = "livegarden/notebooks"


def notebook_path(note: str) -> str:
    """Site-relative path of the note's notebook, e.g. `livegarden/notebooks/AI/Note.ipynb`."""
    return f"{NOTEBOOKS_FOLDER}/{note.removesuffix('.md')}.ipynb"


def notebook_url(note: str) -> str:
    return quote(notebook_path(note))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _outputs(outcome: SessionOutcome | None, position: int) -> list[dict[str, Any]]:
    if outcome is None:
        return []
    block = outcome.result.blocks[position]
    outputs: list[dict[str, Any]] = []
    for name, text in (("stdout", block.stdout), ("stderr", block.stderr)):
        if text:
            outputs.append({"output_type": "stream", "name": name, "text": _lines(text)})
    shown = [(d.mime, d.data) for d in block.displays] + [(f.mime, f.data) for f in block.figures]
    for mime, data in shown:
        value: Any = data if mime == "image/png" else _lines(data)
        outputs.append({"output_type": "display_data", "data": {mime: value}, "metadata": {}})
    if block.error is not None:
        exception = block.error.exception.splitlines()[-1] if block.error.exception else ""
        name, _, value = exception.partition(": ")
        outputs.append(
            {
                "output_type": "error",
                "ename": name or block.error.kind,
                "evalue": value or block.error.summary,
                "traceback": traceback_text(outcome.session.snippets, block.error).split("\n"),
            }
        )
    return outputs


def build_notebook(text: str, plan: NotePlan, outcomes: list[SessionOutcome]) -> dict[str, Any]:
    """The notebook (nbformat 4 layout) of a note whose full text is `text`."""
    lines = uncommented_lines(text)  # comments reach no output, notebooks included
    placed = placements(plan, outcomes)
    cells: list[dict[str, Any]] = []
    start = 0
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                start = index + 1
                break
    cursor = start

    def prose(until: int) -> None:
        chunk = "\n".join(lines[cursor:until]).strip("\n")
        if chunk.strip():
            cells.append({"cell_type": "markdown", "metadata": {}, "source": _lines(chunk)})

    number = 0
    for fence in scan_fences(text):
        if parse_info(fence.info).options is None:
            continue
        entry = placed.get(number)
        number += 1
        if entry is None:
            continue
        prose(fence.start)
        cursor = fence.end + 1
        options = entry.snippet.options
        source = entry.snippet.code.rstrip("\n")
        if options.file is not None:
            command = " ".join((options.file, *options.args))
            source = f"{source}\n%run {command}".strip("\n")
        cells.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "source": _lines(source),
                "outputs": _outputs(entry.outcome, entry.position),
            }
        )
    prose(len(lines))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def serialise(notebook: dict[str, Any]) -> str:
    """Validate with nbformat and write its JSON form (imported here: it is slow to import)."""
    # nbformat ships no type information, hence Any.
    nbformat: Any = importlib.import_module("nbformat")
    node = nbformat.from_dict(notebook)
    for number, cell in enumerate(node.cells):
        cell["id"] = f"cell-{number}"
    nbformat.validate(node)
    return str(nbformat.writes(node))


def _digest(text: str, outcomes: list[SessionOutcome]) -> str:
    payload = [text] + [
        outcome.key or json.dumps(outcome.result.to_json(), sort_keys=True) for outcome in outcomes
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


class NotebookEmitter:
    """Writes notebooks into the site, reusing the text of unchanged ones from `cache_dir`."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache_dir = None if cache_dir is None else cache_dir / "notebooks"
        self.used: set[str] = set()

    def emit(
        self,
        site_dir: Path,
        note: str,
        text: str,
        plan: NotePlan,
        outcomes: list[SessionOutcome],
    ) -> Path:
        digest = _digest(text, outcomes)
        cached = None if self.cache_dir is None else self.cache_dir / f"{digest}.ipynb"
        content = None
        if cached is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                content = cached.read_text(encoding="utf-8")
        if content is None or not content.rstrip().endswith("}"):
            content = serialise(build_notebook(text, plan, outcomes))
            if cached is not None:
                with contextlib.suppress(OSError):
                    write_atomically(cached, content.encode("utf-8"))
        self.used.add(digest)
        path = site_dir / notebook_path(note)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        return path

    def collect(self) -> int:
        """Remove cached notebooks this build did not use (call after a full build)."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return 0
        removed = 0
        for path in self.cache_dir.iterdir():
            if path.stem not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
