"""Notebook and execution-report emitters: pure functions of the plan and the session outcomes."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from livegarden.emitters.notebooks import NotebookEmitter, build_notebook, serialise
from livegarden.emitters.report import report_markdown
from livegarden.execution.engine import SessionOutcome, Summary, plan_note
from livegarden.execution.results import (
    BlockResult,
    Display,
    ErrorInfo,
    Figure,
    Provenance,
    SessionResult,
)

NOTE = """---
dg-publish: true
---
# Demo

Intro prose.

```python exec
print("hello")
```

More prose.

```python exec file="snippets/tool.py" args="-n 2"
# runs the tool
```

```python exec isolated
1 / 0
```
"""
PROVENANCE = Provenance("CPU X", "GPU Y", "3.11", {"torch": "2"}, "2026-01-01 00:00 UTC", 1.5)


def outcomes() -> tuple[object, list[SessionOutcome]]:
    plan = plan_note("AI/Demo.md", NOTE)
    main, isolated = plan.sessions
    ok = SessionResult(
        (
            BlockResult("ok", stdout="hello\n", displays=(Display("text/html", "<b>x</b>"),)),
            BlockResult("ok", figures=(Figure("image/svg+xml", "<svg/>", "c" * 64),)),
        ),
        PROVENANCE,
        "frozen",
    )
    error = ErrorInfo(
        "exception",
        "ZeroDivisionError: division by zero",
        exception="ZeroDivisionError: division by zero",
        block_line=1,
    )
    failed = SessionResult((BlockResult("error", error=error),), PROVENANCE, "fresh")
    return plan, [SessionOutcome(main, ok, None), SessionOutcome(isolated, failed, "k")]


def test_notebook_has_prose_code_and_outputs_and_is_valid() -> None:
    plan, done = outcomes()
    notebook = build_notebook(NOTE, plan, done)  # type: ignore[arg-type]
    kinds = [cell["cell_type"] for cell in notebook["cells"]]
    assert kinds == ["markdown", "code", "markdown", "code", "code"]
    assert "dg-publish" not in "".join(notebook["cells"][0]["source"])
    first, tool, failing = (c for c in notebook["cells"] if c["cell_type"] == "code")
    assert first["outputs"][0] == {"output_type": "stream", "name": "stdout", "text": ["hello\n"]}
    assert first["outputs"][1]["data"] == {"text/html": ["<b>x</b>"]}
    assert "%run snippets/tool.py -n 2" in "".join(tool["source"])
    assert tool["outputs"][0]["data"]["image/svg+xml"] == ["<svg/>"]
    assert failing["outputs"][0]["output_type"] == "error"
    assert failing["outputs"][0]["ename"] == "ZeroDivisionError"
    nbformat.validate(nbformat.reads(serialise(notebook), as_version=4))


def test_notebook_prose_has_no_comments_and_commented_blocks_are_no_cells() -> None:
    note = NOTE.replace(
        "Intro prose.",
        "Intro prose %%a private remark%%.\n\n%%\n```python exec\nprint('hidden')\n```\n%%",
    )
    _, done = outcomes()
    notebook = build_notebook(note, plan_note("AI/Demo.md", note), done)
    text = json.dumps(notebook)
    assert "private remark" not in text and "hidden" not in text
    assert "Intro prose ." in "".join(notebook["cells"][0]["source"])
    assert [c["cell_type"] for c in notebook["cells"]].count("code") == 3


def test_unchanged_notebooks_come_from_the_cache(tmp_path: Path) -> None:
    plan, done = outcomes()
    first = NotebookEmitter(tmp_path / "cache")
    path = first.emit(tmp_path / "site", "AI/Demo.md", NOTE, plan, done)  # type: ignore[arg-type]
    assert path == tmp_path / "site/livegarden/notebooks/AI/Demo.ipynb"
    (cached,) = (tmp_path / "cache" / "notebooks").iterdir()
    cached.write_text(cached.read_text().replace("hello", "from the cache"))
    second = NotebookEmitter(tmp_path / "cache")
    second.emit(tmp_path / "site", "AI/Demo.md", NOTE, plan, done)  # type: ignore[arg-type]
    assert "from the cache" in path.read_text()
    third = NotebookEmitter(tmp_path / "cache")
    third.emit(tmp_path / "site", "AI/Demo.md", NOTE + "\nNew prose.\n", plan, done)  # type: ignore[arg-type]
    assert "from the cache" not in path.read_text(), "a prose edit makes a new notebook"
    assert third.collect() == 1
    json.loads(path.read_text())


def test_report_lists_every_session_with_status_and_provenance() -> None:
    _, done = outcomes()
    summary = Summary(sessions=2, executed=0, cached=0, frozen=1, failed=1, seconds=1.0)
    markdown = report_markdown(done, summary, {"AI/Demo.md": "AI/Demo/"}, "../../")
    assert "2 sessions: 0 executed, 0 cached, 1 frozen, 1 failed." in markdown
    assert markdown.count("<tr><td>") == 2
    assert (
        '<a href="../../AI/Demo/">Demo</a><br><span class="lg-exec-report__folder">AI</span>'
        in (markdown)
    )
    assert "failed: ZeroDivisionError: division by zero" in markdown
    assert "GPU Y · CPU X; Python 3.11<br>" in markdown
    assert '<span class="lg-exec-report__versions">torch 2; 2026-01-01 00:00 UTC</span>' in markdown


def test_notebook_prose_reads_links_as_the_page_does(tmp_path):
    from livegarden.reading.context import PageContext, Reporter, SiteLinks
    from livegarden.reading.html import wikilink_markdown
    from tests.reading.helpers import PUBLISHED, make_vault

    note = (
        PUBLISHED
        + "# Public\n\nSee [[Private/Salary Negotiation 2026|my notes]], [[Other]] and "
        + "[[Private/Salary Negotiation 2026]].\n\n![[Private/Salary Negotiation 2026]]\n\n"
        + "```python exec\nprint(1)\n```\n"
    )
    index = make_vault(
        tmp_path,
        {
            "Public.md": note,
            "Other.md": PUBLISHED + "# Other\n",
            "Private/Salary Negotiation 2026.md": "---\ndg-publish: false\n---\nsecret\n",
        },
    )
    context = PageContext(
        index,
        index.notes["Public.md"],
        "livegarden/notebooks/Public.ipynb",
        Reporter(),
        SiteLinks(),
    )
    notebook = build_notebook(
        note,
        plan_note("Public.md", note),
        [],
        index.documents["Public.md"].tokens,
        lambda token: wikilink_markdown(context, token),
    )
    prose = "".join("".join(cell["source"]) for cell in notebook["cells"])
    assert "Private/" not in prose and "[[" not in prose
    assert "my notes" in prose and "[Other](<../../Other/>)" in prose


def test_notebook_outputs_keep_their_order_and_whole_mime_bundles() -> None:
    plan = plan_note("AI/Demo.md", "```python exec\nshow()\n```\n")
    (session,) = plan.sessions
    block = BlockResult(
        "ok",
        stdout="before\nafter\n",
        displays=(
            Display("text/markdown", "**b**", (7, 0, 0), {"text/plain": "<Markdown>"}),
            Display("application/json", '{"a": 1}', (13, 0, 2)),
        ),
        figures=(Figure("image/png", "iVBORw0KGgo=", "d" * 64, (7, 0, 1)),),
    )
    done = [SessionOutcome(session, SessionResult((block,), PROVENANCE, "fresh"), None)]
    (cell,) = build_notebook("```python exec\nshow()\n```\n", plan, done)["cells"]
    assert cell["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": ["before\n"]},
        {
            "output_type": "display_data",
            "data": {"text/markdown": ["**b**"], "text/plain": ["<Markdown>"]},
            "metadata": {},
        },
        {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": ["after\n"]},
        {"output_type": "display_data", "data": {"application/json": {"a": 1}}, "metadata": {}},
    ]
