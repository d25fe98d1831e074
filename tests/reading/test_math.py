"""Display math reaches the renderer intact wherever Obsidian accepts it."""

from __future__ import annotations

import pytest

from livegarden.reading.html import render_standalone


def render(source: str) -> str:
    return render_standalone(source)


DISPLAY = '<span class="arithmatex lg-display" data-search-exclude>'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "Before\n$$\nx_1 * y_2\n$$\nafter",
            DISPLAY + r"\[x_1 * y_2\]</span>",
            id="no-blank-lines",
        ),
        pytest.param("see $$E=mc^2$$ here", DISPLAY + r"\[E=mc^2\]</span>", id="mid-line"),
        pytest.param(
            "> [!note]\n> text\n> $$a \\\\ b$$",
            DISPLAY + r"\[a \\ b\]</span>",
            id="in-a-quote-keeps-double-backslash",
        ),
        pytest.param(
            "> [!note] Callout\n> text\n> $$\n"
            "> \\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n> $$",
            DISPLAY + r"\[\begin{aligned} a &amp;= b \\ c &amp;= d \end{aligned}\]</span>",
            id="aligned-in-callout",
        ),
        pytest.param(
            "a $$ x \\text{cost $5} $$ b",
            DISPLAY + r"\[x \text{cost $5}\]</span>",
            id="dollar-inside-text",
        ),
        pytest.param(
            "$$\n\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}\n$$ and text",
            DISPLAY + r"\[\begin{bmatrix} 1 &amp; 0 \\ 0 &amp; 1 \end{bmatrix}\]</span>",
            id="matrix-then-text",
        ),
        pytest.param(
            "Text\n\n$$\nx_i\n$$\n\nText",
            '<div class="arithmatex" data-search-exclude>\\[x_i\\]</div>',
            id="block-alone",
        ),
        pytest.param(
            "inline $a_i * b_i$ stays inline",
            r'<span class="arithmatex" data-search-exclude>\(a_i * b_i\)</span>',
            id="inline-dollars",
        ),
    ],
)
def test_math_reaches_the_renderer_intact(source: str, expected: str) -> None:
    html = render(source)
    assert expected in html
    assert "<em>" not in html and "<strong>" not in html


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        pytest.param("`$$x_1$$` in code", "<code>$$x_1$$</code>", id="code-span"),
        pytest.param("```\n$$x_1$$\n```", "$$x_1$$", id="fenced-code"),
        pytest.param(r"price \$\$5 and \$\$6", "$$5 and $$6", id="escaped-dollars"),
    ],
)
def test_what_is_not_math_stays_text(source: str, kept: str) -> None:
    html = render(source)
    assert kept in html
    assert "arithmatex" not in html
