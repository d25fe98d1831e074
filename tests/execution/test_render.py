"""Page rewriting: source kept as a fenced block, outputs in slots, warnings at note lines."""

from __future__ import annotations

from pathlib import Path

from livegarden.execution.engine import SessionOutcome, plan_note
from livegarden.execution.render import fill_slots, note_warnings, rewrite_page
from livegarden.execution.results import (
    BlockResult,
    Display,
    ErrorInfo,
    Figure,
    Frame,
    Provenance,
    SessionResult,
)

PROVENANCE = Provenance("Test CPU", None, "3.11", {"numpy": "2"}, "2026-01-01 00:00 UTC", 0.5)
NOTE = """---
dg-publish: true
---
# Page

```python exec title="One"
print("hi")
```

- item

    ```python exec source="folded"
    x = 1
    ```

```python exec output="markdown" source="hidden" title="Hidden"
print("**md**")
```

```python exec
def f():
    raise ValueError("no")
f()
```
"""
BODY = NOTE.split("---\n", 2)[2]  # what MkDocs hands to on_page_markdown


def outcomes(blocks: tuple[BlockResult, ...]) -> tuple[object, list[SessionOutcome]]:
    plan = plan_note("AI/Page.md", NOTE)
    (session,) = plan.sessions
    return plan, [SessionOutcome(session, SessionResult(blocks, PROVENANCE, "cached"), "k")]


ERROR = ErrorInfo(
    "exception",
    "ValueError: no",
    frames=(Frame("<block 3>", 3, "<module>", "f()"), Frame("<block 3>", 2, "f", "raise")),
    exception="ValueError: no",
    block_line=2,
)
BLOCKS = (
    BlockResult("ok", stdout="hi\n"),
    BlockResult("ok", figures=(Figure("image/svg+xml", "<svg/>", "ab" * 32),)),
    BlockResult("ok", stdout="**md**\n", displays=(Display("text/html", "<i>x</i>"),)),
    BlockResult("error", error=ERROR),
)


def test_rewrite_keeps_source_and_fills_outputs(tmp_path: Path) -> None:
    plan, done = outcomes(BLOCKS)
    render = rewrite_page(BODY, plan, done, tmp_path, executed=True)  # type: ignore[arg-type]
    markdown = render.markdown
    assert '```python title="One"\nprint("hi")\n```' in markdown
    assert '    ??? example "Source"' in markdown, "folded source stays inside the list item"
    assert "**md**" in markdown and 'print("**md**")' not in markdown, "hidden source, md output"
    assert "python exec" not in markdown, "no exec fence reaches the Markdown renderer"
    html = fill_slots(markdown, render.slots, "../../")
    assert '<pre class="lg-exec-stdout"><code>hi\n</code></pre>' in html
    assert '<img src="../../livegarden/figures/' in html
    assert '<p class="lg-exec-title">Hidden</p>' in html
    assert "<i>x</i>" in html
    assert "File &quot;AI/Page.md&quot;, line 22, in f" in html
    assert "cached · Test CPU · Python 3.11 · numpy 2" in html
    assert "lg-exec-slot" not in html


def test_one_warning_per_failed_session_at_the_failing_line() -> None:
    plan, done = outcomes(BLOCKS)
    warnings = note_warnings(plan, done)  # type: ignore[arg-type]
    assert [(w.line, w.message) for w in warnings] == [(22, "live code failed: ValueError: no")]


def test_execution_off_shows_code_only(tmp_path: Path) -> None:
    plan, _ = outcomes(BLOCKS)
    render = rewrite_page(BODY, plan, [], tmp_path, executed=False)  # type: ignore[arg-type]
    assert render.slots == {}
    assert 'print("**md**")' in render.markdown, "with nothing run, hidden code is shown"


def test_callout_blocks_stay_in_the_callout_and_comment_fences_are_blanked() -> None:
    note = (
        "%%\n```python\nnot a snippet\n```\n%%\n\n"
        "> [!tip] T\n> ```python exec\n> print(1)\n> ```\n> after\n"
    )
    plan = plan_note("n.md", note)
    (session,) = plan.sessions
    result = SessionResult((BlockResult("ok", stdout="1\n"),), PROVENANCE)
    render = rewrite_page(
        note, plan, [SessionOutcome(session, result, None)], Path(), executed=True
    )
    lines = render.markdown.split("\n")
    assert lines[:5] == ["%%", "", "not a snippet", "", "%%"], "fence lines in the comment blanked"
    callout = lines[lines.index("> [!tip] T") : -1]  # the note ends with a newline
    assert callout[-1] == "> after"
    assert all(line.startswith(">") for line in callout[:-1] if line), callout
    assert '> <div class="lg-exec-slot"' in render.markdown
    (slot,) = render.slots
    page = f'<p><div class="lg-exec-slot" data-lg-slot="{slot}"></div>\n</p>'
    assert fill_slots(page, render.slots, "") == (
        f'<div class="lg-exec-output">{render.slots[slot]}</div>'
    )
