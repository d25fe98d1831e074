"""Screenshots of a few pages in light and dark mode, saved to test-artifacts/ for a human to
look at; the checks here are the ones a screenshot would show at a glance."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PageLog, Served, screenshot, wait_until_settled

BACKGROUND_LUMINANCE = """() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""

GRAPH_INK = """() => [...document.querySelectorAll('.lg-graph canvas')].map(canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
})"""

GARDEN_PAGES = [
    ("", "garden-home"),
    ("maths/matrices/", "garden-matrices"),
    ("garden/graph/", "garden-graph"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_garden(
    garden: Served,
    page_and_log: tuple[Page, PageLog],
    dark_page_and_log: tuple[Page, PageLog],
    scheme: str,
) -> None:
    page, log = page_and_log if scheme == "light" else dark_page_and_log
    for path, name in GARDEN_PAGES:
        page.goto(garden.url(path))
        wait_until_settled(page)
        luminance = page.evaluate(BACKGROUND_LUMINANCE)
        assert (luminance > 0.8) if scheme == "light" else (luminance < 0.25), (name, luminance)
        ink = page.evaluate(GRAPH_INK)
        assert ink and min(ink) > 100, (name, ink)
        assert screenshot(page, f"{name}-{scheme}").stat().st_size > 10_000
    assert log.errors == [] and log.failed == []


def test_screenshots_of_the_repository_vault(
    docs_served: Served, page_and_log: tuple[Page, PageLog], dark_page_and_log: tuple[Page, PageLog]
) -> None:
    """The home page, and the note with the most formulas at its first display formula."""
    formulas = {}
    for path in docs_served.pages():
        html = (docs_served.site_dir / path / "index.html").read_text(encoding="utf-8")
        formulas[path] = html.count('class="arithmatex')
    richest = max(formulas, key=lambda path: formulas[path])
    assert formulas[richest] > 0, "the repository's notes have no math to look at"
    for (page, _), scheme in ((page_and_log, "light"), (dark_page_and_log, "dark")):
        page.goto(docs_served.url(""))
        wait_until_settled(page)
        assert screenshot(page, f"docs-home-{scheme}", full_page=False).stat().st_size > 10_000
        page.goto(docs_served.url(richest))
        wait_until_settled(page)
        page.locator(".md-content mjx-container[display='true']").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -200)")
        page.wait_for_timeout(400)  # the header's title finishes its transition
        shot = screenshot(page, f"docs-math-{scheme}", full_page=False)
        assert shot.stat().st_size > 10_000


NO_SIDEWAYS_SCROLL = """() => document.scrollingElement.scrollWidth <= window.innerWidth + 1"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_at_desktop_and_phone_width(
    docs_served: Served, browser: Browser, width: int, scheme: str
) -> None:
    """Each page's first screen at 1366 px and on a 390 px phone, in both schemes, saved for a
    human to look at; each must be in its scheme and never scroll sideways as a whole."""
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        color_scheme=scheme,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in docs_served.pages():
            page.goto(docs_served.url(path))
            wait_until_settled(page)
            luminance = page.evaluate(BACKGROUND_LUMINANCE)
            assert (luminance > 0.8) if scheme == "light" else (luminance < 0.25), path
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"/{path} scrolls sideways at {width} px"
            name = (path.strip("/").replace("/", "-").replace(" ", "_") or "home").lower()
            screenshot(page, f"every-page/{name}-{width}-{scheme}", full_page=False)
    finally:
        context.close()
    assert errors == []
