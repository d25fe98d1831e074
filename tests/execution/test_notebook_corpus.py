"""Notebooks nobody here wrote run as notes and show what Jupyter shows.

The corpus is public tutorial code (scripts/fetch-notebook-corpus puts it in the venv):
matplotlib's gallery and user guide (sphinx-gallery scripts, which matplotlib.org offers as
notebooks) and numpy's user guide (its doctest examples, one cell each, as a reader would paste
them into Jupyter). Each is made into a notebook and executed by a real Jupyter kernel
(nbclient + ipykernel). Where a cell's outputs differ from ours, the notebook is run in
Jupyter once more: a cell whose outputs differ between the two Jupyter runs is not
deterministic (random numbers, timings) and is not counted. The executed notebook is turned
into a note by `livegarden.notebook_import` and run by our engine, and every cell's outputs are
compared: the printed text, displayed values (their plain-text form), figures, errors, in order.

Normalised on both sides: memory addresses, the file name a warning names (a temporary file in
Jupyter, the note's line here), and the one display rule we keep on purpose: a last expression
that is a matplotlib object (`[<matplotlib.lines.Line2D at 0x...>]`, `Text(0.5, 1.0, 'x')`) is
not printed, the figure shows it.
"""

from __future__ import annotations

import ast
import copy
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.results import BlockResult, Display, Figure, Stream
from livegarden.execution.runner import Runner
from livegarden.notebook_import import note_from_notebook

CORPUS = Path(sys.prefix) / "share" / "livegarden" / "corpus"
LOG = logging.getLogger("test-notebook-corpus")

MATPLOTLIB = [
    "users_explain/axes/mosaic.py",
    "users_explain/colors/colormap-manipulation.py",
    "users_explain/text/text_intro.py",
    "users_explain/axes/arranging_axes.py",
    "users_explain/axes/colorbar_placement.py",
    "users_explain/axes/autoscale.py",
    "users_explain/axes/legend_guide.py",
    "users_explain/artists/transforms_tutorial.py",
    "examples/subplots_axes_and_figures/subplots_demo.py",
    "examples/statistics/histogram_normalization.py",
    "examples/lines_bars_and_markers/marker_reference.py",
]
NUMPY = [
    "quickstart.rst",
    "absolute_beginners.rst",
    "basics.indexing.rst",
    "basics.broadcasting.rst",
    "basics.creation.rst",
    "basics.copies.rst",
    "basics.types.rst",
    "how-to-index.rst",
]


def _cell(kind: str, source: str) -> Any:
    maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return maker(source)


def gallery_notebook(path: Path) -> Any:
    """A sphinx-gallery script as its notebook: the docstring and each comment block that
    opens a `# %%` section are prose, the rest of each section is a code cell."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    cells = []
    start = 0
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        cells.append(_cell("markdown", str(first.value.value).strip()))
        start = first.end_lineno or 0
    sections: list[list[str]] = [[]]
    for line in lines[start:]:
        if re.match(r"^# ?%%|^#{20,}\s*$", line):
            sections.append([])
        else:
            sections[-1].append(line)
    for section in sections:
        split = 0
        while split < len(section) and (
            section[split].startswith("#") or not section[split].strip()
        ):
            split += 1
        prose = "\n".join(line.lstrip("#").strip() for line in section[:split]).strip()
        code = "\n".join(section[split:]).strip()
        if prose:
            cells.append(_cell("markdown", prose))
        if code:
            cells.append(_cell("code", code))
    return nbformat.v4.new_notebook(cells=cells)


def doctest_notebook(path: Path) -> Any:
    """A reStructuredText page as a notebook: each doctest example (`>>>` and its `...`
    lines) a code cell, examples marked `+SKIP` left out (their authors say they vary)."""
    cells = []
    example: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("... ") or stripped == "...":
            if example:
                example.append(stripped[4:])
            continue
        if example:
            source = "\n".join(example)
            if "+SKIP" not in source:
                cells.append(_cell("code", source))
            example = []
        if stripped.startswith(">>>"):
            example = [stripped[4:]]
    return nbformat.v4.new_notebook(cells=cells)


def run_in_jupyter(notebook: Any, workdir: Path) -> Any:
    executed = copy.deepcopy(notebook)
    client = NotebookClient(
        executed,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return executed


_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_WARNING_PLACE = re.compile(r"^\S.*?:\d+: (\w*Warning): ", re.M)
_MATPLOTLIB_VALUE = re.compile(
    r"^[\[(]?\s*(<matplotlib\.|<mpl_toolkits\.|<Figure size|<Axes|Text\(|Legend|"
    r"\(?<Figure|\[?Text\()"
)


def normal(text: str) -> str:
    text = _ADDRESS.sub("0x…", text.replace("\r\n", "\n"))
    text = _WARNING_PLACE.sub(r"\1: ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _collapse(items: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Neighbouring stream items merged, stdout before stderr (their relative order within
    a stretch of text is not kept by either side)."""
    merged: list[tuple[str, ...]] = []
    streams: dict[str, str] = {}

    def flush() -> None:
        for name in ("stdout", "stderr"):
            if streams.get(name, "").strip():
                merged.append((name, normal(streams[name])))
        streams.clear()

    for item in items:
        if item[0] in ("stdout", "stderr"):
            streams[item[0]] = streams.get(item[0], "") + item[1]
        else:
            flush()
            merged.append(item)
    flush()
    return merged


def jupyter_items(cell: Any) -> list[tuple[str, ...]]:
    items: list[tuple[str, ...]] = []
    for output in cell.outputs:
        kind = output.output_type
        if kind == "stream":
            items.append((output.name, output.text))
        elif kind in ("display_data", "execute_result"):
            data = output.data
            if any(mime.startswith("image/") for mime in data):
                items.append(("image",))
                continue
            plain = normal(data.get("text/plain", ""))
            if kind == "execute_result" and _MATPLOTLIB_VALUE.match(plain):
                continue  # the one rule kept on purpose (see the module docstring)
            items.append(("value", plain))
        elif kind == "error":
            items.append(("error", output.ename, normal(output.evalue)))
    return _collapse(items)


def our_items(block: BlockResult) -> list[tuple[str, ...]]:
    items: list[tuple[str, ...]] = []
    for item in block.outputs():
        if isinstance(item, Stream):
            items.append((item.name, item.text))
        elif isinstance(item, Figure):
            items.append(("image",))
        else:
            assert isinstance(item, Display)
            plain = (
                item.data if item.mime == "text/plain" else item.alternatives.get("text/plain", "")
            )
            items.append(("value", normal(plain)))
    if block.error is not None:
        last = block.error.exception.strip().splitlines()[-1] if block.error.exception else ""
        name, _, value = last.partition(": ")
        items.append(("error", name.rsplit(".", 1)[-1], normal(value)))
    return _collapse(items)


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    with Runner(jobs=1) as shared:
        yield shared


def corpus_cases() -> list[Any]:
    cases = [pytest.param("matplotlib", name, id=f"matplotlib/{name}") for name in MATPLOTLIB]
    cases += [pytest.param("numpy", name, id=f"numpy/{name}") for name in NUMPY]
    return cases


@pytest.mark.parametrize(("package", "name"), corpus_cases())
def test_a_public_notebook_shows_what_jupyter_shows(
    package: str, name: str, tmp_path: Path, runner: Runner
) -> None:
    if package == "matplotlib":
        source = CORPUS / "matplotlib" / "galleries" / name
        notebook = gallery_notebook(source)
    else:
        source = CORPUS / "numpy" / "doc" / "source" / "user" / name
        notebook = doctest_notebook(source)
    assert source.is_file(), f"{source} is missing: run scripts/fetch-notebook-corpus"
    (tmp_path / "jupyter").mkdir()
    first = run_in_jupyter(notebook, tmp_path / "jupyter")
    code_cells = [cell for cell in first.cells if cell.cell_type == "code" and cell.source.strip()]

    note_text = note_from_notebook(dict(first))
    (tmp_path / "vault").mkdir()
    settings = EngineSettings(repo_root=tmp_path / "vault", cache_dir=None, frozen_dir=None)
    engine = ExecutionEngine(settings, LOG, runner_factory=lambda: runner)
    plan = engine.add_note("Corpus.md", note_text)
    (outcome,) = engine.outcomes_for("Corpus.md")
    blocks = outcome.result.blocks
    assert len(plan.snippets) == len(blocks) == len(code_cells)
    assert all(block.status != "not-run" for block in blocks), "the page runs to its end"

    differing = [
        number
        for number, (cell, block) in enumerate(zip(code_cells, blocks, strict=True))
        if our_items(block) != jupyter_items(cell)
    ]
    varying: set[int] = set()
    if differing:  # a second Jupyter run tells which of those vary in Jupyter itself
        again = run_in_jupyter(notebook, tmp_path / "jupyter")
        second = [cell for cell in again.cells if cell.cell_type == "code" and cell.source.strip()]
        varying = {n for n in differing if jupyter_items(second[n]) != jupyter_items(code_cells[n])}
    assert len(varying) <= len(code_cells) * 0.2, "most cells are deterministic"
    report = [
        f"{plan.snippets[n].label}\n{code_cells[n].source}\n"
        f"  jupyter: {jupyter_items(code_cells[n])}\n  ours:    {our_items(blocks[n])}"
        for n in differing
        if n not in varying
    ]
    compared = len(code_cells) - len(varying)
    print(f"{package}/{name}: {compared} of {len(code_cells)} cells compared, {len(report)} differ")
    assert not report, f"{len(report)} of {compared} cells differ:\n" + "\n\n".join(report)
