"""Every formula is typeset by the MathJax copy the site ships, also after instant navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, arrive, wait_until_settled

# Visible prose (code, pre and typeset math left out): what a reader reads as text.
PROSE_TEXT = """() => {
    const copy = document.querySelector('article.md-content__inner').cloneNode(true);
    copy.querySelectorAll('pre, code, mjx-container, .lg-graph').forEach(e => e.remove());
    return copy.textContent;
}"""

MATH_STATE = """() => ({
    formulas: document.querySelectorAll('.md-content .arithmatex').length,
    typeset: document.querySelectorAll('.md-content .arithmatex mjx-container').length,
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
    display: document.querySelectorAll('.md-content mjx-container[display="true"]').length,
    in_callout: document.querySelectorAll('.admonition mjx-container[display="true"]').length,
})"""


@pytest.mark.parametrize(
    ("path", "formulas", "display"),
    [
        pytest.param("", 1, 0, id="home-inline"),
        pytest.param("maths/matrices/", 11, 4, id="matrices-matrix-aligned-callout"),
        pytest.param("maths/eigenvectors/", 2, 2, id="eigenvectors-cases"),
    ],
)
def test_every_formula_is_typeset_without_errors(
    garden: Served, page_and_log: tuple[Page, PageLog], path: str, formulas: int, display: int
) -> None:
    page, log = page_and_log
    page.goto(garden.url(path))
    wait_until_settled(page)
    state = page.evaluate(MATH_STATE)
    assert state["formulas"] == formulas, state
    assert state["typeset"] == formulas, state
    assert state["errors"] == [], state
    assert state["display"] == display, state
    assert log.errors == [] and log.failed == []


def test_no_raw_tex_is_left_in_the_prose(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    for path in ("", "maths/matrices/", "maths/eigenvectors/"):
        page.goto(garden.url(path))
        wait_until_settled(page)
        text = page.evaluate(PROSE_TEXT)
        for raw in ("$$", "\\(", "\\[", "\\begin", "_{", "$\\", "$a_"):
            assert raw not in text, (path, raw)
    page.goto(garden.url(""))
    wait_until_settled(page)
    assert "$5 and $10" in page.evaluate(PROSE_TEXT), "an escaped dollar must stay a dollar"


def test_display_math_inside_a_callout_and_without_blank_lines(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url("maths/matrices/"))
    wait_until_settled(page)
    state = page.evaluate(MATH_STATE)
    assert state["in_callout"] == 1, state
    # The matrix right under a line of prose is its own centred block, as in Obsidian.
    matrix = page.locator("mjx-container[display='true']").first
    assert matrix.evaluate("e => getComputedStyle(e).display") == "block"


def test_math_is_typeset_again_after_instant_navigation(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.evaluate("window.__same_document = true")
    page.locator("article a.lg-wikilink", has_text="Matrices").first.click()
    arrive(page, "**/maths/matrices/", "Matrices")
    wait_until_settled(page)
    assert page.evaluate("window.__same_document === true"), "instant navigation reloaded"
    state = page.evaluate(MATH_STATE)
    assert state["formulas"] == 11 and state["typeset"] == 11, state
    assert log.errors == [] and log.failed == []


# What a reader sees of each formula: the drawn size of every glyph (CHTML draws a glyph with
# a CSS rule; a glyph whose rule is missing is invisible and has no width), per formula.
GLYPH_BOXES = """() => [...document.querySelectorAll('.md-content mjx-container')].map(
    formula => [...formula.querySelectorAll('mjx-c')].map(glyph => {
        const box = glyph.getBoundingClientRect();
        const size = value => Math.round(value * 4) / 4;
        return `${glyph.className}:${size(box.width)}x${size(box.height)}`;
    }).join(' ')
)"""


def math_pages(served: Served) -> list[str]:
    """Pages with a formula (redirect pages for aliases left out)."""
    found = []
    for path in served.pages():
        html = (served.site_dir / path / "index.html").read_text(encoding="utf-8")
        if 'class="arithmatex"' in html and 'http-equiv="refresh"' not in html:
            found.append(path)
    return found


def test_every_math_page_looks_the_same_reached_directly_or_by_instant_navigation(
    docs_served: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    pages = math_pages(docs_served)
    assert len(pages) >= 4, pages
    for number, path in enumerate(pages):
        page.goto(docs_served.url(path))
        wait_until_settled(page, network_idle=True)
        direct = page.evaluate(GLYPH_BOXES)
        assert direct, path
        before = pages[number - 1]  # another math page, its glyphs already in MathJax's cache
        page.goto(docs_served.url(before))
        wait_until_settled(page, network_idle=True)
        page.evaluate("window.__same_document = true")
        page.evaluate(
            """url => { const link = document.createElement('a');
                        link.href = url; link.id = 'lg-test-link'; link.textContent = 'go';
                        document.querySelector('article').prepend(link); }""",
            docs_served.url(path),
        )
        page.locator("#lg-test-link").click()  # a reader's click: instant navigation takes it
        page.wait_for_url(docs_served.url(path))
        page.wait_for_function(
            f"() => document.querySelectorAll('.md-content mjx-container').length === {len(direct)}"
        )
        wait_until_settled(page, network_idle=True)
        assert page.evaluate("window.__same_document === true"), "instant navigation reloaded"
        navigated = page.evaluate(GLYPH_BOXES)
        differing = [n for n, (a, b) in enumerate(zip(direct, navigated, strict=True)) if a != b]
        assert not differing, (
            path,
            "from",
            before,
            len(differing),
            "of",
            len(direct),
            "formulas differ",
        )
    assert log.errors == [], log.errors
