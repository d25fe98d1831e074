"""Blocks run in IPython's shell: its syntax and magics, its display machinery, output order.

Expected values are what a Jupyter notebook shows for the same cell (IPython's pretty printer,
its rich-display protocol), not what our engine happened to print before it used IPython.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.render import block_parts, note_warnings, placements
from livegarden.execution.results import Display, Figure, Stream
from livegarden.execution.runner import BlockSpec, Runner, SessionRequest

LOG = logging.getLogger("test-shell")


@pytest.fixture(scope="module")
def runner(new_runner) -> Iterator[Runner]:
    with new_runner(jobs=2) as warm:
        yield warm


def run(runner: Runner, *codes: str, cwd: Path | None = None):
    request = SessionRequest(
        note="AI/Note.md",
        blocks=tuple(BlockSpec(code, 20.0) for code in codes),
        cwd=cwd or Path(__file__).resolve().parents[2],
        mode="test",
    )
    return runner.run(request)


def shown(block) -> list[tuple[str, str]]:
    return [(d.mime, d.data) for d in block.displays]


def test_ipython_syntax_runs_with_the_ordinary_lines_around_it(runner: Runner) -> None:
    result = run(
        runner,
        "%matplotlib inline\nimport matplotlib.pyplot as plt\nprint(plt.__name__)",
        "%timeit -n 3 -r 2 sum(range(100))",
        "%%timeit -n 2 -r 2\ntotal = sum(range(100))",
        "%time y = 2 ** 10\nprint(y)",
        "%%time\nz = 3",
        "!echo from-the-shell",
        "files = !echo one two\nfiles",
        "len?",
        "%xmode Plain",
    )
    assert all(block.status == "ok" for block in result.blocks), result.failures
    assert result.blocks[0].stdout == "matplotlib.pyplot\n"
    per_loop = r"[\d.]+ [nuµμm]?s ± [\d.]+ [nuµμm]?s per loop \(mean ± std\. dev\. of 2 runs, "
    assert re.match(per_loop + r"3 loops each\)\n$", result.blocks[1].stdout)
    assert re.match(per_loop + r"2 loops each\)\n$", result.blocks[2].stdout)
    assert "Wall time:" in result.blocks[3].stdout and result.blocks[3].stdout.endswith("1024\n")
    assert "Wall time:" in result.blocks[4].stdout
    assert result.blocks[5].stdout == "from-the-shell\n"
    assert shown(result.blocks[6]) == [("text/plain", "['one two']")]
    assert "Return the number of items in a container." in result.blocks[7].stdout
    assert "\x1b[" not in result.blocks[7].stdout  # no terminal colours on a page


def test_cell_magics_write_files_where_the_session_runs(runner: Runner, tmp_path: Path) -> None:
    result = run(
        runner,
        "%%writefile helper.py\nANSWER = 42\n",
        "from helper import ANSWER\nANSWER",
        cwd=tmp_path,
    )
    assert result.blocks[0].stdout == "Writing helper.py\n"
    assert (tmp_path / "helper.py").read_text() == "ANSWER = 42\n"
    assert shown(result.blocks[1]) == [("text/plain", "42")]


def test_history_names_and_top_level_await(runner: Runner) -> None:
    result = run(
        runner,
        "6 * 7",
        "_ + 1",
        "Out[1], In[2]",
        "type(get_ipython()).__name__",
        "import asyncio\nawait asyncio.sleep(0)\n'awaited'",
    )
    assert [shown(block) for block in result.blocks] == [
        [("text/plain", "42")],
        [("text/plain", "43")],
        [("text/plain", "(42, '_ + 1')")],
        [("text/plain", "'SessionShell'")],
        [("text/plain", "'awaited'")],
    ]


def test_values_are_shown_by_ipythons_pretty_printer(runner: Runner) -> None:
    result = run(
        runner,
        "[type(x) for x in [1, 'a', True, None]]",
        "{'pear', 'apple', 'fig'}",
        "list(range(30))",
        "class Point:\n    def _repr_pretty_(self, printer, cycle):\n"
        "        printer.text('P(1, 2)')\nPoint()",
        "import numpy as np\nnp.arange(3);  # a comment after the semicolon",
    )
    assert shown(result.blocks[0]) == [("text/plain", "[int, str, bool, NoneType]")]
    assert shown(result.blocks[1]) == [("text/plain", "{'apple', 'fig', 'pear'}")]
    assert shown(result.blocks[2]) == [
        ("text/plain", "[" + ",\n ".join(str(n) for n in range(30)) + "]")
    ]
    assert shown(result.blocks[3]) == [("text/plain", "P(1, 2)")]
    assert shown(result.blocks[4]) == []


def test_every_mime_type_a_notebook_renders(runner: Runner) -> None:
    result = run(
        runner,
        "from IPython.display import HTML, Markdown, Math, JSON, SVG, Image, display",
        "Math(r'e^{i\\pi} + 1 = 0')",
        "Markdown('**bold**')",
        "HTML('<b>x</b>')",
        "JSON({'a': [1, 2]})",
        'SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\')',
        "import base64\npng = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAA"
        "DUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')\nImage(data=png)",
        "class Both:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n"
        "        return {'text/markdown': '*m*', 'text/plain': 'plain'}\nBoth()",
        "class Tex:\n    def _repr_latex_(self):\n        return '$x^2$'\nTex()",
    )
    assert all(block.status == "ok" for block in result.blocks), result.failures
    assert shown(result.blocks[1]) == [("text/latex", "$\\displaystyle e^{i\\pi} + 1 = 0$")]
    assert shown(result.blocks[2]) == [("text/markdown", "**bold**")]
    assert shown(result.blocks[3]) == [("text/html", "<b>x</b>")]
    assert shown(result.blocks[4]) == [("application/json", '{\n  "a": [\n    1,\n    2\n  ]\n}')]
    assert [f.mime for f in result.blocks[5].figures] == ["image/svg+xml"]
    assert [f.mime for f in result.blocks[6].figures] == ["image/png"]
    both = result.blocks[7].displays[0]
    assert (both.mime, both.data, both.alternatives) == (
        "text/markdown",
        "*m*",
        {"text/plain": "plain"},
    )
    assert shown(result.blocks[8]) == [("text/latex", "$x^2$")]


def test_text_values_and_figures_keep_the_order_they_came_in(runner: Runner) -> None:
    result = run(
        runner,
        "import matplotlib.pyplot as plt\nprint('first')\nplt.plot([1, 2])\nplt.show()\n"
        "print('second')\ndisplay(7)\nplt.plot([2, 1])\nprint('third')",
    )
    (block,) = result.blocks
    kinds = []
    for item in block.outputs():
        if isinstance(item, Stream):
            kinds.append(item.text)
        elif isinstance(item, Figure):
            kinds.append("figure")
        else:
            assert isinstance(item, Display)
            kinds.append(item.data)
    assert kinds == ["first\n", "figure", "second\n", "7", "third\n", "figure"]
    assert block.figures[0].digest != block.figures[1].digest  # plt.show() split the two plots


def test_a_displayed_figure_is_not_shown_again_at_the_end(runner: Runner) -> None:
    result = run(runner, "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nfig")
    assert len(result.blocks[0].figures) == 1


def test_a_failing_rich_repr_falls_back_to_text_with_its_traceback(runner: Runner) -> None:
    result = run(
        runner,
        "class Odd:\n    def _repr_html_(self):\n        raise ValueError('no html')\n"
        "    def __repr__(self):\n        return 'Odd()'\nOdd()",
    )
    (block,) = result.blocks
    assert block.status == "ok"
    assert shown(block) == [("text/plain", "Odd()")]
    assert "ValueError: no html" in block.stderr and "IPython" not in block.stderr


def test_errors_name_block_lines_without_engine_frames(runner: Runner) -> None:
    result = run(runner, "def f():\n    return 1 / 0\n\nf()", "x = (\n")
    first = result.blocks[0].error
    assert first is not None and first.block_line == 2
    assert [(frame.file, frame.line) for frame in first.frames] == [
        ("<block 0>", 4),
        ("<block 0>", 2),
    ]
    result = run(runner, "ok = 1", "print('fine')\nx = (\n")
    syntax = result.blocks[1].error
    assert syntax is not None and (syntax.kind, syntax.block_line) == ("syntax", 2)
    assert syntax.frames == ()


def page_of(tmp_path: Path, runner: Runner, text: str) -> tuple[str, list]:
    """The HTML that stands for the note's blocks, and the note's warnings."""
    settings = EngineSettings(repo_root=tmp_path, cache_dir=None, frozen_dir=None)
    engine = ExecutionEngine(settings, LOG, runner_factory=lambda: runner)
    plan = engine.add_note("AI/Note.md", text)
    outcomes = engine.outcomes_for("AI/Note.md")
    placed = placements(plan, outcomes)
    html = "".join(
        part for index in sorted(placed) for _, part in block_parts(placed[index], "text", None)
    )
    return html, note_warnings(plan, outcomes)


def test_warnings_and_syntax_errors_name_the_notes_line(tmp_path: Path, runner: Runner) -> None:
    text = (
        "Intro\n\n"
        "```python exec\nimport warnings\nwarnings.warn('careful')\n```\n\n"  # fence at line 3
        "```python exec\nprint('fine')\nx = (\n```\n"  # fence at line 8
    )
    html, warnings = page_of(tmp_path, runner, text)
    assert "AI/Note.md:5: UserWarning: careful" in html
    assert "&lt;block" not in html
    assert "File &quot;AI/Note.md&quot;, line 10" in html
    assert [(w.line, w.message) for w in warnings] == [
        (10, "live code failed: SyntaxError: incomplete input")
    ]


def test_latex_and_markdown_displays_go_through_the_pages_markdown(tmp_path, runner) -> None:
    text = (
        "```python exec\nfrom IPython.display import Math, Markdown\n"
        "display(Math('x^2'))\nMarkdown('**b**')\n```\n"
    )
    settings = EngineSettings(repo_root=tmp_path, cache_dir=None, frozen_dir=None)
    engine = ExecutionEngine(settings, LOG, runner_factory=lambda: runner)
    plan = engine.add_note("N.md", text)
    parts = block_parts(placements(plan, engine.outcomes_for("N.md"))[0], "text", None)
    assert [(kind, body) for kind, body in parts if kind == "markdown"] == [
        ("markdown", "$\\displaystyle x^2$"),
        ("markdown", "**b**"),
    ]


def test_a_figure_is_kept_in_its_lightest_faithful_format_with_its_description() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from livegarden.execution.shell import ALT_KEY, figure_bundle

    line, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, 0, 1])
    ax.set(title="$\\sigma_i$ against $i$", xlabel="step", ylabel="loss")
    line.suptitle("Training")
    bundle = figure_bundle(line)
    assert set(bundle) == {"image/svg+xml", ALT_KEY}  # line art stays vector
    assert bundle[ALT_KEY] == "Training; sigma_i against i (x: step, y: loss)"
    photo, ax = plt.subplots(figsize=(8, 6))
    ax.imshow(np.random.default_rng(0).random((400, 600)), cmap="gray")
    ax.axis("off")
    bundle = figure_bundle(photo)
    assert set(bundle) == {"image/jpeg", ALT_KEY}  # a picture is far lighter as JPEG
    assert bundle["image/jpeg"][:2] == b"\xff\xd8" and bundle[ALT_KEY] == ""
    plt.close("all")
