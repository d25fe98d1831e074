"""Write each page with live code as a Jupyter notebook: prose and code cells, outputs included.

The cells are assembled as plain dictionaries in the nbformat 4 layout; nbformat (the reference
implementation) then checks and serialises them. That costs ~0.3 s of imports, so the finished
notebook text is kept in the cache, addressed by its cells: a warm build copies it and never
imports nbformat. A `file=` snippet becomes `%run snippets/x.py args`; a first cell writes the
snippets/ code the page used next to the notebook and makes it importable, so a downloaded
notebook runs anywhere (code that reads the vault itself still needs the repository). Cells
come from the note's one parse: code cells are its exec fences, prose cells the lines between
them without comments, with every wiki-link rewritten by the caller as the page shows it (a
link to an unpublished note is plain text there, and here).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown_it.token import Token

from livegarden.atomic import write_atomically
from livegarden.execution.engine import NotePlan, SessionOutcome
from livegarden.execution.render import note_locations, placements, traceback_text
from livegarden.execution.results import Display, Stream
from livegarden.reading.comments import strip_comments
from livegarden.reading.parser import NoteParser
from livegarden.vault.frontmatter import parse_frontmatter

#: How a wiki-link token reads in a prose cell (Markdown), decided by the page's resolver.
LinkMarkdown = Callable[[Token], str]

NOTEBOOKS_FOLDER = "livegarden/notebooks"


def notebook_path(note: str) -> str:
    """Site-relative path of the note's notebook, e.g. `livegarden/notebooks/AI/Note.ipynb`."""
    return f"{NOTEBOOKS_FOLDER}/{note.removesuffix('.md')}.ipynb"


def notebook_url(note: str) -> str:
    return quote(notebook_path(note))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _outputs(
    outcome: SessionOutcome | None, position: int, mode: str = "text"
) -> list[dict[str, Any]]:
    """A cell's outputs in order; printed text of an `output="markdown"` (or `"html"`) block
    is that kind of display, as the page shows it, not a stream of raw pipes."""
    if outcome is None:
        return []
    block = outcome.result.blocks[position]
    snippets = outcome.session.snippets
    outputs: list[dict[str, Any]] = []
    for item in block.outputs():
        if isinstance(item, Stream):
            text = note_locations(item.text, snippets)
            if item.name == "stdout" and mode in ("markdown", "html"):
                data = {f"text/{mode}": _lines(item.text)}
                outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
                continue
            outputs.append({"output_type": "stream", "name": item.name, "text": _lines(text)})
            continue
        bundle = {item.mime: item.data}
        if isinstance(item, Display):
            bundle.update(item.alternatives)
        data = {mime: _mime_value(mime, value) for mime, value in bundle.items()}
        outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
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


def _mime_value(mime: str, value: str) -> Any:
    """A bundle entry as nbformat stores it: base64 images as one string, JSON as data."""
    if mime in ("image/png", "image/jpeg"):
        return value
    if mime == "application/json":
        with contextlib.suppress(ValueError):
            return json.loads(value)
        return {"text": value}
    return _lines(value)


SETUP_TAG = "livegarden-setup"
HELPERS_LIMIT_BYTES = 512 * 1024  # more helper code than this is left to the repository

_SETUP = """# livegarden: lets this notebook run wherever it was downloaded to. It writes the helper
# code of the vault's snippets/ folder that this page uses next to the notebook (a file that
# is already there is kept) and makes snippets/ importable, as it is when the site is built.
import pathlib
import sys

HELPERS = {helpers}
for name, source in HELPERS.items():
    path = pathlib.Path(name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
sys.path.insert(0, str(pathlib.Path("snippets").resolve()))"""


def helper_files(plan: NotePlan, outcomes: list[SessionOutcome], repo_root: Path) -> dict[str, str]:
    """The code under `snippets/` the note's sessions ran or imported (what they read, by
    their recorded inputs, and their `file=` scripts): never notes, data or anything else of
    the vault, which stay in the repository."""
    names = {s.options.file for s in plan.snippets if s.options.file and not s.is_refused}
    for outcome in outcomes:
        names.update(outcome.result.inputs)
    helpers: dict[str, str] = {}
    total = 0
    for name in sorted(n for n in names if n and n.startswith("snippets/") and n.endswith(".py")):
        path = repo_root / name
        try:
            if not path.resolve().is_relative_to(repo_root.resolve() / "snippets"):
                continue
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        total += len(source.encode("utf-8"))
        if total > HELPERS_LIMIT_BYTES:
            break
        helpers[name] = source
    return helpers


def _setup_cell(helpers: dict[str, str]) -> dict[str, Any]:
    listed = (
        "{\n" + "".join(f"    {name!r}: {source!r},\n" for name, source in helpers.items()) + "}"
    )
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": [SETUP_TAG]},
        "source": _lines(_SETUP.replace("{helpers}", listed)),
        "outputs": [],
    }


def build_notebook(
    text: str,
    plan: NotePlan,
    outcomes: list[SessionOutcome],
    tokens: list[Token] | None = None,
    link_markdown: LinkMarkdown | None = None,
    helpers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The notebook (nbformat 4 layout) of a note whose full text is `text` and whose one
    parse gave `tokens` (parsed here when None); with `helpers` (see `helper_files`), a
    first cell that makes it run outside the repository."""
    matter = parse_frontmatter(text)
    if tokens is None:
        tokens = NoteParser().parse(matter.body, matter.body_line)
    first = matter.body_line - 1  # 0-based file line of the body's first line
    lines = [""] * first + strip_comments(matter.body).split("\n")
    by_line = {p.snippet.line: p for p in placements(plan, outcomes).values()}
    links = _links_by_line(tokens, link_markdown)
    cells: list[dict[str, Any]] = [_setup_cell(helpers)] if helpers else []
    cursor = first

    def prose(until: int) -> None:
        chunk_lines = lines[cursor:until]
        chunk = "\n".join(
            _rewrite(line, links.get(cursor + offset, []))
            for offset, line in enumerate(chunk_lines)
        ).strip("\n")
        if chunk.strip():
            cells.append({"cell_type": "markdown", "metadata": {}, "source": _lines(chunk)})

    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        entry = by_line.get(token.map[0] + 1)
        if entry is None:
            continue
        prose(token.map[0])
        cursor = token.map[1]
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
                "outputs": _outputs(entry.outcome, entry.position, options.output),
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


def _links_by_line(
    tokens: list[Token], link_markdown: LinkMarkdown | None
) -> dict[int, list[tuple[str, str]]]:
    """(as written, as shown) for every wiki-link and embed, by its 0-based file line."""
    found: dict[int, list[tuple[str, str]]] = {}
    for token in tokens:
        children = [token] if token.type == "embed" else (token.children or [])
        for child in children:
            if child.type not in ("wikilink", "embed"):
                continue
            line = int(child.meta.get("line", token.map[0] if token.map else 0))
            shown = link_markdown(child) if link_markdown else child.meta["target"].display
            found.setdefault(line, []).append((child.content, shown))
    return found


def _rewrite(line: str, links: list[tuple[str, str]]) -> str:
    """`line` with each link (in order) replaced by its Markdown."""
    out: list[str] = []
    position = 0
    for written, shown in links:
        at = line.find(written, position)
        if at < 0:
            continue
        out.append(line[position:at])
        out.append(shown)
        position = at + len(written)
    out.append(line[position:])
    return "".join(out)


def serialise(notebook: dict[str, Any]) -> str:
    """Validate with nbformat and write its JSON form (imported here: it is slow to import)."""
    # nbformat ships no type information, hence Any.
    nbformat: Any = importlib.import_module("nbformat")
    node = nbformat.from_dict(notebook)
    for number, cell in enumerate(node.cells):
        cell["id"] = f"cell-{number}"
    nbformat.validate(node)
    return str(nbformat.writes(node))


def _digest(notebook: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(notebook, sort_keys=True).encode()).hexdigest()


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
        tokens: list[Token] | None = None,
        link_markdown: LinkMarkdown | None = None,
        repo_root: Path | None = None,
    ) -> Path:
        helpers = helper_files(plan, outcomes, repo_root) if repo_root is not None else None
        notebook = build_notebook(text, plan, outcomes, tokens, link_markdown, helpers)
        digest = _digest(notebook)
        cached = None if self.cache_dir is None else self.cache_dir / f"{digest}.ipynb"
        content = None
        if cached is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                content = cached.read_text(encoding="utf-8")
        if content is None or not content.rstrip().endswith("}"):
            content = serialise(notebook)
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
