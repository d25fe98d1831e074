"""Hovering an internal link shows the target note's title and opening, typeset, in place."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, screenshot, wait_until_settled

UNDRAWN_GLYPHS = """() => [...document.querySelectorAll('.lg-preview mjx-c')].filter(glyph => {
    const drawn = getComputedStyle(glyph, '::before').content;
    return !drawn || drawn === 'none' || glyph.getBoundingClientRect().width === 0;
}).length"""
GLYPHS = "() => document.querySelectorAll('.lg-preview mjx-c').length"


def test_hovering_a_wikilink_to_a_heading_previews_that_section(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.locator("article a.lg-wikilink", has_text="the characteristic equation").hover()
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    title = preview.locator(".lg-preview__title").inner_text()
    assert title == "Eigenvectors \u203a The characteristic equation"
    preview.locator("mjx-container").first.wait_for()  # its formula is typeset too
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate(GLYPHS) > 5
    assert page.evaluate(UNDRAWN_GLYPHS) == 0, "glyphs not on the home page are drawn too"
    assert "eigenvector of a square" not in preview.inner_text(), "showed the whole page"
    screenshot(page, "preview-light", full_page=False)
    page.mouse.move(5, 5)
    preview.wait_for(state="hidden")
    assert log.errors == [] and log.failed == []


def test_hovering_an_ordinary_link_previews_the_opening_of_the_note(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.locator("article a", has_text="full graph").hover()
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".lg-preview__title").inner_text() == "Graph of notes"
    assert "Every published note is a dot" in preview.inner_text()


def test_a_preview_of_a_page_with_live_code_starts_with_its_prose(
    docs_served: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(docs_served.url(""))
    wait_until_settled(page)
    page.locator("article a.lg-wikilink", has_text="Calculus for Deep Learning").first.hover()
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    body = preview.locator(".lg-preview__body").inner_text()
    assert not body.startswith("Download"), body[:80]
    assert "Jupyter notebook" not in body and "ran at this build ·" not in body
    assert len(body) > 600, "more than a teaser: about a screenful"


LONG_PRESS = """async link => {
    const box = link.getBoundingClientRect();
    const touch = new Touch({identifier: 1, target: link,
                             clientX: box.left + 2, clientY: box.top + 2});
    link.dispatchEvent(new TouchEvent('touchstart', {touches: [touch], changedTouches: [touch],
                                                     bubbles: true, cancelable: true}));
    await new Promise(done => setTimeout(done, 700));
    link.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch],
                                                   bubbles: true, cancelable: true}));
    link.click();  // the click a browser sends when the finger lifts
}"""


def test_a_long_press_previews_on_a_touch_screen_and_a_tap_follows(
    docs_served: Served, phone_page: Page
) -> None:
    page = phone_page
    page.goto(docs_served.url(""))
    wait_until_settled(page)
    link = page.locator("article a.lg-wikilink", has_text="Calculus for Deep Learning").first
    start = page.url
    link.evaluate(LONG_PRESS)
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".lg-preview__title").inner_text() == "Calculus for Deep Learning"
    assert page.url == start, "a long press does not follow the link"
    page.touchscreen.tap(5, 400)  # elsewhere: the preview goes
    preview.wait_for(state="hidden")
    link.tap()
    page.wait_for_url("**/Calculus%20for%20Deep%20Learning/")
