"""Exec blocks on the page: source highlighted where the fence was, outputs under it, warnings at
note lines; rendered by the real page renderer from the note's one parse."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from livegarden.execution.engine import NotePlan, SessionOutcome, plan_note
from livegarden.execution.render import note_warnings, placements, snippet_html
from livegarden.execution.results import (
    BlockResult,
    Display,
    ErrorInfo,
    Figure,
    Frame,
    Provenance,
    SessionResult,
)
from livegarden.reading.context import PageContext, Reporter, SiteLinks
from livegarden.reading.highlight import code_html
from livegarden.reading.html import NoteRenderer
from livegarden.reading.parser import NoteParser
from livegarden.vault.frontmatter import parse_frontmatter
from livegarden.vault.note import Note

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


def outcomes(
    blocks: tuple[BlockResult, ...], note: str = NOTE
) -> tuple[NotePlan, list[SessionOutcome]]:
    plan = plan_note("AI/Page.md", note)
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


def render(
    note: str, plan: NotePlan, done: list[SessionOutcome], root: Path, *, executed: bool
) -> str:
    """The page body as the build renders it (no vault around it)."""
    parser = NoteParser()
    renderer = NoteRenderer(parser)
    matter = parse_frontmatter(note)
    by_line = {p.snippet.line: p for p in placements(plan, done).values()}
    context = PageContext(None, None, "AI/Page/", Reporter(), SiteLinks())

    def exec_html(path: str, line: int) -> str | None:
        placed = by_line.get(line)
        if placed is None:
            return None
        return snippet_html(
            placed,
            root,
            code_html,
            lambda text: renderer.render_markdown(text, context),
            executed=executed,
        )

    context.exec_html = exec_html
    context.note = Note("AI/Page.md", "Page", True, "AI/Page/", body_line=matter.body_line)
    tokens = parser.parse(matter.body, matter.body_line)
    return renderer.render_page(context, tokens).html


def test_source_is_highlighted_in_place_and_outputs_follow(tmp_path: Path) -> None:
    plan, done = outcomes(BLOCKS)
    html = render(NOTE, plan, done, tmp_path, executed=True)
    soup = BeautifulSoup(html, "html.parser")
    titled = soup.select_one("div.highlight span.filename")
    assert titled is not None and titled.get_text() == "One"
    assert "python exec" not in html, "no exec fence reaches the page"
    assert '<pre class="lg-exec-stdout"><code>hi\n</code></pre>' in html
    folded = soup.select_one("li details.example")
    assert folded is not None, "folded source stays inside the list item"
    assert folded.summary is not None and folded.summary.get_text() == "Source"
    assert '<img src="{{lg-site-root}}livegarden/figures/' in html
    assert '<p class="lg-exec-title">Hidden</p>' in html
    assert "<strong>md</strong>" in html and 'print("**md**")' not in html, "hidden, md output"
    assert "<i>x</i>" in html
    assert "File &quot;AI/Page.md&quot;, line 22, in f" in html
    assert "cached · Test CPU · Python 3.11 · numpy 2" in html


def test_one_warning_per_failed_session_at_the_failing_line() -> None:
    plan, done = outcomes(BLOCKS)
    warnings = note_warnings(plan, done)
    assert [(w.line, w.message) for w in warnings] == [(22, "live code failed: ValueError: no")]


def test_execution_off_shows_code_only(tmp_path: Path) -> None:
    plan, _ = outcomes(BLOCKS)
    html = render(NOTE, plan, [], tmp_path, executed=False)
    assert "lg-exec-output" not in html
    assert "**md**" in BeautifulSoup(html, "html.parser").get_text(), "nothing run: code shown"


def test_callout_blocks_stay_in_the_callout_and_commented_fences_do_not_exist(
    tmp_path: Path,
) -> None:
    note = (
        "%%\n```python\nnot a snippet\n```\n%%\n\n"
        "> [!tip] T\n> ```python exec\n> print(1)\n> ```\n> after\n"
    )
    plan = plan_note("n.md", note)
    (session,) = plan.sessions
    result = SessionResult((BlockResult("ok", stdout="1\n"),), PROVENANCE)
    html = render(note, plan, [SessionOutcome(session, result, None)], tmp_path, executed=True)
    assert "not a snippet" not in html
    callout = BeautifulSoup(html, "html.parser").select_one("div.admonition.tip")
    assert callout is not None
    assert callout.select_one("div.lg-exec-output pre.lg-exec-stdout") is not None
    assert callout.find_all("p")[-1].get_text() == "after"


def test_a_figure_carries_its_size_and_whether_it_is_line_art() -> None:
    from livegarden.execution.render import figure_html
    from livegarden.execution.results import Figure

    line_art = Figure(
        "image/svg+xml", '<svg width="460.8pt" height="345.6pt"><path/></svg>', "a" * 64
    )
    html = figure_html(line_art, "Figure 1")
    assert 'class="lg-exec-figure lg-figure-lineart"' in html
    assert 'width="614" height="461"' in html and "--lg-natural-width: 614px" in html
    photo = Figure(
        "image/svg+xml", '<svg width="300" height="200"><image href="x"/></svg>', "b" * 64
    )
    assert "lg-figure-raster" in figure_html(photo, "Figure 2")
    png = Figure("image/png", "iVBORw0KGgo=", "c" * 64)
    assert "lg-figure-raster" in figure_html(png, "Figure 3") and "width=" not in figure_html(
        png, "x"
    )


def test_a_raster_figure_is_sized_in_css_pixels_from_its_resolution() -> None:
    import base64
    import io

    from PIL import Image

    from livegarden.execution.render import figure_html
    from livegarden.execution.results import Figure

    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "white").save(buffer, format="PNG", dpi=(150, 150))
    png = Figure("image/png", base64.b64encode(buffer.getvalue()).decode(), "d" * 64)
    html = figure_html(png, "a plot")
    assert 'width="192" height="96"' in html  # 300 px at 150 dpi is 2 inches: 192 CSS px
    assert '<a class="lg-figure-open" href="' in html  # a click enlarges it


def test_alt_text_comes_from_the_option_then_the_figure_then_the_title() -> None:
    from livegarden.execution.render import Placed, _alt
    from livegarden.execution.results import Figure
    from livegarden.execution.snippets import extract_snippets

    def placed(info: str) -> Placed:
        (snippet,) = extract_snippets("note.md", f"```{info}\nprint(1)\n```\n")
        return Placed(snippet, None, 0)

    described = Figure("image/svg+xml", "<svg/>", "e" * 64, alt="loss (x: step)")
    bare = Figure("image/svg+xml", "<svg/>", "f" * 64)
    assert _alt(described, 1, placed('python exec alt="Loss falls"')) == "Loss falls"
    assert _alt(described, 2, placed('python exec alt="Loss falls"')) == "Loss falls (figure 2)"
    assert _alt(described, 1, placed('python exec title="Training"')) == "loss (x: step)"
    assert _alt(bare, 1, placed('python exec title="Training"')) == "Training"
    assert _alt(bare, 3, placed("python exec")).startswith("Figure 3 of the code at line")
