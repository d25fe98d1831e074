"""Turn a Jupyter notebook into a note whose code cells are live blocks.

`python -m livegarden.notebook_import "Some notebook.ipynb" "docs/Some notebook.md"`

Markdown cells become the note's prose, code cells `python exec` blocks (in one session, as
in the notebook), raw cells `%%comments%%` (kept, not shown); a fence a Markdown cell leaves
open is closed at its end. A cell whose saved outputs hold an error is marked
`raises=ErrorName`, since the notebook shows that error on purpose. What the notebook's metadata
says about publishing (`dg-publish`, `publish`, `permalink`, `title`, `tags`, ..., at its top or
under `livegarden`) becomes the note's frontmatter, so a published notebook gives a published note.
nbformat reads the file (any notebook version); the rest is a few lines of our own, since
jupytext's Markdown form writes plain `python` fences, which a note shows but does not run.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from livegarden.reading.parser import NoteParser
from livegarden.vault.publishing import notebook_keys

# the notebook metadata that keeps its meaning as a note's frontmatter
CARRIED_KEYS = (
    "title",
    "dg-publish",
    "publish",
    "draft",
    "dg-home",
    "permalink",
    "dg-permalink",
    "dg-hide",
    "tags",
    "aliases",
    "order",
)


def _fence(code: str) -> str:
    """A backtick fence longer than any run of backticks in `code`."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    return "`" * max(3, longest + 1)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _closed_fences(markdown: str) -> str:
    """The cell with a code fence it leaves open closed at its end: in Jupyter a cell ends
    every block, in a note an open fence would swallow the cells after it."""
    lines = markdown.split("\n")
    for token in NoteParser().parse(markdown):
        if token.type != "fence" or token.map is None or token.map[1] < len(lines):
            continue
        last = lines[-1].strip()
        if token.map[1] - token.map[0] < 2 or not (
            last.startswith(token.markup) and not last.strip(token.markup[0])
        ):
            return f"{markdown}\n{token.markup}"
    return markdown


def _raised(cell: dict[str, Any]) -> str | None:
    for output in cell.get("outputs", ()):
        if output.get("output_type") == "error":
            name = str(output.get("ename", ""))
            return name if re.fullmatch(r"[\w.]+", name) else ""
    return None


def note_from_notebook(notebook: dict[str, Any]) -> str:
    """The note's text for a notebook given in its nbformat 4 dictionary form."""
    parts: list[str] = []
    keys = notebook_keys(notebook.get("metadata"))
    carried = {key: keys[key] for key in CARRIED_KEYS if key in keys}
    if carried:
        parts.append("---\n" + yaml.safe_dump(carried, sort_keys=False, allow_unicode=True) + "---")
    for cell in notebook.get("cells", ()):
        source = _source(cell).strip("\n")
        if not source.strip():
            continue
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(_closed_fences(source))
        elif kind == "code":
            info = "python exec"
            raised = _raised(cell)
            if raised is not None:
                info += f" raises={raised}" if raised else " raises"
            fence = _fence(source)
            parts.append(f"{fence}{info}\n{source}\n{fence}")
        else:
            parts.append(f"%%\n{source.replace('%%', '% %')}\n%%")
    return "\n\n".join(parts) + "\n"


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook file as an nbformat 4 dictionary (older versions are upgraded)."""
    # nbformat ships no type information, hence Any.
    nbformat: Any = importlib.import_module("nbformat")
    node = nbformat.read(str(path), as_version=4)
    return dict(node)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("note", type=Path, nargs="?", help="where to write (default: stdout)")
    arguments = parser.parse_args(argv)
    text = note_from_notebook(read_notebook(arguments.notebook))
    if arguments.note is None:
        sys.stdout.write(text)
    else:
        arguments.note.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
